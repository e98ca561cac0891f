"""Writing sclerodx data as FHIR R4B: a case as a Bundle, an assessment as a report.

:func:`case_to_bundle` writes a case, every field of it (see
``docs/clinic.md`` for the mapping table) as a ``collection`` Bundle of Patient,
Observation and Condition resources; :func:`omitted_fields` names what it leaves
out, so nothing is dropped without saying so. :func:`assessment_to_bundle` adds the
criteria verdicts, the differential (RiskAssessment) and a DiagnosticReport.

References
----------
.. [1] HL7 International. FHIR Release 4B (v4.3.0): Bundle, Observation, Condition,
       DiagnosticReport, RiskAssessment. 2022. http://hl7.org/fhir/R4B/
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pydantic import BaseModel

from sclerodx.assessment import DISCLAIMER, Assessment
from sclerodx.case import Case
from sclerodx.criteria.result import CriterionResult
from sclerodx.fhir import codes, labs
from sclerodx.fhir.components import as_components, as_extensions, fhir_value, model_items
from sclerodx.fhir.outcome import issue, operation_outcome
from sclerodx.fhir.read import ImportIssue, read_bundle
from sclerodx.fhir.sections import RECORDS, SECTIONS, Record
from sclerodx.fhir.strings import fhir_strings

_NAMESPACE = uuid.UUID("6f1d4c1e-8d0a-4f0e-9a51-5c1e7d3b2a90")


class _Builder:
    """Collects resources under deterministic ``urn:uuid`` full URLs."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.entries: list[dict[str, Any]] = []

    def add(self, resource: dict[str, Any]) -> str:
        url = f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{self.seed}/{len(self.entries)}')}"
        self.entries.append({"fullUrl": url, "resource": resource})
        return url


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": code}]}]


def _observation(code: codes.Code, subject: str, category: str, **fields: Any) -> dict[str, Any]:
    return {"resourceType": "Observation", "status": "final", "category": _category(category),
            "code": code.concept(), "subject": {"reference": subject}, **fields}


def _effective(date: Any) -> dict[str, Any]:
    return {} if date is None else {"effectiveDateTime": date.isoformat()}


def _lab_values(case: Case) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """``(case field, value elements, date)`` for each laboratory result present."""
    for lab in codes.LABS:
        part_name, _, name = lab.field.rpartition(".")
        part = getattr(case, part_name) if part_name else case
        value = getattr(part, name) if part is not None else None
        if value is None:
            continue
        elements = fhir_value("ocb", value) if lab.field == "csf.ocb" else labs.encode(lab.field, value)
        yield lab.field, elements, getattr(part, "date", None) if part_name else None


def _items(model: BaseModel, kind: str, skip: frozenset[str] = frozenset()) -> Iterator[
        tuple[str, dict[str, Any]]]:
    """The model's items that FHIR can carry: an empty string is not written.

    FHIR R4B forbids empty strings (a ``string`` has at least one character, regex
    ``[ \\r\\n\\t\\S]+``); the case model accepts ``""`` (``notes``, a study's
    ``provenance``), which says nothing, so it is left out and :func:`omitted_fields`
    names it.
    """
    return ((code, value) for code, value in model_items(model, kind, skip) if "" not in value.values())


def _body_site(record: Record, item: BaseModel) -> dict[str, Any]:
    """The ``bodySite`` of a record item (a muscle, a region), coded in the record's system."""
    if record.site is None:
        return {}
    value = getattr(item, record.site)
    code = str(getattr(value, "value", value))
    return {"bodySite": {"coding": [{"system": record.site_system, "code": code}], "text": code}}


