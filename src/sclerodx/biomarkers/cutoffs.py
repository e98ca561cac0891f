"""Every published diagnostic cut-off sclerodx uses, and how a value reads against it.

Each cut-off keeps what it separates, its sensitivity and specificity in the study that
derived it, the assay it was derived on, and its source, so a reading never loses the
context that makes it meaningful. This module is the **one** place a threshold is
defined: the criteria engines, the differential and the biomarker text all read the same
object (``KFLC_MCDONALD_2024.is_positive(x)``), so a value can never be positive in one
part of a report and negative in another.

=====================  ==============  =========  ==========================================
cut-off                specimen        threshold  source
=====================  ==============  =========  ==========================================
κ-FLC index            CSF             ≥ 6.1      Deisenhammer 2025 (McDonald 2024 CSF group)
κ-FLC index            CSF             > 6.6      Leurs 2020
IgG index              CSF             > 0.7      Simonsen 2020 (laboratory-specific)
central vein sign      MRI             ≥ 6        Montalban 2025 (Select-6)
AR CAG repeats         DNA             ≥ 38       Grunseich & Fischbeck 2015
serum / CSF NfL, pNfH  serum, CSF      see below  Verde 2019, Wohnrade 2024, Oeckl 2016,
                                                  Poesen 2017
=====================  ==============  =========  ==========================================

Whether each neurofilament threshold is inclusive is not stated in every abstract; ">"
is used unless the abstract says "≥".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from sclerodx.biomarkers.references import (
    DEISENHAMMER_2025,
    GRUNSEICH_2015,
    LEURS_2020,
    MONTALBAN_2025,
    OECKL_2016,
    POESEN_2017,
    SIMONSEN_2020,
    VERDE_2019,
    WOHNRADE_2024,
    Source,
)
from sclerodx.biomarkers.report import BiomarkerInterpretation, Fluid

#: Where a cut-off is measured: a body fluid, an MRI count, or a genetic test.
Specimen = Literal["serum", "plasma", "csf", "mri", "dna"]
_FLUIDS: frozenset[str] = frozenset({"serum", "plasma", "csf"})


@dataclass(frozen=True, slots=True)
class Cutoff:
    """A published decision threshold.

    Parameters
    ----------
    analyte, fluid
        What was measured, and in which specimen (a fluid, ``"mri"`` or ``"dna"``).
    threshold
        The cut-off value, in ``unit`` (``None`` for unit-less indices).
    inclusive
        ``True`` when values equal to the threshold count as positive (≥), else >.
    comparison
        What the cut-off separates, e.g. "ALS vs ALS mimics".
    positive_reading, negative_reading
        Plain-language reading above / below the threshold.
    sensitivity, specificity
        Fractions (0-1) reported at this threshold; ``None`` when not reported.
    assay
        Platform the threshold was derived on (``"simoa"``, ``"ella"``, ``"elisa"``),
        ``None`` for non-assay-specific indices.
    source
        Where the threshold and its accuracy come from.
    """

    analyte: str
    fluid: Specimen
    threshold: float
    unit: str | None
    inclusive: bool
    comparison: str
    positive_reading: str
    negative_reading: str
    sensitivity: float | None
    specificity: float | None
    assay: str | None
    source: Source

    def is_positive(self, value: float) -> bool:
        """Whether ``value`` is on the positive side of the threshold."""
        return value >= self.threshold if self.inclusive else value > self.threshold

    @property
    def label(self) -> str:
        """The threshold as text, e.g. ``"> 62 pg/mL"``."""
        unit = f" {self.unit}" if self.unit else ""
        return f"{'≥' if self.inclusive else '>'} {self.threshold:g}{unit}"


def _shown(value: float, unit: str) -> str:
    """A measured value as text; a concentration of 0 is the assay's detection limit."""
    if value == 0 and unit.strip() in ("pg/mL", "ng/L", "ng/mL"):
        return "Below the assay's detection limit"
    return f"{value:g}{unit}"


