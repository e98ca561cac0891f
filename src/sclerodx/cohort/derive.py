"""Raw registry columns to the cohort feature table, vectorised in polars.

The per-case engines derive their inputs from a :class:`~sclerodx.case.Case`
(:func:`~sclerodx.criteria.motor_regions.motor_region_evidence`,
:func:`~sclerodx.criteria.attacks.attack_summary`,
:func:`~sclerodx.criteria.dissemination.mri_evidence`,
:func:`~sclerodx.criteria.ms_features.ms_evidence`,
:func:`~sclerodx.differential.findings.observe`); this module derives the same quantities
from the raw layout (:mod:`sclerodx.cohort.layout`) as polars expressions, one per derived
quantity and named after the per-case function it mirrors, so that a change of an engine
maps to a change of one expression here. Every threshold is imported from the engine
that defines it. The result has the columns of
:func:`sclerodx.cohort.features.feature_columns` (what
:func:`~sclerodx.cohort.criteria_batch.evaluate_criteria_batch`, which gives category and
status through the criteria specifications, and
:func:`~sclerodx.cohort.differential_batch.evaluate_differential_batch` read).

Three-valued findings are nullable booleans (null = unknown), as in the case model; the
feature table holds region columns as 1/0/-1, plain booleans, and finding state codes
(int16: a grouped region finding has hundreds of states; -1 unknown).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from sclerodx.anatomy import REGIONS, Region
from sclerodx.biomarkers.cutoffs import MOG_IGG_CLEAR_POSITIVE, Cutoff
from sclerodx.case import CNSSystem, CoursePattern, NeurofilamentLevel, OCBPattern
from sclerodx.cohort.features import FINDING_PREFIX, feature_columns
from sclerodx.cohort.layout import ATTACK_SLOTS, MIRNA_SLOTS, MRI_SLOTS, RAW_COLUMNS, EMGRegionSummary
from sclerodx.criteria.attacks import ATTACK_SEPARATION_DAYS
from sclerodx.criteria.dissemination import OCT_GCIPL_INTER_EYE_UM, OCT_PRNFL_INTER_EYE_UM
from sclerodx.criteria.exclusions import MOG_DIAGNOSTIC_TITRE, SBMA_MIN_CAG_REPEATS
from sclerodx.criteria.motor_regions import LIMB_REGIONS
from sclerodx.criteria.ms_features import CVS_SELECT_N, KFLC_INDEX_POSITIVE
from sclerodx.criteria.timeline import DAYS_PER_YEAR
from sclerodx.differential.batch import UNKNOWN_STATE, packaged_table
from sclerodx.differential.findings import (
    _CSF_NFL,  # the engine's own cut-off objects and patterns, so each is defined once
    _MIR181,
    _SERUM_NFL,
    AFFECTED_RELATIVE_FIELDS,
    AR_CAG_EXPANDED_MIN,
    AR_CAG_NORMAL_MAX,
    CK_HIGH_U_PER_L,
    CK_UPPER_NORMAL_U_PER_L,
    CSF_CELLS_RED_FLAG_PER_UL,
    CVS_SELECT6_MIN_LESIONS,
    DURATION_EDGES_YEARS,
    FINDING_PARTS,
    LETM_MIN_SEGMENTS,
    LMN_EXAMINED_PARTS,
    LMN_PARTS,
    MIRNA_FOLD_DOWN,
    MIRNA_FOLD_UP,
    WEAKNESS_ORIGIN_STATES,
    region_finding,
)
from sclerodx.differential.findings import (
    REGIONS as FINDING_REGIONS,
)
from sclerodx.differential.priors import FEMALE, MALE, SEX_UNKNOWN

Expr = pl.Expr
RV = [r.value for r in REGIONS]
_PROGRESSIVE = (CoursePattern.PROGRESSIVE_FROM_ONSET.value, CoursePattern.SECONDARY_PROGRESSIVE.value)
_NON_PROGRESSIVE = (CoursePattern.MONOPHASIC.value, CoursePattern.FIRST_ATTACK.value)
_NEUROGENIC = [EMGRegionSummary.LMN_FIBRILLATIONS.value, EMGRegionSummary.LMN_FASCICULATIONS.value]
_PPMS = CoursePattern.PROGRESSIVE_FROM_ONSET.value
_INTRATHECAL = [p.value for p in OCBPattern if p.intrathecal]
_ACTIVE_DENERVATION = [EMGRegionSummary.DENERVATION_ONLY.value, EMGRegionSummary.LMN_FIBRILLATIONS.value]
_BRAIN_AREAS = ("periventricular", "cortical_juxtacortical", "infratentorial")
_AREAS_2017 = (*_BRAIN_AREAS, "spinal_cord")
_LESION_COLUMNS = (
    "periventricular",
    "cortical_juxtacortical",
    "infratentorial",
    "spinal_cord",
    "optic_nerve",
    "other",
)
#: Findings of the evidence table the raw layout holds no column for (always unknown).
NOT_IN_LAYOUT: frozenset[str] = frozenset()


def c(name: str) -> Expr:
    return pl.col(name)


def true(e: Expr) -> Expr:
    """A three-valued boolean read as "recorded True" (null -> False)."""
    return e.fill_null(False)


def three(is_true: Expr, known: Expr) -> Expr:
    """True where ``is_true``, False where only ``known``, else null (unknown)."""
    return pl.when(is_true).then(True).when(known).then(False).otherwise(None)


def any_of(exprs: list[Expr]) -> Expr:
    return pl.any_horizontal([true(e) for e in exprs])


def n_true(exprs: list[Expr]) -> Expr:
    return pl.sum_horizontal([true(e).cast(pl.Int64) for e in exprs])


# --------------------------------------------------------------------------- time line (criteria.timeline)

_DATE_COLUMNS = (
    "symptom_onset",
    "progression_onset",
    *(f"attack_{k}_date" for k in range(1, ATTACK_SLOTS + 1)),
    *(f"mri_{k}_date" for k in range(1, MRI_SLOTS + 1)),
    "csf_date",
    "serum_date",
)


def reference_date() -> Expr:
    """``Case.reference_date``: the assessment date, else the latest date of the row."""
    return pl.coalesce(c("assessment_date"), pl.max_horizontal([c(n) for n in _DATE_COLUMNS]))


def years_since(start: Expr) -> Expr:
    """``timeline.years_since`` (null when either date is unknown)."""
    return (c("_ref") - start).dt.total_days() / DAYS_PER_YEAR


# --------------------------------------------------------------------------- motor_regions


def umn(r: str) -> Expr:
    """``motor_regions._umn``: any UMN sign of the region."""
    return c(f"umn_{r}")


def myopathic_region(r: str) -> Expr:
    """``r in MotorRegionEvidence.myopathic_regions``.

    The registry's ``emg_myopathic`` flag sits on the first EMG muscle of the row (the
    first region with an EMG summary, as :func:`sclerodx.cohort.cases.row_to_case` places
    it); the region is myopathic when no muscle there shows chronic neurogenic change.
    """
    first = c(f"emg_{r}").is_not_null() & ~pl.any_horizontal(
        [pl.lit(False), *(c(f"emg_{q}").is_not_null() for q in RV[: RV.index(r)])]
    )
    neurogenic = c(f"emg_{r}").is_in(_NEUROGENIC).fill_null(False)
    return first & true(c("emg_myopathic")) & ~neurogenic


def reflexes_reduced(r: str) -> Expr:
    """Reduced reflexes of a region (the layout has none for the bulbar region: unknown)."""
    name = f"reflexes_reduced_{r}"
    return c(name) if name in RAW_COLUMNS else pl.lit(None, dtype=pl.Boolean)


def _lmn_examined(r: str) -> Expr:
    """``RegionExam.examined(LMN_SIGNS)``."""
    signs = [c(f"{s}_{r}") for s in ("weakness", "atrophy", "fasciculations")] + [reflexes_reduced(r)]
    return pl.any_horizontal([s.is_not_null() for s in signs])


def lmn_weakness(r: str) -> Expr:
    """``RegionExam.lmn_weakness``: weakness not attributed to UMN or muscle disease."""
    origin = c(f"weakness_origin_{r}")
    return true(c(f"weakness_{r}")) & (origin.is_null() | origin.eq_missing("lmn"))


def myopathic_weakness(r: str) -> Expr:
    """``RegionExam.weakness_origin == "myopathic"``."""
    return c(f"weakness_origin_{r}").eq_missing("myopathic")


def lmn_reec(r: str) -> Expr:
    """``motor_regions._lmn_reec``: wasting, or LMN weakness with fasciculations, outside a
    myopathic region and unless the weakness is recorded myopathic."""
    a, f = c(f"atrophy_{r}"), c(f"fasciculations_{r}")
    allowed = ~c(f"_myo_{r}") & ~myopathic_weakness(r)
    return three(allowed & (true(a) | (lmn_weakness(r) & true(f))), _lmn_examined(r))


def lmn_gold_coast(r: str) -> Expr:
    """``motor_regions._lmn_gold_coast``: LMN weakness and wasting, outside a myopathic region."""
    return three(~c(f"_myo_{r}") & lmn_weakness(r) & true(c(f"atrophy_{r}")), _lmn_examined(r))


def lmn_emg_reec(r: str) -> Expr:
    """``motor_regions._emg_region`` with fibrillations/PSW as active denervation."""
    emg = c(f"emg_{r}")
    return three(emg.eq_missing(EMGRegionSummary.LMN_FIBRILLATIONS.value), emg.is_not_null())


def lmn_emg_awaji(r: str) -> Expr:
    """``motor_regions._emg_region`` with fibrillations/PSW or fasciculation potentials."""
    emg = c(f"emg_{r}")
    return three(
        emg.is_in(_NEUROGENIC).fill_null(False),
        emg.is_not_null(),
    )


def emg_neurogenic(r: str) -> Expr:
    """``findings._emg_neurogenic``: neurogenic change in any muscle of the region, i.e. an
    LMN summary, or fibrillations without the LMN region rule (``denervation_only``) unless
    the fibrillating muscle is the row's myopathic one (``_myo_{r}``)."""
    emg = c(f"emg_{r}")
    denervation = emg.eq_missing(EMGRegionSummary.DENERVATION_ONLY.value) & ~c(f"_myo_{r}")
    return three(emg.is_in(_NEUROGENIC).fill_null(False) | denervation, emg.is_not_null())


