"""Benchmark: every criteria set over 1,000,000 cases, vectorised, against a per-case loop.

Run: ``python benchmarks/cohort_speed.py [--rows 1000000] [--loop 2000]``

The per-case loop calls the explained engine (``evaluate_criteria``) on validated cases;
it is timed on ``--loop`` distinct random cases and reported as cases per second. The
vectorised path evaluates ``--rows`` feature rows (resampled from the same cases) with
the engines' own decision functions. Both paths are checked to agree on the sample.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import polars as pl

from sclerodx.cohort import case_features, evaluate_criteria_batch
from sclerodx.cohort.synthetic import random_case
from sclerodx.criteria import evaluate_criteria


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--loop", type=int, default=2_000)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    cases = [random_case(rng) for _ in range(args.loop)]

    start = time.perf_counter()
    per_case = [evaluate_criteria(c) for c in cases]
    loop_seconds = time.perf_counter() - start
    loop_rate = args.loop / loop_seconds

    rows = pl.DataFrame([case_features(c) for c in cases])
    sample = evaluate_criteria_batch(rows)
    agree = all(sample[k][i] == getattr(per_case[i], k).category
                for i in range(args.loop) for k in sample.columns)
    table = rows[rng.integers(0, args.loop, args.rows).tolist()]

    start = time.perf_counter()
    result = evaluate_criteria_batch(table)
    vector_seconds = time.perf_counter() - start
    vector_rate = args.rows / vector_seconds

    print(f"per-case loop : {args.loop:>9,} cases in {loop_seconds:7.2f} s = {loop_rate:>12,.0f} cases/s")
    print(f"vectorised    : {args.rows:>9,} cases in {vector_seconds:7.2f} s = {vector_rate:>12,.0f} cases/s")
    print(f"ratio         : {vector_rate / loop_rate:,.0f}x; paths agree on the sample: {agree}")
    projected = 1_000_000 / vector_rate
    print(f"target        : 1,000,000 cases in < 10 s -> {projected:.2f} s, "
          f"{'met' if projected < 10 else 'NOT met'}")
    print(result["el_escorial"].value_counts().sort("count", descending=True))


if __name__ == "__main__":
    main()
