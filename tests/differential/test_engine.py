"""The per-case engine: priors without evidence, exact additivity, investigational opt-in."""

from __future__ import annotations

import numpy as np
import pytest
from tests.differential.vignettes import VIGNETTES, vignette

from sclerodx.case import Case, Sex
from sclerodx.differential import DIAGNOSES, Diagnosis, differential
from sclerodx.differential.calibration import calibrate
from sclerodx.differential.priors import (
    INCIDENCE,
    MND,
    REFERRAL_WEIGHT,
    TRAYNOR_2000_MIMICS,
    TRAYNOR_2000_MND,
    prior,
)
from sclerodx.examples import list_examples, load_example

CASES = [load_example(name) for name in list_examples()] + [vignette(name) for name in VIGNETTES]


@pytest.mark.parametrize(("age", "sex"), [(None, None), (30.0, Sex.FEMALE), (67.0, Sex.MALE), (45.0, None)])
def test_case_without_evidence_returns_the_calibrated_prior(age, sex):
    result = differential(Case(age=age, sex=sex))
    expected = calibrate(np.array([prior(age, sex)[d] for d in DIAGNOSES]))
    for j, d in enumerate(DIAGNOSES):
        assert result.probability(d) == pytest.approx(expected[j], rel=1e-9)
    assert {c.finding for c in result.contributions} == {"prior"}
    assert all(f.state is None for f in result.findings)


def test_prior_depends_on_age_and_sex_as_incidence_does():
    young_woman, old_man = prior(30, Sex.FEMALE), prior(67, Sex.MALE)
    assert young_woman[Diagnosis.RELAPSING_MS] > young_woman[Diagnosis.ALS]
    assert old_man[Diagnosis.ALS] > old_man[Diagnosis.RELAPSING_MS]
    assert prior(45, Sex.MALE)[Diagnosis.SBMA] > 100 * prior(45, Sex.FEMALE)[Diagnosis.SBMA]
    assert prior(70, Sex.MALE)[Diagnosis.IBM] > 10 * prior(30, Sex.MALE)[Diagnosis.IBM]


def test_referral_prior_gives_the_mimic_shares_of_the_irish_register_referrals():
    """Traynor 2000: beside 405 referrals with MND, 7 had MMN and 4 Kennedy disease."""
    def adult_rate(d: Diagnosis) -> float:
        return sum(sum(band[1:]) for band in INCIDENCE[d]) * REFERRAL_WEIGHT.get(d, 1.0)

    mnd = sum(adult_rate(d) for d in MND)
    for diagnosis, count in TRAYNOR_2000_MIMICS.items():
        assert adult_rate(diagnosis) / mnd == pytest.approx(count / TRAYNOR_2000_MND, rel=1e-9)
        assert REFERRAL_WEIGHT[diagnosis] > 1.0      # the incidence table undercounts them in clinic
    older_man, younger_man = prior(70, Sex.MALE), prior(45, Sex.MALE)
    assert younger_man[Diagnosis.MMN] > older_man[Diagnosis.MMN]   # the incidence's own age shape


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id or "vignette")
def test_contributions_add_up_to_the_posterior_log_odds(case):
    result = differential(case)
    log_p = np.log([result.probability(d) for d in DIAGNOSES])
    clr = log_p - log_p.mean()
    sums = np.array([result.log_odds(d) for d in DIAGNOSES])
    np.testing.assert_allclose(sums, clr, rtol=0, atol=1e-9)
    recovered = np.exp(sums - sums.max())
    np.testing.assert_allclose(recovered / recovered.sum(), np.exp(log_p), atol=1e-12)


def test_each_finding_contributes_zero_in_total_across_diagnoses():
    result = differential(vignette("typical_als"))
    for finding in {c.finding for c in result.contributions}:
        total = sum(c.log_odds for c in result.contributions if c.finding == finding)
        assert total == pytest.approx(0.0, abs=1e-9)


def test_a_finding_moves_the_posterior_in_the_direction_of_its_contribution():
    result = differential(vignette("mmn_definite_block"))
    block = next(c for c in result.contributions
                 if c.finding == "nerve_conduction" and c.diagnosis is Diagnosis.MMN)
    assert "conduction_block present" in block.state
    assert block.log_odds > 2.0


def test_unknown_findings_contribute_nothing():
    documented = vignette("typical_als").model_copy(update={"csf": None, "genetics": None})
    result = differential(documented)
    used = {c.finding for c in result.contributions}
    assert "intrathecal_igg" not in used
    assert "ar_cag" not in used


MIRNA = {"microrna": [{"name": "miR-155-5p", "fluid": "serum", "fold_change": 3.0}]}


def test_microrna_is_left_out_unless_opted_in_and_always_labelled():
    case = vignette("typical_rrms").model_copy(update={}, deep=True)
    case = Case.model_validate({**case.model_dump(mode="json"), **MIRNA})
    headline = differential(case)
    opted = differential(case, include_investigational=True)
    without = differential(vignette("typical_rrms"))
    assert headline.investigational_included is False
    assert [p.probability for p in headline.posteriors] == [p.probability for p in without.posteriors]
    mirna = next(f for f in headline.findings if f.finding == "mirna_dysregulated")
    assert mirna.state == "dysregulated"
    assert mirna.investigational
    assert not mirna.used
    assert opted.investigational_included is True
    assert opted.probability(Diagnosis.RELAPSING_MS) > headline.probability(Diagnosis.RELAPSING_MS)
    rows = [c for c in opted.contributions if c.finding == "mirna_dysregulated"]
    assert rows
    assert all(c.investigational for c in rows)


def test_mir181_alone_carries_no_diagnostic_weight():
    case = Case.model_validate({"microrna": [{"name": "miR-181a-5p", "fluid": "plasma", "fold_change": 4}]})
    result = differential(case, include_investigational=True)
    assert next(f for f in result.findings if f.finding == "mirna_dysregulated").state is None


def test_output_is_sorted_and_serialisable():
    result = differential(load_example("typical-als"))
    probabilities = [p.probability for p in result.posteriors]
    assert probabilities == sorted(probabilities, reverse=True)
    assert sum(probabilities) == pytest.approx(1.0)
    again = type(result).model_validate_json(result.model_dump_json())
    assert again == result
    assert "not a diagnosis" in result.disclaimer


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id or "vignette")
def test_reading_the_criteria_evidence_gives_the_same_findings_and_posterior(case):
    from sclerodx.criteria.evidence import case_evidence
    from sclerodx.differential.findings import observe

    evidence = case_evidence(case)
    assert observe(case, evidence) == observe(case)
    with_evidence, alone = differential(case, evidence=evidence), differential(case)
    for d in DIAGNOSES:
        assert with_evidence.probability(d) == alone.probability(d)


def test_evidence_of_another_case_is_refused():
    from sclerodx.criteria.evidence import case_evidence

    with pytest.raises(ValueError, match="another case"):
        differential(vignette("typical_als"), evidence=case_evidence(Case(age=40.0)))


def test_an_emg_region_summary_is_read_and_one_without_its_chronic_component_stays_unknown():
    from sclerodx.differential.findings import observe

    summary = {"region": "cervical", "chronic_neurogenic": True, "fibrillations_psw": True,
               "different_roots_and_nerves": True}
    read = observe(Case.model_validate({"emg_regions": [summary]}))["region_cervical"].state
    assert read == "emg_neurogenic present"
    unknown = {**summary, "chronic_neurogenic": None}
    assert observe(Case.model_validate({"emg_regions": [unknown]}))["region_cervical"].state is None
