"""Reports to file: a self-contained HTML page and its PDF. Decision support, not a diagnosis."""

from sclerodx.report.html import DifferentialView, render_html
from sclerodx.report.pdf import PdfUnavailableError, html_to_pdf

__all__ = ["DifferentialView", "PdfUnavailableError", "html_to_pdf", "render_html"]
