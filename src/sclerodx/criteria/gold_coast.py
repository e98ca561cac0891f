"""Gold Coast criteria for ALS (Shefner et al. 2020).

ALS when (1) motor impairment is progressive, after normal motor function; (2) UMN and
LMN dysfunction share at least one region, or LMN dysfunction is found in at least two
regions; and (3) investigations exclude other diseases. A pure LMN syndrome in two
regions (progressive muscular atrophy) is ALS; a pure UMN syndrome is not.

Clinical LMN dysfunction needs weakness *and* wasting; EMG LMN dysfunction needs chronic
neurogenic change plus ongoing denervation (fibrillations / positive sharp waves or
fasciculation potentials), with the same muscle-count rule per region as Awaji.

References
----------
.. [1] Shefner JM, Al-Chalabi A, Baker MR, et al. A proposal for new diagnostic criteria
       for ALS. Clin Neurophysiol. 2020;131(8):1975-1978.
.. [2] Turner MR. Diagnosing ALS: the Gold Coast criteria and the role of EMG. Pract
       Neurol. 2022;22:176-178 (box 1 reproduces the criteria).
"""

from __future__ import annotations

from sclerodx.case import Case
from sclerodx.criteria import als_common as common
from sclerodx.criteria.als_categories import GOLD_COAST_CATEGORIES, gold_coast_codes
from sclerodx.criteria.citations import GOLD_COAST
from sclerodx.criteria.motor_regions import (
    MotorRegionEvidence,
    combine,
    intersect,
    motor_region_evidence,
)
from sclerodx.criteria.result import CriterionResult

LABELS = {"als": "ALS (Gold Coast)", "not_als": "Gold Coast criteria not met"}


def evaluate_gold_coast(case: Case, evidence: MotorRegionEvidence | None = None) -> CriterionResult:
    """Evaluate the Gold Coast criteria on a case."""
    ev = evidence or motor_region_evidence(case)
    lmn = combine(ev.lmn_clinical_gold_coast, ev.lmn_emg_awaji)
    progression, progression_refs = common.progression_gate(case)
    code = int(gold_coast_codes(
        common.row(ev.umn), common.row(lmn),
        *common.gate_arrays(case, progression),
    )[0])
    category = GOLD_COAST_CATEGORIES[code]
    rules = [
        common.region_rule("umn_and_lmn_same_region", "UMN and LMN dysfunction in the same region",
                           intersect(ev.umn, lmn), 1),
        common.region_rule("lmn_regions", "LMN dysfunction (weakness and wasting, or EMG chronic neurogenic "
                           "change with fibrillations/positive sharp waves or fasciculation potentials)",
                           lmn, 2),
        *common.gate_rules(case, progression, progression_refs),
    ]
    missing: list[str] = []
    if code == 0:
        pairs = common.pairing_gaps(ev.umn, lmn, "LMN dysfunction")
        missing.append("UMN and LMN dysfunction together in one region, or LMN dysfunction in two regions"
                       + (f"; candidates: {'; '.join(pairs)}" if pairs else "") + ".")
    caveats = []
    if common.present(ev.umn) and not common.present(lmn):
        caveats.append("A pure UMN syndrome does not meet Gold Coast; consider the PLS criteria.")
    return CriterionResult(
        name="Gold Coast (2020)",
        category=category,
        label=LABELS[category],
        status=common.overall_status(code, progression, case, (ev.umn, lmn)),
        rules=rules,
        missing=missing + common.gate_gaps(case, progression),
        caveats=caveats + common.exclusion_caveats(case),
        citation=GOLD_COAST,
    )
