import numpy as np
import pytest

from sclerodx.emg.filtering import INTERNAL_RATE, detect_mains, emg_filter, emg_resample


@pytest.mark.parametrize("mains", [50, 60])
def test_mains_is_detected_and_removed(mains):
    rate = 10000.0
    t = np.arange(int(5 * rate)) / rate
    noise = np.random.default_rng(0).normal(scale=5.0, size=t.size)
    hum = 40.0 * np.sin(2 * np.pi * mains * t)
    resampled = emg_resample(noise + hum, rate)
    assert detect_mains(resampled, INTERNAL_RATE) == mains
    filtered, line = emg_filter(resampled, INTERNAL_RATE)
    assert line == mains
    # 40 uV of hum (28 uV RMS) is gone: what is left is the band-limited noise
    assert np.std(filtered[4000:-4000]) < 5.0


def test_no_mains_on_clean_noise():
    noise = np.random.default_rng(1).normal(size=40000)
    assert detect_mains(noise, INTERNAL_RATE) is None


def test_resampling_keeps_duration_and_amplitude_of_a_band_limited_tone():
    rate = 23437.5
    t = np.arange(int(2 * rate)) / rate
    out = emg_resample(100.0 * np.sin(2 * np.pi * 300.0 * t), rate)
    assert out.size == pytest.approx(2 * INTERNAL_RATE, abs=2)
    assert np.max(np.abs(out[1000:-1000])) == pytest.approx(100.0, rel=0.02)
