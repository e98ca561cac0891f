"""Lesion extraction rules on small synthetic posteriors whose answer is known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from sclerodx.mri import MIN_LONG_AXIS_MM, MRIInputError, TissueClass
from sclerodx.mri.lesion_extraction import (
    MAD_TO_SD,
    MIN_CORE_VOXELS,
    LesionExtraction,
    extract_lesions,
    flair_seed_threshold,
    flair_z_scores,
    hysteresis,
    threshold_rule,
)

SHAPE = (20, 20, 20)
AFFINE = np.eye(4)
#: NAWM of the synthetic FLAIR: a third each at 90, 100 and 110, so median 100, MAD 10.
NAWM_SD = MAD_TO_SD * 10.0


def _posterior() -> np.ndarray:
    """A lesion with a confident core and a faint rim, and a faint blob with no core."""
    p = np.zeros(SHAPE, dtype=np.float32)
    p[4:9, 4:9, 4:9] = 0.15  # rim: 125 voxels
    p[5:8, 5:8, 5:8] = 0.8  # core: 27 voxels
    p[14:17, 14:17, 14:17] = 0.15  # faint blob, no core: 27 voxels
    return p


def _white_matter_flair() -> tuple[np.ndarray, np.ndarray]:
    tissue = np.full(SHAPE, TissueClass.CEREBRAL_WHITE_MATTER, dtype=np.uint8)
    flair = 90.0 + 10.0 * (np.indices(SHAPE).sum(axis=0) % 3)
    return tissue, flair


def test_hysteresis_keeps_only_seeded_regions() -> None:
    region = np.zeros(SHAPE, dtype=bool)
    region[1:4, 1:4, 1:4] = True
    region[10:13, 10:13, 10:13] = True
    seeds = np.zeros(SHAPE, dtype=bool)
    seeds[2, 2, 2] = True
    seeds[18, 18, 18] = True  # a seed outside the region is a lesion of its own
    out = hysteresis(seeds, region)
    assert out[1:4, 1:4, 1:4].all()
    assert not out[10:13, 10:13, 10:13].any()
    assert out[18, 18, 18]
    assert out.sum() == 27 + 1


def test_hysteresis_joins_diagonal_neighbours() -> None:
    """26-connectivity: a region touching the seed's component by a corner grows into it."""
    region = np.zeros(SHAPE, dtype=bool)
    region[5, 5, 5] = region[6, 6, 6] = True
    seeds = np.zeros(SHAPE, dtype=bool)
    seeds[5, 5, 5] = True
    assert hysteresis(seeds, region).sum() == 2


def test_plain_threshold_is_the_posterior_cut() -> None:
    p = _posterior()
    for t in (0.1, 0.3, 0.9):
        assert np.array_equal(extract_lesions(p, threshold_rule(t), AFFINE), p >= t)


def test_hysteresis_rule_recovers_the_rim_but_not_a_coreless_blob() -> None:
    out = extract_lesions(_posterior(), LesionExtraction(seed=0.5, grow=0.1), AFFINE)
    assert out[4:9, 4:9, 4:9].all()
    assert out.sum() == 125
    assert not out[14:17, 14:17, 14:17].any()


def test_flair_gate_drops_voxels_that_are_not_bright() -> None:
    tissue, flair = _white_matter_flair()
    flair[5:8, 5:8, 5:8] = 100 + 4 * NAWM_SD  # only the core is FLAIR-bright (z = 4)
    rule = LesionExtraction(seed=0.5, grow=0.1, min_flair_z=3.0)
    out = extract_lesions(_posterior(), rule, AFFINE, flair=flair, tissue=tissue)
    assert out.sum() == 27
    assert out[5:8, 5:8, 5:8].all()


def test_flair_outlier_seeds_add_a_lesion_the_posterior_missed() -> None:
    tissue, flair = _white_matter_flair()
    flair[14:17, 14:17, 14:17] = 100 + 5 * NAWM_SD  # z = 5 where the posterior is 0.15
    flair[1, 1, 1:4] = 100 + 5 * NAWM_SD
    tissue[1, 1, 1:4] = TissueClass.CEREBRAL_CORTEX  # bright cortex does not seed
    p = _posterior()
    plain = extract_lesions(p, LesionExtraction(seed=0.5, grow=0.1), AFFINE, flair=flair, tissue=tissue)
    seeded = extract_lesions(p, LesionExtraction(seed=0.5, grow=0.1, flair_seed_z=4.0), AFFINE,
                             flair=flair, tissue=tissue)
    assert not plain[14:17, 14:17, 14:17].any()
    assert seeded[14:17, 14:17, 14:17].all()
    assert seeded.sum() == 125 + 27


