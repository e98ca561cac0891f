"""Reports to file: a self-contained HTML page and its PDF. Decision support, not a diagnosis.

:mod:`sclerodx.report.impression` decides what a report says and in which order;
:mod:`sclerodx.report.wording` words the evidence; :mod:`sclerodx.report.html` and
:mod:`sclerodx.summary` (text and Markdown) only lay it out. The HTML and PDF layer
(jinja2, matplotlib, WeasyPrint) is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sclerodx.report.html import render_html
    from sclerodx.report.pdf import PdfUnavailableError, html_to_pdf

__all__ = ["PdfUnavailableError", "html_to_pdf", "render_html"]


def __getattr__(name: str) -> Any:
    if name == "render_html":
        from sclerodx.report.html import render_html

        return render_html
    if name in ("PdfUnavailableError", "html_to_pdf"):
        from sclerodx.report import pdf

        return getattr(pdf, name)
    raise AttributeError(f"module 'sclerodx.report' has no attribute {name!r}")
