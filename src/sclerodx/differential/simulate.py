"""Synthetic cohorts drawn from the evidence table itself.

A cohort simulated from the model's own numbers is what the calibration check and the
throughput benchmark need: a patient's diagnosis is drawn from the age- and sex-specific
prior, each finding's outcome from P(outcome | diagnosis), and each finding (each part of
a grouped finding) is then hidden (unknown) with probability ``missing_rate``,
independently of everything else. Because the data follow the model exactly, a
calibration check on such a cohort tests the *internal consistency* of the implementation
(priors, likelihoods, normalisation, missing-data handling), never its clinical validity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sclerodx.differential.batch import (
    N_NAMED,
    UNKNOWN_STATE,
    CompiledTable,
    FloatArray,
    hypothesis_log_prior,
    normalise_log,
    packaged_table,
)
from sclerodx.differential.findings import full_patterns, part_patterns
from sclerodx.differential.priors import FEMALE, MALE, SEX_UNKNOWN
from sclerodx.differential.uncertainty import draw_categorical

MIN_AGE, MAX_AGE = 18.0, 88.0


@dataclass(frozen=True, slots=True)
class SimulatedCohort:
    """Finding-state matrix, ages, sexes and the true diagnosis index of each case."""

    states: NDArray[np.int16]
    age: FloatArray
    sex: NDArray[np.int8]
    diagnosis: NDArray[np.intp]


def simulate_cohort(
    n_cases: int,
    *,
    seed: int = 0,
    missing_rate: float = 0.5,
    unknown_demographics_rate: float = 0.05,
    table: CompiledTable | None = None,
) -> SimulatedCohort:
    """Draw a cohort from the priors and the evidence table.

    Parameters
    ----------
    n_cases
        Number of cases.
    seed
        Seed of the random generator (the cohort is reproducible).
    missing_rate
        Probability that a finding is unknown, independently per finding and case.
    unknown_demographics_rate
        Probability that age, and separately sex, is unknown.
    table
        A compiled evidence table; the packaged one by default.
    """
    if n_cases < 1:
        raise ValueError(f"n_cases must be a positive integer, got {n_cases}")
    rates = {"missing_rate": missing_rate, "unknown_demographics_rate": unknown_demographics_rate}
    for name, rate in rates.items():
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"{name} must lie in [0, 1], got {rate}")
    table = table or packaged_table()
    rng = np.random.default_rng(seed)
    age = rng.uniform(MIN_AGE, MAX_AGE, n_cases)
    sex = rng.choice(np.array([FEMALE, MALE], dtype=np.int8), n_cases)
    # a hypothesis: a named diagnosis or a cause of other (its findings drawn from its own rows)
    hypothesis = draw_categorical(rng, normalise_log(hypothesis_log_prior(age, sex, table)))
    diagnosis = np.minimum(hypothesis, N_NAMED)
    age[rng.random(n_cases) < unknown_demographics_rate] = np.nan
    sex[rng.random(n_cases) < unknown_demographics_rate] = SEX_UNKNOWN
    states = np.empty((n_cases, table.n_findings), dtype=np.int16)
    for column in range(table.n_findings):
        outcome = draw_categorical(rng, table.h_outcomes[column][:, hypothesis].T)
        parts = table.parts[column]
        if not parts:
            states[:, column] = np.where(rng.random(n_cases) < missing_rate, UNKNOWN_STATE, outcome)
            continue
        values = np.array(full_patterns(parts), dtype=np.int64)[outcome]        # (n, k) 0/1
        values[rng.random(values.shape) < missing_rate] = 2                     # 2 = hidden
        states[:, column] = _pattern_lookup(parts)[values @ (3 ** np.arange(len(parts))[::-1])]
    return SimulatedCohort(states, age, sex, diagnosis)


def _pattern_lookup(parts: tuple[str, ...]) -> NDArray[np.int16]:
    """Observable state index of every base-3 code of a pattern (0 absent, 1 present, 2 unknown)."""
    code = {False: 0, True: 1, None: 2}
    lookup = np.full(3 ** len(parts), UNKNOWN_STATE, dtype=np.int16)
    weights = 3 ** np.arange(len(parts))[::-1]
    for index, pattern in enumerate(part_patterns(parts)):
        lookup[int(np.dot([code[v] for v in pattern], weights))] = index
    return lookup
