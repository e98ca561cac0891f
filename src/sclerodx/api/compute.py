"""The CPU work of one assessment request: parse, validate, assess, serialise.

Everything here runs in a pool worker (:mod:`sclerodx.api.pool`), so the function
takes and returns plain picklable values: the raw body in, JSON text out. Errors
are :class:`~sclerodx.api.problems.ProblemError` with every value the client sent
redacted (:mod:`sclerodx.api.redact`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from sclerodx.api.media import FHIR_JSON, JSON, JSON_TYPES
from sclerodx.api.problems import FieldProblem, ProblemError, input_problem, validation_problem
from sclerodx.api.redact import sent_values
from sclerodx.assessment import DISCLAIMER, Assessment, assess
from sclerodx.case import Case
from sclerodx.exceptions import InputError
from sclerodx.fhir import FhirError, ImportIssue, assessment_to_bundle, read_bundle

_ISSUES = TypeAdapter(list[ImportIssue])


@dataclass(frozen=True)
class Computed:
    """What a worker hands back: the case and assessment as JSON text, and the answer body."""

    case_id: str | None
    request_sha256: str
    case_json: str
    assessment_json: str
    leading: str | None
    body: str
    media_type: str


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(raw: bytes, media: str) -> dict[str, Any]:
    """The body as one JSON object, checked once: media type, encoding, syntax."""
    if media not in JSON_TYPES:
        raise ProblemError(415, "media-type", "Unsupported media type",
                           f"send the case as application/json or a Bundle as {FHIR_JSON}")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise ProblemError(400, "json", "Malformed JSON",
                           f"the body is not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ProblemError(400, "json", "Malformed JSON",
                           f"the body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
                           ) from None
    except ValueError:
        raise ProblemError(400, "json", "Malformed JSON",
                           "the body is not valid JSON: NaN and Infinity are not JSON numbers") from None
    except RecursionError:
        raise ProblemError(400, "json", "Malformed JSON", "the body is nested too deeply") from None
    if not isinstance(data, dict):
        raise ProblemError(422, "validation", "Invalid case",
                           "expected a JSON object: a case, or a FHIR Bundle with resourceType 'Bundle'")
    return data


_BUNDLE_SHAPE: tuple[tuple[str, type, str], ...] = (
    ("type", str, "a string (a Bundle type code)"), ("timestamp", str, "a string (a FHIR instant)"),
    ("entry", list, "a list of entries"))


def _check_bundle_shape(data: dict[str, Any]) -> None:
    """The Bundle's own members have the JSON types the OpenAPI document declares."""
    problems = [FieldProblem(pointer=f"/{name}", field=name, detail=f"expected {what}")
                for name, kind, what in _BUNDLE_SHAPE if name in data and not isinstance(data[name], kind)]
    if problems:
        raise ProblemError(422, "fhir", "Invalid FHIR Bundle",
                           "; ".join(f"{p.field}: {p.detail}" for p in problems), problems)


def case_from(data: dict[str, Any]) -> tuple[Case, list[ImportIssue]]:
    """A case from case JSON or a FHIR R4B Bundle; a problem naming every bad field otherwise."""
    try:
        if "resourceType" in data:
            if data["resourceType"] != "Bundle":
                raise ProblemError(422, "fhir", "Invalid FHIR Bundle",
                                   "expected resourceType 'Bundle' (a FHIR R4B Bundle of Patient, "
                                   "Observation and Condition resources)")
            _check_bundle_shape(data)
            # A FhirError (value-free by construction) reaches the FHIR handlers of
            # sclerodx.api.fhir_routes: an OperationOutcome with its issue code for a FHIR
            # request, a problem naming each location otherwise.
            imported = read_bundle(data)
            return imported.case, imported.issues
        try:
            return Case.model_validate(data), []
        except ValidationError as exc:
            raise validation_problem(exc) from None
    except FhirError:
        raise  # answered by sclerodx.api.fhir_routes (see above)
    except InputError as exc:
        raise input_problem(exc).redacted(sent_values(data)) from None
    except ProblemError as problem:
        raise problem.redacted(sent_values(data)) from None
    except RecursionError:
        raise ProblemError(422, "validation", "Invalid case", "the body is nested too deeply") from None


def assess_body(raw: bytes, media: str, include_investigational: bool,
                fmt: Literal["json", "fhir"]) -> Computed:
    """Parse and assess one request body (runs in a pool worker).

    The JSON answer is composed from the already serialised parts, with
    ``stored_id`` left as a ``null`` placeholder that :func:`with_stored_id` fills.
    """
    case, issues = case_from(parse_json(raw, media))
    result = assess(case, include_investigational=include_investigational)
    assessment_json = result.model_dump_json()
    if fmt == "fhir":
        body = assessment_to_bundle(case, result, issues=issues).model_dump_json(exclude_none=True)
        media_type = FHIR_JSON
    else:
        body = ('{"assessment":' + assessment_json + ',"fhir_issues":'
                + _ISSUES.dump_json(issues).decode() + ',"stored_id":null,"disclaimer":'
                + json.dumps(DISCLAIMER) + "}")
        media_type = JSON
    request_sha256 = hashlib.sha256(f"{include_investigational}:".encode() + raw).hexdigest()
    return Computed(case_id=case.id, request_sha256=request_sha256,
                    case_json=case.model_dump_json(exclude_none=True),
                    assessment_json=assessment_json, leading=leading_diagnosis(result),
                    body=body, media_type=media_type)


def leading_diagnosis(result: Assessment) -> str | None:
    """The diagnosis with the highest posterior (kept as a searchable column)."""
    posteriors = result.differential.posteriors  # most probable first
    return str(posteriors[0].diagnosis) if posteriors else None


def with_stored_id(body: str, stored_id: str) -> str:
    """The JSON answer of :func:`assess_body` with its ``stored_id`` filled in.

    The placeholder is the last top-level member but one; inside JSON strings
    quotes are escaped, so the raw sequence cannot occur anywhere else.
    """
    head, _, tail = body.rpartition(',"stored_id":null,')
    return f'{head},"stored_id":{json.dumps(stored_id)},{tail}'
