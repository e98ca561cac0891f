"""The differential measured on published case reports (issue 11: development and held-out sets).

Run: ``PYTHONPATH=$PWD/src python benchmarks/published_cases.py [--set dev|heldout|all]`` (any
source tree can be put on ``PYTHONPATH``; the cases are found next to this script, in
``tests/differential/published_cases`` (``dev``, the default) and
``tests/differential/published_cases_heldout`` (``heldout``); ``all`` scores both together).

Printed:

* with each case's decisive finding masked (the diagnosis still open, the headline): n,
  top-1 and top-3 accuracy of the final diagnosis, mean log-loss (nats) of the final
  diagnosis, the Brier score of the whole posterior; and top-1, top-3 and log-loss again
  with the decisive finding entered;
* a reliability table: the probability of the leading diagnosis in bins against how often
  the leader was the final diagnosis;
* per diagnosis: n, top-1, top-3, mean P(final diagnosis), mean log-loss;
* the misses (final diagnosis not leading): what led, with what probability, and the
  rank of the final diagnosis;
* the next-test hit rate: with each case's decisive finding masked, is the first
  recommended test the one that would reveal it (cases whose ``decisive.test`` is set);
* the ``extra_facts`` the Case model under test does not accept yet, by path.

``--json`` prints the same figures and the per-case results as JSON, to compare two source
trees case by case.

The development set's figures are a development measure, not a validation: the set is visible
to whoever tunes the model. The held-out set is never used for tuning; its figures are the
honest ones. Probabilities are clipped at 1e-15 before the logarithm so that one
confident miss gives a large but finite log-loss.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Protocol

from sclerodx.case import Case
from sclerodx.differential import Diagnosis, Differential, differential

CASES_DIR = Path(__file__).resolve().parents[1] / "tests" / "differential" / "published_cases"
HELDOUT_DIR = CASES_DIR.parent / "published_cases_heldout"
#: The case sets ``--set`` chooses from: the folders each reads and the name the report prints.
CASE_SETS: dict[str, tuple[tuple[Path, ...], str]] = {
    "dev": ((CASES_DIR,), "development set"),
    "heldout": ((HELDOUT_DIR,), "held-out set, never used for tuning"),
    "all": ((CASES_DIR, HELDOUT_DIR), "development and held-out sets together"),
}
#: Upper edges of the reliability bins for the leading probability.
BIN_EDGES = (0.2, 0.4, 0.6, 0.8, 1.0)
_CLIP = 1e-15


def load_loader(directory: Path = CASES_DIR) -> ModuleType:
    """The case loader (``published_cases/__init__.py``), imported by file path.

    By path rather than ``import tests...`` so that the script runs against another
    source tree and cannot pick up an unrelated installed ``tests`` package.
    """
    name = "sclerodx_published_cases"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, directory / "__init__.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no case loader in {directory}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class LoadedCase(Protocol):
    """What the benchmark reads of a loaded case (``PublishedCase`` of the loader)."""

    slug: str
    final_diagnosis: Diagnosis
    decisive_test: str | None
    revealing_tests: tuple[str, ...]
    case: Case
    masked: Case


@dataclass(frozen=True)
class CaseResult:
    """The differential's answer on one case."""

    slug: str
    truth: Diagnosis
    leader: Diagnosis
    leader_probability: float
    truth_probability: float
    truth_rank: int
    brier: float
    decisive_test: str | None
    revealing_tests: tuple[str, ...]
    first_test: str | None
    masked_test_rank: int | None

    @property
    def next_test_hit(self) -> bool:
        return self.first_test is not None and self.first_test in self.revealing_tests

    @property
    def log_loss(self) -> float:
        return -math.log(max(self.truth_probability, _CLIP))


@dataclass(frozen=True)
class ReliabilityBin:
    low: float
    high: float
    n: int
    mean_predicted: float
    observed: float


@dataclass(frozen=True)
class DiagnosisRow:
    diagnosis: Diagnosis
    n: int
    top1: float
    top3: float
    mean_truth_probability: float
    mean_log_loss: float


