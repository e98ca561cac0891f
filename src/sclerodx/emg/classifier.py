"""Per-recording class - neurogenic, myopathic or normal - with a probability.

A standardised multinomial logistic regression on a handful of the gain- and
rate-free features of :mod:`sclerodx.emg.features`. The model is deliberately small:
the only labelled needle EMG available (EMGLAB N2001) has two ALS, two control and
four myopathy subjects, which cannot support more than a few parameters per class.
The fitted coefficients are stored as JSON beside this module (no pickle), written by
``scripts/train_emg_classifier.py``; the evaluation is leave-one-subject-out in
``benchmarks/emg_validation.py``.

A record in which no motor unit could be isolated (typically a dense, early-recruited
myopathic pattern whose baseline never returns to the noise floor) is still
classified: its motor-unit features are filled in with the training medians, so the
decision rests on the signal-level features (spectrum, sparseness, slopes), and the
result says which features were filled in. Only a record whose signal-level features
cannot be measured is left unclassified.

References
----------
.. [1] Nikolic M. Detailed analysis of clinical electromyography signals. PhD thesis,
       University of Copenhagen; 2001 (the N2001 recordings).
.. [2] McGill KC, Lateva ZC, Marateb HR. EMGLAB: an interactive EMG decomposition
       program. J Neurosci Methods. 2005;149:121-133.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from sclerodx.emg.features import MOTOR_UNIT_FEATURES, RecordingFeatures
from sclerodx.emg.records import EMGInputError, FloatArray

EMGClass = Literal["neurogenic", "myopathic", "normal"]
CLASSES: tuple[EMGClass, ...] = ("myopathic", "neurogenic", "normal")

#: Features the model uses (chosen on physiology, see the module text of features.py).
MODEL_FEATURES: tuple[str, ...] = (
    "largest_mup_snr_log",
    "kurtosis_log",
    "slope_ratio_per_ms",
    "mean_frequency_log",
    "mup_duration_ms",
    "mup_thickness_ms",
)

#: Inverse regularisation strength: strong shrinkage for eight subjects.
REGULARISATION_C = 0.1

MODEL_PATH = Path(__file__).with_name("classifier_model.json")


@dataclass(frozen=True, slots=True)
class Classification:
    """The class of a recording and the probability of each class."""

    label: EMGClass
    probability: float
    probabilities: dict[EMGClass, float]
    imputed: tuple[str, ...] = ()  # motor-unit features filled in with training medians
    amplitude_evidence: str | None = None  # calibrated outlier finding applied, if any


@dataclass(frozen=True)
class EMGClassifier:
    """A fitted standardised multinomial logistic regression."""

    features: tuple[str, ...]
    classes: tuple[EMGClass, ...]
    fill: FloatArray  # training medians used for missing motor-unit features
    mean: FloatArray
    scale: FloatArray
    coef: FloatArray  # [n_classes, n_features]
    intercept: FloatArray  # [n_classes]

    def predict(self, features: RecordingFeatures) -> Classification | None:
        """Classify one recording; None when a signal-level feature could not be measured.

        Missing motor-unit features are filled in with the training medians.
        """
        values = features.as_dict()
        x = np.array([values[name] for name in self.features], dtype=np.float64)
        missing = ~np.isfinite(x)
        imputed = tuple(n for n, m in zip(self.features, missing, strict=True) if m)
        if any(name not in MOTOR_UNIT_FEATURES for name in imputed):
            return None
        x = np.where(missing, self.fill, x)
        z = self.coef @ ((x - self.mean) / self.scale) + self.intercept
        p = np.exp(z - z.max())
        p /= p.sum()
        best = int(np.argmax(p))
        probabilities = {c: float(v) for c, v in zip(self.classes, p, strict=True)}
        return Classification(self.classes[best], float(p[best]), probabilities, imputed)

    def to_json(self) -> str:
        """The model as JSON text."""
        return json.dumps({
            "features": list(self.features),
            "classes": list(self.classes),
            "fill": self.fill.tolist(),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept.tolist(),
        }, indent=2) + "\n"


def load_classifier(path: str | Path = MODEL_PATH) -> EMGClassifier:
    """Load a model written by :meth:`EMGClassifier.to_json`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    classes = tuple(data["classes"])
    unknown = set(classes) - set(CLASSES)
    if unknown:
        raise EMGInputError(f"path: the model names classes other than {CLASSES}; expected a model "
                            "written by EMGClassifier.to_json", field="path")
    return EMGClassifier(
        features=tuple(data["features"]),
        classes=classes,
        fill=np.asarray(data["fill"], dtype=np.float64),
        mean=np.asarray(data["mean"], dtype=np.float64),
        scale=np.asarray(data["scale"], dtype=np.float64),
        coef=np.asarray(data["coef"], dtype=np.float64),
        intercept=np.asarray(data["intercept"], dtype=np.float64),
    )


def fit_classifier(
    features: Sequence[RecordingFeatures],
    labels: Sequence[EMGClass],
    names: Sequence[str] = MODEL_FEATURES,
    regularisation: float = REGULARISATION_C,
) -> EMGClassifier:
    """Fit the model with scikit-learn (classes balanced), return it in portable form.

    Missing motor-unit features are filled in with their training medians (as
    :meth:`EMGClassifier.predict` does); records missing a signal-level feature are
    left out of the fit. Every class must have training records.
    """
    from sklearn.linear_model import LogisticRegression

    if set(labels) != set(CLASSES):
        raise ValueError(f"labels: need records of every class {CLASSES}, got {sorted(set(labels))}")
    x = np.array([[f.as_dict()[n] for n in names] for f in features], dtype=np.float64)
    imputable = np.array([n in MOTOR_UNIT_FEATURES for n in names])
    usable = np.all(np.isfinite(x[:, ~imputable]), axis=1)
    x, y = x[usable], np.asarray(labels)[usable]
    measured = np.isfinite(x)
    never = [n for j, n in enumerate(names) if not measured[:, j].any()]
    if never:
        raise ValueError(f"features: {never} were not measured in any training record")
    fill = np.array([np.median(col[ok]) for col, ok in zip(x.T, measured.T, strict=True)])
    x = np.where(measured, x, fill)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=5000)
    model.fit((x - mean) / scale, y)
    classes = tuple(str(c) for c in model.classes_)
    return EMGClassifier(
        features=tuple(names),
        classes=classes,  # type: ignore[arg-type]
        fill=fill,
        mean=mean,
        scale=scale,
        coef=np.asarray(model.coef_, dtype=np.float64),
        intercept=np.asarray(model.intercept_, dtype=np.float64),
    )
