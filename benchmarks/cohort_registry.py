"""Benchmark: raw registry rows -> verdicts end to end through the CLI, polars and Dask, 10k to 10M rows.

Run: ``python benchmarks/cohort_registry.py [--sizes 10000 100000 1000000 10000000] [--dask-rows 1000000]
[--repeat 3]``

Printed, side by side in one run:

* ``sclerodx cohort run`` on simulated raw rows (``sclerodx cohort simulate``) at each size:
  wall time, rows/s, CPU rows/s (rows per CPU-second, steadier on a shared machine),
  peak resident memory of the largest process and memory per row (``/usr/bin/time -v`` and a
  sampler of the whole process tree, which also sees a local cluster's forked workers); the
  median of ``--repeat`` runs, each with the machine's 1-minute load average when it began
  (the machine is shared: a figure means little without it);
* the fairest alternative a skilled engineer had before this runner: build a ``Case`` per
  row and derive its features with ``case_features`` (one Python call per case), then the
  same vectorised engines; measured on a sample and given as rows/s and the ratio;
* ``--engine dask`` on a ``distributed.LocalCluster`` (2 worker processes of one thread,
  one polars thread each: the same 2 cores as the polars engine) against the polars engine
  on the same input, run alternately in back-to-back pairs, and the median ratios of wall
  and CPU time: once as a user runs it (the command starts its own
  cluster, so its start-up is included) and once on a cluster already running
  (``--scheduler tcp://...``, as on a real cluster). CPU time includes the workers' (for the
  running cluster, read from them before and after). Peak memory is per process (driver or
  worker, whichever is largest; the running cluster's workers are not measured); workers
  write their own parts, the driver gets counts.

Inputs are written under ``--workdir`` (default: a temporary folder, removed afterwards).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import numpy as np
import polars as pl

from sclerodx.cohort.cases import row_to_case
from sclerodx.cohort.features import case_features
from sclerodx.cohort.runner import verdicts
from sclerodx.cohort.simulate import simulate_rows
from sclerodx.cohort.validate import ROW_COLUMN, validate


@dataclass(frozen=True)
class Measure:
    rows: int
    wall_s: float
    cpu_s: float
    peak_mib: float
    load: float = float("nan")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from sclerodx.cli import main; main()", *args]


#: Seconds between samples of the process tree (CPU and memory of each process).
SAMPLE_S = 0.05


class _Tree:
    """CPU seconds and resident memory of a process and all its descendants, sampled.

    ``/usr/bin/time`` counts a descendant only once its parent has waited for it; the workers
    of a local Dask cluster are forked by a ``multiprocessing`` fork server, which the command
    never waits for, so their CPU time would be missed. Each process's own CPU time (not its
    children's) is read every :data:`SAMPLE_S` seconds and the last reading counts, so a
    process's last ~50 ms are not seen (well under 1% of any figure printed here).
    """

    def __init__(self, pid: int) -> None:
        import psutil  # type: ignore[import-untyped]

        self.root = psutil.Process(pid)
        self.cpu: dict[int, float] = {}
        self.rss: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                processes = []
            for process in processes:
                try:
                    with process.oneshot():
                        times, rss = process.cpu_times(), process.memory_info().rss
                except psutil.Error:
                    continue
                self.cpu[process.pid] = times.user + times.system
                self.rss[process.pid] = max(rss, self.rss.get(process.pid, 0))
            self._stop.wait(SAMPLE_S)

    def stop(self) -> tuple[float, float]:
        """Total CPU seconds and the largest resident memory of any one process (MiB)."""
        self._stop.set()
        self._thread.join()
        return sum(self.cpu.values()), max(self.rss.values(), default=0) / 2**20


def _timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + sys of the whole process tree) and peak RSS (MiB, the
    largest single process) of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(["/usr/bin/time", "-v", *command], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    tree = _Tree(process.pid)
    out, report = process.communicate()
    wall = time.perf_counter() - start
    sampled_cpu, sampled_peak = tree.stop()
    if process.returncode not in (0, 3):
        raise RuntimeError(f"{' '.join(command)} failed:\n{out}\n{report}")

    def field(name: str) -> float:
        match = re.search(rf"{re.escape(name)}: ([0-9.]+)", report)
        return float(match.group(1)) if match else float("nan")

    # the exact figures of the waited-for tree, or the sampled ones where they see more
    cpu = field("User time (seconds)") + field("System time (seconds)")
    return wall, max(cpu, sampled_cpu), max(field("Maximum resident set size (kbytes)") / 1024, sampled_peak)


def _simulate(path: Path, rows: int) -> None:
    if not path.exists():
        subprocess.run(
            _cli("cohort", "simulate", "--rows", str(rows), "-o", str(path), "--seed", "1"),
            check=True,
            capture_output=True,
        )


def run_size(workdir: Path, rows: int, engine: str = "polars", scheduler: str | None = None) -> Measure:
    source = workdir / f"registry-{rows}.parquet"
    _simulate(source, rows)
    target = workdir / (f"out-{rows}.parquet" if engine == "polars" else f"out-{rows}-dask")
    args = ["cohort", "run", str(source), "-o", str(target), "--no-progress"]
    if engine == "dask":
        args += ["--engine", "dask"] + (["--scheduler", scheduler] if scheduler else [])
    load = os.getloadavg()[0]
    before = _workers_cpu(scheduler)
    wall, cpu, peak = _timed(_cli(*args))
    cpu += _workers_cpu(scheduler) - before  # a running cluster's workers are not our children
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    target.with_name(f"{target.stem}.errors.csv").unlink(missing_ok=True)
    return Measure(rows, wall, cpu, peak, load)


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _workers_cpu(scheduler: str | None) -> float:
    """CPU seconds the workers of a running cluster have used so far (0 without one)."""
    if scheduler is None:
        return 0.0
    from distributed import Client

    with Client(scheduler) as client:  # type: ignore[no-untyped-call]
        used: dict[str, float] = client.run(_cpu_seconds)
    return sum(used.values())


def _pairs(
    repeat: int, first: Callable[[], Measure], second: Callable[[], Measure]
) -> list[tuple[Measure, Measure]]:
    """``repeat`` pairs of measurements, each pair taken back to back."""
    return [(first(), second()) for _ in range(repeat)]


def repeated(repeat: int, *args: object) -> Measure:
    """The run of median wall time among ``repeat`` runs (with its own CPU time, memory and load)."""
    runs = sorted((run_size(*args) for _ in range(repeat)), key=lambda m: m.wall_s)  # type: ignore[arg-type]
    return runs[(len(runs) - 1) // 2]


def per_case_alternative(rows: int) -> tuple[float, float]:
    """Rows per second and per CPU-second of the per-case route: Case per row, ``case_features``,
    then the vectorised engines (one core: it is a Python loop)."""
    raw = simulate_rows(rows, np.random.default_rng(2))
    checked = validate(raw.with_row_index(ROW_COLUMN, offset=1), "sample")
    records = checked.rows.drop(ROW_COLUMN).to_dicts()
    start, cpu = time.perf_counter(), time.process_time()
    features = []
    for record in records:
        case = row_to_case(record)
        features.append(case_features(case))
    verdicts(pl.DataFrame(features), pl.Series([r["case_id"] for r in records]))
    return len(records) / (time.perf_counter() - start), len(records) / (time.process_time() - cpu)


@contextmanager
def _local_cluster() -> Iterator[str]:
    """A running LocalCluster like the one ``--engine dask`` starts (2 x 1 thread, 1 polars thread,
    glibc's own malloc trimming)."""
    import dask
    from distributed import LocalCluster

    untrimmed = dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})
    with untrimmed, LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        env={"POLARS_MAX_THREADS": "1"},
    ) as cluster:
        yield cluster.scheduler_address


