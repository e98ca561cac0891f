"""Benchmark: start-up of ``sclerodx assess`` against the cost of importing numpy and pydantic.

Run: ``python benchmarks/cli_startup.py [--repeat 7]``

Each command runs in a fresh interpreter (``python -c ...`` / ``python -m sclerodx ...``),
interleaved round by round so that machine load hits all of them alike; the median
wall time of ``--repeat`` rounds is reported, with its ratio to the baseline
``python -c "import numpy, pydantic"`` (the case model and the engines cannot start
without those two). Rows:

* ``assess --help``: the lazy registry and the command's own module, no engine;
* assess start-up: every module ``assess`` imports (command line, engines, text
  renderer), i.e. the time before the assessment itself starts;
* ``assess --example typical-als``: start-up plus the whole assessment and its text;
* eager registry: what importing every command module (as ``sclerodx.cli`` used to)
  costs before any command runs, the fair alternative to the lazy registry.

The issue's target is ``assess`` within 3x the baseline.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

EAGER = ("import sclerodx.cli.case_commands, sclerodx.cli.emg, sclerodx.cli.mri, sclerodx.cli.report, "
         "sclerodx.cli.serve, sclerodx.cli.cohort")
STARTUP = ("import sclerodx.cli, sclerodx.cli.case_commands, sclerodx.assessment, sclerodx.examples, "
           "sclerodx.summary")
COMMANDS = {
    "baseline: import numpy, pydantic": ["-c", "import numpy, pydantic"],
    "sclerodx --version": ["-m", "sclerodx", "--version"],
    "sclerodx assess --help": ["-m", "sclerodx", "assess", "--help"],
    "assess start-up: every module it imports": ["-c", STARTUP],
    "sclerodx assess --example typical-als": ["-m", "sclerodx", "assess", "--example", "typical-als"],
    "eager: import every command module": ["-c", EAGER],
}


def _time(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "COLUMNS": "100"})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    for argv in COMMANDS.values():  # warm the file cache and byte-code
        _time(argv)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.repeat):
        for name, argv in COMMANDS.items():
            times[name].append(_time(argv))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["baseline: import numpy, pydantic"]
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPU(s); "
          f"median of {args.repeat} interleaved runs")
    for name, seconds in medians.items():
        print(f"{name:<42} {seconds:6.3f} s  {seconds / base:5.2f}x baseline")


if __name__ == "__main__":
    main()
