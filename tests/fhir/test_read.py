"""Reading FHIR Bundles: standard codes, reported-back items, precise errors."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sclerodx.case import OCBPattern, Sex
from sclerodx.fhir import FhirError, parse_bundle, read_bundle

FIXTURE = Path(__file__).parent / "ehr_bundle.json"
PATIENT_URL = "urn:uuid:0f6e1a52-0000-4000-8000-000000000001"  # the fixture's Patient


@pytest.fixture
def bundle() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def _issue_at(result: Any, location: str) -> Any:
    matches = [i for i in result.issues if i.location == location]
    assert len(matches) == 1, [i.location for i in result.issues]
    return matches[0]


def test_standard_codes_fill_the_case(bundle: dict[str, Any]) -> None:
    case = read_bundle(bundle).case
    assert case.id == "pt-7"
    assert case.sex is Sex.FEMALE
    assert case.age == 33  # born 1990-06-02, counted at 2024-06-01: one day short of 34
    assert case.serum is not None
    assert case.serum.nfl is not None
    assert (case.serum.nfl.value, case.serum.nfl.unit) == (14.5, "pg/mL")
    assert str(case.serum.date) == "2024-05-20"
    assert case.csf is not None
    assert case.csf.ocb is OCBPattern.CSF_SPECIFIC
    assert case.csf.igg_index == 0.91


def test_every_item_not_read_is_reported(bundle: dict[str, Any]) -> None:
    result = read_bundle(bundle)
    assert "older serum.nfl" in _issue_at(result, "entry[2]").reason
    assert _issue_at(result, "entry[3]").action == "interpreted"
    glucose = _issue_at(result, "entry[5]")
    assert glucose.code == "http://loinc.org|2345-7"
    assert glucose.action == "ignored"
    assert "recorded diagnosis" in _issue_at(result, "entry[6]").reason
    assert _issue_at(result, "entry[7]").resource_type == "Practitioner"
    assert "entered-in-error" in _issue_at(result, "entry[8]").reason
    assert _issue_at(result, "entry[0].birthDate").action == "interpreted"


def test_age_from_birth_date_needs_a_timestamp(bundle: dict[str, Any]) -> None:
    del bundle["timestamp"]
    result = read_bundle(bundle)
    assert result.case.age is None
    assert "Bundle.timestamp" in _issue_at(result, "entry[0].birthDate").reason


def test_unknown_gender_is_reported(bundle: dict[str, Any]) -> None:
    bundle["entry"][0]["resource"]["gender"] = "other"
    result = read_bundle(bundle)
    assert result.case.sex is None
    assert "gender 'other'" in _issue_at(result, "entry[0].gender").reason


def test_not_a_bundle() -> None:
    with pytest.raises(FhirError) as caught:
        read_bundle({"resourceType": "Patient"})
    assert caught.value.problems[0][0] == "resourceType"


def test_invalid_json_names_the_position() -> None:
    with pytest.raises(FhirError, match="line 1, column 2"):
        parse_bundle("{]")


def test_wrong_nfl_unit_names_the_entry(bundle: dict[str, Any]) -> None:
    bundle["entry"][1]["resource"]["valueQuantity"] |= {"unit": "mg/dL", "code": "mg/dL"}
    with pytest.raises(FhirError) as caught:
        read_bundle(bundle)
    location, message = caught.value.problems[0]
    assert location == "entry[1]"
    assert "unit" in message


def test_invalid_r4b_resource_names_the_entry(bundle: dict[str, Any]) -> None:
    bundle["entry"][4]["resource"]["valueQuantity"] = {"value": "high"}
    with pytest.raises(FhirError) as caught:
        read_bundle(bundle)
    assert caught.value.problems[0][0] == "entry[4]"
    assert "R4B Observation" in caught.value.problems[0][1]


def test_second_patient_is_an_error(bundle: dict[str, Any]) -> None:
    bundle["entry"].append(copy.deepcopy(bundle["entry"][0]))
    with pytest.raises(FhirError, match="second Patient"):
        read_bundle(bundle)


def test_dangling_lesion_reference(bundle: dict[str, Any]) -> None:
    bundle["entry"].append({"resource": {
        "resourceType": "Observation", "status": "final", "subject": {"reference": PATIENT_URL},
        "code": {"coding": [{"system": "https://sclerodx.org/fhir/CodeSystem/finding", "code": "mri-study"}]},
        "effectiveDateTime": "2024-05-01",
        "component": [{"code": {"coding": [{"system": "https://sclerodx.org/fhir/CodeSystem/finding",
                                            "code": "mri.regions_imaged"}]},
                       "valueCodeableConcept": {"coding": [{"system":
                                                "https://sclerodx.org/fhir/CodeSystem/finding",
                                                "code": "brain"}]}}],
        "hasMember": [{"reference": "urn:uuid:missing"}]}})
    with pytest.raises(FhirError) as caught:
        read_bundle(bundle)
    assert caught.value.problems[0][0] == "entry[9].hasMember[0]"


def test_unknown_component_is_reported_not_dropped() -> None:
    finding = "https://sclerodx.org/fhir/CodeSystem/finding"
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
        "resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": finding, "code": "emg-muscle"}]},
        "bodySite": {"coding": [{"system": "https://sclerodx.org/fhir/CodeSystem/muscle",
                                 "code": "first_dorsal_interosseous"}]},
        "component": [
            {"code": {"coding": [{"system": finding, "code": "emg.fibrillations_psw"}]},
             "valueBoolean": True},
            {"code": {"coding": [{"system": finding, "code": "emg.jitter"}]}, "valueBoolean": True},
        ]}}]}
    result = read_bundle(bundle)
    assert result.case.emg[0].fibrillations_psw is True
    assert "emg.jitter" in _issue_at(result, "entry[0]").reason
