"""Overlay PNGs of an inventory: every lesion shown, numbered, coloured by McDonald location.

The figure is meant for a clinician to check the automatic locations lesion by lesion. It
shows as few axial slices as cover every lesion (each lesion crosses at least one panel:
the classic interval-stabbing choice, greedy by the lesions' upper ends, which is optimal),
numbers each lesion where it crosses its panel with the number of the lesion table, and
marks the subject's right and left. The volume is first brought to the closest RAS axis
order; panels follow the radiological convention (the subject's right on the picture's
left) and are scaled in millimetres, so anisotropic voxels keep their true shape.
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

from sclerodx.atomic import write_atomically
from sclerodx.case import LesionLocation
from sclerodx.exceptions import os_reason
from sclerodx.mri.inventory import LesionInventory
from sclerodx.mri.space import ras_axis_order
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


#: Panel columns: 4 up to 16 panels, then 6, then 8, so a heavy lesion load stays one
#: readable PNG without leaving any lesion's slice out.
_COLUMNS = ((16, 4), (48, 6))
_MAX_COLUMNS = 8


def _to_ras(
    data: NDArray[Any], affine: NDArray[np.float64]
) -> tuple[NDArray[Any], NDArray[np.float64]]:
    """Reorder and flip voxel axes to the closest RAS order; return data and zooms."""
    try:
        order, flipped = ras_axis_order(affine)
    except ValueError as exc:
        raise MRIInputError(f"figure: {exc}") from None
    out = np.transpose(data, order)
    for axis in range(3):
        if flipped[axis]:
            out = np.flip(out, axis=axis)
    zooms = np.linalg.norm(affine[:3, :3], axis=0)[order]
    return out, zooms


def covering_slices(ranges: list[tuple[int, int]]) -> list[int]:
    """The fewest slices such that every ``(first, last)`` range contains one of them."""
    chosen: list[int] = []
    for first, last in sorted(ranges, key=lambda r: r[1]):
        if not chosen or chosen[-1] < first:
            chosen.append(last)
    return chosen


def location_volume(inventory: LesionInventory) -> NDArray[np.int8]:
    """A volume of location codes (index into :data:`LOCATION_COLOURS`, -1 = no lesion)."""
    codes = np.full(len(inventory.records) + 1, -1, dtype=np.int8)
    for r in inventory.records:
        codes[r.label] = _ORDER.index(r.location)
    return codes[inventory.ids]


def figure_slices(inventory: LesionInventory) -> list[int]:
    """The axial slices the figure shows: the fewest that cross every lesion.

    Numbered inferior to superior, as :attr:`LesionRecord.axial_slice` is.
    """
    ids, _ = _to_ras(inventory.ids, inventory.grid.affine)
    lesion_of_voxel = ids[ids > 0]
    z_of_voxel = np.nonzero(ids > 0)[2]
    n = len(inventory.records)
    lowest = np.full(n + 1, ids.shape[2], dtype=np.int64)
    highest = np.full(n + 1, -1, dtype=np.int64)
    np.minimum.at(lowest, lesion_of_voxel, z_of_voxel)
    np.maximum.at(highest, lesion_of_voxel, z_of_voxel)
    return covering_slices([(int(lowest[v]), int(highest[v])) for v in range(1, n + 1)
                            if highest[v] >= 0])


def inventory_figure(
    inventory: LesionInventory,
    *,
    background: NDArray[Any] | None = None,
    title: str | None = None,
) -> Figure:
    """The overlay figure of :func:`plot_inventory`, as a matplotlib :class:`Figure`.

    One axial panel per slice of :func:`figure_slices`; each panel is titled with its slice
    number and the lesions it shows, each lesion is numbered where it crosses the panel,
    and the subject's right (R, on the picture's left) and left (L) are marked.
    """
    if background is not None and background.shape != inventory.grid.shape:
        raise MRIInputError(
            f"background: shape {background.shape} does not match the lesion mask "
            f"{inventory.grid.shape}"
        )
    loc, zooms = _to_ras(location_volume(inventory), inventory.grid.affine)
    ids, _ = _to_ras(inventory.ids, inventory.grid.affine)
    bg = (
        _to_ras(np.asarray(background, dtype=np.float32), inventory.grid.affine)[0]
        if background is not None
        else np.zeros(loc.shape, dtype=np.float32)
    )
    slices = figure_slices(inventory) or [loc.shape[2] // 2]
    cmap = ListedColormap([LOCATION_COLOURS[k] for k in _ORDER])
    vmax = float(np.percentile(bg[bg > 0], 99.5)) if np.any(bg > 0) else 1.0

    n_cols = min(next((c for limit, c in _COLUMNS if len(slices) <= limit), _MAX_COLUMNS), len(slices))
    n_rows = int(np.ceil(len(slices) / n_cols))
    fig = Figure(figsize=(3.2 * n_cols, 3.6 * n_rows + 0.9), dpi=100, facecolor="black")
    for n, k in enumerate(slices, start=1):
        ax = fig.add_subplot(n_rows, n_cols, n)
        # axial: x (R->L flipped to radiological) horizontally, y vertically
        b, lab, ident = bg[::-1, :, k].T, loc[::-1, :, k].T, ids[::-1, :, k].T
        dx, dy = float(zooms[0]), float(zooms[1])
        extent = (0.0, b.shape[1] * dx, 0.0, b.shape[0] * dy)
        ax.imshow(b, cmap="gray", origin="lower", extent=extent, vmin=0, vmax=vmax)
        ax.imshow(np.ma.masked_less(lab, 0), cmap=cmap, vmin=-0.5, vmax=len(_ORDER) - 0.5,
                  origin="lower", extent=extent, interpolation="nearest", alpha=0.85)
        shown = np.unique(ident[ident > 0]).tolist()
        for label in shown:
            rows, cols = np.nonzero(ident == label)
            ax.annotate(str(label), ((cols.mean() + 0.5) * dx, (rows.mean() + 0.5) * dy),
                        xytext=(4, 4), textcoords="offset points", color="white", fontsize=7,
                        fontweight="bold")
        ax.text(0.02, 0.5, "R", transform=ax.transAxes, color="yellow", fontsize=9, va="center")
        ax.text(0.98, 0.5, "L", transform=ax.transAxes, color="yellow", fontsize=9, va="center",
                ha="right")
        listed = ", ".join(map(str, shown[:6])) + (f" +{len(shown) - 6}" if len(shown) > 6 else "")
        ax.set_title(f"axial slice {k}" + (f": {listed}" if shown else ""), color="white",
                     fontsize=7)
        ax.set_axis_off()
    present = {r.location for r in inventory.records}
    handles = [
        Patch(color=LOCATION_COLOURS[k], label=k.value.replace("_", " ") if k else "unclassified")
        for k in _ORDER
        if k in present
    ]
    if handles:
        fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 4), frameon=False,
                   labelcolor="white", fontsize=8)
    fig.suptitle(
        (title or f"{Path(inventory.source).name}: {inventory.n_lesions} lesions "
         f"({inventory.total_volume_ml:.2f} mL); numbers and slices as in the lesion table")
        + "\ndecision support, not a diagnosis",
        color="white",
        fontsize=10,
    )
    return fig


def plot_inventory(
    inventory: LesionInventory,
    path: str | os.PathLike[str],
    *,
    background: NDArray[Any] | None = None,
    title: str | None = None,
) -> Path:
    """Write a PNG of axial panels that show every lesion, numbered, and return its path.

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
        raise MRIInputError("figure: expected a .png path")
    fig = inventory_figure(inventory, background=background, title=title)
    try:  # whole or absent: a failed write leaves no half-written PNG
        write_atomically(out, lambda tmp: fig.savefig(tmp, format="png", facecolor="black"), suffix=".png")
    except OSError as exc:
        raise MRIInputError(f"figure: cannot be written ({os_reason(exc)}); expected a writable .png path "
                            "in an existing folder", field="figure") from None
    return out
