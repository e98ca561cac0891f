"""Pieces the per-case ALS engines share: gates, region arrays and the wording of gaps."""

from __future__ import annotations

import numpy as np

from sclerodx.anatomy import REGIONS, Region
from sclerodx.case import Case, CoursePattern
from sclerodx.criteria.als_categories import BoolArray, GateArray, gate
from sclerodx.criteria.exclusions import Alternative, als_alternatives, exclusion_gate
from sclerodx.criteria.motor_regions import RegionMap
from sclerodx.criteria.result import RuleResult, Status, status_of

_PROGRESSIVE_PATTERNS = (CoursePattern.PROGRESSIVE_FROM_ONSET, CoursePattern.SECONDARY_PROGRESSIVE)


def progression_gate(case: Case) -> tuple[bool | None, list[str]]:
    """Progressive motor impairment: recorded directly, or implied by a progressive course."""
    recorded = case.course.progressive_motor_impairment
    if recorded is not None:
        return recorded, ["course.progressive_motor_impairment"]
    if case.course.pattern in _PROGRESSIVE_PATTERNS:
        return True, ["course.pattern"]
    return None, []


def exclusion(case: Case) -> tuple[bool | None, list[Alternative]]:
    """The "other diseases excluded" gate and the documented alternatives that close it."""
    alternatives = als_alternatives(case)
    return exclusion_gate(case, alternatives), alternatives


def gate_arrays(case: Case, progression: bool | None) -> tuple[GateArray, GateArray]:
    """The progression and exclusion gates of one case as the vectorised rules take them."""
    return (np.array([gate(progression)], dtype=np.int8),
            np.array([gate(exclusion(case)[0])], dtype=np.int8))


def row(mapping: RegionMap) -> BoolArray:
    """A region map as a (1, 4) boolean array (True where the finding is present)."""
    return np.array([[mapping[r].value is True for r in REGIONS]])


def present(mapping: RegionMap) -> list[Region]:
    return [r for r in REGIONS if mapping[r].value is True]


def names(regions: list[Region]) -> str:
    return ", ".join(r.value for r in regions) if regions else "none"


def refs(mapping: RegionMap, regions: list[Region]) -> list[str]:
    return [ref for r in regions for ref in mapping[r].evidence]


def region_rule(rule_id: str, description: str, mapping: RegionMap, needed: int) -> RuleResult:
    """A rule that counts regions where a map is True."""
    regions = present(mapping)
    unknown = [r for r in REGIONS if mapping[r].value is None]
    status = Status.MET if len(regions) >= needed else (
        Status.INDETERMINATE if len(regions) + len(unknown) >= needed else Status.NOT_MET
    )
    return RuleResult(
        id=rule_id,
        description=f"{description}: {len(regions)} region(s) ({names(regions)}); needs >= {needed}",
        status=status,
        evidence=refs(mapping, regions),
    )


def gate_rules(case: Case, progression: bool | None, progression_refs: list[str]) -> list[RuleResult]:
    """The progression and exclusion requirements every ALS criteria set shares."""
    excluded, alternatives = exclusion(case)
    explicit = ["other_causes_excluded"] if case.other_causes_excluded is not None else []
    return [
        RuleResult(
            id="progression",
            description="Progressive motor impairment by history or repeated examination",
            status=status_of(progression),
            evidence=progression_refs,
        ),
        RuleResult(
            id="other_causes_excluded",
            description="Investigations exclude other diseases that could explain the findings"
            + "".join(f"; not excluded: {a.reason}" for a in alternatives),
            status=status_of(excluded),
            evidence=[a.evidence for a in alternatives] or explicit,
        ),
    ]


def gate_gaps(case: Case, progression: bool | None) -> list[str]:
    """What is still to be documented for the gates."""
    gaps = []
    if progression is None:
        gaps.append("Document progressive motor impairment (history or repeated examination).")
    if exclusion(case)[0] is None:
        gaps.append("Confirm that investigations (imaging, nerve conduction, laboratory) exclude mimics.")
    return gaps


def exclusion_caveats(case: Case) -> list[str]:
    """The caveat every ALS verdict carries while the exclusion of mimics is undocumented."""
    if exclusion(case)[0] is None:
        return ["Other causes are assumed excluded but this is not documented: the verdict stands only "
                "once imaging, nerve conduction and laboratory tests exclude mimics."]
    return []


def overall_status(category_code: int, progression: bool | None, case: Case,
                   maps: tuple[RegionMap, ...]) -> Status:
    """Met when a category is reached with progression documented; indeterminate while unknowns remain.

    An undocumented exclusion of mimics stays a caveat (every criteria set assumes it).
    """
    if progression is False or exclusion(case)[0] is False:
        return Status.NOT_MET
    if category_code > 0:
        return Status.MET if progression else Status.INDETERMINATE
    unknown = any(m[r].value is None for m in maps for r in REGIONS)
    return Status.INDETERMINATE if unknown else Status.NOT_MET


def pairing_gaps(umn: RegionMap, lmn: RegionMap, lmn_words: str) -> list[str]:
    """Regions where one of UMN / LMN is present and the other would complete the pair."""
    gaps = []
    for region in REGIONS:
        u, lo = umn[region].value, lmn[region].value
        if u is True and lo is not True:
            state = "not examined" if lo is None else "absent"
            gaps.append(f"{region.value}: UMN signs present; {lmn_words} {state}")
        elif lo is True and u is not True:
            state = "not examined" if u is None else "absent"
            gaps.append(f"{region.value}: LMN involvement present; UMN signs {state}")
    return gaps
