"""The vectorised path equals the per-case path and an independent reference."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sclerodx.case import Case, Sex
from sclerodx.differential import DIAGNOSES, Diagnosis, cases_to_arrays, differential, encode_states
from sclerodx.differential.batch import packaged_table, posterior_matrix
from sclerodx.differential.calibration import calibrate
from sclerodx.differential.evidence_table import load_evidence_table
from sclerodx.differential.findings import part_patterns
from sclerodx.differential.priors import prior
from sclerodx.differential.simulate import simulate_cohort
from sclerodx.examples import list_examples, load_example

SEX = {0: "female", 1: "male", -1: None}


def _reference_likelihood(finding: str, state: int, j: int, cause: int | None = None) -> float:
    """P(observed state | diagnosis j, or cause ``cause`` of other) from the raw table: a region
    through its latent network (Σ_h P(h | d) Π over the *known* parts P(part | h)), a joint
    finding by summing its joint outcomes that agree with the pattern, a simple finding read off
    its row."""
    raw = load_evidence_table()
    spec = raw.finding(finding)
    if cause is not None:
        assert raw.cause_probabilities is not None
        assert raw.cause_latent_probabilities is not None
        probabilities = {finding: raw.cause_probabilities[finding]}
        latent = {finding: raw.cause_latent_probabilities.get(finding)}
        j = cause
    else:
        probabilities = {finding: raw.probabilities[finding]}
        latent = {finding: raw.latent_probabilities.get(finding) if raw.latent_probabilities else None}
    if not spec.parts:
        return float(probabilities[finding][state, j])
    pattern = part_patterns(spec.parts)[state]
    if spec.latent:
        latent_p = latent[finding]
        assert latent_p is not None
        part_p, _ = raw.part_probabilities(finding)
        total = 0.0
        for h in range(len(spec.latent)):
            term = float(latent_p[h, j])
            for i, value in enumerate(pattern):
                if value is not None:
                    term *= float(part_p[i, h]) if value else 1.0 - float(part_p[i, h])
            total += term
        return total
    joint = probabilities[finding][:, j]
    outcomes = [tuple(bool(int(b)) for b in f"{o:0{len(spec.parts)}b}") for o in range(2 ** len(spec.parts))]
    return float(sum(p for p, o in zip(joint, outcomes, strict=True)
                     if all(v is None or v == x for v, x in zip(pattern, o, strict=True))))


def _reference_shares(causes, age: float, sex: int) -> list[float]:
    """Each cause's share times its age-and-sex rate over its mean rate at unknown age and sex (the
    adult bands 20-79, both sexes), before normalising with the remainder."""
    edges = [20, 30, 40, 50, 60, 70, 80]
    adult = range(1, 7)
    out = []
    for c in causes:
        if c.age_sex_shape is None:
            out.append(c.share)
            continue
        female, male = c.age_sex_shape
        mean = sum(female[b] + male[b] for b in adult) / (2 * len(adult))
        bands = list(adult) if math.isnan(age) else [sum(age >= e for e in edges)]
        sexes = {0: [female], 1: [male]}.get(sex, [female, male])
        rates = [s[b] for s in sexes for b in bands]
        out.append(c.share * sum(rates) / len(rates) / mean)
    return out


def reference_posterior(row: np.ndarray, age: float, sex: int, include_investigational: bool) -> list[float]:
    """Bayes' rule written out with dictionaries and math.log: a second, independent path."""
    table = packaged_table()
    weights = prior(None if math.isnan(age) else age, None if sex == -1 else Sex(SEX[sex]))
    log_w = {d: math.log(weights[d]) for d in DIAGNOSES}
    raw = load_evidence_table()
    other = DIAGNOSES.index(Diagnosis.OTHER)
    # other: the mixture of its causes (shares at this age and sex) and its remainder (other's own rows)
    mixture = [(s, k) for k, s in enumerate(_reference_shares(raw.causes, age, sex))]
    mixture.append((1.0 - sum(c.share for c in raw.causes), None))
    top_share = sum(s for s, _ in mixture)
    log_components = [math.log(share / top_share) for share, _ in mixture]
    for column, state in enumerate(row):
        if state < 0 or (table.investigational[column] and not include_investigational):
            continue
        finding = table.finding_ids[column]
        for j, d in enumerate(DIAGNOSES):
            if d is not Diagnosis.OTHER:
                log_w[d] += math.log(_reference_likelihood(finding, int(state), j))
        for i, (_, k) in enumerate(mixture):
            log_components[i] += math.log(_reference_likelihood(finding, int(state), other, k))
    top_c = max(log_components)
    log_w[Diagnosis.OTHER] += top_c + math.log(sum(math.exp(v - top_c) for v in log_components))
    top = max(log_w.values())
    z = sum(math.exp(v - top) for v in log_w.values())
    return [math.exp(log_w[d] - top) / z for d in DIAGNOSES]


