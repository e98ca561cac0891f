"""The differential's arithmetic, vectorised over cases: one implementation for all.

A cohort is a finding-state matrix of shape (n_cases, n_findings) — column ``j`` holds
the index of the observed state of finding ``j`` in the evidence table, or ``-1`` when
unknown — plus an age array (years, NaN when unknown) and a sex array (0 female, 1 male,
-1 unknown). :func:`posterior_matrix` turns them into a posterior matrix of shape
(n_cases, n_diagnoses). The per-case :func:`sclerodx.differential.differential` calls the
same function with one row, so a cohort run and a single explained case can never
disagree.

The log-likelihood of each observable state under each diagnosis is stacked into one
array with a final all-zero row; an unknown finding points at that row, so it adds
exactly nothing (marginalising a finding out removes its factor). For a grouped finding
(a motor region, the nerve conduction study) the observable states are every pattern of
known and unknown parts, and each row holds log Σ P(outcome | d) over the joint outcomes
that agree with the pattern: the unknown parts are summed out exactly, once, at compile
time, so the cohort path stays one gather-and-add per finding.

``other`` is a mixture of named causes and an unnamed remainder
(:mod:`sclerodx.differential.other`): P(F | other) = Σ_k w_k Π_f P(f | k). The likelihood
is therefore computed over *hypotheses* — the eleven named diagnoses, then each cause, then
the remainder — with the same gather-and-add (``h_log_p``), and the causes' columns are
summed (log-sum-exp with their shares) into the one column of ``other``. The posterior of
``other`` is the sum of its causes' posteriors; the causes' own posteriors are kept for
the explanation (:func:`hypothesis_posterior_matrix`). The shares follow age and sex
(:func:`sclerodx.differential.priors.cause_share_table`): the prior of a cause is
``other``'s prior times its share at the case's age and sex, and every mixture over the
causes (``other``'s likelihood, its explanation terms) uses the same shares
(:func:`cause_log_weights`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from numpy.typing import NDArray

from sclerodx.case import Case
from sclerodx.differential.calibration import calibrate
from sclerodx.differential.diagnoses import DIAGNOSES
from sclerodx.differential.evidence_table import EvidenceTable, load_evidence_table
from sclerodx.differential.findings import full_patterns, observe, part_patterns
from sclerodx.differential.priors import (
    AGE_UNKNOWN,
    FEMALE,
    MALE,
    SEX_UNKNOWN,
    age_index,
    cause_share_table,
    prior_table,
    sex_code,
    sex_index,
)

UNKNOWN_STATE = -1
#: Rows per chunk of the likelihood sum: 2,048 x 12 diagnoses x 8 bytes = 192 KiB per term
#: (expert estimate: fits a typical L2 cache with room to spare; measured 1.5-2x faster
#: than whole-table temporaries at 100,000 rows on the project machine).
LIKELIHOOD_CHUNK_ROWS = 2048
MAX_AGE_YEARS = 120.0

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.integer]


@dataclass(frozen=True, slots=True)
class LatentParameters:
    """The two-level network behind a latent grouped finding.

    ``latent_p``: P(latent state | diagnosis), shape (n_latent, n_diagnoses), with the
    rows' ``n`` in ``latent_n`` (n_diagnoses,); ``part_p``: P(part present | latent
    state), shape (n_parts, n_latent), with ``part_n`` (n_parts,); ``outcome_parts``: the
    part values of each joint outcome, shape (n_outcomes, n_parts).
    """

    latent_p: FloatArray
    latent_n: FloatArray
    part_p: FloatArray
    part_n: FloatArray
    outcome_parts: NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class CompiledTable:
    """The evidence table as arrays, in the column order of the finding-state matrix.

    ``log_p`` has shape (total_states + 1, n_diagnoses): the log-probabilities of every
    observable state of every finding, finding by finding (finding ``j`` starts at
    ``offsets[j]``), then one all-zero row used for unknown findings. ``outcomes[j]``
    holds P(joint outcome | diagnosis) of finding ``j`` (for a simple finding its states)
    and ``masks[j]`` which outcomes agree with each observable state.
    """

    finding_ids: tuple[str, ...]
    states: tuple[tuple[str, ...], ...]
    offsets: NDArray[np.intp]
    log_p: FloatArray
    concentration: FloatArray
    investigational: NDArray[np.bool_]
    parts: tuple[tuple[str, ...], ...] = ()
    outcomes: tuple[FloatArray, ...] = ()
    masks: tuple[NDArray[np.bool_], ...] = ()
    latent: tuple[LatentParameters | None, ...] = ()
    #: The causes of ``other`` (ids, labels, defining next tests) and the hypothesis arrays:
    #: ``h_log_p`` (total_states + 1, n_hypotheses) with the named diagnoses first, then the
    #: causes, then the remainder; ``h_outcomes``, ``h_concentration`` and ``h_latent`` as
    #: ``outcomes``, ``concentration`` and ``latent`` over hypotheses; ``cause_weights`` the
    #: shares of the causes and of the remainder (summing to 1) at unknown age and sex, and
    #: ``cause_weight_table`` the shares by age band and sex (indexed as the prior table). The
    #: diagnosis-level arrays hold, in ``other``'s column, the single-finding marginal
    #: Σ_k w_k P(state | k) with the unknown-age-and-sex shares.
    cause_ids: tuple[str, ...] = ()
    cause_labels: tuple[str, ...] = ()
    cause_tests: tuple[str, ...] = ()
    cause_weights: FloatArray = field(default_factory=lambda: np.ones(1))
    cause_weight_table: FloatArray = field(default_factory=lambda: np.ones((1, 1, 1)))
    h_log_p: FloatArray = field(default_factory=lambda: np.zeros((1, 1)))
    h_outcomes: tuple[FloatArray, ...] = ()
    h_concentration: FloatArray = field(default_factory=lambda: np.zeros((1, 1)))
    h_latent: tuple[LatentParameters | None, ...] = ()
    cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def n_hypotheses(self) -> int:
        return N_NAMED + len(self.cause_weights)

    def hypothesis_state_log_p(self, column: int) -> FloatArray:
        """log P(observable state | hypothesis) of one finding, shape (n_states, n_hypotheses)."""
        start = int(self.offsets[column])
        block: FloatArray = self.h_log_p[start:start + len(self.states[column])]
        return block

    @property
    def n_findings(self) -> int:
        return len(self.finding_ids)

    @property
    def unknown_row(self) -> int:
        return int(self.log_p.shape[0] - 1)

    def column(self, finding_id: str) -> int:
        """Column of a finding in the finding-state matrix."""
        try:
            return self.finding_ids.index(finding_id)
        except ValueError:
            raise KeyError(f"unknown finding {finding_id!r}") from None

    def probabilities(self, column: int) -> FloatArray:
        """P(joint outcome | diagnosis) of one finding, shape (n_outcomes, n_diagnoses).

        For a simple finding the outcomes are its states.
        """
        return self.outcomes[column]

    def state_log_p(self, column: int) -> FloatArray:
        """log P(observable state | diagnosis) of one finding, shape (n_states, n_diagnoses)."""
        start = int(self.offsets[column])
        block: FloatArray = self.log_p[start:start + len(self.states[column])]
        return block


def _masks(parts: tuple[str, ...], n_states: int) -> NDArray[np.bool_]:
    """Which joint outcomes agree with each observable state (identity for a simple finding)."""
    if not parts:
        return np.eye(n_states, dtype=bool)
    # parts as -1 (unknown), 0, 1; a pattern agrees with an outcome where each part is unknown or equal
    patterns = np.array([[-1 if v is None else int(v) for v in pattern] for pattern in part_patterns(parts)],
                        dtype=np.int8)
    outcomes = np.array(full_patterns(parts), dtype=np.int8)
    agrees = (patterns[:, None, :] < 0) | (patterns[:, None, :] == outcomes[None, :, :])
    mask: NDArray[np.bool_] = agrees.all(axis=2)
    return mask


#: The named diagnoses (all but ``other``, the last) come first in every hypothesis array.
N_NAMED = len(DIAGNOSES) - 1


def _hypotheses(named: FloatArray, causes: FloatArray | None, remainder: FloatArray) -> FloatArray:
    """Columns: the named diagnoses, the causes of other, its remainder (last axis)."""
    parts = [named, remainder] if causes is None else [named, causes, remainder]
    stacked: FloatArray = np.concatenate(parts, axis=-1)
    return stacked


def _latent(table: EvidenceTable, finding: str, hypotheses: bool) -> LatentParameters | None:
    spec = table.finding(finding)
    if not spec.latent or table.latent_probabilities is None:
        return None
    part_p, part_n = table.part_probabilities(finding)
    latent_p = np.asarray(table.latent_probabilities[finding])
    latent_n = table.concentration[finding]
    if hypotheses and table.cause_latent_probabilities is not None and table.cause_concentration is not None:
        latent_p = _hypotheses(latent_p[:, :N_NAMED], table.cause_latent_probabilities[finding],
                               latent_p[:, N_NAMED:])
        latent_n = _hypotheses(latent_n[:N_NAMED], table.cause_concentration[finding], latent_n[N_NAMED:])
    return LatentParameters(latent_p=latent_p, latent_n=latent_n, part_p=part_p, part_n=part_n,
                            outcome_parts=np.array(full_patterns(spec.parts), dtype=bool))


def compile_table(table: EvidenceTable) -> CompiledTable:
    """Stack a validated evidence table into arrays (grouped findings marginalised per pattern)."""
    weight_table = cause_share_table([c.share for c in table.causes], [c.age_sex_shape for c in table.causes])
    weights = weight_table[AGE_UNKNOWN, 2]
    cause_p = table.cause_probabilities or {}
    cause_n = table.cause_concentration or {}
    h_outcomes = tuple(
        _hypotheses(np.asarray(table.probabilities[s.id])[:, :N_NAMED], cause_p.get(s.id),
                    np.asarray(table.probabilities[s.id])[:, N_NAMED:]) for s in table.findings)
    outcomes = tuple(np.concatenate([h[:, :N_NAMED], h[:, N_NAMED:] @ weights[:, None]], axis=1)
                     for h in h_outcomes)
    masks = tuple(_masks(spec.parts, len(spec.states)) for spec in table.findings)
    blocks = [np.log(mask.astype(float) @ p) for mask, p in zip(masks, outcomes, strict=True)]
    h_blocks = [np.log(mask.astype(float) @ p) for mask, p in zip(masks, h_outcomes, strict=True)]
    sizes = [block.shape[0] for block in blocks]
    log_p = np.vstack([*blocks, np.zeros((1, len(DIAGNOSES)))])
    h_log_p = np.vstack([*h_blocks, np.zeros((1, N_NAMED + weights.size))])
    concentration = np.vstack([table.concentration[spec.id] for spec in table.findings])
    h_concentration = np.vstack([
        _hypotheses(concentration[j, :N_NAMED], cause_n.get(s.id), concentration[j, N_NAMED:])
        for j, s in enumerate(table.findings)])
    compiled = CompiledTable(
        finding_ids=table.finding_ids,
        states=tuple(spec.states for spec in table.findings),
        offsets=np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp),
        log_p=log_p,
        concentration=concentration,
        investigational=np.array([spec.investigational for spec in table.findings]),
        parts=tuple(spec.parts for spec in table.findings),
        outcomes=outcomes,
        masks=masks,
        latent=tuple(_latent(table, spec.id, hypotheses=False) for spec in table.findings),
        cause_ids=tuple(c.id for c in table.causes),
        cause_labels=tuple(c.label for c in table.causes),
        cause_tests=tuple(c.test for c in table.causes),
        cause_weights=weights,
        cause_weight_table=weight_table,
        h_log_p=h_log_p,
        h_outcomes=h_outcomes,
        h_concentration=h_concentration,
        h_latent=tuple(_latent(table, spec.id, hypotheses=True) for spec in table.findings),
    )
    for array in (compiled.offsets, compiled.log_p, compiled.concentration, compiled.investigational,
                  compiled.h_log_p, compiled.h_concentration, compiled.cause_weights,
                  compiled.cause_weight_table, *outcomes, *h_outcomes, *masks):
        array.setflags(write=False)
    return compiled


@cache
def packaged_table() -> CompiledTable:
    """The packaged evidence table, compiled once."""
    return compile_table(load_evidence_table())


def encode_states(states: dict[str, str | None], table: CompiledTable | None = None) -> NDArray[np.int16]:
    """One case's finding states (finding id -> state name or None) as a matrix row."""
    table = table or packaged_table()
    row = np.full(table.n_findings, UNKNOWN_STATE, dtype=np.int16)
    for finding, state in states.items():
        column = table.column(finding)
        if state is not None:
            try:
                row[column] = table.states[column].index(state)
            except ValueError:
                raise ValueError(f"finding {finding!r}: unknown state {state!r}; expected one of "
                                 f"{', '.join(table.states[column])}") from None
    return row


