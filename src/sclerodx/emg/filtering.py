"""Resampling, mains detection and the needle-EMG band-pass.

Every signal is first brought to one internal rate (:data:`INTERNAL_RATE`) and one
pass band (:data:`BAND_HZ`), whatever the recording lab used. That is what makes the
downstream measures rate-independent: a 4 kHz record and a 23.4 kHz record of the
same muscle go through identical filters, so durations, phases, turns and spectra
are comparable. The band is the part of the classical needle-EMG band (2-20 Hz to
10 kHz; Stålberg et al. 1986; Preston & Shapiro 2013) that every accepted sampling
rate (≥ 4 kHz) can carry.

Mains interference (50 Hz in Europe, Asia, Africa and Australia; 60 Hz in the
Americas) is detected from the spectrum and removed with narrow notches at the
fundamental and any visible harmonic inside the band.

References
----------
.. [1] Stålberg E, Andreassen S, Falck B, Lang H, Rosenfalck A, Trojaborg W.
       Quantitative analysis of individual motor unit potentials: a proposition for
       standardized terminology and criteria for measurement. J Clin Neurophysiol.
       1986;3:313-348.
.. [2] Preston DC, Shapiro BE. Electromyography and Neuromuscular Disorders, 3rd ed.
       Elsevier; 2013 (chapter on instrumentation: filter settings).
.. [3] Crochiere RE, Rabiner LR. Multirate Digital Signal Processing. Prentice-Hall;
       1983 (polyphase resampling).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

import numpy as np
from scipy import signal

from sclerodx.emg.records import EMGInputError, FloatArray

#: Internal analysis rate, Hz: the lowest accepted recording rate, so no record is
#: ever up-sampled beyond what it can carry and one hour of signal is cheap.
INTERNAL_RATE = 4000.0

#: Common analysis band, Hz. 20 Hz high-pass as for routine MUP analysis (Preston &
#: Shapiro 2013); 1.5 kHz low-pass, inside the Nyquist limit of a 4 kHz record.
BAND_HZ = (20.0, 1500.0)

#: Band of the signal motor unit templates are measured on, Hz: the 2 Hz high-pass
#: recommended for MUP duration (Stålberg et al. 1986), since a higher cut-off turns
#: a large potential's slow components into long low tails that an absolute baseline
#: band then counts as duration. Detection and clustering keep :data:`BAND_HZ`.
MUP_BAND_HZ = (2.0, 1500.0)

#: A mains line must stand this many times above the neighbouring spectrum (6 dB)
#: to be called present.
MAINS_PEAK_RATIO = 4.0

#: Quality factor of each mains notch (bandwidth f0/Q, about 2 Hz at 50 Hz).
NOTCH_Q = 30.0

Mains = Literal[50, 60]
MainsOption = Literal[50, 60, "auto", "off"]


def emg_resample(values: FloatArray, sampling_rate: float) -> FloatArray:
    """Resample one channel to :data:`INTERNAL_RATE` with an anti-aliasing polyphase filter.

    Parameters
    ----------
    values
        The samples.
    sampling_rate
        Their rate in Hz.

    Returns
    -------
    numpy.ndarray
        The samples at :data:`INTERNAL_RATE`.
    """
    if sampling_rate == INTERNAL_RATE:
        return np.asarray(values, dtype=np.float64)
    ratio = Fraction(INTERNAL_RATE / sampling_rate).limit_denominator(2000)
    resampled = signal.resample_poly(values, ratio.numerator, ratio.denominator)
    return np.asarray(resampled, dtype=np.float64)


def _line_ratio(freqs: FloatArray, power: FloatArray, line: float) -> float:
    """Power at a line frequency relative to the median of its neighbourhood."""
    near = np.abs(freqs - line)
    peak = float(power[near <= 1.0].max())
    ring = (near > 3.0) & (near <= 10.0)
    return peak / max(float(np.median(power[ring])), 1e-300)


def detect_mains(values: FloatArray, sampling_rate: float) -> Mains | None:
    """Detect mains interference at 50 or 60 Hz from the spectrum.

    Parameters
    ----------
    values
        One channel (at most the first 60 s are used).
    sampling_rate
        Its rate in Hz.

    Returns
    -------
    50, 60 or None
        The mains frequency whose fundamental stands at least
        :data:`MAINS_PEAK_RATIO` above its neighbourhood (the stronger of the two),
        or None if neither does.
    """
    n = min(values.size, int(60 * sampling_rate))
    nperseg = min(n, int(sampling_rate))  # 1 Hz resolution
    freqs, power = signal.welch(values[:n], fs=sampling_rate, nperseg=nperseg)
    scores: dict[Mains, float] = {50: _line_ratio(freqs, power, 50.0),
                                  60: _line_ratio(freqs, power, 60.0)}
    best: Mains = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= MAINS_PEAK_RATIO else None


def _notch_sections(
    values: FloatArray, sampling_rate: float, mains: Mains
) -> list[FloatArray]:
    """Notches at the fundamental and at harmonics that show a line, inside the band."""
    n = min(values.size, int(60 * sampling_rate))
    freqs, power = signal.welch(values[:n], fs=sampling_rate, nperseg=min(n, int(sampling_rate)))
    sections = []
    for harmonic in range(1, int(BAND_HZ[1] // mains) + 1):
        line = float(mains * harmonic)
        if harmonic == 1 or _line_ratio(freqs, power, line) >= MAINS_PEAK_RATIO:
            b, a = signal.iirnotch(line, NOTCH_Q, fs=sampling_rate)
            sections.append(np.asarray(signal.tf2sos(b, a), dtype=np.float64))
    return sections


def emg_filter(
    values: FloatArray, sampling_rate: float, mains: MainsOption = "auto",
    band: tuple[float, float] = BAND_HZ,
) -> tuple[FloatArray, Mains | None]:
    """Band-pass one channel to :data:`BAND_HZ` and notch the mains, zero-phase.

    Zero-phase filtering (forward and backward) keeps the order of the phases of a
    potential, which the detectors read (initial positivity of fibrillation
    potentials and positive sharp waves).

    Parameters
    ----------
    values
        One channel at ``sampling_rate``.
    sampling_rate
        Its rate in Hz (normally :data:`INTERNAL_RATE`).
    mains
        50 or 60 to notch that frequency, ``"auto"`` to detect it, ``"off"`` for none.
    band
        Pass band in Hz: :data:`BAND_HZ`, or :data:`MUP_BAND_HZ` for unit templates.

    Returns
    -------
    filtered : numpy.ndarray
        The filtered samples, same length.
    mains : 50, 60 or None
        The mains frequency notched.
    """
    if mains not in (50, 60, "auto", "off"):
        raise EMGInputError("mains: expected 50, 60, 'auto' or 'off'", field="mains")
    low, high = band
    if high >= sampling_rate / 2:
        raise EMGInputError(
            f"sampling_rate: expected more than {2 * high:g} Hz to carry the {high:g} Hz analysis band",
            field="sampling_rate")
    line: Mains | None = detect_mains(values, sampling_rate) if mains == "auto" else (
        None if mains == "off" else mains
    )
    band = signal.butter(2, [low, high], btype="bandpass", fs=sampling_rate, output="sos")
    sections = [np.asarray(band, dtype=np.float64)]
    if line is not None:
        sections += _notch_sections(values, sampling_rate, line)
    sos = np.vstack(sections)
    filtered = signal.sosfiltfilt(sos, values - np.median(values))
    return np.asarray(filtered, dtype=np.float64), line
