"""A synthetic head with FreeSurfer labels and lesions planted at known places and sizes.

Geometry (voxel indices, grid 96³): a sphere of radius 36 centred at (48, 48, 52); the
shell 31 <= r < 36 is cortex (3), the inside white matter (2); a lateral-ventricle box
(4); everything below z = 36 inside the sphere is cerebellum (8) with a brainstem column
(16); a spinal cord column (126) below the sphere; an optic-chiasm box (85).
Each planted lesion is an axis-aligned box whose location follows from this geometry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from sclerodx.case import LesionLocation

SHAPE = (96, 96, 96)
CENTRE = np.array([48.0, 48.0, 52.0])
DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lesjak-open-ms-mri"


@dataclass(frozen=True)
class Planted:
    name: str
    box: tuple[slice, slice, slice]
    location: LesionLocation

    @property
    def n_voxels(self) -> int:
        return int(np.prod([s.stop - s.start for s in self.box]))


#: Lateral ventricle: x 40..55, y 44..51, z 56..63 (inclusive).
VENTRICLE = (slice(40, 56), slice(44, 52), slice(56, 64))

PLANTED = (
    # directly on the ventricle roof (z 64..67 above z 63): touching
    Planted("periventricular", (slice(46, 51), slice(46, 49), slice(64, 68)), LesionLocation.PERIVENTRICULAR),
    # white matter, r ~ 26 from the centre: >= 4 mm from cortex, ~18 mm from the ventricle
    Planted("deep", (slice(21, 25), slice(46, 50), slice(50, 54)), LesionLocation.DEEP_WHITE_MATTER),
    # y 76..78 at x,z near the centre: r <= 30.03, one voxel from the cortex at r >= 31
    Planted("juxtacortical", (slice(47, 50), slice(76, 79), slice(51, 54)), LesionLocation.JUXTACORTICAL),
    # inside the cortical shell on the -y side: y 14..16 -> r 32..34
    Planted("cortical", (slice(47, 50), slice(14, 17), slice(51, 54)), LesionLocation.CORTICAL),
    # cerebellum, left of the brainstem column
    Planted("infratentorial", (slice(28, 32), slice(46, 50), slice(26, 30)), LesionLocation.INFRATENTORIAL),
    # spinal cord column below the sphere
    Planted("spinal_cord", (slice(47, 50), slice(47, 50), slice(4, 10)), LesionLocation.SPINAL_CORD),
    # optic chiasm box
    Planted("optic_nerve", (slice(45, 50), slice(72, 74), slice(40, 42)), LesionLocation.OPTIC_NERVE),
)
#: One voxel of white matter: long axis 1 mm, dropped by the 3 mm minimum.
TINY = (slice(60, 61), slice(30, 31), slice(50, 51))


def head_labels() -> NDArray[np.int32]:
    idx = np.indices(SHAPE).astype(np.float64)
    r = np.sqrt(sum((idx[k] - CENTRE[k]) ** 2 for k in range(3)))
    labels = np.zeros(SHAPE, dtype=np.int32)
    labels[r < 36] = 3
    labels[r < 31] = 2
    inside = r < 36
    below = inside & (idx[2] < 36)
    labels[below] = 8
    column = (np.abs(idx[0] - 48) < 6) & (np.abs(idx[1] - 48) < 6)
    labels[below & column] = 16
    cord = (np.abs(idx[0] - 48) < 4) & (np.abs(idx[1] - 48) < 4) & (idx[2] < 16)
    labels[cord & ~inside] = 126
    labels[VENTRICLE] = 4
    labels[44:51, 71:75, 39:43] = 85
    return labels


def planted_mask(include_tiny: bool = True) -> NDArray[np.bool_]:
    mask = np.zeros(SHAPE, dtype=bool)
    for p in PLANTED:
        mask[p.box] = True
    if include_tiny:
        mask[TINY] = True
    return mask


def rotation(axis: NDArray[np.float64], degrees: float) -> NDArray[np.float64]:
    """Rodrigues rotation matrix."""
    a = axis / np.linalg.norm(axis)
    t = np.deg2rad(degrees)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(t) * k + (1 - np.cos(t)) * (k @ k)


