"""FHIR string rules for what sclerodx writes.

FHIR R4B ``string`` (and ``markdown``, ``code``, ``id`` and the other string-based
types) "SHALL NOT contain Unicode character points below 32, except for u0009
(horizontal tab), u0010 (carriage return) and u0013 (line feed)", and a string SHALL
NOT be empty [1]_. JSON also cannot carry a lone UTF-16 surrogate as text [2]_.
A case can hold such characters (free-text notes pasted from another system, an EMG
file name), so every string of an output resource passes through
:func:`fhir_strings` before it is validated and returned.

References
----------
.. [1] HL7 International. FHIR R4B Data Types, 2.24.0.1 Primitive Types: string.
       http://hl7.org/fhir/R4B/datatypes.html#string
.. [2] Bray T, ed. The JavaScript Object Notation (JSON) Data Interchange Format.
       RFC 8259, IETF; 2017, section 8.2.
"""

from __future__ import annotations

import re
from typing import Any

#: Characters FHIR strings forbid: C0 controls but tab, LF and CR, and lone surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def fhir_string(text: str) -> str:
    """*text* without the characters FHIR strings forbid (see :data:`FORBIDDEN`)."""
    return FORBIDDEN.sub("", text)


def fhir_strings(value: Any) -> Any:
    """A JSON-like structure with every string cleaned by :func:`fhir_string`.

    A string left empty (or blank) by the cleaning is dropped with its key, and so are
    lists and objects left empty: FHIR allows neither empty strings nor empty arrays.
    """
    if isinstance(value, str):
        return fhir_string(value)
    if isinstance(value, dict):
        cleaned = {key: fhir_strings(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if not _empty(item)}
    if isinstance(value, list):
        return [item for item in map(fhir_strings, value) if not _empty(item)]
    return value


def _empty(value: Any) -> bool:
    return (isinstance(value, str) and not value.strip()) or (isinstance(value, dict | list) and not value)
