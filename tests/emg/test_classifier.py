"""The classifier: rate and gain independence on real N2001 excerpts, fill-in of motor-unit features."""

from fractions import Fraction

import numpy as np
import pytest
from scipy import signal

from sclerodx.emg import EMGRecord, emg_process, load_classifier
from sclerodx.emg.classifier import fit_classifier
from sclerodx.emg.features import MOTOR_UNIT_FEATURES, RecordingFeatures


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


def _features(**overrides: float) -> RecordingFeatures:
    values = dict.fromkeys(RecordingFeatures.__dataclass_fields__, 1.0)
    values["n_units"] = 3
    values.update(overrides)
    return RecordingFeatures(**values)  # type: ignore[arg-type]


def test_record_without_motor_units_is_still_classified_with_the_fill_in_named():
    model = load_classifier()
    missing = {name: float("nan") for name in MOTOR_UNIT_FEATURES}
    result = model.predict(_features(**missing, n_units=0))
    assert result is not None
    assert set(result.imputed) == set(MOTOR_UNIT_FEATURES) & set(model.features)
    assert result.imputed  # the committed model does use motor-unit features


def test_missing_signal_level_feature_leaves_the_record_unclassified():
    model = load_classifier()
    signal_level = next(n for n in model.features if n not in MOTOR_UNIT_FEATURES)
    assert model.predict(_features(**{signal_level: float("nan")})) is None


def test_fill_in_uses_the_training_median():
    labels = ["myopathic", "neurogenic", "normal"] * 3
    rows = [_features(mup_duration_ms=d, kurtosis_log=k)
            for d, k in zip([4, 12, 8, 5, 13, float("nan"), 6, 14, 9], range(9), strict=True)]
    model = fit_classifier(rows, labels, names=("mup_duration_ms", "kurtosis_log"))
    assert model.fill[0] == 8.5  # median of the eight measured durations
    assert model.fill[1] == 4.0


def test_fit_needs_every_class():
    with pytest.raises(ValueError, match="labels"):
        fit_classifier([_features(), _features()], ["normal", "myopathic"])
