"""From a case to the finding states the differential reasons with.

Each finding of the evidence table gets one state, or ``None`` when the case does not
tell: **unknown stays unknown** — a test not done, a region not examined, an MRI area not
imaged, an EMG whose chronic component was not reported contribute nothing, never a
negative.

Two kinds of finding
--------------------
* A **simple finding** has mutually exclusive states (``course``, ``ck``...).
* A **grouped finding** has binary *parts* that are observed separately but are not
  independent given the diagnosis: the motor signs and the needle EMG of one body region
  (``region_cervical``: UMN signs, wasting, fasciculations, weakness, reduced reflexes,
  EMG neurogenic change) and the nerve conduction study (``nerve_conduction``: motor
  conduction block, reduced sensory responses — the AANEM/EFNS definition of MMN is the
  *combination* "block with normal sensory conduction"). Its state is the pattern of the
  parts that are known (unknown parts left out of the name); the evidence table gives a
  joint distribution over the parts, and a partly known pattern is scored by
  marginalising the unknown parts out (:mod:`sclerodx.differential.batch`).

Readings and thresholds
-----------------------
* Region parts: UMN signs = any UMN sign recorded present (Brooks 2000; Shefner 2020);
  wasting, fasciculations, weakness and reduced reflexes as recorded; in the bulbar
  region weakness also reads dysarthria or dysphagia from the history. A region part is
  negative only when examined: a region never examined is unknown, not "not involved".
* EMG neurogenic change per region: any muscle (or region summary) with chronic
  neurogenic change (with active denervation, the Awaji reading of LMN involvement; de
  Carvalho et al. 2008), or with fibrillations/positive sharp waves beside motor units
  read neither neurogenic nor myopathic. One muscle suffices: the criteria's two-muscle
  limb rule is theirs to apply, and an unsampled muscle is unknown. It reads negative
  only when every muscle studied has both components known; motor units not reported
  leave a muscle unknown.
* Conduction block: probable or definite block in any motor study, and whether any is
  definite, the EFNS/PNS 2010 levels (definite: >= 50% negative-peak CMAP area reduction
  with <= 30% duration increase; probable: >= 30% over a long upper-limb segment, or
  >= 50% with more temporal dispersion). The levels are told apart because a probable
  block is the one pseudo-block mimics (temporal dispersion, submaximal stimulation) in
  motor neuron disease (Lange DJ et al., Neurology 1992;42:497-505); sensory responses
  reduced when any sensory study is reduced or absent; demyelinating features when any
  motor study records them (the EAN/PNS 2021 motor criteria: Van den Bergh PYK et al.,
  J Peripher Nerv Syst 2021;26:242-268), absent when motor studies record them absent.
* Optic neuritis: bilateral (an episode with side ``bilateral``) or recurrent (two or
  more optic-nerve episodes) is its own state, a MOGAD/NMOSD feature (Banwell 2023).
* MOG-IgG: clear positive = cell-based assay titre >= 1:100 (the
  :data:`sclerodx.biomarkers.cutoffs.MOG_IGG_CLEAR_POSITIVE` cut-off; Banwell et al.
  2023); a lower titre or a positive without titre is "low positive", which the criteria
  accept only with supporting features; a non-cell-based result is unknown (the panel
  does not accept it).
* Sensory loss reads unknown when a sensory level is recorded (a level is a sensory loss;
  the level's row carries both).
* Family history: an affected relative with ALS or with HSP, and the inheritance pattern of
  the pedigree, are one pedigree seen twice. Beside a sporadic pedigree "no ALS/HSP relative"
  reads unknown (the pattern carries it); beside an ALS- or HSP-affected relative the
  pattern reads unknown (the relative carries it: see :func:`_family_pattern`).
* Neurofilament: serum NfL above 62 pg/mL (Verde et al. 2019); CSF NfL above 1431 pg/mL
  (Oeckl et al. 2016) only when serum NfL was not measured.
* Intrathecal IgG: CSF-specific oligoclonal bands (types 2 and 3); the κ-FLC index
  (>= 6.1, as the McDonald 2024 engine reads it) only when bands were not done.
* CSF pleocytosis: more than 50 white cells per µL, an MS red flag (Thompson et al. 2018).
* Longitudinally extensive cord lesion: >= 3 vertebral segments (Wingerchuk et al. 2015).
* MRI activity: an enhancing lesion, or a lesion marked new on a study of the same region
  as an earlier study; "absent" needs a contrast study without enhancement and no new
  lesion (two studies of different regions on one day never make a "no new lesion").
* Androgen-receptor CAG repeats: >= 38 expanded, <= 35 normal, 36-37 unknown
  (Grunseich & Fischbeck 2015).
* Creatine kinase: above 200 U/L raised (expert choice), above 1000 U/L high.
* Central vein sign: >= 6 lesions on one study (Select-6*, Daboul et al. 2024).
* Duration since onset: under 1 year, 1-2, 2-4, over 4 years: the PLS criteria need
  pure UMN signs for >= 2 years (probable) and >= 4 years (definite; Turner et al. 2020).
  Where the motor examination is pure UMN (:func:`pure_umn_syndrome`) the time is read as
  ``duration_pure_umn`` instead, whose rows are P(time | d, pure UMN): ALS with UMN-only
  onset acquires LMN signs within about 4 years (Gordon et al. 2006), so a pure UMN
  syndrome of long standing is PLS rather than ALS; one of the two is known, never both.
* Causes of "other": vitamin B12 and copper deficiency as the laboratory flags them; AChR
  or MuSK antibodies as one finding (either positive is positive; Gilhus et al. 2019);
  a decrement of more than 10% on repetitive stimulation.
* Thin corpus callosum: any brain study read so (the radiologist's reading; no callosal
  index threshold is applied); absent needs a brain study that says so.
* Weakness symmetry: the examiner's reading (EFNS/PNS 2010 defines asymmetry as 1 MRC grade
  above grade 3, 2 grades at 3 or below); unknown when no limb is weak.
* HTLV-1 endemic origin: as recorded in the history (a background fact: its rows are the
  share of each diagnosis's patients born in an endemic area).
* microRNA (investigational): any measured microRNA outside the miR-181 family with a
  fold change >= 2 or <= 0.5 is "dysregulated" (Magen et al. 2021 for miR-181).

References
----------
.. [1] de Carvalho M et al. Clin Neurophysiol. 2008;119:497-503.
.. [2] Joint Task Force of the EFNS and the PNS. J Peripher Nerv Syst. 2010;15:295-301.
.. [3] Olney RK et al. Consensus criteria for the diagnosis of multifocal motor
   neuropathy. Muscle Nerve. 2003;27:117-121.
.. [4] Banwell B et al. Diagnosis of MOG antibody-associated disease: International
   MOGAD Panel proposed criteria. Lancet Neurol. 2023;22:268-282.
.. [5] Verde F et al. J Neurol Neurosurg Psychiatry. 2019;90:157-164.
.. [6] Oeckl P et al. Amyotroph Lateral Scler Frontotemporal Degener. 2016;17:404-413.
.. [7] Thompson AJ et al. Lancet Neurol. 2018;17:162-173.
.. [8] Wingerchuk DM et al. Neurology. 2015;85:177-189.
.. [9] Grunseich C, Fischbeck KH. Neurol Clin. 2015;33:847-854.
.. [10] Daboul L et al. Mult Scler. 2024;30:25-34.
.. [11] Turner MR et al. Primary lateral sclerosis: consensus diagnostic criteria. J
   Neurol Neurosurg Psychiatry. 2020;91:373-377.
.. [12] Magen I et al. Nat Neurosci. 2021;24:1534-1541.
.. [13] Gordon PH et al. The natural history of primary lateral sclerosis. Neurology.
   2006;66:647-653.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import product

from sclerodx.anatomy import Region
from sclerodx.biomarkers.cutoffs import MOG_IGG_CLEAR_POSITIVE
from sclerodx.biomarkers.neurofilament import NEUROFILAMENT_CUTOFFS
from sclerodx.biomarkers.references import OECKL_2016, VERDE_2019
from sclerodx.case import Case, CNSSystem, CoursePattern, MuscleEMG, RegionEMG, Side
from sclerodx.criteria.attacks import attack_summary
from sclerodx.criteria.dissemination import BRAIN_AREAS, McDonaldArea, MRIEvidence, mri_evidence
from sclerodx.criteria.evidence import CaseEvidence
from sclerodx.criteria.motor_regions import MotorRegionEvidence, motor_region_evidence
from sclerodx.criteria.ms_features import KFLC_INDEX_POSITIVE
from sclerodx.criteria.timeline import years_since

CK_UPPER_NORMAL_U_PER_L = 200.0
CK_HIGH_U_PER_L = 1000.0
CSF_CELLS_RED_FLAG_PER_UL = 50.0
LETM_MIN_SEGMENTS = 3.0
AR_CAG_EXPANDED_MIN = 38
AR_CAG_NORMAL_MAX = 35
CVS_SELECT6_MIN_LESIONS = 6
MIRNA_FOLD_UP = 2.0
MIRNA_FOLD_DOWN = 0.5
#: Duration edges (years): 1, then the PLS criteria's 2 (probable) and 4 (definite).
DURATION_EDGES_YEARS = (1.0, 2.0, 4.0)
DURATION_STATES = ("under_1_year", "1_to_2_years", "2_to_4_years", "over_4_years")

_SERUM_NFL = next(c for c in NEUROFILAMENT_CUTOFFS if c.fluid == "serum" and c.source is VERDE_2019)
_CSF_NFL = next(c for c in NEUROFILAMENT_CUTOFFS
                if c.analyte == "NfL" and c.fluid == "csf" and c.source is OECKL_2016)
_MIR181 = re.compile(r"mi[rR]-181")

ABSENT_PRESENT = ("absent", "present")
NEGATIVE_POSITIVE = ("negative", "positive")
REGIONS: tuple[Region, ...] = (Region.BULBAR, Region.CERVICAL, Region.THORACIC, Region.LUMBOSACRAL)
LIMB_PARTS = ("umn_signs", "wasting", "fasciculations", "weakness", "reflexes_reduced", "emg_neurogenic")
BULBAR_PARTS = ("umn_signs", "wasting", "fasciculations", "weakness", "emg_neurogenic")
#: ``conduction_block``: a probable or definite block in any motor study; ``block_definite``:
#: a definite block in one (EFNS/PNS 2010). Two binary parts carry the three levels of the
#: block (none, probable, definite) so that the grouped-finding machinery stays binary; a
#: definite block without a block is impossible (its outcomes are near zero in the table).
#: ``demyelinating``: slowing, prolonged distal motor or F-wave latency, or temporal
#: dispersion in the demyelinating range (Van den Bergh et al. 2021). It is a part of the
#: group, not a finding of its own, because it is read from the same motor studies and is
#: not independent of the block given the diagnosis: focal slowing lies across the blocked
#: segment in MMN and in the rare block of motor neuron disease (Lange DJ et al., Neurology
#: 1992;42:497-505), and temporal dispersion is what makes a >= 50% drop only "probable";
#: scored as a separate finding, a demyelinating block would count twice for CIDP and MMN.
NERVE_CONDUCTION_PARTS = ("conduction_block", "sensory_reduced", "block_definite", "demyelinating")
#: The examiner's attribution of weakness, strongest reading first: a myopathic reading
#: anywhere, else an LMN reading anywhere, else UMN (see :func:`_weakness_origin`).
WEAKNESS_ORIGIN_STATES = ("umn", "lmn", "myopathic")


def region_finding(region: Region) -> str:
    """The grouped finding of one motor region."""
    return f"region_{region.value}"


#: Grouped finding id -> its binary parts (observed separately, scored jointly).
FINDING_PARTS: dict[str, tuple[str, ...]] = {
    **{region_finding(r): BULBAR_PARTS if r is Region.BULBAR else LIMB_PARTS for r in REGIONS},
    "nerve_conduction": NERVE_CONDUCTION_PARTS,
}

#: Simple finding id -> its states, in the order of the evidence table.
SIMPLE_FINDING_STATES: dict[str, tuple[str, ...]] = {
    "course": ("relapsing", "single_attack", "progressive", "relapsing_then_progressive"),
    "sensory_loss": ABSENT_PRESENT,
    "sensory_level": ABSENT_PRESENT,
    "optic_neuritis": ("absent", "single", "bilateral_or_recurrent"),
    "area_postrema": ABSENT_PRESENT,
    "bladder": ABSENT_PRESENT,
    "neck_pain": ABSENT_PRESENT,
    "family_history_als": ABSENT_PRESENT,
    "family_history_hsp": ABSENT_PRESENT,
    "family_history_pattern": ("sporadic", "autosomal_dominant", "autosomal_recessive", "x_linked"),
    "gynaecomastia": ABSENT_PRESENT,
    "ibm_pattern": ("neither", "one", "both"),
    "ck": ("normal", "raised", "high"),
    "emg_myopathic": ABSENT_PRESENT,
    "brain_mri": ("none", "one_area", "two_or_more_areas"),
    "spinal_mri": ("normal", "short_lesion", "longitudinally_extensive_lesion"),
    "cord_compression": ABSENT_PRESENT,
    "flexion_forward_shift": ABSENT_PRESENT,
    "syringomyelia": ABSENT_PRESENT,
    "prior_spinal_surgery": ABSENT_PRESENT,
    "mri_activity": ABSENT_PRESENT,
    "cvs_select6": ABSENT_PRESENT,
    "paramagnetic_rim": ABSENT_PRESENT,
    "intrathecal_igg": NEGATIVE_POSITIVE,
    "csf_pleocytosis": ABSENT_PRESENT,
    "aqp4_igg": NEGATIVE_POSITIVE,
    "mog_igg": ("negative", "low_positive", "clear_positive"),
    "anti_gm1": NEGATIVE_POSITIVE,
    "ar_cag": ("normal", "expanded"),
    "hsp_genetic": NEGATIVE_POSITIVE,
    "als_gene": NEGATIVE_POSITIVE,
    "biopsy_rimmed_vacuoles": ABSENT_PRESENT,
    "biopsy_inflammation": ABSENT_PRESENT,
    "biopsy_neurogenic": ABSENT_PRESENT,
    "neurofilament": ("normal", "high"),
    "duration": DURATION_STATES,
    "duration_pure_umn": DURATION_STATES,
    "mirna_dysregulated": ("not_dysregulated", "dysregulated"),
    "weakness_origin": WEAKNESS_ORIGIN_STATES,
    "optic_neuritis_bilateral": ABSENT_PRESENT,
    # the defining facts of the named causes of "other" (sclerodx.differential.other)
    "vitamin_b12_low": ("normal", "low"),
    "copper_low": ("normal", "low"),
    "prior_gi_surgery": ABSENT_PRESENT,
    "htlv1_antibodies": NEGATIVE_POSITIVE,
    "fatigable_weakness": ABSENT_PRESENT,
    "ptosis_or_diplopia": ABSENT_PRESENT,
    "nmj_antibodies": NEGATIVE_POSITIVE,
    "rns_decrement": ABSENT_PRESENT,
    "htlv1_endemic_origin": ABSENT_PRESENT,
    # facts of single mimics that published cases rely on
    "thin_corpus_callosum": ABSENT_PRESENT,
    "weakness_symmetry": ("asymmetric", "symmetric"),
}

PartValues = tuple[bool | None, ...]


def pattern_name(parts: tuple[str, ...], values: PartValues) -> str:
    """Readable state name of a grouped finding: the known parts, unknown ones left out."""
    known = [f"{p} {'present' if v else 'absent'}" for p, v in zip(parts, values, strict=True)
             if v is not None]
    return ", ".join(known) if known else "unknown"


def part_patterns(parts: tuple[str, ...]) -> tuple[PartValues, ...]:
    """Every pattern of known/unknown parts except all-unknown, in a fixed order."""
    return tuple(v for v in product((False, True, None), repeat=len(parts))
                 if any(x is not None for x in v))


def full_patterns(parts: tuple[str, ...]) -> tuple[PartValues, ...]:
    """The joint outcomes (every part known), first part most significant, absent first."""
    return tuple(product((False, True), repeat=len(parts)))


def finding_states(finding: str) -> tuple[str, ...]:
    """The observable states of a finding (for a grouped one: every partial pattern)."""
    if finding in FINDING_PARTS:
        parts = FINDING_PARTS[finding]
        return tuple(pattern_name(parts, v) for v in part_patterns(parts))
    return SIMPLE_FINDING_STATES[finding]


#: Finding id -> its observable states (simple findings first, then grouped ones).
FINDING_STATES: dict[str, tuple[str, ...]] = {
    **SIMPLE_FINDING_STATES, **{f: finding_states(f) for f in FINDING_PARTS},
}


@dataclass(frozen=True, slots=True)
class Observation:
    """The state of one finding in a case (``None`` = unknown) and the case items behind it."""

    finding: str
    state: str | None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Context:
    case: Case
    mri: MRIEvidence
    motor: MotorRegionEvidence

    @cached_property
    def region_parts(self) -> dict[Region, tuple[dict[str, bool | None], tuple[str, ...]]]:
        """Each region's parts and the case items behind them, read once per case (the region
        findings and the pure-UMN reading of the duration share them)."""
        return {r: _region_parts(self, r) for r in REGIONS}

    @cached_property
    def pure_umn(self) -> bool:
        """Whether the motor examination is a pure UMN syndrome (:func:`pure_umn_syndrome`)."""
        return pure_umn_syndrome({
            r: {p: values[p] for p in FINDING_PARTS[region_finding(r)]}
            for r, (values, _) in self.region_parts.items()
        })


State = tuple[str | None, tuple[str, ...]]
UNKNOWN: State = (None, ())


def _flag(value: bool | None, ref: str, states: tuple[str, str] = ABSENT_PRESENT) -> State:
    if value is None:
        return UNKNOWN
    return (states[1] if value else states[0], (ref,))


def _grouped(finding: str, values: PartValues, refs: tuple[str, ...]) -> State:
    if all(v is None for v in values):
        return UNKNOWN
    return (pattern_name(FINDING_PARTS[finding], values), refs)


def _any(values: list[bool | None]) -> bool | None:
    """True if any is True, False if all known and False, else unknown."""
    if any(v is True for v in values):
        return True
    return False if values and all(v is False for v in values) else None


# ----------------------------------------------------------------------------- motor regions


def _neurogenic(entry: MuscleEMG | RegionEMG) -> bool | None:
    """Whether one muscle (or a region summary) shows neurogenic change, three-valued.

    Neurogenic = chronic neurogenic motor-unit change (reinnervation; with fibrillations,
    positive sharp waves or fasciculation potentials it is the Awaji reading of LMN
    involvement, de Carvalho et al. 2008), or, with motor units read neither neurogenic nor
    myopathic, fibrillations/positive sharp waves (active denervation before
    reinnervation). Motor units not reported leave the muscle unknown whatever its
    spontaneous activity (fibrillations occur in myopathies too); fibrillations in a
    myopathic muscle are myopathic (read by ``emg_myopathic``).
    """
    chronic, myopathic = entry.chronic_neurogenic, entry.myopathic_units
    if chronic is None:
        return None
    if chronic:
        return True
    if entry.fibrillations_psw is None:
        return None
    return entry.fibrillations_psw and myopathic is not True


def _emg_neurogenic(ctx: _Context, region: Region) -> tuple[bool | None, tuple[str, ...]]:
    """Neurogenic change on the region's EMG (:func:`_neurogenic` of any muscle or summary).

    The region part is the EMG face of the region's latent LMN state, so one abnormal
    muscle is evidence of it: the criteria's muscle-count rule (two muscles of different
    roots and nerves in a limb; ``MotorRegionEvidence.lmn_emg_awaji``) is a specificity
    requirement for diagnosing ALS, applied by the criteria, and a second muscle that was
    not sampled is unknown, not normal.
    """
    case = ctx.case
    rows = [(f"emg[{i}] {e.muscle}", _neurogenic(e)) for i, e in enumerate(case.emg) if e.region is region]
    rows += [(f"emg_regions[{i}] {e.region.value}", _neurogenic(e))
             for i, e in enumerate(case.emg_regions) if e.region is region]
    value = _any([v for _, v in rows])
    if value is True:
        return True, tuple(ref for ref, v in rows if v)
    return value, ((f"emg ({region.value})",) if value is False else ())


def _region_parts(ctx: _Context, region: Region) -> tuple[dict[str, bool | None], tuple[str, ...]]:
    """The parts of one region's grouped finding (three-valued) and the case items behind them."""
    exam = ctx.case.exam.region(region)
    where = f"exam.motor.{region.value}"
    umn_finding = ctx.motor.umn[region]          # the criteria's reading, derived once
    weakness = exam.weakness
    refs = list(umn_finding.evidence)
    if region is Region.BULBAR:
        history = ctx.case.history
        weakness = _any([v for v in (exam.weakness, history.dysarthria, history.dysphagia) if v is not None])
        refs += [f"history.{s}" for s in ("dysarthria", "dysphagia") if getattr(history, s)]
    values: dict[str, bool | None] = {
        "umn_signs": umn_finding.value, "wasting": exam.atrophy, "fasciculations": exam.fasciculations,
        "weakness": weakness, "reflexes_reduced": exam.reflexes_reduced,
    }
    refs += [f"{where}.{name}" for name in ("atrophy", "fasciculations", "weakness", "reflexes_reduced")
             if getattr(exam, name) is True]
    values["emg_neurogenic"], emg_refs = _emg_neurogenic(ctx, region)
    return values, tuple(refs) + emg_refs or (where,)


