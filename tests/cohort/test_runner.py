"""Cohort files: cases -> features -> verdicts, with and without Dask."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from sclerodx.cli import app
from sclerodx.criteria import evaluate_criteria
from sclerodx.examples import example_text, list_examples, load_example

runner = CliRunner()


@pytest.fixture
def case_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in list_examples():
        (folder / f"{name}.json").write_text(example_text(name))
    return folder


@pytest.mark.parametrize("use_dask", [False, True])
def test_cases_to_verdicts(case_folder: Path, tmp_path: Path, use_dask: bool) -> None:
    features = tmp_path / "features.parquet"
    verdicts = tmp_path / "verdicts.csv"
    made = runner.invoke(app, ["cohort", str(case_folder), "--from-cases", "-o", str(features)])
    assert made.exit_code == 0, made.output
    args = ["cohort", str(features), "-o", str(verdicts)] + (["--dask"] if use_dask else [])
    screened = runner.invoke(app, args)
    assert screened.exit_code == 0, screened.output
    table = pl.read_csv(verdicts).sort("case_id")
    expected = sorted((n, evaluate_criteria(load_example(n)).gold_coast.category) for n in list_examples())
    assert list(zip(table["case_id"], table["gold_coast"], strict=True)) == expected


def test_bad_inputs_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["cohort", str(tmp_path / "none.parquet"), "-o", "x.csv"]).exit_code == 2
    table = tmp_path / "t.csv"
    pl.DataFrame({"case_id": ["a"], "age": [50]}).write_csv(table)
    result = runner.invoke(app, ["cohort", str(table), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2
    assert "lacks column" in result.output
    assert not (tmp_path / "out.csv").exists()
