"""The McDonald lesion inventory: every lesion with its size, volume and location.

:func:`lesion_inventory` splits a lesion mask into 26-connected lesions
(:mod:`sclerodx.mri.components`), drops those below the minimum size, measures each
remaining lesion in millimetres through the affine (so oblique and anisotropic grids are
handled exactly), and, given a tissue map, gives each lesion one McDonald location
(:mod:`sclerodx.mri.locations`). Optional inputs flag enhancing lesions and, against a
baseline mask, new and enlarging ones (:mod:`sclerodx.mri.longitudinal`).

Everything is computed on the sparse set of lesion voxels with a single sort and
``ufunc.reduceat`` per measure, never with one full-volume pass per lesion, so a 256³
mask with a hundred lesions takes well under a second (``benchmarks/mri_speed.py``).

Minimum size: MAGNIMS counts a lesion for McDonald purposes from 3 mm in its long axis
(Filippi et al. 2016), the default of ``min_long_axis_mm``. The long axis is the largest
extent of the lesion along its principal axis or along any of the three voxel axes,
measured from voxel edge to voxel edge.

References
----------
.. [1] Filippi M, Rocca MA, Ciccarelli O, et al. MRI criteria for the diagnosis of
   multiple sclerosis: MAGNIMS consensus guidelines. Lancet Neurol 2016;15:292-303.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from sclerodx.case import LesionLocation
from sclerodx.mri.components import CONNECTIVITY, label_components
from sclerodx.mri.labels import TissueClass, TissueMap
from sclerodx.mri.locations import ATLAS_CONTACT, CONTACT, ContactCutoff, classify_locations
from sclerodx.mri.longitudinal import ENLARGING_FRACTION, LesionChange, lesion_changes
from sclerodx.mri.space import Hemisphere, axial_slices, hemispheres, mni_grid_name
from sclerodx.mri.volumes import Grid, LesionMask, MRIInputError, check_same_grid

#: Smallest long axis of a lesion that counts (MAGNIMS, Filippi et al. 2016 [1]_).
MIN_LONG_AXIS_MM = 3.0
#: Distances to the ventricles and cortex are reported up to this many mm (else None).
MAX_REPORTED_DISTANCE_MM = 10.0
#: The tissue classes that must be delineated for each McDonald area to be assessed, what
#: they are called, and what would assess the area when the images cannot.
_AREA_CLASSES: dict[str, tuple[frozenset[TissueClass], str, str]] = {
    "periventricular": (frozenset({TissueClass.LATERAL_VENTRICLE}), "lateral ventricles",
                        "a brain label map or the MNI atlas"),
    "cortical/juxtacortical": (frozenset({TissueClass.CEREBRAL_CORTEX}), "cerebral cortex",
                               "a brain label map or the MNI atlas"),
    "infratentorial": (frozenset({TissueClass.BRAINSTEM, TissueClass.CEREBELLUM}),
                       "brainstem or cerebellum", "a brain label map or the MNI atlas"),
    "spinal cord": (frozenset({TissueClass.SPINAL_CORD}), "spinal cord",
                    "spinal cord MRI (sagittal T2/STIR/PD), read by a radiologist"),
    "optic nerve": (frozenset({TissueClass.OPTIC_NERVE}), "optic nerves",
                    "dedicated orbital MRI (fat-suppressed T2/STIR or contrast T1), optical "
                    "coherence tomography or visual evoked potentials (Montalban et al. 2025)"),
}
#: The only optic-pathway structure brain label maps delineate (aseg 85, Optic-Chiasm):
#: a lesion there is placed, but the optic nerves themselves are not seen.
_ONLY_CHIASM = "only the optic chiasm, not the optic nerves"
#: aseg's Spinal-Cord label (126) on a brain label map is the cord inside the brain's field
#: of view (the cervicomedullary junction and upper cervical cord): a lesion there is placed,
#: but a clean label says nothing of the rest of the cord, which McDonald's spinal cord area
#: covers (Thompson et al. 2018: the cord is imaged in its own sagittal study).
_ONLY_UPPER_CORD = "only the upper cervical cord within the brain's field of view"


@dataclass(frozen=True)
class LesionRecord:
    """One lesion of the inventory.

    ``label`` is the lesion's value in :attr:`LesionInventory.ids`. Distances are the
    smallest gap in mm between the edges of a lesion voxel and of a voxel of the structure
    (0 when they abut or overlap: what the contact rule of
    :data:`sclerodx.mri.locations.CONTACT` compares), ``None`` when no tissue map was given or the
    structure is further than the reported maximum. ``location`` is ``None`` without a
    tissue map or when the lesion lies outside every labelled structure. ``axial_slice`` is
    the axial slice through the centroid, numbered inferior to superior as the figures
    number it; ``hemisphere`` is known only on a standard MNI152 grid
    (:mod:`sclerodx.mri.space`).
    """

    label: int
    n_voxels: int
    volume_ml: float
    long_axis_mm: float
    centroid_mm: tuple[float, float, float]
    axial_slice: int = 0
    hemisphere: Hemisphere | None = None
    location: LesionLocation | None = None
    distance_to_ventricle_mm: float | None = None
    distance_to_cortex_mm: float | None = None
    enhancing: bool | None = None
    change: LesionChange | None = None


@dataclass(frozen=True)
class LesionInventory:
    """All lesions of one mask, the settings that produced them, and what was dropped."""

    records: tuple[LesionRecord, ...]
    grid: Grid
    source: str
    ids: NDArray[np.int32] = field(repr=False)
    tissue_source: str | None
    min_long_axis_mm: float
    min_volume_mm3: float | None
    contact_mm: float
    mask_volume_ml: float
    n_below_minimum: int
    has_enhancement_mask: bool
    has_baseline: bool
    connectivity: int = CONNECTIVITY
    standard_space: str | None = None
    tissue_classes: frozenset[TissueClass] = frozenset()

    def areas_not_assessed(self) -> dict[str, str]:
        """The McDonald areas the images could not assess, each with the reason.

        An area is assessed only when the tissue map delineates the structure that defines
        it (Thompson et al. 2018; Montalban et al. 2025 add the optic nerve); a brain label
        map says nothing about the spinal cord below its field of view (aseg's cord label is
        the upper cervical cord only), and at most shows the optic chiasm (aseg's only optic
        label), never the optic nerves, so lesions there are not "absent" but unknown: a lesion
        in the labelled part is still placed. Each reason says what would assess the area.
        """
        if self.tissue_source is None:
            return dict.fromkeys(_AREA_CLASSES, "no label map or atlas: lesions have no location")
        missing = {
            area: f"the label map has no {what}; needs {needs}"
            for area, (classes, what, needs) in _AREA_CLASSES.items()
            if not classes & self.tissue_classes
        }
        partial = {"optic nerve": _ONLY_CHIASM, "spinal cord": _ONLY_UPPER_CORD}
        for area, seen in partial.items():
            if area not in missing:
                missing[area] = f"the label map has {seen}; needs {_AREA_CLASSES[area][2]}"
        return {area: missing[area] for area in _AREA_CLASSES if area in missing}

    @property
    def n_lesions(self) -> int:
        return len(self.records)

    @property
    def total_volume_ml(self) -> float:
        """Volume of the lesions kept (at or above the minimum size)."""
        return float(sum(r.volume_ml for r in self.records))

    def count_by_location(self) -> dict[str, int]:
        """Number of lesions per location (``"unclassified"`` for ``None``)."""
        counts = Counter(r.location.value if r.location else "unclassified" for r in self.records)
        return dict(sorted(counts.items()))

    def volume_by_location(self) -> dict[str, float]:
        """Lesion volume in mL per location."""
        volumes: dict[str, float] = {}
        for r in self.records:
            key = r.location.value if r.location else "unclassified"
            volumes[key] = volumes.get(key, 0.0) + r.volume_ml
        return dict(sorted(volumes.items()))

    def rows(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per lesion (a tidy table)."""
        return [
            {
                "label": r.label,
                "location": r.location.value if r.location else None,
                "volume_ml": round(r.volume_ml, 4),
                "long_axis_mm": round(r.long_axis_mm, 2),
                "n_voxels": r.n_voxels,
                "centroid_mm": [round(c, 1) for c in r.centroid_mm],
                "axial_slice": r.axial_slice,
                "hemisphere": r.hemisphere,
                "distance_to_ventricle_mm": _rounded(r.distance_to_ventricle_mm),
                "distance_to_cortex_mm": _rounded(r.distance_to_cortex_mm),
                "enhancing": r.enhancing,
                "change": r.change.value if r.change else None,
            }
            for r in self.records
        ]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True)
