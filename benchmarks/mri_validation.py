"""Validation of the MRI lesion inventory on the Lesjak open MS data (30 patients + 1 longitudinal).

Run: ``python benchmarks/mri_validation.py [--data ../shared/data/lesjak-open-ms-mri]``

1. Cross-sectional (30 patients). For each patient, the consensus mask in MNI152 space is
   inventoried with the bundled MNI atlas (its default contact, a 2 mm gap, to absorb atlas-to-patient
   misfit) and the mask in the patient's own FLAIR space without labels. Printed: lesion
   count and volume, McDonald location counts, and the mask volume against the dataset's
   ``derived_lesion_volumes.csv`` (both spaces).
2. Longitudinal patient 01 (two visits, 203 days apart). Both raw FLAIR scans are
   resampled into the common space with the dataset's ITK transforms. Two exercises:
   (a) composition: a baseline mask from visit 1, a follow-up mask = baseline plus the
   expert lesion-change mask; every change component must come out new or enlarging;
   (b) end to end: lesions segmented on each visit by a plain FLAIR intensity threshold
   (robust z > 3.0 inside the brain mask; a crude stand-in for a segmentation tool),
   then new/enlarging lesions compared with the expert change mask (lesion-wise
   sensitivity and precision).

References
----------
Lesjak Ž et al. A novel public MR image dataset of multiple sclerosis patients with lesion
segmentations based on multi-rater consensus. Neuroinformatics 2018;16:51-63.
Lesjak Ž, Pernuš F, Likar B, Špiclin Ž. Validation of white-matter lesion change detection
methods on a novel publicly available MRI image database. Neuroinformatics 2016;14:403-420.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
import SimpleITK

from sclerodx.mri import (
    LesionChange,
    label_components,
    lesion_inventory,
    lesion_mask_from_array,
    load_lesion_mask,
    mni_tissue_map,
)

sitk: Any = SimpleITK
DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "lesjak-open-ms-mri"
LOCATIONS = ("periventricular", "juxtacortical", "infratentorial", "deep_white_matter", "unclassified")


def cross_sectional(data: Path) -> None:
    expected = {row["id"]: row for row in csv.DictReader((data / "derived_lesion_volumes.csv").open())}
    print("== 30 patients: MNI-space masks with the bundled MNI atlas (contact: ATLAS_CONTACT gap) ==")
    header = f"{'id':<10}{'n':>4}{'mL':>8}  " + "".join(f"{loc[:6]:>8}" for loc in LOCATIONS)
    print(header + f"{'areas':>6}{'dMNI':>8}{'n_fl':>6}{'mL_fl':>8}{'dFL':>8}")
    worst_mni = worst_flair = 0.0
    all_areas = []
    t0 = time.perf_counter()
    for pid in sorted(expected):
        mask = load_lesion_mask(data / "mni" / pid / "lesion_mask.nii.gz")
        inv = lesion_inventory(mask, mni_tissue_map(mask.grid))  # ATLAS_CONTACT by default
        counts = inv.count_by_location()
        areas = sum(counts.get(a, 0) > 0 for a in ("periventricular", "juxtacortical", "infratentorial"))
        all_areas.append(areas)
        flair = load_lesion_mask(data / "flair_space_1mm" / pid / "consensus_gt.nii.gz")
        inv_fl = lesion_inventory(flair)
        d_mni = inv.mask_volume_ml - float(expected[pid]["lesion_volume_ml_mni"])
        d_fl = inv_fl.mask_volume_ml - float(expected[pid]["lesion_volume_ml_flair_space"])
        worst_mni, worst_flair = max(worst_mni, abs(d_mni)), max(worst_flair, abs(d_fl))
        cells = "".join(f"{counts.get(loc, 0):>8}" for loc in LOCATIONS)
        print(
            f"{pid:<10}{inv.n_lesions:>4}{inv.total_volume_ml:>8.2f}  {cells}{areas:>6}"
            f"{d_mni:>8.3f}{inv_fl.n_lesions:>6}{inv_fl.total_volume_ml:>8.2f}{d_fl:>8.3f}"
        )
    elapsed = time.perf_counter() - t0
    print(f"largest |mask volume - dataset volume|: MNI {worst_mni:.4f} mL, FLAIR space {worst_flair:.4f} mL")
    print(
        f"patients with lesions in >= 2 of the 3 brain McDonald areas: "
        f"{sum(a >= 2 for a in all_areas)}/{len(all_areas)}; {elapsed:.1f} s for 60 inventories"
    )


def _to_common(path: Path, transform: Path, reference: Any) -> np.ndarray:
    moving = sitk.Cast(sitk.ReadImage(str(path)), sitk.sitkFloat32)
    tx = sitk.ReadTransform(str(transform))
    out = sitk.Resample(moving, reference, tx, sitk.sitkLinear, 0.0, sitk.sitkFloat32)
    return np.transpose(sitk.GetArrayFromImage(out), (2, 1, 0))


def _segment(flair: np.ndarray, brain: np.ndarray, z: float) -> np.ndarray:
    values = flair[brain]
    median = np.median(values)
    mad = np.median(np.abs(values - median)) * 1.4826
    return brain & ((flair - median) / mad > z)


def _lesionwise(truth: np.ndarray, detected: np.ndarray) -> tuple[int, int, int, int]:
    t_ids, n_t = label_components(truth)
    d_ids, n_d = label_components(detected)
    hit_t = np.unique(t_ids[detected & (t_ids > 0)]).size
    hit_d = np.unique(d_ids[truth & (d_ids > 0)]).size
    return hit_t, n_t, hit_d, n_d


def longitudinal(data: Path, z: float) -> None:
    folder = data / "longitudinal_patient01"
    brain_img = nib.load(folder / "brainmask_common_space.nii.gz")
    affine = np.asarray(brain_img.affine, dtype=np.float64)
    brain = np.asanyarray(brain_img.dataobj) > 0
    change = lesion_mask_from_array(
        np.asanyarray(nib.load(folder / "lesion_change_gt_common_space.nii.gz").dataobj), affine,
        source="lesion_change_gt",
    )
    reference = sitk.ReadImage(str(folder / "brainmask_common_space.nii.gz"))
    visits = [
        _to_common(folder / f"study{k}_FLAIR.nii.gz", folder / f"study{k}_FLAIR_to_common_space.txt",
                   reference)
        for k in (1, 2)
    ]
    masks = [_segment(v, brain, z) for v in visits]
    print("\n== longitudinal patient 01: visits 1 and 2 in the common space ==")
    print(f"grid {brain.shape}, voxel {np.round(np.linalg.norm(affine[:3, :3], axis=0), 3).tolist()} mm; "
          f"expert change mask {int(change.data.sum())} voxels")

    # (a) composition: follow-up = baseline + expert change
    base = lesion_mask_from_array(masks[0], affine, source="visit 1", allow_empty=True)
    follow = lesion_mask_from_array(masks[0] | change.data, affine, source="visit 1 + change")
    inv = lesion_inventory(follow, baseline=base, min_long_axis_mm=0.0)
    active = np.isin(inv.ids, [r.label for r in inv.records if r.change and r.change.is_active])
    hit_t, n_t, _, _ = _lesionwise(change.data, active)
    print(f"(a) composition: {hit_t}/{n_t} expert change components fall in lesions called new or "
          f"enlarging")

    # (b) end to end with threshold segmentation
    base = lesion_mask_from_array(masks[0], affine, source="visit 1", allow_empty=True)
    follow = lesion_mask_from_array(masks[1], affine, source="visit 2")
    inv = lesion_inventory(follow, baseline=base)
    n_new = sum(r.change is LesionChange.NEW for r in inv.records)
    n_enl = sum(r.change is LesionChange.ENLARGING for r in inv.records)
    active = np.isin(inv.ids, [r.label for r in inv.records if r.change and r.change.is_active])
    hit_t, n_t, hit_d, n_d = _lesionwise(change.data, active)
    print(f"(b) threshold z > {z}: visit 1 {int(masks[0].sum())} voxels, "
          f"visit 2 {int(masks[1].sum())} voxels; {inv.n_lesions} lesions >= 3 mm at visit 2, "
          f"{n_new} new, {n_enl} enlarging")
    print(f"    expert change components detected: {hit_t}/{n_t} "
          f"(sensitivity {hit_t / max(n_t, 1):.2f}); new/enlarging lesions on expert change: "
          f"{hit_d}/{n_d} (precision {hit_d / max(n_d, 1):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--z", type=float, default=3.0, help="FLAIR robust z threshold for (b)")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"--data: no such folder {args.data}")
    cross_sectional(args.data)
    longitudinal(args.data, args.z)


if __name__ == "__main__":
    main()
