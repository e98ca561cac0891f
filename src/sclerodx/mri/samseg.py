"""Lesion and whole-brain segmentation from a T1 and a FLAIR, with FreeSurfer's SAMSEG.

Why SAMSEG. A clinic has images, not masks, so sclerodx needs a segmenter that installs
from a package registry and needs nothing downloaded at run time. SAMSEG (PyPI
``samseg``) ships its probabilistic atlas and its lesion shape model (a variational
auto-encoder) inside the wheel, adapts to any contrast without retraining, runs on a CPU,
and segments the whole brain in the FreeSurfer ``aseg`` numbering (ventricles, cortex,
white matter, cerebellum, brainstem) together with white-matter lesions (label 99) [1]_
[2]_, which is exactly what the McDonald location rules need. The deep-learning tools that
score higher on public test sets (LST-AI [3]_ and nnU-Net models) fetch their weights at
run time, which this project cannot do. SAMSEG 0.4a0 pins ``numpy<2`` and its lesion
model needs TensorFlow, so it cannot share sclerodx's environment: it runs as a program
in an environment of its own (``scripts/install_samseg.sh`` makes it), called as a
subprocess, like the LST-AI adapter (:mod:`sclerodx.mri.lst_ai`).

Also considered, and why not: LST-AI [3]_ and the nnU-Net MS-lesion models (best Dice on
public sets, but their weights are fetched at run time, which the project forbids);
SynthSeg (whole-brain labels but no lesion class, and its model file comes with FreeSurfer,
not from a registry); LST-LPA/LGA (MATLAB/SPM toolboxes, not installable from a package
registry); FSL BIANCA (needs FSL and training masks from the same scanner); a FLAIR
intensity threshold (found 1 of 13 expert change regions, :mod:`benchmarks.mri_validation`).

Lesion threshold. SAMSEG's lesion posterior is the average of its MCMC samples [2]_; its
``seg.mgz`` calls a voxel lesion from a posterior of 0.3 (``run_samseg --threshold``
default). sclerodx asks SAMSEG to save that posterior (``--save-posteriors Lesions``) and
extracts the lesions itself (:data:`DEFAULT_RULE`: lesion cores at 0.7 grown by hysteresis
to 0.05, plus lesion-referenced FLAIR seeds, chosen on patient 07), so
:func:`reextract` can apply another rule of :mod:`sclerodx.mri.lesion_extraction`
(hysteresis growing, a FLAIR-hyperintensity gate, FLAIR outlier seeds, the 3 mm size rule)
without running SAMSEG again.
``benchmarks/mri_segmentation.py`` chooses among those rules on Lesjak patient 07 only and
reports 19 and 26 held out (docs/mri.md gives the figures). An earlier voxel-wise
FLAIR-hyperintensity post-processing, tried on patient 07 at k = 1.5-5 robust SDs above
normal-appearing white matter, gained lesion-wise F1 only by losing Dice and was dropped.

Lesion mode follows the SAMSEG lesion paper [2]_: lesions may only be brighter than grey
matter on FLAIR (``--lesion-mask-pattern 0 1`` for T1 then FLAIR), the constraint the
FreeSurfer documentation gives for T1 + FLAIR input.

Where the program is found, first match wins: the ``SCLERODX_SAMSEG`` environment variable
(path of ``run_samseg``), ``run_samseg`` on PATH, then the default environment that
``scripts/install_samseg.sh`` creates (:data:`DEFAULT_ENVIRONMENT`).

References
----------
.. [1] Puonti O, Iglesias JE, Van Leemput K. Fast and sequence-adaptive whole-brain
   segmentation using parametric Bayesian modeling. NeuroImage 2016;143:235-249.
.. [2] Cerri S, Puonti O, Meier DS, et al. A contrast-adaptive method for simultaneous
   whole-brain and lesion segmentation in multiple sclerosis. NeuroImage 2021;225:117471.
.. [3] Wiltgen T, McGinnis J, Schlaeger S, et al. LST-AI: a deep learning ensemble for
   accurate MS lesion segmentation. NeuroImage Clin 2024;42:103611.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sclerodx.api.redact import redact
from sclerodx.mri.components import label_components
from sclerodx.mri.labels import TissueClass, tissue_map_from_labels
from sclerodx.mri.lesion_extraction import (
    PROBABILITY_EXPECTED,
    LesionExtraction,
    extract_lesions,
    threshold_rule,
)
from sclerodx.mri.volumes import Grid, LabelMap, LesionMask, MRIInputError, check_same_grid, load_image

#: SAMSEG's command-line program.
SAMSEG_EXECUTABLE = "run_samseg"
#: Environment variable that names the program explicitly.
SAMSEG_VARIABLE = "SCLERODX_SAMSEG"
#: Where ``scripts/install_samseg.sh`` puts SAMSEG's own environment by default.
DEFAULT_ENVIRONMENT = Path(
    os.environ.get("XDG_DATA_HOME", str(Path.home() / ".local" / "share"))
) / "sclerodx" / "samseg"
#: SAMSEG's label for white-matter lesions (its ``modifiedFreeSurferColorLUT``).
LESION_LABEL = 99
#: The segmentation SAMSEG writes in the space of the first input image.
SAMSEG_OUTPUT = "seg.mgz"
#: SAMSEG's name for the lesion structure, and where ``--save-posteriors`` puts its posterior.
LESION_STRUCTURE = "Lesions"
LESION_POSTERIOR = Path("posteriors") / f"{LESION_STRUCTURE}.mgz"
#: SAMSEG's bias-corrected copy of the second input, the FLAIR (:func:`samseg_command`).
BIAS_CORRECTED_FLAIR = "mode02_bias_corrected.mgz"


@dataclass(frozen=True)
class LesionThreshold:
    """The lesion-posterior probability from which a voxel is called lesion."""

    value: float
    source: str


#: See the module docstring ("Lesion threshold") for how it was chosen and validated.
LESION_THRESHOLD = LesionThreshold(
    0.3,
    "run_samseg's default --threshold (FreeSurfer SAMSEG 0.4a0; Cerri et al., NeuroImage 2021 "
    "[2]); what a plain --threshold defaults to, and the baseline DEFAULT_RULE had to beat",
)
#: How :func:`run_samseg` extracts lesions from the posterior unless told otherwise (the rule,
#: its sources and how it was chosen: :mod:`sclerodx.mri.lesion_extraction`, "Default rule"):
#: lesion cores at posterior >= 0.7 grown by hysteresis into voxels >= 0.05, plus lesions
#: seeded by cerebral white-matter voxels as bright on FLAIR as the lower quartile of those
#: cores, and at least 4 robust SDs above NAWM.
DEFAULT_RULE = LesionExtraction(
    seed=0.7, grow=0.05, flair_seed_z=4.0, flair_seed_quantile=0.25,
    source="chosen on Lesjak patient 07 only by benchmarks/mri_segmentation.py (grid of 383 "
    "rules, highest mean of Dice and lesion-wise F1, ties within 0.01 to the fewest parts; it "
    "replaces SAMSEG's 0.3 because it gained >= 0.05 there without losing Dice: Dice 0.475 -> "
    "0.488, F1 0.46 -> 0.67); held-out figures for 19 and 26 in docs/mri.md",
)
#: The aseg label a lesion is written with, by the parenchymal tissue around it
#: (FreeSurferColorLUT: WM-hypointensities, Left-Cerebral-Cortex, Left-Thalamus,
#: Brain-Stem, Left-Cerebellum-White-Matter, Spinal-Cord, Optic-Chiasm).
_FILL_LABEL: dict[TissueClass, int] = {
    TissueClass.CEREBRAL_WHITE_MATTER: 77,
    TissueClass.CEREBRAL_CORTEX: 3,
    TissueClass.DEEP_GREY_MATTER: 10,
    TissueClass.BRAINSTEM: 16,
    TissueClass.CEREBELLUM: 7,
    TissueClass.SPINAL_CORD: 126,
    TissueClass.OPTIC_NERVE: 85,
}


class SamsegNotFoundError(MRIInputError):
    """SAMSEG is not installed where sclerodx looks for it."""


@dataclass(frozen=True)
class Segmentation:
    """What :func:`run_samseg` returns, on the FLAIR's grid.

    ``lesions`` is what ``rule`` extracts from ``probability``, SAMSEG's lesion posterior
    (:func:`sclerodx.mri.lesion_extraction.extract_lesions`); ``labels`` is SAMSEG's
    aseg-numbered map with every lesion given the label of the tissue around it
    (:func:`fill_lesions`); the posterior and ``flair`` (SAMSEG's bias-corrected FLAIR,
    when it wrote one) are kept so that another rule can be applied without segmenting
    again (:func:`reextract`, :func:`rethreshold`). ``tissue`` is SAMSEG's map with its own
    lesions given back to their tissue and no lesion in it: every rule fills its lesions
    into that map, so a result never depends on the rule applied before.
    """

    lesions: LesionMask
    labels: LabelMap
    probability: NDArray[np.float32]
    rule: LesionExtraction
    seconds: float
    command: tuple[str, ...]
    flair: NDArray[np.float32] | None = None
    tissue: NDArray[np.int32] | None = None

    @property
    def threshold(self) -> float:
        """The posterior from which a voxel seeds a lesion."""
        return self.rule.seed


def find_samseg() -> Path:
    """Path of ``run_samseg``, or :class:`SamsegNotFoundError` saying how to install it."""
    named = os.environ.get(SAMSEG_VARIABLE)
    if named:
        if not Path(named).is_file():
            raise SamsegNotFoundError(f"{SAMSEG_VARIABLE}: no such file (expected the path of run_samseg)")
        return Path(named)
    found = shutil.which(SAMSEG_EXECUTABLE)
    if found is not None:
        return Path(found)
    default = DEFAULT_ENVIRONMENT / "bin" / SAMSEG_EXECUTABLE
    if default.is_file():
        return default
    raise SamsegNotFoundError(
        "SAMSEG: not installed; run scripts/install_samseg.sh (it makes SAMSEG's own "
        f"environment in {DEFAULT_ENVIRONMENT}), or set {SAMSEG_VARIABLE} to the path of run_samseg"
    )


def samseg_command(
    program: Path, t1: Path, flair: Path, output: Path, *, t2: Path | None = None, threads: int = 1
) -> list[str]:
    """The SAMSEG lesion-mode command line for one subject (T1 first, then FLAIR, then T2).

    Lesions must be brighter than grey matter on FLAIR and, when given, on T2 (``1``);
    the T1 is left unconstrained (``0``) [2]_.
    """
    inputs = [t1, flair, *([t2] if t2 is not None else [])]
    pattern = ["0", "1", *(["1"] if t2 is not None else [])]
    return [
        str(program), "--input", *map(str, inputs), "--output", str(output),
        "--lesion", "--lesion-mask-pattern", *pattern, "--save-posteriors", LESION_STRUCTURE,
        "--threads", str(threads),
    ]


def _grid_of(path: Path, argument: str) -> Grid:
    """The grid of an image from its header alone (the voxels are SAMSEG's to read)."""
    import nibabel as nib

    if not path.is_file():
        raise MRIInputError(f"{argument}: no such file")
    try:
        img: Any = nib.load(path)
        shape = tuple(int(n) for n in img.shape[:3])
        affine = np.asarray(img.affine, dtype=np.float64)
    except Exception:  # nibabel raises several unrelated types for unreadable files
        raise MRIInputError(f"{argument}: not a readable NIfTI/MGH image") from None
    if len(shape) != 3 or any(len(img.shape) > 3 and n != 1 for n in img.shape[3:]):
        raise MRIInputError(f"{argument}: expected a 3-D image")
    return Grid((shape[0], shape[1], shape[2]), affine)


def _volume_on(grid: Grid, path: Path) -> NDArray[np.float32]:
    """Read one of SAMSEG's output volumes and check it lies on the input grid."""
    if not path.is_file():
        raise MRIInputError(f"SAMSEG finished but wrote no {path.name}")
    data, affine = load_image(path, argument=f"SAMSEG output {path.name}")
    check_same_grid(grid, Grid((data.shape[0], data.shape[1], data.shape[2]), affine),
                    reference_name="FLAIR", other_name=f"SAMSEG output {path.name}")
    return data


def _rule(threshold: float | None, rule: LesionExtraction | None) -> LesionExtraction:
    """The extraction rule from the ``threshold``/``rule`` arguments (at most one given)."""
    if threshold is not None and rule is not None:
        raise MRIInputError("threshold, rule: give one of them, not both")
    if rule is not None:
        return rule
    if threshold is None:
        return DEFAULT_RULE
    try:
        return threshold_rule(threshold, "--threshold")
    except MRIInputError:  # the rule's own range check, reported under the argument's name
        raise MRIInputError(f"threshold: {PROBABILITY_EXPECTED}", field="threshold") from None


def read_samseg_output(
    folder: str | os.PathLike[str],
    grid: Grid,
    *,
    threshold: float | None = None,
    rule: LesionExtraction | None = None,
    flair: str | os.PathLike[str] | None = None,
    source: str = "SAMSEG",
    seconds: float = float("nan"),
    command: tuple[str, ...] = (),
) -> Segmentation:
    """Turn a SAMSEG lesion-mode output folder into a :class:`Segmentation` on ``grid``.

    Reads ``seg.mgz``, the lesion posterior (``posteriors/Lesions.mgz``, written by
    ``--save-posteriors Lesions``) and SAMSEG's bias-corrected FLAIR (or, where SAMSEG wrote
    none, the ``flair`` image given); lesions are extracted by ``rule`` (default
    :data:`DEFAULT_RULE`), or by a plain ``threshold``.
    """
    chosen = _rule(threshold, rule)
    out = Path(folder)
    labels = np.rint(_volume_on(grid, out / SAMSEG_OUTPUT)).astype(np.int32)
    probability = np.clip(_volume_on(grid, out / LESION_POSTERIOR), 0.0, 1.0).astype(np.float32)
    flair_path = out / BIAS_CORRECTED_FLAIR if (out / BIAS_CORRECTED_FLAIR).is_file() else flair
    flair_data = None if flair_path is None else _volume_on(grid, Path(flair_path))
    # SAMSEG's own lesions (its default threshold) get their tissue back first, so that a
    # voxel the rule leaves out is tissue, never label 99.
    tissue = fill_lesions(labels, labels == LESION_LABEL, grid.affine)
    return _extracted(Segmentation(LesionMask(labels == LESION_LABEL, grid.affine, source),
                                   LabelMap(tissue, grid.affine, source), probability, chosen,
                                   seconds, command, flair_data, tissue), chosen)


def _extracted(segmentation: Segmentation, rule: LesionExtraction) -> Segmentation:
    """``segmentation`` with its lesions extracted again by ``rule``."""
    affine = segmentation.lesions.affine
    source = segmentation.lesions.source
    tissue = segmentation.labels.data if segmentation.tissue is None else segmentation.tissue
    base = LabelMap(tissue, affine, source)
    lesion = extract_lesions(
        segmentation.probability, rule, affine, flair=segmentation.flair,
        tissue=tissue_map_from_labels(base).data if rule.needs_flair else None,
    )
    return Segmentation(
        lesions=LesionMask(lesion, affine, source),
        labels=LabelMap(fill_lesions(tissue, lesion, affine), affine, source),
        probability=segmentation.probability,
        rule=rule,
        seconds=segmentation.seconds,
        command=segmentation.command,
        flair=segmentation.flair,
        tissue=tissue,
    )


def reextract(segmentation: Segmentation, rule: LesionExtraction) -> Segmentation:
    """The same segmentation with its lesions extracted from the posterior by another ``rule``."""
    if rule.needs_flair and segmentation.flair is None:
        raise MRIInputError(f"lesion rule {rule.label}: SAMSEG wrote no {BIAS_CORRECTED_FLAIR} "
                            "and no FLAIR was given")
    return _extracted(segmentation, rule)


def rethreshold(segmentation: Segmentation, threshold: float) -> Segmentation:
    """The same segmentation with the lesion posterior cut at another ``threshold``."""
    return reextract(segmentation, _rule(threshold, None))


def run_samseg(
    flair: str | os.PathLike[str],
    t1: str | os.PathLike[str],
    *,
    t2: str | os.PathLike[str] | None = None,
    threads: int = 1,
    threshold: float | None = None,
    rule: LesionExtraction | None = None,
    timeout_s: float = 3600.0,
    progress: Callable[[str], None] | None = None,
    keep: str | os.PathLike[str] | None = None,
) -> Segmentation:
    """Segment the brain and its white-matter lesions with SAMSEG.

    Parameters
    ----------
    flair, t1 : path-like
        NIfTI images of one subject on the same grid (co-registered).
    t2 : path-like, optional
        A T2-weighted image on the same grid, used as a third contrast.
    threads : int
        Threads SAMSEG may use.
    threshold : float, optional
        Lesion-posterior probability from which a voxel is lesion (a plain threshold).
    rule : LesionExtraction, optional
        How lesions are extracted from the posterior (default :data:`DEFAULT_RULE`);
        give ``threshold`` or ``rule``, not both.
    timeout_s : float
        Give up after this many seconds.
    progress : callable, optional
        Called with each line SAMSEG prints (for a progress display).
    keep : path-like, optional
        Folder where SAMSEG's own output is kept (default: a temporary folder, removed);
        :func:`read_samseg_output` reads it again later.

    Returns
    -------
    Segmentation
        The lesion mask, the lesion posterior and the aseg-numbered label map, all on the
        FLAIR grid.
    """
    if threads < 1:
        raise MRIInputError("threads: expected a whole number >= 1")
    chosen = _rule(threshold, rule)
    program = find_samseg()
    paths = {"flair": Path(flair), "t1": Path(t1), **({"t2": Path(t2)} if t2 is not None else {})}
    grids = {name: _grid_of(path, f"--{name}") for name, path in paths.items()}
    for name in ("t1", "t2"):
        if name in grids:
            check_same_grid(grids["flair"], grids[name], reference_name="--flair", other_name=f"--{name}")
    with tempfile.TemporaryDirectory(prefix="sclerodx-samseg-") as scratch:
        work = Path(keep) if keep is not None else Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        cmd = samseg_command(program, paths["t1"], paths["flair"], work, t2=paths.get("t2"),
                             threads=threads)
        started = time.perf_counter()
        tail: list[str] = []
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "OMP_NUM_THREADS": str(threads)}) as proc:
            assert proc.stdout is not None
            try:
                for line in proc.stdout:
                    tail = [*tail[-4:], line.rstrip()]
                    if progress is not None:
                        progress(line.rstrip())
                    if time.perf_counter() - started > timeout_s:
                        proc.kill()
                        raise MRIInputError(f"SAMSEG: no result after {timeout_s:g} s")
            finally:
                returncode = proc.wait()
        if returncode != 0:
            # the tool's last lines, without the paths it was given (a file name may identify a patient)
            sent = {text for p in (*paths.values(), work) for text in (str(p), p.name)}
            raise MRIInputError(f"SAMSEG failed with exit code {returncode}: "
                                + redact(" | ".join(tail), sent))
        return read_samseg_output(work, grids["flair"], rule=chosen, flair=paths["flair"],
                                  source=f"SAMSEG on {paths['flair'].name}",
                                  seconds=time.perf_counter() - started, command=tuple(cmd))


