"""One call that runs every engine on a case: the main job of sclerodx.

:func:`assess` is pure: a validated case in, an :class:`Assessment` out, no I/O.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from sclerodx import __version__
from sclerodx.biomarkers import BiomarkerReport, interpret_biomarkers
from sclerodx.case import SCHEMA_VERSION, Case
from sclerodx.criteria import CriteriaReport, Status, case_evidence, evaluate_criteria
from sclerodx.differential import Diagnosis, Differential, differential

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


#: The diagnoses each criteria set bears on: the set it decides (MS, ALS, PLS) and the
#: mimics it is used to tell apart from it (design mapping, not a clinical threshold).
BEARS_ON: dict[str, frozenset[Diagnosis]] = {
    **dict.fromkeys(("mcdonald_2017", "mcdonald_2024"), frozenset({
        Diagnosis.RELAPSING_MS, Diagnosis.PROGRESSIVE_MS, Diagnosis.NMOSD_MOGAD})),
    **dict.fromkeys(("el_escorial", "awaji", "gold_coast"), frozenset({
        Diagnosis.ALS, Diagnosis.PMA, Diagnosis.PLS, Diagnosis.CSM, Diagnosis.MMN, Diagnosis.SBMA,
        Diagnosis.IBM, Diagnosis.HSP})),
    "pls": frozenset({Diagnosis.PLS, Diagnosis.ALS, Diagnosis.HSP, Diagnosis.CSM, Diagnosis.PROGRESSIVE_MS}),
}
#: expert estimate: a diagnosis "leads" at a posterior of 10% or more (the most probable always
#: does); below that its criteria's work-up suggestions would be advice for a remote possibility.
LEADING_MIN_PROBABILITY = 0.10


def leading_diagnoses(diff: Differential) -> frozenset[Diagnosis]:
    """The diagnoses the differential leads with: the most probable, and any at >= 10%."""
    return frozenset(p.diagnosis for i, p in enumerate(diff.posteriors)
                     if i == 0 or p.probability >= LEADING_MIN_PROBABILITY)


def with_relevance(criteria: CriteriaReport, diff: Differential) -> CriteriaReport:
    """Mark criteria sets that bear on none of the leading diagnoses (and are not met) as secondary."""
    leading = leading_diagnoses(diff)
    update = {}
    for name, bears_on in BEARS_ON.items():
        result = getattr(criteria, name)
        if result.status is not Status.MET and not bears_on & leading:
            update[name] = result.model_copy(update={"relevance": "secondary"})
    return criteria.model_copy(update=update)


def assess(case: Case, *, include_investigational: bool = False) -> Assessment:
    """Evaluate the criteria, the differential and the biomarkers of a case.

    The criteria evidence (motor regions, attacks, MRI areas, gates) is derived once and
    feeds every criteria set; criteria sets that bear on none of the leading
    differential diagnoses are marked ``relevance="secondary"``.

    Parameters
    ----------
    case
        A validated :class:`~sclerodx.case.Case`.
    include_investigational
        Include investigational evidence (circulating microRNA); always labelled.
    """
    evidence = case_evidence(case)
    diff = differential(case, include_investigational=include_investigational, evidence=evidence)
    criteria = with_relevance(evaluate_criteria(case, evidence), diff)
    return Assessment(
        case_id=case.id,
        criteria=criteria,
        differential=diff,
        biomarkers=interpret_biomarkers(case, include_investigational=include_investigational),
        include_investigational=include_investigational,
    )
