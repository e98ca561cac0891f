"""Plain-text and Markdown renderings of an assessment, for the terminal and for notes."""

from __future__ import annotations

from sclerodx.assessment import Assessment
from sclerodx.criteria.result import CriterionResult, Status

_MARK = {Status.MET: "+", Status.NOT_MET: "-", Status.INDETERMINATE: "?"}


def _criterion_lines(result: CriterionResult, *, markdown: bool) -> list[str]:
    flag = " [provisional]" if result.provisional else ""
    head = f"### {result.name}: {result.label}{flag}" if markdown else f"{result.name}: {result.label}{flag}"
    lines = [head]
    bullet = "- " if markdown else "    "
    for rule in result.rules:
        provisional = " [provisional]" if rule.provisional else ""
        lines.append(f"{bullet}[{_MARK[rule.status]}] {rule.description}{provisional}")
    for gap in result.missing:
        lines.append(f"{bullet}missing: {gap}")
    for caveat in result.caveats:
        lines.append(f"{bullet}note: {caveat}")
    lines.append(f"{bullet}source: {result.citation}")
    return lines


def _biomarker_lines(assessment: Assessment, *, markdown: bool) -> list[str]:
    items = assessment.biomarkers.items
    if not items:
        return []
    lines = ["## Biomarkers" if markdown else "BIOMARKERS"]
    bullet = "- " if markdown else "    "
    for item in items:
        unit = f" {item.unit}" if item.unit else ""
        tags = "".join(t for t, on in ((" [approximate]", item.approximate),
                                       (" [investigational]", item.investigational)) if on)
        lines.append(f"{bullet}{item.fluid} {item.analyte} {item.value}{unit}: {item.interpretation}{tags}")
    return lines


def _differential_lines(assessment: Assessment, *, markdown: bool, top: int = 6) -> list[str]:
    result = assessment.differential
    bullet = "- " if markdown else "    "
    lines = ["## Differential" if markdown else "DIFFERENTIAL (probability, with the range it could take "
             "once the work-up is complete)"]
    if markdown:
        lines.append(f"Probability with the range it could take once the work-up is complete. "
                     f"{result.method}")
    for p in result.posteriors[:top]:
        lines.append(f"{bullet}{p.probability:6.1%}  [{p.interval_low:.0%}-{p.interval_high:.0%}]  {p.label}")
    leader = result.leading
    lines.append(("### " if markdown else "") + f"What drives {leader.label} (log-odds against the average "
                 "diagnosis)")
    for c in result.drivers(leader.diagnosis, 5):
        tag = " [investigational]" if c.investigational else ""
        lines.append(f"{bullet}{c.log_odds:+.2f}  {c.finding} = {c.state}{tag}")
    if result.next_tests:
        lines.append(("### " if markdown else "") + "Next best tests")
        for t in result.next_tests[:3]:
            lines.append(f"{bullet}{t.reason}")
    return lines


def render(assessment: Assessment, *, markdown: bool = False) -> str:
    """A clinician-readable summary: each verdict with its reasons, gaps and source."""
    title = f"sclerodx assessment{f' of {assessment.case_id}' if assessment.case_id else ''}"
    lines = [f"# {title}" if markdown else title.upper(), ""]
    lines.append(("## " if markdown else "") + ("Criteria" if markdown else "CRITERIA"))
    for result in assessment.criteria.results():
        lines += _criterion_lines(result, markdown=markdown)
        lines.append("")
    lines += [*_differential_lines(assessment, markdown=markdown), ""]
    bio = _biomarker_lines(assessment, markdown=markdown)
    if bio:
        lines += [*bio, ""]
    lines.append(f"{'> ' if markdown else ''}{assessment.disclaimer}")
    return "\n".join(lines) + "\n"
