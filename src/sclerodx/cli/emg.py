"""``sclerodx emg``: analyse a needle-EMG record and print (or store) its findings."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer

from sclerodx.anatomy import find_muscle
from sclerodx.case import MuscleEMG
from sclerodx.casefile import CaseFileError, read_case, write_case
from sclerodx.cli.app import app, fail
from sclerodx.emg import EMGInputError, emg_findings, emg_process, plot_emg, read_emg
from sclerodx.emg.filtering import MainsOption
from sclerodx.emg.findings import Decision, finding_decisions
from sclerodx.emg.process import EMGAnalysis


class _Units(StrEnum):
    UV = "uV"
    ADC = "adc"


class _Mains(StrEnum):
    FIFTY = "50"
    SIXTY = "60"
    AUTO = "auto"
    OFF = "off"


class _Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def _mains(option: _Mains) -> MainsOption:
    choices: dict[_Mains, MainsOption] = {_Mains.FIFTY: 50, _Mains.SIXTY: 60,
                                          _Mains.AUTO: "auto", _Mains.OFF: "off"}
    return choices[option]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _excluded(analysis: EMGAnalysis) -> dict[str, float]:
    """Seconds excluded from analysis, by reason."""
    out: dict[str, float] = {}
    for seg in analysis.segments:
        if seg.state == "excluded":
            out[seg.reason] = round(out.get(seg.reason, 0.0) + seg.duration(analysis.sampling_rate), 2)
    return out


def _summary(analysis: EMGAnalysis) -> dict[str, object]:
    result = analysis.classification
    return {
        "source": analysis.source,
        "channel": analysis.channel,
        "units": analysis.units,
        "sampling_rate_hz": analysis.original_rate,
        "mains_hz": analysis.mains,
        "rest_s": round(analysis.seconds("rest"), 2),
        "voluntary_s": round(analysis.seconds("voluntary"), 2),
        "excluded": _excluded(analysis),
        "artefacts": [a.describe() for a in analysis.artefacts],
        "spontaneous_rate_note": analysis.spontaneous.rate_note(),
        "spontaneous_rejected": analysis.spontaneous.rejected,
        "duration_band": analysis.motor_units.band_rule,
        "recruitment": {"ratio": _round(analysis.motor_units.recruitment.ratio),
                        "units_in_window": analysis.motor_units.recruitment.units_in_window,
                        "highest_rate_hz": _round(analysis.motor_units.recruitment.highest_rate_hz),
                        "frequency_hz": _round(analysis.motor_units.recruitment.frequency_hz),
                        "assigned_share": _round(analysis.motor_units.assigned_share)},
        "qemg": analysis.qemg if isinstance(analysis.qemg, str) else analysis.qemg.as_dict(),
        "spontaneous_per_s": {k: (None if (r := analysis.spontaneous.rate(k)) is None else
                                  round(r, 3))
                              for k in ("fibrillation", "positive_sharp_wave", "fasciculation")},
        "motor_units": [
            {"unit": u.unit, "discharges": int(u.times_s.size),
             "amplitude": round(u.shape.amplitude, 1), "duration_ms": round(u.shape.duration_ms, 2),
             "duration_band": round(u.band, 1),
             "phases": u.shape.phases, "turns": u.shape.turns, "area": round(u.shape.area, 1),
             "firing_rate_hz": None if u.firing_rate_hz is None else round(u.firing_rate_hz, 1)}
            for u in analysis.motor_units.units
        ],
        "class": None if result is None else result.label,
        "probabilities": None if result is None else {k: round(v, 3)
                                                      for k, v in result.probabilities.items()},
        "imputed_features": [] if result is None else list(result.imputed),
        "amplitude_outliers": None if (o := analysis.amplitude_outliers) is None else {
            "muscle": o.muscle, "limit_uv": o.limit_uv, "units": o.n_units,
            "outliers": o.n_outliers, "criterion_met": o.met},
    }


@app.command("emg")
def emg_command(
    record: Annotated[Path, typer.Argument(help="EMG file: .hea/.dat, .edf/.bdf, .wav, .csv, .npy, .bin")],
    muscle: Annotated[str, typer.Option(help="Muscle sampled, e.g. 'first dorsal interosseous'.")],
    side: Annotated[str | None, typer.Option(help="left or right.")] = None,
    sampling_rate: Annotated[float | None, typer.Option(
        help="Samples per second; required for CSV, NPY and raw files.")] = None,
    channel: Annotated[str, typer.Option(help="Channel index or name.")] = "0",
    units: Annotated[_Units | None, typer.Option(help="Units of CSV/NPY/WAV/raw samples.")] = None,
    mains: Annotated[_Mains, typer.Option(help="Mains frequency to notch.")] = _Mains.AUTO,
    figure: Annotated[Path | None, typer.Option(help="Write a PNG figure here.")] = None,
    output_format: Annotated[_Format, typer.Option("--format", help="Output format.")] = _Format.TEXT,
    into: Annotated[Path | None, typer.Option(help="Add the findings to this case file.")] = None,
) -> None:
    """Read a needle-EMG record and print its per-muscle findings (decision support only)."""
    if side is not None and side not in ("left", "right"):
        fail("--side: expected 'left' or 'right'")
    try:
        find_muscle(muscle)
    except KeyError as exc:
        fail(f"--muscle: {exc.args[0]}")
    if figure is not None and figure.suffix.lower() != ".png":
        fail("--figure: expected a .png path")
    unit_value: Literal["uV", "adc"] | None = None if units is None else units.value
    try:
        signal = read_emg(record, sampling_rate=sampling_rate, units=unit_value, argument="RECORD")
        analysis = emg_process(signal, channel=channel, mains=_mains(mains), muscle=muscle)
    except EMGInputError as exc:
        fail(str(exc))
    finding = emg_findings(analysis, muscle, side)
    if figure is not None:
        plot_emg(analysis, figure)
    if into is not None:
        try:
            case = read_case(into, argument="--into")
        except CaseFileError as exc:
            fail(str(exc), field="--into")
        kept = [m for m in case.emg if not (m.muscle == finding.muscle and m.side == finding.side)]
        write_case(case.model_copy(update={"emg": [*kept, finding]}), into, argument="--into")
    summary = _summary(analysis)
    decisions = finding_decisions(analysis)
    if output_format is _Format.JSON:
        typer.echo(json.dumps({"analysis": summary, "finding": finding.model_dump(mode="json"),
                               "reasons": {k: d.reason for k, d in decisions.items()}}, indent=2))
        return
    _print_text(analysis, summary, finding, decisions)
    if into is not None:
        typer.echo(f"added to {into}")
    typer.echo("Decision support only: read with the whole clinical picture.")


def _print_text(analysis: EMGAnalysis, summary: dict[str, object], finding: MuscleEMG,
                decisions: dict[str, Decision]) -> None:
    result = analysis.classification
    mains = (f"mains {analysis.mains} Hz notched" if analysis.mains else
             "no mains line detected (nothing notched)")
    typer.echo(f"{analysis.source} [{analysis.channel}] {analysis.units}, "
               f"{analysis.original_rate:g} Hz, {mains}")
    typer.echo(f"rest {summary['rest_s']} s, voluntary activity {summary['voluntary_s']} s")
    for reason, seconds in _excluded(analysis).items():
        typer.echo(f"  excluded: {seconds} s ({reason})")
    for artefact in analysis.artefacts:
        typer.echo(f"  artefact: {artefact.describe()} (excluded)")
    note = analysis.spontaneous.rate_note()
    for kind in ("fibrillation", "positive_sharp_wave", "fasciculation"):
        rate = analysis.spontaneous.rate(kind)
        shown = f"{rate:.2f}/s" if rate is not None else note
        typer.echo(f"  {kind.replace('_', ' ')}: {analysis.spontaneous.count(kind)} potentials; {shown}")
    for reason, count in analysis.spontaneous.rejected.items():
        if count:
            typer.echo(f"  not counted: {count} ({reason})")
    mu = analysis.motor_units
    typer.echo(f"motor units: {len(mu.units)} (each identified once in the record; duration against "
               f"a {mu.band_rule})")
    if result is not None:
        probs = ", ".join(f"{k} {v:.2f}" for k, v in result.probabilities.items())
        typer.echo(f"class: {result.label} (p={result.probability:.2f}; {probs})")
        if result.imputed:
            typer.echo(f"  (no motor units measured: {', '.join(result.imputed)} filled with training "
                       "medians; the class rests on the signal-level features)")
    else:
        typer.echo("class: not assessed (a signal-level feature could not be measured)")
    if analysis.amplitude_outliers is not None:
        typer.echo(f"amplitude (calibrated µV): {analysis.amplitude_outliers.describe()}")
    if isinstance(analysis.qemg, str):
        typer.echo(analysis.qemg)
    else:
        typer.echo(f"quantitative EMG ({len(mu.units)} units, at most 20 used): {analysis.qemg.label}; "
                   f"{analysis.qemg.explanation[0]}")
    typer.echo(f"finding for {finding.muscle}{' ' + finding.side.value if finding.side else ''}:")
    for field, decision in decisions.items():
        value = getattr(finding, field)
        if value is None:
            typer.echo(f"  {field}: {decision.reason}")
        else:
            typer.echo(f"  {field}: {getattr(value, 'value', value)} ({decision.reason})")
