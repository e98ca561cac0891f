"""Case sections written as one Observation each, with one component per field.

The generic component mapping (:mod:`sclerodx.fhir.components`) carries any flat
part of the case model; this table says which parts travel that way, under which
local code. Writer and reader share it, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from sclerodx.case import Case, Course, Exam, Genetics, History, OpticNerveTests
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


def _scalar_fields(model: type[BaseModel], *, but: tuple[str, ...] = ()) -> frozenset[str]:
    return frozenset(model.model_fields) - set(but)


SECTIONS: tuple[Section, ...] = (
    Section(codes.CASE_SUMMARY, "", Case, "case",
            frozenset({"assessment_date", "symptom_onset", "bmi", "other_causes_excluded", "notes"}),
            "survey"),
    Section(codes.NEURO_EXAM, "exam", Exam, "exam", _scalar_fields(Exam, but=("motor",)), "exam"),
    Section(codes.HISTORY, "history", History, "history", _scalar_fields(History), "social-history"),
    Section(codes.COURSE, "course", Course, "course", _scalar_fields(Course), "exam"),
    Section(codes.GENETICS, "genetics", Genetics, "genetics", _scalar_fields(Genetics), "laboratory"),
    Section(codes.OPTIC_NERVE_TESTS, "optic_nerve_tests", OpticNerveTests, "optic",
            _scalar_fields(OpticNerveTests), "procedure"),
)
SECTION_BY_CODE: dict[str, Section] = {s.code.code: s for s in SECTIONS}
