"""The media types the HTTP API reads and writes, and how a request's type is read: one place.

A case is sent as ``application/json``; a FHIR R4B Bundle as ``application/json`` or
``application/fhir+json`` (the FHIR JSON media type, defined with the
CapabilityStatement in :mod:`sclerodx.fhir.capability`).
"""

from __future__ import annotations

from collections.abc import Mapping

from sclerodx.fhir.capability import FHIR_JSON

JSON = "application/json"
#: The request body types the API reads.
JSON_TYPES = frozenset({JSON, FHIR_JSON})

__all__ = ["FHIR_JSON", "JSON", "JSON_TYPES", "content_type"]


def content_type(headers: Mapping[str, str]) -> str:
    """The media type of a request's ``Content-Type``, without parameters, lower-cased."""
    return headers.get("content-type", "").split(";")[0].strip().lower()
