"""Plain-text and Markdown renderings of an assessment, for the terminal and for notes.

They follow the report (:func:`sclerodx.report.impression.build_report`) section by
section: the impression first, then the differential, the criteria and the biomarkers.
Text is wrapped to the terminal's width (as :mod:`rich` measures it; 80 columns when
output is not a terminal); every line, Markdown included, fits that width. By default
each criteria set shows its verdict, what is still needed and its source; ``verbose``
adds every rule with the findings behind it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from sclerodx.assessment import Assessment
from sclerodx.case import Case
from sclerodx.criteria.result import Status
from sclerodx.report.impression import Criterion, ReportContent, build_report, percent, probability_range
from sclerodx.report.wording import capitalize_first

_MARK = {Status.MET: "+", Status.NOT_MET: "-", Status.INDETERMINATE: "?"}
MIN_WIDTH = 40


def terminal_width() -> int:
    """The width of the terminal (``COLUMNS`` is honoured), as :mod:`rich` measures it."""
    from rich.console import Console

    return max(MIN_WIDTH, Console().width)


@dataclass
class _Writer:
    """Headings, paragraphs and bullets, wrapped to ``width``, as text or Markdown."""

    markdown: bool
    width: int
    lines: list[str] = field(default_factory=list)

    def heading(self, text: str, level: int) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        if self.markdown:
            self._wrap(text, "#" * level + " ", "#" * level + " ")
        else:
            self._wrap(text.upper() if level <= 2 else text, "", "")
        if self.markdown:
            self.lines.append("")

    def paragraph(self, text: str, indent: str = "") -> None:
        self._wrap(text, indent, indent)

    def bullet(self, text: str, mark: str = "-", level: int = 0) -> None:
        if self.markdown and not mark[0].isdigit():
            mark = "-"
        pad = "  " * level if self.markdown else "    " * level + "  "
        lead = f"{pad}{mark} "
        self._wrap(text, lead, " " * len(lead))

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def _wrap(self, text: str, first: str, rest: str) -> None:
        self.lines += textwrap.wrap(text, self.width, initial_indent=first, subsequent_indent=rest,
                                    break_on_hyphens=False) or [first.rstrip()]


def _criterion(w: _Writer, c: Criterion, *, verbose: bool) -> None:
    mark = f"[{_MARK[c.status]}] " if not w.markdown else ""
    flag = " (provisional)" if c.provisional else ""
    w.heading(f"{mark}{c.name}: {c.label}{flag}", 3)
    if verbose:
        for rule in c.rules:
            extra = " (provisional)" if rule.provisional else ""
            w.bullet(f"[{_MARK[rule.status]}] {rule.text}{extra}")
            for finding in rule.findings:
                w.bullet(capitalize_first(finding), mark="·", level=1)
    needed = "Would be needed (not advice for this case)" if c.relevance == "secondary" else "Still needed"
    for gap in c.missing:
        w.bullet(f"{needed}: {gap}")
    for caveat in c.caveats:
        w.bullet(f"Note: {caveat}")
    w.bullet(f"Source: {c.citation}")


def _impression(w: _Writer, r: ReportContent) -> None:
    w.heading("Impression", 2)
    w.paragraph("Leading diagnoses:" if len(r.leading) > 1 else "Leading diagnosis:")
    for d in r.leading:
        w.bullet(d.words())
    if r.not_excluded:
        w.paragraph("Not excluded:")
    for n in r.not_excluded:
        w.bullet(n.words())
    if r.other_causes:
        w.paragraph(r.other_causes)
    if r.verdicts:
        w.paragraph("Criteria that bear on it:")
    for c in r.verdicts:
        w.bullet(f"{c.name}: {c.verdict}", mark=_MARK[c.status])
    if r.no_criteria:
        w.paragraph(r.no_criteria)
    if r.coexistence:
        w.paragraph(r.coexistence)
    for together in r.coexisting:
        w.paragraph(together)
    w.paragraph("Key evidence:")
    for e in r.supporting or ["no single finding moves the leading diagnosis much"]:
        w.bullet(capitalize_first(e))
    if r.against:
        w.paragraph("Against it:")
        for e in r.against:
            w.bullet(capitalize_first(e))
    w.paragraph("Next tests that would change management:")
    if not r.next_steps:
        w.bullet(str(r.no_next_step))
    for i, step in enumerate(r.next_steps, 1):
        w.bullet(f"{step.test} Why: {step.why}", mark=f"{i}.")


def _differential(w: _Writer, r: ReportContent) -> None:
    w.heading("Differential", 2)
    w.paragraph("Probability, with the range it could take once the work-up is complete.")
    for d in r.differential:
        w.bullet(f"{percent(d.probability):>6}  {probability_range(d.low, d.high):>9}  {d.label}")
    w.heading(f"What moves {r.leader.label} (log-odds against the average diagnosis)", 3)
    for driver in r.drivers:
        tag = " (investigational)" if driver.investigational else ""
        w.bullet(f"{driver.log_odds:+.2f}  {driver.finding}: {driver.state}{tag}")


def render(case: Case, assessment: Assessment, *, markdown: bool = False, verbose: bool = False,
           width: int | None = None) -> str:
    """A clinician-readable summary in the report's order.

    Parameters
    ----------
    case
        The assessed case (the evidence references point into it).
    assessment
        Its assessment.
    markdown
        Markdown instead of plain text.
    verbose
        Every rule of every criteria set, with the findings behind it.
    width
        Line width; by default the terminal's.

    Returns
    -------
    str
        The summary, ending with the disclaimer.
    """
    r = build_report(case, assessment)
    w = _Writer(markdown=markdown, width=max(MIN_WIDTH, width or terminal_width()))
    title = f"sclerodx assessment of {r.patient}" if case.id else "sclerodx assessment"
    w.heading(title, 1)
    case_date = r.case_date.isoformat() if r.case_date else "not recorded"
    w.paragraph(f"Patient {r.patient}, {r.demographics}; case date {case_date}; sclerodx {r.version}"
                + ("; investigational evidence included" if r.investigational else ""))
    _impression(w, r)
    _differential(w, r)
    w.heading("Criteria", 2)
    primary = r.verdicts
    for c in primary:
        _criterion(w, c, verbose=verbose)
    others = [c for c in r.criteria if c not in primary]
    if others:
        w.heading("Other criteria evaluated", 2)
        for c in others:
            _criterion(w, c, verbose=verbose)
    if r.biomarkers:
        w.heading("Biomarkers", 2)
        for b in r.biomarkers:
            w.bullet(f"{b.name} {b.value}: {b.reading} (source: {b.source})")
    w.blank()
    w.paragraph(r.disclaimer, indent="> " if markdown else "")
    return "\n".join(w.lines) + "\n"
