"""Loading and checking the evidence table, the differential's one data file.

``evidence_table.toml`` holds, for every finding, its mutually exclusive states and,
for every diagnosis, the probability of each state given that diagnosis,
P(state | diagnosis), with the source of the numbers and their effective sample size.
It is checked once, here, when it is loaded; a table that breaks a rule does not
load, and the error names the row and what was expected:

* every row has a non-empty ``source`` (a citation, or ``expert estimate: <reasoning>``);
* every probability lies strictly inside (0, 1) — a zero would let one finding veto a
  diagnosis for ever, and log-probabilities must stay finite;
* the probabilities of a row sum to 1 (tolerance :data:`SUM_TOLERANCE`) and there is one
  per state;
* diagnoses, findings and states are known, and every (finding, diagnosis) pair has
  exactly one row;
* ``n`` (the effective sample size behind the row) is positive.

Grouped findings
----------------
A finding declared with ``parts`` instead of ``states`` (the motor regions, the nerve
conduction study) has binary parts observed separately. Its rows give the *joint*
distribution over the parts, in one of two ways:

* directly, ``p`` over the 2^k joint outcomes (first part most significant, absent
  before present: for parts (a, b) the order is a−b−, a−b+, a+b−, a+b+); or
* through a latent state (``latent = [...]``): the rows give P(latent state | diagnosis)
  and ``[[part]]`` blocks give P(part present | latent state), the parts being
  conditionally independent given the latent state. The joint is then
  P(parts | d) = Σ_h P(h | d) Π_i P(part_i | h) — a two-level Bayesian network whose
  latent node carries the dependence between a region's signs and its EMG.

Either way the table stores the joint, and a partly observed pattern is scored by
summing the joint over the unknown parts.

The causes of ``other``
-----------------------
``other`` is a mixture of named mimic causes plus an unnamed remainder
(:mod:`sclerodx.differential.other`). Each ``[[cause]]`` block names a cause (``id``,
``label``), its ``share`` of ``other`` (with its ``source``) and the next test that
defines it (``test``, a :data:`sclerodx.differential.next_test.TESTS` id). A row with
``causes = [...]`` instead of ``diagnoses`` gives a cause its own P(state | cause); a cause
without a row for a finding takes the row of the remainder (``other``'s own row), so a
cause is written only where it differs from a heterogeneous remainder. The shares must
leave the remainder a positive share (:data:`MIN_REMAINDER_SHARE`).

A simple finding may name ``rows_from = "<finding>"``, an earlier simple finding with the
same states: every diagnosis (and cause of ``other``) without its own row for it takes that
finding's row, ``n`` and source. It serves a finding that is the same variable read under
a condition (``duration_pure_umn``: the time from onset where the motor examination is pure
UMN), so the rows that the condition does not change are written once.

A cause may give its age and sex shape: ``age_female`` and ``age_male``, one relative rate
per age band of :mod:`sclerodx.differential.priors` (<20, 20-29, ..., >=80; any positive
scale), with ``age_sex_source``. The share is then the share at unknown age and sex, and
:func:`sclerodx.differential.priors.cause_share_table` moves it with age and sex. A cause
without a shape keeps its share at every age and sex.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sclerodx.differential.diagnoses import DIAGNOSES, Diagnosis, find_diagnosis
from sclerodx.differential.findings import (
    FINDING_PARTS,
    FINDING_STATES,
    full_patterns,
    part_patterns,
    pattern_name,
)
from sclerodx.differential.priors import N_AGE_BANDS

SUM_TOLERANCE = 1e-6
#: The unnamed remainder of ``other`` keeps at least this share (the named causes cannot
#: exhaust it: the mimic literature always leaves a long tail of rare causes).
MIN_REMAINDER_SHARE = 0.05
TABLE_RESOURCE = "evidence_table.toml"


class EvidenceTableError(ValueError):
    """The evidence table breaks one of its rules (the message names the row)."""


@dataclass(frozen=True, slots=True)
class FindingSpec:
    """A finding: its identifier, display label and ordered observable states.

    ``outcomes`` are the joint outcomes the table's probabilities are over (for a simple
    finding the states themselves; for a grouped one every combination of its ``parts``);
    ``latent`` names the latent states a grouped finding's rows are over, if any.
    """

    id: str
    label: str
    states: tuple[str, ...]
    investigational: bool = False
    parts: tuple[str, ...] = ()
    latent: tuple[str, ...] = ()
    #: An earlier simple finding with the same states whose rows fill the diagnoses (and
    #: causes) this finding has no row for.
    rows_from: str | None = None

    @property
    def outcomes(self) -> tuple[str, ...]:
        if not self.parts:
            return self.states
        return tuple(pattern_name(self.parts, v) for v in full_patterns(self.parts))

    @property
    def row_states(self) -> tuple[str, ...]:
        """What a row's ``p`` is over: latent states, joint outcomes or states."""
        return self.latent or self.outcomes


