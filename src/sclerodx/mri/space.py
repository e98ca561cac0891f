"""Where a voxel grid lies in the world: standard MNI152 grids, hemispheres and axial slices.

A mask that a pipeline has already registered to MNI152 space should get the bundled MNI
atlas without the user having to say ``--mni``: :func:`mni_grid_name` recognises the
standard MNI152 grids by their voxel size and the world box their voxel centres span,
whatever the storage order of the axes (FSL writes LAS, nilearn and ANTs RAS).

In MNI152 space the midsagittal plane is x = 0 and +x is the subject's right (the RAS+
world of NIfTI), so a lesion's hemisphere follows from the sign of its centroid's x. In a
subject's native (scanner) space x = 0 is the magnet's isocentre, not the midline, so no
hemisphere is claimed there.

References
----------
.. [1] Fonov V, Evans AC, Botteron K, et al. Unbiased average age-appropriate atlases for
   pediatric studies. NeuroImage 2011;54:313-327 (ICBM 2009a nonlinear symmetric MNI152,
   the template nilearn ships: 197 x 233 x 189 voxels of 1 mm from (-98, -134, -72) mm).
.. [2] Jenkinson M, Beckmann CF, Behrens TE, Woolrich MW, Smith SM. FSL. NeuroImage
   2012;62:782-790 (``MNI152_T1_1mm``: 182 x 218 x 182 voxels of 1 mm, LAS, voxel centres
   from x = 90 to -91, y = -126 to 91, z = -72 to 109 mm; ``MNI152_T1_2mm``: 91 x 109 x 91).
.. [3] Brett M, Christoff K, Cusack R, Lancaster J. Using the Talairach atlas with the MNI
   template. NeuroImage 2001;13:S85 (x = 0 is the midsagittal plane of MNI space).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from sclerodx.mri.volumes import Grid

Hemisphere = Literal["left", "right", "midline"]

#: Centroids within this distance of x = 0 are called midline (half a 2 mm voxel plus
#: registration error; expert estimate: a lesion centred on the corpus callosum or the
#: pons should not be forced into one hemisphere).
MIDLINE_MM = 2.0
#: Tolerance on the world box of a standard grid (mm), for rounding in resampling tools.
_BOX_TOLERANCE_MM = 1.0


@dataclass(frozen=True)
class StandardGrid:
    """A standard MNI152 grid: voxel size and the world box spanned by its voxel centres."""

    name: str
    voxel_mm: float
    low_mm: tuple[float, float, float]
    high_mm: tuple[float, float, float]


#: The MNI152 grids that registration pipelines write ([1]_, [2]_).
STANDARD_GRIDS: tuple[StandardGrid, ...] = (
    StandardGrid("FSL MNI152 1 mm", 1.0, (-91.0, -126.0, -72.0), (90.0, 91.0, 109.0)),
    StandardGrid("FSL MNI152 2 mm", 2.0, (-90.0, -126.0, -72.0), (90.0, 90.0, 108.0)),
    StandardGrid("ICBM 2009a MNI152 1 mm", 1.0, (-98.0, -134.0, -72.0), (98.0, 98.0, 116.0)),
    StandardGrid("ICBM 2009a MNI152 2 mm", 2.0, (-98.0, -134.0, -72.0), (98.0, 98.0, 116.0)),
)


def _axis_aligned(affine: NDArray[np.float64]) -> bool:
    """Each voxel axis runs along one world axis (a permutation of the axes, with flips)."""
    block = np.abs(affine[:3, :3])
    nonzero = block > 1e-4 * max(float(block.max()), 1.0)
    return bool(np.all(nonzero.sum(axis=0) == 1) and np.all(nonzero.sum(axis=1) == 1))


def world_box(grid: Grid) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Lowest and highest world coordinates (mm) of the grid's voxel centres, per axis."""
    corners = np.array(
        [[i, j, k, 1.0] for i in (0, grid.shape[0] - 1) for j in (0, grid.shape[1] - 1)
         for k in (0, grid.shape[2] - 1)]
    )
    world = (grid.affine @ corners.T).T[:, :3]
    return world.min(axis=0), world.max(axis=0)


def mni_grid_name(grid: Grid) -> str | None:
    """The name of the standard MNI152 grid ``grid`` is, or ``None``.

    A grid matches when it is axis-aligned, isotropic at the standard voxel size, and its
    voxel centres span the standard world box within 1 mm.
    """
    if not _axis_aligned(grid.affine):
        return None
    zooms = grid.zooms
    if not np.allclose(zooms, zooms[0], atol=1e-3):
        return None
    low, high = world_box(grid)
    for standard in STANDARD_GRIDS:
        if (abs(float(zooms[0]) - standard.voxel_mm) < 1e-3
                and np.allclose(low, standard.low_mm, atol=_BOX_TOLERANCE_MM)
                and np.allclose(high, standard.high_mm, atol=_BOX_TOLERANCE_MM)):
            return standard.name
    return None


def hemispheres(centroids_mm: NDArray[np.float64], *, in_mni: bool) -> list[Hemisphere | None]:
    """Hemisphere of each centroid (rows of x, y, z in mm); ``None`` outside MNI space."""
    if not in_mni:
        return [None] * len(centroids_mm)
    x = centroids_mm[:, 0] if len(centroids_mm) else np.zeros(0)
    return ["midline" if abs(v) <= MIDLINE_MM else ("right" if v > 0 else "left") for v in x.tolist()]


def ras_axis_order(affine: NDArray[np.float64]) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """For each RAS world axis, the voxel axis closest to it and whether it runs backwards.

    Returns ``(order, flipped)``: voxel axis ``order[w]`` points along world axis ``w``
    (0 = left-right, 1 = posterior-anterior, 2 = inferior-superior), reversed where
    ``flipped[w]``. Raises ``ValueError`` for a grid too oblique to have such axes.
    """
    columns = affine[:3, :3] / np.linalg.norm(affine[:3, :3], axis=0)
    world_of_axis = np.argmax(np.abs(columns), axis=0)
    if len(set(world_of_axis.tolist())) != 3:
        raise ValueError("grid too oblique to show in axial/sagittal planes")
    order = np.argsort(world_of_axis)
    flipped = np.array([columns[w, order[w]] < 0 for w in range(3)])
    return order, flipped


def axial_slices(ijk: NDArray[np.float64], grid: Grid) -> NDArray[np.int64]:
    """The axial slice number (inferior to superior, as the figures number them) of voxels."""
    order, flipped = ras_axis_order(grid.affine)
    axis = int(order[2])
    k = np.rint(ijk[:, axis]).astype(np.int64)
    return (grid.shape[axis] - 1 - k) if flipped[2] else k
