"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error the API returns is one JSON object with ``type``, ``title``, ``status``
and ``detail``; validation errors add ``errors``, one entry per problem with the
JSON Pointer of the offending field (``pointer``, as RFC 9457 §3 suggests) and the
dotted field path sclerodx uses elsewhere (``field``).

References
----------
.. [1] Nottingham M, Wilde E, Dalal S. Problem Details for HTTP APIs. RFC 9457,
       IETF; 2023.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from sclerodx.api.redact import redact, sent_values
from sclerodx.exceptions import InputError, field_path, known_location, problem_details
from sclerodx.fhir import FhirError

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://sclerodx.org/problems/"


class FieldProblem(BaseModel):
    """One invalid field."""

    pointer: str = Field(description="JSON Pointer into the request body, e.g. '/emg/0/muscle'.")
    field: str = Field(description="Dotted path, e.g. 'emg[0].muscle'.")
    detail: str


class Problem(BaseModel):
    """An RFC 9457 problem details object."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldProblem] = Field(default_factory=list)


class ProblemError(Exception):
    """Raise to answer with a problem+json response."""

    def __init__(self, status: int, kind: str, title: str, detail: str,
                 errors: Sequence[FieldProblem] = (), headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.kind, self.title, self.detail = status, kind, title, detail
        self.errors = list(errors)
        self.headers = headers

    def __reduce__(self) -> tuple[Any, ...]:
        # crosses the process boundary of the CPU pool intact
        return (ProblemError, (self.status, self.kind, self.title, self.detail, self.errors, self.headers))

    def redacted(self, values: Iterable[str]) -> ProblemError:
        """The same problem with every value in ``values`` replaced by a marker."""
        values = frozenset(values)
        errors = [FieldProblem(pointer=e.pointer, field=e.field, detail=redact(e.detail, values))
                  for e in self.errors]
        return ProblemError(self.status, self.kind, self.title, redact(self.detail, values), errors,
                            self.headers)


def _pointer(loc: Iterable[int | str]) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in loc)


def field_problems(errors: Iterable[Mapping[str, Any]], *, strip: int = 0) -> list[FieldProblem]:
    """Pydantic error dicts as field problems (the refused input redacted); ``strip`` drops leading parts."""
    out = []
    for error in errors:
        loc = tuple(error["loc"])[strip:]
        sent_key = error["type"] == "extra_forbidden"  # the location ends in the client's own key
        message = redact(str(error["msg"]).removeprefix("Value error, "), sent_values(error.get("input")))
        out.append(FieldProblem(pointer=_pointer(known_location(loc, sent_key=sent_key)),
                                field=field_path(loc, whole="(body)", sent_key=sent_key), detail=message))
    return out


def validation_problem(exc: ValidationError, title: str = "Invalid case") -> ProblemError:
    """A 422 problem naming every invalid field of a case."""
    problems = field_problems(exc.errors(include_url=False))
    detail = "; ".join(f"{p.field}: {p.detail}" for p in problems[:5])
    return ProblemError(422, "validation", title, detail, problems)


def _field_pointer(location: str) -> str:
    """``emg[0].muscle`` (or a Bundle location ``entry[3].resource``) as a JSON Pointer."""
    return "/" + location.replace("].", "]/").replace("[", "/").replace("]", "").replace(".", "/").lstrip("/")


def input_problem(exc: InputError) -> ProblemError:
    """The problem of any :class:`~sclerodx.exceptions.InputError`: the one mapping of input errors.

    Type, title, status and detail are those of
    :func:`sclerodx.exceptions.problem_details` (RFC 9457); each invalid location becomes
    one entry of ``errors`` (every location of a :class:`~sclerodx.fhir.FhirError`, else
    the error's ``field``). The ``instance`` is added when the response is written
    (:func:`problem_body`: the request id, never the path).
    """
    body = problem_details(exc)
    if isinstance(exc, FhirError):
        errors = [FieldProblem(pointer=_field_pointer(loc), field=loc, detail=msg)
                  for loc, msg in exc.problems]
    elif exc.field is not None:
        errors = [FieldProblem(pointer=_field_pointer(exc.field),
                               field=exc.field, detail=str(exc).removeprefix(f"{exc.field}: "))]
    else:
        errors = []
    return ProblemError(int(str(body["status"])), exc.kind, str(body["title"]), str(body["detail"]), errors)


def request_instance(request_id: str | None) -> str | None:
    """The problem's ``instance``: this occurrence, by request id (never the path, which may carry values)."""
    return f"urn:uuid:{request_id}" if request_id else None


def problem_body(problem: ProblemError, request_id: str | None) -> Problem:
    """The problem+json object of a problem."""
    return Problem(type=PROBLEM_BASE + problem.kind, title=problem.title, status=problem.status,
                   detail=problem.detail, instance=request_instance(request_id), errors=problem.errors)


def problem_response(problem: ProblemError, request: Request) -> JSONResponse:
    """Render a problem as ``application/problem+json``."""
    body = problem_body(problem, request.scope.get("state", {}).get("request_id"))
    return JSONResponse(body.model_dump(exclude_none=True), status_code=problem.status,
                        media_type=PROBLEM_JSON, headers=problem.headers)


def install_problem_handlers(app: FastAPI) -> None:
    """Route every error through :func:`problem_response`; any :class:`InputError` that a
    route lets escape goes through :func:`input_problem`.

    Unexpected exceptions are answered by :class:`sclerodx.api.access.AccessLog`,
    which logs their type only (a message or traceback may quote patient values).
    """

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return problem_response(exc, request)

    async def on_request_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        problems = field_problems(exc.errors())
        detail = "; ".join(f"{p.field}: {p.detail}" for p in problems[:5])
        return problem_response(ProblemError(422, "validation", "Invalid request", detail, problems), request)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(ProblemError(exc.status_code, f"http-{exc.status_code}", str(exc.detail),
                                           str(exc.detail), headers=headers), request)

    async def on_input(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, InputError)
        return problem_response(input_problem(exc), request)

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(InputError, on_input)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(HTTPException, on_http)