class _Voxels:
    """Lesion voxels sorted by lesion id, with reduceat boundaries."""

    flat: NDArray[np.intp]
    ijk: NDArray[np.intp]  # (N, 3)
    xyz: NDArray[np.float64]  # (N, 3) mm
    starts: NDArray[np.intp]
    counts: NDArray[np.int64]

    def reduce_min(self, values: NDArray[Any]) -> NDArray[Any]:
        return np.asarray(np.minimum.reduceat(values, self.starts, axis=0))

    def reduce_max(self, values: NDArray[Any]) -> NDArray[Any]:
        return np.asarray(np.maximum.reduceat(values, self.starts, axis=0))

    def reduce_sum(self, values: NDArray[Any]) -> NDArray[Any]:
        return np.asarray(np.add.reduceat(values, self.starts, axis=0))


def _sorted_voxels(ids: NDArray[np.int32], n: int, affine: NDArray[np.float64]) -> _Voxels:
    flat = np.flatnonzero(ids)
    lab = ids.ravel()[flat]
    order = np.argsort(lab, kind="stable")
    flat = flat[order]
    counts = np.bincount(lab, minlength=n + 1)[1:].astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.intp)
    ijk = np.stack(np.unravel_index(flat, ids.shape), axis=1)
    xyz = ijk @ affine[:3, :3].T + affine[:3, 3]
    return _Voxels(flat, ijk, xyz, starts, counts)


