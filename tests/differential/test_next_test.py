"""Next-best-test ranking: information gain that matches brute force, and clinical sense."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from tests.differential.vignettes import DENERVATED, NORMAL_EMG

from sclerodx.case import Case
from sclerodx.differential import differential, encode_states
from sclerodx.differential.batch import (
    N_NAMED,
    cases_to_arrays,
    log_likelihood,
    packaged_table,
    posterior_matrix,
)
from sclerodx.differential.calibration import POSTERIOR_TEMPERATURE, calibrate
from sclerodx.differential.diagnoses import DIAGNOSES, Diagnosis
from sclerodx.differential.findings import observe, part_patterns
from sclerodx.differential.next_test import (
    DEFINED_MIN_PROBABILITY,
    SPECS,
    TESTS,
    cause_establishing_value,
    defined_diagnoses,
    done,
    entropy_bits,
    establishing_values,
    offered,
)
from sclerodx.differential.priors import prior_matrix, sex_code
from sclerodx.examples import load_example

LMN_ONLY_ARM = {
    "age": 47, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2023-06-01",
    "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
    "exam": {"motor": {"cervical": {"hyperreflexia": False, "hoffmann": False, "weakness": True,
                                    "atrophy": True, "fasciculations": True},
                       "lumbosacral": {"hyperreflexia": False, "babinski": False, "weakness": False,
                                       "atrophy": False}},
             "sensory_loss": False},
    "emg": [{"muscle": "first dorsal interosseous", **DENERVATED},
            {"muscle": "extensor digitorum communis", **DENERVATED},
            {"muscle": "tibialis anterior", **NORMAL_EMG}, {"muscle": "vastus lateralis", **NORMAL_EMG}],
}


def test_lmn_only_arm_syndrome_without_nerve_conduction_ranks_it_first_and_no_lumbar_puncture_before_mri():
    tests = [t.test for t in differential(Case.model_validate(LMN_ONLY_ARM)).next_tests]
    assert "nerve_conduction" in tests[:2]
    assert "lumbar_puncture" not in tests      # no MRI yet: CSF comes after imaging (Thompson 2018)
    nerve = next(t for t in differential(Case.model_validate(LMN_ONLY_ARM)).next_tests
                 if t.test == "nerve_conduction")
    assert "motor conduction block present" in nerve.reason


def test_lumbar_puncture_and_susceptibility_mri_are_offered_once_mri_is_known():
    case = Case.model_validate({**LMN_ONLY_ARM, "mri": [{"date": "2025-02-01", "regions_imaged": ["brain"],
                                                         "lesions": []}]})
    specs = {t.id: t for t in TESTS}
    assert specs["lumbar_puncture"].after
    assert specs["susceptibility_mri"].after
    row = cases_to_arrays([case], packaged_table())[0][0]
    assert offered(specs["lumbar_puncture"], row, packaged_table())
    bare = cases_to_arrays([Case.model_validate(LMN_ONLY_ARM)], packaged_table())[0][0]
    assert not offered(specs["lumbar_puncture"], bare, packaged_table())
    assert not offered(specs["susceptibility_mri"], bare, packaged_table())


def test_in_suspected_motor_neuron_disease_the_lumbar_puncture_waits_for_neurophysiology():
    """EFNS ALS guideline (Andersen 2012): neurophysiology and imaging first, CSF only if indicated."""
    spec = next(t for t in TESTS if t.id == "lumbar_puncture")
    mri = [{"date": "2025-02-01", "regions_imaged": ["brain", "cervical_cord"], "lesions": []}]
    no_neurophysiology = {**LMN_ONLY_ARM, "emg": [], "mri": mri}
    row = cases_to_arrays([Case.model_validate(no_neurophysiology)], packaged_table())[0][0]
    assert offered(spec, row, packaged_table())                         # MS in question: MRI suffices
    assert not offered(spec, row, packaged_table(), mnd_suspected=True)
    tests = [t.test for t in differential(Case.model_validate(no_neurophysiology)).next_tests]
    assert "lumbar_puncture" not in tests
    with_emg = cases_to_arrays([Case.model_validate({**LMN_ONLY_ARM, "mri": mri})], packaged_table())[0][0]
    assert offered(spec, with_emg, packaged_table(), mnd_suspected=True)


def test_tests_already_done_are_not_offered():
    case = load_example("typical-als")
    offered = {t.test for t in differential(case).next_tests}
    assert "nerve_conduction" not in offered
    assert "emg_cervical" not in offered


def test_ranking_is_by_expected_value_and_every_offered_test_is_worth_its_burden():
    """Every test offered is worth its burden, except the defining test of a test-defined diagnosis
    that is not excluded (it is listed last, and its reason says so)."""
    result = differential(Case.model_validate(LMN_ONLY_ARM))
    values = [t.expected_value_bits for t in result.next_tests]
    assert values == sorted(values, reverse=True)
    for test in result.next_tests:
        assert test.expected_value_bits >= test.expected_information_gain_bits - test.burden_bits - 1e-12
        assert test.expected_value_bits > 0 or "the only test that defines" in test.reason
        assert test.burden_source
    posterior = np.array([p.probability for p in sorted(result.posteriors, key=lambda p: p.diagnosis.value)])
    top_gain = max(t.expected_information_gain_bits for t in result.next_tests)
    assert top_gain <= float(entropy_bits(posterior)) + 1e-12


def test_burdens_put_lumbar_puncture_and_biopsy_above_blood_tests():
    burden = {t.id: t.burden.bits for t in TESTS}
    assert burden["lumbar_puncture"] > burden["brain_mri"] > burden["anti_gm1"]
    assert burden["muscle_biopsy"] > burden["lumbar_puncture"]
    assert burden["hsp_panel"] > burden["sbma_genetics"]


def _log_evidence(row: np.ndarray, age: np.ndarray, sex: np.ndarray) -> float:
    """log Σ_d prior(d) P(row | d), through the cohort path's own likelihood."""
    log_likelihood_row = log_likelihood(row[None], packaged_table(), age=age, sex=sex)[0]
    log_joint = np.log(prior_matrix(age, sex)[0]) + log_likelihood_row
    return float(np.logaddexp.reduce(log_joint))


