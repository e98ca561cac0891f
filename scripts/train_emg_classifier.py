"""Train the needle-EMG classifier on all EMGLAB N2001 records and write its JSON model.

Usage (from the repository root)::

    python scripts/train_emg_classifier.py [--data ../shared/data/emglab-n2001-subset]

The model is written to ``src/sclerodx/emg/classifier_model.json``. Its honest
accuracy is the leave-one-subject-out figure of ``benchmarks/emg_validation.py``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sclerodx.emg.classifier import MODEL_PATH, fit_classifier
from sclerodx.emg.n2001 import iter_n2001
from sclerodx.emg.process import emg_process

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path,
                        default=ROOT / ".." / "shared" / "data" / "emglab-n2001-subset")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    records = list(iter_n2001(args.data))
    features = [emg_process(r.record).features for r in records]
    model = fit_classifier(features, [r.label for r in records])
    args.out.write_text(model.to_json(), encoding="utf-8")
    subjects = sorted({r.subject for r in records})
    print(f"trained on {len(records)} records of {len(subjects)} subjects -> {args.out}")


if __name__ == "__main__":
    main()
