"""Durations on the case's own time line (never the wall clock: engines stay pure)."""

from __future__ import annotations

import datetime as dt

from sclerodx.case import Case

DAYS_PER_YEAR = 365.25


def years_between(start: dt.date, end: dt.date) -> float:
    """Elapsed years between two dates (365.25-day years)."""
    return (end - start).days / DAYS_PER_YEAR


def years_since(start: dt.date | None, case: Case) -> float | None:
    """Years from ``start`` to the case's reference date, or None when either is unknown.

    A month- or year-precision start stands for the middle of its period; when that
    middle falls after the reference date the duration is 0, never negative.
    """
    end = case.reference_date
    if start is None or end is None:
        return None
    return max(years_between(start, end), 0.0)
