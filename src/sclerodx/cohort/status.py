"""The status (met / not met / indeterminate) beside each criteria category, vectorised.

A category alone does not say whether it is final: "none" with half the regions
unexamined is *indeterminate*, not *not met*. These functions give the status the
per-case engines report (``CriterionResult.status``) from the category and the feature
table, mirroring:

* McDonald 2017 / 2024: :func:`sclerodx.criteria.ms_common.status_for` (applied as is);
* El Escorial, Awaji, Gold Coast: :func:`sclerodx.criteria.als_common.overall_status`
  (a gate recorded False: not met; a category with progression documented: met, else
  indeterminate; no category: indeterminate while a region of the set's maps is unknown);
* PLS: :func:`sclerodx.criteria.pls.evaluate_pls` (met with a category; not met when
  LMN degeneration, sensory loss, age under the minimum or fewer than two UMN regions rule
  it out; else indeterminate).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from sclerodx.anatomy import REGIONS
from sclerodx.case import Case
from sclerodx.cohort.codes import codes_of, labels
from sclerodx.criteria.als_categories import AWAJI_CATEGORIES, GOLD_COAST_CATEGORIES, REEC_CATEGORIES
from sclerodx.criteria.motor_regions import combine, motor_region_evidence
from sclerodx.criteria.ms_common import MS_CATEGORIES, status_for
from sclerodx.criteria.pls import MIN_AGE_YEARS, PLS_CATEGORIES, PLS_REGIONS
from sclerodx.criteria.result import Status

STATUSES = [s.value for s in Status]
_ALS_SETS = {"el_escorial": REEC_CATEGORIES, "awaji": AWAJI_CATEGORIES, "gold_coast": GOLD_COAST_CATEGORIES}


_MET, _NOT_MET, _INDETERMINATE = (
    STATUSES.index(s.value) for s in (Status.MET, Status.NOT_MET, Status.INDETERMINATE)
)


def _als_status(
    category: pl.Series, categories: tuple[str, ...], features: pl.DataFrame, unknown: str
) -> np.ndarray[Any, Any]:
    """``als_common.overall_status`` over a table."""
    progression = features["progression"].to_numpy()
    closed = (progression == 0) | (features["als_excluded"].to_numpy() == 0)
    reached = codes_of(category, categories) > 0
    regions_unknown = features[unknown].to_numpy()
    return np.select(
        [closed, reached & (progression == 1), reached, regions_unknown],
        [_NOT_MET, _MET, _INDETERMINATE, _INDETERMINATE],
        _NOT_MET,
    )


def _pls_status(category: pl.Series, features: pl.DataFrame) -> np.ndarray[Any, Any]:
    """The status rule of ``pls.evaluate_pls`` over a table."""
    reached = codes_of(category, PLS_CATEGORIES) > 0
    lmn = features.select([f"lmn_reec_{r.value}" for r in REGIONS]).to_numpy().any(axis=1)
    lmn |= features["active_denervation"].to_numpy()
    umn = features.select([f"umn_{r.value}" for r in PLS_REGIONS]).to_numpy().sum(axis=1)
    age = features["age"].to_numpy()
    ruled_out = lmn | features["sensory_loss"].to_numpy() | (age < MIN_AGE_YEARS) | (umn < 2)
    return np.select([reached, ruled_out], [_MET, _NOT_MET], _INDETERMINATE)


def criteria_status(categories: pl.DataFrame, features: pl.DataFrame) -> pl.DataFrame:
    """``<criteria>_status`` for each criteria column of ``categories``."""
    ms = np.array([STATUSES.index(status_for(i).value) for i in range(len(MS_CATEGORIES))])
    out = [
        labels(ms[codes_of(categories[name], MS_CATEGORIES)], STATUSES, f"{name}_status")
        for name in ("mcdonald_2017", "mcdonald_2024")
    ]
    out += [
        labels(
            _als_status(categories[name], cats, features, f"regions_unknown_{name}"),
            STATUSES,
            f"{name}_status",
        )
        for name, cats in _ALS_SETS.items()
    ]
    out.append(labels(_pls_status(categories["pls"], features), STATUSES, "pls_status"))
    return pl.DataFrame(out)


def status_inputs(case: Case) -> dict[str, bool]:
    """The region-unknown flags of one case (what :mod:`sclerodx.cohort.derive` derives column-wise)."""
    motor = motor_region_evidence(case)
    maps = {
        "el_escorial": (motor.umn, motor.lmn_clinical_reec),
        "awaji": (motor.umn, combine(motor.lmn_clinical_reec, motor.lmn_emg_awaji)),
        "gold_coast": (motor.umn, combine(motor.lmn_clinical_gold_coast, motor.lmn_emg_awaji)),
    }
    return {
        f"regions_unknown_{name}": any(m[r].value is None for m in pair for r in REGIONS)
        for name, pair in maps.items()
    }
