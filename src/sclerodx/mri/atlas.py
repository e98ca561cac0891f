"""Tissue classes from the MNI152 templates that nilearn ships, for masks without labels.

nilearn's wheel contains the ICBM 2009a nonlinear symmetric MNI152 T1, grey-matter and
white-matter templates at 1 mm (``nilearn/datasets/data``); ``load_mni152_*_template``
reads them from the installed package, so nothing is downloaded. They have no ventricle,
brainstem or cerebellum labels, so :func:`mni_tissue_map` derives them, once per process:

* **intracranial space**: the template's brain-extracted T1 above 0.05, holes filled;
* **CSF**: intracranial voxels with grey + white matter probability below 0.5;
* **lateral ventricles**: the CSF component that contains the ventricular atria at
  MNI (±20, −30, 18), after a one-voxel opening that cuts the thin CSF bridges to the
  third ventricle and the cisterns;
* **infratentorial space**: below a tentorium surface fitted by eye to the template
  (``z < −6 − 0.012·x² + 0.2·min(0, y + 60)`` behind y = −42 mm) plus the brainstem column
  (``|x| ≤ 15`` mm, ``−42 < y ≤ −5`` mm) below the plane through the mammillary bodies
  (0, −10, −14) and the posterior commissure (0, −28, −4);
* **cerebral cortex**: supratentorial voxels where grey matter dominates and that lie
  within 5 mm of the brain surface or the sulcal CSF; other grey-dominant voxels are
  deep grey matter.

The result is an approximation of each patient's anatomy, blurred by inter-subject
variation and by the few millimetres between the ICBM 2009a and FSL MNI152 spaces. It
therefore marks the cortex as unreliable (no cortical/juxtacortical split) and callers
should allow a wider contact distance than a subject's own segmentation needs.

:func:`register_mni_tissue_map` brings the atlas onto a subject image that is not in MNI
space, by affine registration of the template T1 with SimpleITK (Mattes mutual
information, so FLAIR and T1 subjects both work).

References
----------
.. [1] Fonov V, Evans AC, Botteron K, et al. Unbiased average age-appropriate atlases for
   pediatric studies. NeuroImage 2011;54:313-327 (ICBM 2009 templates).
.. [2] Mai JK, Majtanik M, Paxinos G. Atlas of the Human Brain, 4th ed. Academic Press
   2016 (landmarks: mammillary bodies, posterior commissure, tentorium).
.. [3] Mattes D, Haynor DR, Vesselle H, Lewellen TK, Eubank W. PET-CT image registration
   in the chest using free-form deformations. IEEE Trans Med Imaging 2003;22:120-128.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import SimpleITK
from numpy.typing import NDArray
from scipy import ndimage

from sclerodx.mri.labels import TissueClass, TissueMap
from sclerodx.mri.volumes import Grid, MRIInputError

# SimpleITK's SWIG wrappers are only partly typed; treat the module as dynamic.
sitk: Any = SimpleITK

#: Where the template tissue map comes from (used as ``TissueMap.source``).
ATLAS_SOURCE = "MNI152 ICBM 2009a templates shipped with nilearn"
#: Seeds in the ventricular atria (trigones), MNI mm.
_VENTRICLE_SEEDS_MM = ((-20.0, -30.0, 18.0), (20.0, -30.0, 18.0))
#: Cortex lies within this distance of the brain surface or sulcal CSF (mm).
_CORTEX_DEPTH_MM = 5.0


def _template_arrays() -> tuple[NDArray[np.float64], ...]:
    from nilearn import datasets

    t1 = datasets.load_mni152_template(resolution=1)
    gm = datasets.load_mni152_gm_template(resolution=1)
    wm = datasets.load_mni152_wm_template(resolution=1)
    return (
        np.asarray(t1.get_fdata(), dtype=np.float64),
        np.asarray(gm.get_fdata(), dtype=np.float64),
        np.asarray(wm.get_fdata(), dtype=np.float64),
        np.asarray(t1.affine, dtype=np.float64),
    )


def _world_axes(
    shape: tuple[int, ...], affine: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Broadcastable x, y, z (mm) of a grid whose affine has no rotation."""
    if not np.allclose(affine[:3, :3], np.diag(np.diag(affine[:3, :3]))):
        raise ValueError("template affine must be axis-aligned")
    x, y, z = (affine[k, k] * np.arange(shape[k]) + affine[k, 3] for k in range(3))
    return x[:, None, None], y[None, :, None], z[None, None, :]


