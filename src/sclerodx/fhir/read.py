"""Reading a FHIR R4B Bundle into a :class:`~sclerodx.case.Case`, strictly.

An adapter at the edge: it accepts a Bundle of Patient, Observation and Condition
resources, validates each resource it reads against the R4B models, and maps what it
knows into the case model. Whatever it cannot use (an unknown code, another resource
type, an older duplicate result, a recorded diagnosis) is returned in
:attr:`FhirImport.issues` with the reason, never dropped silently.

What it refuses (:class:`FhirError`, rendered as an OperationOutcome by the API):

* a Bundle whose own elements are invalid R4B (``Bundle.type`` missing,
  ``Bundle.timestamp`` not an ``instant``), or that holds no entry;
* JSON nested deeper than :data:`MAX_DEPTH` containers or extensions nested deeper
  than :data:`MAX_EXTENSION_DEPTH` (a bound on work, checked before any validation);
* more than one Patient, and any resource whose ``subject`` or ``patient`` does not
  refer to the Bundle's one Patient (see :func:`check_patient_references`);
* an invalid resource of a type it reads, or a resource type R4B does not define.

Dates follow FHIR precision: ``date``/``dateTime`` may be a year (``1961``) or a
month (``1961-07``) [1]_. An event date with less than day precision is read as the
first day of its period (the end of the period for an ``abatement``), reported as
interpreted. Age from a partial ``birthDate`` is computed conservatively: from the
latest birth day the value allows, so the age used is the one the patient has
certainly reached, never more (the possible range is reported).

References
----------
.. [1] HL7 International. FHIR Release 4B (v4.3.0), Data Types: date, dateTime,
       instant. 2022. http://hl7.org/fhir/R4B/datatypes.html
.. [2] HL7 International. FHIR R4B Bundle: resolving references in Bundles.
       http://hl7.org/fhir/R4B/bundle.html#references
.. [3] Freedman MS, Thompson EJ, Deisenhammer F, et al. Recommended standard of
       cerebrospinal fluid analysis in the diagnosis of multiple sclerosis: a
       consensus statement. Arch Neurol. 2005;62(6):865-870 (oligoclonal band
       patterns; a reported "positive" result means CSF-specific bands).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from typing import get_args as typing_args

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.resource import Resource
from pydantic import BaseModel, Field, ValidationError

from sclerodx.case import Case, Episode, Lesion, MRIStudy, RegionExam
from sclerodx.case import PartialDate as HistoryDate
from sclerodx.fhir import codes, labs
from sclerodx.fhir.components import (
    collect_fields,
    component_pairs,
    extension_pairs,
    finding_code,
)
from sclerodx.fhir.outcome import FhirError, describe
from sclerodx.fhir.sections import RECORD_BY_CODE, SECTION_BY_CODE, Record, Section

_M = TypeVar("_M", bound=BaseModel)
_MODELS: dict[str, Any] = {"Patient": Patient, "Observation": Observation, "Condition": Condition}
_USABLE_STATUS = frozenset({"final", "amended", "corrected", "preliminary"})

#: Deepest JSON nesting (objects and arrays) accepted in a Bundle. Expert estimate: the
#: deepest R4B element paths in an entry (a contained resource's component coding
#: extension) nest about 20 containers; 64 leaves room and bounds the validators' work.
MAX_DEPTH = 64
#: Deepest nesting of ``extension``/``modifierExtension`` arrays. Expert estimate:
#: complex extensions in HL7 implementation guides (US Core race and ethnicity) nest
#: two levels; 8 leaves room.
MAX_EXTENSION_DEPTH = 8
#: Patient-reference elements checked on every resource (R4B names them so throughout).
PATIENT_ELEMENTS = ("subject", "patient")
_ABSTRACT = frozenset({"Resource", "DomainResource"})
#: Required bindings of the coded elements the reader reads (R4B AdministrativeGender and
#: ObservationStatus): a code outside them is invalid R4B, refused without repeating it.
GENDERS = ("male", "female", "other", "unknown")
OBSERVATION_STATUSES = ("registered", "preliminary", "final", "amended", "corrected", "cancelled",
                        "entered-in-error", "unknown")
#: Date-valued elements the reader reads; FHIR JSON carries them as strings only (the R4B
#: models would also take a number, as seconds since 1970).
_DATE_ELEMENTS = ("birthDate", "effectiveDateTime", "effectiveInstant", "issued", "onsetDateTime",
                  "abatementDateTime")
_PERIOD_ELEMENTS = ("effectivePeriod", "onsetPeriod", "abatementPeriod")

class ImportIssue(BaseModel):
    """One Bundle item that was not read as given, and why."""

    location: str = Field(description="Where in the Bundle, e.g. 'entry[3]' or 'entry[3].component[1]'.")
    resource_type: str | None = None
    code: str | None = Field(default=None, description="The item's code as 'system|code', if any.")
    action: Literal["ignored", "interpreted"]
    reason: str


class FhirImport(BaseModel):
    """The case read from a Bundle and every item that was not read as given."""

    case: Case
    issues: list[ImportIssue] = Field(default_factory=list)


def _coding_key(concept: Any) -> str | None:
    """``system|code`` of the first coding of a (validated) CodeableConcept, if any."""
    codings = concept.get("coding") if isinstance(concept, Mapping) else None
    if not isinstance(codings, list) or not codings or not isinstance(codings[0], Mapping):
        return None
    return f"{codings[0].get('system', '')}|{codings[0].get('code', '')}"


def _mapping(value: Any) -> Mapping[str, Any]:
    """*value* if it is a JSON object, else an empty one (unvalidated input is read with care)."""
    return value if isinstance(value, Mapping) else {}


def _resource_type(kind: Any) -> str | None:
    """*kind* if it names a concrete R4B resource type (not a data type such as Coding), else None."""
    if not isinstance(kind, str) or kind in _ABSTRACT:
        return None
    try:
        model = get_fhir_model_class(kind)
    except (ValueError, KeyError, ImportError):
        return None
    return kind if issubclass(model, Resource) else None


def _validated(model: type[_M], data: dict[str, Any], location: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FhirError([(location, f"{path}: {message}") for path, message in describe(exc)]) from None


# --------------------------------------------------------------------------- dates

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A FHIR ``date``/``dateTime`` as the period of days it covers.

    ``1961`` covers 1961-01-01 to 1961-12-31; ``1961-07`` covers July 1961; a full
    date (or a dateTime, read at its own local date) covers one day.
    """

    first: dt.date
    last: dt.date
    precision: Literal["year", "month", "day"]

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Parse a FHIR date or dateTime (already checked by the R4B models)."""
        match = _PARTIAL.match(value)
        if match is None:
            raise ValueError("expected a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is None:
            return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return cls(dt.date(year, month, 1), dt.date(year, month, last), "month")
        return cls(dt.date(year, month, day), dt.date(year, month, day), "day")


def _completed_years(born: dt.date, at: dt.date) -> int:
    return at.year - born.year - ((at.month, at.day) < (born.month, born.day))


# --------------------------------------------------------------------------- structure


def check_depth(bundle: Mapping[str, Any]) -> None:
    """Refuse JSON nested deeper than :data:`MAX_DEPTH`, or extensions deeper than
    :data:`MAX_EXTENSION_DEPTH`, naming the entry and its resource type.

    Iterative, so a hostile nesting cannot exhaust the stack of the checker itself.
    """
    stack: list[tuple[Any, int, int, str]] = [(bundle, 1, 0, "")]
    while stack:
        node, depth, extensions, where = stack.pop()
        if depth > MAX_DEPTH:
            raise FhirError([(where or "Bundle", f"{_kind_at(bundle, where)}: JSON nested deeper than "
                              f"{MAX_DEPTH} levels; expected FHIR resources of ordinary depth")],
                            code="too-costly")
        if isinstance(node, dict):
            items: Any = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            continue
        for key, child in items:
            if not isinstance(child, dict | list):
                continue
            nested = extensions + (key in ("extension", "modifierExtension"))
            place = where
            if depth == 1 and key == "entry":
                place = "entry"
            elif where == "entry" and isinstance(key, int):
                place = f"entry[{key}]"
            if nested > MAX_EXTENSION_DEPTH:
                raise FhirError([(place or "Bundle", f"{_kind_at(bundle, place)}: extensions nested deeper "
                                  f"than {MAX_EXTENSION_DEPTH} levels; expected extensions of ordinary "
                                  "depth")], code="too-costly")
            stack.append((child, depth + 1, nested, place))


def _kind_at(bundle: Mapping[str, Any], where: str) -> str:
    """The resource type at ``entry[i]`` (for messages), or 'Bundle'."""
    match = re.fullmatch(r"entry\[(\d+)\]", where)
    if match is None:
        return "Bundle"
    try:
        kind = bundle["entry"][int(match.group(1))]["resource"]["resourceType"]
    except (KeyError, IndexError, TypeError):
        return "resource"
    return kind if isinstance(kind, str) and kind.isalpha() and len(kind) < 64 else "resource"


def _check_shell(bundle: Mapping[str, Any]) -> str | None:
    """Validate the Bundle's own elements (not its entries); return its timestamp."""
    shell = {key: value for key, value in bundle.items() if key != "entry"}
    instant = ("expected a FHIR instant: YYYY-MM-DDThh:mm:ss[.sss] with Z or +hh:mm "
               "(e.g. 2024-06-01T09:00:00Z)")
    if "timestamp" in shell and not isinstance(shell["timestamp"], str):
        raise FhirError([("Bundle.timestamp", instant)])
    try:
        Bundle.model_validate(shell)
    except ValidationError as exc:
        problems = []
        for path, message in describe(exc, "Bundle"):
            if path == "Bundle.timestamp":
                message = instant
            problems.append((path, message))
        raise FhirError(problems) from None
    timestamp = bundle.get("timestamp")
    return timestamp if isinstance(timestamp, str) else None


