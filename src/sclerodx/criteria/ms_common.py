"""What both McDonald revisions share: categories, the common part of the decision record, and the
explained result built from a record.

Each revision's ``decide_*`` returns a frozen decision record (every intermediate result
of every row, named). The explained per-case engine builds its rules, status, gaps,
label and JSON ``decision`` only from row 0 of that record; the case evidence
(:class:`~sclerodx.criteria.ms_features.MSEvidence`) supplies only *which case items*
back a rule (lesion and episode references) and the names of areas for the text.

Three-valued record fields (``TriArray``: 1 met, 0 not met, -1 unknown) keep "not done"
apart from "absent", so a rule whose finding was never assessed reads indeterminate.

Dates of month or year precision can leave open whether two episodes began >= 30 days
apart (:mod:`sclerodx.criteria.attacks`). :func:`decide_with_open_dates` then decides
twice, with the attacks certainly separate (``n_attacks``) and with every open
separation counted (``n_attacks_max``); the category is the certain one, and
``dates_open`` marks the rows where the open dates alone decide whether MS criteria
are met: such a verdict is indeterminate, never "met" or "not met".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from sclerodx.biomarkers.cutoffs import KFLC_MCDONALD_2024
from sclerodx.case import Case
from sclerodx.criteria.dissemination import McDonaldArea
from sclerodx.criteria.ms_features import (
    MS_COLUMNS,
    BoolArray,
    FloatArray,
    IntArray,
    MSEvidence,
    MSFeatures,
    ms_columns,
    ms_features_from,
)
from sclerodx.criteria.result import Citation, CriterionResult, RuleResult, Status
from sclerodx.criteria.spec import CriteriaSpec

TriArray = npt.NDArray[np.int8]

MS_CATEGORIES = ("not_ms", "possible_ms", "ms")
MS_LABELS = {
    "ms": "MS criteria fulfilled",
    "possible_ms": "possible MS (criteria not yet fulfilled)",
    "not_ms": "MS criteria not met",
}
#: Code of the ``ms`` category.
MS_CODE = 2


def status_for(code: int) -> Status:
    """MS met, possible MS pending (indeterminate), or not met."""
    return (Status.NOT_MET, Status.INDETERMINATE, Status.MET)[code]


def tri3(value: npt.ArrayLike, known: npt.ArrayLike) -> TriArray:
    """1 where ``value``, else 0 where ``known``, else -1 (unknown)."""
    v, k = np.asarray(value, dtype=bool), np.asarray(known, dtype=bool)
    return np.where(v, 1, np.where(k, 0, -1)).astype(np.int8)


def tri_status(code: int) -> Status:
    """A three-valued record entry as a rule status."""
    return {1: Status.MET, 0: Status.NOT_MET, -1: Status.INDETERMINATE}[int(code)]


def dis_status(n_found: IntArray, n_unimaged: IntArray) -> TriArray:
    """DIS on MRI (>= 2 areas): met, not met, or unknown while unimaged areas could still make two."""
    return tri3(n_found >= 2, n_found + n_unimaged < 2)


def years_ok(years: FloatArray, minimum: float) -> TriArray:
    """A duration of at least ``minimum`` years: unknown when the duration is (NaN)."""
    return tri3(np.nan_to_num(years, nan=-1.0) >= minimum, ~np.isnan(years))


@dataclass(frozen=True, slots=True)
class MSCommon:
    """The part of the record both revisions read the same way (one entry per row).

    ``attacks`` is the attack count the dates establish, ``attacks_max`` the count if
    every separation left open by partial dates were >= 30 days; ``objective_lesions`` the
    lesions with objective clinical evidence; ``dit_mri`` DIT on MRI alone and ``ocb``
    CSF-specific oligoclonal bands (both three-valued).
    """

    attacks: IntArray
    attacks_max: IntArray
    objective_lesions: IntArray
    historical_prior_attack: BoolArray
    dit_mri: TriArray
    ocb: TriArray
    progressive: BoolArray
    progression_years: FloatArray
    excluded: BoolArray


def ms_common(f: MSFeatures, attacks: IntArray) -> MSCommon:
    """The common record part of a batch, deciding with ``attacks`` attacks."""
    return MSCommon(attacks=attacks, attacks_max=f.n_attacks_max, objective_lesions=f.n_objective,
                    historical_prior_attack=f.historical, dit_mri=tri3(f.dit_mri, f.dit_mri_known),
                    ocb=tri3(f.ocb, f.ocb_known), progressive=f.progressive,
                    progression_years=f.progression_years, excluded=f.excluded_false)


class StatusFromCodes:
    """Mixin of the McDonald records: the status code is the category code (possible MS is pending)."""

    __slots__ = ()
    codes: IntArray

    @property
    def status(self) -> IntArray:
        """Status codes: not met, indeterminate (possible MS), met (the order of ``MS_CATEGORIES``)."""
        return self.codes


class MSDecision(Protocol):
    """What both revisions' decision records carry."""

    @property
    def codes(self) -> IntArray: ...

    @property
    def status(self) -> IntArray: ...

    @property
    def common(self) -> MSCommon: ...

    @property
    def dates_open(self) -> BoolArray: ...

    @property
    def pathways(self) -> tuple[tuple[str, BoolArray], ...]: ...


