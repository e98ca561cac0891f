"""All criteria over a whole cohort table at once, through the engines' own decision functions."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from sclerodx.anatomy import REGIONS
from sclerodx.cohort.features import feature_columns
from sclerodx.criteria.als_categories import (
    AWAJI_CATEGORIES,
    GOLD_COAST_CATEGORIES,
    REEC_CATEGORIES,
    gold_coast_codes,
    reec_style_codes,
)
from sclerodx.criteria.mcdonald2017 import decide_mcdonald_2017
from sclerodx.criteria.mcdonald2024 import decide_mcdonald_2024
from sclerodx.criteria.ms_common import MS_CATEGORIES
from sclerodx.criteria.ms_features import MSFeatures
from sclerodx.criteria.pls import PLS_CATEGORIES, PLS_REGIONS, pls_codes


def _regions(table: pl.DataFrame, prefix: str) -> np.ndarray[Any, np.dtype[np.bool_]]:
    return table.select([f"{prefix}_{r.value}" for r in REGIONS]).to_numpy().astype(bool)


def _labels(codes: np.ndarray[Any, Any], categories: tuple[str, ...]) -> pl.Series:
    """Category codes as a polars Enum column (compact, and readable in exports)."""
    names = list(categories)
    return pl.Series(codes.astype(np.int64)).replace_strict(
        list(range(len(names))), names, return_dtype=pl.Enum(names)
    )


def evaluate_criteria_batch(table: pl.DataFrame) -> pl.DataFrame:
    """Category of every criteria set for every row of a cohort feature table.

    Raises
    ------
    ValueError
        If a required column is missing; the message names the columns.
    """
    missing = [c.name for c in feature_columns() if c.name not in table.columns]
    if missing:
        raise ValueError(f"cohort table lacks column(s): {', '.join(missing[:10])}"
                         + (" ..." if len(missing) > 10 else ""))
    umn = _regions(table, "umn")
    emg_awaji = _regions(table, "emg_awaji")
    lmn_reec = _regions(table, "lmn_reec")
    progression = table["progression"].to_numpy().astype(np.int8)
    excluded = table["als_excluded"].to_numpy().astype(np.int8)
    reec = reec_style_codes(umn, lmn_reec, progression, excluded, emg_lmn=_regions(table, "emg_reec"))
    awaji = reec_style_codes(umn, lmn_reec | emg_awaji, progression, excluded)
    gold = gold_coast_codes(umn, _regions(table, "lmn_gc") | emg_awaji, progression, excluded)
    pls_cols = [REGIONS.index(r) for r in PLS_REGIONS]
    pls = pls_codes(
        table["age"].to_numpy().astype(float), umn[:, pls_cols].sum(axis=1),
        table["symptom_years"].to_numpy().astype(float),
        lmn_reec.any(axis=1) | table["active_denervation"].to_numpy().astype(bool),
        table["sensory_loss"].to_numpy().astype(bool), excluded == 0,
    )
    ms = MSFeatures(**{
        name: table[name].to_numpy() for name in MSFeatures.__dataclass_fields__
    })
    return pl.DataFrame({
        "mcdonald_2017": _labels(decide_mcdonald_2017(ms).codes, MS_CATEGORIES),
        "mcdonald_2024": _labels(decide_mcdonald_2024(ms).codes, MS_CATEGORIES),
        "el_escorial": _labels(reec, REEC_CATEGORIES),
        "awaji": _labels(awaji, AWAJI_CATEGORIES),
        "gold_coast": _labels(gold, GOLD_COAST_CATEGORIES),
        "pls": _labels(pls, PLS_CATEGORIES),
    })
