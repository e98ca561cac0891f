"""Screening a registry: raw rows (or case files) in, verdicts and an errors file out.

The adapter at the edge around the pure derivation and engines. One partition is read in
bounded batches; each batch is validated (:mod:`~sclerodx.cohort.validate`), derived
(:mod:`~sclerodx.cohort.derive`), evaluated by the vectorised criteria and differential,
and appended to its output; so memory depends on the batch size, not on the cohort.

Engines
-------
* ``polars``: the partitions one after the other in this process, into one output file
  (``.parquet`` or ``.csv``) or, for a folder, one Parquet file per partition.
* ``dask``: one task per partition on a ``distributed`` cluster (a local one by default,
  or the scheduler named); each worker reads its partition from the shared file system,
  evaluates it and writes its own ``part-NNNNN.parquet`` of the output folder, and returns
  only counts. Nothing but the counts reaches the driver.

The engines load on first use (:func:`verdicts`), so a Dask driver, which only plans and
collects counts, does not pay for them. Outputs are written under a temporary name and
renamed into place when the run completes, so an interrupted run leaves no half-written result.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, Literal, Protocol

import polars as pl

from sclerodx.cohort.sources import (
    CohortInputError,
    Inputs,
    Partition,
    Unit,
    discover,
    partition,
    read_table_batches,
)
from sclerodx.cohort.validate import ERROR_SCHEMA, ROW_COLUMN, unknown_columns, validate

ID_COLUMN = "case_id"
#: Rows per batch. expert estimate: about 1 KiB of working memory per row through
#: validation, derivation and the engines, so 100,000 rows stay near 100-200 MiB.
BATCH_ROWS = 100_000
Engine = Literal["polars", "dask"]
#: Seconds to wait for a Dask scheduler before giving up with a clear error.
SCHEDULER_TIMEOUT_S = 20


@dataclass(frozen=True, slots=True)
class Options:
    """What to compute and how big a batch is."""

    top: int = 3
    all_probabilities: bool = False
    include_investigational: bool = False
    batch_rows: int = BATCH_ROWS


@dataclass(slots=True)
class Summary:
    """What a run (or one partition of it) did."""

    rows_in: int = 0
    rows_out: int = 0
    rows_refused: int = 0
    errors: int = 0
    files_skipped: list[str] = field(default_factory=list)
    ignored_columns: set[str] = field(default_factory=set)
    partitions: int = 0
    workers: set[str] = field(default_factory=set)

    def add(self, other: Summary) -> None:
        self.rows_in += other.rows_in
        self.rows_out += other.rows_out
        self.rows_refused += other.rows_refused
        self.errors += other.errors
        self.files_skipped += other.files_skipped
        self.ignored_columns |= other.ignored_columns
        self.partitions += other.partitions
        self.workers |= other.workers


# --------------------------------------------------------------------------- evaluation (pure)


def verdicts(features: pl.DataFrame, ids: pl.Series, options: Options = Options()) -> pl.DataFrame:
    """Every criteria category with its status, and the top diagnoses, one row per patient."""
    from sclerodx.cohort.criteria_batch import evaluate_criteria_batch
    from sclerodx.cohort.differential_batch import top_diagnoses

    criteria = evaluate_criteria_batch(features)  # <set> and <set>_status, side by side
    columns: list[pl.Series] = [ids.cast(pl.String).alias(ID_COLUMN), *criteria.get_columns()]
    dx = top_diagnoses(
        features,
        options.top,
        include_investigational=options.include_investigational,
        all_probabilities=options.all_probabilities,
    )
    return pl.DataFrame([*columns, *dx.get_columns()])


def _ids(rows: pl.DataFrame) -> pl.Series:
    return rows.select(pl.coalesce(pl.col(ID_COLUMN), pl.col(ROW_COLUMN).cast(pl.String))).to_series()


# --------------------------------------------------------------------------- sinks


class Sink(Protocol):
    def write(self, frame: pl.DataFrame) -> None: ...

    def close(self) -> None: ...


class ParquetSink:
    """Batches appended as row groups of one Parquet file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: Any = None

    def write(self, frame: pl.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = frame.to_arrow()
        if self._writer is None:
            # dictionary pages only for the category columns: trying them on identifiers and
            # probabilities (all distinct) cost more than half the write (measured)
            categories = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
            self._writer = pq.ParquetWriter(self.path, table.schema, use_dictionary=categories)
        self._writer.write_table(table)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()


class CsvSink:
    """Batches appended to one CSV file (header once)."""

    def __init__(self, path: Path) -> None:
        self.path, self._file = path, path.open("wb")
        self._header = True

    def write(self, frame: pl.DataFrame) -> None:
        frame.write_csv(self._file, include_header=self._header)
        self._header = False

    def close(self) -> None:
        self._file.close()


def open_sink(path: Path) -> Sink:
    return ParquetSink(path) if path.suffix == ".parquet" else CsvSink(path)


# --------------------------------------------------------------------------- one partition


def _file_error(path: Path, reason: str) -> pl.DataFrame:
    """One errors-file row for a whole file that could not be used (no row, case or column)."""
    return pl.DataFrame({"file": [str(path)], "row": [None], "case_id": [None], "column": [None],
                         "reason": [reason]}, schema=ERROR_SCHEMA)


@dataclass(slots=True)
class _Outcome:
    """What one batch (or one unusable file) adds to a partition's output and summary."""

    verdicts: pl.DataFrame | None = None
    errors: pl.DataFrame | None = None
    summary: Summary = field(default_factory=Summary)


Job = Callable[[], _Outcome]


def _evaluate_cases(rows: list[dict[str, Any]], ids: list[str], options: Options) -> _Outcome:
    summary = Summary(rows_in=len(ids), rows_out=len(ids))
    return _Outcome(verdicts(pl.DataFrame(rows), pl.Series(ids), options), summary=summary)


def _refused_file(path: Path, reason: str, rows: int = 0) -> _Outcome:
    summary = Summary(rows_in=rows, rows_refused=rows, errors=1, files_skipped=[str(path)])
    return _Outcome(errors=_file_error(path, reason), summary=summary)


def _case_jobs(units: tuple[Unit, ...], options: Options) -> Iterator[Job]:
    """Features of case files, batch by batch; an unreadable or invalid file is reported and skipped."""
    from sclerodx.casefile import CaseFileError, read_case
    from sclerodx.cohort.features import case_features

    rows: list[dict[str, Any]] = []
    ids: list[str] = []

    for unit in units:
        try:
            case = read_case(unit.path, argument="case file")
        except CaseFileError as exc:
            yield partial(_refused_file, unit.path, str(exc), 1)
            continue
        rows.append(case_features(case))
        ids.append(case.id or unit.path.stem)
        if len(rows) >= options.batch_rows:
            yield partial(_evaluate_cases, rows, ids, options)
            rows, ids = [], []
    if rows:
        yield partial(_evaluate_cases, rows, ids, options)


def evaluate_raw(batch: pl.DataFrame, source: str, options: Options = Options()) -> _Outcome:
    """Validate, derive and evaluate one batch of raw rows (with their ``__row`` numbers)."""
    from sclerodx.cohort.derive import derive_features

    summary = Summary(rows_in=batch.height, ignored_columns=set(unknown_columns(batch.columns)))
    checked = validate(batch, source)
    outcome = _Outcome(summary=summary)
    if checked.refused:
        summary.rows_refused, summary.errors = checked.refused, checked.errors.height
        outcome.errors = checked.errors
    if checked.rows.height:
        features = derive_features(checked.rows.lazy()).collect()
        outcome.verdicts = verdicts(features, _ids(checked.rows), options)
        summary.rows_out = features.height
    return outcome


def _table_jobs(units: tuple[Unit, ...], options: Options) -> Iterator[Job]:
    """One job per batch read (the reading itself runs here, ahead of the evaluation)."""
    for unit in units:
        try:
            for batch in read_table_batches(unit, options.batch_rows):
                yield partial(evaluate_raw, batch, str(unit.path), options)
        except CohortInputError as exc:
            yield partial(_refused_file, unit.path, str(exc))


def jobs(part: Partition, options: Options) -> Iterator[Job]:
    """The batches of a partition as jobs, whatever its kind, in input order."""
    reader = _case_jobs if part.units[0].kind == "cases" else _table_jobs
    return reader(part.units, options)


#: Most batches evaluated at once. expert estimate: each holds about 1-1.5 KiB per row through
#: the engines (100-150 MiB a batch), so four keep a run near 1 GiB on any machine; more
#: cores are better used by ``--engine dask`` with several worker processes.
MAX_PIPELINE = 4


def pipeline_width() -> int:
    """Batches evaluated at once: one per thread of polars' pool (1 in a single-threaded Dask
    worker), at most :data:`MAX_PIPELINE`.

    The engines' numpy stages run on one core; evaluating a second batch meanwhile keeps
    the other cores busy (polars and numpy release the GIL in their kernels).
    """
    return max(1, min(pl.thread_pool_size(), MAX_PIPELINE))


def _write(
    work: Iterable[Job],
    sink: Sink,
    errors: Sink,
    summary: Summary,
    progress: Callable[[int], None] | None,
) -> None:
    """Verdicts of every batch appended to ``sink`` in input order, refusals to ``errors``.

    Up to :func:`pipeline_width` batches are evaluated at once while the next is read;
    results are written in input order, so the output does not depend on the width.
    """

    def record(outcome: _Outcome) -> None:
        if outcome.errors is not None:
            errors.write(outcome.errors)
        if outcome.verdicts is not None:
            sink.write(outcome.verdicts)
        summary.add(outcome.summary)
        if progress is not None and outcome.summary.rows_out:
            progress(outcome.summary.rows_out)

    width = pipeline_width()
    if width == 1:
        for job in work:
            record(job())
        return
    with ThreadPoolExecutor(max_workers=width, thread_name_prefix="sclerodx-batch") as pool:
        pending: deque[Future[_Outcome]] = deque()
        for job in work:
            pending.append(pool.submit(job))
            if len(pending) > width:
                record(pending.popleft().result())
        while pending:
            record(pending.popleft().result())


def process_partition(
    part: Partition,
    output: Path,
    errors_path: Path,
    options: Options = Options(),
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Read, validate, derive, evaluate and write one partition (a Dask task's work)."""
    summary = Summary(partitions=1, workers={f"{os.uname().nodename}:{os.getpid()}"})
    sink, errors = open_sink(output), CsvSink(errors_path)
    try:
        _write(jobs(part, options), sink, errors, summary, progress)
    finally:
        sink.close()
        errors.close()
    return summary


# --------------------------------------------------------------------------- whole runs


def _merge_errors(parts: list[Path], target: Path) -> None:
    """Concatenate per-partition error CSVs (streamed line by line, header once)."""
    with target.open("w", encoding="utf-8") as out:
        out.write(",".join(ERROR_SCHEMA) + "\n")
        for path in parts:
            with path.open(encoding="utf-8") as part:
                header = True
                for line in part:
                    if header:
                        header = False
                        continue
                    out.write(line)


def _staging(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    staged.chmod(0o777 & ~_umask())  # the folder becomes the output: ordinary permissions, not mkdtemp's 0700
    return staged


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace(staged: Path, target: Path) -> None:
    if target.is_dir():
        shutil.rmtree(target)
    os.replace(staged, target)


def _unreadable(inputs: Inputs, errors: Path) -> Summary:
    summary = Summary()
    sink = CsvSink(errors)
    for path, reason in inputs.unreadable:
        summary.files_skipped.append(str(path))
        summary.errors += 1
        sink.write(_file_error(path, f"{path}: {reason}"))
    sink.close()
    return summary


def run(
    source: Path,
    output: Path,
    errors_path: Path,
    *,
    engine: Engine = "polars",
    scheduler: str | None = None,
    partitions: int | None = None,
    options: Options = Options(),
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Summary:
    """Screen a cohort input into ``output`` (a file, or a folder of Parquet parts).

    Raises
    ------
    CohortInputError
        If the input or output cannot be used (nothing is written then).
    """
    as_folder = output.suffix not in (".parquet", ".csv")
    if engine == "dask" and not as_folder:
        raise CohortInputError(
            "--output: with --engine dask the output is a folder (a Parquet dataset), one part per partition"
        )
    if engine == "dask":  # workers may run elsewhere, in another working directory
        source, output = source.absolute(), output.absolute()
    inputs = discover(source)
    parts = partition(inputs, partitions)
    if on_start is not None:
        on_start(0 if inputs.kind == "csv" else inputs.rows)  # CSV row counts are unknown until read
    staged = _staging(output)
    try:
        summary = _unreadable(inputs, staged / "errors-unreadable.csv")
        error_parts = [staged / "errors-unreadable.csv"]
        if not as_folder:
            single = staged / f"result{output.suffix}"
            summary.add(_run_single(parts, single, staged, options, progress, error_parts))
        elif engine == "dask":
            summary.add(_run_dask(parts, staged, options, scheduler, progress, error_parts))
        else:
            for part in parts:
                errors = staged / f"errors-{part.index:05d}.csv"
                error_parts.append(errors)
                summary.add(
                    process_partition(
                        part, staged / f"part-{part.index:05d}.parquet", errors, options, progress
                    )
                )
        errors_path.parent.mkdir(parents=True, exist_ok=True)
        _merge_errors(error_parts, errors_path)
        for path in error_parts:
            path.unlink(missing_ok=True)
        if as_folder:
            _replace(staged, output)
        else:
            os.replace(staged / f"result{output.suffix}", output)
            shutil.rmtree(staged)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return summary


def _run_single(
    parts: list[Partition],
    target: Path,
    staged: Path,
    options: Options,
    progress: Callable[[int], None] | None,
    error_parts: list[Path],
) -> Summary:
    """All partitions, one after the other, into one file."""
    summary = Summary(partitions=len(parts))
    sink = open_sink(target)
    errors_path = staged / "errors-00000.csv"
    error_parts.append(errors_path)
    errors = CsvSink(errors_path)
    try:
        _write(chain.from_iterable(jobs(part, options) for part in parts), sink, errors, summary, progress)
        if summary.rows_out == 0:  # a well-formed, empty result (header or schema only)
            sink.write(verdicts(*_empty_batch(), options))
    finally:
        sink.close()
        errors.close()
    return summary


def _empty_batch() -> tuple[pl.DataFrame, pl.Series]:
    """A zero-row feature batch, so that an all-refused run still writes a well-formed, empty result."""
    from sclerodx.cohort.derive import derive_features
    from sclerodx.cohort.validate import layout_schema

    rows = pl.DataFrame(schema={ROW_COLUMN: pl.UInt32, **layout_schema()})
    return derive_features(rows.lazy()).collect(), _ids(rows)


def _process_remote(part: Partition, output: str, errors: str, options: Options) -> Summary:
    """The Dask task: one partition, written by the worker itself."""
    return process_partition(part, Path(output), Path(errors), options)


#: What the fork server of a local cluster imports before it forks the workers.
PRELOAD = ("distributed", "sclerodx.cohort.preload")


@contextmanager
def _environ(**values: str) -> Iterator[None]:
    """Environment variables set for the duration of the block (restored afterwards)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _local_cluster() -> Any:
    """A ``distributed.LocalCluster`` on this machine: one single-threaded worker process per core
    (at most two), each with one polars thread, forked from a server that loaded the engines.

    Side effect: ``set_forkserver_preload`` and ``multiprocessing.forkserver.ensure_running()``
    change process-wide state: the preload list applies to every later forkserver process
    of this interpreter, and the server stays running for its lifetime. If a forkserver is
    already running (started by the caller or an earlier cluster), ``ensure_running`` reuses
    it, so neither the preload nor ``POLARS_MAX_THREADS=1`` takes effect in it; the workers'
    own ``env`` still sets the variable, but workers forked from a server whose polars was
    imported without it may inherit a pool sized for every core.
    """
    import multiprocessing
    import multiprocessing.forkserver

    import dask
    from distributed import LocalCluster

    # Dask's default MALLOC_TRIM_THRESHOLD_ (64 KiB) hands every freed batch temporary back
    # to the OS, so the next batch faults its pages in again; glibc's own adaptive threshold
    # keeps them (measured: about a fifth less worker CPU time per row on this path).
    config: dict[str, Any] = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
    if "forkserver" in multiprocessing.get_all_start_methods():
        from distributed.utils import get_mp_context

        config["distributed.worker.multiprocessing-method"] = "forkserver"
        with dask.config.set(config):
            get_mp_context().set_forkserver_preload(list(PRELOAD))  # type: ignore[no-untyped-call]
        # the fork server imports polars, which sizes its thread pool from the environment then
        with _environ(POLARS_MAX_THREADS="1"):
            multiprocessing.forkserver.ensure_running()
    with dask.config.set(config):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=min(2, os.cpu_count() or 1),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # one polars thread per single-threaded worker process: the cores are shared out by Dask
            env={"POLARS_MAX_THREADS": "1"},
        )


def _run_dask(
    parts: list[Partition],
    staged: Path,
    options: Options,
    scheduler: str | None,
    progress: Callable[[int], None] | None,
    error_parts: list[Path],
) -> Summary:
    """One task per partition on a distributed cluster; only counts come back."""
    from distributed import Client, as_completed

    cluster = None if scheduler is not None else _local_cluster()
    try:
        client = Client(scheduler or cluster, timeout=SCHEDULER_TIMEOUT_S)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise CohortInputError(
            f"--scheduler: cannot connect to the Dask scheduler ({type(exc).__name__}); expected the "
            "address of a running scheduler"
        ) from None
    run_id = uuid.uuid4().hex[:8]
    summary = Summary()
    try:
        futures = []
        for part in parts:
            errors = staged / f"errors-{part.index:05d}.csv"
            error_parts.append(errors)
            futures.append(
                client.submit(
                    _process_remote,
                    part,
                    str(staged / f"part-{part.index:05d}.parquet"),
                    str(errors),
                    options,
                    key=f"sclerodx-cohort-{run_id}-{part.index}",
                    pure=False,
                )
            )
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            result: Summary = future.result()
            summary.add(result)
            if progress is not None:
                progress(result.rows_out)
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
    return summary
