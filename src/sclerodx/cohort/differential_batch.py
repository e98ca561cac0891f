"""The differential over a whole cohort table, through the engine's own vectorised posterior.

:func:`~sclerodx.differential.batch.posterior_matrix` scores each group of findings
jointly; the runner hands it one bounded batch at a time, so its few full-size arrays
(prior, posterior) stay bounded too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from sclerodx.cohort.codes import labels
from sclerodx.cohort.features import FINDING_PREFIX
from sclerodx.differential import DIAGNOSES, posterior_matrix
from sclerodx.differential.batch import packaged_table

NAMES = [d.value for d in DIAGNOSES]


def posterior(table: pl.DataFrame, *, include_investigational: bool = False) -> np.ndarray[Any, Any]:
    """Posterior matrix (rows x diagnoses, in the order of ``DIAGNOSES``) of a feature table."""
    columns = [f"{FINDING_PREFIX}{fid}" for fid in packaged_table().finding_ids]
    states = table.select(columns).to_numpy().astype(np.int16)  # region findings have > 127 states
    age = table["age"].to_numpy().astype(float)
    sex = table["sex"].to_numpy().astype(np.int8)
    matrix: np.ndarray[Any, Any] = posterior_matrix(
        states, age, sex, include_investigational=include_investigational
    )
    return matrix


def evaluate_differential_batch(
    table: pl.DataFrame, *, include_investigational: bool = False
) -> pl.DataFrame:
    """Posterior of every diagnosis (``p_<diagnosis>``) and the leading one, per row."""
    matrix = posterior(table, include_investigational=include_investigational)
    return pl.DataFrame(
        {
            "leading_diagnosis": labels(matrix.argmax(axis=1), NAMES),
            **{f"p_{name}": matrix[:, j] for j, name in enumerate(NAMES)},
        }
    )


def top_diagnoses(
    table: pl.DataFrame, k: int = 3, *, include_investigational: bool = False, all_probabilities: bool = False
) -> pl.DataFrame:
    """The ``k`` most probable diagnoses per row (``dx_1``, ``p_1``, ...), and optionally all ``p_<name>``."""
    matrix = posterior(table, include_investigational=include_investigational)
    order = np.argsort(-matrix, axis=1, kind="stable")[:, :k]
    rows = np.arange(matrix.shape[0])[:, None]
    best = matrix[rows, order]
    columns: dict[str, pl.Series | np.ndarray[Any, Any]] = {}
    for i in range(order.shape[1]):
        columns[f"dx_{i + 1}"] = labels(order[:, i], NAMES)
        columns[f"p_{i + 1}"] = best[:, i]
    if all_probabilities:
        columns |= {f"p_{name}": matrix[:, j] for j, name in enumerate(NAMES)}
    return pl.DataFrame(columns)
