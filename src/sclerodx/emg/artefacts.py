"""Recording artefacts: flat lines, steps and amplifier saturation.

A needle-EMG trace is never exactly constant: even a silent muscle shows amplifier
and end-plate noise. A stretch of identical samples is therefore an electrode or
converter fault (a disconnected lead, a stalled converter, a gap filled by the
software), the level jump where such a stretch ends is a step, and samples pinned at
the converter's extreme value are saturation (clipping) of a potential too large for
the input range. None of them is physiology: each is found on the samples as
recorded, reported, and excluded - with a guard for the filter's response to it -
from every detector (rest, spontaneous activity, motor units).

References
----------
.. [1] Daube JR, Rubin DI. Needle electromyography. Muscle Nerve. 2009;39:244-270
       (technical artefacts in needle EMG).
.. [2] Preston DC, Shapiro BE. Electromyography and Neuromuscular Disorders, 3rd ed.
       Elsevier; 2013 (chapter on artefacts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from sclerodx.emg.records import FloatArray

ArtefactKind = Literal["flat line", "step", "saturation"]

#: Shortest run of identical samples called a flat line, ms. expert estimate: 20 ms
#: of exactly equal samples cannot come from a live amplifier with noise above one
#: converter step (at 4 kHz, 80 samples).
FLAT_MS = 20.0
#: A level change across a flat line larger than this many noise SDs is a step.
STEP_NOISE_MULTIPLE = 4.0
#: Shortest run of samples pinned at the record's extreme value called saturation, ms
#: (never fewer than 3 samples). expert estimate: a real peak is rounded and holds its
#: highest value for one or two samples only.
SATURATION_MS = 0.5
#: Excluded either side of an artefact, ms: the band-pass (20 Hz, zero-phase) rings
#: for about this long after a discontinuity. expert estimate.
GUARD_MS = 100.0


@dataclass(frozen=True, slots=True)
class Artefact:
    """One artefact, in seconds of the record."""

    kind: ArtefactKind
    start_s: float
    stop_s: float

    def describe(self) -> str:
        """One line for the report."""
        return f"{self.kind} at {self.start_s:.3f}-{self.stop_s:.3f} s"


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Start and stop (exclusive) of each run of True."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(),
                    strict=True))


def detect_artefacts(values: FloatArray, sampling_rate: float, noise: float) -> list[Artefact]:
    """Find flat lines, steps and saturation in one channel as recorded.

    Parameters
    ----------
    values
        The samples as recorded (before resampling and filtering).
    sampling_rate
        Their rate in Hz.
    noise
        Baseline noise SD in the same units (for the size of a step).

    Returns
    -------
    list of Artefact
        In time order.
    """
    found: list[Artefact] = []
    extremes = (float(values.max()), float(values.min()))
    same = np.concatenate([np.diff(values) == 0, [False]])
    flat = max(2, round(FLAT_MS * sampling_rate / 1000.0))
    for start, stop in _runs(same):
        stop += 1  # the run of equal differences spans one more sample
        if stop - start < flat or float(values[start]) in extremes:
            continue  # short, or pinned at an extreme: saturation, below
        found.append(Artefact("flat line", start / sampling_rate, stop / sampling_rate))
        before = values[max(0, start - flat) : start]
        after = values[stop : stop + flat]
        if after.size and abs(float(np.median(after)) - float(values[start])) > STEP_NOISE_MULTIPLE * noise:
            found.append(Artefact("step", stop / sampling_rate, stop / sampling_rate))
        elif before.size and abs(float(np.median(before)) - float(values[start])) > (
                STEP_NOISE_MULTIPLE * noise):
            found.append(Artefact("step", start / sampling_rate, start / sampling_rate))
    pinned = max(3, round(SATURATION_MS * sampling_rate / 1000.0))
    for extreme in extremes:
        for start, stop in _runs(values == extreme):
            if stop - start >= pinned:
                found.append(Artefact("saturation", start / sampling_rate, stop / sampling_rate))
    return sorted(found, key=lambda a: a.start_s)
