"""The differential's output: typed, serialisable, self-explaining."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from sclerodx.differential.diagnoses import Diagnosis

DISCLAIMER = (
    "Decision support, not a diagnosis. The probabilities come from a Bayesian model "
    "whose numbers are partly expert estimates; they are internally consistent but have not "
    "been validated against a clinical cohort. A clinician must weigh them against the whole "
    "picture."
)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DiagnosisProbability(_Model):
    """The posterior probability of one diagnosis with its uncertainty interval."""

    diagnosis: Diagnosis
    label: str
    probability: float = Field(ge=0, le=1)
    interval_low: float = Field(ge=0, le=1)
    interval_high: float = Field(ge=0, le=1)
    snomed_ct: str | None = None


class Contribution(_Model):
    """How much one finding (or the prior) moves one diagnosis, in log-odds.

    ``log_odds`` is the finding's term in the centred log-ratio of the diagnosis: the
    log-odds of the diagnosis against the geometric mean of all diagnoses. For each
    diagnosis the ``prior`` row plus every finding row add up exactly to
    ``log p(diagnosis) - mean over diagnoses of log p``.
    """

    finding: str
    state: str
    diagnosis: Diagnosis
    log_odds: float
    investigational: bool = False


class ObservedFinding(_Model):
    """A finding as read from the case."""

    finding: str
    label: str
    state: str | None
    evidence: list[str] = Field(default_factory=list)
    investigational: bool = False
    used: bool = Field(description="Whether the finding entered the posterior (known, and not "
                                   "investigational unless opted in).")


class NextTest(_Model):
    """A test not yet done that would change something, ranked by expected value.

    ``expected_value_bits`` is the expected information gain minus the test's burden
    (cost, invasiveness, waiting time) in bits; ``burden_source`` says where the burden
    comes from.
    """

    test: str
    label: str
    findings: list[str]
    expected_information_gain_bits: float = Field(ge=0)
    probability_leader_changes: float = Field(ge=0, le=1)
    burden_bits: float = Field(ge=0)
    expected_value_bits: float
    burden_source: str
    reason: str


class NotExcluded(_Model):
    """A diagnosis defined by a test that has not been done: "not excluded; do X"."""

    diagnosis: Diagnosis
    probability: float = Field(ge=0, le=1)
    test: str
    reason: str


class Coexistence(_Model):
    """Two diagnoses present together (MS and ALS), with its probability and the reading."""

    diagnoses: list[Diagnosis]
    probability: float = Field(ge=0, le=1)
    reason: str


class OtherCause(_Model):
    """A named cause inside the catch-all ``other``, with its probability and defining test.

    ``probability`` is of the whole posterior (the causes' probabilities and the unnamed
    remainder's add up to ``other``'s); ``probability_within_other`` is P(cause | other,
    evidence).
    """

    cause: str
    label: str
    probability: float = Field(ge=0, le=1)
    probability_within_other: float = Field(ge=0, le=1)
    test: str = Field(description="The next-test id that defines the cause.")
    test_label: str


class Differential(_Model):
    """The explained differential of one case."""

    posteriors: list[DiagnosisProbability] = Field(
        description="Most probable first, except that a diagnosis defined by a test not yet done does "
        "not lead on its prior alone (see not_excluded).")
    contributions: list[Contribution]
    next_tests: list[NextTest] = Field(description="Highest expected value first; only tests that "
                                       "would change something.")
    not_excluded: list[NotExcluded] = Field(
        default_factory=list, description="Test-defined diagnoses still possible because their "
        "defining test is not done.")
    findings: list[ObservedFinding]
    coexistence: list[Coexistence] = Field(
        default_factory=list, description="Diagnoses that may be present together (MS and ALS), "
        "outside the single-diagnosis posteriors.")
    other_causes: list[OtherCause] = Field(
        default_factory=list, description="The most probable named causes inside 'other' (its "
        "posterior is their sum plus an unnamed remainder), most probable first.")
    investigational_included: bool
    method: str
    interval_meaning: str
    disclaimer: str = DISCLAIMER

    @property
    def leading(self) -> DiagnosisProbability:
        """The leading diagnosis: the most probable one, unless that is a test-defined diagnosis
        whose test is pending and which leads only on its prior."""
        return self.posteriors[0]

    def probability(self, diagnosis: Diagnosis) -> float:
        """Posterior probability of one diagnosis."""
        return next(p.probability for p in self.posteriors if p.diagnosis is diagnosis)

    def log_odds(self, diagnosis: Diagnosis) -> float:
        """Sum of the contributions to one diagnosis (its centred log-ratio)."""
        return sum(c.log_odds for c in self.contributions if c.diagnosis is diagnosis)

    def drivers(self, diagnosis: Diagnosis, top: int) -> list[Contribution]:
        """The ``top`` contributions to one diagnosis, largest in absolute log-odds first."""
        return sorted((c for c in self.contributions if c.diagnosis is diagnosis),
                      key=lambda c: abs(c.log_odds), reverse=True)[:top]