@pytest.mark.parametrize("test_id", ["nerve_conduction", "spinal_mri", "sbma_genetics", "aqp4_mog_antibodies",
                                     "emg_bulbar", "anti_gm1"])
def test_information_gain_equals_brute_force_over_outcomes(test_id):
    """Every result the test can give, each scored by the posterior path on the completed case."""
    case = Case.model_validate(LMN_ONLY_ARM)
    table = packaged_table()
    row = encode_states({f: o.state for f, o in observe(case).items()})
    age, sex = np.array([47.0]), np.array([sex_code(case.sex)])
    def model(states: np.ndarray) -> np.ndarray:   # the ranking works on the model posterior
        return calibrate(posterior_matrix(states[None], age, sex)[0], 1 / POSTERIOR_TEMPERATURE)

    posterior = model(row)
    spec = next(t for t in TESTS if t.id == test_id)
    # Each revealed item still unknown, with every value it can take: a simple finding's
    # states, or False/True for one part of a grouped finding.
    choices: list[list[tuple[int, str | None, int | bool]]] = []
    for finding, part in spec.reveals + spec.also:
        column = table.column(finding)
        if part is None:
            if row[column] < 0:
                choices.append([(column, None, s) for s in range(len(table.states[column]))])
            continue
        parts = table.parts[column]
        known = part_patterns(parts)[row[column]] if row[column] >= 0 else (None,) * len(parts)
        if known[parts.index(part)] is None:
            choices.append([(column, part, v) for v in (False, True)])
    evidence = _log_evidence(row, age, sex)
    expected = float(entropy_bits(posterior))
    for combination in itertools.product(*choices):
        filled = row.copy()
        for column, part, value in combination:
            if part is None:
                filled[column] = value
                continue
            parts = table.parts[column]
            patterns = part_patterns(parts)
            values = list(patterns[filled[column]]) if filled[column] >= 0 else [None] * len(parts)
            values[parts.index(part)] = bool(value)
            filled[column] = patterns.index(tuple(values))
        p_outcome = np.exp(_log_evidence(filled, age, sex) - evidence)
        expected -= p_outcome * float(entropy_bits(model(filled)))
    gain = {t.test: t.expected_information_gain_bits for t in differential(case).next_tests}
    if test_id in gain:
        assert gain[test_id] == pytest.approx(expected, abs=1e-9)
    else:   # not offered: it would change nothing worth its burden
        burden = spec.burden.bits
        assert expected - burden <= 0 or expected < 1e-3


