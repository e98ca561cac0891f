"""Cohort inputs: files, folders and their partitions, read in bounded batches.

An input is a Parquet or CSV file, a folder of them (searched recursively, so a Parquet
dataset folder works), or a folder of case JSON files. It is cut into *units* that can
be read independently (a Parquet row group, a CSV file, a case file) and the units into
partitions, the work of one Dask task. Each partition is read in batches of a bounded
number of rows, so memory does not grow with the cohort.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl

from sclerodx.exceptions import InputError

Kind = Literal["parquet", "csv", "cases"]
_SUFFIXES: dict[str, Kind] = {".parquet": "parquet", ".csv": "csv", ".json": "cases"}


class CohortInputError(InputError):
    """The input cannot be read as a cohort (the message names the argument and what was expected)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """An independently readable piece of the input."""

    kind: Kind
    path: Path
    row_group: int | None = None
    rows: int = 1
    first_row: int = 1


@dataclass(frozen=True, slots=True)
class Partition:
    """The units one task reads, evaluates and writes."""

    index: int
    units: tuple[Unit, ...]

    @property
    def rows(self) -> int:
        return sum(u.rows for u in self.units)


@dataclass(frozen=True, slots=True)
class Inputs:
    """The files of an input and the ones that could not be opened."""

    kind: Kind
    units: tuple[Unit, ...]
    unreadable: tuple[tuple[Path, str], ...]

    @property
    def rows(self) -> int:
        return sum(u.rows for u in self.units)


def _files(source: Path) -> list[Path]:
    if source.is_file():
        if source.suffix not in (".parquet", ".csv"):
            raise CohortInputError("INPUT: expected a .parquet or .csv table, or a folder")
        return [source]
    if not source.is_dir():
        raise CohortInputError("INPUT: no such file or folder")
    files = sorted(
        p
        for p in source.rglob("*")
        if p.suffix in _SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(source).parts)
    )
    kinds = {_SUFFIXES[p.suffix] == "cases" for p in files}
    if not files:
        raise CohortInputError("INPUT: no .parquet, .csv or case .json files")
    if len(kinds) > 1:
        raise CohortInputError("INPUT: mixes case .json files with tables; give one kind per folder")
    return files


def _parquet_units(path: Path) -> list[Unit]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    units, first = [], 1
    for i in range(meta.num_row_groups):
        rows = meta.row_group(i).num_rows
        units.append(Unit("parquet", path, i, rows, first))
        first += rows
    return units


def discover(source: Path) -> Inputs:
    """The readable units of an input; files that cannot be opened are listed, not fatal."""
    units: list[Unit] = []
    unreadable: list[tuple[Path, str]] = []
    files = _files(source)
    for path in files:
        kind = _SUFFIXES[path.suffix]
        if kind == "parquet":
            try:
                units += _parquet_units(path)
            except Exception:  # any pyarrow failure: the file is not readable Parquet
                unreadable.append((path, "not a readable Parquet file"))
        else:
            units.append(Unit(kind, path))
    return Inputs(_SUFFIXES[files[0].suffix], tuple(units), tuple(unreadable))


def partition(inputs: Inputs, n: int | None) -> list[Partition]:
    """Group consecutive units into ``n`` partitions of similar row counts (default: one per unit)."""
    units = list(inputs.units)
    if not units:
        return []
    n = len(units) if n is None else max(1, min(n, len(units)))
    target = sum(u.rows for u in units) / n
    parts: list[list[Unit]] = [[]]
    done = 0.0
    for i, unit in enumerate(units):
        left_units, left_parts = len(units) - i, n - len(parts)
        if parts[-1] and (done >= target * len(parts) or left_units <= left_parts):
            parts.append([])
        parts[-1].append(unit)
        done += unit.rows
    return [Partition(i, tuple(p)) for i, p in enumerate(parts)]


def read_table_batches(unit: Unit, batch_rows: int) -> Iterator[pl.DataFrame]:
    """Raw rows of a table unit, in batches, each with its 1-based data-row number in ``__row``.

    Raises
    ------
    CohortInputError
        If the file cannot be read (reported by the runner as a skipped file).
    """
    from sclerodx.cohort.validate import ROW_COLUMN

    first = unit.first_row
    try:
        if unit.kind == "parquet":  # the row group, by its row range (polars reads only that group)
            scan = pl.scan_parquet(unit.path).slice(unit.first_row - 1, unit.rows)
            frames: Iterator[pl.DataFrame] = iter(scan.collect_batches(chunk_size=batch_rows))
        else:
            frames = iter(pl.scan_csv(unit.path, infer_schema=False).collect_batches(chunk_size=batch_rows))
        for frame in frames:
            yield frame.with_row_index(ROW_COLUMN, offset=first)
            first += frame.height
    except (OSError, pl.exceptions.PolarsError, ValueError) as exc:
        kind = "Parquet" if unit.kind == "parquet" else "CSV"
        # the errors file names the file in its own column; the message says what was expected
        raise CohortInputError(f"not a readable {kind} file ({type(exc).__name__}); expected a whole "
                               f"{kind} table") from None
