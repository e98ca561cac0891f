"""Reader for the published per-subject biceps MUAP table of Pattichis et al. (1995).

Quantitative motor unit potential (MUAP) measures of the biceps brachii of normal
subjects and patients with motor neuron disease or myopathy, one row per subject: the
mean and SD over 20 MUAPs of duration, amplitude, spike duration and area, phases,
turns and total area, and the diagnosis (ref. [1], distributed as "Needle EMG MUAP Time
Domain Measures"; provenance, columns and units in
``tests/emg/fixtures/pattichis1995/README.md``). Each row becomes the
:class:`~sclerodx.emg.qemg.QEMGSummary` a clinic's machine would report for the muscle,
so the quantitative EMG reading can be checked on subjects it has never seen
(``benchmarks/emg_qemg_published.py``).

Amplitudes are stored in mV and returned in µV. The class codes are the dataset's
("1=NOR=NORMAL; 2=MND=MOTOR NEURON DISEASE; 3=MYO=MYOPATHY"), mapped to the class a
reading should give: normal, neurogenic, myopathic.

References
----------
.. [1] Pattichis CS, Schizas CN, Middleton LT. Neural network models in EMG diagnosis.
       IEEE Trans Biomed Eng. 1995;42(5):486-496.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from sclerodx.emg.classifier import EMGClass
from sclerodx.emg.qemg import QEMGSummary
from sclerodx.emg.records import EMGInputError

#: Muscle of every row (ref. [1]).
MUSCLE = "biceps brachii"
#: MUAPs behind each row's means (ref. [1]).
MUPS_PER_SUBJECT = 20
#: Dataset class code -> study group and the class a reading should give.
CLASS_CODES: dict[str, tuple[str, EMGClass]] = {
    "1": ("normal", "normal"),
    "2": ("motor neuron disease", "neurogenic"),
    "3": ("myopathy", "myopathic"),
}
#: Numeric columns the reader needs: mean and SD of duration (ms) and amplitude (mV),
#: mean phases; each must be a finite positive number.
NUMERIC_COLUMNS = ("DurMn", "DurSD", "AmpMn", "AmpSD", "PhMn")
#: Columns the reader needs.
COLUMNS = (*NUMERIC_COLUMNS, "Cls", "Pat.No.")


@dataclass(frozen=True, slots=True)
class PublishedSubject:
    """One subject of the published table."""

    subject: str
    group: str
    expected: EMGClass
    summary: QEMGSummary
    duration_sd_ms: float
    amplitude_sd_uv: float


def read_pattichis1995(path: str | Path) -> list[PublishedSubject]:
    """Every subject of the table at ``path``, in file order.

    Raises
    ------
    EMGInputError
        The file is missing or not UTF-8 text, lacks a column, has a row with too few
        or too many cells, or has a class code or number that is not what the dataset
        defines (naming the row and column, never the value).
    """
    source = Path(path)
    if not source.is_file():
        raise EMGInputError("table: no such file", field="table")
    try:
        with source.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise EMGInputError(f"table: expected columns {', '.join(missing)}", field="table")
            rows = list(reader)
    except UnicodeDecodeError:
        raise EMGInputError("table: expected UTF-8 text", field="table") from None
    except csv.Error:
        raise EMGInputError("table: expected comma-separated values", field="table") from None
    out = []
    for n, row in enumerate(rows, start=2):
        if None in row or any(row[c] is None for c in COLUMNS):
            raise EMGInputError(f"table row {n}: expected {len(reader.fieldnames or [])} "
                                "cells, as in the header", field=f"row {n}")
        code = row["Cls"].strip()
        if code not in CLASS_CODES:
            raise EMGInputError(f"table row {n}, Cls: expected 1, 2 or 3", field="Cls")
        values = {c: _positive(row[c], n, c) for c in NUMERIC_COLUMNS}
        group, expected = CLASS_CODES[code]
        out.append(PublishedSubject(
            subject=row["Pat.No."].strip(), group=group, expected=expected,
            summary=QEMGSummary(mean_duration_ms=values["DurMn"],
                                mean_amplitude_uv=1000.0 * values["AmpMn"],
                                mean_phases=values["PhMn"], n_mups=MUPS_PER_SUBJECT),
            duration_sd_ms=values["DurSD"], amplitude_sd_uv=1000.0 * values["AmpSD"],
        ))
    return out


def _positive(cell: str, row: int, column: str) -> float:
    """The cell as a finite positive number, or an error naming its row and column."""
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise EMGInputError(f"table row {row}, {column}: expected a finite positive number",
                            field=column)
    return value
