from __future__ import annotations

import numpy as np
import pytest

from sclerodx.case import LesionLocation
from sclerodx.mri import LOCATION_RULES, TissueClass, classify_locations

N = len(TissueClass)


def _counts(*rows: dict[TissueClass, int]) -> np.ndarray:
    out = np.zeros((len(rows), N), dtype=np.int64)
    for i, row in enumerate(rows):
        for cls, n in row.items():
            out[i, cls] = n
    return out


def test_rule_table_covers_every_location_once() -> None:
    assert [r.location for r in LOCATION_RULES] == [
        LesionLocation.SPINAL_CORD,
        LesionLocation.OPTIC_NERVE,
        LesionLocation.INFRATENTORIAL,
        LesionLocation.CORTICAL,
        LesionLocation.PERIVENTRICULAR,
        LesionLocation.JUXTACORTICAL,
        LesionLocation.DEEP_WHITE_MATTER,
    ]
    assert all("Lancet Neurol" in r.source for r in LOCATION_RULES)


def test_precedence() -> None:
    wm = TissueClass.CEREBRAL_WHITE_MATTER
    counts = _counts(
        {wm: 10},  # touches both ventricle and cortex: periventricular first
        {wm: 10},  # touches only cortex
        {TissueClass.CEREBRAL_CORTEX: 6, wm: 4},  # mostly in cortex
        {TissueClass.BRAINSTEM: 6, wm: 5},  # mostly infratentorial, touching a ventricle
        {TissueClass.SPINAL_CORD: 3, TissueClass.BRAINSTEM: 2},
        {TissueClass.OPTIC_NERVE: 3, wm: 1},
        {TissueClass.OTHER_CSF: 5},  # only cisternal CSF: no location
        {wm: 5},  # nothing near
    )
    d_vent = np.array([0.5, np.inf, np.inf, 1.0, np.inf, np.inf, np.inf, 5.0])
    d_ctx = np.array([1.0, 1.0, 0.0, np.inf, np.inf, np.inf, np.inf, 5.0])
    got = classify_locations(counts, d_vent, d_ctx, contact_mm=1.8, cortex_is_reliable=True)
    assert got == [
        LesionLocation.PERIVENTRICULAR,
        LesionLocation.JUXTACORTICAL,
        LesionLocation.CORTICAL,
        LesionLocation.INFRATENTORIAL,
        LesionLocation.SPINAL_CORD,
        LesionLocation.OPTIC_NERVE,
        None,
        LesionLocation.DEEP_WHITE_MATTER,
    ]


def test_unreliable_cortex_reports_juxtacortical() -> None:
    counts = _counts({TissueClass.CEREBRAL_CORTEX: 8, TissueClass.CEREBRAL_WHITE_MATTER: 2})
    got = classify_locations(
        counts, np.array([np.inf]), np.array([0.0]), contact_mm=1.8, cortex_is_reliable=False
    )
    assert got == [LesionLocation.JUXTACORTICAL]


def test_shape_is_checked() -> None:
    with pytest.raises(ValueError, match="class_counts"):
        classify_locations(np.zeros((2, 3), dtype=np.int64), np.zeros(2), np.zeros(2), contact_mm=1,
                           cortex_is_reliable=True)
