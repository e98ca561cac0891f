"""Speed of the needle-EMG pipeline on one hour of 4 kHz signal, on one core.

Usage (from the repository root)::

    python benchmarks/emg_speed.py [--minutes 60]

The signal is synthetic but physiological (sclerodx.emg.simulate): alternating 30 s
blocks of rest with a fibrillation train and fasciculations, and of voluntary
activity with four motor units. The same signal goes through neurokit2's EMG pipeline
(``nk.emg_process``: cleaning, amplitude envelope, activation detection); the ratio of
the two times is printed. Thread pools are limited to one thread before numpy loads.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from sclerodx.emg import emg_process, emg_simulate  # noqa: E402

RATE = 4000.0
BLOCK_S = 30.0


def _signal(minutes: float) -> np.ndarray:
    blocks = []
    for i in range(int(minutes * 60 / BLOCK_S)):
        if i % 2:
            sim = emg_simulate(BLOCK_S, RATE, voluntary_fraction=1.0, voluntary_units=4,
                               random_state=i)
        else:
            sim = emg_simulate(BLOCK_S, RATE, fibrillation_trains=1, fasciculation_rate=0.3,
                               random_state=i)
        blocks.append(sim.signal)
    return np.concatenate(blocks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    args = parser.parse_args()
    signal = _signal(args.minutes)
    duration = signal.size / RATE
    start = time.perf_counter()
    analysis = emg_process(signal, RATE, units="uV")
    ours = time.perf_counter() - start
    print(f"signal: {duration / 3600:.2f} h at {RATE:g} Hz ({signal.size:,} samples), one thread")
    print(f"sclerodx emg_process: {ours:.2f} s -> {duration / ours:,.0f}x real time "
          f"({len(analysis.spontaneous.events)} spontaneous potentials, "
          f"{analysis.motor_units.peak_times_s.size} MUPs, {len(analysis.motor_units.units)} units)")
    import neurokit2 as nk

    start = time.perf_counter()
    nk.emg_process(signal, sampling_rate=int(RATE))
    theirs = time.perf_counter() - start
    print(f"neurokit2 emg_process: {theirs:.2f} s -> {duration / theirs:,.0f}x real time")
    print(f"ratio (neurokit2 time / sclerodx time): {theirs / ours:.2f}")


if __name__ == "__main__":
    main()
