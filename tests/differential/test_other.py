"""The catch-all ``other`` as a mixture of named causes.

Vignettes: each is the textbook picture of one cause, written from its definition in the
cited literature (not from running the code); ``other`` should lead and the cause should be
named first inside it.
"""

from __future__ import annotations

import numpy as np
import pytest

from sclerodx.assessment import assess
from sclerodx.case import Case
from sclerodx.differential import DIAGNOSES, Diagnosis, EvidenceTableError, differential, parse_evidence_table
from sclerodx.differential.batch import (
    N_NAMED,
    cases_to_arrays,
    hypothesis_posterior_and_likelihood,
    packaged_table,
    posterior_matrix,
)
from sclerodx.differential.calibration import calibrate
from sclerodx.differential.evidence_table import load_evidence_table
from sclerodx.differential.next_test import TESTS
from sclerodx.summary import render

#: Hirayama disease: a young man, distal unilateral hand and forearm wasting and weakness,
#: no UMN signs, no sensory loss, reflexes preserved, neurogenic hand EMG, forward dural shift
#: on flexion MRI (Hirayama K, Neuropathology 2000; Lehman VT et al., AJNR 2013).
HIRAYAMA = {
    "age": 19, "sex": "male", "assessment_date": "2024-01-01", "symptom_onset": "2022-06-01",
    "course": {"progressive_motor_impairment": True},
    "exam": {"motor": {"cervical": {"weakness": True, "atrophy": True, "hyperreflexia": False,
                                    "hoffmann": False, "reflexes_reduced": False},
                       "lumbosacral": {"weakness": False, "atrophy": False, "hyperreflexia": False,
                                       "babinski": False},
                       "bulbar": {"weakness": False, "atrophy": False}},
             "sensory_loss": False},
    "mri": [{"date": "2024-01-01", "regions_imaged": ["cervical_cord"], "lesions": [],
             "flexion_forward_shift": True, "cord_compression": False}],
}
#: Myasthenia gravis: fluctuating, fatigable bulbar and limb weakness with ptosis, no wasting or
#: fasciculation, AChR antibodies and a decrement (Gilhus NE et al., Nat Rev Dis Primers 2019).
MYASTHENIA = {
    "age": 45, "sex": "female",
    "history": {"dysarthria": True, "dysphagia": True},
    "exam": {"motor": {"bulbar": {"weakness": True, "atrophy": False, "fasciculations": False},
                       "cervical": {"weakness": True, "atrophy": False, "fasciculations": False,
                                    "hyperreflexia": False}},
             "sensory_loss": False, "fatigable_weakness": True, "ptosis_or_diplopia": True},
    "serum": {"achr_antibodies": {"result": "positive"}},
    "neuromuscular_junction": {"repetitive_stimulation_decrement": True},
}
#: Copper deficiency myelopathy: spastic paraparesis with dorsal column sensory loss after gastric
#: surgery, low copper, normal B12 (Kumar N, Mayo Clin Proc 2006).
COPPER = {
    "age": 58, "sex": "male", "course": {"progressive_motor_impairment": True},
    "history": {"prior_gastrointestinal_surgery": True},
    "exam": {"motor": {"lumbosacral": {"spasticity": True, "babinski": True, "atrophy": False}},
             "sensory_loss": True},
    "serum": {"copper_low": True, "vitamin_b12_low": False},
}
#: HTLV-1-associated myelopathy: slowly progressive spastic paraparesis with early bladder
#: involvement and HTLV-1 antibodies (De Castro-Costa CM et al., AIDS Res Hum Retroviruses 2006).
HTLV1 = {
    "age": 52, "sex": "female", "course": {"progressive_motor_impairment": True},
    "exam": {"motor": {"lumbosacral": {"spasticity": True, "hyperreflexia": True, "babinski": True}},
             "bladder_dysfunction": True},
    "serum": {"htlv1_antibodies": {"result": "positive"}},
}


