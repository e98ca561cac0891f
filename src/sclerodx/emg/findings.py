"""Mapping an :class:`~sclerodx.emg.process.EMGAnalysis` to the case's per-muscle entry.

The ALS criteria count a muscle as showing lower motor neuron involvement when
chronic neurogenic change and active denervation (fibrillation potentials or positive
sharp waves; under Awaji also fasciculation potentials) are present (de Carvalho et
al. 2008; Shefner et al. 2020). The mapping is therefore conservative: a field is
True only when the detector found it with confidence, False only when the relevant
part of the trace was long enough to be examined and nothing was found, and None
(not assessed) otherwise.

References
----------
.. [1] de Carvalho M, Dengler R, Eisen A, et al. Electrodiagnostic criteria for the
       diagnosis of ALS. Clin Neurophysiol. 2008;119:497-503.
.. [2] Shefner JM, Al-Chalabi A, Baker MR, et al. A proposal for new diagnostic
       criteria for ALS. Clin Neurophysiol. 2020;131:1975-1978.
.. [3] Mills KR. Detecting fasciculations in amyotrophic lateral sclerosis: duration
       of observation required. J Neurol Neurosurg Psychiatry. 2011;82:549-551.
.. [4] Daube JR. AAEM minimonograph #11: needle examination in clinical
       electromyography. Muscle Nerve. 1991;14:685-700.
.. [5] Petajan JH. AAEM minimonograph #3: motor unit recruitment. Muscle Nerve.
       1991;14:489-502.
"""

from __future__ import annotations

from dataclasses import dataclass

from sclerodx import __version__
from sclerodx.case import MuscleEMG, Recruitment, Side
from sclerodx.emg.motor_units import (
    MIN_ASSIGNED_SHARE,
    RECRUITMENT_NORMAL_MAX,
    RECRUITMENT_REDUCED_MIN,
)
from sclerodx.emg.process import EMGAnalysis
from sclerodx.emg.spontaneous import REGULAR_CV

#: Rest needed to call fibrillations/PSW absent, s (several seconds at one site).
MIN_REST_FOR_FIBRILLATIONS_S = 5.0
#: Rest needed to call fasciculations absent, s: fasciculations fire at 0.1-0.5 Hz,
#: so a short look misses them (Mills 2011 recommends about 90 s).
MIN_REST_FOR_FASCICULATIONS_S = 90.0
#: Motor-unit-like potentials at rest faster than this (per second, all units
#: together) suggest incomplete relaxation rather than fasciculation, whose units fire
#: at about 0.1-0.5 Hz each (de Carvalho et al. 2008; Mills 2011).
MAX_FASCICULATION_RATE_HZ = 2.0
#: A regular train needs this many discharges to count as fibrillation/PSW.
MIN_TRAIN_EVENTS = 4
#: Fasciculation potentials needed to call them present.
MIN_FASCICULATIONS = 2
#: Probability at which the class is trusted for chronic neurogenic / myopathic units.
MIN_CLASS_PROBABILITY = 0.8
#: Voluntary activity needed to judge motor unit potentials, s, and units found.
MIN_VOLUNTARY_S, MIN_UNITS = 2.0, 3




@dataclass(frozen=True, slots=True)
class Decision:
    """One field of the case entry and the reason for it (one record, one place)."""

    value: bool | Recruitment | None
    reason: str


def _fibrillations(analysis: EMGAnalysis) -> Decision:
    trains = [t for t in analysis.spontaneous.trains
              if t.kind in ("fibrillation", "positive_sharp_wave") and t.n_events >= MIN_TRAIN_EVENTS
              and t.interval_cv is not None and t.interval_cv < REGULAR_CV]
    rest = analysis.seconds("rest")
    if trains:
        best = max(trains, key=lambda t: t.n_events)
        return Decision(True, f"regular train of {best.n_events} {best.kind.replace('_', ' ')}s "
                              f"at {best.firing_rate_hz:.1f} Hz (interval CV {best.interval_cv:.2f})")
    if rest >= MIN_REST_FOR_FIBRILLATIONS_S:
        return Decision(False, f"no regular fibrillation/PSW train in {rest:.1f} s of rest")
    return Decision(None, f"not assessed: {rest:.1f} s of rest, at least "
                          f"{MIN_REST_FOR_FIBRILLATIONS_S:g} s needed to call them absent")