@dataclass(frozen=True, slots=True)
class PartRow:
    """P(part present | latent state) for the parts of latent grouped findings."""

    findings: tuple[str, ...]
    part: str
    p_present: tuple[float, ...]
    n: float
    source: str


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One row: P(state | diagnosis) for a finding and a group of diagnoses (or of causes of
    ``other``, in ``causes``; then ``diagnoses`` is empty)."""

    finding: str
    diagnoses: tuple[Diagnosis, ...]
    probabilities: tuple[float, ...]
    n: float
    source: str
    causes: tuple[str, ...] = ()


#: Relative rates by age band of one cause: (female, male), one value per band.
AgeSexShape = tuple[tuple[float, ...], tuple[float, ...]]


@dataclass(frozen=True, slots=True)
class CauseSpec:
    """A named cause inside ``other``: its share of ``other``, the source of the share, and the
    next test (an id of :data:`sclerodx.differential.next_test.TESTS`) that defines it."""

    id: str
    label: str
    share: float
    test: str
    source: str
    #: Relative rate by age band, (female, male), or None when the share does not vary.
    age_sex_shape: AgeSexShape | None = None
    age_sex_source: str = ""


@dataclass(frozen=True, slots=True)
class EvidenceTable:
    """The validated table.

    ``probabilities[finding]`` has shape (n_outcomes, n_diagnoses) in the order of
    :data:`~sclerodx.differential.diagnoses.DIAGNOSES` (for a grouped finding the joint
    over its parts); ``concentration[finding]`` has
    shape (n_diagnoses,) and holds each row's ``n``; ``sources[finding]`` maps each
    diagnosis to its row's source.
    """

    findings: tuple[FindingSpec, ...]
    probabilities: Mapping[str, NDArray[np.float64]]
    concentration: Mapping[str, NDArray[np.float64]]
    sources: Mapping[str, Mapping[Diagnosis, str]]
    rows: tuple[EvidenceRow, ...]
    part_rows: tuple[PartRow, ...] = ()
    latent_probabilities: Mapping[str, NDArray[np.float64]] | None = None
    #: The named causes of ``other`` and, per finding, P(joint outcome | cause) (n_outcomes,
    #: n_causes), P(latent state | cause) for latent findings, each row's ``n`` and source.
    causes: tuple[CauseSpec, ...] = ()
    cause_probabilities: Mapping[str, NDArray[np.float64]] | None = None
    cause_latent_probabilities: Mapping[str, NDArray[np.float64]] | None = None
    cause_concentration: Mapping[str, NDArray[np.float64]] | None = None
    cause_sources: Mapping[str, Mapping[str, str]] | None = None

    @property
    def remainder_share(self) -> float:
        """The share of ``other`` left to its unnamed remainder (``other``'s own rows)."""
        return 1.0 - sum(c.share for c in self.causes)

    def part_probabilities(self, finding_id: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """P(part present | latent state), shape (n_parts, n_latent), and each part row's ``n``."""
        spec = self.finding(finding_id)
        rows = {r.part: r for r in self.part_rows if finding_id in r.findings}
        return (np.array([rows[p].p_present for p in spec.parts]), np.array([rows[p].n for p in spec.parts]))

    def finding(self, finding_id: str) -> FindingSpec:
        """The spec of one finding."""
        for spec in self.findings:
            if spec.id == finding_id:
                return spec
        raise KeyError(f"unknown finding {finding_id!r}")

    @property
    def finding_ids(self) -> tuple[str, ...]:
        return tuple(spec.id for spec in self.findings)


def _fail(where: str, message: str) -> EvidenceTableError:
    return EvidenceTableError(f"evidence table {where}: {message}")


def _names(raw: Any, where: str, key: str, minimum: int) -> tuple[str, ...]:
    if not isinstance(raw, list) or len(raw) < minimum or not all(isinstance(x, str) for x in raw):
        raise _fail(where, f"'{key}' must be a list of at least {minimum} names")
    if len(set(raw)) != len(raw):
        raise _fail(where, f"'{key}' has duplicates: {raw}")
    return tuple(raw)


def _parse_finding(index: int, raw: Any, known: Mapping[str, tuple[str, ...]] | None) -> FindingSpec:
    where = f"finding[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, "expected a table with id, label and states (or parts)")
    fid = raw.get("id")
    if not isinstance(fid, str) or not fid:
        raise _fail(where, "'id' must be a non-empty string")
    where = f"finding[{index}] ({fid!r})"
    label = raw.get("label")
    if not isinstance(label, str) or not label:
        raise _fail(where, "'label' must be a non-empty string")
    if ("states" in raw) == ("parts" in raw):
        raise _fail(where, "give either 'states' (a simple finding) or 'parts' (a grouped finding)")
    parts: tuple[str, ...] = ()
    latent: tuple[str, ...] = ()
    if "parts" in raw:
        parts = _names(raw["parts"], where, "parts", 2)
        latent = _names(raw["latent"], where, "latent", 2) if "latent" in raw else ()
        states = tuple(pattern_name(parts, v) for v in part_patterns(parts))
    else:
        if "latent" in raw:
            raise _fail(where, "'latent' needs 'parts'")
        states = _names(raw["states"], where, "states", 2)
    investigational = raw.get("investigational", False)
    if not isinstance(investigational, bool):
        raise _fail(where, "'investigational' must be true or false")
    rows_from = raw.get("rows_from")
    if rows_from is not None and (not isinstance(rows_from, str) or parts):
        raise _fail(where, "'rows_from' must name a simple finding, on a simple finding")
    unexpected = set(raw) - {"id", "label", "states", "parts", "latent", "investigational", "rows_from"}
    if unexpected:
        raise _fail(where, f"unexpected key(s) {sorted(unexpected)}")
    if known is not None:
        if fid not in known:
            raise _fail(where, f"unknown finding {fid!r}: sclerodx derives {', '.join(sorted(known))}")
        if parts and parts != FINDING_PARTS.get(fid):
            raise _fail(where, f"parts {list(parts)} differ from the derived parts "
                               f"{list(FINDING_PARTS.get(fid, ()))}")
        if tuple(states) != known[fid]:
            raise _fail(where, f"states {list(states)} differ from the derived states {list(known[fid])}")
    return FindingSpec(fid, label, states, investigational, parts, latent, rows_from)


def _probability_list(where: str, p: Any, states: tuple[str, ...], *, sums_to_one: bool) -> tuple[float, ...]:
    if not isinstance(p, list) or len(p) != len(states):
        raise _fail(where, f"'p' must list one probability per state {list(states)}, got {p!r}")
    for state, value in zip(states, p, strict=True):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 < value < 1.0:
            raise _fail(where, f"P({state}) = {value!r} is outside (0, 1); probabilities must be "
                               "strictly between 0 and 1")
    total = float(sum(p))
    if sums_to_one and abs(total - 1.0) > SUM_TOLERANCE:
        raise _fail(where, f"probabilities sum to {total:.6g}, expected 1")
    return tuple(float(v) for v in p)


def _source_and_n(where: str, raw: dict[str, Any]) -> tuple[str, float]:
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _fail(where, "missing citation: 'source' must name the authors, year and journal, "
                           "or start with 'expert estimate:' and give the reasoning")
    n = raw.get("n")
    if isinstance(n, bool) or not isinstance(n, int | float) or not n > 0:
        raise _fail(where, f"'n' (effective sample size) must be a positive number, got {n!r}")
    return source.strip(), float(n)


def _parse_part(index: int, raw: Any, specs: Mapping[str, FindingSpec]) -> PartRow:
    where = f"part[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, "expected a table with findings, part, p_present, n and source")
    findings = raw.get("findings")
    if not isinstance(findings, list) or not findings:
        raise _fail(where, "'findings' must be a non-empty list of latent grouped findings")
    part = raw.get("part")
    where = f"part[{index}] ({part!r})"
    latent: tuple[str, ...] | None = None
    for fid in findings:
        spec = specs.get(fid)
        if spec is None or not spec.latent:
            raise _fail(where, f"{fid!r} is not a grouped finding with latent states")
        if part not in spec.parts:
            raise _fail(where, f"finding {fid!r} has no part {part!r}; expected one of {list(spec.parts)}")
        if latent is not None and spec.latent != latent:
            raise _fail(where, "the findings of one part row must share their latent states")
        latent = spec.latent
    assert latent is not None
    p = _probability_list(where, raw.get("p_present"), latent, sums_to_one=False)
    source, n = _source_and_n(where, raw)
    unexpected = set(raw) - {"findings", "part", "p_present", "n", "source"}
    if unexpected:
        raise _fail(where, f"unexpected key(s) {sorted(unexpected)}")
    return PartRow(tuple(findings), str(part), p, n, source)


def _latent_joint(spec: FindingSpec, latent_p: NDArray[np.float64],
                  parts: Mapping[str, tuple[float, ...]]) -> NDArray[np.float64]:
    """P(joint outcome | d) = Σ_h P(h | d) Π_i P(part_i | h), shape (n_outcomes, n_dx)."""
    present = np.array([parts[p] for p in spec.parts])            # (k, H)
    outcome_given_latent = np.ones((2 ** len(spec.parts), len(spec.latent)))
    for o, values in enumerate(full_patterns(spec.parts)):
        for i, value in enumerate(values):
            outcome_given_latent[o] *= present[i] if value else 1.0 - present[i]
    joint: NDArray[np.float64] = outcome_given_latent @ latent_p
    return joint


def _parse_row(index: int, raw: Any, specs: Mapping[str, FindingSpec],
               cause_ids: tuple[str, ...] = ()) -> EvidenceRow:
    where = f"row[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, "expected a table with finding, diagnoses, p, n and source")
    finding = raw.get("finding")
    if not isinstance(finding, str) or finding not in specs:
        raise _fail(where, f"unknown finding {finding!r}: declare it in a [[finding]] block first")
    if ("diagnoses" in raw) == ("causes" in raw):
        raise _fail(where, f"(finding {finding!r}) give either 'diagnoses' or 'causes' (of other)")
    key = "diagnoses" if "diagnoses" in raw else "causes"
    names = raw.get(key)
    if not isinstance(names, list) or not names:
        raise _fail(where, f"(finding {finding!r}) '{key}' must be a non-empty list")
    where = f"row[{index}] (finding {finding!r}, {key} {', '.join(map(str, names))})"
    diagnoses: tuple[Diagnosis, ...] = ()
    causes: tuple[str, ...] = ()
    if key == "diagnoses":
        try:
            diagnoses = tuple(find_diagnosis(str(name)) for name in names)
        except ValueError as exc:
            raise _fail(where, str(exc)) from None
    else:
        unknown = [str(c) for c in names if c not in cause_ids]
        if unknown:
            raise _fail(where, f"unknown cause(s) {unknown}: declare them in [[cause]] blocks "
                               f"({', '.join(cause_ids) or 'none declared'})")
        causes = tuple(str(c) for c in names)
    source, n = _source_and_n(where, raw)
    p = _probability_list(where, raw.get("p"), specs[finding].row_states, sums_to_one=True)
    unexpected = set(raw) - {"finding", key, "p", "n", "source"}
    if unexpected:
        raise _fail(where, f"unexpected key(s) {sorted(unexpected)}")
    return EvidenceRow(finding, diagnoses, p, n, source, causes)


def _age_sex_shape(where: str, raw: dict[str, Any]) -> tuple[AgeSexShape | None, str]:
    """A cause's ``age_female`` / ``age_male`` shape and its source, or (None, "") when absent."""
    keys = ("age_female", "age_male", "age_sex_source")
    given = [k for k in keys if k in raw]
    if not given:
        return None, ""
    if len(given) != len(keys):
        raise _fail(where, f"give all of {list(keys)} or none of them")
    bands: list[tuple[float, ...]] = []
    for key in keys[:2]:
        values = raw[key]
        if (not isinstance(values, list) or len(values) != N_AGE_BANDS
                or any(isinstance(v, bool) or not isinstance(v, int | float)
                       or not (math.isfinite(v) and v > 0) for v in values)):
            raise _fail(where, f"'{key}' must list {N_AGE_BANDS} finite positive relative rates, one per age "
                               "band (<20, 20-29, ..., >=80)")
        bands.append(tuple(float(v) for v in values))
    source = raw["age_sex_source"]
    if not isinstance(source, str) or not source.strip():
        raise _fail(where, "missing citation: 'age_sex_source' must give the origin of the age and sex shape")
    return (bands[0], bands[1]), source.strip()


def _parse_cause(index: int, raw: Any) -> CauseSpec:
    where = f"cause[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, "expected a table with id, label, share, test and source")
    cid, label, test = raw.get("id"), raw.get("label"), raw.get("test")
    for key, value in (("id", cid), ("label", label), ("test", test)):
        if not isinstance(value, str) or not value:
            raise _fail(where, f"'{key}' must be a non-empty string")
    where = f"cause[{index}] ({cid!r})"
    share = raw.get("share")
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0.0 < share < 1.0:
        raise _fail(where, f"'share' must lie strictly between 0 and 1, got {share!r}")
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _fail(where, "missing citation: 'source' must give the origin of the share")
    unexpected = set(raw) - {"id", "label", "share", "test", "source", "age_female", "age_male",
                             "age_sex_source"}
    if unexpected:
        raise _fail(where, f"unexpected key(s) {sorted(unexpected)}")
    shape, shape_source = _age_sex_shape(where, raw)
    return CauseSpec(str(cid), str(label), float(share), str(test), source.strip(), shape, shape_source)


def parse_evidence_table(
    text: str, *, known_findings: Mapping[str, tuple[str, ...]] | None = None
) -> EvidenceTable:
    """Parse and validate an evidence table from TOML text.

    Parameters
    ----------
    text
        The TOML document.
    known_findings
        Finding id -> state names that the case mapping can derive; when given, the
        table must declare exactly these findings with these states.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EvidenceTableError(f"evidence table is not valid TOML: {exc}") from None
    raw_findings = document.get("finding")
    if not isinstance(raw_findings, list) or not raw_findings:
        raise EvidenceTableError("evidence table: no [[finding]] blocks")
    specs: dict[str, FindingSpec] = {}
    for index, raw in enumerate(raw_findings):
        spec = _parse_finding(index, raw, known_findings)
        if spec.id in specs:
            raise _fail(f"finding[{index}]", f"finding {spec.id!r} is declared twice")
        base = specs.get(spec.rows_from) if spec.rows_from is not None else None
        if spec.rows_from is not None and (base is None or base.parts or base.states != spec.states):
            raise _fail(f"finding[{index}] ({spec.id!r})", "'rows_from' must name an earlier simple "
                                                           "finding with the same states")
        specs[spec.id] = spec
    if known_findings is not None and set(known_findings) - set(specs):
        undeclared = ", ".join(sorted(set(known_findings) - set(specs)))
        raise EvidenceTableError(f"evidence table: no [[finding]] block for {undeclared}")
    causes = tuple(_parse_cause(i, raw) for i, raw in enumerate(document.get("cause", [])))
    cause_ids = tuple(c.id for c in causes)
    if len(set(cause_ids)) != len(cause_ids):
        raise EvidenceTableError(f"evidence table: duplicate cause ids in {list(cause_ids)}")
    if 1.0 - sum(c.share for c in causes) < MIN_REMAINDER_SHARE:
        raise EvidenceTableError(f"evidence table: the cause shares leave the unnamed remainder of 'other' "
                                 f"less than {MIN_REMAINDER_SHARE}")
    rows = tuple(_parse_row(i, raw, specs, cause_ids) for i, raw in enumerate(document.get("row", [])))
    part_rows = tuple(_parse_part(i, raw, specs) for i, raw in enumerate(document.get("part", [])))
    n_dx = len(DIAGNOSES)
    probabilities = {f: np.full((len(s.row_states), n_dx), np.nan) for f, s in specs.items()}
    concentration = {f: np.full(n_dx, np.nan) for f in specs}
    sources: dict[str, dict[Diagnosis, str]] = {f: {} for f in specs}
    for index, row in enumerate(rows):
        if row.causes:
            continue
        for diagnosis in row.diagnoses:
            if diagnosis in sources[row.finding]:
                raise _fail(f"row[{index}]", f"finding {row.finding!r} already has a row for "
                                             f"{diagnosis.value}")
            column = DIAGNOSES.index(diagnosis)
            probabilities[row.finding][:, column] = row.probabilities
            concentration[row.finding][column] = row.n
            sources[row.finding][diagnosis] = row.source
    for fid, spec in specs.items():
        if spec.rows_from is not None:
            for column, diagnosis in enumerate(DIAGNOSES):
                if diagnosis not in sources[fid] and diagnosis in sources[spec.rows_from]:
                    probabilities[fid][:, column] = probabilities[spec.rows_from][:, column]
                    concentration[fid][column] = concentration[spec.rows_from][column]
                    sources[fid][diagnosis] = f"as {spec.rows_from}: {sources[spec.rows_from][diagnosis]}"
    for fid in specs:
        missing = [d.value for d in DIAGNOSES if d not in sources[fid]]
        if missing:
            raise EvidenceTableError(f"evidence table: finding {fid!r} has no row for {', '.join(missing)}")
    latent_probabilities = {f: probabilities[f] for f, spec in specs.items() if spec.latent}
    for fid, spec in specs.items():
        if spec.latent:
            given = {r.part: r.p_present for r in part_rows if fid in r.findings}
            missing_parts = [p for p in spec.parts if p not in given]
            if missing_parts:
                raise EvidenceTableError(f"evidence table: finding {fid!r} has no [[part]] row for "
                                         f"{', '.join(missing_parts)}")
            probabilities[fid] = _latent_joint(spec, probabilities[fid], given)
    cause_p, cause_latent, cause_n, cause_sources = _cause_arrays(
        specs, rows, causes, probabilities, latent_probabilities, concentration, sources, part_rows)
    for array in (*probabilities.values(), *concentration.values(), *cause_p.values(),
                  *cause_n.values()):
        array.setflags(write=False)
    return EvidenceTable(tuple(specs.values()), probabilities, concentration, sources, rows, part_rows,
                         latent_probabilities, causes, cause_p, cause_latent, cause_n, cause_sources)


def _cause_arrays(
    specs: Mapping[str, FindingSpec], rows: tuple[EvidenceRow, ...], causes: tuple[CauseSpec, ...],
    probabilities: Mapping[str, NDArray[np.float64]], latent: Mapping[str, NDArray[np.float64]],
    concentration: Mapping[str, NDArray[np.float64]], sources: Mapping[str, Mapping[Diagnosis, str]],
    part_rows: tuple[PartRow, ...],
) -> tuple[dict[str, NDArray[np.float64]], dict[str, NDArray[np.float64]], dict[str, NDArray[np.float64]],
           dict[str, dict[str, str]]]:
    """Per finding: P(outcome | cause), P(latent | cause), ``n`` and source of every cause, a cause
    without its own row taking the remainder's (``other``'s) row."""
    other = DIAGNOSES.index(Diagnosis.OTHER)
    ids = [c.id for c in causes]
    cause_p: dict[str, NDArray[np.float64]] = {}
    cause_latent: dict[str, NDArray[np.float64]] = {}
    cause_n: dict[str, NDArray[np.float64]] = {}
    cause_sources: dict[str, dict[str, str]] = {}
    for fid, spec in specs.items():
        base = latent[fid] if spec.latent else probabilities[fid]
        own = np.repeat(base[:, other:other + 1], len(ids), axis=1)
        n = np.full(len(ids), concentration[fid][other])
        cause_sources[fid] = dict.fromkeys(ids, f"remainder of other: {sources[fid][Diagnosis.OTHER]}")
        if spec.rows_from is not None:  # declared earlier, so its cause rows are already there
            own, n = cause_p[spec.rows_from].copy(), cause_n[spec.rows_from].copy()
            cause_sources[fid] = {k: f"as {spec.rows_from}: {v}"
                                  for k, v in cause_sources[spec.rows_from].items()}
        written: set[str] = set()
        for index, row in enumerate(rows):
            if row.finding != fid:
                continue
            for cause in row.causes:
                if cause in written:
                    raise _fail(f"row[{index}]", f"finding {fid!r} already has a row for cause {cause}")
                written.add(cause)
                own[:, ids.index(cause)] = row.probabilities
                n[ids.index(cause)] = row.n
                cause_sources[fid][cause] = row.source
        if spec.latent:
            cause_latent[fid] = own
            given = {r.part: r.p_present for r in part_rows if fid in r.findings}
            cause_p[fid] = _latent_joint(spec, own, given)
        else:
            cause_p[fid] = own
        cause_n[fid] = n
    return cause_p, cause_latent, cause_n, cause_sources


@cache
def load_evidence_table() -> EvidenceTable:
    """The packaged evidence table, validated against the findings sclerodx derives."""
    text = resources.files(__package__).joinpath(TABLE_RESOURCE).read_text(encoding="utf-8")
    return parse_evidence_table(text, known_findings=FINDING_STATES)
