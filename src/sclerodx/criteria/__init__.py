"""Formal diagnostic criteria for MS and ALS, each a pure function from a case to a verdict.

========================  =====================================  ==========================
criteria set              module                                 categories
========================  =====================================  ==========================
McDonald 2017             :mod:`~sclerodx.criteria.mcdonald2017`  ms, possible_ms, not_ms
McDonald 2024             :mod:`~sclerodx.criteria.mcdonald2024`  ms, possible_ms, not_ms
revised El Escorial       :mod:`~sclerodx.criteria.el_escorial`   definite ... none
Awaji-Shima               :mod:`~sclerodx.criteria.awaji`         definite ... none
Gold Coast                :mod:`~sclerodx.criteria.gold_coast`    als, not_als
PLS (Turner 2020)         :mod:`~sclerodx.criteria.pls`           definite, probable, none
========================  =====================================  ==========================
"""

from __future__ import annotations

from sclerodx.case import Case
from sclerodx.criteria.awaji import evaluate_awaji
from sclerodx.criteria.el_escorial import evaluate_el_escorial
from sclerodx.criteria.gold_coast import evaluate_gold_coast
from sclerodx.criteria.mcdonald2017 import evaluate_mcdonald_2017
from sclerodx.criteria.mcdonald2024 import evaluate_mcdonald_2024
from sclerodx.criteria.motor_regions import motor_region_evidence
from sclerodx.criteria.ms_features import ms_evidence
from sclerodx.criteria.pls import evaluate_pls
from sclerodx.criteria.result import CriteriaReport, CriterionResult, RuleResult, Status

__all__ = [
    "CriteriaReport",
    "CriterionResult",
    "RuleResult",
    "Status",
    "evaluate_awaji",
    "evaluate_criteria",
    "evaluate_el_escorial",
    "evaluate_gold_coast",
    "evaluate_mcdonald_2017",
    "evaluate_mcdonald_2024",
    "evaluate_pls",
]


def evaluate_criteria(case: Case) -> CriteriaReport:
    """Evaluate every criteria set on one case (decision support, not a diagnosis)."""
    motor = motor_region_evidence(case)
    ms = ms_evidence(case, motor)
    return CriteriaReport(
        mcdonald_2017=evaluate_mcdonald_2017(case, ms),
        mcdonald_2024=evaluate_mcdonald_2024(case, ms),
        el_escorial=evaluate_el_escorial(case, motor),
        awaji=evaluate_awaji(case, motor),
        gold_coast=evaluate_gold_coast(case, motor),
        pls=evaluate_pls(case, motor),
    )
