"""Motor units: detection, one identity per record, durations by the published convention."""

import numpy as np
import pytest

from sclerodx.case import Recruitment
from sclerodx.emg import emg_findings, emg_process, emg_simulate
from sclerodx.emg.motor_units import DURATION_BAND_UV, TEMPLATE_AFTER_MS, TEMPLATE_BEFORE_MS


def _matched(sim, analysis):
    """Each planted unit with the found unit that holds most of its discharges."""
    pairs = []
    for planted in sim.units:
        best, hits = None, 0
        for unit in analysis.motor_units.units:
            near = np.sum([np.min(np.abs(unit.times_s - t)) < 0.003 for t in planted.times_s])
            if near > hits:
                best, hits = unit, near
        pairs.append((planted, best, hits))
    return pairs


@pytest.mark.parametrize("seed", [0, 1])
def test_planted_units_are_detected_with_their_firing_rates(seed):
    sim = emg_simulate(10.0, 10000.0, voluntary_fraction=1.0, voluntary_units=2,
                       random_state=seed)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    planted = np.array([e.time_s for e in sim.events])
    found = analysis.motor_units.peak_times_s
    recall = np.mean([np.min(np.abs(found - t)) < 0.003 for t in planted])
    assert recall >= 0.9
    rates = sorted(u.firing_rate_hz for u in analysis.motor_units.units if u.firing_rate_hz)
    assert all(7.0 <= r <= 16.0 for r in rates)  # planted at 8-15 Hz


def test_template_window_holds_the_longest_units():
    assert TEMPLATE_BEFORE_MS + TEMPLATE_AFTER_MS >= 50.0


_KNOWN_MISS = pytest.mark.xfail(strict=True, reason=(
    "known limit: three brief, small, similar units are not separated for this seed "
    "(no unit has half its discharges identified), so nothing is measured"))


@pytest.mark.parametrize(("pattern", "n_units", "seed"), [
    *[(p, 1, s) for p in ("normal", "neurogenic") for s in (3, 4, 5)],
    ("myopathic", 3, 3),
    pytest.param("myopathic", 3, 4, marks=_KNOWN_MISS),
    ("myopathic", 3, 5),
])
def test_synthetic_durations_are_measured_within_ten_percent(pattern, n_units, seed):
    # durations against the absolute ±20 µV band of a calibrated record: the truth is
    # the noiseless planted waveform's first-to-last departure beyond the same band.
    # (One or two brief myopathic units at 8-15 Hz look like fibrillation trains at rest,
    # so that pattern is planted as three units, of which at least half the discharges
    # of a unit must be identified for it to be compared.)
    sim = emg_simulate(10.0, 10000.0, voluntary_fraction=1.0, voluntary_units=n_units,
                       pattern=pattern, random_state=seed)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    identified = [(p, u) for p, u, hits in _matched(sim, analysis) if hits >= 0.5 * p.times_s.size]
    assert identified
    for planted, unit in identified:
        truth = planted.duration_ms(DURATION_BAND_UV)
        assert unit.shape.duration_ms == pytest.approx(truth, rel=0.10)


def test_long_neurogenic_units_are_not_cut_short():
    sim = emg_simulate(10.0, 10000.0, voluntary_fraction=1.0, voluntary_units=1,
                       pattern="neurogenic", random_state=5)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    assert sim.units[0].duration_ms(DURATION_BAND_UV) > 15.0
    assert analysis.motor_units.units[0].shape.duration_ms > 15.0


def test_a_unit_is_identified_once_across_chunks():
    # 25 s of one unit spans three 10 s clustering chunks: still one unit
    sim = emg_simulate(25.0, 4000.0, voluntary_fraction=1.0, voluntary_units=1,
                       pattern="neurogenic", random_state=2)
    analysis = emg_process(sim.signal, 4000.0, units="uV")
    assert len(analysis.motor_units.units) == 1
    assert analysis.motor_units.units[0].times_s.size >= 0.9 * sim.units[0].times_s.size


def test_one_unit_firing_fast_is_reduced_recruitment():
    # Petajan 1991: one unit at 14-16 Hz alone gives a recruitment ratio above 10
    sim = emg_simulate(10.0, 10000.0, voluntary_fraction=1.0, voluntary_units=1,
                       pattern="neurogenic", firing_rate_hz=(14.0, 16.0), random_state=1)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    assert analysis.motor_units.recruitment_ratio > 10
    assert emg_findings(analysis, "biceps").recruitment is Recruitment.REDUCED


@pytest.mark.parametrize("seed", [6, 7])
def test_several_units_at_moderate_rates_are_not_reduced_recruitment(seed):
    # five units at 8-11 Hz: ratio about 2 in principle; superimposition fragments
    # raise it, but never to the reduced range
    sim = emg_simulate(10.0, 10000.0, voluntary_fraction=1.0, voluntary_units=5,
                       firing_rate_hz=(8.0, 11.0), random_state=seed)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    assert analysis.motor_units.recruitment_ratio < 10
    assert emg_findings(analysis, "biceps").recruitment is not Recruitment.REDUCED


def test_neurogenic_units_are_longer_and_larger_than_myopathic():
    shapes = {}
    for pattern in ("neurogenic", "myopathic"):
        sim = emg_simulate(10.0, 10000.0, voluntary_fraction=1.0, voluntary_units=3,
                           pattern=pattern, random_state=3)
        analysis = emg_process(sim.signal, 10000.0, units="uV")
        shapes[pattern] = analysis.features
    assert shapes["neurogenic"].mup_duration_ms > 1.5 * shapes["myopathic"].mup_duration_ms
    assert shapes["neurogenic"].largest_mup_snr_log > shapes["myopathic"].largest_mup_snr_log


def test_calibrated_units_are_read_against_the_muscle_reference():
    sim = emg_simulate(10.0, 10000.0, voluntary_fraction=1.0, voluntary_units=3,
                       pattern="neurogenic", random_state=3)
    analysis = emg_process(sim.signal, 10000.0, units="uV", muscle="biceps")
    assert analysis.qemg.label == "neurogenic"
    assert analysis.qemg.muscle == "biceps brachii"
    other = emg_process(sim.signal, 10000.0, units="uV", muscle="vastus medialis")
    assert "no published quantitative EMG reference" in other.qemg