def active_denervation() -> Expr:
    """``MotorRegionEvidence.active_denervation_muscles`` is not empty."""
    return pl.any_horizontal([c(f"emg_{r}").is_in(_ACTIVE_DENERVATION).fill_null(False) for r in RV])


def combine(a: Expr, b: Expr) -> Expr:
    """``motor_regions.combine``: region-wise OR of two three-valued maps."""
    return three(true(a) | true(b), a.is_not_null() & b.is_not_null())


# --------------------------------------------------------------------------- attacks


def _qualifying(k: int) -> Expr:
    """``attacks._exclusion_reason`` is None: a dated attack without fever or infection."""
    return c(f"attack_{k}_date").is_not_null() & c(f"attack_{k}_fever").ne_missing(True)


def _evidence(k: int) -> Expr:
    return c(f"attack_{k}_evidence").fill_null("reported")


_SLOTS = range(1, ATTACK_SLOTS + 1)


def _first_of_kind(member: Callable[[int], Expr], same: Callable[[int, int], Expr]) -> list[Expr]:
    """Per slot: a member with no earlier member equal to it (to count distinct values without lists)."""
    return [
        member(k)
        & ~pl.any_horizontal(
            [pl.lit(False), *((member(j) & same(j, k)).fill_null(False) for j in _SLOTS if j < k)]
        )
        for k in _SLOTS
    ]


def n_attacks() -> Expr:
    """``AttackSummary.n_attacks``: onsets less than 30 days apart are one attack.

    In onset order an attack starts where the previous qualifying onset is >= 30 days
    earlier: slot ``k`` starts one unless another qualifying onset lies less than 30 days
    before it, or on the same day in an earlier slot (the stable sort's order).
    """
    day = {k: c(f"attack_{k}_date").cast(pl.Int32) for k in _SLOTS}

    def joined(j: int, k: int) -> Expr:
        gap = day[k] - day[j]
        return ((gap > 0) & (gap < ATTACK_SEPARATION_DAYS)) | ((gap == 0) & (j < k))

    starts = [
        _qualifying(k)
        & ~pl.any_horizontal([(_qualifying(j) & joined(j, k)).fill_null(False) for j in _SLOTS if j != k])
        for k in _SLOTS
    ]
    return n_true(starts)


def _objective(k: int) -> Expr:
    return _qualifying(k) & (_evidence(k) == "objective")


