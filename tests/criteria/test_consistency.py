"""One report never contradicts itself: labels, gates, relevance and coexistence come from one record."""

from __future__ import annotations

from typing import Any

from vignettes import (
    LUMBOSACRAL_PAIR,
    OCB,
    ONE_BRAINSTEM,
    PV_IT_NO_GAD,
    als_case,
    b,
    ms_case,
    normal,
    u,
)

from sclerodx.assessment import assess
from sclerodx.case import Case
from sclerodx.criteria import Status, evaluate_criteria, evaluate_gold_coast


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
    assert record["dit_mri"] is False
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