def _long_axes(vox: _Voxels, affine: NDArray[np.float64]) -> NDArray[np.float64]:
    """Largest edge-to-edge extent per lesion along its principal axis or a voxel axis."""
    counts = vox.counts[:, None].astype(np.float64)
    mean = vox.reduce_sum(vox.xyz) / counts
    centred = vox.xyz - np.repeat(mean, vox.counts, axis=0)
    outer = centred[:, :, None] * centred[:, None, :]
    cov = vox.reduce_sum(outer.reshape(-1, 9)).reshape(-1, 3, 3) / counts[:, :, None]
    principal = np.linalg.eigh(cov)[1][:, :, -1]  # (n, 3) unit vectors
    edges = affine[:3, :3]
    voxel_axes = (edges / np.linalg.norm(edges, axis=0)).T  # (3, 3) rows: unit voxel axes
    directions = np.concatenate(
        [principal[:, None, :], np.broadcast_to(voxel_axes, (len(counts), 3, 3))], axis=1
    )  # (n, 4, 3)
    per_voxel = np.repeat(directions, vox.counts, axis=0)  # (N, 4, 3)
    proj = np.einsum("nc,ndc->nd", vox.xyz, per_voxel)
    spread = vox.reduce_max(proj) - vox.reduce_min(proj)  # (n, 4)
    footprint = np.abs(directions @ edges).sum(axis=2)  # voxel width along each direction
    return np.asarray((spread + footprint).max(axis=1), dtype=np.float64)


#: A voxel and its 26 neighbours, as index offsets.
_NEIGHBOURHOOD = np.array(list(itertools.product((-1, 0, 1), repeat=3)), dtype=np.intp)


@dataclass(frozen=True)
class _Grown:
    """The one-voxel shell (26 neighbours) around each lesion: centres in mm, and their lesion.

    The gap between two voxel boxes, edge to edge, is the smallest distance between the
    centre of one and the centres of the other and its 26 neighbours (per voxel axis the
    gap is ``max(0, |steps| - 1)`` voxels, which one neighbour step closes). So a lesion's
    smallest gap to a structure outside it is the smallest distance from the centres of its
    grown copy, hence of its shell, to the structure's centres: exact for any orthogonal
    grid (isotropic, anisotropic, oblique). A structure voxel inside the lesion is a gap of
    0 (``overlap``). Lesions are sparse, so growing them is cheap where growing the cortex
    is not.
    """

    xyz: NDArray[np.float64]
    owner: NDArray[np.int64]
    n_lesions: int


def _grow_lesions(vox: _Voxels, ids: NDArray[np.int32], affine: NDArray[np.float64]) -> _Grown:
    n = len(vox.counts)
    shape = ids.shape
    owner = np.repeat(np.arange(n, dtype=np.int64), vox.counts)
    grown = vox.ijk[:, None, :] + _NEIGHBOURHOOD[None, :, :]
    inside = np.all((grown >= 0) & (grown < np.array(shape)), axis=2)
    flat = np.ravel_multi_index(tuple(grown[inside].T), shape)
    size = int(np.prod(shape))
    key = np.unique(np.broadcast_to(owner[:, None], inside.shape)[inside] * size + flat)
    owner, flat = np.divmod(key, size)
    shell = ids.ravel()[flat] != owner + 1
    ijk = np.stack(np.unravel_index(flat[shell], shape), axis=1)
    return _Grown(ijk @ affine[:3, :3].T + affine[:3, 3], owner[shell], n)


