"""What a criteria engine returns: a category, the rules behind it, what is missing, the source."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    """Whether a rule (or a whole criteria set) is fulfilled on the evidence given.

    ``indeterminate`` means the answer depends on evidence that is unknown.
    """

    MET = "met"
    NOT_MET = "not_met"
    INDETERMINATE = "indeterminate"


def status_of(value: bool | None) -> Status:
    """Map a three-valued truth (True / False / unknown) to a :class:`Status`."""
    if value is None:
        return Status.INDETERMINATE
    return Status.MET if value else Status.NOT_MET


class Citation(BaseModel):
    """A bibliographic source."""

    model_config = ConfigDict(frozen=True)

    authors: str
    year: int
    title: str
    journal: str
    reference: str = Field(description="Volume:pages or DOI.")

    def __str__(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}. {self.journal} {self.reference}."


class RuleResult(BaseModel):
    """One rule of a criteria set, evaluated on the case."""

    id: str
    description: str
    status: Status
    evidence: list[str] = Field(default_factory=list, description="The case items the rule used.")
    provisional: bool = Field(
        default=False, description="The provision could not be confirmed from the published text."
    )


class CriterionResult(BaseModel):
    """The verdict of one criteria set."""

    name: str
    category: str
    label: str = Field(description="The category as a clinician reads it.")
    status: Status
    rules: list[RuleResult] = Field(default_factory=list)
    missing: list[str] = Field(
        default_factory=list, description="What is missing to reach the next category."
    )
    caveats: list[str] = Field(default_factory=list)
    citation: Citation
    provisional: bool = False
    relevance: Literal["primary", "secondary"] = "primary"


class CriteriaReport(BaseModel):
    """All criteria sets evaluated on one case."""

    mcdonald_2017: CriterionResult
    mcdonald_2024: CriterionResult
    el_escorial: CriterionResult
    awaji: CriterionResult
    gold_coast: CriterionResult
    pls: CriterionResult
    coexistence: str | None = None

    def results(self) -> list[CriterionResult]:
        """The verdicts in display order (MS first, then ALS and PLS)."""
        return [self.mcdonald_2017, self.mcdonald_2024, self.el_escorial, self.awaji,
                self.gold_coast, self.pls]
