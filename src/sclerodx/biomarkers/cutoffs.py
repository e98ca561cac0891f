"""A published diagnostic cut-off and how a value reads against it.

Each cut-off keeps what it separates, its sensitivity and specificity in the study that
derived it, the assay it was derived on, and its source, so a reading never loses the
context that makes it meaningful.
"""

from __future__ import annotations

from dataclasses import dataclass

from sclerodx.biomarkers.references import Source
from sclerodx.biomarkers.report import BiomarkerInterpretation, Fluid


@dataclass(frozen=True, slots=True)
class Cutoff:
    """A published decision threshold.

    Parameters
    ----------
    analyte, fluid
        What was measured, where.
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
    fluid: Fluid
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
    """
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
        fluid=cutoff.fluid,
        value=value,
        unit=cutoff.unit,
        interpretation=(
            f"{value:g}{unit} {verdict} the cut-off {cutoff.label} ({cutoff.comparison}, "
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
