"""What a report says, and in which order: the one plan every output follows.

:func:`build_report` turns an assessment into a :class:`ReportContent`: first the
impression (the leading diagnoses with probability and range, the criteria verdicts
that bear on them, the key evidence in clinical words, the two or three next tests that
would change management and why), then the detail (the differential, criteria set by
criteria set with every rule, the finding behind it and its source, the biomarkers).
The HTML/PDF report (:mod:`sclerodx.report.html`) and the text and Markdown summaries
(:mod:`sclerodx.summary`) lay out this one object, so they say the same things in the
same order.

Which criteria bear on which diagnosis follows the criteria texts' own scope: McDonald
2017/2024 for multiple sclerosis (Thompson et al. 2018; Montalban et al. 2025); revised
El Escorial, Awaji and Gold Coast for ALS, of which progressive muscular atrophy is the
lower-motor-neuron form that Gold Coast admits (Shefner et al. 2020); the Turner 2020
consensus criteria for PLS.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sclerodx.assessment import Assessment
from sclerodx.case import Case
from sclerodx.criteria.result import CriterionResult, Status
from sclerodx.differential.diagnoses import Diagnosis
from sclerodx.differential.model import Coexistence, DiagnosisProbability, Differential, NextTest, NotExcluded
from sclerodx.differential.next_test import DEFINING_TESTS, TESTS
from sclerodx.report.wording import ClinicalWords, capitalize_first, lower_first, plain_words

#: Criteria sets (attribute names of :class:`~sclerodx.criteria.result.CriteriaReport`) by diagnosis.
CRITERIA_FOR: dict[Diagnosis, tuple[str, ...]] = {
    Diagnosis.RELAPSING_MS: ("mcdonald_2017", "mcdonald_2024"),
    Diagnosis.PROGRESSIVE_MS: ("mcdonald_2017", "mcdonald_2024"),
    Diagnosis.ALS: ("el_escorial", "awaji", "gold_coast"),
    Diagnosis.PMA: ("gold_coast",),
    Diagnosis.PLS: ("pls",),
}

#: A diagnosis is "leading" from this probability (at most three are shown).
#: expert estimate: 5% is where a neurologist still names a diagnosis in the impression.
LEADING_MIN_PROBABILITY = 0.05
#: A test "changes management" when it changes the leading diagnosis with at least this
#: probability or is expected to tell at least :data:`MIN_INFORMATION_BITS`.
#: expert estimate: below 5% and 0.1 bit the work-up would not change what is done next.
MIN_LEADER_CHANGE = 0.05
MIN_INFORMATION_BITS = 0.1
#: Evidence whose log-odds move the leading diagnosis at least this much is "key".
#: expert estimate: 0.5 log-odds is a likelihood ratio of about 1.6.
KEY_LOG_ODDS = 0.5
MAX_NEXT_STEPS = 3
STATUS_WORDS = {Status.MET: "met", Status.NOT_MET: "not met", Status.INDETERMINATE: "undetermined"}


@dataclass(frozen=True)
class Ranked:
    """One diagnosis with its probability and the range it could take."""

    label: str
    probability: float
    low: float
    high: float

    def words(self) -> str:
        """``Amyotrophic lateral sclerosis 99.9% (range 97-100%)``."""
        return f"{self.label} {percent(self.probability)} (range {probability_range(self.low, self.high)})"


@dataclass(frozen=True)
class NotExcludedLine:
    """A diagnosis defined by a test not yet done: "not excluded; do X" (Differential.not_excluded).

    ``probability`` is ``None`` when the impression already lists the diagnosis among the
    leading ones with its probability (nothing is printed twice).
    """

    label: str
    probability: float | None
    test: str
    defined_by: str

    def words(self) -> str:
        """``Cervical spondylotic myelopathy (30%): not excluded; do MRI of the cervical ... cord.``"""
        shown = "" if self.probability is None else f" ({percent(self.probability)})"
        return (f"{self.label}{shown}: not excluded; do {lower_first(self.test)}. "
                f"It is defined by {self.defined_by}, which has not been done; until then its probability "
                "rests on the prior and the clinical picture.")


@dataclass(frozen=True)
class NextStep:
    """A test or step worth doing next, and why."""

    test: str
    why: str


@dataclass(frozen=True)
class Rule:
    """One rule of a criteria set, with the findings behind it in clinical words."""

    status: Status
    text: str
    findings: list[str]
    provisional: bool


@dataclass(frozen=True)
class Criterion:
    """One criteria set: verdict, rules, what is missing, caveats and its source."""

    key: str
    name: str
    label: str
    status: Status
    relevance: str
    provisional: bool
    rules: list[Rule]
    missing: list[str]
    caveats: list[str]
    citation: str

    @property
    def status_words(self) -> str:
        """``met``, ``not met`` or ``undetermined``."""
        return STATUS_WORDS[self.status]

    @property
    def verdict(self) -> str:
        """``label (status)``, without saying "not met" twice."""
        said = any(word in self.label for word in ("met", "fulfilled"))
        return self.label if said else f"{self.label} ({self.status_words})"


@dataclass(frozen=True)
class Driver:
    """One piece of evidence and how much it moves the leading diagnosis (log-odds)."""

    finding: str
    state: str
    log_odds: float
    investigational: bool


@dataclass(frozen=True)
class Biomarker:
    """A fluid biomarker and its reading, with the source of the cut-off."""

    name: str
    value: str
    reading: str
    source: str


@dataclass(frozen=True)
class ReportContent:
    """Everything a report says, in the order it says it."""

    patient: str
    demographics: str
    case_date: dt.date | None
    report_date: dt.date
    leading: list[Ranked]
    verdicts: list[Criterion]
    no_criteria: str | None
    coexistence: str | None
    not_excluded: list[NotExcludedLine]
    coexisting: list[str]
    supporting: list[str]
    against: list[str]
    next_steps: list[NextStep]
    no_next_step: str | None
    differential: list[Ranked]
    differential_method: str
    interval_meaning: str
    drivers: list[Driver]
    criteria: list[Criterion]
    biomarkers: list[Biomarker]
    disclaimer: str
    version: str
    investigational: bool
    notes: str | None = None
    #: The named causes inside "other", in words, when "other" is plausible (Differential.other_causes).
    other_causes: str | None = None

    @property
    def leader(self) -> Ranked:
        """The most probable diagnosis."""
        return self.leading[0]


def percent(p: float) -> str:
    """A probability as a clinician reads it: whole percent, one decimal near 0 and 100.

    Examples
    --------
    >>> percent(0.42), percent(0.998), percent(0.99999), percent(0.001), percent(1e-9)
    ('42%', '99.8%', '>99.9%', '0.1%', '<0.1%')
    """
    if p >= 0.9995:
        return ">99.9%"
    if p < 0.0005:
        return "<0.1%"
    return f"{p:.1%}" if p >= 0.995 or p < 0.005 else f"{p:.0%}"


def probability_range(low: float, high: float) -> str:
    """``97–100%``."""
    return f"{low * 100:.0f}–{high:.0%}"


def _value(value: float | str, unit: str | None) -> str:
    shown = f"{value:g}" if isinstance(value, float | int) else plain_words(value)
    return f"{shown} {unit}" if unit else shown


def _ranked(p: DiagnosisProbability) -> Ranked:
    return Ranked(p.label, p.probability, p.interval_low, p.interval_high)


def _criterion(key: str, result: CriterionResult, words: ClinicalWords) -> Criterion:
    return Criterion(
        key=key, name=result.name, label=plain_words(result.label), status=result.status,
        relevance=result.relevance, provisional=result.provisional,
        rules=[Rule(r.status, plain_words(r.description), words.phrases(r.evidence), r.provisional)
               for r in result.rules],
        missing=[plain_words(m) for m in result.missing], caveats=[plain_words(c) for c in result.caveats],
        citation=str(result.citation))


def _finding_labels(assessment: Assessment) -> dict[str, str]:
    return {f.finding: f.label for f in assessment.differential.findings}


def _test_why(test: NextTest, labels: dict[str, str]) -> str:
    """Why a test is worth doing, in words (finding identifiers become their labels)."""
    decisive = re.search(r"The most decisive result \((.*?); (\d+%) likely\) would move (.*)$", test.reason)
    change = (f"it changes the leading diagnosis with probability {test.probability_leader_changes:.0%}"
              if test.probability_leader_changes >= 0.005 else
              f"it is expected to tell {test.expected_information_gain_bits:.2f} bits")
    if decisive is None:
        return plain_words(capitalize_first(change) + ".")
    results = "; ".join(
        f"{labels.get(part.rsplit(' ', 1)[0], plain_words(part.rsplit(' ', 1)[0]))} "
        f"{plain_words(part.rsplit(' ', 1)[-1])}" for part in decisive.group(1).split("; "))
    return plain_words(f"{capitalize_first(change)}; its most decisive result ({results}, "
                       f"{decisive.group(2)} likely) would move {decisive.group(3)}")


_TEST_LABELS = {spec.id: spec.label for spec in TESTS}


def _not_excluded(item: NotExcluded, leading: list[Ranked]) -> NotExcludedLine:
    listed = any(r.label == item.diagnosis.label for r in leading)
    return NotExcludedLine(item.diagnosis.label, None if listed else item.probability,
                           _TEST_LABELS.get(item.test, plain_words(item.test)),
                           DEFINING_TESTS[item.diagnosis][2])


#: "Other" is broken down into its causes when at least this probable.
OTHER_SHOWN_MIN_PROBABILITY = 0.05


def other_causes_words(result: Differential) -> str | None:
    """``Other diagnosis (28%) is most likely: Hirayama disease 12% (do cervical MRI in neck
    flexion); ...``, or None when "other" is not plausible or no cause is named."""
    p_other = result.probability(Diagnosis.OTHER)
    if p_other < OTHER_SHOWN_MIN_PROBABILITY or not result.other_causes:
        return None
    causes = "; ".join(f"{c.label} {percent(c.probability)} (do {lower_first(c.test_label)})"
                       for c in result.other_causes[:3])
    return (f"{Diagnosis.OTHER.label} ({percent(p_other)}) is most likely: {causes}; the rest is an "
            "unnamed remainder.")


def _coexisting(item: Coexistence) -> str:
    """The coexistence hypothesis in words (its reason is already a clinical sentence)."""
    return plain_words(item.reason)


def _bearing(leading: list[Ranked], posteriors: list[DiagnosisProbability]) -> set[str]:
    keys: set[str] = set()
    for p in posteriors[:len(leading)]:
        keys.update(CRITERIA_FOR.get(p.diagnosis, ()))
    return keys


def build_report(case: Case, assessment: Assessment, *, report_date: dt.date | None = None,
                 top: int = 6) -> ReportContent:
    """Plan the report of one assessed case.

    Parameters
    ----------
    case
        The case (the evidence references of the assessment point into it).
    assessment
        Its assessment (:func:`sclerodx.assessment.assess`).
    report_date
        Date printed as the date of the report (default: today).
    top
        Diagnoses listed in the differential.

    Returns
    -------
    ReportContent
        The impression and the detail, in order.
    """
    words = ClinicalWords(case)
    result = assessment.differential
    posteriors = result.posteriors
    leading = [_ranked(p) for p in posteriors[:3] if p.probability >= LEADING_MIN_PROBABILITY] or [
        _ranked(posteriors[0])]
    report = assessment.criteria
    keys = ("mcdonald_2017", "mcdonald_2024", "el_escorial", "awaji", "gold_coast", "pls")
    criteria = [_criterion(k, getattr(report, k), words) for k in keys]
    bearing = _bearing(leading, posteriors)
    verdicts = [c for c in criteria
                if c.relevance == "primary" and (c.key in bearing or c.status is Status.MET)]
    no_criteria = None if verdicts else (
        f"sclerodx evaluates no criteria set for {leading[0].label}; none of the MS, ALS and PLS criteria "
        "sets is met (detail below).")
    criteria = verdicts + [c for c in criteria if c not in verdicts]  # the detail follows page one

    labels = _finding_labels(assessment)
    evidence = {f.finding: f.evidence for f in result.findings}
    leader = posteriors[0].diagnosis
    drivers_all = result.drivers(leader, len(result.contributions))
    def refs(sign: int) -> list[str]:
        return [ref for c in drivers_all if sign * c.log_odds >= KEY_LOG_ODDS
                for ref in evidence.get(c.finding, [])]

    supporting = words.phrases(refs(+1), whole_studies=True)
    against = [p for p in words.phrases(refs(-1), whole_studies=True) if p not in supporting]

    steps = [NextStep(t.label, _test_why(t, labels)) for t in result.next_tests
             if t.probability_leader_changes >= MIN_LEADER_CHANGE
             or t.expected_information_gain_bits >= MIN_INFORMATION_BITS]
    families_done: set[tuple[str, ...]] = set()
    for c in verdicts:  # one criteria set per family: McDonald 2017 and 2024 ask for the same work-up
        family = next((f for f in CRITERIA_FOR.values() if c.key in f), (c.key,))
        if c.status is not Status.MET and c.key in bearing and c.missing and family not in families_done:
            families_done.add(family)
            steps += [NextStep(gap, f"{c.name}: {c.label} on the evidence so far") for gap in c.missing]
    steps = steps[:MAX_NEXT_STEPS]
    no_step = None if steps else (
        "No test in the work-up is expected to change the leading diagnosis (none changes it with "
        f"probability {MIN_LEADER_CHANGE:.0%} or more), and the criteria that bear on it need nothing more.")

    drivers = [Driver(labels.get(c.finding, "Age and sex (prior)" if c.finding == "prior" else
                                 plain_words(c.finding)),
                      plain_words(c.state), c.log_odds, c.investigational)
               for c in result.drivers(leader, 8)]
    biomarkers = [Biomarker(f"{it.fluid} {it.analyte}", _value(it.value, it.unit),
                            it.interpretation + (" (approximate)" if it.approximate else "")
                            + (" (investigational)" if it.investigational else ""), str(it.source))
                  for it in assessment.biomarkers.items]
    sex = case.sex.value if case.sex else "sex not recorded"
    age = f"{case.age:g} years" if case.age is not None else "age not recorded"
    return ReportContent(
        patient=case.id or "not recorded", demographics=f"{age}, {sex}", case_date=case.assessment_date,
        report_date=report_date or dt.date.today(), leading=leading, verdicts=verdicts,
        no_criteria=no_criteria,
        coexistence=report.coexistence, not_excluded=[_not_excluded(n, leading) for n in result.not_excluded],
        coexisting=[_coexisting(c) for c in result.coexistence], supporting=supporting, against=against,
        next_steps=steps,
        no_next_step=no_step, differential=[_ranked(p) for p in posteriors[:top]],
        other_causes=other_causes_words(result),
        differential_method=result.method, interval_meaning=result.interval_meaning, drivers=drivers,
        criteria=criteria, biomarkers=biomarkers, disclaimer=assessment.disclaimer,
        version=assessment.sclerodx_version, investigational=assessment.include_investigational,
        notes=case.notes)