@dataclass(frozen=True, slots=True)
class _Entry:
    loc: str
    url: str | None
    kind: str
    resource: dict[str, Any]


def _strip_history(reference: str) -> str:
    return reference.split("/_history/")[0]


def _patient_keys(patient: _Entry) -> set[str]:
    keys = {_strip_history(patient.url)} if patient.url else set()
    if patient.resource.get("id"):
        keys.add(f"Patient/{patient.resource['id']}")
    return keys


def _reference_target(reference: Mapping[str, Any]) -> str | None:
    """The resource type a reference points to, if it says."""
    if reference.get("type"):
        return str(reference["type"])
    ref = reference.get("reference")
    if not isinstance(ref, str):
        return None
    if ref.startswith(("urn:uuid:", "urn:oid:", "#")):
        return None
    parts = _strip_history(ref).rstrip("/").split("/")
    return parts[-2] if len(parts) >= 2 else None


def check_patient_references(entries: list[_Entry]) -> None:
    """Every resource refers to the Bundle's one Patient, or the Bundle is refused.

    With a Patient entry, each resource with a ``subject``/``patient`` element must refer
    to it: by its ``fullUrl``, as ``Patient/<id>`` (version suffix ignored), or by one of
    its identifiers; a missing reference is refused too, since it cannot be told whose
    the result is. Without a Patient entry, all resources must name one and the same
    patient (or none may name any: an anonymous case). A second Patient is refused.
    """
    patients = [e for e in entries if e.kind == "Patient"]
    if len(patients) > 1:
        raise FhirError([(e.loc, "a second Patient; a Bundle must describe one patient (first Patient: "
                          f"{patients[0].loc})") for e in patients[1:]], code="business-rule")
    patient = patients[0] if patients else None
    keys = _patient_keys(patient) if patient else set()
    given = patient.resource.get("identifier") if patient else None
    identifiers = {(i.get("system"), i.get("value")) for i in (given if isinstance(given, list) else [])
                   if isinstance(i, Mapping)}
    named: dict[str, str] = {}
    unnamed: list[_Entry] = []
    for entry in entries:
        if entry.kind == "Patient":
            continue
        fields = get_fhir_model_class(entry.kind).model_fields
        elements = [name for name in PATIENT_ELEMENTS if name in fields]
        if not elements:
            continue
        present = [(name, entry.resource[name]) for name in elements if isinstance(entry.resource.get(name),
                                                                                     Mapping)]
        if not present:
            unnamed.append(entry)
            continue
        for name, reference in present:
            where = f"{entry.loc}.{name}"
            target = _reference_target(reference)
            if target not in (None, "Patient"):
                raise FhirError([(where, f"{entry.kind}.{name} refers to "
                                  f"{f'a {known}' if (known := _resource_type(target)) else 'another type'}; "
                                  "expected a reference to the Bundle's Patient")], code="business-rule")
            ref = reference.get("reference")
            ident = _mapping(reference.get("identifier"))
            if patient is not None:
                if (isinstance(ref, str) and _strip_history(ref) in keys) or (
                        not ref and (ident.get("system"), ident.get("value")) in identifiers):
                    continue
                raise FhirError([(where, f"{entry.kind}.{name} does not refer to the Bundle's Patient "
                                  f"({patient.loc}); expected its fullUrl, Patient/<id> or one of its "
                                  "identifiers: every resource must be about the one patient")],
                                code="business-rule")
            key = _strip_history(ref) if isinstance(ref, str) and ref else json.dumps(ident, sort_keys=True)
            named.setdefault(key, where)
    if patient is not None and unnamed:
        raise FhirError([(f"{e.loc}.subject", f"{e.kind} names no patient; expected subject (or patient) "
                          f"referring to the Bundle's Patient ({patient.loc})") for e in unnamed[:10]],
                        code="required")
    if patient is None and len(named) > 1:
        first, *others = named.values()
        raise FhirError([(where, f"refers to a different patient than {first}; a Bundle must describe one "
                          "patient") for where in others[:10]], code="business-rule")
    if patient is None and named and unnamed:
        raise FhirError([(f"{e.loc}.subject", f"{e.kind} names no patient while others do; expected "
                          "every resource to refer to the same patient") for e in unnamed[:10]],
                        code="required")


