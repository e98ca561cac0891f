"""The sclerodx HTTP API (FastAPI) and the web page it serves.

Endpoints
---------
``POST /v1/assess``
    A case (JSON) or a FHIR R4B Bundle in, an assessment out (``?format=fhir``
    answers a FHIR Bundle with a DiagnosticReport). ``?store=true`` keeps it when
    storage is configured.
``GET /v1/assessments/{id}``
    A stored assessment.
``GET /v1/schema``
    The JSON Schema of a case.
``GET /v1/examples`` and ``GET /v1/examples/{name}``
    The bundled example cases.
``GET /healthz``
    Liveness, version, and whether auth and storage are on.
``GET /``
    The web page (static HTML and JavaScript, no network needed).

Every error is RFC 9457 problem+json (:mod:`sclerodx.api.problems`). Every result
carries the decision-support disclaimer.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, ValidationError

from sclerodx import __version__
from sclerodx.anatomy import MUSCLES, REGIONS, Region
from sclerodx.api.auth import check_api_key
from sclerodx.api.fhir_routes import install_fhir
from sclerodx.api.limits import BodyLimit
from sclerodx.api.problems import (
    PROBLEM_JSON,
    Problem,
    ProblemError,
    install_problem_handlers,
    validation_problem,
)
from sclerodx.api.settings import ApiSettings
from sclerodx.api.storage import Storage, StoredAssessment
from sclerodx.assessment import DISCLAIMER, Assessment, assess
from sclerodx.case import Case, Exam, ImagedRegion, LesionLocation, RegionExam, case_json_schema
from sclerodx.examples import list_examples, load_example
from sclerodx.fhir import ImportIssue, assessment_to_bundle, read_bundle

FHIR_JSON = "application/fhir+json"
_JSON_TYPES = frozenset({"application/json", FHIR_JSON})
_WEB = Path(str(resources.files("sclerodx.api") / "web"))


class AssessResponse(BaseModel):
    """The answer of ``POST /v1/assess``."""

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
    """What ``/healthz`` reports."""

    status: Literal["ok"] = "ok"
    version: str = __version__
    auth: bool
    storage: bool


_PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {PROBLEM_JSON: {"schema": Problem.model_json_schema()}}}
    for status, text in ((401, "API key missing or wrong"), (404, "Not found"),
                         (413, "Request body too large"), (415, "Unsupported media type"),
                         (422, "Invalid case, Bundle or parameter"))
}

_ASSESS_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/Case"},
                                              {"$ref": "#/components/schemas/FhirBundle"}]}},
    FHIR_JSON: {"schema": {"$ref": "#/components/schemas/FhirBundle"}},
}}}

_FHIR_BUNDLE_SCHEMA: dict[str, Any] = {
    "title": "FhirBundle", "type": "object", "required": ["resourceType"],
    "description": "A FHIR R4B Bundle of Patient, Observation and Condition resources.",
    "properties": {"resourceType": {"const": "Bundle"}, "type": {"type": "string"},
                   "timestamp": {"type": "string"},
                   "entry": {"type": "array", "items": {"type": "object"}}},
}


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


async def _json_body(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, checked once: media type, encoding, syntax."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _JSON_TYPES:
        raise ProblemError(415, "media-type", "Unsupported media type",
                         f"send the case as application/json or a Bundle as {FHIR_JSON} (got "
                         f"{media or 'no Content-Type'})")
    raw = await request.body()
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProblemError(400, "json", "Malformed JSON",
                           f"the body is not valid UTF-8 JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ProblemError(422, "validation", "Invalid case",
                         "expected a JSON object: a case, or a FHIR Bundle with resourceType 'Bundle'")
    return data


def _case_from(data: dict[str, Any]) -> tuple[Case, list[ImportIssue]]:
    if "resourceType" in data:  # a FhirError is answered by sclerodx.api.fhir_routes
        imported = read_bundle(data)
        return imported.case, imported.issues
    try:
        return Case.model_validate(data), []
    except ValidationError as exc:
        raise validation_problem(exc) from None


def _openapi_with_case(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        case = case_json_schema()
        case = json.loads(json.dumps(case).replace("#/$defs/", "#/components/schemas/"))
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(case.pop("$defs", {}))
        case.pop("$schema", None)
        components["Case"] = case
        components["FhirBundle"] = _FHIR_BUNDLE_SCHEMA
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """Build the API and web page.

    Parameters
    ----------
    settings
        Auth, storage and size limit; from the environment when omitted
        (:meth:`ApiSettings.from_env`).
    """
    config = settings if settings is not None else ApiSettings.from_env()
    storage = Storage(config.database_url) if config.database_url else None

    app = FastAPI(
        title="sclerodx", version=__version__, docs_url=None, redoc_url=None,
        description="Decision support for multiple sclerosis versus ALS and their mimics. "
        + DISCLAIMER,
    )
    install_problem_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes)

    def authorised(request: Request) -> None:
        check_api_key(request, config.api_key)

    install_fhir(app, dependencies=[Depends(authorised)], auth_required=config.api_key is not None)

    v1 = APIRouter(prefix="/v1", dependencies=[Depends(authorised)], responses=_PROBLEMS)

    @v1.post("/assess", response_model=AssessResponse, openapi_extra=_ASSESS_BODY,
             responses={200: {"content": {FHIR_JSON: {"schema": {"type": "object"}}}},
                        400: _PROBLEMS[422] | {"description": "Malformed JSON"}})
    async def assess_case(
        request: Request,
        include_investigational: bool = Query(False, description="Use investigational microRNA evidence."),
        store: bool = Query(False, description="Keep the assessment (storage must be configured)."),
        format: Literal["json", "fhir"] = Query("json", description="'fhir': answer a FHIR R4B Bundle."),
    ) -> Response:
        """Assess one case given as sclerodx JSON or as a FHIR R4B Bundle."""
        case, issues = _case_from(await _json_body(request))
        if store and storage is None:
            raise ProblemError(422, "storage-off", "Storage is not configured",
                             "set SCLERODX_DATABASE_URL to store assessments, or omit store=true")
        result = assess(case, include_investigational=include_investigational)
        stored_id = storage.save(case, result) if store and storage is not None else None
        if format == "fhir":
            bundle = assessment_to_bundle(case, result, issues=issues)
            return Response(bundle.model_dump_json(exclude_none=True), media_type=FHIR_JSON)
        body = AssessResponse(assessment=result, fhir_issues=issues, stored_id=stored_id)
        headers = {"Location": f"/v1/assessments/{stored_id}"} if stored_id else None
        return JSONResponse(body.model_dump(mode="json"), headers=headers)

    @v1.get("/assessments/{assessment_id}", response_model=StoredAssessment)
    def stored_assessment(assessment_id: str) -> StoredAssessment:
        """A stored assessment."""
        found = storage.get(assessment_id) if storage is not None else None
        if found is None:
            raise ProblemError(404, "not-found", "Not found", f"no stored assessment {assessment_id!r}"
                             + ("" if storage else " (storage is not configured)"))
        return found

    @v1.get("/schema")
    def schema() -> dict[str, Any]:
        """The JSON Schema of a case."""
        return case_json_schema()

    @v1.get("/examples", response_model=list[ExampleInfo])
    def examples() -> list[ExampleInfo]:
        """The bundled example cases."""
        return [ExampleInfo(name=name, url=f"/v1/examples/{name}") for name in list_examples()]

    @v1.get("/examples/{name}")
    def example(name: str) -> dict[str, Any]:
        """One bundled example case, as case JSON."""
        if name not in list_examples():
            raise ProblemError(404, "not-found", "Not found",
                             f"no example {name!r}; expected one of {', '.join(list_examples())}")
        return load_example(name).model_dump(mode="json", exclude_none=True)

    words = vocabulary()

    @v1.get("/vocabulary", response_model=Vocabulary)
    def case_vocabulary() -> Vocabulary:
        """Muscles, regions and their examinable signs, MRI lesion locations."""
        return words

    app.include_router(v1)

    @app.get("/healthz", response_model=Health)
    def healthz() -> Health:
        """Liveness probe."""
        return Health(auth=config.api_key is not None, storage=storage is not None)

    index = (_WEB / "index.html").read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse(index)

    app.mount("/static", StaticFiles(directory=_WEB), name="static")
    app.openapi = lambda: _openapi_with_case(app)  # type: ignore[method-assign]
    return app
