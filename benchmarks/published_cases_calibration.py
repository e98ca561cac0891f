"""Fit the posterior temperature of the calibration map (:mod:`sclerodx.differential.calibration`)
on the development set only, and measure it by leave-one-case-out cross-validation (issue 11,
"honest uncertainty").

Run: ``PYTHONPATH=$PWD/src python benchmarks/published_cases_calibration.py``.

The model is over-confident on published cases it has not seen (its leader's probability runs
ahead of how often the leader is right). Post-hoc temperature scaling (Guo et al., ICML 2017),
p_τ(d) ∝ p(d)^τ, τ < 1 flattening the posterior, keeps the order of the diagnoses (top-1 and
top-3 do not move) and changes only the probabilities. The script works on the *model*
posterior: the shipped output is calibrated with :data:`POSTERIOR_TEMPERATURE`, and the map is
inverted exactly by the temperature 1/τ. For each development case τ is chosen on the other
cases (the grid :data:`TEMPERATURES`, minimising mean log-loss of the final diagnosis) and that
case is scored with it, so the cross-validated figures are out of sample; the τ chosen on the
whole set is the one to ship. The held-out set is deliberately not offered: it is looked at
once, with the model as shipped, by ``published_cases.py --set heldout``.

Printed: mean log-loss and expected calibration error (ECE of the leading probability, the
bins of ``published_cases.py``) of the model (τ = 1), of the shipped τ (in sample) and
cross-validated; the spread of the τ chosen in the folds and the τ chosen on the whole set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from published_cases import BIN_EDGES, CASES_DIR, load_loader
from sclerodx.differential import DIAGNOSES, differential
from sclerodx.differential.calibration import POSTERIOR_TEMPERATURE, calibrate

#: The temperatures a fold chooses from.
TEMPERATURES = tuple(float(t) for t in np.round(np.arange(0.2, 1.51, 0.05), 2))
_CLIP = 1e-15


@dataclass(frozen=True)
class Scored:
    """One case: its posterior (in ``DIAGNOSES`` order), the index of the final diagnosis and of
    the leader in the differential's reading order."""

    posterior: np.ndarray
    truth: int
    leader: int


def tempered(posterior: np.ndarray, temperature: float) -> np.ndarray:
    """p^τ, normalised."""
    logs = temperature * np.log(np.clip(posterior, _CLIP, 1.0))
    weights = np.exp(logs - logs.max())
    out: np.ndarray = weights / weights.sum()
    return out


def mean_log_loss(cases: list[Scored], temperature: float) -> float:
    return float(np.mean([-math.log(max(tempered(c.posterior, temperature)[c.truth], _CLIP)) for c in cases]))


def ece(leader_p: list[float], correct: list[bool]) -> float:
    """Expected calibration error of the leading probability over the benchmark's bins."""
    total, low = 0.0, 0.0
    for high in BIN_EDGES:
        inside = [i for i, p in enumerate(leader_p) if low <= p < high or (high == 1.0 and p == 1.0)]
        if inside:
            predicted = np.mean([leader_p[i] for i in inside])
            total += len(inside) * abs(predicted - np.mean([correct[i] for i in inside]))
        low = high
    return total / len(leader_p)


def score_cases() -> list[Scored]:
    """The model posterior on every development case, decisive finding masked (the shipped,
    calibrated output mapped back by the inverse temperature)."""
    out = []
    for case in load_loader().load_cases(CASES_DIR):
        result = differential(case.masked)
        shipped = np.array([result.probability(d) for d in DIAGNOSES])
        posterior = calibrate(shipped, 1.0 / POSTERIOR_TEMPERATURE)
        out.append(Scored(posterior, DIAGNOSES.index(case.final_diagnosis),
                          DIAGNOSES.index(result.posteriors[0].diagnosis)))
    return out


def main() -> None:
    cases = score_cases()
    chosen, losses, leader_p = [], [], []
    for i, case in enumerate(cases):
        rest = cases[:i] + cases[i + 1:]
        best = min(TEMPERATURES, key=lambda t: mean_log_loss(rest, t))
        chosen.append(best)
        p = tempered(case.posterior, best)
        losses.append(-math.log(max(p[case.truth], _CLIP)))
        leader_p.append(float(p[case.leader]))
    correct = [c.leader == c.truth for c in cases]

    def leading(temperature: float) -> list[float]:
        return [float(tempered(c.posterior, temperature)[c.leader]) for c in cases]

    whole = min(TEMPERATURES, key=lambda t: mean_log_loss(cases, t))
    shipped = POSTERIOR_TEMPERATURE
    print("Posterior temperature, leave-one-case-out on the development set "
          "(decision support, not a diagnosis)")
    print(f"n cases                       {len(cases)}")
    print(f"model (tau 1)       log-loss {mean_log_loss(cases, 1.0):.3f} nats   "
          f"ECE {ece(leading(1.0), correct):.3f}")
    print(f"shipped tau {shipped:.2f}    log-loss {mean_log_loss(cases, shipped):.3f} nats   "
          f"ECE {ece(leading(shipped), correct):.3f} (in sample)")
    print(f"LOO-tempered        log-loss {float(np.mean(losses)):.3f} nats   "
          f"ECE {ece(leader_p, correct):.3f}")
    print(f"temperature chosen in the folds: median {float(np.median(chosen)):.2f}, "
          f"range {min(chosen):.2f}-{max(chosen):.2f} (grid {TEMPERATURES[0]}-{TEMPERATURES[-1]})")
    print(f"temperature chosen on the whole development set: {whole:.2f} (shipped: {shipped:.2f})")
    print("top-1 and top-3 are unchanged by a temperature (it keeps the order of the diagnoses).")


if __name__ == "__main__":
    main()
