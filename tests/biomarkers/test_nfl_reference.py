"""Serum NfL reference: published anchors, monotonicity, bounds, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sclerodx.biomarkers.nfl_reference import (
    SIGMA_LN,
    in_model_age_range,
    nfl_percentile,
    nfl_quantile,
    nfl_reference_curve,
    nfl_zscore,
)

# Plasma-to-serum factor: plasma NfL is 5-10% lower than serum (Mayo Clinic Laboratories, test NFLC).
SERUM_PER_PLASMA = 1 / 0.925

# (percentile, age at the band's middle, upper reference limit in plasma pg/mL), typed from:
# Bornhorst JA et al., Clin Chim Acta 2022;535:153-156 (97.5th percentile, per decade; 80+ at 85 y)
BORNHORST_2022 = [
    (97.5, 25, 8.4), (97.5, 35, 11.4), (97.5, 45, 15.4), (97.5, 55, 20.8),
    (97.5, 65, 28.0), (97.5, 75, 37.9), (97.5, 85, 51.2),
]
# Simrén J et al., Brain Commun 2022;4:fcac174 (95th percentile; 18-50, 51-60, 61-70, >70 y)
SIMREN_2022 = [(95.0, 34, 10.0), (95.0, 55.5, 15.0), (95.0, 65.5, 20.0), (95.0, 78, 35.0)]

# The module documents every anchor error within 17% (0.4 Z units); allow 0.4 Z.
MAX_ANCHOR_ERROR_Z = 0.4


@pytest.mark.parametrize(("percentile", "age", "plasma_limit"), BORNHORST_2022 + SIMREN_2022)
def test_model_quantile_matches_published_upper_limit(
    percentile: float, age: float, plasma_limit: float
) -> None:
    model = nfl_quantile(percentile, age)
    error_z = math.log(model / (plasma_limit * SERUM_PER_PLASMA)) / SIGMA_LN
    assert abs(error_z) <= MAX_ANCHOR_ERROR_Z


def test_benkert_app_pairs_are_ordered_and_spread_as_published() -> None:
    # Solís-Tarazona 2023 (AAN): cohort medians 4.71 -> Z -0.36, 6.85 -> 0.64, 8.67 -> 1.13 pg/mL.
    # At a common age the model must keep the order and roughly the same Z differences.
    z = [nfl_zscore(v, age=40, bmi=24) for v in (4.71, 6.85, 8.67)]
    assert z[0] < z[1] < z[2]
    assert z[1] - z[0] == pytest.approx(0.64 - (-0.36), abs=0.15)
    assert z[2] - z[1] == pytest.approx(1.13 - 0.64, abs=0.15)


def test_percentile_is_the_normal_cdf_of_z() -> None:
    z = nfl_zscore(12.0, 45, 23)
    assert nfl_percentile(12.0, 45, 23) == pytest.approx(50 * (1 + math.erf(z / math.sqrt(2))))


def test_quantile_and_percentile_are_inverse() -> None:
    assert nfl_percentile(nfl_quantile(80.0, 60, 30), 60, 30) == pytest.approx(80.0)


def test_median_rises_with_age_and_faster_after_50() -> None:
    ages = np.arange(18, 91)
    medians = np.array([nfl_quantile(50, a) for a in ages])
    assert np.all(np.diff(medians) > 0)
    log_slope = np.diff(np.log(medians))
    assert log_slope[-1] > log_slope[0]


def test_same_value_is_less_unusual_when_older() -> None:
    assert nfl_percentile(15.0, 70) < nfl_percentile(15.0, 30)


def test_higher_bmi_lowers_the_reference() -> None:
    # Manouchehrinia 2020: NfL falls with BMI, so a given value ranks higher at a higher BMI.
    assert nfl_zscore(10.0, 50, bmi=35) > nfl_zscore(10.0, 50, bmi=20)


def test_ages_outside_the_calibrated_range_use_the_nearest_bound() -> None:
    assert not in_model_age_range(10)
    assert in_model_age_range(40)
    assert nfl_zscore(8.0, 5) == nfl_zscore(8.0, 18)
    assert nfl_zscore(8.0, 110) == nfl_zscore(8.0, 90)


def test_reference_curve_shape_and_order() -> None:
    curve = nfl_reference_curve([20, 50, 80], percentiles=(2.5, 50, 97.5), bmi=25)
    assert curve.values_pg_ml.shape == (3, 3)
    assert np.all(np.diff(curve.values_pg_ml, axis=1) > 0)
    assert np.all(np.diff(curve.values_pg_ml, axis=0) > 0)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"value_pg_ml": -1.0, "age": 40}, "value_pg_ml"),
        ({"value_pg_ml": 0.0, "age": 40}, "value_pg_ml"),
        ({"value_pg_ml": float("nan"), "age": 40}, "value_pg_ml"),
        ({"value_pg_ml": 10.0, "age": 300}, "age"),
        ({"value_pg_ml": 10.0, "age": -1}, "age"),
        ({"value_pg_ml": 10.0, "age": 40, "bmi": 5}, "bmi"),
        ({"value_pg_ml": True, "age": 40}, "value_pg_ml"),
    ],
)
def test_bad_input_is_rejected_naming_the_argument(kwargs: dict[str, float], argument: str) -> None:
    with pytest.raises(ValueError, match=argument):
        nfl_percentile(**kwargs)


@pytest.mark.parametrize("percentile", [0, 100, -5, 120])
def test_curve_rejects_percentiles_outside_0_100(percentile: float) -> None:
    with pytest.raises(ValueError, match="percentile"):
        nfl_reference_curve([40], percentiles=(percentile,))


def test_curve_rejects_empty_ages() -> None:
    with pytest.raises(ValueError, match="ages"):
        nfl_reference_curve([])
