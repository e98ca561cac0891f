"""API keys can be revoked (``sclerodx store key revoke ID``), and every 401/403 answer is audited.

The audit events of refused requests carry the actor when known, the route template, the
client address and the request id: never the key, the path's values, the query or the body.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import Tenants
from typer.testing import CliRunner

import sclerodx.cli.store  # noqa: F401  (registers the command)
from sclerodx.api.store import Store, StoreError, audit_bundle
from sclerodx.api.store.keys import key_id_of
from sclerodx.cli.app import app

#: Planted in requests that are refused: none may reach the audit trail.
PLANTED = ("Zebedee-Quixotic", "1961-07-14", "MRN-88412377")


def _denied(store: Store) -> list[Any]:
    return [e for e in store.audit_entries(None) if e.outcome == "denied"]


def test_a_revoked_key_authenticates_nothing(store: Store, tenants: Tenants) -> None:
    key_id = key_id_of(tenants.clinician)
    assert key_id is not None
    assert store.authenticate(tenants.clinician) is not None
    revoked = store.revoke_key(key_id)
    assert revoked.revoked_at is not None
    assert store.authenticate(tenants.clinician) is None
    assert store.authenticate(tenants.researcher) is not None  # only that key
    again = store.revoke_key(key_id)  # revoking twice changes nothing
    assert again.revoked_at == revoked.revoked_at
    assert [e.action for e in store.audit_entries(None)].count("key-revoke") == 1
    with pytest.raises(StoreError, match="no such key"):
        store.revoke_key("0123456789abcdef")
    listed = {k.id: k for k in store.api_keys("clinic-a")}
    assert listed[key_id].revoked_at is not None
    assert len(listed) == 3  # clinic-b's key is not listed under clinic-a


def test_revoked_key_is_refused_401_and_audited(stored_client: TestClient, tenants: Tenants) -> None:
    header = Tenants.header(tenants.clinician)
    assert stored_client.get("/v1/assessments", headers=header).status_code == 200
    key_id = key_id_of(tenants.clinician)
    assert key_id is not None
    store = Store(tenants.url)
    store.revoke_key(key_id)
    refused = stored_client.get(f"/v1/assessments?q={PLANTED[0]}", headers=header)
    assert refused.status_code == 401
    (event,) = _denied(store)
    assert (event.action, event.actor, event.tenant_id) == ("authenticate", "unauthenticated", None)
    assert (event.entity_type, event.entity_id) == ("route", "/v1/assessments")
    assert event.request_id == refused.headers["x-request-id"]
    store.close()


def test_403_is_audited_with_the_actor_and_no_request_values(stored_client: TestClient, tenants: Tenants,
                                                            als_case: dict[str, Any]) -> None:
    case = {**als_case, "id": PLANTED[2], "notes": f"{PLANTED[0]} born {PLANTED[1]}"}
    refused = stored_client.post("/v1/assessments", json=case, headers=Tenants.header(tenants.researcher))
    assert refused.status_code == 403
    missing = stored_client.get(f"/v1/assessments/{PLANTED[2]}", headers={"X-API-Key": "sdx_" + PLANTED[0]})
    assert missing.status_code == 401
    store = Store(tenants.url)
    forbidden, unauthenticated = _denied(store)
    assert forbidden.action == "authorize"
    assert forbidden.actor == f"key:{key_id_of(tenants.researcher)}"
    assert forbidden.role == "researcher"
    assert forbidden.entity_id == "/v1/assessments"
    assert unauthenticated.entity_id == "/v1/assessments/{assessment_id}"  # the template, not the id sent
    exported = json.dumps(audit_bundle(store.audit_entries(None)))
    assert not [value for value in (*PLANTED, tenants.researcher) if value in exported]
    assert '"outcome": "4"' in exported  # FHIR AuditEvent: minor failure
    store.close()


def test_no_store_records_nothing_and_still_refuses(secured: TestClient) -> None:
    assert secured.post("/v1/assess", json={}).status_code == 401


def test_key_list_and_revoke_commands(tmp_path: Path) -> None:
    env = {"SCLERODX_DATABASE_URL": f"sqlite:///{tmp_path / 'cases.db'}"}
    runner = CliRunner()
    assert runner.invoke(app, ["store", "tenant", "add", "neuro-clinic"], env=env).exit_code == 0
    token = runner.invoke(app, ["store", "key", "add", "--tenant", "neuro-clinic", "--role", "admin"],
                          env=env).stdout.strip().splitlines()[-1]
    key_id = key_id_of(token)
    assert key_id is not None
    listed = runner.invoke(app, ["store", "key", "list", "--tenant", "neuro-clinic"], env=env)
    assert listed.exit_code == 0
    assert key_id in listed.stdout
    assert "active" in listed.stdout
    assert token not in listed.stdout  # never the key itself
    revoked = runner.invoke(app, ["store", "key", "revoke", key_id], env=env)
    assert revoked.exit_code == 0, revoked.output
    assert f"key {key_id} revoked" in revoked.stdout
    assert "active" not in runner.invoke(app, ["store", "key", "list"], env=env).stdout
    unknown = runner.invoke(app, ["store", "key", "revoke", "Zebedee1234567"], env=env)
    assert unknown.exit_code == 2
    assert "no such key" in unknown.output
    assert "Zebedee" not in unknown.output  # the id sent is not echoed
    assert runner.invoke(app, ["store", "key", "list", "--tenant", "nope"], env=env).exit_code == 2
    assert Store(env["SCLERODX_DATABASE_URL"]).authenticate(token) is None