def cases_to_arrays(
    cases: Iterable[Case], table: CompiledTable | None = None
) -> tuple[NDArray[np.int16], FloatArray, NDArray[np.int8]]:
    """The finding-state matrix, ages and sex codes of a sequence of cases."""
    table = table or packaged_table()
    rows, ages, sexes = [], [], []
    for case in cases:
        rows.append(encode_states({f: o.state for f, o in observe(case).items()}, table))
        ages.append(np.nan if case.age is None else float(case.age))
        sexes.append(sex_code(case.sex))
    states = np.vstack(rows) if rows else np.empty((0, table.n_findings), dtype=np.int16)
    return states, np.array(ages, dtype=float), np.array(sexes, dtype=np.int8)


def check_inputs(
    states: IntArray, age: FloatArray, sex: IntArray, table: CompiledTable
) -> tuple[IntArray, FloatArray, IntArray]:
    """Validate the cohort arrays once, with errors that name the argument and column."""
    states = np.asarray(states)
    age = np.asarray(age, dtype=float)
    sex = np.asarray(sex)
    if states.ndim != 2 or states.shape[1] != table.n_findings:
        raise ValueError(f"states must have shape (n_cases, {table.n_findings}), got {states.shape}")
    if not np.issubdtype(states.dtype, np.integer):
        raise ValueError(f"states must hold integer state indices (-1 = unknown), got dtype {states.dtype}")
    n = states.shape[0]
    if age.shape != (n,) or sex.shape != (n,):
        raise ValueError(f"age and sex must have shape ({n},), got {age.shape} and {sex.shape}")
    if np.any((age < 0) | (age > MAX_AGE_YEARS)):
        raise ValueError(f"age must lie in [0, {MAX_AGE_YEARS:g}] years or be NaN (unknown)")
    known_sex = (sex == FEMALE) | (sex == MALE) | (sex == SEX_UNKNOWN)
    if not np.issubdtype(sex.dtype, np.integer) or not known_sex.all():
        raise ValueError("sex must hold 0 (female), 1 (male) or -1 (unknown)")
    n_states = np.array([len(s) for s in table.states])
    bad = (states < UNKNOWN_STATE) | (states >= n_states)
    if bad.any():
        column = int(np.argwhere(bad.any(axis=0))[0, 0])
        raise ValueError(
            f"states column {column} ({table.finding_ids[column]!r}) must hold -1 (unknown) or a "
            f"state index 0..{n_states[column] - 1}"
        )
    return states, age, sex