#: The LMN parts of a region (weakness is not one: UMN weakness is part of PLS).
LMN_PARTS = ("wasting", "fasciculations", "reflexes_reduced", "emg_neurogenic")
#: The LMN parts whose recorded absence makes a UMN region "examined for LMN signs".
LMN_EXAMINED_PARTS = ("wasting", "fasciculations", "emg_neurogenic")


def pure_umn_syndrome(regions: dict[Region, dict[str, bool | None]]) -> bool:
    """Whether the motor examination is a pure UMN syndrome: UMN signs in some region, no LMN
    feature (wasting, fasciculations, reduced reflexes, EMG neurogenic change) in any region,
    and every region with UMN signs examined for them (wasting, fasciculations or EMG recorded
    absent). LMN features merely not recorded do not make it pure (unknown stays unknown)."""
    umn = [parts for parts in regions.values() if parts["umn_signs"] is True]
    return (bool(umn)
            and not any(parts.get(p) is True for parts in regions.values() for p in LMN_PARTS)
            and all(any(parts.get(p) is False for p in LMN_EXAMINED_PARTS) for parts in umn))


def _region(region: Region) -> Callable[[_Context], State]:
    finding = region_finding(region)
    parts = FINDING_PARTS[finding]

    def derive(ctx: _Context) -> State:
        values, refs = ctx.region_parts[region]
        return _grouped(finding, tuple(values[p] for p in parts), refs)

    return derive


