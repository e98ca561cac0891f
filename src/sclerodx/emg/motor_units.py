"""Motor unit potentials in voluntary activity: detection, templates, firing rates.

During a weak to moderate contraction each motor unit discharges repeatedly with
the same shape. Potentials are detected as peaks that clear the noise, grouped by
shape (normalised correlation of the main spike, similar amplitude) into units, and
each unit is summarised by its median waveform - the template - which removes the
contributions of other units that happened to overlap (the principle of
template-based MUP quantitation; Stålberg et al. 1995; McGill et al. 2005). The
template is then measured with :func:`sclerodx.emg.waveforms.measure_waveform`, and
the unit's firing rate comes from its inter-discharge intervals.

Recruitment is read from the ratio of the highest firing rate to the number of
active units (Daube 1991): normally below 5; 10 or more means too few units firing
too fast, i.e. reduced recruitment.

References
----------
.. [1] Stålberg E, Falck B, Sonoo M, Stålberg S, Åström M. Multi-MUP EMG analysis -
       a two year experience in daily clinical work. Electroencephalogr Clin
       Neurophysiol. 1995;97:145-154.
.. [2] McGill KC, Lateva ZC, Marateb HR. EMGLAB: an interactive EMG decomposition
       program. J Neurosci Methods. 2005;149:121-133.
.. [3] Daube JR. AAEM minimonograph #11: needle examination in clinical
       electromyography. Muscle Nerve. 1991;14:685-700.
.. [4] De Luca CJ, Hostage EC. Relationship between firing rate and recruitment
       threshold of motoneurons in voluntary isometric contractions.
       J Neurophysiol. 2010;104:1034-1046 (firing rates 5-50 Hz).
"""

from __future__ import annotations

from dataclasses import dataclass

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

#: A potential must exceed this many noise standard deviations.
DETECTION_MULTIPLE = 5.0
#: Minimum spacing of detected peaks, ms: the phases of one potential (5-15 ms) are
#: not separate potentials.
DEAD_TIME_MS = 8.0
#: A peak within this many ms of one this many times larger is a side lobe of it
#: (the band-pass adds small lobes either side of a large potential).
SHADOW_MS, SHADOW_RATIO = 20.0, 4.0
#: Half-width of the shape window compared between discharges, ms (the main spike).
SHAPE_HALF_MS = 3.0
#: Analysis window of a template, ms before and after the peak (Stålberg et al. 1986
#: use 25-50 ms displays; 12.5 ms either side holds normal and long units).
TEMPLATE_BEFORE_MS, TEMPLATE_AFTER_MS = 12.5, 12.5
#: Discharges belong to one unit when their main spikes correlate above this and their
#: amplitudes agree within this ratio.
SHAPE_CORRELATION = 0.85
AMPLITUDE_RATIO = 1.4
#: A unit needs at least this many discharges in its chunk.
MIN_DISCHARGES = 4
#: Longest stretch clustered at once, s (units drift with needle and force).
CHUNK_S = 10.0
#: At most this many units per chunk (concentric needles see about 5-10 at low force).
MAX_UNITS = 12
#: Physiological inter-discharge intervals, s: 2.5-50 Hz (De Luca & Hostage 2010).
ISI_RANGE_S = (0.02, 0.4)
#: Recruitment ratio limits (Daube 1991).
RECRUITMENT_NORMAL_MAX, RECRUITMENT_REDUCED_MIN = 5.0, 10.0


@dataclass(frozen=True)
class MotorUnit:
    """One motor unit: its template, discharges and measures."""

    unit: int
    times_s: FloatArray
    template: FloatArray  # at the internal rate, TEMPLATE_BEFORE_MS before the peak
    shape: WaveformShape
    firing_rate_hz: float | None
    chunk: int  # which voluntary chunk it was found in


