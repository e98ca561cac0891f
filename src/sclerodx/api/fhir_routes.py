"""The FHIR face of the HTTP API: ``/fhir/metadata``, CDS Hooks, OperationOutcome errors.

Endpoints
---------
``GET /fhir/metadata``
    The server's R4B CapabilityStatement (``application/fhir+json``).
``GET /cds-services``
    CDS Hooks 2.0 discovery.
``POST /cds-services/sclerodx-patient-view``
    The ``patient-view`` service: prefetch in, cards out (412 when prefetch is missing:
    this server never calls the EHR's FHIR server).

Errors on a FHIR request are FHIR OperationOutcome resources (``application/fhir+json``)
with the HTTP status of the error. A request is a FHIR request when its path is under
``/fhir`` or ``/cds-services``, it asks ``?format=fhir``, it sends
``Content-Type: application/fhir+json``, or it lists ``application/fhir+json`` in
``Accept``. Other requests keep RFC 9457 problem+json (:mod:`sclerodx.api.problems`):
:func:`install_fhir` wraps the handlers already installed and defers to them.

References
----------
.. [1] HL7 International. FHIR R4B RESTful API: mime type, OperationOutcome on errors.
       2022. http://hl7.org/fhir/R4B/http.html
.. [2] HL7 International. CDS Hooks 2.0, 2022. https://cds-hooks.hl7.org/2.0/
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.params import Depends
from pydantic import ValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from sclerodx.api.media import FHIR_JSON, JSON, JSON_TYPES, content_type
from sclerodx.api.problems import ProblemError, input_problem, problem_response
from sclerodx.assessment import assess
from sclerodx.fhir.capability import capability_statement
from sclerodx.fhir.cds_hooks import (
    SERVICE_ID,
    CdsRequest,
    CdsResponse,
    CdsServices,
    PrefetchError,
    discovery,
    patient_view_cards,
    read_prefetch,
)
from sclerodx.fhir.outcome import (
    FhirError,
    IssueCode,
    describe,
    error_outcome,
    fhirpath,
    issue,
    operation_outcome,
)

Handler = Callable[[Request, Exception], Awaitable[Response]]

#: The FHIR issue type of each HTTP error status.
_ISSUE_BY_STATUS: dict[int, IssueCode] = {
    400: "structure", 401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported",
    406: "not-supported", 409: "conflict", 412: "incomplete", 413: "too-long", 415: "not-supported",
    422: "invalid", 429: "throttled", 500: "exception", 503: "transient", 504: "timeout",
}
#: The OpenAPI content of an OperationOutcome error (every error of a FHIR request).
OUTCOME_CONTENT: dict[str, Any] = {FHIR_JSON: {"schema": {
    "type": "object", "required": ["resourceType", "issue"],
    "properties": {"resourceType": {"const": "OperationOutcome"}, "issue": {"type": "array"}}}}}
_OUTCOME = {"content": OUTCOME_CONTENT}
_OUTCOME_FREE = {"content": {FHIR_JSON: {"schema": {"type": "object"}}}}
_CDS_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, **_OUTCOME}
    for status, text in ((400, "Unreadable request"), (401, "API key missing or wrong"),
                         (412, "Prefetch missing: this server never fetches from the FHIR server"),
                         (413, "Request body too large"), (415, "Unsupported media type"),
                         (422, "Invalid request or prefetched FHIR data"))
}
_CDS_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {JSON: {"schema": {
    "type": "object", "required": ["hook", "hookInstance", "context"],
    "properties": {"hook": {"const": "patient-view"}, "hookInstance": {"type": "string"},
                   "fhirServer": {"type": "string"}, "fhirAuthorization": {"type": "object"},
                   "context": {"type": "object", "required": ["userId", "patientId"],
                               "properties": {"userId": {"type": "string"}, "patientId": {"type": "string"},
                                              "encounterId": {"type": "string"}}},
                   "prefetch": {"type": "object"}}}}}}}


def wants_fhir(request: Request) -> bool:
    """Whether *request* is a FHIR request (see the module docstring)."""
    path = request.url.path
    if path == "/fhir" or path.startswith(("/fhir/", "/cds-services")):
        return True
    if request.query_params.get("format") == "fhir":
        return True
    if content_type(request.headers) == FHIR_JSON:
        return True
    return FHIR_JSON in request.headers.get("accept", "").lower()


def outcome_response(outcome: dict[str, Any], status: int,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    """An OperationOutcome as an ``application/fhir+json`` response."""
    return JSONResponse(outcome, status_code=status, media_type=FHIR_JSON, headers=headers)


def _code(status: int) -> IssueCode:
    return _ISSUE_BY_STATUS.get(status, "exception" if status >= 500 else "processing")


def fhir_error_response(error: FhirError, status: int | None = None) -> JSONResponse:
    """A :class:`FhirError` as an OperationOutcome: 400 for an unreadable body, else 422."""
    body_level = all(loc == "(body)" for loc, _ in error.problems)
    return outcome_response(error_outcome(error), status or (400 if body_level else 422))


def problem_outcome(problem: ProblemError) -> JSONResponse:
    """A problem as an OperationOutcome (its status, headers and named fields kept)."""
    code = _code(problem.status)
    if problem.errors:
        issues = [issue(f"{e.field}: {e.detail}", code,
                        [p] if problem.kind == "fhir" and (p := fhirpath(e.field)) else [])
                  for e in problem.errors]
    else:
        issues = [issue(f"{problem.title}: {problem.detail}", code)]
    return outcome_response(operation_outcome(issues), problem.status, problem.headers)


def _install_handlers(app: FastAPI) -> None:
    previous: dict[Any, Handler] = dict(app.exception_handlers)

    def defer(kind: Any) -> Handler:
        handler = previous.get(kind)
        if handler is None:  # nothing installed before us: answer the FHIR way for everyone
            return lambda _request, exc: _as_fhir(exc)
        return handler

    async def _as_fhir(exc: Exception) -> Response:
        if isinstance(exc, FhirError):
            return fhir_error_response(exc)
        if isinstance(exc, PrefetchError):
            return fhir_error_response(FhirError(exc.problems, code="incomplete"), 412)
        if isinstance(exc, ProblemError):
            return problem_outcome(exc)
        if isinstance(exc, RequestValidationError):
            issues = [issue(f"{path}: {message}", "invalid")
                      for path, message in _request_problems(exc)]
            return outcome_response(operation_outcome(issues), 422)
        if isinstance(exc, HTTPException):
            headers = dict(exc.headers) if exc.headers else None
            return outcome_response(operation_outcome([issue(str(exc.detail), _code(exc.status_code))]),
                                    exc.status_code, headers)
        return outcome_response(operation_outcome([issue(
            "sclerodx failed on this request (internal error); please report it", "exception")]), 500)

    def wrap(kind: Any, fallback: Callable[[Request, Exception], Awaitable[Response]] | None = None) -> None:
        original = fallback or defer(kind)

        async def handler(request: Request, exc: Exception) -> Response:
            if wants_fhir(request):
                return await _as_fhir(exc)
            return await original(request, exc)

        app.add_exception_handler(kind, handler)

    async def fhir_as_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, FhirError)
        return problem_response(input_problem(exc), request)

    for kind in (ProblemError, RequestValidationError, HTTPException, Exception):
        wrap(kind)
    wrap(FhirError, fhir_as_problem)
    wrap(PrefetchError)


def _request_problems(exc: RequestValidationError) -> list[tuple[str, str]]:
    out = []
    for error in exc.errors():
        path = ".".join(str(part) for part in error.get("loc", ()))
        out.append((path or "(request)", str(error.get("msg", "invalid")).removeprefix("Value error, ")))
    return out


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


async def _cds_request(request: Request) -> CdsRequest:
    if content_type(request.headers) not in JSON_TYPES:
        raise ProblemError(415, "media-type", "Unsupported media type",
                           "send the CDS Hooks request as application/json")
    raw = await request.body()
    if not raw.strip():
        raise FhirError([("(body)", "the body is empty; expected a CDS Hooks request (JSON)")],
                        code="required")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FhirError([("(body)", "not valid UTF-8 JSON; expected a CDS Hooks request")],
                        code="structure") from None
    if not isinstance(data, dict):
        raise FhirError([("(body)", "expected a JSON object (a CDS Hooks request)")], code="structure")
    try:
        return CdsRequest.model_validate(data)
    except ValidationError as exc:
        raise FhirError(describe(exc, "request"), code="invalid") from None


def _answer(hook_request: CdsRequest, now: dt.datetime) -> CdsResponse:
    imported, notes = read_prefetch(hook_request, now)
    return patient_view_cards(assess(imported.case), imported, notes)


def install_fhir(app: FastAPI, *, dependencies: Sequence[Depends] = (), auth_required: bool = False) -> None:
    """Add ``/fhir/metadata`` and the CDS Hooks service, and FHIR error rendering.

    Call after the problem handlers are installed (:func:`install_problem_handlers`):
    they are wrapped, and still answer every request that is not a FHIR request.

    Parameters
    ----------
    app
        The application.
    dependencies
        Dependencies of the CDS Hooks service call (the server's authentication).
    auth_required
        Whether those dependencies require a key (stated in the CapabilityStatement).
    """
    _install_handlers(app)
    fhir = APIRouter(prefix="/fhir", tags=["FHIR"])

    @fhir.get("/metadata", response_class=JSONResponse,
              responses={200: {"description": "The CapabilityStatement", **_OUTCOME_FREE}})
    def metadata(request: Request) -> JSONResponse:
        """The FHIR R4B CapabilityStatement of this server."""
        base = str(request.base_url).rstrip("/")
        return JSONResponse(capability_statement(base, auth=auth_required), media_type=FHIR_JSON)

    cds = APIRouter(prefix="/cds-services", tags=["CDS Hooks"])

    @cds.get("", response_model=CdsServices, response_model_exclude_none=True)
    def cds_discovery() -> CdsServices:
        """CDS Hooks discovery: the services of this server."""
        return discovery()

    @cds.post(f"/{SERVICE_ID}", response_model=CdsResponse, response_model_exclude_none=True,
              dependencies=list(dependencies), responses=_CDS_ERRORS, openapi_extra=_CDS_BODY)
    async def patient_view(request: Request) -> CdsResponse:
        """The ``patient-view`` hook: cards with the leading diagnosis and the next test."""
        hook_request = await _cds_request(request)
        cpu = request.app.state.server.cpu  # the app's bounded pool (sclerodx.api.pool)
        answer: CdsResponse = await cpu.run(_answer, hook_request, dt.datetime.now(dt.UTC))
        return answer

    app.include_router(fhir)
    app.include_router(cds)
