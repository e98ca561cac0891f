"""``sclerodx segment``: lesions and brain labels from a FLAIR and a T1, with SAMSEG."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sclerodx.cli.app import app, fail

if TYPE_CHECKING:
    from sclerodx.mri.samseg import Segmentation

#: SAMSEG's own lines worth showing as a stage (it also prints histograms and numbers).
_STAGE = re.compile(r"^(AFFINE|Fitting|Multi-resolution|Lesion|Sampling|Computing|Writing|Saving)",
                    re.IGNORECASE)


def segment_images(flair: Path, t1: Path, t2: Path | None, threads: int,
                   threshold: float | None = None) -> Segmentation:
    """Run SAMSEG with a progress line on stderr; input errors end the command with exit 2.

    ``threshold`` is a plain lesion-posterior cut-off; without it lesions are extracted by
    ``sclerodx.mri.samseg.DEFAULT_RULE``.
    """
    from rich.console import Console

    from sclerodx.mri import MRIInputError
    from sclerodx.mri.samseg import run_samseg

    console = Console(stderr=True)
    started = time.perf_counter()
    with console.status("SAMSEG: starting") as status:
        stage = ["starting"]

        def show(line: str) -> None:
            if _STAGE.match(line):
                stage[0] = line[:60]
            status.update(f"SAMSEG ({time.perf_counter() - started:.0f} s): {stage[0]}")

        try:
            result = run_samseg(flair, t1, t2=t2, threads=threads, progress=show,
                                threshold=threshold)
        except MRIInputError as exc:
            fail(str(exc))
    console.print(f"SAMSEG finished in {result.seconds:.0f} s")
    return result


@app.command("segment")
def segment_command(
    flair: Annotated[Path, typer.Option(help="FLAIR image (NIfTI).")],
    t1: Annotated[Path, typer.Option(help="T1-weighted image on the FLAIR's grid (co-registered).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the results.")],
    t2: Annotated[Path | None, typer.Option(help="T2-weighted image on the same grid.")] = None,
    threads: Annotated[int, typer.Option(min=1, help="Threads SAMSEG may use.")] = 1,
    threshold: Annotated[
        float | None,
        typer.Option(help="A plain lesion-posterior threshold (SAMSEG's own is 0.3). Default: "
                     "lesion cores (posterior 0.7) grown to 0.05, plus white-matter voxels as bright "
                     "on FLAIR as those cores (sclerodx.mri.samseg.DEFAULT_RULE)."),
    ] = None,
) -> None:
    """Segment white-matter lesions and brain structures (decision support only).

    Writes OUTPUT/lesions.nii.gz (on the FLAIR grid), OUTPUT/labels.nii.gz (FreeSurfer aseg
    numbering), OUTPUT/lesion_probability.nii.gz (SAMSEG's lesion posterior) and
    OUTPUT/lesion_stats.csv. Give the lesions to ``sclerodx mri`` with
    ``--labels OUTPUT/labels.nii.gz``, or run ``sclerodx mri --flair ... --t1 ...`` directly.
    """
    from sclerodx.mri.samseg import write_segmentation

    result = segment_images(flair, t1, t2, threads, threshold)
    paths = write_segmentation(result, output)
    n_voxels = int(result.lesions.data.sum())
    typer.echo(f"lesion voxels: {n_voxels}")
    for path in paths.values():
        typer.echo(f"wrote {path}")
    typer.echo("Decision support only: check the segmentation against the images.")
