"""Consensus diagnostic criteria for primary lateral sclerosis (Turner et al. 2020).

Mandatory: age >= 25 years; symptoms of *progressive* UMN dysfunction for >= 2 years;
UMN signs in at least two of three regions (lower limb, upper limb, bulbar). Exclusions:
unexplained sensory symptoms, active LMN degeneration, another diagnosis. Probable PLS:
2-4 years from symptom onset without significant LMN degeneration; definite: more than
4 years.

Readings: the regions are exam.motor bulbar, cervical (upper limb) and lumbosacral
(lower limb); "active LMN degeneration" is fibrillation potentials / positive sharp
waves in any muscle or clinical LMN signs (wasting, or weakness with fasciculations);
sensory loss on examination stands for unexplained sensory involvement. Progression is
mandatory, so a course documented as not progressive is "not met"; undocumented
progression leaves a reached category indeterminate. A documented alternative
diagnosis (:mod:`sclerodx.criteria.exclusions`) is "not met", named in the rules and the
gaps.

References
----------
.. [1] Turner MR, Barohn RJ, Corcia P, et al. Primary lateral sclerosis: consensus
       diagnostic criteria. J Neurol Neurosurg Psychiatry. 2020;91(4):373-377.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from sclerodx.anatomy import REGIONS, Region
from sclerodx.case import Case
from sclerodx.criteria import als_common as common
from sclerodx.criteria.als_categories import CodeArray, GateArray, tri
from sclerodx.criteria.citations import PLS_TURNER_2020
from sclerodx.criteria.evidence import CaseEvidence, case_evidence
from sclerodx.criteria.ms_features import BoolArray, FloatArray, IntArray
from sclerodx.criteria.result import CriterionResult, RuleResult, Status, status_of
from sclerodx.criteria.spec import Columns, CriteriaSpec, region_columns, region_matrix, status_of_code

PLS_REGIONS = (Region.BULBAR, Region.CERVICAL, Region.LUMBOSACRAL)
MIN_AGE_YEARS = 25
PROBABLE_YEARS = 2.0
DEFINITE_YEARS = 4.0
LABELS = {"none": "PLS criteria not met", "probable": "probable PLS", "definite": "definite PLS"}
PLS_CATEGORIES = ("none", "probable", "definite")
_PLS_COLUMNS = [REGIONS.index(r) for r in PLS_REGIONS]


@dataclass(frozen=True, slots=True)
class PLSDecision:
    """PLS category codes (index into ``PLS_CATEGORIES``), status codes and their reasons."""

    codes: CodeArray
    status: CodeArray
    age_ok: GateArray
    n_umn_regions: IntArray
    duration_ok: GateArray
    years: FloatArray
    lmn_degeneration: BoolArray
    sensory_loss: BoolArray
    progression: GateArray
    excluded: GateArray
    pending: BoolArray


def decide_pls(age: npt.ArrayLike, umn: npt.ArrayLike, years: npt.ArrayLike,
               lmn_degeneration: npt.ArrayLike, sensory_loss: npt.ArrayLike, progression: npt.ArrayLike,
               excluded: npt.ArrayLike, pending: npt.ArrayLike | None = None) -> PLSDecision:
    """Apply Turner 2020 to a batch; ``umn`` is the (n, 3) bulbar/upper/lower-limb UMN map."""
    age_v = np.asarray(age, dtype=np.float64)
    years_v = np.asarray(years, dtype=np.float64)
    n_umn = (tri(umn) == 1).sum(axis=1)
    lmn = np.asarray(lmn_degeneration, dtype=bool)
    sensory = np.asarray(sensory_loss, dtype=bool)
    prog, excl = tri(progression), tri(excluded)
    wait = np.zeros(len(age_v), dtype=bool) if pending is None else np.asarray(pending, dtype=bool)
    age_ok = np.where(np.isnan(age_v), -1, np.nan_to_num(age_v, nan=0.0) >= MIN_AGE_YEARS).astype(np.int8)
    duration_ok = np.where(np.isnan(years_v), -1, np.nan_to_num(years_v, nan=0.0) >= PROBABLE_YEARS)
    eligible = ((age_ok == 1) & (n_umn >= 2) & (duration_ok == 1) & ~lmn & ~sensory
                & (prog != 0) & (excl != 0) & ~wait)
    codes = np.where(eligible, np.where(np.nan_to_num(years_v, nan=0.0) > DEFINITE_YEARS, 2, 1), 0)
    excluded_now = lmn | sensory | (age_ok == 0) | (n_umn < 2) | (prog == 0) | (excl == 0)
    status = np.select([eligible & (prog == 1), eligible, excluded_now], [2, 1, 0], default=1)
    return PLSDecision(codes.astype(np.int8), status.astype(np.int8), age_ok, n_umn,
                       duration_ok.astype(np.int8), years_v, lmn, sensory, prog, excl, wait)


def inputs(ev: CaseEvidence) -> dict[str, npt.NDArray[Any]]:
    """The columns the PLS criteria decide on, for one case."""
    case = ev.case
    return {**common.map_columns("umn", ev.motor.umn),
            **common.map_columns("lmn_reec", ev.motor.lmn_clinical_reec),
            "age": np.array([np.nan if case.age is None else float(case.age)]),
            "symptom_years": np.array([np.nan if ev.symptom_years is None else ev.symptom_years]),
            "active_denervation": np.array([bool(ev.motor.active_denervation_muscles)]),
            "sensory_loss": np.array([case.exam.sensory_loss is True]),
            **common.gate_columns(ev)}


def decide(columns: Columns) -> PLSDecision:
    """The PLS criteria on columns of any length."""
    active = np.asarray(columns["active_denervation"], dtype=bool)
    lmn = (region_matrix(columns, "lmn_reec") == 1).any(axis=1) | active
    umn = region_matrix(columns, "umn")[:, _PLS_COLUMNS]
    return decide_pls(columns["age"], umn, columns["symptom_years"], lmn, columns["sensory_loss"],
                      columns["progression"], columns["als_excluded"], columns["als_pending"])


SPEC: CriteriaSpec[PLSDecision] = CriteriaSpec(
    name="pls", categories=PLS_CATEGORIES,
    columns=(*region_columns("umn"), *region_columns("lmn_reec"), "age", "symptom_years",
             "active_denervation", "sensory_loss", *common.GATE_COLUMNS),
    inputs=inputs, decide=decide,
)


def _gate(value: int) -> bool | None:
    return None if value == -1 else bool(value)


def evaluate_pls(case: Case, evidence: CaseEvidence | None = None) -> CriterionResult:
    """Evaluate the Turner 2020 PLS criteria on a case."""
    ev = evidence or case_evidence(case)
    d = decide(inputs(ev))
    motor = ev.motor
    code = int(d.codes[0])
    category = PLS_CATEGORIES[code]
    umn_regions = [r for r in PLS_REGIONS if motor.umn[r].value is True]
    years = None if np.isnan(d.years[0]) else float(d.years[0])
    clinical_lmn = [r for r in REGIONS if motor.lmn_clinical_reec[r].value is True]
    age_ok, duration_ok = _gate(int(d.age_ok[0])), _gate(int(d.duration_ok[0]))
    progression, excluded = int(d.progression[0]), int(d.excluded[0])
    rules = [
        RuleResult(id="age", description=f"Age >= {MIN_AGE_YEARS} years", status=status_of(age_ok),
                   evidence=["age"] if case.age is not None else []),
        RuleResult(id="umn_regions", description=f"UMN signs in >= 2 of bulbar, upper limb, lower limb: "
                   f"{int(d.n_umn_regions[0])} ({common.names(umn_regions)})",
                   status=Status.MET if d.n_umn_regions[0] >= 2 else Status.NOT_MET,
                   evidence=common.refs(motor.umn, umn_regions)),
        RuleResult(id="progression", description="Progressive UMN dysfunction (mandatory)",
                   status=status_of(_gate(progression)), evidence=list(ev.progression_refs)),
        RuleResult(id="duration", description="Progressive UMN dysfunction for >= 2 years from symptom onset"
                   + (f": {years:.1f} years" if years is not None else ": onset date unknown"),
                   status=status_of(duration_ok),
                   evidence=["symptom_onset"] if case.symptom_onset else []),
        RuleResult(id="no_lmn_degeneration", description="No active LMN degeneration (clinical LMN signs "
                   "or fibrillations/positive sharp waves)", status=status_of(not d.lmn_degeneration[0]),
                   evidence=common.refs(motor.lmn_clinical_reec, clinical_lmn)
                   + list(motor.active_denervation_muscles)),
        RuleResult(id="no_sensory_loss", description="No unexplained sensory involvement"
                   + (" (sensory examination not recorded)" if case.exam.sensory_loss is None else ""),
                   status=Status.NOT_MET if d.sensory_loss[0] else Status.MET,
                   evidence=["exam.sensory_loss"] if case.exam.sensory_loss is not None else []),
        RuleResult(id="other_causes_excluded", description="No other diagnosis explains the findings"
                   + "".join(f"; not excluded: {a.reason}" for a in ev.als_alternatives)
                   + "".join(f"; not yet investigated: {a.reason}" for a in ev.als_open_questions),
                   status=status_of(None if d.pending[0] else _gate(excluded)),
                   evidence=[a.evidence for a in ev.als_alternatives]
                   or (["other_causes_excluded"] if case.other_causes_excluded is not None else [])),
    ]
    missing = common.open_question_gaps(bool(d.pending[0]), ev)
    if excluded == 0:
        missing.append("Not met while another diagnosis is documented to explain the findings (see the "
                       "'other_causes_excluded' rule).")
    if progression == 0:
        missing.append("Not met while the course is documented as not progressive: PLS requires "
                       "progressive UMN dysfunction.")
    elif progression == -1:
        missing.append("Document that the UMN dysfunction is progressive (history or repeated examination).")
    if d.lmn_degeneration[0]:
        missing.append("Not met while active LMN degeneration is present (clinical LMN signs or "
                       "fibrillations/positive sharp waves): see the ALS criteria.")
    if d.sensory_loss[0]:
        missing.append("Not met while sensory loss is unexplained: PLS excludes unexplained sensory "
                       "involvement.")
    if age_ok is False:
        missing.append(f"Not met below age {MIN_AGE_YEARS}: the criteria require age >= {MIN_AGE_YEARS}.")
    if category == "none":
        if age_ok is None:
            missing.append("Age.")
        if d.n_umn_regions[0] < 2:
            missing.append("UMN signs in a second of the bulbar, upper-limb and lower-limb regions.")
        if duration_ok is None:
            missing.append("Symptom-onset date, to measure the 2-year minimum duration.")
        elif not duration_ok:
            missing.append("At least 2 years of progressive UMN dysfunction (re-evaluate later).")
    elif category == "probable" and years is not None:
        missing.append(f"More than {DEFINITE_YEARS:g} years from onset without LMN degeneration for definite "
                       f"PLS (now {years:.1f}).")
    status = status_of_code(int(d.status[0]))
    label = common.honest_label(LABELS[category], status, progression, code > 0)
    return CriterionResult(
        name="PLS consensus criteria (Turner 2020)",
        category=category,
        label=label,
        status=status,
        rules=rules,
        missing=missing,
        caveats=["Minor LMN findings (occasional fasciculations, mild chronic reinnervation) do not "
                 "exclude PLS; the EMG reading here is conservative.",
                 *(["Other causes are assumed excluded but this is not documented."]
                   if excluded == -1 else [])]
        if category != "none" else [],
        citation=PLS_TURNER_2020,
        decision=common.decision_record(
            category_code=code, age_ok=int(d.age_ok[0]), umn_regions=int(d.n_umn_regions[0]),
            years_from_onset=years, duration_ok=int(d.duration_ok[0]),
            lmn_degeneration=bool(d.lmn_degeneration[0]), sensory_loss=bool(d.sensory_loss[0]),
            progression=progression, other_causes_excluded=excluded, exclusion_pending=bool(d.pending[0])),
    )
