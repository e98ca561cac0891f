"""Property-based tests of the criteria engines over random valid cases.

Two properties:

* ``evaluate_criteria`` never raises on a valid case and answers with a known category;
* adding a supporting finding (a UMN sign, an LMN sign, an abnormal EMG muscle, documented
  progression) never lowers the revised El Escorial, Awaji or Gold Coast category. The
  three sets are monotone in the evidence by construction (Brooks et al. 2000; de Carvalho
  et al. 2008; Shefner et al. 2020): every category is "at least this much evidence".
  PLS (Turner et al. 2020) is deliberately absent: LMN signs exclude it.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sclerodx.anatomy import MUSCLES, REGIONS, Region
from sclerodx.assessment import assess
from sclerodx.case import (
    LMN_SIGNS,
    UMN_SIGNS,
    AttackEvidence,
    Case,
    CNSSystem,
    CoursePattern,
    Exam,
    ImagedRegion,
    LesionLocation,
    OCBPattern,
    Side,
)
from sclerodx.cohort import case_features, evaluate_criteria_batch
from sclerodx.cohort.criteria_batch import STATUS_SUFFIX
from sclerodx.criteria import SPECS, evaluate_criteria

JSON = dict[str, Any]
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RANKS: dict[str, tuple[str, ...]] = {
    "el_escorial": ("none", "possible", "probable_laboratory_supported", "probable", "definite"),
    "awaji": ("none", "possible", "probable", "definite"),
    "gold_coast": ("not_als", "als"),
}
CATEGORIES: dict[str, set[str]] = {
    **{name: set(order) for name, order in RANKS.items()},
    "mcdonald_2017": {"ms", "possible_ms", "not_ms"},
    "mcdonald_2024": {"ms", "possible_ms", "not_ms"},
    "pls": {"definite", "probable", "none"},
}


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
MUSCLE_NAMES = tuple(m.name for m in MUSCLES)

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
def _episode(draw: st.DrawFn, ref: dt.date) -> JSON:
    onset = draw(_date_before(ref))
    resolution = draw(st.none() | st.integers(0, (ref - onset).days).map(
        lambda d: (onset + dt.timedelta(days=d)).isoformat()))
    return {
        "onset": onset.isoformat(), "resolution": resolution,
        "system": draw(st.sampled_from([s.value for s in CNSSystem])), "side": draw(sides),
        "evidence": draw(st.sampled_from([e.value for e in AttackEvidence])),
        "typical_demyelinating": draw(st.booleans()), "fever_or_infection": draw(findings),
    }


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
    return {"date": draw(_date_before(ref)).isoformat(), "regions_imaged": sorted(imaged),
            "gadolinium": gadolinium, "lesions": draw(st.lists(lesion, max_size=12))}


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
        "episodes": draw(st.lists(_episode(ref), max_size=4)),
        "history": draw(_optional(**dict.fromkeys(
            ("family_history_als", "family_history_spastic_paraplegia", "neck_pain", "gynaecomastia",
             "cognitive_or_behavioural_impairment", "area_postrema_syndrome"), findings))),
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
        "microrna": draw(st.lists(st.fixed_dictionaries({
            "name": st.sampled_from(["miR-181a-5p", "miR-206", "hsa-miR-155-5p"]),
            "fluid": st.sampled_from(["serum", "plasma", "csf"]),
            "fold_change": st.floats(0.01, 100)}), max_size=2)),
    }
    if draw(st.booleans()):
        case["assessment_date"] = ref.isoformat()
    return case


@st.composite
def _with_support(draw: st.DrawFn, case: JSON) -> JSON:
    """``case`` with one supporting finding added."""
    more = copy.deepcopy(case)
    kind = draw(st.sampled_from(["umn", "lmn", "emg", "progression"]))
    if kind == "progression":
        more["course"]["progressive_motor_impairment"] = True
    elif kind == "emg":
        more["emg"].append({"muscle": draw(st.sampled_from(MUSCLE_NAMES)), "side": draw(sides),
                            "fibrillations_psw": True, "fasciculation_potentials": True,
                            "chronic_neurogenic": True})
    else:
        region = draw(st.sampled_from(REGIONS))
        sign = draw(st.sampled_from(UMN_BY_REGION[region] if kind == "umn" else LMN_SIGNS))
        more["exam"]["motor"].setdefault(region.value, {})[sign] = True
    return more


def test_every_region_has_umn_signs() -> None:
    """Guards the strategy: each region must offer at least one UMN sign to add."""
    assert all(UMN_BY_REGION[region] for region in REGIONS)


@PROPERTY_SETTINGS
@given(valid_cases())
def test_random_valid_cases_never_crash(case: JSON) -> None:
    report = evaluate_criteria(Case.model_validate(case))
    for name, allowed in CATEGORIES.items():
        result = getattr(report, name)
        assert result.category in allowed, (name, result.category)
        assert result.status in {"met", "not_met", "indeterminate"}


@PROPERTY_SETTINGS
@given(st.data())
def test_supporting_finding_never_lowers_als_category(data: st.DataObject) -> None:
    case = data.draw(valid_cases(), label="case")
    more = data.draw(_with_support(case), label="with support")
    before = evaluate_criteria(Case.model_validate(case))
    after = evaluate_criteria(Case.model_validate(more))
    for name, order in RANKS.items():
        was, now = getattr(before, name).category, getattr(after, name).category
        assert order.index(now) >= order.index(was), f"{name}: {was} -> {now}"



@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_cases())
def test_every_engine_reads_every_valid_case(case: JSON) -> None:
    """assess (criteria, differential, biomarkers) never raises on a case the model accepts."""
    result = assess(Case.model_validate(case), include_investigational=True)
    assert len(result.criteria.results()) == len(CATEGORIES)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(valid_cases(), min_size=1, max_size=4))
def test_cohort_path_agrees_with_the_per_case_engines(cases: list[JSON]) -> None:
    """Every criteria set, category and status: the vectorised cohort path is the per-case engine."""
    models = [Case.model_validate(c) for c in cases]
    batch = evaluate_criteria_batch(pl.DataFrame([case_features(c) for c in models]))
    for i, model in enumerate(models):
        report = evaluate_criteria(model)
        for spec in SPECS:
            result = getattr(report, spec.name)
            assert batch[spec.name][i] == result.category, spec.name
            assert batch[spec.name + STATUS_SUFFIX][i] == result.status.value, spec.name
