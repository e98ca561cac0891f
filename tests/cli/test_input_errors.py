"""Bad input on the command line: exit 2, one message naming the argument and what was
expected, never a traceback, never the path or value sent (house rule)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from typer.testing import CliRunner

import sclerodx.cli.emg
import sclerodx.cli.mri
import sclerodx.cli.qemg
import sclerodx.cli.report  # noqa: F401  (register the commands on the shared app)
from sclerodx.case import Case
from sclerodx.casefile import CaseFileError, read_case, write_case
from sclerodx.cli.app import app
from sclerodx.emg import emg_simulate

#: Planted in folder names, file names and contents; no message may repeat it.
SENTINEL = "Zebedee9Quixotefield"

runner = CliRunner()


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """A folder named with the sentinel, holding bad files named with it."""
    folder = tmp_path / SENTINEL
    folder.mkdir()
    (folder / f"{SENTINEL}.csv").write_text(f"a,b\n1,{SENTINEL}\n2,3\n")
    (folder / f"{SENTINEL}.nii.gz").write_bytes(SENTINEL.encode() * 10)
    mask = np.zeros((12, 12, 12), dtype=np.uint8)
    mask[4:8, 4:8, 4:8] = 1
    nib.save(nib.Nifti1Image(mask, np.eye(4)), folder / f"{SENTINEL}-mask.nii.gz")
    nib.save(nib.Nifti1Image(mask[:, :, :-1], np.eye(4)), folder / f"{SENTINEL}-image.nii.gz")
    whole = (folder / f"{SENTINEL}-mask.nii.gz").read_bytes()
    (folder / f"{SENTINEL}-truncated.nii").write_bytes(gzip.decompress(whole)[:400])
    (folder / f"{SENTINEL}-truncated.nii.gz").write_bytes(whole[: len(whole) // 2])
    (folder / f"{SENTINEL}.json").write_text(json.dumps(
        {"age": SENTINEL, "sex": SENTINEL, "emg": [{"muscle": SENTINEL}],
         "exam": {"motor": {SENTINEL: {"weakness": True}}}}))
    (folder / f"{SENTINEL}-broken.json").write_text('{"age": ' + SENTINEL)
    (folder / f"{SENTINEL}-list.json").write_text(f'["{SENTINEL}"]')
    (folder / f"{SENTINEL}-latin1.json").write_bytes(b'{"id": "\xff\xfe"}')
    (folder / f"{SENTINEL}-mups.csv").write_text(f"duration,amp\n{SENTINEL},3\n")
    np.save(folder / f"{SENTINEL}-emg.npy", emg_simulate(2.0, 10000.0, random_state=0).signal)
    return folder


CASES = [
    (["emg", "{d}/{s}.csv", "--muscle", "fdi", "--sampling-rate", "10000"], "RECORD: cannot be read"),
    (["emg", "{d}/{s}-absent.edf", "--muscle", "fdi"], "RECORD: no such file"),
    (["emg", "{d}/{s}.csv", "--muscle", "{s}"], "--muscle: unknown muscle"),
    (["emg", "{d}/{s}.csv", "--muscle", "fdi", "--side", "{s}"], "--side: expected"),
    (["emg", "{d}/{s}.csv", "--muscle", "fdi", "--figure", "{d}/{s}.jpg"], "--figure: expected"),
    (["emg", "{d}/{s}-emg.npy", "--muscle", "fdi", "--sampling-rate", "10000", "--figure",
      "{d}/{s}-absent/{s}.png"], "figure: cannot be written"),
    (["mri", "{d}/{s}-mask.nii.gz", "--figure", "{d}/{s}-absent/{s}.png"], "figure: cannot be written"),
    (["mri", "{d}/{s}.nii.gz"], "LESIONS: not a readable NIfTI/MGH image"),
    (["mri", "{d}/{s}-truncated.nii"], "LESIONS: not a readable NIfTI/MGH image"),
    (["mri", "{d}/{s}-truncated.nii.gz"], "LESIONS: not a readable NIfTI/MGH image"),
    (["mri", "{d}/{s}-absent.nii.gz"], "LESIONS: no such file"),
    (["mri", "{d}/{s}-mask.nii.gz", "--labels", "{d}/{s}-truncated.nii.gz"], "--labels: not a readable"),
    (["mri", "{d}/{s}-mask.nii.gz", "--labels", "{d}/{s}-mask.nii.gz"], "--labels: no FreeSurfer"),
    (["mri", "{d}/{s}-mask.nii.gz", "--image", "{d}/{s}-image.nii.gz"], "--image: shape"),
    (["mri", "{d}/{s}-mask.nii.gz", "--date", "2024-01-01", "--labels", "{d}/{s}-absent.nii.gz"],
     "--labels: no such file"),
    (["assess", "{d}/{s}.json"], "CASE.json: invalid case"),
    (["assess", "{d}/{s}-broken.json"], "CASE.json: not valid JSON"),
    (["assess", "{d}/{s}-list.json"], "CASE.json: expected a JSON object"),
    (["assess", "{d}/{s}-latin1.json"], "CASE.json: expected a UTF-8 JSON case file"),
    (["assess", "{d}/{s}-absent.json"], "CASE.json: no such case file"),
    (["report", "{d}/{s}.json", "-o", "{d}/{s}-absent/{s}.pdf"], "--output: expected a file in an existing"),
    (["report", "{d}/{s}.json", "-o", "{d}/{s}.docx"], "--output: expected a file name ending"),
    (["qemg", "--muscle", "{s}", "--mean-duration-ms", "10", "--mean-amplitude-uv", "500"],
     "--muscle: unknown muscle"),
    (["qemg", "--mups", "{d}/{s}-mups.csv", "--muscle", "biceps brachii"], "--mups: missing column"),
    (["qemg", "--mups", "{d}/{s}-absent.csv", "--muscle", "biceps brachii"], "--mups"),
    (["qemg", "--muscle", "biceps brachii", "--mean-duration-ms", "98765", "--mean-amplitude-uv", "500"],
     "--mean-duration-ms: expected a number from"),
    (["qemg", "--muscle", "biceps brachii", "--mean-duration-ms", "10", "--mean-amplitude-uv", "500",
      "--into", "{d}/{s}.json"], "--into: invalid case"),
    (["qemg", "--muscle", "biceps brachii", "--mean-duration-ms", "10", "--mean-amplitude-uv", "500",
      "--into", "{d}/{s}-absent.json"], "--into: no such case file"),
]


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[" ".join([*a[:1], e]) for a, e in CASES])
def test_bad_input_exits_2_naming_the_argument_never_the_value(bad: Path, args: list[str],
                                                               expected: str) -> None:
    result = runner.invoke(app, [a.format(d=bad, s=SENTINEL) for a in args])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: "), result.output
    assert expected in result.output, result.output
    assert "Traceback" not in result.output
    assert SENTINEL not in result.output, result.output
    assert "98765" not in result.output
    assert not list(bad.glob("*absent*")), "a failed command wrote something"
    assert not list(bad.glob(".*")), "a temporary file was left behind"


def test_a_failed_case_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    write_case(Case(), target)
    before = target.read_bytes()
    blocked = tmp_path / SENTINEL  # a folder where the case file should go: the rename fails
    blocked.mkdir()
    with pytest.raises(CaseFileError, match=r"^--into: cannot be written") as caught:
        write_case(Case(), blocked, argument="--into")
    assert SENTINEL not in str(caught.value)
    with pytest.raises(CaseFileError, match=r"^--into: cannot be written"):
        write_case(Case(), tmp_path / f"{SENTINEL}-absent" / "case.json", argument="--into")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["case.json", SENTINEL])
    assert list(blocked.iterdir()) == []
    assert target.read_bytes() == before
    assert read_case(target) == Case()


@pytest.mark.parametrize("args", [[SENTINEL], ["emg", "x.csv", "--muscle", "fdi", f"--format={SENTINEL}"],
                                  ["emg", "x.csv", "--muscle", "fdi", "--sampling-rate", SENTINEL]])
def test_usage_errors_do_not_repeat_the_value_typed(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert SENTINEL not in result.output
    assert "Traceback" not in result.output
