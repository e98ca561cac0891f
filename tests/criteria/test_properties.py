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

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.criteria.case_strategies import JSON, MUSCLE_NAMES, REGIONS, UMN_BY_REGION, sides, valid_cases

from sclerodx.assessment import assess
from sclerodx.case import LMN_SIGNS, Case
from sclerodx.cohort import case_features, evaluate_criteria_batch
from sclerodx.cohort.criteria_batch import STATUS_SUFFIX
from sclerodx.criteria import SPECS, evaluate_criteria

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
