"""Motor unit potentials in voluntary activity: detection, units, templates, recruitment.

During a weak to moderate contraction each motor unit discharges repeatedly with
the same shape. Potentials are detected as peaks that clear the noise and grouped by
shape (normalised correlation of the main spike, similar amplitude) in chunks of
:data:`CHUNK_S`; the groups of all chunks are then compared once more, template with
template, and those that match are merged, so that each unit is identified **once per
record** however long the record and however often a superimposition split it. Each
unit is summarised by its median waveform - the template - which removes the
contributions of other units that happened to overlap (template-based multi-MUP
analysis; Stålberg et al. 1995; McGill et al. 2005).

**Measurement by the published conventions** (Stålberg et al. 1986; AANEM glossary
2015). The duration of a motor unit potential runs from its first departure from the
baseline to its final return to it. Automatic analysis places the two markers where
the signal leaves a baseline band of a few tens of microvolts; in a calibrated record
the band is absolute, :data:`DURATION_BAND_UV` either side of the baseline, so a
large reinnervated unit keeps its long low-amplitude tails, which a band relative to
the potential's own size would cut off (Stålberg et al. 1986; Nandedkar et al. 1988).
Where the gain is unknown the band is :data:`DURATION_BAND_NOISE` baseline-noise
standard deviations, which equals the absolute band at the typical noise of a
concentric needle. The template window is :data:`TEMPLATE_BEFORE_MS` +
:data:`TEMPLATE_AFTER_MS` = 60 ms, longer than the longest units (up to about 30 ms in
chronic reinnervation), so no duration is truncated by the window.

**Recruitment** (Petajan 1991): the *recruitment ratio* is the highest firing rate
divided by the number of units firing at that moment; normally below 5, above 10 it
means too few units firing too fast - reduced recruitment. It is read in windows of
:data:`RECRUITMENT_WINDOW_S`, the worst window counting. The *recruitment frequency*
is the firing rate of the first recruited unit when the second one starts.

References
----------
.. [1] Stålberg E, Andreassen S, Falck B, Lang H, Rosenfalck A, Trojaborg W.
       Quantitative analysis of individual motor unit potentials: a proposition for
       standardized terminology and criteria for measurement. J Clin Neurophysiol.
       1986;3:313-348.
.. [2] Stålberg E, Falck B, Sonoo M, Stålberg S, Åström M. Multi-MUP EMG analysis -
       a two year experience in daily clinical work. Electroencephalogr Clin
       Neurophysiol. 1995;97:145-154.
.. [3] Nandedkar SD, Barkhaus PE, Sanders DB, Stålberg EV. Analysis of amplitude and
       area of concentric needle EMG motor unit action potentials.
       Electroencephalogr Clin Neurophysiol. 1988;69:561-567.
.. [4] AANEM glossary of terms in neuromuscular and electrodiagnostic medicine.
       Muscle Nerve. 2015;51 (suppl) ("motor unit action potential", "duration").
.. [5] Petajan JH. AAEM minimonograph #3: motor unit recruitment. Muscle Nerve.
       1991;14:489-502.
.. [6] McGill KC, Lateva ZC, Marateb HR. EMGLAB: an interactive EMG decomposition
       program. J Neurosci Methods. 2005;149:121-133.
.. [7] De Luca CJ, Hostage EC. Relationship between firing rate and recruitment
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
    IntArray,
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
#: Template window, ms before and after the peak: 60 ms in all, beyond the >= 50 ms
#: that holds the longest reinnervated units (Stålberg et al. 1986 display 25-50 ms).
TEMPLATE_BEFORE_MS, TEMPLATE_AFTER_MS = 30.0, 30.0
#: Each discharge window's baseline: the line through its first and last this many ms.
BASELINE_EDGE_MS = 3.0
#: Recruitment and the quantitative reading of the templates are judged only when at
#: least this share of the detected potentials belongs to identified units: in a dense
#: pattern most potentials are unassigned, the few isolated units would make any ratio
#: look reduced, and their templates keep the other units' activity. expert estimate.
MIN_ASSIGNED_SHARE = 0.5
#: Baseline band of the duration markers in a calibrated record, µV either side.
#: expert estimate: 20 µV, inside the 10-25 µV of automatic duration criteria
#: (Stålberg et al. 1986 use 25 µV for a significant turn) and above the 5-10 µV
#: noise of a concentric needle, so the noise alone never extends a potential.
DURATION_BAND_UV = 20.0
#: Baseline band where the gain is unknown, in baseline-noise SDs. expert estimate: 4,
#: which is the 20 µV band at a typical concentric-needle noise of 5 µV RMS.
DURATION_BAND_NOISE = 4.0
#: A unit's band is never below this many times the robust SD of its template's first and last
#: EDGE_RESIDUAL_MS (the template's own baseline). expert estimate: as the record-noise
#: floor of the spontaneous-potential measures (sclerodx.emg.waveforms.NOISE_MULTIPLE).
DURATION_NOISE_FLOOR, EDGE_RESIDUAL_MS = 2.0, 5.0
#: Discharges belong to one unit when their main spikes correlate above this and their
#: amplitudes agree within this ratio.
SHAPE_CORRELATION = 0.85
AMPLITUDE_RATIO = 1.4
#: Units found in different chunks (or split within one) are one unit when their
#: templates correlate above this at the best lag within MERGE_LAG_MS, over the central
#: MERGE_HALF_MS, and their amplitudes agree within AMPLITUDE_RATIO. expert estimate:
#: stricter than the discharge criterion, as templates are averaged and far less noisy.
MERGE_CORRELATION, MERGE_LAG_MS, MERGE_HALF_MS = 0.9, 4.0, 10.0
#: Two groups firing at the same time are different units when their merged train has
#: more than this share of intervals shorter than ISI_RANGE_S[0]: one motor unit does not
#: fire twice within 20 ms at low force (De Luca & Hostage 2010). expert estimate: 5 %,
#: above occasional doublets and misaligned detections.
MAX_SHORT_INTERVALS = 0.05
#: Amplitude agreement when a group that fires too often is split (:func:`_refine`).
#: expert estimate: templates of one unit vary by well under 20 % between discharges.
REFINE_AMPLITUDE_RATIO = 1.2
#: A group whose discharges mostly (this share) fall within COINCIDENCE_MS of those of a
#: larger unit is a later phase of that unit, detected separately. expert estimate.
SAME_DISCHARGE_SHARE, COINCIDENCE_MS = 0.8, 15.0
#: A motor unit discharges as a train: at least this share of its intervals in the
#: physiological range (ISI_RANGE_S). Groups formed by chance superimpositions of two
#: units recur at the beat of their rates, mostly slower. expert estimate.
MIN_TRAIN_SHARE = 0.5
#: A unit needs at least this many discharges in its chunk.
MIN_DISCHARGES = 4
#: Longest stretch clustered at once, s (units drift with needle and force).
CHUNK_S = 10.0
#: Most groups formed per chunk (a guard against noise groups; merging follows).
MAX_GROUPS = 30
#: Physiological inter-discharge intervals, s: 2.5-50 Hz (De Luca & Hostage 2010).
ISI_RANGE_S = (0.02, 0.4)
#: Recruitment ratio limits (Petajan 1991): normal below 5, reduced above 10.
RECRUITMENT_NORMAL_MAX, RECRUITMENT_REDUCED_MIN = 5.0, 10.0
#: Window in which units are counted against the highest rate, s (several intervals
#: at 5-20 Hz), and its step.
RECRUITMENT_WINDOW_S, RECRUITMENT_STEP_S = 1.0, 0.5
#: Discharges a unit needs inside a window to count as firing there, and to give a rate.
MIN_WINDOW_DISCHARGES = 3


@dataclass(frozen=True)
class MotorUnit:
    """One motor unit: its template, discharges and measures."""

    unit: int
    times_s: FloatArray
    template: FloatArray  # at the internal rate, TEMPLATE_BEFORE_MS before the peak
    shape: WaveformShape  # by the record's convention (absolute band when calibrated)
    firing_rate_hz: float | None
    gain_free_shape: WaveformShape  # noise-relative band, as the gain-free classifier is trained
    band: float  # baseline band the duration of `shape` was measured against


@dataclass(frozen=True)
class Recruitment:
    """Recruitment ratio and frequency (Petajan 1991), with the window that set the ratio."""

    ratio: float | None  # highest firing rate / units firing, worst window
    units_in_window: int
    highest_rate_hz: float | None
    frequency_hz: float | None  # rate of the first unit when the second starts firing


@dataclass(frozen=True)
class MotorUnitResult:
    """All motor unit potentials of a record's voluntary activity."""

    peak_times_s: FloatArray  # every detected potential
    peak_amplitudes: FloatArray  # |value| at the peak
    units: list[MotorUnit]
    voluntary_s: float
    recruitment: Recruitment
    duration_band: float  # baseline band of the duration markers, record units
    band_rule: str

    @property
    def assigned_share(self) -> float | None:
        """Share of the detected potentials that belong to an identified unit."""
        total = self.peak_times_s.size
        return sum(u.times_s.size for u in self.units) / total if total else None

    @property
    def recruitment_ratio(self) -> float | None:
        """The recruitment ratio (see :class:`Recruitment`)."""
        return self.recruitment.ratio


