"""Standard MNI152 grids are recognised from the header alone; hemispheres only there."""

from __future__ import annotations

import numpy as np
import pytest

from sclerodx.mri.space import axial_slices, hemispheres, mni_grid_name
from sclerodx.mri.volumes import Grid

#: FSL MNI152_T1_1mm: 182 x 218 x 182, LAS, origin (90, -126, -72) (the Lesjak MNI grid).
FSL_1MM = Grid((182, 218, 182), np.array(
    [[-1.0, 0, 0, 90], [0, 1, 0, -126], [0, 0, 1, -72], [0, 0, 0, 1]]))
#: nilearn's ICBM 2009a template grid: 197 x 233 x 189, RAS, origin (-98, -134, -72).
ICBM_1MM = Grid((197, 233, 189), np.array(
    [[1.0, 0, 0, -98], [0, 1, 0, -134], [0, 0, 1, -72], [0, 0, 0, 1]]))


def test_fsl_and_icbm_grids_are_recognised() -> None:
    assert mni_grid_name(FSL_1MM) == "FSL MNI152 1 mm"
    assert mni_grid_name(ICBM_1MM) == "ICBM 2009a MNI152 1 mm"
    fsl_2mm = Grid((91, 109, 91), np.array(
        [[-2.0, 0, 0, 90], [0, 2, 0, -126], [0, 0, 2, -72], [0, 0, 0, 1]]))
    assert mni_grid_name(fsl_2mm) == "FSL MNI152 2 mm"


def test_the_same_box_stored_in_another_axis_order_is_recognised() -> None:
    # FSL 1 mm stored RAS instead of LAS: x runs from -91 to 90, the same voxel centres
    ras = Grid((182, 218, 182), np.array(
        [[1.0, 0, 0, -91], [0, 1, 0, -126], [0, 0, 1, -72], [0, 0, 0, 1]]))
    assert mni_grid_name(ras) == "FSL MNI152 1 mm"


@pytest.mark.parametrize("affine", [
    [[-1.0, 0, 0, 100], [0, 1, 0, -126], [0, 0, 1, -72], [0, 0, 0, 1]],  # shifted 10 mm
    [[-1.0, 0, 0, 90], [0, 1, 0, -126], [0, 0, 3, -72], [0, 0, 0, 1]],  # 3 mm slices
])
def test_native_grids_are_not_mni(affine: list[list[float]]) -> None:
    assert mni_grid_name(Grid((182, 218, 182), np.array(affine))) is None


def test_oblique_grid_is_not_mni() -> None:
    c, s = np.cos(0.2), np.sin(0.2)
    affine = np.array([[c, -s, 0, 90], [s, c, 0, -126], [0, 0, 1, -72], [0, 0, 0, 1]])
    assert mni_grid_name(Grid((182, 218, 182), affine)) is None


def test_hemisphere_from_mni_x() -> None:
    centroids = np.array([[30.0, 0, 0], [-30.0, 0, 0], [1.0, 0, 0]])
    assert hemispheres(centroids, in_mni=True) == ["right", "left", "midline"]
    assert hemispheres(centroids, in_mni=False) == [None, None, None]


def test_axial_slices_count_inferior_to_superior() -> None:
    # z axis stored superior-to-inferior: voxel k = 0 is the top slice
    flipped = Grid((10, 10, 20), np.diag([1.0, 1.0, -1.0, 1.0]))
    assert axial_slices(np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 19.0]]), flipped).tolist() == [19, 0]
