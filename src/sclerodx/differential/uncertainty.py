"""An uncertainty interval for each posterior probability.

What the interval means
-----------------------
The interval answers: *where is this probability likely to end up once the rest of the
work-up is done, given what is known now and how uncertain the model's own numbers are?*
It is the central 95% range of the posterior over Monte Carlo draws that combine two
sources of uncertainty:

1. **The model's numbers.** Each P(state | diagnosis) is an estimate: a published
   sensitivity from ``n`` patients, or an expert estimate worth a handful. Each row of a
   simple or directly joint finding is redrawn from Dirichlet(n·p₁, …, n·p_k). For a
   motor region the *network's* parameters are redrawn — P(latent state | diagnosis)
   from its Dirichlet and each P(part present | latent state) from its Beta — and the
   joint over the region's signs and EMG recomputed per draw. All parts of a region then
   share one parameter uncertainty: a region examined in detail (signs *and* EMG) does
   not shrink the interval as if each part were independent evidence, which is how the
   interval stays wide with correlated evidence. Each diagnosis's prior weight is
   multiplied by a log-normal factor with log-SD
   :data:`~sclerodx.differential.priors.PRIOR_LOG_SD` (95% within a factor of 2).
   The draws are over hypotheses — the named diagnoses and each cause of ``other`` with
   its own rows — and each draw's posterior is summed into the diagnoses.
2. **The evidence not yet gathered.** In each draw a diagnosis is drawn from that draw's
   posterior and every finding (or part of a region) still unknown is drawn from its
   distribution under that diagnosis given what is known, then the posterior is
   recomputed with the completed findings (a preposterior analysis; Raiffa & Schlaifer
   1961).

With sparse evidence, the unknown findings could still push a diagnosis anywhere and
the interval is wide (with no evidence at all, often most of [0, 1]); as findings are
documented there is less left to learn and the interval narrows, down to the
uncertainty of the table's numbers alone when everything is known. The average over
draws of the completed posterior equals the current posterior (the law of total
probability), so the interval is centred on what the evidence says now.

Speed: the draws depend only on the evidence table, not on the case — the redrawn
tables, the prior factors and the uniform numbers that pick the completed outcomes are
drawn once per compiled table (:func:`table_draws`, cached on the table) and each case
only indexes them, so one case costs a few milliseconds.

It is about the model's numbers and the missing findings, not about whether the model's
structure (conditional independence) is right, and it is not a frequentist confidence
interval for a clinical cohort. Draws use a fixed seed, so an interval is reproducible.

References
----------
.. [1] Raiffa H, Schlaifer R. Applied Statistical Decision Theory. Harvard University, 1961.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sclerodx.differential.batch import (
    CompiledTable,
    FloatArray,
    LatentParameters,
    hypothesis_log_prior,
    normalise_log,
    to_diagnoses,
    used_columns,
)
from sclerodx.differential.calibration import calibrate
from sclerodx.differential.priors import PRIOR_LOG_SD

INTERVAL_LEVEL = 0.95
N_DRAWS = 500
SEED = 20240601
_TINY = 1e-30


def draw_categorical(rng: np.random.Generator, probabilities: FloatArray) -> NDArray[np.intp]:
    """One category index drawn per row of an (n, k) matrix of (unnormalised) probabilities."""
    u: FloatArray = rng.random(int(probabilities.shape[0]))
    return pick_categorical(u, probabilities)


def pick_categorical(u: FloatArray, probabilities: FloatArray) -> NDArray[np.intp]:
    """The category each uniform number ``u`` (n,) selects in the rows of (n, k) weights."""
    cumulative = np.cumsum(probabilities, axis=1)
    scaled = u[:, None] * cumulative[:, -1:]
    draws: NDArray[np.intp] = np.minimum((scaled > cumulative).sum(axis=1), probabilities.shape[1] - 1)
    return draws.astype(np.intp)


def _log(x: FloatArray) -> FloatArray:
    logged: FloatArray = np.log(np.maximum(x, _TINY))
    return logged


@dataclass(frozen=True, slots=True)
class TableDraws:
    """Monte Carlo draws of one compiled table, shared by every case.

    ``log_outcomes``: log of the redrawn P(joint outcome | diagnosis) of every finding,
    stacked along axis 1 (finding ``j``'s outcomes start at ``offsets[j]``), shape
    (n_draws, total_outcomes, n_diagnoses); ``grouped[j]``: the same without the
    log for grouped findings (their partly known patterns sum outcomes); ``picks``: the
    completed outcome of each finding in each draw for each true diagnosis when nothing
    of it is known, shape (n_draws, n_diagnoses, n_findings); ``prior_noise``: (n_draws,
    n_diagnoses) log factors; ``u_truth`` (n_draws,) and ``u_outcome`` (n_draws,
    n_findings): the uniform numbers that pick the diagnosis and, for partly known grouped
    findings, the completed outcome.
    """

    log_outcomes: FloatArray
    offsets: NDArray[np.intp]
    grouped: dict[int, NDArray[np.float32]]
    picks: NDArray[np.intp]
    prior_noise: FloatArray
    u_truth: FloatArray
    u_outcome: FloatArray


def _dirichlet(rng: np.random.Generator, p: FloatArray, n: FloatArray, n_draws: int) -> FloatArray:
    """Dirichlet draws along axis 0 of ``p`` (states, diagnoses), concentration ``n`` per diagnosis."""
    theta = rng.gamma(n * p, size=(n_draws, *p.shape))
    normalised: FloatArray = theta / theta.sum(axis=1, keepdims=True)
    return normalised


def _latent_outcomes(rng: np.random.Generator, latent: LatentParameters, n_draws: int) -> FloatArray:
    latent_p = _dirichlet(rng, latent.latent_p, latent.latent_n, n_draws)        # (K, H, D)
    a = latent.part_n[:, None] * latent.part_p
    part_p = rng.beta(a, latent.part_n[:, None] - a, size=(n_draws, *latent.part_p.shape))  # (K, k, H)
    chosen = np.where(latent.outcome_parts[None, :, :, None], part_p[:, None], 1.0 - part_p[:, None])
    given_latent = chosen.prod(axis=2)                                            # (K, O, H)
    joint: FloatArray = np.einsum("koh,khd->kod", given_latent, latent_p)
    return joint


def table_draws(table: CompiledTable, n_draws: int = N_DRAWS, seed: int = SEED) -> TableDraws:
    """The table's Monte Carlo draws, computed once per (table, n_draws, seed) and cached."""
    key = f"draws:{n_draws}:{seed}"
    cached = table.cache.get(key)
    if isinstance(cached, TableDraws):
        return cached
    if n_draws < 1:
        raise ValueError(f"n_draws must be a positive integer, got {n_draws}")
    rng = np.random.default_rng(seed)
    n_dx = table.n_hypotheses
    prior_noise = rng.normal(0.0, PRIOR_LOG_SD, size=(n_draws, n_dx))
    u_truth = rng.random(n_draws)
    u_outcome = rng.random((n_draws, table.n_findings))
    logs, picks = [], []
    grouped: dict[int, NDArray[np.float32]] = {}
    for column in range(table.n_findings):
        latent = table.h_latent[column] if table.h_latent else None
        theta = (_latent_outcomes(rng, latent, n_draws) if latent is not None
                 else _dirichlet(rng, table.h_outcomes[column], table.h_concentration[column], n_draws))
        logs.append(_log(theta))
        if table.parts[column]:
            grouped[column] = theta.astype(np.float32)
        u = np.repeat(u_outcome[:, column], n_dx)
        by_truth = np.moveaxis(theta, 2, 1).reshape(n_draws * n_dx, -1)       # (K·D, n_outcomes)
        picks.append(pick_categorical(u, by_truth).reshape(n_draws, n_dx))
    sizes = [block.shape[1] for block in logs]
    draws = TableDraws(
        log_outcomes=np.concatenate(logs, axis=1),
        offsets=np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp),
        grouped=grouped, picks=np.stack(picks, axis=-1), prior_noise=prior_noise, u_truth=u_truth,
        u_outcome=u_outcome,
    )
    table.cache[key] = draws
    return draws


