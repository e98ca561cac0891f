"""The flat, columnar form of a case: one row of derived criteria inputs.

A registry or trial cohort is screened as a table with these columns (Parquet or CSV,
one row per patient). :func:`case_features` turns a validated case into such a row, so
the same derivations (regions, attacks, MRI areas) feed both routes; the columns are the
inputs of the vectorised decision functions in :mod:`sclerodx.criteria`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sclerodx.anatomy import REGIONS
from sclerodx.case import Case
from sclerodx.criteria.als_categories import gate
from sclerodx.criteria.als_common import exclusion, progression_gate
from sclerodx.criteria.motor_regions import motor_region_evidence
from sclerodx.criteria.ms_features import MSFeatures, ms_evidence
from sclerodx.criteria.timeline import years_since
from sclerodx.differential import cases_to_arrays
from sclerodx.differential.batch import packaged_table

#: Prefix of the differential's finding-state columns (state index, -1 unknown).
FINDING_PREFIX = "finding_"

#: Per-region boolean columns: ``<prefix>_<region>`` for each prefix and region.
REGION_PREFIXES: dict[str, str] = {
    "umn": "clinical UMN signs",
    "lmn_reec": "clinical LMN signs, El Escorial/Awaji definition",
    "lmn_gc": "clinical LMN signs, Gold Coast definition (weakness and wasting)",
    "emg_reec": "EMG LMN involvement with fibrillations/positive sharp waves (region rule)",
    "emg_awaji": "EMG LMN involvement incl. fasciculation potentials (region rule)",
}
#: Scalar columns of the ALS side.
ALS_COLUMNS: dict[str, str] = {
    "progression": "progressive motor impairment: 1 yes, 0 no, -1 unknown",
    "als_excluded": "other causes excluded for ALS: 1 yes, 0 no (documented mimic), -1 unknown",
    "age": "age in years (NaN unknown)",
    "symptom_years": "years from symptom onset to the reference date (NaN unknown)",
    "active_denervation": "fibrillations/positive sharp waves in any muscle",
    "sensory_loss": "sensory loss on examination",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    description: str


def feature_columns() -> list[Column]:
    """Every column of the cohort table, with its meaning."""
    cols = [Column(f"{p}_{r.value}", f"{d} in the {r.value} region")
            for p, d in REGION_PREFIXES.items() for r in REGIONS]
    cols += [Column(n, d) for n, d in ALS_COLUMNS.items()]
    cols += [Column(f.name, f"McDonald input: {f.name.replace('_', ' ')}")
             for f in MSFeatures.__dataclass_fields__.values() if f.name != "age"]
    table = packaged_table()
    cols.append(Column("sex", "0 female, 1 male, -1 unknown"))
    cols += [Column(f"{FINDING_PREFIX}{fid}", f"differential finding {fid}: state index among "
                    f"{', '.join(states)}; -1 unknown")
             for fid, states in zip(table.finding_ids, table.states, strict=True)]
    return cols


def case_features(case: Case) -> dict[str, float | int | bool]:
    """One cohort row from a case, through the same derivations as the explained engines."""
    motor = motor_region_evidence(case)
    maps = {"umn": motor.umn, "lmn_reec": motor.lmn_clinical_reec, "lmn_gc": motor.lmn_clinical_gold_coast,
            "emg_reec": motor.lmn_emg_reec, "emg_awaji": motor.lmn_emg_awaji}
    row: dict[str, float | int | bool] = {
        f"{prefix}_{r.value}": mapping[r].value is True for prefix, mapping in maps.items() for r in REGIONS
    }
    years = years_since(case.symptom_onset, case)
    row |= {
        "progression": gate(progression_gate(case)[0]),
        "als_excluded": gate(exclusion(case)[0]),
        "age": np.nan if case.age is None else float(case.age),
        "symptom_years": np.nan if years is None else years,
        "active_denervation": bool(motor.active_denervation_muscles),
        "sensory_loss": case.exam.sensory_loss is True,
    }
    ms = ms_evidence(case, motor).features
    for name in MSFeatures.__dataclass_fields__:
        if name != "age":
            row[name] = getattr(ms, name)[0].item()
    states, _, sex = cases_to_arrays([case])
    row["sex"] = int(sex[0])
    row |= {f"{FINDING_PREFIX}{fid}": int(v)
            for fid, v in zip(packaged_table().finding_ids, states[0], strict=True)}
    return row