def _distances_to(
    tissue: TissueMap,
    cls: TissueClass,
    vox: _Voxels,
    grown: _Grown,
    lo: NDArray[np.intp],
    hi: NDArray[np.intp],
    max_mm: float,
) -> NDArray[np.float64]:
    """Smallest lesion-to-structure gap per lesion, voxel edge to voxel edge (mm, inf beyond ``max_mm``).

    Distances from the grown lesions (:class:`_Grown`) to the structure's voxel centres,
    with a k-d tree on world coordinates, so no full-volume distance transform is needed.
    Only structure voxels inside each lesion's bounding box widened by ``max_mm`` can be
    that close, so only those enter the tree.
    """
    affine = tissue.affine
    inv = np.linalg.inv(affine[:3, :3])
    pad = np.ceil(max_mm * np.linalg.norm(inv, axis=1)).astype(np.intp) + 2
    shape = np.array(tissue.data.shape)
    near = np.zeros(tissue.data.shape, dtype=bool)
    for a, b in zip(np.maximum(lo - pad, 0), np.minimum(hi + pad + 1, shape), strict=True):
        near[a[0] : b[0], a[1] : b[1], a[2] : b[2]] = True
    gap = np.full(grown.n_lesions, np.inf)
    structure = np.argwhere(near & (tissue.data == cls))
    if structure.size == 0:
        return gap
    tree = cKDTree(structure @ affine[:3, :3].T + affine[:3, 3])
    dist, _ = tree.query(grown.xyz, k=1, distance_upper_bound=max_mm)
    # shell points are sorted by lesion: one reduceat over the lesions that have a shell
    first = np.searchsorted(grown.owner, np.arange(grown.n_lesions))
    last = np.searchsorted(grown.owner, np.arange(grown.n_lesions), side="right")
    has_shell = last > first
    if dist.size:
        gap[has_shell] = np.minimum.reduceat(dist, first[has_shell])
    overlap = vox.reduce_max((tissue.data.ravel()[vox.flat] == cls).astype(np.int8)) > 0
    gap[overlap] = 0.0
    return gap


def default_contact(tissue: TissueMap | None) -> ContactCutoff:
    """The contact cut-off for a tissue map: the criteria's own, or the atlas's tolerance."""
    return CONTACT if tissue is None or tissue.cortex_is_reliable else ATLAS_CONTACT


def _reported(value: float, limit: float) -> float | None:
    return float(value) if math.isfinite(value) and value <= limit else None