# ----------------------------------------------------------------------------- clinical


def _course(ctx: _Context) -> State:
    case = ctx.case
    pattern = case.course.pattern
    by_pattern = {
        CoursePattern.RELAPSING_REMITTING: "relapsing",
        CoursePattern.MONOPHASIC: "single_attack",
        CoursePattern.FIRST_ATTACK: "single_attack",
        CoursePattern.PROGRESSIVE_FROM_ONSET: "progressive",
        CoursePattern.SECONDARY_PROGRESSIVE: "relapsing_then_progressive",
    }
    if pattern is not None:
        return (by_pattern[pattern], ("course.pattern",))
    attacks = attack_summary(case).n_attacks
    progressive = (case.course.progressive_motor_impairment is True
                   or case.course.progression_onset is not None)
    if attacks and progressive:
        return ("relapsing_then_progressive", ("episodes", "course"))
    if attacks:
        return ("relapsing" if attacks >= 2 else "single_attack", ("episodes",))
    if progressive:
        return ("progressive", ("course",))
    return UNKNOWN


def _optic_neuritis(ctx: _Context) -> State:
    episodes = [(i, e) for i, e in enumerate(ctx.case.episodes) if e.system is CNSSystem.OPTIC_NERVE]
    refs = tuple(f"episodes[{i}]" for i, _ in episodes)
    if len(episodes) >= 2 or any(e.side is Side.BILATERAL for _, e in episodes):
        return ("bilateral_or_recurrent", refs)
    if episodes or ctx.case.exam.optic_neuritis:
        return ("single", refs or ("exam.optic_neuritis",))
    return _flag(ctx.case.exam.optic_neuritis, "exam.optic_neuritis")


