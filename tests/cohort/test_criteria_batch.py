"""The cohort path must agree with the explained per-case engines, row for row, on every set and status."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from sclerodx.case import Case
from sclerodx.cohort import case_features, evaluate_criteria_batch, feature_columns
from sclerodx.cohort.criteria_batch import STATUS_SUFFIX
from sclerodx.cohort.synthetic import random_case
from sclerodx.criteria import SPECS, evaluate_criteria
from sclerodx.examples import list_examples, load_example

CRITERIA = [spec.name for spec in SPECS]


def _agree(cases: list[Case]) -> None:
    batch = evaluate_criteria_batch(pl.DataFrame([case_features(c) for c in cases]))
    assert batch.columns == [c for name in CRITERIA for c in (name, name + STATUS_SUFFIX)]
    for i, case in enumerate(cases):
        report = evaluate_criteria(case)
        for name in CRITERIA:
            result = getattr(report, name)
            assert batch[name][i] == result.category, (i, name)
            assert batch[name + STATUS_SUFFIX][i] == result.status.value, (i, name)


def test_vectorised_equals_per_case_on_random_cases() -> None:
    rng = np.random.default_rng(20261124)
    _agree([random_case(rng) for _ in range(300)])


def test_vectorised_equals_per_case_on_examples() -> None:
    _agree([load_example(n) for n in list_examples()])


def test_vectorised_equals_per_case_on_the_vignettes() -> None:
    from tests.criteria.vignettes import VIGNETTES

    _agree([Case.model_validate(v.case) for v in VIGNETTES])


def test_boolean_region_columns_are_read_as_examined() -> None:
    row = case_features(load_example("typical-als"))
    regions = [c.name for c in feature_columns() if c.name.startswith(("umn_", "lmn_", "emg_awaji_"))]
    table = pl.DataFrame([row]).with_columns([pl.col(name).eq(1) for name in regions])
    expected = evaluate_criteria(load_example("typical-als")).gold_coast.category
    assert evaluate_criteria_batch(table)["gold_coast"][0] == expected


def test_feature_columns_match_case_features() -> None:
    row = case_features(load_example("typical-als"))
    assert sorted(row) == sorted(c.name for c in feature_columns())


def test_missing_column_is_named() -> None:
    table = pl.DataFrame([case_features(load_example("typical-als"))]).drop("umn_bulbar")
    with pytest.raises(ValueError, match="umn_bulbar"):
        evaluate_criteria_batch(table)
