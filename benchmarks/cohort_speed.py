"""Benchmark: the differential and every criteria set over 1,000,000 cases, vectorised vs per case.

Run: ``python benchmarks/cohort_speed.py [--rows 1000000] [--loop 300]``

* per-case loops on ``--loop`` distinct random validated cases: the public per-case API
  ``evaluate_criteria(case)`` + ``differential(case)`` (which also computes its uncertainty
  interval and the next best tests); the criteria alone; and, like for like, the criteria
  plus the same posterior arithmetic one case at a time.
* vectorised: ``--rows`` cohort rows (resampled from the same cases) through
  ``evaluate_criteria_batch`` and ``evaluate_differential_batch``, which run the engines'
  own decision functions and posterior over whole columns.

Both paths are checked to agree on the sample (criteria categories and statuses equal; posteriors
equal to 1e-9).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import polars as pl

from sclerodx.cohort import case_features, evaluate_criteria_batch, evaluate_differential_batch
from sclerodx.cohort.criteria_batch import STATUS_SUFFIX
from sclerodx.cohort.synthetic import random_case
from sclerodx.criteria import evaluate_criteria
from sclerodx.differential import DIAGNOSES, cases_to_arrays, differential, posterior_matrix


def _rate(n: int, seconds: float) -> str:
    return f"{n:>9,} cases in {seconds:7.2f} s = {n / seconds:>12,.0f} cases/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--loop", type=int, default=300)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    cases = [random_case(rng) for _ in range(args.loop)]

    start = time.perf_counter()
    criteria_only = [evaluate_criteria(c) for c in cases]
    criteria_seconds = time.perf_counter() - start
    start = time.perf_counter()
    full = [(evaluate_criteria(c), differential(c)) for c in cases]
    loop_seconds = time.perf_counter() - start

    states, ages, sexes = cases_to_arrays(cases)
    start = time.perf_counter()
    for i in range(args.loop):
        evaluate_criteria(cases[i])
        posterior_matrix(states[i:i + 1], ages[i:i + 1], sexes[i:i + 1])
    posterior_seconds = time.perf_counter() - start

    rows = pl.DataFrame([case_features(c) for c in cases])
    sample_criteria = evaluate_criteria_batch(rows)
    sample_posterior = evaluate_differential_batch(rows)
    def _verdict(i: int, column: str) -> str:
        result = getattr(criteria_only[i], column.removesuffix(STATUS_SUFFIX))
        return str(result.status.value if column.endswith(STATUS_SUFFIX) else result.category)

    agree = all(sample_criteria[k][i] == _verdict(i, k)
                for i in range(args.loop) for k in sample_criteria.columns)
    agree &= all(abs(sample_posterior[f"p_{d.value}"][i] - full[i][1].probability(d)) < 1e-9
                 for i in range(args.loop) for d in DIAGNOSES)
    table = rows[rng.integers(0, args.loop, args.rows).tolist()]

    start = time.perf_counter()
    verdicts = evaluate_criteria_batch(table)
    middle = time.perf_counter()
    posteriors = evaluate_differential_batch(table)
    vector_seconds = time.perf_counter() - start

    loop_rate = args.loop / loop_seconds
    vector_rate = args.rows / vector_seconds
    print(f"per-case loop, criteria only         : {_rate(args.loop, criteria_seconds)}")
    print(f"per-case loop, criteria+differential : {_rate(args.loop, loop_seconds)}  (with intervals and "
          "next tests)")
    print(f"per-case loop, criteria+posterior    : {_rate(args.loop, posterior_seconds)}  (same arithmetic "
          "as vectorised)")
    print(f"vectorised, criteria                 : {_rate(args.rows, middle - start)}")
    print(f"vectorised, criteria+differential    : {_rate(args.rows, vector_seconds)}")
    like_for_like = vector_rate / (args.loop / posterior_seconds)
    print(f"ratio vs full per-case differential  : {vector_rate / loop_rate:,.0f}x")
    print(f"ratio vs per-case posterior          : {like_for_like:,.0f}x; paths agree on the sample: {agree}")
    projected = 1_000_000 / vector_rate
    print(f"target: 1,000,000 cases in < 10 s -> {projected:.2f} s, {'met' if projected < 10 else 'NOT met'}")
    print(pl.concat([verdicts, posteriors], how="horizontal")["leading_diagnosis"]
          .value_counts().sort("count", descending=True).head(5))


if __name__ == "__main__":
    main()
