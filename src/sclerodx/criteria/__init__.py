"""Formal diagnostic criteria for MS and ALS, each a pure function from a case to a verdict.

===================  ======================================  ========================
criteria set         module                                  categories
===================  ======================================  ========================
McDonald 2017        :mod:`~sclerodx.criteria.mcdonald2017`  ms, possible_ms, not_ms
McDonald 2024        :mod:`~sclerodx.criteria.mcdonald2024`  ms, possible_ms, not_ms
revised El Escorial  :mod:`~sclerodx.criteria.el_escorial`   definite ... none
Awaji-Shima          :mod:`~sclerodx.criteria.awaji`         definite ... none
Gold Coast           :mod:`~sclerodx.criteria.gold_coast`    als, not_als
PLS (Turner 2020)    :mod:`~sclerodx.criteria.pls`           definite, probable, none
===================  ======================================  ========================
"""

from __future__ import annotations

from sclerodx.case import Case
from sclerodx.criteria import awaji, el_escorial, gold_coast, mcdonald2017, mcdonald2024, pls
from sclerodx.criteria.awaji import evaluate_awaji
from sclerodx.criteria.el_escorial import evaluate_el_escorial
from sclerodx.criteria.evidence import CaseEvidence, case_evidence
from sclerodx.criteria.gold_coast import evaluate_gold_coast
from sclerodx.criteria.mcdonald2017 import evaluate_mcdonald_2017
from sclerodx.criteria.mcdonald2024 import evaluate_mcdonald_2024
from sclerodx.criteria.pls import evaluate_pls
from sclerodx.criteria.result import CriteriaReport, CriterionResult, RuleResult, Status
from sclerodx.criteria.spec import CriteriaSpec

__all__ = [
    "SPECS",
    "CaseEvidence",
    "CriteriaReport",
    "CriteriaSpec",
    "CriterionResult",
    "RuleResult",
    "Status",
    "case_evidence",
    "coexistence_note",
    "evaluate_awaji",
    "evaluate_criteria",
    "evaluate_el_escorial",
    "evaluate_gold_coast",
    "evaluate_mcdonald_2017",
    "evaluate_mcdonald_2024",
    "evaluate_pls",
]

#: Every criteria set's specification, in display order (the cohort runs exactly these).
SPECS: tuple[CriteriaSpec, ...] = (  # type: ignore[type-arg]
    mcdonald2017.SPEC, mcdonald2024.SPEC, el_escorial.SPEC, awaji.SPEC, gold_coast.SPEC, pls.SPEC,
)

_ALS_CATEGORIES_MET = {"el_escorial": {"definite", "probable", "probable_laboratory_supported"},
                       "awaji": {"definite", "probable"}, "gold_coast": {"als"}}


def coexistence_note(report: CriteriaReport) -> str | None:
    """A plain sentence when both MS and ALS criteria are met, else None.

    MS and ALS co-occur rarely but really (about 33 published co-occurrences; Aljthalin
    et al., BMC Neurol 2024), so when both are met neither verdict cancels the other.
    """
    ms = [r.name for r in (report.mcdonald_2017, report.mcdonald_2024) if r.status is Status.MET]
    als = [getattr(report, n).name for n, cats in _ALS_CATEGORIES_MET.items()
           if getattr(report, n).category in cats and getattr(report, n).status is Status.MET]
    if not ms or not als:
        return None
    return (f"Both MS criteria ({', '.join(ms)}) and ALS criteria ({', '.join(als)}) are met. MS and ALS can "
            "coexist (about 33 published co-occurrences; Aljthalin et al., BMC Neurol 2024), but a single "
            "disease explaining both must be sought first: review whether the white-matter lesions or the "
            "motor findings have another cause.")


def evaluate_criteria(case: Case, evidence: CaseEvidence | None = None) -> CriteriaReport:
    """Evaluate every criteria set on one case (decision support, not a diagnosis).

    Parameters
    ----------
    case
        The validated case.
    evidence
        Its derived evidence, when the caller already has it (derived here otherwise).
    """
    ev = evidence or case_evidence(case)
    mc17 = evaluate_mcdonald_2017(case, ev.ms)
    mc24 = evaluate_mcdonald_2024(case, ev.ms)
    ms_met = Status.MET in (mc17.status, mc24.status)
    report = CriteriaReport(
        mcdonald_2017=mc17,
        mcdonald_2024=mc24,
        el_escorial=evaluate_el_escorial(case, ev, ms_met=ms_met),
        awaji=evaluate_awaji(case, ev, ms_met=ms_met),
        gold_coast=evaluate_gold_coast(case, ev, ms_met=ms_met),
        pls=evaluate_pls(case, ev),
    )
    return report.model_copy(update={"coexistence": coexistence_note(report)})
