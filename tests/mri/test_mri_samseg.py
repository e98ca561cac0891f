"""The SAMSEG adapter and ``sclerodx segment`` / ``sclerodx mri --flair --t1``.

Most tests run a stand-in ``run_samseg`` (a short Python script that checks the command
line it is given and writes a known segmentation), so they need no SAMSEG; the last test
runs the real SAMSEG on a downsampled Lesjak patient where it is installed.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from tests.mri.mri_phantom import PLANTED, SHAPE, head_labels, planted_mask
from typer.testing import CliRunner

import sclerodx.cli.mri
import sclerodx.cli.segment  # noqa: F401
from sclerodx.cli.app import app
from sclerodx.mri import Grid, MRIInputError, lesion_inventory, tissue_map_from_labels
from sclerodx.mri.lesion_extraction import LesionExtraction
from sclerodx.mri.samseg import (
    BIAS_CORRECTED_FLAIR,
    DEFAULT_RULE,
    LESION_LABEL,
    LESION_POSTERIOR,
    LESION_THRESHOLD,
    SAMSEG_OUTPUT,
    SAMSEG_VARIABLE,
    SamsegNotFoundError,
    find_samseg,
    read_samseg_output,
    reextract,
    rethreshold,
    run_samseg,
    samseg_command,
    write_segmentation,
)

runner = CliRunner()
#: A box of deep white matter (head_labels: 2) with a low lesion posterior.
FAINT = (slice(30, 34), slice(56, 60), slice(40, 44))

FAKE = """#!{python}
import os, shutil, sys
args = sys.argv[1:]
assert args[args.index("--lesion-mask-pattern") + 1] == "0", args  # T1 unconstrained
assert args[args.index("--lesion-mask-pattern") + 2] == "1", args  # FLAIR brighter than GM
assert "--lesion" in args
assert args[args.index("--save-posteriors") + 1] == "Lesions", args
out = args[args.index("--output") + 1]
print("AFFINE registration")
print("Fitting mesh to image data")
shutil.copy({seg!r}, out + "/seg.mgz")
os.makedirs(out + "/posteriors", exist_ok=True)
shutil.copy({posterior!r}, out + "/posteriors/Lesions.mgz")
"""


@pytest.fixture
def images(tmp_path: Path, iso_affine: np.ndarray) -> dict[str, Path]:
    """A phantom FLAIR and T1, and the segmentation the stand-in SAMSEG will return.

    The posterior is 0.9 in the planted lesions and 0.2 in a faint extra box of white matter
    (below the default threshold: SAMSEG's seg.mgz does not call it lesion either).
    """
    lesions = planted_mask()
    labels = head_labels()
    seg = np.where(lesions, LESION_LABEL, labels).astype(np.int32)
    posterior = np.where(lesions, 0.9, 0.0).astype(np.float32)
    posterior[FAINT] = 0.2
    paths = {"seg": tmp_path / "expected_seg.mgz", "flair": tmp_path / "flair.nii.gz",
             "t1": tmp_path / "t1.nii.gz", "posterior": tmp_path / "expected_lesions.mgz"}
    nib.save(nib.MGHImage(seg, iso_affine), paths["seg"])
    nib.save(nib.MGHImage(posterior, iso_affine), paths["posterior"])
    texture = 10.0 * (np.indices(SHAPE).sum(axis=0) % 3)  # NAWM median 110, robust SD 14.8
    flair = (labels > 0) * (100.0 + texture) + lesions * 80.0  # lesions >= 5 SDs above NAWM
    nib.save(nib.Nifti1Image(flair, iso_affine), paths["flair"])
    nib.save(nib.Nifti1Image((labels > 0) * 300.0, iso_affine), paths["t1"])
    return paths


@pytest.fixture
def fake_samseg(tmp_path: Path, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    program = tmp_path / "run_samseg"
    program.write_text(FAKE.format(python=sys.executable, seg=str(images["seg"]),
                                   posterior=str(images["posterior"])))
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv(SAMSEG_VARIABLE, str(program))
    return program


def test_command_line_follows_the_lesion_paper() -> None:
    cmd = samseg_command(Path("run_samseg"), Path("t1.nii"), Path("flair.nii"), Path("out"),
                         t2=Path("t2.nii"), threads=2)
    assert cmd[cmd.index("--input") + 1:cmd.index("--output")] == ["t1.nii", "flair.nii", "t2.nii"]
    assert cmd[cmd.index("--lesion-mask-pattern") + 1:cmd.index("--save-posteriors")] == ["0", "1", "1"]
    assert cmd[cmd.index("--save-posteriors") + 1] == "Lesions"  # the posterior, for the threshold
    assert cmd[-2:] == ["--threads", "2"]


def test_missing_samseg_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SAMSEG_VARIABLE, str(tmp_path / "nothing"))
    with pytest.raises(SamsegNotFoundError, match=SAMSEG_VARIABLE):
        find_samseg()
    monkeypatch.delenv(SAMSEG_VARIABLE)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("sclerodx.mri.samseg.DEFAULT_ENVIRONMENT", tmp_path / "absent")
    with pytest.raises(SamsegNotFoundError, match=r"install_samseg\.sh"):
        find_samseg()


def test_adapter_returns_lesions_and_aseg_labels(fake_samseg: Path, images: dict[str, Path]) -> None:
    lines: list[str] = []
    result = run_samseg(images["flair"], images["t1"], progress=lines.append)
    assert "Fitting mesh to image data" in lines
    assert np.array_equal(result.lesions.data, planted_mask())
    assert LESION_LABEL not in np.unique(result.labels.data)  # lesions folded into white matter
    inventory = lesion_inventory(result.lesions, tissue_map_from_labels(result.labels))
    assert {r.location for r in inventory.records} == {p.location for p in PLANTED}


def test_threshold_applies_to_the_posterior(fake_samseg: Path, images: dict[str, Path]) -> None:
    default = run_samseg(images["flair"], images["t1"])
    assert default.rule == DEFAULT_RULE
    assert default.threshold == DEFAULT_RULE.seed
    assert not default.lesions.data[FAINT].any()
    plain = rethreshold(default, LESION_THRESHOLD.value)  # SAMSEG's own cut-off
    assert plain.rule.grow == plain.threshold == LESION_THRESHOLD.value
    assert np.array_equal(plain.lesions.data, default.lesions.data)
    low = rethreshold(default, 0.15)
    assert np.array_equal(low.lesions.data, default.lesions.data | _box(FAINT))
    # back to the default: the faint box is tissue again (white matter), never label 99
    again = reextract(low, DEFAULT_RULE)
    assert np.array_equal(again.lesions.data, default.lesions.data)
    assert LESION_LABEL not in np.unique(again.labels.data)
    assert np.array_equal(run_samseg(images["flair"], images["t1"], threshold=0.15).lesions.data,
                          low.lesions.data)
    for bad in (1.5, 0.0, float("nan")):
        with pytest.raises(MRIInputError, match=r"^threshold: expected a probability") as caught:
            rethreshold(default, bad)
        assert "1.5" not in str(caught.value)
        assert "nan" not in str(caught.value)


def test_extraction_rules_read_samsegs_bias_corrected_flair(
    tmp_path: Path, images: dict[str, Path], iso_affine: np.ndarray
) -> None:
    """A faint posterior box with no confident core is left out by hysteresis growing,
    and taken in when it is FLAIR-bright white matter and FLAIR outliers may seed."""
    out = tmp_path / "samseg_out"
    (out / LESION_POSTERIOR).parent.mkdir(parents=True)
    for name, target in (("seg", SAMSEG_OUTPUT), ("posterior", LESION_POSTERIOR)):
        (out / target).write_bytes(images[name].read_bytes())
    grid = Grid(SHAPE, iso_affine)
    with pytest.raises(MRIInputError, match="needs the FLAIR image"):
        read_samseg_output(out, grid)  # the default rule reads FLAIR, and there is none
    without_flair = read_samseg_output(out, grid, threshold=LESION_THRESHOLD.value)
    seeded = LesionExtraction(seed=0.5, grow=0.15, flair_seed_z=4.0)
    with pytest.raises(MRIInputError, match=BIAS_CORRECTED_FLAIR):
        reextract(without_flair, seeded)
    labels = head_labels()
    flair = (labels > 0) * (100.0 + 10.0 * (np.indices(SHAPE).sum(axis=0) % 3))
    flair[FAINT] = 200.0  # ten robust SDs above NAWM
    flair[planted_mask()] = 200.0
    nib.save(nib.MGHImage(flair.astype(np.float32), iso_affine), out / BIAS_CORRECTED_FLAIR)
    segmentation = read_samseg_output(out, grid)
    assert segmentation.flair is not None
    hysteresis = reextract(segmentation, LesionExtraction(seed=0.5, grow=0.15))
    assert np.array_equal(hysteresis.lesions.data, planted_mask())
    assert np.array_equal(reextract(segmentation, seeded).lesions.data, planted_mask() | _box(FAINT))
    assert reextract(segmentation, seeded).rule is seeded
    with pytest.raises(MRIInputError, match="give one of them"):
        read_samseg_output(out, grid, threshold=0.3, rule=seeded)


def _box(box: tuple[slice, slice, slice]) -> np.ndarray:
    mask = np.zeros(SHAPE, dtype=bool)
    mask[box] = True
    return mask


def test_grids_must_match(fake_samseg: Path, images: dict[str, Path], tmp_path: Path) -> None:
    other = tmp_path / "t1_shifted.nii.gz"
    nib.save(nib.Nifti1Image(np.zeros(SHAPE), np.diag([2.0, 2.0, 2.0, 1.0])), other)
    with pytest.raises(MRIInputError, match="--t1"):
        run_samseg(images["flair"], other)
    with pytest.raises(MRIInputError, match="--flair: no such file"):
        run_samseg(tmp_path / "absent.nii.gz", images["t1"])


def test_failed_run_is_reported(images: dict[str, Path], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "run_samseg"
    program.write_text(f"#!{sys.executable}\nimport sys\nprint('out of memory')\nsys.exit(3)\n")
    program.chmod(0o755)
    monkeypatch.setenv(SAMSEG_VARIABLE, str(program))
    with pytest.raises(MRIInputError, match="exit code 3: out of memory"):
        run_samseg(images["flair"], images["t1"])


def test_segment_command_writes_the_three_files(fake_samseg: Path, images: dict[str, Path],
                                               tmp_path: Path) -> None:
    out = tmp_path / "seg"
    result = runner.invoke(app, ["segment", "--flair", str(images["flair"]), "--t1", str(images["t1"]),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "labels.nii.gz", "lesion_probability.nii.gz", "lesion_stats.csv", "lesions.nii.gz"]
    lesions = np.asarray(nib.load(out / "lesions.nii.gz").dataobj)
    assert np.array_equal(lesions > 0, planted_mask())
    rows = (out / "lesion_stats.csv").read_text().splitlines()
    assert rows[0] == "lesion,n_voxels,volume_ml"
    assert len(rows) - 1 == len(PLANTED) + 1  # the tiny voxel is a component too


def test_mri_with_images_segments_then_inventories(fake_samseg: Path, images: dict[str, Path]) -> None:
    result = runner.invoke(app, ["mri", "--flair", str(images["flair"]), "--t1", str(images["t1"]),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output[result.output.index("{"):])
    assert out["inventory"]["n_lesions"] == len(PLANTED)
    assert out["inventory"]["labels"].startswith("SAMSEG on flair.nii.gz")
    # brain images never show the optic nerves themselves: said plainly
    assert "optic nerve" in out["inventory"]["areas_not_assessed"]
    text = runner.invoke(app, ["mri", "--flair", str(images["flair"]), "--t1", str(images["t1"])]).output
    assert "McDonald areas not assessed (lesions there are unknown, not absent)" in text
    assert "not assessed from these images: optic nerve" in text


def test_threshold_option_reaches_the_posterior(fake_samseg: Path, images: dict[str, Path],
                                               tmp_path: Path) -> None:
    out = tmp_path / "seg"
    args = ["segment", "--flair", str(images["flair"]), "--t1", str(images["t1"]), "-o", str(out),
            "--threshold", "0.15"]
    assert runner.invoke(app, args).exit_code == 0
    assert np.asarray(nib.load(out / "lesions.nii.gz").dataobj)[FAINT].all()
    bad = runner.invoke(app, [*args[:-1], "2"])
    assert bad.exit_code == 2
    assert "threshold: expected a probability between 0 and 1" in bad.output


def test_mri_needs_a_mask_or_both_images(images: dict[str, Path]) -> None:
    assert "LESIONS: give a lesion mask" in runner.invoke(app, ["mri"]).output
    only_flair = runner.invoke(app, ["mri", "--flair", str(images["flair"])])
    assert only_flair.exit_code == 2
    assert "--flair/--t1" in only_flair.output


REAL = Path(__file__).parent / "fixtures" / "samseg"


@pytest.mark.slow
def test_real_samseg_on_a_downsampled_patient(tmp_path: Path) -> None:
    """SAMSEG itself, on Lesjak patient 07 at 3 mm (where SAMSEG is installed)."""
    try:
        find_samseg()
    except SamsegNotFoundError:
        pytest.skip("SAMSEG is not installed (scripts/install_samseg.sh)")
    result = run_samseg(REAL / "FLAIR_3mm.nii.gz", REAL / "T1_3mm.nii.gz",
                        threads=min(2, os.cpu_count() or 1))
    paths = write_segmentation(result, tmp_path)
    labels = np.unique(np.asarray(nib.load(paths["labels.nii.gz"]).dataobj))
    # the whole-brain labels are there in aseg numbering: white matter, cortex, ventricles
    assert {2, 3, 4, 41, 42, 43} <= set(labels.tolist())
    assert result.lesions.data.sum() > 0


def test_reextraction_does_not_depend_on_the_rule_applied_before(fake_samseg: Path,
                                                                   images: dict[str, Path]) -> None:
    default = run_samseg(images["flair"], images["t1"], threshold=LESION_THRESHOLD.value)
    detour = rethreshold(rethreshold(default, 0.15), LESION_THRESHOLD.value)
    assert np.array_equal(detour.labels.data, default.labels.data)
    assert np.array_equal(detour.lesions.data, default.lesions.data)
