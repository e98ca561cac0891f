"""The case store on SQLite and PostgreSQL: hashed keys, tenant isolation, idempotency,
pagination, an append-only audit trail, provenance and reproduction, migrations."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import threading
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from sclerodx.api.store import (
    Caller,
    IdempotencyConflictError,
    NewAssessment,
    Principal,
    Store,
    StoreError,
    audit_bundle,
)
from sclerodx.api.store.engine import current_revision, downgrade, head_revision, migrate
from sclerodx.api.store.tables import ApiKeyRow, AssessmentRow
from sclerodx.assessment import assess
from sclerodx.case import SCHEMA_VERSION
from sclerodx.examples import load_example


def _new(case_name: str = "typical-als", key: str | None = None, marker: str = "") -> NewAssessment:
    case = load_example(case_name)
    result = assess(case)
    return NewAssessment(case_id=case.id, leading_diagnosis=str(result.differential.posteriors[0].diagnosis),
                         case_json=case.model_dump_json(exclude_none=True),
                         assessment_json=result.model_dump_json(), include_investigational=False,
                         request_sha256=hashlib.sha256((case_name + marker).encode()).hexdigest(),
                         idempotency_key=key)


def _caller(store: Store, tenant: str, role: str = "clinician") -> Caller:
    found = store.tenant(tenant)
    assert found is not None
    return Caller(Principal(actor=f"key:{tenant}", role=role, tenant_id=found.id), "127.0.0.1", None)  # type: ignore[arg-type]


@pytest.fixture
def two(store: Store) -> tuple[Caller, Caller]:
    store.add_tenant("a")
    store.add_tenant("b")
    return _caller(store, "a"), _caller(store, "b")


def test_sqlite_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "store.db"
    Store(f"sqlite:///{path}").close()
    for created in path.parent.iterdir():  # the database and its WAL files
        assert stat.S_IMODE(os.stat(created).st_mode) == 0o600, created


def test_keys_are_stored_hashed_and_bound_to_tenant_and_role(store: Store) -> None:
    tenant = store.add_tenant("clinic")
    new = store.add_key("clinic", "researcher")
    with store.engine.connect() as connection:
        rows = connection.execute(select(ApiKeyRow)).all()
    assert len(rows) == 1
    assert new.token not in str(rows[0])
    assert rows[0].secret_sha256 == hashlib.sha256(new.token.encode()).hexdigest()
    principal = store.authenticate(new.token)
    assert principal is not None
    assert principal.tenant_id == tenant.id
    assert principal.role == "researcher"
    assert store.authenticate(new.token[:-1] + ("A" if new.token[-1] != "A" else "B")) is None
    assert store.authenticate("sdx_nosuchkeyid00_" + "x" * 43) is None
    with pytest.raises(StoreError, match="role"):
        store.add_key("clinic", "superuser")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="tenant"):
        store.add_key("nowhere", "admin")
    with pytest.raises(StoreError, match="exists"):
        store.add_tenant("clinic")


def test_one_tenant_never_sees_another(store: Store, two: tuple[Caller, Caller]) -> None:
    a, b = two
    saved = store.save(a, _new())
    assert a.principal.tenant_id
    assert b.principal.tenant_id
    assert store.get(a.principal.tenant_id, saved.id) is not None
    assert store.get(b.principal.tenant_id, saved.id) is None
    assert store.page(b.principal.tenant_id).items == []
    assert store.page(b.principal.tenant_id, case_id=load_example("typical-als").id).items == []
    assert [i.id for i in store.page(a.principal.tenant_id).items] == [saved.id]


def test_idempotency_key_stores_once_even_under_racing_retries(
        store: Store, two: tuple[Caller, Caller]) -> None:
    a, b = two
    results = []

    def write() -> None:
        results.append(store.save(a, _new(key="retry-1")))

    threads = [threading.Thread(target=write) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r.id for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert a.principal.tenant_id is not None
    assert len(store.page(a.principal.tenant_id).items) == 1
    with pytest.raises(IdempotencyConflictError):
        store.save(a, _new(key="retry-1", marker="another body"))
    assert store.save(b, _new(key="retry-1")).created  # keys are per tenant


def test_pages_cover_everything_once_newest_first(store: Store, two: tuple[Caller, Caller]) -> None:
    a, _ = two
    ids = [store.save(a, _new(name)).id for name in ("typical-als", "relapsing-remitting-ms", "typical-als",
                                                      "relapsing-remitting-ms", "typical-als")]
    assert a.principal.tenant_id is not None
    seen, cursor = [], None
    while True:
        page = store.page(a.principal.tenant_id, limit=2, cursor=cursor)
        seen += [item.id for item in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == ids[::-1]
    als = store.page(a.principal.tenant_id, leading_diagnosis="als").items
    assert {i.id for i in als} == {ids[0], ids[2], ids[4]}
    with pytest.raises(StoreError, match="cursor"):
        store.page(a.principal.tenant_id, cursor="not-a-cursor")


def test_audit_log_is_append_only_in_the_database(store: Store, two: tuple[Caller, Caller]) -> None:
    a, _ = two
    saved = store.save(a, _new())
    store.audit(a, "read", saved.id)
    for statement in ("UPDATE audit_events SET actor = 'someone else'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
            connection.execute(text(statement))
    entries = store.audit_entries(a.principal.tenant_id)
    assert [(e.action, e.entity_id) for e in entries][-2:] == [("create", saved.id), ("read", saved.id)]
    assert entries[-1].source == "127.0.0.1"
    assert entries[-1].actor == a.principal.actor
    bundle = audit_bundle(entries)
    events = [e["resource"] for e in bundle["entry"]]
    assert {e["resourceType"] for e in events} == {"AuditEvent"}
    assert [e["action"] for e in events][-2:] == ["C", "R"]


def test_assessment_records_provenance_and_reproduces(store: Store, two: tuple[Caller, Caller]) -> None:
    a, _ = two
    saved = store.save(a, _new())
    stored = store.get(a.principal.tenant_id, saved.id)
    assert stored is not None
    table = resources.files("sclerodx.differential").joinpath("evidence_table.toml").read_bytes()
    model = resources.files("sclerodx.emg").joinpath("classifier_model.json").read_bytes()
    assert stored.provenance.evidence_table_sha256 == hashlib.sha256(table).hexdigest()
    assert stored.provenance.emg_model_sha256 == hashlib.sha256(model).hexdigest()
    assert stored.provenance.schema_version == SCHEMA_VERSION  # the case schema now in force
    assert store.reproduce(saved.id).identical
    # a stored probability that this installation does not give is reported as different
    with store.engine.begin() as connection:
        row = connection.execute(select(AssessmentRow.assessment_json)).scalar_one()
        changed = re.sub(r'"probability":[0-9.e-]+', '"probability":0.5', row, count=1)
        connection.execute(update(AssessmentRow).values(assessment_json=changed))
    again = store.reproduce(saved.id)
    assert not again.identical
    assert again.differences == ["differential"]


def test_migrations_go_down_and_up(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()
    downgrade(store.engine, "base")
    assert current_revision(store.engine) is None
    migrate(store.engine)
    assert current_revision(store.engine) == head_revision()