@dataclass(frozen=True)
class MotorUnitResult:
    """All motor unit potentials of a record's voluntary activity."""

    peak_times_s: FloatArray  # every detected potential
    peak_amplitudes: FloatArray  # |value| at the peak
    units: list[MotorUnit]
    voluntary_s: float
    recruitment_ratio: float | None  # highest firing rate / number of units, worst chunk


def _chunks(segments: list[Segment], sampling_rate: float) -> list[tuple[int, int]]:
    size = int(CHUNK_S * sampling_rate)
    out = []
    for seg in segments:
        if seg.state != "voluntary":
            continue
        n = max(1, round((seg.stop - seg.start) / size))
        edges = np.linspace(seg.start, seg.stop, n + 1).astype(int)
        out += list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True))
    return out


def _firing_rate(times: FloatArray) -> float | None:
    isi = np.diff(np.sort(times))
    isi = isi[(isi >= ISI_RANGE_S[0]) & (isi <= ISI_RANGE_S[1])]
    return float(1.0 / np.median(isi)) if isi.size >= 2 else None


def detect_motor_units(
    values: FloatArray, sampling_rate: float, noise: float, segments: list[Segment]
) -> MotorUnitResult:
    """Detect motor unit potentials in the voluntary segments and build unit templates.

    Parameters
    ----------
    values
        The filtered signal.
    sampling_rate
        Its rate in Hz.
    noise
        Baseline noise standard deviation.
    segments
        Rest/voluntary segments from :func:`sclerodx.emg.segmentation.segment_activity`.

    Returns
    -------
    MotorUnitResult
        Detected potentials, units with templates and measures, and recruitment.
    """
    ms = sampling_rate / 1000.0
    half = max(2, round(SHAPE_HALF_MS * ms))
    before, after = round(TEMPLATE_BEFORE_MS * ms), round(TEMPLATE_AFTER_MS * ms)
    times: list[FloatArray] = []
    amps: list[FloatArray] = []
    units: list[MotorUnit] = []
    worst_ratio: float | None = None
    for index, (start, stop) in enumerate(_chunks(segments, sampling_rate)):
        part = values[start:stop]
        peaks, props = signal.find_peaks(
            np.abs(part), height=DETECTION_MULTIPLE * noise, distance=max(1, round(DEAD_TIME_MS * ms))
        )
        heights = np.asarray(props["peak_heights"], dtype=np.float64)
        keep = ~shadowed_peaks(peaks, heights, round(SHADOW_MS * ms), SHADOW_RATIO)
        peaks, heights = peaks[keep], heights[keep]
        times.append((start + peaks) / sampling_rate)
        amps.append(heights)
        if peaks.size < MIN_DISCHARGES:
            continue
        signs = np.sign(part[peaks])
        shapes = extract_windows(part, peaks, half, half) * signs[:, np.newaxis]
        labels = cluster_by_shape(
            shapes, heights, SHAPE_CORRELATION, AMPLITUDE_RATIO, MIN_DISCHARGES, MAX_UNITS
        )
        rates = []
        for label in range(int(labels.max()) + 1):
            members = peaks[labels == label]
            windows = extract_windows(part, members, before, after)
            template = np.median(windows, axis=0)
            unit_times = (start + members) / sampling_rate
            rate = _firing_rate(unit_times)
            rates.append(rate)
            units.append(MotorUnit(
                unit=len(units), times_s=unit_times, template=template,
                shape=measure_waveform(template, sampling_rate, noise),
                firing_rate_hz=rate, chunk=index,
            ))
        known = [r for r in rates if r is not None]
        if known:
            ratio = max(known) / len(rates)
            worst_ratio = ratio if worst_ratio is None else max(worst_ratio, ratio)
    voluntary = sum(s.duration(sampling_rate) for s in segments if s.state == "voluntary")
    return MotorUnitResult(
        peak_times_s=np.concatenate(times) if times else np.empty(0),
        peak_amplitudes=np.concatenate(amps) if amps else np.empty(0),
        units=units,
        voluntary_s=voluntary,
        recruitment_ratio=worst_ratio,
    )
