"""Which test to do next: expected information against what the test costs the patient.

Expected information
--------------------
For a test that would reveal findings (or parts of grouped findings) still unknown, the
predictive probability of an outcome o is P(o) = Σ_d π(d) P(o | d, what is known), with
P(o | d, known) read from the same compiled table as the posterior (for a grouped finding
the ratio of the pattern with and without the revealed part, so a cervical EMG is
predicted *given* the cervical examination: a region with wasting and fasciculations
makes a neurogenic EMG likely whatever the diagnosis, and the EMG is worth less). The
expected information gain is the mutual information between diagnosis and outcome,

    EIG = H(π) − Σ_o P(o) · H(π | o)      (bits; Lindley 1956),

and the probability that the result changes the leading diagnosis is reported with it.

Against the burden
------------------
Information alone ranks a lumbar puncture first as soon as MS is in question, before any
MRI, and a gene panel that takes three months beside a blood test. Each test therefore
carries a :class:`TestBurden` — money, invasiveness and waiting time on 0-1 scales and in
days, with the reasoning behind them — converted to bits by :data:`BURDEN_WEIGHTS`, and
tests are ranked by

    **expected value = EIG + change of management + establishing + indicated − burden**,

where *change of management* is the decision-theoretic value of the result (Raiffa &
Schlaifer 1961): the expected gain in Σ_d P(d) w_d over acting on the leading diagnosis,
with weight :data:`TREATABLE_WEIGHT` on diagnoses with a specific treatment (MMN: IVIg,
EFNS/PNS 2010; CSM: decompression; MS, NMOSD and MOGAD: immunotherapy) so that a test
that could uncover a treatable mimic counts more than one that moves ALS against PMA;
and *establishing* is :data:`ESTABLISH_WEIGHT` × P(d) for a test the criteria of a
plausible diagnosis d require and that is still pending (:data:`ESTABLISHING_TESTS`):
the defining test of a test-defined diagnosis (Kennedy disease is not diagnosed on
gynaecomastia, however probable, until the CAG repeat is counted), neurophysiology for
ALS and PMA (LMN dysfunction on EMG, with nerve conduction to exclude mimics; de Carvalho
2008, Shefner 2020, Andersen 2012), neuroimaging for ALS ("the absence of neuroimaging
evidence of other disease processes that might explain the observed clinical and
electrophysiological signs"; Brooks 2000, B:2) — of the levels that could explain them: the
cord while limb signs are recorded, and the brain as well once a bulbar sign, optic
neuritis, ptosis or diplopia is recorded (:data:`NEUROIMAGING_REQUIRED`) — EMG without
LMN involvement and the same imaging for PLS (Turner 2020), muscle biopsy and CK for IBM
(ENMC 2011; Rose 2013), brain MRI for MS (dissemination in space) and brain MRI, cord MRI
and CSF for primary progressive MS (two of the three; Thompson 2018).

The burdens follow the order of investigation the EFNS guideline on the management of
ALS recommends (neurophysiology and MRI first, blood tests to exclude mimics, CSF only
where indicated, muscle biopsy for atypical presentations, genetic testing with
counselling; Andersen et al. 2012) and the MS criteria (MRI first, CSF as supporting
evidence; Thompson et al. 2018). The burden table (:data:`BLOOD` ... :data:`MUSCLE_BIOPSY`,
one :class:`TestBurden` per kind of test, each with its source) is the one place the costs
live; the scales themselves are expert estimates, and each says so with its reasoning.

*indicated* is :data:`~sclerodx.differential.indications.INDICATION_WEIGHT` when a
guideline names the test *first* for the case's clinical pattern
(:mod:`sclerodx.differential.indications`): nerve conduction in a limb LMN syndrome
without the MMN guideline's exclusions (anti-GM1 is offered by its expected value, not as an
indicated first test) and in the neuropathic limb pattern of CIDP, cord MRI for limb UMN signs with nothing
above the foramen magnum (the combined UMN and LMN limb syndrome included), the
androgen-receptor test in a man with an LMN syndrome and a Kennedy disease feature
(gynaecomastia, sensory neuronopathy), cord MRI in neck flexion in a young person with LMN
signs confined to the arm (Hirayama disease), the HSP gene panel in a progressive spastic
paraparesis with an HSP family history or a thin corpus callosum once MRI is done, AChR and
MuSK antibodies with fatigability, B12 and copper in a myelopathy at risk of deficiency,
HTLV-1 serology in a progressive spastic paraparesis from an endemic area, AQP4-IgG and
MOG-IgG with an area postrema syndrome or a longitudinally extensive myelitis, brain MRI
after a CNS attack, CK and biopsy with the IBM pattern, and, when
none of these is pending, needle EMG of a region with LMN signs. The posterior of a rare
treatable or test-defined diagnosis is too small for information alone to ask for its test.

Every candidate test's results are stacked and scored in one pass of array operations
(the expected information, the change of the leader and of management summed per test
with ``np.add.reduceat``), so the ranking costs a few milliseconds per case.

Order of investigation
----------------------
Some tests come *after* others in every guideline, whatever their information: a lumbar
puncture is supporting evidence once MRI has been done (McDonald 2017: MRI first, CSF
when the MRI does not settle it or the presentation is atypical; Thompson et al. 2018),
and in suspected motor neuron disease CSF is examined only where neurophysiology and
imaging point to an inflammatory or infiltrative cause (Andersen et al. 2012), so while
MND is in question (``TestSpec.after_if_mnd``) the lumbar puncture also waits for needle
EMG or nerve conduction;
susceptibility-weighted sequences (central vein sign, paramagnetic rims) are read on the
lesions a brain MRI has found; AQP4-IgG and MOG-IgG are sent after MRI unless an area
postrema syndrome indicates them at once — targeted testing, as the MOGAD panel recommends
(Banwell et al. 2023). Such a test names its
prerequisites (``TestSpec.after``) and is offered only once one of them is known, or when a
guideline indication applies.

Only tests that would change something are offered: some result with probability at
least :data:`MIN_OUTCOME_PROBABILITY` must change the leading diagnosis or move its
probability by at least :data:`MIN_SHIFT` (or the test establishes a pending diagnosis, or
a guideline names it for the pattern), and the expected value must be positive — except
the defining test of a test-defined diagnosis or of a cause of ``other`` (the
androgen-receptor test, the HSP panel, HTLV-1 serology, AQP4-IgG and MOG-IgG, ...;
:func:`defined_diagnoses`) while that diagnosis is at least
:data:`DEFINED_MIN_PROBABILITY` probable and a result would change the leader: such a
diagnosis rests on that one test whatever its prior (issue pattern 2), so its test is
listed, after the tests worth more, with its expected value as it is (the diagnoses named
"not excluded" in the result are the more probable ones,
``sclerodx.differential.engine.NOT_EXCLUDED_MIN_PROBABILITY``). A test
already done is never offered (:func:`done`): once any of its main findings is known — a
spinal MRI reported without a word on compression was still a spinal MRI — except for
separate assays on one sample (AQP4-IgG and MOG-IgG; B12 and copper), which stay on offer
while one is unknown. Its side findings are counted only when it is offered.
Investigational findings are never offered as tests.

References
----------
.. [1] Lindley DV. On a measure of the information provided by an experiment. Ann Math
   Stat. 1956;27(4):986-1005.
.. [2] EFNS Task Force on Diagnosis and Management of ALS, Andersen PM et al. EFNS
   guidelines on the clinical management of amyotrophic lateral sclerosis (MALS). Eur J
   Neurol. 2012;19(3):360-375.
.. [3] Thompson AJ et al. Diagnosis of multiple sclerosis: 2017 revisions of the McDonald
   criteria. Lancet Neurol. 2018;17:162-173.
.. [4] Raiffa H, Schlaifer R. Applied Statistical Decision Theory. Harvard University, 1961.
.. [5] Joint Task Force of the EFNS and the PNS. Guideline on management of multifocal motor
   neuropathy. J Peripher Nerv Syst. 2010;15:295-301.
.. [6] Brooks BR et al. El Escorial revisited: revised criteria for the diagnosis of
   amyotrophic lateral sclerosis. ALS Other Motor Neuron Disord. 2000;1:293-299.
.. [7] Turner MR et al. Primary lateral sclerosis: consensus diagnostic criteria. J Neurol
   Neurosurg Psychiatry. 2020;91:373-377.
.. [8] Rose MR et al. 188th ENMC International Workshop: inclusion body myositis. Neuromuscul
   Disord. 2013;23:1044-1055.
.. [9] Nath S et al. Atraumatic versus conventional lumbar puncture needles: a systematic
   review and meta-analysis. Lancet. 2018;391:1197-1204.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import product

import numpy as np
from numpy.typing import NDArray

from sclerodx.differential.batch import N_NAMED, CompiledTable, FloatArray, to_diagnoses
from sclerodx.differential.calibration import calibrate
from sclerodx.differential.diagnoses import DIAGNOSES, Diagnosis
from sclerodx.differential.evidence_table import load_evidence_table
from sclerodx.differential.findings import PartValues, part_patterns
from sclerodx.differential.indications import (
    INDICATION_WEIGHT,
    Indication,
    above_foramen_magnum,
    indicated_tests,
    limb_signs,
    lmn_signs,
)
from sclerodx.differential.model import NextTest
from sclerodx.differential.priors import SEX_UNKNOWN

#: Results less likely than this are not used to decide whether a test changes anything.
MIN_OUTCOME_PROBABILITY = 0.01
#: A result must move the leader's probability by this much (or change the leader).
MIN_SHIFT = 0.05
#: Bits of expected information one unit of each burden is worth (expert estimate: an
#: invasive test must promise about a third of a bit more than a non-invasive one; a month
#: of waiting costs a tenth of a bit; the most expensive test a fifth).
BURDEN_WEIGHTS = {"cost": 0.20, "invasiveness": 0.30, "wait_months": 0.10}

#: Utility weight of acting on a diagnosis with a specific treatment, against 1 for the
#: others (expert estimate: missing a treatable mimic costs about twice as much).
TREATABLE_WEIGHT = 2.0
TREATABLE: frozenset[Diagnosis] = frozenset({
    Diagnosis.MMN, Diagnosis.CSM, Diagnosis.RELAPSING_MS, Diagnosis.PROGRESSIVE_MS, Diagnosis.NMOSD_MOGAD,
})
#: Bits credited per unit probability to the defining test of a pending test-defined
#: diagnosis (expert estimate: confirming a 90% diagnosis is worth about half a bit).
ESTABLISH_WEIGHT = 0.5
#: Diagnosis -> (the finding that defines it, the test that reveals it, in words).
DEFINING_TESTS: dict[Diagnosis, tuple[str, str, str]] = {
    Diagnosis.CSM: ("cord_compression", "spinal_mri", "cervical cord MRI for spondylotic compression"),
    Diagnosis.SBMA: ("ar_cag", "sbma_genetics", "androgen-receptor CAG repeat length"),
    Diagnosis.HSP: ("hsp_genetic", "hsp_panel", "a hereditary spastic paraplegia gene panel"),
    Diagnosis.MMN: ("nerve_conduction", "nerve_conduction", "nerve conduction studies for motor conduction "
                    "block (with anti-GM1 IgM)"),
    Diagnosis.NMOSD_MOGAD: ("aqp4_igg", "aqp4_mog_antibodies", "serum AQP4-IgG and MOG-IgG (cell-based)"),
}
@dataclass(frozen=True, slots=True)
class Requirement:
    """A test the criteria of a diagnosis need: any of ``tests`` meets it, and it is already
    met once any of ``met_by`` (findings or parts) is known; ``above_foramen_magnum`` is a
    further requirement when a sign above the foramen magnum is recorded, and this one then
    still applies while limb (cervical, thoracic or lumbosacral) signs are recorded."""

    tests: tuple[str, ...]
    met_by: tuple[Target, ...]
    above_foramen_magnum: Requirement | None = None


_REGIONS = ("bulbar", "cervical", "thoracic", "lumbosacral")
#: LMN evidence on needle EMG (Awaji; Gold Coast): met by the EMG of any region.
NEEDLE_EMG_REQUIRED = Requirement(tuple(f"emg_{r}" for r in _REGIONS),
                                  tuple((f"region_{r}", "emg_neurogenic") for r in _REGIONS))
NERVE_CONDUCTION_REQUIRED = Requirement(("nerve_conduction",), (("nerve_conduction", "conduction_block"),))
CORD_IMAGING_REQUIRED = Requirement(("spinal_mri",), (("spinal_mri", None), ("cord_compression", None)))
BRAIN_MRI_REQUIRED = Requirement(("brain_mri",), (("brain_mri", None),))
#: "The absence of neuroimaging evidence of other disease processes that might explain the
#: observed clinical and electrophysiological signs" (revised El Escorial, Brooks 2000,
#: criterion B:2; Turner 2020 for PLS): the level imaged is the one that could explain the
#: signs — the cord while limb signs are recorded (:func:`sclerodx.differential.indications.limb_signs`),
#: and the brain and brainstem as well once a bulbar sign, optic neuritis, ptosis or diplopia
#: is recorded (a cord lesion cannot give them;
#: :func:`sclerodx.differential.indications.above_foramen_magnum`). Bulbar signs do not make the
#: cord imaging unnecessary: a cervical lesion can still explain the limb UMN and LMN signs.
NEUROIMAGING_REQUIRED = Requirement(CORD_IMAGING_REQUIRED.tests, CORD_IMAGING_REQUIRED.met_by,
                                    above_foramen_magnum=BRAIN_MRI_REQUIRED)
#: Diagnosis -> what its criteria require (credited while pending and P(d) >=
#: :data:`ESTABLISH_MIN_PROBABILITY`).
ESTABLISHING_TESTS: dict[Diagnosis, tuple[Requirement, ...]] = {
    **{d: (Requirement((test,), ((finding, None),)),) for d, (finding, test, _) in DEFINING_TESTS.items()},
    Diagnosis.ALS: (NEEDLE_EMG_REQUIRED, NERVE_CONDUCTION_REQUIRED, NEUROIMAGING_REQUIRED),
    Diagnosis.PMA: (NEEDLE_EMG_REQUIRED, NERVE_CONDUCTION_REQUIRED),
    Diagnosis.PLS: (NEEDLE_EMG_REQUIRED, NEUROIMAGING_REQUIRED),
    Diagnosis.IBM: (Requirement(("muscle_biopsy",), (("biopsy_rimmed_vacuoles", None),
                                                     ("biopsy_inflammation", None))),
                    Requirement(("creatine_kinase",), (("ck", None),))),
    Diagnosis.RELAPSING_MS: (BRAIN_MRI_REQUIRED,),
    Diagnosis.PROGRESSIVE_MS: (BRAIN_MRI_REQUIRED, CORD_IMAGING_REQUIRED,
                               Requirement(("lumbar_puncture",), (("intrathecal_igg", None),))),
}
ESTABLISH_MIN_PROBABILITY = 0.05
#: A test-defined diagnosis (or cause of other) at least this probable keeps its defining test
#: on the list even when the test's expected value is not positive (expert estimate: the
#: threshold below which a result is not quoted, :data:`MIN_OUTCOME_PROBABILITY`: a diagnosis
#: that one test settles and the clinical picture cannot exclude keeps its test on the list
#: as long as its positive result is one the ranking would quote).
DEFINED_MIN_PROBABILITY = MIN_OUTCOME_PROBABILITY
_UTILITY = np.array([TREATABLE_WEIGHT if d in TREATABLE else 1.0 for d in DIAGNOSES])
#: Causes of ``other`` with a specific treatment (a cervical collar for Hirayama disease,
#: immunotherapy for myasthenia and CIDP, replacement for B12 and copper deficiency,
#: decompression for a syrinx; expert estimate); HTLV-1 myelopathy and the remainder weigh 1.
TREATABLE_CAUSES: frozenset[str] = frozenset({
    "hirayama", "myasthenia", "cidp", "syringomyelia", "b12_deficiency", "copper_deficiency",
})


def hypothesis_utility(table: CompiledTable) -> FloatArray:
    """Utility weight of acting on each hypothesis (named diagnoses, causes of other, remainder)."""
    causes = [TREATABLE_WEIGHT if c in TREATABLE_CAUSES else 1.0 for c in table.cause_ids]
    utility: FloatArray = np.concatenate([_UTILITY[:N_NAMED], causes, [1.0]])
    return utility

#: A revealed item: (finding, part) — part ``None`` for a simple finding.
Target = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class TestBurden:
    """What a test costs the patient and the service (0-1 scales; days), with the reasoning."""

    cost: float
    invasiveness: float
    wait_days: float
    source: str

    @property
    def bits(self) -> float:
        """The burden in bits of expected information (:data:`BURDEN_WEIGHTS`)."""
        return (BURDEN_WEIGHTS["cost"] * self.cost + BURDEN_WEIGHTS["invasiveness"] * self.invasiveness
                + BURDEN_WEIGHTS["wait_months"] * self.wait_days / 30.0)


_EFNS = "EFNS ALS guideline (Andersen PM et al., Eur J Neurol 2012;19:360-375)"
BLOOD = TestBurden(0.05, 0.02, 14, f"expert estimate: a venepuncture; send-out antibody assays take about "
                   f"two weeks; blood tests to exclude mimics are part of the routine work-up ({_EFNS})")
ROUTINE_BLOOD = TestBurden(0.02, 0.02, 1, "expert estimate: a routine laboratory test, same day")
NEEDLE_EMG = TestBurden(0.15, 0.20, 14, f"expert estimate: needle EMG is uncomfortable but safe and is the "
                        f"first-line investigation of suspected MND ({_EFNS}); weeks of waiting")
NERVE_CONDUCTION = TestBurden(0.15, 0.10, 14, f"expert estimate: surface stimulation, first-line with EMG "
                              f"({_EFNS})")
MRI = TestBurden(0.40, 0.05, 21, f"expert estimate: costly, non-invasive (gadolinium for the brain); MRI of "
                 f"brain and spine is recommended early to exclude structural mimics ({_EFNS}) and first "
                 "in suspected MS (Thompson AJ et al., Lancet Neurol 2018;17:162-173)")
RESEARCH_MRI = TestBurden(0.50, 0.05, 45, "expert estimate: susceptibility-weighted sequences are not "
                          "routine everywhere and need expert reading")
LUMBAR_PUNCTURE = TestBurden(
    0.20, 0.50, 7, f"expert estimate of the scale; invasive: post-dural-puncture headache in 11% with "
    "conventional and 4% with atraumatic needles (Nath S et al., Lancet 2018;391:1197-1204); CSF is "
    f"examined in MND only when indicated ({_EFNS}) and is supporting evidence in MS after MRI "
    "(Thompson AJ et al. 2018)")
TARGETED_GENETICS = TestBurden(0.30, 0.02, 30, f"expert estimate: a single-gene test, weeks, with genetic "
                               f"counselling ({_EFNS})")
GENE_PANEL = TestBurden(0.60, 0.02, 90, f"expert estimate: a multi-gene panel, months, with counselling "
                        f"({_EFNS})")
MUSCLE_BIOPSY = TestBurden(0.50, 0.70, 30, f"expert estimate: a surgical procedure, reserved for atypical "
                           f"presentations and suspected myopathy ({_EFNS})")
NON_ROUTINE_BLOOD = TestBurden(0.10, 0.02, 21, "expert estimate: a venepuncture, but not part of the "
                               "EFNS 2012 diagnostic work-up and not available everywhere (assay-specific "
                               "cut-offs)")


@dataclass(frozen=True, slots=True)
class TestSpec:
    """A test, what it is done for, the side findings its result also reveals, its burden."""

    id: str
    label: str
    reveals: tuple[Target, ...]
    burden: TestBurden
    also: tuple[Target, ...] = ()
    #: Offered only once one of these is known (the order of investigation); empty: always.
    after: tuple[Target, ...] = ()
    #: While motor neuron disease is in question (:data:`MND_SUSPECTED_PROBABILITY`), also
    #: offered only once one of these is known (neurophysiology before CSF; Andersen 2012).
    after_if_mnd: tuple[Target, ...] = ()
    #: The main findings are separate assays on one sample (AQP4-IgG and MOG-IgG; B12 and
    #: copper): the test stays on offer while any is unknown. Otherwise they are read from
    #: one procedure, and the test is done once any of them is known (a spinal MRI reported
    #: without a word on compression was still a spinal MRI).
    separate_assays: bool = False
    #: Other tests this one includes (a cord MRI done with flexion views is the flexion MRI
    #: of Hirayama disease): it establishes what they establish.
    covers: tuple[str, ...] = ()


#: Motor neuron disease is "in question" for the order of investigation once ALS, PLS and PMA
#: together are at least this probable (expert estimate: the EFNS work-up of suspected MND
#: applies to a patient in whom the neurologist would name MND among the first diagnoses).
MND_SUSPECTED_PROBABILITY = 0.2
_MND = [DIAGNOSES.index(d) for d in (Diagnosis.ALS, Diagnosis.PLS, Diagnosis.PMA)]
#: Needle EMG of any region or nerve conduction: the neurophysiology of the MND work-up.
NEUROPHYSIOLOGY: tuple[Target, ...] = (
    *((f"region_{r}", "emg_neurogenic") for r in ("bulbar", "cervical", "thoracic", "lumbosacral")),
    ("nerve_conduction", "conduction_block"),
)


def _emg(region: str, label: str) -> TestSpec:
    return TestSpec(f"emg_{region}", label, ((f"region_{region}", "emg_neurogenic"),), NEEDLE_EMG,
                    (("emg_myopathic", None),))


TESTS: tuple[TestSpec, ...] = (
    _emg("bulbar", "Needle EMG of a bulbar muscle (tongue, masseter)"),
    _emg("cervical", "Needle EMG of the arm (two muscles of different roots and nerves)"),
    TestSpec("emg_thoracic", "Needle EMG of thoracic paraspinal or abdominal muscles",
             (("region_thoracic", "emg_neurogenic"),), NEEDLE_EMG),
    _emg("lumbosacral", "Needle EMG of the leg (two muscles of different roots and nerves)"),
    TestSpec("nerve_conduction", "Nerve conduction studies looking for motor conduction block, with "
             "sensory responses", (("nerve_conduction", "conduction_block"),), NERVE_CONDUCTION,
             (("nerve_conduction", "sensory_reduced"),)),
    TestSpec("brain_mri", "Brain MRI with gadolinium", (("brain_mri", None),), MRI,
             (("mri_activity", None), ("thin_corpus_callosum", None))),
    TestSpec("spinal_mri", "MRI of the cervical and thoracic cord (with neck flexion if Hirayama disease "
             "is in question)", (("spinal_mri", None), ("cord_compression", None)), MRI,
             (("flexion_forward_shift", None), ("syringomyelia", None)), covers=("flexion_mri",)),
    TestSpec("susceptibility_mri", "Susceptibility-weighted MRI for central vein sign and rim lesions",
             (("cvs_select6", None), ("paramagnetic_rim", None)), RESEARCH_MRI,
             after=(("brain_mri", None),)),
    TestSpec("lumbar_puncture", "Lumbar puncture: oligoclonal bands, κ-FLC index, cell count, CSF NfL",
             (("intrathecal_igg", None), ("csf_pleocytosis", None)), LUMBAR_PUNCTURE,
             (("neurofilament", None),), after=(("brain_mri", None), ("spinal_mri", None)),
             after_if_mnd=NEUROPHYSIOLOGY),
    TestSpec("serum_nfl", "Serum neurofilament light chain", (("neurofilament", None),), NON_ROUTINE_BLOOD),
    TestSpec("aqp4_mog_antibodies", "Serum AQP4-IgG and MOG-IgG (cell-based assays, with titre)",
             (("aqp4_igg", None), ("mog_igg", None)), BLOOD,
             after=(("brain_mri", None), ("spinal_mri", None)), separate_assays=True),
    TestSpec("anti_gm1", "Serum anti-GM1 IgM antibodies", (("anti_gm1", None),), BLOOD),
    TestSpec("creatine_kinase", "Serum creatine kinase", (("ck", None),), ROUTINE_BLOOD),
    TestSpec("sbma_genetics", "Androgen-receptor CAG repeat length (Kennedy disease)", (("ar_cag", None),),
             TARGETED_GENETICS),
    TestSpec("hsp_panel", "Hereditary spastic paraplegia gene panel", (("hsp_genetic", None),), GENE_PANEL),
    TestSpec("als_genetics", "C9orf72 expansion and SOD1 testing", (("als_gene", None),), TARGETED_GENETICS),
    TestSpec("muscle_biopsy", "Muscle biopsy (rimmed vacuoles, endomysial inflammation, neurogenic change)",
             (("biopsy_rimmed_vacuoles", None), ("biopsy_inflammation", None)), MUSCLE_BIOPSY,
             (("biopsy_neurogenic", None),)),
    # the defining tests of the causes of "other"
    TestSpec("flexion_mri", "Cervical MRI in neck flexion (forward shift of the posterior dura: Hirayama "
             "disease)", (("flexion_forward_shift", None),), MRI),
    TestSpec("b12_copper", "Serum vitamin B12 (with methylmalonic acid) and serum copper with caeruloplasmin",
             (("vitamin_b12_low", None), ("copper_low", None)), BLOOD, separate_assays=True),
    TestSpec("htlv1_serology", "HTLV-1 serology", (("htlv1_antibodies", None),), BLOOD),
    TestSpec("nmj_antibodies", "Acetylcholine-receptor and MuSK antibodies (myasthenia gravis)",
             (("nmj_antibodies", None),), BLOOD),
    TestSpec("repetitive_stimulation", "Repetitive nerve stimulation (decrement: myasthenia gravis)",
             (("rns_decrement", None),), NERVE_CONDUCTION),
)
#: Test id -> its label in clinical words.
TEST_LABELS: dict[str, str] = {spec.id: spec.label for spec in TESTS}
SPECS: dict[str, TestSpec] = {spec.id: spec for spec in TESTS}

#: Clinical words for a revealed item and its result.
_WORDS: dict[Target, str] = {
    **{(f"region_{r}", "emg_neurogenic"): f"neurogenic change (denervation) on {r} EMG"
       for r in ("bulbar", "cervical", "thoracic", "lumbosacral")},
    ("nerve_conduction", "conduction_block"): "motor conduction block",
    ("nerve_conduction", "sensory_reduced"): "reduced sensory responses",
}


@cache
def _pattern_index(parts: tuple[str, ...]) -> dict[PartValues, int]:
    return {values: i for i, values in enumerate(part_patterns(parts))}


@cache
def _patterns(parts: tuple[str, ...]) -> tuple[PartValues, ...]:
    return part_patterns(parts)


@cache
def _labels() -> dict[str, str]:
    return {spec.id: spec.label for spec in load_evidence_table().findings}


def entropy_bits(p: FloatArray) -> FloatArray:
    """Shannon entropy (bits) along the last axis, with 0·log 0 = 0."""
    safe = np.where(p > 0, p, 1.0)
    entropy: FloatArray = -(p * np.log2(safe)).sum(axis=-1)
    return entropy


@dataclass(frozen=True, slots=True)
class _Results:
    """The results one finding can take: their words, and P(result | hypothesis, what is known),
    shape (n_results, n_hypotheses)."""

    words: tuple[str, ...]
    likelihood: FloatArray


def _alternatives(column: int, parts_revealed: list[str], state_row: NDArray[np.integer],
                  table: CompiledTable) -> _Results:
    """The results one finding can take, with P(result | hypothesis, what is known)."""
    finding = table.finding_ids[column]
    current = int(state_row[column])
    parts = table.parts[column]
    if not parts:   # a simple finding still unknown: the same for every case, built once per table
        key = f"next_test.results.{column}"
        cached = table.cache.get(key)
        if not isinstance(cached, _Results):
            label = _labels().get(finding, finding)
            likelihood = np.exp(table.hypothesis_state_log_p(column))
            likelihood.setflags(write=False)
            cached = _Results(tuple(f"{label}: {name.replace('_', ' ')}" for name in table.states[column]),
                              likelihood)
            table.cache[key] = cached
        return cached
    index = _pattern_index(parts)
    patterns = list(index)
    known: PartValues = patterns[current] if current >= 0 else (None,) * len(parts)
    block = table.hypothesis_state_log_p(column)
    states, words = [], []
    for values in product((False, True), repeat=len(parts_revealed)):
        new = list(known)
        phrases = []
        for part, value in zip(parts_revealed, values, strict=True):
            new[parts.index(part)] = value
            phrase = _WORDS.get((finding, part), f"{finding} {part}")
            phrases.append(f"{phrase} {'present' if value else 'absent'}")
        states.append(index[tuple(new)])
        words.append("; ".join(phrases))
    log_p = block[states] - block[current] if current >= 0 else block[states]
    return _Results(tuple(words), np.exp(log_p))


def _outcomes(spec: TestSpec, state_row: NDArray[np.integer], table: CompiledTable
              ) -> tuple[list[int], list[_Results], FloatArray]:
    """Columns revealed, the results of each, and P(joint result | hypothesis, what is known),
    shape (n_results, n_hypotheses): the joint results run over the columns' results with the
    last column varying fastest (:func:`_result_words`)."""
    by_column: dict[int, list[str]] = {}
    for finding, part in spec.reveals + spec.also:
        column = table.column(finding)
        if table.investigational[column]:
            continue
        if part is None:
            if state_row[column] < 0:
                by_column.setdefault(column, [])
            continue
        current = int(state_row[column])
        known = _patterns(table.parts[column])[current] if current >= 0 else None
        if known is None or known[table.parts[column].index(part)] is None:
            by_column.setdefault(column, []).append(part)
    columns = list(by_column)
    n_h = table.n_hypotheses
    results = [_alternatives(column, by_column[column], state_row, table) for column in columns]
    likelihood = results[0].likelihood if results else np.ones((1, n_h))
    for r in results[1:]:
        likelihood = (likelihood[:, None, :] * r.likelihood[None, :, :]).reshape(-1, n_h)
    return columns, results, likelihood


def _result_words(results: list[_Results], index: int) -> str:
    """The words of joint result ``index`` (:func:`_outcomes`' order)."""
    words = []
    for r in reversed(results):
        index, k = divmod(index, len(r.words))
        words.append(r.words[k])
    return "; ".join(reversed(words))


def done(spec: TestSpec, state_row: NDArray[np.integer], table: CompiledTable) -> bool:
    """Whether ``spec`` has been done: one of its main findings known (all of them for
    :attr:`TestSpec.separate_assays`). A test already done is never offered again."""
    known = [_known(t, state_row, table) for t in spec.reveals]
    return all(known) if spec.separate_assays else any(known)


def offered(spec: TestSpec, state_row: NDArray[np.integer], table: CompiledTable,
            indicated: bool = False, mnd_suspected: bool = False) -> bool:
    """Whether ``spec`` may be offered: not yet done (:func:`done`), and one of its
    prerequisites known (``after``, and ``after_if_mnd`` while motor neuron disease is in
    question) or the test indicated by a guideline."""
    for prerequisites in (spec.after, spec.after_if_mnd if mnd_suspected else ()):
        if prerequisites and not indicated and not any(_known(t, state_row, table) for t in prerequisites):
            return False
    return not done(spec, state_row, table)


def _reason(spec: TestSpec, posterior: FloatArray, results: list[_Results], p_outcome: FloatArray,
            post_outcome: FloatArray, gain: float, change: float, needing: list[Diagnosis],
            indicated: list[Indication], causes: list[str] | None = None,
            defined: list[str] | None = None) -> str:
    leader = int(np.argmax(posterior))
    required = ""
    if needing:
        names = " and ".join(f"{d.label} ({posterior[DIAGNOSES.index(d)]:.0%})" for d in needing)
        required = f" Required by the diagnostic criteria of {names}, not yet done."
    required += "".join(f" Indicated by the guideline for {i.words} ({i.source})." for i in indicated)
    if causes:
        required += f" The defining test of {' and '.join(causes)}, a cause inside 'other'."
    if defined:
        required += (f" Worth less than it costs at present, but it is the only test that defines "
                     f"{' and '.join(defined)}: listed so that a diagnosis resting on one test is not "
                     "dropped.")
    quotable = np.flatnonzero(p_outcome >= MIN_OUTCOME_PROBABILITY)
    shift = np.abs(post_outcome[quotable, leader] - posterior[leader])
    best = int(quotable[np.argmax(shift)]) if quotable.size else int(np.argmax(p_outcome))
    new_leader = int(np.argmax(post_outcome[best]))
    if new_leader != leader:
        effect = (f"would make {DIAGNOSES[new_leader].label} the leading diagnosis "
                  f"({post_outcome[best, new_leader]:.0%})")
    else:
        effect = (f"would move {DIAGNOSES[leader].label} from {posterior[leader]:.0%} "
                  f"to {post_outcome[best, leader]:.0%}")
    result = _result_words(results, best)
    return (f"{spec.label}: {result} ({p_outcome[best]:.0%} likely) {effect}.{required} "
            f"The leading diagnosis changes with probability {change:.0%}; expected information {gain:.2f} "
            f"bits against a burden of {spec.burden.bits:.2f} bits.")


def management_value(posterior: FloatArray, p_outcome: FloatArray, post_outcome: FloatArray,
                     utility: FloatArray = _UTILITY, starts: NDArray[np.intp] | None = None) -> FloatArray:
    """Expected gain in the utility of acting on the leading hypothesis (treatable ones weighted;
    ``utility`` per column of ``posterior``: the diagnoses, or the hypotheses with the causes of
    other), per test: the results of test i are rows ``starts[i]:starts[i + 1]`` of
    ``post_outcome`` (``None``: one test)."""
    now = float((posterior * utility).max())
    weighted = p_outcome * (post_outcome * utility).max(axis=1)
    after = np.add.reduceat(weighted, starts if starts is not None else np.zeros(1, np.intp))
    gain: FloatArray = np.maximum(0.0, after - now)
    return gain


def cause_establishing_value(spec: TestSpec, hypotheses: FloatArray, state_row: NDArray[np.integer],
                             table: CompiledTable) -> tuple[float, list[str]]:
    """:data:`ESTABLISH_WEIGHT` × P(cause) for the plausible causes of other that ``spec``
    defines while its findings are unknown, and their labels."""
    if done(spec, state_row, table):
        return 0.0, []
    causes = defined_causes(spec, hypotheses, state_row, table, ESTABLISH_MIN_PROBABILITY)
    return ESTABLISH_WEIGHT * sum(p for _, p in causes), [f"{label} ({p:.0%})" for label, p in causes]


def defined_causes(spec: TestSpec, hypotheses: FloatArray, state_row: NDArray[np.integer],
                   table: CompiledTable, min_probability: float) -> list[tuple[str, float]]:
    """The causes of other that ``spec`` defines (a cause's ``test``, or one ``spec`` covers
    that is not done) and that are at least ``min_probability`` probable: label, probability."""
    out = []
    for k, test in enumerate(table.cause_tests):
        p = float(hypotheses[N_NAMED + k])
        covered = test in spec.covers and not done(SPECS[test], state_row, table)
        if (test == spec.id or covered) and p >= min_probability:
            out.append((table.cause_labels[k], p))
    return out


def defined_diagnoses(spec: TestSpec, hypotheses: FloatArray, state_row: NDArray[np.integer],
                      table: CompiledTable) -> list[str]:
    """The test-defined diagnoses and causes of other that ``spec`` defines (:data:`DEFINING_TESTS`;
    a cause's ``test``, or one ``spec`` covers) and that are at least
    :data:`DEFINED_MIN_PROBABILITY` probable, with their probabilities, in words."""
    posterior = to_diagnoses(hypotheses)
    out = [f"{d.label} ({posterior[DIAGNOSES.index(d)]:.0%})" for d, (_, test, _) in DEFINING_TESTS.items()
           if test == spec.id and posterior[DIAGNOSES.index(d)] >= DEFINED_MIN_PROBABILITY]
    causes = defined_causes(spec, hypotheses, state_row, table, DEFINED_MIN_PROBABILITY)
    return out + [f"{label} ({p:.0%})" for label, p in causes]


def _known(target: Target, state_row: NDArray[np.integer], table: CompiledTable) -> bool:
    finding, part = target
    column = table.column(finding)
    state = int(state_row[column])
    if state < 0 or part is None:
        return state >= 0
    return _patterns(table.parts[column])[state][table.parts[column].index(part)] is not None


def establishing_values(posterior: FloatArray, state_row: NDArray[np.integer], table: CompiledTable
                        ) -> dict[str, tuple[float, list[Diagnosis]]]:
    """Test id -> :data:`ESTABLISH_WEIGHT` × P(d) summed over the plausible diagnoses d whose
    criteria need the test and are not yet met, and those diagnoses."""
    out: dict[str, tuple[float, list[Diagnosis]]] = {}
    above = above_foramen_magnum(state_row, table)
    limbs = limb_signs(state_row, table)
    for diagnosis, requirements in ESTABLISHING_TESTS.items():
        p = float(posterior[DIAGNOSES.index(diagnosis)])
        if p < ESTABLISH_MIN_PROBABILITY:
            continue
        tests: set[str] = set()
        for requirement in requirements:
            if above and requirement.above_foramen_magnum is not None:
                applied = (requirement.above_foramen_magnum, requirement) if limbs else \
                    (requirement.above_foramen_magnum,)
            else:
                applied = (requirement,)
            for needed in applied:
                if not any(_known(t, state_row, table) for t in needed.met_by):
                    tests.update(needed.tests)
        for test in tests:
            value, needing = out.get(test, (0.0, []))
            out[test] = (value + ESTABLISH_WEIGHT * p, [*needing, diagnosis])
    return out


def rank_tests(hypotheses: FloatArray, state_row: NDArray[np.integer], table: CompiledTable,
               sex: int = SEX_UNKNOWN, age: float = float("nan")) -> list[NextTest]:
    """The tests not yet done that would change something, highest expected value first.

    The information and the change of the leader are about the diagnoses; a result is
    predicted under each hypothesis (each cause of ``other`` with its own rows), and the
    change of management and the establishing value also count the causes of ``other``,
    so that a cause's defining test (flexion MRI, AChR antibodies, B12 and copper, HTLV-1
    serology) is offered while the cause is plausible.

    Parameters
    ----------
    hypotheses
        Current posterior over hypotheses, shape (n_hypotheses,): the named diagnoses, the
        causes of other, its remainder
        (:func:`sclerodx.differential.batch.hypothesis_posterior_and_likelihood`).
    state_row
        The case's finding states (-1 = unknown), shape (n_findings,).
    table
        The compiled evidence table the posterior came from.
    sex
        The vectorised path's sex code (:func:`sclerodx.differential.priors.sex_code`); the
        indication of the androgen-receptor test needs it.
    age
        Age in years (NaN = unknown); the indication of the flexion MRI needs it.
    """
    posterior = to_diagnoses(hypotheses)
    utility = hypothesis_utility(table)
    prior_entropy = float(entropy_bits(posterior))
    leader = int(np.argmax(posterior))
    mnd_suspected = (float(posterior[_MND].sum()) >= MND_SUSPECTED_PROBABILITY
                     or lmn_signs(state_row, table))
    # settled or not is judged on the posterior the user reads (the calibrated one)
    indicated_by_test = indicated_tests(state_row, table, sex, calibrate(posterior),
                                        lambda test: not done(SPECS[test], state_row, table), age)
    establishing_by_test = establishing_values(posterior, state_row, table)
    candidates = []
    for spec in TESTS:
        indicated = indicated_by_test.get(spec.id, [])
        if offered(spec, state_row, table, bool(indicated), mnd_suspected):
            candidates.append((spec, indicated, *_outcomes(spec, state_row, table)))
    if not candidates:
        return []
    # Every result of every candidate test, stacked: one pass of array operations for all.
    sizes = np.array([len(c[4]) for c in candidates])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
    joint = np.vstack([c[4] for c in candidates]) * hypotheses
    p_outcome = joint.sum(axis=1)
    post_hypotheses = joint / p_outcome[:, None]
    post_outcome = to_diagnoses(post_hypotheses)
    gains = np.maximum(0.0, prior_entropy - np.add.reduceat(p_outcome * entropy_bits(post_outcome), starts))
    leaders = np.argmax(post_outcome, axis=1)
    changes = np.add.reduceat(p_outcome * (leaders != leader), starts)
    moves = (p_outcome >= MIN_OUTCOME_PROBABILITY) & (
        (leaders != leader) | (np.abs(post_outcome[:, leader] - posterior[leader]) >= MIN_SHIFT))
    any_moves = np.logical_or.reduceat(moves, starts)
    managements = management_value(hypotheses, p_outcome, post_hypotheses, utility, starts)
    shown = calibrate(posterior)  # ranked on the model posterior; the reasons quote the calibrated one
    ranked: list[NextTest] = []
    for i, (spec, indicated, columns, results, _) in enumerate(candidates):
        establishing, needing = establishing_by_test.get(spec.id, (0.0, []))
        cause_value, causes = cause_establishing_value(spec, hypotheses, state_row, table)
        establishing += cause_value
        gain, change = float(gains[i]), float(changes[i])
        value = (gain + float(managements[i]) + establishing + INDICATION_WEIGHT * bool(indicated)
                 - spec.burden.bits)
        if not (any_moves[i] or establishing > 0 or indicated):
            continue
        defined = defined_diagnoses(spec, hypotheses, state_row, table) if value <= 0 else []
        if value <= 0 and not (any_moves[i] and defined):
            continue
        rows = slice(int(starts[i]), int(starts[i] + sizes[i]))
        ranked.append(NextTest(
            test=spec.id, label=spec.label,
            findings=[table.finding_ids[c] for c in columns],
            expected_information_gain_bits=gain,
            probability_leader_changes=min(1.0, change),
            burden_bits=spec.burden.bits,
            expected_value_bits=value,
            burden_source=spec.burden.source,
            reason=_reason(spec, shown, results, p_outcome[rows], calibrate(post_outcome[rows]), gain,
                           change, needing, indicated, causes, defined),
        ))
    return sorted(ranked, key=lambda t: -t.expected_value_bits)
