"""Next-best-test ranking: information gain that matches brute force, and clinical sense."""

from __future__ import annotations

import numpy as np
import pytest
from tests.differential.vignettes import DENERVATED, NORMAL_EMG

from sclerodx.case import Case
from sclerodx.differential import differential, encode_states
from sclerodx.differential.batch import packaged_table, posterior_matrix
from sclerodx.differential.findings import observe
from sclerodx.differential.next_test import TESTS, entropy_bits, rank_tests
from sclerodx.differential.priors import sex_code
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


def test_lmn_only_arm_syndrome_without_nerve_conduction_ranks_it_first():
    result = differential(Case.model_validate(LMN_ONLY_ARM))
    assert result.next_tests[0].test == "nerve_conduction"
    assert "conduction_block present" in result.next_tests[0].reason


def test_tests_already_done_are_not_offered():
    case = load_example("typical-als")
    offered = {t.test for t in differential(case).next_tests}
    assert "nerve_conduction" not in offered
    assert "emg_cervical" not in offered
    assert "sbma_genetics" in offered


def test_ranking_is_by_information_gain_within_bounds():
    result = differential(Case.model_validate(LMN_ONLY_ARM))
    gains = [t.expected_information_gain_bits for t in result.next_tests]
    assert gains == sorted(gains, reverse=True)
    posterior = np.array([p.probability for p in sorted(result.posteriors, key=lambda p: p.diagnosis.value)])
    assert max(gains) <= float(entropy_bits(posterior)) + 1e-12
    assert min(gains) >= 0


@pytest.mark.parametrize("test_id", ["nerve_conduction", "spinal_mri", "sbma_genetics", "aqp4_mog_antibodies",
                                     "lumbar_puncture"])
def test_information_gain_equals_brute_force_over_outcomes(test_id):
    case = Case.model_validate(LMN_ONLY_ARM)
    table = packaged_table()
    row = encode_states({f: o.state for f, o in observe(case).items()})
    age, sex = np.array([47.0]), np.array([sex_code(case.sex)])
    posterior = posterior_matrix(row[None], age, sex)[0]
    spec = next(t for t in TESTS if t.id == test_id)
    columns = [table.column(f) for f in spec.findings + spec.also if row[table.column(f)] < 0]
    # Every joint outcome, each evaluated by the posterior path itself.
    grids = np.meshgrid(*[range(len(table.states[c])) for c in columns])
    outcomes = np.array(grids).T.reshape(-1, len(columns))
    expected = float(entropy_bits(posterior))
    for outcome in outcomes:
        filled = row.copy()
        filled[columns] = outcome
        updated = posterior_matrix(filled[None], age, sex)[0]
        likelihood = np.prod([table.probabilities(c)[s] for c, s in zip(columns, outcome, strict=True)],
                             axis=0)
        expected -= float(likelihood @ posterior) * float(entropy_bits(updated))
    ranked = {t.test: t for t in rank_tests(posterior, row, table)}
    assert ranked[test_id].expected_information_gain_bits == pytest.approx(expected, abs=1e-10)


def test_a_settled_differential_expects_almost_no_gain():
    result = differential(load_example("kennedy-disease"))
    assert all(t.expected_information_gain_bits < 0.01 for t in result.next_tests)


def test_reason_names_the_test_and_the_gain():
    top = differential(Case.model_validate(LMN_ONLY_ARM)).next_tests[0]
    assert top.reason.startswith(top.label)
    assert f"{top.expected_information_gain_bits:.2f} bits" in top.reason
