"""McDonald 2024 criteria for multiple sclerosis (Montalban et al. 2025).

What changed from 2017, as implemented (``[provisional]`` marks provisions that could not
be confirmed from the published text; the output flags them):

* the optic nerve is a fifth DIS area (MRI lesion, OCT inter-eye difference, or VEP);
* DIS is >= 1 typical lesion in >= 2 of the 5 areas; with a typical attack, DIS in >= 4
  areas suffices without DIT or CSF;
* "positive CSF" is CSF-specific oligoclonal bands *or* a κ-FLC index >= 6.1
  (CSF working group; Deisenhammer et al. 2025);
* DIS in 2-3 areas needs DIT (MRI or a second attack), positive CSF, or a positive
  central vein sign (Select-6: >= 6 lesions with a central vein);
* DIS in 1 area with Select-6 and positive CSF [provisional];
* MRI evidence is required: a purely clinical diagnosis is not made [provisional];
* one algorithm for progressive onset: >= 1 year of progression, DIS >= 2 of 5 and
  positive CSF, >= 2 spinal cord lesions, DIT or Select-6 [provisional];
* radiologically isolated syndrome: DIS plus DIT, positive CSF or Select-6 is MS;
* age >= 50 (and vascular disease, migraine) asks for stricter features: here one of a
  spinal cord lesion, positive CSF or Select-6 [provisional];
* paramagnetic rim lesions are supportive only and never sufficient [provisional].

References
----------
.. [1] Montalban X, Lebrun-Frénay C, Oh J, et al. Diagnosis of multiple sclerosis: 2024
       revisions of the McDonald criteria. Lancet Neurol. 2025;24(10):850-865.
.. [2] Deisenhammer F, et al. EBioMedicine. 2025;120:105905 (κ-FLC cut-off 6.1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sclerodx.biomarkers.cutoffs import KFLC_MCDONALD_2024
from sclerodx.case import Case
from sclerodx.criteria.citations import MCDONALD_2024
from sclerodx.criteria.dissemination import AREAS_2024
from sclerodx.criteria.ms_common import (
    MSCommon,
    StatusFromCodes,
    TriArray,
    attack_rules,
    common_caveats,
    csf_rule,
    decide_with_open_dates,
    dis_rule,
    dis_status,
    dit_rule,
    ms_common,
    ms_result,
    ms_spec,
    open_dates_gap,
    tri3,
    tri_status,
    years_ok,
)
from sclerodx.criteria.ms_features import (
    CVS_SELECT_N,
    BoolArray,
    FloatArray,
    IntArray,
    MSEvidence,
    MSFeatures,
    ms_evidence,
)
from sclerodx.criteria.result import CriterionResult, RuleResult, Status
from sclerodx.criteria.spec import CriteriaSpec

PROGRESSION_MIN_YEARS = 1.0
OLDER_AGE_YEARS = 50.0


@dataclass(frozen=True, slots=True)
class McDonald2024Decision(StatusFromCodes):
    """McDonald 2024 for a batch: category codes (index into ``MS_CATEGORIES``) and every intermediate."""

    codes: IntArray
    common: MSCommon
    dis_areas: IntArray
    dis_mri: TriArray
    dis_four_areas: BoolArray
    positive_csf: TriArray
    select_6: TriArray
    dit: BoolArray
    dit_csf_or_select_6: BoolArray
    one_area_select_6_and_csf: BoolArray
    relapsing: BoolArray
    primary_progressive: BoolArray
    radiologically_isolated: BoolArray
    any_mri: BoolArray
    age: FloatArray
    age_50_features_missing: BoolArray
    clinical_only_without_mri: BoolArray
    dates_open: BoolArray

    @property
    def pathways(self) -> tuple[tuple[str, BoolArray], ...]:
        return (("relapsing", self.relapsing), ("primary_progressive", self.primary_progressive),
                ("radiologically_isolated", self.radiologically_isolated))


def _decide(f: MSFeatures, attacks: IntArray) -> McDonald2024Decision:
    n5 = f.n_areas_2024
    csf = f.positive_csf
    dit = f.dit_mri | (attacks >= 2)
    support = dit | csf | f.cvs6
    four = n5 >= 4
    one_area = (n5 == 1) & f.cvs6 & csf
    attack_path = (attacks >= 1) & f.any_mri & (four | ((n5 >= 2) & support) | one_area)
    long_enough = np.nan_to_num(f.progression_years, nan=-1.0) >= PROGRESSION_MIN_YEARS
    progressive_path = f.progressive & long_enough & (n5 >= 2) & (csf | (f.n_spinal >= 2) | dit | f.cvs6)
    ris_path = (attacks == 0) & ~f.progressive & (n5 >= 2) & (f.dit_mri | csf | f.cvs6)
    fulfilled = attack_path | progressive_path | ris_path
    older_unmet = (np.nan_to_num(f.age, nan=0.0) >= OLDER_AGE_YEARS) & ~(f.spinal_area | csf | f.cvs6)
    ms = fulfilled & ~older_unmet & ~f.excluded_false
    possible = ~ms & ~f.excluded_false & (
        (attacks >= 1) | (f.progressive & ((n5 >= 1) | csf | (f.n_spinal >= 2)) & ~f.lmn_red_flag)
        | ((n5 >= 2) & ~f.lmn_red_flag)
    )
    return McDonald2024Decision(
        codes=np.select([ms, possible], [2, 1], default=0), common=ms_common(f, attacks), dis_areas=n5,
        dis_mri=dis_status(n5, f.n_unimaged_2024), dis_four_areas=four,
        positive_csf=tri3(csf, f.ocb_known | f.kflc_known), select_6=tri3(f.cvs6, f.cvs_known),
        dit=dit, dit_csf_or_select_6=support, one_area_select_6_and_csf=one_area, relapsing=attack_path,
        primary_progressive=progressive_path, radiologically_isolated=ris_path, any_mri=f.any_mri, age=f.age,
        age_50_features_missing=older_unmet & fulfilled,
        clinical_only_without_mri=(attacks >= 2) & (f.n_objective >= 2) & ~f.any_mri,
        dates_open=np.zeros(f.n, dtype=bool),
    )


def decide_mcdonald_2024(f: MSFeatures) -> McDonald2024Decision:
    """Apply McDonald 2024 (as implemented, see module docstring) to a batch of rows."""
    return decide_with_open_dates(_decide, f)


SPEC: CriteriaSpec[McDonald2024Decision] = ms_spec("mcdonald_2024", decide_mcdonald_2024)


def rules_2024(d: McDonald2024Decision, ev: MSEvidence) -> list[RuleResult]:
    """Every McDonald 2024 rule, its status read from row 0 of the record."""
    cvs = ev.mri.cvs_positive_lesions
    rules = [
        *attack_rules(d, ev),
        dis_rule(d.dis_mri, ev, AREAS_2024, "DIS: typical lesions in >= 2 of 5 areas (optic nerve included)"),
        RuleResult(id="dis_four_areas", description="DIS in >= 4 of 5 areas: sufficient after a typical "
                   "attack", status=Status.MET if d.dis_four_areas[0] else Status.NOT_MET),
        dit_rule(d, ev),
        csf_rule(d.positive_csf, kflc=True),
        RuleResult(id="central_vein_sign", description=f"Central vein sign, Select-{CVS_SELECT_N}: "
                   + ("not assessed" if cvs is None else f"{cvs} lesion(s) with a central vein"),
                   status=tri_status(d.select_6[0])),
    ]
    prl = ev.mri.prl_lesions
    if prl is not None:
        rules.append(RuleResult(id="paramagnetic_rim", description=f"Paramagnetic rim lesions: {prl} "
                                "(supportive only)", status=Status.MET if prl >= 1 else Status.NOT_MET,
                                provisional=True))
    if d.one_area_select_6_and_csf[0] and d.common.attacks[0]:
        rules.append(RuleResult(id="one_area_cvs_csf", description="DIS in 1 area with Select-6 and positive "
                                "CSF", status=Status.MET, provisional=True))
    if d.common.progressive[0]:
        rules.append(RuleResult(id="progressive_path", description="Progressive onset: >= 1 year, DIS >= 2 "
                                "of 5, and positive CSF, >= 2 cord lesions, DIT or Select-6",
                                status=Status.MET if d.primary_progressive[0] else Status.NOT_MET,
                                provisional=True))
    if d.age_50_features_missing[0]:
        rules.append(RuleResult(id="age_50", description="Age >= 50: needs a spinal cord lesion, positive "
                                "CSF or Select-6", status=Status.NOT_MET, provisional=True))
    return rules


def evaluate_mcdonald_2024(case: Case, evidence: MSEvidence | None = None) -> CriterionResult:
    """Evaluate McDonald 2024 on a case, with reasons, gaps and provisional flags (all from the record)."""
    ev = evidence or ms_evidence(case)
    d = decide_mcdonald_2024(ev.features)
    provisional = bool(d.primary_progressive[0] or d.age_50_features_missing[0]
                       or d.clinical_only_without_mri[0]
                       or (d.one_area_select_6_and_csf[0] and not d.dit_csf_or_select_6[0]))
    caveats = common_caveats(case, ev, d)
    if d.clinical_only_without_mri[0]:
        caveats.append("[provisional] Two attacks with two objective lesions but no MRI: the 2024 revision "
                       "asks for MRI evidence.")
    if np.nan_to_num(d.age[0], nan=0.0) >= OLDER_AGE_YEARS:
        caveats.append("[provisional] Age >= 50: stricter features are advised (vascular lesions mimic MS).")
    return ms_result(
        name="McDonald 2024", citation=MCDONALD_2024, d=d, rules=rules_2024(d, ev),
        missing=open_dates_gap(d, ev) + _missing(d, ev), caveats=caveats, provisional=provisional,
        label_pathway=lambda p: f" ({p.replace('_', ' ')})" if p and p != "relapsing" else "",
    )


def _missing(d: McDonald2024Decision, ev: MSEvidence) -> list[str]:
    out = []
    n5 = int(d.dis_areas[0])
    unknown = ", ".join(a.value for a in ev.mri.unknown(AREAS_2024))
    if n5 < 2:
        out.append(f"DIS: typical lesions in >= 2 of 5 areas (now {n5}"
                   + (f"; not examined: {unknown}" if unknown else "") + ").")
    if not d.dit_csf_or_select_6[0]:
        out.append("One of: DIT (gadolinium MRI with enhancing and non-enhancing lesions, a new lesion on "
                   "follow-up, or a second attack), positive CSF (oligoclonal bands or κ-FLC index "
                   f"{KFLC_MCDONALD_2024.label}), or {CVS_SELECT_N} or more lesions with a central vein "
                   "sign.")
    if d.common.progressive[0] and not d.primary_progressive[0] and \
            years_ok(d.common.progression_years, PROGRESSION_MIN_YEARS)[0] != 1:
        years = float(d.common.progression_years[0])
        out.append("[provisional] Progressive onset: >= 1 year of progression ("
                   + ("onset of progression not dated" if np.isnan(years) else f"now {years:.2f}") + ").")
    if d.age_50_features_missing[0]:
        out.append("[provisional] Age >= 50: a spinal cord lesion, positive CSF or Select-6.")
    if not d.any_mri[0]:
        out.append("MRI of brain and spinal cord.")
    if d.common.attacks[0] == 0 and not d.common.progressive[0] and n5 < 2:
        out.append("A typical attack, a progressive course, or MRI lesions typical of MS.")
    if d.common.excluded[0]:
        out.append("Not met while a better explanation is documented (see the caveats).")
    return out
