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
raises :class:`~sclerodx.emg.records.EMGInputError` with a message naming the file.
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


def read_emg(
    path: str | os.PathLike[str],
    sampling_rate: float | None = None,
    units: Units | None = None,
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
        raise EMGInputError(f"units: expected 'uV' or 'adc', got {units!r}")
    if not p.is_file():
        raise EMGInputError(f"{p}: no such file")
    suffix = p.suffix.lower()
    try:
        if suffix == ".hea" or (suffix == ".dat" and p.with_suffix(".hea").is_file()):
            samples, rate, found_units, names = _read_wfdb(p)
        elif suffix in (".edf", ".bdf"):
            samples, rate, found_units, names = _read_edf(p)
        elif suffix == ".wav":
            samples, rate, found_units, names = _read_wav(p)
        elif suffix in (".csv", ".txt"):
            samples, found_units, names = _read_csv(p)
            rate = _required_rate(p, sampling_rate)
        elif suffix == ".npy":
            samples, found_units, names = _read_npy(p)
            rate = _required_rate(p, sampling_rate)
        elif suffix in (*_RAW_SUFFIXES, ".dat"):
            samples, found_units, names = _read_raw_int16(p)
            rate = _required_rate(p, sampling_rate)
        else:
            raise EMGInputError(
                f"{p}: unknown suffix {p.suffix!r}; expected one of .hea, .dat, .edf, .bdf, "
                ".wav, .csv, .txt, .npy, .bin, .raw"
            )
    except EMGInputError:
        raise
    except (OSError, ValueError, EOFError, IndexError, KeyError) as exc:
        raise EMGInputError(f"{p}: cannot read as {suffix or 'raw'} ({exc})") from None
    if sampling_rate is not None and not np.isclose(float(sampling_rate), rate, rtol=1e-6):
        raise EMGInputError(
            f"sampling_rate: {sampling_rate:g} Hz was given but {p.name} says {rate:g} Hz"
        )
    final_units: Units = found_units if found_units == "uV" else (units or "adc")
    try:
        return EMGRecord(samples, rate, units=final_units, channel_names=names, source=p.name)
    except EMGInputError as exc:
        raise EMGInputError(f"{p}: {exc}") from None


def _required_rate(path: Path, sampling_rate: float | None) -> float:
    if sampling_rate is None:
        raise EMGInputError(
            f"sampling_rate: {path.suffix} files carry no sampling rate; give it in Hz "
            "(for example --sampling-rate 23437.5)"
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


def _read_wfdb(path: Path) -> tuple[FloatArray, float, Units, tuple[str, ...]]:
    import wfdb

    record = wfdb.rdrecord(str(path.with_suffix("")))
    if record.p_signal is None:
        raise EMGInputError(f"{path}: WFDB record holds no signal")
    samples = np.asarray(record.p_signal, dtype=np.float64).T
    n_expected = getattr(record, "sig_len", None)
    if n_expected is not None and samples.shape[1] < int(n_expected):
        raise EMGInputError(
            f"{path}: truncated WFDB record ({samples.shape[1]} of {n_expected} samples)"
        )
    samples, units = _scale_channels(samples, list(record.units or []))
    names = tuple(record.sig_name or ())
    return samples, float(record.fs), units, names


def _read_edf(path: Path) -> tuple[FloatArray, float, Units, tuple[str, ...]]:
    import pyedflib

    with pyedflib.EdfReader(str(path)) as reader:
        n = reader.signals_in_file
        if n == 0:
            raise EMGInputError(f"{path}: EDF file holds no signal")
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


def _read_csv(path: Path) -> tuple[FloatArray, Units, tuple[str, ...]]:
    with path.open(newline="", encoding="utf-8") as handle:
        head = handle.readline()
    if not head.strip():
        raise EMGInputError(f"{path}: empty CSV file")
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


def _read_npy(path: Path) -> tuple[FloatArray, Units, tuple[str, ...]]:
    data = np.load(path, allow_pickle=False)
    if data.ndim == 2 and data.shape[0] > data.shape[1]:
        data = data.T  # stored as [n_samples, n_channels]
    return np.asarray(data, dtype=np.float64), "adc", ()


def _read_raw_int16(path: Path) -> tuple[FloatArray, Units, tuple[str, ...]]:
    size = path.stat().st_size
    if size % 2:
        raise EMGInputError(
            f"{path}: truncated raw int16 file ({size} bytes is not a whole number of samples)"
        )
    return np.fromfile(path, dtype="<i2").astype(np.float64), "adc", ()
