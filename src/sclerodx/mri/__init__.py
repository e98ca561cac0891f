"""MRI lesion maps: from NIfTI masks to the McDonald lesion inventory and the case.

A flat API::

    from sclerodx import mri

    mask = mri.load_lesion_mask("lesions.nii.gz")                  # checks once
    tissue = mri.tissue_map_from_labels(mri.load_label_map("aseg.nii.gz"))
    # or, for a mask in MNI152 space: tissue = mri.mni_tissue_map(mask.grid)
    inventory = mri.lesion_inventory(mask, tissue)                  # count, mL, location
    mri.plot_inventory(inventory, "lesions.png")                    # axial + sagittal PNG
    study = mri.inventory_to_mri_study(inventory, date=...)         # into Case.mri

Decision support only: an automatic inventory must be checked against the images.
"""

from sclerodx.mri.atlas import mni_tissue_map, register_mni_tissue_map
from sclerodx.mri.components import CONNECTIVITY, label_components
from sclerodx.mri.figures import LOCATION_COLOURS, plot_inventory
from sclerodx.mri.findings import inventory_to_mri_study
from sclerodx.mri.inventory import (
    MIN_LONG_AXIS_MM,
    LesionInventory,
    LesionRecord,
    default_contact,
    lesion_inventory,
)
from sclerodx.mri.labels import FREESURFER_LABELS, TissueClass, TissueMap, tissue_map_from_labels
from sclerodx.mri.locations import (
    ATLAS_CONTACT,
    CONTACT,
    LOCATION_RULES,
    ContactCutoff,
    LocationRule,
    classify_locations,
)
from sclerodx.mri.longitudinal import ENLARGING_FRACTION, LesionChange, lesion_changes
from sclerodx.mri.lst_ai import LSTAINotFoundError, find_lst, run_lst_ai
from sclerodx.mri.volumes import (
    Grid,
    LabelMap,
    LesionMask,
    MRIInputError,
    check_same_grid,
    label_map_from_array,
    lesion_mask_from_array,
    load_image,
    load_label_map,
    load_lesion_mask,
)

__all__ = [
    "ATLAS_CONTACT",
    "CONNECTIVITY",
    "CONTACT",
    "ENLARGING_FRACTION",
    "FREESURFER_LABELS",
    "LOCATION_COLOURS",
    "LOCATION_RULES",
    "MIN_LONG_AXIS_MM",
    "ContactCutoff",
    "Grid",
    "LSTAINotFoundError",
    "LabelMap",
    "LesionChange",
    "LesionInventory",
    "LesionMask",
    "LesionRecord",
    "LocationRule",
    "MRIInputError",
    "TissueClass",
    "TissueMap",
    "check_same_grid",
    "classify_locations",
    "default_contact",
    "find_lst",
    "inventory_to_mri_study",
    "label_components",
    "label_map_from_array",
    "lesion_changes",
    "lesion_inventory",
    "lesion_mask_from_array",
    "load_image",
    "load_label_map",
    "load_lesion_mask",
    "mni_tissue_map",
    "plot_inventory",
    "register_mni_tissue_map",
    "run_lst_ai",
    "tissue_map_from_labels",
]