@dataclass(frozen=True)
class BenchmarkResult:
    """All figures of one benchmark run.

    ``cases`` are scored with each decisive finding masked (the diagnosis still open: the
    headline figures); ``with_decisive`` on the same cases with the decisive finding entered.
    """

    cases: list[CaseResult]
    with_decisive: list[CaseResult] = field(default_factory=list)
    unsupported_facts: Counter[str] = field(default_factory=Counter)
    set_name: str = "development set"

    @property
    def n(self) -> int:
        return len(self.cases)

    @property
    def top1(self) -> float:
        return sum(c.truth_rank == 1 for c in self.cases) / self.n

    @property
    def top3(self) -> float:
        return sum(c.truth_rank <= 3 for c in self.cases) / self.n

    @property
    def mean_log_loss(self) -> float:
        return sum(c.log_loss for c in self.cases) / self.n

    @property
    def mean_brier(self) -> float:
        return sum(c.brier for c in self.cases) / self.n

    @property
    def next_test_cases(self) -> list[CaseResult]:
        return [c for c in self.cases if c.decisive_test is not None]

    @property
    def next_test_hits(self) -> int:
        return sum(c.next_test_hit for c in self.next_test_cases)

    @property
    def next_test_top3_hits(self) -> int:
        return sum(c.masked_test_rank is not None and c.masked_test_rank <= 3 for c in self.next_test_cases)

    def reliability(self) -> list[ReliabilityBin]:
        bins: list[ReliabilityBin] = []
        low = 0.0
        for high in BIN_EDGES:
            inside = [c for c in self.cases
                      if low <= c.leader_probability < high or (high == 1.0 and c.leader_probability == 1.0)]
            n = len(inside)
            bins.append(ReliabilityBin(
                low, high, n,
                sum(c.leader_probability for c in inside) / n if n else math.nan,
                sum(c.truth_rank == 1 for c in inside) / n if n else math.nan,
            ))
            low = high
        return bins

    def expected_calibration_error(self) -> float:
        return sum(b.n * abs(b.mean_predicted - b.observed) for b in self.reliability() if b.n) / self.n

    def per_diagnosis(self) -> list[DiagnosisRow]:
        rows = []
        for diagnosis in Diagnosis:
            mine = [c for c in self.cases if c.truth is diagnosis]
            if not mine:
                continue
            n = len(mine)
            rows.append(DiagnosisRow(
                diagnosis, n,
                top1=sum(c.truth_rank == 1 for c in mine) / n,
                top3=sum(c.truth_rank <= 3 for c in mine) / n,
                mean_truth_probability=sum(c.truth_probability for c in mine) / n,
                mean_log_loss=sum(c.log_loss for c in mine) / n,
            ))
        return rows


def _scored(case: LoadedCase, result: Differential, *, with_next_test: bool) -> CaseResult:
    ranked = [p.diagnosis for p in result.posteriors]
    probabilities = {p.diagnosis: p.probability for p in result.posteriors}
    truth = case.final_diagnosis
    first_test: str | None = None
    rank: int | None = None
    if with_next_test and case.revealing_tests:
        tests = [t.test for t in result.next_tests]
        first_test = tests[0] if tests else None
        ranks = [tests.index(t) + 1 for t in case.revealing_tests if t in tests]
        rank = min(ranks) if ranks else None
    return CaseResult(
        slug=case.slug, truth=truth, leader=ranked[0], leader_probability=result.posteriors[0].probability,
        truth_probability=probabilities.get(truth, 0.0), truth_rank=ranked.index(truth) + 1,
        brier=sum((probabilities.get(d, 0.0) - (d is truth)) ** 2 for d in Diagnosis),
        decisive_test=case.decisive_test if with_next_test else None,
        revealing_tests=case.revealing_tests if with_next_test else (),
        first_test=first_test, masked_test_rank=rank,
    )


def evaluate(case: LoadedCase) -> tuple[CaseResult, CaseResult]:
    """The differential on one case: with the decisive finding masked (the diagnosis still open, and the
    next test), and with it entered."""
    open_result = differential(case.masked)
    full_result = open_result if case.masked == case.case else differential(case.case)
    return (_scored(case, open_result, with_next_test=True),
            _scored(case, full_result, with_next_test=False))


def run_benchmark(directory: Path | Sequence[Path] = CASES_DIR, *,
                  set_name: str = "development set") -> BenchmarkResult:
    """Load every published case in ``directory`` (one folder or several) and measure the
    differential on it; ``set_name`` is what the report calls the set."""
    directories = (directory,) if isinstance(directory, Path) else tuple(directory)
    loader = load_loader()
    cases = [case for d in directories for case in loader.load_cases(d)]
    repeated = sorted(slug for slug, n in Counter(c.slug for c in cases).items() if n > 1)
    if repeated:
        raise ValueError(f"slug(s) in more than one case folder: {', '.join(repeated)}")
    unsupported: Counter[str] = Counter()
    for case in cases:
        unsupported.update(_generic(path) for path in case.unsupported_facts)
    results = [evaluate(c) for c in cases]
    return BenchmarkResult([r[0] for r in results], [r[1] for r in results], unsupported, set_name)


def run_set(name: str) -> BenchmarkResult:
    """Measure the differential on a named case set (``dev``, ``heldout`` or ``all``)."""
    if name not in CASE_SETS:
        raise ValueError(f"case set must be one of {', '.join(CASE_SETS)}")
    directories, label = CASE_SETS[name]
    return run_benchmark(directories, set_name=label)


def _generic(path: str) -> str:
    # mri[2].flexion_forward_shift -> mri[].flexion_forward_shift, to count by field.
    return re.sub(r"\[\d+\]", "[i]", path)


def _count(results: list[CaseResult], top: int) -> int:
    return sum(c.truth_rank <= top for c in results)


def _share(results: list[CaseResult], top: int) -> str:
    if not results:
        return "-"
    return f"{sum(c.truth_rank <= top for c in results) / len(results):.1%}"


def _mean_log_loss(results: list[CaseResult]) -> float:
    return sum(c.log_loss for c in results) / len(results) if results else math.nan


def _pct(x: float) -> str:
    return "   -" if math.isnan(x) else f"{x:4.0%}"


