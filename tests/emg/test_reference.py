"""Large-potential outlier criterion of calibrated records (sclerodx.emg.reference)."""

import numpy as np
import pytest
from scipy import stats

from sclerodx.emg import EMGInputError, emg_process, emg_simulate
from sclerodx.emg.classifier import Classification
from sclerodx.emg.reference import (
    CRITERION_POSITIVE_RATE,
    DEFAULT_UPPER_AMPLITUDE_UV,
    amplitude_outliers,
    apply_amplitude_evidence,
    exceedance_probability,
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


def test_exceedance_probability_reproduces_the_criterion_rates():
    # P(Binomial(20, q) > 2) must give back each class's rate of a positive criterion
    for label, rate in CRITERION_POSITIVE_RATE.items():
        q = exceedance_probability(label)
        assert stats.binom.sf(2, 20, q) == pytest.approx(rate)
    assert exceedance_probability("normal") == pytest.approx(0.0422, abs=1e-4)


def test_bayes_update_matches_a_hand_calculation():
    before = Classification("myopathic", 0.6, {"myopathic": 0.6, "neurogenic": 0.2, "normal": 0.2})
    two_of_three = amplitude_outliers([shape(a) for a in (3000, 3000, 500)], None)
    after = apply_amplitude_evidence(before, two_of_three)
    like = {c: 3 * q * q * (1 - q) for c in before.probabilities
            if (q := exceedance_probability(c))}  # P(2 of 3) = 3 q^2 (1-q)
    total = sum(before.probabilities[c] * like[c] for c in like)
    assert after.label == "neurogenic"
    for c in like:
        assert after.probabilities[c] == pytest.approx(before.probabilities[c] * like[c] / total)
    assert sum(after.probabilities.values()) == pytest.approx(1.0)
    assert after.amplitude_evidence is not None
    assert "criterion met" in after.amplitude_evidence


def test_no_measured_potential_leaves_the_class_alone():
    before = Classification("normal", 0.7, {"myopathic": 0.2, "neurogenic": 0.1, "normal": 0.7})
    assert apply_amplitude_evidence(before, amplitude_outliers([], None)) is before


def test_evidence_grows_with_the_count_and_is_weak_on_few_units():
    before = Classification("normal", 0.5, {"myopathic": 0.25, "neurogenic": 0.25, "normal": 0.5})
    def neurogenic(amps):
        return apply_amplitude_evidence(
            before, amplitude_outliers([shape(a) for a in amps], "biceps")).probabilities["neurogenic"]
    none_of_two = neurogenic([500.0, 400.0])
    none_of_twelve = neurogenic([500.0] * 12)
    eight_of_twelve = neurogenic([3000.0] * 8 + [500.0] * 4)
    assert none_of_twelve < none_of_two < 0.25  # absence counts, more so on more units
    assert none_of_two > 0.15  # but two units say little
    assert eight_of_twelve > 0.99


def test_rates_are_ordered_by_physiology():
    rates = CRITERION_POSITIVE_RATE
    assert rates["neurogenic"] > rates["myopathic"] > rates["normal"]


def test_uncalibrated_records_get_no_amplitude_finding():
    sim = emg_simulate(3.0, 10000.0, voluntary_fraction=0.8, random_state=1)
    analysis = emg_process(sim.signal, sim.sampling_rate, units="adc")
    assert analysis.amplitude_outliers is None
    assert analysis.classification is None or analysis.classification.amplitude_evidence is None


def test_unknown_muscle_is_a_clear_input_error():
    signal = np.random.default_rng(0).normal(0.0, 10.0, 20000)
    with pytest.raises(EMGInputError, match=r"muscle: .*unknown muscle"):
        emg_process(signal, 10000.0, units="uV", muscle="left pinky toe")
