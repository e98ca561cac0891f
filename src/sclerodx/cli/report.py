"""``sclerodx report CASE.json -o report.pdf``: the report a clinician files.

The format follows the output's extension (``.pdf`` or ``.html``/``.htm``). The file
is written atomically: a failure never leaves a half-written report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from sclerodx.atomic import write_atomically
from sclerodx.cli.app import app, fail
from sclerodx.cli.case_commands import read_case_argument
from sclerodx.exceptions import os_reason

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def output_format(output: Path, *, pdf: bool = False) -> str:
    """``"pdf"`` or ``"html"`` from the output's extension; ``--pdf`` must agree with it."""
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        fail("--output: expected a file name ending in .pdf, .html or .htm", field="--output")
    if pdf and kind != "pdf":
        fail("--pdf: the output name ends in .html; name it .pdf (the format follows the extension)",
             field="--pdf")
    return kind


@app.command("report")
def report_command(
    case_file: Annotated[Path, typer.Argument(metavar="CASE.json",
                                              help="A case file (JSON); '-' reads standard input.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the report: .pdf or .html "
                                         "(the format follows the extension).")],
    author: Annotated[str | None, typer.Option("--author", help="Name printed in the sign-off block.")]
    = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Kept for old scripts: the extension already decides.",
                                      hidden=True)] = False,
    investigational: Annotated[bool, typer.Option("--investigational", help="Include investigational "
                                                  "evidence (microRNA), labelled as such.")] = False,
    figure: Annotated[list[Path] | None, typer.Option("--figure", help="A PNG to include (repeatable), "
                                                      "e.g. from 'sclerodx emg --figure' or 'sclerodx mri "
                                                      "--figure'.")] = None,
) -> None:
    """Write the assessment of a case as a report (PDF or HTML, from the file extension).

    Page one is the impression; then the detail, criteria set by criteria set. Decision
    support, not a diagnosis: every page's footer says so. Exit codes: 0 success, 2
    invalid input.
    """
    kind = output_format(output, pdf=pdf)
    if not output.parent.is_dir():
        fail("--output: expected a file in an existing folder", field="--output")
    case = read_case_argument(case_file)
    figures = []
    for path in figure or []:
        try:
            data = path.read_bytes()
        except OSError as exc:
            fail(f"--figure: cannot be read ({os_reason(exc)}); expected a PNG image", field="--figure")
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            fail("--figure: expected a PNG image", field="--figure")
        figures.append((path.stem.replace("_", " "), data))

    from sclerodx.assessment import assess
    from sclerodx.report import PdfUnavailableError, html_to_pdf, render_html

    html = render_html(case, assess(case, include_investigational=investigational), figures=figures,
                       author=author, report_date=dt.date.today())
    try:
        data = html_to_pdf(html) if kind == "pdf" else html.encode("utf-8")
    except PdfUnavailableError as exc:
        fail(str(exc))
    try:
        write_atomically(output, lambda tmp: tmp.write_bytes(data))
    except OSError as exc:
        fail(f"--output: cannot be written ({os_reason(exc)}); expected a writable file", field="--output")
    typer.echo(f"wrote {output}", err=True)
