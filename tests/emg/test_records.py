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
    with pytest.raises(EMGInputError, match=r"^channel: no channel of that name") as caught:
        record.channel_index("Smithfield")
    assert "Smithfield" not in str(caught.value)
    assert "FDI" not in str(caught.value)
    with pytest.raises(EMGInputError, match=r"^channel: expected an index from 0 to 1$"):
        record.channel_index(5)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"sampling_rate": "Smithfield"}, "sampling_rate"), ({"sampling_rate": -12345.0}, "sampling_rate"),
     ({"sampling_rate": 1234.5}, "sampling_rate"), ({"units": "Smithfield"}, "units"),
     ({"channel_names": ("Smithfield",)}, "channel_names")],
)
def test_bad_arguments_name_the_field_and_never_the_value(kwargs, field):
    args = {"samples": np.random.default_rng(3).normal(size=(2, 5000)), "sampling_rate": 5000.0, **kwargs}
    with pytest.raises(EMGInputError, match=f"^{field}: expected|^{field}: too low") as caught:
        EMGRecord(**args)
    assert caught.value.field == field
    for value in ("Smithfield", "12345", "1234.5"):
        assert value not in str(caught.value)


def test_flat_line_message_does_not_repeat_the_level():
    with pytest.raises(EMGInputError, match=r"^samples: channel 0 is a flat line") as caught:
        EMGRecord(np.full(5000, 98765.0), 5000.0)
    assert "98765" not in str(caught.value)
