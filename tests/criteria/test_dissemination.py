"""MRI evidence for DIS/DIT (Thompson 2018; Montalban 2025)."""

from __future__ import annotations

from typing import Any

from sclerodx.case import Case
from sclerodx.criteria.dissemination import AREAS_2017, AREAS_2024, McDonaldArea, mri_evidence


def _study(date: str, regions: list[str], lesions: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return {"date": date, "regions_imaged": regions, "lesions": lesions, **kw}


def test_cortical_and_juxtacortical_pool_into_one_area() -> None:
    case = Case.model_validate({"mri": [_study("2024-01-01", ["brain"], [
        {"location": "cortical"}, {"location": "juxtacortical"}])]})
    assert mri_evidence(case).areas(AREAS_2017) == [McDonaldArea.CORTICAL_JUXTACORTICAL]


def test_unimaged_cord_is_unknown() -> None:
    ev = mri_evidence(Case.model_validate({"mri": [_study("2024-01-01", ["brain"], [])]}))
    assert McDonaldArea.SPINAL_CORD in ev.unknown(AREAS_2017)
    assert McDonaldArea.PERIVENTRICULAR not in ev.unknown(AREAS_2017)


def test_optic_nerve_by_oct_counts_only_in_2024() -> None:
    case = Case.model_validate({"optic_nerve_tests": {"oct_inter_eye_prnfl_um": 6.0}})
    ev = mri_evidence(case)
    assert ev.areas(AREAS_2024) == [McDonaldArea.OPTIC_NERVE]
    assert ev.areas(AREAS_2017) == []
    below = mri_evidence(Case.model_validate({"optic_nerve_tests": {"oct_inter_eye_prnfl_um": 5.9}}))
    assert below.areas(AREAS_2024) == []


def test_simultaneous_enhancing_and_new_lesions_give_dit() -> None:
    gad = Case.model_validate({"mri": [_study("2024-01-01", ["brain"], [
        {"location": "periventricular", "enhancing": True},
        {"location": "juxtacortical", "enhancing": False}], gadolinium=True)]})
    assert mri_evidence(gad).dit.value is True
    only_enhancing = Case.model_validate({"mri": [_study("2024-01-01", ["brain"], [
        {"location": "periventricular", "enhancing": True}], gadolinium=True)]})
    assert mri_evidence(only_enhancing).dit.value is False
    new = Case.model_validate({"mri": [_study("2024-06-01", ["brain"], [
        {"location": "periventricular", "new": True}])]})
    assert mri_evidence(new).dit.value is True
    no_information = Case.model_validate({"mri": [_study("2024-06-01", ["brain"], [
        {"location": "periventricular"}])]})
    assert mri_evidence(no_information).dit.value is None


def test_spinal_lesions_counted_per_study_not_summed() -> None:
    cord = ["brain", "cervical_cord"]
    case = Case.model_validate({"mri": [
        _study("2023-01-01", cord, [{"location": "spinal_cord"}]),
        _study("2024-01-01", cord, [{"location": "spinal_cord"}]),
    ]})
    assert mri_evidence(case).n_spinal_lesions == 1


def test_central_vein_lesions_counted_on_one_study() -> None:
    lesions = [{"location": "periventricular", "central_vein_sign": True}] * 6
    ev = mri_evidence(Case.model_validate({"mri": [_study("2024-01-01", ["brain"], lesions)]}))
    assert ev.cvs_positive_lesions == 6
    assert mri_evidence(Case.model_validate({})).cvs_positive_lesions is None
