"""Screening a registry or trial cohort: every criteria set and the differential over a table, vectorised.

Each case becomes one row of derived inputs (:func:`case_features`); the table is
evaluated in one pass by the same decision functions the per-case engines use
(:func:`evaluate_criteria_batch`).
"""

from __future__ import annotations

from sclerodx.cohort.criteria_batch import evaluate_criteria_batch
from sclerodx.cohort.differential_batch import evaluate_differential_batch
from sclerodx.cohort.features import case_features, feature_columns
from sclerodx.cohort.runner import features_from_cases, screen_file, screen_table

__all__ = [
    "case_features",
    "evaluate_criteria_batch",
    "evaluate_differential_batch",
    "feature_columns",
    "features_from_cases",
    "screen_file",
    "screen_table",
]
