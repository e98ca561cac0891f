"""The vectorised region-count rules, on hand-built rows (Brooks 2000; de Carvalho 2008; Shefner 2020)."""

from __future__ import annotations

import numpy as np

from sclerodx.criteria.als_categories import (
    AWAJI_CATEGORIES,
    REEC_CATEGORIES,
    gold_coast_codes,
    reec_style_codes,
)

# rows: bulbar, cervical, thoracic, lumbosacral
UMN = np.array([[1, 1, 0, 1], [1, 1, 0, 0], [0, 1, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [1, 0, 0, 0],
                [0, 0, 0, 1]], dtype=bool)
LMN = np.array([[1, 1, 0, 1], [1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 1, 0, 1], [0, 1, 0, 1],
                [0, 1, 0, 0]], dtype=bool)
EXPECTED_REEC = ["definite", "probable", "possible", "possible", "none", "possible", "possible"]
EXPECTED_GOLD_COAST = [1, 1, 1, 0, 1, 1, 0]


def _gates(n: int, value: int) -> np.ndarray:
    return np.full(n, value, dtype=np.int8)


def test_reec_rows() -> None:
    n = len(UMN)
    codes = reec_style_codes(UMN, LMN, _gates(n, 1), _gates(n, 1), emg_lmn=np.zeros_like(UMN))
    assert [REEC_CATEGORIES[c] for c in codes] == EXPECTED_REEC


def test_laboratory_supported_needs_umn_and_two_emg_regions() -> None:
    umn = np.array([[0, 1, 0, 0], [0, 0, 0, 0]], dtype=bool)
    emg = np.array([[0, 1, 0, 1], [0, 1, 0, 1]], dtype=bool)
    codes = reec_style_codes(umn, np.zeros_like(umn), _gates(2, 1), _gates(2, 1), emg_lmn=emg)
    assert [REEC_CATEGORIES[c] for c in codes] == ["probable_laboratory_supported", "none"]


def test_loose_reading_accepts_umn_rostral_to_lmn() -> None:
    umn = np.array([[1, 0, 0, 0]], dtype=bool)
    lmn = np.array([[0, 1, 0, 1]], dtype=bool)
    strict = reec_style_codes(umn, lmn, _gates(1, 1), _gates(1, 1))
    loose = reec_style_codes(umn, lmn, _gates(1, 1), _gates(1, 1), reading="loose")
    assert AWAJI_CATEGORIES[strict[0]] == "possible"
    assert AWAJI_CATEGORIES[loose[0]] == "probable"


def test_gold_coast_rows_and_gates() -> None:
    n = len(UMN)
    assert gold_coast_codes(UMN, LMN, _gates(n, 1), _gates(n, -1)).tolist() == EXPECTED_GOLD_COAST
    assert gold_coast_codes(UMN, LMN, _gates(n, 0), _gates(n, 1)).tolist() == [0] * n
    assert gold_coast_codes(UMN, LMN, _gates(n, 1), _gates(n, 0)).tolist() == [0] * n