def _same_site(j: int, k: int) -> Expr:
    return (c(f"attack_{j}_system") == c(f"attack_{k}_system")) & c(f"attack_{j}_side").eq_missing(
        c(f"attack_{k}_side")
    )


def n_objective_lesions() -> Expr:
    """``AttackSummary.n_objective_lesions``: distinct (system, side) of objective attacks."""
    return n_true(_first_of_kind(_objective, _same_site))


def historical_prior_attack() -> Expr:
    """``AttackSummary.historical_prior_attack``: historical attack in a system no objective one hit."""

    def objective_in_same_system(k: int) -> Expr:
        return pl.any_horizontal(
            [
                (_objective(j) & (c(f"attack_{j}_system") == c(f"attack_{k}_system"))).fill_null(False)
                for j in _SLOTS
            ]
        )

    return pl.any_horizontal(
        [
            (_qualifying(k) & (_evidence(k) == "historical") & ~objective_in_same_system(k)).fill_null(False)
            for k in _SLOTS
        ]
    )


def n_attack_systems() -> Expr:
    """``len(AttackSummary.attack_systems)``."""
    return n_true(
        _first_of_kind(_qualifying, lambda j, k: c(f"attack_{j}_system") == c(f"attack_{k}_system"))
    )


def progressive_course() -> Expr:
    """``AttackSummary.progressive_course``."""
    pattern = c("course_pattern")
    return pattern.eq_missing(_PPMS) | (pattern.is_null() & c("progression_onset").is_not_null())


def progression_years() -> Expr:
    """``AttackSummary.progression_years``: from progression onset, or symptom onset in PPMS."""
    start = pl.coalesce(
        c("progression_onset"), pl.when(c("course_pattern").eq_missing(_PPMS)).then(c("symptom_onset"))
    )
    return years_since(start)


# --------------------------------------------------------------------------- dissemination (mri_evidence)

_STUDIES = range(1, MRI_SLOTS + 1)


def _m(k: int, suffix: str) -> Expr:
    return c(f"mri_{k}_{suffix}")


def _study(k: int) -> Expr:
    return _m(k, "date").is_not_null()


def lesion_total(k: int) -> Expr:
    """Lesions listed on study ``k``."""
    return pl.sum_horizontal([_m(k, f"lesions_{a}").fill_null(0) for a in _LESION_COLUMNS])


def area(name: str) -> Expr:
    """``MRIEvidence.area_evidence[area]`` is not empty (lesions of all studies pooled)."""
    lesions = pl.any_horizontal([(_m(k, f"lesions_{name}").fill_null(0) > 0) for k in _STUDIES])
    if name != "optic_nerve":
        return lesions
    return (
        lesions
        | (c("oct_inter_eye_prnfl_um").fill_null(0) >= OCT_PRNFL_INTER_EYE_UM)
        | (c("oct_inter_eye_gcipl_um").fill_null(0) >= OCT_GCIPL_INTER_EYE_UM)
        | true(c("vep_delayed"))
    )


def imaged(flag: str) -> Expr:
    """Some study imaged the region (else its areas are in ``MRIEvidence.unimaged_areas``)."""
    return pl.any_horizontal([true(_m(k, flag)) for k in _STUDIES])


def n_spinal_lesions() -> Expr:
    """``MRIEvidence.n_spinal_lesions``: the largest count on one study."""
    return pl.max_horizontal([_m(k, "lesions_spinal_cord").fill_null(0) for k in _STUDIES]).cast(pl.Int64)


def simultaneous_enhancing() -> Expr:
    """``dissemination._simultaneous``: enhancing and non-enhancing lesions on one study."""
    found = pl.any_horizontal(
        [
            (
                true(_m(k, "gadolinium"))
                & (_m(k, "enhancing").fill_null(0) >= 1)
                & (c(f"_total_{k}") - _m(k, "enhancing") >= 1)
            ).fill_null(False)
            for k in _STUDIES
        ]
    )
    return three(found, pl.any_horizontal([true(_m(k, "gadolinium")) for k in _STUDIES]))


def new_lesion() -> Expr:
    """``dissemination._new_lesion``: a new/enlarging lesion, assessed with >= 2 studies or a non-new one."""
    found = pl.any_horizontal([_m(k, "new").fill_null(0) >= 1 for k in _STUDIES])
    non_new = pl.any_horizontal([(c(f"_total_{k}") - _m(k, "new") >= 1).fill_null(False) for k in _STUDIES])
    n_studies = pl.sum_horizontal([_study(k).cast(pl.Int64) for k in _STUDIES])
    return three(found, (n_studies >= 2) | non_new)


def dit() -> Expr:
    """``MRIEvidence.dit``."""
    sim, new = c("_simultaneous"), c("_new_lesion")
    return three(true(sim) | true(new), sim.eq_missing(False) | new.eq_missing(False))


def max_count(flag: str) -> Expr:
    """``dissemination._max_count``: the most lesions with the property on one study (null: none assessed)."""
    return pl.max_horizontal(
        [pl.when(_m(k, flag).is_not_null() & (c(f"_total_{k}") >= 1)).then(_m(k, flag)) for k in _STUDIES]
    )


# --------------------------------------------------------------------------- exclusions and gates


def sbma_alternative() -> Expr:
    """``exclusions.als_alternatives``: AR CAG >= 38 in a patient not recorded female."""
    return (c("ar_cag_repeats").fill_null(0) >= SBMA_MIN_CAG_REPEATS) & c("sex").ne_missing("female")


def ms_alternative() -> Expr:
    """``exclusions.ms_alternatives``: AQP4-IgG (cell-based or unstated assay) or MOG-IgG >= 1:100."""
    aqp4 = c("aqp4_igg").eq_missing("positive") & (
        c("aqp4_igg_assay").is_null() | c("aqp4_igg_assay").eq_missing("cell_based")
    )
    mog = c("mog_igg").eq_missing("positive") & (c("mog_igg_titer").fill_null(0) >= MOG_DIAGNOSTIC_TITRE)
    return aqp4 | mog


def gate(value: Expr) -> Expr:
    """``als_categories.gate``: 1 true, 0 false, -1 unknown."""
    return value.cast(pl.Int8).fill_null(-1)


