from __future__ import annotations

import gzip
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from sclerodx.mri import (
    Grid,
    MRIInputError,
    check_same_grid,
    label_map_from_array,
    lesion_mask_from_array,
    load_label_map,
    load_lesion_mask,
)


def _save(tmp_path: Path, data: np.ndarray, affine: np.ndarray | None = None, name: str = "m.nii.gz") -> Path:
    path = tmp_path / name
    nib.save(nib.Nifti1Image(data, np.eye(4) if affine is None else affine), path)
    return path


def test_binary_mask_round_trip(tmp_path: Path) -> None:
    data = np.zeros((5, 6, 7), dtype=np.uint8)
    data[1:3, 2, 3] = 1
    aff = np.diag([2.0, 2.0, 3.0, 1.0])
    mask = load_lesion_mask(_save(tmp_path, data, aff))
    assert mask.data.dtype == np.bool_
    assert mask.data.sum() == 2
    assert mask.grid.voxel_volume_mm3 == pytest.approx(12.0)
    assert mask.grid.zooms.tolist() == [2.0, 2.0, 3.0]
    assert mask.grid.orientation == "RAS"


def test_float_zero_one_mask_is_binary() -> None:
    data = np.zeros((4, 4, 4), dtype=np.float32)
    data[1, 1, 1] = 1.0
    assert lesion_mask_from_array(data, np.eye(4)).data.sum() == 1


def test_probabilistic_needs_threshold() -> None:
    data = np.zeros((4, 4, 4), dtype=np.float32)
    data[1, 1, 1:4] = [0.2, 0.5, 0.9]
    with pytest.raises(MRIInputError, match="pass a threshold"):
        lesion_mask_from_array(data, np.eye(4), source="probs.nii.gz")
    mask = lesion_mask_from_array(data, np.eye(4), threshold=0.5)
    assert mask.data[1, 1].tolist() == [False, False, True, True]


@pytest.mark.parametrize("threshold", [0.0, -0.1, 1.5])
def test_threshold_out_of_range(threshold: float) -> None:
    with pytest.raises(MRIInputError, match="threshold"):
        lesion_mask_from_array(np.ones((2, 2, 2)), np.eye(4), threshold=threshold)


def test_non_binary_values_are_named() -> None:
    data = np.zeros((4, 4, 4), dtype=np.int16)
    data[0, 0, 0] = 2
    with pytest.raises(MRIInputError, match=r"^seg\.nii: non-binary values; expected 0/1"):
        lesion_mask_from_array(data, np.eye(4), source="seg.nii")


def test_empty_mask_rejected_unless_allowed() -> None:
    empty = np.zeros((3, 3, 3), dtype=np.uint8)
    with pytest.raises(MRIInputError, match="no lesion voxels"):
        lesion_mask_from_array(empty, np.eye(4))
    assert not lesion_mask_from_array(empty, np.eye(4), allow_empty=True).data.any()


def test_shape_and_affine_problems() -> None:
    with pytest.raises(MRIInputError, match="expected a 3-D image"):
        lesion_mask_from_array(np.ones((3, 3)), np.eye(4))
    assert lesion_mask_from_array(np.ones((3, 3, 3, 1)), np.eye(4)).data.shape == (3, 3, 3)
    with pytest.raises(MRIInputError, match="singular"):
        lesion_mask_from_array(np.ones((3, 3, 3)), np.zeros((4, 4)))
    nan = np.ones((3, 3, 3))
    nan[0, 0, 0] = np.nan
    with pytest.raises(MRIInputError, match="NaN"):
        lesion_mask_from_array(nan, np.eye(4))


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(MRIInputError, match="baseline: no such file"):
        load_lesion_mask(tmp_path / "absent.nii.gz", argument="baseline")
    junk = tmp_path / "Zebedee9Q-junk.nii.gz"
    junk.write_bytes(b"not an image")
    with pytest.raises(MRIInputError, match=r"^lesions: not a readable NIfTI/MGH image") as caught:
        load_lesion_mask(junk)
    assert "Zebedee9Q" not in str(caught.value)


def test_truncated_image_is_refused_naming_the_argument_not_the_path(tmp_path: Path) -> None:
    data = np.zeros((10, 10, 10), dtype=np.uint8)
    data[4, 4, 4] = 1
    whole = _save(tmp_path, data)
    for name, content in (("Zebedee9Q.nii.gz", whole.read_bytes()[: whole.stat().st_size // 2]),
                          ("Zebedee9Q.nii", gzip.decompress(whole.read_bytes())[:400])):
        (tmp_path / name).write_bytes(content)
        with pytest.raises(MRIInputError, match=r"^--baseline: not a readable NIfTI/MGH image") as caught:
            load_lesion_mask(tmp_path / name, argument="--baseline")
        assert "Zebedee9Q" not in str(caught.value)
        assert str(tmp_path) not in str(caught.value)


def test_label_map_checks(tmp_path: Path) -> None:
    labels = np.zeros((4, 4, 4), dtype=np.int16)
    labels[1, 1, 1] = 41
    assert load_label_map(_save(tmp_path, labels)).data[1, 1, 1] == 41
    with pytest.raises(MRIInputError, match="fractional"):
        label_map_from_array(labels + 0.5, np.eye(4))
    with pytest.raises(MRIInputError, match="all background"):
        label_map_from_array(np.zeros((2, 2, 2)), np.eye(4))
    with pytest.raises(MRIInputError, match="non-negative") as caught:
        label_map_from_array(-labels, np.eye(4))
    assert "-41" not in str(caught.value)


def _grid(affine: np.ndarray, shape: tuple[int, int, int] = (4, 4, 4)) -> Grid:
    return Grid(shape, affine)


def test_same_grid_messages() -> None:
    ref = _grid(np.eye(4))
    check_same_grid(ref, _grid(np.eye(4) + 1e-4), reference_name="a", other_name="b")
    with pytest.raises(MRIInputError, match=r"b: shape \(4, 4, 5\) does not match a"):
        check_same_grid(ref, _grid(np.eye(4), (4, 4, 5)), reference_name="a", other_name="b")
    flipped = np.diag([-1.0, 1.0, 1.0, 1.0])
    with pytest.raises(MRIInputError, match="orientation LAS does not match a RAS"):
        check_same_grid(ref, _grid(flipped), reference_name="a", other_name="b")
    with pytest.raises(MRIInputError, match="voxel size"):
        check_same_grid(ref, _grid(np.diag([1.0, 1.0, 2.0, 1.0])), reference_name="a", other_name="b")
    shifted = np.eye(4)
    shifted[0, 3] = 0.5
    with pytest.raises(MRIInputError, match="not in the same space"):
        check_same_grid(ref, _grid(shifted), reference_name="a", other_name="b")


def test_orientation_of_lps_grid() -> None:
    assert _grid(np.diag([-1.0, -1.0, 1.0, 1.0])).orientation == "LPS"
