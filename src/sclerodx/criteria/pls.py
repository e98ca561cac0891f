"""Consensus diagnostic criteria for primary lateral sclerosis (Turner et al. 2020).

Mandatory: age >= 25 years; progressive UMN dysfunction for >= 2 years; UMN signs in at
least two of three regions (lower limb, upper limb, bulbar). Exclusions: unexplained
sensory symptoms, active LMN degeneration, another diagnosis. Probable PLS: 2-4 years
from symptom onset without significant LMN degeneration; definite: more than 4 years.

Readings: the regions are exam.motor bulbar, cervical (upper limb) and lumbosacral
(lower limb); "active LMN degeneration" is fibrillation potentials / positive sharp
waves in any muscle or clinical LMN signs (wasting, or weakness with fasciculations);
sensory loss on examination stands for unexplained sensory involvement.

References
----------
.. [1] Turner MR, Barohn RJ, Corcia P, et al. Primary lateral sclerosis: consensus
       diagnostic criteria. J Neurol Neurosurg Psychiatry. 2020;91(4):373-377.
"""

from __future__ import annotations

import numpy as np

from sclerodx.anatomy import Region
from sclerodx.case import Case
from sclerodx.criteria import als_common as common
from sclerodx.criteria.citations import PLS_TURNER_2020
from sclerodx.criteria.motor_regions import MotorRegionEvidence, motor_region_evidence
from sclerodx.criteria.ms_features import BoolArray, FloatArray, IntArray
from sclerodx.criteria.result import CriterionResult, RuleResult, Status, status_of
from sclerodx.criteria.timeline import years_since

PLS_REGIONS = (Region.BULBAR, Region.CERVICAL, Region.LUMBOSACRAL)
MIN_AGE_YEARS = 25
PROBABLE_YEARS = 2.0
DEFINITE_YEARS = 4.0
LABELS = {"none": "PLS criteria not met", "probable": "probable PLS", "definite": "definite PLS"}


PLS_CATEGORIES = ("none", "probable", "definite")


def pls_codes(age: FloatArray, n_umn_regions: IntArray, years: FloatArray, lmn_degeneration: BoolArray,
              sensory_loss: BoolArray, excluded_false: BoolArray) -> IntArray:
    """PLS category codes (index into ``PLS_CATEGORIES``); unknown age or duration (NaN) give none."""
    age = np.nan_to_num(age, nan=-1.0)
    years = np.nan_to_num(years, nan=-1.0)
    eligible = ((age >= MIN_AGE_YEARS) & (n_umn_regions >= 2) & (years >= PROBABLE_YEARS)
                & ~lmn_degeneration & ~sensory_loss & ~excluded_false)
    codes: IntArray = np.where(eligible, np.where(years > DEFINITE_YEARS, 2, 1), 0)
    return codes


def evaluate_pls(case: Case, evidence: MotorRegionEvidence | None = None) -> CriterionResult:
    """Evaluate the Turner 2020 PLS criteria on a case."""
    ev = evidence or motor_region_evidence(case)
    umn_regions = [r for r in PLS_REGIONS if ev.umn[r].value is True]
    years = years_since(case.symptom_onset, case)
    clinical_lmn = common.present(ev.lmn_clinical_reec)
    lmn_degeneration = bool(clinical_lmn or ev.active_denervation_muscles)
    sensory = case.exam.sensory_loss is True
    category = PLS_CATEGORIES[int(pls_codes(
        np.array([np.nan if case.age is None else case.age]), np.array([len(umn_regions)]),
        np.array([np.nan if years is None else years]), np.array([lmn_degeneration]), np.array([sensory]),
        np.array([common.exclusion(case)[0] is False]),
    )[0])]
    age_ok = None if case.age is None else case.age >= MIN_AGE_YEARS
    duration_ok = None if years is None else years >= PROBABLE_YEARS
    rules = [
        RuleResult(id="age", description=f"Age >= {MIN_AGE_YEARS} years", status=status_of(age_ok),
                   evidence=["age"] if case.age is not None else []),
        RuleResult(id="umn_regions", description=f"UMN signs in >= 2 of bulbar, upper limb, lower limb: "
                   f"{len(umn_regions)} ({common.names(umn_regions)})",
                   status=Status.MET if len(umn_regions) >= 2 else Status.NOT_MET,
                   evidence=common.refs(ev.umn, umn_regions)),
        RuleResult(id="duration", description="Progressive UMN dysfunction for >= 2 years from symptom onset"
                   + (f": {years:.1f} years" if years is not None else ": onset date unknown"),
                   status=status_of(duration_ok),
                   evidence=["symptom_onset"] if case.symptom_onset else []),
        RuleResult(id="no_lmn_degeneration", description="No active LMN degeneration (clinical LMN signs "
                   "or fibrillations/positive sharp waves)", status=status_of(not lmn_degeneration),
                   evidence=common.refs(ev.lmn_clinical_reec, clinical_lmn)
                   + list(ev.active_denervation_muscles)),
        RuleResult(id="no_sensory_loss", description="No unexplained sensory involvement",
                   status=status_of(None if case.exam.sensory_loss is None else not sensory),
                   evidence=["exam.sensory_loss"] if case.exam.sensory_loss is not None else []),
    ]
    missing = []
    if category == "none":
        if age_ok is None:
            missing.append("Age.")
        if len(umn_regions) < 2:
            missing.append("UMN signs in a second of the bulbar, upper-limb and lower-limb regions.")
        if duration_ok is None:
            missing.append("Symptom-onset date, to measure the 2-year minimum duration.")
        elif not duration_ok:
            missing.append("At least 2 years of progressive UMN dysfunction (re-evaluate later).")
    elif category == "probable" and years is not None:
        missing.append(f"More than {DEFINITE_YEARS:g} years from onset without LMN degeneration for definite "
                       f"PLS (now {years:.1f}).")
    status = Status.MET if category != "none" else (
        Status.NOT_MET if lmn_degeneration or sensory or age_ok is False or len(umn_regions) < 2
        else Status.INDETERMINATE)
    return CriterionResult(
        name="PLS consensus criteria (Turner 2020)",
        category=category,
        label=LABELS[category],
        status=status,
        rules=rules,
        missing=missing,
        caveats=["Minor LMN findings (occasional fasciculations, mild chronic reinnervation) do not "
                 "exclude PLS; the EMG reading here is conservative.", *common.exclusion_caveats(case)]
        if category != "none" else [],
        citation=PLS_TURNER_2020,
    )
