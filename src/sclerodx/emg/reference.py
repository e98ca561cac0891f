"""Reference limits of motor unit potential amplitude, for records in calibrated µV.

Quantitative MUP analysis compares a muscle's potentials with the limits of healthy
subjects for that muscle. Multi-MUP analysis defines *outlier* limits for single
potentials, and a muscle is abnormal when more than 2 of 20 MUPs (over 10 %) lie
beyond them; outliers are as sensitive as mean values for neuropathy
(Stålberg et al. 1994, 1995, 1996). The gain-free classifier
(:mod:`sclerodx.emg.classifier`) cannot use amplitude, because most archives hold
raw converter counts; when a record *does* carry a calibration, the upper amplitude
limit adds what chronic reinnervation looks like at the bedside: potentials larger
than any the healthy muscle makes (Stålberg & Falck 1997).

Only the upper amplitude limit is used, on purpose:

* the amplitude here is measured on the common 20 Hz-1.5 kHz analysis band
  (:mod:`sclerodx.emg.filtering`), which lowers the peak of a sharp spike compared
  with the clinical 2 Hz-10 kHz band, so a potential that exceeds the clinical limit
  here exceeds it clinically as well - the comparison is conservative;
* the same attenuation would make *small* potentials look smaller, so the lower
  amplitude limit (myopathy) would be biased towards false positives, and the
  duration limits do not apply because the duration here is measured with a
  baseline band relative to the potential and the noise, not the clinical one.

How the finding moves the class probabilities follows from how often the criterion
is met in each class (:data:`CRITERION_POSITIVE_RATE`, justified there) through the
criterion's own binomial model (:func:`exceedance_probability`), applied as a Bayes
update of the classifier's probabilities in :func:`apply_amplitude_evidence`.

References
----------
.. [1] Stålberg E, Bischoff C, Falck B. Outliers, a way to detect abnormality in
       quantitative EMG. Muscle Nerve. 1994;17:392-399.
.. [2] Stålberg E, Falck B, Sonoo M, Stålberg S, Åström M. Multi-MUP EMG analysis -
       a two year experience in daily clinical work. Electroencephalogr Clin
       Neurophysiol. 1995;97:145-154.
.. [3] Stålberg E, Nandedkar SD, Sanders DB, Falck B. Quantitative motor unit
       potential analysis. J Clin Neurophysiol. 1996;13:401-422.
.. [4] Norsk forening for klinisk nevrofysiologi. Referanseverdier for EMG og
       single fiber-EMG (Retningslinjer for metoder i KNF, kapittel 5): multi-MUP
       outlier limits of amplitude for deltoid, biceps and first dorsal
       interosseous (Uppsala reference material).
.. [5] Stålberg E, Falck B. The role of electromyography in neurology.
       Electroencephalogr Clin Neurophysiol. 1997;103:579-598.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
from scipy import optimize, stats

from sclerodx.anatomy import find_muscle
from sclerodx.emg.classifier import Classification, EMGClass
from sclerodx.emg.qemg import OUTLIER_MUPS, OUTLIERS_MORE_THAN
from sclerodx.emg.reference_values import REFERENCES
from sclerodx.emg.waveforms import WaveformShape

#: Upper outlier limit of a single MUP's peak-to-peak amplitude, µV, by muscle: the
#: reference table of :mod:`sclerodx.emg.reference_values` (ref. [4]), not a copy of it.
UPPER_AMPLITUDE_UV: dict[str, float] = {
    name: ref.amplitude_outliers_uv[1] for name, ref in REFERENCES.items()
    if ref.amplitude_outliers_uv is not None
}

#: Limit for a muscle without its own: the highest in the table, so that no
#: muscle's healthy potentials are called large (expert choice, conservative).
DEFAULT_UPPER_AMPLITUDE_UV = max(UPPER_AMPLITUDE_UV.values())

#: The outlier criterion (ref. [1]): a muscle is abnormal when more than 2 of 20
#: potentials lie beyond the limit.
CRITERION_MUPS, CRITERION_MORE_THAN = OUTLIER_MUPS, OUTLIERS_MORE_THAN

#: How the criterion is reported on another number of potentials: at least this many
#: beyond the limit and more than 2/20 of those measured; its absence is reported only
#: from half the criterion's 20 potentials on (reporting only: the class update uses
#: the count itself, see :func:`apply_amplitude_evidence`).
MIN_OUTLIERS, MIN_UNITS_FOR_ABSENCE = 2, 10

#: P(outlier criterion met in a muscle | class). The healthy rate is the criterion's
#: design: outlier limits are set so that about 5 % of healthy muscles exceed them
#: (ref. [1]). The other two are expert estimates: outliers detect most neurogenic
#: muscles (taken as 65 %, ref. [1], [2]); large potentials are uncommon but not absent
#: in myopathy (chronic myositis, inclusion body myositis; taken as 15 %, ref. [3]).
CRITERION_POSITIVE_RATE: dict[EMGClass, float] = {
    "neurogenic": 0.65,
    "myopathic": 0.15,
    "normal": 0.05,
}


@cache
def exceedance_probability(label: EMGClass) -> float:
    """Chance that one potential of a muscle of this class exceeds the outlier limit.

    The criterion treats the 20 potentials of a muscle as independent draws, so the
    per-potential chance q solves P(Binomial(20, q) > 2) = the class's positive rate
    (:data:`CRITERION_POSITIVE_RATE`): about 0.042 for a healthy muscle, 0.16
    neurogenic, 0.068 myopathic. The count of large potentials among however many were
    measured is then weighed with the same binomial model, so that 8 of 12 counts for
    far more than 2 of 7, and none of 2 for almost nothing.
    """
    rate = CRITERION_POSITIVE_RATE[label]
    return float(optimize.brentq(
        lambda q: stats.binom.sf(CRITERION_MORE_THAN, CRITERION_MUPS, q) - rate, 1e-9, 1.0 - 1e-9))


@dataclass(frozen=True, slots=True)
class AmplitudeOutliers:
    """Large-potential outliers of one calibrated record."""

    muscle: str | None
    limit_uv: float
    n_units: int
    n_outliers: int
    met: bool | None  # the clinical criterion; None: too few potentials to say

    def describe(self) -> str:
        """One line for the report and the provenance."""
        state = {True: "criterion met", False: "criterion not met", None: "too few MUPs to judge"}
        if self.muscle is None:
            where = "muscle not given: the highest limit of the table is used"
        elif find_muscle(self.muscle).name in UPPER_AMPLITUDE_UV:
            where = f"{find_muscle(self.muscle).name} reference"
        else:
            where = (f"no outlier limit for {find_muscle(self.muscle).name}: the highest limit "
                     "of the table, first dorsal interosseous, is used")
        return (f"{self.n_outliers} of {self.n_units} MUPs above the {self.limit_uv:.0f} µV "
                f"outlier limit ({where}): {state[self.met]}")


def upper_amplitude_limit(muscle: str | None) -> float:
    """Upper outlier limit (µV) for a muscle name or alias.

    The default limit serves a muscle without its own entry and ``None``; a name
    outside the vocabulary of :mod:`sclerodx.anatomy` raises its KeyError.
    """
    if muscle is None:
        return DEFAULT_UPPER_AMPLITUDE_UV
    return UPPER_AMPLITUDE_UV.get(find_muscle(muscle).name, DEFAULT_UPPER_AMPLITUDE_UV)


def amplitude_outliers(shapes: Sequence[WaveformShape], muscle: str | None) -> AmplitudeOutliers:
    """Apply the outlier criterion to the unit templates of a calibrated record.

    Parameters
    ----------
    shapes
        Measures of the unit templates, amplitudes in µV.
    muscle
        Muscle sampled (name or alias), or None.

    Returns
    -------
    AmplitudeOutliers
        Counts and whether the criterion is met (None when too few units).
    """
    limit = upper_amplitude_limit(muscle)
    n = len(shapes)
    large = int(sum(s.amplitude > limit for s in shapes))
    met: bool | None
    if large >= MIN_OUTLIERS and large * CRITERION_MUPS > CRITERION_MORE_THAN * n:
        met = True
    elif n >= MIN_UNITS_FOR_ABSENCE:
        met = False
    else:
        met = None
    return AmplitudeOutliers(muscle, limit, n, large, met)


def apply_amplitude_evidence(
    result: Classification, outliers: AmplitudeOutliers
) -> Classification:
    """Update the class probabilities with the count of large potentials (Bayes' rule).

    The likelihood of k large potentials among n is binomial with the class's
    per-potential chance (:func:`exceedance_probability`); the gain-free features and
    the amplitudes are treated as independent given the class. A record with no
    measured potential leaves the result unchanged.
    """
    if outliers.n_units == 0:
        return result
    classes = list(result.probabilities)
    prior = np.array([result.probabilities[c] for c in classes])
    like = np.array([stats.binom.pmf(outliers.n_outliers, outliers.n_units,
                                     exceedance_probability(c)) for c in classes])
    posterior = prior * like / float(np.sum(prior * like))
    best = int(np.argmax(posterior))
    return replace(
        result,
        label=classes[best],
        probability=float(posterior[best]),
        probabilities={c: float(p) for c, p in zip(classes, posterior, strict=True)},
        amplitude_evidence=outliers.describe(),
    )
