"""``sclerodx emg``: analyse a needle-EMG record and print (or store) its findings."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer

from sclerodx.anatomy import find_muscle
from sclerodx.casefile import CaseFileError, read_case, write_case
from sclerodx.cli.app import app, fail
from sclerodx.emg import EMGInputError, emg_findings, emg_process, plot_emg, read_emg
from sclerodx.emg.filtering import MainsOption
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
        "spontaneous_per_s": {k: (None if (r := analysis.spontaneous.rate(k)) is None else
                                  round(r, 3))
                              for k in ("fibrillation", "positive_sharp_wave", "fasciculation")},
        "motor_units": [
            {"unit": u.unit, "discharges": int(u.times_s.size),
             "amplitude": round(u.shape.amplitude, 1), "duration_ms": round(u.shape.duration_ms, 2),
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
        fail(f"--side: expected 'left' or 'right', got {side!r}")
    try:
        find_muscle(muscle)
    except KeyError as exc:
        fail(f"--muscle: {exc.args[0]}")
    if figure is not None and figure.suffix.lower() != ".png":
        fail(f"--figure: expected a .png path, got {str(figure)!r}")
    unit_value: Literal["uV", "adc"] | None = None if units is None else units.value
    try:
        signal = read_emg(record, sampling_rate=sampling_rate, units=unit_value)
        analysis = emg_process(signal, channel=channel, mains=_mains(mains), muscle=muscle)
    except EMGInputError as exc:
        fail(str(exc))
    finding = emg_findings(analysis, muscle, side)
    if figure is not None:
        plot_emg(analysis, figure)
    if into is not None:
        try:
            case = read_case(into)
        except CaseFileError as exc:
            fail(f"--into: {exc}")
        kept = [m for m in case.emg if not (m.muscle == finding.muscle and m.side == finding.side)]
        write_case(case.model_copy(update={"emg": [*kept, finding]}), into)
    summary = _summary(analysis)
    if output_format is _Format.JSON:
        typer.echo(json.dumps({"analysis": summary,
                               "finding": finding.model_dump(mode="json")}, indent=2))
        return
    result = analysis.classification
    typer.echo(f"{analysis.source} [{analysis.channel}] {analysis.units}, "
               f"{analysis.original_rate:g} Hz, mains {analysis.mains or 'none'} Hz")
    typer.echo(f"rest {summary['rest_s']} s, voluntary activity {summary['voluntary_s']} s")
    for kind, rate in summary["spontaneous_per_s"].items():  # type: ignore[attr-defined]
        typer.echo(f"  {kind.replace('_', ' ')}: {'-' if rate is None else f'{rate}/s'}")
    typer.echo(f"motor units: {len(analysis.motor_units.units)}")
    if result is not None:
        probs = ", ".join(f"{k} {v:.2f}" for k, v in result.probabilities.items())
        typer.echo(f"class: {result.label} (p={result.probability:.2f}; {probs})")
        if result.imputed:
            typer.echo(f"  (no motor units measured: {', '.join(result.imputed)} filled with training "
                       "medians; the class rests on the signal-level features and is not written into "
                       "the case)")
    if analysis.amplitude_outliers is not None:
        typer.echo(f"amplitude (calibrated µV): {analysis.amplitude_outliers.describe()}")
    if result is None:
        typer.echo("class: not assessed (no motor unit potentials to measure)")
    typer.echo(f"finding for {finding.muscle}{' ' + finding.side.value if finding.side else ''}:")
    for field in ("fibrillations_psw", "fasciculation_potentials", "chronic_neurogenic",
                  "recruitment", "myopathic_units"):
        value = getattr(finding, field)
        shown = "not assessed" if value is None else getattr(value, "value", value)
        typer.echo(f"  {field}: {shown}")
    if into is not None:
        typer.echo(f"added to {into}")
    typer.echo("Decision support only: read with the whole clinical picture.")
