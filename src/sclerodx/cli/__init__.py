"""The ``sclerodx`` command line (typer). Each command lives in its own module."""

from __future__ import annotations

from sclerodx.cli import case_commands, cohort, emg, mri, report, segment, serve
from sclerodx.cli.app import app

__all__ = ["app", "case_commands", "cohort", "emg", "main", "mri", "report", "segment", "serve"]


def main() -> None:
    """Entry point of the ``sclerodx`` console script."""
    app()
