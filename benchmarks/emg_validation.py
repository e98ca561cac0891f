"""Leave-one-subject-out validation of the needle-EMG classifier on EMGLAB N2001.

Usage (from the repository root)::

    python benchmarks/emg_validation.py [--data ../shared/data/emglab-n2001-subset]

For each of the 8 subjects the model is refitted on the other 7 and applied to every
record of the held-out subject, so no subject is ever in its own training set (the
fill-in medians and the standardisation are refitted too). Prints per-recording
accuracy, the confusion matrix (rows true, columns predicted), per-subject results, a
subject-bootstrap interval, and a rate/gain invariance check (every record resampled to
4 kHz and 10 kHz and scaled by 0.1 and 10 must keep its class under the committed
model). A record that cannot be classified counts as wrong.

It then prints, for disclosure, the same LOSO accuracy for the other feature sets that
were tried while developing the model, and for a *nested* procedure that picks the best
one- or two-feature subset inside each training fold by an inner LOSO: that last figure
is what data-driven feature selection is honestly worth on eight subjects.

Exact (Clopper-Pearson) 95 % intervals are given for the record accuracy and for the
subject-level sensitivity and specificity, where a held-out subject counts by the
majority vote of its records: sensitivity for neurogenic disease (ALS subjects called
neurogenic), for myopathy, and specificity (control subjects called normal).

Then an external check on another lab's records: the six emgdb excerpts kept in
``tests/emg/fixtures/emgdb`` (tibialis anterior, 4 kHz, calibrated mV), classified by
the committed model alone and with the calibrated large-potential criterion of
:mod:`sclerodx.emg.reference` (which was added after the neuropathy excerpt had been
seen to fail without it, so that row is not independent). Last, the error of the
measured MUP duration on synthetic units of known duration (:mod:`sclerodx.emg.simulate`).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import numpy as np
from scipy import signal, stats

from sclerodx.emg.classifier import (
    CLASSES,
    MODEL_FEATURES,
    Classification,
    fit_classifier,
    load_classifier,
)
from sclerodx.emg.features import RecordingFeatures
from sclerodx.emg.motor_units import DURATION_BAND_UV
from sclerodx.emg.n2001 import N2001Record, iter_n2001
from sclerodx.emg.process import emg_process
from sclerodx.emg.readers import read_emg
from sclerodx.emg.records import EMGRecord
from sclerodx.emg.simulate import emg_simulate

ROOT = Path(__file__).resolve().parents[1]
EMGDB = ROOT / "tests" / "emg" / "fixtures" / "emgdb"
#: emgdb excerpt -> the class its diagnosis implies.
EMGDB_EXPECTED = {"healthy": "normal", "myopathy": "myopathic", "neuropathy": "neurogenic"}
#: The record's first 4 s, and a later stretch of the same recording (fixtures README).
EMGDB_EXCERPTS = ("4s", "late")

#: Feature sets compared while developing the model (disclosed, see the module text).
ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "interference pattern only": ("turns_amplitude_log", "peak_turns_log", "median_frequency_hz",
                                  "high_frequency_fraction", "kurtosis_log"),
    "spectrum + turns + MUP": ("median_frequency_hz", "turns_amplitude_log", "kurtosis_log",
                               "mup_duration_ms", "largest_mup_snr_log"),
    "all gain-free features": tuple(
        n for n in RecordingFeatures.__dataclass_fields__ if n != "n_units"
    ),
}

#: Subject-bootstrap replicates for the interval on the record accuracy.
BOOTSTRAP = 2000


def _rescaled(record: EMGRecord, rate: float, gain: float) -> EMGRecord:
    ratio = Fraction(rate / record.sampling_rate).limit_denominator(2000)
    samples = signal.resample_poly(record.samples[0], ratio.numerator, ratio.denominator)
    return EMGRecord(samples * gain, rate, units="adc", source=record.source)


def _centred(features: RecordingFeatures, offsets: dict[str, float]) -> RecordingFeatures:
    return dataclasses.replace(features, **{k: getattr(features, k) - v for k, v in offsets.items()})


def _muscle_offsets(records: Sequence[N2001Record], features: Sequence[RecordingFeatures],
                    names: Sequence[str]) -> dict[str, dict[str, float]]:
    """Per muscle, the median of each feature over the given (training) records."""
    out = {}
    for muscle in sorted({r.muscle for r in records}):
        rows = [f.as_dict() for r, f in zip(records, features, strict=True) if r.muscle == muscle]
        out[muscle] = {n: float(np.nanmedian([row[n] for row in rows])) for n in names}
    return out


def loso_classify(
    records: Sequence[N2001Record],
    features: Sequence[RecordingFeatures],
    names: Sequence[str],
    centre_by_muscle: bool = False,
) -> list[Classification | str | None]:
    """Classification of each record by a model fitted without its subject.

    None when the record's features cannot be measured; "" when the other subjects do
    not cover every class (possible only inside :func:`nested_selection`).
    ``centre_by_muscle``: every feature is first reduced by the training median of the
    same muscle (the disclosed per-muscle variant, see :func:`main`).
    """
    out: list[Classification | str | None] = ["" for _ in records]
    for held_out in sorted({r.subject for r in records}):
        train = [i for i, r in enumerate(records) if r.subject != held_out]
        labels = [records[i].label for i in train]
        if set(labels) != set(CLASSES):  # an inner fold can lose the last subject of a class
            continue
        train_features = [features[i] for i in train]
        offsets = (_muscle_offsets([records[i] for i in train], train_features, names)
                   if centre_by_muscle else {})
        if centre_by_muscle:
            train_features = [_centred(f, offsets[records[i].muscle])
                              for i, f in zip(train, train_features, strict=True)]
        model = fit_classifier(train_features, labels, names)
        for i, r in enumerate(records):
            if r.subject == held_out:
                f = _centred(features[i], offsets[r.muscle]) if centre_by_muscle else features[i]
                out[i] = model.predict(f)
    return out


def _labels(results: Sequence[Classification | str | None]) -> list[str]:
    return [r if isinstance(r, str) else (r.label if r else "unclassified") for r in results]


def loso_predict(
    records: Sequence[N2001Record],
    features: Sequence[RecordingFeatures],
    names: Sequence[str],
    centre_by_muscle: bool = False,
) -> list[str]:
    """Class of each record from a model fitted without its subject.

    "unclassified" when the record's features cannot be measured; "" when the other
    subjects do not cover every class (possible only inside :func:`nested_selection`).
    """
    return _labels(loso_classify(records, features, names, centre_by_muscle))


def _accuracy(records: Sequence[N2001Record], predicted: Sequence[str]) -> float:
    return float(np.mean([p == r.label for p, r in zip(predicted, records, strict=True)]))


def nested_selection(
    records: Sequence[N2001Record], features: Sequence[RecordingFeatures], pool: Sequence[str]
) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    """LOSO where each fold picks its best 1- or 2-feature subset by an inner LOSO."""
    subsets = [c for k in (1, 2) for c in itertools.combinations(pool, k)]
    predicted = ["" for _ in records]
    chosen: dict[str, tuple[str, ...]] = {}
    for held_out in sorted({r.subject for r in records}):
        train = [i for i, r in enumerate(records) if r.subject != held_out]
        inner_records = [records[i] for i in train]
        inner_features = [features[i] for i in train]
        scores = [_accuracy(inner_records, loso_predict(inner_records, inner_features, s))
                  for s in subsets]
        best = subsets[int(np.argmax(scores))]
        chosen[held_out] = best
        model = fit_classifier(inner_features, [r.label for r in inner_records], best)
        for i, r in enumerate(records):
            if r.subject == held_out:
                result = model.predict(features[i])
                predicted[i] = result.label if result else "unclassified"
    return predicted, chosen


def _bootstrap_interval(
    records: Sequence[N2001Record], right: np.ndarray, subjects: list[str]
) -> tuple[float, float]:
    """95% interval of the record accuracy when whole subjects are resampled."""
    rng = np.random.default_rng(0)
    by_subject = [right[[i for i, r in enumerate(records) if r.subject == s]] for s in subjects]
    draws = []
    for _ in range(BOOTSTRAP):
        pick = rng.integers(0, len(subjects), len(subjects))
        draws.append(float(np.concatenate([by_subject[k] for k in pick]).mean()))
    low, high = np.percentile(draws, [2.5, 97.5])
    return float(low), float(high)


def clopper_pearson(successes: int, trials: int, level: float = 0.95) -> tuple[float, float]:
    """Exact binomial interval of a proportion (Clopper & Pearson 1934)."""
    alpha = 1.0 - level
    low = stats.beta.ppf(alpha / 2, successes, trials - successes + 1) if successes > 0 else 0.0
    high = stats.beta.ppf(1 - alpha / 2, successes + 1, trials - successes) if successes < trials else 1.0
    return float(low), float(high)


def proportion(successes: int, trials: int) -> str:
    """"k/n = p% (exact 95% CI)", the one wording of a proportion in the EMG benchmarks."""
    if trials == 0:
        return "n/a (no subjects)"
    low, high = clopper_pearson(successes, trials)
    return f"{successes}/{trials} = {successes / trials:.0%} (exact 95% CI {low:.0%}-{high:.0%})"


def majority(records: Sequence[N2001Record], predicted: Sequence[str], subject: str) -> str:
    """The class most of a subject's records get; "tie" when two share the most (a tie is
    no call, so it counts as wrong)."""
    votes = Counter(p for p, r in zip(predicted, records, strict=True) if r.subject == subject)
    ranked = votes.most_common()
    return "tie" if len(ranked) > 1 and ranked[0][1] == ranked[1][1] else ranked[0][0]


def soft_vote(records: Sequence[N2001Record], results: Sequence[Classification | str | None],
              subject: str) -> str:
    """The class of highest mean probability over a subject's classified records.

    The clinical reading of a muscle pools its recording sites (at least 20 MUPs from
    several sites; Stålberg et al. 1996) instead of letting each site vote; this is the
    probabilistic analogue. "unclassified" when no record of the subject was classified.
    """
    rows = [[c.probabilities[k] for k in CLASSES] for c, r in zip(results, records, strict=True)
            if r.subject == subject and isinstance(c, Classification)]
    return CLASSES[int(np.argmax(np.mean(rows, axis=0)))] if rows else "unclassified"


def subject_level(records: Sequence[N2001Record], calls: dict[str, str]) -> dict[str, str]:
    """Sensitivity and specificity with exact intervals from one call per held-out subject."""
    votes = {s: (next(r.label for r in records if r.subject == s), call) for s, call in calls.items()}
    out = {}
    for label, name in (("neurogenic", "sensitivity, ALS subjects called neurogenic"),
                        ("myopathic", "sensitivity, myopathy subjects called myopathic"),
                        ("normal", "specificity, control subjects called normal")):
        group = [v for v in votes.values() if v[0] == label]
        out[name] = proportion(sum(t == p for t, p in group), len(group))
    diseased = [v for v in votes.values() if v[0] != "normal"]
    out["sensitivity, any disease called abnormal"] = proportion(
        sum(p not in ("normal", "tie", "unclassified") for _, p in diseased), len(diseased))
    return out


def synthetic_durations(seeds: Sequence[int] = range(10)) -> None:
    """Relative error of the measured duration of single synthetic units (calibrated µV)."""
    print("\nsynthetic units of known duration (one unit, 10 s at 10 kHz, ±20 µV band)")
    for pattern in ("normal", "neurogenic"):
        errors = []
        for seed in seeds:
            sim = emg_simulate(10.0, 10000.0, voluntary_fraction=1.0, voluntary_units=1,
                               pattern=pattern, random_state=seed)
            units = emg_process(sim.signal, 10000.0, units="uV").motor_units.units
            truth = sim.units[0].duration_ms(DURATION_BAND_UV)
            if units:
                unit = max(units, key=lambda u: u.times_s.size)
                errors.append(abs(unit.shape.duration_ms - truth) / truth)
        worst = f"{max(errors):.1%}" if errors else "-"
        print(f"  {pattern:<11} measured {len(errors)}/{len(seeds)}; mean |error| "
              f"{np.mean(errors):.1%}, worst {worst}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path,
                        default=ROOT / ".." / "shared" / "data" / "emglab-n2001-subset")
    args = parser.parse_args()
    records = list(iter_n2001(args.data))
    features = [emg_process(r.record).features for r in records]
    subjects = sorted({r.subject for r in records})
    results = loso_classify(records, features, MODEL_FEATURES)
    predicted = _labels(results)
    truth = [r.label for r in records]
    right = np.array([p == t for p, t in zip(predicted, truth, strict=True)])
    low, high = _bootstrap_interval(records, right, subjects)
    print(f"EMGLAB N2001 subset: {len(records)} records, {len(subjects)} subjects")
    print(f"model features: {', '.join(MODEL_FEATURES)}")
    exact = clopper_pearson(int(right.sum()), int(right.size))
    print(f"leave-one-subject-out accuracy: {right.mean():.1%} ({right.sum()}/{right.size} records); "
          f"exact 95% CI {exact[0]:.0%}-{exact[1]:.0%} (records are not independent: optimistic); "
          f"subject-bootstrap 95% interval {low:.0%}-{high:.0%}")
    columns = [*CLASSES, "unclassified"]
    print("\nconfusion matrix (rows: true class, columns: predicted)")
    print(f"{'':>12}" + "".join(f"{c:>14}" for c in columns))
    for c in CLASSES:
        counts = [sum(1 for p, t in zip(predicted, truth, strict=True) if t == c and p == k)
                  for k in columns]
        print(f"{c:>12}" + "".join(f"{n:>14}" for n in counts))
    print("\nper subject (held out)")
    majority_right = 0
    for s in subjects:
        idx = [i for i, r in enumerate(records) if r.subject == s]
        vote = majority(records, predicted, s)
        majority_right += vote == records[idx[0]].label
        print(f"  {s} ({records[idx[0]].group:>8}, {len(idx):2d} records): {right[idx].mean():6.1%} "
              f"right, majority vote {vote} "
              f"({'right' if vote == records[idx[0]].label else 'wrong'})")
    print(f"  majority vote right for {majority_right}/{len(subjects)} subjects")
    print("\nsubject level (majority vote of each held-out subject's records)")
    for name, value in subject_level(records, {s: majority(records, predicted, s)
                                               for s in subjects}).items():
        print(f"  {name}: {value}")
    soft = {s: soft_vote(records, results, s) for s in subjects}
    print("subject level (mean class probability of each held-out subject's records)")
    print("  calls: " + ", ".join(f"{s} {c}" for s, c in soft.items()))
    for name, value in subject_level(records, soft).items():
        print(f"  {name}: {value}")
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
    print("\ndisclosed comparisons (same LOSO; the committed set was kept after seeing these, "
          "so its figure is optimistic)")
    for name, names in ALTERNATIVES.items():
        print(f"  {name:<28} {_accuracy(records, loso_predict(records, features, names)):6.1%}")
    centred = loso_predict(records, features, MODEL_FEATURES, centre_by_muscle=True)
    print(f"  {'model features, per muscle':<28} {_accuracy(records, centred):6.1%}  (each feature "
          "minus its training median in the same muscle: biceps and vastus medialis differ)")
    nested, chosen = nested_selection(records, features, ALTERNATIVES["all gain-free features"])
    print(f"  {'nested 1-2 feature selection':<28} {_accuracy(records, nested):6.1%}  (picked: "
          + "; ".join(f"{s}: {'+'.join(c)}" for s, c in chosen.items()) + ")")
    external_check()
    synthetic_durations()


def external_check() -> None:
    """Print the class of each emgdb excerpt, without and with the amplitude criterion."""
    print("\nexternal check: PhysioNet emgdb, tibialis anterior, 4 kHz, mV (about 4 s excerpts)")
    print(f"  {'excerpt':<18}{'expected':<12}{'gain-free model':<28}{'+ calibrated amplitude':<28}"
          "amplitude outliers")
    for (name, expected), part in itertools.product(EMGDB_EXPECTED.items(), EMGDB_EXCERPTS):
        record = read_emg(EMGDB / f"emg_{name}_{part}.hea")
        analysis = emg_process(record, muscle="tibialis anterior")
        features_only = load_classifier().predict(analysis.features)
        cells = [f"{r.label} p={r.probability:.2f}" if r else "unclassified"
                 for r in (features_only, analysis.classification)]
        outliers = analysis.amplitude_outliers
        print(f"  {name + ' ' + part:<18}{expected:<12}{cells[0]:<28}{cells[1]:<28}"
              f"{outliers.describe() if outliers else '-'}")
        reading = analysis.qemg
        text = (str(reading) if isinstance(reading, str) or reading is None
                else f"{reading.label} ({reading.explanation[0]})")
        print(f"  {'':<18}quantitative EMG against the tibialis anterior reference: {text}")


if __name__ == "__main__":
    main()