def progression_gate() -> Expr:
    """``evidence.progression_gate``: recorded, else implied by the course (progressive or not)."""
    recorded = c("progressive_motor_impairment")
    pattern = c("course_pattern")
    implied = (
        pl.when(pattern.is_in(_PROGRESSIVE)).then(True).when(pattern.is_in(_NON_PROGRESSIVE)).then(False)
    )
    return gate(pl.coalesce(recorded, implied))


def _ibm_pattern() -> Expr:
    return true(c("finger_flexor_weakness")) & true(c("knee_extensor_weakness"))


def ibm_alternative() -> Expr:
    """``exclusions.als_alternatives``: the IBM pattern with needle EMG and no neurogenic change on it,
    or a biopsy with rimmed vacuoles and inflammation."""
    neurogenic = pl.any_horizontal([c(f"emg_{r}").is_in(_NEUROGENIC).fill_null(False) for r in RV])
    emg = pl.any_horizontal([c(f"emg_{r}").is_not_null() for r in RV])
    biopsy = true(c("biopsy_rimmed_vacuoles")) & true(c("biopsy_inflammation"))
    return (_ibm_pattern() & emg & ~neurogenic) | biopsy


def ibm_open_question() -> Expr:
    """``exclusions.als_open_questions``: the IBM pattern with neither needle EMG nor biopsy recorded."""
    studied = pl.any_horizontal([c(f"emg_{r}").is_not_null() for r in RV]) | pl.any_horizontal(
        [c(f"biopsy_{n}").is_not_null() for n in ("rimmed_vacuoles", "inflammation", "neurogenic")])
    return _ibm_pattern() & ~studied


def als_exclusion() -> Expr:
    """``exclusions.exclusion_gate``: False when a mimic is documented (SBMA, myopathic EMG or
    weakness, the IBM pattern), else the clinician's statement."""
    myopathic = [c(f"_myo_{r}") | myopathic_weakness(r) for r in RV]
    documented = sbma_alternative() | ibm_alternative() | pl.any_horizontal(myopathic)
    return gate(pl.when(documented).then(False).otherwise(c("other_causes_excluded")))


def ms_excluded_false() -> Expr:
    """``exclusion_gate(case, ms_alternatives(case)) is False``."""
    return ms_alternative() | c("other_causes_excluded").eq_missing(False)


# --------------------------------------------------------------------------- differential findings (observe)

_TABLE = packaged_table()


def state(finding: str, name: str) -> Expr:
    """The code of a finding state in the packaged evidence table."""
    column = _TABLE.column(finding)
    return pl.lit(_TABLE.states[column].index(name), dtype=pl.Int8)


def _flag(finding: str, value: Expr, states: tuple[str, str]) -> Expr:
    """``findings._flag``."""
    return (
        pl.when(value)
        .then(state(finding, states[1]))
        .when(value.is_not_null())
        .then(state(finding, states[0]))
    )


def _present(finding: str, value: Expr) -> Expr:
    return _flag(finding, value, _TABLE.states[_TABLE.column(finding)])  # type: ignore[arg-type]


def _by_count(finding: str, count: Expr, names: tuple[str, ...]) -> Expr:
    """State ``names[i]`` for a count of ``i``, the last state from ``len(names) - 1`` up."""
    expr: Any = pl.when(count >= len(names) - 1).then(state(finding, names[-1]))
    for i, name in enumerate(names[:-1]):
        expr = expr.when(count == i).then(state(finding, name))
    out: Expr = expr
    return out


def course() -> Expr:
    """``findings._course``."""
    pattern = c("course_pattern")
    f = "course"
    attacks = c("_n_attacks")
    progressive = true(c("progressive_motor_impairment")) | c("progression_onset").is_not_null()
    return (
        pl.when(pattern == "relapsing_remitting")
        .then(state(f, "relapsing"))
        .when(pattern.is_in(_NON_PROGRESSIVE))
        .then(state(f, "single_attack"))
        .when(pattern == "progressive_from_onset")
        .then(state(f, "progressive"))
        .when(pattern == "secondary_progressive")
        .then(state(f, "relapsing_then_progressive"))
        .when((attacks > 0) & progressive)
        .then(state(f, "relapsing_then_progressive"))
        .when(attacks >= 2)
        .then(state(f, "relapsing"))
        .when(attacks == 1)
        .then(state(f, "single_attack"))
        .when(progressive)
        .then(state(f, "progressive"))
    )


def grouped(finding: str, parts: list[Expr]) -> Expr:
    """``findings._grouped``: the index of the known/unknown pattern among ``part_patterns``.

    ``part_patterns`` enumerates (absent, present, unknown) per part, the first part most
    significant, without the all-unknown pattern (the last): the index is the pattern's
    base-3 number, and all parts unknown is the unknown state.
    """
    assert len(parts) == len(FINDING_PARTS[finding]), finding
    code: Expr = pl.lit(0, dtype=pl.Int32)
    for part in parts:
        digit = pl.when(part).then(1).when(part.is_not_null()).then(0).otherwise(2)
        code = code * 3 + digit
    return pl.when(pl.any_horizontal([p.is_not_null() for p in parts])).then(code)


def region_parts(r: str) -> dict[str, Expr]:
    """``findings._region_parts``: UMN signs, wasting, fasciculations, weakness (bulbar: also
    dysarthria or dysphagia), reduced reflexes and EMG neurogenic change
    (:func:`emg_neurogenic`) of one region, the parts of its grouped finding only."""
    weakness = c(f"weakness_{r}")
    if r == Region.BULBAR.value:
        symptoms = [weakness, c("dysarthria"), c("dysphagia")]
        weakness = three(any_of(symptoms), pl.any_horizontal([s.is_not_null() for s in symptoms]))
    values = {
        "umn_signs": c(f"umn_{r}"),
        "wasting": c(f"atrophy_{r}"),
        "fasciculations": c(f"fasciculations_{r}"),
        "weakness": weakness,
        "reflexes_reduced": reflexes_reduced(r),
        "emg_neurogenic": c(f"_emg_neurogenic_{r}"),
    }
    return {p: values[p] for p in FINDING_PARTS[f"region_{r}"]}


def region(r: str) -> Expr:
    """``findings._region``: the pattern of the region's parts (:func:`region_parts`)."""
    parts = region_parts(r)
    return grouped(f"region_{r}", list(parts.values()))


