"""Quantitative EMG: motor unit potentials read against published reference values.

A clinic's EMG machine reports, per muscle, the mean duration and amplitude of the
motor unit potentials (MUPs) it sampled, often with the number of phases or the share
of polyphasic potentials; multi-MUP analysis also lists every MUP. A
neurophysiologist reads these against the reference values of the same muscle:

* **mean duration** (the primary measure; Buchthal 1957): a mean that lies more than
  20 % from the reference mean is abnormal - longer in chronic neurogenic change
  (reinnervated units have more fibres spread over a wider territory), shorter in
  myopathy (units lose fibres) (Buchthal 1957; Buchthal & Rosenfalck 1955);
* **mean amplitude**: outside the reference mean ± 2 SD (the convention for the limits
  of a mean; Stålberg et al. 1996);
* **outliers** (per-MUP tables only): a muscle is abnormal when more than 2 of its
  first 20 MUPs lie beyond the muscle's upper or lower outlier limit of amplitude or
  duration (Stålberg, Bischoff & Falck 1994; the definition used with the Uppsala
  reference material, as published by the Norwegian Society of Clinical
  Neurophysiology).

* **polyphasia** (where the muscle's table gives limits: the share of polyphasic MUPs,
  or the mean number of phases, above its upper limit): increased in neurogenic and in
  myopathic muscles alike, so it never chooses between them (Stålberg et al. 1996).

Findings beyond the upper limits of duration or amplitude are neurogenic, beyond the
lower limits myopathic; findings on both sides make the muscle *indeterminate* (a mixed
pattern is seen in chronic myopathies and cannot be called from the numbers alone).
Increased polyphasia beside a normal duration and amplitude makes the muscle
*indeterminate* too - abnormal, but not in a direction the numbers can name. Where the
table gives no polyphasia limit, phases and the polyphasic share are reported only, and
the result says so.

The module is pure: numbers in, a :class:`QEMGResult` out. Bad input raises
:class:`~sclerodx.emg.records.EMGInputError` naming the field.

References
----------
.. [1] Buchthal F. An Introduction to Electromyography. Copenhagen: Gyldendal; 1957
       (the ±20 % rule on mean MUP duration).
.. [2] Buchthal F, Rosenfalck P. Action potential parameters in different human
       muscles. Acta Psychiatr Neurol Scand. 1955;30:125-131.
.. [3] Stålberg E, Bischoff C, Falck B. Outliers, a way to detect abnormality in
       quantitative EMG. Muscle Nerve. 1994;17:392-399.
.. [4] Stålberg E, Nandedkar SD, Sanders DB, Falck B. Quantitative motor unit
       potential analysis. J Clin Neurophysiol. 1996;13:401-422.
.. [5] The reference values and their sources: :mod:`sclerodx.emg.reference_values`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from sclerodx.anatomy import find_muscle
from sclerodx.emg.records import EMGInputError
from sclerodx.emg.reference_values import ADULT_AGE, REFERENCES, MUPReference

QEMGClass = Literal["neurogenic", "myopathic", "normal", "indeterminate"]
State = Literal["low", "normal", "high", "not assessed"]

#: Buchthal's rule: a mean duration more than this fraction from the reference mean is
#: abnormal (ref. [1]). Buchthal defined it against his own age- and muscle-specific
#: means; here it is applied to the reference mean of the table above (an adaptation,
#: stated in every result).
DURATION_DEVIATION = 0.20
#: Limits of a mean amplitude: reference mean ± this many SD (ref. [4]).
AMPLITUDE_SD_LIMIT = 2.0
#: Outlier criterion (ref. [3], [5]): more than this many of the first OUTLIER_MUPS MUPs.
OUTLIER_MUPS, OUTLIERS_MORE_THAN = 20, 2
#: Fewest MUPs from which the *absence* of outliers is reported. expert estimate: half
#: the 20 the limits were derived from; with fewer, three outliers cannot be excluded.
MIN_MUPS_FOR_ABSENCE = 10
#: The multi-MUP analysis is designed for at least 20 different MUPs per muscle (ref. [5]).
RECOMMENDED_MUPS = 20
#: A MUP with more than this many phases is polyphasic (AANEM glossary of terms in
#: neuromuscular and electrodiagnostic medicine, "polyphasic action potential").
POLYPHASIC_MORE_THAN_PHASES = 4

#: Physiologically possible ranges of the inputs (concentric needle). expert estimate:
#: well beyond the published normal and pathological ranges (MUP durations 2-40 ms,
#: amplitudes 50 µV-15 mV, up to about 15 phases), so only impossible values are refused.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "duration_ms": (1.0, 60.0),
    "amplitude_uv": (10.0, 30000.0),
    "phases": (1.0, 30.0),
    "turns": (0.0, 60.0),
    "polyphasic_percent": (0.0, 100.0),
    "n_mups": (1.0, 1000.0),
    "age": (0.0, 120.0),
}


@dataclass(frozen=True, slots=True)
class MUP:
    """One motor unit potential of a per-MUP table."""

    duration_ms: float
    amplitude_uv: float  # peak-to-peak
    phases: int | None = None
    turns: int | None = None


@dataclass(frozen=True, slots=True)
class QEMGSummary:
    """A muscle's quantitative EMG as an EMG machine reports it."""

    mean_duration_ms: float
    mean_amplitude_uv: float | None
    mean_phases: float | None = None
    polyphasic_percent: float | None = None
    n_mups: int | None = None


