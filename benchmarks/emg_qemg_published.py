"""Held-out check of the quantitative EMG reading on a published per-subject table.

Usage (from the repository root)::

    python benchmarks/emg_qemg_published.py [--table tests/emg/fixtures/pattichis1995/muap.csv]

Pattichis, Schizas & Middleton (IEEE Trans Biomed Eng 1995;42:486-496) published, for
each of 34 subjects (12 normal, 11 motor neuron disease, 11 myopathy), the mean of 20
biceps brachii MUAPs: duration, amplitude, phases and more (provenance and columns in
``tests/emg/fixtures/pattichis1995/README.md``). Each row is read exactly as
``sclerodx qemg --muscle "biceps brachii" --mean-duration-ms D --mean-amplitude-uv A
--mean-phases P --n-mups 20`` would read it, by
:func:`sclerodx.emg.qemg.interpret_summary`: the Uppsala biceps reference as published
by the Norwegian Society of Clinical Neurophysiology, Buchthal's ±20 % rule on the mean
duration and mean ± 2 SD on the mean amplitude. Nothing is fitted and nothing in
:mod:`sclerodx.emg.qemg` or :mod:`sclerodx.emg.reference_values` was chosen with this
table: it had not been seen when the rules and values were fixed.

A subject is right when the class equals its group's (normal -> normal, MND ->
neurogenic, myopathy -> myopathic); ``indeterminate`` counts as wrong. Exact
(Clopper-Pearson) 95 % intervals are printed for the accuracy, each group's sensitivity,
the specificity (normal subjects called normal) and "any disease called abnormal".

Stated with the figures: the table's durations were measured with its own markers (a
3 ms window of ±40 µV), not with the Uppsala algorithm the reference comes from, and the
biceps reference gives no limit on phases (reported only); the subjects' ages are not
in the table (the reference is for adults and not given by age).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from sclerodx.emg.pattichis1995 import MUSCLE, read_pattichis1995
from sclerodx.emg.qemg import interpret_summary

try:  # the same exact interval as the LOSO benchmark
    from emg_validation import proportion
except ImportError:  # pragma: no cover - run from another directory
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from emg_validation import proportion

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TABLE = ROOT / "tests" / "emg" / "fixtures" / "pattichis1995" / "muap.csv"
ORDER = ("normal", "neurogenic", "myopathic", "indeterminate")



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=DEFAULT_TABLE)
    args = parser.parse_args()
    subjects = read_pattichis1995(args.table)
    print(f"Pattichis et al. 1995, {MUSCLE}: {len(subjects)} subjects, 20 MUAPs each, read "
          "against the held reference (nothing fitted)")
    print(f"{'subject':8} {'group':21} {'dur ms':>7} {'amp µV':>7} {'phases':>6}  class")
    calls: dict[str, list[str]] = defaultdict(list)
    for s in subjects:
        result = interpret_summary(s.summary, MUSCLE)
        calls[s.expected].append(result.label)
        amplitude = s.summary.mean_amplitude_uv or 0.0
        print(f"{s.subject:8} {s.group:21} {s.summary.mean_duration_ms:7.2f} {amplitude:7.0f} "
              f"{s.summary.mean_phases or 0.0:6.2f}  {result.label}"
              + ("" if result.label == s.expected else f"  (wrong; {result.explanation[0]})"))
    reference = interpret_summary(subjects[0].summary, MUSCLE)
    for m in reference.measures:
        if m.low is not None or m.high is not None:
            print(f"limits, {m.name}: {m.low}-{m.high} ({m.rule})")
    print("\nconfusion (rows: expected, columns: reading)")
    print(f"{'':>12}" + "".join(f"{c:>15}" for c in ORDER))
    for expected in ("normal", "neurogenic", "myopathic"):
        counts = Counter(calls[expected])
        print(f"{expected:>12}" + "".join(f"{counts[c]:>15}" for c in ORDER))
    right = sum(c == e for e, labels in calls.items() for c in labels)
    print(f"\nsubject accuracy:                      {proportion(right, len(subjects))}")
    for expected, name in (("neurogenic", "sensitivity, MND -> neurogenic:       "),
                           ("myopathic", "sensitivity, myopathy -> myopathic:   "),
                           ("normal", "specificity, normal -> normal:        ")):
        labels = calls[expected]
        print(f"{name} {proportion(sum(c == expected for c in labels), len(labels))}")
    diseased = calls["neurogenic"] + calls["myopathic"]
    print(f"sensitivity, any disease -> abnormal:  "
          f"{proportion(sum(c != 'normal' for c in diseased), len(diseased))}")


if __name__ == "__main__":
    main()
