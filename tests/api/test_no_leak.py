"""Nothing identifying leaks: identifiers planted in every kind of request and failure never
reach a log record or come back in an error body.

The planted values are a name, a birth date and a sentinel string; each request
below fails in a different way (bad JSON, bad field, bad Bundle, too large, a bad
query or path value, a database failure, an internal error) or succeeds, and the
captured log records (message, fields, exception info) and every response body
are searched for them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from tests.api.conftest import Tenants, settings

from sclerodx.api import app as app_module
from sclerodx.api.app import create_app
from sclerodx.api.logs import JsonFormatter

NAME = "Zebedee Quixotefield"
BIRTH = "1961-07-03"
SENTINEL = "SNTL7f3a9cQ"
PLANTED = (NAME, BIRTH, SENTINEL, "Quixotefield")


def _planted_bundle(bad_observation: bool) -> dict[str, Any]:
    patient = {"resourceType": "Patient", "id": SENTINEL, "name": [{"text": NAME}], "birthDate": BIRTH,
               "gender": "female"}
    entries: list[dict[str, Any]] = [{"resource": patient}]
    if bad_observation:
        entries.append({"resource": {
            "resourceType": "Observation", "status": "final", "subject": {"reference": f"Patient/{SENTINEL}"},
            "code": {"coding": [{"system": "http://loinc.org", "code": "101281-4"}]},
            "valueQuantity": {"value": 10, "unit": NAME, "code": SENTINEL}}})
    return {"resourceType": "Bundle", "type": "collection", "timestamp": BIRTH, "entry": entries}


def _requests(case: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(label, method + path, httpx keyword arguments) for every kind of request."""
    json_h = {"Content-Type": "application/json"}
    yield "ok", "POST /v1/assess", {"json": {**case, "id": SENTINEL, "notes": f"{NAME} born {BIRTH}"}}
    yield "bad json", "POST /v1/assess", {
        "content": f'{{"notes": "{NAME} {BIRTH} {SENTINEL}", '.encode(), "headers": json_h}
    yield "not utf-8", "POST /v1/assess", {"content": NAME.encode("utf-16"), "headers": json_h}
    yield "bad field", "POST /v1/assess", {"json": {
        **case, "id": SENTINEL, "sex": NAME, "assessment_date": f"{BIRTH}x",
        "microrna": [{"name": NAME, "fold_change": 2}],
        "emg": [{**case["emg"][0], "muscle": SENTINEL}]}}
    yield "bad date order", "POST /v1/assess", {"json": {**case, "symptom_onset": "2099-01-01",
                                                         "notes": NAME}}
    yield "bad bundle", "POST /v1/assess", {"json": _planted_bundle(True)}
    yield "bundle", "POST /v1/assess", {"json": _planted_bundle(False)}
    yield "other resource", "POST /v1/assess", {"json": {"resourceType": NAME, "id": SENTINEL}}
    yield "too large", "POST /v1/assess", {"content": json.dumps({"notes": NAME * 2000}).encode(),
                                           "headers": json_h}
    yield "media type", "POST /v1/assess", {"content": NAME.encode(), "headers": {"Content-Type": NAME}}
    yield "query value", "GET /v1/assessments", {"params": {"case_id": NAME, "since": BIRTH + "T99"}}
    yield "bad cursor", "GET /v1/assessments", {"params": {"cursor": SENTINEL}}
    yield "path value", f"GET /v1/examples/{NAME}", {}
    yield "path id", f"GET /v1/assessments/{SENTINEL}", {}
    yield "query flag", "POST /v1/assess", {"params": {"format": NAME, "include_investigational": BIRTH},
                                            "json": case}
    yield "idempotency", "POST /v1/assessments", {"json": {**case, "notes": NAME},
                                                  "headers": {"Idempotency-Key": SENTINEL}}


def _leaks(text: str) -> list[str]:
    return [value for value in PLANTED if value in text]


