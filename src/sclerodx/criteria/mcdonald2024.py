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
    MS_CATEGORIES,
    MS_LABELS,
    attack_rules,
    common_caveats,
    csf_rule,
    dis_rule,
    dit_rule,
    status_for,
)
from sclerodx.criteria.ms_features import (
    CVS_SELECT_N,
    MS_COLUMNS,
    BoolArray,
    IntArray,
    MSEvidence,
    MSFeatures,
    ms_columns,
    ms_evidence,
    ms_features_from,
)
from sclerodx.criteria.result import CriterionResult, RuleResult, status_of
from sclerodx.criteria.spec import Columns, CriteriaSpec

PROGRESSION_MIN_YEARS = 1.0
OLDER_AGE_YEARS = 50.0


@dataclass(frozen=True, slots=True)
class McDonald2024Decision:
    """Category codes and the named intermediate rules."""

    codes: IntArray
    attack_path: BoolArray
    progressive_path: BoolArray
    ris_path: BoolArray
    four_areas: BoolArray
    one_area_provisional: BoolArray
    support: BoolArray
    older_unmet: BoolArray
    clinical_only: BoolArray
    dit: BoolArray

    @property
    def status(self) -> IntArray:
        """Status codes: MS met, possible MS pending (indeterminate), not met (same order as the codes)."""
        return self.codes


def pathway_2024(d: McDonald2024Decision, row: int = 0) -> str | None:
    """Which pathway a verdict took: relapsing (attack), primary progressive, or radiologically isolated."""
    if d.attack_path[row]:
        return "relapsing"
    if d.progressive_path[row]:
        return "primary_progressive"
    if d.ris_path[row]:
        return "radiologically_isolated"
    return None


def decide(columns: Columns) -> McDonald2024Decision:
    """McDonald 2024 on columns of any length (the :class:`MSFeatures` fields)."""
    return decide_mcdonald_2024(ms_features_from(columns))


def decide_mcdonald_2024(f: MSFeatures) -> McDonald2024Decision:
    """Apply McDonald 2024 (as implemented, see module docstring) to a batch of rows."""
    n5 = f.n_areas_2024
    attacks = f.n_attacks
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
    clinical_only = (attacks >= 2) & (f.n_objective >= 2) & ~f.any_mri
    possible = ~ms & ~f.excluded_false & (
        (attacks >= 1) | (f.progressive & ((n5 >= 1) | csf | (f.n_spinal >= 2)) & ~f.lmn_red_flag)
        | ((n5 >= 2) & ~f.lmn_red_flag)
    )
    codes = np.select([ms, possible], [2, 1], default=0)
    return McDonald2024Decision(codes, attack_path, progressive_path, ris_path, four, one_area, support,
                                older_unmet & fulfilled, clinical_only, dit)


