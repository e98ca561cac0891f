"""Neurofilament cut-offs against mimics, the ALS-vs-MS note, and the serum age reference."""

from __future__ import annotations

import pytest

from sclerodx.biomarkers.neurofilament import interpret_neurofilament
from sclerodx.biomarkers.references import BRIDEL_2019, POESEN_2017, VERDE_2019
from sclerodx.case import NeurofilamentLevel


def _level(value: float, unit: str = "pg/mL", assay: str | None = None) -> NeurofilamentLevel:
    return NeurofilamentLevel.model_validate({"value": value, "unit": unit, "assay": assay})


def test_serum_nfl_above_verde_cutoff() -> None:
    items = interpret_neurofilament("NfL", "serum", _level(70, assay="simoa"))
    verde = next(i for i in items if i.source == VERDE_2019)
    assert verde.cutoff == 62
    assert verde.above_cutoff is True
    assert (verde.sensitivity, verde.specificity) == (0.855, 0.818)
    assert verde.caveats == []


def test_unit_conversion_ng_per_ml() -> None:
    items = interpret_neurofilament("pNfH", "csf", _level(0.8, unit="ng/mL"))
    poesen = next(i for i in items if i.source == POESEN_2017)
    assert poesen.value == pytest.approx(800)
    assert poesen.above_cutoff is True  # 800 > 768 pg/mL


def test_assay_mismatch_is_flagged() -> None:
    items = interpret_neurofilament("NfL", "serum", _level(50, assay="ella"))
    verde = next(i for i in items if i.source == VERDE_2019)
    assert any("not interchangeable" in c for c in verde.caveats)


def test_nfl_always_says_it_does_not_separate_als_from_ms() -> None:
    items = interpret_neurofilament("NfL", "csf", _level(5000))
    note = next(i for i in items if i.comparison == "ALS vs MS")
    assert note.source == BRIDEL_2019
    assert note.cutoff is None
    assert note.above_cutoff is None


def test_serum_age_reference_only_with_an_age() -> None:
    without = interpret_neurofilament("NfL", "serum", _level(30))
    assert all(i.percentile is None for i in without)
    with_age = interpret_neurofilament("NfL", "serum", _level(30), age=30, bmi=22)
    reference = next(i for i in with_age if i.percentile is not None)
    assert reference.approximate is True
    assert reference.percentile > 97.5


def test_age_reference_not_applied_to_other_assays() -> None:
    items = interpret_neurofilament("NfL", "serum", _level(30, assay="ella"), age=30)
    assert all(i.percentile is None for i in items)


def test_csf_nfl_has_no_age_reference() -> None:
    items = interpret_neurofilament("NfL", "csf", _level(3000), age=60)
    assert all(i.percentile is None for i in items)


def test_negative_neurofilament_is_rejected_by_the_case_model() -> None:
    with pytest.raises(ValueError, match="value"):
        _level(-5)
