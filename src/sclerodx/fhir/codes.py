"""The one table of codes sclerodx reads and writes in FHIR.

Standard codes (LOINC for laboratory tests, SNOMED CT for diagnoses) are used where
their meaning was checked against a published source; the source is kept with the
code in :attr:`Code.verified`. A code that could not be checked is never *written*:
the writer falls back to the local code system and the reader accepts the candidate
standard code as an alias, so an EHR is never handed a code sclerodx cannot vouch for.

Findings that have no standard code (needle-EMG features, MRI lesion features, the
regional motor examination) live in the local code system :data:`FINDING_SYSTEM`. It
is documented here, in one place: an Observation's ``code`` is one of the local codes
below (``motor-exam``, ``emg-muscle``, ``emg-region``, ``nerve-conduction``,
``muscle-biopsy``, ...); a component's code is ``<kind>.<field>``, the case-model field
name under the prefix of its part (``motor.babinski``, ``emg-region.chronic_neurogenic``,
``history.dysphagia``: see :mod:`sclerodx.fhir.sections`); a coded value is the
case-model enumeration value. Muscles and body regions are coded in
:data:`MUSCLE_SYSTEM` and :data:`REGION_SYSTEM` by their :mod:`sclerodx.anatomy` names.

References
----------
.. [1] McDonald CJ, Huff SM, Suico JG, et al. LOINC, a universal standard for
       identifying laboratory observations: a 5-year update. Clin Chem.
       2003;49(4):624-633.
.. [2] HL7 International. FHIR Release 4B (v4.3.0), 2022. http://hl7.org/fhir/R4B/
.. [3] Mayo Clinic Laboratories test catalog: NFLC (Neurofilament light chain,
       plasma; result LOINC 101281-4) and OLIG (oligoclonal banding; CSF bands
       interpretation LOINC 100756-6, CSF bands 49852-7); ARUP Laboratories test 0081135
       (Oligoclonal Bands Number, CSF: LOINC 49852-7).
.. [4] Mayo Clinic Laboratories test catalog: NMOFS (NMO/AQP4-IgG FACS, serum; order
       and result LOINC 43638-6) and MOGFS (MOG-IgG1 FACS, serum; LOINC 90248-6).
.. [5] Johnson AEW, Bulgarelli L, Shen L, et al. MIMIC-IV, a freely accessible
       electronic health record dataset. Sci Data. 2023;10:1 (d_labitems LOINC map:
       "WBC, CSF" = 26465-5 Leukocytes [#/volume] in Cerebral spinal fluid).
.. [6] Human Phenotype Ontology loinc2hpo annotations (2880-3 Protein [Mass/volume]
       in Cerebral spinal fluid), obophenotype/human-phenotype-ontology issue 3614.

Searched without finding a LOINC code to confirm (kept local): CSF neurofilament
light chain (94677-2 seen in one application only: read, never written), CSF
phosphorylated neurofilament heavy chain, the kappa free light chain index (Mayo
reports CSF kappa FLC concentration, not the index), serum anti-GM1 IgM (ARUP
0050591 and Mayo GM1B publish no result LOINC) and the androgen-receptor CAG repeat
count (Mayo SBULB, NCBI GTR 299395). Not yet searched (kept local): HTLV-1, AChR and MuSK
antibodies; the vitamin B12 and copper deficiency flags travel as components of the
serum-sample Observation (the laboratory's reading, not a value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
FINDING_SYSTEM = "https://sclerodx.org/fhir/CodeSystem/finding"
DIAGNOSIS_SYSTEM = "https://sclerodx.org/fhir/CodeSystem/diagnosis"
CRITERIA_SYSTEM = "https://sclerodx.org/fhir/CodeSystem/criteria"
CASE_ID_SYSTEM = "https://sclerodx.org/fhir/NamingSystem/case-id"
EXTENSION_BASE = "https://sclerodx.org/fhir/StructureDefinition/"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
RISK_PROBABILITY = "http://terminology.hl7.org/CodeSystem/risk-probability"


@dataclass(frozen=True, slots=True)
class Code:
    """One code with the source that confirms its meaning.

    ``verified`` names the source the code was checked against; ``None`` marks a
    candidate code that could not be checked and is therefore only accepted on
    reading (see the module docstring).
    """

    system: str
    code: str
    display: str
    verified: str | None = None
    display_checked: bool = True
    """Whether :attr:`display` is the code system's own display; when not (the code was
    confirmed, its LOINC long name was not), the display is kept out of the ``Coding``
    and only given as the concept's ``text``."""

    def coding(self) -> dict[str, Any]:
        """The FHIR ``Coding`` of this code."""
        coding = {"system": self.system, "code": self.code}
        return coding | {"display": self.display} if self.display_checked else coding

    def concept(self) -> dict[str, Any]:
        """A FHIR ``CodeableConcept`` holding this code only."""
        return {"coding": [self.coding()], "text": self.display}


def local(code: str, display: str, system: str = FINDING_SYSTEM) -> Code:
    """A code of one of sclerodx's own code systems (always 'verified': we define it)."""
    return Code(system, code, display, verified="sclerodx local code system")