def read_against(
    cutoff: Cutoff, value: float, measured_assay: str | None = None
) -> BiomarkerInterpretation:
    """Read one value against one cut-off.

    Parameters
    ----------
    cutoff
        The published threshold.
    value
        The measured value, already in ``cutoff.unit``.
    measured_assay
        The platform the value was measured on, when known; a platform other than the
        cut-off's adds a caveat, because neurofilament values differ between assays.

    Returns
    -------
    BiomarkerInterpretation
        With the threshold, the side the value falls on, and the threshold's accuracy.

    Raises
    ------
    ValueError
        If the cut-off is not measured in a body fluid (MRI and DNA cut-offs are read
        by the criteria engines, not as biomarker items).
    """
    if cutoff.fluid not in _FLUIDS:
        raise ValueError(f"cut-off {cutoff.analyte!r} is measured on {cutoff.fluid}, not in a body fluid")
    positive = cutoff.is_positive(value)
    reading = cutoff.positive_reading if positive else cutoff.negative_reading
    accuracy = ""
    if cutoff.sensitivity is not None and cutoff.specificity is not None:
        accuracy = (
            f" (sensitivity {cutoff.sensitivity:.0%}, specificity {cutoff.specificity:.0%})"
        )
    elif cutoff.sensitivity is not None:
        accuracy = f" (sensitivity {cutoff.sensitivity:.0%}; specificity not reported)"
    caveats: list[str] = []
    if cutoff.assay is not None:
        if measured_assay is None:
            caveats.append(f"Assay not recorded; this cut-off was derived on {cutoff.assay}.")
        elif measured_assay != cutoff.assay:
            caveats.append(
                f"Measured on {measured_assay} but the cut-off was derived on {cutoff.assay}; "
                "values are not interchangeable between assays."
            )
    verdict = "meets" if positive else "does not meet"
    unit = f" {cutoff.unit}" if cutoff.unit else ""
    return BiomarkerInterpretation(
        analyte=cutoff.analyte,
        fluid=cast(Fluid, cutoff.fluid),
        value=value,
        unit=cutoff.unit,
        interpretation=(
            f"{_shown(value, unit)} {verdict} the cut-off {cutoff.label} ({cutoff.comparison}, "
            f"{cutoff.source.short})"
            f"{accuracy}: {reading}"
        ),
        comparison=cutoff.comparison,
        cutoff=cutoff.threshold,
        above_cutoff=positive,
        sensitivity=cutoff.sensitivity,
        specificity=cutoff.specificity,
        source=cutoff.source,
        caveats=caveats,
    )


# --------------------------------------------------------------------------- the cut-offs

INTRATHECAL_READING = "intrathecal immunoglobulin synthesis, as in most people with MS (rare in ALS)."
NO_INTRATHECAL_READING = "no evidence of intrathecal immunoglobulin synthesis; does not exclude MS."

#: κ-FLC index: "values of ≥6.1 performing best for diagnosing MS" (Deisenhammer 2025,
#: the 2024 McDonald CSF working group). McDonald 2024 "positive CSF" uses this object.
KFLC_MCDONALD_2024 = Cutoff(
    "kFLC index", "csf", 6.1, None, True, "MS vs other neurological disease",
    INTRATHECAL_READING, NO_INTRATHECAL_READING, None, None, None, DEISENHAMMER_2025,
)
#: κ-FLC index 6.6 from a 745-patient multicentre study (Leurs 2020).
KFLC_LEURS_2020 = Cutoff(
    "kFLC index", "csf", 6.6, None, False, "CIS/MS vs controls",
    INTRATHECAL_READING, NO_INTRATHECAL_READING, 0.88, 0.83, None, LEURS_2020,
)
#: IgG index above 0.7 (laboratory-specific upper limit; raised in 76.7% of 842 with MS).
IGG_INDEX_CUTOFF = Cutoff(
    "IgG index", "csf", 0.7, None, False, "raised IgG index (laboratory-specific)",
    INTRATHECAL_READING, NO_INTRATHECAL_READING, 0.767, None, None, SIMONSEN_2020,
)
#: Select-6: at least six lesions with a central vein sign (McDonald 2024).
CVS_SELECT6 = Cutoff(
    "central vein sign lesions", "mri", 6, "lesions", True, "MS vs its mimics",
    "supports MS (Select-6).", "Select-6 not met.", None, None, None, MONTALBAN_2025,
)
#: Androgen-receptor CAG repeats of 38 or more: spinal and bulbar muscular atrophy.
AR_CAG_SBMA = Cutoff(
    "AR CAG repeats", "dna", 38, "repeats", True, "SBMA vs healthy (11-34 repeats)",
    "expanded: spinal and bulbar muscular atrophy (Kennedy disease).", "not expanded.",
    None, None, None, GRUNSEICH_2015,
)

