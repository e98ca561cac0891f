"""The McDonald lesion-location rules, in one table, and the function that applies them.

McDonald 2017 counts dissemination in space over four CNS areas (periventricular,
cortical/juxtacortical, infratentorial, spinal cord); McDonald 2024 adds the optic nerve.
Each lesion gets exactly one location: the first rule of :data:`LOCATION_RULES` that it
meets. A single location per lesion is deliberately conservative: one confluent lesion
that runs from the ventricle wall to the cortex counts once (periventricular), never as
two areas, so the inventory cannot manufacture dissemination in space on its own.

"Touching" a structure is measured in millimetres between voxel centres, through the
affine: a lesion touches a structure when some lesion voxel lies within ``contact_mm`` of
a structure voxel. The default contact distance is the longest step to one of the 26
neighbours of a voxel, so "touching" means exactly "would be one 26-connected component
with it" (the connectivity used for lesions, see :mod:`sclerodx.mri.inventory`).

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
        "touches a lateral ventricle (within contact_mm), no white matter in between",
        "Filippi et al., Lancet Neurol 2016 [2]; Thompson et al., Lancet Neurol 2018 [1]",
    ),
    LocationRule(
        LesionLocation.JUXTACORTICAL,
        "touches the cerebral cortex (within contact_mm) from the white-matter side",
        "Filippi et al., Lancet Neurol 2016 [2]; Thompson et al., Lancet Neurol 2018 [1]",
    ),
    LocationRule(
        LesionLocation.DEEP_WHITE_MATTER,
        "any other lesion in the cerebrum (counts towards no McDonald area)",
        "Thompson et al., Lancet Neurol 2018 [1]",
    ),
)

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
        Smallest lesion-to-structure distance in mm (``inf`` when none is near).
    contact_mm : float
        Distance up to which a lesion touches a structure.
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
    touches_ventricle = distance_to_ventricle_mm <= contact_mm
    touches_cortex = (distance_to_cortex_mm <= contact_mm) | in_cortex

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
