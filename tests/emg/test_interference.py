"""Interference-pattern measures on signals whose turns and spectrum are known."""

from dataclasses import astuple

import numpy as np
import pytest

from sclerodx.emg.interference import find_turns, interference_pattern

RATE = 4000.0


def _sine(frequency: float, amplitude: float, seconds: float = 2.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return amplitude * np.sin(2 * np.pi * frequency * t)


def test_a_sine_turns_twice_per_period_when_its_swing_clears_the_step():
    index, level = find_turns(_sine(100.0, 1.0, 1.0), step=1.5)  # peak-to-peak swing 2
    # two extrema per period (200), less the first and last, which the trace does not
    # leave by the full step on their outer side
    assert index.size == 198
    assert np.allclose(np.abs(level), 1.0, atol=0.01)


def test_a_sine_smaller_than_the_step_has_no_turns():
    index, _ = find_turns(_sine(100.0, 1.0, 1.0), step=2.5)
    assert index.size == 0


def test_spectrum_of_a_pure_tone():
    pattern = interference_pattern(_sine(300.0, 1.0), RATE, noise=0.1)
    assert pattern.median_frequency_hz == pytest.approx(300.0, abs=5.0)
    assert pattern.high_frequency_fraction < 0.01
    assert interference_pattern(_sine(800.0, 1.0), RATE, noise=0.1).high_frequency_fraction > 0.99


def test_turn_rate_and_ratio_of_a_tone():
    # 200 turns/s; amplitude between turns 2 = 20 noise units -> log10(200 / 20) = 1
    pattern = interference_pattern(_sine(100.0, 1.0), RATE, noise=0.1)
    assert pattern.peak_turns_log == pytest.approx(np.log10(200.0), abs=0.01)
    assert pattern.turns_amplitude_log == pytest.approx(1.0, abs=0.01)


def test_measures_do_not_depend_on_gain():
    rng = np.random.default_rng(0)
    values = rng.standard_normal(8000)
    one = interference_pattern(values, RATE, noise=0.2)
    ten = interference_pattern(values * 10.0, RATE, noise=2.0)
    assert astuple(one) == pytest.approx(astuple(ten))


def test_silence_has_no_turn_measures():
    pattern = interference_pattern(np.zeros(8000), RATE, noise=1.0)
    assert np.isnan(pattern.turns_amplitude_log)
    assert np.isnan(pattern.peak_turns_log)
