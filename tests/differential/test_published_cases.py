"""The published case reports: every file is well formed, and the benchmark runs on them.

Both sets are checked the same way: the development set (``published_cases``) and the
held-out set (``published_cases_heldout``, never used for tuning; different sources).
No accuracy threshold is asserted here: the differential is being reworked (issue 11) and
the figures are reported by ``benchmarks/published_cases.py``.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from tests.differential.published_cases import (
    CASE_SETS,
    CASES_DIR,
    CITATION_KEYS,
    HELDOUT_DIR,
    CaseFileError,
    PublishedCase,
    build_case,
    case_files,
    load_case,
    load_cases,
    load_set,
)

from sclerodx.differential import DIAGNOSES, Diagnosis
from sclerodx.differential.next_test import TESTS

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "published_cases.py"
FILES = case_files()
HELDOUT_FILES = case_files(HELDOUT_DIR)
#: Every case file of both sets, each checked the same way.
ALL_FILES = FILES + HELDOUT_FILES
TEST_IDS = {spec.id for spec in TESTS}
_DOI = re.compile(r"10\.\d{4,9}/[^\s;,]+", re.IGNORECASE)


def _benchmark_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("published_cases_benchmark", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _raw(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _file_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(scope="module")
def cases() -> list[PublishedCase]:
    return load_cases()


@pytest.fixture(scope="module")
def heldout_cases() -> list[PublishedCase]:
    return load_cases(HELDOUT_DIR)


def test_at_least_forty_cases() -> None:
    assert len(FILES) >= 40


def test_heldout_set_has_at_least_twenty_four_cases() -> None:
    assert len(HELDOUT_FILES) >= 24


@pytest.mark.parametrize("path", ALL_FILES, ids=[_file_id(p) for p in ALL_FILES])
def test_case_file_is_complete(path: Path) -> None:
    raw = _raw(path)
    case = load_case(path)  # validates the case, its extra facts and the masked case
    citation = raw["citation"]
    assert isinstance(citation, dict)
    assert set(CITATION_KEYS) <= set(citation)
    assert str(citation["url"]).startswith(("http://", "https://"))
    assert str(citation["authors"]).strip()
    assert isinstance(case.final_diagnosis, Diagnosis)
    assert case.summary.strip()
    assert case.decisive_finding.strip()
    assert case.case.id == path.stem
    for test in case.revealing_tests:
        assert test in TEST_IDS, f"{test} is not a next-test id"


@pytest.mark.parametrize("path", ALL_FILES, ids=[_file_id(p) for p in ALL_FILES])
def test_mask_makes_the_decisive_finding_unknown(path: Path) -> None:
    case = load_case(path)
    mask = _raw(path)["decisive"]["mask"]  # type: ignore[index]
    applied = [m for m in mask if m.removeprefix("case.") not in case.unsupported_facts]
    if applied:
        assert case.masked != case.case
    else:
        assert case.masked == case.case


def _documented_names(*directories: Path) -> set[str]:
    return {name for d in directories
            for name in re.findall(r"`([^`]+)`", (d / "README.md").read_text(encoding="utf-8"))}


def _assert_extra_facts_documented(cases: list[PublishedCase], documented: set[str]) -> None:
    region = re.compile(r"^exam\.motor\.(bulbar|cervical|thoracic|lumbosacral)\.")
    for case in cases:
        for path in (*case.applied_facts, *case.unsupported_facts):
            generic = region.sub("exam.motor.<region>.", re.sub(r"\[\d+\]", "[i]", path))
            assert generic in documented, f"{case.slug}: extra fact {path} is not documented in README.md"


def test_every_extra_fact_name_is_documented(cases: list[PublishedCase]) -> None:
    _assert_extra_facts_documented(cases, _documented_names(CASES_DIR))


def test_every_heldout_extra_fact_name_is_documented(heldout_cases: list[PublishedCase]) -> None:
    # The held-out set follows the development set's conventions: a name is documented in
    # either README.
    _assert_extra_facts_documented(heldout_cases, _documented_names(CASES_DIR, HELDOUT_DIR))


@pytest.mark.parametrize("which", ["cases", "heldout_cases"])
def test_every_diagnosis_has_two_cases(which: str, request: pytest.FixtureRequest) -> None:
    loaded: list[PublishedCase] = request.getfixturevalue(which)
    counts = Counter(c.final_diagnosis for c in loaded)
    short = {d.value: counts[d] for d in DIAGNOSES if counts[d] < 2}
    assert not short, f"fewer than two cases: {short}"


def test_slugs_are_unique_and_match_ids(cases: list[PublishedCase]) -> None:
    assert len({c.slug for c in cases}) == len(cases)


def _source_keys(case: PublishedCase) -> set[str]:
    """What identifies a case's source: its URL (without scheme and trailing slash) and DOIs."""
    url = str(case.citation["url"]).lower().split("://", 1)[-1].rstrip("/")
    text = f"{case.citation['reference']} {case.citation['url']}"
    dois = {m.rstrip(".").lower() for m in _DOI.findall(text)}
    return {url, *dois}


