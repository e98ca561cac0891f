"""Which part of the case travels in which FHIR resource: the one table writer and reader share.

The generic component mapping (:mod:`sclerodx.fhir.components`) carries any flat part
of the case model field by field; these tables say which parts travel that way, under
which code, so the writer and the reader cannot drift apart:

* :data:`SECTIONS`: a flat part held once by the case (the history, the examination
  outside the regional motor exam, a muscle biopsy) as one Observation, one component per
  field;
* :data:`RECORDS`: a list of flat parts (EMG muscles, region-level EMG summaries, nerve
  conduction rows, microRNA results) as one Observation per item, the item's body site
  (a muscle, a region) in ``bodySite``.

The laboratory results are mapped in :data:`sclerodx.fhir.codes.LABS` (LOINC where a code
was verified); the motor examination per region, MRI studies with their lesions and the
episodes have resources of their own (:mod:`sclerodx.fhir.write`). :func:`carried_paths`
lists every case field some mapping carries; ``tests/fhir/test_coverage.py`` checks that
it is every field of :class:`~sclerodx.case.Case`, so a field added to the model without
a FHIR mapping fails the tests, naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from sclerodx.case import (
    CSF,
    Case,
    Course,
    Exam,
    Genetics,
    History,
    MicroRNA,
    MuscleBiopsy,
    MuscleEMG,
    NerveConduction,
    NeuromuscularJunction,
    OpticNerveTests,
    RegionEMG,
    Serum,
)
from sclerodx.fhir import codes


@dataclass(frozen=True, slots=True)
class Section:
    """One flat part of the case carried as an Observation's components."""

    code: codes.Code
    path: str
    """Attribute of :class:`~sclerodx.case.Case` holding the part; '' for the case itself."""
    model: type[BaseModel]
    kind: str
    """Prefix of the component codes, ``<kind>.<field>``."""
    fields: frozenset[str]
    category: str

    @property
    def skip(self) -> frozenset[str]:
        """Fields of :attr:`model` that travel elsewhere (or not at all)."""
        return frozenset(self.model.model_fields) - self.fields


@dataclass(frozen=True, slots=True)
class Record:
    """A list of flat case parts carried as one Observation per item."""

    code: codes.Code
    path: str
    """List attribute of :class:`~sclerodx.case.Case`."""
    model: type[BaseModel]
    kind: str
    """Prefix of the component codes, ``<kind>.<field>``."""
    category: str
    site: str | None = None
    """Field written as the Observation's ``bodySite`` (coded in :attr:`site_system`)."""
    site_system: str | None = None

    @property
    def skip(self) -> frozenset[str]:
        """Fields not written as components (the body site)."""
        return frozenset({self.site}) if self.site else frozenset()


def _lab_fields(part: str) -> frozenset[str]:
    """Fields of a case part that travel as laboratory Observations (:data:`codes.LABS`)."""
    prefix = f"{part}."
    return frozenset(lab.field.removeprefix(prefix) for lab in codes.LABS if lab.field.startswith(prefix))


def _scalar_fields(model: type[BaseModel], *, but: frozenset[str] | tuple[str, ...] = ()) -> frozenset[str]:
    return frozenset(model.model_fields) - set(but)


SECTIONS: tuple[Section, ...] = (
    Section(codes.CASE_SUMMARY, "", Case, "case",
            frozenset({"assessment_date", "symptom_onset", "bmi", "other_causes_excluded", "notes"}),
            "survey"),
    Section(codes.NEURO_EXAM, "exam", Exam, "exam", _scalar_fields(Exam, but=("motor",)), "exam"),
    Section(codes.HISTORY, "history", History, "history", _scalar_fields(History), "social-history"),
    Section(codes.COURSE, "course", Course, "course", _scalar_fields(Course), "exam"),
    Section(codes.GENETICS, "genetics", Genetics, "genetics",
            _scalar_fields(Genetics, but=_lab_fields("genetics")), "laboratory"),
    Section(codes.OPTIC_NERVE_TESTS, "optic_nerve_tests", OpticNerveTests, "optic",
            _scalar_fields(OpticNerveTests), "procedure"),
    Section(codes.MUSCLE_BIOPSY, "muscle_biopsy", MuscleBiopsy, "biopsy", _scalar_fields(MuscleBiopsy),
            "laboratory"),
    Section(codes.NEUROMUSCULAR_JUNCTION, "neuromuscular_junction", NeuromuscularJunction, "nmj",
            _scalar_fields(NeuromuscularJunction), "procedure"),
    # Only the collection date: each result is a laboratory Observation of its own (LABS).
    # Listed explicitly, so a new serum or CSF result is carried by no mapping until it is
    # given its (LOINC) code in LABS, and the coverage test says so.
    # The deficiency flags are the laboratory's reading (below its range), not a value.
    Section(codes.SERUM_SAMPLE, "serum", Serum, "serum", frozenset({"date", "vitamin_b12_low", "copper_low"}),
            "laboratory"),
    Section(codes.CSF_SAMPLE, "csf", CSF, "csf", frozenset({"date"}), "laboratory"),
)
SECTION_BY_CODE: dict[str, Section] = {s.code.code: s for s in SECTIONS}

RECORDS: tuple[Record, ...] = (
    Record(codes.EMG_MUSCLE, "emg", MuscleEMG, "emg", "procedure", "muscle", codes.MUSCLE_SYSTEM),
    Record(codes.EMG_REGION, "emg_regions", RegionEMG, "emg-region", "procedure", "region",
           codes.REGION_SYSTEM),
    Record(codes.NERVE_CONDUCTION, "nerve_conduction", NerveConduction, "ncs", "procedure"),
    Record(codes.MICRORNA, "microrna", MicroRNA, "microrna", "laboratory"),
)
RECORD_BY_CODE: dict[str, Record] = {r.code.code: r for r in RECORDS}

#: Case fields carried by resources of their own (see :mod:`sclerodx.fhir.write`), with
#: every field of the parts they hold: Patient (``id``, ``sex``), the motor examination per
#: region, MRI studies with their lesions, and the episodes (Conditions).
OWN_RESOURCES: frozenset[str] = frozenset({"id", "sex", "exam.motor", "mri", "episodes"})

#: Case fields no mapping carries, by design: the schema version is the model's own
#: constant (a Bundle is always read into the current schema).
NOT_CARRIED: frozenset[str] = frozenset({"schema_version"})


def carried_paths() -> frozenset[str]:
    """Dotted paths of the case fields some FHIR mapping carries.

    A part carried whole (``mri``, ``emg``) is one path; a part split between mappings
    (``serum``: its results in :data:`codes.LABS`, its date in a section) is listed field
    by field.
    """
    paths = set(OWN_RESOURCES) | {lab.field for lab in codes.LABS} | {r.path for r in RECORDS}
    for section in SECTIONS:
        paths |= {f"{section.path}.{name}".lstrip(".") for name in section.fields}
    return frozenset(paths)


#: Every local Observation code the reader reads (for prefetch templates and searches).
OBSERVATION_CODES: tuple[codes.Code, ...] = (
    *(s.code for s in SECTIONS), *(r.code for r in RECORDS), codes.MOTOR_EXAM, codes.MRI_STUDY,
    codes.MRI_LESION,
)