def used_columns(table: CompiledTable, include_investigational: bool) -> NDArray[np.bool_]:
    """Which finding columns enter the posterior (investigational only on request)."""
    return np.ones(table.n_findings, dtype=bool) if include_investigational else ~table.investigational


#: Largest lookup table of a block of findings (rows; 4096 x 12 doubles = 384 KiB, in cache).
MAX_BLOCK_ROWS = 4096


@dataclass(frozen=True, slots=True)
class _Block:
    """Findings scored together: ``log_p[code]`` is the sum of their log-likelihood rows for the
    joint code Σ (state + 1) · stride (state -1, unknown, adds nothing)."""

    columns: NDArray[np.intp]
    strides: NDArray[np.intp]
    log_p: FloatArray


def _blocks(table: CompiledTable, include_investigational: bool) -> tuple[_Block, ...]:
    """The used findings packed into blocks of at most :data:`MAX_BLOCK_ROWS` joint codes (cached).

    One gather per block instead of one per finding: the cohort path reads the 40-odd small
    findings in a handful of cache-resident lookups.
    """
    key = f"blocks:{include_investigational}"
    cached = table.cache.get(key)
    if isinstance(cached, tuple):
        return cached
    n_dx = table.h_log_p.shape[1]
    groups: list[list[int]] = []
    size = MAX_BLOCK_ROWS + 1
    for column in (int(c) for c in np.flatnonzero(used_columns(table, include_investigational))):
        radix = len(table.states[column]) + 1
        if size * radix > MAX_BLOCK_ROWS:
            groups.append([])
            size = 1
        groups[-1].append(column)
        size *= radix
    blocks = []
    for group in groups:
        combined = np.zeros((1, n_dx))
        for column in group:
            rows = np.vstack([np.zeros((1, n_dx)), table.hypothesis_state_log_p(column)])
            combined = (combined[:, None, :] + rows[None, :, :]).reshape(-1, n_dx)
        radices = [len(table.states[c]) + 1 for c in group]
        strides = np.array([int(np.prod(radices[i + 1:])) for i in range(len(group))], dtype=np.intp)
        blocks.append(_Block(np.array(group, dtype=np.intp), strides, combined))
    packed = tuple(blocks)
    table.cache[key] = packed
    return packed


