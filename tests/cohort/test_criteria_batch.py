"""The cohort path must agree with the explained per-case engines, row for row."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from sclerodx.cohort import case_features, evaluate_criteria_batch, feature_columns
from sclerodx.cohort.synthetic import random_case
from sclerodx.criteria import evaluate_criteria
from sclerodx.examples import list_examples, load_example


def test_vectorised_equals_per_case_on_random_cases() -> None:
    rng = np.random.default_rng(20261124)
    cases = [random_case(rng) for _ in range(300)]
    batch = evaluate_criteria_batch(pl.DataFrame([case_features(c) for c in cases]))
    for i, case in enumerate(cases):
        report = evaluate_criteria(case)
        for name in batch.columns:
            assert batch[name][i] == getattr(report, name).category, (i, name)


def test_vectorised_equals_per_case_on_examples() -> None:
    cases = [load_example(n) for n in list_examples()]
    batch = evaluate_criteria_batch(pl.DataFrame([case_features(c) for c in cases]))
    assert batch["el_escorial"].to_list() == [evaluate_criteria(c).el_escorial.category for c in cases]


def test_feature_columns_match_case_features() -> None:
    row = case_features(load_example("typical-als"))
    assert sorted(row) == sorted(c.name for c in feature_columns())


def test_missing_column_is_named() -> None:
    table = pl.DataFrame([case_features(load_example("typical-als"))]).drop("umn_bulbar")
    with pytest.raises(ValueError, match="umn_bulbar"):
        evaluate_criteria_batch(table)