D = TypeVar("D", bound=MSDecision)


def decide_with_open_dates(decide: Callable[[MSFeatures, IntArray], D], f: MSFeatures) -> D:
    """Decide on the certain attack count; mark rows where open date separations would make it MS."""
    certain = decide(f, f.n_attacks)
    if not np.any(f.n_attacks_max > f.n_attacks):
        return certain
    counted = decide(f, f.n_attacks_max)
    dates_open = (counted.codes == MS_CODE) & (certain.codes != MS_CODE)
    return replace(certain, dates_open=dates_open)  # type: ignore[type-var]


def ms_spec(name: str, decide_rows: Callable[[MSFeatures], D]) -> CriteriaSpec[D]:
    """A McDonald revision's specification: the shared MS input columns and its batch decision."""
    return CriteriaSpec(name=name, categories=MS_CATEGORIES, columns=MS_COLUMNS, inputs=ms_columns,
                        decide=lambda columns: decide_rows(ms_features_from(columns)))


def pathway(d: MSDecision, row: int = 0) -> str | None:
    """Which pathway a met verdict took (the first fulfilled, in the revision's order), else None."""
    if int(d.codes[row]) != MS_CODE:
        return None
    return next((name for name, fulfilled in d.pathways if fulfilled[row]), None)


def record_row(d: Any, row: int = 0) -> dict[str, bool | int | float | str | None]:
    """Row ``row`` of a decision record as plain JSON values.

    Three-valued entries become True / False / None; counts stay numbers; NaN becomes None.
    """
    out: dict[str, bool | int | float | str | None] = {}
    for part in (d.common, d):
        for field in fields(part):
            if field.name == "common":
                continue
            array = np.asarray(getattr(part, field.name))
            value = array[row].item()
            if array.dtype == np.int8:
                value = None if value == -1 else bool(value)
            elif isinstance(value, float) and np.isnan(value):
                value = None
            out[field.name] = value
    out["pathway"] = pathway(d, row)
    return out


# --------------------------------------------------------------------------- rules from the record


def attack_rules(d: MSDecision, ev: MSEvidence) -> list[RuleResult]:
    """The attack and objective-lesion counts of the record (episode references from the evidence)."""
    c = d.common
    n, n_max, objective = int(c.attacks[0]), int(c.attacks_max[0]), int(c.objective_lesions[0])
    refs = [f"episodes[{i}]" for group in ev.attacks.attacks for i in group]
    open_text = "" if n_max == n else (
        f" (up to {n_max} if the episodes dated only to the month or year began >= 30 days apart)")
    return [
        RuleResult(id="attacks", description="Attacks (typical, >= 24 h, onsets >= 30 days apart): "
                   f"{n}{open_text}", status=Status.MET if n >= 1 else Status.NOT_MET, evidence=refs),
        RuleResult(id="objective_lesions", description=f"Lesions with objective clinical evidence: "
                   f"{objective}" + (" (plus clear historical evidence of a prior attack at a distinct "
                                     "site)" if c.historical_prior_attack[0] else ""),
                   status=Status.MET if objective >= 1 else Status.NOT_MET),
    ]


