"""CDS Hooks 2.0: discovery and the patient-view service, against the specification's examples.

The example requests are transcribed from the specification (fixtures/README.md). What
the service must answer comes from the specification text: 412 when a prefetch key it
needs is missing and it cannot fetch (this server never does), an empty card list when
it has no decision support, cards with a summary under 140 characters otherwise.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sclerodx.api.app import create_app
from sclerodx.api.settings import ApiSettings
from sclerodx.examples import load_example
from sclerodx.fhir import case_to_bundle
from sclerodx.fhir.cds_hooks import MAX_SUMMARY, PREFETCH, SERVICE_ID, CdsResponse, CdsServices

FIXTURES = Path(__file__).parent / "fixtures"
URL = f"/cds-services/{SERVICE_ID}"
FHIR_JSON = "application/fhir+json"
KEY = "cds-test-key-0123456789abcdef"
MS_LABELS = ("Relapsing multiple sclerosis", "Progressive multiple sclerosis")


def _fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(ApiSettings()))


@pytest.fixture
def spec_request() -> dict[str, Any]:
    data: dict[str, Any] = _fixture("cds_patient_view_request.json")
    return data


def _our_keys(request: dict[str, Any]) -> dict[str, Any]:
    """The specification's request with its Patient under this service's prefetch key."""
    out = copy.deepcopy(request)
    out["prefetch"] = {"patient": out["prefetch"]["patientToGreet"], "observations": None, "conditions": None}
    return out


def _outcome(response: Any, status: int) -> list[dict[str, Any]]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(FHIR_JSON)
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    issues: list[dict[str, Any]] = body["issue"]
    assert all({"severity", "code", "diagnostics"} <= set(i) for i in issues)
    return issues


# --------------------------------------------------------------------------- discovery


def test_discovery_follows_the_specification(client: TestClient) -> None:
    CdsServices.model_validate(_fixture("cds_discovery_example.json"))  # the model reads the spec's example
    response = client.get("/cds-services")
    assert response.status_code == 200
    (service,) = CdsServices.model_validate(response.json()).services
    assert (service.hook, service.id) == ("patient-view", SERVICE_ID)
    assert service.description
    assert service.prefetch == PREFETCH
    assert set(PREFETCH) == {"patient", "observations", "conditions"}
    assert PREFETCH["patient"] == "Patient/{{context.patientId}}"
    assert PREFETCH["observations"].startswith("Observation?patient={{context.patientId}}&code=")
    assert "http://loinc.org|2157-6" in PREFETCH["observations"]


def test_card_model_reads_the_specification_response() -> None:
    example = _fixture("cds_response_example.json")
    for card in example["cards"]:  # only the fields this service emits
        ours = {k: card[k] for k in ("summary", "indicator")} | {"source": {"label": card["source"]["label"]}}
        CdsResponse.model_validate({"cards": [ours]})


# --------------------------------------------------------------------------- the specification's requests


def test_spec_request_without_our_prefetch_is_412(client: TestClient, spec_request: dict[str, Any]) -> None:
    # It offers fhirServer and a token, but this service never fetches: its keys are missing.
    issues = _outcome(client.post(URL, json=spec_request), 412)
    assert {i["code"] for i in issues} == {"incomplete"}
    assert [i["diagnostics"].split(":")[0] for i in issues] == [f"prefetch.{k}" for k in PREFETCH]
    assert "some-opaque-fhir-access-token" not in json.dumps(issues)


def test_spec_request_with_only_demographics_has_no_card(client: TestClient,
                                                         spec_request: dict[str, Any]) -> None:
    response = client.post(URL, json=_our_keys(spec_request))
    assert response.status_code == 200, response.text
    assert response.json() == {"cards": []}


def test_spec_prefetch_example_is_refused_cleanly(client: TestClient, spec_request: dict[str, Any]) -> None:
    # The example prefetch data is snipped ("...") and keyed for another service.
    request = copy.deepcopy(spec_request)
    example = _fixture("cds_prefetch_example.json")["prefetch"]
    request["prefetch"] = {"patient": example["patient"], "observations": example["hemoglobin-a1c"],
                           "conditions": None}
    issues = _outcome(client.post(URL, json=request), 422)
    assert issues[0]["diagnostics"].startswith("prefetch.patient.id")


def test_operation_outcome_in_prefetch_means_unavailable(client: TestClient,
                                                         spec_request: dict[str, Any]) -> None:
    request = _our_keys(spec_request)
    request["prefetch"]["observations"] = {"resourceType": "OperationOutcome", "issue": [
        {"severity": "error", "code": "timeout"}]}
    issues = _outcome(client.post(URL, json=request), 412)
    assert issues[0]["diagnostics"].startswith("prefetch.observations")


def test_null_patient_is_412(client: TestClient, spec_request: dict[str, Any]) -> None:
    request = _our_keys(spec_request)
    request["prefetch"]["patient"] = None
    assert _outcome(client.post(URL, json=request), 412)[0]["diagnostics"].startswith("prefetch.patient")


# --------------------------------------------------------------------------- cards


def _ms_request(spec_request: dict[str, Any]) -> dict[str, Any]:
    request = copy.deepcopy(spec_request)
    request["context"]["patientId"] = "ms-csf-1"
    request["prefetch"] = _fixture("cds_ms_csf_prefetch.json")
    return request


def test_csf_evidence_of_intrathecal_igg_gives_an_ms_card(client: TestClient,
                                                          spec_request: dict[str, Any]) -> None:
    # CSF-specific oligoclonal bands with normal cells and negative AQP4/MOG-IgG in a
    # young woman: intrathecal IgG synthesis is found in most MS and rarely in the ALS
    # group or AQP4/MOG disease (Freedman et al. 2005; Thompson et al. 2018), so an MS
    # form leads; the card is information only.
    response = client.post(URL, json=_ms_request(spec_request))
    assert response.status_code == 200, response.text
    (card,) = response.json()["cards"]
    assert len(card["summary"]) <= MAX_SUMMARY
    assert card["summary"].startswith("sclerodx: ")
    assert any(label in card["summary"] for label in MS_LABELS)
    assert "next test:" in card["summary"]
    assert card["indicator"] == "info"
    assert card["source"]["label"].startswith("sclerodx")
    assert card["source"]["url"].startswith("https://")
    assert "not a diagnosis" in card["detail"]
    assert "**Next test:**" in card["detail"]
    assert "not read as given" in card["detail"]  # the glucose result, and the month-precision birth date


def test_a_case_stored_by_sclerodx_in_the_ehr_gives_its_differential(client: TestClient,
                                                                     spec_request: dict[str, Any]) -> None:
    # The EHR keeps the Observations sclerodx wrote for a typical ALS case; they come back
    # by prefetch and the card agrees with POST /v1/assess on the same case.
    case = load_example("typical-als")
    entries = case_to_bundle(case).model_dump(mode="json", exclude_none=True)["entry"]
    patient = {**entries[0]["resource"], "id": "als-1"}
    reference = {"reference": "Patient/als-1"}
    observations = [{"resource": {**e["resource"], "subject": reference}} for e in entries
                    if e["resource"]["resourceType"] == "Observation"]
    conditions = [{"resource": {**e["resource"], "subject": reference}} for e in entries
                  if e["resource"]["resourceType"] == "Condition"]
    request = copy.deepcopy(spec_request)
    request["context"]["patientId"] = "als-1"
    request["prefetch"] = {
        "patient": patient,
        "observations": {"resourceType": "Bundle", "type": "searchset", "entry": observations},
        "conditions": ({"resourceType": "Bundle", "type": "searchset", "entry": conditions}
                       if conditions else None),
    }
    (card,) = client.post(URL, json=request).json()["cards"]
    leading = client.post("/v1/assess", json=case.model_dump(mode="json", exclude_none=True)).json()
    label = leading["assessment"]["differential"]["posteriors"][0]["label"]
    assert label == "Amyotrophic lateral sclerosis"  # the textbook case the example encodes
    assert card["summary"].startswith(f"sclerodx: {label} leads")


def test_an_observation_of_another_patient_is_refused(client: TestClient,
                                                      spec_request: dict[str, Any]) -> None:
    request = _ms_request(spec_request)
    request["prefetch"]["observations"]["entry"][2]["resource"]["subject"] = {"reference": "Patient/other-77"}
    issues = _outcome(client.post(URL, json=request), 422)
    assert issues[0]["diagnostics"].startswith("prefetch.observations.entry[2].resource.subject:")
    assert "other-77" not in json.dumps(issues)


def test_paginated_prefetch_is_noted(client: TestClient, spec_request: dict[str, Any]) -> None:
    request = _ms_request(spec_request)
    request["prefetch"]["observations"]["link"] = [{"relation": "next",
                                                    "url": "https://ehr.example/fhir?page=2"}]
    (card,) = client.post(URL, json=request).json()["cards"]
    assert "later pages were not read" in card["detail"]


# --------------------------------------------------------------------------- bad requests


@pytest.mark.parametrize(("body", "status", "start"), [
    (b"", 400, "(body)"),
    (b"{", 400, "(body)"),
    (b"[]", 400, "(body)"),
    (b'{"hook": "order-sign"}', 422, "request.hook"),
])
def test_bad_requests_are_outcomes(client: TestClient, body: bytes, status: int, start: str) -> None:
    response = client.post(URL, content=body, headers={"Content-Type": "application/json"})
    assert _outcome(response, status)[0]["diagnostics"].startswith(start)


def test_missing_context_is_named(client: TestClient, spec_request: dict[str, Any]) -> None:
    del spec_request["context"]["patientId"]
    issues = _outcome(client.post(URL, json=spec_request), 422)
    assert issues[0]["diagnostics"].startswith("request.context.patientId")


def test_wrong_media_type_is_415(client: TestClient) -> None:
    _outcome(client.post(URL, content=b"x", headers={"Content-Type": "text/plain"}), 415)


def test_unknown_service_is_404(client: TestClient) -> None:
    _outcome(client.post("/cds-services/no-such-service", json={}), 404)


def test_service_call_needs_the_key_when_one_is_set(spec_request: dict[str, Any]) -> None:
    secured = TestClient(create_app(ApiSettings(api_key=KEY)))
    assert secured.get("/cds-services").status_code == 200  # discovery stays open
    issues = _outcome(secured.post(URL, json=_our_keys(spec_request)), 401)
    assert issues[0]["code"] == "login"
    ok = secured.post(URL, json=_our_keys(spec_request), headers={"Authorization": f"Bearer {KEY}"})
    assert ok.status_code == 200


def test_request_extensions_are_accepted(client: TestClient, spec_request: dict[str, Any]) -> None:
    # CDS Hooks lets a client add an "extension" object to the request
    request = _our_keys(spec_request)
    request["extension"] = {"com.example.flag": True}
    assert client.post(URL, json=request).json() == {"cards": []}


def test_absolute_references_to_the_fhir_server_patient_resolve(client: TestClient,
                                                                spec_request: dict[str, Any]) -> None:
    request = _ms_request(spec_request)
    absolute = {"reference": f"{request['fhirServer']}/Patient/ms-csf-1"}
    for entry in request["prefetch"]["observations"]["entry"]:
        entry["resource"]["subject"] = absolute
    assert client.post(URL, json=request).status_code == 200


@pytest.mark.parametrize("entries", [["Zelda"], [5], [None], [{"search": "Zelda", "resource": {}}]])
def test_malformed_search_entries_are_outcomes_not_500(client: TestClient, spec_request: dict[str, Any],
                                                       entries: list[Any]) -> None:
    # A non-object entry, or a non-object entry.search, was an HTTP 500.
    request = _ms_request(spec_request)
    request["prefetch"]["observations"]["entry"] = entries
    response = client.post(URL, json=request)
    issues = _outcome(response, 422)
    assert "Zelda" not in response.text
    assert issues[0]["diagnostics"].startswith("prefetch.observations.entry[0]")


def test_errors_survive_the_process_pool() -> None:
    """The hook runs in a worker process: its errors must come back intact (pickled)."""
    import pickle

    from sclerodx.fhir.cds_hooks import PrefetchError
    from sclerodx.fhir.outcome import FhirError

    prefetch = pickle.loads(pickle.dumps(PrefetchError([("prefetch.patient", "missing")])))
    assert prefetch.problems == [("prefetch.patient", "missing")]
    fhir = pickle.loads(pickle.dumps(FhirError([("entry[1].subject", "another patient")], "business-rule")))
    assert (fhir.problems, fhir.code) == ([("entry[1].subject", "another patient")], "business-rule")
