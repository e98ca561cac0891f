"""Attack counting (Thompson 2018; Polman 2011: onsets >= 30 days apart)."""

from __future__ import annotations

from typing import Any

from sclerodx.case import Case
from sclerodx.criteria.attacks import attack_summary


def _episode(onset: str, system: str, **kw: Any) -> dict[str, Any]:
    return {"onset": onset, "system": system, **kw}


def test_onsets_29_days_apart_are_one_attack_30_days_two() -> None:
    one = Case.model_validate({"episodes": [_episode("2024-01-01", "optic_nerve"),
                                            _episode("2024-01-30", "brainstem")]})
    two = Case.model_validate({"episodes": [_episode("2024-01-01", "optic_nerve"),
                                            _episode("2024-01-31", "brainstem")]})
    assert attack_summary(one).n_attacks == 1
    assert attack_summary(two).n_attacks == 2


def test_febrile_atypical_and_short_episodes_are_not_attacks() -> None:
    case = Case.model_validate({"episodes": [
        _episode("2024-01-01", "spinal_cord", fever_or_infection=True),
        _episode("2024-03-01", "brainstem", typical_demyelinating=False),
        _episode("2024-06-01", "optic_nerve", resolution="2024-06-01"),
    ]})
    summary = attack_summary(case)
    assert summary.n_attacks == 0
    assert [i for i, _ in summary.excluded_episodes] == [0, 1, 2]


def test_objective_lesions_are_distinct_sites() -> None:
    case = Case.model_validate({"episodes": [
        _episode("2020-01-01", "optic_nerve", side="left", evidence="objective"),
        _episode("2021-01-01", "optic_nerve", side="left", evidence="objective"),
        _episode("2022-01-01", "optic_nerve", side="right", evidence="objective"),
        _episode("2023-01-01", "spinal_cord", evidence="historical"),
    ]})
    summary = attack_summary(case)
    assert summary.n_attacks == 4
    assert summary.n_objective_lesions == 2
    assert summary.historical_prior_attack


def test_progression_years_from_progression_onset_to_assessment() -> None:
    case = Case.model_validate({"assessment_date": "2024-01-01",
                                "course": {"pattern": "progressive_from_onset"},
                                "symptom_onset": "2022-01-01"})
    years = attack_summary(case).progression_years
    assert years is not None
    assert abs(years - 2.0) < 0.01
