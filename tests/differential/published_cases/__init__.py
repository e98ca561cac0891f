"""Published case reports as a development set for the differential, and their loader.

Each ``<slug>.json`` in this folder is one open-access case report transcribed at the point
where the diagnosis was still open (see ``README.md`` for the inclusion rules and the
transcription conventions). The loader

* validates the case with :class:`sclerodx.case.Case` (a case that does not validate is an
  error: the file is wrong);
* applies each ``extra_facts`` entry (facts the source states that schema 1.0 cannot
  hold) whose path the Case model under test accepts, and reports, without failing, the
  ones it does not, so the same files serve the model as it gains fields;
* builds the *masked* case, with the decisive finding removed, for the next-test check.

The same loader reads the *held-out* set in ``../published_cases_heldout`` (same format and
conventions; never used for tuning): :func:`load_set` loads a named set (``dev``,
``heldout`` or ``all``), :func:`load_cases` any one folder.

The module is imported by the tests and loaded by file path from
``benchmarks/published_cases.py`` (so the benchmark runs against any source tree).
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sclerodx.case import Case
from sclerodx.differential import Diagnosis

#: The folder holding the case files (the development set).
CASES_DIR = Path(__file__).resolve().parent
#: The folder holding the held-out set: never used for tuning, scored for honest figures.
HELDOUT_DIR = CASES_DIR.parent / "published_cases_heldout"
#: The named case sets and the folders each one reads, in order.
CASE_SETS: dict[str, tuple[Path, ...]] = {
    "dev": (CASES_DIR,),
    "heldout": (HELDOUT_DIR,),
    "all": (CASES_DIR, HELDOUT_DIR),
}

_SEGMENT = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P<index>(\[\d+\])*)$")
_INDEX = re.compile(r"\[(\d+)\]")

#: Keys every case file must have.
REQUIRED_KEYS = ("citation", "final_diagnosis", "summary", "case", "decisive")
#: Keys every citation must have.
CITATION_KEYS = ("authors", "year", "title", "journal", "reference", "url")


class CaseFileError(ValueError):
    """A case file is malformed (the message names the file and the field)."""


Step = str | int


def parse_path(path: str) -> list[Step]:
    """Split a dotted path such as ``mri[0].flexion_forward_shift`` into keys and indices."""
    steps: list[Step] = []
    for part in path.split("."):
        match = _SEGMENT.match(part)
        if match is None:
            raise CaseFileError(f"path {path!r}: segment {part!r} is not a name optionally "
                                "followed by [index]")
        steps.append(match["key"])
        steps.extend(int(i) for i in _INDEX.findall(match["index"]))
    return steps


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at ``path`` in ``data``, creating the objects on the way."""
    steps = parse_path(path)
    node: Any = data
    for step, following in itertools.pairwise(steps):
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                raise CaseFileError(f"path {path!r}: index [{step}] does not exist in the case")
            node = node[step]
            continue
        if step not in node or node[step] is None:
            if isinstance(following, int):
                raise CaseFileError(f"path {path!r}: list {step!r} does not exist in the case")
            node[step] = {}
        node = node[step]
    last = steps[-1]
    if isinstance(last, int):
        raise CaseFileError(f"path {path!r} must end in a field name")
    node[last] = value


def _brain_studies(case: dict[str, Any], field: str) -> list[str]:
    return [f"mri[{i}].{field}" for i, study in enumerate(case.get("mri") or [])
            if "brain" in (study.get("regions_imaged") or [])]


def _bilateral_optic_episodes(case: dict[str, Any]) -> list[str]:
    """The side of the case's one optic-nerve episode, unless it records another side."""
    optic = [(i, e) for i, e in enumerate(case.get("episodes") or []) if e.get("system") == "optic_nerve"]
    if len(optic) != 1 or optic[0][1].get("side") not in (None, "bilateral"):
        return []
    return [f"episodes[{optic[0][0]}].side"]


#: ``extra_facts`` names planned before the case model held the fact, and where the model
#: holds it now: (the case's paths for it, the value to set there). A name with no place in
#: a given case (no brain study; no single optic-nerve episode) stays unsupported there.
LEGACY_FACTS: dict[str, tuple[Callable[[dict[str, Any]], list[str]], Callable[[Any], Any]]] = {
    "imaging.thin_corpus_callosum": (lambda case: _brain_studies(case, "thin_corpus_callosum"),
                                     lambda value: value),
    "history.optic_neuritis_bilateral": (_bilateral_optic_episodes,
                                         lambda value: "bilateral" if value is True else None),
}


def fact_paths(path: str, value: Any, case: dict[str, Any]) -> list[tuple[str, Any]]:
    """The case paths an ``extra_facts`` entry sets: itself, or for a legacy name
    (:data:`LEGACY_FACTS`) the fields that hold it now (empty when the case has none)."""
    if path not in LEGACY_FACTS:
        return [(path, value)]
    where, translate = LEGACY_FACTS[path]
    new = translate(value)
    return [] if new is None else [(p, new) for p in where(case)]