def _optic_neuritis_bilateral(ctx: _Context) -> State:
    """Bilateral (simultaneous) optic neuritis, read only where ``optic_neuritis`` is
    ``bilateral_or_recurrent``: that state merges a bilateral attack (a MOGAD supporting
    feature and an NMOSD red flag; Banwell 2023, Wingerchuk 2015) with recurrent unilateral
    attacks (common in MS), and this finding tells them apart. Its rows are
    P(bilateral | d, bilateral or recurrent), so the two findings factor the joint exactly
    and nothing is counted twice. Absent needs every optic-nerve episode's side known."""
    episodes = [(i, e) for i, e in enumerate(ctx.case.episodes) if e.system is CNSSystem.OPTIC_NERVE]
    bilateral = [f"episodes[{i}]" for i, e in episodes if e.side is Side.BILATERAL]
    if bilateral:
        return ("present", tuple(bilateral))
    if len(episodes) >= 2 and all(e.side is not None for _, e in episodes):
        return ("absent", tuple(f"episodes[{i}]" for i, _ in episodes))
    return UNKNOWN


def _ibm_pattern(ctx: _Context) -> State:
    exam = ctx.case.exam
    values = {"exam.finger_flexor_weakness": exam.finger_flexor_weakness,
              "exam.knee_extensor_weakness": exam.knee_extensor_weakness}
    known = {k: v for k, v in values.items() if v is not None}
    if not known:
        return UNKNOWN
    positive = sum(known.values())
    return (("neither", "one", "both")[positive], tuple(known))