def stage_costs(source: Path, batches: int = 3) -> dict[str, float]:
    """CPU seconds per 100,000 rows of each stage of one batch, in this process (median over batches).

    CPU time (all threads) rather than wall time: it does not depend on what else the shared
    machine runs. The stages are the runner's own functions, in its order.
    """
    from sclerodx.cohort.criteria_batch import evaluate_criteria_batch
    from sclerodx.cohort.derive import derive_features
    from sclerodx.cohort.differential_batch import top_diagnoses
    from sclerodx.cohort.runner import ParquetSink, _ids
    from sclerodx.cohort.sources import discover, read_table_batches

    costs: dict[str, list[float]] = {}
    clock = time.process_time

    units = discover(source).units
    target = source.with_name("stage-costs.parquet")
    for unit in units[: batches + 1]:
        per = 100_000 / unit.rows
        marks = [clock()]
        raw = next(iter(read_table_batches(unit, 100_000)))
        marks.append(clock())
        checked = validate(raw, "bench")
        marks.append(clock())
        features = derive_features(checked.rows.lazy()).collect()
        marks.append(clock())
        evaluate_criteria_batch(features)
        marks.append(clock())
        top_diagnoses(features)
        marks.append(clock())
        out = verdicts(features, _ids(checked.rows))
        marks.append(clock())
        sink = ParquetSink(target)
        sink.write(out)
        sink.close()
        marks.append(clock())
        # marks[5] -> marks[6] (the verdict table) repeats the two stages before it: not counted
        names = ("read", "validate", "derive", "criteria + status", "differential top 3", "write")
        for name, i in zip(names, (0, 1, 2, 3, 4, 6), strict=True):
            costs.setdefault(name, []).append((marks[i + 1] - marks[i]) * per)
    target.unlink()
    return {name: float(np.median(values[1:] or values)) for name, values in costs.items()}


