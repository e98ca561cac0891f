"""One cut-off object per published threshold, read the same way by criteria and biomarker text."""

from __future__ import annotations

import pytest

from sclerodx.biomarkers import interpret_biomarkers
from sclerodx.biomarkers.cutoffs import (
    AR_CAG_SBMA,
    CVS_SELECT6,
    KFLC_MCDONALD_2024,
    NEUROFILAMENT_CUTOFFS,
    read_against,
)
from sclerodx.case import Case
from sclerodx.criteria import evaluate_criteria


@pytest.mark.parametrize(("index", "positive"), [(6.0, False), (6.1, True), (6.2, True)])
def test_kflc_reads_the_same_in_mcdonald_2024_and_in_the_biomarker_text(index: float, positive: bool) -> None:
    # Deisenhammer 2025: "values of >=6.1 performing best for diagnosing MS".
    case = Case.model_validate({"csf": {"kflc_index": index}})
    rule = next(r for r in evaluate_criteria(case).mcdonald_2024.rules if r.id == "positive_csf")
    item = next(i for i in interpret_biomarkers(case).items if i.cutoff == KFLC_MCDONALD_2024.threshold)
    assert (rule.status == "met") is positive
    assert item.above_cutoff is positive
    assert ("does not meet" not in item.interpretation) is positive


def test_published_thresholds_are_inclusive_where_the_text_says_at_least() -> None:
    assert KFLC_MCDONALD_2024.is_positive(6.1)
    assert not KFLC_MCDONALD_2024.is_positive(6.09)
    assert CVS_SELECT6.is_positive(6)
    assert not CVS_SELECT6.is_positive(5)
    assert AR_CAG_SBMA.is_positive(38)
    assert not AR_CAG_SBMA.is_positive(37)


def test_non_fluid_cutoffs_are_not_read_as_biomarker_items() -> None:
    with pytest.raises(ValueError, match="not in a body fluid"):
        read_against(CVS_SELECT6, 7)


@pytest.mark.parametrize(("value", "unit"), [(0, "pg/mL"), (2000, "ng/mL"), (1_000_000, "ng/mL")])
def test_every_neurofilament_value_the_model_accepts_is_read(value: float, unit: str) -> None:
    level = {"value": value, "unit": unit}
    case = Case.model_validate({"age": 55, "serum": {"nfl": level}, "csf": {"nfl": level, "pnfh": level}})
    report = interpret_biomarkers(case)
    assert len(report.for_analyte("NfL", "serum")) >= 2
    assert len(report.for_analyte("pNfH", "csf")) == sum(c.analyte == "pNfH" for c in NEUROFILAMENT_CUTOFFS)
    if value == 0:
        assert all("detection limit" in i.interpretation for i in report.for_analyte("NfL", "serum")
                   if i.comparison != "ALS vs MS")
    else:
        assert all(i.above_cutoff for i in report.items if i.cutoff is not None)
