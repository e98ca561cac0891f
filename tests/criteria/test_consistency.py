"""One report never contradicts itself: labels, gates, relevance and coexistence come from one record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.criteria.case_strategies import JSON, valid_cases
from tests.criteria.vignettes import (
    BRAIN_CORD,
    LUMBOSACRAL_PAIR,
    OCB,
    ONE_BRAINSTEM,
    PROGRESSIVE,
    PV,
    PV_IT_NO_GAD,
    SC,
    als_case,
    b,
    ep,
    les,
    mri,
    ms_case,
    normal,
    u,
)

from sclerodx.assessment import assess
from sclerodx.case import Case
from sclerodx.cohort import case_features, evaluate_criteria_batch
from sclerodx.cohort.criteria_batch import STATUS_SUFFIX
from sclerodx.criteria import SPECS, Status, case_evidence, evaluate_criteria, evaluate_gold_coast
from sclerodx.criteria.ms_common import record_row, tri_status
from sclerodx.criteria.result import CriterionResult
from sclerodx.criteria.spec import status_of_code


def _report(data: dict[str, Any]) -> Any:
    return evaluate_criteria(Case.model_validate(data))


def test_label_says_indeterminate_while_progression_is_undocumented() -> None:
    report = _report(als_case({"bulbar": b("bulbar"), "cervical": b("cervical"),
                               "lumbosacral": b("lumbosacral")}, progressive=None))
    reec = report.el_escorial
    assert reec.category == "definite"
    assert reec.status is Status.INDETERMINATE
    assert reec.label == "clinically definite ALS once progression is documented; indeterminate now"
    assert report.gold_coast.label.endswith("once progression is documented; indeterminate now")
    assert any("progressive motor impairment" in m for m in reec.missing)


def test_met_label_is_plain() -> None:
    report = _report(als_case({"bulbar": b("bulbar"), "cervical": b("cervical"),
                               "lumbosacral": b("lumbosacral")}))
    assert report.el_escorial.label == "clinically definite ALS"
    assert report.el_escorial.status is Status.MET


def test_ms_met_never_shows_the_als_exclusion_as_fulfilled() -> None:
    case = ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,), csf=OCB)
    case["exam"] = {"motor": {"cervical": u("cervical"), "lumbosacral": u("lumbosacral")}}
    report = _report(case)
    assert report.mcdonald_2017.status is Status.MET
    for result in (report.el_escorial, report.awaji, report.gold_coast):
        rule = next(r for r in result.rules if r.id == "other_causes_excluded")
        assert rule.status is not Status.MET, result.name
        assert "McDonald criteria for MS are met" in rule.description
    assert report.coexistence is None


def test_coexistence_is_said_plainly_when_both_are_met() -> None:
    case = als_case({"bulbar": b("bulbar"), "cervical": b("cervical"), "lumbosacral": b("lumbosacral")},
                    *LUMBOSACRAL_PAIR, assessment="2024-06-01")
    ms = ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,), csf=OCB)
    case |= {"episodes": ms["episodes"], "mri": ms["mri"], "csf": ms["csf"]}
    report = _report(case)
    assert report.mcdonald_2017.status is Status.MET
    assert report.el_escorial.category == "definite"
    assert report.coexistence is not None
    assert "coexist" in report.coexistence
    assert "Aljthalin" in report.coexistence


def test_gold_coast_strict_reading_is_a_named_option() -> None:
    case = Case.model_validate(als_case({"bulbar": {"jaw_jerk": False, "weakness": True, "atrophy": True},
                                         "cervical": normal("cervical"), "lumbosacral": u("lumbosacral")}))
    assert evaluate_gold_coast(case).category == "als"
    strict = evaluate_gold_coast(case, reading="same_region")
    assert strict.category == "not_als"
    assert strict.decision["reading"] == "same_region"


def test_mcdonald_decision_records_say_counts_dit_after_ocb_and_pathway() -> None:
    report = _report(ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,), csf=OCB))
    record = report.mcdonald_2017.decision
    assert record["attacks"] == 1
    assert record["objective_lesions"] == 1
    assert record["dit_mri"] is None  # one study without gadolinium: DIT on MRI not assessable
    assert record["dit_fulfilled_after_ocb_substitution"] is True
    assert record["ocb_substituted_for_dit"] is True
    assert record["pathway"] == "relapsing"
    assert report.mcdonald_2024.decision["pathway"] == "relapsing"
    assert report.model_dump(mode="json")["mcdonald_2017"]["decision"]["attacks"] == 1


def test_failed_gate_is_named_in_rules_and_missing() -> None:
    report = _report(als_case({"cervical": b("cervical"), "lumbosacral": b("lumbosacral")}, excluded=False))
    for result in (report.el_escorial, report.awaji, report.gold_coast, report.pls):
        assert result.status is Status.NOT_MET, result.name
        assert any(r.id == "other_causes_excluded" and r.status is Status.NOT_MET for r in result.rules)
        assert any("another" in m for m in result.missing), result.name


def test_relevance_marks_criteria_off_the_leading_diagnoses_secondary() -> None:
    case = Case.model_validate(ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,)))
    result = assess(case)
    assert result.criteria.mcdonald_2017.relevance == "primary"
    assert result.criteria.el_escorial.relevance == "secondary"
    assert result.criteria.gold_coast.relevance == "secondary"


# --------------------------------------------------------------------------- never self-contradicting

#: For each criteria set: rule id -> how its status is read from row 0 of the decision record.
_MS_RULES_2017: dict[str, Callable[[Any], Status]] = {
    "attacks": lambda d: _yes(d.common.attacks[0] >= 1),
    "objective_lesions": lambda d: _yes(d.common.objective_lesions[0] >= 1),
    "table_row": lambda d: _yes(d.relapsing[0]),
    "dis_mri": lambda d: tri_status(d.dis_mri[0]),
    "dit_mri": lambda d: tri_status(d.common.dit_mri[0]),
    "positive_csf": lambda d: tri_status(d.common.ocb[0]),
    "dit_after_ocb_substitution": lambda d: _yes(d.dit_fulfilled_after_ocb_substitution[0]),
    "ppms_progression": lambda d: tri_status(d.ppms_duration[0]),
    "ppms_items": lambda d: _yes(d.ppms_items[0] >= 2),
}
_MS_RULES_2024: dict[str, Callable[[Any], Status]] = {
    "attacks": _MS_RULES_2017["attacks"],
    "objective_lesions": _MS_RULES_2017["objective_lesions"],
    "dis_mri": lambda d: tri_status(d.dis_mri[0]),
    "dis_four_areas": lambda d: _yes(d.dis_four_areas[0]),
    "dit_mri": _MS_RULES_2017["dit_mri"],
    "positive_csf": lambda d: tri_status(d.positive_csf[0]),
    "central_vein_sign": lambda d: tri_status(d.select_6[0]),
    "progressive_path": lambda d: _yes(d.primary_progressive[0]),
}
#: Rules that must be met when the verdict took a pathway.
_PATHWAY_RULES = {
    ("mcdonald_2017", "relapsing"): ("attacks", "table_row"),
    ("mcdonald_2017", "primary_progressive"): ("ppms_progression", "ppms_items"),
    ("mcdonald_2024", "relapsing"): ("attacks",),
    ("mcdonald_2024", "primary_progressive"): ("progressive_path",),
}


def _yes(value: Any) -> Status:
    return Status.MET if bool(value) else Status.NOT_MET


def _gate_rules(result: CriterionResult) -> dict[str, Status]:
    return {r.id: r.status for r in result.rules if r.id in ("progression", "other_causes_excluded")}


def _check_ms(name: str, result: CriterionResult, d: Any) -> None:
    rules = {r.id: r.status for r in result.rules}
    for rule_id, read in (_MS_RULES_2017 if name == "mcdonald_2017" else _MS_RULES_2024).items():
        if rule_id in rules:
            assert rules[rule_id] is read(d), (name, rule_id)
    assert result.decision == record_row(d), name
    assert (result.status is Status.MET) == (result.category == "ms") == (not result.missing), name
    taken = result.decision["pathway"]
    assert (taken is not None) == (result.status is Status.MET), name
    for rule_id in _PATHWAY_RULES.get((name, str(taken)), ()):
        assert rules[rule_id] is Status.MET, (name, taken, rule_id)
    if name == "mcdonald_2024" and taken == "relapsing":
        assert Status.MET in (rules["dis_mri"], rules["dis_four_areas"]) or "one_area_cvs_csf" in rules
    if result.status is Status.INDETERMINATE:
        assert "not yet" in result.label or "indeterminate" in result.label, name


def _check_motor(name: str, result: CriterionResult, d: Any) -> None:
    code, status = int(d.codes[0]), status_of_code(int(d.status[0]))
    assert result.decision["category_code"] == code, name
    gates = _gate_rules(result)
    if result.status is Status.MET:
        assert gates["progression"] is Status.MET, name
        assert gates["other_causes_excluded"] is not Status.NOT_MET, name
    else:
        assert result.missing, (name, "a verdict short of met says what is missing")
    if Status.NOT_MET in gates.values():
        assert result.status is Status.NOT_MET, name
        assert code == 0, (name, "a failed gate gives no category")
    assert (result.status is Status.INDETERMINATE) == ("indeterminate" in result.label), name
    assert status is result.status


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(valid_cases(), min_size=1, max_size=3))
def test_headline_rules_missing_and_cohort_row_never_disagree(cases: list[JSON]) -> None:
    """For random valid cases: every set's category, status, rules, gaps, JSON record and cohort row
    come from one decision record and cannot contradict each other."""
    models = [Case.model_validate(c) for c in cases]
    batch = evaluate_criteria_batch(pl.DataFrame([case_features(m) for m in models]))
    for i, model in enumerate(models):
        ev = case_evidence(model)
        report = evaluate_criteria(model, ev)
        for spec in SPECS:
            result = getattr(report, spec.name)
            d = spec.decide_case(ev)
            assert result.category == spec.categories[int(d.codes[0])], spec.name
            assert result.status is status_of_code(int(d.status[0])), spec.name
            assert batch[spec.name][i] == result.category, spec.name
            assert batch[spec.name + STATUS_SUFFIX][i] == result.status.value, spec.name
            if spec.name.startswith("mcdonald"):
                _check_ms(spec.name, result, d)
            else:
                _check_motor(spec.name, result, d)


def test_json_decision_gives_counts_as_numbers_and_each_pathway() -> None:
    # Primary progressive (Thompson 2018): >= 1 year of progression + PV lesion + CSF-specific bands.
    ppms = _report(ms_case(studies=(mri("2024-02-01", les(PV), les(SC), regions=BRAIN_CORD),), csf=OCB,
                           course=PROGRESSIVE))
    for result in (ppms.mcdonald_2017, ppms.mcdonald_2024):
        assert result.status is Status.MET, result.name
        assert result.decision["pathway"] == "primary_progressive", result.name
        assert isinstance(result.decision["attacks"], int)
        assert result.decision["attacks"] == 0
        assert isinstance(result.decision["objective_lesions"], int)
    assert ppms.mcdonald_2017.label.endswith("(primary progressive)")
    # Radiologically isolated (Montalban 2025): DIS 2 of 5 and positive CSF, no attack, no progression.
    ris = _report(ms_case(studies=(PV_IT_NO_GAD,), csf=OCB, course={"progressive_motor_impairment": False}))
    assert ris.mcdonald_2024.decision["pathway"] == "radiologically_isolated"
    assert ris.mcdonald_2017.decision["pathway"] is None  # 2017 has no RIS pathway
    dumped = ris.model_dump(mode="json")["mcdonald_2024"]["decision"]
    assert dumped["dis_areas"] == 2
    assert dumped["positive_csf"] is True


def test_ibm_pattern_without_investigation_is_pending_and_named() -> None:
    motor = {"cervical": {"weakness": True, "atrophy": True}, "lumbosacral": u("lumbosacral")}
    case = als_case(motor)
    case["exam"] = {"motor": motor, "finger_flexor_weakness": True, "knee_extensor_weakness": True}
    report = _report(case)
    for result in (report.el_escorial, report.awaji, report.gold_coast):
        assert result.status is Status.INDETERMINATE, result.name
        assert result.decision["category_code"] == 0, result.name
        rule = next(r for r in result.rules if r.id == "other_causes_excluded")
        assert rule.status is Status.INDETERMINATE
        assert "not yet investigated" in rule.description
        assert any("Needle EMG or muscle biopsy" in m for m in result.missing), result.name
    assert report.gold_coast.category == "not_als"
    assert "indeterminate now" in report.gold_coast.label
    # once needle EMG is recorded without neurogenic change, EMG and examination point to a myopathy
    case["emg"] = [{"muscle": "vastus lateralis", "myopathic_units": True, "chronic_neurogenic": False}]
    assert _report(case).gold_coast.status is Status.NOT_MET


def test_open_dates_say_so_in_label_missing_and_record() -> None:
    episodes = (ep("2024-03", "optic_nerve", side="left"), ep("2024-03", "spinal_cord"))
    report = _report(ms_case(episodes=episodes))
    result = report.mcdonald_2017
    assert result.category == "possible_ms"
    assert result.status is Status.INDETERMINATE
    assert result.decision["dates_open"] is True
    assert (result.decision["attacks"], result.decision["attacks_max"]) == (1, 2)
    assert "30 days apart" in result.label
    assert "indeterminate now" in result.label
    assert any("episodes[0] and episodes[1]" in m for m in result.missing)
