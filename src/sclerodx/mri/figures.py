"""Axial and sagittal PNG overlays of an inventory, lesions coloured by McDonald location.

The figure is meant for a clinician to check the automatic locations at a glance: the
axial and sagittal slices through the most lesion voxels, lesions filled with the colour
of their location, on the subject's image when one is given. The volume is first brought
to the closest RAS axis order; the axial panel then follows the radiological convention
(the subject's right on the picture's left) and both panels are scaled in millimetres,
so anisotropic voxels keep their true shape.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from numpy.typing import NDArray

from sclerodx.case import LesionLocation
from sclerodx.mri.inventory import LesionInventory
from sclerodx.mri.volumes import MRIInputError

#: Colour of each location (colour-blind-safe Okabe-Ito palette), then "unclassified".
LOCATION_COLOURS: dict[LesionLocation | None, str] = {
    LesionLocation.PERIVENTRICULAR: "#0072B2",
    LesionLocation.JUXTACORTICAL: "#E69F00",
    LesionLocation.CORTICAL: "#D55E00",
    LesionLocation.INFRATENTORIAL: "#009E73",
    LesionLocation.SPINAL_CORD: "#CC79A7",
    LesionLocation.OPTIC_NERVE: "#F0E442",
    LesionLocation.DEEP_WHITE_MATTER: "#BBBBBB",
    None: "#56B4E9",
}
_ORDER: list[LesionLocation | None] = list(LOCATION_COLOURS)


def _to_ras(
    data: NDArray[Any], affine: NDArray[np.float64]
) -> tuple[NDArray[Any], NDArray[np.float64]]:
    """Reorder and flip voxel axes to the closest RAS order; return data and zooms."""
    columns = affine[:3, :3] / np.linalg.norm(affine[:3, :3], axis=0)
    world_of_axis = np.argmax(np.abs(columns), axis=0)
    if len(set(world_of_axis.tolist())) != 3:
        raise MRIInputError("figure: grid too oblique to show in axial/sagittal planes")
    order = np.argsort(world_of_axis)
    out = np.transpose(data, order)
    for out_axis, in_axis in enumerate(order):
        if columns[world_of_axis[in_axis], in_axis] < 0:
            out = np.flip(out, axis=out_axis)
    zooms = np.linalg.norm(affine[:3, :3], axis=0)[order]
    return out, zooms


def location_volume(inventory: LesionInventory) -> NDArray[np.int8]:
    """A volume of location codes (index into :data:`LOCATION_COLOURS`, -1 = no lesion)."""
    codes = np.full(len(inventory.records) + 1, -1, dtype=np.int8)
    for r in inventory.records:
        codes[r.label] = _ORDER.index(r.location)
    return codes[inventory.ids]


def plot_inventory(
    inventory: LesionInventory,
    path: str | os.PathLike[str],
    *,
    background: NDArray[Any] | None = None,
    title: str | None = None,
) -> Path:
    """Write an axial + sagittal overlay PNG of the inventory and return its path.

    Parameters
    ----------
    inventory : LesionInventory
        From :func:`sclerodx.mri.lesion_inventory`.
    path : path-like
        Output PNG file.
    background : ndarray, optional
        Subject image on the inventory's grid (FLAIR or T1); without it the lesions are
        drawn on black.
    title : str, optional
        Figure title (default: the mask's file name and lesion count).
    """
    out = Path(path)
    if out.suffix.lower() != ".png":
        raise MRIInputError(f"figure: expected a .png path, got {out}")
    if background is not None and background.shape != inventory.grid.shape:
        raise MRIInputError(
            f"background: shape {background.shape} does not match the lesion mask "
            f"{inventory.grid.shape}"
        )
    loc, zooms = _to_ras(location_volume(inventory), inventory.grid.affine)
    bg = (
        _to_ras(np.asarray(background, dtype=np.float32), inventory.grid.affine)[0]
        if background is not None
        else np.zeros(loc.shape, dtype=np.float32)
    )
    lesion = loc >= 0
    k_axial = int(np.argmax(lesion.sum(axis=(0, 1)))) if lesion.any() else loc.shape[2] // 2
    i_sagittal = int(np.argmax(lesion.sum(axis=(1, 2)))) if lesion.any() else loc.shape[0] // 2
    cmap = ListedColormap([LOCATION_COLOURS[k] for k in _ORDER])
    vmax = float(np.percentile(bg[bg > 0], 99.5)) if np.any(bg > 0) else 1.0

    fig = Figure(figsize=(11, 5.5), dpi=100, facecolor="black")
    panels = (
        # axial: x (R->L flipped to radiological) horizontally, y vertically
        (bg[::-1, :, k_axial].T, loc[::-1, :, k_axial].T, zooms[0], zooms[1], f"axial {k_axial}"),
        (bg[i_sagittal].T, loc[i_sagittal].T, zooms[1], zooms[2], f"sagittal {i_sagittal}"),
    )
    for n, (b, lab, dx, dy, name) in enumerate(panels, start=1):
        ax = fig.add_subplot(1, 2, n)
        extent = (0.0, b.shape[1] * dx, 0.0, b.shape[0] * dy)
        ax.imshow(b, cmap="gray", origin="lower", extent=extent, vmin=0, vmax=vmax)
        ax.imshow(
            np.ma.masked_less(lab, 0),
            cmap=cmap,
            vmin=-0.5,
            vmax=len(_ORDER) - 0.5,
            origin="lower",
            extent=extent,
            interpolation="nearest",
            alpha=0.85,
        )
        ax.set_title(name, color="white", fontsize=10)
        ax.set_axis_off()
    present = {r.location for r in inventory.records}
    handles = [
        Patch(color=LOCATION_COLOURS[k], label=k.value if k else "unclassified")
        for k in _ORDER
        if k in present
    ]
    if handles:
        fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False,
                   labelcolor="white", fontsize=9)
    fig.suptitle(
        title or f"{Path(inventory.source).name}: {inventory.n_lesions} lesions "
        f"({inventory.total_volume_ml:.2f} mL); decision support, not a diagnosis",
        color="white",
        fontsize=11,
    )
    fig.savefig(out, facecolor="black")
    return out