def fill_lesions(labels: NDArray[np.int32], lesion: NDArray[np.bool_],
                 affine: NDArray[np.float64]) -> NDArray[np.int32]:
    """Give each lesion the aseg label of the tissue that surrounds it.

    SAMSEG writes lesion voxels as label 99 in place of the tissue they lie in, which would
    hide from the location rules whether a lesion is in the brainstem, the cerebellum or
    the cord. Each lesion (26-connected) takes the tissue class most common in the one-voxel
    shell around it, among parenchymal classes (CSF never: a periventricular lesion borders
    the ventricle but lies in white matter), and is written with that class's aseg label;
    a lesion with no parenchyma around it counts as white matter (aseg's WM-hypointensities).
    """
    from scipy import ndimage

    ids, n = label_components(lesion)
    if n == 0:
        return labels
    tissue = tissue_map_from_labels(LabelMap(np.where(lesion, 0, labels).astype(np.int32), affine,
                                             "SAMSEG")).data
    neighbour = ndimage.grey_dilation(ids, size=(3, 3, 3))
    shell = (neighbour > 0) & (ids == 0)
    classes, owner = tissue[shell].astype(np.int64), neighbour[shell].astype(np.int64)
    fill_table = np.zeros(len(TissueClass), dtype=np.int32)
    for cls, label in _FILL_LABEL.items():
        fill_table[cls] = label
    parenchyma = fill_table[classes] > 0
    width = len(TissueClass)
    counts = np.bincount(owner[parenchyma] * width + classes[parenchyma],
                         minlength=(n + 1) * width).reshape(n + 1, width)
    majority = np.where(counts.sum(axis=1) > 0, counts.argmax(axis=1), TissueClass.CEREBRAL_WHITE_MATTER)
    out = labels.copy()
    out[ids > 0] = fill_table[majority][ids[ids > 0]]
    return out