class _Reader:
    """Accumulates the case fields and the issues while walking one Bundle."""

    def __init__(self, timestamp: str | None) -> None:
        self.timestamp = timestamp
        self.case: dict[str, Any] = {}
        self.issues: list[ImportIssue] = []
        self.labs: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self.lesions: dict[str, tuple[str, dict[str, Any]]] = {}
        self.used_lesions: set[str] = set()
        self.birth_date: tuple[str, str] | None = None

    def date(self, loc: str, res: dict[str, Any], element: str, *, end: bool = False,
             partial: bool = False) -> str | None:
        """The ISO date of a date/dateTime/Period element, reporting reduced precision.

        A year or month is kept as such when the case field takes a partial date
        (*partial*: a history date of schema 1.1); otherwise it is read as the first day
        of its period (the last day when *end*, for the end of an interval), reported as
        interpreted.
        """
        value = res.get(f"{element}DateTime") or res.get(f"{element}Instant")
        period = res.get(f"{element}Period")
        if value is None and isinstance(period, Mapping):
            value = period.get("end" if end else "start") or period.get("start" if end else "end")
        if not isinstance(value, str):
            return None
        when = PartialDate.parse(value)
        if when.precision == "day":
            return when.first.isoformat()
        if partial:
            return when.first.isoformat()[:4 if when.precision == "year" else 7]
        chosen = when.last if end else when.first
        self.issue(f"{loc}.{element}", res, f"{element} has {when.precision} precision; read as "
                   f"{chosen.isoformat()}, the {'last' if end else 'first'} day of that {when.precision}",
                   action="interpreted")
        return chosen.isoformat()

    def issue(self, location: str, resource: Mapping[str, Any], reason: str,
              action: Literal["ignored", "interpreted"] = "ignored", code: str | None = None) -> None:
        self.issues.append(ImportIssue(location=location, resource_type=resource.get("resourceType"),
                                       code=code or _coding_key(resource.get("code")),
                                       action=action, reason=reason))

    # ------------------------------------------------------------------ resources

    def patient(self, loc: str, res: dict[str, Any]) -> None:
        ids = [i.get("value") for i in res.get("identifier", []) if i.get("system") == codes.CASE_ID_SYSTEM]
        if ids or res.get("id"):
            self.case["id"] = ids[0] if ids else res["id"]
        gender = res.get("gender")
        if gender in ("female", "male"):
            self.case["sex"] = gender
        elif gender in GENDERS:
            self.issue(f"{loc}.gender", res, f"gender {gender!r} has no counterpart in the case model "
                       "(female, male)")
        elif gender is not None:
            raise FhirError([(f"{loc}.gender", "Patient.gender: expected an AdministrativeGender code ("
                              f"{', '.join(GENDERS)})")], code="value")
        if res.get("birthDate"):
            self.birth_date = (loc, res["birthDate"])

    def observation(self, loc: str, url: str | None, res: dict[str, Any]) -> None:
        status = res.get("status")
        if status not in OBSERVATION_STATUSES:
            raise FhirError([(f"{loc}.status", "Observation.status: expected an ObservationStatus code ("
                              f"{', '.join(OBSERVATION_STATUSES)})")], code="value")
        if status not in _USABLE_STATUS:
            self.issue(loc, res, f"status {status!r} is not a usable result")
            return
        field = self._lab_field(res.get("code"))
        local = finding_code(res.get("code"))
        handlers: dict[str, Callable[[str, dict[str, Any]], None]] = {
            codes.MOTOR_EXAM.code: self.motor, codes.MRI_STUDY.code: self.mri_study,
        }
        if field is None and local in SECTION_BY_CODE:
            self.section(loc, res, SECTION_BY_CODE[local])
        elif field is None and local in RECORD_BY_CODE:
            self.record(loc, res, RECORD_BY_CODE[local])
        elif field is not None:
            self.labs.setdefault(field, []).append((loc, res))
        elif local in handlers:
            handlers[local](loc, res)
        elif local == codes.MRI_LESION.code:
            for key in filter(None, (url, f"Observation/{res.get('id')}" if res.get("id") else None)):
                self.lesions[key] = (loc, res)
        else:
            self.issue(loc, res, "unknown observation code: sclerodx reads the codes listed in "
                       "sclerodx.fhir.codes")

    @staticmethod
    def _lab_field(concept: Mapping[str, Any] | None) -> str | None:
        for coding in (concept or {}).get("coding", []):
            field = codes.LAB_CODES.get((coding.get("system"), coding.get("code")))
            if field is not None:
                return field
        return None

    def _fields(self, model: type[BaseModel], kind: str, loc: str, res: dict[str, Any],
                pairs: list[tuple[str, Mapping[str, Any]]],
                skip: frozenset[str] = frozenset()) -> dict[str, Any]:
        fields, problems = collect_fields(model, kind, pairs, skip)
        for problem in problems:
            self.issue(loc, res, problem)
        return fields

    def section(self, loc: str, res: dict[str, Any], section: Section) -> None:
        target = self.case.setdefault(section.path, {}) if section.path else self.case
        if section.fields & target.keys():
            self.issue(loc, res, f"a second {section.code.code} Observation; the first one is kept")
            return
        fields, problems = collect_fields(section.model, section.kind, component_pairs(res), section.skip)
        for problem in problems:
            self.issue(loc, res, problem)
        if section.model is not Case:  # the case itself is validated once, at the end
            fields = _validated(section.model, fields, loc).model_dump(include=set(fields))
        target.update(fields)

    def record(self, loc: str, res: dict[str, Any], record: Record) -> None:
        # a component for the body-site field is reported, not read: bodySite carries it
        fields = self._fields(record.model, record.kind, loc, res, component_pairs(res), record.skip)
        if record.site is not None and record.site_system is not None:
            site = res.get("bodySite", {})
            fields[record.site] = finding_code_of(site, record.site_system) or site.get("text")
        item = _validated(record.model, fields, loc)
        self.case.setdefault(record.path, []).append(item.model_dump(exclude_none=True))

    def motor(self, loc: str, res: dict[str, Any]) -> None:
        region = finding_code_of(res.get("bodySite", {}), codes.REGION_SYSTEM)
        if region is None:
            raise FhirError([(f"{loc}.bodySite",
                              f"a motor exam needs a region coded in {codes.REGION_SYSTEM}")])
        motor = self.case.setdefault("exam", {}).setdefault("motor", {})
        if region in motor:
            self.issue(loc, res, f"a second {region} motor exam; the first one is kept")
            return
        fields = self._fields(RegionExam, "motor", loc, res, component_pairs(res))
        motor[region] = _validated(RegionExam, fields, loc).model_dump(exclude_none=True)

    def mri_study(self, loc: str, res: dict[str, Any]) -> None:
        fields = self._fields(MRIStudy, "mri", loc, res, component_pairs(res))
        lesions = []
        for i, member in enumerate(res.get("hasMember", [])):
            ref = member.get("reference")
            if ref not in self.lesions:
                raise FhirError([(f"{loc}.hasMember[{i}]", "Observation.hasMember: expected a reference to "
                                  "an MRI lesion Observation in this Bundle (fullUrl or Observation/<id>)")])
            lesion_loc, lesion = self.lesions[ref]
            self.used_lesions.add(lesion_loc)
            lesion_fields = self._fields(Lesion, "lesion", lesion_loc, lesion, component_pairs(lesion))
            lesions.append(_validated(Lesion, lesion_fields, lesion_loc).model_dump(exclude_none=True))
        study = {"date": self.date(loc, res, "effective", partial=_takes_partial(MRIStudy, "date")),
                 **fields, "lesions": lesions}
        self.case.setdefault("mri", []).append(_validated(MRIStudy, study, loc).model_dump(exclude_none=True))

    def condition(self, loc: str, res: dict[str, Any]) -> None:
        if finding_code(res.get("code")) != codes.CNS_EPISODE.code:
            known = {(c.system, c.code) for c in codes.DIAGNOSES.values()}
            recorded = any((c.get("system"), c.get("code")) in known
                           for c in res.get("code", {}).get("coding", []))
            self.issue(loc, res, "a recorded diagnosis is not an input: sclerodx reasons from findings"
                       if recorded else "unknown condition code: only neurological episodes "
                       f"({codes.CNS_EPISODE.system}|{codes.CNS_EPISODE.code}) are read")
            return
        ours = [(code, ext) for code, ext in extension_pairs(res) if code.startswith("episode.")]
        for code, _ in extension_pairs(res):
            if not code.startswith("episode."):
                self.issue(loc, res, f"extension {code!r} is not read", code=code)
        fields = self._fields(Episode, "episode", loc, res, ours)
        episode = {"onset": self.date(loc, res, "onset", partial=_takes_partial(Episode, "onset")),
                   "resolution": self.date(loc, res, "abatement", end=True,
                                           partial=_takes_partial(Episode, "resolution")), **fields}
        self.case.setdefault("episodes", []).append(
            _validated(Episode, episode, loc).model_dump(exclude_none=True))

    # ------------------------------------------------------------------ laboratory

    def finish_labs(self) -> None:
        for field, items in self.labs.items():
            items.sort(key=lambda item: _effective_key(item[1]), reverse=True)
            loc, res = items[0]
            for older_loc, older in items[1:]:
                self.issue(older_loc, older, f"an older {field} result; the latest one ({loc}) is used")
            self._lab(field, loc, res)

    def _lab(self, field: str, loc: str, res: dict[str, Any]) -> None:
        if field == "age":
            quantity = res.get("valueQuantity", {})
            if quantity.get("code", codes.AGE_UNIT) != codes.AGE_UNIT:
                raise FhirError([(f"{loc}.valueQuantity.code", "Observation.valueQuantity.code: age must be "
                                  "in years (UCUM 'a')")])
            if quantity.get("value") is None:  # e.g. a dataAbsentReason: no age, and none invented
                self.issue(loc, res, "an Age Observation without valueQuantity.value; the age is taken "
                           "from Patient.birthDate when there is one")
                return
            self.case["age"] = quantity["value"]
            return
        part, name = field.split(".")
        target = self.case.setdefault(part, {})
        date = self.date(loc, res, "effective")
        if date is not None and "date" in _PART_MODELS[part].model_fields:
            target.setdefault("date", date)
        if name == "ocb":
            target[name] = self._ocb(loc, res)
            return
        try:
            value = labs.decode(field, res)
        except ValueError as exc:
            raise FhirError([(loc, f"Observation.{exc}")]) from None
        model = _VALUE_MODELS.get(field)
        target[name] = _validated(model, value, loc).model_dump(exclude_none=True) if model else value

    def _ocb(self, loc: str, res: dict[str, Any]) -> str:
        concept = res.get("valueCodeableConcept", {})
        local = finding_code(concept)
        if local is not None:
            return local
        keys = {(c.get("system"), c.get("code")) for c in concept.get("coding", [])}
        if (codes.SNOMED_NEGATIVE.system, codes.SNOMED_NEGATIVE.code) in keys:
            return "negative"
        if (codes.SNOMED_POSITIVE.system, codes.SNOMED_POSITIVE.code) in keys:
            self.issue(loc, res, "'positive' oligoclonal bands read as CSF-specific bands (pattern type 2; "
                       "Freedman et al. 2005)", action="interpreted")
            return "csf_specific"
        raise FhirError([(f"{loc}.valueCodeableConcept", "expected an oligoclonal band pattern coded in "
                          f"{codes.FINDING_SYSTEM} or SNOMED CT Positive/Negative")])

    def finish_patient(self) -> None:
        for loc, res in self.lesions.values():
            if loc not in self.used_lesions:
                self.issue(loc, res, "an MRI lesion not listed in any MRI study's hasMember")
        if self.birth_date is None or "age" in self.case:
            return
        loc, born = self.birth_date
        if self.timestamp is None:
            self.issue(f"{loc}.birthDate", {"resourceType": "Patient"},
                       "age needs an Age Observation (LOINC 30525-0) or a Bundle.timestamp to count from")
            return
        birth, at = PartialDate.parse(born), PartialDate.parse(self.timestamp).first
        if birth.first > at:
            raise FhirError([(f"{loc}.birthDate", "Patient.birthDate is after Bundle.timestamp; expected a "
                              "birth date on or before the Bundle's timestamp")], code="business-rule")
        youngest, oldest = _completed_years(min(birth.last, at), at), _completed_years(birth.first, at)
        self.case["age"] = youngest
        if birth.precision == "day":
            reason = f"age computed from birthDate at Bundle.timestamp ({at.isoformat()})"
        else:
            reason = (f"birthDate has {birth.precision} precision: age {youngest}-{oldest} at "
                      f"Bundle.timestamp ({at.isoformat()}); the lower bound {youngest}, the age certainly "
                      "reached, is used")
        self.issue(f"{loc}.birthDate", {"resourceType": "Patient"}, reason, action="interpreted")


