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
#: Columns the reader needs.
COLUMNS = ("DurMn", "DurSD", "AmpMn", "AmpSD", "PhMn", "Cls", "Pat.No.")


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
        The file is missing, lacks a column, or has a class code or number that is
        not what the dataset defines (naming the row and column).
    """
    source = Path(path)
    if not source.is_file():
        raise EMGInputError(f"{source}: no such table")
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise EMGInputError(f"{source.name}: expected columns {', '.join(missing)}")
        rows = list(reader)
    out = []
    for n, row in enumerate(rows, start=2):
        code = row["Cls"].strip()
        if code not in CLASS_CODES:
            raise EMGInputError(f"{source.name} row {n}, Cls: expected 1, 2 or 3")
        try:
            values = {c: float(row[c]) for c in ("DurMn", "DurSD", "AmpMn", "AmpSD", "PhMn")}
        except ValueError:
            raise EMGInputError(f"{source.name} row {n}: expected numbers in "
                                "DurMn, DurSD, AmpMn, AmpSD, PhMn") from None
        group, expected = CLASS_CODES[code]
        out.append(PublishedSubject(
            subject=row["Pat.No."].strip(), group=group, expected=expected,
            summary=QEMGSummary(mean_duration_ms=values["DurMn"],
                                mean_amplitude_uv=1000.0 * values["AmpMn"],
                                mean_phases=values["PhMn"], n_mups=MUPS_PER_SUBJECT),
            duration_sd_ms=values["DurSD"], amplitude_sd_uv=1000.0 * values["AmpSD"],
        ))
    return out