def pure_umn() -> Expr:
    """``findings.pure_umn_syndrome``: UMN signs somewhere, no LMN part present anywhere, and every
    region with UMN signs examined for LMN signs (an LMN-examined part recorded absent)."""
    regions = [region_parts(r.value) for r in FINDING_REGIONS]
    umn = [parts["umn_signs"].eq_missing(True) for parts in regions]
    lmn = [parts[p].eq_missing(True) for parts in regions for p in LMN_PARTS if p in parts]
    examined = [~u | pl.any_horizontal([parts[p].eq_missing(False) for p in LMN_EXAMINED_PARTS if p in parts])
                for u, parts in zip(umn, regions, strict=True)]
    return pl.any_horizontal(umn) & ~pl.any_horizontal(lmn) & pl.all_horizontal(examined)


def weakness_origin() -> Expr:
    """``findings._weakness_origin``: myopathic in any region, else LMN, else UMN (an
    attribution counts unless weakness is recorded absent)."""
    f = "weakness_origin"
    given = [pl.when(c(f"weakness_{r}").ne_missing(False)).then(c(f"weakness_origin_{r}")) for r in RV]
    expr: Any = pl
    for name in reversed(WEAKNESS_ORIGIN_STATES):
        expr = expr.when(pl.any_horizontal([g.eq_missing(name) for g in given])).then(state(f, name))
    out: Expr = expr
    return out


def weakness_symmetry() -> Expr:
    """``findings._weakness_symmetry``: the examiner's reading, unknown when every limb region
    records weakness absent."""
    f = "weakness_symmetry"
    symmetry = c(f)
    limbs = ("cervical", "lumbosacral")
    no_weakness = pl.all_horizontal([c(f"weakness_{r}").eq_missing(False) for r in limbs])
    expr: Any = pl
    for name in _TABLE.states[_TABLE.column(f)]:
        expr = expr.when(symmetry.eq_missing(name) & ~no_weakness).then(state(f, name))
    out: Expr = expr
    return out


def nerve_conduction() -> Expr:
    """``findings._nerve_conduction``: motor conduction block (probable or definite),
    reduced sensory responses, whether the block is definite, demyelinating features."""
    block, response = c("ncs_conduction_block"), c("ncs_sensory_response")
    return grouped(
        "nerve_conduction",
        [
            pl.when(block.is_not_null()).then(block != "none"),
            pl.when(response.is_not_null()).then(response != "normal"),
            pl.when(block.is_not_null()).then(block == "definite"),
            c("ncs_demyelinating"),
        ],
    )


def optic_neuritis() -> Expr:
    """``findings._optic_neuritis``: two or more optic-nerve episodes or a bilateral one,
    else one episode or optic neuritis on examination."""
    optic = [
        c(f"attack_{k}_date").is_not_null() & c(f"attack_{k}_system").eq_missing(CNSSystem.OPTIC_NERVE.value)
        for k in _SLOTS
    ]
    bilateral = pl.any_horizontal(
        [o & c(f"attack_{k}_side").eq_missing("bilateral") for k, o in zip(_SLOTS, optic, strict=True)]
    )
    episodes = pl.sum_horizontal([o.cast(pl.Int64) for o in optic])
    exam = c("optic_neuritis")
    f = "optic_neuritis"
    return (
        pl.when((episodes >= 2) | bilateral)
        .then(state(f, "bilateral_or_recurrent"))
        .when((episodes >= 1) | true(exam))
        .then(state(f, "single"))
        .when(exam.is_not_null())
        .then(state(f, "absent"))
    )


def optic_neuritis_bilateral() -> Expr:
    """``findings._optic_neuritis_bilateral``: a bilateral optic-nerve attack, else two or more
    optic-nerve attacks whose sides are all known."""
    optic = [
        c(f"attack_{k}_date").is_not_null() & c(f"attack_{k}_system").eq_missing(CNSSystem.OPTIC_NERVE.value)
        for k in _SLOTS
    ]
    sides = [c(f"attack_{k}_side") for k in _SLOTS]
    bilateral = pl.any_horizontal([o & s.eq_missing("bilateral") for o, s in zip(optic, sides, strict=True)])
    episodes = pl.sum_horizontal([o.cast(pl.Int64) for o in optic])
    all_sided = pl.all_horizontal([~o | s.is_not_null() for o, s in zip(optic, sides, strict=True)])
    f = "optic_neuritis_bilateral"
    return (
        pl.when(bilateral)
        .then(state(f, "present"))
        .when((episodes >= 2) & all_sided)
        .then(state(f, "absent"))
    )


def ibm_pattern() -> Expr:
    """``findings._ibm_pattern``."""
    values = [c("finger_flexor_weakness"), c("knee_extensor_weakness")]
    known = pl.any_horizontal([v.is_not_null() for v in values])
    return pl.when(known).then(_by_count("ibm_pattern", n_true(values), ("neither", "one", "both")))


def ck() -> Expr:
    """``findings._ck``."""
    value = c("serum_ck_u_per_l")
    return (
        pl.when(value > CK_HIGH_U_PER_L)
        .then(state("ck", "high"))
        .when(value > CK_UPPER_NORMAL_U_PER_L)
        .then(state("ck", "raised"))
        .when(value.is_not_null())
        .then(state("ck", "normal"))
    )


def emg_myopathic() -> Expr:
    """``findings._emg_myopathic`` (the flag sits on a muscle of a studied region)."""
    studied = pl.any_horizontal([c(f"emg_{r}").is_not_null() for r in RV])
    return _present("emg_myopathic", pl.when(studied).then(c("emg_myopathic")))


def brain_mri() -> Expr:
    """``findings._brain_mri``: unknown when no study imaged the brain."""
    count = n_true([c(f"_area_{a}") for a in _BRAIN_AREAS])
    return pl.when(imaged("imaged_brain")).then(
        _by_count("brain_mri", count, ("none", "one_area", "two_or_more_areas"))
    )


def spinal_mri() -> Expr:
    """``findings._spinal_mri``: unknown when no study imaged the cord."""
    f = "spinal_mri"
    long = pl.any_horizontal(
        [_m(k, "cord_lesion_segments").fill_null(0) >= LETM_MIN_SEGMENTS for k in _STUDIES]
    )
    return (
        pl.when(~imaged("imaged_cord"))
        .then(None)
        .when(long)
        .then(state(f, "longitudinally_extensive_lesion"))
        .when(c("_area_spinal_cord"))
        .then(state(f, "short_lesion"))
        .otherwise(state(f, "normal"))
    )


