"""Baseline noise and the split of a trace into rest and voluntary activity.

At rest a normal muscle is electrically silent apart from end-plate noise; what
appears there (fibrillation potentials, positive sharp waves, fasciculation
potentials) is spontaneous activity. During voluntary contraction motor unit
potentials fire continuously. The two are told apart by how much of the time the
trace is away from the baseline: isolated spontaneous potentials occupy a few per
cent of it (a 5 ms fibrillation potential at 10 Hz fills 5 %), while even a weak
contraction with two or three units at 5-10 Hz fills a quarter or more
(Preston & Shapiro 2013, chapters on spontaneous activity and MUP recruitment).

The baseline noise is estimated from the quietest 5 ms stretches of the record, so
the estimate does not depend on the amplifier gain and is not inflated by the
potentials themselves.

References
----------
.. [1] Preston DC, Shapiro BE. Electromyography and Neuromuscular Disorders, 3rd ed.
       Elsevier; 2013.
.. [2] Daube JR, Rubin DI. Needle electromyography. Muscle Nerve. 2009;39:244-270.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import ndimage, stats

from sclerodx.emg.records import FloatArray

#: Length of the stretches used for the noise estimate and for occupancy, ms.
STRETCH_MS = 5.0

#: Percentile of stretch RMS taken as baseline noise (the quietest tenth).
NOISE_PERCENTILE = 10.0

#: A stretch is "active" when its RMS exceeds this multiple of the noise.
ACTIVE_MULTIPLE = 4.0

#: Window of the rest/voluntary decision, ms, and its smoothing (windows).
WINDOW_MS = 100.0
SMOOTH_WINDOWS = 9

#: Fraction of active stretches above which a window is voluntary activity (see the
#: module text: isolated spontaneous potentials fill < 10 %, weak contraction > 25 %).
VOLUNTARY_OCCUPANCY = 0.2

State = Literal["rest", "voluntary"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of one state, in samples of the analysed (internal-rate) signal."""

    state: State
    start: int
    stop: int

    def duration(self, sampling_rate: float) -> float:
        """Length in seconds."""
        return (self.stop - self.start) / sampling_rate


def _stretch_rms(values: FloatArray, sampling_rate: float) -> FloatArray:
    size = max(2, round(STRETCH_MS * sampling_rate / 1000.0))
    n = values.size // size
    blocks = values[: n * size].reshape(n, size)
    return np.asarray(np.sqrt(np.mean(blocks * blocks, axis=1)), dtype=np.float64)


def estimate_noise(values: FloatArray, sampling_rate: float) -> float:
    """Baseline noise standard deviation: the RMS of the quietest 5 ms stretches.

    Parameters
    ----------
    values
        The filtered signal.
    sampling_rate
        Its rate in Hz.

    Returns
    -------
    float
        Noise level, same units as ``values`` (never zero for a non-flat signal).
    """
    size = max(2, round(STRETCH_MS * sampling_rate / 1000.0))
    rms = _stretch_rms(values, sampling_rate)
    # For Gaussian noise of s.d. sigma, the RMS of `size` samples is sigma * sqrt(chi2/size);
    # dividing by that quantile makes the estimate unbiased on a pure-noise record.
    bias = float(np.sqrt(stats.chi2.ppf(NOISE_PERCENTILE / 100.0, size) / size))
    level = float(np.percentile(rms, NOISE_PERCENTILE)) / bias
    return level if level > 0 else float(np.std(values)) or 1.0


def segment_activity(values: FloatArray, sampling_rate: float, noise: float) -> list[Segment]:
    """Split the signal into contiguous rest and voluntary-activity segments.

    Parameters
    ----------
    values
        The filtered signal.
    sampling_rate
        Its rate in Hz.
    noise
        Baseline noise from :func:`estimate_noise`.

    Returns
    -------
    list of Segment
        Covering the whole signal in order; the last window absorbs the remainder.
    """
    size = max(2, round(STRETCH_MS * sampling_rate / 1000.0))
    per_window = max(1, round(WINDOW_MS / STRETCH_MS))
    active = _stretch_rms(values, sampling_rate) > ACTIVE_MULTIPLE * noise
    n_windows = max(1, active.size // per_window)
    occupancy = active[: n_windows * per_window].reshape(n_windows, per_window).mean(axis=1)
    voluntary = ndimage.median_filter(
        (occupancy > VOLUNTARY_OCCUPANCY).astype(np.uint8), size=SMOOTH_WINDOWS, mode="nearest"
    ).astype(bool)
    edges = np.flatnonzero(np.diff(voluntary.astype(np.int8))) + 1
    bounds = [0, *edges.tolist(), n_windows]
    step = size * per_window
    segments = []
    for first, last in itertools.pairwise(bounds):
        stop = values.size if last == n_windows else last * step
        state: State = "voluntary" if voluntary[first] else "rest"
        segments.append(Segment(state, first * step, stop))
    return segments