#: The affected-relative fields whose disease rows carry the familial share (see :func:`_family_pattern`).
AFFECTED_RELATIVE_FIELDS = ("family_history_als", "family_history_spastic_paraplegia")


def _family_pattern(ctx: _Context) -> State:
    """The inheritance pattern of the pedigree; unknown beside an ALS- or HSP-affected relative,
    unless it is X-linked.

    The relative's rows and the pattern's rows are drawn from the same familial share
    (familial ALS 11%, Ryan 2018; familial HSP 53%, dominant 43% and recessive 10%, Schüle
    2016), so reading both multiplies one pedigree in twice. Of the two, the relative is
    kept: it names the disease that runs in the family, which is what separates the
    diagnoses (an HSP relative: 0.53 under HSP against a background 0.01), whereas a
    pattern alone does not (a dominant pedigree: 0.41 under HSP, 0.10 under ALS, so an
    ALS family read by its pattern favoured HSP). By the chain rule the exact term left
    out is P(pattern | affected relative, d), which is nearly the same for every
    diagnosis once the family is known to be affected (expert estimate; the loss is the
    small recessive-against-dominant share within a familial pedigree). An X-linked
    pattern is kept: it is the one pattern whose share within affected families differs by
    an order of magnitude between diagnoses (SBMA against the rare X-linked ALS and HSP
    genes, UBQLN2 and SPG1/SPG2), and an SBMA family's relatives are often labelled ALS.
    """
    history = ctx.case.history
    pattern = history.family_history_pattern
    if pattern is None:
        return UNKNOWN
    if pattern != "x_linked" and any(getattr(history, f) is True for f in AFFECTED_RELATIVE_FIELDS):
        return UNKNOWN
    return (pattern, ("history.family_history_pattern",))


def _ck(ctx: _Context) -> State:
    ck = ctx.case.serum.ck_u_per_l if ctx.case.serum else None
    if ck is None:
        return UNKNOWN
    state = "high" if ck > CK_HIGH_U_PER_L else "raised" if ck > CK_UPPER_NORMAL_U_PER_L else "normal"
    return (state, ("serum.ck_u_per_l",))


def _emg_myopathic(ctx: _Context) -> State:
    values = [(i, e.myopathic_units) for i, e in enumerate(ctx.case.emg) if e.myopathic_units is not None]
    if not values:
        return UNKNOWN
    positive = [f"emg[{i}]" for i, v in values if v]
    return ("present", tuple(positive)) if positive else ("absent", ("emg",))


