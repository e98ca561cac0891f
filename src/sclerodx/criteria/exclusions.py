"""Documented evidence of another disease: the "no better explanation" gate of every criteria set.

Each criteria set requires that nothing explains the findings better. Besides the
clinician's own statement (``other_causes_excluded``), a few results are by themselves
diagnostic of a mimic and close the gate:

* MS: aquaporin-4 IgG by cell-based assay (NMOSD; Wingerchuk et al. 2015), and MOG-IgG
  at a titre >= 1:100 (MOGAD; Banwell et al. 2023). McDonald 2017 and 2024 exclude both.
* ALS: an androgen-receptor CAG repeat >= 38 in a man (spinal and bulbar muscular
  atrophy; patients carry 38-68 repeats, healthy people 11-34: Grunseich & Fischbeck
  2015; La Spada et al. 1991); needle EMG showing myopathic motor units without
  neurogenic change in a region, or weakness the examiner attributes to a myopathy:
  electrophysiological (or clinical) evidence of muscle disease, such as inclusion body
  myositis. Revised El Escorial requires "the absence of electrophysiological and
  pathological evidence of other disease processes that might explain the signs of LMN
  and/or UMN degeneration" (Brooks 2000); Gold Coast criterion 3 requires
  "investigations excluding other disease processes" (Shefner 2020). A muscle biopsy with
  rimmed vacuoles and endomysial inflammation (the pathological features of inclusion
  body myositis; ENMC 2011, Rose 2013) is "pathological evidence of other disease
  processes" (Brooks 2000) and closes it too.
* The clinical pattern of inclusion body myositis (finger-flexor weakness exceeding
  shoulder abduction *and* knee-extensor weakness at least equal to hip flexion; ENMC
  2011) is read by what the investigations show, because Gold Coast criterion 3 asks for
  *investigations* that exclude other disease processes, and the pattern is a clinical
  suspicion, not an investigation (the same weakness occurs in ALS):

  - with needle EMG recorded and no neurogenic change on it, EMG and examination point
    to a myopathy: the gate closes (a documented alternative);
  - with neither needle EMG nor a muscle biopsy recorded, the investigation that would
    exclude inclusion body myositis has not been done: the exclusion is *pending*
    (:func:`als_open_questions`): no ALS category is given, the status is indeterminate,
    and the rule and the gaps name the missing EMG or biopsy, whatever the clinician's
    general statement;
  - with neurogenic change on EMG, or a biopsy without the IBM features, the pattern
    does not bear on the gate.

References
----------
.. [1] Wingerchuk DM, Banwell B, Bennett JL, et al. International consensus diagnostic
       criteria for neuromyelitis optica spectrum disorders. Neurology.
       2015;85(2):177-189.
.. [2] Banwell B, Bennett JL, Marignier R, et al. Diagnosis of myelin oligodendrocyte
       glycoprotein antibody-associated disease: International MOGAD Panel proposed
       criteria. Lancet Neurol. 2023;22(3):268-282.
.. [3] Grunseich C, Fischbeck KH. Spinal and bulbar muscular atrophy. Neurol Clin.
       2015;33(4):847-854.
.. [4] La Spada AR, Wilson EM, Lubahn DB, et al. Androgen receptor gene mutations in
       X-linked spinal and bulbar muscular atrophy. Nature. 1991;352:77-79.
.. [5] Rose MR; ENMC IBM Working Group. 188th ENMC International Workshop: Inclusion
       Body Myositis, 2-4 December 2011. Neuromuscul Disord. 2013;23(12):1044-1055.
"""

from __future__ import annotations

from dataclasses import dataclass

from sclerodx.biomarkers.cutoffs import AR_CAG_SBMA
from sclerodx.case import Case, Sex
from sclerodx.criteria.motor_regions import MotorRegionEvidence

MOG_DIAGNOSTIC_TITRE = 100
#: From the one cut-off object :data:`sclerodx.biomarkers.cutoffs.AR_CAG_SBMA` (kept for importers).
SBMA_MIN_CAG_REPEATS = int(AR_CAG_SBMA.threshold)


@dataclass(frozen=True, slots=True)
class Alternative:
    """A result that points to another disease."""

    reason: str
    evidence: str


