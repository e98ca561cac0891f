"""Screening a registry or trial cohort: every criteria set and the differential over a table, vectorised.

A registry exports raw facts in the documented layout (:mod:`~sclerodx.cohort.layout`);
they are validated (:mod:`~sclerodx.cohort.validate`), turned into the engines' inputs
column-wise (:mod:`~sclerodx.cohort.derive`, with the per-case semantics of
:func:`~sclerodx.cohort.cases.row_to_case`) and evaluated by the same decision functions
the per-case engines use (:func:`evaluate_criteria_batch`, :func:`evaluate_differential_batch`).
:mod:`~sclerodx.cohort.runner` streams files through it, in one process or on Dask.

The names below import lazily, so that reading the layout does not load polars.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "case_features": "sclerodx.cohort.features",
    "feature_columns": "sclerodx.cohort.features",
    "evaluate_criteria_batch": "sclerodx.cohort.criteria_batch",
    "evaluate_differential_batch": "sclerodx.cohort.differential_batch",
    "derive_features": "sclerodx.cohort.derive",
    "row_to_case": "sclerodx.cohort.cases",
    "validate": "sclerodx.cohort.validate",
    "simulate_rows": "sclerodx.cohort.simulate",
    "run": "sclerodx.cohort.runner",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sclerodx.cohort' has no attribute {name!r}")
