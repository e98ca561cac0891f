"""The in-memory needle-EMG record, validated once at the boundary.

Every reader returns an :class:`EMGRecord` and every processing function accepts
one, so the checks that make a signal usable for needle-EMG analysis live here and
nowhere else: a two-dimensional float array of finite samples, a sampling rate high
enough for the fast components of fibrillation potentials and motor unit potentials,
no flat channel, and an explicit unit.

References
----------
.. [1] Stålberg E, Falck B. The role of electromyography in neurology.
       Electroencephalogr Clin Neurophysiol. 1997;103:579-598 (bandwidth needed for
       motor unit potential analysis).
.. [2] Preston DC, Shapiro BE. Electromyography and Neuromuscular Disorders, 3rd ed.
       Elsevier; 2013 (fibrillation potentials have 1-5 ms components).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from sclerodx.exceptions import InputError

Units = Literal["uV", "adc"]
FloatArray = npt.NDArray[np.float64]

#: Lowest sampling rate accepted, Hz. Fibrillation potentials have 1-5 ms components
#: and concentric-needle motor unit potentials carry energy up to several kHz
#: (Preston & Shapiro 2013; Stålberg & Falck 1997); 4 kHz (Nyquist 2 kHz) is the
#: lowest rate at which those shapes are still resolved, and the rate of the
#: PhysioNet needle-EMG examples (Goldberger et al., Circulation 2000).
MIN_SAMPLING_RATE = 4000.0

#: Shortest record accepted, seconds: one motor unit discharge train needs a few
#: inter-discharge intervals (at 5-10 Hz, 0.5 s holds a handful).
MIN_DURATION_S = 0.5


class EMGInputError(InputError):
    """A signal, file or argument that cannot be analysed; the message says why."""


@dataclass(frozen=True)
class EMGRecord:
    """A multi-channel needle-EMG recording.

    Parameters
    ----------
    samples
        Array ``[n_channels, n_samples]`` of float64 (a 1-D array is one channel).
    sampling_rate
        Samples per second, at least :data:`MIN_SAMPLING_RATE`.
    units
        ``"uV"`` when the record is calibrated in microvolts, ``"adc"`` for raw
        converter counts of unknown gain.
    channel_names
        One name per channel; defaults to ``ch0``, ``ch1``, ...
    source
        Where the record came from (a file name), for provenance.
    """

    samples: FloatArray
    sampling_rate: float
    units: Units = "adc"
    channel_names: tuple[str, ...] = ()
    source: str | None = None

    def __post_init__(self) -> None:
        data = np.asarray(self.samples)
        if data.ndim == 1:
            data = data[np.newaxis, :]
        if data.ndim != 2:
            raise EMGInputError("samples: expected a 1-D or 2-D array [n_channels, n_samples]",
                                field="samples")
        if not np.issubdtype(data.dtype, np.number) or np.issubdtype(data.dtype, np.complexfloating):
            raise EMGInputError("samples: expected real numbers", field="samples")
        data = np.ascontiguousarray(data, dtype=np.float64)
        rate = _check_rate(self.sampling_rate)
        if self.units not in ("uV", "adc"):
            raise EMGInputError("units: expected 'uV' or 'adc'", field="units")
        names = self.channel_names or tuple(f"ch{i}" for i in range(data.shape[0]))
        if len(names) != data.shape[0]:
            raise EMGInputError(f"channel_names: expected {data.shape[0]} names (one per channel)",
                                field="channel_names")
        if data.shape[1] / rate < MIN_DURATION_S:
            raise EMGInputError(f"samples: the record is too short; at least {MIN_DURATION_S} s is needed",
                                field="samples")
        for index in range(data.shape[0]):
            _check_channel(data[index], index)
        data.setflags(write=False)
        object.__setattr__(self, "samples", data)
        object.__setattr__(self, "sampling_rate", rate)
        object.__setattr__(self, "channel_names", tuple(str(n) for n in names))

    @property
    def n_channels(self) -> int:
        """Number of channels."""
        return int(self.samples.shape[0])

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return float(self.samples.shape[1] / self.sampling_rate)

    def channel_index(self, channel: int | str) -> int:
        """Index of a channel given by position or name; raises if there is none."""
        if isinstance(channel, str) and not channel.lstrip("-").isdigit():
            if channel not in self.channel_names:
                raise EMGInputError(
                    "channel: no channel of that name in the record; expected one of its "
                    f"{self.n_channels} channel names or an index from 0 to {self.n_channels - 1}",
                    field="channel")
            return self.channel_names.index(channel)
        index = int(channel)
        if not 0 <= index < self.n_channels:
            raise EMGInputError(f"channel: expected an index from 0 to {self.n_channels - 1}",
                                field="channel")
        return index


def _check_rate(sampling_rate: object) -> float:
    if isinstance(sampling_rate, bool) or not isinstance(sampling_rate, int | float | np.number):
        raise EMGInputError("sampling_rate: expected a number in Hz", field="sampling_rate")
    rate = float(sampling_rate)
    if not np.isfinite(rate) or rate <= 0:
        raise EMGInputError("sampling_rate: expected a positive number in Hz", field="sampling_rate")
    if rate < MIN_SAMPLING_RATE:
        raise EMGInputError(
            f"sampling_rate: too low for needle EMG; at least {MIN_SAMPLING_RATE:g} Hz is needed to "
            "resolve fibrillation potentials and motor unit potentials", field="sampling_rate"
        )
    return rate


def _check_channel(values: FloatArray, index: int) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise EMGInputError(
            f"samples: channel {index} has {int(bad.sum())} non-finite value(s) (NaN or inf), "
            f"the first at sample {first}; expected finite numbers", field="samples"
        )
    # A flat line: an unplugged electrode or a saturated amplifier. Compare the spread
    # with the signal's own magnitude so that a constant offset still counts as flat.
    spread = float(np.ptp(values))
    if spread <= 1e-12 * max(1.0, float(np.max(np.abs(values)))):
        raise EMGInputError(
            f"samples: channel {index} is a flat line; check the electrode and amplifier",
            field="samples"
        )
