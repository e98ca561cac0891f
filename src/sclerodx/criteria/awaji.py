"""Awaji-Shima criteria for ALS (de Carvalho et al. 2008).

Revised El Escorial categories, with EMG evidence of LMN involvement counting exactly
like clinical LMN signs in a region, and fasciculation potentials (in a muscle with
chronic neurogenic change) counting as active denervation alongside fibrillation
potentials and positive sharp waves. The laboratory-supported category is removed.
The decision is :func:`sclerodx.criteria.als_categories.decide_awaji`.

References
----------
.. [1] de Carvalho M, Dengler R, Eisen A, et al. Electrodiagnostic criteria for
       diagnosis of ALS. Clin Neurophysiol. 2008;119(3):497-503.
"""

from __future__ import annotations

from typing import Any

import numpy.typing as npt

from sclerodx.case import Case
from sclerodx.criteria import als_common as common
from sclerodx.criteria.als_categories import AWAJI_CATEGORIES, AwajiDecision, Reading, decide_awaji
from sclerodx.criteria.citations import AWAJI
from sclerodx.criteria.evidence import CaseEvidence, case_evidence
from sclerodx.criteria.motor_regions import combine
from sclerodx.criteria.result import CriterionResult
from sclerodx.criteria.spec import (
    Columns,
    CriteriaSpec,
    either,
    region_columns,
    region_matrix,
)

LABELS = {
    "none": "no Awaji category",
    "possible": "possible ALS (Awaji)",
    "probable": "probable ALS (Awaji)",
    "definite": "definite ALS (Awaji)",
}


def inputs(ev: CaseEvidence) -> dict[str, npt.NDArray[Any]]:
    """The columns Awaji decides on, for one case."""
    return {**common.map_columns("umn", ev.motor.umn),
            **common.map_columns("lmn_reec", ev.motor.lmn_clinical_reec),
            **common.map_columns("emg_awaji", ev.motor.lmn_emg_awaji),
            **common.gate_columns(ev)}


def decide(columns: Columns, *, reading: Reading = "strict") -> AwajiDecision:
    """Awaji on columns of any length: LMN is clinical or EMG (Awaji definitions)."""
    lmn = either(region_matrix(columns, "lmn_reec"), region_matrix(columns, "emg_awaji"))
    return decide_awaji(region_matrix(columns, "umn"), lmn, columns["progression"], columns["als_excluded"],
                        reading=reading, pending=columns["als_pending"])


SPEC: CriteriaSpec[AwajiDecision] = CriteriaSpec(
    name="awaji", categories=AWAJI_CATEGORIES,
    columns=(*region_columns("umn"), *region_columns("lmn_reec"), *region_columns("emg_awaji"),
             *common.GATE_COLUMNS),
    inputs=inputs, decide=decide,
)


def evaluate_awaji(case: Case, evidence: CaseEvidence | None = None, *, reading: Reading = "strict",
                   ms_met: bool = False) -> CriterionResult:
    """Evaluate the Awaji-Shima criteria on a case."""
    ev = evidence or case_evidence(case)
    d = decide(inputs(ev), reading=reading)
    c = d.counts
    code = int(d.codes[0])
    category = AWAJI_CATEGORIES[code]
    lmn_map = combine(ev.motor.lmn_clinical_reec, ev.motor.lmn_emg_awaji)
    umn, lmn, both = c.umn[0], c.lmn[0], c.both[0]
    rules = [
        common.region_rule("umn_and_lmn_regions", "UMN signs with clinical or EMG LMN evidence together",
                           both, 3, common.refs(ev.motor.umn, common.present(both))
                           + common.refs(lmn_map, common.present(both))),
        common.region_rule("umn_regions", "Clinical UMN signs", umn, 1,
                           common.refs(ev.motor.umn, common.present(umn))),
        common.region_rule("lmn_regions", "LMN evidence, clinical or EMG (fibrillations/positive sharp "
                           "waves or fasciculation potentials with chronic neurogenic change)", lmn, 1,
                           common.refs(lmn_map, common.present(lmn))),
        *common.gate_rules(ev, c, ms_met=ms_met),
    ]
    return common.als_result(
        name="Awaji-Shima (2008)", citation=AWAJI, categories=AWAJI_CATEGORIES, labels=LABELS, d=d, ev=ev,
        rules=rules, missing=_missing(category, d),
        caveats=["Awaji: EMG LMN evidence is equivalent to clinical LMN signs in a region."],
        definite=d.definite[0], probable=d.probable[0], possible=d.possible[0])


def _missing(category: str, d: AwajiDecision) -> list[str]:
    c = d.counts
    umn, lmn = c.umn[0], c.lmn[0]
    if category == "definite" or c.blocked[0]:
        return []
    if not common.present(umn):
        return ["Clinical UMN signs in at least one region: every Awaji category needs them."]
    target = {"none": "possible", "possible": "probable", "probable": "definite"}[category]
    needed = {"possible": 1, "probable": 2, "definite": 3}[target]
    pairs = common.pairing_gaps(umn, lmn, "clinical or EMG LMN evidence")
    return [f"For {target}: UMN signs and LMN evidence (clinical or EMG) together in {needed} region(s)"
            + (f"; candidates: {'; '.join(pairs)}" if pairs else "") + "."]
