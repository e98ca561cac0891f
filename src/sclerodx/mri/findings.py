"""From a lesion inventory to the case model's :class:`~sclerodx.case.MRIStudy`.

The criteria engines read lesions from the case, never from images; this is the one
place where an image-derived inventory becomes clinical findings. Unknown stays unknown:
without an enhancement mask ``gadolinium`` and every ``enhancing`` stay ``None``, and
without a baseline every ``new`` stays ``None``. Lesions that could not be placed (outside
every labelled structure) are left out and counted in the provenance, because the case
model has no "unknown" location and guessing one could create dissemination in space.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from sclerodx.case import ImagedRegion, Lesion, LesionLocation, MRIStudy
from sclerodx.mri.inventory import LesionInventory

_PROVENANCE_LIMIT = 500


def _regions(inventory: LesionInventory) -> set[ImagedRegion]:
    regions = {ImagedRegion.BRAIN}
    found = {r.location for r in inventory.records}
    if LesionLocation.SPINAL_CORD in found:
        regions.add(ImagedRegion.CERVICAL_CORD)
    if LesionLocation.OPTIC_NERVE in found:
        regions.add(ImagedRegion.OPTIC_NERVES)
    return regions


def inventory_to_mri_study(
    inventory: LesionInventory,
    *,
    date: dt.date,
    regions_imaged: Iterable[ImagedRegion] | None = None,
) -> MRIStudy:
    """Turn an inventory into a dated :class:`~sclerodx.case.MRIStudy`.

    Parameters
    ----------
    inventory : LesionInventory
        From :func:`sclerodx.mri.lesion_inventory`; lesions need locations, so it must
        have been built with a tissue map.
    date : datetime.date
        Date of the scan.
    regions_imaged : iterable of ImagedRegion, optional
        What the scan covered. Default: the brain, plus the cervical cord or the optic
        nerves when the label map placed a lesion there.

    Returns
    -------
    MRIStudy
        ``gadolinium`` is True when an enhancement mask was given, else None (unknown).
    """
    if inventory.tissue_source is None:
        raise ValueError(
            "inventory: built without labels, so lesions have no McDonald location; "
            "pass a label map or use the MNI atlas"
        )
    lesions = [
        Lesion(
            location=r.location,
            enhancing=r.enhancing,
            new=r.change.is_active if r.change is not None else None,
            size_mm=round(min(r.long_axis_mm, 300.0), 1),
            volume_ml=round(r.volume_ml, 4),
            label=f"lesion {r.label}",
        )
        for r in inventory.records
        if r.location is not None
    ]
    omitted = inventory.n_lesions - len(lesions)
    provenance = (
        f"sclerodx mri: {Path(inventory.source).name}; locations from "
        f"{Path(inventory.tissue_source).name}; {inventory.connectivity}-connected lesions, "
        f"long axis >= {inventory.min_long_axis_mm:g} mm, contact: gap <= {inventory.contact_mm:g} mm"
        + (f"; {omitted} lesion(s) outside labelled structures omitted" if omitted else "")
        + ("; new/enlarging vs baseline" if inventory.has_baseline else "")
    )
    return MRIStudy(
        date=date,
        regions_imaged=set(regions_imaged) if regions_imaged is not None else _regions(inventory),
        gadolinium=True if inventory.has_enhancement_mask else None,
        lesions=lesions,
        provenance=provenance[:_PROVENANCE_LIMIT],
    )
