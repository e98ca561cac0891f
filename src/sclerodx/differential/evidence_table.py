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
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sclerodx.differential.diagnoses import DIAGNOSES, Diagnosis, find_diagnosis
from sclerodx.differential.findings import FINDING_STATES

SUM_TOLERANCE = 1e-6
TABLE_RESOURCE = "evidence_table.toml"


class EvidenceTableError(ValueError):
    """The evidence table breaks one of its rules (the message names the row)."""


@dataclass(frozen=True, slots=True)
class FindingSpec:
    """A finding: its identifier, display label and ordered states."""

    id: str
    label: str
    states: tuple[str, ...]
    investigational: bool = False


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One row: P(state | diagnosis) for a finding and a group of diagnoses."""

    finding: str
    diagnoses: tuple[Diagnosis, ...]
    probabilities: tuple[float, ...]
    n: float
    source: str


@dataclass(frozen=True, slots=True)
class EvidenceTable:
    """The validated table.

    ``probabilities[finding]`` has shape (n_states, n_diagnoses) in the order of
    :data:`~sclerodx.differential.diagnoses.DIAGNOSES`; ``concentration[finding]`` has
    shape (n_diagnoses,) and holds each row's ``n``; ``sources[finding]`` maps each
    diagnosis to its row's source.
    """

    findings: tuple[FindingSpec, ...]
    probabilities: Mapping[str, NDArray[np.float64]]
    concentration: Mapping[str, NDArray[np.float64]]
    sources: Mapping[str, Mapping[Diagnosis, str]]
    rows: tuple[EvidenceRow, ...]

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


def _parse_finding(index: int, raw: Any, known: Mapping[str, tuple[str, ...]] | None) -> FindingSpec:
    where = f"finding[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, "expected a table with id, label and states")
    fid = raw.get("id")
    if not isinstance(fid, str) or not fid:
        raise _fail(where, "'id' must be a non-empty string")
    where = f"finding[{index}] ({fid!r})"
    label = raw.get("label")
    if not isinstance(label, str) or not label:
        raise _fail(where, "'label' must be a non-empty string")
    states = raw.get("states")
    if not isinstance(states, list) or len(states) < 2 or not all(isinstance(s, str) for s in states):
        raise _fail(where, "'states' must be a list of at least two state names")
    if len(set(states)) != len(states):
        raise _fail(where, f"'states' has duplicates: {states}")
    investigational = raw.get("investigational", False)
    if not isinstance(investigational, bool):
        raise _fail(where, "'investigational' must be true or false")
    unexpected = set(raw) - {"id", "label", "states", "investigational"}
    if unexpected:
        raise _fail(where, f"unexpected key(s) {sorted(unexpected)}")
    if known is not None:
        if fid not in known:
            raise _fail(where, f"unknown finding {fid!r}: sclerodx derives {', '.join(sorted(known))}")
        if tuple(states) != known[fid]:
            raise _fail(where, f"states {states} differ from the derived states {list(known[fid])}")
    return FindingSpec(fid, label, tuple(states), investigational)


def _parse_row(index: int, raw: Any, specs: Mapping[str, FindingSpec]) -> EvidenceRow:
    where = f"row[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, "expected a table with finding, diagnoses, p, n and source")
    finding = raw.get("finding")
    if not isinstance(finding, str) or finding not in specs:
        raise _fail(where, f"unknown finding {finding!r}: declare it in a [[finding]] block first")
    names = raw.get("diagnoses")
    if not isinstance(names, list) or not names:
        raise _fail(where, f"(finding {finding!r}) 'diagnoses' must be a non-empty list")
    where = f"row[{index}] (finding {finding!r}, diagnoses {', '.join(map(str, names))})"
    try:
        diagnoses = tuple(find_diagnosis(str(name)) for name in names)
    except ValueError as exc:
        raise _fail(where, str(exc)) from None
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _fail(where, "missing citation: 'source' must name the authors, year and journal, "
                           "or start with 'expert estimate:' and give the reasoning")
    n = raw.get("n")
    if isinstance(n, bool) or not isinstance(n, int | float) or not n > 0:
        raise _fail(where, f"'n' (effective sample size) must be a positive number, got {n!r}")
    p = raw.get("p")
    states = specs[finding].states
    if not isinstance(p, list) or len(p) != len(states):
        raise _fail(where, f"'p' must list one probability per state {list(states)}, got {p!r}")
    for state, value in zip(states, p, strict=True):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 < value < 1.0:
            raise _fail(where, f"P({state}) = {value!r} is outside (0, 1); probabilities must be "
                               "strictly between 0 and 1")
    total = float(sum(p))
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise _fail(where, f"probabilities sum to {total:.6g}, expected 1")
    unexpected = set(raw) - {"finding", "diagnoses", "p", "n", "source"}
    if unexpected:
        raise _fail(where, f"unexpected key(s) {sorted(unexpected)}")
    return EvidenceRow(finding, diagnoses, tuple(float(v) for v in p), float(n), source.strip())


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
        specs[spec.id] = spec
    if known_findings is not None and set(known_findings) - set(specs):
        undeclared = ", ".join(sorted(set(known_findings) - set(specs)))
        raise EvidenceTableError(f"evidence table: no [[finding]] block for {undeclared}")
    rows = tuple(_parse_row(i, raw, specs) for i, raw in enumerate(document.get("row", [])))
    n_dx = len(DIAGNOSES)
    probabilities = {f: np.full((len(s.states), n_dx), np.nan) for f, s in specs.items()}
    concentration = {f: np.full(n_dx, np.nan) for f in specs}
    sources: dict[str, dict[Diagnosis, str]] = {f: {} for f in specs}
    for index, row in enumerate(rows):
        for diagnosis in row.diagnoses:
            if diagnosis in sources[row.finding]:
                raise _fail(f"row[{index}]", f"finding {row.finding!r} already has a row for "
                                             f"{diagnosis.value}")
            column = DIAGNOSES.index(diagnosis)
            probabilities[row.finding][:, column] = row.probabilities
            concentration[row.finding][column] = row.n
            sources[row.finding][diagnosis] = row.source
    for fid in specs:
        missing = [d.value for d in DIAGNOSES if d not in sources[fid]]
        if missing:
            raise EvidenceTableError(f"evidence table: finding {fid!r} has no row for {', '.join(missing)}")
    for array in (*probabilities.values(), *concentration.values()):
        array.setflags(write=False)
    return EvidenceTable(tuple(specs.values()), probabilities, concentration, sources, rows)


@cache
def load_evidence_table() -> EvidenceTable:
    """The packaged evidence table, validated against the findings sclerodx derives."""
    text = resources.files(__package__).joinpath(TABLE_RESOURCE).read_text(encoding="utf-8")
    return parse_evidence_table(text, known_findings=FINDING_STATES)