def _log_text(records: list[logging.LogRecord]) -> str:
    formatter = logging.Formatter("%(message)s")
    lines = []
    for record in records:
        lines.append(JsonFormatter().format(record))
        lines.append(formatter.format(record))  # a plain handler would print exc_info as a traceback
        lines.append(repr(record.args))
    return "\n".join(lines)


def _call(client: TestClient, where: str, kwargs: dict[str, Any], key: str) -> Any:
    method, path = where.split(" ", 1)
    headers = {"X-API-Key": key, **kwargs.pop("headers", {})}
    return client.request(method, path, headers=headers, **kwargs)


def test_planted_identifiers_reach_no_log_and_no_error_body(
        tenants: Tenants, als_case: dict[str, Any], caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG)
    app = create_app(settings(database_url=tenants.url, max_body_bytes=10_000))
    server = app.state.server
    client = TestClient(app, raise_server_exceptions=False)
    statuses: dict[str, int] = {}
    for label, where, kwargs in _requests(als_case):
        response = _call(client, where, dict(kwargs), tenants.clinician)
        statuses[label] = response.status_code
        body = response.text if response.status_code >= 400 else ""
        assert not _leaks(body), (label, response.status_code, body[:400])
        assert "Traceback" not in response.text

    # a database failure whose message carries the statement's values (as drivers' errors do)
    def failing_save(*_: Any) -> None:
        raise OperationalError(f"INSERT INTO assessments VALUES ('{NAME}', '{BIRTH}')", {"n": SENTINEL},
                               RuntimeError(f"disk I/O error near {SENTINEL}"))

    monkeypatch.setattr(server.store, "save", failing_save)
    failed = _call(client, "POST /v1/assessments", {"json": {**als_case, "notes": NAME}}, tenants.clinician)
    statuses["database failure"] = failed.status_code
    assert failed.status_code == 503
    assert "retry-after" in failed.headers
    assert not _leaks(failed.text)

    # an internal error whose message is a patient value
    def broken(*_: Any) -> None:
        raise KeyError(f"{NAME} {BIRTH} {SENTINEL}")

    monkeypatch.setattr(app_module, "assess_body", broken)
    crashed = _call(client, "POST /v1/assess", {"json": als_case}, tenants.clinician)
    statuses["internal error"] = crashed.status_code
    assert crashed.status_code == 500
    assert crashed.headers["content-type"] == "application/problem+json"
    assert crashed.headers["x-request-id"] in crashed.json()["detail"]
    assert not _leaks(crashed.text)

    server_records = [r for r in caplog.records if not r.name.startswith("httpx")]  # httpx: the client
    logged = _log_text(server_records)
    assert not _leaks(logged), [line for line in logged.splitlines() if _leaks(line)][:5]
    errors = [getattr(r, "fields", {}) for r in caplog.records if r.name == "sclerodx.api"]
    assert [(e["event"], e["exception"]) for e in errors] == [("database-error", "OperationalError"),
                                                              ("error", "KeyError")]
    assert all(r.exc_info is None for r in server_records)
    access = [getattr(r, "fields", {}) for r in caplog.records if r.name == "sclerodx.access"]
    assert len(access) == len(statuses)
    assert all(set(a) >= {"request_id", "method", "route", "status", "duration_ms"} for a in access)
    assert statuses["bad json"] == 400
    assert statuses["bad field"] == 422
    assert statuses["too large"] == 413
    assert statuses["ok"] == 200
    assert statuses["path value"] == 404


def test_field_errors_name_the_field_and_the_expectation(
        client: TestClient, als_case: dict[str, Any]) -> None:
    als_case["microrna"] = [{"name": NAME, "fold_change": 2}]
    problem = client.post("/v1/assess", json=als_case).json()
    error = problem["errors"][0]
    assert error["field"] == "microrna[0].name"
    assert "microRNA name such as 'miR-181a-5p'" in error["detail"]
    assert NAME not in json.dumps(problem)
