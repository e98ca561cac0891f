"""``sclerodx assess``, ``sclerodx schema`` and ``sclerodx example``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sclerodx.assessment import assess
from sclerodx.case import Case, case_json_schema
from sclerodx.casefile import CaseFileError, read_case
from sclerodx.cli.app import app, fail
from sclerodx.examples import example_text, list_examples, load_example
from sclerodx.summary import render


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def _load(case_file: Path | None, example: str | None) -> Case:
    if (case_file is None) == (example is None):
        fail("give either a CASE file or --example NAME (one of them)")
    try:
        return read_case(case_file) if case_file is not None else load_example(str(example))
    except CaseFileError as exc:
        fail(str(exc))
    except KeyError as exc:
        fail(f"--example: {exc.args[0]}")


@app.command("assess")
def assess_command(
    case_file: Annotated[Path | None, typer.Argument(metavar="CASE.json", help="A case file (JSON).")] = None,
    example: Annotated[str | None, typer.Option("--example", "-e", help="Assess a bundled example instead.")]
    = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
    = OutputFormat.TEXT,
    investigational: Annotated[bool, typer.Option("--investigational", help="Include investigational "
                                                  "evidence (microRNA), labelled as such.")] = False,
) -> None:
    """Evaluate the MS and ALS criteria (and the differential) on a case.

    Exit codes: 0 success, 2 invalid input (the message names the field).
    """
    case = _load(case_file, example)
    result = assess(case, include_investigational=investigational)
    if output_format is OutputFormat.JSON:
        typer.echo(result.model_dump_json(indent=2))
    else:
        typer.echo(render(result, markdown=output_format is OutputFormat.MARKDOWN), nl=False)


@app.command("schema")
def schema_command() -> None:
    """Print the versioned JSON Schema of a case."""
    typer.echo(json.dumps(case_json_schema(), indent=2))


@app.command("example")
def example_command(
    name: Annotated[str | None, typer.Argument(help="Example name; omit to list them.")] = None,
) -> None:
    """List the bundled example cases, or print one as JSON (to edit and assess)."""
    if name is None:
        for entry in list_examples():
            typer.echo(entry)
        return
    try:
        typer.echo(example_text(name), nl=False)
    except KeyError as exc:
        fail(exc.args[0])
