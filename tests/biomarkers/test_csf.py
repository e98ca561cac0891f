"""OCB patterns, IgG index and κ-FLC index readings."""

from __future__ import annotations

import pytest

from sclerodx.biomarkers.csf import interpret_igg_index, interpret_kflc_index, interpret_ocb
from sclerodx.biomarkers.references import DOBSON_2013, FREEDMAN_2005, LEURS_2020
from sclerodx.case import OCBPattern


@pytest.mark.parametrize("pattern", [OCBPattern.CSF_SPECIFIC, OCBPattern.CSF_SPECIFIC_AND_IDENTICAL])
def test_types_2_and_3_mean_intrathecal_synthesis(pattern: OCBPattern) -> None:
    first, in_ms, in_als = interpret_ocb(pattern)
    assert first.source == FREEDMAN_2005
    assert "intrathecal immunoglobulin synthesis" in first.interpretation
    assert in_ms.source == DOBSON_2013
    assert in_ms.sensitivity == pytest.approx(0.877)  # Dobson 2013: 87.7% of MS
    assert "3.5%" in in_als.interpretation  # 9/259 ALS


def test_mirror_pattern_is_not_intrathecal() -> None:
    (item,) = interpret_ocb(OCBPattern.IDENTICAL)
    assert "not intrathecal" in item.interpretation


def test_negative_bands_do_not_exclude_ms() -> None:
    first = interpret_ocb(OCBPattern.NEGATIVE)[0]
    assert "does not exclude MS" in first.interpretation


@pytest.mark.parametrize(("value", "raised"), [(0.5, False), (0.7, False), (0.71, True)])
def test_igg_index_against_0_7(value: float, raised: bool) -> None:
    item = interpret_igg_index(value)
    assert item.cutoff == 0.7
    assert item.above_cutoff is raised


def test_kflc_index_reads_each_published_cutoff() -> None:
    at_61, at_66 = interpret_kflc_index(6.4)
    assert (at_61.cutoff, at_61.above_cutoff) == (6.1, True)
    assert (at_66.cutoff, at_66.above_cutoff) == (6.6, False)
    assert at_66.source == LEURS_2020
    assert (at_66.sensitivity, at_66.specificity) == (0.88, 0.83)


@pytest.mark.parametrize("value", [-0.1, float("inf"), float("nan")])
def test_kflc_index_below_zero_or_not_finite_is_rejected(value: float) -> None:
    with pytest.raises(ValueError, match="kflc_index"):
        interpret_kflc_index(value)


def test_negative_igg_index_is_rejected_naming_it() -> None:
    with pytest.raises(ValueError, match="igg_index"):
        interpret_igg_index(-1)
