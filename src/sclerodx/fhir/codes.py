"""The one table of codes sclerodx reads and writes in FHIR.

Standard codes (LOINC for laboratory tests, SNOMED CT for diagnoses) are used where
their meaning was checked against a published source; the source is kept with the
code in :attr:`Code.verified`. A code that could not be checked is never *written*:
the writer falls back to the local code system and the reader accepts the candidate
standard code as an alias, so an EHR is never handed a code sclerodx cannot vouch for.

Findings that have no standard code (needle-EMG features, MRI lesion features, the
regional motor examination) live in the local code system :data:`FINDING_SYSTEM`,
whose codes are the case-model field names.

References
----------
.. [1] McDonald CJ, Huff SM, Suico JG, et al. LOINC, a universal standard for
       identifying laboratory observations: a 5-year update. Clin Chem.
       2003;49(4):624-633.
.. [2] HL7 International. FHIR Release 4B (v4.3.0), 2022. http://hl7.org/fhir/R4B/
.. [3] Mayo Clinic Laboratories test catalog: NFLC (Neurofilament light chain,
       plasma; result LOINC 101281-4) and OLIG (oligoclonal banding; CSF bands
       interpretation LOINC 49852-7).
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

    def coding(self) -> dict[str, Any]:
        """The FHIR ``Coding`` of this code."""
        return {"system": self.system, "code": self.code, "display": self.display}

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
OCB = Code(
    LOINC,
    "49852-7",
    "Oligoclonal bands [Interpretation] in Cerebral spinal fluid",
    verified="Mayo Clinic Laboratories OLIG profile, 'CSF Olig Bands Interpretation' result LOINC",
)
OCB_IEF = Code(
    LOINC,
    "100756-6",
    "Oligoclonal bands [Interpretation] in Cerebral spinal fluid by Isoelectric focusing",
    verified="LOINC release table (long common name)",
)
IGG_INDEX = Code(LOINC, "14117-6", "IgG index in Serum and CSF",
                 verified="LOINC release table; HL7 ConceptMap lab-396")
KFLC_INDEX = local("kflc-index", "Kappa free light chain index (CSF/serum kappa FLC quotient over "
                   "albumin quotient)")

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


#: Every standard code the reader accepts, by (system, code), with what it fills.
LAB_CODES: dict[tuple[str, str], str] = {
    (AGE.system, AGE.code): "age",
    (SERUM_NFL.system, SERUM_NFL.code): "serum.nfl",
    (CSF_NFL.system, CSF_NFL.code): "csf.nfl",
    (CSF_NFL_CANDIDATE.system, CSF_NFL_CANDIDATE.code): "csf.nfl",
    (OCB.system, OCB.code): "csf.ocb",
    (OCB_IEF.system, OCB_IEF.code): "csf.ocb",
    (IGG_INDEX.system, IGG_INDEX.code): "csf.igg_index",
    (KFLC_INDEX.system, KFLC_INDEX.code): "csf.kflc_index",
}

#: The code the writer uses for each laboratory field (verified codes only).
LAB_WRITE: dict[str, Code] = {
    "age": AGE,
    "serum.nfl": SERUM_NFL,
    "csf.nfl": CSF_NFL,
    "csf.ocb": OCB,
    "csf.igg_index": IGG_INDEX,
    "csf.kflc_index": KFLC_INDEX,
}