def remove_path(data: dict[str, Any], path: str) -> None:
    """Remove the field or list element at ``path``; a missing path is an error."""
    steps = parse_path(path)
    node: Any = data
    for step in steps[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise CaseFileError(f"mask path {path!r} does not exist in the case") from None
    last = steps[-1]
    try:
        del node[last]
    except (KeyError, IndexError, TypeError):
        raise CaseFileError(f"mask path {path!r} does not exist in the case") from None


def _index_key(path: str) -> tuple[Any, ...]:
    # Remove later list elements first so earlier indices stay valid.
    return tuple((0, s) if isinstance(s, str) else (1, -s) for s in parse_path(path))


@dataclass(frozen=True)
class PublishedCase:
    """One transcribed case report, ready for the differential.

    Attributes
    ----------
    slug
        The file name without ``.json``.
    final_diagnosis
        The diagnosis the report settled on.
    case
        The case as transcribed, with every ``extra_facts`` entry the Case model accepts.
    masked
        The same case with the decisive finding removed (``decisive.mask``).
    decisive_test
        The next-test id that would reveal the decisive finding, or None.
    revealing_tests
        ``decisive_test`` and any equally revealing tests (``decisive.also_revealing``, e.g.
        needle EMG of another affected region); empty when no test would reveal it.
    applied_facts, unsupported_facts
        The ``extra_facts`` paths the model accepted, and those it did not, with the reason.
    """

    slug: str
    final_diagnosis: Diagnosis
    summary: str
    citation: dict[str, Any]
    decisive_finding: str
    decisive_test: str | None
    revealing_tests: tuple[str, ...]
    case: Case
    masked: Case
    applied_facts: tuple[str, ...] = ()
    unsupported_facts: dict[str, str] = field(default_factory=dict)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    location = ".".join(str(p) for p in error["loc"])
    return f"{location}: {error['msg']}" if location else str(error["msg"])


def _validate(data: dict[str, Any], slug: str, what: str) -> Case:
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseFileError(f"{slug}: the {what} does not validate ({_first_error(exc)})") from None


def build_case(raw: dict[str, Any], slug: str) -> PublishedCase:
    """Validate one parsed case file and build its full and masked cases."""
    missing = [k for k in REQUIRED_KEYS if k not in raw]
    if missing:
        raise CaseFileError(f"{slug}: missing key(s) {', '.join(missing)}")
    try:
        diagnosis = Diagnosis(raw["final_diagnosis"])
    except ValueError:
        valid = ", ".join(d.value for d in Diagnosis)
        raise CaseFileError(f"{slug}: final_diagnosis must be one of {valid}") from None
    base = copy.deepcopy(raw["case"])
    _validate(base, slug, "case")
    applied: list[str] = []
    unsupported: dict[str, str] = {}
    moved: dict[str, list[str]] = {}
    for path, value in raw.get("extra_facts", {}).items():
        trial = copy.deepcopy(base)
        targets = fact_paths(path, value, trial)
        if not targets:
            unsupported[path] = "the case has no field that holds it (see LEGACY_FACTS)"
            continue
        try:
            for target, target_value in targets:
                set_path(trial, target, target_value)
            Case.model_validate(trial)
        except ValidationError as exc:
            unsupported[path] = _first_error(exc)
            continue
        except CaseFileError as exc:
            unsupported[path] = str(exc)
            continue
        base = trial
        applied.append(path)
        if path in LEGACY_FACTS:
            moved[path] = [target for target, _ in targets]
    decisive = raw["decisive"]
    test = decisive.get("test")
    masked = copy.deepcopy(base)
    for path in sorted(decisive.get("mask", []), key=_index_key):
        if not path.startswith("case."):
            raise CaseFileError(f"{slug}: mask path {path!r} must start with 'case.'")
        inner = path.removeprefix("case.")
        if inner in unsupported:
            continue  # the fact was never applied: already unknown to this model
        try:
            for target in moved.get(inner, [inner]):
                remove_path(masked, target)
        except CaseFileError as exc:
            raise CaseFileError(f"{slug}: {exc}") from None
    return PublishedCase(
        slug=slug, final_diagnosis=diagnosis, summary=raw["summary"], citation=raw["citation"],
        decisive_finding=decisive.get("finding", ""), decisive_test=test,
        revealing_tests=tuple(dict.fromkeys((test, *decisive.get("also_revealing", ())))) if test else (),
        case=_validate(base, slug, "case with its extra facts"),
        masked=_validate(masked, slug, "masked case"),
        applied_facts=tuple(applied), unsupported_facts=unsupported,
    )


def case_files(directory: Path = CASES_DIR) -> list[Path]:
    """The case files, sorted by name."""
    return sorted(directory.glob("*.json"))


def load_case(path: Path) -> PublishedCase:
    """Load and validate one case file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CaseFileError(f"{path.stem}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(raw, dict):
        raise CaseFileError(f"{path.stem}: expected a JSON object at the top level")
    return build_case(raw, path.stem)


def load_cases(directory: Path = CASES_DIR) -> list[PublishedCase]:
    """Load every case file of ``directory``."""
    return [load_case(p) for p in case_files(directory)]


def load_set(name: str) -> list[PublishedCase]:
    """Load a named case set (a key of :data:`CASE_SETS`); a slug in two folders is an error."""
    if name not in CASE_SETS:
        raise CaseFileError(f"case set must be one of {', '.join(CASE_SETS)}")
    cases = [case for directory in CASE_SETS[name] for case in load_cases(directory)]
    repeated = sorted(slug for slug, n in Counter(c.slug for c in cases).items() if n > 1)
    if repeated:
        raise CaseFileError(f"case set {name!r}: slug(s) in more than one folder: {', '.join(repeated)}")
    return cases
