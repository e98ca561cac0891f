"""Large-potential outlier criterion of calibrated records (sclerodx.emg.reference)."""

import numpy as np
import pytest

from sclerodx.emg import EMGInputError, emg_process, emg_simulate
from sclerodx.emg.classifier import Classification
from sclerodx.emg.reference import (
    DEFAULT_UPPER_AMPLITUDE_UV,
    OUTLIER_LIKELIHOOD,
    amplitude_outliers,
    apply_amplitude_evidence,
    upper_amplitude_limit,
)
from sclerodx.emg.waveforms import WaveformShape


def shape(amplitude: float) -> WaveformShape:
    return WaveformShape(amplitude, 10.0, 3, 3, amplitude * 1.5, 1.5, 0.5,
                         amplitude / 2, -amplitude / 2, 5.0, 15.0)


def test_muscle_limits_come_from_the_table_and_aliases_resolve():
    assert upper_amplitude_limit("biceps") == 1414.0  # alias of biceps brachii
    assert upper_amplitude_limit("first dorsal interosseous") == 2301.0
    assert upper_amplitude_limit("tibialis anterior") == DEFAULT_UPPER_AMPLITUDE_UV
    assert upper_amplitude_limit(None) == DEFAULT_UPPER_AMPLITUDE_UV
    with pytest.raises(KeyError, match="unknown muscle"):
        upper_amplitude_limit("not a muscle")


def test_two_of_seven_large_potentials_meet_the_criterion():
    # "more than 2 of 20" (>10 %) with at least two outliers: 2/7 qualifies
    result = amplitude_outliers([shape(a) for a in (3000, 2500, 900, 700, 500, 400, 300)], "biceps")
    assert (result.n_outliers, result.n_units, result.met) == (2, 7, True)


def test_one_large_potential_is_not_enough_and_few_units_are_unassessed():
    result = amplitude_outliers([shape(a) for a in (3000, 500, 400)], "biceps")
    assert result.n_outliers == 1
    assert result.met is None  # three MUPs cannot show the absence either


def test_two_large_among_twenty_five_is_within_ten_percent():
    amps = [1600.0, 1500.0] + [500.0] * 23
    assert amplitude_outliers([shape(a) for a in amps], "biceps").met is False


def test_bayes_update_matches_a_hand_calculation():
    before = Classification("myopathic", 0.6, {"myopathic": 0.6, "neurogenic": 0.2, "normal": 0.2})
    met = amplitude_outliers([shape(a) for a in (3000, 3000, 500)], None)
    after = apply_amplitude_evidence(before, met)
    # 0.6*0.15 = 0.09, 0.2*0.65 = 0.13, 0.2*0.05 = 0.01 -> total 0.23
    assert after.label == "neurogenic"
    assert after.probabilities["neurogenic"] == pytest.approx(0.13 / 0.23)
    assert after.probabilities["myopathic"] == pytest.approx(0.09 / 0.23)
    assert sum(after.probabilities.values()) == pytest.approx(1.0)
    assert after.amplitude_evidence is not None
    assert "criterion met" in after.amplitude_evidence


def test_unassessed_finding_leaves_the_class_alone():
    before = Classification("normal", 0.7, {"myopathic": 0.2, "neurogenic": 0.1, "normal": 0.7})
    few = amplitude_outliers([shape(500.0)], None)
    assert apply_amplitude_evidence(before, few) is before


def test_likelihoods_are_probabilities_ordered_by_physiology():
    assert all(0.0 < p < 1.0 for p in OUTLIER_LIKELIHOOD.values())
    assert OUTLIER_LIKELIHOOD["neurogenic"] > OUTLIER_LIKELIHOOD["myopathic"] > OUTLIER_LIKELIHOOD["normal"]


def test_uncalibrated_records_get_no_amplitude_finding():
    sim = emg_simulate(3.0, 10000.0, voluntary_fraction=0.8, random_state=1)
    analysis = emg_process(sim.signal, sim.sampling_rate, units="adc")
    assert analysis.amplitude_outliers is None
    assert analysis.classification is None or analysis.classification.amplitude_evidence is None


def test_unknown_muscle_is_a_clear_input_error():
    signal = np.random.default_rng(0).normal(0.0, 10.0, 20000)
    with pytest.raises(EMGInputError, match=r"muscle: .*unknown muscle"):
        emg_process(signal, 10000.0, units="uV", muscle="left pinky toe")