def _infratentorial(
    x: NDArray[np.float64], y: NDArray[np.float64], z: NDArray[np.float64]
) -> NDArray[np.bool_]:
    tentorium = -6.0 - 0.012 * x**2 + 0.2 * np.minimum(0.0, y + 60.0)
    posterior_fossa = (y <= -42.0) & (z < tentorium)
    # Plane through mammillary bodies (y=-10, z=-14) and posterior commissure (y=-28, z=-4).
    midbrain_top = -14.0 - (y + 10.0) * 10.0 / 18.0
    column = (y > -42.0) & (y <= -5.0) & (np.abs(x) <= 15.0) & (z < midbrain_top)
    return np.asarray(posterior_fossa | column, dtype=np.bool_)


@lru_cache(maxsize=1)
def template_tissue_map() -> TissueMap:
    """The tissue map on the template's own 1 mm grid (built once per process)."""
    t1, gm, wm, affine = _template_arrays()
    x, y, z = _world_axes(t1.shape, affine)
    intracranial = ndimage.binary_fill_holes(t1 > 0.05)
    tissue = gm + wm
    csf = intracranial & (tissue < 0.5)
    infra = intracranial & _infratentorial(x, y, z)

    opened = ndimage.binary_opening(csf & ~infra, structure=ndimage.generate_binary_structure(3, 1))
    components, _ = ndimage.label(opened)
    inv = np.linalg.inv(affine)
    seeds = [tuple(np.round(inv @ (*p, 1.0)).astype(int)[:3]) for p in _VENTRICLE_SEEDS_MM]
    seed_ids = {int(components[s]) for s in seeds} - {0}
    if not seed_ids:
        raise RuntimeError("MNI template: ventricle seeds fall outside the CSF")
    ventricles = np.isin(components, sorted(seed_ids))

    third = csf & ~ventricles & ~infra & (np.abs(x) <= 6) & (y >= -30) & (y <= 5) & (z >= -15) & (z <= 20)
    surface = ~intracranial | (csf & ~ventricles & ~third)
    depth = ndimage.distance_transform_edt(~surface, sampling=np.abs(np.diag(affine)[:3]))
    grey = intracranial & (tissue >= 0.5) & (gm >= wm)
    white = intracranial & (tissue >= 0.5) & (wm > gm)

    codes = np.zeros(t1.shape, dtype=np.uint8)
    codes[white] = TissueClass.CEREBRAL_WHITE_MATTER
    codes[grey] = TissueClass.DEEP_GREY_MATTER
    codes[grey & (depth <= _CORTEX_DEPTH_MM)] = TissueClass.CEREBRAL_CORTEX
    codes[csf] = TissueClass.OTHER_CSF
    codes[third] = TissueClass.THIRD_VENTRICLE
    codes[ventricles] = TissueClass.LATERAL_VENTRICLE
    codes[infra & (grey | white)] = TissueClass.CEREBELLUM
    stem_column = infra & (np.abs(x) <= 15.0) & (y > -50.0)
    codes[stem_column & (grey | white)] = TissueClass.BRAINSTEM
    return TissueMap(codes, affine, ATLAS_SOURCE, cortex_is_reliable=False)


def resample_tissue_map(tissue: TissueMap, grid: Grid, *, source: str | None = None) -> TissueMap:
    """Nearest-neighbour resampling of a tissue map onto another grid in the same space."""
    # target index -> world -> source index, as one affine map for scipy
    mapping = np.linalg.inv(tissue.affine) @ grid.affine
    data = ndimage.affine_transform(
        tissue.data,
        mapping[:3, :3],
        offset=mapping[:3, 3],
        output_shape=grid.shape,
        order=0,
        mode="constant",
        cval=0,
    ).astype(np.uint8)
    return TissueMap(
        data, grid.affine, source or tissue.source, cortex_is_reliable=tissue.cortex_is_reliable
    )


