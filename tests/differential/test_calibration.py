"""Calibration on a cohort simulated from the evidence table.

The cohort follows the model exactly, so this checks internal consistency (priors,
likelihoods, normalisation, missing-data handling agree with each other), not clinical
validity. The controls show the check has teeth: a deliberately over- or under-confident
posterior fails it.
"""

from __future__ import annotations

import numpy as np
import pytest

from sclerodx.differential.batch import posterior_matrix
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
    return cohort, posterior_matrix(cohort.states, cohort.age, cohort.sex)


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
