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
.. [3] AANEM glossary of terms in neuromuscular and electrodiagnostic medicine.
       Muscle Nerve. 2015;51 (suppl) ("spontaneous activity").
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
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

#: Rest must last this long, contiguous, to be examined for spontaneous activity, s
#: (the AANEM glossary defines spontaneous activity as activity at rest; a gap of
#: less than a second between bursts of voluntary activity is not a relaxed muscle).
MIN_REST_S = 1.0
#: Rest just after voluntary activity that is not examined, s: units de-recruit and
#: fire their last discharges as the muscle relaxes (Daube & Rubin 2009: spontaneous
#: activity is judged with the muscle fully relaxed). expert estimate: 0.5 s.
REST_GUARD_S = 0.5

State = Literal["rest", "voluntary", "excluded"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of one state, in samples of the analysed (internal-rate) signal.

    ``reason`` says why an ``"excluded"`` stretch is neither rest nor voluntary
    activity (filter edge, artefact, rest too short, guard after voluntary activity).
    """

    state: State
    start: int
    stop: int
    reason: str = ""

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


def _merged(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if seg.stop <= seg.start:
            continue
        if out and out[-1].state == seg.state and out[-1].reason == seg.reason and out[-1].stop == seg.start:
            out[-1] = Segment(seg.state, out[-1].start, seg.stop, seg.reason)
        else:
            out.append(seg)
    return out


def segment_activity(
    values: FloatArray,
    sampling_rate: float,
    noise: float,
    *,
    excluded: Sequence[tuple[int, int, str]] = (),
    voluntary: Sequence[tuple[int, int]] = (),
    strict: bool = True,
) -> list[Segment]:
    """Split the signal into rest, voluntary activity and excluded stretches.

    Parameters
    ----------
    values
        The filtered signal.
    sampling_rate
        Its rate in Hz.
    noise
        Baseline noise from :func:`estimate_noise`.
    excluded
        ``(start, stop, reason)`` sample ranges that are neither (filter edges,
        artefacts); they take precedence.
    voluntary
        Sample ranges known to hold voluntary activity (a unit firing regularly at rest,
        found by :mod:`sclerodx.emg.spontaneous`), whatever their occupancy.
    strict
        Apply the rest rules below; False gives every quiet stretch as rest (the first
        pass, in which units firing regularly at rest are looked for).

    Returns
    -------
    list of Segment
        Covering the whole signal in order. Rest shorter than :data:`MIN_REST_S` and
        the first :data:`REST_GUARD_S` of rest after voluntary activity are excluded.
    """
    size = max(2, round(STRETCH_MS * sampling_rate / 1000.0))
    per_window = max(1, round(WINDOW_MS / STRETCH_MS))
    active = _stretch_rms(values, sampling_rate) > ACTIVE_MULTIPLE * noise
    n_windows = max(1, active.size // per_window)
    occupancy = active[: n_windows * per_window].reshape(n_windows, per_window).mean(axis=1)
    busy = ndimage.median_filter(
        (occupancy > VOLUNTARY_OCCUPANCY).astype(np.uint8), size=SMOOTH_WINDOWS, mode="nearest"
    ).astype(bool)
    step = size * per_window
    for start, stop in voluntary:
        busy[start // step : -(-stop // step)] = True
    edges = np.flatnonzero(np.diff(busy.astype(np.int8))) + 1
    bounds = [0, *edges.tolist(), n_windows]
    base = []
    for first, last in itertools.pairwise(bounds):
        stop = values.size if last == n_windows else last * step
        base.append(Segment("voluntary" if busy[first] else "rest", first * step, stop))
    # carve out the excluded stretches
    cuts: list[tuple[int, int, str]] = []
    for a, b, r in sorted((max(0, a), min(values.size, b), r) for a, b, r in excluded if b > a):
        if cuts and a <= cuts[-1][1]:  # overlapping: one stretch, both reasons
            reasons = cuts[-1][2] if r in cuts[-1][2].split(" + ") else f"{cuts[-1][2]} + {r}"
            cuts[-1] = (cuts[-1][0], max(cuts[-1][1], b), reasons)
        else:
            cuts.append((a, b, r))
    pieces: list[Segment] = []
    for seg in base:
        start = seg.start
        for a, b, reason in cuts:
            if b <= start or a >= seg.stop:
                continue
            pieces.append(Segment(seg.state, start, max(start, a)))
            pieces.append(Segment("excluded", max(start, a), min(seg.stop, b), reason))
            start = min(seg.stop, b)
        pieces.append(Segment(seg.state, start, seg.stop))
    pieces = _merged(pieces)
    if not strict:
        return pieces
    guard, shortest = round(REST_GUARD_S * sampling_rate), round(MIN_REST_S * sampling_rate)
    out: list[Segment] = []
    for i, seg in enumerate(pieces):
        if seg.state != "rest":
            out.append(seg)
            continue
        start = seg.start
        if i > 0 and pieces[i - 1].state == "voluntary":
            cut = min(seg.stop, start + guard)
            out.append(Segment("excluded", start, cut, "guard after voluntary activity"))
            start = cut
        if seg.stop - start < shortest:
            out.append(Segment("excluded", start, seg.stop, f"rest shorter than {MIN_REST_S:g} s"))
        else:
            out.append(Segment("rest", start, seg.stop))
    return _merged(out)
