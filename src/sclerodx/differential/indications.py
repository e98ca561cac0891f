"""Tests a guideline names for a clinical pattern, whatever the posterior says.

Expected information ranks tests by what they would do to the *current* posterior, so a
test that defines a rare diagnosis is worth little while the prior keeps that diagnosis
rare: nerve conduction in a pure lower motor neuron (LMN) syndrome while ALS is a hundred
times commoner than multifocal motor neuropathy (MMN), the androgen-receptor test in a
man with a slow LMN syndrome. The guidelines do not wait for the posterior: they name the
*first* test for the presentation, because the diagnosis it finds is treatable or changes
counselling, and because the clinical picture alone cannot exclude it. Each
:class:`Indication` is one such rule, read from the finding states the differential
already has (unknown stays unknown: a rule whose pattern is not documented does not
apply, and none applies once the differential is settled), and an indicated test earns
:data:`INDICATION_WEIGHT` bits in the expected value of :mod:`sclerodx.differential.next_test`.

The rules (the pattern, then the test it calls for first)
---------------------------------------------------------
* **A limb LMN syndrome without UMN signs, none of the MMN exclusions: nerve conduction**
  (wasting, fasciculations, reduced reflexes, or weakness the examiner attributes to the
  LMN, in a limb). Conduction block must be looked for in every patient with asymmetric
  limb weakness without UMN signs, and nerve conduction is part of the work-up of every
  suspected motor neuron disease (Andersen et al. 2012). The MMN guideline's exclusion
  criteria take the indication away: UMN signs, marked bulbar involvement (bulbar
  weakness, wasting or fasciculations recorded) and sensory impairment (objective sensory
  loss recorded) and diffuse symmetric weakness (``Exam.weakness_symmetry`` symmetric:
  exclusion 11 is symmetric weakness "during the initial weeks", and core criterion 1 asks
  for asymmetric weakness in the territory of two or more nerves) (Joint Task Force of the
  EFNS and the PNS 2010, criteria 1 and 8-11; Olney et al. 2003).
* **A neuropathic limb pattern — limb weakness with reduced or absent reflexes, with sensory
  loss or symmetric weakness, without UMN signs or bladder involvement: nerve conduction.**
  This is the clinical picture of chronic inflammatory demyelinating polyradiculoneuropathy
  (typical CIDP: symmetric proximal and distal weakness, sensory involvement, reduced or
  absent reflexes; the variants asymmetric or distal), a treatable mimic of motor neuron
  disease whose diagnosis rests on the electrodiagnostic criteria (Van den Bergh et al.
  2021). It is the counterpart of the MMN rule above: the sensory loss and the symmetry that
  exclude MMN are features of CIDP, so nerve conduction stays the first test. Prominent
  sphincter disturbance points away from a neuropathy (Van den Bergh et al. 2010, exclusion
  criteria) and to the cord. Expert estimate: the case model records sensory loss and
  symmetry once for the whole body and duration in bands, so "sensory involvement of at
  least two limbs" and "developing over at least 8 weeks" are not checked; an acute
  neuropathy is also studied by nerve conduction first.
* **UMN signs in the limbs or trunk (with or without LMN signs) or a sensory level, and no
  sign above the foramen magnum: MRI of the cervical and thoracic cord.** A compressive or
  intrinsic lesion of the cervical cord gives LMN signs at its level and UMN signs below
  it, the commonest structural mimic of ALS, which the criteria require excluded by
  neuroimaging (Brooks et al. 2000; Andersen et al. 2012); a progressive myelopathy is
  imaged at the cord before anything else (Miller et al. 2008), and PLS needs imaging
  that excludes a structural cause (Turner et al. 2020). A sign above the foramen magnum
  (a bulbar UMN or LMN sign, bulbar weakness, optic neuritis, an area postrema syndrome,
  ptosis or diplopia) is one a cord lesion cannot give (anatomy), so the cord MRI is then
  not the first test.
* **A young person (under 30) with LMN weakness or wasting confined to one or both arms,
  without sensory loss: MRI of the cervical cord in neck flexion.** This is the picture of
  Hirayama disease (juvenile muscular atrophy of the distal upper extremity): insidious
  unilateral or asymmetric weakness and wasting of the hand and forearm, in adolescence and
  young adulthood, predominantly in men, without sensory loss or leg involvement
  (Hirayama 2000; Hassan & Sahni 2013). Its diagnosis rests on the forward shift of the
  posterior dura in flexion, "the mainstay for the diagnosis" (Iacono et al. 2022), and it
  is treatable: a cervical collar stops the progression in the early stage (Hirayama 2000),
  so the flexion MRI is asked for at once rather than after the posterior has found the
  disease. Age unknown: the rule does not apply. Nerve conduction keeps its MMN indication
  beside it; their expected information decides between them.
* **A man with LMN signs and no UMN signs with a Kennedy disease feature: androgen-receptor
  CAG repeats** (gynaecomastia, reduced sensory responses — the sensory neuronopathy of
  SBMA — or bulbar LMN signs with a course of two years or more; or a man with weakness in
  an X-linked pedigree; French national protocol for Kennedy disease, Pradat et al. 2020;
  Grunseich & Fischbeck 2015).
* **A progressive spastic paraparesis with a family history of spastic paraplegia or a thin
  corpus callosum, once MRI has been done: the HSP gene panel.** HSP is a slowly progressive,
  predominantly symmetric spastic paraplegia (Hensiek et al. 2015), and MRI comes first, to
  exclude the structural and inflammatory mimics and to look for the signs that guide the
  genetic test (da Graça et al. 2019; Shribman et al. 2019). The panel is therefore
  indicated once a cord MRI shows neither a lesion nor compression, or once a brain MRI
  shows a thin corpus callosum — the sign of SPG11 and SPG15, the commonest complex
  recessive forms (Hensiek et al. 2015). Without MRI the cord MRI comes first (the rule
  above); a course known to be under a year is not the slow course of HSP.
* **Fatigable weakness, ptosis or diplopia: acetylcholine-receptor and MuSK antibodies**,
  the first and most specific test for myasthenia gravis (Gilhus et al. 2019), the
  treatable mimic of bulbar-onset motor neuron disease (Andersen et al. 2012).
* **A myelopathy (a cord lesion on MRI, a sensory level, or limb UMN signs with sensory
  loss) with a risk of deficiency (upper gastrointestinal surgery, or a low vitamin B12
  already found): vitamin B12 and copper.** Copper deficiency myelopathy follows gastric
  surgery and malabsorption and is clinically the twin of subacute combined degeneration;
  copper is measured in a myelopathy after gastric surgery and in a B12-deficient
  myelopathy, since both deficiencies coexist (Kumar 2006; Jaiser & Winston 2010).
* **A progressive spastic paraparesis (a progressive course with UMN signs in the legs) in
  a person from an HTLV-1 endemic area: HTLV-1 serology.** HTLV-1-associated myelopathy is
  a slowly progressive spastic paraparesis with bladder symptoms, indistinguishable at the
  bedside from primary progressive MS and HSP, and its diagnosis rests on HTLV-1 antibodies
  in serum and CSF (WHO guidelines; De Castro-Costa et al. 2006); the infection clusters in
  south-western Japan, the Caribbean, South America, sub-Saharan Africa, Iran and Melanesia
  (Gessain & Cassar 2012), and origin there (or a mother or partner from there) is what
  calls for the test (Bangham et al. 2015).
* **An area postrema syndrome, or a longitudinally extensive cord lesion on MRI: AQP4-IgG
  and MOG-IgG.** The area postrema syndrome is a core NMOSD characteristic with no
  counterpart in MS, and a myelitis of three or more vertebral segments is the cord lesion of
  NMOSD (Wingerchuk et al. 2015) and a MOGAD supporting feature (Banwell et al. 2023), rare
  in MS. Otherwise the antibodies come after MRI (:mod:`sclerodx.differential.next_test`,
  ``TestSpec.after``), as targeted testing (Banwell et al. 2023). Bilateral or recurrent
  optic neuritis is not an indication here: the finding's state merges bilateral (a MOGAD
  supporting feature) with recurrent optic neuritis, which relapsing MS often has.
* **A CNS attack (a relapsing or single-attack course, or optic neuritis): brain MRI with
  gadolinium**, on which dissemination in space and time rest (Thompson et al. 2018) and
  which the MRI consensus recommends at diagnosis in every suspected MS (Wattjes et al.
  2021).
* **Finger-flexor and quadriceps weakness: creatine kinase and muscle biopsy**, the
  clinical pattern of inclusion body myositis, whose criteria rest on CK and biopsy (ENMC
  2011; Rose et al. 2013).
* **Otherwise, clinical LMN signs in a region: needle EMG of that region** — the default
  first step of an LMN or mixed UMN and LMN syndrome: EMG confirms LMN dysfunction in the
  clinically affected region and looks for it in others (Brooks et al. 2000; de Carvalho
  et al. 2008; Andersen et al. 2012). It applies only when no pattern-specific first test
  above is still pending (:data:`DEFAULT_INDICATIONS`), so that nerve conduction keeps its
  place in a pure LMN limb syndrome, the cord MRI in a limb-only mixed syndrome, the
  androgen-receptor test in a Kennedy pattern, and it takes over once they are done.

Clinical LMN signs anywhere also put motor neuron disease "in question" for the order of
investigation (:func:`lmn_signs`): the lumbar puncture then waits for neurophysiology,
whatever the posterior, since LMN signs are not a feature of MS (Thompson et al. 2018:
red flags) and CSF is examined in suspected MND only when neurophysiology and imaging ask
for it (Andersen et al. 2012).

References
----------
.. [1] Joint Task Force of the EFNS and the PNS. European Federation of Neurological
   Societies/Peripheral Nerve Society guideline on management of multifocal motor
   neuropathy. J Peripher Nerv Syst. 2010;15:295-301.
.. [2] Andersen PM et al. EFNS guidelines on the clinical management of amyotrophic lateral
   sclerosis (MALS). Eur J Neurol. 2012;19:360-375.
.. [3] Pradat PF et al. The French national protocol for Kennedy's disease (SBMA):
   consensus diagnostic and management recommendations. Orphanet J Rare Dis.
   2020;15:90.
.. [4] Grunseich C, Fischbeck KH. Spinal and bulbar muscular atrophy. Neurol Clin.
   2015;33:847-854.
.. [5] Wingerchuk DM et al. International consensus diagnostic criteria for neuromyelitis
   optica spectrum disorders. Neurology. 2015;85:177-189.
.. [6] Banwell B et al. Diagnosis of myelin oligodendrocyte glycoprotein antibody-associated
   disease: International MOGAD Panel proposed criteria. Lancet Neurol. 2023;22:268-282.
.. [7] Rose MR et al. 188th ENMC International Workshop: inclusion body myositis.
   Neuromuscul Disord. 2013;23:1044-1055.
.. [8] Olney RK et al. Consensus criteria for the diagnosis of multifocal motor neuropathy.
   Muscle Nerve. 2003;27:117-121.
.. [9] Brooks BR et al. El Escorial revisited: revised criteria for the diagnosis of
   amyotrophic lateral sclerosis. ALS Other Motor Neuron Disord. 2000;1:293-299.
.. [10] Miller DH et al. Differential diagnosis of suspected multiple sclerosis: a consensus
   approach. Mult Scler. 2008;14:1157-1174.
.. [11] Turner MR et al. Primary lateral sclerosis: consensus diagnostic criteria. J Neurol
   Neurosurg Psychiatry. 2020;91:373-377.
.. [12] Gilhus NE et al. Myasthenia gravis. Nat Rev Dis Primers. 2019;5:30.
.. [13] Kumar N. Copper deficiency myelopathy (human swayback). Mayo Clin Proc.
   2006;81:1371-1384.
.. [14] Jaiser SR, Winston GP. Copper deficiency myelopathy. J Neurol. 2010;257:869-881.
.. [15] de Carvalho M et al. Electrodiagnostic criteria for diagnosis of ALS. Clin
   Neurophysiol. 2008;119:497-503.
.. [16] Thompson AJ et al. Diagnosis of multiple sclerosis: 2017 revisions of the McDonald
   criteria. Lancet Neurol. 2018;17:162-173.
.. [17] Wattjes MP et al. 2021 MAGNIMS-CMSC-NAIMS consensus recommendations on the use of MRI
   in patients with multiple sclerosis. Lancet Neurol. 2021;20:653-670.
.. [18] Gessain A, Cassar O. Epidemiological aspects and world distribution of HTLV-1
   infection. Front Microbiol. 2012;3:388.
.. [19] Bangham CRM et al. HTLV-1-associated myelopathy/tropical spastic paraparesis. Nat Rev
   Dis Primers. 2015;1:15012.
.. [20] De Castro-Costa CM et al. Proposal for diagnostic criteria of tropical spastic
   paraparesis/HTLV-I-associated myelopathy (TSP/HAM). AIDS Res Hum Retroviruses.
   2006;22:931-935.
.. [21] Hirayama K. Juvenile muscular atrophy of distal upper extremity (Hirayama disease).
   Intern Med. 2000;39:283-290.
.. [22] Hassan KM, Sahni H. Nosology of juvenile muscular atrophy of distal upper extremity:
   from monomelic amyotrophy to Hirayama disease — Indian perspective. BioMed Res Int.
   2013;2013:478516.
.. [23] Iacono S et al. Hirayama disease: nosological classification and neuroimaging clues
   for diagnosis. J Neuroimaging. 2022;32:596-603.
.. [24] Hensiek A, Kirker S, Reid E. Diagnosis, investigation and management of hereditary
   spastic paraplegias in the era of next-generation sequencing. J Neurol. 2015;262:1601-1612.
.. [25] da Graça FF et al. Neuroimaging in hereditary spastic paraplegias: current use and future
   perspectives. Front Neurol. 2019;9:1117.
.. [26] Shribman S et al. Hereditary spastic paraplegia: from diagnosis to emerging therapeutic
   approaches. Lancet Neurol. 2019;18:1136-1146.
.. [27] Van den Bergh PYK et al. European Academy of Neurology/Peripheral Nerve Society guideline
   on diagnosis and treatment of chronic inflammatory demyelinating polyradiculoneuropathy:
   report of a joint task force — second revision. Eur J Neurol. 2021;28:3556-3583.
.. [28] Van den Bergh PYK et al. European Federation of Neurological Societies/Peripheral Nerve
   Society guideline on management of chronic inflammatory demyelinating
   polyradiculoneuropathy — first revision. Eur J Neurol. 2010;17:356-363.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from sclerodx.differential.batch import CompiledTable, FloatArray
from sclerodx.differential.findings import PartValues, part_patterns
from sclerodx.differential.priors import MALE

#: Bits an indicated test earns (expert estimate: one bit, the information of an even
#: question, is about the most any single test offers in these presentations, so a
#: guideline-indicated test comes before tests that are merely informative, while a test
#: that would settle more still comes first).
INDICATION_WEIGHT = 1.0

#: The indications are for the diagnostic work-up: none applies once one diagnosis is at
#: least this probable (expert estimate: a 95% diagnosis is acted on as established).
SETTLED_PROBABILITY = 0.95

_LIMBS = ("region_cervical", "region_lumbosacral")
#: The regions a lesion of the cervical or thoracic cord (or the roots at its level) can explain.
_SPINAL = ("region_cervical", "region_thoracic", "region_lumbosacral")
_REGIONS = ("region_bulbar", *_SPINAL)
#: Clinical LMN signs (wasting, fasciculations, reduced reflexes; Brooks 2000): weakness alone
#: is not an LMN syndrome.
_LMN_SIGNS = ("wasting", "fasciculations", "reflexes_reduced")
#: Bulbar findings that make "marked bulbar involvement" (MMN exclusion 9) and that a cord
#: lesion cannot produce.
_BULBAR_SIGNS = ("umn_signs", "wasting", "fasciculations", "weakness")


@cache
def _patterns(parts: tuple[str, ...]) -> tuple[PartValues, ...]:
    return part_patterns(parts)


@dataclass(frozen=True, slots=True)
class Reading:
    """The finding states of one case, read by name (``None`` = unknown)."""

    state_row: NDArray[np.integer]
    table: CompiledTable
    sex: int
    #: Age in years (NaN = unknown).
    age: float = float("nan")

    def state(self, finding: str) -> str | None:
        """The state of a simple finding, or ``None`` when unknown."""
        column = self.table.column(finding)
        state = int(self.state_row[column])
        return None if state < 0 else self.table.states[column][state]

    def part(self, finding: str, part: str) -> bool | None:
        """The value of one part of a grouped finding, or ``None`` when unknown."""
        column = self.table.column(finding)
        state = int(self.state_row[column])
        parts = self.table.parts[column]
        if state < 0 or part not in parts:
            return None
        return _patterns(parts)[state][parts.index(part)]

    def any_part(self, findings: tuple[str, ...], parts: tuple[str, ...]) -> bool:
        """Whether any of ``parts`` is recorded present in any of ``findings``."""
        return any(self.part(f, p) is True for f in findings for p in parts)

    def no_umn_signs(self) -> bool:
        """No UMN sign recorded in any region (absent or not documented: the guidelines ask for
        the test when the picture is lower motor neuron, and an undocumented UMN examination
        does not make it an upper motor neuron one)."""
        return all(self.part(f, "umn_signs") is not True for f in _REGIONS)


@dataclass(frozen=True, slots=True)
class Indication:
    """A test a guideline names first for a clinical pattern."""

    test: str
    applies: Callable[[Reading], bool]
    words: str
    source: str


def _lmn_weakness(r: Reading, regions: tuple[str, ...]) -> bool:
    """Weakness in ``regions`` that the examiner attributes to the LMN (``weakness_origin``):
    the clinical LMN sign the criteria count (Brooks 2000; Shefner 2020), and the
    "weakness without UMN signs" of the MMN guideline, even before wasting appears."""
    return r.state("weakness_origin") == "lmn" and r.any_part(regions, ("weakness",))


def region_lmn(r: Reading, region: str) -> bool:
    """Clinical LMN signs recorded in ``region``."""
    return r.any_part((region,), _LMN_SIGNS) or _lmn_weakness(r, (region,))


def lmn_signs(state_row: NDArray[np.integer], table: CompiledTable) -> bool:
    """Clinical LMN signs recorded in any region (motor neuron disease in question for the
    order of investigation)."""
    r = Reading(state_row, table, 0)
    return any(region_lmn(r, region) for region in _REGIONS)


def _mmn_excluded(r: Reading) -> bool:
    """An exclusion criterion of the MMN guideline is recorded (EFNS/PNS 2010, criteria 8-11):
    UMN signs (8), marked bulbar involvement (9), sensory impairment (10), diffuse symmetric
    weakness (11).

    The guideline's criterion 10 reads "objective sensory abnormalities except for minor
    vibration sense abnormalities in the lower limbs", and criterion 11 "diffuse symmetric
    weakness during the initial weeks". Expert estimate: the case model records objective
    sensory loss as one finding (``sensory_loss``) without its modality or limb, and weakness
    symmetry (``weakness_symmetry``) without its timing, so any recorded objective sensory
    loss and any recorded symmetric weakness are taken as the exclusion. Cost of the
    simplification: a patient with MMN and minor leg vibration loss, or whose weakness became
    symmetric only later, loses the nerve-conduction-first indication (nerve conduction stays
    on offer by its expected value).

    References
    ----------
    Joint Task Force of the EFNS and the PNS (van Schaik IN et al.), J Peripher Nerv Syst
    2010;15:295-301.
    """
    return (not r.no_umn_signs() or r.any_part(("region_bulbar",), _BULBAR_SIGNS)
            or r.state("sensory_loss") == "present" or r.state("weakness_symmetry") == "symmetric")


def _limb_lmn_without_umn(r: Reading) -> bool:
    return not _mmn_excluded(r) and (r.any_part(_LIMBS, _LMN_SIGNS) or _lmn_weakness(r, _LIMBS))


def _neuropathic_limbs(r: Reading) -> bool:
    """Limb weakness with reduced reflexes, with sensory loss or symmetric weakness, no UMN sign,
    no bladder involvement: the clinical pattern of CIDP (Van den Bergh 2021)."""
    return (r.no_umn_signs() and r.state("bladder") != "present"
            and r.any_part(_LIMBS, ("reflexes_reduced",)) and r.any_part(_LIMBS, ("weakness",))
            and (r.state("sensory_loss") == "present" or r.state("weakness_symmetry") == "symmetric"))


def _above_foramen_magnum(r: Reading) -> bool:
    """A sign that no lesion of the spinal cord can produce."""
    return (r.any_part(("region_bulbar",), _BULBAR_SIGNS)
            or r.state("optic_neuritis") in ("single", "bilateral_or_recurrent")
            or r.state("area_postrema") == "present" or r.state("ptosis_or_diplopia") == "present")


def above_foramen_magnum(state_row: NDArray[np.integer], table: CompiledTable) -> bool:
    """Whether a sign no lesion of the spinal cord can produce is recorded (bulbar signs, optic
    neuritis, an area postrema syndrome, ptosis or diplopia)."""
    return _above_foramen_magnum(Reading(state_row, table, 0))


def _limb_signs(r: Reading) -> bool:
    """UMN or clinical LMN signs recorded in a region below the foramen magnum."""
    return r.any_part(_SPINAL, ("umn_signs", *_LMN_SIGNS)) or _lmn_weakness(r, _SPINAL)


def limb_signs(state_row: NDArray[np.integer], table: CompiledTable) -> bool:
    """Whether UMN or clinical LMN signs are recorded in the cervical, thoracic or lumbosacral
    region: signs a lesion of the cord (or the roots at its level) could explain, so its
    imaging is still required when a sign above the foramen magnum is also recorded
    (Brooks 2000, criterion B:2)."""
    return _limb_signs(Reading(state_row, table, 0))


def _cord_syndrome(r: Reading) -> bool:
    """UMN signs below the neck (or a sensory level) that a cord lesion explains on its own."""
    below_neck = r.any_part(_SPINAL, ("umn_signs",)) or r.state("sensory_level") == "present"
    return below_neck and not _above_foramen_magnum(r)


def _kennedy_pattern(r: Reading) -> bool:
    if r.sex != MALE or not r.no_umn_signs():
        return False
    if r.state("family_history_pattern") == "x_linked" and r.any_part(_REGIONS, ("weakness", *_LMN_SIGNS)):
        return True
    if not (r.any_part(_REGIONS, _LMN_SIGNS) or _lmn_weakness(r, _REGIONS)):
        return False
    long_bulbar = (r.any_part(("region_bulbar",), ("wasting", "fasciculations"))
                   and r.state("duration") in ("2_to_4_years", "over_4_years"))
    return r.state("gynaecomastia") == "present" or r.part("nerve_conduction", "sensory_reduced") is True \
        or long_bulbar


#: Hirayama disease is a disease of the young: onset "between adolescence and the third decade
#: of life" (Iacono S et al., J Neuroimaging 2022;32:596-603; Hirayama K, Intern Med
#: 2000;39:283-290), so the pattern is read below this age (expert estimate: the end of the
#: third decade; the cause's age shape in the evidence table falls steeply after 30 as well).
HIRAYAMA_MAX_AGE = 30.0
_NOT_ARM = ("region_bulbar", "region_thoracic", "region_lumbosacral")


def _hirayama_pattern(r: Reading) -> bool:
    """A young person with LMN weakness or wasting in the arm(s), none elsewhere, no sensory loss."""
    if not r.age < HIRAYAMA_MAX_AGE or r.state("sensory_loss") == "present":
        return False
    arm = region_lmn(r, "region_cervical")
    elsewhere = r.any_part(_NOT_ARM, ("weakness", *_LMN_SIGNS))
    return arm and not elsewhere


def _hsp_pattern(r: Reading) -> bool:
    """A progressive spastic paraparesis with an HSP family history or a thin corpus callosum,
    with the MRI done (a clean cord MRI, or the thin corpus callosum itself on brain MRI)."""
    thin_cc = r.state("thin_corpus_callosum") == "present"
    clean_cord = r.state("spinal_mri") == "normal" and r.state("cord_compression") != "present"
    return (r.state("course") == "progressive" and r.state("duration") != "under_1_year"
            and r.part("region_lumbosacral", "umn_signs") is True
            and (r.state("family_history_hsp") == "present" or thin_cc) and (clean_cord or thin_cc))


def _neuromuscular_junction(r: Reading) -> bool:
    return r.state("fatigable_weakness") == "present" or r.state("ptosis_or_diplopia") == "present"


def _deficiency_myelopathy(r: Reading) -> bool:
    myelopathy = (r.state("spinal_mri") in ("short_lesion", "longitudinally_extensive_lesion")
                  or r.state("sensory_level") == "present"
                  or (r.any_part(_SPINAL, ("umn_signs",)) and r.state("sensory_loss") == "present"))
    at_risk = r.state("prior_gi_surgery") == "present" or r.state("vitamin_b12_low") == "low"
    return myelopathy and at_risk


def _htlv1_pattern(r: Reading) -> bool:
    """A progressive spastic paraparesis in a person from an HTLV-1 endemic area."""
    return (r.state("htlv1_endemic_origin") == "present"
            and r.state("course") in ("progressive", "relapsing_then_progressive")
            and r.part("region_lumbosacral", "umn_signs") is True)


def _nmosd_pattern(r: Reading) -> bool:
    return r.state("area_postrema") == "present" or r.state("spinal_mri") == "longitudinally_extensive_lesion"


def _cns_attack(r: Reading) -> bool:
    return (r.state("course") in ("relapsing", "single_attack", "relapsing_then_progressive")
            or r.state("optic_neuritis") in ("single", "bilateral_or_recurrent"))


def _ibm_pattern(r: Reading) -> bool:
    return r.state("ibm_pattern") == "both"


_EFNS = "Andersen PM et al., Eur J Neurol 2012;19:360-375"
_BROOKS = "Brooks BR et al., ALS Other Motor Neuron Disord 2000;1:293-299"
_EFNS_PNS = "Joint Task Force of the EFNS and the PNS, J Peripher Nerv Syst 2010;15:295-301"
_IBM_WORDS = "finger-flexor and quadriceps weakness (the IBM pattern)"
_IBM = "ENMC 2011 criteria (Rose MR et al., Neuromuscul Disord 2013;23:1044-1055)"
_DEFICIENCY_WORDS = ("a myelopathy after upper gastrointestinal surgery or with a low vitamin B12: copper "
                     "and B12 deficiency (treatable) must be sought")
_DEFICIENCY = "Kumar N, Mayo Clin Proc 2006;81:1371-1384; Jaiser SR, Winston GP, J Neurol 2010;257:869-881"
#: The pattern-specific first tests.
INDICATIONS: tuple[Indication, ...] = (
    Indication("nerve_conduction", _limb_lmn_without_umn,
               "limb weakness or wasting without UMN signs, bulbar involvement or sensory loss: conduction "
               "block (MMN, treatable) must be sought", f"{_EFNS_PNS}; {_EFNS}"),
    Indication("nerve_conduction", _neuropathic_limbs,
               "limb weakness with reduced reflexes and sensory loss or symmetric weakness, without UMN "
               "signs: a demyelinating neuropathy (CIDP, treatable) must be sought",
               "Van den Bergh PYK et al., Eur J Neurol 2021;28:3556-3583"),
    Indication("spinal_mri", _cord_syndrome,
               "UMN signs in the limbs without a sign above the foramen magnum: a cervical or thoracic cord "
               "lesion must be excluded first",
               f"{_BROOKS}; {_EFNS}; Miller DH et al., Mult Scler 2008;14:1157-1174"),
    Indication("spinal_mri", _hirayama_pattern,
               "a young person with LMN weakness or wasting confined to the arm(s) and no sensory loss: "
               "Hirayama disease (treatable with a collar) is shown on cervical MRI in neck flexion",
               "Hirayama K, Intern Med 2000;39:283-290; Hassan KM, Sahni H, BioMed Res Int "
               "2013;2013:478516; Iacono S et al., J Neuroimaging 2022;32:596-603"),
    Indication("sbma_genetics", _kennedy_pattern,
               "a man with an LMN syndrome and a Kennedy disease feature (gynaecomastia, sensory "
               "neuronopathy, X-linked pedigree, or long-standing bulbar LMN signs)",
               "Pradat PF et al., Orphanet J Rare Dis 2020;15:90; Grunseich C, Fischbeck KH, Neurol Clin "
               "2015;33:847-854"),
    Indication("hsp_panel", _hsp_pattern,
               "a progressive spastic paraparesis with a family history of spastic paraplegia or a thin "
               "corpus callosum, the MRI done: hereditary spastic paraplegia is confirmed by its gene",
               "Hensiek A et al., J Neurol 2015;262:1601-1612; da Graça FF et al., Front Neurol "
               "2019;9:1117; Shribman S et al., Lancet Neurol 2019;18:1136-1146"),
    Indication("nmj_antibodies", _neuromuscular_junction,
               "fatigable weakness, ptosis or diplopia: myasthenia gravis (treatable) must be sought",
               f"Gilhus NE et al., Nat Rev Dis Primers 2019;5:30; {_EFNS}"),
    Indication("b12_copper", _deficiency_myelopathy, _DEFICIENCY_WORDS, _DEFICIENCY),
    Indication("htlv1_serology", _htlv1_pattern,
               "a progressive spastic paraparesis in a person from an HTLV-1 endemic area: HTLV-1-associated "
               "myelopathy must be sought",
               "Gessain A, Cassar O, Front Microbiol 2012;3:388; Bangham CRM et al., Nat Rev Dis Primers "
               "2015;1:15012; De Castro-Costa CM et al., AIDS Res Hum Retroviruses 2006;22:931-935"),
    Indication("aqp4_mog_antibodies", _nmosd_pattern,
               "an area postrema syndrome or a longitudinally extensive myelitis (NMOSD and MOGAD features)",
               "Wingerchuk DM et al., Neurology 2015;85:177-189; Banwell B et al., Lancet Neurol "
               "2023;22:268-282"),
    Indication("brain_mri", _cns_attack,
               "a CNS attack: dissemination in space and time are shown on brain MRI",
               "Thompson AJ et al., Lancet Neurol 2018;17:162-173; Wattjes MP et al., Lancet Neurol "
               "2021;20:653-670"),
    Indication("creatine_kinase", _ibm_pattern, _IBM_WORDS, _IBM),
    Indication("muscle_biopsy", _ibm_pattern, _IBM_WORDS, _IBM),
)


def _emg_default(region: str) -> Indication:
    name = region.removeprefix("region_")
    return Indication(f"emg_{name}", lambda r: region_lmn(r, region),
                      f"clinical LMN signs in the {name} region: needle EMG confirms LMN dysfunction there "
                      "(the first step of an LMN syndrome once any pattern-specific test is done)",
                      f"{_BROOKS}; de Carvalho M et al., Clin Neurophysiol 2008;119:497-503; {_EFNS}")


#: Needle EMG of a region with clinical LMN signs: the default first step, applied only when
#: no pattern-specific first test (:data:`INDICATIONS`) is still pending.
DEFAULT_INDICATIONS: tuple[Indication, ...] = tuple(_emg_default(region) for region in _REGIONS)


def indicated_tests(state_row: NDArray[np.integer], table: CompiledTable, sex: int, posterior: FloatArray,
                    pending: Callable[[str], bool] | None = None, age: float = float("nan"),
                    ) -> dict[str, list[Indication]]:
    """Test id -> the guideline indications that apply to it in this case.

    Parameters
    ----------
    state_row, table, sex
        The case's finding states (-1 = unknown), the compiled table, the sex code.
    age
        Age in years (NaN = unknown), for the patterns of an age (Hirayama disease).
    posterior
        The posterior over the named diagnoses: no indication applies once it is settled
        (:data:`SETTLED_PROBABILITY`).
    pending
        Whether a test is still to be done; the default EMG indications apply only when no
        pattern-specific indicated test is pending. ``None``: every test counts as pending.
    """
    if float(posterior.max()) >= SETTLED_PROBABILITY:
        return {}
    reading = Reading(state_row, table, sex, age)
    out: dict[str, list[Indication]] = {}
    for indication in INDICATIONS:
        if indication.applies(reading):
            out.setdefault(indication.test, []).append(indication)
    if not any(pending is None or pending(test) for test in out):
        for indication in DEFAULT_INDICATIONS:
            if indication.applies(reading):
                out.setdefault(indication.test, []).append(indication)
    return out

