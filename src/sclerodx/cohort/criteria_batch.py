"""All criteria over a whole cohort table at once, through the criteria-set specifications.

Each criteria set's :class:`~sclerodx.criteria.spec.CriteriaSpec` decides on the table's
columns with the same vectorised decision the per-case engine runs on a batch of one,
so the cohort verdicts and statuses are those of the explained engines, row for row.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sclerodx.cohort.codes import labels
from sclerodx.cohort.features import feature_columns
from sclerodx.criteria import SPECS
from sclerodx.criteria.als_categories import STATUS_CODES

#: Suffix of the status column beside each category column.
STATUS_SUFFIX = "_status"


def evaluate_criteria_batch(table: pl.DataFrame) -> pl.DataFrame:
    """Category and status of every criteria set for every row of a cohort feature table.

    Returns one ``<set>`` category column and one ``<set>_status`` column (met,
    indeterminate, not_met) per criteria set.

    Raises
    ------
    ValueError
        If a required column is missing; the message names the columns.
    """
    missing = [c.name for c in feature_columns() if c.name not in table.columns]
    if missing:
        raise ValueError(f"cohort table lacks column(s): {', '.join(missing[:10])}"
                         + (" ..." if len(missing) > 10 else ""))
    out: dict[str, pl.Series] = {}
    for spec in SPECS:
        decision = spec.decide({name: table[name].to_numpy() for name in spec.columns})
        out[spec.name] = labels(np.asarray(decision.codes), spec.categories, spec.name)
        status = spec.name + STATUS_SUFFIX
        out[status] = labels(np.asarray(decision.status), STATUS_CODES, status)
    return pl.DataFrame(out)