def ms_alternatives(case: Case) -> list[Alternative]:
    """Results that explain a demyelinating presentation better than MS."""
    out = []
    serum = case.serum
    if serum and serum.aqp4_igg and serum.aqp4_igg.result == "positive" and \
            serum.aqp4_igg.assay in (None, "cell_based"):
        out.append(Alternative("AQP4-IgG positive: NMOSD (Wingerchuk 2015)", "serum.aqp4_igg"))
    if serum and serum.mog_igg and serum.mog_igg.result == "positive" and \
            (serum.mog_igg.titer or 0) >= MOG_DIAGNOSTIC_TITRE:
        out.append(Alternative(f"MOG-IgG positive at >= 1:{MOG_DIAGNOSTIC_TITRE}: MOGAD (Banwell 2023)",
                               "serum.mog_igg"))
    return out


def als_alternatives(case: Case, motor: MotorRegionEvidence) -> list[Alternative]:
    """Results that explain a motor neuron syndrome better than ALS."""
    out = []
    genetics = case.genetics
    if genetics and genetics.ar_cag_repeats is not None and AR_CAG_SBMA.is_positive(genetics.ar_cag_repeats) \
            and case.sex is not Sex.FEMALE:
        reason = (f"Androgen-receptor CAG repeat {genetics.ar_cag_repeats} ({AR_CAG_SBMA.label}): "
                  "spinal and bulbar muscular atrophy")
        out.append(Alternative(reason, "genetics.ar_cag_repeats"))
    if motor.myopathic_regions:
        regions = ", ".join(r.value for r in sorted(motor.myopathic_regions, key=lambda r: r.level))
        out.append(Alternative(
            f"needle EMG shows myopathic motor units without neurogenic change ({regions}): "
            "electrophysiological evidence of muscle disease, e.g. inclusion body myositis",
            "; ".join(motor.myopathic_muscles) or "emg_regions"))
    neurogenic = any(e.chronic_neurogenic is True for e in case.emg) or any(
        e.chronic_neurogenic is True for e in case.emg_regions)
    if _ibm_pattern(case) and _needle_emg_recorded(case) and not neurogenic:
        out.append(Alternative(
            "clinical pattern of inclusion body myositis (finger-flexor and knee-extensor weakness, ENMC "
            "2011) without neurogenic change on needle EMG", _IBM_PATTERN_REFS))
    biopsy = case.muscle_biopsy
    if biopsy is not None and biopsy.rimmed_vacuoles is True and biopsy.inflammation is True:
        out.append(Alternative(
            "muscle biopsy with rimmed vacuoles and endomysial inflammation: pathological evidence of "
            "inclusion body myositis (ENMC 2011)", "muscle_biopsy"))
    if motor.myopathic_weakness:
        out.append(Alternative("weakness recorded as myopathic: a muscle disease explains it",
                               "; ".join(motor.myopathic_weakness)))
    return out


_IBM_PATTERN_REFS = "exam.finger_flexor_weakness; exam.knee_extensor_weakness"


def _ibm_pattern(case: Case) -> bool:
    return case.exam.finger_flexor_weakness is True and case.exam.knee_extensor_weakness is True


def _needle_emg_recorded(case: Case) -> bool:
    return bool(case.emg or case.emg_regions)


def als_open_questions(case: Case) -> list[Alternative]:
    """Mimics the findings point to that no recorded investigation has settled (the gate stays unknown)."""
    biopsy = case.muscle_biopsy
    biopsied = biopsy is not None and any(
        v is not None for v in (biopsy.rimmed_vacuoles, biopsy.inflammation, biopsy.neurogenic))
    if _ibm_pattern(case) and not _needle_emg_recorded(case) and not biopsied:
        return [Alternative(
            "clinical pattern of inclusion body myositis (finger-flexor and knee-extensor weakness, ENMC "
            "2011) with neither needle EMG nor muscle biopsy recorded: Gold Coast criterion 3 asks for "
            "investigations excluding other disease processes", _IBM_PATTERN_REFS)]
    return []


def exclusion_gate(case: Case, alternatives: list[Alternative]) -> bool | None:
    """False when a better explanation is documented, else the clinician's own statement."""
    return False if alternatives else case.other_causes_excluded