def _takes_partial(model: type[BaseModel], name: str) -> bool:
    """Whether a case-model date field accepts a month or year (a schema 1.1 history date)."""
    def holds(annotation: Any) -> bool:
        return annotation is HistoryDate or any(holds(arg) for arg in typing_args(annotation))
    return holds(model.model_fields[name].annotation)


def _effective_key(res: Mapping[str, Any]) -> str:
    period = res.get("effectivePeriod") or {}
    value = res.get("effectiveDateTime") or res.get("effectiveInstant") or period.get("start") or ""
    return str(value)


_PART_MODELS: dict[str, type[BaseModel]] = {
    name: next(arg for arg in typing_args(Case.model_fields[name].annotation) if isinstance(arg, type)
               and issubclass(arg, BaseModel))
    for name in ("serum", "csf", "genetics")
}
_VALUE_MODELS: dict[str, type[BaseModel]] = {
    f"{part}.{name}": arg
    for part, model in _PART_MODELS.items() for name, info in model.model_fields.items()
    for arg in typing_args(info.annotation) if isinstance(arg, type) and issubclass(arg, BaseModel)
}


def finding_code_of(concept: Mapping[str, Any], system: str) -> str | None:
    """The code of *concept* in *system*, if present."""
    for coding in concept.get("coding", []):
        if coding.get("system") == system and coding.get("code"):
            return str(coding["code"])
    return None


