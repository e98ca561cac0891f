"""The differential over a whole cohort table, through the engine's own vectorised posterior."""

from __future__ import annotations

import numpy as np
import polars as pl

from sclerodx.cohort.features import FINDING_PREFIX
from sclerodx.differential import DIAGNOSES, posterior_matrix
from sclerodx.differential.batch import packaged_table


def evaluate_differential_batch(
    table: pl.DataFrame, *, include_investigational: bool = False
) -> pl.DataFrame:
    """Posterior of every diagnosis (``p_<diagnosis>``) and the leading one, per row."""
    columns = [f"{FINDING_PREFIX}{fid}" for fid in packaged_table().finding_ids]
    states = table.select(columns).to_numpy().astype(np.int16)
    posterior = posterior_matrix(states, table["age"].to_numpy().astype(float),
                                 table["sex"].to_numpy().astype(np.int8),
                                 include_investigational=include_investigational)
    names = [d.value for d in DIAGNOSES]
    leading = pl.Series(posterior.argmax(axis=1)).replace_strict(
        list(range(len(names))), names, return_dtype=pl.Enum(names))
    return pl.DataFrame({"leading_diagnosis": leading,
                         **{f"p_{name}": posterior[:, j] for j, name in enumerate(names)}})
