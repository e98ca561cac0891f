"""Reading needle-EMG files into an :class:`~sclerodx.emg.records.EMGRecord`.

The format is chosen by the file suffix:

==================  =============================================================================  ===========
suffix              format                                                                         units
==================  =============================================================================  ===========
``.hea``            WFDB record (header + ``.dat``), via ``wfdb``                                  from header
``.dat``            WFDB record when a ``.hea`` sits beside it, otherwise raw int16 (as ``.bin``)  from header
``.edf``, ``.bdf``  European Data Format (16/24 bit), via ``pyedflib``                             from header
``.wav``            PCM WAV, via ``scipy.io.wavfile``                                              ADC counts
``.csv``, ``.txt``  one column per channel, optional header of names                               as declared
``.npy``            NumPy array ``[n_channels, n_samples]`` (or transposed)                        as declared
``.bin``, ``.raw``  headerless little-endian int16, one channel                                    ADC counts
==================  =============================================================================  ===========

Calibrated physical units (V, mV, µV) are converted to microvolts; anything else is
kept as ADC counts of unknown gain (``units="adc"``), and the analysis then uses
only gain-free features. Formats without a sampling rate (CSV, NPY, raw) need
``sampling_rate``; for the others a given ``sampling_rate`` must agree with the file.

Every failure (missing, truncated or corrupt file, NaNs, flat line, too low a rate)
raises :class:`~sclerodx.emg.records.EMGInputError` with a message naming the argument
(``path``, or the command-line name the caller passes as ``argument``) and what was
expected; it never repeats the file's name or contents, which may identify a patient.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np

from sclerodx.emg.records import EMGInputError, EMGRecord, FloatArray, Units

#: Physical units understood as calibrated, with their factor to microvolts.
_TO_MICROVOLTS: dict[str, float] = {
    "v": 1e6, "volt": 1e6, "mv": 1e3, "uv": 1.0, "µv": 1.0, "μv": 1.0, "microvolt": 1.0,
}

_RAW_SUFFIXES = (".bin", ".raw")

#: What each format must hold, for the message when a file cannot be read as it.
_EXPECTED: dict[str, str] = {
    "wfdb": "a WFDB record (a .hea header with its .dat signal file beside it)",
    "edf": "an EDF/EDF+ or BDF file",
    "wav": "a PCM WAV file",
    "csv": "numbers in one column per channel, with an optional header row of channel names",
    "npy": "a NumPy .npy array [n_channels, n_samples] of numbers",
    "raw": "headerless little-endian 16-bit integer samples",
}


def read_emg(
    path: str | os.PathLike[str],
    sampling_rate: float | None = None,
    units: Units | None = None,
    *,
    argument: str = "path",
) -> EMGRecord:
    """Read a needle-EMG file; the format follows the suffix (see the module table).

    Parameters
    ----------
    path
        The file. For WFDB give the ``.hea`` (or ``.dat``) file.
    sampling_rate
        Samples per second; required for CSV, NPY and raw files, checked against the
        header for the others.
    units
        ``"uV"`` or ``"adc"``: declares the units of CSV, NPY, WAV or raw samples
        (default ``"adc"``). Files with calibrated physical units are read in µV.
    argument
        The name the caller knows the file by (``"RECORD"`` on the command line); error
        messages name it instead of the file's path.

    Returns
    -------
    EMGRecord
        The validated record.

    Raises
    ------
    EMGInputError
        If the file is missing, unreadable, truncated, holds NaNs or a flat line, or
        its sampling rate is absent or below the needle-EMG minimum.
    """
    p = Path(path)
    if units is not None and units not in ("uV", "adc"):
        raise EMGInputError("units: expected 'uV' or 'adc'", field="units")
    if not p.is_file():
        raise EMGInputError(f"{argument}: no such file", field=argument)
    suffix = p.suffix.lower()
    kind = _kind(p)
    if kind is None:
        raise EMGInputError(f"{argument}: expected a file ending .hea, .dat, .edf, .bdf, .wav, .csv, "
                            ".txt, .npy, .bin or .raw", field=argument)
    try:
        if kind == "wfdb":
            samples, rate, found_units, names = _read_wfdb(p, argument)
        elif kind == "edf":
            samples, rate, found_units, names = _read_edf(p, argument)
        elif kind == "wav":
            samples, rate, found_units, names = _read_wav(p)
        else:
            reader = {"csv": _read_csv, "npy": _read_npy, "raw": _read_raw_int16}[kind]
            samples, found_units, names = reader(p, argument)
            rate = _required_rate(suffix, sampling_rate)
    except EMGInputError:
        raise
    except Exception:  # the libraries' own errors repeat the path or the bad cell
        raise EMGInputError(f"{argument}: cannot be read; expected {_EXPECTED[kind]}",
                            field=argument) from None
    if sampling_rate is not None and not np.isclose(float(sampling_rate), rate, rtol=1e-6):
        raise EMGInputError(
            "sampling_rate: does not match the rate in the file's header; leave it out to use "
            "the header's", field="sampling_rate"
        )
    final_units: Units = found_units if found_units == "uV" else (units or "adc")
    try:
        return EMGRecord(samples, rate, units=final_units, channel_names=names, source=p.name)
    except EMGInputError as exc:
        raise EMGInputError(f"{argument}: {exc}", field=argument) from None


def _kind(path: Path) -> str | None:
    """The format of ``path`` by its suffix (a ``.dat`` is WFDB when a ``.hea`` sits beside it)."""
    suffix = path.suffix.lower()
    if suffix == ".hea" or (suffix == ".dat" and path.with_suffix(".hea").is_file()):
        return "wfdb"
    kinds = {".edf": "edf", ".bdf": "edf", ".wav": "wav", ".csv": "csv", ".txt": "csv", ".npy": "npy",
             ".dat": "raw", **dict.fromkeys(_RAW_SUFFIXES, "raw")}
    return kinds.get(suffix)


def _required_rate(suffix: str, sampling_rate: float | None) -> float:
    if sampling_rate is None:
        raise EMGInputError(
            f"sampling_rate: {suffix} files carry no sampling rate; give it in Hz "
            "(for example --sampling-rate 23437.5)", field="sampling_rate"
        )
    return float(sampling_rate)


def _calibration(unit: str) -> float | None:
    return _TO_MICROVOLTS.get(unit.strip().lower().replace(" ", ""))


def _scale_channels(
    samples: FloatArray, unit_names: list[str]
) -> tuple[FloatArray, Units]:
    factors = [_calibration(u) for u in unit_names]
    if all(f is not None for f in factors):
        scale = np.array([f for f in factors if f is not None])[:, np.newaxis]
        return samples * scale, "uV"
    return samples, "adc"


def _read_wfdb(path: Path, argument: str) -> tuple[FloatArray, float, Units, tuple[str, ...]]:
    import wfdb

    record = wfdb.rdrecord(str(path.with_suffix("")))
    if record.p_signal is None:
        raise EMGInputError(f"{argument}: the WFDB record holds no signal; expected {_EXPECTED['wfdb']}",
                            field=argument)
    samples = np.asarray(record.p_signal, dtype=np.float64).T
    n_expected = getattr(record, "sig_len", None)
    if n_expected is not None and samples.shape[1] < int(n_expected):
        raise EMGInputError(
            f"{argument}: truncated WFDB record (the .dat file holds fewer samples than its "
            "header declares)", field=argument
        )
    samples, units = _scale_channels(samples, list(record.units or []))
    names = tuple(record.sig_name or ())
    return samples, float(record.fs), units, names


def _read_edf(path: Path, argument: str) -> tuple[FloatArray, float, Units, tuple[str, ...]]:
    import pyedflib

    with pyedflib.EdfReader(str(path)) as reader:
        n = reader.signals_in_file
        if n == 0:
            raise EMGInputError(f"{argument}: the EDF file holds no signal", field=argument)
        rates = [float(reader.getSampleFrequency(i)) for i in range(n)]
        keep = [i for i in range(n) if rates[i] == max(rates)]
        samples = np.vstack([reader.readSignal(i) for i in keep]).astype(np.float64)
        unit_names = [reader.getPhysicalDimension(i) for i in keep]
        names = tuple(reader.getLabel(i).strip() or f"ch{i}" for i in keep)
    samples, units = _scale_channels(samples, unit_names)
    return samples, max(rates), units, names


def _read_wav(path: Path) -> tuple[FloatArray, float, Units, tuple[str, ...]]:
    from scipy.io import wavfile

    rate, data = wavfile.read(str(path))
    samples = np.asarray(data, dtype=np.float64)
    samples = samples.T if samples.ndim == 2 else samples[np.newaxis, :]
    return samples, float(rate), "adc", ()


def _read_csv(path: Path, argument: str) -> tuple[FloatArray, Units, tuple[str, ...]]:
    with path.open(newline="", encoding="utf-8") as handle:
        head = handle.readline()
    if not head.strip():
        raise EMGInputError(f"{argument}: the CSV file is empty; expected {_EXPECTED['csv']}",
                            field=argument)
    delimiter = next((d for d in (",", ";", "\t") if d in head), None)
    first = next(csv.reader([head], delimiter=delimiter or " ", skipinitialspace=True))
    has_header = any(not _is_number(cell) for cell in first if cell.strip())
    table = np.loadtxt(path, delimiter=delimiter, skiprows=int(has_header), ndmin=2,
                       dtype=np.float64)
    names = tuple(c.strip() for c in first) if has_header else ()
    return table.T, "adc", names


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _read_npy(path: Path, argument: str) -> tuple[FloatArray, Units, tuple[str, ...]]:
    data = np.load(path, allow_pickle=False)
    if data.ndim == 2 and data.shape[0] > data.shape[1]:
        data = data.T  # stored as [n_samples, n_channels]
    return np.asarray(data, dtype=np.float64), "adc", ()


def _read_raw_int16(path: Path, argument: str) -> tuple[FloatArray, Units, tuple[str, ...]]:
    size = path.stat().st_size
    if size % 2:
        raise EMGInputError(
            f"{argument}: truncated raw int16 file (an odd number of bytes is not a whole number of "
            "16-bit samples)", field=argument
        )
    return np.fromfile(path, dtype="<i2").astype(np.float64), "adc", ()
