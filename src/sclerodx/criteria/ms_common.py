"""Explanations both McDonald revisions share: attack, DIS, DIT and CSF rules, gaps, caveats."""

from __future__ import annotations

from sclerodx.biomarkers.cutoffs import KFLC_MCDONALD_2024
from sclerodx.case import Case
from sclerodx.criteria.dissemination import McDonaldArea
from sclerodx.criteria.ms_features import MSEvidence
from sclerodx.criteria.result import RuleResult, Status, status_of

MS_CATEGORIES = ("not_ms", "possible_ms", "ms")
MS_LABELS = {
    "ms": "MS criteria fulfilled",
    "possible_ms": "possible MS (criteria not yet fulfilled)",
    "not_ms": "MS criteria not met",
}


def status_for(code: int) -> Status:
    """MS met, possible MS pending (indeterminate), or not met."""
    return (Status.NOT_MET, Status.INDETERMINATE, Status.MET)[code]


def attack_rules(ev: MSEvidence) -> list[RuleResult]:
    att = ev.attacks
    refs = [f"episodes[{i}]" for group in att.attacks for i in group]
    return [
        RuleResult(id="attacks", description=f"Attacks (typical, >= 24 h, onsets >= 30 days apart): "
                   f"{att.n_attacks}", status=status_of(att.n_attacks >= 1), evidence=refs),
        RuleResult(id="objective_lesions", description=f"Lesions with objective clinical evidence: "
                   f"{att.n_objective_lesions}" + (" (plus clear historical evidence of a prior attack at "
                                                   "a distinct site)" if att.historical_prior_attack else ""),
                   status=status_of(att.n_objective_lesions >= 1)),
    ]


def dis_rule(ev: MSEvidence, areas: tuple[McDonaldArea, ...], description: str) -> RuleResult:
    found = ev.mri.areas(areas)
    unknown = ev.mri.unknown(areas)
    if len(found) >= 2:
        status = Status.MET
    elif len(found) + len(unknown) >= 2:
        status = Status.INDETERMINATE
    else:
        status = Status.NOT_MET
    text = ", ".join(a.value for a in found) or "none"
    return RuleResult(
        id="dis_mri", description=f"{description} (areas with lesions: {text}"
        + (f"; not examined: {', '.join(a.value for a in unknown)}" if unknown else "") + ")",
        status=status, evidence=[ref for a in found for ref in ev.mri.area_evidence[a]],
    )


def dit_rule(ev: MSEvidence) -> RuleResult:
    dit = ev.mri.dit
    return RuleResult(
        id="dit_mri", description="DIT on MRI: simultaneous enhancing and non-enhancing lesions, or a new "
        "lesion on follow-up MRI", status=status_of(dit.value), evidence=list(dit.evidence),
    )


def csf_rule(case: Case, *, kflc: bool) -> RuleResult:
    csf = case.csf
    ocb = csf.ocb if csf else None
    kflc_index = csf.kflc_index if csf else None
    value: bool | None = None if ocb is None else ocb.intrathecal
    evidence = ["csf.ocb"] if ocb is not None else []
    description = "CSF-specific oligoclonal bands"
    if kflc:
        description += f" or κ-FLC index {KFLC_MCDONALD_2024.label} ({KFLC_MCDONALD_2024.source.short})"
        if kflc_index is not None:
            evidence.append("csf.kflc_index")
            value = bool(value) or KFLC_MCDONALD_2024.is_positive(kflc_index)
    return RuleResult(id="positive_csf", description=description, status=status_of(value), evidence=evidence)


def ppms_gap(ev: MSEvidence, items: int, min_years: float) -> str:
    years = ev.attacks.progression_years
    parts = []
    if years is None:
        parts.append("a dated onset of progression")
    elif years < min_years:
        parts.append(f">= {min_years:g} year of progression (now {years:.2f})")
    if items < 2:
        parts.append(f"{2 - items} more of: a periventricular/cortical-juxtacortical/infratentorial lesion, "
                     ">= 2 spinal cord lesions, CSF-specific oligoclonal bands")
    return "Primary progressive MS: " + "; ".join(parts) + "."


def common_caveats(case: Case, ev: MSEvidence) -> list[str]:
    caveats = ["No better explanation may exist: the criteria apply to a typical presentation once "
               "alternative diagnoses are excluded."]
    caveats += [f"Better explanation documented: {a.reason}." for a in ev.alternatives]
    if case.other_causes_excluded is False:
        caveats.append("The clinician recorded that another disease explains the findings.")
    if ev.lmn_regions:
        caveats.append(f"Red flag: LMN involvement in {', '.join(ev.lmn_regions)}; MS does not explain "
                       "lower motor neuron degeneration.")
    for index, reason in ev.attacks.excluded_episodes:
        caveats.append(f"episodes[{index}] not counted as an attack: {reason}.")
    if ev.attacks.n_attacks and not ev.attacks.n_objective_lesions:
        caveats.append("No attack has objective clinical evidence; the table row for one objective lesion "
                       "was used, and reported-only attacks need caution.")
    return caveats
