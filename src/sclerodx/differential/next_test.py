"""Which test to do next: expected information gain about the diagnosis.

For a test that would reveal the unknown findings F (e.g. nerve conduction reveals
conduction block and sensory responses), the predictive probability of an outcome o (a
joint state of F) is P(o) = Σ_d π(d) Π_{f∈F} P(o_f | d) under the current posterior π,
using the same evidence table and the same conditional-independence assumption as the
posterior itself. The expected information gain is the mutual information between the
diagnosis and the outcome,

    EIG = H(π) − Σ_o P(o) · H(π | o)      (bits),

the expected drop in the entropy of the differential (Lindley 1956). Alongside it we
report the probability that the result changes the leading diagnosis, the quantity a
clinician most directly cares about, and the single result that would move the leader
most. A test is offered while one of its main findings is unknown (a cervical EMG is
not offered again because myopathic units were not recorded); its side findings are
counted only when it is offered. Investigational findings are never offered as tests.

References
----------
.. [1] Lindley DV. On a measure of the information provided by an experiment. Ann Math
   Stat. 1956;27(4):986-1005.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
from numpy.typing import NDArray

from sclerodx.differential.batch import CompiledTable, FloatArray
from sclerodx.differential.diagnoses import DIAGNOSES
from sclerodx.differential.model import NextTest

#: Outcomes below this predictive probability are not quoted in the reason.
_QUOTE_MIN_PROBABILITY = 0.01


@dataclass(frozen=True, slots=True)
class TestSpec:
    """A test, the findings it is done for and the side findings its result also reveals."""

    id: str
    label: str
    findings: tuple[str, ...]
    also: tuple[str, ...] = ()


TESTS: tuple[TestSpec, ...] = (
    TestSpec("emg_bulbar", "Needle EMG of a bulbar muscle (tongue, masseter)", ("emg_lmn_bulbar",)),
    TestSpec("emg_cervical", "Needle EMG of the cervical region (two arm muscles, different roots "
             "and nerves)", ("emg_lmn_cervical",), ("emg_myopathic",)),
    TestSpec("emg_thoracic", "Needle EMG of thoracic paraspinal or abdominal muscles", ("emg_lmn_thoracic",)),
    TestSpec("emg_lumbosacral", "Needle EMG of the lumbosacral region (two leg muscles, different "
             "roots and nerves)", ("emg_lmn_lumbosacral",), ("emg_myopathic",)),
    TestSpec("nerve_conduction", "Nerve conduction studies (motor conduction block, sensory responses)",
             ("conduction_block", "snap_reduced")),
    TestSpec("brain_mri", "Brain MRI with gadolinium", ("brain_mri",), ("mri_activity",)),
    TestSpec("spinal_mri", "Spinal cord MRI (cervical and thoracic)", ("spinal_mri", "cord_compression")),
    TestSpec("susceptibility_mri", "Susceptibility-weighted MRI for central vein sign and rim lesions",
             ("cvs_select6", "paramagnetic_rim")),
    TestSpec("lumbar_puncture", "Lumbar puncture: oligoclonal bands, κ-FLC index, cell count, CSF NfL",
             ("intrathecal_igg", "csf_pleocytosis"), ("neurofilament",)),
    TestSpec("serum_nfl", "Serum neurofilament light chain", ("neurofilament",)),
    TestSpec("aqp4_mog_antibodies", "Serum AQP4-IgG and MOG-IgG (cell-based assays)",
             ("aqp4_igg", "mog_igg")),
    TestSpec("anti_gm1", "Serum anti-GM1 IgM", ("anti_gm1",)),
    TestSpec("creatine_kinase", "Serum creatine kinase", ("ck",)),
    TestSpec("sbma_genetics", "Androgen-receptor CAG repeat length (Kennedy disease)", ("ar_cag",)),
    TestSpec("hsp_panel", "Hereditary spastic paraplegia gene panel", ("hsp_genetic",)),
    TestSpec("als_genetics", "C9orf72 expansion and SOD1 testing", ("als_gene",)),
)


def entropy_bits(p: FloatArray) -> FloatArray:
    """Shannon entropy (bits) along the last axis, with 0·log 0 = 0."""
    safe = np.where(p > 0, p, 1.0)
    entropy: FloatArray = -(p * np.log2(safe)).sum(axis=-1)
    return entropy


def _outcomes(columns: list[int], table: CompiledTable) -> tuple[list[tuple[str, ...]], FloatArray]:
    """All joint outcomes of the columns and P(outcome | diagnosis), shape (n_outcomes, n_dx)."""
    labels = list(product(*(table.states[c] for c in columns)))
    likelihood = np.ones((1, len(DIAGNOSES)))
    for column in columns:
        p = table.probabilities(column)
        likelihood = (likelihood[:, None, :] * p[None, :, :]).reshape(-1, len(DIAGNOSES))
    return [tuple(label) for label in labels], likelihood


def _reason(spec: TestSpec, columns: list[int], table: CompiledTable, posterior: FloatArray,
            labels: list[tuple[str, ...]], p_outcome: FloatArray, post_outcome: FloatArray,
            gain: float, change: float) -> str:
    leader = int(np.argmax(posterior))
    quotable = np.flatnonzero(p_outcome >= _QUOTE_MIN_PROBABILITY)
    shift = np.abs(post_outcome[quotable, leader] - posterior[leader])
    best = int(quotable[np.argmax(shift)]) if quotable.size else int(np.argmax(p_outcome))
    result = "; ".join(f"{table.finding_ids[c]} {state}"
                       for c, state in zip(columns, labels[best], strict=True))
    new_leader = int(np.argmax(post_outcome[best]))
    if new_leader != leader:
        effect = (f"would make {DIAGNOSES[new_leader].label} lead "
                  f"({post_outcome[best, new_leader]:.0%})")
    else:
        effect = (f"would move {DIAGNOSES[leader].label} from {posterior[leader]:.0%} "
                  f"to {post_outcome[best, leader]:.0%}")
    return (f"{spec.label}: expected information gain {gain:.2f} bits; the leading diagnosis changes "
            f"with probability {change:.0%}. The most decisive result ({result}; "
            f"{p_outcome[best]:.0%} likely) {effect}.")


def rank_tests(posterior: FloatArray, state_row: NDArray[np.integer], table: CompiledTable) -> list[NextTest]:
    """Rank the tests not yet done by expected information gain (highest first).

    Parameters
    ----------
    posterior
        Current posterior, shape (n_diagnoses,).
    state_row
        The case's finding states (-1 = unknown), shape (n_findings,).
    table
        The compiled evidence table the posterior came from.
    """
    prior_entropy = float(entropy_bits(posterior))
    leader = int(np.argmax(posterior))
    ranked: list[NextTest] = []
    for spec in TESTS:
        if all(state_row[table.column(f)] >= 0 for f in spec.findings):
            continue
        columns = [table.column(f) for f in spec.findings + spec.also]
        columns = [c for c in columns if state_row[c] < 0 and not table.investigational[c]]
        labels, likelihood = _outcomes(columns, table)
        joint = likelihood * posterior
        p_outcome = joint.sum(axis=1)
        post_outcome = joint / p_outcome[:, None]
        gain = max(0.0, prior_entropy - float(p_outcome @ entropy_bits(post_outcome)))
        change = float(p_outcome[np.argmax(post_outcome, axis=1) != leader].sum())
        ranked.append(NextTest(
            test=spec.id,
            label=spec.label,
            findings=[table.finding_ids[c] for c in columns],
            expected_information_gain_bits=gain,
            probability_leader_changes=min(1.0, change),
            reason=_reason(spec, columns, table, posterior, labels, p_outcome, post_outcome, gain, change),
        ))
    return sorted(ranked, key=lambda t: -t.expected_information_gain_bits)
