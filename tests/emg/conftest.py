from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from sclerodx.emg import EMGRecord

FIXTURES = Path(__file__).resolve().parent / "fixtures"
N2001_RATE = 23437.5
DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "emglab-n2001-subset"


def load_fixture(name: str) -> EMGRecord:
    samples = np.load(FIXTURES / f"{name}_4s_1.5s.npy").astype(np.float64)
    return EMGRecord(samples, N2001_RATE, units="adc", source=name)


@pytest.fixture
def fixture_record() -> Callable[[str], EMGRecord]:
    return load_fixture


@pytest.fixture
def als_record() -> EMGRecord:
    return load_fixture("N2001A01BB01")