def _code(states: IntArray, block: _Block) -> IntArray:
    """Joint code of one block per case: Σ (state + 1) · stride over its columns, in the smallest
    integer type that holds it (int16 for the cache-sized blocks: a fraction of the memory traffic)."""
    dtype = np.min_scalar_type(-block.log_p.shape[0])
    code = np.zeros(states.shape[0], dtype=dtype)
    for column, stride in zip(block.columns, block.strides, strict=True):
        digit = states[:, column].astype(dtype)
        digit += 1
        digit *= stride
        code += digit
    return code


def hypothesis_log_likelihood(
    states: IntArray, table: CompiledTable, *, include_investigational: bool = False
) -> FloatArray:
    """Sum of log P(state | hypothesis) over the known findings, shape (n_cases, n_hypotheses):
    the named diagnoses, then the causes of ``other``, then its remainder."""
    total = np.zeros((states.shape[0], table.h_log_p.shape[1]))
    for block in _blocks(table, include_investigational):
        total += block.log_p[_code(states, block)]
    return total


def _logsumexp(x: FloatArray) -> FloatArray:
    top = x.max(axis=-1)
    out: FloatArray = top + np.log(np.exp(x - top[..., None]).sum(axis=-1))
    return out


def cause_log_weights(age: FloatArray | None, sex: IntArray | None, table: CompiledTable,
                      n: int) -> FloatArray:
    """log shares of ``other``'s causes and remainder per case, shape (n, n_causes + 1), at each
    case's age and sex; the unknown-age-and-sex shares for every case when ``age`` or ``sex`` is
    None."""
    if age is None or sex is None:
        return np.broadcast_to(np.log(table.cause_weights), (n, table.cause_weights.size))
    cached = table.cache.get("log_cause_weights")
    if not isinstance(cached, np.ndarray):
        cached = np.log(table.cause_weight_table)
        cached.setflags(write=False)
        table.cache["log_cause_weights"] = cached
    log_w: FloatArray = cached[age_index(np.asarray(age, dtype=float)), sex_index(np.asarray(sex))]
    return log_w


