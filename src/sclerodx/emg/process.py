"""The whole needle-EMG pipeline in one call: :func:`emg_process`.

resample to the internal rate -> band-pass and mains notch -> baseline noise ->
artefacts (flat lines, steps, saturation) -> rest / voluntary / excluded segments ->
spontaneous activity at rest (a unit firing regularly there makes that stretch
voluntary, and the record is segmented again) -> motor units in voluntary activity ->
recording features -> class with probability -> for a record in calibrated µV, the
large-potential outlier criterion of the muscle (:mod:`sclerodx.emg.reference`) as
further evidence on the class, and the quantitative EMG reading of the (at most 20)
measured units against the muscle's reference values (:mod:`sclerodx.emg.qemg`).

The first and last :data:`EDGE_MS` are silenced after filtering and excluded from
every detector, so that filter transients - and the outlier first sample of some
EMGLAB files - never count as potentials or as rest; times stay those of the record.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sclerodx.anatomy import find_muscle
from sclerodx.emg.artefacts import GUARD_MS, Artefact, detect_artefacts
from sclerodx.emg.classifier import Classification, EMGClassifier, load_classifier
from sclerodx.emg.features import RecordingFeatures, recording_features
from sclerodx.emg.filtering import (
    INTERNAL_RATE,
    MUP_BAND_HZ,
    Mains,
    MainsOption,
    emg_filter,
    emg_resample,
)
from sclerodx.emg.motor_units import (
    MIN_ASSIGNED_SHARE,
    MotorUnit,
    MotorUnitResult,
    detect_motor_units,
)
from sclerodx.emg.qemg import MUP, OUTLIER_MUPS, PLAUSIBLE, QEMGResult, interpret_mups
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
    artefacts: list[Artefact]
    qemg: QEMGResult | str  # the reading, or why there is none (:data:`UNCALIBRATED`, a dense pattern, ...)

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
        raise EMGInputError("sampling_rate: does not match the record's own rate; leave it out to use "
                            "the record's", field="sampling_rate")
    if muscle is not None:
        try:
            find_muscle(muscle)
        except KeyError as exc:
            raise EMGInputError(f"muscle: {exc.args[0]}") from None
    index = record.channel_index(channel)
    calibrated = record.units == "uV"
    resampled = emg_resample(record.samples[index], record.sampling_rate)
    filtered, line = emg_filter(resampled, INTERNAL_RATE, mains)
    template_trace, _ = emg_filter(resampled, INTERNAL_RATE, line or "off", band=MUP_BAND_HZ)
    edge = round(EDGE_MS * INTERNAL_RATE / 1000.0)
    noise = estimate_noise(filtered[edge:-edge], INTERNAL_RATE)
    filtered[:edge] = 0.0  # silenced, not cut, so that times stay those of the record
    filtered[-edge:] = 0.0
    artefacts = detect_artefacts(record.samples[index], record.sampling_rate, noise)
    guard = GUARD_MS / 1000.0
    excluded = [(0, edge, "filter edge"), (filtered.size - edge, filtered.size, "filter edge")]
    excluded += [(int((a.start_s - guard) * INTERNAL_RATE), int((a.stop_s + guard) * INTERNAL_RATE),
                  a.kind) for a in artefacts]
    # first pass: every quiet stretch, to find units firing regularly "at rest" - which
    # is voluntary activity - then the record is segmented with the rest rules
    quiet = segment_activity(filtered, INTERNAL_RATE, noise, excluded=excluded, strict=False)
    trains = [(int(a * INTERNAL_RATE), int(b * INTERNAL_RATE) + 1) for a, b in
              detect_spontaneous(filtered, INTERNAL_RATE, noise, quiet).voluntary_trains]
    segments = segment_activity(filtered, INTERNAL_RATE, noise, excluded=excluded, voluntary=trains)
    spontaneous = detect_spontaneous(filtered, INTERNAL_RATE, noise, segments, calibrated=calibrated)
    motor_units = detect_motor_units(filtered, INTERNAL_RATE, noise, segments,
                                     calibrated=calibrated, template_values=template_trace)
    features = recording_features(filtered, INTERNAL_RATE, noise, segments, motor_units)
    model = classifier if classifier is not None else _default_model()
    classification = model.predict(features)
    outliers: AmplitudeOutliers | None = None
    quantitative: QEMGResult | str = UNCALIBRATED
    measured = measured_units(motor_units)
    if calibrated:
        outliers = amplitude_outliers([u.shape for u in measured], muscle)
        if classification is not None:
            classification = apply_amplitude_evidence(classification, outliers)
        quantitative = _quantitative(measured, muscle, motor_units.assigned_share)
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
        artefacts=artefacts,
        qemg=quantitative,
    )


#: Why an uncalibrated record has no quantitative reading (amplitude limits are in µV).
UNCALIBRATED = ("quantitative EMG and amplitude outliers not assessed: the record is in converter counts "
                "of unknown gain, and the reference limits are in µV (give a calibrated record, or "
                "--units uV when the samples are microvolts)")


def measured_units(motor_units: MotorUnitResult) -> list[MotorUnit]:
    """The distinct units the outlier criteria and QEMG use: at most 20 per muscle.

    The criteria are defined on 20 different MUPs (Stålberg et al. 1994); the units
    with the most discharges - the best-defined templates - are taken.
    """
    ranked = sorted(motor_units.units, key=lambda u: -u.times_s.size)
    return ranked[:OUTLIER_MUPS]


def _quantitative(units: list[MotorUnit], muscle: str | None,
                  assigned_share: float | None) -> QEMGResult | str:
    """The QEMG reading of the measured units, or why there is none.

    Templates whose measures fall outside physiology (a sub-millisecond "potential" is
    a noise peak) are left out, and the reading says how many. In a dense pattern -
    fewer than :data:`~sclerodx.emg.motor_units.MIN_ASSIGNED_SHARE` of the potentials in
    identified units - the templates keep the other units' activity and their markers
    measure it, so there is no reading: multi-MUP analysis is made where single MUPs
    can be separated (slight to moderate effort; Stålberg et al. 1996).
    """
    if muscle is None:
        return "quantitative EMG not assessed: no muscle given, so no reference values"
    if assigned_share is None or assigned_share < MIN_ASSIGNED_SHARE:
        share = 0.0 if assigned_share is None else assigned_share
        return (f"quantitative EMG not assessed: only {share:.0%} of the potentials belong to "
                f"identified units (dense pattern; at least {MIN_ASSIGNED_SHARE:.0%} needed), so "
                "the templates keep other units' activity")
    mups = [MUP(u.shape.duration_ms, u.shape.amplitude, u.shape.phases, u.shape.turns) for u in units]
    kept = [m for m in mups if all(
        PLAUSIBLE[f][0] <= float(getattr(m, f)) <= PLAUSIBLE[f][1]
        for f in ("duration_ms", "amplitude_uv", "phases", "turns"))]
    if not kept:
        return "quantitative EMG not assessed: no motor unit could be isolated"
    try:
        result = interpret_mups(kept, muscle, band_limited=True)
    except EMGInputError as exc:
        return f"quantitative EMG not assessed: {exc}"
    if len(kept) < len(mups):
        result = replace(result, explanation=(*result.explanation, (
            f"{len(mups) - len(kept)} template(s) outside physiological measures left out")))
    return result
