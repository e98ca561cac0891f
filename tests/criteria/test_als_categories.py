"""The vectorised ALS decisions, on hand-built rows (Brooks 2000; de Carvalho 2008; Shefner 2020)."""

from __future__ import annotations

import numpy as np

from sclerodx.criteria.als_categories import (
    AWAJI_CATEGORIES,
    REEC_CATEGORIES,
    STATUS_CODES,
    decide_awaji,
    decide_el_escorial,
    decide_gold_coast,
)

# rows: bulbar, cervical, thoracic, lumbosacral
UMN = np.array([[1, 1, 0, 1], [1, 1, 0, 0], [0, 1, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [1, 0, 0, 0],
                [0, 0, 0, 1]], dtype=bool)
LMN = np.array([[1, 1, 0, 1], [1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 1, 0, 1], [0, 1, 0, 1],
                [0, 1, 0, 0]], dtype=bool)
EXPECTED_REEC = ["definite", "probable", "possible", "possible", "none", "possible", "possible"]
# Gold Coast criterion 2 as written: the last row (UMN lumbosacral, LMN cervical: two regions
# involved) meets it; under the stricter same-region reading it does not.
EXPECTED_GOLD_COAST = [1, 1, 1, 0, 1, 1, 1]
EXPECTED_GOLD_COAST_SAME_REGION = [1, 1, 1, 0, 1, 1, 0]


def _gates(n: int, value: int) -> np.ndarray:
    return np.full(n, value, dtype=np.int8)


def test_reec_rows() -> None:
    n = len(UMN)
    d = decide_el_escorial(UMN, LMN, np.zeros(n), _gates(n, 1), _gates(n, 1))
    assert [REEC_CATEGORIES[c] for c in d.codes] == EXPECTED_REEC
    assert [STATUS_CODES[s] for s in d.status] == ["met"] * 4 + ["not_met"] + ["met"] * 2


def test_laboratory_supported_needs_umn_and_two_emg_limbs() -> None:
    umn = np.array([[0, 1, 0, 0], [0, 0, 0, 0], [0, 1, 0, 0]], dtype=bool)
    d = decide_el_escorial(umn, np.zeros_like(umn), np.array([2, 2, 1]), _gates(3, 1), _gates(3, 1))
    assert [REEC_CATEGORIES[c] for c in d.codes] == ["probable_laboratory_supported", "none", "none"]


def test_loose_reading_accepts_umn_rostral_to_lmn() -> None:
    umn = np.array([[1, 0, 0, 0]], dtype=bool)
    lmn = np.array([[0, 1, 0, 1]], dtype=bool)
    strict = decide_awaji(umn, lmn, _gates(1, 1), _gates(1, 1))
    loose = decide_awaji(umn, lmn, _gates(1, 1), _gates(1, 1), reading="loose")
    assert AWAJI_CATEGORIES[strict.codes[0]] == "possible"
    assert AWAJI_CATEGORIES[loose.codes[0]] == "probable"


def test_gold_coast_rows_readings_and_gates() -> None:
    n = len(UMN)
    assert decide_gold_coast(UMN, LMN, _gates(n, 1), _gates(n, -1)).codes.tolist() == EXPECTED_GOLD_COAST
    strict = decide_gold_coast(UMN, LMN, _gates(n, 1), _gates(n, 1), reading="same_region")
    assert strict.codes.tolist() == EXPECTED_GOLD_COAST_SAME_REGION
    assert decide_gold_coast(UMN, LMN, _gates(n, 0), _gates(n, 1)).codes.tolist() == [0] * n
    assert decide_gold_coast(UMN, LMN, _gates(n, 1), _gates(n, 0)).codes.tolist() == [0] * n


def test_unknown_regions_and_progression_make_the_status_indeterminate() -> None:
    umn = np.array([[1, 1, -1, 0], [0, 0, 0, 0]], dtype=np.int8)
    lmn = np.array([[1, 0, -1, 0], [0, 0, -1, 0]], dtype=np.int8)
    d = decide_gold_coast(umn, lmn, np.array([-1, 1], dtype=np.int8), _gates(2, 1))
    assert d.codes.tolist() == [1, 0]
    assert [STATUS_CODES[s] for s in d.status] == ["indeterminate", "indeterminate"]
