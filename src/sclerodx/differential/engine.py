"""The differential engine: naive Bayes over cited likelihoods, explained in log-odds.

Why naive Bayes
---------------
Three designs were weighed:

* **A Bayesian network (pgmpy)** could encode dependencies between findings (UMN signs
  and the MRI; oligoclonal bands and κ-FLC). But nobody has published the conditional
  probability tables such a network needs: the literature reports one finding's
  sensitivity and specificity in one disease at a time. Every extra edge would be an
  invented number, exact inference on dense networks grows quickly (pgmpy#1051), and a
  per-finding additive explanation is lost once findings interact.
* **Noisy-OR** suits *symptoms caused by co-occurring diseases* (QMR-DT). Here the
  diagnoses are mutually exclusive alternatives for one patient, and absent findings
  must count as evidence (a normal EMG argues against ALS), which noisy-OR handles
  awkwardly.
* **Naive Bayes** with mutually exclusive, exhaustive diagnoses (``other`` closes the
  set) needs exactly what the literature offers — P(finding state | diagnosis) — turns a
  test not done into "no factor" and makes the explanation exact: the log-posterior is
  the log-prior plus one term per finding.

The price is the conditional-independence assumption: given the diagnosis, findings are
treated as independent. Correlated findings therefore count twice. The table limits
this by design — oligoclonal bands and κ-FLC are one finding (κ-FLC used only when bands
were not done), serum and CSF NfL are one finding, MRI is split into brain, cord and
activity rather than per-lesion — but residual dependence (e.g. UMN signs in several
regions and a spinal cord lesion in MS) makes posteriors more extreme than they should
be. Treat probabilities near 0 or 1 as "strongly favoured", not as certainty.

Additive explanation
--------------------
With log posterior ℓ_d = log π_d + Σ_f log P(s_f | d) − log Z, the normaliser Z is
shared by all diagnoses, so it cancels in the centred log-ratio

    clr_d = ℓ_d − mean_k ℓ_k = (log π_d − mean_k log π_k) + Σ_f (log P(s_f|d) − mean_k log P(s_f|k)).

Each bracket is one :class:`~sclerodx.differential.model.Contribution` ("prior" for the
first); they add up exactly to the log-odds of the diagnosis against the geometric mean
of all diagnoses, and softmax of the sums gives back the posterior.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sclerodx.case import Case
from sclerodx.differential.batch import (
    CompiledTable,
    FloatArray,
    cases_to_arrays,
    packaged_table,
    posterior_matrix,
    used_columns,
)
from sclerodx.differential.diagnoses import DIAGNOSES
from sclerodx.differential.evidence_table import load_evidence_table
from sclerodx.differential.findings import observe
from sclerodx.differential.model import (
    Contribution,
    DiagnosisProbability,
    Differential,
    NextTest,
    ObservedFinding,
)
from sclerodx.differential.next_test import rank_tests
from sclerodx.differential.priors import prior_matrix
from sclerodx.differential.uncertainty import INTERVAL_LEVEL, posterior_interval

METHOD = (
    "Naive Bayes over mutually exclusive diagnoses: age- and sex-specific incidence priors "
    "(referral population) times P(finding state | diagnosis) from the cited evidence table; "
    "unknown findings contribute nothing."
)
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
        Column sums equal ``log p - mean(log p)`` of the posterior.
    """
    log_prior = np.log(prior_matrix(np.array([age]), np.array([sex]))[0])
    known = used_columns(table, include_investigational) & (state_row >= 0)
    columns = [int(c) for c in np.flatnonzero(known)]
    rows = [log_prior] + [table.log_p[table.offsets[c] + int(state_row[c])] for c in columns]
    terms = np.vstack(rows)
    return columns, terms - terms.mean(axis=1, keepdims=True)


def _prior_label(case: Case) -> str:
    age = "age unknown" if case.age is None else f"age {case.age:g}"
    sex = "sex unknown" if case.sex is None else case.sex.value
    return f"{age}, {sex}"


def differential(
    case: Case,
    *,
    include_investigational: bool = False,
    table: CompiledTable | None = None,
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

    Returns
    -------
    Differential
        Posteriors with uncertainty intervals (most probable first), the per-finding
        log-odds contributions (adding up exactly to each diagnosis's centred log-ratio),
        the tests not yet done ranked by expected information gain, and the findings read.
    """
    table = table or packaged_table()
    observations = observe(case)
    states, ages, sexes = cases_to_arrays([case], table)
    row, age, sex = states[0], float(ages[0]), int(sexes[0])
    posterior = posterior_matrix(states, ages, sexes,
                                 include_investigational=include_investigational, table=table)[0]
    low, high = posterior_interval(row, age, sex, table, include_investigational=include_investigational)
    columns, terms = centred_log_ratio_terms(row, age, sex, table,
                                             include_investigational=include_investigational)
    contributions = [
        Contribution(finding="prior", state=_prior_label(case), diagnosis=d, log_odds=float(terms[0, j]))
        for j, d in enumerate(DIAGNOSES)
    ]
    for i, column in enumerate(columns, start=1):
        finding = table.finding_ids[column]
        state = table.states[column][int(row[column])]
        contributions += [
            Contribution(finding=finding, state=state, diagnosis=d, log_odds=float(terms[i, j]),
                         investigational=bool(table.investigational[column]))
            for j, d in enumerate(DIAGNOSES)
        ]
    order = np.argsort(-posterior, kind="stable")
    posteriors = [
        DiagnosisProbability(
            diagnosis=DIAGNOSES[j], label=DIAGNOSES[j].label, probability=float(posterior[j]),
            interval_low=float(min(low[j], posterior[j])), interval_high=float(max(high[j], posterior[j])),
            snomed_ct=DIAGNOSES[j].snomed_ct,
        )
        for j in order
    ]
    next_tests: list[NextTest] = rank_tests(posterior, row, table)
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
        investigational_included=include_investigational, method=METHOD,
        interval_meaning=INTERVAL_MEANING,
    )
