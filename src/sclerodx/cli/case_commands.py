"""``sclerodx assess``, ``sclerodx schema`` and ``sclerodx example``.

Imports of the engines happen inside the commands, so that start-up stays light.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sclerodx.cli.app import app, fail

if TYPE_CHECKING:
    from sclerodx.case import Case

STDIN = Path("-")


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def read_case_argument(case_file: Path | None, example: str | None = None) -> Case:
    """The case named on the command line: a file, ``-`` (standard input) or a bundled example."""
    from sclerodx.casefile import parse_case, read_case
    from sclerodx.examples import load_example

    if (case_file is None) == (example is None):
        fail("give either a CASE file ('-' for standard input) or --example NAME (one of them)")
    if example is not None:
        try:
            return load_example(example)
        except KeyError as exc:
            fail(f"--example: {exc.args[0]}", field="--example")
    if case_file == STDIN:
        return parse_case(sys.stdin.read(), source="standard input")
    return read_case(str(case_file), argument="CASE.json")


@app.command("assess")
def assess_command(
    case_file: Annotated[Path | None, typer.Argument(
        metavar="CASE.json", help="A case file (JSON); '-' reads standard input.")] = None,
    example: Annotated[str | None, typer.Option("--example", "-e", help="Assess a bundled example instead.")]
    = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
    = OutputFormat.TEXT,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Text and Markdown: every rule of every "
                                          "criteria set, with the findings behind it.")] = False,
    investigational: Annotated[bool, typer.Option("--investigational", help="Include investigational "
                                                  "evidence (microRNA), labelled as such.")] = False,
) -> None:
    """Evaluate the MS and ALS criteria (and the differential) on a case.

    Exit codes: 0 success, 2 invalid input (the message names the field).
    """
    from sclerodx.assessment import assess

    case = read_case_argument(case_file, example)
    result = assess(case, include_investigational=investigational)
    if output_format is OutputFormat.JSON:
        typer.echo(result.model_dump_json(indent=2))
        return
    from sclerodx.summary import render

    typer.echo(render(case, result, markdown=output_format is OutputFormat.MARKDOWN, verbose=verbose),
               nl=False)


@app.command("schema")
def schema_command() -> None:
    """Print the versioned JSON Schema of a case."""
    from sclerodx.case import case_json_schema

    typer.echo(json.dumps(case_json_schema(), indent=2))


@app.command("example")
def example_command(
    name: Annotated[str | None, typer.Argument(help="Example name; omit to list them.")] = None,
) -> None:
    """List the bundled example cases, or print one as JSON (to edit and assess)."""
    from sclerodx.examples import example_text, list_examples

    if name is None:
        for entry in list_examples():
            typer.echo(entry)
        return
    try:
        typer.echo(example_text(name), nl=False)
    except KeyError as exc:
        fail(exc.args[0])
