"""The sclerodx HTTP API (FastAPI) and the web page it serves.

Endpoints
---------
``POST /v1/assess``
    A case (JSON) or a FHIR R4B Bundle in, an assessment out (``?format=fhir``
    answers a FHIR Bundle with a DiagnosticReport). ``?store=true`` also keeps it,
    like ``POST /v1/assessments``.
``POST /v1/assessments``
    Assess and store: 201 with ``Location``; an ``Idempotency-Key`` header makes a
    retried write store once.
``GET /v1/assessments``
    The tenant's stored assessments, newest first, paginated (``cursor``) and
    searchable (``case_id``, ``leading_diagnosis``, ``since``, ``until``).
``GET /v1/assessments/{id}``
    One stored assessment of the caller's tenant (another tenant's id: 404).
``GET /v1/audit``
    The tenant's audit trail as a FHIR Bundle of AuditEvents (admin role).
``GET /v1/schema``, ``/v1/examples``, ``/v1/examples/{name}``, ``/v1/vocabulary``
    The case JSON Schema, the bundled examples, the case vocabulary.
``GET /healthz``, ``GET /readyz``
    Liveness (the process answers) and readiness (the database answers).
``GET /``
    The web page (static HTML and JavaScript, no network needed).

Assessments run in a bounded pool off the event loop (:mod:`sclerodx.api.pool`),
so the probes answer while assessments run. Every error is RFC 9457
problem+json (:mod:`sclerodx.api.problems`) that names the field and never
echoes the value; every request is one JSON access-log line without payload
values (:mod:`sclerodx.api.access`). Every result carries the disclaimer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request, Security
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import SQLAlchemyError

from sclerodx import __version__
from sclerodx.anatomy import MUSCLES, REGIONS, Region
from sclerodx.api.access import AccessLog, error_log
from sclerodx.api.auth import Authenticator, api_key_header, bearer_header, require
from sclerodx.api.compute import Computed, assess_body, with_stored_id
from sclerodx.api.denied import DeniedAudit
from sclerodx.api.fhir_routes import OUTCOME_CONTENT, install_fhir
from sclerodx.api.limits import BodyLimit
from sclerodx.api.media import FHIR_JSON, JSON_TYPES, content_type
from sclerodx.api.pool import CpuPool
from sclerodx.api.problems import PROBLEM_JSON, Problem, ProblemError, install_problem_handlers
from sclerodx.api.settings import ApiSettings
from sclerodx.api.store import (
    AssessmentPage,
    Caller,
    IdempotencyConflictError,
    NewAssessment,
    Principal,
    Store,
    StoredAssessment,
    StoreError,
    audit_bundle,
)
from sclerodx.assessment import DISCLAIMER, Assessment
from sclerodx.case import Exam, ImagedRegion, LesionLocation, RegionExam, case_json_schema
from sclerodx.examples import list_examples, load_example
from sclerodx.fhir import ImportIssue

_T = TypeVar("_T")
_WEB = Path(str(resources.files("sclerodx.api") / "web"))


class AssessResponse(BaseModel):
    """The answer of ``POST /v1/assess`` and ``POST /v1/assessments``."""

    assessment: Assessment
    fhir_issues: list[ImportIssue] = Field(
        default_factory=list, description="Bundle items not read as given (FHIR input only).")
    stored_id: str | None = Field(default=None, description="Id of the stored assessment, if stored.")
    disclaimer: str = DISCLAIMER


class ExampleInfo(BaseModel):
    """One bundled example case."""

    name: str
    url: str


class Vocabulary(BaseModel):
    """The names a case may use, for forms: muscles, regions with their signs, MRI terms."""

    muscles: list[dict[str, str]]
    region_signs: dict[str, list[str]]
    lesion_locations: list[str]
    imaged_regions: list[str]


def _allowed(region: Region, sign: str) -> bool:
    try:
        Exam.model_validate({"motor": {region.value: {sign: True}}})
    except ValidationError:
        return False
    return True


def vocabulary() -> Vocabulary:
    """The case vocabulary, asked of the case model itself (nothing copied)."""
    signs = list(RegionExam.model_fields)
    return Vocabulary(
        muscles=[{"name": m.name, "region": m.region.value} for m in MUSCLES],
        region_signs={r.value: [s for s in signs if _allowed(r, s)] for r in REGIONS},
        lesion_locations=[v.value for v in LesionLocation],
        imaged_regions=[v.value for v in ImagedRegion],
    )


class Health(BaseModel):
    """What ``/healthz`` reports: the process answers."""

    status: Literal["ok"] = "ok"
    version: str = __version__
    auth: bool
    storage: bool


class Readiness(BaseModel):
    """What ``/readyz`` reports: the workers are up and the database answers (or there is none)."""

    status: Literal["ready"] = "ready"
    storage: bool
    assessments_in_flight: int


def _problem_doc(text: str) -> dict[str, Any]:
    """An error response: problem+json, or an OperationOutcome for a FHIR request (fhir_routes)."""
    problem = {"$ref": "#/components/schemas/Problem"}
    return {"description": text, "content": {PROBLEM_JSON: {"schema": problem}, **OUTCOME_CONTENT},
            "headers": {"X-Request-ID": {"schema": {"type": "string"}}}}


_RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}
_STANDARD = {
    400: "Malformed JSON or parameter", 401: "Credentials missing or wrong", 403: "Role not allowed",
    404: "Not found (or another tenant's)", 408: "Request body too slow", 413: "Request body too large",
    415: "Unsupported media type", 422: "Invalid case, Bundle or parameter", 429: "Rate limit passed",
    500: "Internal error (logged with the request id, no values)", 503: "Busy, or the database is down",
}
_PROBLEMS: dict[int | str, dict[str, Any]] = {code: _problem_doc(text) for code, text in _STANDARD.items()}
for _status in (429, 503):
    _PROBLEMS[_status]["headers"] = _PROBLEMS[_status]["headers"] | _RETRY_AFTER

_ASSESS_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/Case"},
                                              {"$ref": "#/components/schemas/FhirBundle"}]}},
    FHIR_JSON: {"schema": {"$ref": "#/components/schemas/FhirBundle"}},
}}}


def _assessed(status: int, description: str) -> dict[int | str, dict[str, Any]]:
    location = {"Location": {"schema": {"type": "string"}, "description": "The stored assessment's URL."}}
    return {status: {"description": description, "headers": location, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/AssessResponse"}},
        FHIR_JSON: {"schema": {"type": "object"}}}}}


_FHIR_BUNDLE_SCHEMA: dict[str, Any] = {
    "title": "FhirBundle", "type": "object", "required": ["resourceType"],
    "description": "A FHIR R4B Bundle of Patient, Observation and Condition resources.",
    "properties": {"resourceType": {"const": "Bundle"}, "type": {"type": "string"},
                   "timestamp": {"type": "string"},
                   "entry": {"type": "array", "items": {"type": "object"}}},
}


def _openapi_with_case(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        case = case_json_schema()
        case = _json_replace(case, "#/$defs/", "#/components/schemas/")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(case.pop("$defs", {}))
        case.pop("$schema", None)
        components["Case"] = case
        components["FhirBundle"] = _FHIR_BUNDLE_SCHEMA
        problem = _json_replace(Problem.model_json_schema(), "#/$defs/", "#/components/schemas/")
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
        app.openapi_schema = schema
    return app.openapi_schema


def _json_replace(data: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(json.dumps(data).replace(old, new))
    return out


class _Server:
    """The resources one app holds: the CPU pool, the store, the database threads, auth."""

    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self.cpu = CpuPool(settings.pool, settings.pool_workers, settings.queue_depth,
                           settings.request_timeout_s, settings.retry_after_s)
        url = settings.store_url
        self.store = Store(url) if url else None
        self._db: ThreadPoolExecutor | None = None
        self.auth = Authenticator(settings, self.store, self.db)

    async def db(self, fn: Callable[..., _T], *args: Any) -> _T:
        """A blocking store call in the database threads; 503 when the database fails."""
        if self._db is None:
            self._db = ThreadPoolExecutor(8, thread_name_prefix="sclerodx-db")
        try:
            return await asyncio.get_running_loop().run_in_executor(self._db, fn, *args)
        except SQLAlchemyError as exc:
            error_log.warning("database error", extra={"fields": {
                "event": "database-error", "exception": type(exc).__name__}})  # never the statement
            raise ProblemError(503, "database", "Database unavailable",
                               "the case store did not answer; retry later",
                               headers={"Retry-After": str(self.settings.retry_after_s)}) from None

    def needs_store(self) -> Store:
        if self.store is None:
            raise ProblemError(422, "storage-off", "Storage is not configured",
                               "set SCLERODX_DATABASE_URL to store assessments, or omit store=true")
        return self.store

    def close(self) -> None:
        """Stop the pools and release connections (all are made again if the app is used again)."""
        self.cpu.shutdown()
        if self._db is not None:
            self._db.shutdown(wait=False)
            self._db = None
        if self.store is not None:
            self.store.close()


def _caller(request: Request, principal: Principal) -> Caller:
    return Caller(principal, source=request.client.host if request.client else None,
                  request_id=request.scope.get("state", {}).get("request_id"))


async def _principal(
    request: Request,
    api_key: Annotated[str | None, Security(api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_header)],
) -> Principal:
    server: _Server = request.app.state.server
    return await server.auth(request, api_key, bearer)


Who = Annotated[Principal, Depends(_principal)]
IncludeInvestigational = Annotated[bool, Query(description="Use investigational microRNA evidence.")]
Format = Annotated[Literal["json", "fhir"], Query(description="'fhir': answer a FHIR R4B Bundle.")]
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$",
    description="Any unique string per logical write; a retry with the same key is stored once.")]


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """Build the API and web page.

    Parameters
    ----------
    settings
        Auth, storage, limits and pool; from the environment when omitted
        (:meth:`ApiSettings.from_env`; ``sclerodx serve --workers N`` uses this
        as its app factory).
    """
    config = settings if settings is not None else ApiSettings.from_env()
    server = _Server(config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        server.cpu.start()
        yield
        server.close()

    app = FastAPI(
        title="sclerodx", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
        description="Decision support for multiple sclerosis versus ALS and their mimics. "
        + DISCLAIMER,
    )
    app.state.server = server
    install_problem_handlers(app)
    install_fhir(app, dependencies=[Depends(_principal)],
                 auth_required=any(x is not None for x in (config.api_key, config.store_url, config.oauth)))
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes, timeout_s=config.body_timeout_s)
    app.add_middleware(DeniedAudit, store=server.store, run_db=server.db)
    app.add_middleware(AccessLog)

    v1 = APIRouter(prefix="/v1", responses=_PROBLEMS)

    async def compute(request: Request, include_investigational: bool,
                      fmt: Literal["json", "fhir"]) -> Computed:
        media = content_type(request.headers)
        if media not in JSON_TYPES:  # refuse before reading the body
            raise ProblemError(415, "media-type", "Unsupported media type",
                               f"send the case as application/json or a Bundle as {FHIR_JSON}")
        raw = await request.body()
        return await server.cpu.run(assess_body, raw, media, include_investigational, fmt)

    async def stored_answer(request: Request, who: Principal, done: Computed, include_investigational: bool,
                            idempotency_key: str | None) -> Response:
        store = server.needs_store()
        require(who, "clinician", "admin", tenant=True)
        new = NewAssessment(case_id=done.case_id, leading_diagnosis=done.leading, case_json=done.case_json,
                            assessment_json=done.assessment_json,
                            include_investigational=include_investigational,
                            request_sha256=done.request_sha256, idempotency_key=idempotency_key)
        try:
            saved = await server.db(store.save, _caller(request, who), new)
        except IdempotencyConflictError as exc:
            raise ProblemError(422, "idempotency-conflict", "Idempotency key reused", str(exc)) from None
        body = done.body if done.media_type == FHIR_JSON else with_stored_id(done.body, saved.id)
        headers = {"Location": f"/v1/assessments/{saved.id}"}
        if not saved.created:
            headers["Idempotent-Replayed"] = "true"
        return Response(body, status_code=201, media_type=done.media_type, headers=headers)

    @v1.post("/assess", response_model=AssessResponse, openapi_extra=_ASSESS_BODY,
             responses={**_assessed(200, "The assessment (not stored)"),
                        **_assessed(201, "Assessed and stored (store=true)")})
    async def assess_case(
        request: Request, who: Who,
        include_investigational: IncludeInvestigational = False,
        store: Annotated[bool, Query(description="Also keep it, like POST /v1/assessments.")] = False,
        format: Format = "json",
        idempotency_key: IdempotencyKey = None,
    ) -> Response:
        """Assess one case given as sclerodx JSON or as a FHIR R4B Bundle."""
        if store:
            server.needs_store()
            require(who, "clinician", "admin", tenant=True)
        done = await compute(request, include_investigational, format)
        if store:
            return await stored_answer(request, who, done, include_investigational, idempotency_key)
        return Response(done.body, media_type=done.media_type)

    @v1.post("/assessments", status_code=201, response_model=AssessResponse, openapi_extra=_ASSESS_BODY,
             responses=_assessed(201, "Assessed and stored; Location names it"))
    async def create_assessment(
        request: Request, who: Who,
        include_investigational: IncludeInvestigational = False,
        format: Format = "json",
        idempotency_key: IdempotencyKey = None,
    ) -> Response:
        """Assess one case and store it in the caller's tenant."""
        server.needs_store()
        require(who, "clinician", "admin", tenant=True)
        done = await compute(request, include_investigational, format)
        return await stored_answer(request, who, done, include_investigational, idempotency_key)

    @v1.get("/assessments", response_model=AssessmentPage)
    async def list_assessments(
        request: Request, who: Who,
        limit: Annotated[int, Query(ge=1, le=200, description="Page size.")] = 50,
        cursor: Annotated[str | None, Query(max_length=200, description="next_cursor of the last page.")]
        = None,
        case_id: Annotated[str | None, Query(max_length=200, description="Only this case id.")] = None,
        leading_diagnosis: Annotated[str | None, Query(max_length=60, description="Only this leader.")]
        = None,
        since: Annotated[dt.datetime | None, Query(description="Stored at or after (ISO 8601).")] = None,
        until: Annotated[dt.datetime | None, Query(description="Stored before (ISO 8601).")] = None,
    ) -> AssessmentPage:
        """The tenant's stored assessments, newest first (list, or search with filters)."""
        store = server.needs_store()
        require(who, "clinician", "researcher", "admin", tenant=True)
        assert who.tenant_id is not None
        try:
            page = await server.db(lambda: store.page(
                who.tenant_id or "", limit=limit, cursor=cursor, case_id=case_id,
                leading_diagnosis=leading_diagnosis, since=since, until=until))
        except StoreError as exc:
            raise ProblemError(422, "validation", "Invalid request", str(exc)) from None
        searched = any(v is not None for v in (case_id, leading_diagnosis, since, until))
        await server.db(store.audit, _caller(request, who), "search" if searched else "list")
        return page

    @v1.get("/assessments/{assessment_id}", response_model=StoredAssessment)
    async def stored_assessment(request: Request, who: Who, assessment_id: uuid.UUID) -> StoredAssessment:
        """One stored assessment of the caller's tenant."""
        store = server.needs_store()
        require(who, "clinician", "researcher", "admin", tenant=True)
        found = await server.db(store.get, who.tenant_id, str(assessment_id))
        await server.db(store.audit, _caller(request, who), "read", str(assessment_id),
                        "success" if found else "not-found")
        if found is None:
            raise ProblemError(404, "not-found", "Not found", "no stored assessment with this id")
        return found

    @v1.get("/audit", responses={200: {"content": {FHIR_JSON: {"schema": {"type": "object"}}},
                                       "description": "A FHIR R4B Bundle of AuditEvents"}},
            response_class=Response)
    async def audit(
        request: Request, who: Who,
        since: Annotated[dt.datetime | None, Query(description="Events at or after (ISO 8601).")] = None,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    ) -> Response:
        """The tenant's audit trail as FHIR R4B AuditEvents (admin)."""
        store = server.needs_store()
        require(who, "admin", tenant=True)
        entries = await server.db(lambda: store.audit_entries(who.tenant_id, since=since, limit=limit))
        await server.db(store.audit, _caller(request, who), "export", None, "success", "audit")
        bundle = await server.cpu.run(audit_bundle, entries)
        return Response(json.dumps(bundle), media_type=FHIR_JSON)

    @v1.get("/schema")
    def schema(who: Who) -> dict[str, Any]:
        """The JSON Schema of a case."""
        return case_json_schema()

    @v1.get("/examples", response_model=list[ExampleInfo])
    def examples(who: Who) -> list[ExampleInfo]:
        """The bundled example cases."""
        return [ExampleInfo(name=name, url=f"/v1/examples/{name}") for name in list_examples()]

    @v1.get("/examples/{name}")
    def example(who: Who, name: str) -> dict[str, Any]:
        """One bundled example case, as case JSON."""
        if name not in list_examples():
            raise ProblemError(404, "not-found", "Not found",
                               f"no such example; expected one of {', '.join(list_examples())}")
        return load_example(name).model_dump(mode="json", exclude_none=True)

    words = vocabulary()

    @v1.get("/vocabulary", response_model=Vocabulary)
    def case_vocabulary(who: Who) -> Vocabulary:
        """Muscles, regions and their examinable signs, MRI lesion locations."""
        return words

    app.include_router(v1)

    @app.get("/healthz", response_model=Health)
    async def healthz() -> Health:
        """Liveness: the process answers (on the event loop, never behind the pool)."""
        return Health(auth=config.api_key is not None or server.store is not None,
                      storage=server.store is not None)

    @app.get("/readyz", response_model=Readiness, responses={503: _PROBLEMS[503]})
    async def readyz() -> Readiness:
        """Readiness: the assessment workers have started and the database answers within a second."""
        if not server.cpu.warm:
            raise ProblemError(503, "not-ready", "Not ready", "the assessment workers are starting",
                               headers={"Retry-After": "1"})
        if server.store is not None:
            try:
                await asyncio.wait_for(server.db(server.store.ping), 1.0)
            except (TimeoutError, ProblemError):
                raise ProblemError(503, "not-ready", "Not ready", "the case store does not answer",
                                   headers={"Retry-After": str(config.retry_after_s)}) from None
        return Readiness(storage=server.store is not None, assessments_in_flight=server.cpu.in_flight)

    index = (_WEB / "index.html").read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse(index)

    app.mount("/static", StaticFiles(directory=_WEB), name="static")
    app.openapi = lambda: _openapi_with_case(app)  # type: ignore[method-assign]
    return app
