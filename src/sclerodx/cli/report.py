"""``sclerodx report CASE.json -o report.html [--pdf]``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from sclerodx.assessment import assess
from sclerodx.casefile import CaseFileError, read_case
from sclerodx.cli.app import app, fail


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@app.command("report")
def report_command(
    case_file: Annotated[Path, typer.Argument(metavar="CASE.json", help="A case file (JSON).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the report.")],
    pdf: Annotated[bool, typer.Option("--pdf", help="Write PDF instead of HTML (needs Pango).")] = False,
    investigational: Annotated[bool, typer.Option("--investigational", help="Include investigational "
                                                  "evidence (microRNA), labelled as such.")] = False,
    figure: Annotated[list[Path] | None, typer.Option("--figure", help="A PNG to include (repeatable), "
                                                      "e.g. from 'sclerodx emg --figure' or 'sclerodx mri "
                                                      "--figure'.")] = None,
) -> None:
    """Write the assessment of a case as a report to file (HTML, or PDF with --pdf).

    Decision support, not a diagnosis: the report says so at its top and bottom.
    Exit codes: 0 success, 2 invalid input.
    """
    from sclerodx.report import PdfUnavailableError, html_to_pdf, render_html
    from sclerodx.report.charts import PNG_SIGNATURE

    if not output.parent.is_dir():
        fail(f"--output: folder {output.parent} does not exist")
    try:
        case = read_case(case_file)
    except CaseFileError as exc:
        fail(str(exc))
    figures = []
    for path in figure or []:
        try:
            data = path.read_bytes()
        except OSError as exc:
            fail(f"--figure {path}: cannot read ({exc.strerror})")
        if not data.startswith(PNG_SIGNATURE):
            fail(f"--figure {path}: expected a PNG image")
        figures.append((path.stem.replace("_", " "), data))
    html = render_html(case, assess(case, include_investigational=investigational), figures=figures)
    try:
        data = html_to_pdf(html) if pdf else html.encode("utf-8")
    except PdfUnavailableError as exc:
        fail(str(exc))
    _write_atomically(output, data)
    typer.echo(f"wrote {output}", err=True)
