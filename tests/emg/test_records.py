import numpy as np
import pytest

from sclerodx.emg import EMGInputError, EMGRecord


def test_one_dimensional_samples_become_one_channel():
    record = EMGRecord(np.random.default_rng(0).normal(size=5000), 5000.0)
    assert record.samples.shape == (1, 5000)
    assert record.channel_names == ("ch0",)
    assert record.duration == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("samples", "rate", "message"),
    [
        (np.r_[np.ones(2000), np.nan, np.ones(2999)] * np.arange(5000), 5000.0, "non-finite"),
        (np.full(5000, 3.0), 5000.0, "flat line"),
        (np.random.default_rng(1).normal(size=5000), 2000.0, "too low for needle EMG"),
        (np.random.default_rng(1).normal(size=100), 5000.0, "at least 0.5 s"),
        (np.zeros((2, 2, 2)), 5000.0, "1-D or 2-D"),
    ],
)
def test_unusable_signals_are_rejected_with_a_reason(samples, rate, message):
    with pytest.raises(EMGInputError, match=message):
        EMGRecord(samples, rate)


def test_channel_lookup_by_name_and_index():
    data = np.random.default_rng(2).normal(size=(2, 5000))
    record = EMGRecord(data, 5000.0, channel_names=("FDI", "ADM"))
    assert record.channel_index("ADM") == 1
    assert record.channel_index("0") == 0
    with pytest.raises(EMGInputError, match="no channel named 'APB'"):
        record.channel_index("APB")
    with pytest.raises(EMGInputError, match="index from 0 to 1"):
        record.channel_index(5)