def _nerve_conduction(ctx: _Context) -> State:
    studies = list(enumerate(ctx.case.nerve_conduction))
    motor = [(i, s) for i, s in studies if s.kind == "motor" and s.conduction_block is not None]
    sensory = [(i, s) for i, s in studies if s.kind == "sensory" and s.response is not None]
    blocks = [f"nerve_conduction[{i}] {s.nerve}" for i, s in motor if s.conduction_block != "none"]
    low = [f"nerve_conduction[{i}] {s.nerve}" for i, s in sensory if s.response != "normal"]
    block = bool(blocks) if motor else None
    definite = any(s.conduction_block == "definite" for _, s in motor) if motor else None
    reduced = bool(low) if sensory else None
    slowed = [(i, s) for i, s in studies if s.kind == "motor" and s.demyelinating_features is not None]
    slow = [f"nerve_conduction[{i}] {s.nerve}" for i, s in slowed if s.demyelinating_features]
    demyelinating = bool(slow) if slowed else None
    refs = tuple(dict.fromkeys(blocks + low + slow)) or ("nerve_conduction",)
    return _grouped("nerve_conduction", (block, reduced, definite, demyelinating), refs)


# ----------------------------------------------------------------------------- imaging


def _brain_mri(ctx: _Context) -> State:
    if all(area in ctx.mri.unimaged_areas for area in BRAIN_AREAS):
        return UNKNOWN
    areas = ctx.mri.areas(BRAIN_AREAS)
    state = ("none", "one_area", "two_or_more_areas")[min(len(areas), 2)]
    return (state, tuple(ref for a in areas for ref in ctx.mri.area_evidence[a][:1]) or ("mri",))


def _spinal_mri(ctx: _Context) -> State:
    if McDonaldArea.SPINAL_CORD in ctx.mri.unimaged_areas:
        return UNKNOWN
    refs = ctx.mri.area_evidence[McDonaldArea.SPINAL_CORD]
    long_lesions = [
        f"mri[{s}] lesions[{i}]"
        for s, study in enumerate(ctx.case.mri)
        for i, lesion in enumerate(study.lesions)
        if lesion.location.value == "spinal_cord" and (lesion.length_segments or 0) >= LETM_MIN_SEGMENTS
    ]
    if long_lesions:
        return ("longitudinally_extensive_lesion", tuple(long_lesions))
    return ("short_lesion", refs[:1]) if refs else ("normal", ("mri",))


def _study_flag(field: str) -> Callable[[_Context], State]:
    def derive(ctx: _Context) -> State:
        seen = [(i, getattr(s, field)) for i, s in enumerate(ctx.case.mri) if getattr(s, field) is not None]
        present = [f"mri[{i}].{field}" for i, value in seen if value]
        if present:
            return ("present", tuple(present))
        return ("absent", tuple(f"mri[{i}].{field}" for i, _ in seen)) if seen else UNKNOWN

    return derive


def _mri_activity(ctx: _Context) -> State:
    studies = ctx.case.mri_sorted()
    active: list[str] = []
    contrast_clean = False
    for s, study in enumerate(studies):
        earlier = [o for o in studies[:s] if o.date < study.date and o.regions_imaged & study.regions_imaged]
        enhancing = [i for i, lesion in enumerate(study.lesions) if lesion.enhancing is True]
        new = [i for i, lesion in enumerate(study.lesions) if lesion.new is True and earlier]
        active += [f"mri[{s}] lesions[{i}]" for i in enhancing + new]
        contrast_clean |= study.gadolinium is True and not enhancing
    if active:
        return ("present", tuple(active))
    return ("absent", ("mri",)) if contrast_clean else UNKNOWN


def _at_least(count: int | None, minimum: int, ref: str) -> State:
    if count is None:
        return UNKNOWN
    return ("present" if count >= minimum else "absent", (ref,))


# ----------------------------------------------------------------------------- fluids, genetics


def _intrathecal(ctx: _Context) -> State:
    csf = ctx.case.csf
    if csf is None:
        return UNKNOWN
    if csf.ocb is not None:
        return ("positive" if csf.ocb.intrathecal else "negative", ("csf.ocb",))
    if csf.kflc_index is not None:
        return ("positive" if csf.kflc_index >= KFLC_INDEX_POSITIVE else "negative", ("csf.kflc_index",))
    return UNKNOWN


def _pleocytosis(ctx: _Context) -> State:
    cells = ctx.case.csf.white_cells_per_ul if ctx.case.csf else None
    if cells is None:
        return UNKNOWN
    return ("present" if cells > CSF_CELLS_RED_FLAG_PER_UL else "absent", ("csf.white_cells_per_ul",))


def _antibody(name: str) -> Callable[[_Context], State]:
    def derive(ctx: _Context) -> State:
        result = getattr(ctx.case.serum, name) if ctx.case.serum else None
        if result is None or result.result == "equivocal":
            return UNKNOWN
        return (result.result, (f"serum.{name}",))

    return derive


def _mog(ctx: _Context) -> State:
    result = ctx.case.serum.mog_igg if ctx.case.serum else None
    if result is None or result.result == "equivocal" or result.assay in ("elisa", "other"):
        return UNKNOWN
    if result.result == "negative":
        return ("negative", ("serum.mog_igg",))
    clear = (result.assay == "cell_based" and result.titer is not None
             and MOG_IGG_CLEAR_POSITIVE.is_positive(result.titer))
    return ("clear_positive" if clear else "low_positive", ("serum.mog_igg",))


def _ar_cag(ctx: _Context) -> State:
    repeats = ctx.case.genetics.ar_cag_repeats if ctx.case.genetics else None
    if repeats is None or AR_CAG_NORMAL_MAX < repeats < AR_CAG_EXPANDED_MIN:
        return UNKNOWN
    return ("expanded" if repeats >= AR_CAG_EXPANDED_MIN else "normal", ("genetics.ar_cag_repeats",))


def _hsp_genetic(ctx: _Context) -> State:
    value = ctx.case.genetics.hsp_panel_positive if ctx.case.genetics else None
    return _flag(value, "genetics.hsp_panel_positive", NEGATIVE_POSITIVE)


