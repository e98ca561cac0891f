"""From a case to the finding states the differential reasons with.

Each finding of the evidence table gets one state, or ``None`` when the case does not
tell: **unknown stays unknown** — a test not done, a region not examined, an MRI area not
imaged contribute nothing, never a negative. Region and MRI logic is not re-derived here:
UMN/LMN per region comes from :func:`sclerodx.criteria.motor_regions.motor_region_evidence`
and lesion areas, activity, central vein and rim counts from
:func:`sclerodx.criteria.dissemination.mri_evidence`.

Readings and thresholds
-----------------------
* Region counts (UMN signs; clinical LMN by the revised El Escorial reading) count the
  regions recorded True; a case with no region examined is unknown. A region left
  unexamined in a partly examined case counts as not involved.
* EMG per region uses the Awaji reading (fibrillation/positive sharp waves or
  fasciculation potentials, with chronic neurogenic change; two independent muscles in
  the cervical and lumbosacral regions; de Carvalho et al. 2008).
* Conduction block: probable or definite block in any motor study (EFNS/PNS 2010).
* Neurofilament: serum NfL above 62 pg/mL (Verde et al. 2019); CSF NfL above 1431 pg/mL
  (Oeckl et al. 2016) only when serum NfL was not measured (the two are strongly
  correlated; counting both would double the evidence). The cut-offs come from
  :data:`sclerodx.biomarkers.neurofilament.NEUROFILAMENT_CUTOFFS`.
* Intrathecal IgG: CSF-specific oligoclonal bands (types 2 and 3); the κ-FLC index
  (>= 6.1, as the McDonald 2024 engine reads it) only when bands were not done.
* CSF pleocytosis: more than 50 white cells per µL, an MS red flag (Thompson et al. 2018).
* Longitudinally extensive cord lesion: >= 3 vertebral segments (Wingerchuk et al. 2015).
* Androgen-receptor CAG repeats: >= 38 expanded, <= 35 normal, 36-37 (reduced
  penetrance) unknown (Grunseich & Fischbeck 2015; GeneReviews).
* Creatine kinase: above 200 U/L raised (an approximate upper limit of normal, expert
  choice), above 1000 U/L high (Turner & Talbot 2013).
* Central vein sign: >= 6 lesions on one study (Select-6*, Daboul et al. 2024).
* microRNA (investigational): any measured microRNA outside the miR-181 family with a
  fold change >= 2 or <= 0.5 is "dysregulated"; miR-181 is prognostic in ALS (Magen et
  al. 2021), not diagnostic, and is ignored.

References
----------
.. [1] de Carvalho M et al. Clin Neurophysiol. 2008;119:497-503.
.. [2] Joint Task Force of the EFNS and the PNS. J Peripher Nerv Syst. 2010;15:295-301.
.. [3] Verde F et al. J Neurol Neurosurg Psychiatry. 2019;90:157-164.
.. [4] Oeckl P et al. Amyotroph Lateral Scler Frontotemporal Degener. 2016;17:404-413.
.. [5] Thompson AJ et al. Lancet Neurol. 2018;17:162-173.
.. [6] Wingerchuk DM et al. Neurology. 2015;85:177-189.
.. [7] Grunseich C, Fischbeck KH. Neurol Clin. 2015;33:847-854.
.. [8] Turner MR, Talbot K. Pract Neurol. 2013;13:153-164.
.. [9] Daboul L et al. Mult Scler. 2024;30:25-34.
.. [10] Magen I et al. Nat Neurosci. 2021;24:1534-1541.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sclerodx.anatomy import Region
from sclerodx.biomarkers.neurofilament import NEUROFILAMENT_CUTOFFS
from sclerodx.biomarkers.references import OECKL_2016, VERDE_2019
from sclerodx.case import LMN_SIGNS, UMN_SIGNS, Case, CNSSystem, CoursePattern
from sclerodx.criteria.attacks import attack_summary
from sclerodx.criteria.dissemination import BRAIN_AREAS, McDonaldArea, MRIEvidence, mri_evidence
from sclerodx.criteria.motor_regions import MotorRegionEvidence, RegionMap, motor_region_evidence
from sclerodx.criteria.ms_features import KFLC_INDEX_POSITIVE
from sclerodx.criteria.timeline import years_since

CK_UPPER_NORMAL_U_PER_L = 200.0
CK_HIGH_U_PER_L = 1000.0
CSF_CELLS_RED_FLAG_PER_UL = 50.0
LETM_MIN_SEGMENTS = 3.0
AR_CAG_EXPANDED_MIN = 38
AR_CAG_NORMAL_MAX = 35
CVS_SELECT6_MIN_LESIONS = 6
MIRNA_FOLD_UP = 2.0
MIRNA_FOLD_DOWN = 0.5
DURATION_EDGES_YEARS = (1.0, 4.0)

_SERUM_NFL = next(c for c in NEUROFILAMENT_CUTOFFS if c.fluid == "serum" and c.source is VERDE_2019)
_CSF_NFL = next(c for c in NEUROFILAMENT_CUTOFFS
                if c.analyte == "NfL" and c.fluid == "csf" and c.source is OECKL_2016)
_MIR181 = re.compile(r"mi[rR]-181")

ABSENT_PRESENT = ("absent", "present")
NEGATIVE_POSITIVE = ("negative", "positive")
COUNT_STATES = ("none", "one", "two_or_more")
EMG_REGIONS: tuple[Region, ...] = (Region.BULBAR, Region.CERVICAL, Region.THORACIC, Region.LUMBOSACRAL)

#: Finding id -> its states, in the order of the evidence table.
FINDING_STATES: dict[str, tuple[str, ...]] = {
    "course": ("relapsing", "single_attack", "progressive", "relapsing_then_progressive"),
    "umn_regions": COUNT_STATES,
    "lmn_regions": COUNT_STATES,
    "bulbar_signs": ABSENT_PRESENT,
    "sensory_loss": ABSENT_PRESENT,
    "sensory_level": ABSENT_PRESENT,
    "optic_neuritis": ABSENT_PRESENT,
    "area_postrema": ABSENT_PRESENT,
    "bladder": ABSENT_PRESENT,
    "neck_pain": ABSENT_PRESENT,
    "family_history_als": ABSENT_PRESENT,
    "family_history_hsp": ABSENT_PRESENT,
    "gynaecomastia": ABSENT_PRESENT,
    "ibm_pattern": ("neither", "one", "both"),
    "ck": ("normal", "raised", "high"),
    **{f"emg_lmn_{region.value}": ABSENT_PRESENT for region in EMG_REGIONS},
    "emg_myopathic": ABSENT_PRESENT,
    "conduction_block": ABSENT_PRESENT,
    "snap_reduced": ("normal", "reduced"),
    "brain_mri": ("none", "one_area", "two_or_more_areas"),
    "spinal_mri": ("normal", "short_lesion", "longitudinally_extensive_lesion"),
    "cord_compression": ABSENT_PRESENT,
    "mri_activity": ABSENT_PRESENT,
    "cvs_select6": ABSENT_PRESENT,
    "paramagnetic_rim": ABSENT_PRESENT,
    "intrathecal_igg": NEGATIVE_POSITIVE,
    "csf_pleocytosis": ABSENT_PRESENT,
    "aqp4_igg": NEGATIVE_POSITIVE,
    "mog_igg": NEGATIVE_POSITIVE,
    "anti_gm1": NEGATIVE_POSITIVE,
    "ar_cag": ("normal", "expanded"),
    "hsp_genetic": NEGATIVE_POSITIVE,
    "als_gene": NEGATIVE_POSITIVE,
    "neurofilament": ("normal", "high"),
    "duration": ("under_1_year", "1_to_4_years", "over_4_years"),
    "mirna_dysregulated": ("not_dysregulated", "dysregulated"),
}


@dataclass(frozen=True, slots=True)
class Observation:
    """The state of one finding in a case (``None`` = unknown) and the case items behind it."""

    finding: str
    state: str | None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Context:
    case: Case
    motor: MotorRegionEvidence
    mri: MRIEvidence


State = tuple[str | None, tuple[str, ...]]
UNKNOWN: State = (None, ())


def _flag(value: bool | None, ref: str, states: tuple[str, str] = ABSENT_PRESENT) -> State:
    if value is None:
        return UNKNOWN
    return (states[1] if value else states[0], (ref,))


def _count(mapping: RegionMap) -> State:
    if all(finding.value is None for finding in mapping.values()):
        return UNKNOWN
    involved = [f for f in mapping.values() if f.value is True]
    refs = tuple(ref for f in involved for ref in f.evidence)
    return (COUNT_STATES[min(len(involved), 2)], refs)


def _course(ctx: _Context) -> State:
    case = ctx.case
    pattern = case.course.pattern
    by_pattern = {
        CoursePattern.RELAPSING_REMITTING: "relapsing",
        CoursePattern.MONOPHASIC: "single_attack",
        CoursePattern.FIRST_ATTACK: "single_attack",
        CoursePattern.PROGRESSIVE_FROM_ONSET: "progressive",
        CoursePattern.SECONDARY_PROGRESSIVE: "relapsing_then_progressive",
    }
    if pattern is not None:
        return (by_pattern[pattern], ("course.pattern",))
    attacks = attack_summary(case).n_attacks
    progressive = (case.course.progressive_motor_impairment is True
                   or case.course.progression_onset is not None)
    if attacks and progressive:
        return ("relapsing_then_progressive", ("episodes", "course"))
    if attacks:
        return ("relapsing" if attacks >= 2 else "single_attack", ("episodes",))
    if progressive:
        return ("progressive", ("course",))
    return UNKNOWN


def _bulbar(ctx: _Context) -> State:
    exam = ctx.case.exam.region(Region.BULBAR)
    present = exam.present(UMN_SIGNS) + exam.present(LMN_SIGNS)
    if present:
        return ("present", tuple(f"exam.motor.bulbar.{s}" for s in present))
    if exam.examined(UMN_SIGNS) or exam.examined(LMN_SIGNS):
        return ("absent", ("exam.motor.bulbar",))
    return UNKNOWN


def _optic_neuritis(ctx: _Context) -> State:
    episodes = [f"episodes[{i}]" for i, e in enumerate(ctx.case.episodes)
                if e.system is CNSSystem.OPTIC_NERVE]
    if ctx.case.exam.optic_neuritis or episodes:
        return ("present", tuple(episodes) or ("exam.optic_neuritis",))
    return _flag(ctx.case.exam.optic_neuritis, "exam.optic_neuritis")


def _ibm_pattern(ctx: _Context) -> State:
    exam = ctx.case.exam
    values = {"exam.finger_flexor_weakness": exam.finger_flexor_weakness,
              "exam.knee_extensor_weakness": exam.knee_extensor_weakness}
    known = {k: v for k, v in values.items() if v is not None}
    if not known:
        return UNKNOWN
    positive = sum(known.values())
    return (("neither", "one", "both")[positive], tuple(known))


def _ck(ctx: _Context) -> State:
    ck = ctx.case.serum.ck_u_per_l if ctx.case.serum else None
    if ck is None:
        return UNKNOWN
    state = "high" if ck > CK_HIGH_U_PER_L else "raised" if ck > CK_UPPER_NORMAL_U_PER_L else "normal"
    return (state, ("serum.ck_u_per_l",))


def _emg_region(region: Region) -> Callable[[_Context], State]:
    def derive(ctx: _Context) -> State:
        finding = ctx.motor.lmn_emg_awaji[region]
        if finding.value is None:
            return UNKNOWN
        return ("present" if finding.value else "absent", finding.evidence or (f"emg ({region.value})",))

    return derive


def _emg_myopathic(ctx: _Context) -> State:
    values = [(i, e.myopathic_units) for i, e in enumerate(ctx.case.emg) if e.myopathic_units is not None]
    if not values:
        return UNKNOWN
    positive = [f"emg[{i}]" for i, v in values if v]
    return ("present", tuple(positive)) if positive else ("absent", ("emg",))


def _conduction_block(ctx: _Context) -> State:
    motor = [(i, s) for i, s in enumerate(ctx.case.nerve_conduction)
             if s.kind == "motor" and s.conduction_block is not None]
    if not motor:
        return UNKNOWN
    blocks = [f"nerve_conduction[{i}] {s.nerve}" for i, s in motor if s.conduction_block != "none"]
    return ("present", tuple(blocks)) if blocks else ("absent", ("nerve_conduction",))


def _snap(ctx: _Context) -> State:
    sensory = [(i, s) for i, s in enumerate(ctx.case.nerve_conduction)
               if s.kind == "sensory" and s.response is not None]
    if not sensory:
        return UNKNOWN
    low = [f"nerve_conduction[{i}] {s.nerve}" for i, s in sensory if s.response != "normal"]
    return ("reduced", tuple(low)) if low else ("normal", ("nerve_conduction",))


def _brain_mri(ctx: _Context) -> State:
    if all(area in ctx.mri.unimaged_areas for area in BRAIN_AREAS):
        return UNKNOWN
    areas = ctx.mri.areas(BRAIN_AREAS)
    state = ("none", "one_area", "two_or_more_areas")[min(len(areas), 2)]
    return (state, tuple(ref for a in areas for ref in ctx.mri.area_evidence[a][:1]) or ("mri",))


def _spinal_mri(ctx: _Context) -> State:
    if McDonaldArea.SPINAL_CORD in ctx.mri.unimaged_areas:
        return UNKNOWN
    refs = ctx.mri.area_evidence[McDonaldArea.SPINAL_CORD]
    long_lesions = [
        f"mri[{s}] lesions[{i}]"
        for s, study in enumerate(ctx.case.mri)
        for i, lesion in enumerate(study.lesions)
        if lesion.location.value == "spinal_cord" and (lesion.length_segments or 0) >= LETM_MIN_SEGMENTS
    ]
    if long_lesions:
        return ("longitudinally_extensive_lesion", tuple(long_lesions))
    return ("short_lesion", refs[:1]) if refs else ("normal", ("mri",))


def _cord_compression(ctx: _Context) -> State:
    seen = [(i, s.cord_compression) for i, s in enumerate(ctx.case.mri) if s.cord_compression is not None]
    present = [f"mri[{i}].cord_compression" for i, value in seen if value]
    if present:
        return ("present", tuple(present))
    return ("absent", tuple(f"mri[{i}].cord_compression" for i, _ in seen)) if seen else UNKNOWN


def _mri_activity(ctx: _Context) -> State:
    dit = ctx.mri.dit
    if dit.value is None:
        return UNKNOWN
    return ("present" if dit.value else "absent", dit.evidence or ("mri",))


def _at_least(count: int | None, minimum: int, ref: str) -> State:
    if count is None:
        return UNKNOWN
    return ("present" if count >= minimum else "absent", (ref,))


def _intrathecal(ctx: _Context) -> State:
    csf = ctx.case.csf
    if csf is None:
        return UNKNOWN
    if csf.ocb is not None:
        return ("positive" if csf.ocb.intrathecal else "negative", ("csf.ocb",))
    if csf.kflc_index is not None:
        return ("positive" if csf.kflc_index >= KFLC_INDEX_POSITIVE else "negative", ("csf.kflc_index",))
    return UNKNOWN


def _pleocytosis(ctx: _Context) -> State:
    cells = ctx.case.csf.white_cells_per_ul if ctx.case.csf else None
    if cells is None:
        return UNKNOWN
    return ("present" if cells > CSF_CELLS_RED_FLAG_PER_UL else "absent", ("csf.white_cells_per_ul",))


def _antibody(name: str) -> Callable[[_Context], State]:
    def derive(ctx: _Context) -> State:
        result = getattr(ctx.case.serum, name) if ctx.case.serum else None
        if result is None or result.result == "equivocal":
            return UNKNOWN
        return (result.result, (f"serum.{name}",))

    return derive


def _ar_cag(ctx: _Context) -> State:
    repeats = ctx.case.genetics.ar_cag_repeats if ctx.case.genetics else None
    if repeats is None or AR_CAG_NORMAL_MAX < repeats < AR_CAG_EXPANDED_MIN:
        return UNKNOWN
    return ("expanded" if repeats >= AR_CAG_EXPANDED_MIN else "normal", ("genetics.ar_cag_repeats",))


def _hsp_genetic(ctx: _Context) -> State:
    value = ctx.case.genetics.hsp_panel_positive if ctx.case.genetics else None
    return _flag(value, "genetics.hsp_panel_positive", NEGATIVE_POSITIVE)


def _als_gene(ctx: _Context) -> State:
    genetics = ctx.case.genetics
    if genetics is None:
        return UNKNOWN
    values = {"genetics.c9orf72_expansion": genetics.c9orf72_expansion,
              "genetics.sod1_variant": genetics.sod1_variant}
    positive = tuple(k for k, v in values.items() if v is True)
    if positive:
        return ("positive", positive)
    tested = tuple(k for k, v in values.items() if v is False)
    return ("negative", tested) if tested else UNKNOWN


def _neurofilament(ctx: _Context) -> State:
    serum = ctx.case.serum.nfl if ctx.case.serum else None
    if serum is not None:
        return ("high" if _SERUM_NFL.is_positive(serum.pg_per_ml) else "normal", ("serum.nfl",))
    csf = ctx.case.csf.nfl if ctx.case.csf else None
    if csf is not None:
        return ("high" if _CSF_NFL.is_positive(csf.pg_per_ml) else "normal", ("csf.nfl",))
    return UNKNOWN


def _duration(ctx: _Context) -> State:
    years = years_since(ctx.case.symptom_onset, ctx.case)
    if years is None:
        return UNKNOWN
    short, long = DURATION_EDGES_YEARS
    state = "under_1_year" if years < short else "1_to_4_years" if years <= long else "over_4_years"
    return (state, ("symptom_onset",))


def _mirna(ctx: _Context) -> State:
    measured = [(i, m) for i, m in enumerate(ctx.case.microrna) if not _MIR181.search(m.name)]
    if not measured:
        return UNKNOWN
    changed = [f"microrna[{i}] {m.name}" for i, m in measured
               if m.fold_change >= MIRNA_FOLD_UP or m.fold_change <= MIRNA_FOLD_DOWN]
    return ("dysregulated", tuple(changed)) if changed else ("not_dysregulated", ("microrna",))


def _history(field: str) -> Callable[[_Context], State]:
    return lambda ctx: _flag(getattr(ctx.case.history, field), f"history.{field}")


def _exam(field: str) -> Callable[[_Context], State]:
    return lambda ctx: _flag(getattr(ctx.case.exam, field), f"exam.{field}")


_DERIVE: dict[str, Callable[[_Context], State]] = {
    "course": _course,
    "umn_regions": lambda ctx: _count(ctx.motor.umn),
    "lmn_regions": lambda ctx: _count(ctx.motor.lmn_clinical_reec),
    "bulbar_signs": _bulbar,
    "sensory_loss": _exam("sensory_loss"),
    "sensory_level": _exam("sensory_level"),
    "optic_neuritis": _optic_neuritis,
    "area_postrema": _history("area_postrema_syndrome"),
    "bladder": _exam("bladder_dysfunction"),
    "neck_pain": _history("neck_pain"),
    "family_history_als": _history("family_history_als"),
    "family_history_hsp": _history("family_history_spastic_paraplegia"),
    "gynaecomastia": _history("gynaecomastia"),
    "ibm_pattern": _ibm_pattern,
    "ck": _ck,
    **{f"emg_lmn_{region.value}": _emg_region(region) for region in EMG_REGIONS},
    "emg_myopathic": _emg_myopathic,
    "conduction_block": _conduction_block,
    "snap_reduced": _snap,
    "brain_mri": _brain_mri,
    "spinal_mri": _spinal_mri,
    "cord_compression": _cord_compression,
    "mri_activity": _mri_activity,
    "cvs_select6": lambda ctx: _at_least(ctx.mri.cvs_positive_lesions, CVS_SELECT6_MIN_LESIONS,
                                         "mri lesions central_vein_sign"),
    "paramagnetic_rim": lambda ctx: _at_least(ctx.mri.prl_lesions, 1, "mri lesions paramagnetic_rim"),
    "intrathecal_igg": _intrathecal,
    "csf_pleocytosis": _pleocytosis,
    "aqp4_igg": _antibody("aqp4_igg"),
    "mog_igg": _antibody("mog_igg"),
    "anti_gm1": _antibody("anti_gm1_igm"),
    "ar_cag": _ar_cag,
    "hsp_genetic": _hsp_genetic,
    "als_gene": _als_gene,
    "neurofilament": _neurofilament,
    "duration": _duration,
    "mirna_dysregulated": _mirna,
}


def observe(case: Case) -> dict[str, Observation]:
    """The state of every finding in ``case`` (unknown findings have ``state=None``)."""
    ctx = _Context(case, motor_region_evidence(case), mri_evidence(case))
    observations: dict[str, Observation] = {}
    for finding, derive in _DERIVE.items():
        state, evidence = derive(ctx)
        observations[finding] = Observation(finding, state, evidence)
    return observations
