"""The filed report: HTML content, embedded figures, PDF, and the CLI command."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sclerodx.cli.report  # noqa: F401  (registers the command)
from sclerodx.assessment import DISCLAIMER, assess
from sclerodx.casefile import write_case
from sclerodx.cli.app import app
from sclerodx.examples import load_example
from sclerodx.report import DifferentialView, html_to_pdf, render_html
from sclerodx.report.charts import differential_chart


def _png_bytes(uri: str) -> bytes:
    prefix = "data:image/png;base64,"
    assert uri.startswith(prefix)
    return base64.b64decode(uri[len(prefix):])


def test_html_has_every_section() -> None:
    case = load_example("als-with-white-matter-lesions")
    assessment = assess(case)
    view = DifferentialView(labels=["ALS", "MS"], probabilities=[0.8, 0.2],
                            contributions={"ALS": [("EMG denervation", 1.5), ("white-matter lesions", -0.3)]},
                            next_tests=["Repeat EMG in 3 months"])
    html = render_html(case, assessment, view)
    assert html.count(DISCLAIMER) == 2  # top and bottom
    for result in assessment.criteria.results():
        assert result.name in html
        assert str(result.citation).split(".")[0] in html
    for section in ("Case summary", "Differential", "Next best tests", "Biomarkers", "Needle EMG", "MRI"):
        assert f"<h2>{section}</h2>" in html
    assert "Repeat EMG in 3 months" in html
    # differential, contribution, NfL and lesion charts, all embedded
    assert html.count('src="data:image/png;base64,') == 4
    assert 'src="http' not in html  # self-contained: nothing fetched when the file is opened


def test_report_charts_the_assessments_own_differential() -> None:
    case = load_example("cis-with-dit")
    result = assess(case)
    html = render_html(case, result)
    assert "<h2>Differential</h2>" in html
    assert result.differential.leading.label in html


def test_chart_is_a_png() -> None:
    assert _png_bytes(differential_chart(["a", "b"], [0.3, 0.7]))[:8] == b"\x89PNG\r\n\x1a\n"


def test_chart_rejects_mismatched_input() -> None:
    with pytest.raises(ValueError, match="equal length"):
        differential_chart(["a"], [0.3, 0.7])


def test_pdf_renders() -> None:
    case = load_example("typical-als")
    pdf = html_to_pdf(render_html(case, assess(case)))
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        assert b"not a diagnosis" in text


def test_cli_writes_html_and_pdf(tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    write_case(load_example("typical-als"), case_file)
    runner = CliRunner()
    result = runner.invoke(app, ["report", str(case_file), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "<h2>Criteria</h2>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    result = runner.invoke(app, ["report", str(case_file), "-o", str(tmp_path / "r.pdf"), "--pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")


def test_cli_invalid_case_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"age": 500}', encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(bad), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert "age" in result.output
    assert not (tmp_path / "r.html").exists()