def write_segmentation(segmentation: Segmentation, folder: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``lesions.nii.gz``, ``labels.nii.gz``, ``lesion_probability.nii.gz`` and ``lesion_stats.csv``.

    Files are written into a staging folder inside ``folder`` and moved into place, so a
    folder never holds half-written files.
    """
    import nibabel as nib

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    affine = segmentation.lesions.affine
    ids, n = label_components(segmentation.lesions.data)
    voxel_ml = abs(float(np.linalg.det(affine[:3, :3]))) / 1000.0
    counts = np.bincount(ids.ravel(), minlength=n + 1)[1:]
    with tempfile.TemporaryDirectory(prefix=".sclerodx-segment-", dir=out) as staging:
        stage = Path(staging)
        nifti: Any = nib.Nifti1Image
        nib.save(nifti(segmentation.lesions.data.astype(np.uint8), affine), stage / "lesions.nii.gz")
        nib.save(nifti(segmentation.labels.data.astype(np.int16), affine), stage / "labels.nii.gz")
        nib.save(nifti(segmentation.probability.astype(np.float32), affine),
                 stage / "lesion_probability.nii.gz")
        with open(stage / "lesion_stats.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["lesion", "n_voxels", "volume_ml"])
            for k, count in enumerate(counts.tolist(), start=1):
                writer.writerow([k, count, round(count * voxel_ml, 4)])
        paths = {}
        for name in ("lesions.nii.gz", "labels.nii.gz", "lesion_probability.nii.gz", "lesion_stats.csv"):
            paths[name] = out / name
            os.replace(stage / name, paths[name])
    return paths