@dataclass
class _Group:
    peaks: IntArray  # sample indices of the discharges (whole record)
    template: FloatArray


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


def duration_band(calibrated: bool, noise: float) -> tuple[float, str]:
    """The baseline band of the duration markers and how it was chosen.

    Each unit's band is raised to :data:`DURATION_NOISE_FLOOR` times its template's own
    baseline residual where that is larger (:func:`_unit_band`): in a dense pattern the
    median of a few discharges keeps other units' activity at its edges, and a marker
    inside that residual would measure the window, not the potential.
    """
    if calibrated:
        return DURATION_BAND_UV, f"±{DURATION_BAND_UV:g} µV absolute baseline band"
    return DURATION_BAND_NOISE * noise, f"±{DURATION_BAND_NOISE:g} x baseline noise (gain unknown)"


def _unit_band(template: FloatArray, band: float, sampling_rate: float) -> float:
    edge = max(2, round(EDGE_RESIDUAL_MS * sampling_rate / 1000.0))
    # robust SD: a sparse bump of another unit at one edge does not raise it
    residual = 1.4826 * float(np.median(np.abs(np.concatenate([template[:edge], template[-edge:]]))))
    return max(band, DURATION_NOISE_FLOOR * residual)


def _lagged(template: FloatArray, centre: int, half: int, max_lag: int) -> FloatArray:
    """The template's central 2 x ``half`` samples at every lag within ``max_lag``, each
    centred and scaled to unit norm (rows), for normalised correlation by one product."""
    segs = np.lib.stride_tricks.sliding_window_view(
        template[centre - half - max_lag : centre + half + max_lag + 1], 2 * half)[: 2 * max_lag + 1]
    segs = segs - segs.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(segs, axis=1, keepdims=True)
    return np.asarray(segs / np.where(norms > 0, norms, 1.0), dtype=np.float64)