def dis_rule(status: TriArray, ev: MSEvidence, areas: tuple[McDonaldArea, ...],
             description: str) -> RuleResult:
    """DIS on MRI with the record's status; the areas named from the evidence."""
    found, unknown = ev.mri.areas(areas), ev.mri.unknown(areas)
    text = ", ".join(a.value for a in found) or "none"
    return RuleResult(
        id="dis_mri", description=f"{description} (areas with lesions: {text}"
        + (f"; not examined: {', '.join(a.value for a in unknown)}" if unknown else "") + ")",
        status=tri_status(status[0]), evidence=[ref for a in found for ref in ev.mri.area_evidence[a]],
    )


def dit_rule(d: MSDecision, ev: MSEvidence) -> RuleResult:
    """DIT on MRI alone, as the record has it."""
    return RuleResult(
        id="dit_mri", description="DIT on MRI: simultaneous enhancing and non-enhancing lesions, or a new "
        "lesion on follow-up MRI", status=tri_status(d.common.dit_mri[0]),
        evidence=list(ev.mri.dit.evidence),
    )


def csf_rule(status: TriArray, *, kflc: bool) -> RuleResult:
    """Positive CSF with the record's status (bands; or bands or κ-FLC in 2024)."""
    description = "CSF-specific oligoclonal bands"
    evidence = ["csf.ocb"]
    if kflc:
        description += f" or κ-FLC index {KFLC_MCDONALD_2024.label} ({KFLC_MCDONALD_2024.source.short})"
        evidence.append("csf.kflc_index")
    return RuleResult(id="positive_csf", description=description, status=tri_status(status[0]),
                      evidence=evidence if status[0] != -1 else [])


def open_dates_gap(d: MSDecision, ev: MSEvidence) -> list[str]:
    """The gap of a verdict that only open date separations keep from MS."""
    if not d.dates_open[0]:
        return []
    pairs = "; ".join(f"episodes[{i}] and episodes[{j}]" for i, j in ev.attacks.open_separations)
    return [f"Dates precise enough to tell whether {pairs} began >= 30 days apart (separate attacks): "
            "with the month or year only, the criteria are met or not depending on it."]


def ms_result(*, name: str, citation: Citation, d: MSDecision, rules: list[RuleResult], missing: list[str],
              caveats: list[str], label_pathway: Callable[[str | None], str] = lambda _: "",
              provisional: bool = False) -> CriterionResult:
    """The explained verdict of a McDonald revision from row 0 of its decision record."""
    code = int(d.codes[0])
    category = MS_CATEGORIES[code]
    label = MS_LABELS[category] + label_pathway(pathway(d))
    if d.dates_open[0]:
        label = ("possible MS: criteria fulfilled if the episodes dated only to the month or year began "
                 ">= 30 days apart; indeterminate now")
    return CriterionResult(
        name=name, category=category, label=label, status=status_for(code), rules=rules,
        missing=[] if code == MS_CODE else missing, caveats=caveats, citation=citation,
        provisional=provisional, decision=record_row(d),
    )


def ppms_gap(years: float | None, items: int, min_years: float) -> str:
    parts = []
    if years is None:
        parts.append("a dated onset of progression")
    elif years < min_years:
        parts.append(f">= {min_years:g} year of progression (now {years:.2f})")
    if items < 2:
        parts.append(f"{2 - items} more of: a periventricular/cortical-juxtacortical/infratentorial lesion, "
                     ">= 2 spinal cord lesions, CSF-specific oligoclonal bands")
    return "Primary progressive MS: " + "; ".join(parts) + "."


def common_caveats(case: Case, ev: MSEvidence, d: MSDecision) -> list[str]:
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
    if d.common.attacks[0] and not d.common.objective_lesions[0]:
        caveats.append("No attack has objective clinical evidence; the table row for one objective lesion "
                       "was used, and reported-only attacks need caution.")
    return caveats
