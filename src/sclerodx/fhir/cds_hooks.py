"""CDS Hooks 2.0: the ``sclerodx-patient-view`` service, its discovery entry and its cards.

Pure functions and models; the HTTP layer is :mod:`sclerodx.api.fhir_routes`.

The service declares three prefetch templates (the Patient, its Observations with the
codes sclerodx reads, its neurological-episode Conditions), turns the prefetched data
into one FHIR Bundle read by the strict reader (:func:`sclerodx.fhir.read_bundle`), and
answers one card with the leading diagnosis of the differential, the next test that
would change it most, and the decision-support disclaimer.

This service never calls the EHR's FHIR server (sclerodx makes no network requests).
A prefetch key that is absent, or holds an OperationOutcome (the EHR could not fetch
it), therefore means required data cannot be obtained, and the specification's answer
is HTTP 412 Precondition Failed (:class:`PrefetchError`). A key whose value is
``null`` means the EHR has no such data, which is read as "none recorded".

When the record holds no finding the differential uses (demographics only), the answer
is an empty ``cards`` list, as the specification asks when a service has no decision
support for the user: a card on every chart opened would be noise.

References
----------
.. [1] HL7 International, Clinical Decision Support WG. CDS Hooks 2.0 (STU 2), 2022.
       https://cds-hooks.hl7.org/2.0/ (Discovery; Calling a CDS Service; Prefetch
       Template; CDS Service Response; HTTP 412 Precondition Failed).
.. [2] CDS Hooks. patient-view hook, version 1.0.
       https://cds-hooks.org/hooks/patient-view/
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sclerodx import __version__
from sclerodx.assessment import Assessment
from sclerodx.fhir import codes
from sclerodx.fhir.outcome import FhirError, entry_location
from sclerodx.fhir.read import FhirImport, read_bundle
from sclerodx.fhir.sections import OBSERVATION_CODES

SERVICE_ID = "sclerodx-patient-view"
HOOK = "patient-view"
#: CDS Hooks: "One-sentence, <140-character summary message".
MAX_SUMMARY = 139
SOURCE_URL = "https://github.com/sclerodx/sclerodx#readme"

_OBSERVATION_CODES = sorted(
    {f"{system}|{code}" for system, code in codes.LAB_CODES}
    | {f"{c.system}|{c.code}" for c in OBSERVATION_CODES}
)
#: The prefetch templates: only the data the reader uses ("minimum necessary").
PREFETCH: dict[str, str] = {
    "patient": "Patient/{{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}&code=" + ",".join(_OBSERVATION_CODES),
    "conditions": ("Condition?patient={{context.patientId}}&code="
                   f"{codes.CNS_EPISODE.system}|{codes.CNS_EPISODE.code}"),
}
_SEARCH_KIND = {"observations": "Observation", "conditions": "Condition"}


class _Json(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CdsService(_Json):
    """One entry of the discovery response."""

    hook: str
    title: str | None = None
    description: str
    id: str
    prefetch: dict[str, str] | None = None
    usageRequirements: str | None = None  # noqa: N815 (CDS Hooks field name)


class CdsServices(_Json):
    """The discovery response (``GET /cds-services``)."""

    services: list[CdsService]


SERVICE = CdsService(
    hook=HOOK, id=SERVICE_ID, title="sclerodx: MS versus ALS and their mimics",
    description="When a chart is opened, reads the patient's neurological findings (labs with LOINC codes, "
                "sclerodx-coded examination, EMG, MRI and episodes) and returns the leading diagnosis of the "
                "differential and the next test that would change it most. Decision support, not a "
                "diagnosis.",
    prefetch=PREFETCH,
    usageRequirements="Needs the three prefetch keys: this service never calls the EHR's FHIR server, and "
                      "answers 412 when a key is missing.",
)


def discovery() -> CdsServices:
    """The discovery response of this server."""
    return CdsServices(services=[SERVICE])


class PatientViewContext(BaseModel):
    """The ``patient-view`` context (other fields, e.g. extensions, are kept)."""

    model_config = ConfigDict(extra="allow")

    userId: str = Field(min_length=1, max_length=256)  # noqa: N815
    patientId: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9\-.]{1,64}$")  # noqa: N815
    encounterId: str | None = Field(default=None, max_length=64)  # noqa: N815


class CdsRequest(BaseModel):
    """A CDS Hooks service call for ``patient-view``."""

    model_config = ConfigDict(extra="allow")

    hook: Literal["patient-view"]
    hookInstance: str = Field(min_length=1, max_length=256)  # noqa: N815
    fhirServer: str | None = Field(default=None, max_length=2048)  # noqa: N815
    fhirAuthorization: dict[str, Any] | None = None  # noqa: N815
    context: PatientViewContext
    prefetch: dict[str, Any] | None = None

    @field_validator("hookInstance")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("hookInstance must not be blank")
        return value

    @model_validator(mode="after")
    def _authorization_needs_server(self) -> CdsRequest:
        if self.fhirAuthorization is not None and self.fhirServer is None:
            raise ValueError("fhirAuthorization is given without fhirServer (CDS Hooks invariant cds-r-1)")
        return self


class Source(_Json):
    """The source of a card."""

    label: str
    url: str | None = None


class Card(_Json):
    """One CDS Hooks card."""

    summary: str = Field(max_length=MAX_SUMMARY)
    detail: str | None = None
    indicator: Literal["info", "warning", "critical"]
    source: Source


class CdsResponse(_Json):
    """The answer of a service call."""

    cards: list[Card]


class PrefetchError(Exception):
    """Required prefetch data is absent and cannot be fetched: answer 412.

    ``problems`` are ``(location, message)`` pairs, like :class:`FhirError`'s.
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{loc}: {msg}" for loc, msg in problems))

    def __reduce__(self) -> tuple[type[PrefetchError], tuple[list[tuple[str, str]]]]:
        # rebuilt from its problems when it crosses from a pool worker process
        return (type(self), (self.problems,))


