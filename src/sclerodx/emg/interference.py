"""Interference-pattern analysis of voluntary activity: turns, amplitudes and spectrum.

When many motor units fire together their potentials overlap into an *interference
pattern* that cannot be decomposed by eye. Willison (1964) showed that counting the
*turns* of that pattern (reversals of the trace by at least a fixed step) and the
amplitude between turns separates myopathy from neurogenic disease: myopathic
patterns have many turns of small amplitude (many small, short, polyphasic
potentials recruited early), neurogenic ones few turns of large amplitude (few,
large, reinnervated units). Stålberg et al. (1983) plotted turns per second against
the mean amplitude between turns, epoch by epoch, as a "turns-amplitude cloud";
Nandedkar et al. (1986) added the activity and the number of small segments. The
spectrum says the same in hertz: myopathic interference is richer in high
frequencies, neurogenic interference in low ones (Fuglsang-Frederiksen 2000).

The published measures use a fixed step of 100 µV and absolute amplitudes; here the
gain may be unknown, so the step is a multiple of the record's own baseline noise,
amplitudes are expressed in noise units, and every measure is a rate (per second), a
ratio or a frequency in hertz computed after the common resampling and band-pass of
:mod:`sclerodx.emg.filtering`. Turns are found as extrema whose prominence clears the
step (a vectorised equivalent of Willison's reversal rule: an extremum is a turn when
the trace moves away from it by at least the step on both sides before passing it).

References
----------
.. [1] Willison RG. Analysis of electrical activity in healthy and dystrophic muscle
       in man. J Neurol Neurosurg Psychiatry. 1964;27:386-394.
.. [2] Stålberg E, Chu J, Bril V, Nandedkar S, Stålberg S, Ericsson M. Automatic
       analysis of the EMG interference pattern. Electroencephalogr Clin
       Neurophysiol. 1983;56:672-681.
.. [3] Nandedkar SD, Sanders DB, Stålberg EV. Automatic analysis of the
       electromyographic interference pattern. Part I: Development of quantitative
       features. Muscle Nerve. 1986;9:431-439.
.. [4] Fuglsang-Frederiksen A. The utility of interference pattern analysis.
       Muscle Nerve. 2000;23:18-36.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import signal

from sclerodx.emg.records import FloatArray

#: Step of a turn, in baseline-noise standard deviations (gain-free stand-in for
#: Willison's 100 µV: about 4 x a 5-25 µV concentric-needle noise floor).
TURN_STEP_NOISE = 4.0

#: Epoch of the turns-amplitude cloud, s (Stålberg et al. 1983 use 0.5-1 s epochs).
EPOCH_S = 0.5

#: Epochs with fewer turns per second than this are rest, not interference.
MIN_TURNS_PER_S = 50.0

#: Percentile of the epoch turn rates taken as the record's peak turn rate.
PEAK_PERCENTILE = 90.0

#: The high-frequency part of the spectrum starts here, Hz (myopathic interference
#: carries more power above a few hundred hertz; Fuglsang-Frederiksen 2000).
HIGH_FREQUENCY_HZ = 500.0


@dataclass(frozen=True, slots=True)
class InterferencePattern:
    """Gain- and rate-free summary of the interference pattern (NaN if not measurable)."""

    turns_amplitude_log: float  # median over epochs of log10(turns/s / amplitude in noise units)
    peak_turns_log: float  # log10 of the high percentile of the epoch turn rates, per second
    mean_frequency_hz: float
    median_frequency_hz: float
    high_frequency_fraction: float  # share of the band power at or above HIGH_FREQUENCY_HZ


def find_turns(values: FloatArray, step: float) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """Turns of a trace: extrema from which it moves by at least ``step`` both ways.

    Parameters
    ----------
    values
        The filtered signal.
    step
        Minimum excursion, same units as ``values``.

    Returns
    -------
    index : numpy.ndarray
        Sample index of each turn, in time order.
    level : numpy.ndarray
        The signal value at each turn.
    """
    maxima, _ = signal.find_peaks(values, prominence=step)
    minima, _ = signal.find_peaks(-values, prominence=step)
    index = np.sort(np.concatenate([maxima, minima]))
    return index, np.asarray(values[index], dtype=np.float64)


def interference_pattern(values: FloatArray, sampling_rate: float, noise: float) -> InterferencePattern:
    """Turns-amplitude and spectral measures of the interference pattern.

    Parameters
    ----------
    values
        The filtered signal at the internal rate (rest epochs are left out by the turn
        rate rule, so the whole trace can be passed).
    sampling_rate
        Its rate in Hz.
    noise
        Baseline noise standard deviation (the turn step and amplitude unit).

    Returns
    -------
    InterferencePattern
        The measures; the turn measures are NaN when no epoch holds interference.
    """
    size = round(EPOCH_S * sampling_rate)
    rates, ratios = [], []
    for start in range(0, values.size - size + 1, size):
        _, level = find_turns(values[start : start + size], TURN_STEP_NOISE * noise)
        rate = level.size / EPOCH_S
        if rate < MIN_TURNS_PER_S:
            continue
        amplitude = float(np.mean(np.abs(np.diff(level)))) / noise
        rates.append(rate)
        ratios.append(np.log10(rate / amplitude))
    nan = float("nan")
    freqs, power = signal.welch(values, fs=sampling_rate, nperseg=min(values.size, 1024))
    total = float(np.sum(power))
    cumulative = np.cumsum(power) / total if total > 0 else np.zeros_like(power)
    return InterferencePattern(
        turns_amplitude_log=float(np.median(ratios)) if ratios else nan,
        peak_turns_log=float(np.log10(np.percentile(rates, PEAK_PERCENTILE))) if rates else nan,
        mean_frequency_hz=float(np.sum(freqs * power)) / total if total > 0 else nan,
        median_frequency_hz=float(freqs[np.searchsorted(cumulative, 0.5)]) if total > 0 else nan,
        high_frequency_fraction=(float(np.sum(power[freqs >= HIGH_FREQUENCY_HZ])) / total
                                 if total > 0 else nan),
    )
