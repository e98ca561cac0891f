from __future__ import annotations

import numpy as np
import pytest

from sclerodx.mri import MRIInputError, TissueClass, label_map_from_array, tissue_map_from_labels


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (2, TissueClass.CEREBRAL_WHITE_MATTER),
        (77, TissueClass.CEREBRAL_WHITE_MATTER),
        (3, TissueClass.CEREBRAL_CORTEX),
        (1028, TissueClass.CEREBRAL_CORTEX),
        (12111, TissueClass.CEREBRAL_CORTEX),
        (4, TissueClass.LATERAL_VENTRICLE),
        (44, TissueClass.LATERAL_VENTRICLE),
        (14, TissueClass.THIRD_VENTRICLE),
        (15, TissueClass.FOURTH_VENTRICLE),
        (16, TissueClass.BRAINSTEM),
        (174, TissueClass.BRAINSTEM),
        (8, TissueClass.CEREBELLUM),
        (47, TissueClass.CEREBELLUM),
        (10, TissueClass.DEEP_GREY_MATTER),
        (126, TissueClass.SPINAL_CORD),
        (85, TissueClass.OPTIC_NERVE),
        (24, TissueClass.OTHER_CSF),
        (999, TissueClass.UNLABELLED),
        (70000, TissueClass.UNLABELLED),
    ],
)
def test_freesurfer_numbers(label: int, expected: TissueClass) -> None:
    data = np.full((2, 2, 2), 41, dtype=np.int32)
    data[0, 0, 0] = label
    tissue = tissue_map_from_labels(label_map_from_array(data, np.eye(4)))
    assert tissue.data[0, 0, 0] == expected
    assert tissue.cortex_is_reliable


def test_extra_labels_override() -> None:
    data = np.ones((2, 2, 2), dtype=np.int32)
    tissue = tissue_map_from_labels(
        label_map_from_array(data, np.eye(4)), extra=[(1, TissueClass.SPINAL_CORD)]
    )
    assert tissue.present() == frozenset({TissueClass.SPINAL_CORD})


def test_foreign_convention_rejected() -> None:
    data = np.full((2, 2, 2), 900, dtype=np.int32)
    with pytest.raises(MRIInputError, match="no FreeSurfer/SynthSeg label numbers"):
        tissue_map_from_labels(label_map_from_array(data, np.eye(4), source="seg.nii"))
