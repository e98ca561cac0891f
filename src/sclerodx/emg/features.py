"""Recording-level features of voluntary activity, free of gain and sampling rate.

The classifier must work on records of unknown gain (raw converter counts) and from
labs with other sampling rates, so every feature is either a time in milliseconds, a
frequency in hertz measured after the common resampling and band-pass
(:mod:`sclerodx.emg.filtering`), or a ratio of two amplitudes of the same record:

* ``mup_duration_ms`` - discharge-weighted mean duration of the unit templates: long in
  chronic neurogenic change, short in myopathy (Buchthal & Rosenfalck 1955; Stålberg
  et al. 1996);
* ``mup_thickness_ms`` - median area/amplitude of the templates (Nandedkar et al. 1988);
* ``mup_phases``, ``polyphasic_fraction`` (> 4 phases), ``mup_turns``;
* ``largest_mup_snr_log`` - log10 of the largest template amplitude over the baseline
  noise: reinnervated units are large (Stålberg & Falck 1997);
* ``kurtosis_log`` - log10(kurtosis) of the voluntary signal: a few large units make a
  sparse, peaky trace, many small ones a dense one;
* ``slope_ratio_per_ms`` - mean absolute slope over mean absolute value: how sharp the
  potentials are relative to their size (short, spiky myopathic potentials are high);
* ``mean_frequency_log`` - log10 of the spectral mean frequency (myopathic interference
  is richer in high frequencies; Fuglsang-Frederiksen 2000);
* ``firing_rate_hz`` - median unit firing rate;
* ``turns_amplitude_log``, ``peak_turns_log``, ``median_frequency_hz``,
  ``high_frequency_fraction`` - interference-pattern analysis (turns per second
  against the amplitude between turns, and the spectrum; Willison 1964; Stålberg et
  al. 1983; Nandedkar et al. 1986), see :mod:`sclerodx.emg.interference`. They need
  no motor unit to be isolated, so a dense myopathic pattern that defeats the unit
  detector still yields them.

The motor-unit features (:data:`MOTOR_UNIT_FEATURES`) are NaN when no unit was
isolated; the classifier then fills them in (see :mod:`sclerodx.emg.classifier`).

References
----------
.. [1] Buchthal F, Rosenfalck P. Action potential parameters in different human
       muscles. Acta Psychiatr Neurol Scand. 1955;30:125-131.
.. [2] Stålberg E, Nandedkar SD, Sanders DB, Falck B. Quantitative motor unit potential
       analysis. J Clin Neurophysiol. 1996;13:401-422.
.. [3] Nandedkar SD, Barkhaus PE, Sanders DB, Stålberg EV. Analysis of amplitude and
       area of concentric needle EMG motor unit action potentials.
       Electroencephalogr Clin Neurophysiol. 1988;69:561-567.
.. [4] Stålberg E, Falck B. The role of electromyography in neurology.
       Electroencephalogr Clin Neurophysiol. 1997;103:579-598.
.. [5] Fuglsang-Frederiksen A. The utility of interference pattern analysis.
       Muscle Nerve. 2000;23:18-36.
.. [6] Willison RG. Analysis of electrical activity in healthy and dystrophic muscle
       in man. J Neurol Neurosurg Psychiatry. 1964;27:386-394.
.. [7] Stålberg E, Chu J, Bril V, Nandedkar S, Stålberg S, Ericsson M. Automatic
       analysis of the EMG interference pattern. Electroencephalogr Clin
       Neurophysiol. 1983;56:672-681.
.. [8] Nandedkar SD, Sanders DB, Stålberg EV. Automatic analysis of the
       electromyographic interference pattern. Part I: Development of quantitative
       features. Muscle Nerve. 1986;9:431-439.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

from sclerodx.emg.interference import interference_pattern
from sclerodx.emg.motor_units import MotorUnitResult
from sclerodx.emg.records import FloatArray
from sclerodx.emg.segmentation import Segment

#: Voluntary activity shorter than this (s) is too little to characterise; the whole
#: trace is used for the signal-level features instead.
MIN_VOLUNTARY_S = 1.0

#: Features measured on isolated motor units: NaN when none was found.
MOTOR_UNIT_FEATURES: tuple[str, ...] = (
    "mup_duration_ms", "mup_thickness_ms", "mup_phases", "polyphasic_fraction", "mup_turns",
    "largest_mup_snr_log", "firing_rate_hz",
)


@dataclass(frozen=True, slots=True)
class RecordingFeatures:
    """Gain- and rate-free features of one recording (NaN where not measurable)."""

    mup_duration_ms: float
    mup_thickness_ms: float
    mup_phases: float
    polyphasic_fraction: float
    mup_turns: float
    largest_mup_snr_log: float
    kurtosis_log: float
    slope_ratio_per_ms: float
    mean_frequency_log: float
    firing_rate_hz: float
    turns_amplitude_log: float
    peak_turns_log: float
    median_frequency_hz: float
    high_frequency_fraction: float
    n_units: int

    def as_dict(self) -> dict[str, float]:
        """Features by name."""
        return {k: float(v) for k, v in asdict(self).items()}


def _voluntary_samples(values: FloatArray, segments: list[Segment], sampling_rate: float) -> FloatArray:
    parts = [values[s.start : s.stop] for s in segments if s.state == "voluntary"]
    joined = np.concatenate(parts) if parts else np.empty(0)
    return joined if joined.size >= MIN_VOLUNTARY_S * sampling_rate else values


def recording_features(
    values: FloatArray,
    sampling_rate: float,
    noise: float,
    segments: list[Segment],
    motor_units: MotorUnitResult,
) -> RecordingFeatures:
    """Compute the recording-level features (see the module text).

    Parameters
    ----------
    values
        The filtered signal at the internal rate.
    sampling_rate
        Its rate in Hz.
    noise
        Baseline noise standard deviation.
    segments
        Rest/voluntary segments.
    motor_units
        Result of :func:`sclerodx.emg.motor_units.detect_motor_units`.

    Returns
    -------
    RecordingFeatures
        The features; MUP features are NaN when no unit was found.
    """
    active = _voluntary_samples(values, segments, sampling_rate)
    magnitude = float(np.mean(np.abs(active)))
    slope = float(np.mean(np.abs(np.diff(active)))) * sampling_rate / 1000.0
    kurtosis = float(stats.kurtosis(active, fisher=False))
    pattern = interference_pattern(active, sampling_rate, noise)  # also the spectrum
    units = motor_units.units
    nan = float("nan")
    if units:
        weights = np.array([u.times_s.size for u in units], dtype=np.float64)
        shapes = [u.gain_free_shape for u in units]  # measured as in training, whatever the gain
        rates = [u.firing_rate_hz for u in units if u.firing_rate_hz is not None]
        duration = float(np.average([s.duration_ms for s in shapes], weights=weights))
        thickness = float(np.median([s.thickness_ms for s in shapes]))
        phases = float(np.median([s.phases for s in shapes]))
        polyphasic = float(np.mean([s.phases > 4 for s in shapes]))
        turns = float(np.median([s.turns for s in shapes]))
        largest = float(np.log10(max(s.amplitude for s in shapes) / noise))
        rate = float(np.median(rates)) if rates else nan
    else:
        duration = thickness = phases = polyphasic = turns = largest = rate = nan
    return RecordingFeatures(
        mup_duration_ms=duration,
        mup_thickness_ms=thickness,
        mup_phases=phases,
        polyphasic_fraction=polyphasic,
        mup_turns=turns,
        largest_mup_snr_log=largest,
        kurtosis_log=float(np.log10(kurtosis)),
        slope_ratio_per_ms=slope / magnitude if magnitude > 0 else nan,
        mean_frequency_log=float(np.log10(pattern.mean_frequency_hz)),
        firing_rate_hz=rate,
        turns_amplitude_log=pattern.turns_amplitude_log,
        peak_turns_log=pattern.peak_turns_log,
        median_frequency_hz=pattern.median_frequency_hz,
        high_frequency_fraction=pattern.high_frequency_fraction,
        n_units=len(units),
    )
