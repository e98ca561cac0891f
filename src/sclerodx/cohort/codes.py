"""Integer codes to readable, compact columns (polars enums) and back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl


def labels(codes: np.ndarray[Any, Any], names: Sequence[str], name: str = "") -> pl.Series:
    """Codes (indices into ``names``) as an Enum column of the names."""
    return pl.Series(name, codes.astype(np.int64)).replace_strict(
        list(range(len(names))), list(names), return_dtype=pl.Enum(list(names))
    )


def codes_of(column: pl.Series, names: Sequence[str]) -> np.ndarray[Any, Any]:
    """The codes (indices into ``names``) of a category column."""
    if isinstance(column.dtype, pl.Enum) and list(column.dtype.categories) == list(names):
        return column.to_physical().to_numpy()
    return column.cast(pl.String).replace_strict(list(names), list(range(len(names)))).to_numpy()