def test_lesion_referenced_seed_threshold_is_the_core_quantile_above_the_floor() -> None:
    z = np.zeros(SHAPE, dtype=np.float32)
    cores = np.zeros(SHAPE, dtype=bool)
    cores[:4, :4, :4] = True  # 64 core voxels, z 6 .. 9.15 in 64 even steps
    z[cores] = 6.0 + 0.05 * np.arange(64)
    rule = LesionExtraction(0.5, 0.1, flair_seed_z=4.0, flair_seed_quantile=0.25)
    assert flair_seed_threshold(z, cores, rule) == pytest.approx(float(np.quantile(z[cores], 0.25)))
    # a floor above the lesions' own quantile wins
    high_floor = LesionExtraction(0.5, 0.1, flair_seed_z=8.0, flair_seed_quantile=0.25)
    assert flair_seed_threshold(z, cores, high_floor) == 8.0
    # too few cores for a quantile (fewer than one 3 mm lesion): the floor alone
    few = np.zeros(SHAPE, dtype=bool)
    few.flat[: MIN_CORE_VOXELS - 1] = True
    assert flair_seed_threshold(z, cores & few, rule) == 4.0
    assert flair_seed_threshold(z, cores, LesionExtraction(0.5, 0.1, flair_seed_z=4.0)) == 4.0
    assert flair_seed_threshold(z, cores, LesionExtraction(0.5, 0.1)) is None


def test_lesion_referenced_seeds_follow_the_patients_lesion_contrast() -> None:
    """A voxel at z = 5 seeds beside dim lesion cores (z = 4.5) but not beside bright ones (z = 9)."""
    tissue, flair = _white_matter_flair()
    p = _posterior()
    flair[14:17, 14:17, 14:17] = 100 + 5 * NAWM_SD  # z = 5 where the posterior is 0.15
    rule = LesionExtraction(seed=0.5, grow=0.1, flair_seed_z=4.0, flair_seed_quantile=0.25)
    for core_z, seeded in ((4.5, True), (9.0, False)):
        flair[5:8, 5:8, 5:8] = 100 + core_z * NAWM_SD  # the 27 core voxels (posterior 0.8)
        out = extract_lesions(p, rule, AFFINE, flair=flair, tissue=tissue)
        assert out[14:17, 14:17, 14:17].all() == seeded
        assert out[4:9, 4:9, 4:9].all()  # the posterior's own lesion whatever the seeds


def test_flair_z_scores_are_robust_sds_above_nawm() -> None:
    tissue, flair = _white_matter_flair()
    flair[0, 0, 0] = 1000.0  # one outlier moves neither median nor MAD
    z = flair_z_scores(flair, tissue == TissueClass.CEREBRAL_WHITE_MATTER)
    assert z[0, 0, 2] == pytest.approx(10 / NAWM_SD, rel=1e-5)  # 110: one MAD up
    assert z[0, 0, 0] == pytest.approx(900 / NAWM_SD, rel=1e-5)


def test_size_rule_drops_lesions_under_3_mm() -> None:
    p = np.zeros(SHAPE, dtype=np.float32)
    p[2, 2, 2:4] = 0.9  # 2 mm long at 1 mm voxels
    p[10, 10, 2:5] = 0.9  # 3 mm long
    rule = LesionExtraction(seed=0.5, grow=0.5, min_long_axis_mm=MIN_LONG_AXIS_MM)
    out = extract_lesions(p, rule, AFFINE)
    assert not out[2, 2].any()
    assert out[10, 10, 2:5].all()
    assert out.sum() == 3
    # the same voxels on a 2 mm grid are 4 mm long: kept
    assert extract_lesions(p, rule, np.diag([2.0, 2.0, 2.0, 1.0])).sum() == 5