@pytest.mark.parametrize(("data", "cause"), [(HIRAYAMA, "hirayama"), (MYASTHENIA, "myasthenia"),
                                             (COPPER, "copper_deficiency"), (HTLV1, "htlv1_myelopathy")],
                         ids=["hirayama", "myasthenia", "copper", "htlv1"])
def test_the_textbook_picture_of_a_cause_leads_as_other_and_names_the_cause(data, cause):
    result = differential(Case.model_validate(data))
    assert result.leading.diagnosis is Diagnosis.OTHER
    assert result.other_causes[0].cause == cause
    assert result.other_causes[0].probability_within_other > 0.5


def test_a_teenage_boy_with_unilateral_distal_arm_wasting_leads_with_hirayama_disease():
    """A 17-year-old man with wasting and weakness of one hand and forearm, no UMN signs, no sensory
    loss, legs and bulbar muscles spared, flexion MRI not done: the picture and the age and sex of
    Hirayama disease (onset in the teens, mostly men; Hirayama K, Neuropathology 2000; Wang H et al.,
    Neurologia 2024), so ``other`` leads with Hirayama disease named first and flexion MRI offered."""
    data = {key: value for key, value in HIRAYAMA.items() if key != "mri"}
    data |= {"age": 17, "symptom_onset": "2023-03-01"}
    result = differential(Case.model_validate(data))
    assert result.leading.diagnosis is Diagnosis.OTHER
    assert result.other_causes[0].cause == "hirayama"
    assert result.other_causes[0].probability_within_other > 0.5
    assert result.other_causes[0].test == "flexion_mri"
    older = differential(Case.model_validate(data | {"age": 72, "sex": "female"}))
    assert older.leading.diagnosis is not Diagnosis.OTHER


def _cause_probability(data: dict, cause: str, age: int, sex: str) -> float:
    result = differential(Case.model_validate(data | {"age": age, "sex": sex}))
    return next((c.probability for c in result.other_causes if c.cause == cause), 0.0)


def test_fatigable_bulbar_weakness_reads_myasthenia_by_its_bimodal_age_and_sex():
    """Early-onset myasthenia is mostly in women, late-onset mostly in men (Gilhus NE et al., Nat
    Rev Dis Primers 2019): the same fatigable bulbar picture with ptosis is more probably
    myasthenia in a 72-year-old man than in a 25-year-old man, and in a young woman than a young
    man."""
    data = {key: value for key, value in MYASTHENIA.items() if key not in ("serum", "neuromuscular_junction")}
    young_man = _cause_probability(data, "myasthenia", 25, "male")
    assert _cause_probability(data, "myasthenia", 72, "male") > young_man
    assert _cause_probability(data, "myasthenia", 25, "female") > young_man
    old_man = differential(Case.model_validate(data | {"age": 72, "sex": "male"}))
    assert old_man.leading.diagnosis is Diagnosis.OTHER


def test_a_myelopathy_after_gastric_surgery_is_more_often_copper_deficiency_in_a_woman():
    """Copper deficiency myelopathy is 3.6 times commoner in women, in the fifth and sixth decades
    (Jaiser SR, Winston GP, J Neurol 2010)."""
    data = {key: value for key, value in COPPER.items() if key != "serum"}
    assert (_cause_probability(data, "copper_deficiency", 50, "female")
            > 2 * _cause_probability(data, "copper_deficiency", 50, "male"))


def test_other_is_the_sum_of_its_causes_and_its_remainder():
    cases = [Case.model_validate(d) for d in (HIRAYAMA, MYASTHENIA, COPPER, HTLV1, {})]
    states, age, sex = cases_to_arrays(cases)
    hypotheses, _ = hypothesis_posterior_and_likelihood(states, age, sex)
    posterior = posterior_matrix(states, age, sex)
    other = DIAGNOSES.index(Diagnosis.OTHER)
    summed = hypotheses[:, N_NAMED:].sum(axis=1, keepdims=True)
    model = np.concatenate([hypotheses[:, :N_NAMED], summed], axis=1)
    np.testing.assert_allclose(posterior, calibrate(model), rtol=1e-12)  # the output is calibrated
    for case, row in zip(cases, posterior, strict=True):
        result = differential(case)
        named = sum(c.probability for c in result.other_causes)
        assert named <= result.probability(Diagnosis.OTHER) + 1e-12
        assert result.probability(Diagnosis.OTHER) == pytest.approx(row[other], rel=1e-12)