def _merge(groups: list[_Group], sampling_rate: float, before: int) -> list[_Group]:
    """Merge groups whose templates match (one unit split by chunks or superimposition).

    The correlation is that of the group's template at the best lag within
    :data:`MERGE_LAG_MS` against the unit's current template, over the central
    :data:`MERGE_HALF_MS` either side of the peak.
    """
    ms = sampling_rate / 1000.0
    half, max_lag = round(MERGE_HALF_MS * ms), round(MERGE_LAG_MS * ms)
    merged: list[_Group] = []
    refs: list[FloatArray] = []  # each merged unit's template at lag 0, normalised
    for group in sorted(groups, key=lambda g: -g.peaks.size):
        amp = float(np.ptp(group.template))
        lagged = _lagged(group.template, before, half, max_lag)
        for k, target in enumerate(merged):
            ratio = amp / max(float(np.ptp(target.template)), 1e-12)
            if not 1 / AMPLITUDE_RATIO < ratio < AMPLITUDE_RATIO:
                continue
            r = lagged @ refs[k]
            best = int(np.argmax(r))
            lag = best - max_lag
            joined = np.concatenate([target.peaks, group.peaks])
            if r[best] >= MERGE_CORRELATION and _short_share(joined, sampling_rate) <= MAX_SHORT_INTERVALS:
                n, m = target.peaks.size, group.peaks.size
                shifted = np.roll(group.template, -lag)
                target.template = (n * target.template + m * shifted) / (n + m)
                target.peaks = np.sort(np.concatenate([target.peaks, group.peaks + lag]))
                refs[k] = _lagged(target.template, before, half, 0)[0]
                break
        else:
            merged.append(_Group(group.peaks.copy(), group.template.copy()))
            refs.append(lagged[max_lag])
    return merged