def test_spinal_mri_comes_first_in_a_combined_umn_and_lmn_syndrome_without_imaging():
    case = Case.model_validate({
        "age": 62, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2024-05-01",
        "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
        "exam": {"motor": {"cervical": {"hyperreflexia": True, "weakness": True, "atrophy": True},
                           "lumbosacral": {"hyperreflexia": True, "babinski": True, "weakness": True}}},
    })
    assert differential(case).next_tests[0].test == "spinal_mri"


def test_ar_genetics_comes_first_in_a_man_with_lmn_signs_and_gynaecomastia():
    case = Case.model_validate({
        "age": 48, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2019-05-01",
        "course": {"pattern": "progressive_from_onset"},
        "history": {"gynaecomastia": True},
        "exam": {"motor": {"bulbar": {"atrophy": True, "fasciculations": True},
                           "lumbosacral": {"weakness": True, "atrophy": True, "hyperreflexia": False}}},
    })
    assert differential(case).next_tests[0].test == "sbma_genetics"


def test_a_settled_differential_offers_nothing_that_would_not_change_it():
    result = differential(load_example("kennedy-disease"))
    assert all(t.probability_leader_changes > 0 or t.expected_information_gain_bits > t.burden_bits
               for t in result.next_tests)
    assert all(t.expected_information_gain_bits < 0.2 for t in result.next_tests)


def test_reason_names_the_test_the_result_and_the_burden():
    top = differential(Case.model_validate(LMN_ONLY_ARM)).next_tests[0]
    assert top.reason.startswith(top.label)
    assert f"{top.expected_information_gain_bits:.2f} bits" in top.reason
    assert f"{top.burden_bits:.2f} bits" in top.reason


def _row(data: dict) -> np.ndarray:
    return cases_to_arrays([Case.model_validate(data)], packaged_table())[0][0]


def test_a_spinal_mri_reported_without_a_word_on_compression_is_done():
    """A test already done is never proposed: the cord MRI that showed a lesion was read."""
    spec = SPECS["spinal_mri"]
    data = {**LMN_ONLY_ARM, "mri": [{"date": "2025-02-01", "regions_imaged": ["cervical_cord"],
                                     "lesions": [{"location": "spinal_cord"}]}]}
    assert done(spec, _row(data), packaged_table())
    assert not done(spec, _row(LMN_ONLY_ARM), packaged_table())
    assert "spinal_mri" not in {t.test for t in differential(Case.model_validate(data)).next_tests}


def test_separate_assays_stay_on_offer_until_each_is_known():
    """AQP4-IgG and MOG-IgG are two assays: a negative AQP4-IgG leaves MOG-IgG to send (Banwell 2023)."""
    spec = SPECS["aqp4_mog_antibodies"]
    assert spec.separate_assays
    base = {"age": 29, "sex": "female", "assessment_date": "2025-03-01",
            "episodes": [{"onset": "2025-02-10", "system": "optic_nerve", "side": "left"}]}
    aqp4_only = {**base, "serum": {"aqp4_igg": {"result": "negative", "assay": "cell_based"}}}
    both = {**base, "serum": {"aqp4_igg": {"result": "negative", "assay": "cell_based"},
                              "mog_igg": {"result": "negative", "assay": "cell_based"}}}
    assert not done(spec, _row(aqp4_only), packaged_table())
    assert done(spec, _row(both), packaged_table())


