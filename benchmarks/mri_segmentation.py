"""Segmentation from images (SAMSEG) against the expert consensus of the Lesjak data.

Run::

    export SCLERODX_SAMSEG=/path/to/run_samseg          # scripts/install_samseg.sh
    python benchmarks/mri_segmentation.py --cache /tmp/samseg_cache [--patients 07 19 26]
        [--threads 1] [--thresholds 0.1 0.2 0.3 0.4 0.5] [--tune 07]

``--cache DIR`` keeps SAMSEG's own output folder per patient (``DIR/patientNN``: ``seg.mgz``
and the lesion posterior ``posteriors/Lesions.mgz``), so a second run only re-scores and
any lesion threshold can be studied without segmenting again; the seconds SAMSEG took and
the load average around the run are kept in ``DIR/patientNN/timing.json``.

For each patient with full images (07, 19, 26: MNI-space, skull-stripped FLAIR and T1)
the script prints, for each threshold of the lesion posterior:

* voxel Dice against the consensus mask;
* lesion-wise recall, precision and F1: lesions are 26-connected components with a long
  axis of at least 3 mm (MAGNIMS, Filippi et al. 2016), and a lesion counts as detected
  when it overlaps the other mask by at least one voxel (the lesion-wise detection rule of
  the MSSEG challenge, Commowick et al. 2018);

then, at the threshold chosen on the ``--tune`` patients only (highest mean of Dice and
lesion-wise F1 there; the others are held out), the count of lesions per McDonald area from
SAMSEG's own labels against the inventory of the expert mask with the bundled MNI atlas
(the route a mask in MNI space takes), and the time per patient with the load average.

Measured on the 2-core development machine: see docs/mri.md ("Segmentation from images").

Anchors (issue 16): LST-AI Dice 0.62 on public test sets, SAMSEG below 0.56 in the same
comparison (Wiltgen et al. 2024); goal Dice >= 0.65 and lesion-wise F1 >= 0.6.

References
----------
Lesjak Ž et al. Neuroinformatics 2018;16:51-63. Cerri S et al. NeuroImage 2021;225:117471.
Commowick O et al. Objective evaluation of multiple sclerosis lesion segmentation using a
data management and processing infrastructure. Sci Rep 2018;8:13650.
Filippi M et al. Lancet Neurol 2016;15:292-303.
Wiltgen T et al. NeuroImage Clin 2024;42:103611.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import nibabel as nib
import numpy as np

from sclerodx.mri import (
    Grid,
    lesion_inventory,
    lesion_mask_from_array,
    mni_tissue_map,
    tissue_map_from_labels,
)
from sclerodx.mri.samseg import (
    LESION_THRESHOLD,
    SAMSEG_OUTPUT,
    Segmentation,
    read_samseg_output,
    rethreshold,
    run_samseg,
)

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "lesjak-open-ms-mri"
AREAS = ("periventricular", "juxtacortical", "cortical", "infratentorial", "deep_white_matter")
TIMING = "timing.json"


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


def segmentation(folder: Path, cache: Path | None, threads: int) -> tuple[Segmentation, dict[str, object]]:
    """SAMSEG's segmentation of one patient, from the cache when it is there."""
    flair = folder / "FLAIR.nii.gz"
    img = nib.load(flair)
    grid = Grid(tuple(int(n) for n in img.shape[:3]), np.asarray(img.affine, float))  # type: ignore[arg-type]
    if cache is not None and (cache / SAMSEG_OUTPUT).is_file():
        timing = json.loads((cache / TIMING).read_text()) if (cache / TIMING).is_file() else {}
        return read_samseg_output(cache, grid, source=f"SAMSEG on {flair}"), timing
    if cache is not None and cache.is_dir() and any(cache.iterdir()):
        raise SystemExit(f"{cache}: SAMSEG output without {SAMSEG_OUTPUT} (still running, or "
                         "stopped): leave it to finish, or empty the folder to segment again")
    load_before = os.getloadavg()
    started = time.perf_counter()
    seg = run_samseg(flair, folder / "T1.nii.gz", threads=threads, keep=cache)
    timing = {"seconds": round(time.perf_counter() - started), "threads": threads,
              "load_before": [round(x, 1) for x in load_before],
              "load_after": [round(x, 1) for x in os.getloadavg()]}
    if cache is not None:
        (cache / TIMING).write_text(json.dumps(timing))
    return seg, timing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--patients", nargs="+", default=["07", "19", "26"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--thresholds", nargs="+", type=float,
                        default=[0.1, 0.2, LESION_THRESHOLD.value, 0.4, 0.5])
    parser.add_argument("--tune", nargs="+", default=["07"],
                        help="patients the threshold is chosen on (the others are held out)")
    args = parser.parse_args()

    scores: dict[str, dict[float, dict[str, float]]] = {}
    kept: dict[str, tuple[Segmentation, dict[str, object], np.ndarray, np.ndarray]] = {}
    print(f"{'patient':<9}{'thresh':>7}{'dice':>7}{'recall':>8}{'prec':>7}{'F1':>7}{'n_auto':>8}{'n_exp':>7}")
    for pid in args.patients:
        folder = args.data / "mni" / f"patient{pid}"
        cache = args.cache / f"patient{pid}" if args.cache else None
        seg, timing = segmentation(folder, cache, args.threads)
        expert_img = nib.load(folder / "lesion_mask.nii.gz")
        expert = np.asarray(expert_img.dataobj) > 0.5
        affine = np.asarray(expert_img.affine, dtype=np.float64)
        kept[pid] = (seg, timing, expert, affine)
        scores[pid] = {}
        for t in args.thresholds:
            s = score(rethreshold(seg, t).lesions.data, expert, affine)
            scores[pid][t] = s
            print(f"{pid:<9}{t:7.2f}{s['dice']:7.3f}{s['recall']:8.3f}{s['precision']:7.3f}{s['f1']:7.3f}"
                  f"{s['n_auto']:8.0f}{s['n_expert']:7.0f}", flush=True)

    tune = [p for p in args.tune if p in scores]
    chosen = LESION_THRESHOLD.value
    if tune:
        chosen = max(args.thresholds, key=lambda t: float(np.mean(
            [(scores[p][t]["dice"] + scores[p][t]["f1"]) / 2 for p in tune])))
    print(f"\nthreshold chosen on {', '.join(tune) or 'none'}: {chosen:g} "
          f"(sclerodx default {LESION_THRESHOLD.value:g})")
    print(f"{'patient':<9}{'role':<9}{'dice':>6}{'recall':>8}{'prec':>7}{'F1':>6}{'s':>7}{'load':>6}"
          "   lesions per area, SAMSEG | expert (" + ", ".join(a[:6] for a in AREAS) + ")")
    for pid, (seg, timing, expert, affine) in kept.items():
        s = scores[pid].get(chosen) or score(rethreshold(seg, chosen).lesions.data, expert, affine)
        final = rethreshold(seg, chosen)
        auto_inv = lesion_inventory(final.lesions, tissue_map_from_labels(final.labels))
        expert_mask = lesion_mask_from_array(expert, affine)
        expert_inv = lesion_inventory(expert_mask, mni_tissue_map(expert_mask.grid))
        auto_c, exp_c = auto_inv.count_by_location(), expert_inv.count_by_location()
        areas = " ".join(f"{auto_c.get(a, 0):>3}" for a in AREAS) + " | " + " ".join(
            f"{exp_c.get(a, 0):>3}" for a in AREAS)
        seconds = float(timing.get("seconds", float("nan")))  # type: ignore[arg-type]
        load = timing.get("load_after", [float("nan")])[0]  # type: ignore[index]
        role = "tuning" if pid in tune else "held-out"
        print(f"{pid:<9}{role:<9}{s['dice']:6.3f}{s['recall']:8.3f}{s['precision']:7.3f}{s['f1']:6.3f}"
              f"{seconds:7.0f}{load:6.1f}   {areas}")
    held = [p for p in kept if p not in tune]
    if held:
        mean = {k: float(np.mean([scores[p][chosen][k] for p in held if chosen in scores[p]] or [np.nan]))
                for k in ("dice", "recall", "precision", "f1")}
        print(f"held-out mean: Dice {mean['dice']:.3f}, recall {mean['recall']:.3f}, "
              f"precision {mean['precision']:.3f}, F1 {mean['f1']:.3f}")
    print("goal (issue 16): Dice >= 0.65, lesion-wise F1 >= 0.6; anchors: LST-AI 0.62, SAMSEG < 0.56")


if __name__ == "__main__":
    main()