def _als_gene(ctx: _Context) -> State:
    genetics = ctx.case.genetics
    if genetics is None:
        return UNKNOWN
    values = {"genetics.c9orf72_expansion": genetics.c9orf72_expansion,
              "genetics.sod1_variant": genetics.sod1_variant}
    positive = tuple(k for k, v in values.items() if v is True)
    if positive:
        return ("positive", positive)
    tested = tuple(k for k, v in values.items() if v is False)
    return ("negative", tested) if tested else UNKNOWN


def _biopsy(field: str) -> Callable[[_Context], State]:
    def derive(ctx: _Context) -> State:
        biopsy = ctx.case.muscle_biopsy
        return _flag(getattr(biopsy, field) if biopsy else None, f"muscle_biopsy.{field}")

    return derive


def _neurofilament(ctx: _Context) -> State:
    serum = ctx.case.serum.nfl if ctx.case.serum else None
    if serum is not None:
        return ("high" if _SERUM_NFL.is_positive(serum.pg_per_ml) else "normal", ("serum.nfl",))
    csf = ctx.case.csf.nfl if ctx.case.csf else None
    if csf is not None:
        return ("high" if _CSF_NFL.is_positive(csf.pg_per_ml) else "normal", ("csf.nfl",))
    return UNKNOWN


def _duration_state(ctx: _Context) -> State:
    years = years_since(ctx.case.symptom_onset, ctx.case)
    if years is None:
        return UNKNOWN
    one, two, four = DURATION_EDGES_YEARS
    state = ("under_1_year" if years < one else "1_to_2_years" if years < two
             else "2_to_4_years" if years < four else "over_4_years")
    return (state, ("symptom_onset",))


def _duration(ctx: _Context) -> State:
    """Time from onset, unless the examination is pure UMN (then ``duration_pure_umn``)."""
    return UNKNOWN if ctx.pure_umn else _duration_state(ctx)


def _duration_pure_umn(ctx: _Context) -> State:
    """Time from onset of a pure UMN syndrome (:func:`pure_umn_syndrome`).

    By the chain rule P(regions, time | d) = P(regions | d) P(time | regions, d); the time is
    taken to depend on the regions only through whether they are pure UMN, so the regions
    keep their rows and the time is read under that condition: P(time | d, pure UMN) differs
    from P(time | d) for ALS, whose UMN-only presentations acquire LMN signs within about 4
    years (Gordon et al. 2006; Turner et al. 2020), and is P(time | d) otherwise (the table's
    ``rows_from``). Exactly one of ``duration`` and ``duration_pure_umn`` is known.
    """
    return _duration_state(ctx) if ctx.pure_umn else UNKNOWN


def _mirna(ctx: _Context) -> State:
    measured = [(i, m) for i, m in enumerate(ctx.case.microrna) if not _MIR181.search(m.name)]
    if not measured:
        return UNKNOWN
    changed = [f"microrna[{i}] {m.name}" for i, m in measured
               if m.fold_change >= MIRNA_FOLD_UP or m.fold_change <= MIRNA_FOLD_DOWN]
    return ("dysregulated", tuple(changed)) if changed else ("not_dysregulated", ("microrna",))


def _history(field: str) -> Callable[[_Context], State]:
    return lambda ctx: _flag(getattr(ctx.case.history, field), f"history.{field}")


def _relative_with(field: str) -> Callable[[_Context], State]:
    """An affected relative with one disease; "absent" is unknown when the pedigree is recorded
    as sporadic, since the inheritance pattern already says no relative is affected and the
    same fact must not be counted twice. A relative "present" is kept and the pattern then
    reads unknown (:func:`_family_pattern`)."""
    def derive(ctx: _Context) -> State:
        history = ctx.case.history
        value, pattern = getattr(history, field), history.family_history_pattern
        if value is False and pattern == "sporadic":
            return UNKNOWN
        return _flag(value, f"history.{field}")
    return derive


def _sensory_loss(ctx: _Context) -> State:
    """Objective sensory loss; unknown when a sensory level is recorded, which is a sensory
    loss (P(loss and level | d) = P(level | d)), so the one fact is not counted twice."""
    if ctx.case.exam.sensory_level is True:
        return UNKNOWN
    return _flag(ctx.case.exam.sensory_loss, "exam.sensory_loss")


def _weakness_origin(ctx: _Context) -> State:
    """The examiner's reading of the weakness (``RegionExam.weakness_origin``) over the regions.

    The parts of a region record *which* signs are present; the attribution records the
    examiner's synthesis of the pattern (distribution, tone, reflexes, selectivity such as
    finger flexors and quadriceps) that the parts do not hold, and it is the reading the
    criteria themselves use (a myopathic or UMN weakness is not an LMN sign; Brooks 2000,
    Shefner 2020). It is one finding per case, not a part of each region, so that its rows
    can differ by diagnosis within a latent state ("weakness without neurogenic features"
    is myopathic in IBM but demyelinating-neuropathic in MMN). Any region read myopathic
    gives ``myopathic`` (a myopathy is not explained by a neurogenic reading elsewhere),
    else any read LMN gives ``lmn``, else ``umn``; no attribution recorded is unknown.
    """
    exams = {r: ctx.case.exam.region(r) for r in REGIONS}
    given = {r: e.weakness_origin for r, e in exams.items() if e.weakness is not False}
    for state in reversed(WEAKNESS_ORIGIN_STATES):
        refs = tuple(f"exam.motor.{r.value}.weakness_origin" for r, o in given.items() if o == state)
        if refs:
            return (state, refs)
    return UNKNOWN