def test_empty_posterior_gives_an_empty_mask() -> None:
    rule = LesionExtraction(seed=0.5, grow=0.2, min_long_axis_mm=3.0)
    assert not extract_lesions(np.zeros(SHAPE, np.float32), rule, AFFINE).any()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [((1.25, 0.1, 0.0), "seed"), ((0.5, 0.0, 0.0), "grow"), ((0.3, 0.5, 0.0), "grow"),
     ((0.5, 0.5, -1.5), "min_long_axis_mm"), ((float("nan"), 0.1, 0.0), "seed"),
     ((0.5, float("nan"), 0.0), "grow"), ((0.5, 0.5, float("nan")), "min_long_axis_mm"),
     ((0.5, 0.5, float("inf")), "min_long_axis_mm")],
)
def test_invalid_rule_names_the_field(kwargs: tuple[float, float, float], field: str) -> None:
    seed, grow, size = kwargs
    with pytest.raises(MRIInputError, match=rf"^{field}: expected") as caught:
        LesionExtraction(seed, grow, min_long_axis_mm=size)
    assert caught.value.field == field
    for value in ("1.25", "-1.5", "nan", "inf", "0.3", "0.5"):
        assert value not in str(caught.value)


@pytest.mark.parametrize("quantile", [0.0, 1.0, -0.25, 1.5, float("nan")])
def test_seed_quantile_must_lie_between_0_and_1(quantile: float) -> None:
    with pytest.raises(MRIInputError, match=r"^flair_seed_quantile: expected a quantile") as caught:
        LesionExtraction(0.5, 0.1, flair_seed_z=4.0, flair_seed_quantile=quantile)
    assert caught.value.field == "flair_seed_quantile"
    for value in ("-0.25", "1.5", "nan"):
        assert value not in str(caught.value)


def test_seed_quantile_needs_a_floor() -> None:
    with pytest.raises(MRIInputError, match=r"^flair_seed_quantile: needs flair_seed_z"):
        LesionExtraction(0.5, 0.1, flair_seed_quantile=0.25)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [({"min_flair_z": float("nan")}, r"^min_flair_z: expected a finite number"),
     ({"min_flair_z": float("inf")}, r"^min_flair_z: expected a finite number"),
     ({"flair_seed_z": float("nan")}, r"^flair_seed_z: expected a finite positive number"),
     ({"flair_seed_z": -4.5}, r"^flair_seed_z: expected a finite positive number"),
     ({"flair_seed_z": 0.0}, r"^flair_seed_z: expected a finite positive number")],
)
def test_flair_z_limits_must_be_finite(kwargs: dict[str, float], expected: str) -> None:
    with pytest.raises(MRIInputError, match=expected) as caught:
        LesionExtraction(0.5, 0.1, **kwargs)
    assert "nan" not in str(caught.value)
    assert "4.5" not in str(caught.value)


def test_a_negative_flair_gate_is_a_weaker_gate_not_an_error() -> None:
    # min_flair_z < 0 admits voxels slightly below the NAWM median: a legitimate, lax rule.
    assert LesionExtraction(0.5, 0.1, min_flair_z=-1.0).needs_flair


def test_flair_rule_without_flair_is_a_clear_error() -> None:
    with pytest.raises(MRIInputError, match="needs the FLAIR image"):
        extract_lesions(_posterior(), LesionExtraction(seed=0.5, grow=0.1, min_flair_z=3), AFFINE)


def test_constant_flair_is_a_clear_error() -> None:
    tissue, _ = _white_matter_flair()
    with pytest.raises(MRIInputError, match=r"^flair: constant"):
        flair_z_scores(np.ones(SHAPE), tissue == TissueClass.CEREBRAL_WHITE_MATTER)


def test_rule_labels_name_their_parts() -> None:
    assert threshold_rule(0.3).label == "0.3"
    rule = LesionExtraction(0.5, 0.1, min_flair_z=2, flair_seed_z=5, min_long_axis_mm=3)
    assert rule.label == "0.5/0.1 z>=2 zseed>=5 >=3mm"
    assert LesionExtraction(0.3, 0.05, flair_seed_z=4, flair_seed_quantile=0.25).label == \
        "0.3/0.05 zseed>=4|q0.25"
