from __future__ import annotations

import numpy as np
import pytest

from sclerodx.mri import (
    LesionChange,
    label_components,
    lesion_changes,
    lesion_inventory,
    lesion_mask_from_array,
)


def _masks() -> tuple[np.ndarray, np.ndarray]:
    baseline = np.zeros((30, 30, 30), dtype=bool)
    followup = np.zeros_like(baseline)
    baseline[2:5, 2:5, 2:5] = True  # A: 27 voxels
    followup[2:5, 2:5, 2:5] = True  # A unchanged
    baseline[10:13, 10:13, 10:13] = True  # B: 27 voxels
    followup[10:13, 10:13, 10:15] = True  # B grown to 45 voxels (+67 %)
    baseline[20:23, 2:5, 2:5] = True  # C: 27 voxels
    followup[20:23, 2:5, 2:6] = True  # C grown to 36 voxels (+33 %): not enlarging
    followup[20:24, 20:24, 20:24] = True  # D: new
    return baseline, followup


def test_new_enlarging_stable() -> None:
    baseline, followup = _masks()
    aff = np.eye(4)
    inv = lesion_inventory(
        lesion_mask_from_array(followup, aff),
        baseline=lesion_mask_from_array(baseline, aff, allow_empty=True),
    )
    by_size = {r.n_voxels: r.change for r in inv.records}
    assert by_size == {
        27: LesionChange.STABLE,
        45: LesionChange.ENLARGING,
        36: LesionChange.STABLE,
        64: LesionChange.NEW,
    }
    assert inv.has_baseline


def test_threshold_is_a_parameter() -> None:
    baseline, followup = _masks()
    ids, n = label_components(followup)
    changes = lesion_changes(ids, n, baseline, enlarging_fraction=0.3)
    assert sorted(c.value for c in changes) == ["enlarging", "enlarging", "new", "stable"]


def test_empty_baseline_makes_everything_new() -> None:
    _, followup = _masks()
    ids, n = label_components(followup)
    assert set(lesion_changes(ids, n, np.zeros_like(followup))) == {LesionChange.NEW}
    assert LesionChange.NEW.is_active
    assert not LesionChange.STABLE.is_active


def test_shape_mismatch() -> None:
    with pytest.raises(ValueError, match="baseline: shape"):
        lesion_changes(np.zeros((3, 3, 3), dtype=np.int32), 0, np.zeros((3, 3, 4), dtype=bool))