def cord_compression() -> Expr:
    """``findings._cord_compression``."""
    values = [_m(k, "cord_compression") for k in _STUDIES]
    return _present(
        "cord_compression", three(any_of(values), pl.any_horizontal([v.is_not_null() for v in values]))
    )


def at_least(finding: str, count: Expr, minimum: int) -> Expr:
    """``findings._at_least``."""
    return _present(finding, pl.when(count.is_not_null()).then(count >= minimum))


def intrathecal_igg() -> Expr:
    """``findings._intrathecal``: bands first, the κ-FLC index when bands were not done."""
    ocb, kflc = c("csf_ocb"), c("csf_kflc_index")
    value = (
        pl.when(ocb.is_not_null())
        .then(ocb.is_in(_INTRATHECAL))
        .when(kflc.is_not_null())
        .then(kflc >= KFLC_INDEX_POSITIVE)
    )
    return _present("intrathecal_igg", value)


def csf_pleocytosis() -> Expr:
    """``findings._pleocytosis``."""
    cells = c("csf_white_cells_per_ul")
    return _present("csf_pleocytosis", cells > CSF_CELLS_RED_FLAG_PER_UL)


def _overlap(j: int, k: int) -> Expr:
    """Studies ``j`` and ``k`` share an imaged region (brain, cord or optic nerves)."""
    flags = ("imaged_brain", "imaged_cord", "imaged_optic_nerves")
    return pl.any_horizontal([true(_m(j, f)) & true(_m(k, f)) for f in flags])


def mri_activity() -> Expr:
    """``findings._mri_activity``: an enhancing lesion, or a new one on a study with an earlier
    study of a shared region; absent after a contrast study without enhancement."""
    enhancing = {k: (_m(k, "enhancing").fill_null(0) >= 1) & (c(f"_total_{k}") >= 1) for k in _STUDIES}
    new = [
        (_m(k, "new").fill_null(0) >= 1)
        & (c(f"_total_{k}") >= 1)
        & pl.any_horizontal(
            [pl.lit(False), *((_m(j, "date") < _m(k, "date")) & _overlap(j, k) for j in _STUDIES if j != k)]
        ).fill_null(False)
        for k in _STUDIES
    ]
    active = pl.any_horizontal([*enhancing.values(), *new])
    clean = pl.any_horizontal([true(_m(k, "gadolinium")) & ~enhancing[k] for k in _STUDIES])
    return pl.when(active).then(True).when(clean).then(False)


def mog_igg() -> Expr:
    """``findings._mog``: clear positive from a cell-based titre at the cut-off, else low
    positive; an ELISA/other assay or an equivocal result is unknown."""
    result, assay, titre = c("mog_igg"), c("mog_igg_assay"), c("mog_igg_titer")
    clear = assay.eq_missing("cell_based") & true(_positive(MOG_IGG_CLEAR_POSITIVE, titre.cast(pl.Float64)))
    f = "mog_igg"
    return (
        pl.when(assay.is_in(["elisa", "other"]).fill_null(False))
        .then(None)
        .when(result == "negative")
        .then(state(f, "negative"))
        .when((result == "positive") & clear)
        .then(state(f, "clear_positive"))
        .when(result == "positive")
        .then(state(f, "low_positive"))
    )


def antibody(finding: str, column: str) -> Expr:
    """``findings._antibody``: equivocal reads unknown."""
    result = c(column)
    return (
        pl.when(result == "positive")
        .then(state(finding, "positive"))
        .when(result == "negative")
        .then(state(finding, "negative"))
    )


def nmj_antibodies() -> Expr:
    """``findings._nmj_antibodies``: AChR or MuSK positive is positive; else one negative is
    negative; equivocal reads unknown."""
    achr, musk = c("achr_antibodies"), c("musk_antibodies")
    return (
        pl.when((achr == "positive") | (musk == "positive"))
        .then(state("nmj_antibodies", "positive"))
        .when((achr == "negative") | (musk == "negative"))
        .then(state("nmj_antibodies", "negative"))
    )


def ar_cag() -> Expr:
    """``findings._ar_cag``: 36-37 repeats (reduced penetrance) unknown."""
    repeats = c("ar_cag_repeats")
    return (
        pl.when(repeats >= AR_CAG_EXPANDED_MIN)
        .then(state("ar_cag", "expanded"))
        .when(repeats <= AR_CAG_NORMAL_MAX)
        .then(state("ar_cag", "normal"))
    )


def als_gene() -> Expr:
    """``findings._als_gene``."""
    values = [c("c9orf72_expansion"), c("sod1_variant")]
    return _present("als_gene", three(any_of(values), pl.any_horizontal([v.is_not_null() for v in values])))


def _pg_per_ml(column: str) -> Expr:
    """A neurofilament value in pg/mL, with the case model's unit factors."""
    unit = c(f"{column}_unit")
    allowed = RAW_COLUMNS[f"{column}_unit"].allowed
    factor = pl.lit(None, dtype=pl.Float64)
    for name in allowed:
        factor = (
            pl.when(unit == name).then(NeurofilamentLevel(value=1.0, unit=name).pg_per_ml).otherwise(factor)
        )
    return c(column) * factor


def _positive(cutoff: Cutoff, value: Expr) -> Expr:
    """``Cutoff.is_positive``, column-wise."""
    return value >= cutoff.threshold if cutoff.inclusive else value > cutoff.threshold


def neurofilament() -> Expr:
    """``findings._neurofilament``: serum NfL, else CSF NfL."""
    serum, csf = _pg_per_ml("serum_nfl"), _pg_per_ml("csf_nfl")
    value = (
        pl.when(serum.is_not_null())
        .then(_positive(_SERUM_NFL, serum))
        .when(csf.is_not_null())
        .then(_positive(_CSF_NFL, csf))
    )
    return _present("neurofilament", value)


def duration(f: str = "duration") -> Expr:
    """``findings._duration`` (unknown where the examination is pure UMN) and, with
    ``f="duration_pure_umn"``, ``findings._duration_pure_umn`` (known only there)."""
    years, (one, two, four) = c("_symptom_years"), DURATION_EDGES_YEARS
    pure = pure_umn() if f == "duration_pure_umn" else ~pure_umn()
    return (
        pl.when(~pure)
        .then(None)
        .when(years < one)
        .then(state(f, "under_1_year"))
        .when(years < two)
        .then(state(f, "1_to_2_years"))
        .when(years < four)
        .then(state(f, "2_to_4_years"))
        .when(years.is_not_null())
        .then(state(f, "over_4_years"))
    )


