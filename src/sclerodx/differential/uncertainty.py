"""An uncertainty interval for each posterior probability.

What the interval means
-----------------------
The interval answers: *where is this probability likely to end up once the rest of the
work-up is done, given what is known now and how uncertain the model's own numbers are?*
It is the central 95% range of the posterior over Monte Carlo draws that combine two
sources of uncertainty:

1. **The model's numbers.** Each P(state | diagnosis) is an estimate: a published
   sensitivity from ``n`` patients, or an expert estimate worth a handful. Each row is
   redrawn from Dirichlet(n·p₁, …, n·p_k) (for an observed state that is
   Beta(n·p, n·(1 − p))), with ``n`` the row's effective sample size; each diagnosis's
   prior weight is multiplied by a log-normal factor with log-SD
   :data:`~sclerodx.differential.priors.PRIOR_LOG_SD` (95% within a factor of 2).
2. **The evidence not yet gathered.** In each draw a diagnosis is drawn from that draw's
   posterior and every finding still unknown is drawn from its distribution under that
   diagnosis, then the posterior is recomputed with the completed findings (a
   preposterior analysis; Raiffa & Schlaifer 1961).

With sparse evidence, the unknown findings could still push a diagnosis anywhere and
the interval is wide (with no evidence at all, often most of [0, 1]); as findings are
documented there is less left to learn and the interval narrows, down to the
uncertainty of the table's numbers alone when everything is known. The average over
draws of the completed posterior equals the current posterior (the law of total
probability), so the interval is centred on what the evidence says now.

It is about the model's numbers and the missing findings, not about whether the model's
structure (conditional independence) is right, and it is not a frequentist confidence
interval for a clinical cohort. Draws use a fixed seed, so an interval is reproducible.

References
----------
.. [1] Raiffa H, Schlaifer R. Applied Statistical Decision Theory. Harvard University, 1961.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sclerodx.differential.batch import CompiledTable, FloatArray, normalise_log, used_columns
from sclerodx.differential.priors import PRIOR_LOG_SD, prior_matrix

INTERVAL_LEVEL = 0.95
N_DRAWS = 2000
SEED = 20240601
_TINY = 1e-300


def draw_categorical(rng: np.random.Generator, probabilities: FloatArray) -> NDArray[np.intp]:
    """One category index drawn per row of an (n, k) matrix of (unnormalised) probabilities."""
    cumulative = np.cumsum(probabilities, axis=1)
    u = rng.random((probabilities.shape[0], 1)) * cumulative[:, -1:]
    draws: NDArray[np.intp] = np.minimum((u > cumulative).sum(axis=1), probabilities.shape[1] - 1)
    return draws.astype(np.intp)


def _log(x: FloatArray) -> FloatArray:
    logged: FloatArray = np.log(np.maximum(x, _TINY))
    return logged


def posterior_draws(
    state_row: NDArray[np.integer],
    age: float,
    sex: int,
    table: CompiledTable,
    *,
    include_investigational: bool = False,
    complete_unknown: bool = True,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
) -> FloatArray:
    """Posterior probabilities over Monte Carlo draws, shape (n_draws, n_diagnoses).

    Parameters
    ----------
    state_row
        The case's finding states (-1 = unknown).
    age, sex
        Age in years (NaN unknown); sex code (0 female, 1 male, -1 unknown).
    table
        The compiled evidence table.
    include_investigational
        Whether investigational findings enter the posterior.
    complete_unknown
        Also draw the findings still unknown (the preposterior part); ``False`` keeps
        only the uncertainty of the table's numbers.
    n_draws, seed
        Number of draws and the random seed.
    """
    if n_draws < 1:
        raise ValueError(f"n_draws must be a positive integer, got {n_draws}")
    rng = np.random.default_rng(seed)
    row = np.asarray(state_row)
    prior = prior_matrix(np.array([age]), np.array([sex]))[0]
    log_w = np.log(prior) + rng.normal(0.0, PRIOR_LOG_SD, size=(n_draws, prior.size))
    use = used_columns(table, include_investigational)
    for column in np.flatnonzero(use & (row >= 0)):
        p = table.probabilities(int(column))[int(row[column])]
        n = table.concentration[column]
        log_w += _log(rng.beta(n * p, n * (1 - p), size=(n_draws, p.size)))
    if not complete_unknown:
        return normalise_log(log_w)
    truth = draw_categorical(rng, normalise_log(log_w))
    draws = np.arange(n_draws)
    for column in np.flatnonzero(use & (row < 0)):
        p = table.probabilities(int(column))
        theta = rng.gamma(table.concentration[column] * p, size=(n_draws, *p.shape))
        theta /= theta.sum(axis=1, keepdims=True)
        state = draw_categorical(rng, theta[draws, :, truth])
        log_w += _log(theta[draws, state, :])
    return normalise_log(log_w)


def posterior_interval(
    state_row: NDArray[np.integer],
    age: float,
    sex: int,
    table: CompiledTable,
    *,
    include_investigational: bool = False,
    level: float = INTERVAL_LEVEL,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper ends of the central ``level`` interval of each posterior probability."""
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level}")
    draws = posterior_draws(state_row, age, sex, table, include_investigational=include_investigational,
                            n_draws=n_draws, seed=seed)
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(draws, [tail, 1.0 - tail], axis=0)
    return low, high
