"""``sclerodx cohort``: screen a registry or trial cohort table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sclerodx.casefile import CaseFileError
from sclerodx.cli.app import app, fail
from sclerodx.cohort.runner import features_from_cases, screen_file, write_table


@app.command("cohort")
def cohort_command(
    source: Annotated[Path, typer.Argument(help="A feature table (.parquet/.csv), or a folder of case "
                                           "JSON files with --from-cases.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write (.parquet or .csv).")],
    from_cases: Annotated[bool, typer.Option("--from-cases", help="SOURCE is a folder of case files: "
                                             "write their feature table to --output.")] = False,
    use_dask: Annotated[bool, typer.Option("--dask", help="Evaluate partition by partition with Dask.")]
    = False,
) -> None:
    """Evaluate every criteria set over a cohort, vectorised (decision support, not a diagnosis)."""
    try:
        if from_cases:
            if not source.is_dir():
                fail(f"{source}: --from-cases expects a folder of case JSON files")
            files = sorted(source.glob("*.json"))
            if not files:
                fail(f"{source}: no .json case files")
            write_table(features_from_cases(files), output)
            typer.echo(f"wrote features of {len(files)} case(s) to {output}")
            return
        if not source.is_file():
            fail(f"{source}: no such cohort table")
        n = screen_file(source, output, use_dask=use_dask)
    except (CaseFileError, ValueError) as exc:
        fail(str(exc))
    typer.echo(f"screened {n} case(s); verdicts written to {output}")
