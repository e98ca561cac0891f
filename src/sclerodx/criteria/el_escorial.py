"""Revised El Escorial criteria for ALS (Brooks et al. 2000).

Categories: clinically definite, clinically probable, clinically probable -
laboratory-supported, clinically possible; "suspected" was dropped in the revision.
Only fibrillation potentials / positive sharp waves count as active denervation on EMG.
The counting rules are in :mod:`sclerodx.criteria.als_categories`.

References
----------
.. [1] Brooks BR, Miller RG, Swash M, Munsat TL. El Escorial revisited: revised
       criteria for the diagnosis of amyotrophic lateral sclerosis. Amyotroph Lateral
       Scler Other Motor Neuron Disord. 2000;1(5):293-299.
"""

from __future__ import annotations

from sclerodx.case import Case
from sclerodx.criteria import als_common as common
from sclerodx.criteria.als_categories import REEC_CATEGORIES, Reading, reec_style_codes
from sclerodx.criteria.citations import EL_ESCORIAL_REVISED
from sclerodx.criteria.motor_regions import MotorRegionEvidence, intersect, motor_region_evidence
from sclerodx.criteria.result import CriterionResult

LABELS = {
    "none": "no El Escorial category",
    "possible": "clinically possible ALS",
    "probable_laboratory_supported": "clinically probable - laboratory-supported ALS",
    "probable": "clinically probable ALS",
    "definite": "clinically definite ALS",
}


def evaluate_el_escorial(
    case: Case, evidence: MotorRegionEvidence | None = None, *, reading: Reading = "strict"
) -> CriterionResult:
    """Evaluate the revised El Escorial criteria on a case."""
    ev = evidence or motor_region_evidence(case)
    progression, progression_refs = common.progression_gate(case)
    code = int(reec_style_codes(
        common.row(ev.umn), common.row(ev.lmn_clinical_reec),
        *common.gate_arrays(case, progression),
        emg_lmn=common.row(ev.lmn_emg_reec), reading=reading,
    )[0])
    category = REEC_CATEGORIES[code]
    both = intersect(ev.umn, ev.lmn_clinical_reec)
    rules = [
        common.region_rule("umn_and_lmn_regions", "Clinical UMN and LMN signs together", both, 3),
        common.region_rule("umn_regions", "Clinical UMN signs", ev.umn, 1),
        common.region_rule("lmn_clinical_regions", "Clinical LMN signs (wasting, or weakness with "
                           "fasciculations)", ev.lmn_clinical_reec, 1),
        common.region_rule("lmn_emg_regions", "EMG LMN involvement (fibrillations/positive sharp waves "
                           "with chronic neurogenic change, region rule)", ev.lmn_emg_reec, 2),
        *common.gate_rules(case, progression, progression_refs),
    ]
    caveats = []
    if any(ev.lmn_emg_awaji[r].value and not ev.lmn_emg_reec[r].value for r in ev.umn):
        caveats.append("Fasciculation potentials without fibrillations/positive sharp waves do not count "
                       "as active denervation under revised El Escorial (they do under Awaji).")
    if reading == "loose":
        caveats.append("Loose reading of 'probable': UMN and LMN may lie in different regions.")
    return CriterionResult(
        name="Revised El Escorial (2000)",
        category=category,
        label=LABELS[category],
        status=common.overall_status(code, progression, case, (ev.umn, ev.lmn_clinical_reec)),
        rules=rules,
        missing=_missing(category, ev) + common.gate_gaps(case, progression),
        caveats=caveats + common.exclusion_caveats(case),
        citation=EL_ESCORIAL_REVISED,
    )


def _missing(category: str, ev: MotorRegionEvidence) -> list[str]:
    pairs = common.pairing_gaps(ev.umn, ev.lmn_clinical_reec, "clinical LMN signs")
    if category == "definite":
        return []
    if not common.present(ev.umn):
        return ["Clinical UMN signs in at least one region: every El Escorial category needs them."]
    out = []
    if category in ("none", "possible"):
        emg = common.present(ev.lmn_emg_reec)
        if len(emg) < 2:
            untested = [r.value for r, f in ev.lmn_emg_reec.items() if f.value is None]
            out.append(
                f"For probable - laboratory-supported: EMG LMN involvement in {2 - len(emg)} more "
                f"region(s) (fibrillations/positive sharp waves with chronic neurogenic change; "
                f"regions without EMG: {', '.join(untested) or 'none'})."
            )
    target = {"none": "possible", "possible": "probable", "probable_laboratory_supported": "probable",
              "probable": "definite"}[category]
    needed = {"possible": 1, "probable": 2, "definite": 3}[target]
    out.append(f"For {target}: clinical UMN and LMN signs together in {needed} region(s)"
               + (f"; candidates: {'; '.join(pairs)}" if pairs else "") + ".")
    return out