def _fasciculations(analysis: EMGAnalysis) -> Decision:
    rate = analysis.spontaneous.rate("fasciculation")
    count = analysis.spontaneous.count("fasciculation")
    rest = analysis.seconds("rest")
    if rate is not None and rate > MAX_FASCICULATION_RATE_HZ:
        return Decision(None, f"not assessed: {rate:.1f}/s motor-unit-like potentials at rest, more "
                              "likely incomplete relaxation than fasciculation")
    if count >= MIN_FASCICULATIONS:
        return Decision(True, f"{count} irregular motor-unit-like discharges in {rest:.1f} s of rest")
    if rest >= MIN_REST_FOR_FASCICULATIONS_S:
        return Decision(False, f"none in {rest:.1f} s of rest")
    return Decision(None, f"not assessed: {rest:.1f} s of rest, at least "
                          f"{MIN_REST_FOR_FASCICULATIONS_S:g} s needed to call them absent")


def _class_finding(analysis: EMGAnalysis, label: str) -> Decision:
    result = analysis.classification
    voluntary, units = analysis.seconds("voluntary"), len(analysis.motor_units.units)
    if result is None:
        return Decision(None, "not assessed: the record could not be classified")
    if voluntary < MIN_VOLUNTARY_S or units < MIN_UNITS:
        return Decision(None, f"not assessed: {voluntary:.1f} s of voluntary activity and {units} "
                              f"units (at least {MIN_VOLUNTARY_S:g} s and {MIN_UNITS} needed)")
    if result.probability < MIN_CLASS_PROBABILITY:
        return Decision(None, f"not assessed: class {result.label} with p = {result.probability:.2f}, "
                              f"below the {MIN_CLASS_PROBABILITY:g} needed")
    return Decision(result.label == label, f"class {result.label}, p = {result.probability:.2f}")


def _recruitment(analysis: EMGAnalysis) -> Decision:
    mu = analysis.motor_units
    ratio, share = mu.recruitment_ratio, mu.assigned_share
    if ratio is None:
        return Decision(None, "not assessed: no unit fired as a train long enough for a rate")
    if share is None or share < MIN_ASSIGNED_SHARE:
        return Decision(None, f"not assessed: only {0 if share is None else share:.0%} of the "
                              "potentials belong to identified units (dense pattern)")
    where = (f"recruitment ratio {ratio:.1f} ({mu.recruitment.highest_rate_hz:.1f} Hz / "
             f"{mu.recruitment.units_in_window} units)")
    if ratio >= RECRUITMENT_REDUCED_MIN:
        return Decision(Recruitment.REDUCED, f"{where} >= {RECRUITMENT_REDUCED_MIN:g} (Petajan 1991)")
    if ratio <= RECRUITMENT_NORMAL_MAX:
        return Decision(Recruitment.NORMAL, f"{where} <= {RECRUITMENT_NORMAL_MAX:g} (Petajan 1991)")
    return Decision(None, f"not assessed: {where} between {RECRUITMENT_NORMAL_MAX:g} and "
                          f"{RECRUITMENT_REDUCED_MIN:g}")


def finding_decisions(analysis: EMGAnalysis) -> dict[str, Decision]:
    """Every field of the case entry with the reason for its value."""
    return {
        "fibrillations_psw": _fibrillations(analysis),
        "fasciculation_potentials": _fasciculations(analysis),
        "chronic_neurogenic": _class_finding(analysis, "neurogenic"),
        "recruitment": _recruitment(analysis),
        "myopathic_units": _class_finding(analysis, "myopathic"),
    }


def emg_findings(analysis: EMGAnalysis, muscle: str, side: str | None = None) -> MuscleEMG:
    """The case-model entry for the muscle the recording came from.

    Parameters
    ----------
    analysis
        Result of :func:`sclerodx.emg.emg_process`.
    muscle
        Muscle name or alias from :mod:`sclerodx.anatomy`.
    side
        ``"left"``, ``"right"`` or None.

    Returns
    -------
    MuscleEMG
        With provenance naming the file, the sclerodx version and the class.

    Raises
    ------
    ValueError
        If the muscle (pydantic.ValidationError) or the side is unknown.
    """
    result = analysis.classification
    verdict = f"class {result.label} p={result.probability:.2f}" if result else "class not assessed"
    if result and result.imputed:
        verdict += f" (imputed: {', '.join(result.imputed)})"
    if result and result.amplitude_evidence:
        verdict += f"; amplitude: {result.amplitude_evidence}"
    provenance = f"signal: {analysis.source or 'array'}, sclerodx {__version__}, {verdict}"
    decisions = finding_decisions(analysis)
    return MuscleEMG.model_validate({
        "muscle": muscle,
        "side": Side(side) if side is not None else None,
        **{field: d.value for field, d in decisions.items()},
        "provenance": provenance[:500],
    })
