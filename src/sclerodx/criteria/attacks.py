"""Attacks, objective lesions and progression, as the McDonald criteria count them.

* An attack (relapse) is a typical demyelinating episode lasting at least 24 hours
  without fever or infection. Episodes whose onsets are less than 30 days apart are one
  attack (Polman et al. 2011, kept by Thompson et al. 2018).
* Dates known only to the month or year (``"2024-03"``, ``"2024"``) give each onset a
  range of days. Two consecutive episodes are separate attacks only when even their
  nearest possible onsets are >= 30 days apart, and one attack when even their farthest
  are < 30 days apart; otherwise the separation is *open*: the attack count lies
  between ``n_attacks`` (every open pair joined) and ``n_attacks_max`` (every open pair
  separate), and a verdict that depends on it is indeterminate, never met or not met.
  An episode is "shorter than 24 hours" only when its resolution certainly falls on the
  day of onset.
* Objective clinical evidence of a lesion: a documented deficit attributable to it.
  Lesions are counted as distinct (system, side) sites among objectively documented
  attack episodes.
* Clear-cut historical evidence of a prior attack at a distinct site can stand in for a
  second objective lesion when there are >= 2 attacks (Thompson et al. 2018, Table 1).
* Progression: years from ``course.progression_onset`` (or from ``symptom_onset`` when the
  course is progressive from onset) to the case's reference date.

References
----------
.. [1] Thompson AJ et al. Lancet Neurol. 2018;17(2):162-173.
.. [2] Polman CH et al. Ann Neurol. 2011;69(2):292-302.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sclerodx.case import AttackEvidence, Case, CNSSystem, CoursePattern, Episode, PartialDate, Side
from sclerodx.criteria.timeline import years_since

ATTACK_SEPARATION_DAYS = 30


@dataclass(frozen=True, slots=True)
class AttackSummary:
    """The attack history of a case."""

    attacks: tuple[tuple[int, ...], ...]
    open_separations: tuple[tuple[int, int], ...]
    objective_sites: frozenset[tuple[CNSSystem, Side | None]]
    attack_systems: frozenset[CNSSystem]
    historical_prior_attack: bool
    excluded_episodes: tuple[tuple[int, str], ...]
    progression_years: float | None
    progressive_course: bool

    @property
    def n_attacks(self) -> int:
        return len(self.attacks)

    @property
    def n_attacks_max(self) -> int:
        """Attacks if every separation the date precision leaves open were >= 30 days."""
        return len(self.attacks) + len(self.open_separations)

    @property
    def n_objective_lesions(self) -> int:
        return len(self.objective_sites)


def _bounds(when: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day a (possibly month- or year-precision) date may stand for."""
    return (when.earliest, when.latest) if isinstance(when, PartialDate) else (when, when)


def separation_days(first: dt.date, second: dt.date) -> tuple[int, int]:
    """The least and the most days that can lie between two (possibly partial) dates."""
    (a0, a1), (b0, b1) = _bounds(first), _bounds(second)
    least = max(0, (b0 - a1).days, (a0 - b1).days)
    most = max((b1 - a0).days, (a1 - b0).days)
    return least, most


def _exclusion_reason(episode: Episode) -> str | None:
    if not episode.typical_demyelinating:
        return "not a typical demyelinating event"
    if episode.fever_or_infection is True:
        return "occurred with fever or infection (pseudo-relapse)"
    if episode.resolution is not None and _bounds(episode.resolution)[1] <= _bounds(episode.onset)[0]:
        return "lasted less than 24 hours"
    return None


def attack_summary(case: Case) -> AttackSummary:
    """Group qualifying episodes into attacks and count objective lesion sites."""
    excluded: list[tuple[int, str]] = []
    qualifying: list[tuple[int, Episode]] = []
    for index, episode in enumerate(case.episodes):
        reason = _exclusion_reason(episode)
        if reason:
            excluded.append((index, reason))
        else:
            qualifying.append((index, episode))
    qualifying.sort(key=lambda item: item[1].onset)
    groups: list[list[int]] = []
    open_pairs: list[tuple[int, int]] = []
    previous: tuple[int, Episode] | None = None
    for index, episode in qualifying:
        if previous is None:
            groups.append([index])
        else:
            least, most = separation_days(previous[1].onset, episode.onset)
            if least >= ATTACK_SEPARATION_DAYS:
                groups.append([index])
            else:
                groups[-1].append(index)
                if most >= ATTACK_SEPARATION_DAYS:
                    open_pairs.append((previous[0], index))
        previous = (index, episode)
    episodes = [e for _, e in qualifying]
    objective = frozenset((e.system, e.side) for e in episodes if e.evidence is AttackEvidence.OBJECTIVE)
    objective_systems = {system for system, _ in objective}
    historical = any(
        e.evidence is AttackEvidence.HISTORICAL and e.system not in objective_systems for e in episodes
    )
    progressive = case.course.pattern is CoursePattern.PROGRESSIVE_FROM_ONSET
    start = case.course.progression_onset or (case.symptom_onset if progressive else None)
    return AttackSummary(
        attacks=tuple(tuple(g) for g in groups),
        open_separations=tuple(open_pairs),
        objective_sites=objective,
        attack_systems=frozenset(e.system for e in episodes),
        historical_prior_attack=historical,
        excluded_episodes=tuple(excluded),
        progression_years=years_since(start, case),
        progressive_course=progressive or (
            case.course.pattern is None and case.course.progression_onset is not None
        ),
    )