def family_history_pattern() -> Expr:
    """``findings._family_pattern``: the pattern itself is the state, unknown beside an ALS- or
    HSP-affected relative unless X-linked (the relative carries the pedigree)."""
    pattern, f = c("family_history_pattern"), "family_history_pattern"
    affected = (pl.any_horizontal([c(name).eq_missing(True) for name in AFFECTED_RELATIVE_FIELDS])
                & pattern.ne_missing("x_linked"))
    expr: Any = pl.when(affected).then(None)
    for name in _TABLE.states[_TABLE.column(f)]:
        expr = expr.when(pattern == name).then(state(f, name))
    out: Expr = expr
    return out


def relative_with(finding: str, column: str) -> Expr:
    """``findings._relative_with``: "absent" reads unknown beside a sporadic pedigree (one fact, one term)."""
    unknown = c(column).eq_missing(False) & c("family_history_pattern").eq_missing("sporadic")
    value = pl.when(unknown).then(None).otherwise(c(column))
    return _flag(finding, value, ("absent", "present"))


def study_flag(finding: str, flag: str) -> Expr:
    """``findings._study_flag``: present on any study, absent when only recorded absent."""
    values = [_m(k, flag) for k in _STUDIES]
    return _present(finding, three(any_of(values), pl.any_horizontal([v.is_not_null() for v in values])))


def mirna_dysregulated() -> Expr:
    """``findings._mirna``: a measured microRNA (miR-181 aside) at >= 2-fold or <= 0.5-fold."""
    measured = [
        c(f"mirna_{k}_name").is_not_null() & ~c(f"mirna_{k}_name").str.contains(_MIR181.pattern)
        for k in range(1, MIRNA_SLOTS + 1)
    ]
    fold = [c(f"mirna_{k}_fold_change") for k in range(1, MIRNA_SLOTS + 1)]
    changed = [
        m & ((f >= MIRNA_FOLD_UP) | (f <= MIRNA_FOLD_DOWN)) for m, f in zip(measured, fold, strict=True)
    ]
    return _present("mirna_dysregulated", three(any_of(changed), pl.any_horizontal(measured)))


def _findings() -> dict[str, Callable[[], Expr]]:
    """Finding id -> the expression of its state code (null = unknown), as ``findings._DERIVE``."""
    np_ = ("absent", "present")
    out: dict[str, Callable[[], Expr]] = {
        "course": course,
        "optic_neuritis": optic_neuritis,
        "ibm_pattern": ibm_pattern,
        "ck": ck,
        "emg_myopathic": emg_myopathic,
        "nerve_conduction": nerve_conduction,
        "brain_mri": brain_mri,
        "spinal_mri": spinal_mri,
        "cord_compression": cord_compression,
        "mri_activity": lambda: _present("mri_activity", mri_activity()),
        "cvs_select6": lambda: at_least("cvs_select6", c("_cvs"), CVS_SELECT6_MIN_LESIONS),
        "paramagnetic_rim": lambda: at_least("paramagnetic_rim", c("_prl"), 1),
        "intrathecal_igg": intrathecal_igg,
        "csf_pleocytosis": csf_pleocytosis,
        "aqp4_igg": lambda: antibody("aqp4_igg", "aqp4_igg"),
        "mog_igg": mog_igg,
        "anti_gm1": lambda: antibody("anti_gm1", "anti_gm1_igm"),
        "ar_cag": ar_cag,
        "hsp_genetic": lambda: _present("hsp_genetic", c("hsp_panel_positive")),
        "als_gene": als_gene,
        "neurofilament": neurofilament,
        "duration": duration,
        "duration_pure_umn": lambda: duration("duration_pure_umn"),
        "weakness_origin": weakness_origin,
        "optic_neuritis_bilateral": optic_neuritis_bilateral,
        "family_history_pattern": family_history_pattern,
        "family_history_als": lambda: relative_with("family_history_als", "family_history_als"),
        "family_history_hsp": lambda: relative_with(
            "family_history_hsp", "family_history_spastic_paraplegia"
        ),
        "flexion_forward_shift": lambda: study_flag("flexion_forward_shift", "flexion_forward_shift"),
        "thin_corpus_callosum": lambda: study_flag("thin_corpus_callosum", "thin_corpus_callosum"),
        "weakness_symmetry": weakness_symmetry,
        "mirna_dysregulated": mirna_dysregulated,
        "htlv1_antibodies": lambda: antibody("htlv1_antibodies", "htlv1_antibodies"),
        "nmj_antibodies": nmj_antibodies,
        "vitamin_b12_low": lambda: _flag("vitamin_b12_low", c("serum_vitamin_b12_low"), ("normal", "low")),
        "copper_low": lambda: _flag("copper_low", c("serum_copper_low"), ("normal", "low")),
    }
    # findings._sensory_loss: unknown when a sensory level is recorded (one fact, one term)
    loss_unless_level = pl.when(c("sensory_level").fill_null(False)).then(None).otherwise(c("sensory_loss"))
    out["sensory_loss"] = lambda: _flag("sensory_loss", loss_unless_level, np_)
    for finding, column in (
        ("sensory_level", "sensory_level"),
        ("bladder", "bladder_dysfunction"),
        ("area_postrema", "area_postrema_syndrome"),
        ("neck_pain", "neck_pain"),
        ("gynaecomastia", "gynaecomastia"),
        ("syringomyelia", "syringomyelia"),
        ("prior_spinal_surgery", "prior_spinal_surgery"),
        ("biopsy_rimmed_vacuoles", "biopsy_rimmed_vacuoles"),
        ("biopsy_inflammation", "biopsy_inflammation"),
        ("biopsy_neurogenic", "biopsy_neurogenic"),
        ("prior_gi_surgery", "prior_gastrointestinal_surgery"),
        ("fatigable_weakness", "fatigable_weakness"),
        ("ptosis_or_diplopia", "ptosis_or_diplopia"),
        ("rns_decrement", "repetitive_stimulation_decrement"),
        ("htlv1_endemic_origin", "htlv1_endemic_origin"),
    ):
        out[finding] = lambda f=finding, col=column: _flag(f, c(col), np_)  # type: ignore[misc]
    for r in FINDING_REGIONS:
        out[region_finding(r)] = lambda name=r.value: region(name)  # type: ignore[misc]
    return out


FINDINGS: dict[str, Callable[[], Expr]] = _findings()


