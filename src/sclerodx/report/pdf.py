"""The HTML report as PDF, with WeasyPrint.

WeasyPrint installs from PyPI; it needs the Pango text-layout libraries of the
operating system (Debian: ``libpango-1.0-0 libpangoft2-1.0-0``, present on most
desktop and CI images). It renders the same HTML as the web report, so the two
cannot disagree. The import is deferred so that the rest of sclerodx works where
Pango is missing; the error then says what to install.
"""

from __future__ import annotations


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or its system libraries are missing."""


def html_to_pdf(html: str) -> bytes:
    """Render an HTML document (figures embedded) to PDF bytes."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        raise PdfUnavailableError(
            "PDF output needs WeasyPrint and the Pango libraries (Debian: apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0): {exc}") from None
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
