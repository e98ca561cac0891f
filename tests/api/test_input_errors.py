"""Every input error reaches the client the same way: RFC 9457 problem details built by
:func:`sclerodx.exceptions.problem_details`, the request id as ``instance``, and never a
value the client sent."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.api.conftest import settings

from sclerodx.api.app import create_app
from sclerodx.api.problems import PROBLEM_JSON
from sclerodx.case import Case
from sclerodx.casefile import CaseFileError
from sclerodx.exceptions import problem_details
from sclerodx.fhir import FhirError, case_to_bundle

NAME = "Jonathan Q. Smithfield"


def test_an_invalid_bundle_is_problem_details_with_each_location_and_no_echo(
        client: TestClient, als_case: dict[str, Any]) -> None:
    bundle = case_to_bundle(Case.model_validate(als_case)).model_dump(mode="json", exclude_none=True)
    patient = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    patient["birthDate"] = NAME  # the reader's message quotes it: the API must not
    # sent as application/json, so not a FHIR request: problem details (a FHIR request gets an
    # OperationOutcome, tests/fhir/test_http.py)
    response = client.post("/v1/assess", json=bundle)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body = response.json()
    expected = problem_details(FhirError([("x", "y")]))
    assert (body["type"], body["title"], body["status"]) == (expected["type"], expected["title"], 422)
    assert body["instance"] == f"urn:uuid:{response.headers['X-Request-ID']}"
    assert body["errors"]
    assert all(e["field"].startswith("entry[") for e in body["errors"])
    assert NAME not in response.text


def test_an_input_error_escaping_a_route_is_mapped_in_one_place() -> None:
    app = create_app(settings())
    error = CaseFileError("schema_version: expected '1.0' or '1.1'", field="schema_version")

    @app.get("/raises")
    def raises() -> None:
        raise error

    response = TestClient(app).get("/raises")
    body = response.json()
    assert response.status_code == error.status
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    details = problem_details(error)
    assert {k: body[k] for k in ("type", "title", "status", "detail")} == {
        k: details[k] for k in ("type", "title", "status", "detail")}
    assert body["instance"] == f"urn:uuid:{response.headers['X-Request-ID']}"
    assert body["errors"] == [{"pointer": "/schema_version", "field": "schema_version",
                               "detail": "expected '1.0' or '1.1'"}]



def test_a_refused_key_or_unknown_field_is_located_without_being_repeated(client: TestClient) -> None:
    key = "Zebedee9Quixotefield"
    body = {"exam": {"motor": {key: {"weakness": True}}}, "emg": [{"muscle": "deltoid", key: True}]}
    response = client.post("/v1/assess", json=body)
    assert response.status_code == 422
    assert key not in response.text
    fields = {e["field"]: e["pointer"] for e in response.json()["errors"]}
    assert fields == {"exam.motor (key)": "/exam/motor", "emg[0] (unknown field)": "/emg/0"}
