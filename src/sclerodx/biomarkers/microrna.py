"""Circulating microRNA: investigational evidence with small, cited effect sizes.

No microRNA is part of any diagnostic criterion, assays are not standardised, and
published panels are heterogeneous, so every reading here is labelled
investigational. The differential engine decides whether and how much such evidence
may move a posterior; this module only supplies the display text and effect sizes.

=============  =======  ==========================================================  ==========
family         disease  effect                                                      source
=============  =======  ==========================================================  ==========
miR-181        ALS      high plasma level: more than twice the risk of death        Magen 2021
                        (discovery n=126, replication n=122); prognostic, not
                        diagnostic; better combined with NfL
(any other)    MS       circulating-miRNA panels, 11 studies (600 MS, 389           Zhou 2020
                        controls): pooled sensitivity 0.81, specificity 0.75,
                        AUC 0.85; heterogeneous assays
=============  =======  ==========================================================  ==========

References
----------
Magen I, et al. Nat Neurosci 2021;24:1534-1541.
Zhou Z, et al. Front Neurol 2020;11:132.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sclerodx.biomarkers.references import MAGEN_2021, ZHOU_2020, Source
from sclerodx.biomarkers.report import BiomarkerInterpretation
from sclerodx.case import MicroRNA


@dataclass(frozen=True, slots=True)
class MicroRNAEffect:
    """A published effect size of one microRNA family (investigational).

    ``family`` is the number after "miR-" (``"181"`` covers miR-181a, miR-181b-5p, ...).
    """

    family: str
    disease: str
    effect: str
    sensitivity: float | None
    specificity: float | None
    source: Source


MICRORNA_EFFECTS: tuple[MicroRNAEffect, ...] = (
    MicroRNAEffect(
        family="181",
        disease="ALS",
        effect="High plasma miR-181 was linked to more than twice the risk of death in ALS "
        "(discovery 126, replication 122 patients); a prognostic, not a diagnostic, marker.",
        sensitivity=None,
        specificity=None,
        source=MAGEN_2021,
    ),
)
#: Shown for microRNAs without a family-specific effect size.
PANEL_EFFECT = MicroRNAEffect(
    family="",
    disease="MS",
    effect="No cited effect size for this microRNA alone. Circulating-miRNA panels in MS (11 "
    "studies, 600 MS, 389 controls) pooled sensitivity 0.81, specificity 0.75, AUC 0.85, with "
    "heterogeneous, unstandardised assays.",
    sensitivity=0.81,
    specificity=0.75,
    source=ZHOU_2020,
)

_FAMILY = re.compile(r"mi[rR]-(\d+)")


def microrna_effect(name: str) -> MicroRNAEffect:
    """The cited effect for a microRNA name (family-specific, else the MS panel summary)."""
    match = _FAMILY.search(name)
    if match is None:
        raise ValueError(f"name must be a microRNA name such as 'miR-181a-5p', got {name!r}")
    family = match.group(1)
    return next((e for e in MICRORNA_EFFECTS if e.family == family), PANEL_EFFECT)


def interpret_microrna(measurement: MicroRNA) -> BiomarkerInterpretation:
    """Display text and effect size for one microRNA measurement, labelled investigational."""
    effect = microrna_effect(measurement.name)
    return BiomarkerInterpretation(
        analyte=measurement.name,
        fluid=measurement.fluid,
        value=measurement.fold_change,
        unit="fold change",
        comparison=f"investigational, {effect.disease}",
        interpretation=f"Investigational: {effect.effect}",
        sensitivity=effect.sensitivity,
        specificity=effect.specificity,
        source=effect.source,
        investigational=True,
        caveats=["Not a criterion input; assay- and laboratory-specific fold changes."],
    )
