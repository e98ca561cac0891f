from __future__ import annotations

import math

import numpy as np
import pytest
from tests.mri.mri_phantom import PLANTED, SHAPE, VENTRICLE, planted_mask

from sclerodx.case import LesionLocation
from sclerodx.mri import (
    ATLAS_CONTACT,
    CONTACT,
    LesionInventory,
    MRIInputError,
    label_map_from_array,
    lesion_inventory,
    lesion_mask_from_array,
    tissue_map_from_labels,
)


def _inventory(
    mask: np.ndarray, labels: np.ndarray | None, affine: np.ndarray, **kw: object
) -> LesionInventory:
    m = lesion_mask_from_array(mask, affine, source="mask")
    tissue = None
    if labels is not None:
        tissue = tissue_map_from_labels(label_map_from_array(labels, affine, source="aseg"))
    return lesion_inventory(m, tissue, **kw)  # type: ignore[arg-type]


def _by_centroid(inv: LesionInventory, affine: np.ndarray) -> dict[str, object]:
    """Match records to planted boxes through the box centres (world mm)."""
    found = {}
    for p in PLANTED:
        centre_vox = np.array([(s.start + s.stop - 1) / 2 for s in p.box])
        centre = affine[:3, :3] @ centre_vox + affine[:3, 3]
        rec = min(inv.records, key=lambda r: np.linalg.norm(np.array(r.centroid_mm) - centre))
        assert np.allclose(rec.centroid_mm, centre, atol=1e-6)
        found[p.name] = rec
    return found


@pytest.mark.parametrize("affine_name", ["iso_affine", "oblique_affine"])
def test_each_location_class(request: pytest.FixtureRequest, labels: np.ndarray, affine_name: str) -> None:
    affine = request.getfixturevalue(affine_name)
    inv = _inventory(planted_mask(), labels, affine)
    assert inv.n_lesions == len(PLANTED)
    assert inv.n_below_minimum == 1  # the single voxel
    records = _by_centroid(inv, affine)
    for p in PLANTED:
        rec = records[p.name]
        assert rec.location == p.location, p.name  # type: ignore[attr-defined]
        assert rec.n_voxels == p.n_voxels  # type: ignore[attr-defined]
        assert rec.volume_ml == pytest.approx(p.n_voxels / 1000.0)  # type: ignore[attr-defined]
    # abutting: no voxel between lesion and structure, a gap of 0 mm edge to edge
    assert records["periventricular"].distance_to_ventricle_mm == pytest.approx(0.0, abs=1e-6)  # type: ignore[attr-defined]
    assert records["juxtacortical"].distance_to_cortex_mm == pytest.approx(0.0, abs=1e-6)  # type: ignore[attr-defined]
    assert records["cortical"].distance_to_cortex_mm == 0.0  # type: ignore[attr-defined]
    assert records["deep"].distance_to_ventricle_mm is None  # type: ignore[attr-defined]
    # a 3 x 3 x 6 voxel column: 6 mm long axis whatever the rotation
    assert records["spinal_cord"].long_axis_mm == pytest.approx(6.0)  # type: ignore[attr-defined]
    assert inv.mask_volume_ml == pytest.approx((sum(p.n_voxels for p in PLANTED) + 1) / 1000.0)
    assert inv.count_by_location() == {p.location.value: 1 for p in PLANTED}


def test_without_labels_no_locations(iso_affine: np.ndarray) -> None:
    inv = _inventory(planted_mask(), None, iso_affine)
    assert inv.n_lesions == len(PLANTED)
    assert all(r.location is None and r.distance_to_ventricle_mm is None for r in inv.records)
    assert inv.count_by_location() == {"unclassified": len(PLANTED)}


def _single(box: tuple[slice, slice, slice]) -> np.ndarray:
    mask = np.zeros(SHAPE, dtype=bool)
    mask[box] = True
    return mask