# --------------------------------------------------------------------------- prefetch -> Bundle


def _is_outcome(value: Any) -> bool:
    return isinstance(value, Mapping) and value.get("resourceType") == "OperationOutcome"


def _check_prefetch(request: CdsRequest) -> dict[str, Any]:
    prefetch = request.prefetch or {}
    problems = []
    for key in PREFETCH:
        if key not in prefetch:
            problems.append((f"prefetch.{key}", "missing; this service never fetches from the FHIR server, "
                             f"so the client must prefetch {PREFETCH[key].split('?')[0]} (template in "
                             "GET /cds-services)"))
        elif _is_outcome(prefetch[key]):
            problems.append((f"prefetch.{key}", "the client could not prefetch it (an OperationOutcome was "
                             "sent), and this service never fetches from the FHIR server"))
    if not problems and prefetch["patient"] is None:
        problems.append(("prefetch.patient", "null: the client has no Patient for context.patientId"))
    if problems:
        raise PrefetchError(problems)
    return prefetch


def _search_entries(key: str, value: Any, notes: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """``(request path, entry)`` for the resources of one searchset prefetch value."""
    if value is None:
        return []
    path = f"prefetch.{key}"
    if not isinstance(value, Mapping) or value.get("resourceType") != "Bundle":
        raise FhirError([(path, f"expected a searchset Bundle of {_SEARCH_KIND[key]} resources, or null")],
                        code="structure")
    entries = value.get("entry", [])
    if not isinstance(entries, list):
        raise FhirError([(f"{path}.entry", "expected a list of Bundle entries")], code="structure")
    if any(isinstance(link, Mapping) and link.get("relation") == "next" for link in value.get("link", [])):
        notes.append(f"The EHR sent one page of `{key}`; later pages were not read (this service does not "
                     "fetch).")
    out = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise FhirError([(f"{path}.entry[{i}]", "expected a Bundle entry (a JSON object)")],
                            code="structure")
        search = entry.get("search")
        if _is_outcome(entry.get("resource")) or (isinstance(search, Mapping)
                                                  and search.get("mode") == "outcome"):
            continue  # a search warning from the client, not patient data
        out.append((f"{path}.entry[{i}]", {k: entry[k] for k in ("fullUrl", "resource") if k in entry}))
    return out


def prefetch_bundle(request: CdsRequest, now: dt.datetime) -> tuple[dict[str, Any], list[str], list[str]]:
    """The prefetched data as one collection Bundle for the reader.

    Returns the Bundle, the request path of each of its entries (to name problems where
    the client put them) and notes for the card.

    Raises
    ------
    PrefetchError
        A prefetch key is absent or unfetchable (answer 412).
    FhirError
        The prefetch is not FHIR of the expected shape, or its Patient is not the one
        in ``context.patientId``.
    """
    prefetch = _check_prefetch(request)
    patient = prefetch["patient"]
    if not isinstance(patient, Mapping) or patient.get("resourceType") != "Patient":
        raise FhirError([("prefetch.patient", "expected a Patient resource (or null)")], code="structure")
    if patient.get("id") != request.context.patientId:
        raise FhirError([("prefetch.patient.id", "does not match context.patientId; expected the Patient "
                          "whose chart is open")], code="business-rule")
    notes: list[str] = []
    first: dict[str, Any] = {"resource": dict(patient)}
    if request.fhirServer:  # so absolute references to [fhirServer]/Patient/<id> resolve too
        first["fullUrl"] = f"{request.fhirServer.rstrip('/')}/Patient/{request.context.patientId}"
    entries: list[tuple[str, dict[str, Any]]] = [("prefetch.patient", first)]
    for key in _SEARCH_KIND:
        entries += _search_entries(key, prefetch[key], notes)
    stamp = now.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    bundle = {"resourceType": "Bundle", "type": "collection", "timestamp": stamp,
              "entry": [entry for _, entry in entries]}
    return bundle, [path for path, _ in entries], notes


def _relocated(error: FhirError, paths: list[str]) -> FhirError:
    """*error* with its ``entry[i]`` locations renamed to where the client sent them."""

    def where(location: str) -> str:
        inside = entry_location(location)
        if inside is None or inside[0] >= len(paths):
            return location
        source, rest = paths[inside[0]], inside[1]
        return source + (rest if source == "prefetch.patient" else ".resource" + rest)

    return FhirError([(where(loc), msg) for loc, msg in error.problems], error.code)


def read_prefetch(request: CdsRequest, now: dt.datetime) -> tuple[FhirImport, list[str]]:
    """The case in the prefetched data, read strictly, and the notes for the card.

    Raises
    ------
    PrefetchError, FhirError
        As :func:`prefetch_bundle`; reader errors name ``prefetch.<key>.entry[i]``.
    """
    bundle, paths, notes = prefetch_bundle(request, now)
    try:
        return read_bundle(bundle), notes
    except FhirError as exc:
        raise _relocated(exc, paths) from None


# --------------------------------------------------------------------------- cards


def _short(label: str) -> str:
    """A label without its parenthesis or its colon clause, for the one-line summary."""
    return label.split(" (")[0].split(":")[0]


def _fit(text: str, limit: int = MAX_SUMMARY) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def patient_view_cards(assessment: Assessment, imported: FhirImport,
                       notes: Sequence[str] = ()) -> CdsResponse:
    """The card of one assessment: leading diagnosis, next test, disclaimer.

    No card (an empty list) when no finding of the record entered the differential.
    """
    result = assessment.differential
    if not any(finding.used for finding in result.findings):
        return CdsResponse(cards=[])
    leader = result.leading
    test = result.next_tests[0] if result.next_tests else None
    summary = f"sclerodx: {_short(leader.label)} leads the differential ({leader.probability:.0%})"
    if test is not None:
        summary += f"; next test: {_short(test.label)}"
    others = "; ".join(f"{p.label} {p.probability:.0%}" for p in result.posteriors[:5])
    lines = [f"**Leading diagnosis:** {leader.label}, {leader.probability:.0%} (could range "
             f"{leader.interval_low:.0%}–{leader.interval_high:.0%} once the work-up is complete).",
             "", f"**Differential:** {others}."]
    if test is not None:
        lines += ["", f"**Next test:** {test.label}. {test.reason}"]
    lines += ["", "**Criteria:**", *(f"- {r.name}: {r.label}" for r in assessment.criteria.results())]
    if imported.issues:
        lines += ["", f"{len(imported.issues)} item(s) of the record were not read as given (unknown codes, "
                      "older results, recorded diagnoses, interpreted dates)."]
    lines += [*(["", *notes] if notes else []), "", f"> {assessment.disclaimer}", ">",
              f"> {result.disclaimer}"]
    card = Card(summary=_fit(summary), detail="\n".join(lines), indicator="info",
                source=Source(label=f"sclerodx {__version__}", url=SOURCE_URL))
    return CdsResponse(cards=[card])
