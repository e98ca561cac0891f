"""Rate and gain independence of the class, on real N2001 excerpts."""

from fractions import Fraction

import numpy as np
import pytest
from scipy import signal

from sclerodx.emg import EMGRecord, emg_process, load_classifier


@pytest.mark.parametrize("name", ["N2001A01BB01", "N2001C01BB61", "N2001M02BB02"])
@pytest.mark.parametrize("rate", [4000.0, 10000.0])
@pytest.mark.parametrize("gain", [0.1, 10.0])
def test_class_does_not_depend_on_rate_or_gain(fixture_record, name, rate, gain):
    record = fixture_record(name)
    reference = emg_process(record).classification
    ratio = Fraction(rate / record.sampling_rate).limit_denominator(2000)
    samples = signal.resample_poly(record.samples[0], ratio.numerator, ratio.denominator) * gain
    other = emg_process(EMGRecord(samples, rate, units="adc")).classification
    assert reference is not None
    assert other is not None
    assert other.label == reference.label


def test_committed_model_is_a_valid_probability_model():
    model = load_classifier()
    assert set(model.classes) == {"neurogenic", "myopathic", "normal"}
    assert model.coef.shape == (3, len(model.features))
    assert np.all(model.scale > 0)


def test_als_excerpt_is_neurogenic(als_record):
    result = emg_process(als_record).classification
    assert result is not None
    assert result.label == "neurogenic"
