"""``sclerodx cohort``: layout, simulate, run (files, folders, case files; polars and Dask)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from sclerodx.cli import app
from sclerodx.cli.cohort import EXIT_ROWS_REFUSED
from sclerodx.cohort.layout import RAW_LAYOUT
from sclerodx.criteria import evaluate_criteria
from sclerodx.differential.next_test import DEFINING_TESTS
from sclerodx.examples import example_text, list_examples, load_example

runner = CliRunner()
CRITERIA = ["mcdonald_2017", "mcdonald_2024", "el_escorial", "awaji", "gold_coast", "pls"]


def _ok(args: list[str], code: int = 0) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 simulated rows in three row groups."""
    path = tmp_path_factory.mktemp("registry") / "registry.parquet"
    _ok(["cohort", "simulate", "--rows", "3000", "-o", str(path), "--row-group", "1000", "--seed", "7"])
    return path


def test_layout_lists_every_column() -> None:
    out = _ok(["cohort", "layout", "--format", "csv"])
    lines = out.strip().splitlines()
    assert lines[0] == "column,type,values,unit,description"
    assert [line.split(",")[0] for line in lines[1:]] == [c.name for c in RAW_LAYOUT]
    assert "umn_cervical" in _ok(["cohort", "layout"])


def test_docs_carry_the_layout() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "cohort.md").read_text(encoding="utf-8")
    missing = [c.name for c in RAW_LAYOUT if f"`{c.name}`" not in docs]
    assert not missing


