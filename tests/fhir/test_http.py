"""The FHIR face of the HTTP API: CapabilityStatement, OperationOutcome on every error path,
validated output without forbidden characters, nothing stored on a refused request."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome

from sclerodx.api.app import create_app
from sclerodx.api.settings import ApiSettings
from sclerodx.api.store import Store
from sclerodx.examples import load_example
from sclerodx.fhir import case_to_bundle
from sclerodx.fhir.strings import FORBIDDEN

FHIR_JSON = "application/fhir+json"
FIXTURE = Path(__file__).parent / "ehr_bundle.json"
SECRET = "Zelda-Quist-1961"


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(ApiSettings()))


def _bundle() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def _outcome(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(FHIR_JSON)
    body: dict[str, Any] = response.json()
    OperationOutcome.model_validate(body)
    assert SECRET not in response.text
    return body


def test_metadata_is_a_valid_capability_statement(client: TestClient) -> None:
    response = client.get("/fhir/metadata")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(FHIR_JSON)
    statement = CapabilityStatement.model_validate(response.json())
    assert statement.fhirVersion == "4.3.0"
    assert statement.kind == "instance"
    assert FHIR_JSON in statement.format
    assert "/v1/assess" in (statement.rest[0].documentation or "")  # type: ignore[index]


def test_metadata_states_whether_a_key_is_needed() -> None:
    secured = TestClient(create_app(ApiSettings(api_key="k" * 20)))
    description = secured.get("/fhir/metadata").json()["rest"][0]["security"]["description"]
    assert "API key" in description


def _post_fhir(client: TestClient, body: bytes, query: str = "format=fhir", key: str | None = None) -> Any:
    headers = {"Content-Type": FHIR_JSON, **({"X-API-Key": key} if key else {})}
    return client.post(f"/v1/assess?{query}", content=body, headers=headers)


@pytest.mark.parametrize(("change", "status", "code", "expression"), [
    (lambda b: b["entry"].append({"resource": {
        "resourceType": "Observation", "status": "final", "code": {"text": "CK"},
        "subject": {"reference": f"Patient/{SECRET}"}}}), 422, "business-rule",
     "Bundle.entry[9].resource.subject"),
    (lambda b: b["entry"].append(json.loads(json.dumps(b["entry"][0]))), 422, "business-rule",
     "Bundle.entry[9].resource"),
    (lambda b: b.update(timestamp=SECRET), 422, "invalid", "Bundle.timestamp"),
    (lambda b: b["entry"][0]["resource"].update(birthDate="1961"), 200, None, None),
    (lambda b: b["entry"][0]["resource"].update(birthDate="1961-07"), 200, None, None),
    (lambda b: b["entry"][4]["resource"].update(valueQuantity={"value": SECRET}), 422, "invalid",
     "Bundle.entry[4].resource"),
])
def test_fhir_attacks_are_answered(client: TestClient, change: Any, status: int, code: str | None,
                                   expression: str | None) -> None:
    bundle = _bundle()
    change(bundle)
    response = _post_fhir(client, json.dumps(bundle).encode())
    if status == 200:
        assert response.status_code == 200, response.text
        Bundle.model_validate(response.json())
        return
    (item, *_) = _outcome(response, status)["issue"]
    assert item["code"] == code
    assert item["expression"] == [expression]


def test_nested_extensions_are_refused_cleanly(client: TestClient) -> None:
    bundle = _bundle()
    ext: dict[str, Any] = {"url": "https://example.org/x", "valueString": SECRET}
    for _ in range(116):
        ext = {"url": "https://example.org/x", "extension": [ext]}
    bundle["entry"][4]["resource"]["extension"] = [ext]
    item = _outcome(_post_fhir(client, json.dumps(bundle).encode()), 422)["issue"][0]
    assert item["code"] == "too-costly"
    assert item["diagnostics"].startswith("entry[4]: Observation: extensions nested deeper")


@pytest.mark.parametrize("body", [b"", b'""', b"   ", b"{", b"[1]"])
def test_empty_or_malformed_bodies_are_operation_outcomes(client: TestClient, body: bytes) -> None:
    status = _outcome(_post_fhir(client, body), 400 if body.strip() not in (b'""', b"[1]") else 422)
    assert status["issue"][0]["severity"] == "error"


def test_fhir_errors_stay_problem_json_for_json_clients(client: TestClient) -> None:
    bundle = _bundle()
    bundle["timestamp"] = "1961"
    response = client.post("/v1/assess", json=bundle)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "Bundle.timestamp"


def test_accept_fhir_json_asks_for_operation_outcome(client: TestClient) -> None:
    response = client.post("/v1/assess", json={"age": "old"}, headers={"Accept": FHIR_JSON})
    item = _outcome(response, 422)["issue"][0]
    assert item["diagnostics"].startswith("age:")


def test_wrong_media_type_with_format_fhir(client: TestClient) -> None:
    response = client.post("/v1/assess?format=fhir", content=b"x", headers={"Content-Type": "text/plain"})
    assert _outcome(response, 415)["issue"][0]["code"] == "not-supported"


def test_auth_failure_on_a_fhir_request_is_an_operation_outcome() -> None:
    secured = TestClient(create_app(ApiSettings(api_key="k" * 20)))
    response = _post_fhir(secured, json.dumps(_bundle()).encode())
    assert _outcome(response, 401)["issue"][0]["code"] == "login"
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_unknown_fhir_path_is_an_operation_outcome(client: TestClient) -> None:
    assert _outcome(client.get("/fhir/Patient/1"), 404)["issue"][0]["code"] == "not-found"


def test_output_is_valid_r4b_without_control_characters(client: TestClient) -> None:
    notes = f"pasted\x00 from\x1b[31m EHR\x07 {SECRET}"
    case = load_example("typical-als").model_copy(update={"notes": notes, "id": "id\x01with\x02controls"})
    body = case.model_dump_json(exclude_none=True)
    response = client.post("/v1/assess?format=fhir", content=body,
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    assert FORBIDDEN.search(response.text.encode().decode("unicode_escape", "ignore")) is None
    bundle = response.json()
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    assert "pasted from[31m EHR" in response.text
    assert Bundle.model_validate(bundle).entry


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        count: int = db.execute("select count(*) from assessments").fetchone()[0]
        return count


def test_refused_fhir_requests_store_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    store = Store(f"sqlite:///{path}")
    store.add_tenant("clinic-a")
    key = store.add_key("clinic-a", "clinician").token
    store.close()
    client = TestClient(create_app(ApiSettings(database_url=f"sqlite:///{path}", pool="thread")))
    broken = _bundle()
    broken["timestamp"] = SECRET
    for body in (b"", b'""', json.dumps(broken).encode()):
        response = _post_fhir(client, body, "format=fhir&store=true", key=key)
        assert response.status_code in (400, 422), response.text
    assert _rows(path) == 0
    good = case_to_bundle(load_example("typical-als")).model_dump_json(exclude_none=True).encode()
    stored = _post_fhir(client, good, "format=fhir&store=true", key=key)
    assert stored.status_code == 201, stored.text  # the counter counts
    assert _rows(path) == 1


def test_fhir_output_reports_what_was_not_read(client: TestClient) -> None:
    response = _post_fhir(client, json.dumps(_bundle()).encode())
    assert response.status_code == 200
    outcomes = [e["resource"] for e in response.json()["entry"]
                if e["resource"]["resourceType"] == "OperationOutcome"]
    (outcome,) = outcomes
    diagnostics = [i["diagnostics"] for i in outcome["issue"]]
    glucose = "input entry[5] (Observation): ignored: unknown observation code"
    assert any(d.startswith(glucose) for d in diagnostics)
    assert {i["severity"] for i in outcome["issue"]} == {"warning", "information"}


def test_internal_error_on_a_fhir_request_is_an_operation_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError(f"engine failed on {SECRET}")

    monkeypatch.setattr("sclerodx.api.compute.assess", broken)  # threads: the patch is seen
    client = TestClient(create_app(ApiSettings(pool="thread")), raise_server_exceptions=False)
    item = _outcome(_post_fhir(client, json.dumps(_bundle()).encode()), 500)["issue"][0]
    assert item["code"] == "exception"
    plain = client.post("/v1/assess", json={"age": 50})
    assert plain.status_code == 500
    assert plain.headers["content-type"] == "application/problem+json"


def test_too_large_fhir_request_is_an_operation_outcome() -> None:
    """The size limit answers before the app: a FHIR request still gets an OperationOutcome."""
    client = TestClient(create_app(ApiSettings(max_body_bytes=1_000, pool="thread")))
    body = json.dumps({"resourceType": "Bundle", "type": "collection", "note": "x" * 5_000}).encode()
    item = _outcome(_post_fhir(client, body), 413)["issue"][0]
    assert item["code"] == "too-long"  # FHIR issue type for content over a size limit
    plain = client.post("/v1/assess", content=body, headers={"Content-Type": "application/json"})
    assert plain.status_code == 413
    assert plain.headers["content-type"] == "application/problem+json"