def test_one_voxel_gap_is_not_periventricular(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    top = VENTRICLE[2].stop  # first slice above the ventricle
    inv = _inventory(_single((slice(46, 51), slice(46, 49), slice(top + 1, top + 5))), labels, iso_affine)
    (rec,) = inv.records
    assert rec.distance_to_ventricle_mm == pytest.approx(1.0)  # one 1 mm voxel of white matter between
    assert rec.location == LesionLocation.DEEP_WHITE_MATTER


def test_corner_contact_is_periventricular(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    x, y, z = VENTRICLE[0].stop, VENTRICLE[1].stop, VENTRICLE[2].stop  # diagonal neighbour of the corner
    inv = _inventory(_single((slice(x, x + 4), slice(y, y + 2), slice(z, z + 2))), labels, iso_affine)
    (rec,) = inv.records
    assert rec.distance_to_ventricle_mm == 0.0  # corners touch: nothing in between
    assert rec.location == LesionLocation.PERIVENTRICULAR


def test_lesion_touching_the_image_edge(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    inv = _inventory(_single((slice(0, 2), slice(0, 5), slice(0, 3))), labels, iso_affine)
    (rec,) = inv.records
    assert rec.n_voxels == 30
    assert rec.location is None  # outside every labelled structure


def test_diagonal_voxels_join_one_lesion(iso_affine: np.ndarray) -> None:
    mask = np.zeros((10, 10, 10), dtype=bool)
    mask[2, 2, 2] = mask[3, 3, 3] = mask[4, 4, 4] = True
    inv = _inventory(mask, None, iso_affine)
    (rec,) = inv.records
    assert rec.n_voxels == 3
    # 3 voxels along the body diagonal: 2*sqrt(3) between centres + sqrt(3) voxel width
    assert rec.long_axis_mm == pytest.approx(3 * math.sqrt(3))


def test_anisotropic_voxels() -> None:
    affine = np.diag([1.0, 1.0, 3.0, 1.0])
    labels = np.full((20, 20, 12), 2, dtype=np.int32)
    labels[5:15, 5:15, 2:5] = 4  # ventricle, top slice z = 4
    mask = np.zeros(labels.shape, dtype=bool)
    mask[8:10, 8:10, 5:7] = True  # on the ventricle roof: 3 mm above
    mask[2:4, 2:4, 9:11] = True  # far corner
    mask[8:10, 16:18, 6:8] = True  # 2 mm beside and 2 slices (6 mm) above the ventricle
    inv = _inventory(mask, labels, affine)
    assert inv.contact_mm == CONTACT.gap_mm == 0.0
    roof = min(inv.records, key=lambda r: r.centroid_mm[2])
    assert roof.distance_to_ventricle_mm == 0.0  # on the next 3 mm slice: abutting
    assert roof.location == LesionLocation.PERIVENTRICULAR
    assert roof.volume_ml == pytest.approx(8 * 3 / 1000)
    assert roof.long_axis_mm == pytest.approx(6.0)
    others = [r for r in inv.records if r is not roof]
    assert all(r.location == LesionLocation.DEEP_WHITE_MATTER for r in others)


def test_minimum_sizes(iso_affine: np.ndarray) -> None:
    mask = np.zeros((20, 20, 20), dtype=bool)
    mask[2, 2, 2:4] = True  # 2 mm long
    mask[10, 10, 2:5] = True  # 3 mm long, 3 voxels
    mask[15:18, 15:18, 15:18] = True  # 27 voxels
    inv = _inventory(mask, None, iso_affine)
    assert [r.n_voxels for r in inv.records] == [3, 27]
    assert inv.n_below_minimum == 1
    inv = _inventory(mask, None, iso_affine, min_long_axis_mm=0.0, min_volume_mm3=10.0)
    assert [r.n_voxels for r in inv.records] == [27]
    assert int(inv.ids.max()) == 1
    assert int((inv.ids == 1).sum()) == 27


def test_enhancing_flags(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    gd = np.zeros(SHAPE, dtype=bool)
    pv = PLANTED[0].box
    gd[pv[0].start, pv[1].start, pv[2].start] = True
    m = lesion_mask_from_array(planted_mask(), iso_affine)
    inv = lesion_inventory(m, enhancing=lesion_mask_from_array(gd, iso_affine, allow_empty=True))
    assert inv.has_enhancement_mask
    assert sum(bool(r.enhancing) for r in inv.records) == 1
    assert all(r.enhancing is not None for r in inv.records)


def test_grid_mismatch_names_the_file(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    m = lesion_mask_from_array(planted_mask(), iso_affine, source="lesions.nii.gz")
    tissue = tissue_map_from_labels(label_map_from_array(labels[:, :, :-1], iso_affine, source="aseg.mgz"))
    with pytest.raises(MRIInputError, match=r"aseg.mgz: shape .* does not match lesions.nii.gz"):
        lesion_inventory(m, tissue)


def test_invalid_parameters(iso_affine: np.ndarray) -> None:
    m = lesion_mask_from_array(planted_mask(), iso_affine)
    with pytest.raises(MRIInputError, match="min_long_axis_mm"):
        lesion_inventory(m, min_long_axis_mm=-1)
    with pytest.raises(MRIInputError, match="contact_mm"):
        lesion_inventory(m, contact_mm=-1)


def test_rows_are_json_ready(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    import json

    inv = _inventory(planted_mask(), labels, iso_affine)
    rows = inv.rows()
    assert len(rows) == len(PLANTED)
    assert {r["location"] for r in rows} == {p.location.value for p in PLANTED}
    json.dumps(rows)
    assert all(r["n_voxels"] > 1 for r in rows)  # the dropped single voxel is not listed


def test_areas_not_assessed_follow_the_label_map(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    # the phantom labels the cord (126) and the chiasm (85): a brain label map shows only the
    # upper cervical cord and the chiasm, so neither McDonald area is assessed in full
    # (aseg has no optic-nerve label; the cord has its own study, Thompson et al. 2018)
    everything = _inventory(planted_mask(), labels, iso_affine)
    assert set(everything.areas_not_assessed()) == {"spinal cord", "optic nerve"}
    assert "only the optic chiasm" in everything.areas_not_assessed()["optic nerve"]
    assert "orbital MRI" in everything.areas_not_assessed()["optic nerve"]
    assert "only the upper cervical cord" in everything.areas_not_assessed()["spinal cord"]
    assert "spinal cord MRI" in everything.areas_not_assessed()["spinal cord"]
    # the chiasm and cord lesions are still placed: found, though the areas are not fully assessed
    placed = {r.location for r in everything.records}
    assert {LesionLocation.OPTIC_NERVE, LesionLocation.SPINAL_CORD} <= placed
    # a brain-only label map (as SAMSEG writes: no cord label) cannot speak for the cord
    brain_only = np.where(np.isin(labels, [126, 85]), 0, labels)
    missing = _inventory(planted_mask(), brain_only, iso_affine).areas_not_assessed()
    assert set(missing) == {"spinal cord", "optic nerve"}
    assert missing["spinal cord"].startswith("the label map has no spinal cord; needs spinal cord MRI")
    # without any labels nothing is assessed
    assert len(_inventory(planted_mask(), None, iso_affine).areas_not_assessed()) == 5


def test_axial_slice_and_hemisphere_in_the_table(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    inv = _inventory(planted_mask(), labels, iso_affine)
    records = _by_centroid(inv, iso_affine)
    # the spinal-cord box spans z 4..9: its centroid lies on slice 6 (rounded 6.5 -> 6)
    assert records["spinal_cord"].axial_slice == 6  # type: ignore[attr-defined]
    # a native (non-MNI) grid: no hemisphere is claimed
    assert all(row["hemisphere"] is None for row in inv.rows())
    assert inv.standard_space is None


def test_gap_is_measured_edge_to_edge_in_mm_whatever_the_slice_thickness() -> None:
    """MAGNIMS 2016: periventricular means abutting, no white matter in between.

    On 1 x 1 x 3 mm voxels a lesion one slice above the ventricle abuts it (gap 0), while a
    lesion on the ventricle's own slices with two 1 mm voxels of white matter beside it
    does not (gap 2 mm), although its centres are closer (3 mm) than the 26-neighbour
    step (3.3 mm) that a centre-distance rule would accept.
    """
    affine = np.diag([1.0, 1.0, 3.0, 1.0])
    labels = np.full((24, 24, 12), 2, dtype=np.int32)
    labels[5:12, 5:15, 2:5] = 4  # ventricle: x 5..11, z 2..4
    mask = np.zeros(labels.shape, dtype=bool)
    mask[6:9, 6:9, 5] = True  # slice above the roof
    mask[14:18, 6:9, 3] = True  # x 14..17: voxels x 12, 13 of white matter in between
    inv = _inventory(mask, labels, affine)
    above, beside = sorted(inv.records, key=lambda r: r.centroid_mm[0])
    assert above.distance_to_ventricle_mm == 0.0
    assert above.location == LesionLocation.PERIVENTRICULAR
    assert beside.distance_to_ventricle_mm == pytest.approx(2.0)
    assert beside.location == LesionLocation.DEEP_WHITE_MATTER


def test_contact_cutoffs_carry_their_sources() -> None:
    assert CONTACT.gap_mm == 0.0
    assert "Filippi" in CONTACT.source
    assert "white matter" in CONTACT.definition
    assert ATLAS_CONTACT.gap_mm > CONTACT.gap_mm
    assert ATLAS_CONTACT.definition.startswith("expert estimate")


def test_atlas_tissue_gets_the_atlas_tolerance(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    from sclerodx.mri import TissueMap

    own = tissue_map_from_labels(label_map_from_array(labels, iso_affine, source="aseg"))
    atlas = TissueMap(own.data, own.affine, "atlas", cortex_is_reliable=False)
    top = VENTRICLE[2].stop
    m = lesion_mask_from_array(_single((slice(46, 51), slice(46, 49), slice(top + 1, top + 5))), iso_affine)
    assert lesion_inventory(m, own).records[0].location == LesionLocation.DEEP_WHITE_MATTER
    on_atlas = lesion_inventory(m, atlas)
    assert on_atlas.contact_mm == ATLAS_CONTACT.gap_mm
    assert on_atlas.records[0].location == LesionLocation.PERIVENTRICULAR  # 1 mm gap <= 2 mm


def test_a_structure_inside_the_lesion_is_a_gap_of_zero(labels: np.ndarray, iso_affine: np.ndarray) -> None:
    # one ventricle-labelled voxel strictly inside a deep lesion: no shell voxel touches it,
    # yet lesion and structure overlap, a gap of 0
    island = labels.copy()
    island[23, 48, 52] = 4
    inv = _inventory(_single((slice(21, 26), slice(46, 51), slice(50, 55))), island, iso_affine)
    (rec,) = inv.records
    assert rec.distance_to_ventricle_mm == 0.0
    assert rec.location == LesionLocation.PERIVENTRICULAR