def test_the_neuroimaging_als_requires_is_of_the_level_that_could_explain_the_signs():
    """Brooks 2000 (B:2): imaging must exclude a process that could explain the signs; with
    bulbar signs that is the brain and brainstem, a cord lesion cannot give them."""
    bulbar = {"age": 66, "sex": "female", "assessment_date": "2025-03-01", "symptom_onset": "2024-06-01",
              "course": {"progressive_motor_impairment": True},
              "exam": {"motor": {"bulbar": {"atrophy": True, "fasciculations": True, "jaw_jerk": True}}}}
    limbs = {**bulbar, "exam": {"motor": {"cervical": {"atrophy": True, "fasciculations": True,
                                                       "hyperreflexia": True}}}}
    open_posterior = np.zeros(len(DIAGNOSES))
    open_posterior[DIAGNOSES.index(Diagnosis.ALS)] = 0.6
    open_posterior[DIAGNOSES.index(Diagnosis.CSM)] = 0.4
    by_test = establishing_values(open_posterior, _row(bulbar), packaged_table())
    assert Diagnosis.ALS in by_test["brain_mri"][1]
    assert Diagnosis.ALS not in by_test.get("spinal_mri", (0.0, []))[1]
    by_test = establishing_values(open_posterior, _row(limbs), packaged_table())
    assert Diagnosis.ALS in by_test["spinal_mri"][1]
    assert Diagnosis.ALS not in by_test.get("brain_mri", (0.0, []))[1]


def test_bulbar_signs_add_the_brain_mri_and_keep_the_cord_mri_while_limb_signs_are_recorded():
    """Brooks 2000 (B:2): bulbar plus limb UMN and LMN signs without imaging. A cord lesion
    cannot give the bulbar signs (brain MRI), but a cervical one can still explain the limb
    UMN and LMN signs: both levels are required for ALS, and the cord MRI is not dropped."""
    case = {"age": 61, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2024-04-01",
            "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
            "exam": {"motor": {"bulbar": {"atrophy": True, "fasciculations": True, "jaw_jerk": True},
                               "cervical": {"hyperreflexia": True, "hoffmann": True, "weakness": True,
                                            "atrophy": True, "fasciculations": True},
                               "lumbosacral": {"hyperreflexia": True, "babinski": True, "weakness": True}}}}
    open_posterior = np.zeros(len(DIAGNOSES))
    open_posterior[DIAGNOSES.index(Diagnosis.ALS)] = 0.6
    open_posterior[DIAGNOSES.index(Diagnosis.CSM)] = 0.4
    by_test = establishing_values(open_posterior, _row(case), packaged_table())
    assert Diagnosis.ALS in by_test["brain_mri"][1]
    assert Diagnosis.ALS in by_test["spinal_mri"][1]
    offered_tests = {t.test for t in differential(Case.model_validate(case)).next_tests}
    assert {"brain_mri", "spinal_mri"} <= offered_tests


#: An author-year citation (Vancouver style, as the burden sources are written): a capitalised
#: surname with initials, or "et al.", then a comma and, within the citation, a year.
_AUTHOR_YEAR = re.compile(r"(?:\b[A-Z][a-z'\-]+ [A-Z]{1,3}\b(?: et al\.)?|\bet al\.),[^;]*?\b(?:19|20)\d\d\b")


def test_every_burden_carries_a_source_or_a_labelled_expert_estimate():
    for spec in TESTS:
        source = spec.burden.source
        assert source.startswith("expert estimate:") or _AUTHOR_YEAR.search(source), source
        assert spec.burden.bits > 0
    assert not _AUTHOR_YEAR.search("a routine test since 2020")  # a year alone is not a source
    assert _AUTHOR_YEAR.search("Andersen PM et al., Eur J Neurol 2012;19:360-375")


