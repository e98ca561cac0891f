"""Age- and BMI-adjusted reference for serum neurofilament light (sNfL): percentile and Z score.

Why an approximation
--------------------
Benkert et al. (2022) built the reference most used in MS care: a GAMLSS model of sNfL
(Simoa) as a function of age and body-mass index, from 10,133 samples of 5,390
CNS-healthy people, reported as percentiles and Z scores. Its coefficients are not in
the published abstract and the authors' web application cannot be called from here,
so this module does **not** reproduce it. Instead it implements a smooth log-normal
model whose shape follows what Benkert et al. describe (an exponential rise with age,
steeper after 50 years; lower values with higher BMI) and whose level and spread are
calibrated to published anchors:

* ln sNfL ~ Normal(μ(age, BMI), σ), so percentile = 100·Φ(z), z = (ln x − μ)/σ.
* μ(age) = a + k₁(age − 50) + (k₂ − k₁)·w·softplus((age − 50)/w): a log-linear rise of
  k₁ per year before 50 and k₂ per year after, joined smoothly over about w = 5 years.
* BMI shifts μ by β(BMI − 25), β = −0.02 per kg/m² (Manouchehrinia et al. 2020,
  662 controls; read as the slope of ln NfL). Without a BMI the unadjusted curve is used.
* σ = 0.41 (constant): from the paired cohort medians of sNfL and Benkert-app Z scores
  in Solís-Tarazona et al. (2023): 4.71 pg/mL ↔ Z −0.36, 6.85 ↔ 0.64, 8.67 ↔ 1.13,
  whose pairwise slopes give σ between 0.37 and 0.48 (mean 0.41).
* a, k₁, k₂ were fitted by least squares on the log scale to the upper reference limits
  below, converted from plasma to serum by 1/0.925 (plasma NfL is 5–10% lower than
  serum, Mayo Clinic Laboratories): a = 2.0461, k₁ = 0.02376, k₂ = 0.03274.

Anchors and the model's error (serum-equivalent model quantile versus anchor × 1/0.925,
at the band's middle age; error in Z units = ln(model/anchor)/σ)

===================================  ======  ==========  =========  ==========
anchor (plasma, Simoa)               pct     age (mid)   pg/mL      model error
===================================  ======  ==========  =========  ==========
Bornhorst 2022, 20-29 y              97.5    25          8.4        +5% (+0.12)
Bornhorst 2022, 30-39 y              97.5    35          11.4       −2% (−0.04)
Bornhorst 2022, 40-49 y              97.5    45          15.4       −7% (−0.16)
Bornhorst 2022, 50-59 y              97.5    55          20.8       −8% (−0.21)
Bornhorst 2022, 60-69 y              97.5    65          28.0       −7% (−0.16)
Bornhorst 2022, 70-79 y              97.5    75          37.9       −4% (−0.11)
Bornhorst 2022, ≥80 y                97.5    85          51.2       −2% (−0.04)
Simrén 2022, 18-50 y                 95      34          10         −4% (−0.09)
Simrén 2022, 51-60 y                 95      55.5        15         +14% (+0.31)
Simrén 2022, 61-70 y                 95      65.5        20         +17% (+0.38)
Simrén 2022, >70 y                   95      78          35         0% (+0.01)
===================================  ======  ==========  =========  ==========

So the model agrees with each anchor within 17% (0.4 Z units); the two cohorts
themselves disagree by up to 30% at 51-70 years. Against Benkert's own curves the error
is unknown; treat every percentile and Z score from here as **approximate** (the
report marks them so) and prefer the laboratory's or the Benkert web app's value when
one is available. The model is fitted on adults: ages below 18 or above 90 years are
evaluated at 18 or 90 (see :func:`in_model_age_range`); childhood NfL is not modelled.

References
----------
Benkert P, et al. Lancet Neurol 2022;21:246-257.
Simrén J, et al. Brain Commun 2022;4:fcac174.
Bornhorst JA, et al. Clin Chim Acta 2022;535:153-156.
Manouchehrinia A, et al. Ann Clin Transl Neurol 2020;7:139-143.
Solís-Tarazona LR, et al. AAN 2023 abstract 003332.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from sclerodx.biomarkers.references import (
    BENKERT_2022,
    BORNHORST_2022,
    MANOUCHEHRINIA_2020,
    SIMREN_2022,
    SOLIS_TARAZONA_2023,
    Source,
)

#: Spread of ln sNfL in the reference population (Solís-Tarazona 2023 pairs; see module doc).
SIGMA_LN = 0.41
#: ln-median intercept, slopes per year before/after the knee, knee age and width (fitted).
MEDIAN_LN_INTERCEPT = 2.0461
SLOPE_BEFORE_KNEE = 0.02376
SLOPE_AFTER_KNEE = 0.03274
KNEE_AGE = 50.0
KNEE_WIDTH = 5.0
#: ln-NfL change per kg/m² of BMI and the BMI the unadjusted curve stands for (Manouchehrinia 2020).
BMI_SLOPE_LN = -0.02
REFERENCE_BMI = 25.0
#: Ages the anchors cover; outside, the model is evaluated at the nearest bound.
MODEL_AGE_RANGE = (18.0, 90.0)
#: Every source the reference model draws on.
SOURCES: tuple[Source, ...] = (
    BENKERT_2022,
    BORNHORST_2022,
    SIMREN_2022,
    MANOUCHEHRINIA_2020,
    SOLIS_TARAZONA_2023,
)

_AGE_LIMITS = (0.0, 120.0)
_BMI_LIMITS = (10.0, 80.0)
#: The largest value the case model accepts (1,000,000 ng/mL), so no accepted value is refused.
_VALUE_MAX = 1_000_000_000.0
_STANDARD_NORMAL = NormalDist()


@dataclass(frozen=True, slots=True)
class NflReferenceCurve:
    """Reference percentiles of serum NfL over a grid of ages (for charts).

    ``values_pg_ml[i, j]`` is the ``percentiles[j]`` percentile at ``ages[i]``.
    """

    ages: npt.NDArray[np.float64]
    percentiles: tuple[float, ...]
    values_pg_ml: npt.NDArray[np.float64]
    bmi: float | None


def _finite(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {number}")
    return number


def _check_age(age: float) -> float:
    age = _finite(age, "age")
    low, high = _AGE_LIMITS
    if not low <= age <= high:
        raise ValueError(f"age must be between {low:g} and {high:g} years, got {age:g}")
    return age


def _check_bmi(bmi: float | None) -> float | None:
    if bmi is None:
        return None
    bmi = _finite(bmi, "bmi")
    low, high = _BMI_LIMITS
    if not low <= bmi <= high:
        raise ValueError(f"bmi must be between {low:g} and {high:g} kg/m², got {bmi:g}")
    return bmi


def _check_value(value_pg_ml: float) -> float:
    value = _finite(value_pg_ml, "value_pg_ml")
    if not 0 < value <= _VALUE_MAX:
        raise ValueError(
            f"value_pg_ml must be > 0 and <= {_VALUE_MAX:g} pg/mL, got {value:g} "
            "(give a result below the detection limit as the limit itself)"
        )
    return value


def _check_percentile(percentile: float) -> float:
    percentile = _finite(percentile, "percentile")
    if not 0 < percentile < 100:
        raise ValueError(f"percentile must be strictly between 0 and 100, got {percentile:g}")
    return percentile


def in_model_age_range(age: float) -> bool:
    """Whether ``age`` lies in the adult range the reference was calibrated on (18-90 y)."""
    low, high = MODEL_AGE_RANGE
    return low <= _check_age(age) <= high


def _ln_median(age: float, bmi: float | None) -> float:
    low, high = MODEL_AGE_RANGE
    years = min(max(age, low), high) - KNEE_AGE
    knee = KNEE_WIDTH * np.logaddexp(0.0, years / KNEE_WIDTH)
    ln_median = (
        MEDIAN_LN_INTERCEPT + SLOPE_BEFORE_KNEE * years + (SLOPE_AFTER_KNEE - SLOPE_BEFORE_KNEE) * knee
    )
    if bmi is not None:
        ln_median += BMI_SLOPE_LN * (bmi - REFERENCE_BMI)
    return float(ln_median)


def nfl_zscore(value_pg_ml: float, age: float, bmi: float | None = None) -> float:
    """Z score of a serum NfL value against the age(-and-BMI) reference.

    Parameters
    ----------
    value_pg_ml
        Serum NfL in pg/mL (Simoa), > 0.
    age
        Age in years, 0-120 (evaluated at 18 or 90 outside 18-90).
    bmi
        Body-mass index in kg/m², 10-80; ``None`` gives the BMI-unadjusted reference.

    Returns
    -------
    float
        (ln value − μ(age, BMI)) / σ: approximate, see the module notes for its error.

    Raises
    ------
    ValueError
        Naming the argument that is out of range.

    References
    ----------
    Benkert P, et al. Lancet Neurol 2022;21:246-257 (the reference this approximates).
    """
    value = _check_value(value_pg_ml)
    return (math.log(value) - _ln_median(_check_age(age), _check_bmi(bmi))) / SIGMA_LN


def nfl_percentile(value_pg_ml: float, age: float, bmi: float | None = None) -> float:
    """Percentile (0-100) of a serum NfL value in the age(-and-BMI) reference population.

    Same arguments and checks as :func:`nfl_zscore`; the percentile is 100·Φ(z).
    """
    return 100.0 * _STANDARD_NORMAL.cdf(nfl_zscore(value_pg_ml, age, bmi))


def nfl_quantile(percentile: float, age: float, bmi: float | None = None) -> float:
    """The serum NfL value (pg/mL) at a given reference percentile, age and BMI."""
    z = _STANDARD_NORMAL.inv_cdf(_check_percentile(percentile) / 100.0)
    return math.exp(_ln_median(_check_age(age), _check_bmi(bmi)) + z * SIGMA_LN)


def nfl_reference_curve(
    ages: Iterable[float],
    percentiles: Sequence[float] = (2.5, 50.0, 97.5),
    bmi: float | None = None,
) -> NflReferenceCurve:
    """Reference percentile curves of serum NfL over ``ages`` (for a report chart).

    Parameters
    ----------
    ages
        Ages in years, each 0-120.
    percentiles
        Percentiles to draw, each strictly between 0 and 100.
    bmi
        Optional BMI (kg/m²) to draw the curves for.

    Returns
    -------
    NflReferenceCurve
        Ages, percentiles and a (n_ages, n_percentiles) array of pg/mL values.
    """
    age_list = [_check_age(a) for a in ages]
    if not age_list:
        raise ValueError("ages must contain at least one age")
    pct = tuple(_check_percentile(p) for p in percentiles)
    if not pct:
        raise ValueError("percentiles must contain at least one percentile")
    values = np.array([[nfl_quantile(p, a, bmi) for p in pct] for a in age_list], dtype=np.float64)
    return NflReferenceCurve(
        ages=np.asarray(age_list, dtype=np.float64), percentiles=pct, values_pg_ml=values, bmi=bmi
    )
