"""Benchmark: one explained differential (``differential(case)``) and the vectorised cohort path.

Run: ``PYTHONPATH=$PWD/src python benchmarks/differential_speed.py [--rows 1000000]``; any source
tree can be put on ``PYTHONPATH`` (run it against the previous tree to compare, in the same
session, on the same machine).

Printed:

* per case: the median and 90th percentile of ``differential(case)`` over the bundled
  examples (warm: the table and its Monte Carlo draws are built once per process, the
  first-call cost is printed separately), in wall time and in CPU time of this process
  (on a shared, oversubscribed machine the wall time mostly measures waiting for a core);
  the target is under 20 ms;
* cohort: ``posterior_matrix`` on a simulated cohort of ``--rows`` cases (best of 3),
  against the per-row loop that a straightforward implementation would run
  (``posterior_matrix`` one row at a time, on 2,000 rows, extrapolated), with the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from sclerodx.differential import differential, posterior_matrix
from sclerodx.differential.simulate import simulate_cohort
from sclerodx.examples import list_examples, load_example


def per_case(repeats: int, clock: Callable[[], float]) -> tuple[float, float, float]:
    """First-call seconds, then the median and 90th percentile of warm calls, on ``clock``."""
    cases = [load_example(name) for name in list_examples()]
    start = clock()
    differential(cases[0])
    first = clock() - start
    timings = []
    for _ in range(repeats):
        for case in cases:
            start = clock()
            differential(case)
            timings.append(clock() - start)
    timings.sort()
    return first, statistics.median(timings), timings[int(0.9 * (len(timings) - 1))]


def cohort(rows: int) -> tuple[float, float]:
    """Best-of-3 seconds of the vectorised path on ``rows`` cases, and the per-row loop's
    extrapolated seconds for the same number."""
    data = simulate_cohort(rows, seed=1)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        posterior_matrix(data.states, data.age, data.sex)
        best = min(best, time.perf_counter() - start)
    sample = min(rows, 2000)
    start = time.perf_counter()
    for i in range(sample):
        posterior_matrix(data.states[i:i + 1], data.age[i:i + 1], data.sex[i:i + 1])
    loop = (time.perf_counter() - start) / sample * rows
    return best, loop


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000, help="cohort size")
    parser.add_argument("--repeats", type=int, default=5, help="passes over the bundled examples")
    args = parser.parse_args(argv)
    for name, clock in (("wall", time.perf_counter), ("CPU", time.process_time)):
        first, median, p90 = per_case(args.repeats, clock)
        built = f"first call {first * 1e3:.0f} ms (table and draws built); " if name == "wall" else ""
        print(f"differential(case), {name} time: {built}warm median {median * 1e3:.1f} ms, "
              f"90th percentile {p90 * 1e3:.1f} ms (target < 20 ms)")
    vector, loop = cohort(args.rows)
    print(f"posterior_matrix on {args.rows:,} cases: {vector:.2f} s ({args.rows / vector:,.0f} cases/s); "
          f"row-by-row loop ~{loop:.0f} s; ratio {loop / vector:,.0f}x")


if __name__ == "__main__":
    main()
