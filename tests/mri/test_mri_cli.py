"""The ``sclerodx mri`` command as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from tests.mri.mri_phantom import PLANTED, SHAPE, planted_mask
from typer.testing import CliRunner

import sclerodx.cli.mri
import sclerodx.cli.report  # noqa: F401  (both register their command on the shared app)
from sclerodx.case import Case, LesionLocation
from sclerodx.casefile import read_case, write_case
from sclerodx.cli.app import app
from sclerodx.criteria.dissemination import McDonaldArea, mri_evidence

runner = CliRunner()


@pytest.fixture
def files(tmp_path: Path, labels: np.ndarray, iso_affine: np.ndarray) -> dict[str, Path]:
    gd = np.zeros(SHAPE, dtype=np.uint8)
    gd[PLANTED[0].box] = 1
    arrays = {
        "lesions": planted_mask().astype(np.uint8),
        "labels": labels.astype(np.int16),
        "gd": gd,
        "baseline": np.zeros(SHAPE, dtype=np.uint8),
        "flipped": np.flip(planted_mask(), 0).astype(np.uint8),
    }
    paths = {}
    for name, data in arrays.items():
        aff = iso_affine if name != "flipped" else np.diag([-1.0, 1.0, 1.0, 1.0]) @ iso_affine
        paths[name] = tmp_path / f"{name}.nii.gz"
        nib.save(nib.Nifti1Image(data, aff), paths[name])
    paths["case"] = tmp_path / "case.json"
    write_case(Case(), paths["case"])
    return paths


def test_into_case_feeds_dis_and_dit(files: dict[str, Path], tmp_path: Path) -> None:
    figure = tmp_path / "overlay.png"
    args = [
        "mri", str(files["lesions"]), "--labels", str(files["labels"]),
        "--enhancing", str(files["gd"]), "--baseline", str(files["baseline"]),
        "--date", "2024-05-02", "--figure", str(figure), "--into", str(files["case"]),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{len(PLANTED)} lesions" in result.output
    assert "enhancing: 1" in result.output
    assert f"new: {len(PLANTED)}, enlarging: 0" in result.output
    assert figure.stat().st_size > 1000
    case = read_case(files["case"])
    (study,) = case.mri
    assert {lesion.location for lesion in study.lesions} == {p.location for p in PLANTED}
    evidence = mri_evidence(case)
    for area in (McDonaldArea.PERIVENTRICULAR, McDonaldArea.INFRATENTORIAL, McDonaldArea.SPINAL_CORD):
        assert evidence.area_evidence[area], area
    assert evidence.new_lesion.value is True
    assert evidence.simultaneous_enhancing.value is True
    # the same date again replaces the study instead of adding a second one
    again = runner.invoke(app, [*args[:2], "--labels", str(files["labels"]), "--date", "2024-05-02",
                                "--into", str(files["case"])])
    assert again.exit_code == 0, again.output
    (study,) = read_case(files["case"]).mri
    assert study.gadolinium is None


def test_json_output(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["mri", str(files["lesions"]), "--labels", str(files["labels"]),
                                 "--format", "json", "--date", "2024-01-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["inventory"]["n_lesions"] == len(PLANTED)
    assert data["inventory"]["count_by_location"][LesionLocation.PERIVENTRICULAR.value] == 1
    assert len(data["lesions"]) == len(PLANTED)
    assert data["study"]["date"] == "2024-01-01"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--date", "02/05/2024"], "--date: expected an ISO date"),
        (["--into", "x.json"], "--date: required with --into"),
        (["--figure", "out.jpg"], "--figure: expected a .png path"),
        (["--threshold", "2"], "threshold: expected a probability"),
        (["--labels", "missing.nii.gz"], "--labels: no such file"),
    ],
)
def test_invalid_input_exits_2(files: dict[str, Path], extra: list[str], message: str) -> None:
    result = runner.invoke(app, ["mri", str(files["lesions"]), *extra])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert extra[1] not in result.output  # the value sent is never echoed


def test_orientation_mismatch_is_reported(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["mri", str(files["flipped"]), "--labels", str(files["labels"])])
    assert result.exit_code == 2
    assert "orientation RAS does not match" in result.output


def test_into_needs_locations(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["mri", str(files["lesions"]), "--date", "2024-01-01",
                                 "--into", str(files["case"])])
    assert result.exit_code == 2
    assert "--into: lesions need locations" in result.output


def test_mask_on_the_fsl_mni_grid_needs_no_flag(tmp_path: Path) -> None:
    """A mask written on FSL's MNI152 1 mm grid gets the atlas and hemispheres unasked."""
    affine = np.array([[-1.0, 0, 0, 90], [0, 1, 0, -126], [0, 0, 1, -72], [0, 0, 0, 1]])
    mask = np.zeros((182, 218, 182), dtype=np.uint8)
    # a 5 mm cube in the right hemisphere's centrum semiovale, MNI (26..30, -10..-6, 30..34)
    i, j, k = (np.rint(np.linalg.inv(affine) @ [28.0, -8.0, 32.0, 1.0])[:3]).astype(int)
    mask[i - 2:i + 3, j - 2:j + 3, k - 2:k + 3] = 1
    path = tmp_path / "mni_mask.nii.gz"
    nib.save(nib.Nifti1Image(mask, affine), path)
    result = runner.invoke(app, ["mri", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["inventory"]["standard_space"] == "FSL MNI152 1 mm"
    assert out["inventory"]["labels"] is not None
    (lesion,) = out["lesions"]
    assert lesion["hemisphere"] == "right"
    assert lesion["location"] is not None
    # the brain atlas has no spinal cord or optic nerve: said, not implied absent
    assert {"spinal cord", "optic nerve"} <= set(out["inventory"]["areas_not_assessed"])
    text = runner.invoke(app, ["mri", str(path)]).output
    assert "not assessed from these images: spinal cord" in text


def test_report_says_which_areas_brain_images_did_not_assess(tmp_path: Path) -> None:
    """Issue 16 item 4: a brain-only study leaves the cord and optic nerves unknown, in the report too.

    McDonald 2017 counts the spinal cord, 2024 adds the optic nerve (Thompson et al. 2018;
    Montalban et al. 2025); brain images assess neither, so the filed report must name them
    as not examined rather than lesion-free.
    """
    affine = np.array([[-1.0, 0, 0, 90], [0, 1, 0, -126], [0, 0, 1, -72], [0, 0, 0, 1]])
    mask = np.zeros((182, 218, 182), dtype=np.uint8)
    i, j, k = (np.rint(np.linalg.inv(affine) @ [28.0, -8.0, 32.0, 1.0])[:3]).astype(int)
    mask[i - 2:i + 3, j - 2:j + 3, k - 2:k + 3] = 1
    path, case = tmp_path / "mni_mask.nii.gz", tmp_path / "case.json"
    nib.save(nib.Nifti1Image(mask, affine), path)
    write_case(Case(), case)
    added = runner.invoke(app, ["mri", str(path), "--date", "2024-05-02", "--into", str(case)])
    assert added.exit_code == 0, added.output
    assert "not assessed from these images: spinal cord" in added.output
    assert "not assessed from these images: optic nerve" in added.output
    unimaged = mri_evidence(read_case(case)).unimaged_areas
    assert {McDonaldArea.SPINAL_CORD, McDonaldArea.OPTIC_NERVE} <= unimaged
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(case), "-o", str(report)])
    assert result.exit_code == 0, result.output
    assert "not examined: spinal cord, optic nerve" in report.read_text(encoding="utf-8")
