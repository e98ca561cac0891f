"""Development check of the quantitative EMG reading on per-subject summaries (N2001 biceps).

Usage (from the repository root)::

    python benchmarks/emg_qemg_check.py [--data ../shared/data/emglab-n2001-subset]

What a clinic's machine reports per muscle - the mean duration of the MUPs it sampled,
their mean phases and the share of polyphasic ones - is computed here for each N2001
subject's biceps brachii by the signal pipeline (the distinct units of every biceps
record of the subject, at most 20 per record, pooled), and that summary alone is read
by :func:`sclerodx.emg.qemg.interpret_summary` against the published biceps reference,
exactly as ``sclerodx qemg --muscle "biceps brachii" --mean-duration-ms D ...`` would.
Nothing is fitted: the reference values and Buchthal's ±20 % rule are fixed.

Two limits of this check, stated with its figures:

* the N2001 files carry no µV scale (their headers are missing), so the mean amplitude
  is *not assessed* and the class rests on duration (and polyphasia where the reference
  has a limit; the biceps reference has none);
* the durations are measured against a noise-relative baseline band (the gain is
  unknown) on the pipeline's 2 Hz - 1.5 kHz template band, not by the Uppsala
  multi-MUP algorithm on a 2 Hz - 10 kHz band, so a systematic offset from the
  reference's convention is possible; the per-subject means are printed beside the
  limits so that it can be seen.

A subject is right when the class equals its group's (ALS -> neurogenic, control ->
normal, myopathy -> myopathic); ``indeterminate`` counts as wrong. Exact
(Clopper-Pearson) 95 % intervals are given for the accuracy, the sensitivity for each
disease and the specificity (controls called normal). With 2 ALS, 2 control and 4
myopathy subjects these intervals are wide: this is a development check, not a
validation.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np

from sclerodx.emg.n2001 import iter_n2001
from sclerodx.emg.process import emg_process, measured_units
from sclerodx.emg.qemg import POLYPHASIC_MORE_THAN_PHASES, QEMGSummary, interpret_summary

try:  # the same exact interval as the LOSO benchmark
    from emg_validation import proportion
except ImportError:  # pragma: no cover - run from another directory
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from emg_validation import proportion

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "emglab-n2001-subset"
MUSCLE = "biceps brachii"


def subject_summaries(data: Path) -> dict[str, tuple[str, QEMGSummary | None]]:
    """Each subject's biceps summary from the signal pipeline: label and summary.

    The summary is None for a subject in whose biceps records no unit was isolated.
    """
    durations: dict[str, list[float]] = defaultdict(list)
    phases: dict[str, list[int]] = defaultdict(list)
    labels: dict[str, str] = {}
    for item in iter_n2001(data):
        if item.muscle != MUSCLE:
            continue
        analysis = emg_process(item.record, muscle=MUSCLE)
        for unit in measured_units(analysis.motor_units):
            durations[item.subject].append(unit.shape.duration_ms)
            phases[item.subject].append(unit.shape.phases)
        labels[item.subject] = item.label
    out: dict[str, tuple[str, QEMGSummary | None]] = {}
    for subject, label in labels.items():
        values = durations[subject]
        if not values:
            out[subject] = (label, None)
            continue
        ph = np.asarray(phases[subject])
        out[subject] = (label, QEMGSummary(
            mean_duration_ms=float(np.mean(values)), mean_amplitude_uv=None,
            polyphasic_percent=float(100.0 * np.mean(ph > POLYPHASIC_MORE_THAN_PHASES)),
            n_mups=len(values)))
    return out



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    summaries = subject_summaries(args.data)
    print(f"N2001 {MUSCLE}: per-subject summary from the signal pipeline -> sclerodx qemg reading")
    print(f"{'subject':8} {'truth':11} {'n MUPs':>6} {'mean dur ms':>11} {'polyph %':>8} "
          f"{'limits ms':>12}  class")
    right: dict[str, list[bool]] = defaultdict(list)
    for subject in sorted(summaries):
        truth, summary = summaries[subject]
        if summary is None:
            right[truth].append(False)
            print(f"{subject:8} {truth:11} {0:6d} {'-':>11} {'-':>8} {'':12}  not assessed: no unit "
                  "isolated (counts as wrong)")
            continue
        result = interpret_summary(summary, MUSCLE)
        duration = next(m for m in result.measures if m.name == "mean duration")
        ok = result.label == truth
        right[truth].append(ok)
        print(f"{subject:8} {truth:11} {summary.n_mups:6d} {summary.mean_duration_ms:11.2f} "
              f"{summary.polyphasic_percent:8.1f} {duration.low:5.2f}-{duration.high:5.2f}  "
              f"{result.label}{'' if ok else '  (wrong)'}")
    every = [ok for oks in right.values() for ok in oks]
    print(f"subject accuracy:               {proportion(sum(every), len(every))}")
    print(f"sensitivity, ALS -> neurogenic: {proportion(sum(right['neurogenic']), len(right['neurogenic']))}")
    print(f"sensitivity, myopathy:          {proportion(sum(right['myopathic']), len(right['myopathic']))}")
    print(f"specificity, control -> normal: {proportion(sum(right['normal']), len(right['normal']))}")
    print("amplitude not assessed (no µV scale in N2001); durations by the pipeline's "
          "noise-relative markers, not the reference's own algorithm")


if __name__ == "__main__":
    main()