def _line(label: str, m: Measure) -> str:
    return (
        f"{label:<22} {m.rows:>11,} rows {m.wall_s:8.1f} s  {m.rows / m.wall_s:>10,.0f} rows/s  "
        f"{m.rows / m.cpu_s:>10,.0f} rows/CPU-s  peak {m.peak_mib:7,.0f} MiB  "
        f"{m.peak_mib * 2**20 / m.rows:9,.1f} B/row  load {m.load:4.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000, 10_000_000])
    parser.add_argument("--dask-rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000, help="rows for the per-case alternative")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is shown)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sclerodx-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPU(s); load average {os.getloadavg()[0]:.1f} at start")
    try:
        print("\nraw rows -> verdicts through `sclerodx cohort run` (polars engine, streamed in batches)")
        polars_at: dict[int, Measure] = {}
        for rows in args.sizes:
            polars_at[rows] = repeated(args.repeat, workdir, rows)
            print(_line("polars", polars_at[rows]), flush=True)
        largest = workdir / f"registry-{max(args.sizes)}.parquet"
        costs = stage_costs(largest)
        print(
            "CPU seconds per 100,000 rows, by stage: "
            + ", ".join(f"{name} {cost:.3f}" for name, cost in costs.items())
            + f"; total {sum(costs.values()):.3f}"
        )
        base, top = polars_at[min(args.sizes)], polars_at[max(args.sizes)]
        print(
            f"scaling {base.rows:,} -> {top.rows:,} rows: time x{top.wall_s / base.wall_s:.1f} for "
            f"x{top.rows / base.rows:.0f} rows; peak memory x{top.peak_mib / base.peak_mib:.2f}"
        )

        alternative, alternative_cpu = per_case_alternative(args.sample)
        best = max(polars_at.values(), key=lambda m: m.rows)
        print(
            f"\nper-case alternative (Case + case_features per row, then the same engines), "
            f"{args.sample:,} rows: {alternative:,.0f} rows/s, {alternative_cpu:,.0f} rows/CPU-s; "
            f"the registry runner end to end at {best.rows:,} rows is "
            f"{best.rows / best.wall_s / alternative:,.0f}x faster (wall), "
            f"{best.rows / best.cpu_s / alternative_cpu:,.0f}x (CPU); "
            f"{best.rows / alternative_cpu / 60:,.1f} CPU-min by the per-case route"
        )

        print(f"\nDask LocalCluster (2 worker processes x 1 thread) vs polars, {args.dask_rows:,} rows")
        # polars and Dask alternate, run by run, so that both see the same neighbours' load
        rows = args.dask_rows
        cold = _pairs(args.repeat, lambda: run_size(workdir, rows), lambda: run_size(workdir, rows, "dask"))
        with _local_cluster() as address:
            run_size(workdir, rows, "dask", address)  # the workers' first task imports the engines
            warm = _pairs(
                args.repeat, lambda: run_size(workdir, rows), lambda: run_size(workdir, rows, "dask", address)
            )
        for label, pairs in (("dask, own cluster", cold), ("dask, running cluster", warm)):
            for plain, dask in pairs:
                print(_line("polars", plain))
                print(_line(label, dask))
            wall = median(d.wall_s / p.wall_s for p, d in pairs)
            cpu = median(d.cpu_s / p.cpu_s for p, d in pairs)
            print(f"{label} / polars, median of {len(pairs)} pairs: wall x{wall:.2f}, CPU x{cpu:.2f}")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