@pytest.fixture(scope="module")
def cohort():
    return simulate_cohort(400, seed=11, missing_rate=0.4, unknown_demographics_rate=0.2)


@pytest.mark.parametrize("include_investigational", [False, True])
def test_vectorised_equals_row_by_row_and_reference(cohort, include_investigational):
    matrix = posterior_matrix(cohort.states, cohort.age, cohort.sex,
                              include_investigational=include_investigational)
    for i in range(0, 400, 7):
        single = posterior_matrix(cohort.states[i:i + 1], cohort.age[i:i + 1], cohort.sex[i:i + 1],
                                  include_investigational=include_investigational)[0]
        np.testing.assert_allclose(matrix[i], single, rtol=0, atol=1e-15)
        expected = reference_posterior(cohort.states[i], cohort.age[i], int(cohort.sex[i]),
                                       include_investigational)
        np.testing.assert_allclose(matrix[i], calibrate(np.array(expected)), rtol=1e-9, atol=1e-12)


def test_per_case_engine_equals_the_cohort_path_on_the_examples():
    cases = [load_example(name) for name in list_examples()]
    matrix = posterior_matrix(*cases_to_arrays(cases))
    for row, case in zip(matrix, cases, strict=True):
        result = differential(case)
        np.testing.assert_allclose([result.probability(d) for d in DIAGNOSES], row, rtol=0, atol=1e-15)


def test_rows_are_probability_distributions(cohort):
    matrix = posterior_matrix(cohort.states, cohort.age, cohort.sex)
    assert matrix.shape == (400, len(DIAGNOSES))
    assert (matrix >= 0).all()
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0)


def test_all_unknown_rows_return_the_calibrated_prior():
    states = np.full((2, packaged_table().n_findings), -1, dtype=np.int8)
    matrix = posterior_matrix(states, np.array([70.0, np.nan]), np.array([1, -1]))
    np.testing.assert_allclose(matrix[0], calibrate(np.array(list(prior(70.0, Sex.MALE).values()))))
    np.testing.assert_allclose(matrix[1], calibrate(np.array(list(prior(None, None).values()))))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"states": np.zeros((3, 2), dtype=np.int8)}, r"states must have shape \(n_cases, "),
        ({"states": np.zeros((3, packaged_table().n_findings))}, "integer state indices"),
        ({"age": np.array([30.0, 200.0, 40.0])}, r"age must lie in \[0, 120\]"),
        ({"sex": np.array([0, 2, 1])}, r"sex must hold 0 \(female\), 1 \(male\) or -1"),
        ({"age": np.array([30.0])}, r"age and sex must have shape \(3,\)"),
    ],
)
def test_bad_cohort_input_is_rejected_with_the_argument_named(change, message):
    n_findings = packaged_table().n_findings
    arguments = {"states": np.full((3, n_findings), -1, dtype=np.int8),
                 "age": np.array([30.0, 50.0, 70.0]), "sex": np.array([0, 1, -1])}
    arguments.update(change)
    with pytest.raises(ValueError, match=message):
        posterior_matrix(arguments["states"], arguments["age"], arguments["sex"])


def test_out_of_range_state_names_its_column():
    states = np.full((1, packaged_table().n_findings), -1, dtype=np.int8)
    states[0, packaged_table().column("course")] = 4
    message = r"states column 0 \('course'\) must hold -1 \(unknown\) or a state index 0..3"
    with pytest.raises(ValueError, match=message):
        posterior_matrix(states, np.array([40.0]), np.array([0]))


def test_encode_states_rejects_an_unknown_state_name():
    with pytest.raises(ValueError, match="finding 'ck': unknown state 'sky-high'"):
        encode_states({"ck": "sky-high"})


def test_cases_to_arrays_marks_missing_demographics_unknown():
    states, age, sex = cases_to_arrays([load_example("typical-als"), Case()])
    assert states.shape == (2, packaged_table().n_findings)
    assert (states[1] == -1).all()
    assert age[0] == load_example("typical-als").age
    assert np.isnan(age[1])
    assert sex.tolist() == [{Sex.FEMALE: 0, Sex.MALE: 1}[load_example("typical-als").sex], -1]
    empty, _, _ = cases_to_arrays([])
    assert empty.shape == (0, packaged_table().n_findings)


def test_causes_summed_into_other_never_exceed_one() -> None:
    """Rounding in the sum over the causes of "other" must not leave a probability above 1
    (found by the property test: a case where "other" takes nearly all the mass)."""
    from sclerodx.differential.batch import N_NAMED, to_diagnoses

    hypotheses = np.zeros((1, N_NAMED + 8))
    hypotheses[0, N_NAMED:] = np.nextafter(0.125, 1.0)  # eight causes, each a hair over 1/8
    summed = to_diagnoses(hypotheses)
    assert summed[0, -1] <= 1.0
    assert summed[0, -1] == pytest.approx(1.0)
