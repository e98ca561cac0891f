"""The diagnoses the differential weighs against each other.

The list is the issue's: the two diseases sclerodx is about (MS, split by course, and
ALS), the motor neuron disease phenotypes that the ALS criteria treat differently
(primary lateral sclerosis, progressive muscular atrophy), the mimics that a
neuromuscular or MS clinic most often has to exclude (Turner and Talbot 2013;
Traynor et al. 2000) and a catch-all ``other``. The set is exhaustive by construction
only through ``other``; the posterior of ``other`` is the model's way of saying "none
of the named diagnoses explains this well".

SNOMED CT codes are given only where they were checked against the project's research
notes (multiple sclerosis 24700007, amyotrophic lateral sclerosis 86044005); the other
codes are left out rather than guessed.

References
----------
.. [1] Turner MR, Talbot K. Mimics and chameleons in motor neurone disease. Pract Neurol.
   2013;13(3):153-164.
.. [2] Traynor BJ et al. Amyotrophic lateral sclerosis mimic syndromes: a population-based
   study. Arch Neurol. 2000;57(1):109-113.
"""

from __future__ import annotations

from enum import StrEnum


class Diagnosis(StrEnum):
    """A diagnosis of the differential (the value is the stable identifier)."""

    RELAPSING_MS = "relapsing_ms"
    PROGRESSIVE_MS = "progressive_ms"
    ALS = "als"
    PLS = "pls"
    PMA = "pma"
    CSM = "csm"
    MMN = "mmn"
    SBMA = "sbma"
    NMOSD_MOGAD = "nmosd_mogad"
    IBM = "ibm"
    HSP = "hsp"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return LABELS[self]

    @property
    def snomed_ct(self) -> str | None:
        """SNOMED CT concept id, where verified."""
        return SNOMED_CT.get(self)


#: The diagnoses in the fixed order used by every array in the differential.
DIAGNOSES: tuple[Diagnosis, ...] = tuple(Diagnosis)

LABELS: dict[Diagnosis, str] = {
    Diagnosis.RELAPSING_MS: "Relapsing multiple sclerosis (incl. first attack / CIS)",
    Diagnosis.PROGRESSIVE_MS: "Progressive multiple sclerosis (primary or secondary)",
    Diagnosis.ALS: "Amyotrophic lateral sclerosis",
    Diagnosis.PLS: "Primary lateral sclerosis",
    Diagnosis.PMA: "Progressive muscular atrophy",
    Diagnosis.CSM: "Cervical spondylotic myelopathy",
    Diagnosis.MMN: "Multifocal motor neuropathy",
    Diagnosis.SBMA: "Spinal and bulbar muscular atrophy (Kennedy disease)",
    Diagnosis.NMOSD_MOGAD: "NMOSD / MOG antibody-associated disease",
    Diagnosis.IBM: "Inclusion body myositis",
    Diagnosis.HSP: "Hereditary spastic paraplegia",
    Diagnosis.OTHER: "Other diagnosis",
}

SNOMED_CT: dict[Diagnosis, str] = {
    Diagnosis.RELAPSING_MS: "24700007",  # multiple sclerosis (disorder), the parent concept
    Diagnosis.PROGRESSIVE_MS: "24700007",
    Diagnosis.ALS: "86044005",
}


def find_diagnosis(name: str) -> Diagnosis:
    """The diagnosis with identifier ``name``; a clear error lists the valid ones."""
    try:
        return Diagnosis(name)
    except ValueError:
        valid = ", ".join(d.value for d in DIAGNOSES)
        raise ValueError(f"unknown diagnosis {name!r}: expected one of {valid}") from None
