"""Everything the criteria derive from a case, derived once.

Motor regions, attacks, MRI areas, the progression gate and the documented mimics are
worked out here, once per case, and every criteria set (and the cohort feature row)
reads them from the one :class:`CaseEvidence`; :func:`sclerodx.assessment.assess`
builds it once per case.
"""

from __future__ import annotations

from dataclasses import dataclass

from sclerodx.case import Case, CoursePattern
from sclerodx.criteria.exclusions import Alternative, als_alternatives, als_open_questions, exclusion_gate
from sclerodx.criteria.motor_regions import MotorRegionEvidence, motor_region_evidence
from sclerodx.criteria.ms_features import MSEvidence, ms_evidence
from sclerodx.criteria.timeline import years_since

_PROGRESSIVE_PATTERNS = (CoursePattern.PROGRESSIVE_FROM_ONSET, CoursePattern.SECONDARY_PROGRESSIVE)
_NON_PROGRESSIVE_PATTERNS = (CoursePattern.MONOPHASIC, CoursePattern.FIRST_ATTACK)


@dataclass(frozen=True, slots=True)
class CaseEvidence:
    """The derived evidence of one case that the criteria sets decide on."""

    case: Case
    motor: MotorRegionEvidence
    ms: MSEvidence
    progression: bool | None
    progression_refs: tuple[str, ...]
    als_alternatives: tuple[Alternative, ...]
    als_open_questions: tuple[Alternative, ...]
    als_excluded: bool | None
    symptom_years: float | None


def progression_gate(case: Case) -> tuple[bool | None, tuple[str, ...]]:
    """Progressive motor impairment: recorded directly, or implied by the course pattern.

    A progressive course implies it; a monophasic course or a single attack documents a
    course that is not progressive (what the ALS and PLS criteria require is absent).
    """
    recorded = case.course.progressive_motor_impairment
    if recorded is not None:
        return recorded, ("course.progressive_motor_impairment",)
    if case.course.pattern in _PROGRESSIVE_PATTERNS:
        return True, ("course.pattern",)
    if case.course.pattern in _NON_PROGRESSIVE_PATTERNS:
        return False, ("course.pattern",)
    return None, ()


def case_evidence(case: Case) -> CaseEvidence:
    """Derive the criteria evidence of one case (motor regions, attacks, MRI, gates)."""
    motor = motor_region_evidence(case)
    alternatives = tuple(als_alternatives(case, motor))
    open_questions = tuple(als_open_questions(case))
    progression, refs = progression_gate(case)
    return CaseEvidence(
        case=case,
        motor=motor,
        ms=ms_evidence(case, motor),
        progression=progression,
        progression_refs=refs,
        als_alternatives=alternatives,
        als_open_questions=open_questions,
        als_excluded=exclusion_gate(case, list(alternatives)),
        symptom_years=years_since(case.symptom_onset, case),
    )
