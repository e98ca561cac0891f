"""Real MS lesion masks (Lesjak et al. 2018): loading, volumes and locations."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from sclerodx.case import LesionLocation
from sclerodx.mri import lesion_inventory, load_lesion_mask, mni_tissue_map

pytestmark = pytest.mark.realdata


def test_all_flair_space_volumes_match_the_dataset(realdata: Path) -> None:
    rows = list(csv.DictReader((realdata / "derived_lesion_volumes.csv").open()))
    assert len(rows) == 30
    for row in rows:
        mask = load_lesion_mask(realdata / "flair_space_1mm" / row["id"] / "consensus_gt.nii.gz")
        assert mask.grid.orientation == "LPS"
        inv = lesion_inventory(mask)
        assert inv.mask_volume_ml == pytest.approx(float(row["lesion_volume_ml_flair_space"]), abs=1e-3)
        assert inv.n_lesions > 0
        assert inv.total_volume_ml <= inv.mask_volume_ml


@pytest.mark.parametrize("pid", ["patient01", "patient26"])
def test_mni_route_places_every_lesion(realdata: Path, pid: str) -> None:
    mask = load_lesion_mask(realdata / "mni" / pid / "lesion_mask.nii.gz")
    inv = lesion_inventory(mask, mni_tissue_map(mask.grid))  # ATLAS_CONTACT by default
    located = [r.location for r in inv.records]
    assert None not in located
    # periventricular lesions are the most typical MS location (Filippi et al. 2016)
    assert located.count(LesionLocation.PERIVENTRICULAR) >= 1
    assert np.isclose(sum(r.volume_ml for r in inv.records), inv.total_volume_ml)