@dataclass(frozen=True, slots=True)
class Measure:
    """One measure against its reference limits."""

    name: str
    value: float | None
    low: float | None
    high: float | None
    state: State
    rule: str


@dataclass(frozen=True)
class QEMGResult:
    """The class of a muscle's MUPs, the reference used, each measure and why."""

    label: QEMGClass
    muscle: str
    age: float | None
    reference: MUPReference
    measures: tuple[Measure, ...]
    explanation: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form, with a ``class`` field."""
        ref = self.reference
        return {
            "class": self.label,
            "muscle": self.muscle,
            "age": self.age,
            "reference": {"muscle": ref.muscle, "source": ref.source, "ages": ref.ages,
                          "mean_amplitude_uv": list(ref.amplitude_uv),
                          "mean_duration_ms": list(ref.duration_ms),
                          "amplitude_outlier_limits_uv": _listed(ref.amplitude_outliers_uv),
                          "duration_outlier_limits_ms": _listed(ref.duration_outliers_ms),
                          "mean_phases": _listed(ref.mean_phases),
                          "polyphasic_upper_percent": ref.polyphasic_upper_percent},
            "measures": [{"name": m.name, "value": m.value, "low": m.low, "high": m.high,
                          "state": m.state, "rule": m.rule} for m in self.measures],
            "explanation": list(self.explanation),
            "note": "Decision support only: read with the whole clinical picture.",
        }


def _listed(pair: tuple[float, float] | None) -> list[float] | None:
    return None if pair is None else list(pair)


def _check(field: str, value: float | None) -> None:
    if value is None:
        return
    low, high = PLAUSIBLE[field.removeprefix("mean_")]
    if not np.isfinite(value) or not low <= value <= high:
        raise EMGInputError(f"{field}: expected a number from {low:g} to {high:g}")


def reference_for(muscle: str, age: float | None = None) -> MUPReference:
    """The reference values of a muscle (name or alias), for an adult.

    Raises
    ------
    EMGInputError
        ``muscle`` unknown or without published reference values here; ``age`` outside
        physiology or below the adult age the reference covers.
    """
    try:
        name = find_muscle(muscle).name
    except KeyError as exc:
        raise EMGInputError(f"muscle: {exc.args[0]}") from None
    _check("age", age)
    if name not in REFERENCES:
        raise EMGInputError(f"muscle: no published quantitative EMG reference for {name!r} here; "
                            f"available: {', '.join(REFERENCES)}")
    if age is not None and age < ADULT_AGE:
        raise EMGInputError(f"age: the reference values are for adults (from {ADULT_AGE:g} years); "
                            f"no published reference for children is held for {name}")
    return REFERENCES[name]


#: Measures that say a muscle is abnormal but not in which direction (ref. [4]).
NONSPECIFIC = frozenset({"polyphasic percent", "mean phases"})


def _verdicts(measures: Sequence[Measure]) -> tuple[set[str], set[str], set[str]]:
    high = {m.name for m in measures if m.state == "high" and m.name not in NONSPECIFIC}
    low = {m.name for m in measures if m.state == "low" and m.name not in NONSPECIFIC}
    nonspecific = {m.name for m in measures if m.state == "high" and m.name in NONSPECIFIC}
    return high, low, nonspecific


def _classify(reference: MUPReference, age: float | None, measures: list[Measure],
              notes: list[str]) -> QEMGResult:
    high, low, nonspecific = _verdicts(measures)
    assessed = [m for m in measures if m.state != "not assessed"]
    label: QEMGClass
    if high and low:
        label = "indeterminate"
        notes.insert(0, f"indeterminate: beyond the upper limit ({', '.join(sorted(high))}) and "
                        f"the lower limit ({', '.join(sorted(low))}) at once - a mixed pattern the "
                        "numbers alone cannot call")
    elif high:
        label = "neurogenic"
        notes.insert(0, f"neurogenic: {', '.join(sorted(high))} above the reference")
    elif low:
        label = "myopathic"
        notes.insert(0, f"myopathic: {', '.join(sorted(low))} below the reference")
    elif nonspecific:
        label = "indeterminate"
        notes.insert(0, f"indeterminate: {', '.join(sorted(nonspecific))} above the reference "
                        "with duration and amplitude within it - abnormal, but polyphasia is "
                        "increased in neurogenic and myopathic muscles alike")
    elif assessed:
        label = "normal"
        notes.insert(0, "normal: every assessed measure within the reference limits")
    else:
        label = "indeterminate"
        notes.insert(0, "indeterminate: no measure could be assessed")
    if nonspecific and (high or low):
        notes.append(f"{', '.join(sorted(nonspecific))} also above the reference (nonspecific)")
    notes.append(f"reference: {reference.muscle}, {reference.source}; {reference.ages}"
                 + (f" (age {age:g} recorded, limits unchanged)" if age is not None else ""))
    notes.append("duration rule: Buchthal's ±20 % applied to this reference's mean (Buchthal "
                 "defined it against his own age-specific means, which are not held here)")
    return QEMGResult(label, reference.muscle, age, reference, tuple(measures), tuple(notes))


def _state(value: float, low: float | None, high: float | None) -> State:
    if high is not None and value > high:
        return "high"
    if low is not None and value < low:
        return "low"
    return "normal"


#: Why a band-limited amplitude is judged against the upper limits only.
BAND_LIMITED = ("lower limit not applied: the amplitude was measured on the pipeline's "
                "2 Hz-1.5 kHz template band, which lowers a spike's peak against the clinical "
                "2 Hz-10 kHz band of the reference (sclerodx.emg.reference)")


def _mean_measures(reference: MUPReference, summary: QEMGSummary,
                   band_limited: bool = False) -> list[Measure]:
    """Each mean value against its limits, or why it is not assessed."""
    d_mean = reference.duration_ms[0]
    d_low, d_high = d_mean * (1 - DURATION_DEVIATION), d_mean * (1 + DURATION_DEVIATION)
    a_mean, a_sd = reference.amplitude_uv
    a_low, a_high = a_mean - AMPLITUDE_SD_LIMIT * a_sd, a_mean + AMPLITUDE_SD_LIMIT * a_sd
    duration = summary.mean_duration_ms
    out = [Measure("mean duration", duration, round(d_low, 2), round(d_high, 2),
                   _state(duration, d_low, d_high), "reference mean ± 20 % (Buchthal 1957)")]
    amplitude = summary.mean_amplitude_uv
    if amplitude is None:
        out.append(Measure("mean amplitude", None, round(a_low, 1), round(a_high, 1),
                           "not assessed", "amplitude not given (an uncalibrated record has no "
                           "µV scale)"))
    else:
        state = _state(amplitude, a_low, a_high)
        out.append(Measure("mean amplitude", amplitude, round(a_low, 1), round(a_high, 1),
                           "not assessed" if band_limited and state == "low" else state,
                           "reference mean ± 2 SD (Stålberg et al. 1996)"
                           + (f"; {BAND_LIMITED}" if band_limited else "")))
    if summary.polyphasic_percent is not None:
        limit = reference.polyphasic_upper_percent
        out.append(_reported("polyphasic percent", summary.polyphasic_percent) if limit is None
                   else Measure("polyphasic percent", summary.polyphasic_percent, None, limit,
                                _state(summary.polyphasic_percent, None, limit),
                                "upper limit of the reference's polyphasic share"))
    if summary.mean_phases is not None:
        if reference.mean_phases is None:
            out.append(_reported("mean phases", summary.mean_phases))
        else:
            p_mean, p_sd = reference.mean_phases
            p_high = round(p_mean + AMPLITUDE_SD_LIMIT * p_sd, 2)
            out.append(Measure("mean phases", summary.mean_phases, None, p_high,
                               _state(summary.mean_phases, None, p_high),
                               "reference mean + 2 SD (upper limit only: fewer phases are "
                               "not a finding)"))
    return out


def _reported(name: str, value: float | None) -> Measure:
    return Measure(name, value, None, None, "not assessed",
                   "reported only: the reference table gives no limit for this measure")


def interpret_summary(summary: QEMGSummary, muscle: str, age: float | None = None) -> QEMGResult:
    """Classify a muscle from the mean values an EMG machine reports.

    Parameters
    ----------
    summary
        Mean duration (ms) and amplitude (µV, peak-to-peak; None for an uncalibrated
        record, then not assessed), optionally mean phases or the polyphasic share, and
        the number of MUPs the means came from.
    muscle
        Muscle sampled (name or alias of :mod:`sclerodx.anatomy`).
    age
        Age in years (checked; the held reference is not age-specific).

    Returns
    -------
    QEMGResult
        Class, reference, each measure against it and the explanation.

    Examples
    --------
    >>> interpret_summary(QEMGSummary(14.1, 820.0), "biceps", 60).label
    'neurogenic'
    """
    _check("mean_duration_ms", summary.mean_duration_ms)
    _check("mean_amplitude_uv", summary.mean_amplitude_uv)
    _check("mean_phases", summary.mean_phases)
    _check("polyphasic_percent", summary.polyphasic_percent)
    _check("n_mups", None if summary.n_mups is None else float(summary.n_mups))
    if summary.mean_phases is not None and summary.polyphasic_percent is not None:
        raise EMGInputError("mean_phases: give either the mean phases or the polyphasic percent")
    reference = reference_for(muscle, age)
    measures = _mean_measures(reference, summary)
    notes = []
    if summary.n_mups is None:
        notes.append("number of MUPs not given: the means are taken at face value")
    elif summary.n_mups < RECOMMENDED_MUPS:
        notes.append(f"only {summary.n_mups} MUPs (the reference assumes at least "
                     f"{RECOMMENDED_MUPS}): the means are less certain")
    return _classify(reference, age, measures, notes)


def summarise(mups: Sequence[MUP]) -> QEMGSummary:
    """Mean duration, amplitude and phases, and the polyphasic share.

    A MUP is polyphasic with more than :data:`POLYPHASIC_MORE_THAN_PHASES` phases.
    """
    if not mups:
        raise EMGInputError("mups: expected at least one motor unit potential")
    phases = [m.phases for m in mups if m.phases is not None]
    return QEMGSummary(
        mean_duration_ms=float(np.mean([m.duration_ms for m in mups])),
        mean_amplitude_uv=float(np.mean([m.amplitude_uv for m in mups])),
        mean_phases=float(np.mean(phases)) if phases else None,
        polyphasic_percent=(100.0 * sum(p > POLYPHASIC_MORE_THAN_PHASES for p in phases)
                            / len(phases)) if phases else None,
        n_mups=len(mups),
    )


def _outlier_measure(name: str, values: Sequence[float], limits: tuple[float, float] | None,
                     upper_only: bool = False) -> list[Measure]:
    n = len(values)
    if limits is None:
        return [Measure(f"{name} outliers", None, None, None, "not assessed",
                        "the reference table gives no outlier limits of single MUPs")]
    low, high = limits
    rule = (f"more than {OUTLIERS_MORE_THAN} of the first {OUTLIER_MUPS} MUPs beyond the outlier "
            "limit (Stålberg et al. 1994)")
    out = []
    for side, count, limit in (("high", sum(v > high for v in values), high),
                               ("low", sum(v < low for v in values), low)):
        state: State
        if upper_only and side == "low":
            state = "not assessed"
        elif count > OUTLIERS_MORE_THAN:
            state = side  # type: ignore[assignment]
        elif n >= MIN_MUPS_FOR_ABSENCE:
            state = "normal"
        else:
            state = "not assessed"
        out.append(Measure(f"{name} outliers {'above' if side == 'high' else 'below'}",
                           float(count), limit if side == "low" else None,
                           limit if side == "high" else None, state,
                           f"{rule}; {BAND_LIMITED}" if upper_only and side == "low" else rule))
    return out


def interpret_mups(mups: Sequence[MUP], muscle: str, age: float | None = None, *,
                   band_limited: bool = False) -> QEMGResult:
    """Classify a muscle from its individual MUPs: mean values and the outlier criteria.

    Only the first :data:`OUTLIER_MUPS` MUPs enter, as in the definition of the outlier
    limits (ref. [5]). ``band_limited``: the amplitudes come from the signal pipeline's
    template band (:data:`BAND_LIMITED`), so only the upper amplitude limits apply.
    """
    for i, m in enumerate(mups):
        for field in ("duration_ms", "amplitude_uv", "phases", "turns"):
            value = getattr(m, field)
            try:
                _check(field, None if value is None else float(value))
            except EMGInputError as exc:
                raise EMGInputError(f"mups[{i}].{exc}") from None
    used = list(mups[:OUTLIER_MUPS])
    summary = summarise(used)
    reference = reference_for(muscle, age)
    measures = _mean_measures(reference, summary, band_limited)
    measures += _outlier_measure("amplitude", [m.amplitude_uv for m in used],
                                 reference.amplitude_outliers_uv, upper_only=band_limited)
    measures += _outlier_measure("duration", [m.duration_ms for m in used],
                                 reference.duration_outliers_ms)
    notes = [f"{len(used)} MUPs used" + (f" (the first {OUTLIER_MUPS} of {len(mups)})"
                                         if len(mups) > OUTLIER_MUPS else "")]
    if len(used) < MIN_MUPS_FOR_ABSENCE:
        notes.append(f"fewer than {MIN_MUPS_FOR_ABSENCE} MUPs: the absence of outliers is not "
                     "assessed")
    elif len(used) < RECOMMENDED_MUPS:
        notes.append(f"fewer than the {RECOMMENDED_MUPS} MUPs the reference assumes")
    return _classify(reference, age, measures, notes)
