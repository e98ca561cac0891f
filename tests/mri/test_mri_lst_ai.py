"""LST-AI adapter: input/output handling with a stand-in program; the real tool when installed."""

from __future__ import annotations

import shutil
import stat
import sys
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from sclerodx.mri import LSTAINotFoundError, MRIInputError, find_lst, lesion_inventory, run_lst_ai
from sclerodx.mri.lst_ai import LST_OUTPUT

FAKE = """#!{python}
import sys, pathlib
import numpy as np, nibabel as nib
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
mode = "{mode}"
if mode == "fail":
    print("cannot read", args["--flair"], file=sys.stderr)
    print("CUDA out of memory", file=sys.stderr)
    sys.exit(3)
flair = nib.load(args["--flair"])
data = np.zeros(flair.shape, dtype=np.uint8)
data[4:8, 4:8, 4:8] = 1
if mode == "ok":
    nib.save(nib.Nifti1Image(data, flair.affine), pathlib.Path(args["--output"]) / "{name}")
"""


def _program(tmp_path: Path, mode: str) -> str:
    path = tmp_path / f"lst-{mode}"
    path.write_text(FAKE.format(python=sys.executable, mode=mode, name=LST_OUTPUT))
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


@pytest.fixture
def images(tmp_path: Path) -> tuple[Path, Path]:
    affine = np.diag([0.9, 0.9, 3.0, 1.0])
    paths = []
    for name in ("flair", "t1"):
        path = tmp_path / f"{name}.nii.gz"
        nib.save(nib.Nifti1Image(np.ones((16, 16, 12), dtype=np.float32), affine), path)
        paths.append(path)
    return paths[0], paths[1]


def test_reads_the_mask_in_flair_space(tmp_path: Path, images: tuple[Path, Path]) -> None:
    mask = run_lst_ai(*images, executable=_program(tmp_path, "ok"))
    assert mask.source == "LST-AI on flair.nii.gz"
    assert mask.data.sum() == 64
    assert np.allclose(mask.affine, np.diag([0.9, 0.9, 3.0, 1.0]))
    (lesion,) = lesion_inventory(mask).records
    assert lesion.volume_ml == pytest.approx(64 * 0.9 * 0.9 * 3.0 / 1000)


def test_tool_failure_is_reported(tmp_path: Path, images: tuple[Path, Path]) -> None:
    expected = r"exit code 3: cannot read <value> \| CUDA out of memory"
    with pytest.raises(MRIInputError, match=expected) as caught:
        run_lst_ai(*images, executable=_program(tmp_path, "fail"))
    assert str(images[0]) not in str(caught.value)  # the tool's output, without the paths given


def test_missing_output_is_reported(tmp_path: Path, images: tuple[Path, Path]) -> None:
    with pytest.raises(MRIInputError, match=f"wrote no {LST_OUTPUT}"):
        run_lst_ai(*images, executable=_program(tmp_path, "silent"))


def test_missing_inputs_and_program(tmp_path: Path, images: tuple[Path, Path]) -> None:
    with pytest.raises(MRIInputError, match="t1: no such file"):
        run_lst_ai(images[0], tmp_path / "absent.nii.gz", executable=_program(tmp_path, "ok"))
    with pytest.raises(LSTAINotFoundError, match="no 'lst-not-here' program on PATH"):
        find_lst("lst-not-here")


@pytest.mark.realdata
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("lst") is None, reason="LST-AI is not installed")
def test_real_lst_ai_on_patient07(realdata: Path) -> None:
    folder = realdata / "mni" / "patient07"
    mask = run_lst_ai(folder / "FLAIR.nii.gz", folder / "T1.nii.gz")
    truth = np.asanyarray(nib.load(folder / "lesion_mask.nii.gz").dataobj) > 0
    dice = 2 * np.sum(mask.data & truth) / (mask.data.sum() + truth.sum())
    assert dice > 0.4
