"""The differential engine: a Bayesian network with region-level latent states, explained in log-odds.

The model
---------
The diagnosis D (mutually exclusive and exhaustive; ``other`` closes the set) is the
root. Each *finding group* hangs from it, and groups are conditionally independent given
D:

* a **motor region** (bulbar, cervical, thoracic, lumbosacral) is a latent node
  H_r ∈ {normal, UMN only, LMN only, UMN + LMN, weakness without neurogenic features}
  with P(H_r | D), and its observed parts — UMN signs, wasting, fasciculations,
  weakness, reduced reflexes, EMG neurogenic change — are children of H_r only;
* the **nerve conduction study** is one node over the joint of conduction block and
  sensory responses (MMN is *defined* by their combination; Olney 2003, EFNS/PNS 2010);
* the **time from onset** is a child of D and, through one deterministic reading of the
  regions, of the regions: it is read as ``duration`` in general and as
  ``duration_pure_umn`` where the motor examination is a pure UMN syndrome
  (:func:`sclerodx.differential.findings.pure_umn_syndrome`), with rows
  P(time | D, pure UMN) (see *Time and the regions* below);
* every other finding (course, MRI, CSF, antibodies with their titres, genetics, biopsy,
  history) is a child of D;
* ``other`` is itself a mixture: below it a latent cause K (Hirayama disease, myasthenia,
  CIDP, syringomyelia, B12 or copper deficiency, HTLV-1 myelopathy, or an unnamed
  remainder; :mod:`sclerodx.differential.other`) with its own rows, so that
  P(F | other) = Σ_k w_k Π_f P(f | k). The posterior of ``other`` is the sum over its
  causes, and the most probable causes are named in ``Differential.other_causes``.

Why this model
--------------
Naive Bayes multiplied the clinical signs of a region with the EMG of the same region
and the count of involved regions as if they were independent: a handful of correlated
findings reached "ALS 99%", and weakness without wasting could only read "no LMN
involvement", so MMN and IBM were pushed towards MS, HSP or PLS. Three alternatives were
weighed:

* **A dense Bayesian network (pgmpy)** learned or elicited edge by edge: the literature
  gives no conditional tables for most edges, exact inference on dense graphs grows
  quickly (pgmpy#1051), and the per-finding additive explanation is lost.
* **Grouped findings with free joint tables** for every group: exact, but a region's six
  parts need 64 numbers per diagnosis that nobody has published.
* **Region-level latent states (chosen)**: the dependence between a region's signs and
  its EMG is carried by what the literature does describe — which *kind* of involvement
  (UMN, LMN, both, weakness only) each disease produces in each region (El Escorial and
  Gold Coast definitions, the PLS, MMN and IBM criteria) — and how often each sign is
  present given that kind of involvement. It needs 5 numbers per region and diagnosis
  plus 5 per part, gives the weakness-only state its own likelihoods, and keeps the
  model a tree of groups, so inference is exact and cheap: each group's likelihood is
  Σ_h P(h | d) Π_i P(part_i | h), precomputed for every pattern of known and unknown
  parts (unknown parts are summed out, never read as negative). The posterior stays a
  sum of one log-term per group, so the explanation stays exact.

The remaining independence assumption is between groups given the diagnosis (e.g. the
spinal MRI and the leg signs of MS); the uncertainty interval carries the parameter
uncertainty of each group as one block (:mod:`sclerodx.differential.uncertainty`).
Calibration on published case reports is in ``docs/differential.md``.

Time and the regions
--------------------
The PLS criteria rest on a dependence: pure UMN signs for >= 2 years make PLS probable and
>= 4 years definite (Turner et al. 2020), because ALS that begins with UMN signs only
acquires LMN signs within about 4 years (Gordon et al. 2006: at a mean 3.2 years by EMG
and 3.7 on examination). With the time a plain child of D, "pure UMN for 5 years" was
P(pure UMN | ALS) × P(5 years | ALS), as if the two were independent. Two exact ways to
represent the dependence were weighed:

* **condition the region latent states on the time**, P(H_r | D, T): the literature's
  statement in its own direction, but every region group then depends on T, so with the
  time unknown the regions are no longer independent given D (an exact likelihood needs
  a mixture over T, like ``other``'s over its causes), and the latent rows, their
  uncertainty draws, the coexistence pair and the next-test predictions all gain a
  dimension;
* **condition the time on the regions (chosen)**: by the chain rule
  P(regions, T | d) = P(regions | d) P(T | regions, d), and the time is taken to depend on
  the regions only through whether they are a pure UMN syndrome. The regions keep their
  rows; the time is one finding read under that condition, ``duration_pure_umn`` with
  P(T | d, pure UMN) (for ALS from Gordon 2006 by Bayes; for every other diagnosis its
  ``duration`` row, the table's ``rows_from``), or ``duration`` otherwise. Exactly one of
  the two is known, so the time is counted once; the model stays a tree of groups, the
  cohort path stays one gather-and-add per finding (the condition is a column expression
  in :mod:`sclerodx.cohort.derive`, mirrored row for row), and the explanation stays one
  additive term per finding.

What this leaves out: "pure UMN" is read from the recorded parts (UMN signs, LMN signs
examined and absent), not from the latent states, so a region with LMN parts unrecorded
does not make the syndrome pure, and a case whose LMN signs were never looked for keeps the
plain ``duration`` row; the time does not change the latent region states of other
diagnoses (e.g. late amyotrophy in SPG11 HSP).

Diagnoses defined by a test
---------------------------
CSM (cord compression on MRI), Kennedy disease (AR CAG expansion), HSP (a gene panel),
MMN (conduction block) and NMOSD/MOGAD (AQP4/MOG antibodies) are defined by a test.
While that test is not done the posterior of such a diagnosis rests on its prior and on
broad clinical rows; the result lists it under ``not_excluded`` ("not excluded; do X")
whenever its probability is at least :data:`NOT_EXCLUDED_MIN_PROBABILITY`, and it does
not *lead* on its prior alone: if another plausible diagnosis fits the evidence at least
as well, that one is read first (:func:`reading_order`). The probabilities are the
posterior's; only the order in which they are read changes.

Additive explanation
--------------------
With log posterior ℓ_d = log π_d + Σ_f log P(s_f | d) − log Z, the normaliser Z is
shared by all diagnoses, so it cancels in the centred log-ratio

    clr_d = ℓ_d − mean_k ℓ_k = (log π_d − mean_k log π_k) + Σ_f (log P(s_f|d) − mean_k log P(s_f|k)).

Each bracket is one :class:`~sclerodx.differential.model.Contribution` ("prior" for the
first; for ``other`` the finding's term is the chain-rule factor
log Σ_k P(k | earlier findings, other) P(s_f | k), in table order, so the terms of ``other``
also add up exactly to log P(F | other)); they add up exactly to the log-odds of the
diagnosis against the geometric mean of all diagnoses, and softmax of the sums gives back
the posterior. What is shown is on the calibrated scale
(:mod:`sclerodx.differential.calibration`): the output posterior is p^τ normalised, so each
term is the model's term × τ and the sums still give the shown posterior back exactly.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sclerodx.case import Case
from sclerodx.criteria.evidence import CaseEvidence
from sclerodx.differential.batch import (
    CompiledTable,
    FloatArray,
    collapse_log_likelihood,
    encode_states,
    finding_log_terms,
    hypothesis_posterior_and_likelihood,
    packaged_table,
    to_diagnoses,
    used_columns,
)
from sclerodx.differential.calibration import calibrate, calibrate_hypotheses, scale_terms
from sclerodx.differential.coexistence import REPORT_MIN_PROBABILITY, coexistence_probability
from sclerodx.differential.diagnoses import DIAGNOSES, Diagnosis
from sclerodx.differential.evidence_table import load_evidence_table
from sclerodx.differential.findings import observe
from sclerodx.differential.model import (
    Coexistence,
    Contribution,
    DiagnosisProbability,
    Differential,
    NextTest,
    NotExcluded,
    ObservedFinding,
)
from sclerodx.differential.next_test import DEFINING_TESTS, rank_tests
from sclerodx.differential.other import other_causes
from sclerodx.differential.priors import prior_matrix, sex_code
from sclerodx.differential.uncertainty import INTERVAL_LEVEL, posterior_interval

METHOD = (
    "Bayesian network over mutually exclusive diagnoses: age- and sex-specific incidence priors "
    "(referral population); motor regions as latent states (normal, UMN, LMN, both, weakness only) "
    "whose signs and EMG are scored jointly; nerve conduction block and sensory responses scored "
    "jointly; other findings from the cited evidence table; unknown findings and parts contribute "
    "nothing."
)
#: A test-defined diagnosis at least this probable is listed as "not excluded; do X".
NOT_EXCLUDED_MIN_PROBABILITY = 0.05
INTERVAL_MEANING = (
    f"Central {INTERVAL_LEVEL:.0%} range of where the probability would land once the findings "
    "still unknown were documented, with every table probability redrawn from its Dirichlet/Beta "
    "uncertainty (effective sample size n of its row) and the prior from a log-normal factor: "
    "wide while evidence is sparse, narrow once the work-up is complete. Not a clinical "
    "confidence interval."
)


def centred_log_ratio_terms(
    state_row: NDArray[np.integer],
    age: float,
    sex: int,
    table: CompiledTable,
    *,
    include_investigational: bool = False,
) -> tuple[list[int], FloatArray]:
    """The additive terms of each diagnosis's centred log-ratio.

    Returns
    -------
    columns
        The finding columns that contributed (known and used), in table order.
    terms
        Shape (1 + len(columns), n_diagnoses): the prior's term, then one per column.
        Column sums equal ``log p - mean(log p)`` of the calibrated posterior: the model's
        terms on the calibrated scale (:func:`sclerodx.differential.calibration.scale_terms`).
    """
    ages, sexes = np.array([age]), np.array([sex])
    log_prior = np.log(prior_matrix(ages, sexes)[0])
    known = used_columns(table, include_investigational) & (state_row >= 0)
    columns = np.flatnonzero(known)
    terms = np.vstack([log_prior[None],
                       finding_log_terms(np.asarray(state_row)[None], table, columns, ages, sexes)[0]])
    return [int(c) for c in columns], scale_terms(terms - terms.mean(axis=1, keepdims=True))


def not_excluded(
    posterior: FloatArray, state_row: NDArray[np.integer], table: CompiledTable
) -> list[NotExcluded]:
    """Test-defined diagnoses still plausible whose defining test is not done."""
    out = []
    for diagnosis, (finding, test, words) in DEFINING_TESTS.items():
        p = float(posterior[DIAGNOSES.index(diagnosis)])
        if state_row[table.column(finding)] >= 0 or p < NOT_EXCLUDED_MIN_PROBABILITY:
            continue
        out.append(NotExcluded(
            diagnosis=diagnosis, probability=p, test=test,
            reason=f"{diagnosis.label} is not excluded ({p:.0%}, resting on the prior and the clinical "
                   f"picture): it is defined by {words}, which has not been done.",
        ))
    return sorted(out, key=lambda n: -n.probability)


def pending_test_defined(state_row: NDArray[np.integer], table: CompiledTable) -> set[int]:
    """Indices of the test-defined diagnoses whose defining finding is unknown."""
    return {DIAGNOSES.index(d) for d, (finding, _, _) in DEFINING_TESTS.items()
            if state_row[table.column(finding)] < 0}


def reading_order(posterior: FloatArray, evidence: FloatArray, state_row: NDArray[np.integer],
                  table: CompiledTable) -> list[int]:
    """Diagnoses most probable first, except that a pending test-defined diagnosis does not
    lead on its prior alone.

    When the most probable diagnosis is defined by a test not yet done (CSM, Kennedy
    disease, HSP, MMN, NMOSD/MOGAD) and another diagnosis with at least
    :data:`NOT_EXCLUDED_MIN_PROBABILITY` is supported at least as well by the evidence
    (``evidence``: the summed finding terms of each diagnosis's centred log-ratio, i.e.
    the log-likelihood without the prior, up to a shared constant), the best such
    diagnosis leads and the test-defined one follows it; it is reported under
    ``not_excluded`` with its test. Probabilities are not changed.
    """
    order = [int(j) for j in np.argsort(-posterior, kind="stable")]
    first = order[0]
    if first not in pending_test_defined(state_row, table):
        return order
    rivals = [j for j in order[1:] if posterior[j] >= NOT_EXCLUDED_MIN_PROBABILITY
              and evidence[j] >= evidence[first]]
    if not rivals:
        return order
    order.remove(rivals[0])
    return [rivals[0], *order]


def coexistence(states: NDArray[np.integer], ages: FloatArray, sexes: NDArray[np.integer],
                lik: FloatArray, table: CompiledTable, include_investigational: bool) -> list[Coexistence]:
    """MS and ALS together, when at least :data:`REPORT_MIN_PROBABILITY` probable."""
    p = float(coexistence_probability(states, ages, sexes, lik, table,
                                      include_investigational=include_investigational)[0])
    if p < REPORT_MIN_PROBABILITY:
        return []
    return [Coexistence(
        diagnoses=[Diagnosis.RELAPSING_MS, Diagnosis.PROGRESSIVE_MS, Diagnosis.ALS], probability=p,
        reason=f"MS and ALS together: {p:.0%} against every single diagnosis. Co-occurrence is rare but "
               "reported (33 cases to 2023; Aljthalin et al., BMC Neurol 2024); MS lesions or bands do not "
               "explain LMN signs, and ALS does not explain them away.",
    )]


def _prior_label(case: Case) -> str:
    age = "age unknown" if case.age is None else f"age {case.age:g}"
    sex = "sex unknown" if case.sex is None else case.sex.value
    return f"{age}, {sex}"


def differential(
    case: Case,
    *,
    include_investigational: bool = False,
    table: CompiledTable | None = None,
    evidence: CaseEvidence | None = None,
) -> Differential:
    """The explained differential diagnosis of one case.

    Parameters
    ----------
    case
        The clinical case.
    include_investigational
        Let investigational evidence (circulating microRNA) into the posterior. It is
        always reported among the findings, labelled investigational, either way.
    table
        A compiled evidence table; the packaged one by default.
    evidence
        The case's criteria evidence (:func:`sclerodx.criteria.evidence.case_evidence`) when
        the caller has derived it (:func:`sclerodx.assessment.assess`): the motor regions and
        MRI areas are read from it instead of being derived again.

    Returns
    -------
    Differential
        Posteriors with uncertainty intervals (most probable first), the per-finding
        log-odds contributions (adding up exactly to each diagnosis's centred log-ratio),
        the tests not yet done that would change something, ranked by expected value,
        the test-defined diagnoses not excluded, and the findings read.
    """
    table = table or packaged_table()
    observations = observe(case, evidence)
    states = encode_states({f: o.state for f, o in observations.items()}, table)[None]
    ages = np.array([np.nan if case.age is None else float(case.age)])
    sexes = np.array([sex_code(case.sex)], dtype=np.int8)
    row, age, sex = states[0], float(ages[0]), int(sexes[0])
    hypotheses, h_likelihood = hypothesis_posterior_and_likelihood(
        states, ages, sexes, include_investigational=include_investigational, table=table)
    posterior = calibrate(to_diagnoses(hypotheses))[0]
    likelihood = collapse_log_likelihood(h_likelihood, table, ages, sexes)
    low, high = posterior_interval(row, age, sex, table, include_investigational=include_investigational)
    columns, terms = centred_log_ratio_terms(row, age, sex, table,
                                             include_investigational=include_investigational)
    contributions = [
        Contribution.model_construct(finding="prior", state=_prior_label(case), diagnosis=d,
                                     log_odds=float(terms[0, j]), investigational=False)
        for j, d in enumerate(DIAGNOSES)
    ]
    for i, column in enumerate(columns, start=1):
        finding = table.finding_ids[column]
        state = table.states[column][int(row[column])]
        contributions += [
            Contribution.model_construct(finding=finding, state=state, diagnosis=d,
                                         log_odds=float(terms[i, j]),
                                         investigational=bool(table.investigational[column]))
            for j, d in enumerate(DIAGNOSES)
        ]
    order = reading_order(posterior, terms[1:].sum(axis=0), row, table)
    posteriors = [
        DiagnosisProbability(
            diagnosis=DIAGNOSES[j], label=DIAGNOSES[j].label, probability=float(posterior[j]),
            interval_low=float(min(low[j], posterior[j])),
            interval_high=float(min(1.0, max(high[j], posterior[j]))),
            snomed_ct=DIAGNOSES[j].snomed_ct,
        )
        for j in order
    ]
    next_tests: list[NextTest] = rank_tests(hypotheses[0], row, table, sex, age)
    specs = {spec.id: spec for spec in load_evidence_table().findings}
    used = used_columns(table, include_investigational)
    findings = [
        ObservedFinding(
            finding=f, label=specs[f].label if f in specs else f, state=o.state, evidence=list(o.evidence),
            investigational=bool(table.investigational[table.column(f)]),
            used=o.state is not None and bool(used[table.column(f)]),
        )
        for f, o in observations.items()
    ]
    return Differential(
        posteriors=posteriors, contributions=contributions, next_tests=next_tests, findings=findings,
        not_excluded=not_excluded(posterior, row, table),
        coexistence=coexistence(states, ages, sexes, likelihood, table, include_investigational),
        other_causes=other_causes(calibrate_hypotheses(hypotheses[0], posterior), table),
        investigational_included=include_investigational, method=METHOD,
        interval_meaning=INTERVAL_MEANING,
    )
