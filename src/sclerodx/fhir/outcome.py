"""FHIR errors: :class:`FhirError` and its rendering as an R4B OperationOutcome.

Every FHIR problem sclerodx reports is one OperationOutcome ``issue`` with a severity,
an issue-type ``code`` from the FHIR value set, ``diagnostics`` naming the element and
what was expected, and a FHIRPath ``expression`` locating it. Values sent are never
repeated: a message only names where the problem is and what would be accepted, so an
error cannot echo patient data back (or into a log).

References
----------
.. [1] HL7 International. FHIR R4B OperationOutcome; IssueType value set
       (http://hl7.org/fhir/R4B/valueset-issue-type.html). 2022.
.. [2] HL7 International. FHIRPath Normative Release 2.0.0. 2020 (indexer syntax
       ``Bundle.entry[3].resource.subject``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from fhir.resources.R4B.operationoutcome import OperationOutcome
from pydantic import ValidationError

from sclerodx.exceptions import InputError
from sclerodx.fhir.strings import fhir_string

#: The FHIR issue types sclerodx uses.
IssueCode = Literal["invalid", "structure", "required", "value", "too-long", "too-costly", "business-rule",
                    "not-supported", "processing", "security", "login", "forbidden", "not-found",
                    "throttled", "transient", "timeout", "exception", "incomplete", "conflict", "duplicate",
                    "informational"]
Severity = Literal["fatal", "error", "warning", "information"]

#: Longest diagnostics string written (expert estimate: messages name an element and
#: what was expected; anything longer is a bug or an echo and is cut).
MAX_DIAGNOSTICS = 1000


class FhirError(InputError):
    """A Bundle that cannot be read (an :class:`~sclerodx.exceptions.InputError`).

    Parameters
    ----------
    problems
        ``(location, message)`` pairs; ``location`` is ``entry[3]``,
        ``entry[3].subject`` (inside the entry's resource) or ``Bundle.timestamp``.
    code
        The FHIR issue type of every problem (``invalid`` unless said otherwise).
    """

    title = "Invalid FHIR Bundle"
    kind = "fhir"

    def __init__(self, problems: Sequence[tuple[str, str]], code: IssueCode = "invalid") -> None:
        self.problems = list(problems)
        self.code: IssueCode = code
        super().__init__("; ".join(f"{loc}: {msg}" for loc, msg in self.problems))

    def __reduce__(self) -> tuple[type[FhirError], tuple[list[tuple[str, str]], IssueCode]]:
        # rebuilt from its problems when it crosses from a pool worker process
        return (type(self), (self.problems, self.code))


_ENTRY = re.compile(r"^entry\[(\d+)\]")


def entry_location(location: str) -> tuple[int, str] | None:
    """``(i, rest)`` of a reader location inside entry *i* (``entry[3].subject``: ``(3, '.subject')``)."""
    match = _ENTRY.match(location)
    return None if match is None else (int(match.group(1)), location[match.end():])


def fhirpath(location: str) -> str | None:
    """The FHIRPath expression of a reader location, or ``None`` outside the Bundle.

    ``entry[3].subject`` is ``Bundle.entry[3].resource.subject``; ``Bundle.timestamp``
    and ``resourceType`` are Bundle elements; ``case...`` (the case model) has none.
    """
    inside = entry_location(location)
    if inside is not None:
        return f"Bundle.entry[{inside[0]}].resource{inside[1]}"
    if location.startswith("Bundle"):
        return location
    if location in ("resourceType", "type", "timestamp", "entry"):
        return f"Bundle.{location}"
    return None


def issue(diagnostics: str, code: IssueCode = "invalid", expression: Iterable[str] = (),
          severity: Severity = "error") -> dict[str, Any]:
    """One OperationOutcome issue (JSON)."""
    text = fhir_string(diagnostics)[:MAX_DIAGNOSTICS] or "error"
    item: dict[str, Any] = {"severity": severity, "code": code, "diagnostics": text}
    paths = [p for p in expression if p]
    if paths:
        item["expression"] = paths
    return item


def operation_outcome(issues: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """An OperationOutcome (JSON), validated by the R4B model before it is returned."""
    outcome = {"resourceType": "OperationOutcome", "issue": list(issues) or [issue("error", "exception")]}
    return OperationOutcome.model_validate(outcome).model_dump(mode="json", exclude_none=True)


def error_outcome(error: FhirError) -> dict[str, Any]:
    """The OperationOutcome of a :class:`FhirError`: one issue per problem."""
    issues = []
    for location, message in error.problems:
        path = fhirpath(location)
        issues.append(issue(f"{location}: {message}", error.code, [path] if path else []))
    return operation_outcome(issues)


def describe(exc: ValidationError, prefix: str = "") -> list[tuple[str, str]]:
    """``(path, message)`` for each error of *exc*, never repeating the value sent.

    pydantic messages name the expectation; a custom validator's message may quote the
    value, so any text equal to the input is replaced by "(the value sent)".
    """
    out = []
    for error in exc.errors(include_url=False)[:10]:
        path = prefix
        for part in error["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        message = str(error["msg"]).removeprefix("Value error, ")
        given = error.get("input")
        quotable = isinstance(given, str | int | float) and not isinstance(given, bool)
        if quotable and len(str(given).strip()) > 2:
            message = message.replace(repr(given), "(the value sent)").replace(str(given), "(the value sent)")
        out.append((path or "(resource)", message))
    if exc.error_count() > 10:
        out.append((prefix or "(resource)", f"... and {exc.error_count() - 10} more problem(s)"))
    return out
