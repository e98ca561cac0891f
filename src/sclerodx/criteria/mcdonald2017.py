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
    MS_CATEGORIES,
    MS_LABELS,
    attack_rules,
    common_caveats,
    csf_rule,
    dis_rule,
    dit_rule,
    ppms_gap,
    status_for,
)
from sclerodx.criteria.ms_features import (
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

PPMS_MIN_YEARS = 1.0


@dataclass(frozen=True, slots=True)
class McDonald2017Decision:
    """Category codes (index into ``MS_CATEGORIES``) and the named intermediate rules.

    ``dit`` is DIT *after* the 2017 substitution of CSF-specific oligoclonal bands (MRI
    DIT, a second attack, or bands once DIS is shown); ``dit_mri`` is DIT on MRI alone.
    """

    codes: IntArray
    dis: BoolArray
    dit: BoolArray
    relapsing: BoolArray
    ppms: BoolArray
    ppms_items: IntArray
    needs: IntArray  # table row: 0 none needed, 1 DIS, 2 DIT, 3 DIS and DIT, -1 no attack
    dit_mri: BoolArray
    ocb_substitutes: BoolArray

    @property
    def status(self) -> IntArray:
        """Status codes: MS met, possible MS pending (indeterminate), not met (same order as the codes)."""
        return self.codes


def decide_mcdonald_2017(f: MSFeatures) -> McDonald2017Decision:
    """Apply McDonald 2017 to a batch of feature rows."""
    attacks = f.n_attacks
    objective = np.where(attacks >= 1, np.maximum(f.n_objective, 1), 0)
    dis_mri = f.n_areas_2017 >= 2
    dis = dis_mri | ((attacks >= 2) & f.clinical_dis)
    two_plus = attacks >= 2
    needs = np.select(
        [two_plus & ((objective >= 2) | f.historical), two_plus, (attacks == 1) & (objective >= 2),
         attacks == 1],
        [0, 1, 2, 3], default=-1,
    )
    ocb_substitutes = f.ocb & (dis | (objective >= 2)) & (attacks >= 1)
    dit = f.dit_mri | two_plus | ocb_substitutes
    relapsing = (needs == 0) | ((needs == 1) & dis) | ((needs == 2) & dit) | ((needs == 3) & dis_mri & dit)
    items = f.brain_area.astype(np.int64) + (f.n_spinal >= 2) + f.ocb
    long_enough = np.nan_to_num(f.progression_years, nan=-1.0) >= PPMS_MIN_YEARS
    ppms = f.progressive & long_enough & (items >= 2)
    ms = (relapsing | ppms) & ~f.excluded_false
    possible = ~ms & ~f.excluded_false & (
        (attacks >= 1) | (f.progressive & (items >= 1) & ~f.lmn_red_flag)
    )
    codes = np.select([ms, possible], [2, 1], default=0)
    return McDonald2017Decision(codes, dis, dit, relapsing, ppms, items, needs, f.dit_mri,
                                ocb_substitutes & ~(f.dit_mri | two_plus))


def pathway_2017(d: McDonald2017Decision, row: int = 0) -> str | None:
    """Which pathway a verdict took: ``relapsing`` (attacks table) or ``primary_progressive``."""
    if d.relapsing[row]:
        return "relapsing"
    if d.ppms[row]:
        return "primary_progressive"
    return None


def decide(columns: Columns) -> McDonald2017Decision:
    """McDonald 2017 on columns of any length (the :class:`MSFeatures` fields)."""
    return decide_mcdonald_2017(ms_features_from(columns))


SPEC: CriteriaSpec[McDonald2017Decision] = CriteriaSpec(
    name="mcdonald_2017", categories=MS_CATEGORIES, columns=MS_COLUMNS,
    inputs=ms_columns, decide=decide,
)


_NEEDS_TEXT = {
    0: "table: >= 2 attacks with >= 2 objective lesions (or 1 plus clear historical evidence): no further "
       "evidence needed",
    1: "table: >= 2 attacks, 1 objective lesion: needs DIS",
    2: "table: 1 attack, >= 2 objective lesions: needs DIT",
    3: "table: 1 attack, 1 objective lesion: needs DIS and DIT",
}


def evaluate_mcdonald_2017(case: Case, evidence: MSEvidence | None = None) -> CriterionResult:
    """Evaluate McDonald 2017 on a case, with its reasons and gaps."""
    ev = evidence or ms_evidence(case)
    d = decide_mcdonald_2017(ev.features)
    code, needs = int(d.codes[0]), int(d.needs[0])
    rules: list[RuleResult] = attack_rules(ev)
    if needs >= 0:
        rules.append(RuleResult(id="table_row", description=_NEEDS_TEXT[needs],
                                status=status_of(bool(d.relapsing[0]))))
    rules += [
        dis_rule(ev, AREAS_2017, "DIS on MRI: lesions in >= 2 of 4 areas"),
        dit_rule(ev),
        csf_rule(case, kflc=False),
    ]
    if ev.attacks.progressive_course:
        years = float(ev.features.progression_years[0])
        rules += [
            RuleResult(id="ppms_progression", description="Primary progressive: >= 1 year of progression"
                       + ("" if np.isnan(years) else f" ({years:.2f} years)"),
                       status=status_of(None if np.isnan(years) else years >= PPMS_MIN_YEARS)),
            RuleResult(id="ppms_items", description=f"Primary progressive: {int(d.ppms_items[0])} of 3 "
                       "items (brain lesion in a typical area; >= 2 cord lesions; CSF-specific bands); "
                       "needs 2", status=status_of(int(d.ppms_items[0]) >= 2)),
        ]
    missing = [] if code == 2 else _missing(ev, needs, d)
    pathway = pathway_2017(d)
    return CriterionResult(
        name="McDonald 2017",
        category=MS_CATEGORIES[code],
        label=MS_LABELS[MS_CATEGORIES[code]] + (" (primary progressive)" if pathway == "primary_progressive"
                                                 and code == 2 else ""),
        status=status_for(code),
        rules=rules,
        missing=missing,
        caveats=common_caveats(case, ev),
        citation=MCDONALD_2017,
        decision={
            "category_code": code, "attacks": ev.attacks.n_attacks,
            "objective_lesions": ev.attacks.n_objective_lesions,
            "historical_prior_attack": ev.attacks.historical_prior_attack,
            "table_row_needs": {-1: None, 0: "nothing", 1: "DIS", 2: "DIT", 3: "DIS and DIT"}[needs],
            "dis": bool(d.dis[0]), "dit_mri": bool(d.dit_mri[0]),
            "dit_fulfilled_after_ocb_substitution": bool(d.dit[0]),
            "ocb_substituted_for_dit": bool(d.ocb_substitutes[0]),
            "ppms_items": int(d.ppms_items[0]), "pathway": pathway if code == 2 else None,
        },
    )


def _missing(ev: MSEvidence, needs: int, d: McDonald2017Decision) -> list[str]:
    out = []
    if needs in (1, 3) and not d.dis[0]:
        unknown = ", ".join(a.value for a in ev.mri.unknown(AREAS_2017)) or "none"
        areas = ", ".join(a.value for a in ev.mri.areas(AREAS_2017)) or "none"
        out.append(f"DIS: T2 lesions in >= 2 of 4 areas (now: {areas}; not imaged: {unknown})"
                   + (", or a further attack at a different CNS site" if needs == 1 else "") + ".")
    if needs in (2, 3) and not d.dit[0]:
        out.append("DIT: simultaneous enhancing and non-enhancing lesions (gadolinium MRI), a new lesion on "
                   "follow-up MRI, CSF-specific oligoclonal bands, or a second attack.")
    if ev.attacks.progressive_course and not d.ppms[0]:
        out.append(ppms_gap(ev, int(d.ppms_items[0]), PPMS_MIN_YEARS))
    if needs == -1 and not ev.attacks.progressive_course:
        out.append("A typical attack (clinically isolated syndrome) or a progressive course: the criteria "
                   "apply to one of them.")
    return out
