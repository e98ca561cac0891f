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
"""

from __future__ import annotations

from sclerodx import __version__
from sclerodx.case import MuscleEMG, Recruitment, Side
from sclerodx.emg.motor_units import RECRUITMENT_NORMAL_MAX, RECRUITMENT_REDUCED_MIN
from sclerodx.emg.process import EMGAnalysis

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


def _fibrillations(analysis: EMGAnalysis) -> bool | None:
    trains = [t for t in analysis.spontaneous.trains
              if t.kind in ("fibrillation", "positive_sharp_wave") and t.n_events >= MIN_TRAIN_EVENTS]
    if trains:
        return True
    return False if analysis.seconds("rest") >= MIN_REST_FOR_FIBRILLATIONS_S else None


def _fasciculations(analysis: EMGAnalysis) -> bool | None:
    rate = analysis.spontaneous.rate("fasciculation")
    if rate is not None and rate > MAX_FASCICULATION_RATE_HZ:
        return None  # more likely incomplete relaxation than fasciculation
    if analysis.spontaneous.count("fasciculation") >= MIN_FASCICULATIONS:
        return True
    return False if analysis.seconds("rest") >= MIN_REST_FOR_FASCICULATIONS_S else None


def _class_finding(analysis: EMGAnalysis, label: str) -> bool | None:
    result = analysis.classification
    judged = (analysis.seconds("voluntary") >= MIN_VOLUNTARY_S
              and len(analysis.motor_units.units) >= MIN_UNITS)
    if result is None or not judged or result.probability < MIN_CLASS_PROBABILITY:
        return None
    return result.label == label


def _recruitment(analysis: EMGAnalysis) -> Recruitment | None:
    ratio = analysis.motor_units.recruitment_ratio
    if ratio is None:
        return None
    if ratio >= RECRUITMENT_REDUCED_MIN:
        return Recruitment.REDUCED
    return Recruitment.NORMAL if ratio <= RECRUITMENT_NORMAL_MAX else None


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
    return MuscleEMG(
        muscle=muscle,
        side=Side(side) if side is not None else None,
        fibrillations_psw=_fibrillations(analysis),
        fasciculation_potentials=_fasciculations(analysis),
        chronic_neurogenic=_class_finding(analysis, "neurogenic"),
        recruitment=_recruitment(analysis),
        myopathic_units=_class_finding(analysis, "myopathic"),
        provenance=provenance,
    )
