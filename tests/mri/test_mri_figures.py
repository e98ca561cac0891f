from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.image import imread
from tests.mri.mri_phantom import planted_mask

from sclerodx.case import LesionLocation
from sclerodx.mri import (
    LOCATION_COLOURS,
    MRIInputError,
    label_map_from_array,
    lesion_inventory,
    lesion_mask_from_array,
    plot_inventory,
    tissue_map_from_labels,
)
from sclerodx.mri.figures import covering_slices, figure_slices, inventory_figure


def _has_colour(png: np.ndarray, hex_colour: str, alpha: float = 0.85) -> bool:
    rgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    expected = alpha * rgb  # drawn over a black background
    return bool(np.any(np.all(np.abs(png[..., :3] - expected) < 0.02, axis=-1)))


def test_overlay_png(tmp_path: Path, labels: np.ndarray, oblique_affine: np.ndarray) -> None:
    inv = lesion_inventory(
        lesion_mask_from_array(planted_mask(), oblique_affine, source="lesions.nii.gz"),
        tissue_map_from_labels(label_map_from_array(labels, oblique_affine)),
    )
    out = plot_inventory(inv, tmp_path / "overlay.png")
    png = imread(out)
    # every lesion is shown, so the colour of every location found is on the picture
    for record in inv.records:
        assert _has_colour(png, LOCATION_COLOURS[record.location])
    assert _has_colour(png, LOCATION_COLOURS[LesionLocation.PERIVENTRICULAR])
    assert not _has_colour(png, LOCATION_COLOURS[None])


def test_covering_slices_stab_every_lesion() -> None:
    ranges = [(0, 2), (1, 5), (4, 6), (8, 9), (9, 9)]
    chosen = covering_slices(ranges)
    assert chosen == [2, 6, 9]  # fewest: (0,2) and (4,6) share no slice, nor do (4,6) and (8,9)
    assert all(any(lo <= k <= hi for k in chosen) for lo, hi in ranges)
    assert covering_slices([]) == []


def test_background_and_path_checks(tmp_path: Path, iso_affine: np.ndarray) -> None:
    inv = lesion_inventory(lesion_mask_from_array(planted_mask(), iso_affine))
    with pytest.raises(MRIInputError, match=r"expected a \.png path"):
        plot_inventory(inv, tmp_path / "x.jpg")
    with pytest.raises(MRIInputError, match="background: shape"):
        plot_inventory(inv, tmp_path / "x.png", background=np.zeros((3, 3, 3)))
    out = plot_inventory(inv, tmp_path / "x.png", background=np.ones(inv.grid.shape))
    assert out.stat().st_size > 1000


def _texts(fig: object) -> list[list[str]]:
    return [[t.get_text() for t in ax.texts] for ax in fig.axes]  # type: ignore[attr-defined]


def test_every_lesion_numbered_with_right_and_left_marked(labels: np.ndarray,
                                                          iso_affine: np.ndarray) -> None:
    inv = lesion_inventory(
        lesion_mask_from_array(planted_mask(), iso_affine, source="lesions.nii.gz"),
        tissue_map_from_labels(label_map_from_array(labels, iso_affine)),
    )
    fig = inventory_figure(inv)
    panels = _texts(fig)
    assert all({"R", "L"} <= set(texts) for texts in panels)
    numbered = {int(t) for texts in panels for t in texts if t.isdigit()}
    assert numbered == {r.label for r in inv.records}
    # each panel title gives its slice, numbered as the lesion table numbers slices
    slices = figure_slices(inv)
    assert [ax.get_title().split(":")[0] for ax in fig.axes] == [f"axial slice {k}" for k in slices]
    for r in inv.records:  # the table's slice of each lesion lies within a panel's lesion
        z = np.nonzero(inv.ids == r.label)[2]
        assert any(z.min() <= k <= z.max() for k in slices)
        assert z.min() <= r.axial_slice <= z.max()


def test_a_heavy_lesion_load_leaves_no_lesion_out(iso_affine: np.ndarray) -> None:
    mask = np.zeros((40, 40, 96), dtype=bool)
    for z in range(0, 96, 3):  # 32 single-slice lesions, each needs its own panel
        mask[10:14, 10:14, z] = True
    inv = lesion_inventory(lesion_mask_from_array(mask, iso_affine))
    fig = inventory_figure(inv)
    assert len(fig.axes) == inv.n_lesions == 32
    numbered = {int(t) for texts in _texts(fig) for t in texts if t.isdigit()}
    assert numbered == set(range(1, 33))


def test_a_failed_figure_write_leaves_the_old_file_and_nothing_half_written(
        tmp_path: Path, iso_affine: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    inv = lesion_inventory(lesion_mask_from_array(planted_mask(), iso_affine))
    out = plot_inventory(inv, tmp_path / "x.png")
    before = out.read_bytes()

    def disk_full(self: object, path: Path, **kwargs: object) -> None:
        Path(path).write_bytes(b"\x89PNG half")
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(Figure, "savefig", disk_full)
    with pytest.raises(MRIInputError, match=r"^figure: cannot be written \(no space left on device\)"):
        plot_inventory(inv, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["x.png"]
