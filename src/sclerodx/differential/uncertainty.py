"""An uncertainty interval for each posterior probability.

What the interval means
-----------------------
Every number in the evidence table is an estimate: a published sensitivity from a study
of ``n`` patients, or an expert estimate worth only a handful of patients. The interval
is the central 95% range of the posterior when those numbers are redrawn from their own
uncertainty, holding the case's findings fixed:

* each used P(state | diagnosis) is drawn from Beta(n·p, n·(1 − p)) — the marginal of the
  Dirichlet(n·p₁, …, n·p_k) over the row's states, with ``n`` the row's effective sample
  size (the study's patients, or a small number for expert estimates);
* each diagnosis's prior weight is multiplied by a log-normal factor with log-SD
  :data:`~sclerodx.differential.priors.PRIOR_LOG_SD` (95% within a factor of 2: incidence
  differs between registers and the equal-referral assumption is coarse), then the
  prior is renormalised.

With little evidence the posterior stays near the prior and the interval is the prior's
own (wide) uncertainty; with several concordant findings the posterior is pushed
towards 0 or 1 and the interval narrows. The interval is about the *model's numbers*,
not about whether the model's structure (conditional independence) is right, and it is
not a frequentist confidence interval for a clinical cohort. Draws use a fixed seed, so
an interval is reproducible. Because small probabilities with small ``n`` give skewed
Beta draws, the central range can miss the point estimate (computed from the table's
own numbers); the engine then widens the interval to include it.
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


def posterior_draws(
    state_row: NDArray[np.integer],
    age: float,
    sex: int,
    table: CompiledTable,
    *,
    include_investigational: bool = False,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
) -> FloatArray:
    """Posterior probabilities under ``n_draws`` redraws of the table, shape (n_draws, n_diagnoses)."""
    if n_draws < 1:
        raise ValueError(f"n_draws must be a positive integer, got {n_draws}")
    rng = np.random.default_rng(seed)
    prior = prior_matrix(np.array([age]), np.array([sex]))[0]
    log_w = np.log(prior) + rng.normal(0.0, PRIOR_LOG_SD, size=(n_draws, prior.size))
    use = used_columns(table, include_investigational)
    for column in np.flatnonzero(use & (np.asarray(state_row) >= 0)):
        p = table.probabilities(int(column))[int(state_row[column])]
        n = table.concentration[column]
        log_w += np.log(np.maximum(rng.beta(n * p, n * (1 - p), size=(n_draws, p.size)), _TINY))
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
