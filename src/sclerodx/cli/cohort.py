"""``sclerodx cohort``: the raw registry layout, simulated registries, and screening runs.

Exit codes of ``cohort run``: 0 every row evaluated; 3 the run completed but some rows or
files were refused (see the summary and the errors file); 2 invalid input or arguments
(nothing written). polars, pyarrow and Dask load inside the commands, so the CLI starts fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from sclerodx.cli.app import app, fail
from sclerodx.exceptions import os_reason

#: ``cohort run`` finished, but refused some rows or files.
EXIT_ROWS_REFUSED = 3

cohort_app = typer.Typer(
    help="Screen a registry: every criteria set and the differential over raw registry rows "
    "(decision support, not a diagnosis).",
    no_args_is_help=True,
)
app.add_typer(cohort_app, name="cohort")


class _LayoutFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    CSV = "csv"


class _Engine(StrEnum):
    POLARS = "polars"
    DASK = "dask"


@cohort_app.command("layout")
def layout_command(
    fmt: Annotated[
        _LayoutFormat, typer.Option("--format", help="text (a table), markdown, or csv.")
    ] = _LayoutFormat.TEXT,
) -> None:
    """Print the raw registry layout: every column, its type, allowed values, unit and meaning."""
    from sclerodx.cohort.layout import layout_markdown, layout_rows

    if fmt is _LayoutFormat.MARKDOWN:
        typer.echo(layout_markdown())
        return
    if fmt is _LayoutFormat.CSV:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["column", "type", "values", "unit", "description"])
        writer.writerows(layout_rows())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        "column",
        "type",
        "values",
        "unit",
        "meaning",
        title="sclerodx raw registry layout (one row per patient; blank or absent = unknown)",
        show_lines=False,
    )
    for row in layout_rows():
        table.add_row(*row)
    Console(width=max(Console().width, 160)).print(table)


@cohort_app.command("simulate")
def simulate_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write (.parquet or .csv).")],
    rows: Annotated[int, typer.Option("--rows", min=1, max=1_000_000_000, help="How many rows.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same rows).")] = 0,
    row_group: Annotated[
        int,
        typer.Option(
            "--row-group",
            min=1_000,
            help="Rows per Parquet row group (the unit a Dask partition is made of).",
        ),
    ] = 100_000,
) -> None:
    """Write simulated raw registry rows (for benchmarks and tests; not real patients)."""
    if output.suffix not in (".parquet", ".csv"):
        fail("--output: expected a .parquet or .csv output path")
    from sclerodx.cohort.simulate import write_simulated

    write_simulated(output, rows, seed=seed, row_group=row_group)
    typer.echo(f"wrote {rows:,} simulated registry rows to {output}")


@cohort_app.command("run")
def run_command(
    source: Annotated[
        Path,
        typer.Argument(
            help="A Parquet/CSV table in the raw layout, a folder of them, or a folder of case JSON files."
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="A .parquet or .csv file, or a folder (a Parquet dataset, one part per partition).",
        ),
    ],
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="Errors file (CSV: file, row, case_id, column, reason); default OUTPUT.errors.csv.",
        ),
    ] = None,
    engine: Annotated[
        _Engine, typer.Option("--engine", help="polars (this process) or dask (a cluster).")
    ] = _Engine.POLARS,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (default: a local cluster)."
        ),
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option(
            "--partitions",
            min=1,
            help="Partitions to split the input into (default: one per row group or file).",
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=12, help="How many leading diagnoses.")] = 3,
    all_probabilities: Annotated[
        bool, typer.Option("--all-probabilities", help="Also write p_<diagnosis> for every diagnosis.")
    ] = False,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal).")
    ] = sys.stderr.isatty(),
) -> None:
    """Screen a registry: criteria categories with their status, and the top diagnoses, per patient."""
    if scheduler is not None and engine is not _Engine.DASK:
        fail("--scheduler needs --engine dask")
    from sclerodx.cohort.runner import Options, run
    from sclerodx.cohort.sources import CohortInputError

    errors_path = errors or output.with_name(f"{output.stem if output.suffix else output.name}.errors.csv")
    bar = _Progress(progress)
    try:
        with bar:
            summary = run(
                source,
                output,
                errors_path,
                engine=engine.value,
                scheduler=scheduler,
                partitions=partitions,
                options=Options(top=top, all_probabilities=all_probabilities),
                progress=bar.advance,
                on_start=bar.start,
            )
    except CohortInputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"--output: cannot be written ({os_reason(exc)}); expected a writable path in an existing "
             "folder", field="--output")
    lines = [
        f"evaluated {summary.rows_out:,} of {summary.rows_in:,} row(s) in {summary.partitions} "
        f"partition(s); verdicts written to {output}"
    ]
    if summary.rows_refused or summary.files_skipped:
        lines.append(
            f"refused {summary.rows_refused:,} row(s) and skipped {len(summary.files_skipped)} "
            f"file(s); {summary.errors:,} error(s) listed in {errors_path}"
        )
    if summary.ignored_columns:
        lines.append(f"ignored column(s) not in the layout: {', '.join(sorted(summary.ignored_columns))}")
    if engine is _Engine.DASK:
        lines.append(f"dask workers used: {len(summary.workers)}")
    typer.echo("\n".join(lines))
    if summary.rows_refused or summary.files_skipped:
        raise typer.Exit(code=EXIT_ROWS_REFUSED)


class _Progress:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    def start(self, total: int) -> None:
        if self._bar is not None:
            self._task = self._bar.add_task("screening rows", total=total or None)

    def advance(self, rows: int) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, rows)
