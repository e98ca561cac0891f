"""Biomarker interpretation: neurofilaments, CSF immunoglobulin markers, microRNA.

Every reading carries its source; approximate numbers (the serum NfL age reference)
are flagged ``approximate`` and microRNA readings ``investigational``. A biomarker that
was not measured is listed in ``not_measured``: unknown, never read as normal.
"""

from __future__ import annotations

from sclerodx.biomarkers.csf import interpret_igg_index, interpret_kflc_index, interpret_ocb
from sclerodx.biomarkers.microrna import interpret_microrna
from sclerodx.biomarkers.neurofilament import interpret_neurofilament
from sclerodx.biomarkers.nfl_reference import (
    nfl_percentile,
    nfl_quantile,
    nfl_reference_curve,
    nfl_zscore,
)
from sclerodx.biomarkers.references import Source
from sclerodx.biomarkers.report import BiomarkerInterpretation, BiomarkerReport
from sclerodx.case import CSF, Case, Serum

__all__ = [
    "BiomarkerInterpretation",
    "BiomarkerReport",
    "Source",
    "interpret_biomarkers",
    "interpret_igg_index",
    "interpret_kflc_index",
    "interpret_microrna",
    "interpret_neurofilament",
    "interpret_ocb",
    "nfl_percentile",
    "nfl_quantile",
    "nfl_reference_curve",
    "nfl_zscore",
]


def _serum(serum: Serum | None, case: Case) -> tuple[list[BiomarkerInterpretation], list[str]]:
    if serum is None or serum.nfl is None:
        return [], ["serum NfL"]
    missing = [] if case.age is not None else ["serum NfL age-adjusted percentile (age unknown)"]
    return interpret_neurofilament("NfL", "serum", serum.nfl, case.age, case.bmi), missing


def _csf(csf: CSF | None) -> tuple[list[BiomarkerInterpretation], list[str]]:
    if csf is None:
        return [], ["CSF oligoclonal bands", "CSF IgG index", "CSF kFLC index", "CSF NfL", "CSF pNfH"]
    items: list[BiomarkerInterpretation] = []
    missing: list[str] = []
    if csf.ocb is not None:
        items += interpret_ocb(csf.ocb)
    else:
        missing.append("CSF oligoclonal bands")
    if csf.igg_index is not None:
        items.append(interpret_igg_index(csf.igg_index))
    else:
        missing.append("CSF IgG index")
    if csf.kflc_index is not None:
        items += interpret_kflc_index(csf.kflc_index)
    else:
        missing.append("CSF kFLC index")
    if csf.nfl is not None:
        items += interpret_neurofilament("NfL", "csf", csf.nfl)
    else:
        missing.append("CSF NfL")
    if csf.pnfh is not None:
        items += interpret_neurofilament("pNfH", "csf", csf.pnfh)
    else:
        missing.append("CSF pNfH")
    return items, missing


def interpret_biomarkers(case: Case, include_investigational: bool = False) -> BiomarkerReport:
    """Interpret every biomarker in a case.

    Parameters
    ----------
    case
        The validated case (its model already rejected out-of-range values).
    include_investigational
        Also read microRNA measurements (always labelled investigational).

    Returns
    -------
    BiomarkerReport
        The readings, each with its source, and the analytes that were not measured.
    """
    serum_items, serum_missing = _serum(case.serum, case)
    csf_items, csf_missing = _csf(case.csf)
    items = serum_items + csf_items
    if include_investigational:
        items += [interpret_microrna(m) for m in case.microrna]
    return BiomarkerReport(items=items, not_measured=serum_missing + csf_missing)
