"""Hypothesis strategies for random valid cases: every part of the case model, dates at every precision.

Shared by the property tests (:mod:`test_properties`) and the self-consistency tests
(:mod:`test_consistency`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st
from pydantic import ValidationError

from sclerodx.anatomy import MUSCLES, REGIONS, Region
from sclerodx.case import (
    LMN_SIGNS,
    UMN_SIGNS,
    AttackEvidence,
    CNSSystem,
    CoursePattern,
    Exam,
    ImagedRegion,
    LesionLocation,
    OCBPattern,
    Side,
)

JSON = dict[str, Any]


def _sign_allowed(region: Region, sign: str) -> bool:
    try:
        Exam.model_validate({"motor": {region.value: {sign: True}}})
    except ValidationError:
        return False
    return True


#: UMN signs the case model accepts in each region (asked of the model itself).
UMN_BY_REGION: dict[Region, tuple[str, ...]] = {
    region: tuple(s for s in UMN_SIGNS if _sign_allowed(region, s)) for region in REGIONS
}
BRAIN_LOCATIONS = tuple(
    loc.value for loc in LesionLocation if loc not in (LesionLocation.SPINAL_CORD, LesionLocation.OPTIC_NERVE)
)
#: Canonical names, plus a synonym and a muscle named with its level (schema 1.1).
MUSCLE_NAMES = (*(m.name for m in MUSCLES), "flexor digitorum profundus", "thoracic paraspinal T10")

findings = st.sampled_from([True, False, None])
#: Motor signs, EMG findings and gates (progression, other causes excluded) lean to True so
#: that every ALS category is reached often.
leaning_true = st.sampled_from([True, True, True, False, None])
sides = st.none() | st.sampled_from([s.value for s in Side])
REF_MIN, REF_MAX = dt.date(2005, 1, 1), dt.date(2025, 12, 31)


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[JSON]:
    return st.fixed_dictionaries({}, optional=fields)


@st.composite
def _region_exam(draw: st.DrawFn, region: Region) -> JSON:
    exam = draw(_optional(**dict.fromkeys((*UMN_BY_REGION[region], *LMN_SIGNS), leaning_true)))
    if exam.get("weakness") is not False and draw(st.integers(0, 4)) == 0:
        exam["weakness_origin"] = draw(st.sampled_from(["lmn", "umn", "myopathic"]))
    return exam


motor = _optional(**{region.value: _region_exam(region) for region in REGIONS})

emg_entries = st.lists(
    st.fixed_dictionaries(
        {"muscle": st.sampled_from(MUSCLE_NAMES)},
        optional={"side": sides, "fibrillations_psw": leaning_true,
                  "fasciculation_potentials": leaning_true, "chronic_neurogenic": leaning_true,
                  "myopathic_units": st.sampled_from([True, False, False, None]),
                  "recruitment": st.sampled_from(["normal", "reduced", "early", "absent"])},
    ),
    max_size=8,
)
emg_summaries = st.lists(
    st.fixed_dictionaries(
        {"region": st.sampled_from([r.value for r in REGIONS])},
        optional={"side": sides, "fibrillations_psw": leaning_true, "fasciculation_potentials": leaning_true,
                  "chronic_neurogenic": leaning_true, "myopathic_units": findings,
                  "different_roots_and_nerves": leaning_true},
    ),
    max_size=3,
)
antibody = st.fixed_dictionaries(
    {"result": st.sampled_from(["positive", "negative", "equivocal"])},
    optional={"titer": st.integers(1, 10_000), "assay": st.sampled_from(["cell_based", "elisa", "other"])},
)
neurofilament = st.fixed_dictionaries(
    {"value": st.floats(0, 1_000_000), "unit": st.sampled_from(["pg/mL", "ng/L", "ng/mL"])},
    optional={"assay": st.sampled_from(["simoa", "ella", "elisa", "other"])},
)
nerve_studies = st.lists(
    st.fixed_dictionaries(
        {"kind": st.just("motor")},
        optional={"nerve": st.sampled_from(["ulnar", "median", "peroneal"]), "side": sides,
                  "conduction_block": st.sampled_from(["none", "probable", "definite"]),
                  "response": st.sampled_from(["normal", "reduced", "absent"])},
    ) | st.fixed_dictionaries(
        {"kind": st.just("sensory")},
        optional={"nerve": st.sampled_from(["sural", "radial"]), "response": st.sampled_from(
            ["normal", "reduced", "absent"])},
    ),
    max_size=4,
)


def _partial(day: str) -> st.SearchStrategy[str]:
    """A date at day, month or year precision (schema 1.1 history dates)."""
    return st.sampled_from([day, day[:7], day[:4]])


@st.composite
def _date_before(draw: st.DrawFn, ref: dt.date, max_days: int = 6000) -> dt.date:
    return ref - dt.timedelta(days=draw(st.integers(0, max_days)))


@st.composite
def _episode(draw: st.DrawFn, ref: dt.date, onset: dt.date | None = None) -> JSON:
    """An episode; onset and resolution at day, month or year precision (schema 1.1)."""
    onset = onset or draw(_date_before(ref))
    resolution = draw(st.none() | st.integers(0, (ref - onset).days).map(
        lambda d: (onset + dt.timedelta(days=d)).isoformat()).flatmap(_partial))
    return {
        "onset": draw(_partial(onset.isoformat())), "resolution": resolution,
        "system": draw(st.sampled_from([s.value for s in CNSSystem])), "side": draw(sides),
        "evidence": draw(st.sampled_from([e.value for e in AttackEvidence])),
        "typical_demyelinating": draw(st.booleans()), "fever_or_infection": draw(findings),
        "residual_deficit": draw(findings),
    }


@st.composite
def _episodes(draw: st.DrawFn, ref: dt.date) -> list[JSON]:
    """Episodes; sometimes two within weeks, so that the 30-day separation is often in doubt."""
    episodes = draw(st.lists(_episode(ref), max_size=3))
    if draw(st.booleans()):
        first = draw(_date_before(ref))
        later = min(first + dt.timedelta(days=draw(st.integers(0, 70))), ref)
        episodes += [draw(_episode(ref, first)), draw(_episode(ref, later))]
    return episodes


@st.composite
def _study(draw: st.DrawFn, ref: dt.date) -> JSON:
    imaged = draw(st.sets(st.sampled_from([r.value for r in ImagedRegion]), min_size=1))
    locations: list[str] = []
    if ImagedRegion.BRAIN.value in imaged:
        locations += BRAIN_LOCATIONS
    if imaged & {ImagedRegion.CERVICAL_CORD.value, ImagedRegion.THORACIC_CORD.value}:
        locations.append(LesionLocation.SPINAL_CORD.value)
    if ImagedRegion.OPTIC_NERVES.value in imaged:
        locations.append(LesionLocation.OPTIC_NERVE.value)
    gadolinium = draw(findings)
    enhancing = st.sampled_from([False, None]) if gadolinium is False else findings
    lesion = st.fixed_dictionaries(
        {"location": st.sampled_from(locations)},
        optional={"enhancing": enhancing, "new": findings, "symptomatic": findings,
                  "central_vein_sign": findings, "paramagnetic_rim": findings},
    )
    study = {"date": draw(_date_before(ref)).isoformat(), "regions_imaged": sorted(imaged),
             "gadolinium": gadolinium, "lesions": draw(st.lists(lesion, max_size=12))}
    extras = ["corticospinal_tract_hyperintensity", "flexion_forward_shift"]
    if imaged & {ImagedRegion.CERVICAL_CORD.value, ImagedRegion.THORACIC_CORD.value}:
        extras.append("cord_compression")
    return study | draw(_optional(**dict.fromkeys(extras, findings)))


@st.composite
def valid_cases(draw: st.DrawFn) -> JSON:
    """A random case that the case model accepts: signs fit their region, dates fit together."""
    ref = draw(st.dates(REF_MIN, REF_MAX))
    maybe_date = st.none() | _date_before(ref).map(dt.date.isoformat).flatmap(_partial)
    case: JSON = {
        "age": draw(st.none() | st.floats(0, 120)),
        "sex": draw(st.none() | st.sampled_from(["female", "male"])),
        "bmi": draw(st.none() | st.floats(10, 80)),
        "symptom_onset": draw(maybe_date),
        "course": {
            "pattern": draw(st.none() | st.sampled_from([p.value for p in CoursePattern])),
            "progression_onset": draw(maybe_date),
            "progressive_motor_impairment": draw(leaning_true),
        },
        "episodes": draw(_episodes(ref)),
        "history": draw(_optional(**dict.fromkeys(
            ("family_history_als", "family_history_spastic_paraplegia", "neck_pain", "gynaecomastia",
             "cognitive_or_behavioural_impairment", "area_postrema_syndrome", "syringomyelia",
             "prior_spinal_surgery", "dysarthria", "dysphagia"), findings),
            family_history_pattern=st.sampled_from(["x_linked", "autosomal_dominant", "autosomal_recessive",
                                                    "sporadic"]))),
        "exam": {"motor": draw(motor), **draw(_optional(**dict.fromkeys(
            ("sensory_loss", "sensory_level", "optic_neuritis", "internuclear_ophthalmoplegia",
             "cerebellar_ataxia", "bladder_dysfunction", "finger_flexor_weakness", "knee_extensor_weakness"),
            findings)))},
        "emg": draw(emg_entries),
        "emg_regions": draw(emg_summaries),
        "nerve_conduction": draw(nerve_studies),
        "mri": draw(st.lists(_study(ref), max_size=3)),
        "other_causes_excluded": draw(leaning_true),
        "csf": draw(st.none() | _optional(
            ocb=st.sampled_from([o.value for o in OCBPattern]), kflc_index=st.floats(0, 40),
            igg_index=st.floats(0, 20), nfl=neurofilament, pnfh=neurofilament,
            white_cells_per_ul=st.floats(0, 500),
            protein=st.fixed_dictionaries({"value": st.floats(0, 500), "unit": st.just("mg/dL")}))),
        "optic_nerve_tests": draw(st.none() | _optional(
            oct_inter_eye_prnfl_um=st.floats(0, 20), oct_inter_eye_gcipl_um=st.floats(0, 20),
            vep_delayed=findings)),
        "serum": draw(st.none() | _optional(
            aqp4_igg=antibody, mog_igg=antibody, anti_gm1_igm=antibody, nfl=neurofilament,
            ck_u_per_l=st.floats(0, 20_000))),
        "genetics": draw(st.none() | _optional(
            ar_cag_repeats=st.integers(10, 60), c9orf72_expansion=findings, sod1_variant=findings,
            hsp_panel_positive=findings)),
        "muscle_biopsy": draw(st.none() | _optional(
            muscle=st.sampled_from(["quadriceps", "deltoid"]), rimmed_vacuoles=findings,
            inflammation=findings,
            neurogenic=findings)),
        "microrna": draw(st.lists(st.fixed_dictionaries({
            "name": st.sampled_from(["miR-181a-5p", "miR-206", "hsa-miR-155-5p"]),
            "fluid": st.sampled_from(["serum", "plasma", "csf"]),
            "fold_change": st.floats(0.01, 100)}), max_size=2)),
    }
    if draw(st.booleans()):
        case["assessment_date"] = ref.isoformat()
    return case