def collapse_log_likelihood(hypotheses: FloatArray, table: CompiledTable, age: FloatArray | None = None,
                            sex: IntArray | None = None) -> FloatArray:
    """Hypothesis log-likelihoods -> diagnosis log-likelihoods: log Σ_k w_k(a, s) P(F | k) for
    ``other``, with the shares at each case's age and sex (unknown when not given)."""
    log_w = cause_log_weights(age, sex, table, hypotheses.shape[0])
    other = _logsumexp(hypotheses[:, N_NAMED:] + log_w)
    collapsed: FloatArray = np.concatenate([hypotheses[:, :N_NAMED], other[:, None]], axis=1)
    return collapsed


def log_likelihood(
    states: IntArray, table: CompiledTable, *, include_investigational: bool = False,
    age: FloatArray | None = None, sex: IntArray | None = None,
) -> FloatArray:
    """log P(known findings | diagnosis), shape (n_cases, n_diagnoses); ``other``'s column is the
    mixture log Σ_k w_k(a, s) Π_f P(f | k) over its causes and remainder, with the shares at the
    cases' age and sex (unknown when not given)."""
    return collapse_log_likelihood(
        hypothesis_log_likelihood(states, table, include_investigational=include_investigational), table,
        age, sex)


def hypothesis_log_prior(age: FloatArray, sex: IntArray, table: CompiledTable) -> FloatArray:
    """log prior of every hypothesis (n_cases, n_hypotheses): a cause of ``other`` takes its share
    of ``other``'s prior at the case's age and sex."""
    cached = table.cache.get("log_prior_h")
    if not isinstance(cached, np.ndarray):
        log_prior = np.log(prior_table())
        cached = np.concatenate(
            [log_prior[..., :N_NAMED], log_prior[..., N_NAMED:] + np.log(table.cause_weight_table)], axis=-1)
        cached.setflags(write=False)
        table.cache["log_prior_h"] = cached
    log_h: FloatArray = cached[age_index(age), sex_index(sex)]
    return log_h


