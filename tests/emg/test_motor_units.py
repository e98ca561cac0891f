import numpy as np
import pytest

from sclerodx.emg import emg_process, emg_simulate


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


def test_neurogenic_units_are_longer_and_larger_than_myopathic():
    shapes = {}
    for pattern in ("neurogenic", "myopathic"):
        sim = emg_simulate(10.0, 10000.0, voluntary_fraction=1.0, voluntary_units=3,
                           pattern=pattern, random_state=3)
        analysis = emg_process(sim.signal, 10000.0, units="uV")
        shapes[pattern] = analysis.features
    assert shapes["neurogenic"].mup_duration_ms > 1.5 * shapes["myopathic"].mup_duration_ms
    assert shapes["neurogenic"].largest_mup_snr_log > shapes["myopathic"].largest_mup_snr_log