def _short_share(peaks: IntArray, sampling_rate: float) -> float:
    intervals = np.asarray(np.diff(np.sort(peaks)), dtype=np.float64) / sampling_rate
    return float(np.mean(intervals < ISI_RANGE_S[0])) if intervals.size else 0.0


def _refine(part: FloatArray, peaks: IntArray, heights: FloatArray,
            sampling_rate: float) -> list[IntArray]:
    """Split a group that fires too often for one unit, on the wider shape.

    Two units whose main spikes look alike can share a group; their joint train then
    has many intervals under 20 ms, which one unit cannot fire. Such a group is
    clustered again on the central :data:`MERGE_HALF_MS` with the stricter template
    criteria; sub-groups that still fire too often are dropped.
    """
    if _short_share(peaks, sampling_rate) <= MAX_SHORT_INTERVALS:
        return [peaks]
    half = round(MERGE_HALF_MS * sampling_rate / 1000.0)
    wide = extract_windows(part, peaks, half, half)
    labels = cluster_by_shape(wide, heights, MERGE_CORRELATION, REFINE_AMPLITUDE_RATIO,
                              MIN_DISCHARGES, MAX_GROUPS)
    parts = [peaks[labels == k] for k in range(int(labels.max()) + 1)]
    return [p for p in parts if _short_share(p, sampling_rate) <= MAX_SHORT_INTERVALS]


def _distinct(groups: list[_Group], sampling_rate: float) -> list[_Group]:
    """Drop later phases of larger units and groups that do not fire as a train."""
    reach = COINCIDENCE_MS * sampling_rate / 1000.0
    kept: list[_Group] = []
    for group in sorted(groups, key=lambda g: -g.peaks.size):
        intervals = np.diff(group.peaks) / sampling_rate
        in_range = (intervals >= ISI_RANGE_S[0]) & (intervals <= ISI_RANGE_S[1])
        if intervals.size == 0 or np.mean(in_range) < MIN_TRAIN_SHARE:
            continue
        duplicate = False
        for other in kept:
            index = np.clip(np.searchsorted(other.peaks, group.peaks), 1, other.peaks.size - 1)
            nearest = np.minimum(np.abs(other.peaks[index] - group.peaks),
                                 np.abs(other.peaks[index - 1] - group.peaks))
            if np.mean(nearest <= reach) >= SAME_DISCHARGE_SHARE:
                duplicate = True
                break
        if not duplicate:
            kept.append(group)
    return kept


def _recruitment(units: list[MotorUnit], start_s: float, stop_s: float) -> Recruitment:
    worst: tuple[float, int, float] | None = None
    last_start = max(start_s, stop_s - RECRUITMENT_WINDOW_S)
    starts = np.arange(start_s, last_start + 1e-9, RECRUITMENT_STEP_S)
    # per unit, the discharges inside each window (sorted times: two binary searches)
    bounds = [(np.searchsorted(u.times_s, starts), np.searchsorted(u.times_s, starts + RECRUITMENT_WINDOW_S))
              for u in units]
    for w in range(starts.size):
        rates = []
        for u, (low, high) in zip(units, bounds, strict=True):
            if high[w] - low[w] >= MIN_WINDOW_DISCHARGES:
                rate = _firing_rate(u.times_s[low[w] : high[w]])
                if rate is not None:
                    rates.append(rate)
        if rates and (worst is None or max(rates) / len(rates) > worst[0]):
            worst = (max(rates) / len(rates), len(rates), max(rates))
    frequency = None
    by_onset = sorted(units, key=lambda u: float(u.times_s.min()))
    if len(by_onset) >= 2:
        first, second = by_onset[0].times_s, float(by_onset[1].times_s.min())
        window = RECRUITMENT_WINDOW_S / 2
        near = first[(first >= second - window) & (first <= second + window)]
        frequency = _firing_rate(near)
    if worst is None:
        return Recruitment(None, 0, None, frequency)
    return Recruitment(worst[0], worst[1], worst[2], frequency)


