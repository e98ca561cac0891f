"""The whole needle-EMG pipeline in one call: :func:`emg_process`.

resample to the internal rate -> band-pass and mains notch -> baseline noise ->
rest / voluntary segmentation -> spontaneous activity at rest -> motor unit potentials
in voluntary activity -> recording features -> class with probability -> for a record
in calibrated µV, the large-potential outlier criterion of the muscle
(:mod:`sclerodx.emg.reference`) as further evidence on the class.

The first and last :data:`EDGE_MS` are silenced after filtering so that filter
transients - and the outlier first sample of some EMGLAB files - never count as
potentials; times stay those of the record.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sclerodx.anatomy import find_muscle
from sclerodx.emg.classifier import Classification, EMGClassifier, load_classifier
from sclerodx.emg.features import RecordingFeatures, recording_features
from sclerodx.emg.filtering import INTERNAL_RATE, Mains, MainsOption, emg_filter, emg_resample
from sclerodx.emg.motor_units import MotorUnitResult, detect_motor_units
from sclerodx.emg.records import EMGInputError, EMGRecord, FloatArray, Units
from sclerodx.emg.reference import AmplitudeOutliers, amplitude_outliers, apply_amplitude_evidence
from sclerodx.emg.segmentation import Segment, estimate_noise, segment_activity
from sclerodx.emg.spontaneous import SpontaneousResult, detect_spontaneous

#: Stretch silenced at each end after filtering, ms.
EDGE_MS = 50.0

_DEFAULT_MODEL: list[EMGClassifier] = []


@dataclass(frozen=True)
class EMGAnalysis:
    """Everything the pipeline found in one channel."""

    source: str | None
    channel: str
    units: Units
    original_rate: float
    sampling_rate: float  # of `filtered`
    filtered: FloatArray
    mains: Mains | None
    noise: float
    segments: list[Segment]
    spontaneous: SpontaneousResult
    motor_units: MotorUnitResult
    features: RecordingFeatures
    classification: Classification | None
    amplitude_outliers: AmplitudeOutliers | None  # calibrated records only

    @property
    def duration(self) -> float:
        """Analysed length in seconds."""
        return float(self.filtered.size / self.sampling_rate)

    def seconds(self, state: str) -> float:
        """Total length of the segments in a state ("rest" or "voluntary")."""
        return sum(s.duration(self.sampling_rate) for s in self.segments if s.state == state)


def _default_model() -> EMGClassifier:
    if not _DEFAULT_MODEL:
        _DEFAULT_MODEL.append(load_classifier())
    return _DEFAULT_MODEL[0]


def emg_process(
    record: EMGRecord | FloatArray,
    sampling_rate: float | None = None,
    *,
    channel: int | str = 0,
    units: Units = "adc",
    mains: MainsOption = "auto",
    muscle: str | None = None,
    classifier: EMGClassifier | None = None,
) -> EMGAnalysis:
    """Analyse one channel of a needle-EMG recording.

    Parameters
    ----------
    record
        An :class:`EMGRecord`, or an array (1-D, or ``[n_channels, n_samples]``) with
        ``sampling_rate``.
    sampling_rate
        Samples per second; required for an array, must agree for a record.
    channel
        Channel index or name.
    units
        Units of an array (``"uV"`` or ``"adc"``); a record carries its own.
    mains
        50, 60, ``"auto"`` (detect) or ``"off"``.
    muscle
        The muscle sampled (name or alias of :mod:`sclerodx.anatomy`): chooses the
        amplitude reference limit of a calibrated record; the most permissive limit
        is used when None.
    classifier
        A fitted model; the committed default when None.

    Returns
    -------
    EMGAnalysis
        The findings, features and class.

    Examples
    --------
    >>> from sclerodx.emg import emg_process, emg_simulate
    >>> sim = emg_simulate(5.0, 10000.0, fibrillation_trains=1, random_state=0)
    >>> analysis = emg_process(sim.signal, sim.sampling_rate, units="uV")
    >>> analysis.spontaneous.count("fibrillation") > 0
    True
    """
    if not isinstance(record, EMGRecord):
        if sampling_rate is None:
            raise EMGInputError("sampling_rate: required when the signal is given as an array")
        record = EMGRecord(np.asarray(record), sampling_rate, units=units)
    elif sampling_rate is not None and not np.isclose(sampling_rate, record.sampling_rate):
        raise EMGInputError(
            f"sampling_rate: {sampling_rate:g} Hz was given but the record says "
            f"{record.sampling_rate:g} Hz"
        )
    if muscle is not None:
        try:
            find_muscle(muscle)
        except KeyError as exc:
            raise EMGInputError(f"muscle: {exc.args[0]}") from None
    index = record.channel_index(channel)
    resampled = emg_resample(record.samples[index], record.sampling_rate)
    filtered, line = emg_filter(resampled, INTERNAL_RATE, mains)
    edge = round(EDGE_MS * INTERNAL_RATE / 1000.0)
    noise = estimate_noise(filtered[edge:-edge], INTERNAL_RATE)
    filtered[:edge] = 0.0  # silenced, not cut, so that times stay those of the record
    filtered[-edge:] = 0.0
    segments = segment_activity(filtered, INTERNAL_RATE, noise)
    spontaneous = detect_spontaneous(filtered, INTERNAL_RATE, noise, segments)
    motor_units = detect_motor_units(filtered, INTERNAL_RATE, noise, segments)
    features = recording_features(filtered, INTERNAL_RATE, noise, segments, motor_units)
    model = classifier if classifier is not None else _default_model()
    classification = model.predict(features)
    outliers = None
    if record.units == "uV":
        outliers = amplitude_outliers([u.shape for u in motor_units.units], muscle)
        if classification is not None:
            classification = apply_amplitude_evidence(classification, outliers)
    return EMGAnalysis(
        source=record.source,
        channel=record.channel_names[index],
        units=record.units,
        original_rate=record.sampling_rate,
        sampling_rate=INTERNAL_RATE,
        filtered=filtered,
        mains=line,
        noise=noise,
        segments=segments,
        spontaneous=spontaneous,
        motor_units=motor_units,
        features=features,
        classification=classification,
        amplitude_outliers=outliers,
    )
