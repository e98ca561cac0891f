"""Revised El Escorial criteria for ALS (Brooks et al. 2000).

Categories: clinically definite, clinically probable, clinically probable -
laboratory-supported, clinically possible; "suspected" was dropped in the revision.
Only fibrillation potentials / positive sharp waves count as active denervation on EMG.
Probable laboratory-supported needs UMN signs in at least one region and "LMN signs
defined by EMG criteria ... in at least two limbs": bulbar and thoracic EMG do not count
towards it. The decision is :func:`sclerodx.criteria.als_categories.decide_el_escorial`.

References
----------
.. [1] Brooks BR, Miller RG, Swash M, Munsat TL. El Escorial revisited: revised
       criteria for the diagnosis of amyotrophic lateral sclerosis. Amyotroph Lateral
       Scler Other Motor Neuron Disord. 2000;1(5):293-299.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from sclerodx.case import Case
from sclerodx.criteria import als_common as common
from sclerodx.criteria.als_categories import (
    LAB_SUPPORTED_MIN_LIMBS,
    REEC_CATEGORIES,
    ElEscorialDecision,
    Reading,
    decide_el_escorial,
)
from sclerodx.criteria.citations import EL_ESCORIAL_REVISED
from sclerodx.criteria.evidence import CaseEvidence, case_evidence
from sclerodx.criteria.result import CriterionResult, RuleResult, status_of
from sclerodx.criteria.spec import Columns, CriteriaSpec, region_columns, region_matrix

LABELS = {
    "none": "no El Escorial category",
    "possible": "clinically possible ALS",
    "probable_laboratory_supported": "clinically probable - laboratory-supported ALS",
    "probable": "clinically probable ALS",
    "definite": "clinically definite ALS",
}


def inputs(ev: CaseEvidence) -> dict[str, npt.NDArray[Any]]:
    """The columns revised El Escorial decides on, for one case."""
    return {**common.map_columns("umn", ev.motor.umn),
            **common.map_columns("lmn_reec", ev.motor.lmn_clinical_reec),
            "emg_reec_limbs": np.array([ev.motor.emg_limbs_reec]),
            **common.gate_columns(ev)}


def decide(columns: Columns, *, reading: Reading = "strict") -> ElEscorialDecision:
    """Revised El Escorial on columns of any length."""
    return decide_el_escorial(region_matrix(columns, "umn"), region_matrix(columns, "lmn_reec"),
                              columns["emg_reec_limbs"], columns["progression"], columns["als_excluded"],
                              reading=reading, pending=columns["als_pending"])


SPEC: CriteriaSpec[ElEscorialDecision] = CriteriaSpec(
    name="el_escorial", categories=REEC_CATEGORIES,
    columns=(*region_columns("umn"), *region_columns("lmn_reec"), "emg_reec_limbs", *common.GATE_COLUMNS),
    inputs=inputs, decide=decide,
)


def evaluate_el_escorial(case: Case, evidence: CaseEvidence | None = None, *, reading: Reading = "strict",
                         ms_met: bool = False) -> CriterionResult:
    """Evaluate the revised El Escorial criteria on a case."""
    ev = evidence or case_evidence(case)
    d = decide(inputs(ev), reading=reading)
    c = d.counts
    code = int(d.codes[0])
    category = REEC_CATEGORIES[code]
    motor = ev.motor
    umn, lmn, both = c.umn[0], c.lmn[0], c.both[0]
    limbs = int(d.emg_limbs[0])
    rules = [
        common.region_rule("umn_and_lmn_regions", "Clinical UMN and LMN signs together", both, 3,
                           common.refs(motor.umn, common.present(both))
                           + common.refs(motor.lmn_clinical_reec, common.present(both))),
        common.region_rule("umn_regions", "Clinical UMN signs", umn, 1,
                           common.refs(motor.umn, common.present(umn))),
        common.region_rule("lmn_clinical_regions", "Clinical LMN signs (wasting, or weakness with "
                           "fasciculations)", lmn, 1,
                           common.refs(motor.lmn_clinical_reec, common.present(lmn))),
        RuleResult(id="lmn_emg_limbs", description="EMG LMN signs (fibrillations/positive sharp waves with "
                   f"chronic neurogenic change, region rule) in at least two limbs: {limbs} limb(s); "
                   "bulbar and thoracic EMG do not count", status=status_of(limbs >= LAB_SUPPORTED_MIN_LIMBS),
                   evidence=list(motor.emg_limb_evidence)),
        *common.gate_rules(ev, c, ms_met=ms_met),
    ]
    caveats = []
    if any(motor.lmn_emg_awaji[r].value and not motor.lmn_emg_reec[r].value for r in motor.umn):
        caveats.append("Fasciculation potentials without fibrillations/positive sharp waves do not count "
                       "as active denervation under revised El Escorial (they do under Awaji).")
    if reading == "loose":
        caveats.append("Loose reading of 'probable': UMN and LMN may lie in different regions.")
    return common.als_result(
        name="Revised El Escorial (2000)", citation=EL_ESCORIAL_REVISED, categories=REEC_CATEGORIES,
        labels=LABELS, d=d, ev=ev, rules=rules, missing=_missing(category, d), caveats=caveats,
        emg_lmn_limbs=limbs, definite=d.definite[0], probable=d.probable[0],
        laboratory_supported=d.lab_supported[0], possible=d.possible[0])


def _missing(category: str, d: ElEscorialDecision) -> list[str]:
    c = d.counts
    umn, lmn = c.umn[0], c.lmn[0]
    if category == "definite" or c.blocked[0]:
        return []
    if not common.present(umn):
        return ["Clinical UMN signs in at least one region: every El Escorial category needs them."]
    out = []
    if category in ("none", "possible"):
        limbs = int(d.emg_limbs[0])
        if limbs < LAB_SUPPORTED_MIN_LIMBS:
            out.append(
                "For probable - laboratory-supported: EMG LMN signs in "
                f"{LAB_SUPPORTED_MIN_LIMBS - limbs} more limb(s) (fibrillations/positive sharp waves with "
                "chronic neurogenic change in two muscles of different roots and nerves per limb; bulbar "
                "and thoracic EMG do not count)."
            )
    target = {"none": "possible", "possible": "probable", "probable_laboratory_supported": "probable",
              "probable": "definite"}[category]
    needed = {"possible": 1, "probable": 2, "definite": 3}[target]
    pairs = common.pairing_gaps(umn, lmn, "clinical LMN signs")
    out.append(f"For {target}: clinical UMN and LMN signs together in {needed} region(s)"
               + (f"; candidates: {'; '.join(pairs)}" if pairs else "") + ".")
    return out
