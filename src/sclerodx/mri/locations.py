"""The McDonald lesion-location rules, in one table, and the function that applies them.

McDonald 2017 counts dissemination in space over four CNS areas (periventricular,
cortical/juxtacortical, infratentorial, spinal cord); McDonald 2024 adds the optic nerve.
Each lesion gets exactly one location: the first rule of :data:`LOCATION_RULES` that it
meets. A single location per lesion is deliberately conservative: one confluent lesion
that runs from the ventricle wall to the cortex counts once (periventricular), never as
two areas, so the inventory cannot manufacture dissemination in space on its own.

"Touching" a structure follows the criteria's definition, stated once in
:data:`CONTACT`: a periventricular lesion abuts the lateral ventricle and a juxtacortical
lesion the cortex, with no white matter in between [1]_ [2]_. On an image that means the
gap between the lesion's edge and the structure's edge is zero: no voxel, hence no white
matter, lies between them. The gap is measured in millimetres between voxel *edges*
(:func:`sclerodx.mri.inventory.lesion_inventory` gives the exact box-to-box distance for
any orthogonal grid, through the affine), so the rule means the same at 1 mm isotropic and
at 1 x 1 x 3 mm: a lesion on the slice next to the ventricle touches it, one three voxels
away in-plane does not, whatever the slice thickness. Centre-to-centre distances would
not: a fixed centre distance lets a 2 mm layer of white matter pass as "no white matter"
in-plane on thick-slice images. A registered atlas does not follow a subject's ventricle
walls and gyri, so its gap tolerance (:data:`ATLAS_CONTACT`) is wider, and labelled an
expert estimate.

References
----------
.. [1] Thompson AJ, Banwell BL, Barkhof F, et al. Diagnosis of multiple sclerosis: 2017
   revisions of the McDonald criteria. Lancet Neurol 2018;17:162-173.
.. [2] Filippi M, Rocca MA, Ciccarelli O, et al. MRI criteria for the diagnosis of
   multiple sclerosis: MAGNIMS consensus guidelines. Lancet Neurol 2016;15:292-303.
.. [3] Montalban X, Lebrun-Frénay C, Oh J, et al. Diagnosis of multiple sclerosis: 2024
   revisions of the McDonald criteria. Lancet Neurol 2025.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sclerodx.case import LesionLocation
from sclerodx.mri.labels import INFRATENTORIAL, SUPRATENTORIAL, TissueClass


@dataclass(frozen=True)
class ContactCutoff:
    """The largest lesion-to-structure gap (mm, voxel edge to voxel edge) that counts as touching."""

    gap_mm: float
    definition: str
    source: str


#: Contact on a subject's own segmentation: abutting, no white matter in between.
CONTACT = ContactCutoff(
    0.0,
    "the lesion abuts the structure: no voxel (so no white matter) between the lesion's "
    "edge and the structure's edge; adjacent across a face, an edge or a corner",
    "Filippi et al., Lancet Neurol 2016 [2] (periventricular: abutting the lateral "
    "ventricles; juxtacortical: no white matter between lesion and cortex); Thompson et al., "
    "Lancet Neurol 2018 [1]",
)
#: Contact on a registered MNI atlas, whose ventricle walls and cortex are the template's.
ATLAS_CONTACT = ContactCutoff(
    2.0,
    "expert estimate: the criteria's zero gap plus 2 mm, the typical residual misfit of an "
    "affinely registered template's ventricle walls and grey-white boundary at 1 mm; the "
    "Lesjak validation (benchmarks/mri_validation.py) was run at this setting",
    "criteria as for CONTACT; tolerance an expert estimate",
)


@dataclass(frozen=True)
class LocationRule:
    """One row of the location table: what a lesion must meet, and who says so."""

    location: LesionLocation
    condition: str
    source: str


#: Applied top to bottom; the first rule a lesion meets gives its location.
LOCATION_RULES: tuple[LocationRule, ...] = (
    LocationRule(
        LesionLocation.SPINAL_CORD,
        "most labelled lesion voxels lie in the spinal cord",
        "Thompson et al., Lancet Neurol 2018 [1]",
    ),
    LocationRule(
        LesionLocation.OPTIC_NERVE,
        "most labelled lesion voxels lie in the optic nerve or chiasm",
        "Filippi et al., Lancet Neurol 2016 [2]; Montalban et al., Lancet Neurol 2025 [3]",
    ),
    LocationRule(
        LesionLocation.INFRATENTORIAL,
        "most labelled lesion voxels lie in the brainstem, cerebellum or fourth ventricle",
        "Filippi et al., Lancet Neurol 2016 [2]",
    ),
    LocationRule(
        LesionLocation.CORTICAL,
        "at least half of the lesion voxels lie inside the cerebral cortex (only when the "
        "label map delineates the cortex reliably; sclerodx convention for 'within cortex')",
        "Thompson et al., Lancet Neurol 2018 [1]; Filippi et al., Lancet Neurol 2016 [2]",
    ),
    LocationRule(
        LesionLocation.PERIVENTRICULAR,
        "touches a lateral ventricle: gap to it at most the contact cut-off (CONTACT), no white "
        "matter in between",
        "Filippi et al., Lancet Neurol 2016 [2]; Thompson et al., Lancet Neurol 2018 [1]",
    ),
    LocationRule(
        LesionLocation.JUXTACORTICAL,
        "touches the cerebral cortex from the white-matter side: gap at most the contact "
        "cut-off (CONTACT), no white matter in between",
        "Filippi et al., Lancet Neurol 2016 [2]; Thompson et al., Lancet Neurol 2018 [1]",
    ),
    LocationRule(
        LesionLocation.DEEP_WHITE_MATTER,
        "any other lesion in the cerebrum (counts towards no McDonald area)",
        "Thompson et al., Lancet Neurol 2018 [1]",
    ),
)

#: Floating-point slack on the gap comparison (a gap of 0 computed through an oblique affine).
_ROUNDING_MM = 1e-6
#: Share of a lesion's voxels inside the cortex from which it is called cortical.
CORTICAL_SHARE = 0.5


def _sum_classes(counts: NDArray[np.int64], classes: frozenset[TissueClass]) -> NDArray[np.int64]:
    return np.asarray(counts[:, sorted(int(c) for c in classes)].sum(axis=1), dtype=np.int64)


def classify_locations(
    class_counts: NDArray[np.int64],
    distance_to_ventricle_mm: NDArray[np.float64],
    distance_to_cortex_mm: NDArray[np.float64],
    *,
    contact_mm: float,
    cortex_is_reliable: bool,
) -> list[LesionLocation | None]:
    """Apply :data:`LOCATION_RULES` to every lesion at once.

    Parameters
    ----------
    class_counts : ndarray, shape (n_lesions, n_tissue_classes)
        How many voxels of each lesion fall in each :class:`TissueClass`.
    distance_to_ventricle_mm, distance_to_cortex_mm : ndarray, shape (n_lesions,)
        Smallest gap in mm between the lesion's edge and the structure's edge (0 when they
        abut or overlap; ``inf`` when none is near).
    contact_mm : float
        Largest gap that counts as touching (:data:`CONTACT`, :data:`ATLAS_CONTACT`).
    cortex_is_reliable : bool
        False for an atlas whose cortex is blurred: no lesion is then called "cortical";
        lesions in or next to the cortex are reported as juxtacortical, the location
        McDonald 2017 pools them into anyway [1]_.

    Returns
    -------
    list of LesionLocation or None
        ``None`` for a lesion with no voxel in a labelled brain structure (outside the
        label map, or only in cisternal/sulcal CSF).
    """
    n_classes = len(TissueClass)
    if class_counts.ndim != 2 or class_counts.shape[1] != n_classes:
        raise ValueError(f"class_counts: expected shape (n, {n_classes}), got {class_counts.shape}")
    areas = np.stack(
        [
            _sum_classes(class_counts, SUPRATENTORIAL),
            _sum_classes(class_counts, INFRATENTORIAL),
            class_counts[:, TissueClass.SPINAL_CORD],
            class_counts[:, TissueClass.OPTIC_NERVE],
        ],
        axis=1,
    )
    labelled = areas.sum(axis=1)
    # Ties go to the first column (the cerebrum), the area that counts least on its own.
    compartment = np.argmax(areas, axis=1)
    cortex_share = class_counts[:, TissueClass.CEREBRAL_CORTEX] / np.maximum(
        class_counts.sum(axis=1), 1
    )
    in_cortex = class_counts[:, TissueClass.CEREBRAL_CORTEX] > 0
    touches_ventricle = distance_to_ventricle_mm <= contact_mm + _ROUNDING_MM
    touches_cortex = (distance_to_cortex_mm <= contact_mm + _ROUNDING_MM) | in_cortex

    conditions = [
        labelled == 0,
        compartment == 2,
        compartment == 3,
        compartment == 1,
        cortex_is_reliable & (cortex_share >= CORTICAL_SHARE),
        touches_ventricle,
        touches_cortex,
    ]
    choices = [-1, *range(len(LOCATION_RULES) - 1)]
    picked = np.select(conditions, choices, default=len(LOCATION_RULES) - 1)
    return [None if k < 0 else LOCATION_RULES[k].location for k in picked.tolist()]
