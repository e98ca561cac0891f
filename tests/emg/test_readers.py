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
    with pytest.raises(EMGInputError, match=r"^sampling_rate: does not match the rate in the file's header"):
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
    with pytest.raises(EMGInputError, match=r"^path: cannot be read; expected a NumPy \.npy array"):
        read_emg(path, sampling_rate=RATE)
    with pytest.raises(EMGInputError, match=r"^path: no such file$"):
        read_emg(tmp_path / "absent.edf")


def test_nan_in_csv_names_the_argument_and_the_sample(tmp_path):
    path = tmp_path / "rec.csv"
    data = np.random.default_rng(4).normal(size=10000)
    data[500] = np.nan
    np.savetxt(path, data)
    with pytest.raises(EMGInputError, match=r"^RECORD: samples: channel 0 .*sample 500") as caught:
        read_emg(path, sampling_rate=RATE, argument="RECORD")
    assert caught.value.field == "RECORD"
    assert "rec.csv" not in str(caught.value)


def test_low_rate_is_rejected_naming_the_minimum(tmp_path):
    path = tmp_path / "rec.npy"
    np.save(path, np.random.default_rng(5).normal(size=4000))
    with pytest.raises(EMGInputError, match=r"sampling_rate: too low.*4000 Hz") as caught:
        read_emg(path, sampling_rate=1000.0)
    assert "1000" not in str(caught.value)


#: Planted in file names and contents; no message may repeat it.
SENTINEL = "Zebedee9Quixotefield"


def _bad_files(folder):
    """Files that cannot be read, each named (and, where the format allows, filled) with the sentinel."""
    def write(name, content):
        path = folder / name
        path.write_bytes(content)
        return path

    wfdb_header = write(f"{SENTINEL}.hea", f"{SENTINEL} 1 10000 20000\n{SENTINEL}.dat 16 200 16 0 0 0 0 a\n"
                        .encode())
    write(f"{SENTINEL}.dat", b"\x01\x00" * 50)  # far fewer samples than the header declares
    return [
        (write(f"{SENTINEL}.csv", f"a,b\n1,{SENTINEL}\n2,3\n".encode()), "numbers in one column per channel"),
        (write(f"{SENTINEL}.edf", SENTINEL.encode() * 20), "an EDF/EDF+ or BDF file"),
        (write(f"{SENTINEL}.wav", SENTINEL.encode() * 20), "a PCM WAV file"),
        (write(f"{SENTINEL}.npy", SENTINEL.encode() * 20), "a NumPy .npy array"),
        (write(f"{SENTINEL}.xyz", SENTINEL.encode()), "a file ending .hea"),
        (write(f"{SENTINEL}.bin", b"\x01\x02\x03"), "truncated raw int16 file"),
        (wfdb_header, "WFDB"),
        (write(f"{SENTINEL}2.csv", "\xff\xfe{SENTINEL}".encode("latin-1")), "numbers in one column"),
        (write(f"{SENTINEL}3.csv", b"\n"), "the CSV file is empty"),
        (folder / f"{SENTINEL}-absent.edf", "no such file"),
    ]


def test_unreadable_files_name_the_argument_never_the_path_or_contents(tmp_path):
    for path, expected in _bad_files(tmp_path):
        with pytest.raises(EMGInputError) as caught:
            read_emg(path, sampling_rate=RATE, argument="RECORD")
        message = str(caught.value)
        assert message.startswith("RECORD: "), (path.suffix, message)
        assert expected in message, (path.suffix, message)
        assert SENTINEL not in message, (path.suffix, message)
        assert str(tmp_path) not in message, (path.suffix, message)