def test_run_writes_status_and_top_diagnoses(registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "verdicts.parquet"
    text = _ok(["cohort", "run", str(registry), "-o", str(out)])
    assert "evaluated 3,000 of 3,000 row(s)" in text
    table = pl.read_parquet(out)
    expected = ["case_id"] + [c for name in CRITERIA for c in (name, f"{name}_status")]
    expected += [c for k in (1, 2, 3) for c in (f"dx_{k}", f"p_{k}")]
    assert table.columns == expected
    assert table.height == 3000
    # reading order: most probable first, except that a pending test-defined diagnosis yields the lead
    assert (table["p_2"] >= table["p_3"]).all()
    yielded = table.filter(pl.col("p_1") < pl.col("p_2"))["dx_2"].cast(pl.String)
    assert set(yielded) <= {d.value for d in DEFINING_TESTS}
    assert table["case_id"].to_list() == pl.read_parquet(registry, columns=["case_id"])["case_id"].to_list()
    errors = tmp_path / "verdicts.errors.csv"
    assert errors.read_text().strip() == "file,row,case_id,column,reason"


def test_csv_input_with_bad_rows(tmp_path: Path, registry: Path) -> None:
    raw = pl.read_parquet(registry).head(200)
    source = tmp_path / "registry.csv"
    bad = raw.with_columns(pl.col("umn_cervical").cast(pl.String))
    bad = bad.with_columns(
        pl.when(pl.int_range(pl.len()) == 5)
        .then(pl.lit("yes"))
        .otherwise(pl.col("umn_cervical"))
        .alias("umn_cervical")
    )
    bad.write_csv(source)
    out, errors = tmp_path / "out.csv", tmp_path / "errors.csv"
    text = _ok(["cohort", "run", str(source), "-o", str(out), "--errors", str(errors)], EXIT_ROWS_REFUSED)
    assert "refused 1 row(s)" in text
    assert pl.read_csv(out).height == 199
    assert pl.read_csv(errors).to_dicts() == [
        {
            "file": str(source),
            "row": 6,
            "case_id": raw["case_id"][5],
            "column": "umn_cervical",
            "reason": "expected true or false",
        }
    ]


def test_folder_of_tables_and_an_unreadable_file(tmp_path: Path, registry: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = pl.read_parquet(registry).head(100)
    raw.head(60).write_parquet(folder / "a.parquet")
    raw.tail(40).write_csv(folder / "b.csv")
    (folder / "c.parquet").write_bytes(b"not parquet")
    out = tmp_path / "out.parquet"
    text = _ok(["cohort", "run", str(folder), "-o", str(out)], EXIT_ROWS_REFUSED)
    assert "skipped 1 file(s)" in text
    assert pl.read_parquet(out)["case_id"].to_list() == raw["case_id"].to_list()


def test_case_json_folder_with_a_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in list_examples():
        (folder / f"{name}.json").write_text(example_text(name))
    (folder / "broken.json").write_text("{not json")
    out = tmp_path / "out.csv"
    _ok(["cohort", "run", str(folder), "-o", str(out)], EXIT_ROWS_REFUSED)
    table = pl.read_csv(out)
    ids = table["case_id"].to_list()
    for name in list_examples():
        case = load_example(name)
        row = table.row(ids.index(case.id or name), named=True)
        report = evaluate_criteria(case)
        assert [row[c] for c in CRITERIA] == [getattr(report, c).category for c in CRITERIA]
        assert [row[f"{c}_status"] for c in CRITERIA] == [getattr(report, c).status.value for c in CRITERIA]
    errors = pl.read_csv(tmp_path / "out.errors.csv")
    assert errors["file"].to_list() == [str(folder / "broken.json")]


def test_bad_arguments_exit_2_and_write_nothing(tmp_path: Path, registry: Path) -> None:
    out = tmp_path / "out.parquet"
    assert (
        runner.invoke(app, ["cohort", "run", str(tmp_path / "none.parquet"), "-o", str(out)]).exit_code == 2
    )
    result = runner.invoke(app, ["cohort", "run", str(registry), "-o", str(out), "--engine", "dask"])
    assert result.exit_code == 2
    assert "folder" in result.output
    result = runner.invoke(app, ["cohort", "run", str(registry), "-o", str(out), "--scheduler", "tcp://x:1"])
    assert result.exit_code == 2
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_polars_folder_output_has_one_part_per_partition(registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    _ok(["cohort", "run", str(registry), "-o", str(out), "--partitions", "2"])
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    single = tmp_path / "single.parquet"
    _ok(["cohort", "run", str(registry), "-o", str(single)])
    assert pl.read_parquet(out / "*.parquet").equals(pl.read_parquet(single))


@pytest.mark.parametrize("width", [1, 3])
def test_output_does_not_depend_on_the_pipeline_width(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Batches evaluated one at a time or several at once are written in input order, identically."""
    from sclerodx.cohort import runner as runner_module

    reference = tmp_path / "reference.parquet"
    _ok(["cohort", "run", str(registry), "-o", str(reference)])
    monkeypatch.setattr(runner_module, "pipeline_width", lambda: width)
    out = tmp_path / "out.parquet"
    options = runner_module.Options(batch_rows=400)  # three row groups, eight batches
    summary = runner_module.run(registry, out, tmp_path / "errors.csv", options=options)
    assert (summary.rows_in, summary.rows_out, summary.partitions) == (3000, 3000, 3)
    assert pl.read_parquet(out).equals(pl.read_parquet(reference))


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    os.environ.setdefault("PYTHONPATH", str(Path(__file__).parents[2] / "src"))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local.scheduler_address


def test_dask_cluster_result_equals_polars(registry: Path, tmp_path: Path, cluster: str) -> None:
    polars_out = tmp_path / "polars.parquet"
    _ok(["cohort", "run", str(registry), "-o", str(polars_out)])
    dask_out = tmp_path / "dask"
    text = _ok(
        [
            "cohort",
            "run",
            str(registry),
            "-o",
            str(dask_out),
            "--engine",
            "dask",
            "--scheduler",
            cluster,
            "--partitions",
            "3",
        ]
    )
    assert "in 3 partition(s)" in text
    assert "dask workers used: 2" in text
    assert sorted(p.name for p in dask_out.glob("*.parquet")) == [f"part-0000{i}.parquet" for i in range(3)]
    assert pl.read_parquet(dask_out / "*.parquet").equals(pl.read_parquet(polars_out))


def test_own_local_cluster_result_equals_polars(registry: Path, tmp_path: Path) -> None:
    """Without --scheduler the run starts its own cluster (workers forked from a server that has
    loaded the engines): both workers take partitions and the result is the polars engine's."""
    pytest.importorskip("distributed")
    from sclerodx.cohort import runner as runner_module

    polars_out = tmp_path / "polars.parquet"
    _ok(["cohort", "run", str(registry), "-o", str(polars_out)])
    dask_out = tmp_path / "dask"
    summary = runner_module.run(registry, dask_out, tmp_path / "errors.csv", engine="dask")
    assert (summary.rows_out, summary.partitions, len(summary.workers)) == (3000, 3, 2)
    assert pl.read_parquet(dask_out / "*.parquet").equals(pl.read_parquet(polars_out))


def test_docs_layout_table_is_the_generated_one() -> None:
    from sclerodx.cohort.layout import layout_markdown

    docs = (Path(__file__).parents[2] / "docs" / "cohort.md").read_text(encoding="utf-8")
    table = docs.split("<!-- layout:begin")[1].split("-->", 1)[1].split("<!-- layout:end -->")[0]
    assert table.strip() == layout_markdown()


def test_cohort_cli_and_layout_import_light() -> None:
    """The command module and the layout load without polars, pyarrow or Dask (they load in the commands)."""
    import subprocess
    import sys

    code = (
        "import sys, sclerodx.cli.cohort, sclerodx.cohort.layout; "
        "print(sorted(m for m in ('polars', 'pyarrow', 'dask', 'distributed') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.strip() == "[]"
