"""Calibration on a cohort simulated from the evidence table.

The cohort follows the model exactly, so this checks internal consistency (priors,
likelihoods, normalisation, missing-data handling agree with each other), not clinical
validity. The controls show the check has teeth: a deliberately over- or under-confident
posterior fails it. It is the *model* posterior that must pass: the output posterior goes
through the calibration map fitted on published cases
(:mod:`sclerodx.differential.calibration`), which flattens it for a real case mix the
simulated cohort does not have.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from sclerodx.case import Case
from sclerodx.differential import DIAGNOSES, Diagnosis, differential
from sclerodx.differential.batch import (
    encode_states,
    hypothesis_posterior_and_likelihood,
    packaged_table,
    posterior_matrix,
    to_diagnoses,
)
from sclerodx.differential.calibration import POSTERIOR_TEMPERATURE, calibrate
from sclerodx.differential.findings import observe
from sclerodx.differential.simulate import simulate_cohort

N_CASES = 30_000
N_BINS = 15
ECE_LIMIT = 0.05


def expected_calibration_error(probabilities: np.ndarray, truth: np.ndarray, n_bins: int = N_BINS) -> float:
    """Top-label ECE: bin by confidence, weight |accuracy - confidence| by bin size."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == truth
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    error = 0.0
    for b in range(n_bins):
        members = bins == b
        if members.any():
            error += members.mean() * abs(correct[members].mean() - confidence[members].mean())
    return error


@pytest.fixture(scope="module")
def cohort_posterior():
    cohort = simulate_cohort(N_CASES, seed=20240601, missing_rate=0.5)
    hypotheses = hypothesis_posterior_and_likelihood(cohort.states, cohort.age, cohort.sex)[0]
    return cohort, to_diagnoses(hypotheses)


def test_the_output_posterior_is_the_calibrated_model_posterior(cohort_posterior):
    cohort, model = cohort_posterior
    output = posterior_matrix(cohort.states[:500], cohort.age[:500], cohort.sex[:500])
    np.testing.assert_allclose(output, calibrate(model[:500]), rtol=1e-9, atol=1e-12)


def test_expected_calibration_error_is_small(cohort_posterior):
    cohort, posterior = cohort_posterior
    assert expected_calibration_error(posterior, cohort.diagnosis) < ECE_LIMIT


def test_calibration_holds_per_diagnosis_in_aggregate(cohort_posterior):
    cohort, posterior = cohort_posterior
    observed = np.bincount(cohort.diagnosis, minlength=posterior.shape[1]) / N_CASES
    np.testing.assert_allclose(posterior.mean(axis=0), observed, atol=0.01)


@pytest.mark.parametrize("power", [3.0, 1 / 3])
def test_miscalibrated_posteriors_fail_the_check(cohort_posterior, power):
    cohort, posterior = cohort_posterior
    distorted = posterior ** power
    distorted /= distorted.sum(axis=1, keepdims=True)
    assert expected_calibration_error(distorted, cohort.diagnosis) > ECE_LIMIT


def test_more_evidence_gives_more_accurate_leaders():
    sparse = simulate_cohort(10_000, seed=7, missing_rate=0.9)
    rich = simulate_cohort(10_000, seed=7, missing_rate=0.1)
    accuracy = [(posterior_matrix(c.states, c.age, c.sex).argmax(axis=1) == c.diagnosis).mean()
                for c in (sparse, rich)]
    assert accuracy[1] > accuracy[0] + 0.1


def test_simulation_is_reproducible_and_checks_its_arguments():
    a, b = simulate_cohort(100, seed=3), simulate_cohort(100, seed=3)
    np.testing.assert_array_equal(a.states, b.states)
    np.testing.assert_array_equal(a.diagnosis, b.diagnosis)
    with pytest.raises(ValueError, match="missing_rate must lie in"):
        simulate_cohort(10, missing_rate=1.5)
    with pytest.raises(ValueError, match="n_cases must be a positive integer"):
        simulate_cohort(0)


# ----------------------------------------------------------------------------- the calibration map


def _mnd_case() -> Case:
    emg = {"fibrillations_psw": True, "chronic_neurogenic": True}
    return Case.model_validate({
        "assessment_date": "2025-03-01", "age": 62, "sex": "male", "symptom_onset": "2024-03-01",
        "course": {"progressive_motor_impairment": True},
        "exam": {"motor": {"cervical": {"hyperreflexia": True, "atrophy": True, "fasciculations": True},
                           "lumbosacral": {"hyperreflexia": True, "weakness": True}}},
        "emg": [{"muscle": "first dorsal interosseous", **emg}, {"muscle": "biceps brachii", **emg}],
    })


def test_temperature_scaling_keeps_the_order_and_flattens_the_posterior():
    p = np.array([[0.90, 0.07, 0.02, 0.01], [0.25, 0.25, 0.40, 0.10]])
    q = calibrate(p)
    np.testing.assert_allclose(q.sum(axis=1), 1.0)
    np.testing.assert_array_equal(np.argsort(-q, axis=1), np.argsort(-p, axis=1))
    assert 0.0 < POSTERIOR_TEMPERATURE < 1.0
    assert (q.max(axis=1) < p.max(axis=1)).all()                 # tau < 1: less confident leader
    np.testing.assert_allclose(calibrate(q, 1.0 / POSTERIOR_TEMPERATURE), p, rtol=1e-9)


def test_differential_explanation_interval_and_causes_show_the_calibrated_posterior():
    case = _mnd_case()
    result = differential(case)
    table = packaged_table()
    states = encode_states({f: o.state for f, o in observe(case).items()}, table)[None]
    hypotheses = hypothesis_posterior_and_likelihood(states, np.array([62.0]), np.array([1], np.int8))[0]
    shown = np.array([result.probability(d) for d in DIAGNOSES])
    np.testing.assert_allclose(shown, calibrate(to_diagnoses(hypotheses))[0], rtol=1e-9)
    assert shown.max() < to_diagnoses(hypotheses)[0].max()
    # the contributions add up to the calibrated centred log-ratio: softmax gives the output back
    sums = np.array([sum(c.log_odds for c in result.contributions if c.diagnosis is d) for d in DIAGNOSES])
    np.testing.assert_allclose(np.exp(sums) / np.exp(sums).sum(), shown, rtol=1e-9)
    for row in result.posteriors:
        assert row.interval_low <= row.probability <= row.interval_high
    other = result.probability(Diagnosis.OTHER)
    assert sum(c.probability for c in result.other_causes) <= other + 1e-12
    for cause in result.other_causes:
        assert cause.probability == pytest.approx(cause.probability_within_other * other)


def test_next_test_reasons_quote_the_calibrated_leading_probability():
    result = differential(_mnd_case())
    leader = result.posteriors[0]
    quoted = [re.search(r"would move (.+?) from (\d+)% to", t.reason) for t in result.next_tests]
    moves = [m for m in quoted if m and m.group(1) == leader.label]
    assert moves, "no reason quotes the leading probability"
    for m in moves:
        assert int(m.group(2)) == round(100 * leader.probability)
