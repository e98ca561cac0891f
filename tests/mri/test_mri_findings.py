from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from tests.mri.mri_phantom import PLANTED, SHAPE, planted_mask

from sclerodx.case import ImagedRegion, LesionLocation
from sclerodx.mri import (
    inventory_to_mri_study,
    label_map_from_array,
    lesion_inventory,
    lesion_mask_from_array,
    tissue_map_from_labels,
)

DATE = dt.date(2024, 3, 1)


def test_study_from_inventory(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    mask = planted_mask()
    mask[0:2, 0:3, 0:2] = True  # a lesion outside every labelled structure
    gd = np.zeros(SHAPE, dtype=bool)
    gd[PLANTED[0].box] = True
    inv = lesion_inventory(
        lesion_mask_from_array(mask, iso_affine, source="/data/sub-01_lesions.nii.gz"),
        tissue_map_from_labels(label_map_from_array(labels, iso_affine, source="/data/aseg.mgz")),
        enhancing=lesion_mask_from_array(gd, iso_affine),
        baseline=lesion_mask_from_array(np.zeros(SHAPE, dtype=bool), iso_affine, allow_empty=True),
    )
    study = inventory_to_mri_study(inv, date=DATE)
    assert study.date == DATE
    assert study.gadolinium is True
    assert study.regions_imaged == {
        ImagedRegion.BRAIN,
        ImagedRegion.CERVICAL_CORD,
        ImagedRegion.OPTIC_NERVES,
    }
    assert sorted(lesion.location.value for lesion in study.lesions) == sorted(
        p.location.value for p in PLANTED
    )
    assert all(lesion.new is True for lesion in study.lesions)
    enhancing = [lesion for lesion in study.lesions if lesion.enhancing]
    assert [lesion.location for lesion in enhancing] == [LesionLocation.PERIVENTRICULAR]
    assert study.provenance is not None
    assert "sub-01_lesions.nii.gz" in study.provenance
    assert "1 lesion(s) outside labelled structures omitted" in study.provenance


def test_unknowns_stay_unknown(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    inv = lesion_inventory(
        lesion_mask_from_array(planted_mask(), iso_affine),
        tissue_map_from_labels(label_map_from_array(labels, iso_affine)),
    )
    study = inventory_to_mri_study(
        inv,
        date=DATE,
        regions_imaged=[ImagedRegion.BRAIN, ImagedRegion.CERVICAL_CORD, ImagedRegion.OPTIC_NERVES],
    )
    assert study.gadolinium is None
    assert all(lesion.enhancing is None and lesion.new is None for lesion in study.lesions)


def test_needs_locations(iso_affine: np.ndarray) -> None:
    inv = lesion_inventory(lesion_mask_from_array(planted_mask(), iso_affine))
    with pytest.raises(ValueError, match="no McDonald location"):
        inventory_to_mri_study(inv, date=DATE)
