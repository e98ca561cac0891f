"""McDonald 2017 criteria for multiple sclerosis (Thompson et al. 2018).

Relapsing onset follows the attacks x objective-lesions table (Thompson 2018, Table 1):

=========  ==================  ==============================================
attacks    objective lesions   additional data needed
=========  ==================  ==============================================
>= 2       >= 2                none
>= 2       1 + clear history   none (historical attack at a distinct site)
>= 2       1                   DIS: MRI, or a further attack at another site
1          >= 2                DIT: MRI, or CSF-specific oligoclonal bands
1          1                   DIS (MRI) and DIT (MRI or CSF-specific bands)
=========  ==================  ==============================================

DIS on MRI: >= 1 T2 lesion in >= 2 of periventricular, cortical/juxtacortical,
infratentorial and spinal cord; symptomatic lesions count. DIT on MRI: simultaneous
enhancing and non-enhancing lesions, or a new lesion on follow-up. CSF-specific bands
substitute for DIT once DIS is shown. An attack without objective evidence is counted as
the single objective lesion row (with a caveat): the table cannot be entered with none.

Primary progressive MS: >= 1 year of progression plus 2 of (i) >= 1 T2 lesion in a
periventricular, cortical/juxtacortical or infratentorial area; (ii) >= 2 spinal cord
lesions; (iii) CSF-specific oligoclonal bands.

Categories: ``ms``; ``possible_ms`` (some evidence for MS, criteria not yet fulfilled:
an attack, or a progressive course with one PPMS item and no LMN involvement in two
regions); ``not_ms`` otherwise, or when a better explanation is documented
(:mod:`sclerodx.criteria.exclusions`).

References
----------
.. [1] Thompson AJ, Banwell BL, Barkhof F, et al. Diagnosis of multiple sclerosis: 2017
       revisions of the McDonald criteria. Lancet Neurol. 2018;17(2):162-173.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sclerodx.case import Case
from sclerodx.criteria.citations import MCDONALD_2017
from sclerodx.criteria.dissemination import AREAS_2017
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
    ppms_gap,
    tri_status,
    years_ok,
)
from sclerodx.criteria.ms_features import (
    BoolArray,
    IntArray,
    MSEvidence,
    MSFeatures,
    ms_evidence,
)
from sclerodx.criteria.result import CriterionResult, RuleResult, Status
from sclerodx.criteria.spec import CriteriaSpec

PPMS_MIN_YEARS = 1.0

#: ``table_row_needs``: what the attacks x lesions row asks for (-1: no attack, the table does not apply).
TABLE_ROW_NEEDS = {-1: None, 0: "nothing", 1: "DIS", 2: "DIT", 3: "DIS and DIT"}


@dataclass(frozen=True, slots=True)
class McDonald2017Decision(StatusFromCodes):
    """McDonald 2017 for a batch: category codes (index into ``MS_CATEGORIES``) and every intermediate.

    ``dit`` is DIT *after* the 2017 substitution of CSF-specific oligoclonal bands (MRI
    DIT, a second attack, or bands once DIS is shown); ``common.dit_mri`` is DIT on MRI
    alone. ``table_objective`` is the objective-lesion count the table is entered with
    (an attack without objective evidence enters the one-lesion row).
    """

    codes: IntArray
    common: MSCommon
    table_objective: IntArray
    dis_mri: TriArray
    dis_clinical: BoolArray
    dis: BoolArray
    table_row: IntArray  # 0 none needed, 1 DIS, 2 DIT, 3 DIS and DIT, -1 no attack
    ocb_substituted_for_dit: BoolArray
    dit_fulfilled_after_ocb_substitution: BoolArray
    relapsing: BoolArray
    ppms_duration: TriArray
    ppms_items: IntArray
    primary_progressive: BoolArray
    dates_open: BoolArray

    @property
    def pathways(self) -> tuple[tuple[str, BoolArray], ...]:
        return (("relapsing", self.relapsing), ("primary_progressive", self.primary_progressive))


def _decide(f: MSFeatures, attacks: IntArray) -> McDonald2017Decision:
    objective = np.where(attacks >= 1, np.maximum(f.n_objective, 1), 0)
    dis_mri = dis_status(f.n_areas_2017, f.n_unimaged_2017)
    clinical = (attacks >= 2) & f.clinical_dis
    dis = (dis_mri == 1) | clinical
    two_plus = attacks >= 2
    row = np.select(
        [two_plus & ((objective >= 2) | f.historical), two_plus, (attacks == 1) & (objective >= 2),
         attacks == 1],
        [0, 1, 2, 3], default=-1,
    )
    ocb_substitutes = f.ocb & (dis | (objective >= 2)) & (attacks >= 1)
    dit = f.dit_mri | two_plus | ocb_substitutes
    relapsing = (row == 0) | ((row == 1) & dis) | ((row == 2) & dit) | ((row == 3) & (dis_mri == 1) & dit)
    items = f.brain_area.astype(np.int64) + (f.n_spinal >= 2) + f.ocb
    duration = years_ok(f.progression_years, PPMS_MIN_YEARS)
    ppms = f.progressive & (duration == 1) & (items >= 2)
    ms = (relapsing | ppms) & ~f.excluded_false
    possible = ~ms & ~f.excluded_false & (
        (attacks >= 1) | (f.progressive & (items >= 1) & ~f.lmn_red_flag)
    )
    return McDonald2017Decision(
        codes=np.select([ms, possible], [2, 1], default=0), common=ms_common(f, attacks),
        table_objective=objective, dis_mri=dis_mri, dis_clinical=clinical, dis=dis, table_row=row,
        ocb_substituted_for_dit=ocb_substitutes & ~(f.dit_mri | two_plus),
        dit_fulfilled_after_ocb_substitution=dit, relapsing=relapsing, ppms_duration=duration,
        ppms_items=items, primary_progressive=ppms, dates_open=np.zeros(f.n, dtype=bool),
    )


def decide_mcdonald_2017(f: MSFeatures) -> McDonald2017Decision:
    """Apply McDonald 2017 to a batch of feature rows."""
    return decide_with_open_dates(_decide, f)


SPEC: CriteriaSpec[McDonald2017Decision] = ms_spec("mcdonald_2017", decide_mcdonald_2017)


_ROW_TEXT = {
    0: "table: >= 2 attacks with >= 2 objective lesions (or 1 plus clear historical evidence): no further "
       "evidence needed",
    1: "table: >= 2 attacks, 1 objective lesion: needs DIS",
    2: "table: 1 attack, >= 2 objective lesions: needs DIT",
    3: "table: 1 attack, 1 objective lesion: needs DIS and DIT",
}


def _years(d: McDonald2017Decision) -> float | None:
    years = float(d.common.progression_years[0])
    return None if np.isnan(years) else years


def rules_2017(d: McDonald2017Decision, ev: MSEvidence) -> list[RuleResult]:
    """Every McDonald 2017 rule, its status read from row 0 of the record."""
    row = int(d.table_row[0])
    rules = attack_rules(d, ev)
    if row >= 0:
        rules.append(RuleResult(id="table_row", description=_ROW_TEXT[row],
                                status=Status.MET if d.relapsing[0] else Status.NOT_MET))
    rules += [dis_rule(d.dis_mri, ev, AREAS_2017, "DIS on MRI: lesions in >= 2 of 4 areas"), dit_rule(d, ev),
              csf_rule(d.common.ocb, kflc=False)]
    if row >= 0:
        rules.append(RuleResult(
            id="dit_after_ocb_substitution", description="DIT fulfilled: on MRI, by a second attack, or by "
            "CSF-specific oligoclonal bands once DIS is shown" + (" (bands substituted)" if
                                                                  d.ocb_substituted_for_dit[0] else ""),
            status=Status.MET if d.dit_fulfilled_after_ocb_substitution[0] else Status.NOT_MET))
    if d.common.progressive[0]:
        years = _years(d)
        rules += [
            RuleResult(id="ppms_progression", description="Primary progressive: >= 1 year of progression"
                       + ("" if years is None else f" ({years:.2f} years)"),
                       status=tri_status(d.ppms_duration[0])),
            RuleResult(id="ppms_items", description=f"Primary progressive: {int(d.ppms_items[0])} of 3 "
                       "items (brain lesion in a typical area; >= 2 cord lesions; CSF-specific bands); "
                       "needs 2", status=Status.MET if d.ppms_items[0] >= 2 else Status.NOT_MET),
        ]
    return rules


def evaluate_mcdonald_2017(case: Case, evidence: MSEvidence | None = None) -> CriterionResult:
    """Evaluate McDonald 2017 on a case, with its reasons and gaps (all from the decision record)."""
    ev = evidence or ms_evidence(case)
    d = decide_mcdonald_2017(ev.features)
    return ms_result(
        name="McDonald 2017", citation=MCDONALD_2017, d=d, rules=rules_2017(d, ev),
        missing=open_dates_gap(d, ev) + _missing(d, ev), caveats=common_caveats(case, ev, d),
        label_pathway=lambda p: " (primary progressive)" if p == "primary_progressive" else "",
    )


def _missing(d: McDonald2017Decision, ev: MSEvidence) -> list[str]:
    out = []
    row = int(d.table_row[0])
    if row in (1, 3) and not d.dis[0]:
        unknown = ", ".join(a.value for a in ev.mri.unknown(AREAS_2017)) or "none"
        areas = ", ".join(a.value for a in ev.mri.areas(AREAS_2017)) or "none"
        out.append(f"DIS: T2 lesions in >= 2 of 4 areas (now: {areas}; not imaged: {unknown})"
                   + (", or a further attack at a different CNS site" if row == 1 else "") + ".")
    if row in (2, 3) and not d.dit_fulfilled_after_ocb_substitution[0]:
        out.append("DIT: simultaneous enhancing and non-enhancing lesions (gadolinium MRI), a new lesion on "
                   "follow-up MRI, CSF-specific oligoclonal bands, or a second attack.")
    if d.common.progressive[0] and not d.primary_progressive[0]:
        out.append(ppms_gap(_years(d), int(d.ppms_items[0]), PPMS_MIN_YEARS))
    if row == -1 and not d.common.progressive[0]:
        out.append("A typical attack (clinically isolated syndrome) or a progressive course: the criteria "
                   "apply to one of them.")
    if d.common.excluded[0]:
        out.append("Not met while a better explanation is documented (see the caveats).")
    return out
