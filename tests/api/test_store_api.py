"""The case store over HTTP: 201 + Location, tenants and roles, idempotent retries,
pagination and search, the audit trail as FHIR AuditEvents, rate limits, OAuth 2.0
bearer tokens (a locally generated RSA key and JWKS, no network), readiness."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from tests.api.conftest import API_KEY, Tenants, settings

from sclerodx.api.app import create_app

ISSUER = "https://idp.example.org/realms/neuro"
AUDIENCE = "sclerodx"


def _store(client: TestClient, key: str, case: dict[str, Any], **headers: str) -> Any:
    return client.post("/v1/assessments", json=case, headers={"X-API-Key": key, **headers})


def test_stored_result_is_201_with_location(stored_client: TestClient, tenants: Tenants,
                                            als_case: dict[str, Any]) -> None:
    created = _store(stored_client, tenants.clinician, als_case)
    assert created.status_code == 201
    stored_id = created.json()["stored_id"]
    assert created.headers["location"] == f"/v1/assessments/{stored_id}"
    fetched = stored_client.get(created.headers["location"], headers=Tenants.header(tenants.researcher))
    assert fetched.status_code == 200
    body = fetched.json()
    assert body["assessment"] == created.json()["assessment"]
    assert len(body["provenance"]["evidence_table_sha256"]) == 64
    # the other routes to a stored result answer the same way
    fhir = stored_client.post("/v1/assess?store=true&format=fhir", json=als_case,
                              headers=Tenants.header(tenants.clinician))
    assert fhir.status_code == 201
    assert fhir.headers["content-type"].startswith("application/fhir+json")
    admin = Tenants.header(tenants.admin)
    assert stored_client.get(fhir.headers["location"], headers=admin).status_code == 200
    plain = stored_client.post("/v1/assess?store=true", json=als_case, headers=Tenants.header(tenants.admin))
    assert plain.status_code == 201
    assert plain.headers["location"].endswith(plain.json()["stored_id"])


def test_another_tenants_case_is_not_found_and_never_listed(
        stored_client: TestClient, tenants: Tenants, als_case: dict[str, Any]) -> None:
    location = _store(stored_client, tenants.clinician, als_case).headers["location"]
    other = Tenants.header(tenants.other_clinician)
    assert stored_client.get(location, headers=other).status_code == 404
    missing = stored_client.get("/v1/assessments/00000000-0000-4000-8000-000000000000", headers=other)
    assert missing.status_code == 404
    assert missing.json()["detail"] == stored_client.get(location, headers=other).json()["detail"]
    assert stored_client.get("/v1/assessments", headers=other).json()["items"] == []
    search = stored_client.get("/v1/assessments", params={"case_id": als_case["id"]}, headers=other)
    assert search.json()["items"] == []
    own = stored_client.get("/v1/assessments", params={"case_id": als_case["id"]},
                            headers=Tenants.header(tenants.clinician)).json()["items"]
    assert [item["url"] for item in own] == [location]


def test_roles(stored_client: TestClient, tenants: Tenants, als_case: dict[str, Any]) -> None:
    assert _store(stored_client, tenants.researcher, als_case).status_code == 403
    assert stored_client.post("/v1/assess", json=als_case,
                              headers=Tenants.header(tenants.researcher)).status_code == 200
    assert stored_client.get("/v1/audit", headers=Tenants.header(tenants.clinician)).status_code == 403
    assert stored_client.get("/v1/assessments").status_code == 401
    assert stored_client.get("/v1/assessments", headers={"X-API-Key": "sdx_wrong"}).status_code == 401


def test_retried_write_is_stored_once(stored_client: TestClient, tenants: Tenants,
                                      als_case: dict[str, Any]) -> None:
    first = _store(stored_client, tenants.clinician, als_case, **{"Idempotency-Key": "visit-42"})
    again = _store(stored_client, tenants.clinician, als_case, **{"Idempotency-Key": "visit-42"})
    assert first.status_code == again.status_code == 201
    assert first.headers["location"] == again.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    listed = stored_client.get("/v1/assessments", headers=Tenants.header(tenants.clinician)).json()
    assert len(listed["items"]) == 1
    als_case["age"] = 40
    reused = _store(stored_client, tenants.clinician, als_case, **{"Idempotency-Key": "visit-42"})
    assert reused.status_code == 422
    assert reused.json()["type"].endswith("idempotency-conflict")


def test_pagination_and_search(stored_client: TestClient, tenants: Tenants,
                               als_case: dict[str, Any]) -> None:
    locations = [_store(stored_client, tenants.clinician, {**als_case, "id": f"case-{i}"}).headers["location"]
                 for i in range(5)]
    auth = Tenants.header(tenants.researcher)
    seen, cursor = [], None
    for _ in range(5):
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = stored_client.get("/v1/assessments", params=params, headers=auth).json()
        seen += [item["url"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == locations[::-1]
    found = stored_client.get("/v1/assessments", params={"case_id": "case-3"}, headers=auth).json()["items"]
    assert [item["url"] for item in found] == [locations[3]]
    leader = stored_client.get("/v1/assessments", params={"leading_diagnosis": "als"}, headers=auth).json()
    assert len(leader["items"]) == 5
    assert stored_client.get("/v1/assessments", params={"cursor": "zzz"}, headers=auth).status_code == 422


def test_audit_trail_is_exported_as_fhir_audit_events(
        stored_client: TestClient, tenants: Tenants, als_case: dict[str, Any]) -> None:
    location = _store(stored_client, tenants.clinician, als_case).headers["location"]
    stored_client.get(location, headers=Tenants.header(tenants.researcher))
    stored_client.get(location, headers=Tenants.header(tenants.other_clinician))  # not theirs
    bundle = stored_client.get("/v1/audit", headers=Tenants.header(tenants.admin))
    assert bundle.headers["content-type"].startswith("application/fhir+json")
    events = [e["resource"] for e in bundle.json()["entry"]]
    assert {e["resourceType"] for e in events} == {"AuditEvent"}
    stored_id = location.rsplit("/", 1)[1]
    about = [e for e in events if e.get("entity", [{}])[0].get("what", {}).get("identifier", {})
             .get("value") == stored_id]
    assert [(e["action"], e["outcome"]) for e in about] == [("C", "0"), ("R", "0")]  # tenant b's try is b's
    assert all(e["agent"][0]["network"]["address"] for e in about)
    other = [e for e in events if e["source"]["site"] != events[0]["source"]["site"]]
    assert other == []


def test_rate_limit_per_key_is_429_with_retry_after(tenants: Tenants) -> None:
    client = TestClient(create_app(settings(database_url=tenants.url, rate_limit_per_minute=3)))
    codes = [client.get("/v1/examples", headers=Tenants.header(tenants.clinician)).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/v1/examples", headers=Tenants.header(tenants.clinician))
    assert int(limited.headers["retry-after"]) >= 1
    assert client.get("/v1/examples", headers=Tenants.header(tenants.admin)).status_code == 200


def test_shared_key_opens_only_the_stateless_endpoints(tenants: Tenants, als_case: dict[str, Any]) -> None:
    client = TestClient(create_app(settings(database_url=tenants.url, api_key=API_KEY)))
    assert client.post("/v1/assess", json=als_case, headers={"X-API-Key": API_KEY}).status_code == 200
    assert _store(client, API_KEY, als_case).status_code == 403
    assert client.get("/v1/assessments", headers={"X-API-Key": API_KEY}).status_code == 403


def test_readiness_follows_the_database(stored_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert stored_client.get("/readyz").status_code == 200

    def down() -> None:
        raise OperationalError("SELECT 1", None, ConnectionRefusedError("no database"))

    monkeypatch.setattr(stored_client.app.state.server.store, "ping", down)  # type: ignore[attr-defined]
    not_ready = stored_client.get("/readyz")
    assert not_ready.status_code == 503
    assert "retry-after" in not_ready.headers
    assert stored_client.get("/healthz").status_code == 200  # the process is up


# --- OAuth 2.0 bearer tokens -----------------------------------------------------------------------
@pytest.fixture
def issuer(tmp_path: Path) -> tuple[Any, Path]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}))
    return private, jwks


def _token(private: Any, **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "dr-7", "iat": now, "exp": now + 300,
            "sclerodx_tenant": "clinic-a", "scope": "openid sclerodx:clinician", **claims}
    return jwt.encode(body, private, algorithm="RS256", headers={"kid": "k1"})


def test_oauth_bearer_tokens(tenants: Tenants, issuer: tuple[Any, Path], als_case: dict[str, Any]) -> None:
    private, jwks = issuer
    client = TestClient(create_app(settings(database_url=tenants.url, oauth={
        "issuer": ISSUER, "audience": AUDIENCE, "jwks": str(jwks)})))

    def call(token: str) -> int:
        return client.post("/v1/assessments", json=als_case,
                           headers={"Authorization": f"Bearer {token}"}).status_code

    assert call(_token(private)) == 201
    assert call(_token(private, aud="another-api")) == 401
    assert call(_token(private, iss="https://evil.example.org")) == 401
    assert call(_token(private, exp=int(time.time()) - 60)) == 401
    assert call(_token(private, sclerodx_tenant="no-such-clinic")) == 403
    assert call(_token(private, scope="openid sclerodx:researcher")) == 403  # researchers do not write
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert call(_token(stranger)) == 401
    # the token's tenant sees its own case, and the audit trail names the token's subject
    listed = client.get("/v1/assessments", headers={"Authorization": f"Bearer {_token(private)}"}).json()
    assert len(listed["items"]) == 1
    admin = _token(private, scope="sclerodx:admin")
    events = client.get("/v1/audit", headers={"Authorization": f"Bearer {admin}"}).json()["entry"]
    actors = {e["resource"]["agent"][0]["who"]["identifier"]["value"] for e in events}
    assert "oauth:dr-7" in actors
