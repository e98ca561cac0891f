"""Segmentation from images (SAMSEG) against the expert consensus of the Lesjak data.

Run: ``python benchmarks/mri_segmentation.py [--data DIR] [--patients 07 19 26] [--threads 2]
[--cache DIR]``. Needs SAMSEG (``scripts/install_samseg.sh``); ``--cache`` keeps each
patient's segmentation so a second run only re-scores.

For each patient with full images (07, 19, 26: MNI-space, skull-stripped FLAIR and T1)
the script runs ``sclerodx.mri.samseg.run_samseg`` and prints:

* voxel Dice against the consensus mask;
* lesion-wise recall, precision and F1: lesions are 26-connected components with a long
  axis of at least 3 mm (MAGNIMS, Filippi et al. 2016), and a lesion counts as detected
  when it overlaps the other mask by at least one voxel (the lesion-wise detection rule of
  the MSSEG challenge, Commowick et al. 2018);
* the count of lesions per McDonald area from SAMSEG's own labels, against the inventory of
  the expert mask with the bundled MNI atlas (the route a mask in MNI space takes);
* seconds per patient on this machine.

Anchors (issue 16): LST-AI Dice 0.62 on public test sets, SAMSEG below 0.56 in the same
comparison (Wiltgen et al. 2024); goal Dice >= 0.65 and lesion-wise F1 >= 0.6.

References
----------
Lesjak Ž et al. Neuroinformatics 2018;16:51-63. Cerri S et al. NeuroImage 2021;225:117471.
Commowick O et al. Objective evaluation of multiple sclerosis lesion segmentation using a
data management and processing infrastructure. Sci Rep 2018;8:13650.
Filippi M et al. Lancet Neurol 2016;15:292-303.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import nibabel as nib
import numpy as np

from sclerodx.mri import (
    label_map_from_array,
    lesion_inventory,
    lesion_mask_from_array,
    load_label_map,
    load_lesion_mask,
    mni_tissue_map,
    tissue_map_from_labels,
)
from sclerodx.mri.samseg import run_samseg, write_segmentation

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "lesjak-open-ms-mri"
AREAS = ("periventricular", "juxtacortical", "cortical", "infratentorial", "deep_white_matter")


def lesion_ids(mask: np.ndarray, affine: np.ndarray) -> tuple[np.ndarray, int]:
    """Component ids of the lesions that count (long axis >= 3 mm), 0 elsewhere."""
    inv = lesion_inventory(lesion_mask_from_array(mask, affine, allow_empty=True))
    return inv.ids, inv.n_lesions


def detected(ids: np.ndarray, n: int, other: np.ndarray) -> int:
    """How many of the ``n`` lesions overlap ``other`` by at least one voxel."""
    hit = np.unique(ids[(ids > 0) & other])
    return int(hit.size) if n else 0


def score(auto: np.ndarray, expert: np.ndarray, affine: np.ndarray) -> dict[str, float]:
    dice = 2.0 * float((auto & expert).sum()) / max(float(auto.sum() + expert.sum()), 1.0)
    a_ids, n_a = lesion_ids(auto, affine)
    e_ids, n_e = lesion_ids(expert, affine)
    recall = detected(e_ids, n_e, auto) / n_e if n_e else float("nan")
    precision = detected(a_ids, n_a, expert) / n_a if n_a else float("nan")
    f1 = 2 * recall * precision / (recall + precision) if recall + precision > 0 else 0.0
    return {"dice": dice, "recall": recall, "precision": precision, "f1": f1,
            "n_auto": n_a, "n_expert": n_e}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--patients", nargs="+", default=["07", "19", "26"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()

    print(f"{'patient':<9}{'dice':>6}{'recall':>8}{'prec':>7}{'F1':>6}{'n_auto':>8}{'n_exp':>7}{'s':>7}"
          "   areas auto | expert (" + ", ".join(a[:6] for a in AREAS) + ")")
    rows = []
    for pid in args.patients:
        folder = args.data / "mni" / f"patient{pid}"
        cached = args.cache / f"patient{pid}" if args.cache else None
        started = time.perf_counter()
        if cached is not None and (cached / "labels.nii.gz").is_file():
            lesions = load_lesion_mask(cached / "lesions.nii.gz", allow_empty=True)
            labels = load_label_map(cached / "labels.nii.gz")
            seconds = float("nan")
        else:
            seg = run_samseg(folder / "FLAIR.nii.gz", folder / "T1.nii.gz", threads=args.threads)
            seconds = time.perf_counter() - started
            lesions, labels = seg.lesions, seg.labels
            if cached is not None:
                write_segmentation(seg, cached)
        expert_img = nib.load(folder / "lesion_mask.nii.gz")
        expert = np.asarray(expert_img.dataobj) > 0.5
        affine = np.asarray(expert_img.affine, dtype=np.float64)
        s = score(lesions.data, expert, affine)
        auto_inv = lesion_inventory(lesions, tissue_map_from_labels(
            label_map_from_array(labels.data, labels.affine)))
        expert_mask = lesion_mask_from_array(expert, affine)
        expert_inv = lesion_inventory(expert_mask, mni_tissue_map(expert_mask.grid))
        auto_c, exp_c = auto_inv.count_by_location(), expert_inv.count_by_location()
        areas = " ".join(f"{auto_c.get(a, 0):>3}" for a in AREAS) + " | " + " ".join(
            f"{exp_c.get(a, 0):>3}" for a in AREAS)
        print(f"{pid:<9}{s['dice']:6.3f}{s['recall']:8.3f}{s['precision']:7.3f}{s['f1']:6.3f}"
              f"{s['n_auto']:8.0f}{s['n_expert']:7.0f}{seconds:7.0f}   {areas}", flush=True)
        rows.append(s)
    if rows:
        mean = {k: float(np.nanmean([r[k] for r in rows])) for k in ("dice", "recall", "precision", "f1")}
        print(f"{'mean':<9}{mean['dice']:6.3f}{mean['recall']:8.3f}{mean['precision']:7.3f}{mean['f1']:6.3f}")
        print("goal (issue 16): Dice >= 0.65, lesion-wise F1 >= 0.6; anchors: LST-AI 0.62, SAMSEG < 0.56")


if __name__ == "__main__":
    main()
