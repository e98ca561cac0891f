"""Keep the values a client sent out of error messages.

Error messages from the case model and the FHIR reader sometimes quote the value
they refused (``got 'J. Smith'``). An error body must name the field and what was
expected, never the value sent back (it may identify a patient, and a reflected
90 MB value is an amplifier), so every problem built from a request body passes
through :func:`redact`, which replaces each scalar the body carried with a marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

MARKER = "<value>"
_MIN_CHARS = 3  # shorter scalars (a sign, a unit, 'no') identify nobody and occur in ordinary words


def _scalars(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from _scalars(value)
    elif isinstance(data, list):
        for value in data:
            yield from _scalars(value)
    elif isinstance(data, str):
        yield data
        yield repr(data)
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield repr(data)
        yield f"{data:g}"


def sent_values(data: Any) -> frozenset[str]:
    """The scalars of a parsed body, as they may appear in a message."""
    return frozenset(s for s in _scalars(data) if len(s) >= _MIN_CHARS)


def redact(text: str, values: Iterable[str]) -> str:
    """``text`` with every whole occurrence of a sent value replaced by ``<value>``."""
    for value in sorted(values, key=len, reverse=True):  # longest first: 'Jo Smith' before 'Smith'
        if value in text:
            text = re.sub(rf"(?<![\w.]){re.escape(value)}(?![\w.])", MARKER, text)
    return text
