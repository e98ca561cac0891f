import numpy as np
import pyedflib
import pytest
import wfdb
from scipy.io import wavfile

from sclerodx.emg import EMGInputError, read_emg

RATE = 10000.0


@pytest.fixture
def signal_uv() -> np.ndarray:
    return np.random.default_rng(3).normal(scale=50.0, size=(2, 10000))


def test_wfdb_in_millivolts_is_read_in_microvolts(tmp_path, signal_uv):
    wfdb.wrsamp("rec", fs=RATE, units=["mV", "mV"], sig_name=["a", "b"],
                p_signal=(signal_uv / 1000.0).T, fmt=["16", "16"], adc_gain=[10000.0, 10000.0],
                baseline=[0, 0], write_dir=str(tmp_path))
    record = read_emg(tmp_path / "rec.hea")
    assert record.units == "uV"
    assert record.channel_names == ("a", "b")
    assert record.sampling_rate == RATE
    np.testing.assert_allclose(record.samples, signal_uv, atol=0.1)


def test_edf_in_microvolts(tmp_path, signal_uv):
    path = tmp_path / "rec.edf"
    headers = [{"label": f"ch{i}", "dimension": "uV", "sample_frequency": RATE,
                "physical_max": 1000.0, "physical_min": -1000.0,
                "digital_max": 32767, "digital_min": -32768} for i in range(2)]
    with pyedflib.EdfWriter(str(path), 2, file_type=pyedflib.FILETYPE_EDFPLUS) as writer:
        writer.setSignalHeaders(headers)
        writer.writeSamples(list(signal_uv))
    record = read_emg(path)
    assert record.units == "uV"
    np.testing.assert_allclose(record.samples, signal_uv, atol=0.1)


def test_wav_is_adc_counts_at_its_own_rate(tmp_path, signal_uv):
    path = tmp_path / "rec.wav"
    wavfile.write(path, int(RATE), signal_uv.T.astype(np.int16))
    record = read_emg(path)
    assert record.units == "adc"
    assert record.n_channels == 2
    with pytest.raises(EMGInputError, match="says 10000 Hz"):
        read_emg(path, sampling_rate=20000.0)


def test_csv_with_header_needs_a_rate(tmp_path, signal_uv):
    path = tmp_path / "rec.csv"
    np.savetxt(path, signal_uv.T, delimiter=",", header="FDI,ADM", comments="")
    with pytest.raises(EMGInputError, match="sampling_rate"):
        read_emg(path)
    record = read_emg(path, sampling_rate=RATE, units="uV")
    assert record.channel_names == ("FDI", "ADM")
    assert record.units == "uV"
    np.testing.assert_allclose(record.samples, signal_uv, rtol=1e-6)


def test_npy_stored_samples_first_is_transposed(tmp_path, signal_uv):
    path = tmp_path / "rec.npy"
    np.save(path, signal_uv.T)
    assert read_emg(path, sampling_rate=RATE).samples.shape == (2, 10000)


def test_truncated_raw_file_is_rejected(tmp_path):
    path = tmp_path / "rec.bin"
    path.write_bytes(np.arange(20001, dtype="<i2").tobytes()[:-1])
    with pytest.raises(EMGInputError, match="truncated"):
        read_emg(path, sampling_rate=RATE)


def test_corrupt_npy_and_missing_file(tmp_path):
    path = tmp_path / "rec.npy"
    path.write_bytes(b"not a numpy file")
    with pytest.raises(EMGInputError, match="cannot read"):
        read_emg(path, sampling_rate=RATE)
    with pytest.raises(EMGInputError, match="no such file"):
        read_emg(tmp_path / "absent.edf")


def test_nan_in_csv_names_the_file(tmp_path):
    path = tmp_path / "rec.csv"
    data = np.random.default_rng(4).normal(size=10000)
    data[500] = np.nan
    np.savetxt(path, data)
    with pytest.raises(EMGInputError, match=r"rec\.csv.*non-finite.*sample 500"):
        read_emg(path, sampling_rate=RATE)


def test_low_rate_is_rejected_naming_the_minimum(tmp_path):
    path = tmp_path / "rec.npy"
    np.save(path, np.random.default_rng(5).normal(size=4000))
    with pytest.raises(EMGInputError, match=r"1000 Hz is too low.*4000 Hz"):
        read_emg(path, sampling_rate=1000.0)
