"""Adapter for LST-AI, a lesion segmentation tool a user may have installed.

sclerodx does not segment lesions itself. Where LST-AI is installed (its ``lst`` command
on PATH, from ``pip install`` of its repository with its model weights), this adapter runs
it on a FLAIR and a T1 image into a temporary folder, reads the lesion mask it writes in
the FLAIR's original space (``space-orig_seg-lst.nii.gz``) and returns it as a checked
:class:`~sclerodx.mri.volumes.LesionMask`, ready for :func:`sclerodx.mri.lesion_inventory`.
No model is downloaded by sclerodx.

References
----------
.. [1] Wiltgen T, McGinnis J, Schlaeger S, et al. LST-AI: a deep learning ensemble for
   accurate MS lesion segmentation. NeuroImage Clin 2024;42:103611.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from sclerodx.api.redact import redact
from sclerodx.mri.volumes import LesionMask, MRIInputError, load_lesion_mask

#: Name of LST-AI's command-line program.
LST_EXECUTABLE = "lst"
#: The lesion mask LST-AI writes in the input FLAIR's own space.
LST_OUTPUT = "space-orig_seg-lst.nii.gz"


class LSTAINotFoundError(MRIInputError):
    """LST-AI is not installed (no ``lst`` program on PATH)."""


def find_lst(executable: str = LST_EXECUTABLE) -> Path:
    """Path of the LST-AI program, or :class:`LSTAINotFoundError` with what to install."""
    found = shutil.which(executable)
    if found is None:
        raise LSTAINotFoundError(
            f"LST-AI: no {executable!r} program on PATH; install LST-AI (and its model "
            "weights) to segment lesions, or pass a lesion mask instead"
        )
    return Path(found)


def lst_ai_command(
    program: Path, flair: Path, t1: Path, output: Path, temp: Path, *, device: str = "cpu"
) -> list[str]:
    """The LST-AI command line for one subject."""
    return [
        str(program), "--flair", str(flair), "--t1", str(t1),
        "--output", str(output), "--temp", str(temp), "--device", device,
    ]


def run_lst_ai(
    flair: str | os.PathLike[str],
    t1: str | os.PathLike[str],
    *,
    executable: str = LST_EXECUTABLE,
    device: str = "cpu",
    timeout_s: float = 3600.0,
) -> LesionMask:
    """Segment lesions with LST-AI and return the mask in the FLAIR's space.

    Parameters
    ----------
    flair, t1 : path-like
        NIfTI FLAIR and T1-weighted images of one subject.
    executable : str
        Name or path of the LST-AI program (default ``lst``).
    device : str
        ``cpu`` or a CUDA device number, passed to LST-AI's ``--device``.
    timeout_s : float
        Give up after this many seconds.

    Returns
    -------
    LesionMask
        May be empty (LST-AI found no lesion); its ``source`` names the FLAIR.
    """
    program = find_lst(executable)
    inputs = {"flair": Path(flair), "t1": Path(t1)}
    for name, path in inputs.items():
        if not path.is_file():
            raise MRIInputError(f"{name}: no such file")
    with tempfile.TemporaryDirectory(prefix="sclerodx-lst-") as work:
        output, temp = Path(work) / "output", Path(work) / "temp"
        output.mkdir()
        temp.mkdir()
        cmd = lst_ai_command(program, inputs["flair"], inputs["t1"], output, temp, device=device)
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise MRIInputError(f"LST-AI: no result after {timeout_s:g} s") from None
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            # without the paths it was given (a file name may identify a patient)
            sent = {text for p in (*inputs.values(), Path(work)) for text in (str(p), p.name)}
            raise MRIInputError(
                f"LST-AI failed with exit code {done.returncode}: " + redact(" | ".join(tail), sent)
            )
        result = output / LST_OUTPUT
        if not result.is_file():
            raise MRIInputError(f"LST-AI finished but wrote no {LST_OUTPUT} in its output folder")
        mask = load_lesion_mask(result, allow_empty=True, argument="LST-AI output")
    return LesionMask(mask.data, mask.affine, f"LST-AI on {inputs['flair'].name}")