# --------------------------------------------------------------------------- laboratory

AGE = Code(LOINC, "30525-0", "Age", verified="LOINC; used for age in HL7 FHIR Questionnaire examples")
SERUM_NFL = Code(
    LOINC,
    "101281-4",
    "Neurofilament light chain [Mass/volume] in Serum or Plasma by Immunoassay",
    verified="Mayo Clinic Laboratories NFLC result LOINC; OHDSI Athena concept 3966310",
)
CSF_NFL_CANDIDATE = Code(
    LOINC, "94677-2", "Neurofilament light chain [Mass/volume] in Cerebral spinal fluid", verified=None
)
CSF_NFL = local("csf-nfl", "Neurofilament light chain [Mass/volume] in cerebrospinal fluid")
CSF_PNFH = local("csf-pnfh", "Phosphorylated neurofilament heavy chain [Mass/volume] in cerebrospinal fluid")
OCB = Code(
    LOINC,
    "100756-6",
    "Oligoclonal bands [Interpretation] in Cerebral spinal fluid by Isoelectric focusing",
    verified="Mayo Clinic Laboratories OLIG profile (current LOINC map): 'CSF Olig Bands "
    "Interpretation' result LOINC 100756-6; LOINC release table (long common name)",
)
OCB_COUNT = Code(
    LOINC,
    "49852-7",
    "Oligoclonal bands in Cerebral spinal fluid (number of bands)",
    verified="ARUP 0081135 ('Oligoclonal Bands Number, CSF') and the current Mayo OLIG map ('CSF Bands') "
    "give 49852-7 for the band count, not the interpretation; an older Mayo map used it for the "
    "interpretation, so it is read (a coded pattern only), never written",
    display_checked=False,
)
IGG_INDEX = Code(LOINC, "14117-6", "IgG index in Serum and CSF",
                 verified="LOINC release table; HL7 ConceptMap lab-396")
KFLC_INDEX = local("kflc-index", "Kappa free light chain index (CSF/serum kappa FLC quotient over "
                   "albumin quotient)")
CK = Code(LOINC, "2157-6", "Creatine kinase [Enzymatic activity/volume] in Serum or Plasma",
          verified="LOINC long name with short name 'CK SerPl-cCnc' in public LOINC-derived tables; "
          "German Medical Informatics Initiative (MII) FHIR test data; unit U/L")
CSF_WHITE_CELLS = Code(
    LOINC, "26465-5", "Leukocytes [#/volume] in Cerebral spinal fluid",
    verified="MIT-LCP MIMIC-IV d_labitems LOINC map ('WBC, CSF', cerebrospinal fluid); public CSF "
    "code lists pair it with 805-2 (automated) and 806-0 (manual count)")
CSF_WHITE_CELLS_AUTOMATED = Code(
    LOINC, "805-2", "Leukocytes [#/volume] in Cerebral spinal fluid by Automated count",
    verified="public CSF LOINC code lists (method-specific variant of 26465-5)")
CSF_WHITE_CELLS_MANUAL = Code(
    LOINC, "806-0", "Leukocytes [#/volume] in Cerebral spinal fluid by Manual count",
    verified="public LOINC value-set fragments (method-specific variant of 26465-5)")
CSF_PROTEIN = Code(LOINC, "2880-3", "Protein [Mass/volume] in Cerebral spinal fluid",
                   verified="loinc2hpo annotation (obophenotype/human-phenotype-ontology issue 3614)")
AQP4_IGG = Code(
    LOINC, "43638-6", "Aquaporin-4 IgG (NMO-IgG) in Serum",
    verified="Mayo Clinic Laboratories NMOFS (NMO/AQP4-IgG FACS, serum) order and result LOINC",
    display_checked=False)
MOG_IGG = Code(
    LOINC, "90248-6", "Myelin oligodendrocyte glycoprotein IgG in Serum",
    verified="Mayo Clinic Laboratories MOGFS (MOG-IgG1 FACS, serum) order and result LOINC",
    display_checked=False)
#: No LOINC code confirmed (see the module docstring): local.
ANTI_GM1_IGM = local("anti-gm1-igm", "Ganglioside GM1 IgM antibody in serum")
#: No LOINC code confirmed (see the module docstring): local.
AR_CAG_REPEATS = local("ar-cag-repeats", "Androgen receptor (AR) gene CAG repeat count")
#: Not checked against a LOINC source this round (local): HTLV-1, AChR and MuSK antibodies.
HTLV1_ANTIBODIES = local("htlv1-antibodies", "HTLV-1 antibodies in serum")
ACHR_ANTIBODIES = local("achr-antibodies", "Acetylcholine receptor antibodies in serum")
MUSK_ANTIBODIES = local("musk-antibodies", "Muscle-specific kinase (MuSK) antibodies in serum")

SNOMED_POSITIVE = Code(SNOMED, "10828004", "Positive", verified="SNOMED CT qualifier value")
SNOMED_NEGATIVE = Code(SNOMED, "260385009", "Negative", verified="SNOMED CT qualifier value")

