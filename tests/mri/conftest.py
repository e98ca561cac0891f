"""Fixtures for the MRI tests; the synthetic head itself lives in ``mri_phantom``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from tests.mri.mri_phantom import DATA, head_labels, rotation


@pytest.fixture(scope="session")
def labels() -> NDArray[np.int32]:
    return head_labels()


@pytest.fixture(scope="session")
def iso_affine() -> NDArray[np.float64]:
    aff = np.eye(4)
    aff[:3, 3] = [-48.0, -48.0, -52.0]
    return aff


@pytest.fixture(scope="session")
def oblique_affine() -> NDArray[np.float64]:
    aff = np.eye(4)
    aff[:3, :3] = rotation(np.array([1.0, 2.0, 0.5]), 33.0)
    aff[:3, 3] = [12.5, -30.0, 7.25]
    return aff


@pytest.fixture
def realdata() -> Path:
    if not DATA.is_dir():
        pytest.skip("../shared/data/lesjak-open-ms-mri is absent")
    return DATA
