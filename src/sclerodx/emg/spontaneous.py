"""Spontaneous activity at rest: fibrillation potentials, positive sharp waves, fasciculations.

Each potential that clears the noise during rest is classified by its shape, then
potentials of one shape are grouped into trains to read their firing pattern:

========================  ============================================  =====================
kind                      shape                                         firing
========================  ============================================  =====================
fibrillation potential    brief (1-5 ms), bi- or triphasic, initially   regular, 0.5-15 Hz
                          positive, 20-200 µV
positive sharp wave       sharp initial positive phase then a long,     regular, 0.5-15 Hz
                          low phase of opposite sign, 10-30 ms
fasciculation potential   motor-unit-like (5-15 ms, often complex)      irregular, slow
                                                                        (about 0.1-0.5 Hz)
========================  ============================================  =====================

(Preston & Shapiro 2013; Daube & Rubin 2009; de Carvalho et al. 2008.) The sign of the
sharp phase is not used, because the polarity convention of the stored signal varies
between systems; the asymmetry between a sharp large phase and a slow small one is.
A motor-unit-like potential that fires as a train faster than
:data:`VOLUNTARY_MIN_RATE_HZ` is a voluntary unit of a muscle not fully at rest, not a
fasciculation (fasciculation potentials are irregular single discharges, well below
1-2 Hz; AANEM glossary 2015; Mills 2011) - whatever its regularity, since superimposed
and missed discharges make a real voluntary train look irregular. That stretch is then
voluntary activity (:func:`sclerodx.emg.process.emg_process` segments it again).

References
----------
.. [1] Preston DC, Shapiro BE. Electromyography and Neuromuscular Disorders, 3rd ed.
       Elsevier; 2013 (chapter 14, spontaneous activity).
.. [2] Daube JR, Rubin DI. Needle electromyography. Muscle Nerve. 2009;39:244-270.
.. [3] de Carvalho M, Dengler R, Eisen A, et al. Electrodiagnostic criteria for the
       diagnosis of ALS. Clin Neurophysiol. 2008;119:497-503.
.. [4] Mills KR. Detecting fasciculations in amyotrophic lateral sclerosis: duration
       of observation required. J Neurol Neurosurg Psychiatry. 2011;82:549-551.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import signal

from sclerodx.emg.records import FloatArray
from sclerodx.emg.segmentation import Segment
from sclerodx.emg.waveforms import (
    WaveformShape,
    cluster_by_shape,
    extract_windows,
    measure_waveform,
    shadowed_peaks,
)

Kind = Literal["fibrillation", "positive_sharp_wave", "fasciculation"]
KINDS: tuple[Kind, ...] = ("fibrillation", "positive_sharp_wave", "fasciculation")

#: A spontaneous potential must exceed this many noise standard deviations.
DETECTION_MULTIPLE = 5.0
#: Minimum spacing of detected potentials, ms (one potential, all its phases).
DEAD_TIME_MS = 10.0
#: Window measured around the peak, ms: long enough for the slow phase of a PSW.
WINDOW_BEFORE_MS, WINDOW_AFTER_MS = 8.0, 30.0
#: A peak within this many ms of one this many times larger is part of that potential
#: (the slow phase of a PSW, or the side lobes that the band-pass adds to a large one).
SHADOW_MS, SHADOW_RATIO = 30.0, 4.0
#: Longest fibrillation potential, ms (1-5 ms spike; the measured duration includes
#: the return to baseline through the band-pass).
FIBRILLATION_MAX_MS = 7.0
#: PSW slow phase: looked for this many ms after the sharp peak; it must hold this
#: fraction of the samples on the opposite side, with a mean of this fraction of the
#: peak (the slow phase is long and low: 10-30 ms in all; Preston & Shapiro 2013).
PSW_SLOW_PHASE_MS = (2.0, 10.0)
PSW_OPPOSITE_FRACTION, PSW_SLOW_PHASE_FRACTION = 0.8, 0.05
#: Voluntary units fire regularly (CV of intervals below this) at or above this rate.
VOLUNTARY_MIN_RATE_HZ, REGULAR_CV = 4.0, 0.3
#: Largest fibrillation potential or positive sharp wave in a calibrated record, µV.
#: expert estimate: the published range is 20-200 µV (up to about 1 mV close to the
#: fibre; Daube & Rubin 2009; Preston & Shapiro 2013); a brief potential larger than
#: 1 mV is a motor unit potential or an artefact, not a single muscle fibre.
FIBRILLATION_MAX_UV = 1000.0
# Fibrillation potentials and positive sharp waves fire regularly (AANEM glossary;
# Daube & Rubin 2009): the finding needs a train with a robust interval CV below
# REGULAR_CV (sclerodx.emg.findings); isolated potentials are listed, not called.

#: Rest needed before any rate is reported, s: a rate from less rests on one or two
#: potentials (Daube & Rubin 2009 examine several sites for seconds each).
MIN_REST_FOR_RATE_S = 5.0
#: Shape grouping of trains (same definitions as motor units).
TRAIN_CORRELATION, TRAIN_AMPLITUDE_RATIO, TRAIN_MIN_EVENTS = 0.85, 1.4, 3


@dataclass(frozen=True, slots=True)
class SpontaneousEvent:
    """One spontaneous potential."""

    time_s: float
    kind: Kind
    shape: WaveformShape
    train: int  # shape group, -1 when alone


@dataclass(frozen=True, slots=True)
class Train:
    """Potentials of one shape at rest, with their firing pattern."""

    train: int
    kind: Kind
    n_events: int
    firing_rate_hz: float | None
    interval_cv: float | None  # robust CV of the intervals (1.4826 MAD / median)


@dataclass(frozen=True)
class SpontaneousResult:
    """Everything found at rest, and what was set aside."""

    events: list[SpontaneousEvent]
    trains: list[Train]
    rest_s: float
    voluntary_trains: list[tuple[float, float]]  # first and last discharge, s
    rejected: dict[str, int]  # potentials not counted, by reason

    def count(self, kind: Kind) -> int:
        """Number of potentials of a kind."""
        return sum(e.kind == kind for e in self.events)

    def rate(self, kind: Kind) -> float | None:
        """Potentials of a kind per second of rest; None under :data:`MIN_REST_FOR_RATE_S`."""
        return self.count(kind) / self.rest_s if self.rest_s >= MIN_REST_FOR_RATE_S else None

    def rate_note(self) -> str | None:
        """Why no rate is reported, or None when rates are."""
        if self.rest_s >= MIN_REST_FOR_RATE_S:
            return None
        return (f"no rate: {self.rest_s:.1f} s of rest (at least {MIN_REST_FOR_RATE_S:g} s of "
                "contiguous rest, each stretch >= 1 s, is needed)")


def classify_shape(shape: WaveformShape, window: FloatArray, peak: int,
                   sampling_rate: float) -> Kind:
    """Name the kind of a spontaneous potential (table above).

    A positive sharp wave is recognised by its slow phase: from
    :data:`PSW_SLOW_PHASE_MS` after the sharp peak the trace stays on the opposite side
    of the baseline (at least :data:`PSW_OPPOSITE_FRACTION` of the samples) with a
    mean of at least :data:`PSW_SLOW_PHASE_FRACTION` of the peak. Otherwise the
    duration separates fibrillation potentials from motor-unit-like fasciculations.
    """
    ms = sampling_rate / 1000.0
    first, last = peak + round(PSW_SLOW_PHASE_MS[0] * ms), peak + round(PSW_SLOW_PHASE_MS[1] * ms)
    slow = window[first:last] * np.sign(window[peak])
    if slow.size and (np.mean(slow < 0) >= PSW_OPPOSITE_FRACTION
                      and -float(np.mean(slow)) >= PSW_SLOW_PHASE_FRACTION * abs(window[peak])):
        return "positive_sharp_wave"
    if shape.duration_ms <= FIBRILLATION_MAX_MS:
        return "fibrillation"
    return "fasciculation"


def _train_pattern(times: FloatArray, stretch: FloatArray) -> tuple[float | None, float | None]:
    """Rate and robust interval CV of a train; intervals only within one rest stretch."""
    if times.size < TRAIN_MIN_EVENTS:
        return None, None
    order = np.argsort(times)
    times, stretch = times[order], stretch[order]
    intervals = np.diff(times)[np.diff(stretch) == 0]  # a gap of other activity is no interval
    if intervals.size < TRAIN_MIN_EVENTS - 1:
        return None, None
    # median-based, so that a missed or extra discharge does not distort the train
    median = float(np.median(intervals))
    spread = 1.4826 * float(np.median(np.abs(intervals - median)))
    return 1.0 / median, spread / median


def detect_spontaneous(
    values: FloatArray, sampling_rate: float, noise: float, segments: list[Segment],
    *, calibrated: bool = False,
) -> SpontaneousResult:
    """Detect and classify spontaneous potentials in the rest segments.

    Parameters
    ----------
    values
        The filtered signal.
    sampling_rate
        Its rate in Hz.
    noise
        Baseline noise standard deviation.
    segments
        Rest/voluntary segments.
    calibrated
        True when ``values`` are in µV: brief potentials above
        :data:`FIBRILLATION_MAX_UV` are not fibrillation potentials.

    Returns
    -------
    SpontaneousResult
        The potentials, their trains, and the length of rest examined.
    """
    ms = sampling_rate / 1000.0
    rest = [s for s in segments if s.state == "rest"]
    rest_s = sum(s.duration(sampling_rate) for s in rest)
    found: list[tuple[float, WaveformShape, Kind, FloatArray]] = []
    rejected = {"above the fibrillation amplitude ceiling": 0}
    before, after = round(WINDOW_BEFORE_MS * ms), round(WINDOW_AFTER_MS * ms)
    stretch_of: list[int] = []
    for number, seg in enumerate(rest):
        part = values[seg.start : seg.stop]
        peaks, _ = signal.find_peaks(
            np.abs(part), height=DETECTION_MULTIPLE * noise, distance=max(1, round(DEAD_TIME_MS * ms))
        )
        if peaks.size == 0:
            continue
        peaks = peaks[~shadowed_peaks(peaks, np.abs(part[peaks]), round(SHADOW_MS * ms),
                                      SHADOW_RATIO)]
        windows = extract_windows(part, peaks, before, after)
        busy_until = -1.0  # a later phase of the previous potential is not a new one
        for peak, window in zip(peaks, windows, strict=True):
            if peak < busy_until:
                continue
            shape = measure_waveform(window, sampling_rate, noise)
            busy_until = peak - before + shape.offset_ms * ms
            kind = classify_shape(shape, window, before, sampling_rate)
            if (calibrated and kind != "fasciculation"
                    and shape.amplitude > FIBRILLATION_MAX_UV):
                rejected["above the fibrillation amplitude ceiling"] += 1
                continue
            found.append(((seg.start + peak) / sampling_rate, shape, kind, window))
            stretch_of.append(number)
    if not found:
        return SpontaneousResult([], [], rest_s, [], rejected)
    times = np.array([f[0] for f in found])
    stretches = np.array(stretch_of, dtype=np.float64)
    kinds = [f[2] for f in found]
    labels = np.full(times.size, -1, dtype=np.intp)
    trains: list[Train] = []
    voluntary_trains: list[tuple[float, float]] = []
    for kind in KINDS:
        index = np.flatnonzero([k == kind for k in kinds])
        if index.size < TRAIN_MIN_EVENTS:
            continue
        windows = np.vstack([found[i][3] for i in index])
        signs = np.sign(windows[:, before])
        amplitude = np.array([found[i][1].amplitude for i in index])
        groups = cluster_by_shape(windows * signs[:, np.newaxis], amplitude, TRAIN_CORRELATION,
                                  TRAIN_AMPLITUDE_RATIO, TRAIN_MIN_EVENTS, index.size)
        for group in range(int(groups.max()) + 1):
            members = index[groups == group]
            rate, cv = _train_pattern(times[members], stretches[members])
            voluntary = kind == "fasciculation" and rate is not None and rate >= VOLUNTARY_MIN_RATE_HZ
            if voluntary:
                labels[members] = -2  # a voluntary unit: not spontaneous activity
                voluntary_trains.append((float(times[members].min()), float(times[members].max())))
                continue
            labels[members] = len(trains)
            trains.append(Train(len(trains), kind, int(members.size), rate, cv))
    events = []
    for t, k, f, label in zip(times, kinds, found, labels, strict=True):
        if label == -2:
            continue
        events.append(SpontaneousEvent(float(t), k, f[1], int(label)))
    return SpontaneousResult(events, trains, rest_s, voluntary_trains, rejected)
