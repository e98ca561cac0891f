"""Lesion masks and label maps: loading them and checking them once, at the boundary.

Every later step (inventory, longitudinal comparison, figures) trusts what comes out of
here: a 3-D array of the promised kind on a grid whose affine maps voxel indices to
millimetres. Errors name the file (or argument) and say what was expected, in the style
of nibabel's own messages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
from numpy.typing import NDArray

from sclerodx.exceptions import InputError

#: Largest difference allowed between two affines (mm for the translation column,
#: unitless for the rotation/zoom part) before two images count as on different grids.
#: 0.01 mm is far below any scanner's voxel size, so it only absorbs float rounding.
AFFINE_TOLERANCE = 1e-2


class MRIInputError(InputError):
    """An image that sclerodx cannot use; the message names it and says what was expected."""


@dataclass(frozen=True)
class Grid:
    """The voxel grid of an image: its shape and the affine from voxel indices to mm."""

    shape: tuple[int, int, int]
    affine: NDArray[np.float64]

    @property
    def zooms(self) -> NDArray[np.float64]:
        """Voxel edge lengths in mm (the column norms of the affine, valid for oblique grids)."""
        return np.asarray(np.linalg.norm(self.affine[:3, :3], axis=0), dtype=np.float64)

    @property
    def voxel_volume_mm3(self) -> float:
        """Volume of one voxel in mm³ (the absolute determinant, so shear is accounted for)."""
        return float(abs(np.linalg.det(self.affine[:3, :3])))

    @property
    def orientation(self) -> str:
        """Axis codes such as ``"RAS"`` or ``"LPS"``: the world direction each voxel axis
        points to most closely (the closest-axis convention of nibabel's ``aff2axcodes``)."""
        codes = ("LR", "PA", "IS")
        columns = self.affine[:3, :3] / self.zooms
        letters = []
        for k in range(3):
            world = int(np.argmax(np.abs(columns[:, k])))
            letters.append(codes[world][int(columns[world, k] > 0)])
        return "".join(letters)

    def same_as(self, other: Grid, *, tolerance: float = AFFINE_TOLERANCE) -> bool:
        """Whether both grids have the same shape and affines equal within ``tolerance``."""
        return self.shape == other.shape and bool(
            np.allclose(self.affine, other.affine, atol=tolerance, rtol=0.0)
        )


@dataclass(frozen=True)
class _OnGrid:
    """A 3-D array with its voxel-to-world affine; ``source`` names where it came from."""

    data: NDArray[Any]
    affine: NDArray[np.float64]
    source: str

    @property
    def grid(self) -> Grid:
        shape = self.data.shape
        return Grid((shape[0], shape[1], shape[2]), self.affine)


@dataclass(frozen=True)
class LesionMask(_OnGrid):
    """A binary lesion mask (boolean array) on a grid."""

    data: NDArray[np.bool_]


@dataclass(frozen=True)
class LabelMap(_OnGrid):
    """An integer label map (e.g. FreeSurfer aseg, SynthSeg) on a grid."""

    data: NDArray[np.int32]


def _as_3d(data: NDArray[Any], source: str) -> NDArray[Any]:
    if data.ndim == 4 and data.shape[3] == 1:
        data = data[..., 0]
    if data.ndim != 3:
        raise MRIInputError(f"{source}: expected a 3-D image, got shape {tuple(data.shape)}")
    if min(data.shape) < 1:
        raise MRIInputError(f"{source}: image has an empty axis, shape {tuple(data.shape)}")
    return data


def _check_affine(affine: NDArray[Any], source: str) -> NDArray[np.float64]:
    aff = np.asarray(affine, dtype=np.float64)
    if aff.shape != (4, 4):
        raise MRIInputError(f"{source}: expected a 4x4 affine, got shape {aff.shape}")
    if not np.all(np.isfinite(aff)):
        raise MRIInputError(f"{source}: affine contains NaN or infinite values")
    if abs(np.linalg.det(aff[:3, :3])) < 1e-9:
        raise MRIInputError(f"{source}: affine is singular (zero voxel volume)")
    return aff


def lesion_mask_from_array(
    data: NDArray[Any],
    affine: NDArray[Any],
    *,
    threshold: float | None = None,
    source: str = "lesion mask",
    allow_empty: bool = False,
) -> LesionMask:
    """Check an in-memory lesion map and turn it into a :class:`LesionMask`.

    Parameters
    ----------
    data : ndarray
        3-D array (a trailing axis of length 1 is dropped). Either binary (only 0 and 1,
        any dtype, booleans included) or probabilistic (values in [0, 1]).
    affine : ndarray
        4x4 voxel-to-mm affine.
    threshold : float, optional
        Required for probabilistic maps: voxels with probability ``>= threshold`` are
        lesion. Must lie in (0, 1]. Ignored for a binary map.
    source : str
        Name used in error messages (usually the file name).
    allow_empty : bool
        An empty mask is an error by default (a lesion map without lesions is more often
        a wrong file than a clean scan); baselines and enhancement masks may be empty.

    Returns
    -------
    LesionMask
    """
    arr = _as_3d(np.asanyarray(data), source)
    aff = _check_affine(affine, source)
    if threshold is not None and not 0.0 < threshold <= 1.0:
        raise MRIInputError("threshold: expected a probability in (0, 1]")
    if arr.dtype == np.bool_:
        mask = np.asarray(arr, dtype=np.bool_)
    else:
        if not np.issubdtype(arr.dtype, np.number):
            raise MRIInputError(f"{source}: expected numeric voxel values")
        if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
            raise MRIInputError(f"{source}: contains NaN or infinite values")
        lo, hi = float(arr.min()), float(arr.max())
        if lo < 0.0 or hi > 1.0:
            raise MRIInputError(
                f"{source}: non-binary values; expected 0/1 or "
                "lesion probabilities in [0, 1]"
            )
        is_binary = bool(np.all((arr == 0) | (arr == 1)))
        if is_binary:
            mask = arr == 1
        elif threshold is None:
            raise MRIInputError(
                f"{source}: probabilistic values in [0, 1]; pass a threshold (e.g. 0.5) "
                "to binarise it"
            )
        else:
            mask = arr >= threshold
    if not allow_empty and not mask.any():
        raise MRIInputError(f"{source}: the mask contains no lesion voxels")
    return LesionMask(np.ascontiguousarray(mask), aff, source)


def label_map_from_array(
    data: NDArray[Any], affine: NDArray[Any], *, source: str = "label map"
) -> LabelMap:
    """Check an in-memory label map: 3-D, whole non-negative numbers, not all background."""
    arr = _as_3d(np.asanyarray(data), source)
    aff = _check_affine(affine, source)
    if not np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_:
        raise MRIInputError(f"{source}: expected integer labels")
    if np.issubdtype(arr.dtype, np.floating) and not (
        np.all(np.isfinite(arr)) and np.all(arr == np.round(arr))
    ):
        raise MRIInputError(f"{source}: expected integer labels, found fractional values")
    if arr.min() < 0:
        raise MRIInputError(f"{source}: expected non-negative labels")
    if not arr.any():
        raise MRIInputError(f"{source}: the label map is all background (0)")
    return LabelMap(np.ascontiguousarray(arr, dtype=np.int32), aff, source)


def _load(
    path: str | os.PathLike[str], argument: str
) -> tuple[NDArray[Any], NDArray[np.float64], str]:
    p = Path(path)
    if not p.is_file():
        raise MRIInputError(f"{argument}: no such file")
    try:
        img = nib.load(p)
        if not isinstance(img, nib.spatialimages.SpatialImage):
            raise MRIInputError(f"{argument}: expected a volumetric NIfTI/MGH image", field=argument)
        # reading the voxels is where a truncated file fails
        data, affine = np.asanyarray(img.dataobj), np.asarray(img.affine, dtype=np.float64)
    except MRIInputError:
        raise
    except Exception:  # nibabel's errors (several unrelated types) repeat the path
        raise MRIInputError(f"{argument}: not a readable NIfTI/MGH image (unknown format, corrupt or "
                            "truncated); expected a whole .nii, .nii.gz or .mgz file",
                            field=argument) from None
    # the argument, not the path, names the image in every later message (a file name may
    # identify a patient); the command line records the file name as provenance
    return data, affine, argument


def load_lesion_mask(
    path: str | os.PathLike[str],
    *,
    threshold: float | None = None,
    allow_empty: bool = False,
    argument: str = "lesions",
) -> LesionMask:
    """Load a NIfTI lesion mask (binary, or probabilistic with ``threshold``).

    ``argument`` names the parameter in the "no such file" message (``lesions``,
    ``baseline``, ``enhancing``). See :func:`lesion_mask_from_array` for the checks.
    """
    data, affine, source = _load(path, argument)
    return lesion_mask_from_array(
        data, affine, threshold=threshold, source=source, allow_empty=allow_empty
    )


def load_label_map(path: str | os.PathLike[str], *, argument: str = "labels") -> LabelMap:
    """Load a FreeSurfer/SynthSeg-style label map (NIfTI or MGH)."""
    data, affine, source = _load(path, argument)
    return label_map_from_array(data, affine, source=source)


def load_image(
    path: str | os.PathLike[str], *, argument: str = "image"
) -> tuple[NDArray[np.float32], NDArray[np.float64]]:
    """Load a subject image (FLAIR, T1) as float32 with its affine, for registration or
    as a figure background; only its shape and affine are checked."""
    data, affine, source = _load(path, argument)
    arr = _as_3d(data, source)
    if not np.issubdtype(arr.dtype, np.number):
        raise MRIInputError(f"{source}: expected numeric voxel values")
    return np.asarray(arr, dtype=np.float32), _check_affine(affine, source)


def check_same_grid(reference: Grid, other: Grid, *, reference_name: str, other_name: str) -> None:
    """Raise :class:`MRIInputError` unless ``other`` lies on the same grid as ``reference``.

    The message says which property differs (shape, orientation, voxel size or position)
    so a user knows whether to reorient, resample or register.
    """
    if reference.shape != other.shape:
        raise MRIInputError(
            f"{other_name}: shape {other.shape} does not match {reference_name} {reference.shape}; "
            "resample it onto the same grid first"
        )
    if reference.orientation != other.orientation:
        raise MRIInputError(
            f"{other_name}: orientation {other.orientation} does not match {reference_name} "
            f"{reference.orientation}; reorient it onto the same grid first"
        )
    if not np.allclose(reference.zooms, other.zooms, atol=AFFINE_TOLERANCE, rtol=0.0):
        raise MRIInputError(
            f"{other_name}: voxel size {np.round(other.zooms, 3).tolist()} mm does not match "
            f"{reference_name} {np.round(reference.zooms, 3).tolist()} mm"
        )
    if not reference.same_as(other):
        shift = float(np.abs(reference.affine - other.affine).max())
        raise MRIInputError(
            f"{other_name}: affine differs from {reference_name} by up to {shift:.3g} "
            f"(tolerance {AFFINE_TOLERANCE} mm); the images are not in the same space"
        )
