"""The first case store: tenants, hashed API keys, assessments with provenance, append-only audit.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)

_PG_APPEND_ONLY = (
    "CREATE FUNCTION sclerodx_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION sclerodx_audit_append_only()",
)


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("tenant_id", sa.String(36), sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("label", sa.String(100)),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("revoked_at", _TS),
        sa.CheckConstraint("role IN ('clinician', 'researcher', 'admin')", name="ck_api_keys_role"),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", sa.String(36), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("case_id", sa.String(200)),
        sa.Column("leading_diagnosis", sa.String(60)),
        sa.Column("idempotency_key", sa.String(200)),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("include_investigational", sa.Boolean, nullable=False),
        sa.Column("sclerodx_version", sa.String(40), nullable=False),
        sa.Column("schema_version", sa.String(20), nullable=False),
        sa.Column("evidence_table_sha256", sa.String(64), nullable=False),
        sa.Column("emg_model_sha256", sa.String(64), nullable=False),
        sa.Column("case_json", sa.Text, nullable=False),
        sa.Column("assessment_json", sa.Text, nullable=False),
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_assessments_idempotency"),
    )
    op.create_index("ix_assessments_tenant_created", "assessments", ["tenant_id", "created_at", "id"])
    op.create_index("ix_assessments_tenant_case", "assessments", ["tenant_id", "case_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("recorded_at", _TS, nullable=False),
        sa.Column("tenant_id", sa.String(36)),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20)),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity_type", sa.String(40)),
        sa.Column("entity_id", sa.String(200)),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("source", sa.String(100)),
        sa.Column("request_id", sa.String(36)),
    )
    op.create_index("ix_audit_tenant_at", "audit_events", ["tenant_id", "recorded_at"])
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for statement in _PG_APPEND_ONLY:
            op.execute(statement)
    elif dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_events_no_{event.lower()} BEFORE {event} ON audit_events "
                       "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION sclerodx_audit_append_only()")
    op.drop_table("audit_events")
    op.drop_table("assessments")
    op.drop_table("api_keys")
    op.drop_table("tenants")