def _case_entries(case: Case, builder: _Builder) -> str:
    """Add the case's resources to *builder*; return the Patient reference."""
    patient: dict[str, Any] = {"resourceType": "Patient"}
    if case.id:  # an empty identifier is not a FHIR string
        patient["identifier"] = [{"system": codes.CASE_ID_SYSTEM, "value": case.id}]
    if case.sex is not None:
        patient["gender"] = case.sex.value
    subject = builder.add(patient)

    for field, value, date in _lab_values(case):
        builder.add(_observation(codes.LAB_WRITE[field], subject, "laboratory" if field != "age"
                                 else "survey", **value, **_effective(date)))
    for section in SECTIONS:
        part = getattr(case, section.path) if section.path else case
        components = as_components(_items(part, section.kind, section.skip)) if part else []
        if components:
            builder.add(_observation(section.code, subject, section.category, component=components))
    for region, exam in case.exam.motor.items():
        builder.add(_observation(
            codes.MOTOR_EXAM, subject, "exam",
            bodySite={"coding": [{"system": codes.REGION_SYSTEM, "code": region.value}]},
            component=as_components(_items(exam, "motor"))))
    for record in RECORDS:
        for item in getattr(case, record.path):
            builder.add(_observation(record.code, subject, record.category, **_body_site(record, item),
                                     component=as_components(_items(item, record.kind, record.skip))))
    for study in case.mri:
        members = [builder.add(_observation(codes.MRI_LESION, subject, "imaging",
                                            **_effective(study.date),
                                            component=as_components(_items(lesion, "lesion"))))
                   for lesion in study.lesions]
        builder.add(_observation(
            codes.MRI_STUDY, subject, "imaging", **_effective(study.date),
            component=as_components(_items(study, "mri", frozenset({"date", "lesions"}))),
            hasMember=[{"reference": m} for m in members]))
    for episode in case.episodes:
        condition: dict[str, Any] = {
            "resourceType": "Condition", "code": codes.CNS_EPISODE.concept(),
            "subject": {"reference": subject}, "onsetDateTime": episode.onset.isoformat(),
            "extension": as_extensions(_items(episode, "episode",
                                                   frozenset({"onset", "resolution"}))),
        }
        if episode.resolution is not None:
            condition["abatementDateTime"] = episode.resolution.isoformat()
        builder.add(condition)
    return subject


def _seed(case: Case) -> str:
    return case.id or uuid.uuid5(_NAMESPACE, case.model_dump_json()).hex


def _clean(resource: dict[str, Any]) -> dict[str, Any]:
    """Drop empty lists: FHIR forbids empty arrays."""
    return {k: v for k, v in resource.items() if v != []}


def _bundle(builder: _Builder, bundle_type: str) -> Bundle:
    """Validate every resource, then the Bundle, with the R4B models before returning it.

    ``Bundle.model_validate`` alone does not validate the resources inside its entries,
    so each one is validated with its own model first; every string is stripped of the
    control characters FHIR forbids (:func:`~sclerodx.fhir.strings.fhir_strings`).
    """
    entries = [{**e, "resource": fhir_strings(_clean(e["resource"]))} for e in builder.entries]
    for entry in entries:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    return Bundle.model_validate({"resourceType": "Bundle", "type": bundle_type, "entry": entries})


def case_to_bundle(case: Case) -> Bundle:
    """The FHIR-representable part of a case as an R4B ``collection`` Bundle.

    Parameters
    ----------
    case
        A validated case.

    Returns
    -------
    fhir.resources.R4B.bundle.Bundle
        Patient, Observation (laboratory results, the sections and records of
        :mod:`sclerodx.fhir.sections`, the regional motor exam, MRI studies and lesions)
        and Condition (episodes) resources. Every case field is carried; use
        :func:`omitted_fields` to learn what a given case could not carry (a string the
        FHIR string rules empty).
    """
    builder = _Builder(_seed(case))
    _case_entries(case, builder)
    return _bundle(builder, "collection")


def omitted_fields(case: Case) -> list[str]:
    """Dotted paths of the case values that :func:`case_to_bundle` cannot carry.

    Found by reading the written Bundle back and comparing, so the list is exact for
    the current mapping.
    """
    back = read_bundle(case_to_bundle(case).model_dump(mode="json", exclude_none=True)).case
    return _differences(case.model_dump(mode="json", exclude_defaults=True),
                        back.model_dump(mode="json", exclude_defaults=True), "")


def _differences(original: Any, restored: Any, path: str) -> list[str]:
    if original == restored:
        return []
    if isinstance(original, dict) and isinstance(restored, dict | None):
        restored = restored or {}
        return [d for key in original
                for d in _differences(original[key], restored.get(key), f"{path}.{key}".lstrip("."))]
    return [path]


# --------------------------------------------------------------------------- assessment

#: Qualitative risk bands of the HL7 risk-probability code system. HL7 gives the codes
#: no numeric bounds; these bounds are a sclerodx display convention, not a clinical
#: threshold, and the exact probability is always written beside the band.
RISK_BANDS: tuple[tuple[float, str], ...] = (
    (0.05, "negligible"), (0.20, "low"), (0.50, "moderate"), (0.95, "high"), (1.01, "certain"),
)


def qualitative_risk(probability: float) -> str:
    """The HL7 risk-probability code for a probability in [0, 1] (see :data:`RISK_BANDS`)."""
    if not 0.0 <= probability <= 1.0:
        raise ValueError(f"probability must lie in [0, 1] (got {probability})")
    return next(code for bound, code in RISK_BANDS if probability < bound)