def evaluate_mcdonald_2024(case: Case, evidence: MSEvidence | None = None) -> CriterionResult:
    """Evaluate McDonald 2024 on a case, with its reasons, gaps and provisional flags."""
    ev = evidence or ms_evidence(case)
    d = decide_mcdonald_2024(ev.features)
    f = ev.features
    code = int(d.codes[0])
    n5 = int(f.n_areas_2024[0])
    cvs = ev.mri.cvs_positive_lesions
    rules: list[RuleResult] = [
        *attack_rules(ev),
        dis_rule(ev, AREAS_2024, "DIS: typical lesions in >= 2 of 5 areas (optic nerve included)"),
        RuleResult(id="dis_four_areas", description="DIS in >= 4 of 5 areas: sufficient after a typical "
                   "attack", status=status_of(bool(d.four_areas[0]))),
        dit_rule(ev),
        csf_rule(case, kflc=True),
        RuleResult(id="central_vein_sign", description=f"Central vein sign, Select-{CVS_SELECT_N}: "
                   + ("not assessed" if cvs is None else f"{cvs} lesion(s) with a central vein"),
                   status=status_of(None if cvs is None else cvs >= CVS_SELECT_N)),
    ]
    prl = ev.mri.prl_lesions
    if prl is not None:
        rules.append(RuleResult(id="paramagnetic_rim", description=f"Paramagnetic rim lesions: {prl} "
                                "(supportive only)", status=status_of(prl >= 1), provisional=True))
    if d.one_area_provisional[0] and case.episodes:
        rules.append(RuleResult(id="one_area_cvs_csf", description="DIS in 1 area with Select-6 and positive "
                                "CSF", status=status_of(True), provisional=True))
    if ev.attacks.progressive_course:
        rules.append(RuleResult(id="progressive_path", description="Progressive onset: >= 1 year, DIS >= 2 "
                                "of 5, and positive CSF, >= 2 cord lesions, DIT or Select-6",
                                status=status_of(bool(d.progressive_path[0])), provisional=True))
    if d.older_unmet[0]:
        rules.append(RuleResult(id="age_50", description="Age >= 50: needs a spinal cord lesion, positive "
                                "CSF or Select-6", status=status_of(False), provisional=True))
    provisional = bool(d.progressive_path[0] or d.older_unmet[0] or d.clinical_only[0]
                       or (d.one_area_provisional[0] and not d.support[0]))
    caveats = common_caveats(case, ev)
    if d.clinical_only[0]:
        caveats.append("[provisional] Two attacks with two objective lesions but no MRI: the 2024 revision "
                       "asks for MRI evidence.")
    age = float(f.age[0])
    if not np.isnan(age) and age >= OLDER_AGE_YEARS:
        caveats.append("[provisional] Age >= 50: stricter features are advised (vascular lesions mimic MS).")
    missing = [] if code == 2 else _missing(ev, d, n5, case)
    pathway = pathway_2024(d) if code == 2 else None
    return CriterionResult(
        name="McDonald 2024",
        category=MS_CATEGORIES[code],
        label=MS_LABELS[MS_CATEGORIES[code]] + (f" ({pathway.replace('_', ' ')})" if pathway and pathway !=
                                                 "relapsing" else ""),
        status=status_for(code),
        rules=rules,
        missing=missing,
        caveats=caveats,
        citation=MCDONALD_2024,
        provisional=provisional,
        decision={
            "category_code": code, "attacks": ev.attacks.n_attacks,
            "objective_lesions": ev.attacks.n_objective_lesions, "dis_areas": n5,
            "dis_four_areas": bool(d.four_areas[0]), "dit": bool(d.dit[0]),
            "positive_csf": bool(f.positive_csf[0]), "select_6": bool(f.cvs6[0]),
            "dit_csf_or_select_6": bool(d.support[0]), "age_50_features_missing": bool(d.older_unmet[0]),
            "pathway": pathway,
        },
    )


SPEC: CriteriaSpec[McDonald2024Decision] = CriteriaSpec(
    name="mcdonald_2024", categories=MS_CATEGORIES, columns=MS_COLUMNS,
    inputs=ms_columns, decide=decide,
)


def _missing(ev: MSEvidence, d: McDonald2024Decision, n5: int, case: Case) -> list[str]:
    out = []
    unknown = ", ".join(a.value for a in ev.mri.unknown(AREAS_2024))
    if n5 < 2:
        out.append(f"DIS: typical lesions in >= 2 of 5 areas (now {n5}"
                   + (f"; not examined: {unknown}" if unknown else "") + ").")
    if not d.support[0]:
        out.append("One of: DIT (gadolinium MRI with enhancing and non-enhancing lesions, a new lesion on "
                   "follow-up, or a second attack), positive CSF (oligoclonal bands or κ-FLC index "
                   f"{KFLC_MCDONALD_2024.label}), or {CVS_SELECT_N} or more lesions with a central vein "
                   "sign.")
    if d.older_unmet[0]:
        out.append("[provisional] Age >= 50: a spinal cord lesion, positive CSF or Select-6.")
    if not ev.mri.any_mri:
        out.append("MRI of brain and spinal cord.")
    if ev.features.n_attacks[0] == 0 and not ev.attacks.progressive_course and n5 < 2:
        out.append("A typical attack, a progressive course, or MRI lesions typical of MS.")
    return out