def _templates(values: FloatArray, peaks: IntArray, before: int, after: int,
               sampling_rate: float) -> FloatArray:
    """Median of the discharge windows, each with its linear baseline removed.

    The baseline of each window is the line through the medians of its first and last
    :data:`BASELINE_EDGE_MS`, so slow drift of the 2 Hz template signal does not enter
    the duration.
    """
    windows = extract_windows(values, peaks, before, after)
    edge = max(1, round(BASELINE_EDGE_MS * sampling_rate / 1000.0))
    left = np.median(windows[:, :edge], axis=1, keepdims=True)
    right = np.median(windows[:, -edge:], axis=1, keepdims=True)
    ramp = np.linspace(0.0, 1.0, windows.shape[1])[np.newaxis, :]
    return np.asarray(np.median(windows - (left + (right - left) * ramp), axis=0), dtype=np.float64)


def detect_motor_units(
    values: FloatArray, sampling_rate: float, noise: float, segments: list[Segment],
    *, calibrated: bool = False, template_values: FloatArray | None = None,
) -> MotorUnitResult:
    """Detect motor unit potentials, identify each unit once, build and measure templates.

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
    calibrated
        True when ``values`` are in µV: the duration uses the absolute baseline band.
    template_values
        The same record on the template band
        (:data:`sclerodx.emg.filtering.MUP_BAND_HZ`); ``values`` when None.

    Returns
    -------
    MotorUnitResult
        Detected potentials, units with templates and measures, and recruitment.
    """
    ms = sampling_rate / 1000.0
    half = max(2, round(SHAPE_HALF_MS * ms))
    before, after = round(TEMPLATE_BEFORE_MS * ms), round(TEMPLATE_AFTER_MS * ms)
    band, rule = duration_band(calibrated, noise)
    source = values if template_values is None else template_values
    times: list[FloatArray] = []
    amps: list[FloatArray] = []
    groups: list[_Group] = []
    for start, stop in _chunks(segments, sampling_rate):
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
            shapes, heights, SHAPE_CORRELATION, AMPLITUDE_RATIO, MIN_DISCHARGES, MAX_GROUPS
        )
        for label in range(int(labels.max()) + 1):
            for members in _refine(part, peaks[labels == label], heights[labels == label],
                                   sampling_rate):
                members = start + members
                groups.append(_Group(members, _templates(source, members, before, after,
                                                         sampling_rate)))
    units: list[MotorUnit] = []
    for group in _distinct(_merge(groups, sampling_rate, before), sampling_rate):
        # one discharge is never counted twice (a lag shift can bring two together)
        peaks = group.peaks[np.concatenate([[True], np.diff(group.peaks) > round(DEAD_TIME_MS * ms)])]
        template = _templates(source, peaks, before, after, sampling_rate)
        unit_times = peaks / sampling_rate
        gain_free_band = _unit_band(template, DURATION_BAND_NOISE * noise, sampling_rate)
        unit_band = _unit_band(template, band, sampling_rate) if calibrated else gain_free_band
        gain_free = measure_waveform(template, sampling_rate, noise, gain_free_band)
        units.append(MotorUnit(
            unit=len(units), times_s=unit_times, template=template,
            shape=measure_waveform(template, sampling_rate, noise, unit_band) if calibrated else gain_free,
            firing_rate_hz=_firing_rate(unit_times), gain_free_shape=gain_free, band=unit_band,
        ))
    voluntary = [s for s in segments if s.state == "voluntary"]
    first = voluntary[0].start / sampling_rate if voluntary else 0.0
    last = voluntary[-1].stop / sampling_rate if voluntary else 0.0
    return MotorUnitResult(
        peak_times_s=np.concatenate(times) if times else np.empty(0),
        peak_amplitudes=np.concatenate(amps) if amps else np.empty(0),
        units=units,
        voluntary_s=sum(s.duration(sampling_rate) for s in voluntary),
        recruitment=_recruitment(units, first, last),
        duration_band=band,
        band_rule=rule,
    )
