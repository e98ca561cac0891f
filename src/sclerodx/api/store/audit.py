"""The audit trail: who did what, when, from where, to which stored object.

Rows are only ever inserted (the database refuses UPDATE and DELETE through
triggers, see the first migration). :func:`audit_bundle` exports them as FHIR
R4B AuditEvent resources, the form an EHR's audit repository ingests.

References
----------
.. [1] HL7 International. FHIR R4B AuditEvent. 2022.
       http://hl7.org/fhir/R4B/auditevent.html
.. [2] IHE IT Infrastructure. Audit Trail and Node Authentication (ATNA). IHE ITI TF-1, §9.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, Field

#: ``authenticate``: a request refused 401 (no or no valid credentials); ``authorize``: a
#: request refused 403 (the principal's role or tenant does not allow it). Both are
#: recorded with outcome ``denied`` and the route *template* as the entity, never a value
#: of the request (:class:`sclerodx.api.denied.DeniedAudit`).
Action = Literal["create", "read", "list", "search", "reproduce", "export", "tenant-add", "key-add",
                 "key-revoke", "authenticate", "authorize"]
Outcome = Literal["success", "denied", "not-found", "failure"]

_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"
_INTERACTION = "http://hl7.org/fhir/restful-interaction"
# FHIR AuditEvent.action (C/R/U/D/E) and .outcome (0 success, 4 minor failure, 8 serious, 12 major)
_FHIR_ACTION = {"create": "C", "read": "R", "list": "R", "search": "E", "reproduce": "E", "export": "R",
                "tenant-add": "C", "key-add": "C", "key-revoke": "U", "authenticate": "E", "authorize": "E"}
#: The RESTful interaction of each action; a refused request performed none (no subtype).
_FHIR_INTERACTION = {"create": "create", "read": "read", "list": "search-type", "search": "search-type",
                     "reproduce": "operation", "export": "search-type", "tenant-add": "create",
                     "key-add": "create", "key-revoke": "update"}
_FHIR_OUTCOME = {"success": "0", "denied": "4", "not-found": "4", "failure": "8"}


class AuditEntry(BaseModel, frozen=True):
    """One audit event as the store records it."""

    id: int | None = None
    recorded_at: dt.datetime
    tenant_id: str | None
    actor: str = Field(description="The key id ('key:<id>'), token subject ('oauth:<sub>') or 'cli'.")
    role: str | None
    action: Action
    entity_type: str | None = None
    entity_id: str | None = None
    outcome: Outcome = "success"
    source: str | None = Field(default=None, description="Client address.")
    request_id: str | None = None


def audit_event(entry: AuditEntry) -> dict[str, Any]:
    """One entry as a validated FHIR R4B AuditEvent (JSON-ready dict)."""
    from fhir.resources.R4B.auditevent import AuditEvent

    agent: dict[str, Any] = {"who": {"identifier": {"system": "urn:sclerodx:actor", "value": entry.actor}},
                             "requestor": True}
    if entry.role:
        agent["role"] = [{"text": entry.role}]
    if entry.source:
        agent["network"] = {"address": entry.source, "type": "2"}  # 2: IP address
    resource: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "type": {"system": _EVENT_TYPE, "code": "rest", "display": "RESTful Operation"},
        "action": _FHIR_ACTION[entry.action],
        "recorded": entry.recorded_at.astimezone(dt.UTC).isoformat(),
        "outcome": _FHIR_OUTCOME[entry.outcome],
        "outcomeDesc": f"{entry.action}: {entry.outcome}",
        "agent": [agent],
        "source": {"site": entry.tenant_id or "(no tenant)",
                   "observer": {"display": "sclerodx"}},
    }
    if entry.action in _FHIR_INTERACTION:
        resource["subtype"] = [{"system": _INTERACTION, "code": _FHIR_INTERACTION[entry.action]}]
    if entry.id is not None:
        resource["id"] = str(entry.id)
    if entry.entity_id or entry.request_id:
        what: dict[str, Any] = {}
        if entry.entity_id:
            what["what"] = {"identifier": {"system": f"urn:sclerodx:{entry.entity_type or 'entity'}",
                                           "value": entry.entity_id}}
        if entry.request_id:
            what["detail"] = [{"type": "request-id", "valueString": entry.request_id}]
        resource["entity"] = [what]
    return AuditEvent.model_validate(resource).model_dump(mode="json", exclude_none=True)


def audit_bundle(entries: Iterable[AuditEntry]) -> dict[str, Any]:
    """Entries as a FHIR R4B ``collection`` Bundle of AuditEvents."""
    from fhir.resources.R4B.bundle import Bundle

    bundle = {"resourceType": "Bundle", "type": "collection",
              "timestamp": dt.datetime.now(dt.UTC).isoformat(),
              "entry": [{"resource": audit_event(e)} for e in entries]}
    return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)
