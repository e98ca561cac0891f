"""Cohort files in and out: an adapter at the edge (the evaluation itself is pure).

* :func:`features_from_cases` turns a folder of case JSON files into a feature table.
* :func:`screen_file` evaluates a feature table (Parquet or CSV) and writes the verdicts
  beside the patient identifiers, atomically. With ``use_dask`` the table is read as a
  Dask dataframe and evaluated partition by partition, which is how it scales out to a
  cluster (point ``dask.config`` or a ``distributed.Client`` at it before calling).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from sclerodx.atomic import write_atomically
from sclerodx.casefile import read_case
from sclerodx.cohort.criteria_batch import evaluate_criteria_batch
from sclerodx.cohort.differential_batch import evaluate_differential_batch
from sclerodx.cohort.features import case_features

ID_COLUMN = "case_id"


def features_from_cases(paths: list[Path]) -> pl.DataFrame:
    """A feature table from case files; the file stem is the case id unless the case has one."""
    rows = []
    for path in paths:
        case = read_case(path)
        rows.append({ID_COLUMN: case.id or path.stem, **case_features(case)})
    return pl.DataFrame(rows)


def _read(path: Path) -> pl.DataFrame:
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    if path.suffix == ".csv":
        return pl.read_csv(path)
    raise ValueError(f"{path}: expected a .parquet or .csv cohort table")


def write_table(table: pl.DataFrame, path: Path) -> None:
    """Write Parquet or CSV atomically (temporary file in the same folder, then rename)."""
    if path.suffix not in (".parquet", ".csv"):
        raise ValueError(f"{path}: expected a .parquet or .csv output path")
    write_atomically(path, table.write_parquet if path.suffix == ".parquet" else table.write_csv,
                     suffix=path.suffix)


def _with_ids(table: pl.DataFrame, verdicts: pl.DataFrame) -> pl.DataFrame:
    ids = table.select(ID_COLUMN) if ID_COLUMN in table.columns else pl.DataFrame(
        {ID_COLUMN: [str(i) for i in range(table.height)]})
    return pl.concat([ids, verdicts], how="horizontal")


def screen_table(table: pl.DataFrame) -> pl.DataFrame:
    """Verdicts of every criteria set and the differential, one row per patient, keyed by ``case_id``."""
    verdicts = pl.concat([evaluate_criteria_batch(table), evaluate_differential_batch(table)],
                         how="horizontal")
    return _with_ids(table, verdicts)


def _screen_partition(part: Any) -> Any:
    """Screen one pandas partition (Dask's unit of work); enums travel as strings."""
    return screen_table(pl.from_pandas(part)).with_columns(pl.col(pl.Enum).cast(pl.String)).to_pandas()


def screen_file(source: Path, target: Path, *, use_dask: bool = False) -> int:
    """Screen a cohort file and write the verdicts; returns the number of rows."""
    if not use_dask:
        result = screen_table(_read(source))
    else:
        import dask.dataframe as dd

        frame = dd.read_parquet(source) if source.suffix == ".parquet" else dd.read_csv(source)
        meta = _screen_partition(frame.head(1)).iloc[:0]
        parts = frame.map_partitions(_screen_partition, meta=meta)
        result = pl.from_pandas(parts.compute())
    write_table(result, target)
    return result.height
