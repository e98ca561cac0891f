"""``sclerodx qemg``: read a muscle's quantitative EMG against published reference values.

Either the mean values an EMG machine reports (``--mean-duration-ms``,
``--mean-amplitude-uv``) or a per-MUP table (``--mups TABLE.csv`` with the columns
``duration_ms, amplitude_uv`` and optionally ``phases, turns``). Heavy modules are
imported inside the command so that the CLI starts fast.
"""

from __future__ import annotations

import csv
import json
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sclerodx.cli.app import app, fail
from sclerodx.exceptions import os_reason

if TYPE_CHECKING:
    from sclerodx.emg.qemg import MUP, QEMGResult

#: Columns of a per-MUP table (case and spaces ignored); duration and amplitude required.
MUP_COLUMNS = ("duration_ms", "amplitude_uv", "phases", "turns")


class _Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def _number(text: str, where: str, integer: bool) -> float | int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(text) if integer else float(text)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        fail(f"{where}: expected {kind}")


def read_mup_table(path: Path) -> list[MUP]:
    """Read a per-MUP CSV (one row per MUP); every problem names the row and column."""
    from sclerodx.emg.qemg import MUP

    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        fail("--mups: no such file", field="--mups")
    except (UnicodeDecodeError, csv.Error):
        fail("--mups: expected a UTF-8 CSV table", field="--mups")
    except OSError as exc:
        fail(f"--mups: cannot be read ({os_reason(exc)}); expected a readable CSV table", field="--mups")
    if not rows:
        fail("--mups: the table has no rows")
    columns = {(c or "").strip().lower(): c for c in rows[0]}
    missing = [c for c in MUP_COLUMNS[:2] if c not in columns]
    if missing:
        fail(f"--mups: missing column(s) {', '.join(missing)}; expected {', '.join(MUP_COLUMNS)}")
    mups = []
    for i, row in enumerate(rows, start=2):  # row 1 is the header
        values = {c: _number(row.get(columns[c]) or "", f"--mups row {i}, {c}", c in ("phases", "turns"))
                  if c in columns else None for c in MUP_COLUMNS}
        if values["duration_ms"] is None or values["amplitude_uv"] is None:
            fail(f"--mups row {i}: duration_ms and amplitude_uv are required")
        phases, turns = values["phases"], values["turns"]
        mups.append(MUP(float(values["duration_ms"]), float(values["amplitude_uv"]),
                        None if phases is None else int(phases), None if turns is None else int(turns)))
    return mups


def _print_text(result: QEMGResult) -> None:
    typer.echo(f"quantitative EMG, {result.muscle}: {result.label}")
    for m in result.measures:
        limits = ("" if m.low is None and m.high is None else
                  f" (limits {'-' if m.low is None else f'{m.low:g}'} to "
                  f"{'-' if m.high is None else f'{m.high:g}'})")
        shown = "-" if m.value is None else f"{m.value:g}"
        typer.echo(f"  {m.name}: {shown}{limits}: {m.state}; {m.rule}")
    for line in result.explanation:
        typer.echo(f"  - {line}")
    typer.echo("Decision support only: read with the whole clinical picture.")


def _store(result: QEMGResult, into: Path, side: str | None) -> None:
    from sclerodx.case import MuscleEMG, Side
    from sclerodx.casefile import CaseFileError, read_case, write_case

    try:
        case = read_case(into, argument="--into")
    except CaseFileError as exc:
        fail(str(exc), field="--into")
    findings = {"neurogenic": (True, False), "myopathic": (False, True),
                "normal": (False, False), "indeterminate": (None, None)}[result.label]
    update = {"chronic_neurogenic": findings[0], "myopathic_units": findings[1],
              "provenance": f"qemg: {result.label} against the {result.reference.muscle} "
                            f"reference ({result.reference.source})"}
    wanted = Side(side) if side else None
    entries = list(case.emg)
    for i, entry in enumerate(entries):
        if entry.muscle == result.muscle and entry.side == wanted:
            entries[i] = entry.model_copy(update=update)
            break
    else:
        entries.append(MuscleEMG.model_validate({"muscle": result.muscle, "side": side, **update}))
    write_case(case.model_copy(update={"emg": entries}), into, argument="--into")


@app.command("qemg")
def qemg_command(
    muscle: Annotated[str, typer.Option(help="Muscle sampled, e.g. 'biceps brachii'.")],
    age: Annotated[float | None, typer.Option(help="Age in years.")] = None,
    mean_duration_ms: Annotated[float | None, typer.Option(help="Mean MUP duration, ms.")] = None,
    mean_amplitude_uv: Annotated[float | None, typer.Option(
        help="Mean MUP amplitude (peak-to-peak), µV.")] = None,
    mean_phases: Annotated[float | None, typer.Option(help="Mean number of phases.")] = None,
    polyphasic_percent: Annotated[float | None, typer.Option(
        help="Share of polyphasic MUPs, %.")] = None,
    n_mups: Annotated[int | None, typer.Option(help="Number of MUPs the means came from.")] = None,
    mups: Annotated[Path | None, typer.Option(
        help="Per-MUP CSV: duration_ms, amplitude_uv[, phases, turns].")] = None,
    side: Annotated[str | None, typer.Option(help="left or right (for --into).")] = None,
    output_format: Annotated[_Format, typer.Option("--format", help="Output format.")] = _Format.TEXT,
    into: Annotated[Path | None, typer.Option(help="Add the finding to this case file.")] = None,
) -> None:
    """Classify a muscle's motor unit potentials against published reference values."""
    from sclerodx.emg.qemg import QEMGSummary, interpret_mups, interpret_summary
    from sclerodx.emg.records import EMGInputError

    if side is not None and side not in ("left", "right"):
        fail("--side: expected 'left' or 'right'")
    means = (mean_duration_ms, mean_amplitude_uv, mean_phases, polyphasic_percent, n_mups)
    if mups is not None and any(v is not None for v in means):
        fail("--mups: give either a per-MUP table or the mean values, not both")
    try:
        if mups is not None:
            result = interpret_mups(read_mup_table(mups), muscle, age)
        else:
            if mean_duration_ms is None or mean_amplitude_uv is None:
                fail("--mean-duration-ms and --mean-amplitude-uv: both are required without --mups")
            summary = QEMGSummary(mean_duration_ms, mean_amplitude_uv, mean_phases,
                                  polyphasic_percent, n_mups)
            result = interpret_summary(summary, muscle, age)
    except EMGInputError as exc:
        field, _, message = str(exc).partition(": ")
        row = re.fullmatch(r"mups\[(\d+)\]\.(\w+)", field)
        if row:  # a MUP of the table: by its row in the file (row 1 is the header), as read_mup_table
            fail(f"--mups row {int(row[1]) + 2}, {row[2]}: {message}", field="--mups")
        fail(f"--{field.replace('_', '-')}: {message}" if message else str(exc))
    if into is not None:
        _store(result, into, side)
    if output_format is _Format.JSON:
        typer.echo(json.dumps(result.as_dict(), indent=2))
    else:
        _print_text(result)
        if into is not None:
            typer.echo(f"added to {into}")
