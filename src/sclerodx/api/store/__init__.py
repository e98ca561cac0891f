"""The case store: tenants, hashed API keys, assessments with provenance, an append-only audit log.

SQLAlchemy 2.0 on SQLite (default, an embedded file created 0600) or PostgreSQL,
its schema kept by the Alembic migrations shipped in ``migrations/``.
"""

from sclerodx.api.store.audit import AuditEntry, audit_bundle, audit_event
from sclerodx.api.store.provenance import Provenance, current_provenance
from sclerodx.api.store.service import (
    ROLES,
    ApiKey,
    AssessmentPage,
    AssessmentSummary,
    Caller,
    IdempotencyConflictError,
    NewAssessment,
    Principal,
    Reproduction,
    Role,
    Saved,
    Store,
    StoredAssessment,
    StoreError,
    Tenant,
)

__all__ = [
    "ROLES", "ApiKey", "AssessmentPage", "AssessmentSummary", "AuditEntry", "Caller",
    "IdempotencyConflictError",
    "NewAssessment", "Principal", "Provenance", "Reproduction", "Role", "Saved", "Store", "StoreError",
    "StoredAssessment", "Tenant", "audit_bundle", "audit_event", "current_provenance",
]