def to_diagnoses(hypotheses: FloatArray) -> FloatArray:
    """Hypothesis probabilities (last axis) -> diagnosis probabilities (causes summed into other)."""
    summed: FloatArray = np.concatenate(
        [hypotheses[..., :N_NAMED], hypotheses[..., N_NAMED:].sum(axis=-1, keepdims=True)], axis=-1)
    # the sum of the causes can round to a hair above 1 when "other" takes nearly all the mass
    return np.minimum(summed, 1.0, out=summed)


#: Rows per chunk of :func:`finding_evidence`: 512 rows x 52 findings x 19 hypotheses x 8 bytes
#: = 4 MiB per temporary (expert estimate: a few of them stay within a typical L3 cache).
EVIDENCE_CHUNK_ROWS = 512


def _chain_tables(table: CompiledTable) -> tuple[FloatArray, FloatArray]:
    """log P(state | named diagnosis), shape (total_states + 1, N_NAMED), and log P(state | cause)
    transposed, shape (n_causes, total_states + 1): contiguous for the gathers (cached)."""
    cached = table.cache.get("chain")
    if not isinstance(cached, tuple):
        cached = (np.ascontiguousarray(table.h_log_p[:, :N_NAMED]),
                  np.ascontiguousarray(table.h_log_p[:, N_NAMED:].T))
        table.cache["chain"] = cached
    return cached


def finding_log_terms(states: IntArray, table: CompiledTable, columns: NDArray[np.intp],
                      age: FloatArray | None = None, sex: IntArray | None = None) -> FloatArray:
    """log P(s_c | d, s_c' for the earlier columns c') per case and column, shape (n, len(columns),
    n_diagnoses); unknown findings give 0.

    For a named diagnosis this is log P(s_c | d) (findings are conditionally independent given
    it); for ``other`` it is the chain-rule term log Σ_k P(k | earlier findings, other) P(s_c | k),
    starting from the shares at the cases' age and sex (unknown when not given), so the terms of
    ``other`` add up exactly to log P(F | other) of the mixture.

    All columns at once, with the causes on the first axis: the running log-weights of the
    causes are a cumulative sum along the columns, and their log-sum-exp runs over whole
    (columns, cases) slabs rather than over many short rows.
    """
    named, causes_t = _chain_tables(table)
    n, k = states.shape[0], len(columns)
    state = states[:, columns]
    index = np.where(state >= 0, table.offsets[columns] + state, table.unknown_row)
    terms = np.empty((n, k, len(DIAGNOSES)))
    terms[..., :N_NAMED] = np.take(named, index, axis=0)
    running = np.empty((causes_t.shape[0], k + 1, n))
    running[:, 0] = cause_log_weights(age, sex, table, n).T
    running[:, 1:] = np.take(causes_t, index.T, axis=1)
    for i in range(k):  # log w_k + log P(findings up to each column | k), one column after another
        running[:, i + 1] += running[:, i]
    top = running.max(axis=0)
    np.exp(np.subtract(running, top, out=running), out=running)
    log_other = top + np.log(running.sum(axis=0))  # log P(findings up to each column | other)
    terms[..., N_NAMED] = (log_other[1:] - log_other[:-1]).T
    return terms


