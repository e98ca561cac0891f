"""Benchmark: CPU seconds per 100,000 raw rows of the cohort stages, in process, for A/B runs of two trees.

Run: ``PYTHONPATH=<tree>/src python benchmarks/cohort_stages.py REGISTRY.parquet [--repeat 3]``

One 100,000-row batch of a simulated registry (``sclerodx cohort simulate``) through the
runner's own functions: validate + derive + criteria + differential of the raw batch
(``runner.evaluate_raw``), and, on its derived features, the differential's top three
(``top_diagnoses``) and the criteria with their status (``evaluate_criteria_batch``); the
median of ``--repeat`` runs of each, in CPU seconds (steadier than wall time on a shared
machine). To compare two trees under the same load, run it alternately with each tree's
``src`` first on ``PYTHONPATH`` (``git archive COMMIT src | tar -x -C DIR`` gives an older
one); a tree without ``evaluate_raw`` reports the two other figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from sclerodx.cohort import runner
from sclerodx.cohort.criteria_batch import evaluate_criteria_batch
from sclerodx.cohort.derive import derive_features
from sclerodx.cohort.differential_batch import top_diagnoses
from sclerodx.cohort.sources import discover, read_table_batches
from sclerodx.cohort.validate import validate

BATCH_ROWS = 100_000


def _cpu(work: Callable[[], object], repeat: int) -> float:
    work()  # first call: imports and caches
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("registry", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    unit = discover(args.registry).units[0]
    raw = next(iter(read_table_batches(unit, BATCH_ROWS)))
    features = derive_features(validate(raw, "bench").rows.lazy()).collect()
    per = BATCH_ROWS / raw.height
    figures = {}
    evaluate_raw = getattr(runner, "evaluate_raw", None)
    if evaluate_raw is not None:
        figures["raw batch (validate, derive, criteria, differential)"] = _cpu(
            lambda: evaluate_raw(raw, "bench"), args.repeat)
    figures["differential top 3"] = _cpu(lambda: top_diagnoses(features), args.repeat)
    figures["criteria + status"] = _cpu(lambda: evaluate_criteria_batch(features), args.repeat)
    print(f"{runner.__file__}; load {os.getloadavg()[0]:.1f}; CPU seconds per {BATCH_ROWS:,} rows: "
          + ", ".join(f"{name} {seconds * per:.3f}" for name, seconds in figures.items()))


if __name__ == "__main__":
    main()
