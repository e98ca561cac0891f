"""Attacks, objective lesions and progression, as the McDonald criteria count them.

* An attack (relapse) is a typical demyelinating episode lasting at least 24 hours
  without fever or infection. Episodes whose onsets are less than 30 days apart are one
  attack (Polman et al. 2011, kept by Thompson et al. 2018).
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

from dataclasses import dataclass

from sclerodx.case import AttackEvidence, Case, CNSSystem, CoursePattern, Episode, Side
from sclerodx.criteria.timeline import years_since

ATTACK_SEPARATION_DAYS = 30


@dataclass(frozen=True, slots=True)
class AttackSummary:
    """The attack history of a case."""

    attacks: tuple[tuple[int, ...], ...]
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
    def n_objective_lesions(self) -> int:
        return len(self.objective_sites)


def _exclusion_reason(episode: Episode) -> str | None:
    if not episode.typical_demyelinating:
        return "not a typical demyelinating event"
    if episode.fever_or_infection is True:
        return "occurred with fever or infection (pseudo-relapse)"
    if episode.resolution is not None and episode.resolution <= episode.onset:
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
    previous_onset = None
    for index, episode in qualifying:
        if previous_onset is None or (episode.onset - previous_onset).days >= ATTACK_SEPARATION_DAYS:
            groups.append([index])
        else:
            groups[-1].append(index)
        previous_onset = episode.onset
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
        objective_sites=objective,
        attack_systems=frozenset(e.system for e in episodes),
        historical_prior_attack=historical,
        excluded_episodes=tuple(excluded),
        progression_years=years_since(start, case),
        progressive_course=progressive or (
            case.course.pattern is None and case.course.progression_onset is not None
        ),
    )