def format_report(result: BenchmarkResult) -> str:
    """The benchmark's printed report."""
    out = [
        f"Differential on published case reports ({result.set_name}; decision support, not a diagnosis)",
        "Headline figures with each case's decisive finding masked (the diagnosis still open)",
        f"n cases              {result.n}",
        f"top-1                {result.top1:.1%}  ({_count(result.cases, 1)}/{result.n})",
        f"top-3                {result.top3:.1%}  ({_count(result.cases, 3)}/{result.n})",
        f"mean log-loss        {result.mean_log_loss:.3f} nats (of the final diagnosis)",
        f"mean Brier score     {result.mean_brier:.3f} (whole posterior, 0 = perfect, 2 = worst)",
        f"calibration error    {result.expected_calibration_error():.3f} (ECE of the leading probability)",
        f"with the decisive finding entered: top-1 {_share(result.with_decisive, 1)}, top-3 "
        f"{_share(result.with_decisive, 3)}, mean log-loss "
        f"{_mean_log_loss(result.with_decisive):.3f} nats",
        "",
        "Reliability: probability of the leading diagnosis vs how often it was the final one",
        "  bin          n   mean p   observed",
    ]
    for b in result.reliability():
        out.append(f"  [{b.low:.1f}, {b.high:.1f}){b.n:5d}   {_pct(b.mean_predicted)}     {_pct(b.observed)}")
    header = f"  {'diagnosis':<14}{'n':>3}{'top-1':>7}{'top-3':>7}{'P(final)':>10}{'log-loss':>10}"
    out += ["", "Per diagnosis", header]
    for r in result.per_diagnosis():
        out.append(f"  {r.diagnosis.value:<14}{r.n:>3}{_pct(r.top1):>7}{_pct(r.top3):>7}"
                   f"{r.mean_truth_probability:>10.2f}{r.mean_log_loss:>10.2f}")
    misses = sorted((c for c in result.cases if c.truth_rank != 1), key=lambda c: (c.truth.value, c.slug))
    out += ["", f"Misses ({len(misses)}): final diagnosis <- leading diagnosis (p), P(final), rank of final"]
    out += [f"  {c.slug}: {c.truth.value} <- {c.leader.value} ({c.leader_probability:.2f}), "
            f"P={c.truth_probability:.3f}, rank {c.truth_rank}" for c in misses]
    tested = result.next_test_cases
    out += ["", "Next test with the decisive finding masked"]
    if tested:
        out.append(f"  first recommended test is the revealing one: {result.next_test_hits}/{len(tested)} "
                   f"({result.next_test_hits / len(tested):.0%}); in the first three: "
                   f"{result.next_test_top3_hits}/{len(tested)}")
        for c in sorted(tested, key=lambda c: c.slug):
            mark = "hit " if c.next_test_hit else "miss"
            rank = "not offered" if c.masked_test_rank is None else f"rank {c.masked_test_rank}"
            needs = " or ".join(c.revealing_tests)
            out.append(f"  {mark} {c.slug}: needs {needs} ({rank}), first was {c.first_test}")
    else:
        out.append("  no case names a revealing test")
    if result.unsupported_facts:
        out += ["", "extra_facts the Case model under test does not accept (cases using each)"]
        out += [f"  {path}: {count}" for path, count in sorted(result.unsupported_facts.items())]
    return "\n".join(out)


def _finite_or_none(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else value


def as_json(result: BenchmarkResult) -> str:
    """The figures and the per-case results as JSON (for comparing two source trees)."""
    summary = {
        "set": result.set_name,
        "n": result.n, "top1": result.top1, "top3": result.top3, "mean_log_loss": result.mean_log_loss,
        "mean_brier": result.mean_brier, "expected_calibration_error": result.expected_calibration_error(),
        "with_decisive": {"top1": _count(result.with_decisive, 1) / result.n,
                          "top3": _count(result.with_decisive, 3) / result.n,
                          "mean_log_loss": _mean_log_loss(result.with_decisive)},
        "next_test": {"cases": len(result.next_test_cases), "first_is_revealing": result.next_test_hits,
                      "revealing_in_first_three": result.next_test_top3_hits},
        "reliability": [{k: _finite_or_none(v) for k, v in asdict(b).items()} for b in result.reliability()],
        "per_diagnosis": [asdict(r) for r in result.per_diagnosis()],
        "cases": [asdict(c) for c in result.cases],
        "unsupported_extra_facts": dict(result.unsupported_facts),
    }
    return json.dumps(summary, indent=2, default=str)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--set", choices=tuple(CASE_SETS), default="dev", dest="case_set",
                       help="case set: dev (development, the default), heldout (never used for tuning) "
                            "or all")
    which.add_argument("--cases", type=Path, help="a folder of case files (instead of --set)")
    parser.add_argument("--json", action="store_true", help="print the figures and per-case results as JSON")
    args = parser.parse_args(argv)
    if args.cases is not None:
        result = run_benchmark(args.cases, set_name=f"cases in {args.cases}")
    else:
        result = run_set(args.case_set)
    print(as_json(result) if args.json else format_report(result))


if __name__ == "__main__":
    main()
