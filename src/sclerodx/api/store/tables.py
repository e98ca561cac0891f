"""The case store's tables (SQLAlchemy 2.0 declarative).

The schema is created and changed only by the Alembic migrations in
``sclerodx/api/store/migrations`` (shipped in the package); these classes mirror
it for queries. Every row but a tenant's belongs to exactly one tenant, and every
query of :class:`~sclerodx.api.store.service.Store` filters on it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the store."""


class TenantRow(Base):
    """A clinic or research group: the unit of isolation."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ApiKeyRow(Base):
    """An API key: only its SHA-256 is kept; bound to one tenant and one role."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(24), primary_key=True)  # the public part of the key
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(100))
    secret_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AssessmentRow(Base):
    """One stored assessment with what is needed to reproduce it."""

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key", name="uq_assessments_idempotency"),
        Index("ix_assessments_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_assessments_tenant_case", "tenant_id", "case_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    case_id: Mapped[str | None] = mapped_column(String(200))
    leading_diagnosis: Mapped[str | None] = mapped_column(String(60))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_sha256: Mapped[str] = mapped_column(String(64))
    include_investigational: Mapped[bool] = mapped_column(Boolean)
    sclerodx_version: Mapped[str] = mapped_column(String(40))
    schema_version: Mapped[str] = mapped_column(String(20))
    evidence_table_sha256: Mapped[str] = mapped_column(String(64))
    emg_model_sha256: Mapped[str] = mapped_column(String(64))
    case_json: Mapped[str] = mapped_column(Text)
    assessment_json: Mapped[str] = mapped_column(Text)


class AuditRow(Base):
    """One audit event; the database refuses UPDATE and DELETE on this table (triggers)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_tenant_at", "tenant_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    tenant_id: Mapped[str | None] = mapped_column(String(36))
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(20))
    source: Mapped[str | None] = mapped_column(String(100))
    request_id: Mapped[str | None] = mapped_column(String(36))
