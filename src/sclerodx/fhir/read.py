"""Reading a FHIR R4B Bundle into a :class:`~sclerodx.case.Case`.

An adapter at the edge: it accepts a Bundle of Patient, Observation and Condition
resources, validates each resource it reads against the R4B models, and maps what it
knows into the case model. Whatever it cannot use (an unknown code, another resource
type, an older duplicate result, a recorded diagnosis) is returned in
:attr:`FhirImport.issues` with the reason, never dropped silently.

References
----------
.. [1] HL7 International. FHIR Release 4B (v4.3.0). 2022. http://hl7.org/fhir/R4B/
.. [2] Freedman MS, Thompson EJ, Deisenhammer F, et al. Recommended standard of
       cerebrospinal fluid analysis in the diagnosis of multiple sclerosis: a
       consensus statement. Arch Neurol. 2005;62(6):865-870 (oligoclonal band
       patterns; a reported "positive" result means CSF-specific bands).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar

from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from pydantic import BaseModel, Field, ValidationError

from sclerodx.case import Case, Episode, Lesion, MRIStudy, MuscleEMG, NeurofilamentLevel, RegionExam
from sclerodx.exceptions import InputError, describe_validation_error
from sclerodx.fhir import codes
from sclerodx.fhir.components import (
    collect_fields,
    component_pairs,
    extension_pairs,
    finding_code,
    python_value,
)
from sclerodx.fhir.sections import SECTION_BY_CODE, Section

_M = TypeVar("_M", bound=BaseModel)
_MODELS: dict[str, Any] = {"Patient": Patient, "Observation": Observation, "Condition": Condition}
_USABLE_STATUS = frozenset({"final", "amended", "corrected", "preliminary"})


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


class FhirError(InputError):
    """A Bundle that cannot be read; ``problems`` are ``(location, message)`` pairs."""

    title = "Invalid FHIR Bundle"
    kind = "fhir"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{loc}: {msg}" for loc, msg in problems))


def _coding_key(concept: Mapping[str, Any] | None) -> str | None:
    codings = (concept or {}).get("coding", [])
    return f"{codings[0].get('system', '')}|{codings[0].get('code', '')}" if codings else None


def _date(value: str | None) -> str | None:
    return None if value is None else value[:10]


def _validated(model: type[_M], data: dict[str, Any], location: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FhirError([(location, line) for line in describe_validation_error(exc).splitlines()]) from None


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

    def issue(self, location: str, resource: Mapping[str, Any], reason: str,
              action: Literal["ignored", "interpreted"] = "ignored", code: str | None = None) -> None:
        self.issues.append(ImportIssue(location=location, resource_type=resource.get("resourceType"),
                                       code=code or _coding_key(resource.get("code")),
                                       action=action, reason=reason))

    # ------------------------------------------------------------------ resources

    def patient(self, loc: str, res: dict[str, Any]) -> None:
        if "sex" in self.case or "id" in self.case or self.birth_date is not None:
            raise FhirError([(loc, "a Bundle describes one patient; found a second Patient")])
        ids = [i.get("value") for i in res.get("identifier", []) if i.get("system") == codes.CASE_ID_SYSTEM]
        if ids or res.get("id"):
            self.case["id"] = ids[0] if ids else res["id"]
        gender = res.get("gender")
        if gender in ("female", "male"):
            self.case["sex"] = gender
        elif gender is not None:
            self.issue(f"{loc}.gender", res, f"gender {gender!r} has no counterpart in the case model "
                       "(female, male)")
        if res.get("birthDate"):
            self.birth_date = (loc, res["birthDate"])

    def observation(self, loc: str, url: str | None, res: dict[str, Any]) -> None:
        if res.get("status") not in _USABLE_STATUS:
            self.issue(loc, res, f"status {res.get('status')!r} is not a usable result")
            return
        field = self._lab_field(res.get("code"))
        local = finding_code(res.get("code"))
        handlers: dict[str, Callable[[str, dict[str, Any]], None]] = {
            codes.EMG_MUSCLE.code: self.emg, codes.MOTOR_EXAM.code: self.motor,
            codes.MRI_STUDY.code: self.mri_study,
        }
        if field is None and local in SECTION_BY_CODE:
            self.section(loc, res, SECTION_BY_CODE[local])
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
                pairs: list[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
        fields, problems = collect_fields(model, kind, pairs)
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

    def emg(self, loc: str, res: dict[str, Any]) -> None:
        site = res.get("bodySite", {})
        muscle = finding_code_of(site, codes.MUSCLE_SYSTEM) or site.get("text")
        fields = self._fields(MuscleEMG, "emg", loc, res, component_pairs(res))
        record = _validated(MuscleEMG, {"muscle": muscle, **fields}, loc)
        self.case.setdefault("emg", []).append(record.model_dump(exclude_none=True))

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
                raise FhirError([(f"{loc}.hasMember[{i}]", f"reference {ref!r} is not an MRI lesion "
                                  "Observation in this Bundle")])
            lesion_loc, lesion = self.lesions[ref]
            self.used_lesions.add(lesion_loc)
            lesion_fields = self._fields(Lesion, "lesion", lesion_loc, lesion, component_pairs(lesion))
            lesions.append(_validated(Lesion, lesion_fields, lesion_loc).model_dump(exclude_none=True))
        study = {"date": _date(res.get("effectiveDateTime")), **fields, "lesions": lesions}
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
        episode = {"onset": _date(res.get("onsetDateTime")),
                   "resolution": _date(res.get("abatementDateTime")), **fields}
        self.case.setdefault("episodes", []).append(
            _validated(Episode, episode, loc).model_dump(exclude_none=True))

    # ------------------------------------------------------------------ laboratory

    def finish_labs(self) -> None:
        for field, items in self.labs.items():
            items.sort(key=lambda item: item[1].get("effectiveDateTime") or "", reverse=True)
            loc, res = items[0]
            for older_loc, older in items[1:]:
                self.issue(older_loc, older, f"an older {field} result; the latest one ({loc}) is used")
            self._lab(field, loc, res)

    def _lab(self, field: str, loc: str, res: dict[str, Any]) -> None:
        date = _date(res.get("effectiveDateTime"))
        if field == "age":
            quantity = res.get("valueQuantity", {})
            if quantity.get("code", codes.AGE_UNIT) != codes.AGE_UNIT:
                raise FhirError([(f"{loc}.valueQuantity.code", "age must be in years (UCUM 'a')")])
            self.case["age"] = quantity.get("value")
            return
        part, name = field.split(".")
        target = self.case.setdefault(part, {})
        if date is not None:
            target.setdefault("date", date)
        if name == "nfl":
            quantity = res.get("valueQuantity", {})
            level = {"value": quantity.get("value"), "unit": quantity.get("code") or quantity.get("unit"),
                     "assay": (finding_code(res.get("method")) or "").removeprefix("assay.") or None}
            target[name] = _validated(NeurofilamentLevel, level, loc).model_dump(exclude_none=True)
        elif name == "ocb":
            target[name] = self._ocb(loc, res)
        else:
            try:
                target[name] = python_value(res)
            except ValueError as exc:
                raise FhirError([(loc, str(exc))]) from None

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
        birth, at = dt.date.fromisoformat(born[:10]), dt.date.fromisoformat(self.timestamp[:10])
        self.case["age"] = at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))
        self.issue(f"{loc}.birthDate", {"resourceType": "Patient"}, "age computed from birthDate at "
                   f"Bundle.timestamp ({at.isoformat()})", action="interpreted")


def finding_code_of(concept: Mapping[str, Any], system: str) -> str | None:
    """The code of *concept* in *system*, if present."""
    for coding in concept.get("coding", []):
        if coding.get("system") == system and coding.get("code"):
            return str(coding["code"])
    return None


def read_bundle(bundle: Mapping[str, Any]) -> FhirImport:
    """Read a FHIR R4B Bundle (parsed JSON) into a case.

    Parameters
    ----------
    bundle
        A ``Bundle`` resource as a JSON object, of any Bundle type; its entries may
        hold any resources, of which Patient, Observation and Condition are read.

    Returns
    -------
    FhirImport
        The validated case and the issues: every item not read as given, with why.

    Raises
    ------
    FhirError
        When the Bundle or a resource it reads is invalid; each problem names its
        location (``entry[2].valueQuantity``) and what was expected.
    """
    if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
        raise FhirError([("resourceType", "expected a FHIR resource with resourceType 'Bundle'")])
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        raise FhirError([("entry", "expected a list of Bundle entries")])
    reader = _Reader(bundle.get("timestamp") if isinstance(bundle.get("timestamp"), str) else None)
    order: list[tuple[str, str | None, dict[str, Any]]] = []
    for i, entry in enumerate(entries):
        loc = f"entry[{i}]"
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping):
            raise FhirError([(f"{loc}.resource", "expected a FHIR resource object")])
        model = _MODELS.get(str(resource.get("resourceType")))
        if model is None:
            reader.issue(loc, resource, f"resource type {resource.get('resourceType')!r} is not read "
                         "(sclerodx reads Patient, Observation and Condition)")
            continue
        try:
            parsed = model.model_validate(dict(resource))
        except (ValidationError, ValueError, KeyError, TypeError) as exc:
            raise FhirError([(loc, f"not a valid R4B {resource.get('resourceType')}: {exc}")]) from None
        url = entry.get("fullUrl")
        order.append((loc, url if isinstance(url, str) else None,
                      json.loads(parsed.model_dump_json(exclude_none=True))))
    for loc, url, res in order:  # lesions first, so MRI studies can find their members
        if res["resourceType"] == "Observation" and finding_code(res.get("code")) == codes.MRI_LESION.code:
            reader.observation(loc, url, res)
    for loc, url, res in order:
        kind = res["resourceType"]
        if kind == "Patient":
            reader.patient(loc, res)
        elif kind == "Condition":
            reader.condition(loc, res)
        elif finding_code(res.get("code")) != codes.MRI_LESION.code:
            reader.observation(loc, url, res)
    reader.finish_labs()
    reader.finish_patient()
    return FhirImport(case=_validated(Case, reader.case, "case"), issues=reader.issues)


def parse_bundle(text: str) -> FhirImport:
    """Read a FHIR R4B Bundle from JSON text (see :func:`read_bundle`)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FhirError([("(body)", f"not valid JSON (line {exc.lineno}, column {exc.colno}: "
                          f"{exc.msg})")]) from None
    return read_bundle(data)