def _entries(bundle: Mapping[str, Any]) -> list[_Entry]:
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        raise FhirError([("Bundle.entry", "expected a list of Bundle entries")], code="structure")
    if not entries:
        raise FhirError([("Bundle.entry", "the Bundle holds no resources; expected a Patient and its "
                          "Observations and Conditions")], code="required")
    out = []
    for i, entry in enumerate(entries):
        loc = f"entry[{i}]"
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping):
            raise FhirError([(loc, "Bundle.entry.resource: expected a FHIR resource object")],
                            code="structure")
        kind = _resource_type(resource.get("resourceType"))
        if kind is None:
            raise FhirError([(loc, "resourceType: expected a FHIR R4B resource type (Patient, Observation, "
                              "Condition, ...)")], code="not-supported")
        url = entry.get("fullUrl")
        out.append(_Entry(loc, url if isinstance(url, str) else None, kind, dict(resource)))
    return out


def _check_date_types(entry: _Entry) -> None:
    """Refuse a date element the reader reads that is not a JSON string (FHIR JSON [1]_)."""
    res = entry.resource
    where = [name for name in _DATE_ELEMENTS if name in res and not isinstance(res[name], str)]
    where += [f"{name}.{end}" for name in _PERIOD_ELEMENTS if isinstance(res.get(name), Mapping)
              for end in ("start", "end") if end in res[name] and not isinstance(res[name][end], str)]
    if where:
        raise FhirError([(f"{entry.loc}.{name}", f"{entry.kind}.{name}: expected a FHIR date/dateTime as a "
                          "JSON string (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)") for name in where])


