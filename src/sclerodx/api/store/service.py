"""The case store: tenants, keys, assessments and their audit trail, behind one class.

Every read and write takes the caller's tenant and filters on it, so one tenant's
rows are invisible to another (an id of another tenant is simply not found).
Writes are atomic with their audit event; a write that carries an idempotency
key is stored once however often it is retried (a unique constraint decides a
race between two retries).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import and_, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sclerodx.api.store import keys
from sclerodx.api.store.audit import Action, AuditEntry, Outcome
from sclerodx.api.store.engine import make_engine, migrate
from sclerodx.api.store.provenance import Provenance, current_provenance
from sclerodx.api.store.tables import ApiKeyRow, AssessmentRow, AuditRow, TenantRow
from sclerodx.assessment import Assessment, assess
from sclerodx.case import Case

Role = Literal["clinician", "researcher", "admin"]
ROLES: tuple[Role, ...] = ("clinician", "researcher", "admin")
MAX_PAGE = 200


class StoreError(ValueError):
    """A store request that cannot be done as asked (unknown tenant, reused idempotency key...)."""


class IdempotencyConflictError(StoreError):
    """An idempotency key reused with a different request."""


@dataclass(frozen=True)
class Principal:
    """Who is asking: an actor with a role, in a tenant (``None``: the stateless shared key)."""

    actor: str
    role: Role
    tenant_id: str | None


@dataclass(frozen=True)
class Caller:
    """A principal with where the request came from, for the audit trail."""

    principal: Principal
    source: str | None = None
    request_id: str | None = None


class Tenant(BaseModel):
    """A tenant."""

    id: str
    name: str
    created_at: dt.datetime


class ApiKey(BaseModel):
    """An issued API key as an administrator sees it: never its secret or digest."""

    id: str
    tenant_id: str
    role: Role
    label: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class AssessmentSummary(BaseModel):
    """One stored assessment in a list."""

    id: str
    created_at: dt.datetime
    case_id: str | None
    leading_diagnosis: str | None
    url: str


class StoredAssessment(AssessmentSummary):
    """A stored assessment with its case and what it was computed with."""

    include_investigational: bool
    provenance: Provenance
    case: Case
    assessment: Assessment


class AssessmentPage(BaseModel):
    """One page of a list or search, newest first."""

    items: list[AssessmentSummary]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last.")


class Reproduction(BaseModel):
    """A stored assessment re-run with this installation."""

    id: str
    identical: bool
    differences: list[str] = Field(description="Top-level parts of the assessment that differ.")
    stored: Provenance
    current: Provenance


@dataclass(frozen=True)
class Saved:
    """The outcome of a write: its id, and whether this call created it (``False``: a replay)."""

    id: str
    created: bool


@dataclass(frozen=True)
class NewAssessment:
    """What the API hands the store to keep."""

    case_id: str | None
    leading_diagnosis: str | None
    case_json: str
    assessment_json: str
    include_investigational: bool
    request_sha256: str
    idempotency_key: str | None


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _summary_fields(row: AssessmentRow) -> dict[str, Any]:
    return {"id": row.id, "created_at": _utc(row.created_at), "case_id": row.case_id,
            "leading_diagnosis": row.leading_diagnosis, "url": f"/v1/assessments/{row.id}"}


def _api_key(row: ApiKeyRow) -> ApiKey:
    revoked = _utc(row.revoked_at) if row.revoked_at else None
    return ApiKey(id=row.id, tenant_id=row.tenant_id, role=row.role, label=row.label,
                  created_at=_utc(row.created_at), revoked_at=revoked)


def _provenance(row: AssessmentRow) -> Provenance:
    return Provenance(sclerodx_version=row.sclerodx_version, schema_version=row.schema_version,
                      evidence_table_sha256=row.evidence_table_sha256, emg_model_sha256=row.emg_model_sha256)


def _cursor(row: AssessmentRow) -> str:
    raw = f"{_utc(row.created_at).isoformat()}|{row.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def parse_cursor(cursor: str) -> tuple[dt.datetime, str]:
    """The position a cursor points at; :class:`StoreError` when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _, row_id = raw.partition("|")
        return _utc(dt.datetime.fromisoformat(moment)), str(uuid.UUID(row_id))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise StoreError("cursor: expected the next_cursor of a previous page") from None


