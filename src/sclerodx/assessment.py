"""One call that runs every engine on a case: the main job of sclerodx.

:func:`assess` is pure: a validated case in, an :class:`Assessment` out, no I/O.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from sclerodx import __version__
from sclerodx.biomarkers import BiomarkerReport, interpret_biomarkers
from sclerodx.case import SCHEMA_VERSION, Case
from sclerodx.criteria import CriteriaReport, evaluate_criteria
from sclerodx.differential import Differential, differential

DISCLAIMER = (
    "sclerodx is clinical decision support, not a diagnosis and not a medical device. Criteria verdicts "
    "and probabilities depend on the completeness and accuracy of the data entered; a qualified clinician "
    "must interpret them in the context of the whole patient."
)


class Assessment(BaseModel):
    """Everything sclerodx concludes about one case."""

    sclerodx_version: str = __version__
    schema_version: str = SCHEMA_VERSION
    case_id: str | None = None
    criteria: CriteriaReport
    differential: Differential
    biomarkers: BiomarkerReport
    include_investigational: bool = Field(
        default=False, description="Whether investigational evidence (microRNA) was used."
    )
    disclaimer: str = DISCLAIMER


def assess(case: Case, *, include_investigational: bool = False) -> Assessment:
    """Evaluate the criteria, the differential and the biomarkers of a case.

    Parameters
    ----------
    case
        A validated :class:`~sclerodx.case.Case`.
    include_investigational
        Include investigational evidence (circulating microRNA); always labelled.
    """
    return Assessment(
        case_id=case.id,
        criteria=evaluate_criteria(case),
        differential=differential(case, include_investigational=include_investigational),
        biomarkers=interpret_biomarkers(case, include_investigational=include_investigational),
        include_investigational=include_investigational,
    )