def finding_evidence(states: IntArray, table: CompiledTable, *, include_investigational: bool = False,
                     age: FloatArray | None = None, sex: IntArray | None = None) -> FloatArray:
    """Σ over findings of each finding's centred term (``engine.centred_log_ratio_terms`` without the
    prior's row), added column by column in table order, shape (n_cases, n_diagnoses); ``other``'s
    mixture at the cases' age and sex (unknown when not given).

    Columns unknown in every row of a chunk add exactly nothing and are left out; the rows go
    in chunks of :data:`EVIDENCE_CHUNK_ROWS`, so the (rows, columns, hypotheses) terms stay small.
    """
    used = np.flatnonzero(used_columns(table, include_investigational))
    total = np.zeros((states.shape[0], len(DIAGNOSES)))
    for start in range(0, states.shape[0], EVIDENCE_CHUNK_ROWS):
        chunk = states[start:start + EVIDENCE_CHUNK_ROWS]
        columns = used[(chunk[:, used] >= 0).any(axis=0)]
        if columns.size:
            rows = slice(start, start + chunk.shape[0])
            terms = finding_log_terms(chunk, table, columns,
                                      None if age is None else age[rows], None if sex is None else sex[rows])
            terms -= terms.mean(axis=2, keepdims=True)
            total[rows] = terms.sum(axis=1)
    return total


def normalise_log(log_weights: FloatArray) -> FloatArray:
    """Probabilities from unnormalised log-weights along the last axis (stable softmax)."""
    probabilities: FloatArray = log_weights - log_weights.max(axis=-1, keepdims=True)
    np.exp(probabilities, out=probabilities)
    probabilities /= probabilities.sum(axis=-1, keepdims=True)
    return probabilities


def posterior_matrix(
    states: IntArray,
    age: FloatArray,
    sex: IntArray,
    *,
    include_investigational: bool = False,
    table: CompiledTable | None = None,
) -> FloatArray:
    """Posterior probability of each diagnosis for each case.

    Parameters
    ----------
    states
        Finding-state matrix (n_cases, n_findings); -1 = unknown.
    age
        Age in years (NaN = unknown), shape (n_cases,).
    sex
        0 female, 1 male, -1 unknown, shape (n_cases,).
    include_investigational
        Let investigational findings (microRNA) into the posterior.
    table
        A compiled evidence table; the packaged one by default.

    Returns
    -------
    numpy.ndarray
        Shape (n_cases, n_diagnoses), rows summing to 1, columns in the order of
        :data:`~sclerodx.differential.diagnoses.DIAGNOSES`.
    """
    hypotheses = hypothesis_posterior_and_likelihood(
        states, age, sex, include_investigational=include_investigational, table=table)[0]
    return calibrate(to_diagnoses(hypotheses))


def hypothesis_posterior_and_likelihood(
    states: IntArray,
    age: FloatArray,
    sex: IntArray,
    *,
    include_investigational: bool = False,
    table: CompiledTable | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Posterior and log-likelihood over hypotheses (n_cases, n_hypotheses): the named diagnoses,
    the causes of ``other``, its remainder. :func:`to_diagnoses` sums them into the diagnoses."""
    table = table or packaged_table()
    states, age, sex = check_inputs(states, age, sex, table)
    likelihood = hypothesis_log_likelihood(states, table, include_investigational=include_investigational)
    return normalise_log(hypothesis_log_prior(age, sex, table) + likelihood), likelihood
