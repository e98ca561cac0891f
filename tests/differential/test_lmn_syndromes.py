"""Pure and predominant lower motor neuron syndromes (issue 11): vignettes whose expected answer
comes from the criteria and the clinical literature, not from running the code.

* Gold Coast (Shefner et al., Clin Neurophysiol 2020;131:1975-1978): ALS is UMN and LMN
  dysfunction in one region *or LMN dysfunction in two regions*, so a pure LMN syndrome does not
  exclude ALS; it does favour the LMN-only diseases, which never show UMN signs.
* EFNS/PNS MMN guideline (van Schaik et al., J Peripher Nerv Syst 2010;15:295-301): UMN signs
  are an exclusion criterion; anti-GM1 IgM is supportive; motor conduction block with normal
  sensory conduction is the definition.
* Kennedy disease (Rhodes et al., Brain 2009;132:3242-3251; Grunseich & Fischbeck, Neurol Clin
  2015;33:847-854): sensory nerve action potentials reduced in nearly all, with LMN weakness of
  the bulbar and proximal limb muscles and no UMN signs, tells SBMA from ALS.
"""

from __future__ import annotations

from typing import Any

from sclerodx.case import Case
from sclerodx.differential import Diagnosis, differential

BASE: dict[str, Any] = {"assessment_date": "2025-03-01"}
LMN_ARM = {"weakness": True, "atrophy": True, "weakness_origin": "lmn"}
NO_UMN_ARM = {"hyperreflexia": False, "hoffmann": False}
NO_UMN_LEG = {"hyperreflexia": False, "babinski": False}


def case(**fields: Any) -> Case:
    return Case.model_validate({**BASE, **fields})


def region_term(case_: Case, finding: str, diagnosis: Diagnosis) -> float:
    """The explanation's log-odds term of one region for one diagnosis."""
    return sum(c.log_odds for c in differential(case_).contributions
               if c.finding == finding and c.diagnosis is diagnosis)


def test_absent_umn_signs_in_a_weak_wasted_arm_favour_the_lmn_only_diseases_over_als() -> None:
    with_unknown = case(age=55, sex="male", exam={"motor": {"cervical": LMN_ARM}})
    with_absent = case(age=55, sex="male", exam={"motor": {"cervical": {**LMN_ARM, **NO_UMN_ARM}}})
    for lmn_only in (Diagnosis.PMA, Diagnosis.MMN, Diagnosis.SBMA):
        gain_unknown = (region_term(with_unknown, "region_cervical", lmn_only)
                        - region_term(with_unknown, "region_cervical", Diagnosis.ALS))
        gain_absent = (region_term(with_absent, "region_cervical", lmn_only)
                       - region_term(with_absent, "region_cervical", Diagnosis.ALS))
        assert gain_absent > gain_unknown + 0.3, lmn_only


def test_a_pure_lmn_syndrome_of_two_regions_keeps_als_in_the_differential() -> None:
    result = differential(case(
        age=60, sex="male", course={"pattern": "progressive_from_onset"},
        exam={"motor": {"cervical": {**LMN_ARM, **NO_UMN_ARM},
                        "lumbosacral": {"weakness": True, "atrophy": True, **NO_UMN_LEG}},
              "sensory_loss": False}))
    assert result.probability(Diagnosis.ALS) > 0.05                  # Gold Coast: LMN in two regions
    assert result.probability(Diagnosis.PMA) > 0.05
    top3 = {p.diagnosis for p in result.posteriors[:3]}
    assert {Diagnosis.ALS, Diagnosis.PMA} <= top3


def test_umn_signs_in_the_weak_arm_move_away_from_mmn() -> None:
    arm = {"weakness": True, "atrophy": True}
    without = differential(case(age=45, sex="male", exam={"motor": {"cervical": {**arm, **NO_UMN_ARM}}}))
    with_umn = differential(case(age=45, sex="male", exam={"motor": {"cervical": {
        **arm, "hyperreflexia": True, "hoffmann": True}}}))
    ratio_without = without.probability(Diagnosis.MMN) / without.probability(Diagnosis.ALS)
    ratio_with = with_umn.probability(Diagnosis.MMN) / with_umn.probability(Diagnosis.ALS)
    assert ratio_with < ratio_without / 5                               # EFNS/PNS exclusion criterion


def test_anti_gm1_supports_mmn_but_less_than_block_with_normal_sensory_conduction() -> None:
    base: dict[str, Any] = {"age": 45, "sex": "male",
                            "exam": {"motor": {"cervical": {**LMN_ARM, **NO_UMN_ARM}}}}
    plain = differential(case(**base))
    gm1 = differential(case(**base, serum={"anti_gm1_igm": {"result": "positive"}}))
    block = differential(case(**base, nerve_conduction=[
        {"nerve": "ulnar", "kind": "motor", "conduction_block": "definite"},
        {"nerve": "ulnar", "kind": "sensory", "response": "normal"}]))

    def odds(result: Any) -> float:
        return float(result.probability(Diagnosis.MMN) / result.probability(Diagnosis.ALS))

    assert odds(plain) < odds(gm1) < odds(block)
    assert block.leading.diagnosis is Diagnosis.MMN


def test_bulbar_and_proximal_lmn_weakness_with_reduced_sensory_responses_is_kennedy_disease() -> None:
    result = differential(case(
        age=50, sex="male", symptom_onset="2015-01-01", course={"pattern": "progressive_from_onset"},
        history={"dysarthria": True, "dysphagia": True},
        exam={"motor": {"bulbar": {"atrophy": True, "fasciculations": True},
                        "cervical": {**LMN_ARM, "reflexes_reduced": True, **NO_UMN_ARM},
                        "lumbosacral": {"weakness": True, "atrophy": True, "reflexes_reduced": True,
                                        **NO_UMN_LEG}},
              "weakness_symmetry": "symmetric"},
        nerve_conduction=[{"nerve": "median", "kind": "motor", "conduction_block": "none"},
                          {"nerve": "sural", "kind": "sensory", "response": "reduced"}]))
    assert result.probability(Diagnosis.SBMA) > result.probability(Diagnosis.ALS)
    assert Diagnosis.SBMA in {p.diagnosis for p in result.posteriors[:2]}