def lesion_inventory(
    mask: LesionMask,
    tissue: TissueMap | None = None,
    *,
    enhancing: LesionMask | None = None,
    baseline: LesionMask | None = None,
    min_long_axis_mm: float = MIN_LONG_AXIS_MM,
    min_volume_mm3: float | None = None,
    contact_mm: float | None = None,
    max_distance_mm: float = MAX_REPORTED_DISTANCE_MM,
    enlarging_fraction: float = ENLARGING_FRACTION,
) -> LesionInventory:
    """Count, measure and locate the lesions of a mask.

    Parameters
    ----------
    mask : LesionMask
        T2/FLAIR lesion mask (see :func:`sclerodx.mri.load_lesion_mask`).
    tissue : TissueMap, optional
        Tissue classes on the same grid, from a label map
        (:func:`sclerodx.mri.tissue_map_from_labels`) or the MNI atlas
        (:func:`sclerodx.mri.mni_tissue_map`). Without it no location is given.
    enhancing : LesionMask, optional
        Gadolinium-enhancement mask on the same grid; a lesion that overlaps it is
        enhancing. Without it ``enhancing`` stays ``None`` (unknown).
    baseline : LesionMask, optional
        Earlier lesion mask on the same grid; each lesion is then new, enlarging or
        stable (:mod:`sclerodx.mri.longitudinal`).
    min_long_axis_mm : float
        Lesions shorter than this are dropped (default 3 mm, MAGNIMS [1]_).
    min_volume_mm3 : float, optional
        Lesions smaller than this volume are dropped as well.
    contact_mm : float, optional
        Largest gap in mm (voxel edge to voxel edge) at which a lesion touches the
        ventricles or the cortex. Default: the criteria's "no white matter in between"
        (:data:`sclerodx.mri.locations.CONTACT`, 0 mm) for a subject's own label map,
        :data:`sclerodx.mri.locations.ATLAS_CONTACT` for a registered atlas.
    max_distance_mm : float
        Distances beyond this are reported as ``None``.
    enlarging_fraction : float
        Growth from which an overlapping lesion is enlarging (default 0.5).

    Returns
    -------
    LesionInventory
    """
    if not min_long_axis_mm >= 0:  # also rejects NaN
        raise MRIInputError("min_long_axis_mm: expected a number >= 0")
    if min_volume_mm3 is not None and not min_volume_mm3 >= 0:
        raise MRIInputError("min_volume_mm3: expected a number >= 0")
    if contact_mm is not None and not contact_mm >= 0:
        raise MRIInputError("contact_mm: expected a number >= 0")
    grid = mask.grid
    for other in (tissue, enhancing, baseline):
        if other is not None:
            check_same_grid(grid, other.grid, reference_name=mask.source, other_name=other.source)
    contact = default_contact(tissue).gap_mm if contact_mm is None else contact_mm
    max_mm = max(max_distance_mm, contact)
    voxel_ml = grid.voxel_volume_mm3 / 1000.0
    standard = mni_grid_name(grid)

    all_ids, n_all = label_components(mask.data)
    keep = np.zeros(n_all, dtype=bool)
    records: list[LesionRecord] = []
    ids = all_ids
    if n_all:
        vox = _sorted_voxels(all_ids, n_all, mask.affine)
        long_axes = _long_axes(vox, mask.affine)
        keep = long_axes >= min_long_axis_mm - 1e-9
        if min_volume_mm3 is not None:
            keep &= vox.counts * grid.voxel_volume_mm3 >= min_volume_mm3
        remap = np.zeros(n_all + 1, dtype=np.int32)
        remap[1:][keep] = np.arange(1, int(keep.sum()) + 1, dtype=np.int32)
        ids = remap[all_ids]
        centroids = vox.reduce_sum(vox.xyz) / vox.counts[:, None]
        slices = axial_slices(vox.reduce_sum(vox.ijk.astype(np.float64)) / vox.counts[:, None], grid)
        sides = hemispheres(centroids, in_mni=standard is not None)
        locations: list[LesionLocation | None] = [None] * n_all
        d_vent = d_ctx = np.full(n_all, np.inf)
        if tissue is not None:
            n_classes = len(TissueClass)
            codes = tissue.data.ravel()[vox.flat].astype(np.int64)
            lesion_of_voxel = np.repeat(np.arange(n_all), vox.counts)
            class_counts = np.bincount(
                lesion_of_voxel * n_classes + codes, minlength=n_all * n_classes
            ).reshape(n_all, n_classes)
            lo, hi = vox.reduce_min(vox.ijk), vox.reduce_max(vox.ijk)
            grown = _grow_lesions(vox, all_ids, tissue.affine)
            d_vent = _distances_to(tissue, TissueClass.LATERAL_VENTRICLE, vox, grown, lo, hi, max_mm)
            d_ctx = _distances_to(tissue, TissueClass.CEREBRAL_CORTEX, vox, grown, lo, hi, max_mm)
            locations = classify_locations(
                class_counts,
                d_vent,
                d_ctx,
                contact_mm=contact,
                cortex_is_reliable=tissue.cortex_is_reliable,
            )
        enh: list[bool | None] = [None] * n_all
        if enhancing is not None:
            hits = vox.reduce_sum(enhancing.data.ravel()[vox.flat].astype(np.int64))
            enh = [bool(h > 0) for h in hits]
        kept = np.flatnonzero(keep)
        changes: list[LesionChange | None] = [None] * len(kept)
        if baseline is not None:
            changes = list(
                lesion_changes(ids, len(kept), baseline.data, enlarging_fraction=enlarging_fraction)
            )
        for new_label, k in enumerate(kept.tolist()):
            records.append(
                LesionRecord(
                    label=new_label + 1,
                    n_voxels=int(vox.counts[k]),
                    volume_ml=float(vox.counts[k] * voxel_ml),
                    long_axis_mm=float(long_axes[k]),
                    centroid_mm=(
                        float(centroids[k, 0]),
                        float(centroids[k, 1]),
                        float(centroids[k, 2]),
                    ),
                    axial_slice=int(slices[k]),
                    hemisphere=sides[k],
                    location=locations[k],
                    distance_to_ventricle_mm=_reported(d_vent[k], max_distance_mm),
                    distance_to_cortex_mm=_reported(d_ctx[k], max_distance_mm),
                    enhancing=enh[k],
                    change=changes[new_label],
                )
            )
    return LesionInventory(
        records=tuple(records),
        grid=grid,
        source=mask.source,
        ids=ids,
        tissue_source=tissue.source if tissue is not None else None,
        min_long_axis_mm=min_long_axis_mm,
        min_volume_mm3=min_volume_mm3,
        contact_mm=contact,
        mask_volume_ml=float(mask.data.sum() * voxel_ml),
        n_below_minimum=int(n_all - len(records)),
        has_enhancement_mask=enhancing is not None,
        has_baseline=baseline is not None,
        standard_space=standard,
        tissue_classes=tissue.present() if tissue is not None else frozenset(),
    )
