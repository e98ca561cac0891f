"""The filed report: page one is the impression, clinical words throughout, PDF paged media.

The expected verdicts come from the criteria texts (e.g. UMN and LMN signs in three
regions is clinically definite ALS in revised El Escorial, Brooks et al. 2000), not
from running the code.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sclerodx.assessment import DISCLAIMER, assess
from sclerodx.casefile import write_case
from sclerodx.cli import app
from sclerodx.examples import example_text, load_example
from sclerodx.report import html_to_pdf, render_html
from sclerodx.summary import render

DATA_PATH = re.compile(r"exam\.motor|emg\[\d|mri\[\d|lesions\[\d|serum\.|csf\.|_regions|two_or_more|"
                       r"cortical_juxtacortical")


def _impression(html: str) -> str:
    return html.split('<section class="impression">', 1)[1].split("</section>", 1)[0]


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_als_page_one_leads_with_als_and_its_criteria() -> None:
    case = load_example("typical-als")
    html = render_html(case, assess(case), author="Dr A. Neurologist", report_date=dt.date(2025, 3, 2))
    page_one = _impression(html)
    assert "Amyotrophic lateral sclerosis" in page_one
    assert "clinically definite ALS" in page_one
    assert "McDonald" not in page_one  # MS criteria do not bear on an ALS impression
    assert "first dorsal interosseous" in page_one
    assert "fibrillation potentials" in page_one
    assert "Upper motor neuron signs in 3 regions" in page_one
    assert "Dr A. Neurologist" in page_one
    assert "2025-03-02" in page_one
    assert "typical-als" in page_one
    # the detail still shows the MS criteria, after the ones that bear on the case
    assert html.index("Revised El Escorial") < html.index("McDonald 2017")


def test_report_words_evidence_clinically_and_says_nothing_twice() -> None:
    case = load_example("typical-als")
    assessment = assess(case)
    html = render_html(case, assessment)
    text = _text(html)
    assert not DATA_PATH.search(text), DATA_PATH.search(text)
    assert html.count(DISCLAIMER) == 1  # once in the markup: the running footer of every page
    for result in assessment.criteria.results():
        assert text.count(str(result.citation).split(" (")[0]) == 1
    assert "0.96 years" not in text
    assert "1.0 years" not in text
    assert 'src="http' not in html  # self-contained: nothing fetched when the file is opened


def test_ms_impression_counts_lesions_by_location() -> None:
    case = load_example("relapsing-remitting-ms")
    html = render_html(case, assess(case))
    page_one = _impression(html)
    assert "McDonald 2017" in page_one
    assert "MS criteria fulfilled" in page_one
    assert re.search(r"MRI \d{4}-\d\d-\d\d .*: \d+ periventricular", page_one)
    assert "Revised El Escorial" not in page_one


def test_cis_next_tests_say_why_and_are_at_most_three() -> None:
    case = load_example("cis-without-dit")
    page_one = _impression(render_html(case, assess(case)))
    steps = re.findall(r"<li><strong>", page_one.split("Next tests", 1)[1])
    assert 1 <= len(steps) <= 3
    assert "DIT" in page_one  # the McDonald gap (dissemination in time) is named


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_has_the_disclaimer_and_page_number_on_every_page() -> None:
    case = load_example("typical-als")
    pdf = html_to_pdf(render_html(case, assess(case)))
    assert pdf.startswith(b"%PDF-")
    pages = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                           check=True).stdout.decode().split("\f")
    pages = [p for p in pages if p.strip()]
    assert 2 <= len(pages) <= 8
    for number, page in enumerate(pages, 1):
        flat = " ".join(page.split())
        assert "not a diagnosis" in flat
        assert f"page {number} of {len(pages)}" in flat
    assert "Impression" in pages[0]
    assert "Criteria, set by set" not in pages[0]


def test_cli_format_follows_the_extension(tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    write_case(load_example("typical-als"), case_file)
    runner = CliRunner()
    result = runner.invoke(app, ["report", str(case_file), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    result = runner.invoke(app, ["report", str(case_file), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "<h2>Impression</h2>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    wrong = runner.invoke(app, ["report", str(case_file), "-o", str(tmp_path / "r.txt")])
    assert wrong.exit_code == 2
    assert "--output" in wrong.output
    assert not (tmp_path / "r.txt").exists()
    clash = runner.invoke(app, ["report", str(case_file), "-o", str(tmp_path / "s.html"), "--pdf"])
    assert clash.exit_code == 2
    assert not (tmp_path / "s.html").exists()


def test_cli_reads_the_case_from_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", "-", "-o", str(out)], input=example_text("pls-like"))
    assert result.exit_code == 0, result.output
    assert "pls-like" in out.read_text(encoding="utf-8")


def test_cli_invalid_case_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"age": 500}', encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(bad), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert "age" in result.output
    assert "500" not in result.output
    assert not (tmp_path / "r.html").exists()


def test_a_leader_without_criteria_says_so_instead_of_listing_every_set() -> None:
    # NMOSD with AQP4-IgG (Wingerchuk et al. 2015): none of sclerodx's criteria sets covers it
    case = load_example("nmosd-aqp4")
    page_one = _impression(render_html(case, assess(case)))
    assert "NMOSD" in page_one
    assert "evaluates no criteria set for" in page_one
    assert "Criteria that bear on it" not in page_one
    assert "vertebral segments" in page_one  # the longitudinally extensive lesion, in words


def test_secondary_criteria_and_coexistence_are_rendered_as_such() -> None:
    case = load_example("als-with-white-matter-lesions")
    assessment = assess(case)
    criteria = assessment.criteria
    secondary = criteria.mcdonald_2017.model_copy(update={"relevance": "secondary",
                                                          "missing": ["Follow-up MRI for a new lesion."]})
    sentence = "Both MS and ALS criteria are met: the two diseases rarely coexist; review the evidence."
    assessment = assessment.model_copy(update={"criteria": criteria.model_copy(
        update={"mcdonald_2017": secondary, "coexistence": sentence})})
    html = render_html(case, assessment)
    page_one = _impression(html)
    assert sentence in page_one
    assert "McDonald 2017" not in page_one  # secondary: not part of the impression
    detail = html.split("McDonald 2017:", 1)[1].split("Source:", 1)[0]
    assert "secondary: evaluated for completeness" in detail
    assert "Would be needed (not advice for this case)" in detail
    text = render(case, assessment, width=100)
    assert sentence in text
    assert "Would be needed (not advice for this case): Follow-up MRI" in text