def mni_tissue_map(grid: Grid) -> TissueMap:
    """The MNI atlas tissue map on ``grid``, which must already be in MNI152 space.

    Parameters
    ----------
    grid : Grid
        Target grid (for example ``mask.grid`` of a lesion mask registered to MNI152).

    Returns
    -------
    TissueMap
        With ``cortex_is_reliable=False``.
    """
    return resample_tissue_map(template_tissue_map(), grid)


def register_mni_tissue_map(
    image: NDArray[np.floating] | NDArray[np.integer],
    affine: NDArray[np.float64],
    *,
    source: str = "subject image",
    iterations: int = 200,
) -> TissueMap:
    """Register the MNI T1 template to a subject image and carry the atlas across.

    Parameters
    ----------
    image : ndarray
        The subject's 3-D FLAIR or T1 image, in the lesion mask's grid.
    affine : ndarray
        Its 4x4 voxel-to-mm affine.
    source : str
        Name of the subject image, for messages.
    iterations : int
        Gradient-descent iterations per resolution level.

    Returns
    -------
    TissueMap
        The atlas tissue classes on the subject grid (``cortex_is_reliable=False``).

    Notes
    -----
    A 12-parameter affine registration (Mattes mutual information [3]_, three resolution
    levels) aligns the head, the ventricles and the posterior fossa to within a few
    millimetres in adults without gross atrophy; it cannot follow individual gyri.
    """
    data = np.asarray(image, dtype=np.float32)
    if data.ndim != 3:
        raise MRIInputError(f"{source}: expected a 3-D image")
    if not np.any(data > 0):
        raise MRIInputError(f"{source}: the image is empty")
    atlas = template_tissue_map()
    t1, _, _, t_affine = _template_arrays()
    fixed = _to_sitk(data, affine)
    moving = _to_sitk(t1.astype(np.float32), t_affine)

    initial = sitk.CenteredTransformInitializer(
        fixed, moving, sitk.AffineTransform(3), sitk.CenteredTransformInitializerFilter.MOMENTS
    )
    reg = sitk.ImageRegistrationMethod()
    reg.SetMetricAsMattesMutualInformation(numberOfHistogramBins=32)
    reg.SetMetricSamplingStrategy(reg.RANDOM)
    reg.SetMetricSamplingPercentage(0.05, seed=1)
    reg.SetInterpolator(sitk.sitkLinear)
    reg.SetOptimizerAsRegularStepGradientDescent(
        learningRate=1.0, minStep=1e-4, numberOfIterations=iterations
    )
    reg.SetOptimizerScalesFromPhysicalShift()
    reg.SetShrinkFactorsPerLevel([4, 2, 1])
    reg.SetSmoothingSigmasPerLevel([2.0, 1.0, 0.0])
    reg.SetInitialTransform(initial, inPlace=False)
    transform = reg.Execute(fixed, moving)

    labels = _to_sitk(atlas.data, t_affine)
    warped = sitk.Resample(labels, fixed, transform, sitk.sitkNearestNeighbor, 0, sitk.sitkUInt8)
    codes = _from_sitk(warped)
    return TissueMap(codes, np.asarray(affine, float), f"{ATLAS_SOURCE}, registered to {source}",
                     cortex_is_reliable=False)


def _to_sitk(data: NDArray[np.generic], affine: NDArray[np.float64]) -> Any:
    """A SimpleITK image (LPS world) from a RAS-affine array."""
    ras_to_lps = np.diag([-1.0, -1.0, 1.0])
    zooms = np.linalg.norm(affine[:3, :3], axis=0)
    direction = ras_to_lps @ affine[:3, :3] / zooms
    origin = ras_to_lps @ affine[:3, 3]
    img = sitk.GetImageFromArray(np.ascontiguousarray(np.transpose(data, (2, 1, 0))))
    img.SetSpacing([float(v) for v in zooms])
    img.SetOrigin([float(v) for v in origin])
    img.SetDirection([float(v) for v in direction.ravel()])
    return img


def _from_sitk(img: Any) -> NDArray[np.uint8]:
    return np.ascontiguousarray(np.transpose(sitk.GetArrayFromImage(img), (2, 1, 0)), dtype=np.uint8)