# --------------------------------------------------------------------------- local findings

AGE_UNIT = "a"
EMG_MUSCLE = local("emg-muscle", "Needle EMG of one muscle")
MRI_STUDY = local("mri-study", "MRI examination")
MRI_LESION = local("mri-lesion", "MRI T2-hyperintense lesion")
MOTOR_EXAM = local("motor-exam", "Motor examination of one body region")
CASE_SUMMARY = local("case-summary", "Case dates, body-mass index, exclusion of other causes, notes")
NEURO_EXAM = local("neuro-exam", "Neurological examination outside the regional motor exam")
HISTORY = local("history", "Background history pointing to specific mimics")
COURSE = local("course", "Course of the illness")
GENETICS = local("genetics", "Genetic results relevant to the differential")
OPTIC_NERVE_TESTS = local("optic-nerve-tests", "Optical coherence tomography and visual evoked potentials")
CNS_EPISODE = local("cns-episode", "Neurological episode (candidate multiple sclerosis attack)")
EMG_REGION = local("emg-region", "Needle EMG summary of one body region")
NERVE_CONDUCTION = local("nerve-conduction", "Nerve conduction study of one nerve, or a summary row")
MUSCLE_BIOPSY = local("muscle-biopsy", "Muscle biopsy findings")
MICRORNA = local("microrna", "Circulating microRNA measurement (investigational)")
SERUM_SAMPLE = local("serum-sample", "Serum sample: collection date of the serum results")
CSF_SAMPLE = local("csf-sample", "Cerebrospinal fluid sample: collection date of the CSF results")
NEUROMUSCULAR_JUNCTION = local("neuromuscular-junction", "Neuromuscular-junction electrodiagnosis")
MUSCLE_SYSTEM = "https://sclerodx.org/fhir/CodeSystem/muscle"
REGION_SYSTEM = "https://sclerodx.org/fhir/CodeSystem/region"

# --------------------------------------------------------------------------- diagnoses

#: SNOMED CT codes of differential diagnoses, checked against published value sets.
DIAGNOSES: dict[str, Code] = {
    "ms": Code(SNOMED, "24700007", "Multiple sclerosis", verified="SNOMED CT; MeSH/UMLS cross-maps"),
    "als": Code(SNOMED, "86044005", "Amyotrophic lateral sclerosis",
                verified="SNOMED CT; MeSH D000690 cross-map, Monarch MONDO xrefs"),
    "nmosd": Code(SNOMED, "25044007", "Neuromyelitis optica",
                  verified="SNOMED CT; two independent public clinical code tables"),
}


def diagnosis_code(key: str, label: str) -> Code:
    """The code of a differential diagnosis: SNOMED CT when verified, else local."""
    return DIAGNOSES.get(key) or local(key, label, system=DIAGNOSIS_SYSTEM)


@dataclass(frozen=True, slots=True)
class Lab:
    """One laboratory result of the case and how it travels.

    ``field`` is the dotted case path (``serum.ck_u_per_l``); ``write`` is the code
    written (a verified standard code, else local); ``read`` lists the other codes
    accepted on reading (unverified candidates and method-specific variants).
    """

    field: str
    write: Code
    read: tuple[Code, ...] = ()


#: Every laboratory result a case holds, in the order they are written.
LABS: tuple[Lab, ...] = (
    Lab("age", AGE),
    Lab("serum.nfl", SERUM_NFL),
    Lab("serum.ck_u_per_l", CK),
    Lab("serum.aqp4_igg", AQP4_IGG),
    Lab("serum.mog_igg", MOG_IGG),
    Lab("serum.anti_gm1_igm", ANTI_GM1_IGM),
    Lab("serum.htlv1_antibodies", HTLV1_ANTIBODIES),
    Lab("serum.achr_antibodies", ACHR_ANTIBODIES),
    Lab("serum.musk_antibodies", MUSK_ANTIBODIES),
    Lab("csf.nfl", CSF_NFL, read=(CSF_NFL_CANDIDATE,)),
    Lab("csf.pnfh", CSF_PNFH),
    Lab("csf.ocb", OCB, read=(OCB_COUNT,)),
    Lab("csf.igg_index", IGG_INDEX),
    Lab("csf.kflc_index", KFLC_INDEX),
    Lab("csf.white_cells_per_ul", CSF_WHITE_CELLS, read=(CSF_WHITE_CELLS_AUTOMATED, CSF_WHITE_CELLS_MANUAL)),
    Lab("csf.protein", CSF_PROTEIN),
    Lab("genetics.ar_cag_repeats", AR_CAG_REPEATS),
)

#: Every code the reader accepts for a laboratory result, by (system, code).
LAB_CODES: dict[tuple[str, str], str] = {
    (code.system, code.code): lab.field for lab in LABS for code in (lab.write, *lab.read)
}

#: The code the writer uses for each laboratory field.
LAB_WRITE: dict[str, Code] = {lab.field: lab.write for lab in LABS}
