"""Leave-one-subject-out validation of the needle-EMG classifier on EMGLAB N2001.

Usage (from the repository root)::

    python benchmarks/emg_validation.py [--data ../shared/data/emglab-n2001-subset]

For each of the 8 subjects the model is refitted on the other 7 and applied to every
record of the held-out subject, so no subject is ever in its own training set.
Prints per-recording accuracy, the confusion matrix (rows true, columns predicted),
per-subject results and a rate/gain invariance check (every record resampled to 4 kHz
and 10 kHz and scaled by 0.1 and 10 must keep its class under the committed model).
A record whose features cannot be measured counts as wrong.
"""

from __future__ import annotations

import argparse
from fractions import Fraction
from pathlib import Path

import numpy as np
from scipy import signal

from sclerodx.emg.classifier import CLASSES, fit_classifier, load_classifier
from sclerodx.emg.n2001 import iter_n2001
from sclerodx.emg.process import emg_process
from sclerodx.emg.records import EMGRecord

ROOT = Path(__file__).resolve().parents[1]


def _rescaled(record: EMGRecord, rate: float, gain: float) -> EMGRecord:
    ratio = Fraction(rate / record.sampling_rate).limit_denominator(2000)
    samples = signal.resample_poly(record.samples[0], ratio.numerator, ratio.denominator)
    return EMGRecord(samples * gain, rate, units="adc", source=record.source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path,
                        default=ROOT / ".." / "shared" / "data" / "emglab-n2001-subset")
    args = parser.parse_args()
    records = list(iter_n2001(args.data))
    analyses = [emg_process(r.record) for r in records]
    features = [a.features for a in analyses]
    subjects = sorted({r.subject for r in records})
    predicted: list[str] = ["" for _ in records]
    for held_out in subjects:
        train = [i for i, r in enumerate(records) if r.subject != held_out]
        model = fit_classifier([features[i] for i in train], [records[i].label for i in train])
        for i, r in enumerate(records):
            if r.subject == held_out:
                result = model.predict(features[i])
                predicted[i] = result.label if result else "unclassified"
    truth = [r.label for r in records]
    right = np.array([p == t for p, t in zip(predicted, truth, strict=True)])
    print(f"EMGLAB N2001 subset: {len(records)} records, {len(subjects)} subjects")
    print(f"leave-one-subject-out accuracy: {right.mean():.1%} ({right.sum()}/{right.size} records)")
    columns = [*CLASSES, "unclassified"]
    print("\nconfusion matrix (rows: true class, columns: predicted)")
    print(f"{'':>12}" + "".join(f"{c:>14}" for c in columns))
    for c in CLASSES:
        counts = [sum(1 for p, t in zip(predicted, truth, strict=True) if t == c and p == k)
                  for k in columns]
        print(f"{c:>12}" + "".join(f"{n:>14}" for n in counts))
    print("\nper subject (held out)")
    for s in subjects:
        idx = [i for i, r in enumerate(records) if r.subject == s]
        share = right[idx].mean()
        votes = {k: sum(predicted[i] == k for i in idx) for k in columns}
        majority = max(votes, key=lambda k: votes[k])
        print(f"  {s} ({records[idx[0]].group:>8}, {len(idx):2d} records): {share:6.1%} right, "
              f"majority vote {majority} ({'right' if majority == records[idx[0]].label else 'wrong'})")
    committed = load_classifier()
    base = [committed.predict(f) for f in features]
    agree = total = 0
    for r, b in zip(records, base, strict=True):
        for rate in (4000.0, 10000.0):
            for gain in (0.1, 10.0):
                other = committed.predict(emg_process(_rescaled(r.record, rate, gain)).features)
                total += 1
                agree += (other is not None and b is not None and other.label == b.label)
    print(f"\nrate/gain invariance (committed model; 4 kHz, 10 kHz x gain 0.1, 10): "
          f"{agree}/{total} = {agree / total:.1%} of classes unchanged")


if __name__ == "__main__":
    main()
