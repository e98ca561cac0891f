"""The calibration map from the model's posterior to the probabilities the user sees.

The Bayesian network (:mod:`sclerodx.differential.engine`) is over-confident on published
case reports it has never seen: its leading probability runs ahead of how often the leader
is right. The output posterior therefore goes through post-hoc **temperature scaling**
(Guo et al. 2017), the standard ranking-preserving calibration map:

    p_cal(d) = p(d)^τ / Σ_k p(k)^τ,    τ = :data:`POSTERIOR_TEMPERATURE`.

With τ < 1 the posterior is flattened; the order of the diagnoses, and so top-1, top-3,
the reading order and every argmax, is unchanged. In log-odds it multiplies each
diagnosis's centred log-ratio by τ, so the explanation's contributions are scaled by τ and
still add up exactly to the calibrated posterior.

It is applied once, where the output posterior is formed: the vectorised path
(:func:`sclerodx.differential.batch.posterior_matrix`, and so the cohort runner), the
per-case :func:`sclerodx.differential.engine.differential` (posterior, explanation,
reading-order threshold, ``not_excluded``, the causes of ``other``), every Monte Carlo draw
of the interval (:mod:`sclerodx.differential.uncertainty`) and the probabilities the
next-test reasons quote (:mod:`sclerodx.differential.next_test`, which ranks on the model
posterior: expected information and management value are properties of the model).

Caveat: τ is fitted on published case reports, which are enriched for rare and misdiagnosed
diseases; a clinic's case mix may be better calibrated by the model itself. Refit it (the
command below) whenever the evidence table changes.

References
----------
Guo C, Pleiss G, Sun Y, Weinberger KQ. On calibration of modern neural networks.
Proceedings of the 34th International Conference on Machine Learning (ICML), PMLR
2017;70:1321-1330.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

#: Posterior temperature τ of the calibration map (:func:`calibrate`). Fitted on the
#: development set of published case reports only (``tests/differential/published_cases``,
#: decisive finding masked), by minimising the mean log-loss of the final diagnosis over the
#: grid 0.20-1.50 (step 0.05), leave-one-case-out, with
#: ``PYTHONPATH=$PWD/src python benchmarks/published_cases_calibration.py``
#: (see docs/differential.md for the figures). Never fitted on the held-out set.
POSTERIOR_TEMPERATURE = 0.6

_FLOOR = 1e-300
FloatArray = NDArray[np.float64]


def calibrate(posterior: FloatArray, temperature: float = POSTERIOR_TEMPERATURE) -> FloatArray:
    """The calibrated posterior p^τ / Σ p^τ along the last axis.

    Parameters
    ----------
    posterior
        The model's posterior over the diagnoses (last axis sums to 1), any leading shape.
    temperature
        τ; the shipped :data:`POSTERIOR_TEMPERATURE` by default (``1 / τ`` inverts the map).

    Returns
    -------
    numpy.ndarray
        Same shape, last axis summing to 1, same order of the diagnoses.
    """
    logs = temperature * np.log(np.maximum(posterior, _FLOOR))
    weights = np.exp(logs - logs.max(axis=-1, keepdims=True))
    out: FloatArray = weights / weights.sum(axis=-1, keepdims=True)
    return out


def scale_terms(terms: FloatArray, temperature: float = POSTERIOR_TEMPERATURE) -> FloatArray:
    """Additive log-probability terms carried onto the calibrated scale.

    :func:`calibrate` maps ``log p`` to ``τ log p`` plus a constant per case, so a term that
    adds to ``log p`` adds ``τ`` times itself on the calibrated scale: the explanation's terms
    and the shown posterior go through the one temperature.

    Parameters
    ----------
    terms
        Terms that sum to the model's log posterior (up to a constant per case), any shape.
    temperature
        τ, as in :func:`calibrate`.
    """
    out: FloatArray = temperature * terms
    return out


def calibrate_hypotheses(hypotheses: FloatArray, calibrated: FloatArray) -> FloatArray:
    """The hypothesis posterior (named diagnoses, then the causes of ``other``) carried onto a
    calibrated diagnosis posterior: the named diagnoses take their calibrated probabilities and
    the causes keep their shares within ``other`` (the map is defined on the diagnoses).

    Parameters
    ----------
    hypotheses
        The model's posterior over hypotheses, last axis: the named diagnoses, the causes of
        ``other``, its remainder.
    calibrated
        :func:`calibrate` of the diagnoses' posterior, last axis: the named diagnoses, ``other``.
    """
    n_named = calibrated.shape[-1] - 1
    model_other = hypotheses[..., n_named:].sum(axis=-1, keepdims=True)
    scale = np.divide(calibrated[..., n_named:], model_other, out=np.zeros_like(model_other),
                      where=model_other > 0)
    out: FloatArray = np.concatenate([calibrated[..., :n_named], hypotheses[..., n_named:] * scale],
                                              axis=-1)
    return out
