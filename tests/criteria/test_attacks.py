"""Attack counting (Thompson 2018; Polman 2011: onsets >= 30 days apart)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

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


def _summary(*onsets: str) -> Any:
    systems = ("optic_nerve", "brainstem", "spinal_cord")
    return attack_summary(Case.model_validate(
        {"episodes": [_episode(o, s) for o, s in zip(onsets, systems, strict=False)]}))


def test_partial_dates_leave_the_30_day_separation_open_only_when_it_could_go_either_way() -> None:
    # same month: 0 to 30 days apart -> open
    same = _summary("2024-03", "2024-03")
    assert (same.n_attacks, same.n_attacks_max, same.open_separations) == (1, 2, ((0, 1),))
    # adjacent months: 1 to 59 days -> open; three months apart: 61 to 90 days -> two attacks
    assert _summary("2024-01", "2024-02").n_attacks_max == 2
    apart = _summary("2024-01", "2024-04")
    assert (apart.n_attacks, apart.open_separations) == (2, ())
    # a year-precision onset and a day: 31 Dec 2023 to 1 Jun 2024 is 153 days -> separate
    assert _summary("2023", "2024-06-01").n_attacks == 2
    # two day-precision onsets 10 days apart: certainly one attack, nothing open
    near = _summary("2024-03-01", "2024-03-11")
    assert (near.n_attacks, near.n_attacks_max) == (1, 1)
    # a day and its month: 14 March lies 0 to 17 days from any day of March -> one attack
    assert _summary("2024-03-14", "2024-03").n_attacks_max == 1


def test_partial_resolution_is_not_read_as_shorter_than_24_hours() -> None:
    case = Case.model_validate({"episodes": [_episode("2024-03", "optic_nerve", resolution="2024-03")]})
    assert attack_summary(case).n_attacks == 1
    same_day = Case.model_validate(
        {"episodes": [_episode("2024-03-02", "optic_nerve", resolution="2024-03-02")]})
    assert attack_summary(same_day).n_attacks == 0


def test_episode_dates_accept_month_and_year_and_round_trip() -> None:
    case = Case.model_validate({"episodes": [_episode("2024-03", "optic_nerve", resolution="2024")]})
    data = case.model_dump(mode="json")["episodes"][0]
    assert (data["onset"], data["resolution"]) == ("2024-03", "2024")
    assert Case.model_validate(case.model_dump(mode="json")) == case


def test_a_resolution_before_onset_is_refused_only_when_certainly_before() -> None:
    Case.model_validate({"episodes": [_episode("2024-03-20", "optic_nerve", resolution="2024-03")]})
    with pytest.raises(ValidationError, match="before onset"):
        Case.model_validate({"episodes": [_episode("2024-03", "optic_nerve", resolution="2024-02-28")]})


def test_json_schema_shows_the_partial_date_forms_for_episodes() -> None:
    schema = Case.model_json_schema()
    episode = schema["$defs"]["Episode"]["properties"]
    assert episode["onset"]["pattern"] == r"^\d{4}(-\d{2}(-\d{2})?)?$"
    assert "YYYY-MM" in episode["onset"]["description"]
    resolution = episode["resolution"]
    assert any(option.get("pattern") for option in resolution.get("anyOf", [resolution]))
