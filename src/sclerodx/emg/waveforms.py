"""Measuring one potential's waveform: duration, phases, turns, area.

The definitions follow the standardised terminology of Stålberg et al. (1986):

* **duration** - from the first to the last departure from the baseline;
* **phases** - the parts of the waveform between baseline crossings that exceed the
  baseline band (number of significant baseline crossings + 1);
* **turns** - changes of direction separated by more than a minimum amplitude
  (25 µV in the original; here a fixed fraction of the potential's own amplitude so
  that the count does not depend on the unknown gain of an uncalibrated record);
* **area** - the integral of the rectified waveform over the duration, and its ratio
  to the amplitude, the "thickness" (Nandedkar et al. 1988), which is gain-free.

The baseline band is either given by the caller - an absolute band in calibrated
records, or a multiple of the noise where the gain is unknown, as motor unit templates
are measured (:mod:`sclerodx.emg.motor_units`) - or, by default, relative to the
potential's amplitude (:data:`BASELINE_FRACTION`) and never below a multiple of the
record's noise, which spontaneous potentials use to tell brief fibrillation potentials
from motor-unit-like ones whatever the gain.

References
----------
.. [1] Stålberg E, Andreassen S, Falck B, Lang H, Rosenfalck A, Trojaborg W.
       Quantitative analysis of individual motor unit potentials: a proposition for
       standardized terminology and criteria for measurement. J Clin Neurophysiol.
       1986;3:313-348.
.. [2] Nandedkar SD, Barkhaus PE, Sanders DB, Stålberg EV. Analysis of amplitude and
       area of concentric needle EMG motor unit action potentials.
       Electroencephalogr Clin Neurophysiol. 1988;69:561-567.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sclerodx.emg.records import FloatArray

IntArray = npt.NDArray[np.intp]

#: Baseline band as a fraction of peak-to-peak amplitude (about 25 µV of a typical
#: 0.5 mV unit, the turn criterion of Stålberg et al. 1986).
BASELINE_FRACTION = 0.05

#: The band never drops below this many noise standard deviations.
NOISE_MULTIPLE = 2.0

#: A return to baseline must last this long (ms) to end the potential.
QUIET_MS = 1.5


@dataclass(frozen=True, slots=True)
class WaveformShape:
    """Measures of one waveform (times in ms, amplitudes in the record's units)."""

    amplitude: float  # peak-to-peak
    duration_ms: float
    phases: int
    turns: int
    area: float  # units * ms
    thickness_ms: float  # area / amplitude
    rise_time_ms: float  # between the two largest opposite peaks of the main spike
    positive_peak: float  # largest positive value
    negative_peak: float  # most negative value (a negative number)
    onset_ms: float  # relative to the window start
    offset_ms: float


def extract_windows(values: FloatArray, centres: IntArray, before: int, after: int) -> FloatArray:
    """Stack ``values[c - before : c + after]`` for every centre (edges padded with 0).

    Only the windows are read, so the cost does not grow with the record's length.
    """
    index = np.asarray(centres)[:, np.newaxis] + np.arange(-before, after)[np.newaxis, :]
    inside = (index >= 0) & (index < values.size)
    out = np.zeros(index.shape, dtype=np.float64)
    out[inside] = values[index[inside]]
    return out


def _quiet_edges(active: npt.NDArray[np.bool_], peak: int, quiet: int) -> tuple[int, int]:
    """Extend from the peak outwards until ``quiet`` consecutive inactive samples."""
    onset = peak
    run = 0
    for i in range(peak, -1, -1):
        run = 0 if active[i] else run + 1
        if active[i]:
            onset = i
        if run >= quiet:
            break
    offset = peak
    run = 0
    for i in range(peak, active.size):
        run = 0 if active[i] else run + 1
        if active[i]:
            offset = i
        if run >= quiet:
            break
    return onset, offset


def measure_waveform(
    wave: FloatArray, sampling_rate: float, noise: float, band: float | None = None
) -> WaveformShape:
    """Measure one baseline-centred waveform whose main peak lies inside the window.

    Parameters
    ----------
    wave
        The samples of the potential (for a template, the median of its discharges).
    sampling_rate
        Samples per second.
    noise
        Standard deviation of the baseline noise, same units as ``wave``.
    band
        Half-width of the baseline band, same units as ``wave``: the duration runs from
        the first to the last departure beyond it. None: relative to the amplitude
        (:data:`BASELINE_FRACTION`), never below :data:`NOISE_MULTIPLE` noise.

    Returns
    -------
    WaveformShape
        Its measures.
    """
    ms = 1000.0 / sampling_rate
    amplitude = float(wave.max() - wave.min())
    if band is None:
        band = max(BASELINE_FRACTION * amplitude, NOISE_MULTIPLE * noise)
    peak = int(np.argmax(np.abs(wave)))
    onset, offset = _quiet_edges(np.abs(wave) > band, peak, max(1, round(QUIET_MS / ms)))
    body = wave[onset : offset + 1]
    # phases: sign changes between lobes that leave the baseline band
    lobes = np.sign(body[np.abs(body) > band])
    phases = 1 + int(np.count_nonzero(np.diff(lobes))) if lobes.size else 0
    turns = _count_turns(body, band)
    area = float(np.abs(body).sum() * ms)
    positive, negative = float(wave.max()), float(wave.min())
    rise = abs(int(np.argmax(wave)) - int(np.argmin(wave))) * ms
    return WaveformShape(
        amplitude=amplitude,
        duration_ms=(offset - onset + 1) * ms,
        phases=phases,
        turns=turns,
        area=area,
        thickness_ms=area / amplitude if amplitude > 0 else 0.0,
        rise_time_ms=rise,
        positive_peak=positive,
        negative_peak=negative,
        onset_ms=onset * ms,
        offset_ms=(offset + 1) * ms,
    )


def _count_turns(body: FloatArray, step: float) -> int:
    """Direction changes separated by more than ``step`` (Stålberg et al. 1986)."""
    if body.size < 3:
        return 0
    turns = 0
    anchor = float(body[0])
    direction = 0
    for value in body[1:]:
        delta = float(value) - anchor
        if direction >= 0 and delta <= -step:
            turns += direction > 0
            direction, anchor = -1, float(value)
        elif direction <= 0 and delta >= step:
            turns += direction < 0
            direction, anchor = 1, float(value)
        elif (direction > 0 and value > anchor) or (direction < 0 and value < anchor):
            anchor = float(value)
    return turns


def cluster_by_shape(
    shapes: FloatArray,
    amplitudes: FloatArray,
    min_correlation: float,
    amplitude_ratio: float,
    min_members: int,
    max_clusters: int,
) -> IntArray:
    """Group potentials of one shape, largest first; -1 marks the unassigned.

    Each round takes the largest free potential as a seed and gathers every free
    potential whose shape correlates above ``min_correlation`` with it and whose
    amplitude is within ``amplitude_ratio`` of it; groups smaller than
    ``min_members`` are dropped. One matrix product per round keeps it fast.
    """
    centred = shapes - shapes.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(centred, axis=1)
    normed = centred / np.where(norms > 0, norms, 1.0)[:, np.newaxis]
    labels = np.full(amplitudes.size, -1, dtype=np.intp)
    free = np.ones(amplitudes.size, dtype=bool)
    cluster = 0
    for seed in np.argsort(-amplitudes):
        if cluster >= max_clusters:
            break
        if not free[seed]:
            continue
        candidates = np.flatnonzero(free)
        ratio = amplitudes[candidates] / amplitudes[seed]
        match = (normed[candidates] @ normed[seed] > min_correlation) & (
            ratio < amplitude_ratio) & (ratio > 1 / amplitude_ratio)
        members = candidates[match]
        free[seed] = False
        if members.size >= min_members:
            labels[members] = cluster
            free[members] = False
            cluster += 1
    return labels


def shadowed_peaks(
    peaks: IntArray, heights: FloatArray, reach: int, ratio: float
) -> npt.NDArray[np.bool_]:
    """Peaks within ``reach`` samples of one ``ratio`` times larger.

    Such peaks are the slow phase of a positive sharp wave or the filter's side lobes
    of a large potential, not potentials of their own.
    """
    order = np.argsort(peaks)
    peaks, heights = peaks[order], heights[order]
    hidden = np.zeros(peaks.size, dtype=bool)
    left = np.searchsorted(peaks, peaks - reach)
    right = np.searchsorted(peaks, peaks + reach, side="right")
    for i in range(peaks.size):
        hidden[i] = bool(heights[left[i] : right[i]].max() > ratio * heights[i])
    out = np.empty_like(hidden)
    out[order] = hidden
    return out
