"""Coexisting MS and ALS: one patient, two diseases.

The differential's diagnoses are mutually exclusive, but MS and ALS are reported together:
Aljthalin et al. (2024) count 33 published co-occurrences from 1986 to 2023, in most of
which ALS appeared years after MS (Hader et al. 2018: six patients, MS progressive in all).
A patient with MS-typical brain lesions and oligoclonal bands *and* widespread UMN + LMN
signs is explained badly by either disease alone, and that is exactly the case in which
the question matters (ALS is missed when the picture is put down to MS).

The model adds the pair as one more hypothesis, outside the twelve:

* **Prior.** The chance co-occurrence: a person with incident ALS who already has MS,
  prior(ALS) × prevalence of MS at that age and sex (:data:`MS_PREVALENCE`; about 0.1-0.3%
  in Europe). The reports do not establish an association beyond chance, so none is
  assumed (expert estimate).
* **Likelihood.** Each finding under "MS and ALS" follows from the two diseases' rows: the
  MS component is :data:`MS_MIX` of relapsing and progressive MS (progressive in most
  reported co-occurrences; Hader 2018); a region's latent state is the union of the two
  diseases' involvement (UMN from either, LMN from ALS: UMN + LMN when both); findings
  with ordered states (absent < present, none < one area < two or more...) take the worse
  of the two; a course of relapses plus ALS is relapsing-then-progressive; the parts of
  the nerve conduction study are each abnormal if either disease makes them so; the
  remaining findings (genetics, antibodies, family history, biopsy) follow ALS.

:func:`coexistence_probability` gives P(MS and ALS | evidence) in the space of the twelve
diagnoses plus the pair. The twelve posteriors of the differential are unchanged (they
answer "which single diagnosis"), and the differential reports the pair beside them.

References
----------
.. [1] Aljthalin R et al. Multiple sclerosis and amyotrophic lateral sclerosis: is there
   an association or a red flag? A case report and literature review. BMC Neurol.
   2024;24:307.
.. [2] Hader WJ et al. Co-occurrence of MS and ALS: a clue in favor of common
   pathophysiological findings? Amyotroph Lateral Scler Frontotemporal Degener.
   2018;19:500-505.
.. [3] Walton C et al. Rising prevalence of multiple sclerosis worldwide: insights from the
   Atlas of MS, third edition. Mult Scler. 2020;26:1816-1821.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sclerodx.differential.batch import CompiledTable, FloatArray, used_columns
from sclerodx.differential.diagnoses import DIAGNOSES, Diagnosis
from sclerodx.differential.priors import AGE_UNKNOWN, N_AGE_BANDS, age_index, prior_matrix, sex_index

#: Weights of relapsing and progressive MS in the MS component (expert estimate from the
#: reported co-occurrences, mostly progressive; Hader 2018).
MS_MIX = {Diagnosis.RELAPSING_MS: 0.3, Diagnosis.PROGRESSIVE_MS: 0.7}
#: Prevalence of MS (fraction) by age band (<20, 20-29, ..., >=80) for women and men; unknown
#: age and sex average them. Expert shape around the European prevalence of about 140 per
#: 100,000 (Walton 2020), with the 2.5:1 female excess of MS prevalence.
MS_PREVALENCE: dict[str, tuple[float, ...]] = {
    "female": (0.0002, 0.0012, 0.0025, 0.0033, 0.0035, 0.003, 0.002, 0.001),
    "male": (0.0001, 0.0005, 0.001, 0.0013, 0.0014, 0.0012, 0.0008, 0.0004),
}
#: Share of the pair's distribution given to the plain mixture of the two diseases' rows, so
#: that no outcome has probability 0 under the pair (the table's own rule: no finding may veto
#: a hypothesis for ever; expert estimate).
FLOOR_SHARE = 0.02
#: The pair is reported when at least this probable.
REPORT_MIN_PROBABILITY = 0.01

_COURSE_WITH_ALS = {"relapsing": "relapsing_then_progressive", "single_attack": "relapsing_then_progressive",
                    "progressive": "progressive", "relapsing_then_progressive": "relapsing_then_progressive"}
#: Findings that follow ALS in the pair (not made worse by MS).
_FOLLOW_ALS = frozenset({
    "family_history_als", "family_history_hsp", "family_history_pattern", "gynaecomastia", "ar_cag",
    "hsp_genetic", "als_gene", "aqp4_igg", "mog_igg", "anti_gm1", "biopsy_rimmed_vacuoles",
    "biopsy_inflammation", "biopsy_neurogenic", "syringomyelia", "prior_spinal_surgery",
    "flexion_forward_shift", "ibm_pattern", "mirna_dysregulated", "htlv1_endemic_origin",
})
#: Latent region states as (UMN, LMN, weakness-only) flags and back.
_FLAGS = ((0, 0, 0), (1, 0, 0), (0, 1, 0), (1, 1, 0), (0, 0, 1))


def _union_state(a: int, b: int) -> int:
    umn, lmn, weak = (x | y for x, y in zip(_FLAGS[a], _FLAGS[b], strict=True))
    if umn and lmn:
        return 3
    if umn or lmn:
        return 1 if umn else 2
    return 4 if weak else 0


def _max_combine(p: FloatArray, q: FloatArray) -> FloatArray:
    """Distribution of the worse of two independent ordered outcomes."""
    cdf = np.cumsum(p) * np.cumsum(q)
    out: FloatArray = np.diff(np.concatenate([[0.0], cdf]))
    return out


def _pair_outcomes(column: int, table: CompiledTable, ms: FloatArray, als: FloatArray) -> FloatArray:
    """P(joint outcome | MS and ALS) of one finding, from the MS and ALS distributions."""
    finding = table.finding_ids[column]
    latent = table.latent[column] if table.latent else None
    if latent is not None:
        j_als = DIAGNOSES.index(Diagnosis.ALS)
        ms_latent = np.sum([w * latent.latent_p[:, DIAGNOSES.index(d)] for d, w in MS_MIX.items()], axis=0)
        pair_latent = np.zeros(latent.latent_p.shape[0])
        for a, pa in enumerate(ms_latent):
            for b, pb in enumerate(latent.latent_p[:, j_als]):
                pair_latent[_union_state(a, b)] += pa * pb
        chosen = np.where(latent.outcome_parts[:, :, None], latent.part_p[None], 1.0 - latent.part_p[None])
        joint: FloatArray = chosen.prod(axis=1) @ pair_latent
        return joint
    if table.parts[column]:          # direct joint of binary parts: each part is the OR of the two
        n = len(ms)
        out = np.zeros(n)
        for a in range(n):
            for b in range(n):
                out[a | b] += ms[a] * als[b]
        return out
    if finding == "course":
        states = table.states[column]
        out = np.zeros(len(states))
        for i, state in enumerate(states):
            out[states.index(_COURSE_WITH_ALS[state])] += ms[i]
        return out
    if finding in _FOLLOW_ALS:
        return als
    return _max_combine(ms, als)


def pair_log_p(table: CompiledTable) -> FloatArray:
    """log P(observable state | MS and ALS) for every state row of the compiled table (cached)."""
    cached = table.cache.get("coexistence")
    if isinstance(cached, np.ndarray):
        return cached
    j_als = DIAGNOSES.index(Diagnosis.ALS)
    blocks = []
    for column in range(table.n_findings):
        outcomes = table.probabilities(column)
        ms = np.sum([w * outcomes[:, DIAGNOSES.index(d)] for d, w in MS_MIX.items()], axis=0)
        pair = _pair_outcomes(column, table, np.asarray(ms), outcomes[:, j_als])
        pair = (1.0 - FLOOR_SHARE) * pair + FLOOR_SHARE * (ms + outcomes[:, j_als]) / 2.0
        blocks.append(np.log(table.masks[column].astype(float) @ pair))
    log_p = np.concatenate([*blocks, [0.0]])
    log_p.setflags(write=False)
    table.cache["coexistence"] = log_p
    return log_p


def ms_prevalence(age: FloatArray, sex: NDArray[np.integer]) -> FloatArray:
    """MS prevalence per case (fraction), unknown age and sex averaged."""
    table = np.empty((N_AGE_BANDS + 1, 3))
    female, male = (np.asarray(MS_PREVALENCE[s]) for s in ("female", "male"))
    for s, band in enumerate((female, male, (female + male) / 2)):
        table[:N_AGE_BANDS, s] = band
        table[AGE_UNKNOWN, s] = band[1:N_AGE_BANDS - 1].mean()
    prevalence: FloatArray = table[age_index(age), sex_index(sex)]
    return prevalence


def coexistence_probability(
    states: NDArray[np.integer],
    age: FloatArray,
    sex: NDArray[np.integer],
    log_likelihood: FloatArray,
    table: CompiledTable,
    *,
    include_investigational: bool = False,
) -> FloatArray:
    """P(MS and ALS | evidence) per case, in the space of the twelve diagnoses plus the pair.

    ``log_likelihood`` is the cases' (n_cases, n_diagnoses) log-likelihood of the twelve
    diagnoses (:func:`sclerodx.differential.batch.log_likelihood`).
    """
    pair = pair_log_p(table)
    total = np.zeros(states.shape[0])
    for column in np.flatnonzero(used_columns(table, include_investigational)):
        state = states[:, column]
        total += pair[np.where(state >= 0, table.offsets[column] + state, table.unknown_row)]
    prior = prior_matrix(age, sex)
    log_pair = np.log(prior[:, DIAGNOSES.index(Diagnosis.ALS)] * ms_prevalence(age, sex)) + total
    log_single = np.log(prior) + log_likelihood
    top = np.maximum(log_single.max(axis=1), log_pair)
    single = np.exp(log_single - top[:, None]).sum(axis=1)
    paired = np.exp(log_pair - top)
    probability: FloatArray = paired / (single + paired)
    return probability

