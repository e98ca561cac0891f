"""Tests a guideline names for a clinical pattern, whatever the posterior says.

Expected information ranks tests by what they would do to the *current* posterior, so a
test that defines a rare diagnosis is worth little while the prior keeps that diagnosis
rare: nerve conduction in a pure lower motor neuron (LMN) syndrome while ALS is a hundred
times commoner than multifocal motor neuropathy (MMN), the androgen-receptor test in a
man with a slow LMN syndrome. The guidelines do not wait for the posterior: they name the
test for the presentation, because the diagnosis it finds is treatable or changes
counselling, and because the clinical picture alone cannot exclude it. Each
:class:`Indication` is one such rule, read from the finding states the differential
already has (unknown stays unknown: a rule whose pattern is not documented does not
apply, and none applies once the differential is settled), and an indicated test earns
:data:`INDICATION_WEIGHT` bits in the expected value of :mod:`sclerodx.differential.next_test`.

The rules
---------
* **Nerve conduction in a limb LMN syndrome without UMN signs** (wasting, fasciculations,
  reduced reflexes, or weakness the examiner attributes to the LMN, in a limb; no UMN
  sign recorded): conduction block must be
  looked for in every patient with asymmetric limb weakness without UMN signs (Joint Task
  Force of the EFNS and the PNS 2010, MMN guideline), and nerve conduction is part of the
  work-up of every suspected motor neuron disease (Andersen et al. 2012).
* **Androgen-receptor CAG repeats in a man with LMN signs and no UMN signs** that carries
  a Kennedy disease feature: gynaecomastia, reduced sensory responses (the sensory
  neuronopathy of SBMA), or bulbar LMN signs with a course of two years or more; or in a
  man with weakness in an X-linked pedigree
  (French national protocol for Kennedy disease, Pradat et al. 2020; Grunseich &
  Fischbeck 2015).
* **AQP4-IgG and MOG-IgG with an area postrema syndrome**, a core NMOSD characteristic
  with no counterpart in MS (Wingerchuk et al. 2015). Otherwise the antibodies come after
  MRI (:mod:`sclerodx.differential.next_test`, ``TestSpec.after``), as targeted testing
  (Banwell et al. 2023). Bilateral or recurrent optic neuritis is not an indication here:
  the finding's state merges bilateral (a MOGAD supporting feature) with recurrent optic
  neuritis, which relapsing MS often has.
* **Creatine kinase and muscle biopsy with finger-flexor and quadriceps weakness**: the
  clinical pattern of inclusion body myositis, whose criteria rest on CK and biopsy (ENMC
  2011; Rose et al. 2013).

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
_REGIONS = ("region_bulbar", "region_cervical", "region_thoracic", "region_lumbosacral")
#: Clinical LMN signs (wasting, fasciculations, reduced reflexes; Brooks 2000): weakness alone
#: is not an LMN syndrome.
_LMN_SIGNS = ("wasting", "fasciculations", "reflexes_reduced")


@cache
def _patterns(parts: tuple[str, ...]) -> tuple[PartValues, ...]:
    return part_patterns(parts)


@dataclass(frozen=True, slots=True)
class Reading:
    """The finding states of one case, read by name (``None`` = unknown)."""

    state_row: NDArray[np.integer]
    table: CompiledTable
    sex: int

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
    """A test a guideline names for a clinical pattern."""

    test: str
    applies: Callable[[Reading], bool]
    words: str
    source: str


def _lmn_weakness(r: Reading, regions: tuple[str, ...]) -> bool:
    """Weakness in ``regions`` that the examiner attributes to the LMN (``weakness_origin``):
    the clinical LMN sign the criteria count (Brooks 2000; Shefner 2020), and the
    "weakness without UMN signs" of the MMN guideline, even before wasting appears."""
    return r.state("weakness_origin") == "lmn" and r.any_part(regions, ("weakness",))


def _limb_lmn_without_umn(r: Reading) -> bool:
    return r.no_umn_signs() and (r.any_part(_LIMBS, _LMN_SIGNS) or _lmn_weakness(r, _LIMBS))


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


def _area_postrema(r: Reading) -> bool:
    return r.state("area_postrema") == "present"


def _ibm_pattern(r: Reading) -> bool:
    return r.state("ibm_pattern") == "both"


_EFNS_PNS = "Joint Task Force of the EFNS and the PNS, J Peripher Nerv Syst 2010;15:295-301"
_IBM_WORDS = "finger-flexor and quadriceps weakness (the IBM pattern)"
_IBM = "ENMC 2011 criteria (Rose MR et al., Neuromuscul Disord 2013;23:1044-1055)"
INDICATIONS: tuple[Indication, ...] = (
    Indication("nerve_conduction", _limb_lmn_without_umn,
               "limb weakness or wasting without UMN signs: conduction block (MMN, treatable) must be sought",
               f"{_EFNS_PNS}; Andersen PM et al., Eur J Neurol 2012;19:360-375"),
    Indication("sbma_genetics", _kennedy_pattern,
               "a man with an LMN syndrome and a Kennedy disease feature (gynaecomastia, sensory "
               "neuronopathy, X-linked pedigree, or long-standing bulbar LMN signs)",
               "Pradat PF et al., Orphanet J Rare Dis 2020;15:90; Grunseich C, Fischbeck KH, Neurol Clin "
               "2015;33:847-854"),
    Indication("aqp4_mog_antibodies", _area_postrema, "an area postrema syndrome (a core NMOSD feature)",
               "Wingerchuk DM et al., Neurology 2015;85:177-189; Banwell B et al., Lancet Neurol "
               "2023;22:268-282"),
    Indication("creatine_kinase", _ibm_pattern, _IBM_WORDS, _IBM),
    Indication("muscle_biopsy", _ibm_pattern, _IBM_WORDS, _IBM),
)


def indications(test: str, state_row: NDArray[np.integer], table: CompiledTable, sex: int,
                posterior: FloatArray) -> list[Indication]:
    """The guideline indications that apply to ``test`` in this case (none once the posterior is
    settled: :data:`SETTLED_PROBABILITY`)."""
    if float(posterior.max()) >= SETTLED_PROBABILITY:
        return []
    reading = Reading(state_row, table, sex)
    return [i for i in INDICATIONS if i.test == test and i.applies(reading)]