class Store:
    """The case store on one database.

    Parameters
    ----------
    url
        SQLAlchemy URL (``sqlite:///path.db``, ``postgresql+psycopg://...``).
    upgrade
        Apply the shipped migrations first (default).
    """

    def __init__(self, url: str, *, upgrade: bool = True) -> None:
        self.engine = make_engine(url)
        if upgrade:
            migrate(self.engine)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def ping(self) -> None:
        """Raise unless the database answers."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    # --- tenants and keys ------------------------------------------------------------------------
    def add_tenant(self, name: str) -> Tenant:
        """Create a tenant; :class:`StoreError` if the name is taken."""
        row = TenantRow(id=str(uuid.uuid4()), name=name, created_at=_now())
        try:
            with self._session() as session:
                session.add(row)
                session.add(self._audit_row(Caller(Principal("cli", "admin", row.id)), "tenant-add",
                                            "tenant", row.id, "success"))
        except IntegrityError:
            raise StoreError("name: a tenant of that name exists already; expected a new name") from None
        return Tenant(id=row.id, name=row.name, created_at=_utc(row.created_at))

    def tenant(self, name_or_id: str) -> Tenant | None:
        """The tenant with this name or id."""
        with self._session() as session:
            row = session.scalars(select(TenantRow).where(
                or_(TenantRow.name == name_or_id, TenantRow.id == name_or_id))).first()
            return None if row is None else Tenant(id=row.id, name=row.name, created_at=_utc(row.created_at))

    def tenants(self) -> list[Tenant]:
        """All tenants, by name."""
        with self._session() as session:
            return [Tenant(id=r.id, name=r.name, created_at=_utc(r.created_at))
                    for r in session.scalars(select(TenantRow).order_by(TenantRow.name))]

    def add_key(self, tenant: str, role: Role, label: str | None = None) -> keys.NewKey:
        """Issue a key for a tenant (name or id); only its digest is stored."""
        if role not in ROLES:
            raise StoreError(f"role: expected one of {', '.join(ROLES)}")
        found = self.tenant(tenant)
        if found is None:
            raise StoreError("tenant: no such tenant (create it with 'sclerodx store tenant add')")
        new = keys.issue()
        with self._session() as session:
            session.add(ApiKeyRow(id=new.key_id, tenant_id=found.id, role=role, label=label,
                                  secret_sha256=new.secret_sha256, created_at=_now()))
            session.add(self._audit_row(Caller(Principal("cli", "admin", found.id)), "key-add", "api-key",
                                        new.key_id, "success"))
        return new

    def api_keys(self, tenant: str | None = None) -> list[ApiKey]:
        """The API keys (of one tenant, by name or id), oldest first; never a secret or digest."""
        query = select(ApiKeyRow).order_by(ApiKeyRow.created_at, ApiKeyRow.id)
        if tenant is not None:
            found = self.tenant(tenant)
            if found is None:
                raise StoreError("tenant: no such tenant")
            query = query.where(ApiKeyRow.tenant_id == found.id)
        with self._session() as session:
            return [_api_key(row) for row in session.scalars(query)]

    def revoke_key(self, key_id: str) -> ApiKey:
        """Revoke a key by its id: it authenticates no request from now on (audited).

        Revoking a key that is already revoked changes nothing and returns it as it is;
        an unknown id is a :class:`StoreError`.
        """
        with self._session() as session:
            row = session.get(ApiKeyRow, key_id)
            if row is None:
                raise StoreError("key: no such key (see 'sclerodx store key list')")
            if row.revoked_at is None:
                row.revoked_at = _now()
                session.add(self._audit_row(Caller(Principal("cli", "admin", row.tenant_id)), "key-revoke",
                                            "api-key", row.id, "success"))
            return _api_key(row)

    def authenticate(self, token: str) -> Principal | None:
        """The principal of an API key, or ``None`` for a wrong, unknown or revoked key."""
        key_id = keys.key_id_of(token)
        if key_id is None:
            return None
        with self._session() as session:
            row = session.get(ApiKeyRow, key_id)
            if row is None or row.revoked_at is not None or not keys.matches(token, row.secret_sha256):
                return None
            return Principal(actor=f"key:{row.id}", role=row.role, tenant_id=row.tenant_id)  # type: ignore[arg-type]

    # --- audit -----------------------------------------------------------------------------------
    @staticmethod
    def _audit_row(caller: Caller, action: Action, entity_type: str | None, entity_id: str | None,
                   outcome: Outcome) -> AuditRow:
        who = caller.principal
        return AuditRow(recorded_at=_now(), tenant_id=who.tenant_id, actor=who.actor, role=who.role,
                        action=action, entity_type=entity_type, entity_id=entity_id, outcome=outcome,
                        source=caller.source, request_id=caller.request_id)

    def audit(self, caller: Caller, action: Action, entity_id: str | None = None,
              outcome: Outcome = "success", entity_type: str | None = "assessment") -> None:
        """Record one audit event."""
        with self._session() as session:
            session.add(self._audit_row(caller, action, entity_type, entity_id, outcome))

    def audit_entries(self, tenant_id: str | None, *, since: dt.datetime | None = None,
                      limit: int = 1000) -> list[AuditEntry]:
        """A tenant's audit events (all tenants' when ``tenant_id`` is ``None``), oldest first."""
        query = select(AuditRow).order_by(AuditRow.id).limit(limit)
        if tenant_id is not None:
            query = query.where(AuditRow.tenant_id == tenant_id)
        if since is not None:
            query = query.where(AuditRow.recorded_at >= since)
        with self._session() as session:
            return [AuditEntry.model_validate({**{c: getattr(r, c) for c in (
                "id", "tenant_id", "actor", "role", "action", "entity_type", "entity_id", "outcome",
                "source", "request_id")}, "recorded_at": _utc(r.recorded_at)})
                for r in session.scalars(query)]

    # --- assessments -----------------------------------------------------------------------------
    def replay(self, tenant_id: str, idempotency_key: str, request_sha256: str) -> str | None:
        """The id stored earlier under this idempotency key, or ``None``; conflict if the request differs."""
        with self._session() as session:
            row = session.scalars(select(AssessmentRow).where(
                AssessmentRow.tenant_id == tenant_id,
                AssessmentRow.idempotency_key == idempotency_key)).first()
            if row is None:
                return None
            if row.request_sha256 != request_sha256:
                raise IdempotencyConflictError(
                    "Idempotency-Key: this key was used for a different request; use a new key")
            return row.id

    def save(self, caller: Caller, new: NewAssessment) -> Saved:
        """Store one assessment with its provenance and audit event (once per idempotency key)."""
        tenant_id = caller.principal.tenant_id
        if tenant_id is None:
            raise StoreError("storing needs a tenant's key")
        if new.idempotency_key is not None:
            earlier = self.replay(tenant_id, new.idempotency_key, new.request_sha256)
            if earlier is not None:
                return Saved(earlier, created=False)
        provenance = current_provenance()
        row = AssessmentRow(id=str(uuid.uuid4()), tenant_id=tenant_id, created_at=_now(),
                            created_by=caller.principal.actor, case_id=new.case_id,
                            leading_diagnosis=new.leading_diagnosis, idempotency_key=new.idempotency_key,
                            request_sha256=new.request_sha256,
                            include_investigational=new.include_investigational,
                            case_json=new.case_json, assessment_json=new.assessment_json,
                            **provenance.model_dump())
        try:
            with self._session() as session:
                session.add(row)
                session.flush()
                session.add(self._audit_row(caller, "create", "assessment", row.id, "success"))
        except IntegrityError:
            if new.idempotency_key is None:
                raise
            earlier = self.replay(tenant_id, new.idempotency_key, new.request_sha256)
            if earlier is None:
                raise
            return Saved(earlier, created=False)
        return Saved(row.id, created=True)

    def get(self, tenant_id: str | None, assessment_id: str) -> StoredAssessment | None:
        """A stored assessment of this tenant (any tenant's when ``tenant_id`` is ``None``: CLI only)."""
        query = select(AssessmentRow).where(AssessmentRow.id == assessment_id)
        if tenant_id is not None:
            query = query.where(AssessmentRow.tenant_id == tenant_id)
        with self._session() as session:
            row = session.scalars(query).first()
            if row is None:
                return None
            return StoredAssessment(
                **_summary_fields(row), include_investigational=row.include_investigational,
                provenance=_provenance(row), case=Case.model_validate_json(row.case_json),
                assessment=Assessment.model_validate_json(row.assessment_json))

    def page(self, tenant_id: str, *, limit: int = 50, cursor: str | None = None,
             case_id: str | None = None, leading_diagnosis: str | None = None,
             since: dt.datetime | None = None, until: dt.datetime | None = None) -> AssessmentPage:
        """One page of this tenant's assessments, newest first, optionally filtered."""
        query = select(AssessmentRow).where(AssessmentRow.tenant_id == tenant_id)
        if case_id is not None:
            query = query.where(AssessmentRow.case_id == case_id)
        if leading_diagnosis is not None:
            query = query.where(AssessmentRow.leading_diagnosis == leading_diagnosis)
        if since is not None:
            query = query.where(AssessmentRow.created_at >= _utc(since))
        if until is not None:
            query = query.where(AssessmentRow.created_at < _utc(until))
        if cursor is not None:
            moment, row_id = parse_cursor(cursor)
            query = query.where(or_(AssessmentRow.created_at < moment,
                                    and_(AssessmentRow.created_at == moment, AssessmentRow.id < row_id)))
        limit = max(1, min(limit, MAX_PAGE))
        query = query.order_by(AssessmentRow.created_at.desc(), AssessmentRow.id.desc()).limit(limit + 1)
        with self._session() as session:
            rows = list(session.scalars(query))
        more = len(rows) > limit
        rows = rows[:limit]
        return AssessmentPage(items=[AssessmentSummary(**_summary_fields(r)) for r in rows],
                              next_cursor=_cursor(rows[-1]) if more else None)

    def reproduce(self, assessment_id: str) -> Reproduction:
        """Re-run a stored assessment and compare it with what was stored."""
        stored = self.get(None, assessment_id)
        if stored is None:
            raise StoreError("id: no stored assessment with this id")
        again = assess(stored.case, include_investigational=stored.include_investigational)
        before, after = stored.assessment.model_dump(mode="json"), again.model_dump(mode="json")
        differences = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        self.audit(Caller(Principal("cli", "admin", None)), "reproduce", assessment_id)
        return Reproduction(id=assessment_id, identical=not differences, differences=differences,
                            stored=stored.provenance, current=current_provenance())
