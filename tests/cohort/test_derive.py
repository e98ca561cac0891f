"""The vectorised derivation must give, row for row, what the per-case engines give for the row's case.

Each simulated raw row is also built into a :class:`~sclerodx.case.Case`
(:func:`row_to_case`); the per-case derivations (``case_features``: motor regions,
attacks, MRI evidence, McDonald features, differential finding states) and the per-case
engines (``evaluate_criteria``, ``differential``) are then compared with the cohort path on
every row and column. This is the test that catches drift when an engine changes.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl
import pytest

from sclerodx.case import Case
from sclerodx.cohort.cases import row_to_case
from sclerodx.cohort.derive import FINDINGS, NOT_IN_LAYOUT, derive_features, derived_columns
from sclerodx.cohort.features import FINDING_PREFIX, case_features, feature_columns
from sclerodx.cohort.layout import RAW_LAYOUT
from sclerodx.cohort.runner import verdicts
from sclerodx.cohort.simulate import simulate_rows
from sclerodx.cohort.validate import ROW_COLUMN, validate
from sclerodx.criteria import evaluate_criteria
from sclerodx.differential import DIAGNOSES, cases_to_arrays, differential, posterior_matrix
from sclerodx.differential.batch import packaged_table
from sclerodx.differential.engine import centred_log_ratio_terms, reading_order
from sclerodx.differential.findings import FINDING_PARTS, part_patterns

N_ROWS = 10_000
#: Durations are day counts / 365.25; polars divides by multiplying with the reciprocal, which
#: can differ from Python's division in the last bit (no threshold lies within that bit).
YEARS_RTOL = 1e-12


class Simulated:
    """Validated simulated rows, their cases, and both paths' outputs."""

    def __init__(self, n: int) -> None:
        raw = simulate_rows(n, np.random.default_rng(20261203))
        checked = validate(raw.with_row_index(ROW_COLUMN, offset=1), "simulated")
        assert checked.refused == 0, checked.errors.head(5)
        self.rows = checked.rows
        self.features = derive_features(checked.rows.lazy()).collect()
        self.records = checked.rows.drop(ROW_COLUMN).to_dicts()
        self.cases: list[Case] = [row_to_case(r) for r in self.records]
        self.verdicts = verdicts(self.features, pl.Series([str(i) for i in range(n)]))


@pytest.fixture(scope="module")
def sim() -> Simulated:
    return Simulated(N_ROWS)


def _same(batch: Any, single: Any, column: str) -> bool:
    if isinstance(single, float) and math.isnan(single):
        return batch is not None and math.isnan(batch)
    if column in ("symptom_years", "progression_years"):
        return math.isclose(batch, single, rel_tol=YEARS_RTOL)
    return bool(batch == single)


def test_simulated_rows_exercise_every_column(sim: Simulated) -> None:
    for spec in RAW_LAYOUT:
        column = sim.rows[spec.name]
        assert column.null_count() < column.len(), f"{spec.name} never given"
        if spec.kind == "boolean":
            assert set(column.drop_nulls().unique()) == {True, False}, spec.name
        if spec.kind == "category":
            assert set(column.drop_nulls().cast(pl.String).unique()) == set(spec.allowed), spec.name


def test_features_equal_case_features_row_for_row(sim: Simulated) -> None:
    columns = [c.name for c in feature_columns()]
    assert derived_columns() == columns
    batch = sim.features.select(columns).rows()
    for i, case in enumerate(sim.cases):
        single = case_features(case)
        for j, name in enumerate(columns):
            assert _same(batch[i][j], single[name], name), (
                i,
                name,
                batch[i][j],
                single[name],
                sim.records[i],
            )


def test_every_finding_state_is_reached(sim: Simulated) -> None:
    """Each state of each derived simple finding occurs, and unknown too; each part of a grouped
    finding (region signs and EMG, nerve conduction) is seen present, absent and unknown: the
    comparison covers every branch."""
    table = packaged_table()
    for finding, states in zip(table.finding_ids, table.states, strict=True):
        if finding in NOT_IN_LAYOUT:
            continue
        seen = set(sim.features[f"{FINDING_PREFIX}{finding}"].unique())
        if finding not in FINDING_PARTS:
            assert seen == {-1, *range(len(states))}, (finding, seen)
            continue
        assert -1 in seen, finding
        patterns = part_patterns(FINDING_PARTS[finding])
        for i, part in enumerate(FINDING_PARTS[finding]):
            values = {patterns[code][i] for code in seen if code >= 0}
            assert values == {None, False, True}, (finding, part, values)


def test_derivation_covers_the_evidence_table() -> None:
    assert set(FINDINGS) | NOT_IN_LAYOUT == set(packaged_table().finding_ids)


def test_criteria_and_status_equal_evaluate_criteria(sim: Simulated) -> None:
    names = ["mcdonald_2017", "mcdonald_2024", "el_escorial", "awaji", "gold_coast", "pls"]
    table = sim.verdicts.select([*names, *(f"{n}_status" for n in names)]).rows()
    seen: set[tuple[str, str, str]] = set()
    for i, case in enumerate(sim.cases):
        report = evaluate_criteria(case)
        for j, name in enumerate(names):
            result = getattr(report, name)
            assert table[i][j] == result.category, (i, name, sim.records[i])
            assert table[i][len(names) + j] == result.status.value, (i, name, result.category, sim.records[i])
            seen.add((name, result.category, result.status.value))
    for name in names:  # every status occurs for every criteria set
        assert {s for n, _, s in seen if n == name} == {"met", "not_met", "indeterminate"}, name


def test_posterior_equals_per_case_arrays(sim: Simulated) -> None:
    """The top three in the per-case engine's reading order, with its posterior, on every row."""
    table = packaged_table()
    states, age, sex = cases_to_arrays(sim.cases)
    expected = posterior_matrix(states, age, sex)
    order = np.array(
        [
            reading_order(
                expected[i],
                centred_log_ratio_terms(states[i], float(age[i]), int(sex[i]), table)[1][1:].sum(axis=0),
                states[i],
                table,
            )
            for i in range(N_ROWS)
        ]
    )
    names = np.array([d.value for d in DIAGNOSES])
    for k in (1, 2, 3):
        np.testing.assert_array_equal(
            sim.verdicts[f"p_{k}"].to_numpy(), expected[np.arange(N_ROWS), order[:, k - 1]]
        )
        assert sim.verdicts[f"dx_{k}"].cast(pl.String).to_list() == list(names[order[:, k - 1]])


def test_top_diagnoses_equal_differential(sim: Simulated) -> None:
    """The full per-case differential (with intervals and next tests) on a sample of the rows."""
    for i in range(0, N_ROWS, 100):
        result = differential(sim.cases[i])
        for k in (1, 2, 3):
            expected = result.posteriors[k - 1]
            assert sim.verdicts[f"dx_{k}"][i] == expected.diagnosis.value, (i, k)
            assert sim.verdicts[f"p_{k}"][i] == pytest.approx(expected.probability, rel=1e-12, abs=1e-300)
