"""The assessment as one self-contained HTML page (figures embedded as data URIs).

The page is the report a neurologist files: the case summary, every criteria verdict
with its rules and what is missing, the differential and its contributions when the
assessment carries one, serum NfL against its age reference, EMG and MRI findings,
the next tests the criteria would use, the sources, and the disclaimer (at the top
and at the bottom).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape

from sclerodx.assessment import Assessment
from sclerodx.case import Case
from sclerodx.differential import Differential
from sclerodx.report import charts

_ENV = Environment(loader=PackageLoader("sclerodx.report", "templates"),
                   autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
_MARKS = {"met": "+", "not_met": "−", "indeterminate": "?"}


@dataclass(frozen=True)
class DifferentialView:
    """What the report shows of a differential: probabilities and evidence contributions."""

    labels: list[str]
    probabilities: list[float]
    contributions: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    """Per diagnosis label, ``(evidence, log-odds contribution)`` pairs."""
    next_tests: list[str] = field(default_factory=list)


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "—"}[value]


def _summary(case: Case) -> list[tuple[str, str]]:
    rows = [("Age", f"{case.age:g} years" if case.age is not None else "unknown"),
            ("Sex", case.sex.value if case.sex else "unknown")]
    if case.symptom_onset:
        rows.append(("Symptom onset", case.symptom_onset.isoformat()))
    if case.course.pattern:
        rows.append(("Course", case.course.pattern.value.replace("_", " ")))
    rows.append(("Episodes", str(len(case.episodes))))
    for region, exam in case.exam.motor.items():
        present = [s.replace("_", " ") for s in type(exam).model_fields if getattr(exam, s) is True]
        rows.append((f"Motor exam, {region.value}", ", ".join(present) or "no sign recorded as present"))
    rows.append(("Needle EMG", f"{len(case.emg)} muscle(s)"))
    rows.append(("MRI", f"{len(case.mri)} stud(ies), {sum(len(s.lesions) for s in case.mri)} lesion(s)"))
    if case.notes:
        rows.append(("Notes", case.notes))
    return rows


def differential_view(result: Differential, *, top: int = 6, per_diagnosis: int = 8) -> DifferentialView:
    """The part of a differential the report charts: the leading diagnoses and their evidence."""
    leaders = result.posteriors[:top]
    contributions = {}
    for p in leaders[:2]:
        contributions[p.label] = [(f"{c.finding}: {c.state}", c.log_odds)
                                  for c in result.drivers(p.diagnosis, per_diagnosis)]
    return DifferentialView(
        labels=[p.label for p in leaders],
        probabilities=[p.probability for p in leaders],
        contributions=contributions,
        next_tests=[f"{t.label}: {t.reason}" for t in result.next_tests[:5]],
    )


def render_html(case: Case, assessment: Assessment, differential: DifferentialView | None = None,
                figures: Sequence[tuple[str, bytes]] = ()) -> str:
    """Render the report.

    Parameters
    ----------
    case
        The assessed case.
    assessment
        Its assessment (:func:`sclerodx.assessment.assess`).
    differential
        The differential to chart; by default the assessment's own.
    figures
        ``(caption, PNG bytes)`` of signal and image figures to include, e.g. those
        written by ``sclerodx emg --figure`` and ``sclerodx mri --figure``.

    Returns
    -------
    str
        A complete HTML document; figures are embedded, nothing is fetched.
    """
    nfl = case.serum.nfl if case.serum else None
    nfl_uri = (charts.nfl_chart(case.age, nfl.pg_per_ml, case.bmi)
               if nfl is not None and case.age is not None and 18 <= case.age <= 100 else None)
    studies = case.mri_sorted()
    counts = [dict(Counter(lesion.location.value for lesion in s.lesions)) for s in studies]
    lesion_uri = (charts.lesion_chart([s.date.isoformat() for s in studies], counts)
                  if any(counts) else None)
    differential = differential or differential_view(assessment.differential)
    diff = None
    if differential.labels:
        diff = {"chart": charts.differential_chart(differential.labels, differential.probabilities),
                "leaders": list(zip(differential.labels, differential.probabilities, strict=True)),
                "contribution_charts": [
                    charts.contribution_chart([e for e, _ in items], [v for _, v in items],
                                              f"Evidence for {label}")
                    for label, items in differential.contributions.items() if items]}
    next_tests = list(differential.next_tests) if differential else []
    next_tests += [f"{r.name}: {gap}" for r in assessment.criteria.results() for gap in r.missing]
    citations = list(dict.fromkeys(str(r.citation) for r in assessment.criteria.results()))
    citations += list(dict.fromkeys(str(it.source) for it in assessment.biomarkers.items))
    return _ENV.get_template("report.html.j2").render(
        case=case, assessment=assessment, summary=_summary(case), marks=_MARKS, yn=_yes_no,
        nfl_chart=nfl_uri, lesion_chart=lesion_uri, differential=diff, next_tests=next_tests,
        citations=citations, figures=[(caption, charts.png_uri(data)) for caption, data in figures])
