"""The server's FHIR CapabilityStatement (what ``GET /fhir/metadata`` answers).

sclerodx is not a FHIR repository: it stores no FHIR resources and answers no FHIR
search. What it offers an EHR is (1) ``POST /v1/assess``, which reads a FHIR R4B Bundle
(``application/fhir+json``) and, with ``?format=fhir``, answers one, and (2) a CDS
Hooks 2.0 service. The statement says exactly that, so a client that reads it is not
led to expect RESTful resource interactions that do not exist.

References
----------
.. [1] HL7 International. FHIR R4B CapabilityStatement; RESTful API, capabilities
       interaction (``GET [base]/metadata``). 2022.
       http://hl7.org/fhir/R4B/capabilitystatement.html
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from sclerodx import __version__
from sclerodx.assessment import DISCLAIMER

FHIR_VERSION = "4.3.0"
FHIR_JSON = "application/fhir+json"

_DOCUMENTATION = (
    "sclerodx stores no FHIR resources and supports no FHIR RESTful resource interactions. "
    "POST a FHIR R4B Bundle (Patient, Observation, Condition; " + FHIR_JSON + ") to /v1/assess; "
    "?format=fhir answers a collection Bundle holding the case, one Observation per criteria verdict, "
    "a RiskAssessment (the differential) and a DiagnosticReport. Every error on a FHIR request is an "
    "OperationOutcome. A CDS Hooks 2.0 patient-view service is discoverable at /cds-services. "
)


def capability_statement(base_url: str, *, auth: bool, date: dt.date | None = None) -> dict[str, Any]:
    """The CapabilityStatement of this server, validated by the R4B model.

    Parameters
    ----------
    base_url
        The server's base URL (``implementation.url``).
    auth
        Whether an API key is required (stated under ``rest.security``).
    date
        The statement's date; today when omitted.
    """
    security = ("Every /v1 and CDS Hooks service call needs an API key: 'Authorization: Bearer <key>' "
                "or 'X-API-Key'." if auth else "No authentication is configured on this server.")
    statement = {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": (date or dt.date.today()).isoformat(),
        "publisher": "sclerodx contributors",
        "kind": "instance",
        "software": {"name": "sclerodx", "version": __version__},
        "implementation": {"description": "sclerodx decision support for multiple sclerosis versus ALS and "
                                          "their mimics", "url": base_url},
        "fhirVersion": FHIR_VERSION,
        "format": [FHIR_JSON, "json"],
        "description": DISCLAIMER,
        "rest": [{"mode": "server", "documentation": _DOCUMENTATION,
                  "security": {"cors": False, "description": security}}],
    }
    return CapabilityStatement.model_validate(statement).model_dump(mode="json", exclude_none=True)
