"""Pieces the per-case ALS engines share: input columns, rules, gaps and labels from a decision record.

Every function here reads a decision record of :mod:`sclerodx.criteria.als_categories`
(row 0 of a batch of one) for what it states, and the region maps of
:class:`~sclerodx.criteria.motor_regions.MotorRegionEvidence` only for *which case
items* back a region (the evidence references shown beside a rule).
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from sclerodx.anatomy import REGIONS, Region
from sclerodx.criteria.als_categories import RegionCounts, TriArray, gate
from sclerodx.criteria.evidence import CaseEvidence
from sclerodx.criteria.motor_regions import RegionMap
from sclerodx.criteria.result import Citation, CriterionResult, RuleResult, Status, status_of
from sclerodx.criteria.spec import region_columns, status_of_code

#: The gate columns every ALS set reads.
GATE_COLUMNS = ("progression", "als_excluded", "als_pending")


def map_columns(prefix: str, mapping: RegionMap) -> dict[str, npt.NDArray[Any]]:
    """A region map as four three-valued columns (1 present, 0 absent, -1 not examined)."""
    return {name: np.array([gate(mapping[r].value)], dtype=np.int8)
            for name, r in zip(region_columns(prefix), REGIONS, strict=True)}


def gate_columns(ev: CaseEvidence) -> dict[str, npt.NDArray[Any]]:
    """The progression and exclusion gates of one case as columns."""
    return {"progression": np.array([gate(ev.progression)], dtype=np.int8),
            "als_excluded": np.array([gate(ev.als_excluded)], dtype=np.int8),
            "als_pending": np.array([bool(ev.als_open_questions)])}


def present(row: TriArray) -> list[Region]:
    """Regions of one decision row (shape ``(4,)``) recorded present."""
    return [r for r, v in zip(REGIONS, row, strict=True) if v == 1]


def names(regions: list[Region]) -> str:
    return ", ".join(r.value for r in regions) if regions else "none"


def refs(mapping: RegionMap, regions: list[Region]) -> list[str]:
    return [ref for r in regions for ref in mapping[r].evidence]


def region_rule(rule_id: str, description: str, row: TriArray, needed: int,
                evidence: list[str]) -> RuleResult:
    """A rule that counts regions present in one decision row (shape ``(4,)``)."""
    regions = present(row)
    unknown = int((row == -1).sum())
    status = Status.MET if len(regions) >= needed else (
        Status.INDETERMINATE if len(regions) + unknown >= needed else Status.NOT_MET
    )
    return RuleResult(
        id=rule_id,
        description=f"{description}: {len(regions)} region(s) ({names(regions)}); needs >= {needed}",
        status=status,
        evidence=evidence,
    )


def gate_rules(ev: CaseEvidence, counts: RegionCounts, *, ms_met: bool = False) -> list[RuleResult]:
    """The progression and exclusion requirements every ALS criteria set shares.

    When the McDonald criteria are met the exclusion is not shown as fulfilled: MS may
    explain the findings, and whether it does is the clinician's judgement (MS and ALS
    can coexist: Aljthalin et al. 2024).
    """
    progression, excluded = int(counts.progression[0]), int(counts.excluded[0])
    explicit = ["other_causes_excluded"] if ev.case.other_causes_excluded is not None else []
    description = "Investigations exclude other diseases that could explain the findings"
    description += "".join(f"; not excluded: {a.reason}" for a in ev.als_alternatives)
    description += "".join(f"; not yet investigated: {a.reason}" for a in ev.als_open_questions)
    status = status_of(None if excluded == -1 or counts.pending[0] else bool(excluded))
    if ms_met and status is Status.MET:
        status = Status.INDETERMINATE
        description += ("; McDonald criteria for MS are met, so whether MS explains the motor findings "
                        "must be judged (MS and ALS can coexist)")
    return [
        RuleResult(
            id="progression",
            description="Progressive motor impairment by history or repeated examination",
            status=status_of(None if progression == -1 else bool(progression)),
            evidence=list(ev.progression_refs),
        ),
        RuleResult(
            id="other_causes_excluded",
            description=description,
            status=status,
            evidence=[a.evidence for a in (*ev.als_alternatives, *ev.als_open_questions)] or explicit,
        ),
    ]


def open_question_gaps(pending: bool, ev: CaseEvidence) -> list[str]:
    """The investigations a suspected, uninvestigated mimic asks for (the record's ``pending``)."""
    if not pending:
        return []
    return [f"Needle EMG or muscle biopsy: {q.reason}." for q in ev.als_open_questions]


def gate_gaps(counts: RegionCounts, ev: CaseEvidence) -> list[str]:
    """What is still to be documented for the gates, or why a gate closes the verdict."""
    gaps = open_question_gaps(bool(counts.pending[0]), ev)
    progression, excluded = int(counts.progression[0]), int(counts.excluded[0])
    if progression == -1:
        gaps.append("Document progressive motor impairment (history or repeated examination).")
    elif progression == 0:
        gaps.append("Not met while the course is documented as not progressive: every category needs "
                    "progressive motor impairment.")
    if excluded == -1:
        gaps.append("Confirm that investigations (imaging, nerve conduction, laboratory) exclude mimics.")
    elif excluded == 0:
        gaps.append("Not met while another disease is documented to explain the findings (see the "
                    "'other_causes_excluded' rule).")
    return gaps


def exclusion_caveats(counts: RegionCounts) -> list[str]:
    """The caveat every ALS verdict carries while the exclusion of mimics is undocumented."""
    if int(counts.excluded[0]) == -1:
        return ["Other causes are assumed excluded but this is not documented: the verdict stands only "
                "once imaging, nerve conduction and laboratory tests exclude mimics."]
    return []


def honest_label(label: str, status: Status, progression: int, reached: bool) -> str:
    """The category label, saying in words when the verdict is indeterminate and why.

    ``progression`` is the record's progression gate (1 / 0 / -1); ``reached`` whether a
    category above the lowest was reached.
    """
    if status is not Status.INDETERMINATE:
        return label
    if reached and progression == -1:
        return f"{label} once progression is documented; indeterminate now"
    return f"{label} on the findings recorded; indeterminate now"


def pairing_gaps(umn: TriArray, lmn: TriArray, lmn_words: str) -> list[str]:
    """Regions where one of UMN / LMN is present and the other would complete the pair."""
    gaps = []
    for region, u, lo in zip(REGIONS, umn, lmn, strict=True):
        if u == 1 and lo != 1:
            state = "not examined" if lo == -1 else "absent"
            gaps.append(f"{region.value}: UMN signs present; {lmn_words} {state}")
        elif lo == 1 and u != 1:
            state = "not examined" if u == -1 else "absent"
            gaps.append(f"{region.value}: LMN involvement present; UMN signs {state}")
    return gaps


def decision_record(**values: Any) -> dict[str, bool | int | float | str | None]:
    """Plain JSON values of one row of a decision record (numpy scalars unwrapped)."""
    out: dict[str, bool | int | float | str | None] = {}
    for key, value in values.items():
        out[key] = value.item() if isinstance(value, np.generic) else value
    return out


class MotorDecision(Protocol):
    """What the rEEC, Awaji and Gold Coast records share: codes, status codes, region counts."""

    @property
    def codes(self) -> npt.NDArray[np.int8]: ...

    @property
    def status(self) -> npt.NDArray[np.int8]: ...

    @property
    def counts(self) -> RegionCounts: ...


def als_result(*, name: str, citation: Citation, categories: tuple[str, ...], labels: dict[str, str],
               d: MotorDecision, ev: CaseEvidence, rules: list[RuleResult], missing: list[str],
               caveats: list[str], **record: Any) -> CriterionResult:
    """The explained verdict of an ALS criteria set from row 0 of its decision record.

    Status, label, gate gaps, exclusion caveats and the shared record entries (region
    counts, gates) are read from the record; ``record`` adds the set's own entries.
    """
    c = d.counts
    code = int(d.codes[0])
    category = categories[code]
    status = status_of_code(int(d.status[0]))
    return CriterionResult(
        name=name, category=category,
        label=honest_label(labels[category], status, int(c.progression[0]), code > 0),
        status=status, rules=rules, missing=missing + gate_gaps(c, ev),
        caveats=caveats + exclusion_caveats(c), citation=citation,
        decision=decision_record(
            category_code=code, regions_umn_and_lmn=c.n_both[0], regions_umn=c.n_umn[0],
            regions_lmn=c.n_lmn[0], **record, progression=int(c.progression[0]),
            other_causes_excluded=int(c.excluded[0]), exclusion_pending=bool(c.pending[0])),
    )