def posterior_draws(
    state_row: NDArray[np.integer],
    age: float,
    sex: int,
    table: CompiledTable,
    *,
    include_investigational: bool = False,
    complete_unknown: bool = True,
    calibrated: bool = True,
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
    calibrated
        Pass each draw through the output's calibration map
        (:func:`sclerodx.differential.calibration.calibrate`), as the reported interval
        does; ``False`` gives the model's own posterior draws, whose mean over the completed
        findings is the model's point estimate (a calibrated probability, a non-linear map
        of the posterior, has no such property, so its interval may sit beside the point).
    n_draws, seed
        Number of draws and the random seed (the draws are cached per table).
    """
    draws = table_draws(table, n_draws, seed)
    row = np.asarray(state_row)
    log_prior = hypothesis_log_prior(np.array([age]), np.array([sex]), table)[0] + draws.prior_noise
    use = np.flatnonzero(used_columns(table, include_investigational))
    known = use[row[use] >= 0]
    partial = [int(c) for c in known if int(c) in draws.grouped]
    simple = np.array([c for c in known if int(c) not in draws.grouped], dtype=np.intp)
    index = np.arange(draws.u_truth.size)
    observed = _gather(draws, index, draws.offsets[simple] + row[simple])
    for column in partial:
        mask = table.masks[column][int(row[column])]
        observed += _log(draws.grouped[column][:, mask, :].sum(axis=1, dtype=float))
    output = calibrate if calibrated else _identity
    if not complete_unknown:
        return output(to_diagnoses(normalise_log(log_prior + observed)))
    truth = pick_categorical(draws.u_truth, normalise_log(log_prior + observed))
    outcome = draws.picks[index, truth][:, use]                            # (K, n_used)
    position = {int(c): i for i, c in enumerate(use)}
    for column in simple:
        outcome[:, position[int(column)]] = row[column]
    for column in partial:
        given = draws.grouped[column][index, :, truth] * table.masks[column][int(row[column])]
        outcome[:, position[column]] = pick_categorical(draws.u_outcome[:, column], given)
    logs = log_prior + _gather(draws, index, draws.offsets[use] + outcome)
    return output(to_diagnoses(normalise_log(logs)))


def _identity(posterior: FloatArray) -> FloatArray:
    return posterior


def _gather(draws: TableDraws, index: NDArray[np.intp], outcome: NDArray[np.intp]) -> FloatArray:
    """Σ over findings of log P(outcome | d) per draw: ``outcome`` (n_draws, m) or (m,) stacked
    outcome indices; returns (n_draws, n_diagnoses)."""
    n_draws, total, n_dx = draws.log_outcomes.shape
    rows = (index[:, None] * total + np.broadcast_to(outcome, (n_draws, outcome.shape[-1]))).ravel()
    picked = np.take(draws.log_outcomes.reshape(-1, n_dx), rows, axis=0)
    summed: FloatArray = picked.reshape(n_draws, -1, n_dx).sum(axis=1, dtype=float)
    return summed


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
