"""The report as one self-contained HTML page (figures embedded as data URIs), ready for PDF.

Page one is the impression; then the differential, every criteria set rule by rule with
the finding behind each rule and its source, and the biomarkers. What is said, and in
which order, comes from :func:`sclerodx.report.impression.build_report`; this module
only lays it out. Print layout (CSS paged media, as WeasyPrint renders it): the patient
identifier and report date head every page, the page number and the disclaimer sit in
every page's footer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from jinja2 import Environment, PackageLoader, select_autoescape

from sclerodx.assessment import Assessment
from sclerodx.case import Case
from sclerodx.report import charts
from sclerodx.report.impression import build_report, percent, probability_range
from sclerodx.report.wording import capitalize_first

_ENV = Environment(loader=PackageLoader("sclerodx.report", "templates"),
                   autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
_ENV.filters["capitalize_first"] = capitalize_first
_MARKS = {"met": "+", "not_met": "−", "indeterminate": "?"}


def render_html(case: Case, assessment: Assessment, figures: Sequence[tuple[str, bytes]] = (), *,
                author: str | None = None, report_date: dt.date | None = None) -> str:
    """Render the report.

    Parameters
    ----------
    case
        The assessed case.
    assessment
        Its assessment (:func:`sclerodx.assessment.assess`).
    figures
        ``(caption, PNG bytes)`` of signal and image figures to include, e.g. those
        written by ``sclerodx emg --figure`` and ``sclerodx mri --figure``.
    author
        Name printed in the sign-off block ("prepared by").
    report_date
        Date of the report (default: today).

    Returns
    -------
    str
        A complete HTML document; figures are embedded, nothing is fetched.
    """
    nfl = case.serum.nfl if case.serum else None
    nfl_uri = (charts.nfl_chart(case.age, nfl.pg_per_ml, case.bmi)
               if nfl is not None and case.age is not None and 18 <= case.age <= 100 else None)
    return _ENV.get_template("report.html.j2").render(
        r=build_report(case, assessment, report_date=report_date), author=author, marks=_MARKS,
        pct=percent, rng=probability_range, cap=capitalize_first, nfl_chart=nfl_uri,
        figures=[(caption, charts.png_uri(data)) for caption, data in figures])
