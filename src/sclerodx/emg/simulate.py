"""Synthetic needle EMG with planted events of known times, for tests and benchmarks.

Waveforms are defined in milliseconds (sums of Gaussian phases), so the same
physiology is produced at any sampling rate. Shapes and rates follow the textbook
descriptions used by the detectors (Preston & Shapiro 2013; Daube & Rubin 2009):

* fibrillation potential - initial positive phase, main negative spike, positive tail,
  about 3 ms, 50-200 µV, regular trains at 1-10 Hz;
* positive sharp wave - sharp positive phase then a slow negative phase, about 13 ms,
  regular trains;
* fasciculation potential - a motor unit potential of 8-12 ms firing irregularly
  (Poisson) at rest at about 0.3 Hz (de Carvalho et al. 2008);
* voluntary motor units - triphasic units firing at 8-15 Hz with 10 % interval
  variability (De Luca & Hostage 2010); ``pattern`` makes them neurogenic (larger,
  longer, polyphasic) or myopathic (smaller, shorter, polyphasic).

References
----------
.. [1] Preston DC, Shapiro BE. Electromyography and Neuromuscular Disorders, 3rd ed.
       Elsevier; 2013.
.. [2] Daube JR, Rubin DI. Needle electromyography. Muscle Nerve. 2009;39:244-270.
.. [3] de Carvalho M, Dengler R, Eisen A, et al. Electrodiagnostic criteria for the
       diagnosis of ALS. Clin Neurophysiol. 2008;119:497-503.
.. [4] De Luca CJ, Hostage EC. Relationship between firing rate and recruitment
       threshold of motoneurons. J Neurophysiol. 2010;104:1034-1046.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal

import numpy as np

from sclerodx.emg.records import FloatArray

PlantedKind = Literal["fibrillation", "positive_sharp_wave", "fasciculation", "motor_unit"]
Pattern = Literal["normal", "neurogenic", "myopathic"]

#: MUP amplitude (µV), duration scale and extra late phases per pattern (Buchthal 1955
#: norms: normal 0.2-2 mV, 5-15 ms; neurogenic large and long; myopathic small, short).
_UNIT_PATTERNS: dict[Pattern, tuple[tuple[float, float], float, int]] = {
    "normal": ((300.0, 1000.0), 1.0, 0),
    "neurogenic": ((1500.0, 5000.0), 1.6, 3),
    "myopathic": ((100.0, 300.0), 0.5, 3),
}


@dataclass(frozen=True, slots=True)
class PlantedEvent:
    """One planted potential: when its main peak is and what it is."""

    time_s: float
    kind: PlantedKind


@dataclass(frozen=True, slots=True)
class PlantedUnit:
    """One voluntary motor unit: its waveform parameters and discharge times."""

    amplitude_uv: float  # signed scale of the main spike
    scale: float
    extra_phases: int
    form: tuple[float, float]
    spike_ms: float
    times_s: FloatArray

    def waveform(self, t_ms: FloatArray) -> FloatArray:
        """The noiseless potential at times ``t_ms`` from its main peak."""
        return motor_unit_shape(t_ms, self.amplitude_uv, self.scale, self.extra_phases, self.form,
                                self.spike_ms)

    def duration_ms(self, band_uv: float) -> float:
        """True duration: first to last departure of the noiseless potential beyond ``band_uv``."""
        t = np.arange(-60.0, 60.0, 0.005)
        outside = np.flatnonzero(np.abs(self.waveform(t)) > band_uv)
        return float(t[outside[-1]] - t[outside[0]]) if outside.size else 0.0


@dataclass(frozen=True)
class SimulatedEMG:
    """A synthetic trace in µV, the events planted in it and the voluntary units."""

    signal: FloatArray
    sampling_rate: float
    events: list[PlantedEvent]
    units: list[PlantedUnit]


def _gauss(t: FloatArray, centre: float, width: float) -> FloatArray:
    return np.asarray(np.exp(-0.5 * ((t - centre) / width) ** 2), dtype=np.float64)


def fibrillation_shape(t_ms: FloatArray, amplitude: float) -> FloatArray:
    """A fibrillation potential: positive, large negative, positive phases (about 3 ms)."""
    return amplitude * (0.35 * _gauss(t_ms, -0.7, 0.25) - _gauss(t_ms, 0.0, 0.3)
                        + 0.45 * _gauss(t_ms, 0.8, 0.4))


def positive_sharp_wave_shape(t_ms: FloatArray, amplitude: float) -> FloatArray:
    """A positive sharp wave: sharp positive phase, then a slow low negative one (~13 ms)."""
    slow = np.where((t_ms > 0.5) & (t_ms < 12.5), np.sin(np.pi * (t_ms - 0.5) / 12.0), 0.0)
    return amplitude * (_gauss(t_ms, 0.0, 0.4) - 0.22 * slow)


def motor_unit_shape(t_ms: FloatArray, amplitude: float, scale: float = 1.0,
                     extra_phases: int = 0, form: tuple[float, float] = (0.3, 0.5),
                     spike_ms: float = 0.6) -> FloatArray:
    """A triphasic motor unit potential (about 10 ms x ``scale``), optionally polyphasic.

    ``form`` weighs the initial and the terminal phase against the main spike, and
    ``spike_ms`` sets the width of the main spike, so that different units have
    different shapes, as real ones do.
    """
    wave = (form[0] * _gauss(t_ms, -2.5 * scale, 1.0 * scale) - _gauss(t_ms, 0.0, spike_ms * scale)
            + form[1] * _gauss(t_ms, 2.2 * scale, 1.4 * scale))
    for k in range(extra_phases):
        wave += (-1) ** k * 0.35 * _gauss(t_ms, (4.0 + 1.2 * k) * scale, 0.35 * scale)
    return amplitude * wave


def _balanced_terminal_phase(first: float, extra_phases: int, spike_ms: float) -> float:
    """Weight of the terminal phase that gives the potential zero net area.

    A concentric needle records a propagating fibre potential as a tripole whose
    phases cancel in area (the extracellular potential follows the second spatial
    derivative of the action potential; Stålberg et al. 1986), so a recording's
    high-pass filter leaves it unchanged - as for real motor unit potentials.
    Phase widths are those of :func:`motor_unit_shape` (1.0, ``spike_ms`` and 1.4 ms; 0.35 ms
    for the late phases, weighted 0.35 and alternating in sign).
    """
    late = 0.35 * 0.35 * float(sum((-1) ** k for k in range(extra_phases)))
    return float((spike_ms - first * 1.0 - late) / 1.4)


def _add(target: FloatArray, rate: float, time_s: float, shape: Callable[[FloatArray], FloatArray],
         span_ms: tuple[float, float]) -> None:
    first = int(np.ceil((time_s + span_ms[0] / 1000.0) * rate))
    last = int(np.floor((time_s + span_ms[1] / 1000.0) * rate))
    first, last = max(first, 0), min(last, target.size - 1)
    if last <= first:
        return
    t_ms = (np.arange(first, last + 1) / rate - time_s) * 1000.0
    target[first : last + 1] += shape(t_ms)


def _regular_times(start: float, stop: float, rate_hz: float, rng: np.random.Generator,
                   jitter: float) -> FloatArray:
    times = []
    t = start + rng.uniform(0, 1.0 / rate_hz)
    while t < stop:
        times.append(t)
        t += (1.0 / rate_hz) * (1.0 + jitter * rng.standard_normal())
    return np.array(times)


def emg_simulate(
    duration: float = 10.0,
    sampling_rate: float = 10000.0,
    *,
    fibrillation_trains: int = 0,
    psw_trains: int = 0,
    fasciculation_rate: float = 0.0,
    voluntary_fraction: float = 0.0,
    voluntary_units: int = 4,
    pattern: Pattern = "normal",
    firing_rate_hz: tuple[float, float] = (8.0, 15.0),
    noise_uv: float = 5.0,
    random_state: int | None = None,
) -> SimulatedEMG:
    """Simulate a needle-EMG trace with planted events.

    The first ``1 - voluntary_fraction`` of the trace is rest (with the requested
    spontaneous activity); the rest is voluntary activity of ``voluntary_units`` units.

    Parameters
    ----------
    duration
        Length in seconds.
    sampling_rate
        Samples per second.
    fibrillation_trains, psw_trains
        Number of regular trains of each kind at rest, each at a random rate of 2-10 Hz.
    fasciculation_rate
        Mean rate (Hz) of fasciculation potentials at rest, fired as a Poisson process.
    voluntary_fraction
        Fraction of the trace (at the end) with voluntary activity.
    voluntary_units
        Number of motor units active during voluntary activity.
    pattern
        Shape of the voluntary and fasciculating units.
    firing_rate_hz
        Range the firing rate of each voluntary unit is drawn from.
    noise_uv
        Standard deviation of the white baseline noise, µV.
    random_state
        Seed for reproducibility.

    Returns
    -------
    SimulatedEMG
        The trace in µV and the planted events, sorted by time.
    """
    rng = np.random.default_rng(random_state)
    n = round(duration * sampling_rate)
    trace = noise_uv * rng.standard_normal(n)
    rest_end = duration * (1.0 - voluntary_fraction)
    events: list[PlantedEvent] = []
    margin = 0.05
    for _ in range(fibrillation_trains):
        amplitude = rng.uniform(60, 200)
        for t in _regular_times(margin, rest_end - margin, rng.uniform(2, 10), rng, 0.01):
            _add(trace, sampling_rate, t, partial(fibrillation_shape, amplitude=amplitude), (-3, 4))
            events.append(PlantedEvent(float(t), "fibrillation"))
    for _ in range(psw_trains):
        amplitude = rng.uniform(80, 250)
        for t in _regular_times(margin, rest_end - margin, rng.uniform(2, 10), rng, 0.01):
            _add(trace, sampling_rate, t, partial(positive_sharp_wave_shape, amplitude=amplitude),
                 (-3, 15))
            events.append(PlantedEvent(float(t), "positive_sharp_wave"))
    (low, high), scale, extra = _UNIT_PATTERNS[pattern]
    if fasciculation_rate > 0:
        t = margin + rng.exponential(1.0 / fasciculation_rate)
        while t < rest_end - margin:
            amplitude = rng.uniform(low, high)
            _add(trace, sampling_rate, t,
                 partial(motor_unit_shape, amplitude=amplitude, scale=scale,
                         extra_phases=extra), (-12, 15))
            events.append(PlantedEvent(float(t), "fasciculation"))
            t += max(0.05, rng.exponential(1.0 / fasciculation_rate))
    units: list[PlantedUnit] = []
    if voluntary_fraction > 0:
        for _ in range(voluntary_units):
            first, spike = float(rng.uniform(0.1, 0.35)), float(rng.uniform(0.5, 0.75))
            form = (first, _balanced_terminal_phase(first, extra, spike))
            unit = PlantedUnit(float(rng.uniform(low, high) * rng.choice([-1.0, 1.0])), scale, extra,
                               form, spike, _regular_times(rest_end, duration - margin,
                                                    rng.uniform(*firing_rate_hz), rng, 0.1))
            units.append(unit)
            for t in unit.times_s:
                _add(trace, sampling_rate, t, unit.waveform, (-40, 40))
                events.append(PlantedEvent(float(t), "motor_unit"))
    events.sort(key=lambda e: e.time_s)
    return SimulatedEMG(trace, float(sampling_rate), events, units)
