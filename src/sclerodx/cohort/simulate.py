"""Simulated raw registry rows, vectorised, for benchmarks and for the cohort agreement tests.

Each row is drawn from one patient group of a mixed MS/ALS clinic (relapsing and progressive
MS, ALS, PLS and their mimics: NMOSD, MOGAD, cervical spondylotic myelopathy, multifocal
motor neuropathy, SBMA, inclusion-body myositis, hereditary spastic paraplegia), with the
group's typical findings and registry-like gaps (tests not done are blank). A share of
rows is drawn with every fact uniformly random, so that the tests reach every branch of
the derivation. The group probabilities are `expert estimate:` values chosen to look like
a registry, not measured frequencies; they carry no clinical claim and must not be used
to estimate anything. Every row is valid against :mod:`sclerodx.cohort.layout`.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from sclerodx.anatomy import REGIONS, Region
from sclerodx.case import CoursePattern
from sclerodx.cohort.layout import (
    ATTACK_SLOTS,
    LESION_AREAS,
    LESION_FLAGS,
    MIRNA_SLOTS,
    MRI_SLOTS,
    RAW_COLUMNS,
    EMGRegionSummary,
)
from sclerodx.cohort.validate import dtype_of

#: Patient groups and their share of the simulated registry (expert estimate: a tertiary
#: neuroimmunology + motor neuron clinic; "random" rows exist for test coverage only).
GROUPS = (
    "ms_relapsing",
    "ms_progressive",
    "als",
    "pls",
    "nmosd",
    "mogad",
    "csm",
    "mmn",
    "sbma",
    "ibm",
    "hsp",
    "random",
)
SHARES = np.array([0.28, 0.07, 0.22, 0.03, 0.03, 0.03, 0.06, 0.03, 0.03, 0.03, 0.03, 0.16])
_G = {g: i for i, g in enumerate(GROUPS)}

#: Per-group probabilities (same order as GROUPS); "random" rows use 0.5 for everything.
#: expert estimate: typical presentations (Thompson 2018, Brooks 2000, Turner & Talbot 2013), rounded.
_P: dict[str, tuple[float, ...]] = {
    #                      msR   msP   als   pls   nmo   mog   csm   mmn   sbma  ibm   hsp
    "umn": (0.25, 0.60, 0.75, 0.95, 0.30, 0.20, 0.70, 0.02, 0.03, 0.02, 0.90),
    "weakness": (0.20, 0.50, 0.85, 0.40, 0.30, 0.20, 0.50, 0.80, 0.70, 0.80, 0.50),
    "atrophy": (0.03, 0.05, 0.70, 0.03, 0.03, 0.02, 0.20, 0.40, 0.60, 0.50, 0.05),
    "fasciculations": (0.02, 0.02, 0.70, 0.03, 0.02, 0.02, 0.10, 0.40, 0.70, 0.05, 0.02),
    "emg_done": (0.05, 0.15, 0.90, 0.80, 0.05, 0.05, 0.60, 0.90, 0.90, 0.90, 0.50),
    "emg_lmn": (0.02, 0.05, 0.75, 0.05, 0.02, 0.02, 0.30, 0.30, 0.70, 0.20, 0.03),
    "mri_done": (0.98, 0.95, 0.70, 0.90, 0.95, 0.95, 0.95, 0.40, 0.40, 0.40, 0.80),
    "lesion_rate": (3.00, 2.50, 0.10, 0.10, 1.20, 1.00, 0.20, 0.05, 0.05, 0.05, 0.10),
    "csf_done": (0.60, 0.60, 0.20, 0.40, 0.60, 0.60, 0.10, 0.30, 0.10, 0.10, 0.20),
    "ocb": (0.90, 0.85, 0.05, 0.05, 0.20, 0.10, 0.05, 0.05, 0.05, 0.05, 0.05),
    "sensory_loss": (0.60, 0.60, 0.03, 0.03, 0.70, 0.60, 0.60, 0.05, 0.40, 0.05, 0.30),
    "high_nfl": (0.40, 0.40, 0.90, 0.40, 0.50, 0.40, 0.20, 0.20, 0.10, 0.10, 0.10),
    "attack_rate": (2.20, 0.30, 0.00, 0.00, 1.80, 1.50, 0.00, 0.00, 0.00, 0.00, 0.00),
    "progressive": (0.05, 0.95, 0.95, 0.95, 0.05, 0.05, 0.80, 0.70, 0.80, 0.90, 0.90),
    "onset_years": (4.00, 6.00, 1.20, 5.00, 3.00, 2.00, 2.50, 4.00, 8.00, 5.00, 10.0),
}
_START = dt.date(2012, 1, 1)
_SPAN_DAYS = 12 * 365


def _p(name: str, group: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    values = np.array([*_P[name], 0.5])
    out: np.ndarray[Any, Any] = values[group]
    return out


class _Draw:
    """Column builder over one chunk of rows (values with a known mask)."""

    def __init__(self, rng: np.random.Generator, group: np.ndarray[Any, Any]) -> None:
        self.rng, self.group, self.n = rng, group, len(group)
        self.columns: dict[str, pl.Series] = {}
        self.random = group == _G["random"]

    def u(self) -> np.ndarray[Any, Any]:
        return self.rng.random(self.n)

    def put(self, name: str, values: Any, known: np.ndarray[Any, Any]) -> None:
        series = pl.Series(name, values)
        self.columns[name] = (
            pl.select(pl.when(pl.Series(known)).then(series))
            .to_series()
            .alias(name)
            .cast(dtype_of(RAW_COLUMNS[name]))
        )

    def flag(self, name: str, p_true: np.ndarray[Any, Any] | float, known: np.ndarray[Any, Any]) -> None:
        self.put(name, self.u() < p_true, known)

    def known(self, p: np.ndarray[Any, Any] | float) -> np.ndarray[Any, Any]:
        out: np.ndarray[Any, Any] = self.u() < np.where(self.random, 0.5, p)
        return out

    def choice(
        self,
        name: str,
        values: tuple[str, ...],
        known: np.ndarray[Any, Any],
        p: np.ndarray[Any, Any] | None = None,
    ) -> None:
        idx = self.rng.choice(len(values), self.n, p=p)
        self.put(name, np.array(values, dtype=object)[idx], known)


def _dates(days: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return (np.datetime64(_START) + days.astype("timedelta64[D]")).astype("datetime64[D]")


def simulate_rows(n: int, rng: np.random.Generator, *, first_id: int = 0) -> pl.DataFrame:
    """``n`` simulated raw registry rows (valid, with registry-like gaps)."""
    group = rng.choice(len(GROUPS), n, p=SHARES / SHARES.sum())
    d = _Draw(rng, group)
    always = np.ones(n, dtype=bool)
    d.put("case_id", [f"R{first_id + i:09d}" for i in range(n)], always)
    d.put("age", np.round(rng.uniform(18, 85, n), 1), d.known(0.97))
    d.choice("sex", ("female", "male"), d.known(0.98))
    sbma = group == _G["sbma"]
    d.columns["sex"] = (
        pl.select(pl.when(pl.Series(sbma)).then(pl.lit("male")).otherwise(d.columns["sex"]))
        .to_series()
        .alias("sex")
        .cast(dtype_of(RAW_COLUMNS["sex"]))
    )
    assessment = rng.integers(3 * 365, _SPAN_DAYS, n)
    d.put("assessment_date", _dates(assessment), d.known(0.95))
    onset_years = rng.exponential(_p("onset_years", group))
    onset = np.maximum(assessment - (onset_years * 365.25).astype(int), 0)
    d.put("symptom_onset", _dates(onset), d.known(0.85))
    progressive = d.u() < _p("progressive", group)
    ms_group = np.isin(group, [_G["ms_relapsing"], _G["ms_progressive"], _G["nmosd"], _G["mogad"]])
    pattern = np.where(
        group == _G["ms_relapsing"],
        "relapsing_remitting",
        np.where(group == _G["ms_progressive"], "progressive_from_onset", "monophasic"),
    )
    pattern = np.where(
        d.random,
        rng.choice([p.value for p in CoursePattern], n),
        pattern,
    )
    d.put("course_pattern", pattern, (ms_group | d.random) & d.known(0.7))
    d.put(
        "progression_onset",
        _dates(np.minimum(onset + rng.integers(0, 365, n), assessment)),
        progressive & d.known(0.3),
    )
    d.flag("progressive_motor_impairment", progressive, d.known(np.where(ms_group, 0.3, 0.8)))
    d.flag("other_causes_excluded", 0.9, d.known(0.5))
    # attacks
    n_attacks = rng.poisson(np.where(d.random, 4.0, np.array([*_P["attack_rate"], 4.0])[group]))
    for k in range(1, ATTACK_SLOTS + 1):
        present = n_attacks >= k
        when = onset + rng.integers(0, np.maximum(assessment - onset, 1))
        when = np.where(d.u() < 0.15, onset + rng.integers(0, 45, n), when)  # clusters < 30 days apart
        d.put(f"attack_{k}_date", _dates(np.minimum(when, assessment)), present)
        optic = np.where(np.isin(group, [_G["nmosd"], _G["mogad"]]), 0.5, 0.2)
        systems = ("optic_nerve", "brainstem", "cerebellum", "spinal_cord", "cerebral_hemisphere")
        first = d.u() < optic
        idx = np.where(first, 0, rng.integers(1, 5, n))
        d.put(f"attack_{k}_system", np.array(systems, dtype=object)[idx], present)
        d.choice(f"attack_{k}_side", ("left", "right", "bilateral"), present & d.known(0.5))
        d.choice(
            f"attack_{k}_evidence",
            ("objective", "historical", "reported"),
            present & d.known(0.8),
            p=np.array([0.6, 0.25, 0.15]),
        )
        d.flag(f"attack_{k}_fever", 0.08, present & d.known(0.4))
    # motor exam and EMG
    examined = d.known(np.where(ms_group, 0.6, 0.95))
    for region in REGIONS:
        r = region.value
        region_known = examined & d.known(0.85)
        d.flag(f"umn_{r}", _p("umn", group), region_known & d.known(0.95))
        for sign in ("weakness", "atrophy", "fasciculations"):
            d.flag(f"{sign}_{r}", _p(sign, group), region_known & d.known(0.9))
        d.choice(
            f"weakness_origin_{r}",
            ("lmn", "umn", "myopathic"),
            d.known(0.15) & d.columns[f"weakness_{r}"].ne_missing(False).to_numpy(),
            p=np.array([0.6, 0.3, 0.1]),
        )
        if region is not Region.BULBAR:
            d.flag(f"reflexes_reduced_{r}", _p("atrophy", group), region_known & d.known(0.5))
    emg_done = d.u() < _p("emg_done", group)
    for region in REGIONS:
        r = region.value
        lmn = d.u() < _p("emg_lmn", group)
        fib = d.u() < 0.7
        summary = np.where(
            lmn,
            np.where(
                fib, EMGRegionSummary.LMN_FIBRILLATIONS.value, EMGRegionSummary.LMN_FASCICULATIONS.value
            ),
            np.where(d.u() < 0.1, EMGRegionSummary.DENERVATION_ONLY.value, EMGRegionSummary.NORMAL.value),
        )
        d.put(f"emg_{r}", summary, emg_done & d.known(0.85))
    myopathic_p = np.where(group == _G["ibm"], 0.6, 0.03)
    any_emg = (
        pl.DataFrame([d.columns[f"emg_{r.value}"] for r in REGIONS])
        .select(pl.any_horizontal(pl.all().is_not_null()))
        .to_series()
        .to_numpy()
    )
    d.flag("emg_myopathic", myopathic_p, any_emg & d.known(0.6))
    mmn = group == _G["mmn"]
    block = np.where(mmn | (d.u() < 0.04), np.where(d.u() < 0.5, "probable", "definite"), "none")
    d.put("ncs_conduction_block", block, emg_done & d.known(0.7))
    d.flag("ncs_demyelinating", np.where(mmn, 0.35, 0.05), emg_done & d.known(0.5))
    sensory_reduced = np.where(sbma, 0.8, 0.1)
    d.put(
        "ncs_sensory_response",
        np.where(d.u() < sensory_reduced, np.where(d.u() < 0.7, "reduced", "absent"), "normal"),
        emg_done & d.known(0.7),
    )
    d.flag("sensory_loss", _p("sensory_loss", group), d.known(0.8))
    d.flag("sensory_level", np.where(group == _G["csm"], 0.4, 0.1), d.known(0.5))
    d.flag("optic_neuritis", np.where(np.isin(group, [_G["nmosd"], _G["mogad"]]), 0.5, 0.1), d.known(0.5))
    d.flag("bladder_dysfunction", np.where(ms_group | (group == _G["csm"]), 0.4, 0.1), d.known(0.5))
    d.flag("finger_flexor_weakness", np.where(group == _G["ibm"], 0.8, 0.05), d.known(0.4))
    d.flag("knee_extensor_weakness", np.where(group == _G["ibm"], 0.8, 0.05), d.known(0.4))
    d.flag("family_history_als", np.where(group == _G["als"], 0.1, 0.02), d.known(0.6))
    d.flag("family_history_spastic_paraplegia", np.where(group == _G["hsp"], 0.6, 0.02), d.known(0.6))
    d.flag("neck_pain", np.where(group == _G["csm"], 0.6, 0.1), d.known(0.5))
    d.flag("gynaecomastia", np.where(sbma, 0.5, 0.01), d.known(0.4))
    d.flag("area_postrema_syndrome", np.where(group == _G["nmosd"], 0.3, 0.01), d.known(0.4))
    d.flag("syringomyelia", 0.02, d.known(0.3))
    bulbar = np.isin(group, [_G["als"], _G["sbma"]])
    d.flag("dysarthria", np.where(bulbar, 0.4, 0.05), d.known(0.5))
    d.flag("dysphagia", np.where(bulbar, 0.3, 0.03), d.known(0.5))
    d.flag("prior_spinal_surgery", np.where(group == _G["csm"], 0.2, 0.03), d.known(0.4))
    patterns = ("sporadic", "autosomal_dominant", "autosomal_recessive", "x_linked")
    inherited = np.where(sbma, 3, np.where(group == _G["hsp"], rng.integers(1, 3, n), 1))
    familial = d.u() < np.where(sbma, 0.7, np.where(group == _G["hsp"], 0.6, 0.05))
    pattern_idx = np.where(d.random, rng.integers(0, 4, n), np.where(familial, inherited, 0))
    d.put("family_history_pattern", np.array(patterns, dtype=object)[pattern_idx], d.known(0.3))
    d.flag("prior_gastrointestinal_surgery", 0.05, d.known(0.3))
    d.flag("htlv1_endemic_origin", 0.1, d.known(0.3))
    symmetric = d.u() < np.where(group == _G["hsp"], 0.9, np.where(group == _G["mmn"], 0.05, 0.4))
    d.put("weakness_symmetry", np.where(symmetric, "symmetric", "asymmetric"), d.known(0.3))
    d.flag("fatigable_weakness", 0.1, d.known(0.3))
    d.flag("ptosis_or_diplopia", np.where(ms_group, 0.2, 0.03), d.known(0.3))
    d.flag("repetitive_stimulation_decrement", 0.1, d.known(0.1))
    d.flag("serum_vitamin_b12_low", 0.06, d.known(0.3))
    d.flag("serum_copper_low", 0.03, d.known(0.2))
    for name in ("htlv1_antibodies", "achr_antibodies", "musk_antibodies"):
        d.put(name, np.where(d.u() < 0.05, "positive", np.where(d.u() < 0.05, "equivocal", "negative")),
              d.known(0.15))
    biopsied = d.known(np.where(group == _G["ibm"], 0.6, 0.03))
    d.flag("biopsy_rimmed_vacuoles", np.where(group == _G["ibm"], 0.8, 0.02), biopsied)
    d.flag("biopsy_inflammation", np.where(group == _G["ibm"], 0.7, 0.05), biopsied)
    d.flag("biopsy_neurogenic", np.where(np.isin(group, [_G["als"], _G["sbma"]]), 0.8, 0.1), biopsied)
    _simulate_mri(d, assessment, onset)
    _simulate_fluids(d)
    return pl.DataFrame([d.columns[name] for name in RAW_COLUMNS])


def _simulate_mri(d: _Draw, assessment: np.ndarray[Any, Any], onset: np.ndarray[Any, Any]) -> None:
    rng, group, n = d.rng, d.group, d.n
    rate = _p("lesion_rate", group)
    n_studies = np.where(d.u() < _p("mri_done", group), np.where(d.u() < 0.5, 2, 1), 0)
    for k in range(1, MRI_SLOTS + 1):
        p = f"mri_{k}_"
        present = n_studies >= k
        d.put(p + "date", _dates(rng.integers(onset, np.maximum(assessment, onset + 1))), present)
        brain = present & (d.u() < 0.95)
        cord = present & ((d.u() < 0.6) | ~brain)
        optic = present & (d.u() < 0.15)
        imaged = {"imaged_brain": brain, "imaged_cord": cord, "imaged_optic_nerves": optic}
        for name, mask in imaged.items():
            d.put(p + name, mask, present & (mask | (d.u() < 0.8)))
        gad = present & (d.u() < 0.6)
        d.put(p + "gadolinium", gad, present & (gad | (d.u() < 0.7)))
        total = np.zeros(n, dtype=np.int64)
        spinal = np.zeros(n, dtype=np.int64)
        for area, (_, needs) in LESION_AREAS.items():
            count = rng.poisson(rate * (0.4 if area in ("spinal_cord", "optic_nerve", "other") else 1.0))
            count = np.where(imaged[needs], np.minimum(count, 60), 0)
            known = imaged[needs] & d.known(0.95)
            d.put(f"{p}lesions_{area}", count, known)
            total += np.where(known, count, 0)
            if area == "spinal_cord":
                spinal = np.where(known, count, 0)
        for flag in LESION_FLAGS:
            share = {"enhancing": 0.2, "new": 0.3, "central_vein": 0.6, "paramagnetic_rim": 0.1}[flag]
            count = rng.binomial(total, share)
            known = present & d.known(0.5) & (gad if flag == "enhancing" else True)
            d.put(p + flag, count, known)
        long = np.where(group == _G["nmosd"], 0.6, 0.05)
        segments = np.where(d.u() < long, rng.uniform(3, 8, n), rng.uniform(0.5, 2.9, n)).round(1)
        d.put(p + "cord_lesion_segments", segments, (spinal >= 1) & d.known(0.6))
        d.flag(p + "cord_compression", np.where(group == _G["csm"], 0.9, 0.1), cord & d.known(0.5))
        d.flag(p + "flexion_forward_shift", 0.1, cord & d.known(np.where(group == _G["mmn"], 0.3, 0.05)))
        d.flag(p + "thin_corpus_callosum", np.where(group == _G["hsp"], 0.3, 0.05), brain & d.known(0.3))


def _simulate_fluids(d: _Draw) -> None:
    rng, group, n = d.rng, d.group, d.n
    d.flag("vep_delayed", np.where(np.isin(group, [0, 1, 4, 5]), 0.5, 0.05), d.known(0.15))
    optic_tested = d.known(0.1)
    d.put("oct_inter_eye_prnfl_um", rng.gamma(2.0, 2.5, n).round(1), optic_tested)
    d.put("oct_inter_eye_gcipl_um", rng.gamma(2.0, 1.5, n).round(1), optic_tested & d.known(0.8))
    csf = d.u() < _p("csf_done", group)
    d.put("csf_date", _dates(rng.integers(0, _SPAN_DAYS, n)), csf & d.known(0.3))
    intrathecal = d.u() < _p("ocb", group)
    ocb = np.where(
        intrathecal,
        np.where(d.u() < 0.8, "csf_specific", "csf_specific_and_identical"),
        rng.choice(["negative", "identical", "monoclonal"], n, p=[0.8, 0.15, 0.05]),
    )
    d.put("csf_ocb", ocb, csf & d.known(0.85))
    d.put(
        "csf_kflc_index",
        np.where(intrathecal, rng.gamma(3, 8, n), rng.gamma(2, 1.2, n)).round(2),
        csf & d.known(0.3),
    )
    d.put(
        "csf_igg_index",
        np.clip(np.where(intrathecal, rng.normal(1.0, 0.3, n), rng.normal(0.5, 0.1, n)), 0.1, 19).round(2),
        csf & d.known(0.5),
    )
    d.put(
        "csf_white_cells_per_ul",
        np.where(
            np.isin(group, [4, 5]) & (d.u() < 0.4), rng.uniform(51, 300, n), rng.gamma(1.5, 2.0, n)
        ).round(0),
        csf & d.known(0.7),
    )
    high = d.u() < _p("high_nfl", group)
    for fluid, normal, raised in (("csf_nfl", 700.0, 4000.0), ("serum_nfl", 15.0, 110.0)):
        value = np.where(high, rng.lognormal(np.log(raised), 0.4), rng.lognormal(np.log(normal), 0.4))
        unit = rng.choice(["pg/mL", "ng/L", "ng/mL"], n, p=[0.7, 0.2, 0.1])
        value = np.where(unit == "ng/mL", value / 1000.0, value).round(4)
        known = (csf if fluid == "csf_nfl" else np.ones(n, dtype=bool)) & d.known(0.3)
        d.put(fluid, value, known)
        d.put(f"{fluid}_unit", unit, known)
    d.put("serum_date", _dates(rng.integers(0, _SPAN_DAYS, n)), d.known(0.2))
    ck = np.where(
        group == _G["ibm"],
        rng.uniform(150, 1500, n),
        np.where(np.isin(group, [_G["als"], _G["sbma"]]), rng.uniform(80, 700, n), rng.uniform(40, 250, n)),
    )
    d.put("serum_ck_u_per_l", ck.round(0), d.known(0.4))
    nmo, mog = group == _G["nmosd"], group == _G["mogad"]
    for name, positive in (("aqp4_igg", nmo), ("mog_igg", mog), ("anti_gm1_igm", group == _G["mmn"])):
        tested = d.known(np.where(positive, 0.9, 0.25))
        result = np.where(
            positive & (d.u() < 0.85), "positive", np.where(d.u() < 0.05, "equivocal", "negative")
        )
        d.put(name, result, tested)
        if name in ("aqp4_igg", "mog_igg"):
            d.choice(
                f"{name}_assay",
                ("cell_based", "elisa", "other"),
                tested & d.known(0.6),
                p=np.array([0.8, 0.15, 0.05]),
            )
        if name == "mog_igg":
            d.put(
                "mog_igg_titer",
                rng.choice([10, 20, 40, 100, 160, 320, 1000], n),
                tested & (result == "positive") & d.known(0.7),
            )
    cag = np.where(group == _G["sbma"], rng.integers(38, 60, n), rng.integers(11, 40, n))
    d.put("ar_cag_repeats", cag, d.known(np.where(np.isin(group, [_G["sbma"], _G["als"]]), 0.5, 0.05)))
    genetic = d.known(np.where(np.isin(group, [_G["als"], _G["hsp"]]), 0.4, 0.05))
    d.flag("c9orf72_expansion", np.where(group == _G["als"], 0.1, 0.01), genetic)
    d.flag("sod1_variant", np.where(group == _G["als"], 0.03, 0.005), genetic & d.known(0.9))
    d.flag("hsp_panel_positive", np.where(group == _G["hsp"], 0.5, 0.01), genetic & d.known(0.7))
    # investigational microRNA (miR-181 is set aside by the differential, so it is drawn too)
    names = np.array(["miR-206", "miR-181a-5p", "hsa-miR-133b", "miR-155-5p"], dtype=object)
    for k in range(1, MIRNA_SLOTS + 1):
        measured = d.known(0.03)
        d.put(f"mirna_{k}_name", names[rng.integers(0, len(names), n)], measured)
        d.choice(f"mirna_{k}_fluid", ("serum", "plasma", "csf"), measured)
        d.put(f"mirna_{k}_fold_change", rng.lognormal(0.0, 0.8, n).round(3).clip(0.001, 1000), measured)


def write_simulated(path: Path, rows: int, *, seed: int = 0, row_group: int = 100_000) -> None:
    """Write ``rows`` simulated rows to a Parquet (one row group per chunk) or CSV file, atomically.

    Rows are drawn chunk by chunk, so memory stays bounded for any ``rows``.
    """
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent or ".")
    os.close(fd)
    try:
        writer = None
        with open(tmp, "wb") as handle:
            for start in range(0, rows, row_group):
                chunk = simulate_rows(min(row_group, rows - start), rng, first_id=start)
                if path.suffix == ".parquet":
                    table = chunk.to_arrow()
                    writer = writer or pq.ParquetWriter(handle, table.schema)
                    writer.write_table(table)
                else:
                    chunk.write_csv(handle, include_header=start == 0)
            if writer is not None:
                writer.close()
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp's 0600 would survive the rename
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
