"""The hand-worked vignette suite: each expected category was derived from the criteria text.

See ``vignettes.py`` for the cases and the rule each one exercises. A failure here means the
engine and the hand-worked reading disagree; re-check the vignette against the criteria text
before touching either.
"""

from __future__ import annotations

from collections import Counter

import pytest
from tests.criteria.vignettes import VIGNETTES, Vignette

from sclerodx.case import Case
from sclerodx.criteria import evaluate_criteria

CRITERIA = ("mcdonald_2017", "mcdonald_2024", "el_escorial", "awaji", "gold_coast", "pls")
CATEGORIES = {
    "mcdonald_2017": {"ms", "possible_ms", "not_ms"},
    "mcdonald_2024": {"ms", "possible_ms", "not_ms"},
    "el_escorial": {"definite", "probable", "probable_laboratory_supported", "possible", "none"},
    "awaji": {"definite", "probable", "possible", "none"},
    "gold_coast": {"als", "not_als"},
    "pls": {"definite", "probable", "none"},
}


def test_suite_is_well_formed() -> None:
    ids = [v.id for v in VIGNETTES]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert len(VIGNETTES) >= 70
    for vignette in VIGNETTES:
        assert vignette.expected, vignette.id
        assert vignette.rule, vignette.id
        for name, category in vignette.expected.items():
            assert category in CATEGORIES[name], (vignette.id, name, category)
        assert set(vignette.status) <= set(vignette.expected), vignette.id


def test_every_category_is_reached() -> None:
    reached = {name: {v.expected[name] for v in VIGNETTES if name in v.expected} for name in CRITERIA}
    assert reached == CATEGORIES


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.id for v in VIGNETTES])
def test_vignette(vignette: Vignette) -> None:
    report = evaluate_criteria(Case.model_validate(vignette.case))
    got = {name: getattr(report, name).category for name in vignette.expected}
    assert got == vignette.expected, vignette.rule
    got_status = {name: getattr(report, name).status for name in vignette.status}
    assert got_status == vignette.status, vignette.rule