def read_bundle(bundle: Mapping[str, Any]) -> FhirImport:
    """Read a FHIR R4B Bundle (parsed JSON) into a case.

    Parameters
    ----------
    bundle
        A ``Bundle`` resource as a JSON object, of any Bundle type; its entries may
        hold any R4B resources, of which Patient, Observation and Condition are read.

    Returns
    -------
    FhirImport
        The validated case and the issues: every item not read as given, with why.

    Raises
    ------
    FhirError
        When the Bundle or a resource it reads is invalid or breaks one of the rules
        in the module docstring; each problem names its location (``entry[2].subject``)
        and what was expected, never the value sent.
    """
    if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
        raise FhirError([("resourceType", "expected a FHIR resource with resourceType 'Bundle'")],
                        code="structure")
    check_depth(bundle)
    reader = _Reader(_check_shell(bundle))
    entries = _entries(bundle)
    check_patient_references(entries)
    order: list[_Entry] = []
    for entry in entries:
        model = _MODELS.get(entry.kind)
        if model is None:
            reader.issue(entry.loc, {"resourceType": entry.kind}, f"resource type {entry.kind!r} is not read "
                         "(sclerodx reads Patient, Observation and Condition)")
            continue
        _check_date_types(entry)
        try:
            parsed = model.model_validate(entry.resource)
        except ValidationError as exc:
            raise FhirError([(entry.loc, f"not a valid R4B {entry.kind}: {path}: {message}")
                             for path, message in describe(exc, entry.kind)]) from None
        except (ValueError, KeyError, TypeError):
            raise FhirError([(entry.loc, f"not a valid R4B {entry.kind}")]) from None
        plain = json.loads(parsed.model_dump_json(exclude_none=True))
        order.append(_Entry(entry.loc, entry.url, entry.kind, plain))
    for entry in order:  # lesions first, so MRI studies can find their members
        if entry.kind == "Observation" and finding_code(entry.resource.get("code")) == codes.MRI_LESION.code:
            reader.observation(entry.loc, entry.url, entry.resource)
    for entry in order:
        if entry.kind == "Patient":
            reader.patient(entry.loc, entry.resource)
        elif entry.kind == "Condition":
            reader.condition(entry.loc, entry.resource)
        elif finding_code(entry.resource.get("code")) != codes.MRI_LESION.code:
            reader.observation(entry.loc, entry.url, entry.resource)
    reader.finish_labs()
    reader.finish_patient()
    return FhirImport(case=_validated(Case, reader.case, "case"), issues=reader.issues)


def parse_bundle(text: str) -> FhirImport:
    """Read a FHIR R4B Bundle from JSON text (see :func:`read_bundle`)."""
    if not text.strip():
        raise FhirError([("(body)", "the body is empty; expected a FHIR R4B Bundle as JSON")],
                        code="required")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FhirError([("(body)", f"not valid JSON (line {exc.lineno}, column {exc.colno}: "
                          f"{exc.msg})")], code="structure") from None
    except RecursionError:
        raise FhirError([("(body)", "JSON nested too deeply to parse")], code="too-costly") from None
    return read_bundle(data)