def test_heldout_sources_differ_from_the_development_sources(
        cases: list[PublishedCase], heldout_cases: list[PublishedCase]) -> None:
    dev_keys = {key: c.slug for c in cases for key in _source_keys(c)}
    shared = {h.slug: dev_keys[k] for h in heldout_cases for k in _source_keys(h) if k in dev_keys}
    assert not shared, f"held-out case shares its source with a development case: {shared}"
    assert not {c.slug for c in cases} & {c.slug for c in heldout_cases}


def test_named_sets_load_their_folders() -> None:
    assert set(CASE_SETS) == {"dev", "heldout", "all"}
    assert len(load_set("heldout")) == len(HELDOUT_FILES)
    assert len(load_set("all")) == len(FILES) + len(HELDOUT_FILES)
    with pytest.raises(CaseFileError, match="case set"):
        load_set("tuning")


def test_unsupported_extra_fact_is_reported_not_fatal() -> None:
    raw = {"citation": {}, "final_diagnosis": "other", "summary": "s",
           "decisive": {"finding": "f", "test": None, "mask": ["case.history.not_a_field_yet"]},
           "case": {"age": 40}, "extra_facts": {"history.not_a_field_yet": True, "history.neck_pain": True}}
    case = build_case(raw, "synthetic")
    assert "history.not_a_field_yet" in case.unsupported_facts
    assert case.applied_facts == ("history.neck_pain",)
    assert case.case.history.neck_pain is True


def test_bad_case_file_names_the_field() -> None:
    raw: dict[str, object] = {"citation": {}, "final_diagnosis": "other", "summary": "s",
                              "decisive": {"finding": "f", "mask": []}, "case": {"age": 400}}
    with pytest.raises(CaseFileError, match="age"):
        build_case(raw, "synthetic")
    raw["final_diagnosis"] = "flu"
    with pytest.raises(CaseFileError, match="final_diagnosis"):
        build_case(raw, "synthetic")


def test_mask_of_a_missing_field_is_an_error() -> None:
    raw = {"citation": {}, "final_diagnosis": "other", "summary": "s",
           "decisive": {"finding": "f", "mask": ["case.serum"]}, "case": {"age": 40}}
    with pytest.raises(CaseFileError, match=r"case\.serum|serum"):
        build_case(raw, "synthetic")


@pytest.mark.slow
@pytest.mark.parametrize(("case_set", "files"), [("dev", FILES), ("heldout", HELDOUT_FILES)])
def test_benchmark_runs_and_figures_are_in_range(case_set: str, files: list[Path]) -> None:
    bench = _benchmark_module()
    result = bench.run_set(case_set)
    assert result.n == len(files)
    assert 0.0 <= result.top1 <= result.top3 <= 1.0
    assert result.mean_log_loss >= 0.0
    assert math.isfinite(result.mean_log_loss)
    assert 0.0 <= result.mean_brier <= 2.0
    assert 0 <= result.next_test_hits <= result.next_test_top3_hits <= len(result.next_test_cases)
    bins = result.reliability()
    assert sum(b.n for b in bins) == result.n
    assert all(0.0 <= b.mean_predicted <= 1.0 and 0.0 <= b.observed <= 1.0 for b in bins if b.n)
    assert sum(r.n for r in result.per_diagnosis()) == result.n
    assert len(result.with_decisive) == result.n
    report = bench.format_report(result)
    assert f"n cases              {result.n}" in report
    assert "Reliability" in report
    assert "Next test" in report
    figures = json.loads(bench.as_json(result))
    assert figures["n"] == result.n
    assert len(figures["cases"]) == result.n
    assert figures["set"] == result.set_name


def test_benchmark_rejects_an_unknown_set() -> None:
    bench = _benchmark_module()
    with pytest.raises(ValueError, match="case set"):
        bench.run_set("tuning")
    with pytest.raises(SystemExit):
        bench.main(["--set", "tuning"])


def test_legacy_extra_fact_names_land_on_the_fields_that_hold_them_now() -> None:
    raw = {"citation": {}, "final_diagnosis": "hsp", "summary": "s",
           "decisive": {"finding": "f", "test": None, "mask": ["case.imaging.thin_corpus_callosum"]},
           "case": {"age": 20, "mri": [{"date": "2020-01-01", "regions_imaged": ["brain"]}],
                    "episodes": [{"onset": "2019-01-01", "system": "optic_nerve"}]},
           "extra_facts": {"imaging.thin_corpus_callosum": True, "history.optic_neuritis_bilateral": True}}
    case = build_case(raw, "synthetic")
    assert case.applied_facts == ("imaging.thin_corpus_callosum", "history.optic_neuritis_bilateral")
    assert case.case.mri[0].thin_corpus_callosum is True
    assert case.case.episodes[0].side == "bilateral"
    assert case.masked.mri[0].thin_corpus_callosum is None
    without_brain = {**raw, "decisive": {"finding": "f", "test": None, "mask": []},
                     "case": {"age": 20, "episodes": [{"onset": "2019-01-01", "system": "optic_nerve",
                                                       "side": "left"}]}}
    case = build_case(without_brain, "synthetic")
    assert set(case.unsupported_facts) == {"imaging.thin_corpus_callosum", "history.optic_neuritis_bilateral"}
