"""The HTTP API: assessment of JSON and FHIR input, problem+json errors, auth, storage."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from tests.api.conftest import settings

from sclerodx.api.app import create_app
from sclerodx.api.settings import ApiSettings
from sclerodx.assessment import DISCLAIMER
from sclerodx.case import Case
from sclerodx.examples import list_examples
from sclerodx.fhir import case_to_bundle

API_KEY = "test-key-0123456789abcdef"  # the key of the `secured` fixture

PROBLEM = "application/problem+json"


def test_healthz(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "version": body["version"], "auth": False, "storage": False}


def test_assess_case_json(client: TestClient, als_case: dict[str, Any]) -> None:
    response = client.post("/v1/assess", json=als_case)
    assert response.status_code == 200
    body = response.json()
    assert body["disclaimer"] == DISCLAIMER
    assert body["assessment"]["case_id"] == als_case["id"]
    assert body["assessment"]["criteria"]["gold_coast"]["category"] == "als"
    assert body["fhir_issues"] == []


def test_assess_fhir_bundle_gives_the_same_verdicts(client: TestClient, als_case: dict[str, Any]) -> None:
    bundle = case_to_bundle(Case.model_validate(als_case)).model_dump_json(exclude_none=True)
    from_fhir = client.post("/v1/assess", content=bundle, headers={"Content-Type": "application/fhir+json"})
    from_json = client.post("/v1/assess", json=als_case)
    assert from_fhir.status_code == 200
    verdicts = [{k: v["category"] for k, v in r.json()["assessment"]["criteria"].items()
                 if isinstance(v, dict)} for r in (from_fhir, from_json)]
    assert verdicts[0] == verdicts[1]


def test_fhir_output(client: TestClient, als_case: dict[str, Any]) -> None:
    response = client.post("/v1/assess?format=fhir", json=als_case)
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle = response.json()
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    report = next(e["resource"] for e in bundle["entry"]
                  if e["resource"]["resourceType"] == "DiagnosticReport")
    assert kinds.count("DiagnosticReport") == 1
    assert len(report["result"]) == 6  # one Observation per criteria set
    assert DISCLAIMER in report["conclusion"]


def test_validation_error_names_the_field(client: TestClient, als_case: dict[str, Any]) -> None:
    als_case["emg"][0]["muscle"] = "bicepz"
    response = client.post("/v1/assess", json=als_case)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 422
    assert problem["errors"][0]["pointer"] == "/emg/0/muscle"
    assert problem["errors"][0]["field"] == "emg[0].muscle"


def test_bare_number_asks_for_a_unit(client: TestClient) -> None:
    problem = client.post("/v1/assess", json={"serum": {"nfl": 45}}).json()
    assert problem["errors"][0]["field"] == "serum.nfl"
    assert "explicit unit" in problem["errors"][0]["detail"]


def test_invalid_bundle_names_the_entry(client: TestClient) -> None:
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
        "resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "101281-4"}]},
        "valueQuantity": {"value": 10, "unit": "mg/dL", "code": "mg/dL"}}}]}
    response = client.post("/v1/assess", json=bundle)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "entry[0]"


def test_other_fhir_resource_is_rejected(client: TestClient) -> None:
    response = client.post("/v1/assess", json={"resourceType": "Patient"})
    assert response.status_code == 422
    assert "Bundle" in response.json()["detail"]


def test_wrong_media_type_is_415(client: TestClient) -> None:
    response = client.post("/v1/assess", content=b"age=4", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.headers["content-type"] == PROBLEM


def test_malformed_json_is_400(client: TestClient) -> None:
    for body in (b"{", b'{"age": NaN}', b"\xff"):
        response = client.post("/v1/assess", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, body
        assert response.headers["content-type"] == PROBLEM


def test_json_array_is_422(client: TestClient) -> None:
    assert client.post("/v1/assess", json=[1, 2]).status_code == 422


def test_oversize_body_is_413() -> None:
    small = TestClient(create_app(settings(max_body_bytes=1000)))
    body = json.dumps({"notes": "x" * 5000})
    response = small.post("/v1/assess", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM

    def chunks() -> Any:
        yield body.encode()

    streamed = small.post("/v1/assess", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_schema_and_examples(client: TestClient) -> None:
    assert client.get("/v1/schema").json()["$id"].startswith("https://sclerodx.org/schema/case/")
    names = [e["name"] for e in client.get("/v1/examples").json()]
    assert names == list_examples()
    example = client.get(f"/v1/examples/{names[0]}").json()
    Case.model_validate(example)
    missing = client.get("/v1/examples/no-such-case")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == PROBLEM


def test_openapi_documents_the_case_body(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/v1/assess"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"$ref": "#/components/schemas/Case"} in body["oneOf"]
    assert "RegionExam" in spec["components"]["schemas"]


def test_vocabulary_comes_from_the_case_model(client: TestClient) -> None:
    words = client.get("/v1/vocabulary").json()
    assert "babinski" in words["region_signs"]["lumbosacral"]
    assert "babinski" not in words["region_signs"]["bulbar"]
    assert "jaw_jerk" in words["region_signs"]["bulbar"]


def test_api_key_required_when_configured(secured: TestClient, als_case: dict[str, Any]) -> None:
    denied = secured.post("/v1/assess", json=als_case)
    assert denied.status_code == 401
    assert denied.headers["www-authenticate"].startswith("Bearer")
    assert secured.post("/v1/assess", json=als_case, headers={"X-API-Key": "wrong-key-0123456789"}
                        ).status_code == 401
    assert secured.post("/v1/assess", json=als_case,
                        headers={"Authorization": f"Bearer {API_KEY}"}).status_code == 200
    assert secured.post("/v1/assess", json=als_case, headers={"X-API-Key": API_KEY}).status_code == 200
    assert secured.get("/healthz").status_code == 200  # probes stay open


def test_store_without_storage_is_a_clear_error(client: TestClient, als_case: dict[str, Any]) -> None:
    response = client.post("/v1/assess?store=true", json=als_case)
    assert response.status_code == 422
    assert "SCLERODX_DATABASE_URL" in response.json()["detail"]


def test_web_page_is_served(client: TestClient) -> None:
    page = client.get("/")
    assert "decision support" in page.text.lower()
    assert "/static/app.js" in page.text
    assert client.get("/static/app.js").status_code == 200
    assert "cdn" not in page.text.lower()


def test_settings_from_environment() -> None:
    settings = ApiSettings.from_env({"MY_KEY": API_KEY, "SCLERODX_DATABASE_URL": "sqlite://"},
                                    api_key_env="MY_KEY")
    assert settings.api_key is not None
    assert settings.api_key.get_secret_value() == API_KEY
    assert settings.store_url == "sqlite://"
    assert API_KEY not in repr(settings)
    assert API_KEY not in str(settings)


def test_fhir_output_of_a_case_with_empty_strings_is_valid_r4b(client: TestClient,
                                                               als_case: dict[str, Any]) -> None:
    """An empty note or provenance is left out of the FHIR answer (R4B forbids empty strings)."""
    case = {**als_case, "notes": "", "id": ""}
    case["emg"] = [{**row, "provenance": ""} for row in case["emg"]]
    response = client.post("/v1/assess?format=fhir", json=case)
    assert response.status_code == 200
    assert '""' not in response.text
    Bundle.model_validate_json(response.text)
