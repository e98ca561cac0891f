"""``sclerodx mri``: the McDonald lesion inventory of a lesion mask, printed or stored."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from numpy.typing import NDArray
from pydantic import ValidationError

from sclerodx.case import Case
from sclerodx.casefile import CaseFileError, read_case, write_case
from sclerodx.cli.app import app, fail
from sclerodx.cli.segment import segment_images
from sclerodx.exceptions import describe_validation_error
from sclerodx.mri import (
    Grid,
    LesionInventory,
    MRIInputError,
    TissueMap,
    check_same_grid,
    inventory_to_mri_study,
    lesion_inventory,
    load_image,
    load_label_map,
    load_lesion_mask,
    mni_tissue_map,
    plot_inventory,
    register_mni_tissue_map,
    tissue_map_from_labels,
)
from sclerodx.mri.space import mni_grid_name
from sclerodx.mri.volumes import LesionMask


class _Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def _image_on_grid(path: Path, mask: LesionMask) -> NDArray[np.float32]:
    data, affine = load_image(path, argument="--image")
    shape = (data.shape[0], data.shape[1], data.shape[2])
    check_same_grid(mask.grid, Grid(shape, affine), reference_name=mask.source, other_name="--image")
    return data


def _tissue(
    mask: LesionMask,
    labels: Path | None,
    mni: bool,
    image: NDArray[np.float32] | None,
    image_path: Path | None,
) -> TissueMap | None:
    if labels is not None:
        return tissue_map_from_labels(load_label_map(labels, argument="--labels"))
    if mni or mni_grid_name(mask.grid) is not None:
        return mni_tissue_map(mask.grid)
    if image is not None and image_path is not None:
        return register_mni_tissue_map(image, mask.affine, source="--image")
    return None


def _file_name(source: str | None, names: dict[str, Path | None]) -> str | None:
    """The file name behind an argument name (``LESIONS``, ``--labels``), for provenance."""
    path = names.get(source or "")
    return path.name if path is not None else source


def _summary(inv: LesionInventory) -> dict[str, Any]:
    changes = [r.change.value for r in inv.records if r.change is not None]
    return {
        "source": inv.source,
        "labels": inv.tissue_source,
        "grid": {
            "shape": list(inv.grid.shape),
            "voxel_mm": [round(float(z), 3) for z in inv.grid.zooms],
            "orientation": inv.grid.orientation,
        },
        "connectivity": inv.connectivity,
        "min_long_axis_mm": inv.min_long_axis_mm,
        "min_volume_mm3": inv.min_volume_mm3,
        "contact_mm": round(inv.contact_mm, 3),
        "n_lesions": inv.n_lesions,
        "n_below_minimum": inv.n_below_minimum,
        "total_volume_ml": round(inv.total_volume_ml, 3),
        "mask_volume_ml": round(inv.mask_volume_ml, 3),
        "standard_space": inv.standard_space,
        "areas_not_assessed": inv.areas_not_assessed(),
        "count_by_location": inv.count_by_location(),
        "volume_ml_by_location": {k: round(v, 3) for k, v in inv.volume_by_location().items()},
        "n_enhancing": (
            sum(bool(r.enhancing) for r in inv.records) if inv.has_enhancement_mask else None
        ),
        "n_new": changes.count("new") if inv.has_baseline else None,
        "n_enlarging": changes.count("enlarging") if inv.has_baseline else None,
    }


def _print_text(summary: dict[str, Any], inv: LesionInventory) -> None:
    grid = summary["grid"]
    typer.echo(
        f"{summary['source']}: {grid['shape']} voxels of {grid['voxel_mm']} mm, "
        f"{grid['orientation']}"
    )
    if summary["standard_space"]:
        typer.echo(f"grid: recognised as {summary['standard_space']} (bundled MNI atlas used "
                   "unless --labels are given; hemispheres from MNI x)")
    typer.echo(f"labels: {summary['labels'] or 'none (no McDonald locations)'}")
    typer.echo(
        f"{summary['n_lesions']} lesions, {summary['total_volume_ml']} mL "
        f"({summary['n_below_minimum']} components below {summary['min_long_axis_mm']:g} mm "
        f"dropped; mask {summary['mask_volume_ml']} mL)"
    )
    for location, count in summary["count_by_location"].items():
        volume = summary["volume_ml_by_location"][location]
        typer.echo(f"  {location.replace('_', ' '):<18} {count:>4}  {volume:8.3f} mL")
    if summary["n_enhancing"] is not None:
        typer.echo(f"enhancing: {summary['n_enhancing']}")
    if summary["n_new"] is not None:
        typer.echo(f"new: {summary['n_new']}, enlarging: {summary['n_enlarging']}")
    if summary["areas_not_assessed"]:
        typer.echo("McDonald areas not assessed (lesions there are unknown, not absent):")
    for area, reason in summary["areas_not_assessed"].items():
        typer.echo(f"  not assessed from these images: {area} ({reason})")
    typer.echo("lesion  location            mL   long axis mm  centroid x, y, z mm   side     slice  flags")
    for r in inv.records:
        flags = ["enhancing"] if r.enhancing else []
        if r.change is not None and r.change.is_active:
            flags.append(r.change.value)
        location = r.location.value.replace("_", " ") if r.location else "unclassified"
        centroid = ", ".join(f"{c:.0f}" for c in r.centroid_mm)
        typer.echo(
            f"{r.label:>6}  {location:<18} {r.volume_ml:7.3f}  {r.long_axis_mm:12.1f}  "
            f"{centroid:<20} {r.hemisphere or '-':<8} {r.axial_slice:>5}  {' '.join(flags)}"
        )


@app.command("mri")
def mri_command(
    lesions: Annotated[
        Path | None,
        typer.Argument(help="Lesion mask (NIfTI), binary or probabilistic; or give --flair and --t1."),
    ] = None,
    labels: Annotated[
        Path | None,
        typer.Option(help="Label map on the same grid (FreeSurfer aseg / SynthSeg numbers)."),
    ] = None,
    mni: Annotated[
        bool,
        typer.Option(
            "--mni",
            help="The mask is in MNI152 space: use the bundled atlas (standard FSL and ICBM "
            "MNI152 grids are recognised without it).",
        ),
    ] = False,
    image: Annotated[
        Path | None,
        typer.Option(
            help="Subject FLAIR/T1 on the mask grid: registers the MNI atlas to it when no "
            "--labels are given, and is the figure's background."
        ),
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="Earlier lesion mask on the same grid (new/enlarging).")
    ] = None,
    enhancing: Annotated[
        Path | None, typer.Option(help="Gadolinium-enhancement mask on the same grid.")
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(help="Probability threshold for probabilistic masks; with --flair, for "
                     "SAMSEG's lesion posterior (a plain cut-off instead of sclerodx's extraction "
                     "rule, sclerodx.mri.samseg.DEFAULT_RULE)."),
    ] = None,
    min_diameter_mm: Annotated[
        float, typer.Option(help="Smallest lesion long axis in mm (MAGNIMS: 3).")
    ] = 3.0,
    min_size_mm3: Annotated[
        float | None, typer.Option(help="Smallest lesion volume in mm³.")
    ] = None,
    contact_mm: Annotated[
        float | None,
        typer.Option(help="Largest lesion-to-ventricle/cortex gap in mm, edge to edge, that counts "
                    "as touching (default: 0, 'no white matter in between', MAGNIMS 2016; "
                    "2 for the MNI atlas)."),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Study date, ISO YYYY-MM-DD (required with --into).")
    ] = None,
    figure: Annotated[Path | None, typer.Option(help="Write an overlay PNG here.")] = None,
    flair: Annotated[
        Path | None,
        typer.Option(help="FLAIR image: segment lesions and labels with SAMSEG (needs --t1)."),
    ] = None,
    t1: Annotated[Path | None, typer.Option(help="T1 image on the FLAIR's grid (with --flair).")] = None,
    t2: Annotated[Path | None, typer.Option(help="T2 image on the FLAIR's grid (with --flair).")] = None,
    threads: Annotated[int, typer.Option(min=1, help="Threads for SAMSEG (with --flair).")] = 1,
    output_format: Annotated[_Format, typer.Option("--format", help="Output format.")] = _Format.TEXT,
    into: Annotated[Path | None, typer.Option(help="Add the study to this case file.")] = None,
) -> None:
    """Count, measure and locate MRI lesions for McDonald DIS/DIT (decision support only)."""
    study_date: dt.date | None = None
    if date is not None:
        try:
            study_date = dt.date.fromisoformat(date)
        except ValueError:
            fail("--date: expected an ISO date YYYY-MM-DD")
    if into is not None and study_date is None:
        fail("--date: required with --into (the study date)")
    if labels is not None and mni:
        fail("--mni: give either --labels or --mni, not both")
    if (flair is None) != (t1 is None):
        fail("--flair/--t1: segmentation needs both a FLAIR and a T1")
    if lesions is None and flair is None:
        fail("LESIONS: give a lesion mask, or --flair and --t1 to segment one")
    if lesions is not None and flair is not None:
        fail("--flair: give either a lesion mask or images to segment, not both")
    if figure is not None and figure.suffix.lower() != ".png":
        fail("--figure: expected a .png path")
    try:
        background: NDArray[np.float32] | None
        if flair is not None and t1 is not None:
            segmented = segment_images(flair, t1, t2, threads, threshold)
            mask = segmented.lesions
            background = _image_on_grid(image or flair, mask)
            tissue = (tissue_map_from_labels(segmented.labels) if labels is None and not mni
                      else _tissue(mask, labels, mni, background, image))
        else:
            assert lesions is not None
            mask = load_lesion_mask(lesions, threshold=threshold, argument="LESIONS")
            background = _image_on_grid(image, mask) if image is not None else None
            tissue = _tissue(mask, labels, mni, background, image)
        if into is not None and tissue is None:
            fail("--into: lesions need locations; give --labels, --mni or --image "
                 "(the mask is not on a standard MNI152 grid)")
        gd = (
            load_lesion_mask(enhancing, allow_empty=True, argument="--enhancing")
            if enhancing is not None
            else None
        )
        earlier = (
            load_lesion_mask(baseline, threshold=threshold, allow_empty=True, argument="--baseline")
            if baseline is not None
            else None
        )
        inv = lesion_inventory(
            mask,
            tissue,
            enhancing=gd,
            baseline=earlier,
            min_long_axis_mm=min_diameter_mm,
            min_volume_mm3=min_size_mm3,
            contact_mm=contact_mm,
        )
        # messages name the inputs by argument; the record keeps the file names as provenance
        names = {"LESIONS": lesions, "--labels": labels, "--image": image}
        inv = replace(inv, source=_file_name(inv.source, names) or inv.source,
                      tissue_source=_file_name(inv.tissue_source, names))
        if figure is not None:
            plot_inventory(inv, figure, background=background)
    except MRIInputError as exc:
        fail(str(exc))

    study = inventory_to_mri_study(inv, date=study_date) if tissue and study_date else None
    if into is not None and study is not None:
        try:
            case = read_case(into, argument="--into")
        except CaseFileError as exc:
            fail(str(exc), field="--into")
        kept = [s.model_dump() for s in case.mri if s.date != study.date]
        try:
            updated = Case.model_validate(
                {**case.model_dump(), "mri": [*kept, study.model_dump()]}
            )
        except ValidationError as exc:
            fail(f"--into: the case would not validate\n{describe_validation_error(exc)}")
        write_case(updated, into, argument="--into")

    summary = _summary(inv)
    if output_format is _Format.JSON:
        typer.echo(
            json.dumps(
                {
                    "inventory": summary,
                    "lesions": inv.rows(),
                    "study": None if study is None else study.model_dump(mode="json"),
                },
                indent=2,
            )
        )
        return
    _print_text(summary, inv)
    if figure is not None:
        typer.echo(f"figure: {figure}")
    if into is not None:
        typer.echo(f"added to {into} (study of {study_date})")
    typer.echo("Decision support only: check the locations against the images.")
