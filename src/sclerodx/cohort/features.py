"""The flat, columnar form of a case: one row of derived criteria inputs.

A registry or trial cohort is screened as a table with these columns (Parquet or CSV,
one row per patient). :func:`case_features` turns a validated case into such a row, so
the same derivations (regions, attacks, MRI areas) feed both routes; the criteria
columns are exactly the inputs the criteria-set specifications
(:data:`sclerodx.criteria.SPECS`) declare, filled by their own ``inputs``.

Column changes (schema 1.1 of the criteria inputs)
--------------------------------------------------
* ``umn_*``, ``lmn_reec_*``, ``lmn_gc_*``, ``emg_reec_*``, ``emg_awaji_*`` are
  three-valued int8: 1 present, 0 examined and absent, -1 not examined (so the cohort
  status column can say "indeterminate" exactly as the per-case engine does). Boolean
  columns are still accepted and read as examined (True 1, False 0).
* ``emg_reec_limbs`` (new): limbs with EMG LMN signs under revised El Escorial, for
  "probable, laboratory-supported" (Brooks 2000: "in at least two limbs"); bulbar and
  thoracic EMG do not count. ``emg_reec_*`` stays for the differential and display.
* ``progression`` is also -1/0/1 and now 0 for a monophasic or first-attack course.
"""

from __future__ import annotations

from dataclasses import dataclass

from sclerodx.anatomy import REGIONS
from sclerodx.case import Case
from sclerodx.criteria import SPECS
from sclerodx.criteria.evidence import CaseEvidence, case_evidence
from sclerodx.criteria.ms_features import MS_COLUMNS
from sclerodx.differential import cases_to_arrays
from sclerodx.differential.batch import packaged_table

#: Prefix of the differential's finding-state columns (state index, -1 unknown).
FINDING_PREFIX = "finding_"

#: Per-region three-valued columns: ``<prefix>_<region>`` for each prefix and region.
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
    "als_pending": "a suspected mimic awaits investigation (IBM pattern, no needle EMG or biopsy): "
                   "no ALS/PLS category, status indeterminate",
    "emg_reec_limbs": "limbs with EMG LMN signs (revised El Escorial; bulbar/thoracic do not count)",
    "age": "age in years (NaN unknown)",
    "symptom_years": "years from symptom onset to the reference date (NaN unknown)",
    "active_denervation": "fibrillations/positive sharp waves in any muscle",
    "sensory_loss": "sensory loss on examination",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    description: str


def _description(name: str) -> str:
    for prefix, text in REGION_PREFIXES.items():
        for r in REGIONS:
            if name == f"{prefix}_{r.value}":
                return f"{text} in the {r.value} region: 1 present, 0 absent, -1 not examined"
    if name in ALS_COLUMNS:
        return ALS_COLUMNS[name]
    return f"McDonald input: {name.replace('_', ' ')}"


def criteria_columns() -> list[str]:
    """Every criteria input column, in a stable order (the union of the specifications' columns)."""
    names = [f"{p}_{r.value}" for p in REGION_PREFIXES for r in REGIONS] + list(ALS_COLUMNS)
    names += [n for n in MS_COLUMNS if n not in names]
    declared = {c for spec in SPECS for c in spec.columns}
    return [n for n in names if n in declared or n.startswith("emg_reec_")]


def feature_columns() -> list[Column]:
    """Every column of the cohort table, with its meaning."""
    cols = [Column(n, _description(n)) for n in criteria_columns()]
    table = packaged_table()
    cols.append(Column("sex", "0 female, 1 male, -1 unknown"))
    cols += [Column(f"{FINDING_PREFIX}{fid}", f"differential finding {fid}: state index among "
                    f"{', '.join(states)}; -1 unknown")
             for fid, states in zip(table.finding_ids, table.states, strict=True)]
    return cols


def case_features(case: Case, evidence: CaseEvidence | None = None) -> dict[str, float | int | bool]:
    """One cohort row from a case, through the same derivations and input maps as the explained engines."""
    ev = evidence or case_evidence(case)
    row: dict[str, float | int | bool] = {}
    for spec in SPECS:
        for name, value in spec.inputs(ev).items():
            row[name] = value[0].item()
    for r in REGIONS:
        finding = ev.motor.lmn_emg_reec[r].value
        row[f"emg_reec_{r.value}"] = -1 if finding is None else int(finding)
    states, _, sex = cases_to_arrays([case])
    row["sex"] = int(sex[0])
    row |= {f"{FINDING_PREFIX}{fid}": int(v)
            for fid, v in zip(packaged_table().finding_ids, states[0], strict=True)}
    return row