# --------------------------------------------------------------------------- the derivation


def _intermediates() -> list[list[Expr]]:
    """Stages of shared quantities (``_``-prefixed), each stage reading the ones before."""
    first = [reference_date().alias("_ref"), n_attacks().alias("_n_attacks")]
    first += [myopathic_region(r).alias(f"_myo_{r}") for r in RV]
    motor: list[Expr] = []
    for r in RV:
        motor += [
            umn(r).alias(f"_umn_{r}"),
            lmn_reec(r).alias(f"_lmn_reec_{r}"),
            lmn_gold_coast(r).alias(f"_lmn_gc_{r}"),
            lmn_emg_reec(r).alias(f"_emg_reec_{r}"),
            lmn_emg_awaji(r).alias(f"_emg_awaji_{r}"),
            emg_neurogenic(r).alias(f"_emg_neurogenic_{r}"),
        ]
    first += [lesion_total(k).alias(f"_total_{k}") for k in _STUDIES]
    first += [area(a).alias(f"_area_{a}") for a in (*_AREAS_2017, "optic_nerve")]
    second = [
        simultaneous_enhancing().alias("_simultaneous"),
        new_lesion().alias("_new_lesion"),
        max_count("central_vein").alias("_cvs"),
        max_count("paramagnetic_rim").alias("_prl"),
        years_since(c("symptom_onset")).alias("_symptom_years"),
    ]
    return [first, motor, second, [dit().alias("_dit")]]


def _features() -> dict[str, Expr]:
    """Feature column -> expression (reading the intermediates)."""
    nan = float("nan")
    areas_2017 = [c(f"_area_{a}") for a in _AREAS_2017]
    # MRIEvidence.unknown: an area without a lesion that no study imaged
    unimaged_2017 = [~c(f"_area_{a}") & ~imaged("imaged_cord" if a == "spinal_cord" else "imaged_brain")
                     for a in _AREAS_2017]
    optic_examined = imaged("imaged_optic_nerves") | pl.any_horizontal(
        [c(n).is_not_null() for n in ("oct_inter_eye_prnfl_um", "oct_inter_eye_gcipl_um", "vep_delayed")])
    lmn_any = [combine(c(f"_lmn_reec_{r}"), c(f"_emg_awaji_{r}")) for r in RV]
    out: dict[str, Expr] = {}
    for prefix, name in (
        ("umn", "_umn"),
        ("lmn_reec", "_lmn_reec"),
        ("lmn_gc", "_lmn_gc"),
        ("emg_reec", "_emg_reec"),
        ("emg_awaji", "_emg_awaji"),
    ):
        out |= {f"{prefix}_{r}": gate(c(f"{name}_{r}")) for r in RV}
    out |= {
        "progression": progression_gate(),
        "als_excluded": als_exclusion(),
        "als_pending": ibm_open_question(),
        "age": c("age").cast(pl.Float64).fill_null(nan),
        "symptom_years": c("_symptom_years").fill_null(nan),
        "emg_reec_limbs": n_true([c(f"_emg_reec_{r.value}") for r in LIMB_REGIONS]),
        "active_denervation": active_denervation(),
        "sensory_loss": true(c("sensory_loss")),
        # ms_features.ms_evidence
        "n_attacks": c("_n_attacks"),
        "n_attacks_max": c("_n_attacks"),  # registry attack dates are day-precision: nothing open
        "n_objective": n_objective_lesions(),
        "historical": historical_prior_attack(),
        "clinical_dis": n_attack_systems() >= 2,
        "n_areas_2017": n_true(areas_2017),
        "n_areas_2024": n_true([*areas_2017, c("_area_optic_nerve")]),
        "n_unimaged_2017": n_true(unimaged_2017),
        "n_unimaged_2024": n_true([*unimaged_2017, ~c("_area_optic_nerve") & ~optic_examined]),
        "brain_area": pl.any_horizontal([c(f"_area_{a}") for a in _BRAIN_AREAS]),
        "spinal_area": c("_area_spinal_cord"),
        "n_spinal": n_spinal_lesions(),
        "dit_mri": true(c("_dit")),
        "dit_mri_known": c("_dit").is_not_null(),
        "any_mri": pl.any_horizontal([_study(k) for k in _STUDIES]),
        "any_lesion": pl.any_horizontal(
            [*areas_2017, c("_area_optic_nerve"), *(c(f"_total_{k}") > 0 for k in _STUDIES)]
        ),
        "ocb": c("csf_ocb").is_in(_INTRATHECAL).fill_null(False),
        "ocb_known": c("csf_ocb").is_not_null(),
        "kflc_positive": (c("csf_kflc_index") >= KFLC_INDEX_POSITIVE).fill_null(False),
        "kflc_known": c("csf_kflc_index").is_not_null(),
        "cvs6": c("_cvs").fill_null(0) >= CVS_SELECT_N,
        "cvs_known": c("_cvs").is_not_null(),
        "progressive": progressive_course(),
        "progression_years": progression_years().fill_null(nan),
        "lmn_red_flag": n_true(lmn_any) >= 2,
        "excluded_false": ms_excluded_false(),
        "sex": pl.when(c("sex") == "female")
        .then(pl.lit(FEMALE, pl.Int8))
        .when(c("sex") == "male")
        .then(pl.lit(MALE, pl.Int8))
        .otherwise(pl.lit(SEX_UNKNOWN, pl.Int8)),
    }
    for finding in _TABLE.finding_ids:
        derive = FINDINGS.get(finding)
        expr = derive() if derive else pl.lit(None, dtype=pl.Int8)
        # int16: a region finding has hundreds of states (as ``differential.batch``'s matrix)
        out[f"{FINDING_PREFIX}{finding}"] = expr.cast(pl.Int16).fill_null(UNKNOWN_STATE)
    return out


def derived_columns() -> list[str]:
    """The columns :func:`derive_features` returns, in order."""
    return [col.name for col in feature_columns()]


def derive_features(raw: pl.LazyFrame) -> pl.LazyFrame:
    """The feature table of validated raw rows.

    Parameters
    ----------
    raw
        Validated raw rows with every layout column present (absent ones as typed nulls;
        :func:`sclerodx.cohort.validate.validate` makes them so).
    """
    frame = raw
    for stage in _intermediates():
        frame = frame.with_columns(stage)
    features = _features()
    return frame.select([features[name].alias(name) for name in derived_columns()])
