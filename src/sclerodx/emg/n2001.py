"""Reader for the EMGLAB N2001 subset in ``../shared/data/emglab-n2001-subset``.

Raw little-endian int16 files without headers, one channel at 23,437.5 Hz, in ADC
counts of unknown gain; the first sample is an outlier in some files and is dropped
(see that folder's README). Labels come from its ``labels.csv``.

References
----------
.. [1] Nikolic M. Detailed analysis of clinical electromyography signals: EMG
       decomposition, findings and firing pattern analysis in controls and patients
       with myopathy and amyotrophic lateral sclerosis. PhD thesis, University of
       Copenhagen; 2001.
.. [2] McGill KC, Lateva ZC, Marateb HR. EMGLAB: an interactive EMG decomposition
       program. J Neurosci Methods. 2005;149:121-133.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sclerodx.emg.classifier import EMGClass
from sclerodx.emg.records import EMGInputError, EMGRecord

#: Published sampling rate of N2001 (Nikolic 2001), Hz.
N2001_RATE = 23437.5

#: The study group of each N2001 subject, as the class the classifier predicts.
GROUP_CLASS: dict[str, EMGClass] = {"ALS": "neurogenic", "control": "normal",
                                    "myopathy": "myopathic"}


@dataclass(frozen=True)
class N2001Record:
    """One labelled N2001 recording."""

    name: str
    group: str
    subject: str
    muscle: str
    label: EMGClass
    record: EMGRecord


def iter_n2001(root: str | Path) -> Iterator[N2001Record]:
    """Yield every record listed in ``root/labels.csv``, in file order."""
    base = Path(root)
    labels = base / "labels.csv"
    if not labels.is_file():
        raise EMGInputError("root: expected a folder holding the N2001 labels.csv", field="root")
    with labels.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        path = base / "bin" / f"{row['record']}.bin"
        samples = np.fromfile(path, dtype="<i2")[1:].astype(np.float64)
        yield N2001Record(
            name=row["record"], group=row["group"], subject=row["subject"],
            muscle=row["muscle"], label=GROUP_CLASS[row["group"]],
            record=EMGRecord(samples, N2001_RATE, units="adc", source=path.name),
        )
