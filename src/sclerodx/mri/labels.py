"""Tissue classes and the FreeSurfer / SynthSeg label numbers that map onto them.

The McDonald lesion locations only need a handful of tissue classes: where the lateral
ventricles are, where the cerebral cortex is, what lies below the tentorium, the spinal
cord and the optic nerves. Segmentation tools label far more structures; this module
folds their label numbers into those classes, so the inventory works the same whatever
produced the label map (FreeSurfer ``aseg``/``aparc+aseg``/``wmparc``, SynthSeg with or
without ``--parc``, SAMSEG, or the MNI atlas of :mod:`sclerodx.mri.atlas`).

References
----------
.. [1] Fischl B. FreeSurfer. NeuroImage 2012;62:774-781 (label numbers: the
   ``FreeSurferColorLUT.txt`` distributed with FreeSurfer 7).
.. [2] Billot B, Greve DN, Puonti O, et al. SynthSeg: segmentation of brain MRI scans of
   any contrast and resolution without retraining. Med Image Anal 2023;86:102789
   (SynthSeg writes the same aseg label numbers).
.. [3] Puonti O, Iglesias JE, Van Leemput K. Fast and sequence-adaptive whole-brain
   segmentation using parametric Bayesian modeling (SAMSEG). NeuroImage 2016;143:235-249
   (adds 126 Spinal-Cord).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from sclerodx.mri.volumes import Grid, LabelMap, MRIInputError


class TissueClass(IntEnum):
    """Tissue classes that decide a McDonald lesion location (stored as uint8 codes)."""

    UNLABELLED = 0
    CEREBRAL_WHITE_MATTER = 1
    CEREBRAL_CORTEX = 2
    DEEP_GREY_MATTER = 3
    LATERAL_VENTRICLE = 4
    THIRD_VENTRICLE = 5
    OTHER_CSF = 6
    BRAINSTEM = 7
    CEREBELLUM = 8
    FOURTH_VENTRICLE = 9
    SPINAL_CORD = 10
    OPTIC_NERVE = 11


def _span(first: int, last: int) -> range:
    return range(first, last + 1)


#: FreeSurferColorLUT label numbers per tissue class [1]_ [2]_ [3]_.
FREESURFER_LABELS: dict[TissueClass, tuple[int, ...]] = {
    TissueClass.CEREBRAL_WHITE_MATTER: (
        2, 41,  # Left/Right-Cerebral-White-Matter
        34, 66,  # Left/Right-WMCrowns (SAMSEG)
        77, 78, 79,  # WM-hypointensities (FreeSurfer labels most MS lesions so)
        192, 250, *_span(251, 255),  # Corpus_Callosum, Fornix, CC_Posterior..CC_Anterior
        5001, 5002,  # Left/Right-UnsegmentedWhiteMatter (wmparc)
        *_span(3000, 3035), *_span(4000, 4035),  # wmparc wm-lh-*, wm-rh-*
    ),
    TissueClass.CEREBRAL_CORTEX: (
        3, 42,  # Left/Right-Cerebral-Cortex
        19, 55,  # Left/Right-Insula
        *_span(1000, 1035), *_span(2000, 2035),  # aparc (Desikan-Killiany), SynthSeg --parc
        *_span(1100, 1181), *_span(2100, 2181),  # aparc.a2005s
        *_span(11100, 11175), *_span(12100, 12175),  # aparc.a2009s (Destrieux)
    ),
    TissueClass.DEEP_GREY_MATTER: (
        9, 10, 11, 12, 13, 17, 18, 26, 27, 28,  # thalamus .. VentralDC (left)
        48, 49, 50, 51, 52, 53, 54, 58, 59, 60,  # thalamus .. VentralDC (right)
    ),
    TissueClass.LATERAL_VENTRICLE: (4, 5, 43, 44),  # Lateral-Ventricle, Inf-Lat-Vent
    TissueClass.THIRD_VENTRICLE: (14, 72),  # 3rd-Ventricle, 5th-Ventricle
    TissueClass.OTHER_CSF: (24, 31, 63),  # CSF, choroid plexus
    TissueClass.BRAINSTEM: (16, *_span(170, 179), 267),  # Brain-Stem, substructures, Pons-Belly
    TissueClass.CEREBELLUM: (6, 7, 8, 45, 46, 47, 172, 183, 184),  # cerebellum, vermis
    TissueClass.FOURTH_VENTRICLE: (15,),
    TissueClass.SPINAL_CORD: (126,),
    TissueClass.OPTIC_NERVE: (85,),  # Optic-Chiasm: aseg/SynthSeg label no optic nerve
}

#: Tissue classes below the tentorium (brainstem, cerebellum, fourth ventricle).
INFRATENTORIAL = frozenset(
    {TissueClass.BRAINSTEM, TissueClass.CEREBELLUM, TissueClass.FOURTH_VENTRICLE}
)
#: Tissue classes of the cerebrum (above the tentorium). Cisternal and sulcal CSF
#: (:attr:`TissueClass.OTHER_CSF`) belongs to neither side and gives a lesion no location.
SUPRATENTORIAL = frozenset(
    {
        TissueClass.CEREBRAL_WHITE_MATTER,
        TissueClass.CEREBRAL_CORTEX,
        TissueClass.DEEP_GREY_MATTER,
        TissueClass.LATERAL_VENTRICLE,
        TissueClass.THIRD_VENTRICLE,
    }
)


@dataclass(frozen=True)
class TissueMap:
    """Tissue-class codes (:class:`TissueClass`, uint8) on a grid.

    ``cortex_is_reliable`` says whether the cortex boundary is good enough to tell a
    cortical from a juxtacortical lesion (true for a subject's own segmentation, false
    for a registered atlas, whose cortex is blurred by anatomical variation).
    """

    data: NDArray[np.uint8]
    affine: NDArray[np.float64]
    source: str
    cortex_is_reliable: bool = True

    @property
    def grid(self) -> Grid:
        shape = self.data.shape
        return Grid((shape[0], shape[1], shape[2]), self.affine)

    def present(self) -> frozenset[TissueClass]:
        """The tissue classes that occur in the map."""
        return frozenset(TissueClass(int(c)) for c in np.unique(self.data))


def _lookup_table(extra: Iterable[tuple[int, TissueClass]] = ()) -> NDArray[np.uint8]:
    pairs = [(label, cls) for cls, labels in FREESURFER_LABELS.items() for label in labels]
    pairs += list(extra)
    table = np.zeros(max(label for label, _ in pairs) + 1, dtype=np.uint8)
    for label, cls in pairs:
        table[label] = cls
    return table


def tissue_map_from_labels(
    labels: LabelMap, *, extra: Iterable[tuple[int, TissueClass]] = ()
) -> TissueMap:
    """Fold a FreeSurfer/SynthSeg label map into :class:`TissueClass` codes.

    Parameters
    ----------
    labels : LabelMap
        Label map with FreeSurferColorLUT numbers.
    extra : iterable of (label, TissueClass)
        Additional or overriding label numbers, for tools with their own conventions
        (for example a spinal-cord segmentation written with label 1).

    Returns
    -------
    TissueMap
        Labels not in the table become :attr:`TissueClass.UNLABELLED`.

    Raises
    ------
    MRIInputError
        When no voxel carries a known label number: the map is then probably not in the
        FreeSurfer convention and every location would be wrong.
    """
    table = _lookup_table(extra)
    data = labels.data
    codes = np.zeros(data.shape, dtype=np.uint8)
    known = data < table.size
    codes[known] = table[data[known]]
    if not codes.any():
        raise MRIInputError(
            f"{labels.source}: no FreeSurfer/SynthSeg label numbers found; expected e.g. 2/41 white "
            "matter, 3/42 cortex, 4/43 lateral ventricles"
        )
    return TissueMap(codes, labels.affine, labels.source, cortex_is_reliable=True)
