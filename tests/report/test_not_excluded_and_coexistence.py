"""Test-defined diagnoses still open, and MS with ALS, in every output's clinical words.

The expected content follows from the clinical facts, not from running the code:

* A man over 50 with upper and lower motor neuron signs in the arms and legs and no
  cord imaging: cervical spondylotic myelopathy is the treatable mimic that a spinal
  MRI excludes (revised El Escorial requires neuroimaging to exclude other processes,
  Brooks et al., Amyotroph Lateral Scler 2000; EFNS ALS guideline, Andersen et al.,
  Eur J Neurol 2012), so it is "not excluded; do spinal MRI".
* Relapsing optic neuritis and myelitis with disseminated MRI lesions and CSF-specific
  bands, together with UMN and LMN signs and widespread denervation in three regions:
  the LMN disease is not explained by MS, so MS and ALS together is the reading to name
  (about 33 published co-occurrences; Aljthalin et al., BMC Neurol 2024).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sclerodx.assessment import assess
from sclerodx.case import Case
from sclerodx.differential import Diagnosis
from sclerodx.report import render_html
from sclerodx.report.impression import build_report
from sclerodx.summary import render

VIGNETTES = Path(__file__).parent / "vignettes"  # shared with tests/api/test_web_page.py
UMN_LMN_MAN: dict[str, Any] = json.loads((VIGNETTES / "umn-lmn-man.json").read_text())
MS_AND_ALS: dict[str, Any] = json.loads((VIGNETTES / "ms-and-als.json").read_text())


def _impression(html: str) -> str:
    return html.split('<section class="impression">', 1)[1].split("</section>", 1)[0]


@pytest.fixture(scope="module")
def umn_lmn() -> tuple[Case, Any]:
    case = Case.model_validate(UMN_LMN_MAN)
    return case, assess(case)


@pytest.fixture(scope="module")
def ms_als() -> tuple[Case, Any]:
    case = Case.model_validate(MS_AND_ALS)
    return case, assess(case)


def test_csm_without_cord_mri_reads_not_excluded_do_spinal_mri_on_page_one(umn_lmn) -> None:
    case, assessment = umn_lmn
    page_one = _impression(render_html(case, assessment))
    assert "Not excluded" in page_one
    assert "Cervical spondylotic myelopathy" in page_one
    assert "not excluded; do MRI of the cervical and thoracic cord" in page_one
    assert "spinal_mri" not in page_one
    assert "cord_compression" not in page_one


@pytest.mark.parametrize("markdown", [False, True])
def test_text_and_markdown_say_not_excluded_in_the_impression(umn_lmn, markdown: bool) -> None:
    case, assessment = umn_lmn
    out = render(case, assessment, markdown=markdown, width=400)
    impression = out.split("Impression" if markdown else "IMPRESSION", 1)[1].split(
        "Differential" if markdown else "DIFFERENTIAL", 1)[0]
    line = next(ln for ln in impression.splitlines() if "not excluded; do" in ln)
    assert "Cervical spondylotic myelopathy" in line
    assert "MRI of the cervical and thoracic cord" in line
    assert "cervical cord MRI for spondylotic compression, which has not been done" in line


def test_not_excluded_prints_the_probability_once(umn_lmn) -> None:
    case, assessment = umn_lmn
    content = build_report(case, assessment)
    csm = next(n for n in content.not_excluded if n.label == "Cervical spondylotic myelopathy")
    listed = any(r.label == csm.label for r in content.leading)
    assert (csm.probability is None) is listed  # already shown with its probability when leading


def test_json_carries_not_excluded_and_coexistence(umn_lmn, ms_als) -> None:
    data = umn_lmn[1].model_dump(mode="json")
    listed = data["differential"]["not_excluded"][0]
    assert (listed["diagnosis"], listed["test"]) == ("csm", "spinal_mri")
    co = ms_als[1].model_dump(mode="json")["differential"]["coexistence"]
    assert co
    assert Diagnosis.ALS.value in co[0]["diagnoses"]


def test_coexisting_ms_and_als_is_said_plainly_in_every_output(ms_als) -> None:
    case, assessment = ms_als
    page_one = _impression(render_html(case, assessment))
    assert "MS and ALS together" in page_one
    assert "Aljthalin" in page_one
    for markdown in (False, True):
        impression = render(case, assessment, markdown=markdown, width=400).split(
            "Differential" if markdown else "DIFFERENTIAL", 1)[0]
        assert "MS and ALS together" in impression


def test_plain_als_says_nothing_of_coexistence_or_open_mimics() -> None:
    from sclerodx.examples import load_example

    case = load_example("typical-als")
    page_one = _impression(render_html(case, assess(case)))
    assert "Not excluded" not in page_one
    assert "MS and ALS together" not in page_one
