"""The primary sources of every criteria set, in one table."""

from __future__ import annotations

from sclerodx.criteria.result import Citation

MCDONALD_2017 = Citation(
    authors="Thompson AJ, Banwell BL, Barkhof F, et al.",
    year=2018,
    title="Diagnosis of multiple sclerosis: 2017 revisions of the McDonald criteria",
    journal="Lancet Neurol",
    reference="17(2):162-173",
)
MCDONALD_2024 = Citation(
    authors="Montalban X, Lebrun-Frénay C, Oh J, et al.",
    year=2025,
    title="Diagnosis of multiple sclerosis: 2024 revisions of the McDonald criteria",
    journal="Lancet Neurol",
    reference="24(10):850-865",
)
ATTACK_SEPARATION = Citation(
    authors="Polman CH, Reingold SC, Banwell B, et al.",
    year=2011,
    title="Diagnostic criteria for multiple sclerosis: 2010 revisions to the McDonald criteria",
    journal="Ann Neurol",
    reference="69(2):292-302",
)
KFLC_CUTOFF = Citation(
    authors="Deisenhammer F, et al.",
    year=2025,
    title="Cerebrospinal fluid in the 2024 McDonald criteria (CSF working group)",
    journal="EBioMedicine",
    reference="120:105905",
)
EL_ESCORIAL_REVISED = Citation(
    authors="Brooks BR, Miller RG, Swash M, Munsat TL",
    year=2000,
    title="El Escorial revisited: revised criteria for the diagnosis of amyotrophic lateral sclerosis",
    journal="Amyotroph Lateral Scler Other Motor Neuron Disord",
    reference="1(5):293-299",
)
AWAJI = Citation(
    authors="de Carvalho M, Dengler R, Eisen A, et al.",
    year=2008,
    title="Electrodiagnostic criteria for diagnosis of ALS",
    journal="Clin Neurophysiol",
    reference="119(3):497-503",
)
GOLD_COAST = Citation(
    authors="Shefner JM, Al-Chalabi A, Baker MR, et al.",
    year=2020,
    title="A proposal for new diagnostic criteria for ALS",
    journal="Clin Neurophysiol",
    reference="131(8):1975-1978",
)
PLS_TURNER_2020 = Citation(
    authors="Turner MR, Barohn RJ, Corcia P, et al.",
    year=2020,
    title="Primary lateral sclerosis: consensus diagnostic criteria",
    journal="J Neurol Neurosurg Psychiatry",
    reference="91(4):373-377",
)