def _weakness_symmetry(ctx: _Context) -> State:
    """The examiner's reading of the side-to-side distribution of limb weakness
    (``Exam.weakness_symmetry``), read only where weakness is not recorded absent in every limb
    region: a symmetry reading of no weakness says nothing."""
    symmetry = ctx.case.exam.weakness_symmetry
    limbs = [ctx.case.exam.region(r).weakness for r in (Region.CERVICAL, Region.LUMBOSACRAL)]
    if symmetry is None or all(w is False for w in limbs):
        return UNKNOWN
    return (symmetry, ("exam.weakness_symmetry",))


def _exam(field: str) -> Callable[[_Context], State]:
    return lambda ctx: _flag(getattr(ctx.case.exam, field), f"exam.{field}")


def _serum_flag(field: str) -> Callable[[_Context], State]:
    def derive(ctx: _Context) -> State:
        return _flag(getattr(ctx.case.serum, field) if ctx.case.serum else None, f"serum.{field}",
                     ("normal", "low"))
    return derive


def _nmj_antibodies(ctx: _Context) -> State:
    """AChR or MuSK antibodies: positive if either is, negative once one is negative and none
    positive (equivocal results are unknown)."""
    serum = ctx.case.serum
    results = {f"serum.{name}": getattr(serum, name).result for name in ("achr_antibodies", "musk_antibodies")
               if serum is not None and getattr(serum, name) is not None}
    positive = tuple(k for k, v in results.items() if v == "positive")
    if positive:
        return ("positive", positive)
    negative = tuple(k for k, v in results.items() if v == "negative")
    return ("negative", negative) if negative else UNKNOWN


def _rns_decrement(ctx: _Context) -> State:
    nmj = ctx.case.neuromuscular_junction
    return _flag(nmj.repetitive_stimulation_decrement if nmj else None,
                 "neuromuscular_junction.repetitive_stimulation_decrement")


_DERIVE: dict[str, Callable[[_Context], State]] = {
    "course": _course,
    "sensory_loss": _sensory_loss,
    "sensory_level": _exam("sensory_level"),
    "optic_neuritis": _optic_neuritis,
    "area_postrema": _history("area_postrema_syndrome"),
    "bladder": _exam("bladder_dysfunction"),
    "neck_pain": _history("neck_pain"),
    "family_history_als": _relative_with("family_history_als"),
    "family_history_hsp": _relative_with("family_history_spastic_paraplegia"),
    "family_history_pattern": _family_pattern,
    "gynaecomastia": _history("gynaecomastia"),
    "ibm_pattern": _ibm_pattern,
    "ck": _ck,
    "emg_myopathic": _emg_myopathic,
    "brain_mri": _brain_mri,
    "spinal_mri": _spinal_mri,
    "cord_compression": _study_flag("cord_compression"),
    "flexion_forward_shift": _study_flag("flexion_forward_shift"),
    "syringomyelia": _history("syringomyelia"),
    "prior_spinal_surgery": _history("prior_spinal_surgery"),
    "mri_activity": _mri_activity,
    "cvs_select6": lambda ctx: _at_least(ctx.mri.cvs_positive_lesions, CVS_SELECT6_MIN_LESIONS,
                                         "mri lesions central_vein_sign"),
    "paramagnetic_rim": lambda ctx: _at_least(ctx.mri.prl_lesions, 1, "mri lesions paramagnetic_rim"),
    "intrathecal_igg": _intrathecal,
    "csf_pleocytosis": _pleocytosis,
    "aqp4_igg": _antibody("aqp4_igg"),
    "mog_igg": _mog,
    "anti_gm1": _antibody("anti_gm1_igm"),
    "ar_cag": _ar_cag,
    "hsp_genetic": _hsp_genetic,
    "als_gene": _als_gene,
    "biopsy_rimmed_vacuoles": _biopsy("rimmed_vacuoles"),
    "biopsy_inflammation": _biopsy("inflammation"),
    "biopsy_neurogenic": _biopsy("neurogenic"),
    "neurofilament": _neurofilament,
    "duration": _duration,
    "duration_pure_umn": _duration_pure_umn,
    "mirna_dysregulated": _mirna,
    "weakness_origin": _weakness_origin,
    "optic_neuritis_bilateral": _optic_neuritis_bilateral,
    **{region_finding(r): _region(r) for r in REGIONS},
    "nerve_conduction": _nerve_conduction,
    "vitamin_b12_low": _serum_flag("vitamin_b12_low"),
    "copper_low": _serum_flag("copper_low"),
    "prior_gi_surgery": _history("prior_gastrointestinal_surgery"),
    "htlv1_antibodies": _antibody("htlv1_antibodies"),
    "fatigable_weakness": _exam("fatigable_weakness"),
    "ptosis_or_diplopia": _exam("ptosis_or_diplopia"),
    "nmj_antibodies": _nmj_antibodies,
    "rns_decrement": _rns_decrement,
    "htlv1_endemic_origin": _history("htlv1_endemic_origin"),
    "thin_corpus_callosum": _study_flag("thin_corpus_callosum"),
    "weakness_symmetry": _weakness_symmetry,
}


def observe(case: Case, evidence: CaseEvidence | None = None) -> dict[str, Observation]:
    """The state of every finding in ``case`` (unknown findings have ``state=None``).

    ``evidence`` is the case's criteria evidence (:func:`sclerodx.criteria.evidence.case_evidence`)
    when the caller has derived it already: the motor regions' UMN involvement and EMG
    reading and the MRI areas are then read from it rather than derived a second time.
    """
    if evidence is not None and evidence.case is not case:
        raise ValueError("evidence was derived from another case; pass the evidence of this case")
    motor = evidence.motor if evidence is not None else motor_region_evidence(case)
    mri = evidence.ms.mri if evidence is not None else mri_evidence(case)
    ctx = _Context(case, mri, motor)
    observations: dict[str, Observation] = {}
    for finding, derive in _DERIVE.items():
        state, refs = derive(ctx)
        observations[finding] = Observation(finding, state, refs)
    return observations