def _criterion_observation(key: str, result: CriterionResult, subject: str) -> dict[str, Any]:
    notes = [f"Missing for the next category: {gap}" for gap in result.missing]
    notes += [f"Caveat: {caveat}" for caveat in result.caveats]
    notes.append(f"Source: {result.citation}")
    return _observation(
        codes.local(key, result.name, system=codes.CRITERIA_SYSTEM), subject, "survey",
        valueCodeableConcept={"coding": [{"system": codes.CRITERIA_SYSTEM,
                                          "code": f"{key}.{result.category}", "display": result.label}],
                              "text": result.label + (" (provisional)" if result.provisional else "")},
        component=[{"code": {"coding": [{"system": codes.CRITERIA_SYSTEM, "code": f"{key}.{rule.id}"}],
                             "text": rule.description},
                    "valueCodeableConcept": {"coding": [{"system": codes.CRITERIA_SYSTEM,
                                                         "code": rule.status.value}],
                                             "text": rule.status.value}}
                   for rule in result.rules],
        note=[{"text": text} for text in notes],
    )


def risk_assessment(predictions: Sequence[tuple[codes.Code, float]], subject: str,
                    basis: Sequence[str]) -> dict[str, Any]:
    """A RiskAssessment with one prediction per diagnosis (probability and qualitative risk)."""
    return {
        "resourceType": "RiskAssessment", "status": "final", "subject": {"reference": subject},
        "method": codes.local("sclerodx-differential", "sclerodx explained differential").concept(),
        "basis": [{"reference": ref} for ref in basis],
        "prediction": [{"outcome": code.concept(), "probabilityDecimal": round(p, 6),
                        "qualitativeRisk": {"coding": [{"system": codes.RISK_PROBABILITY,
                                                        "code": qualitative_risk(p)}]}}
                       for code, p in predictions],
        "note": [{"text": DISCLAIMER}],
    }


def import_outcome(issues: Sequence[ImportIssue]) -> dict[str, Any]:
    """The input items not read as given, as an OperationOutcome resource (JSON).

    An ignored item is a ``warning``, an interpreted one ``information``; the location
    is the input Bundle's (``input entry[5]``), so it is named in the diagnostics, not
    as an expression into the output Bundle.
    """
    return operation_outcome([
        issue(f"input {i.location}{f' ({i.resource_type})' if i.resource_type else ''}: {i.action}: "
              f"{i.reason}", "informational", severity="warning" if i.action == "ignored" else "information")
        for i in issues])


def assessment_to_bundle(case: Case, assessment: Assessment,
                         predictions: Sequence[tuple[codes.Code, float]] = (),
                         issues: Sequence[ImportIssue] = ()) -> Bundle:
    """An assessment as an R4B Bundle: the case, the verdicts, a DiagnosticReport.

    Parameters
    ----------
    case
        The case that was assessed; its resources are written as in
        :func:`case_to_bundle` and referenced as the report's basis.
    assessment
        The result of :func:`sclerodx.assessment.assess`.
    predictions
        The differential as ``(diagnosis code, probability)`` pairs for the
        RiskAssessment (one prediction per diagnosis); by default the assessment's own
        differential.
    issues
        The items of an input Bundle not read as given (:attr:`FhirImport.issues`);
        written as one OperationOutcome (:func:`import_outcome`) so a FHIR client
        learns what was ignored or interpreted, as a JSON client does.

    Returns
    -------
    fhir.resources.R4B.bundle.Bundle
        A ``collection`` Bundle: Patient and case Observations/Conditions, one
        Observation per criteria verdict (rules as components; what is missing,
        caveats and source as notes), an optional RiskAssessment, and a
        DiagnosticReport whose conclusion states the verdicts and the disclaimer.
    """
    builder = _Builder(f"{_seed(case)}/assessment")
    subject = _case_entries(case, builder)
    basis = [entry["fullUrl"] for entry in builder.entries[1:]]
    report = assessment.criteria
    verdicts = [builder.add(_criterion_observation(key, getattr(report, key), subject))
                for key in type(report).model_fields if isinstance(getattr(report, key), CriterionResult)]
    predictions = predictions or [(codes.diagnosis_code(p.diagnosis.value, p.label), p.probability)
                                  for p in assessment.differential.posteriors]
    if predictions:
        builder.add(risk_assessment(predictions, subject, basis))
    lines = [f"{r.name}: {r.label}" for r in report.results()]
    builder.add({
        "resourceType": "DiagnosticReport", "status": "final",
        "code": codes.local("sclerodx-assessment", "sclerodx decision-support assessment",
                            system=codes.CRITERIA_SYSTEM).concept(),
        "subject": {"reference": subject}, "result": [{"reference": ref} for ref in verdicts],
        "conclusion": "; ".join(lines) + ". " + DISCLAIMER,
    })
    if issues:
        builder.add(import_outcome(issues))
    return _bundle(builder, "collection")
