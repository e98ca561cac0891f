"""Strict R4B reading: one patient, patient references, partial dates, timestamps, depth.

Every refusal is a FhirError naming the entry (index and resource type) and the element,
and never the value sent: each test plants a recognisable value and checks it does not
come back.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sclerodx.fhir import FhirError, error_outcome, parse_bundle, read_bundle
from sclerodx.fhir.read import MAX_EXTENSION_DEPTH

FIXTURE = Path(__file__).parent / "ehr_bundle.json"
PATIENT_URL = "urn:uuid:0f6e1a52-0000-4000-8000-000000000001"
FINDING = "https://sclerodx.org/fhir/CodeSystem/finding"
SECRET = "Zelda-Quist-1961"  # a planted identifier that must never be echoed


@pytest.fixture
def bundle() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def _refused(bundle: dict[str, Any]) -> FhirError:
    with pytest.raises(FhirError) as caught:
        read_bundle(bundle)
    error = caught.value
    assert SECRET not in str(error)
    assert SECRET not in json.dumps(error_outcome(error))
    return error


def _nfl(subject: dict[str, Any] | None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2157-6"}]},
        "valueQuantity": {"value": 250, "unit": "U/L", "system": "http://unitsofmeasure.org", "code": "U/L"}}
    if subject is not None:
        resource["subject"] = subject
    return {"resource": resource}


# --------------------------------------------------------------------------- patient references


def test_observation_of_another_patient_is_refused(bundle: dict[str, Any]) -> None:
    bundle["entry"].append(_nfl({"reference": f"Patient/{SECRET}"}))
    error = _refused(bundle)
    location, message = error.problems[0]
    assert location == "entry[9].subject"
    assert "Observation.subject" in message
    assert "entry[0]" in message
    assert error.code == "business-rule"


def test_resource_without_subject_is_refused_when_the_bundle_has_a_patient(bundle: dict[str, Any]) -> None:
    bundle["entry"].append(_nfl(None))
    error = _refused(bundle)
    assert error.problems[0][0] == "entry[9].subject"
    assert "Observation names no patient" in error.problems[0][1]
    assert error.code == "required"


def test_non_patient_subject_is_refused(bundle: dict[str, Any]) -> None:
    bundle["entry"].append(_nfl({"reference": f"Group/{SECRET}"}))
    assert "refers to a Group" in _refused(bundle).problems[0][1]


def test_other_resource_types_are_checked_too(bundle: dict[str, Any]) -> None:
    bundle["entry"].append({"resource": {"resourceType": "AllergyIntolerance",
                                         "patient": {"reference": f"Patient/{SECRET}"}}})
    error = _refused(bundle)
    assert error.problems[0][0] == "entry[9].patient"
    assert "AllergyIntolerance.patient" in error.problems[0][1]


def test_second_patient_is_refused_naming_both(bundle: dict[str, Any]) -> None:
    second = copy.deepcopy(bundle["entry"][0])
    second["resource"]["id"] = SECRET
    bundle["entry"].append(second)
    error = _refused(bundle)
    assert error.problems == [("entry[9]", "a second Patient; a Bundle must describe one patient "
                                           "(first Patient: entry[0])")]


@pytest.mark.parametrize("reference", ["Patient/pt-7", "Patient/pt-7/_history/3", PATIENT_URL])
def test_the_patient_may_be_referenced_by_id_version_or_url(bundle: dict[str, Any], reference: str) -> None:
    bundle["entry"].append(_nfl({"reference": reference}))
    assert read_bundle(bundle).case.serum is not None


def test_the_patient_may_be_referenced_by_identifier(bundle: dict[str, Any]) -> None:
    ident = {"system": "https://hospital.example/mrn", "value": "12345"}
    bundle["entry"][0]["resource"]["identifier"] = [ident]
    bundle["entry"].append(_nfl({"identifier": ident}))
    case = read_bundle(bundle).case
    assert case.serum is not None
    assert case.serum.ck_u_per_l == 250


def test_without_a_patient_all_resources_must_name_the_same_one() -> None:
    same = {"resourceType": "Bundle", "type": "searchset",
            "entry": [_nfl({"reference": "Patient/1"}), _nfl({"reference": "Patient/1"})]}
    assert read_bundle(same).case.serum is not None
    mixed = copy.deepcopy(same)
    mixed["entry"][1]["resource"]["subject"] = {"reference": f"Patient/{SECRET}"}
    error = _refused(mixed)
    assert error.problems[0][0] == "entry[1].subject"
    one_unnamed = copy.deepcopy(same)
    del one_unnamed["entry"][1]["resource"]["subject"]
    assert _refused(one_unnamed).problems[0][0] == "entry[1].subject"


def test_an_anonymous_bundle_is_one_case() -> None:
    anonymous = {"resourceType": "Bundle", "type": "collection", "entry": [_nfl(None)]}
    assert read_bundle(anonymous).case.serum is not None


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("born", "age", "span"), [
    ("1961", 62, "62-63"),      # at 2024-06-01: born 31 Dec 1961 at the latest
    ("1961-07", 62, "62-62"),   # July 1961: 62 whatever the day
    ("1961-05", 63, "63-63"),   # May 1961: 63 whatever the day
    ("1990-06", 33, "33-34"),   # June 1990 at 2024-06-01: 34 only if born on the 1st
    ("2024", 0, "0-0"),         # born this year
])
def test_age_from_a_partial_birth_date_is_the_age_certainly_reached(
        bundle: dict[str, Any], born: str, age: int, span: str) -> None:
    bundle["entry"][0]["resource"]["birthDate"] = born
    result = read_bundle(bundle)
    assert result.case.age == age
    if len(born) < 10:
        reason = next(i.reason for i in result.issues if i.location == "entry[0].birthDate")
        assert f"age {span}" in reason
        assert "lower bound" in reason


def test_birth_after_the_timestamp_is_refused(bundle: dict[str, Any]) -> None:
    bundle["entry"][0]["resource"]["birthDate"] = "2030"
    error = _refused(bundle)
    assert error.problems[0][0] == "entry[0].birthDate"


def test_partial_effective_and_onset_dates(bundle: dict[str, Any]) -> None:
    bundle["entry"][1]["resource"]["effectiveDateTime"] = "2024-05"
    bundle["entry"].append({"resource": {
        "resourceType": "Condition", "subject": {"reference": PATIENT_URL},
        "code": {"coding": [{"system": FINDING, "code": "cns-episode"}]},
        "onsetDateTime": "2021", "abatementDateTime": "2021-04",
        "extension": [{"url": "https://sclerodx.org/fhir/StructureDefinition/episode.system",
                       "valueCodeableConcept": {"coding": [{"system": FINDING, "code": "optic_nerve"}]}}]}})
    result = read_bundle(bundle)
    assert str(result.case.serum.date) == "2024-05-01"  # type: ignore[union-attr]
    episode = result.case.episodes[0]
    # episode dates keep their precision: the case model holds year and month dates
    assert (str(episode.onset), str(episode.resolution)) == ("2021", "2021-04")
    reasons = {i.location: i.reason for i in result.issues if i.action == "interpreted"}
    assert "month precision" in reasons["entry[1].effective"]
    assert "entry[9].abatement" not in reasons


@pytest.mark.parametrize("stamp", ["2024-06-01", "not a date", "2024-06-01T09:00:00", SECRET])
def test_timestamp_must_be_an_instant(bundle: dict[str, Any], stamp: str) -> None:
    bundle["timestamp"] = stamp
    error = _refused(bundle)
    assert error.problems[0][0] == "Bundle.timestamp"
    assert "FHIR instant" in error.problems[0][1]
    assert error_outcome(error)["issue"][0]["expression"] == ["Bundle.timestamp"]


# --------------------------------------------------------------------------- structure


def test_empty_inputs_are_refused() -> None:
    for text in ("", "   "):
        with pytest.raises(FhirError, match="empty"):
            parse_bundle(text)
    with pytest.raises(FhirError, match="holds no resources"):
        read_bundle({"resourceType": "Bundle", "type": "collection", "entry": []})
    with pytest.raises(FhirError) as caught:
        read_bundle({"resourceType": "Bundle", "entry": [_nfl(None)]})  # Bundle.type is 1..1
    assert caught.value.problems[0][0] == "Bundle.type"


def _nested_extension(depth: int) -> dict[str, Any]:
    ext: dict[str, Any] = {"url": "https://example.org/x", "valueString": SECRET}
    for _ in range(depth - 1):
        ext = {"url": "https://example.org/x", "extension": [ext]}
    return ext


def test_extensions_nested_117_deep_are_refused(bundle: dict[str, Any]) -> None:
    bundle["entry"][4]["resource"]["extension"] = [_nested_extension(117)]
    error = _refused(bundle)
    assert error.problems[0][0] == "entry[4]"
    assert error.problems[0][1].startswith("Observation: extensions nested deeper than")
    assert error.code == "too-costly"


def test_extensions_within_the_limit_are_read(bundle: dict[str, Any]) -> None:
    bundle["entry"][4]["resource"]["extension"] = [_nested_extension(MAX_EXTENSION_DEPTH)]
    assert read_bundle(bundle).case.csf is not None


def test_deep_json_is_refused_before_validation(bundle: dict[str, Any]) -> None:
    deep: Any = SECRET
    for _ in range(5000):
        deep = [deep]
    bundle["entry"][7]["resource"]["x"] = deep
    assert "nested deeper" in _refused(bundle).problems[0][1]


def test_unknown_resource_type_is_refused(bundle: dict[str, Any]) -> None:
    bundle["entry"].append({"resource": {"resourceType": SECRET}})
    error = _refused(bundle)
    assert error.problems[0][0] == "entry[9]"
    assert "R4B resource type" in error.problems[0][1]


def test_invalid_values_are_named_never_echoed(bundle: dict[str, Any]) -> None:
    bundle["entry"][4]["resource"]["valueQuantity"] = {"value": SECRET}
    error = _refused(bundle)
    assert error.problems[0][0] == "entry[4]"
    assert "Observation.valueQuantity.value" in error.problems[0][1]


def test_error_outcome_is_a_valid_operation_outcome(bundle: dict[str, Any]) -> None:
    bundle["entry"].append(_nfl({"reference": f"Patient/{SECRET}"}))
    outcome = error_outcome(_refused(bundle))
    (item,) = outcome["issue"]
    assert item["severity"] == "error"
    assert item["code"] == "business-rule"
    assert item["expression"] == ["Bundle.entry[9].resource.subject"]
    assert item["diagnostics"].startswith("entry[9].subject: Observation.subject does not refer")


# --------------------------------------------------------------------------- hostile shapes (review)


@pytest.mark.parametrize("kind", ["Coding", "Quantity", "Reference", "Element", "Resource", "DomainResource"])
def test_data_types_and_abstract_types_are_not_resources(bundle: dict[str, Any], kind: str) -> None:
    # R4B resource types are the concrete Resource subclasses; a data type in an entry
    # used to pass the type check and crash on a string 'code' (HTTP 500).
    bundle["entry"].append({"resource": {"resourceType": kind, "code": SECRET}})
    error = _refused(bundle)
    assert error.code == "not-supported"
    assert error.problems[0][0] == f"entry[{len(bundle['entry']) - 1}]"


def test_an_ignored_resource_type_with_any_code_shape_is_reported(bundle: dict[str, Any]) -> None:
    # Resources of types the reader does not read are not validated: their 'code' may be
    # any JSON; the issue must not read it (500 before) nor repeat it.
    bundle["entry"].append({"resource": {"resourceType": "Organization", "code": SECRET}})
    bundle["entry"].append({"resource": {"resourceType": "Organization", "code": {"coding": [SECRET]}}})
    issues = [i for i in read_bundle(bundle).issues if i.resource_type == "Organization"]
    assert len(issues) == 2
    assert all(i.code is None for i in issues)
    assert SECRET not in json.dumps([i.model_dump() for i in issues])


@pytest.mark.parametrize("identifier", [SECRET, [SECRET], [5], {"value": SECRET}])
def test_a_patient_identifier_of_any_shape_is_refused_cleanly(bundle: dict[str, Any],
                                                              identifier: Any) -> None:
    # The patient-reference check runs before validation: malformed identifiers were a 500.
    bundle["entry"][0]["resource"]["identifier"] = identifier
    _refused(bundle)


@pytest.mark.parametrize("identifier", [[SECRET], SECRET, 5])
def test_a_reference_identifier_of_any_shape_is_refused_cleanly(bundle: dict[str, Any],
                                                                identifier: Any) -> None:
    bundle["entry"][1]["resource"]["subject"] = {"identifier": identifier}
    error = _refused(bundle)
    assert error.problems[0][0].startswith("entry[1]")


@pytest.mark.parametrize("subject", [{"reference": f"{SECRET}/1"}, {"type": SECRET},
                                     {"reference": PATIENT_URL, "type": 5}])
def test_a_non_patient_target_is_not_repeated(bundle: dict[str, Any], subject: dict[str, Any]) -> None:
    # The target type used to be quoted from the request ("refers to a <value>").
    bundle["entry"][1]["resource"]["subject"] = subject
    error = _refused(bundle)
    assert "another type" in error.problems[0][1]


def test_a_known_non_patient_target_is_named(bundle: dict[str, Any]) -> None:
    bundle["entry"][1]["resource"]["subject"] = {"reference": "Group/g1"}
    assert "refers to a Group" in _refused(bundle).problems[0][1]


def test_gender_outside_the_required_binding_is_refused_unrepeated(bundle: dict[str, Any]) -> None:
    # R4B Patient.gender is bound (required) to AdministrativeGender: male | female |
    # other | unknown. Any other code is invalid R4B, and was quoted back in an issue.
    bundle["entry"][0]["resource"]["gender"] = SECRET
    error = _refused(bundle)
    assert error.problems == [("entry[0].gender", error.problems[0][1])]
    assert "male, female, other, unknown" in error.problems[0][1]


def test_observation_status_outside_the_required_binding_is_refused(bundle: dict[str, Any]) -> None:
    # R4B Observation.status is bound (required) to ObservationStatus.
    bundle["entry"][1]["resource"]["status"] = SECRET
    error = _refused(bundle)
    assert error.problems[0][0] == "entry[1].status"


@pytest.mark.parametrize(("element", "value"), [("effectiveDateTime", 5), ("issued", 1700000000),
                                                ("effectivePeriod", {"start": 5})])
def test_a_date_sent_as_a_number_is_refused(bundle: dict[str, Any], element: str, value: Any) -> None:
    # FHIR JSON dates are strings; the R4B models take a number as seconds since 1970,
    # which read a 2024 result as one of 1970.
    resource = bundle["entry"][1]["resource"]
    resource.pop("effectiveDateTime", None)
    resource[element] = value
    error = _refused(bundle)
    assert error.problems[0][0].startswith(f"entry[1].{element}")


def test_a_timestamp_sent_as_a_number_is_refused(bundle: dict[str, Any]) -> None:
    bundle["timestamp"] = 1717232400  # 2024-06-01T09:00:00Z as epoch seconds: silently ignored before
    assert _refused(bundle).problems[0][0] == "Bundle.timestamp"


def test_an_age_observation_without_a_value_does_not_hide_the_birth_date(bundle: dict[str, Any]) -> None:
    # An Age Observation with no value (dataAbsentReason) used to set age to None, which
    # also stopped the age being computed from Patient.birthDate: the age was lost silently.
    bundle["timestamp"] = "2024-06-01T09:00:00Z"
    bundle["entry"].append({"resource": {
        "resourceType": "Observation", "status": "final", "subject": {"reference": PATIENT_URL},
        "code": {"coding": [{"system": "http://loinc.org", "code": "30525-0"}]},
        "dataAbsentReason": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                                         "code": "unknown"}]}}})
    result = read_bundle(bundle)
    assert result.case.age == 33  # born 1990-06-02: 33 completed years on 2024-06-01
    assert any("without valueQuantity.value" in i.reason for i in result.issues)


# --------------------------------------------------------------------------- schema 1.1 records


def _record(code: str, **elements: Any) -> dict[str, Any]:
    return {"resource": {"resourceType": "Observation", "status": "final",
                         "code": {"coding": [{"system": FINDING, "code": code}]},
                         "subject": {"reference": PATIENT_URL}, **elements}}


def _component(code: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"code": {"coding": [{"system": FINDING, "code": code}]}, **value}


def test_region_emg_summary_in_an_unknown_region_is_refused_naming_the_entry(bundle: dict[str, Any]) -> None:
    bundle["entry"].append(_record(
        "emg-region", bodySite={"coding": [{"system": "https://sclerodx.org/fhir/CodeSystem/region",
                                            "code": SECRET}]},
        component=[_component("emg-region.chronic_neurogenic", {"valueBoolean": True})]))
    error = _refused(bundle)
    location, message = error.problems[0]
    assert location == "entry[9]"
    assert "region" in message


def test_nerve_conduction_row_of_the_wrong_value_type_is_refused(bundle: dict[str, Any]) -> None:
    bundle["entry"].append(_record("nerve-conduction", component=[
        _component("ncs.kind", {"valueString": "sensory"}),
        _component("ncs.response", {"valueString": SECRET})]))
    error = _refused(bundle)
    assert error.problems[0][0] == "entry[9]"
    assert "response" in error.problems[0][1]
    outcome = error_outcome(error)
    assert outcome["issue"][0]["expression"] == ["Bundle.entry[9].resource"]


def test_unknown_component_of_a_record_is_reported_not_dropped(bundle: dict[str, Any]) -> None:
    bundle["entry"].append(_record("muscle-biopsy", component=[
        _component("biopsy.rimmed_vacuoles", {"valueBoolean": True}),
        _component("biopsy.no_such_finding", {"valueBoolean": True})]))
    read = read_bundle(bundle)
    assert read.case.muscle_biopsy is not None
    assert read.case.muscle_biopsy.rimmed_vacuoles is True
    assert any("biopsy.no_such_finding" in issue.reason and issue.location == "entry[9]"
               for issue in read.issues)


def test_a_component_for_the_body_site_field_is_reported_not_read(bundle: dict[str, Any]) -> None:
    bundle["entry"].append(_record(
        "emg-muscle", bodySite={"coding": [{"system": "https://sclerodx.org/fhir/CodeSystem/muscle",
                                            "code": "deltoid"}]},
        component=[_component("emg.muscle", {"valueString": "biceps_brachii"}),
                   _component("emg.chronic_neurogenic", {"valueBoolean": True})]))
    read = read_bundle(bundle)
    assert [m.muscle for m in read.case.emg] == ["deltoid"]
    assert any("emg.muscle" in issue.reason for issue in read.issues)