_SUPPORTS_MND = "supports motor neuron disease over the compared conditions."
_AGAINST_MND = "does not support motor neuron disease over the compared conditions; not an exclusion."

#: Neurofilament cut-offs that separate ALS from its mimics (values in pg/mL).
NEUROFILAMENT_CUTOFFS: tuple[Cutoff, ...] = (
    Cutoff("NfL", "serum", 62.0, "pg/mL", False, "ALS vs all other patients",
           _SUPPORTS_MND, _AGAINST_MND, 0.855, 0.818, "simoa", VERDE_2019),
    Cutoff("NfL", "serum", 44.15, "pg/mL", True, "MND vs multifocal motor neuropathy",
           _SUPPORTS_MND, _AGAINST_MND, 0.94, 0.94, "ella", WOHNRADE_2024),
    Cutoff("NfL", "csf", 1431.0, "pg/mL", False, "ALS vs neurological controls",
           _SUPPORTS_MND, _AGAINST_MND, 0.790, 0.864, "elisa", OECKL_2016),
    Cutoff("NfL", "csf", 2453.0, "pg/mL", False, "ALS vs ALS mimics",
           _SUPPORTS_MND, _AGAINST_MND, 0.854, 0.780, "elisa", POESEN_2017),
    Cutoff("pNfH", "csf", 568.5, "pg/mL", False, "ALS vs neurological controls",
           _SUPPORTS_MND, _AGAINST_MND, 0.787, 0.933, "elisa", OECKL_2016),
    Cutoff("pNfH", "csf", 768.0, "pg/mL", False, "ALS vs ALS mimics",
           _SUPPORTS_MND, _AGAINST_MND, 0.907, 0.880, "elisa", POESEN_2017),
    Cutoff("pNfH", "csf", 715.5, "pg/mL", True, "MND vs multifocal motor neuropathy",
           _SUPPORTS_MND, _AGAINST_MND, 0.90, 1.0, "elisa", WOHNRADE_2024),
)


# --------------------------------------------------------------------------- MOG-IgG (differential)

#: A clear-positive serum MOG-IgG: cell-based assay titre >= 1:100 (the reciprocal titre is
#: the value read). With a core demyelinating event and MS excluded it needs no supporting
#: clinical or MRI feature; a low positive (>= 1:10 and < 1:100) or a positive without a
#: titre needs AQP4-IgG seronegativity and a supporting feature (Banwell et al. 2023, Table).
MOG_IGG_CLEAR_POSITIVE = Cutoff(
    analyte="MOG-IgG",
    fluid="serum",
    threshold=100.0,
    unit="reciprocal titre",
    inclusive=True,
    comparison="MOGAD vs MS and other demyelinating disease",
    positive_reading="clear positive: supports MOGAD without further supporting features",
    negative_reading="below the clear-positive titre: low positive needs supporting features",
    sensitivity=None,
    specificity=None,
    assay="cell_based",
    source=Source(
        authors="Banwell B, Bennett JL, Marignier R, et al.",
        year=2023,
        title="Diagnosis of myelin oligodendrocyte glycoprotein antibody-associated disease: "
        "International MOGAD Panel proposed criteria",
        journal="Lancet Neurol 22(3):268-282",
        doi_or_pmid="doi:10.1016/S1474-4422(22)00431-8",
        note="Titre bands from the criteria table (clear positive >= 1:100; low positive >= 1:10 "
        "and < 1:100).",
    ),
)
