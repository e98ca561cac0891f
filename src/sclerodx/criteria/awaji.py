"""Awaji-Shima criteria for ALS (de Carvalho et al. 2008).

Revised El Escorial categories, with EMG evidence of LMN involvement counting exactly
like clinical LMN signs in a region, and fasciculation potentials (in a muscle with
chronic neurogenic change) counting as active denervation alongside fibrillation
potentials and positive sharp waves. The laboratory-supported category is removed.

References
----------
.. [1] de Carvalho M, Dengler R, Eisen A, et al. Electrodiagnostic criteria for
       diagnosis of ALS. Clin Neurophysiol. 2008;119(3):497-503.
"""

from __future__ import annotations

from sclerodx.case import Case
from sclerodx.criteria import als_common as common
from sclerodx.criteria.als_categories import AWAJI_CATEGORIES, Reading, reec_style_codes
from sclerodx.criteria.citations import AWAJI
from sclerodx.criteria.motor_regions import (
    MotorRegionEvidence,
    RegionMap,
    combine,
    intersect,
    motor_region_evidence,
)
from sclerodx.criteria.result import CriterionResult

LABELS = {
    "none": "no Awaji category",
    "possible": "possible ALS (Awaji)",
    "probable": "probable ALS (Awaji)",
    "definite": "definite ALS (Awaji)",
}


def evaluate_awaji(
    case: Case, evidence: MotorRegionEvidence | None = None, *, reading: Reading = "strict"
) -> CriterionResult:
    """Evaluate the Awaji-Shima criteria on a case."""
    ev = evidence or motor_region_evidence(case)
    lmn = combine(ev.lmn_clinical_reec, ev.lmn_emg_awaji)
    progression, progression_refs = common.progression_gate(case)
    code = int(reec_style_codes(
        common.row(ev.umn), common.row(lmn),
        *common.gate_arrays(case, progression),
        reading=reading,
    )[0])
    category = AWAJI_CATEGORIES[code]
    rules = [
        common.region_rule("umn_and_lmn_regions", "UMN signs with clinical or EMG LMN evidence together",
                           intersect(ev.umn, lmn), 3),
        common.region_rule("umn_regions", "Clinical UMN signs", ev.umn, 1),
        common.region_rule("lmn_regions", "LMN evidence, clinical or EMG (fibrillations/positive sharp "
                           "waves or fasciculation potentials with chronic neurogenic change)", lmn, 1),
        *common.gate_rules(case, progression, progression_refs),
    ]
    return CriterionResult(
        name="Awaji-Shima (2008)",
        category=category,
        label=LABELS[category],
        status=common.overall_status(code, progression, case, (ev.umn, lmn)),
        rules=rules,
        missing=_missing(category, ev.umn, lmn) + common.gate_gaps(case, progression),
        caveats=["Awaji: EMG LMN evidence is equivalent to clinical LMN signs in a region.",
                 *common.exclusion_caveats(case)],
        citation=AWAJI,
    )


def _missing(category: str, umn: RegionMap, lmn: RegionMap) -> list[str]:
    if category == "definite":
        return []
    if not common.present(umn):
        return ["Clinical UMN signs in at least one region: every Awaji category needs them."]
    target = {"none": "possible", "possible": "probable", "probable": "definite"}[category]
    needed = {"possible": 1, "probable": 2, "definite": 3}[target]
    pairs = common.pairing_gaps(umn, lmn, "clinical or EMG LMN evidence")
    return [f"For {target}: UMN signs and LMN evidence (clinical or EMG) together in {needed} region(s)"
            + (f"; candidates: {'; '.join(pairs)}" if pairs else "") + "."]