def test_contributions_of_other_add_up_to_its_log_ratio():
    result = differential(Case.model_validate(MYASTHENIA))
    log_p = {p.diagnosis: np.log(p.probability) for p in result.posteriors}
    centred = log_p[Diagnosis.OTHER] - np.mean(list(log_p.values()))
    assert result.log_odds(Diagnosis.OTHER) == pytest.approx(centred, abs=1e-9)


def test_every_cause_has_a_defining_test_and_a_sourced_share():
    table = load_evidence_table()
    ids = {t.id for t in TESTS}
    assert {c.id for c in table.causes} >= {"hirayama", "myasthenia", "cidp", "syringomyelia",
                                           "b12_deficiency", "copper_deficiency", "htlv1_myelopathy"}
    for cause in table.causes:
        assert cause.test in ids
        assert cause.source.strip()
    assert 0.05 <= table.remainder_share < 1.0
    compiled = packaged_table()
    assert compiled.cause_weights.sum() == pytest.approx(1.0)


def test_a_pending_myasthenic_picture_offers_the_antibodies_in_clinical_words():
    data = {**MYASTHENIA, "serum": None, "neuromuscular_junction": None}
    tests = {t.test: t for t in differential(Case.model_validate(data)).next_tests}
    assert "nmj_antibodies" in tests
    assert "Acetylcholine-receptor" in tests["nmj_antibodies"].label
    assert "a cause inside 'other'" in tests["nmj_antibodies"].reason


def test_a_myelopathy_after_gastric_surgery_offers_b12_and_copper():
    data = {**COPPER, "serum": None}
    tests = [t.test for t in differential(Case.model_validate(data)).next_tests]
    assert "b12_copper" in tests


def test_the_summary_names_the_causes_inside_other():
    case = Case.model_validate(MYASTHENIA)
    text = render(case, assess(case))
    assert "Myasthenia gravis" in text
    assert "is most likely" in text


_FINDING = '[[finding]]\nid = "f"\nlabel = "a finding"\nstates = ["absent", "present"]\n\n'
_ALL = ", ".join(f'"{d.value}"' for d in DIAGNOSES)
_ROW = (f'[[row]]\nfinding = "f"\ndiagnoses = [{_ALL}]\np = [0.3, 0.7]\nn = 10\n'
        'source = "Doe J, J Test 2020"\n\n')


def test_a_row_for_an_undeclared_cause_is_refused_naming_it():
    ghost = '[[row]]\nfinding = "f"\ncauses = ["ghost"]\np = [0.5, 0.5]\nn = 5\nsource = "x"\n'
    text = _FINDING + _ROW + ghost
    with pytest.raises(EvidenceTableError, match=r"unknown cause.*ghost"):
        parse_evidence_table(text)


def test_shares_that_leave_no_remainder_are_refused():
    cause = '[[cause]]\nid = "a"\nlabel = "A"\nshare = 0.99\ntest = "t"\nsource = "expert estimate: x"\n\n'
    with pytest.raises(EvidenceTableError, match="remainder"):
        parse_evidence_table(_FINDING + _ROW + cause)


def test_a_cause_without_its_own_row_takes_the_remainders_row():
    cause = '[[cause]]\nid = "a"\nlabel = "A"\nshare = 0.5\ntest = "t"\nsource = "expert estimate: x"\n\n'
    table = parse_evidence_table(_FINDING + _ROW + cause)
    assert table.cause_probabilities is not None
    assert table.cause_probabilities["f"][:, 0].tolist() == [0.3, 0.7]
