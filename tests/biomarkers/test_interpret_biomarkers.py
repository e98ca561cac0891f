"""Case-level interpretation: every item cites a source; unknown stays unknown."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from sclerodx.biomarkers import interpret_biomarkers
from sclerodx.case import Case

ALL_ANALYTES = {
    "serum NfL", "CSF oligoclonal bands", "CSF IgG index", "CSF kFLC index", "CSF NfL", "CSF pNfH",
}


def _case(**fields: Any) -> Case:
    return Case.model_validate(fields)


def test_empty_case_has_no_readings_and_everything_unknown() -> None:
    report = interpret_biomarkers(_case())
    assert report.items == []
    assert set(report.not_measured) == ALL_ANALYTES


def test_partial_csf_lists_only_the_missing_markers() -> None:
    report = interpret_biomarkers(_case(csf={"ocb": "csf_specific"}))
    assert "CSF oligoclonal bands" not in report.not_measured
    assert {"CSF kFLC index", "CSF NfL", "serum NfL"} <= set(report.not_measured)
    assert all(item.above_cutoff is None for item in report.items)


def test_serum_nfl_without_age_gives_no_percentile_and_says_so() -> None:
    report = interpret_biomarkers(_case(serum={"nfl": {"value": 20, "unit": "pg/mL"}}))
    assert all(item.percentile is None for item in report.items)
    assert any("age unknown" in name for name in report.not_measured)


def test_full_case_every_item_has_a_source() -> None:
    case = _case(
        age=58,
        bmi=26,
        serum={"nfl": {"value": 95, "unit": "pg/mL", "assay": "simoa"}},
        csf={
            "ocb": "negative",
            "igg_index": 0.5,
            "kflc_index": 2.0,
            "nfl": {"value": 4000, "unit": "pg/mL", "assay": "elisa"},
            "pnfh": {"value": 1500, "unit": "pg/mL", "assay": "elisa"},
        },
        microrna=[{"name": "miR-181a", "fluid": "plasma", "fold_change": 3}],
    )
    report = interpret_biomarkers(case)
    assert report.not_measured == []
    assert all(item.source.authors and item.source.year for item in report.items)
    assert not any(item.investigational for item in report.items)
    pnfh = report.for_analyte("pNfH", "csf")
    assert pnfh
    assert all(item.above_cutoff for item in pnfh)


def test_microrna_only_when_investigational_is_requested() -> None:
    case = _case(microrna=[{"name": "miR-181a", "fluid": "plasma", "fold_change": 3}])
    assert interpret_biomarkers(case).items == []
    items = interpret_biomarkers(case, include_investigational=True).items
    assert [item.investigational for item in items] == [True]


@pytest.mark.parametrize(
    ("fields", "location"),
    [
        ({"age": 300}, "age"),
        ({"csf": {"kflc_index": -1}}, "kflc_index"),
        ({"serum": {"nfl": {"value": -3, "unit": "pg/mL"}}}, "value"),
    ],
)
def test_out_of_range_case_values_are_rejected_naming_the_field(
    fields: dict[str, Any], location: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        Case.model_validate(fields)
    assert any(location in map(str, error["loc"]) for error in excinfo.value.errors())
