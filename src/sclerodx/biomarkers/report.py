"""What biomarker interpretation returns: one typed item per reading, each with its source."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sclerodx.biomarkers.references import Source

Fluid = Literal["serum", "plasma", "csf"]


class BiomarkerInterpretation(BaseModel):
    """One reading of one biomarker: against an age reference, a cut-off or a pattern table.

    A single measured value can give several items (for example serum NfL against its
    age reference and against two diagnostic cut-offs), so that each number keeps its
    own source and its own accuracy figures.
    """

    model_config = ConfigDict(frozen=True)

    analyte: str = Field(description="e.g. 'NfL', 'pNfH', 'OCB', 'IgG index', 'kFLC index', 'miR-181a'.")
    fluid: Fluid
    value: float | str = Field(description="The measured value (a pattern name for OCB).")
    unit: str | None = Field(default=None, description="None for unit-less indices and patterns.")
    interpretation: str = Field(description="Plain-language reading, decision support only.")
    comparison: str | None = Field(
        default=None, description="What the cut-off separates, e.g. 'ALS vs ALS mimics'."
    )
    percentile: float | None = Field(default=None, ge=0, le=100)
    z: float | None = None
    cutoff: float | None = None
    above_cutoff: bool | None = None
    sensitivity: float | None = Field(default=None, ge=0, le=1)
    specificity: float | None = Field(default=None, ge=0, le=1)
    source: Source
    approximate: bool = Field(
        default=False, description="The number comes from an approximation of the published model."
    )
    investigational: bool = Field(
        default=False, description="Research-grade evidence, never a criterion input."
    )
    caveats: list[str] = Field(default_factory=list)


class BiomarkerReport(BaseModel):
    """All biomarker readings of one case, plus what was not measured.

    ``not_measured`` lists analytes with no value in the case: unknown, never
    counted as normal.
    """

    model_config = ConfigDict(frozen=True)

    items: list[BiomarkerInterpretation] = Field(default_factory=list)
    not_measured: list[str] = Field(default_factory=list)

    def for_analyte(self, analyte: str, fluid: Fluid | None = None) -> list[BiomarkerInterpretation]:
        """The items of one analyte (optionally in one fluid)."""
        return [
            item
            for item in self.items
            if item.analyte == analyte and (fluid is None or item.fluid == fluid)
        ]
