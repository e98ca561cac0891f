from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from sclerodx.case import LesionLocation
from sclerodx.mri import (
    Grid,
    TissueClass,
    lesion_inventory,
    lesion_mask_from_array,
    mni_tissue_map,
    register_mni_tissue_map,
)
from sclerodx.mri.atlas import _template_arrays, resample_tissue_map, template_tissue_map

#: The FSL MNI152 1 mm grid of the Lesjak data (182 x 218 x 182, LAS).
FSL_AFFINE = np.array(
    [[-1.0, 0, 0, 90], [0, 1.0, 0, -126], [0, 0, 1.0, -72], [0, 0, 0, 1]], dtype=np.float64
)
FSL_GRID = Grid((182, 218, 182), FSL_AFFINE)


def _class_at(tissue_data: np.ndarray, affine: np.ndarray, mm: tuple[float, float, float]) -> TissueClass:
    ijk = np.round(np.linalg.inv(affine) @ np.array([*mm, 1.0]))[:3].astype(int)
    return TissueClass(int(tissue_data[tuple(ijk)]))


def test_templates_ship_inside_nilearn() -> None:
    import nilearn

    data = Path(nilearn.__file__).parent / "datasets" / "data"
    for kind in ("t1", "gm", "wm"):
        assert (data / f"mni_icbm152_{kind}_tal_nlin_sym_09a_converted.nii.gz").is_file()


@pytest.mark.parametrize(
    ("mm", "expected"),
    [
        ((20.0, -30.0, 18.0), TissueClass.LATERAL_VENTRICLE),  # atrium
        ((-20.0, -30.0, 18.0), TissueClass.LATERAL_VENTRICLE),
        ((0.0, -25.0, -30.0), TissueClass.BRAINSTEM),  # pons
        ((25.0, -65.0, -35.0), TissueClass.CEREBELLUM),  # cerebellar hemisphere
        ((-28.0, -10.0, 30.0), TissueClass.CEREBRAL_WHITE_MATTER),  # centrum semiovale
        ((-60.0, -20.0, 20.0), TissueClass.CEREBRAL_CORTEX),  # lateral convexity
    ],
)
def test_landmarks(mm: tuple[float, float, float], expected: TissueClass) -> None:
    tissue = template_tissue_map()
    assert _class_at(tissue.data, tissue.affine, mm) == expected
    assert not tissue.cortex_is_reliable


def test_resampled_to_fsl_grid_keeps_landmarks() -> None:
    tissue = mni_tissue_map(FSL_GRID)
    assert tissue.data.shape == FSL_GRID.shape
    assert _class_at(tissue.data, FSL_AFFINE, (20.0, -30.0, 18.0)) == TissueClass.LATERAL_VENTRICLE
    assert _class_at(tissue.data, FSL_AFFINE, (0.0, -25.0, -30.0)) == TissueClass.BRAINSTEM


def test_planted_lesions_in_mni_space() -> None:
    mask = np.zeros(FSL_GRID.shape, dtype=bool)
    inv_aff = np.linalg.inv(FSL_AFFINE)

    def plant(mm: tuple[float, float, float]) -> None:
        i, j, k = np.round(inv_aff @ np.array([*mm, 1.0]))[:3].astype(int)
        mask[i - 2 : i + 2, j - 2 : j + 2, k - 2 : k + 2] = True

    plant((0.0, -25.0, -30.0))  # pons
    plant((-28.0, -10.0, 30.0))  # deep white matter
    plant((20.0, -30.0, 18.0))  # in the atrium wall region
    inv = lesion_inventory(lesion_mask_from_array(mask, FSL_AFFINE), mni_tissue_map(FSL_GRID))
    assert sorted(r.location.value for r in inv.records if r.location) == sorted(
        [LesionLocation.INFRATENTORIAL.value, LesionLocation.DEEP_WHITE_MATTER.value,
         LesionLocation.PERIVENTRICULAR.value]
    )


def test_resample_identity() -> None:
    tissue = template_tissue_map()
    same = resample_tissue_map(tissue, tissue.grid)
    assert np.array_equal(same.data, tissue.data)


@pytest.mark.slow
def test_registration_recovers_a_known_displacement() -> None:
    t1, _, _, affine = _template_arrays()
    moved = affine.copy()
    angle = np.deg2rad(6.0)
    rot = np.array([[1, 0, 0], [0, np.cos(angle), -np.sin(angle)], [0, np.sin(angle), np.cos(angle)]])
    moved[:3, :3] = rot @ affine[:3, :3]
    moved[:3, 3] = rot @ affine[:3, 3] + np.array([6.0, -8.0, 5.0])
    # the "subject" is the template array on a rotated, shifted grid: voxel for voxel, the
    # true tissue map is the template's own
    truth = template_tissue_map().data
    registered = register_mni_tissue_map(t1, moved, source="moved template", iterations=60)
    ventricle = TissueClass.LATERAL_VENTRICLE
    a, b = registered.data == ventricle, truth == ventricle
    dice = 2 * np.sum(a & b) / (a.sum() + b.sum())
    assert dice > 0.7


@pytest.mark.realdata
def test_patient07_mni_mask_gets_locations(realdata: Path) -> None:
    img = nib.load(realdata / "mni" / "patient07" / "lesion_mask.nii.gz")
    mask = lesion_mask_from_array(np.asanyarray(img.dataobj), img.affine, source="patient07")
    assert mask.grid.same_as(FSL_GRID)
    inv = lesion_inventory(mask, mni_tissue_map(mask.grid))  # ATLAS_CONTACT by default
    assert inv.n_lesions > 0
    assert all(r.location is not None for r in inv.records)