def test_the_cord_mri_covers_the_flexion_mri_of_hirayama_disease():
    """Hirayama disease is shown on cervical MRI with flexion views: the cord MRI, done with them,
    counts as its defining test while the disease is plausible."""
    assert "flexion_mri" in SPECS["spinal_mri"].covers
    table = packaged_table()
    row = _row({"age": 17, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2024-06-01",
                "course": {"progressive_motor_impairment": True},
                "exam": {"motor": {"cervical": {"weakness": True, "atrophy": True,
                                                "weakness_origin": "lmn"}}}})
    hypotheses = np.zeros(table.n_hypotheses)
    hypotheses[table.cause_ids.index("hirayama") + N_NAMED] = 0.5
    hypotheses[DIAGNOSES.index(Diagnosis.ALS)] = 0.5
    value, causes = cause_establishing_value(SPECS["spinal_mri"], hypotheses, row, table)
    assert value > 0
    assert any("Hirayama" in c or "hirayama" in c.lower() for c in causes)


SPASTIC_PARAPARESIS = {
    "age": 48, "sex": "female", "assessment_date": "2025-03-01", "symptom_onset": "2021-03-01",
    "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
    "exam": {"motor": {"lumbosacral": {"weakness": True, "spasticity": True, "hyperreflexia": True,
                                       "babinski": True}},
             "bladder_dysfunction": True},
}


def test_a_test_defined_diagnosis_keeps_its_defining_test_on_the_list():
    """HTLV-1-associated myelopathy is defined by HTLV-1 antibodies (De Castro-Costa 2006): in a
    progressive spastic paraparesis with bladder involvement it is not excluded, whatever its
    prior, so HTLV-1 serology is listed (after the tests worth more), and says why. A test
    worth less than its burden that defines nothing (muscle biopsy) is not listed."""
    result = differential(Case.model_validate(SPASTIC_PARAPARESIS))
    tests = {t.test: t for t in result.next_tests}
    assert "htlv1_serology" in tests
    serology = tests["htlv1_serology"]
    if serology.expected_value_bits <= 0:
        assert "the only test that defines HTLV-1-associated myelopathy" in serology.reason
    assert "muscle_biopsy" not in tests
    assert next(t.test for t in result.next_tests) == "spinal_mri"   # a myelopathy is imaged first
    for test in result.next_tests:
        assert test.expected_value_bits > 0 or "the only test that defines" in test.reason


def test_defined_diagnoses_names_a_plausible_test_defined_diagnosis_and_cause():
    table = packaged_table()
    row = np.full(len(table.finding_ids), -1, dtype=np.int64)
    hypotheses = np.zeros(table.n_hypotheses)
    hypotheses[DIAGNOSES.index(Diagnosis.ALS)] = 1.0 - 2 * DEFINED_MIN_PROBABILITY
    hypotheses[DIAGNOSES.index(Diagnosis.SBMA)] = 2 * DEFINED_MIN_PROBABILITY
    assert defined_diagnoses(SPECS["sbma_genetics"], hypotheses, row, table) == [
        f"{Diagnosis.SBMA.label} ({2 * DEFINED_MIN_PROBABILITY:.0%})"]
    assert defined_diagnoses(SPECS["muscle_biopsy"], hypotheses, row, table) == []
    hypotheses[DIAGNOSES.index(Diagnosis.SBMA)] = DEFINED_MIN_PROBABILITY / 2
    assert defined_diagnoses(SPECS["sbma_genetics"], hypotheses, row, table) == []
    htlv1 = N_NAMED + table.cause_tests.index("htlv1_serology")
    hypotheses[htlv1] = 2 * DEFINED_MIN_PROBABILITY
    assert defined_diagnoses(SPECS["htlv1_serology"], hypotheses, row, table) == [
        f"{table.cause_labels[htlv1 - N_NAMED]} ({2 * DEFINED_MIN_PROBABILITY:.0%})"]
