"""Gold Coast criteria for ALS (Shefner et al. 2020).

ALS when (1) "progressive motor impairment documented by history or repeated clinical
assessment, preceded by normal motor function"; (2) "the presence of upper and lower
motor neurone dysfunction in at least one body region, with upper and lower motor
neurone dysfunction noted in the same body region if only one region is involved, or
lower motor neurone dysfunction in at least two body regions"; and (3) "investigations
excluding other disease processes". So with two or more regions involved, UMN signs in
one and LMN signs in another meet criterion 2 (the default ``"text"`` reading); the
stricter ``"same_region"`` reading is a named option. A pure LMN syndrome in two regions
(progressive muscular atrophy) is ALS; a pure UMN syndrome is not.

Clinical LMN dysfunction needs weakness *and* wasting; EMG LMN dysfunction needs chronic
neurogenic change plus ongoing denervation (fibrillations / positive sharp waves or
fasciculation potentials), with the same muscle-count rule per region as Awaji. The
decision is :func:`sclerodx.criteria.als_categories.decide_gold_coast`.

References
----------
.. [1] Shefner JM, Al-Chalabi A, Baker MR, et al. A proposal for new diagnostic criteria
       for ALS. Clin Neurophysiol. 2020;131(8):1975-1978.
.. [2] Turner MR. Diagnosing ALS: the Gold Coast criteria and the role of EMG. Pract
       Neurol. 2022;22:176-178 (box 1 reproduces the criteria).
"""

from __future__ import annotations

from typing import Any

import numpy.typing as npt

from sclerodx.case import Case
from sclerodx.criteria import als_common as common
from sclerodx.criteria.als_categories import (
    GOLD_COAST_CATEGORIES,
    GoldCoastDecision,
    GoldCoastReading,
    decide_gold_coast,
)
from sclerodx.criteria.citations import GOLD_COAST
from sclerodx.criteria.evidence import CaseEvidence, case_evidence
from sclerodx.criteria.motor_regions import combine
from sclerodx.criteria.result import CriterionResult, RuleResult, status_of
from sclerodx.criteria.spec import (
    Columns,
    CriteriaSpec,
    either,
    region_columns,
    region_matrix,
)

LABELS = {"als": "ALS (Gold Coast)", "not_als": "Gold Coast criteria not met"}


def inputs(ev: CaseEvidence) -> dict[str, npt.NDArray[Any]]:
    """The columns Gold Coast decides on, for one case."""
    return {**common.map_columns("umn", ev.motor.umn),
            **common.map_columns("lmn_gc", ev.motor.lmn_clinical_gold_coast),
            **common.map_columns("emg_awaji", ev.motor.lmn_emg_awaji),
            **common.gate_columns(ev)}


def decide(columns: Columns, *, reading: GoldCoastReading = "text") -> GoldCoastDecision:
    """Gold Coast on columns of any length: LMN is weakness and wasting, or EMG (Awaji-type)."""
    lmn = either(region_matrix(columns, "lmn_gc"), region_matrix(columns, "emg_awaji"))
    return decide_gold_coast(region_matrix(columns, "umn"), lmn, columns["progression"],
                             columns["als_excluded"], reading=reading, pending=columns["als_pending"])


SPEC: CriteriaSpec[GoldCoastDecision] = CriteriaSpec(
    name="gold_coast", categories=GOLD_COAST_CATEGORIES,
    columns=(*region_columns("umn"), *region_columns("lmn_gc"), *region_columns("emg_awaji"),
             *common.GATE_COLUMNS),
    inputs=inputs, decide=decide,
)


def evaluate_gold_coast(case: Case, evidence: CaseEvidence | None = None, *,
                        reading: GoldCoastReading = "text", ms_met: bool = False) -> CriterionResult:
    """Evaluate the Gold Coast criteria on a case."""
    ev = evidence or case_evidence(case)
    d = decide(inputs(ev), reading=reading)
    c = d.counts
    code = int(d.codes[0])
    lmn_map = combine(ev.motor.lmn_clinical_gold_coast, ev.motor.lmn_emg_awaji)
    umn, lmn, both = c.umn[0], c.lmn[0], c.both[0]
    lmn_words = ("LMN dysfunction (weakness and wasting, or EMG chronic neurogenic change with "
                 "fibrillations/positive sharp waves or fasciculation potentials)")
    rules = [
        common.region_rule("umn_and_lmn_same_region", "UMN and LMN dysfunction in the same region", both, 1,
                           common.refs(ev.motor.umn, common.present(both))
                           + common.refs(lmn_map, common.present(both))),
        common.region_rule("lmn_regions", lmn_words, lmn, 2, common.refs(lmn_map, common.present(lmn))),
    ]
    if reading == "text":
        involved = sorted(set(common.present(umn)) | set(common.present(lmn)), key=lambda r: r.level)
        rules.append(RuleResult(
            id="umn_and_lmn_different_regions",
            description="UMN dysfunction in one region and LMN dysfunction in another, two or more regions "
            f"involved (criterion 2 needs the same region only if one region is involved): "
            f"{common.names(involved)}", status=status_of(bool(d.different_regions[0])),
            evidence=common.refs(ev.motor.umn, common.present(umn))
            + common.refs(lmn_map, common.present(lmn))))
    rules += common.gate_rules(ev, c, ms_met=ms_met)
    missing: list[str] = []
    if code == 0 and not c.blocked[0]:
        pairs = common.pairing_gaps(umn, lmn, "LMN dysfunction")
        need = ("UMN and LMN dysfunction in one region, UMN in one region and LMN in another, or LMN "
                "dysfunction in two regions" if reading == "text" else
                "UMN and LMN dysfunction together in one region, or LMN dysfunction in two regions")
        missing.append(need + (f"; candidates: {'; '.join(pairs)}" if pairs else "") + ".")
    caveats = []
    if common.present(umn) and not common.present(lmn):
        caveats.append("A pure UMN syndrome does not meet Gold Coast; consider the PLS criteria.")
    if reading == "same_region":
        caveats.append("Strict reading: UMN and LMN must share a region unless LMN is in two regions.")
    return common.als_result(
        name="Gold Coast (2020)", citation=GOLD_COAST, categories=GOLD_COAST_CATEGORIES, labels=LABELS,
        d=d, ev=ev, rules=rules, missing=missing, caveats=caveats,
        regions_involved=c.n_involved[0], same_region=d.same_region[0], lmn_two_regions=d.lmn_two_regions[0],
        umn_and_lmn_different_regions=d.different_regions[0], criterion_2=d.criterion_2[0], reading=reading)
