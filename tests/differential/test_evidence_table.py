"""The evidence table loads, and a broken table fails with a message naming the row."""

from __future__ import annotations

import re

import numpy as np
import pytest

from sclerodx.differential import DIAGNOSES, EvidenceTableError, load_evidence_table, parse_evidence_table
from sclerodx.differential.findings import FINDING_STATES

ALL = ", ".join(f'"{d.value}"' for d in DIAGNOSES)


def _table(row: str = "", *, extra_rows: str = "") -> str:
    row = row or f'diagnoses = [{ALL}]\np = [0.3, 0.7]\nn = 10\nsource = "Doe J et al., J Test 2020;1:1-2"'
    return (
        '[[finding]]\nid = "f"\nlabel = "a finding"\nstates = ["absent", "present"]\n\n'
        f'[[row]]\nfinding = "f"\n{row}\n{extra_rows}'
    )


def test_minimal_table_parses_to_arrays():
    table = parse_evidence_table(_table())
    assert table.finding_ids == ("f",)
    assert table.probabilities["f"].shape == (2, len(DIAGNOSES))
    assert table.probabilities["f"][1].tolist() == [0.7] * len(DIAGNOSES)
    assert table.concentration["f"].tolist() == [10.0] * len(DIAGNOSES)


def test_packaged_table_covers_every_finding_and_diagnosis():
    table = load_evidence_table()
    assert set(table.finding_ids) == set(FINDING_STATES)
    for spec in table.findings:
        assert set(table.sources[spec.id]) == set(DIAGNOSES)
        assert all(source.strip() for source in table.sources[spec.id].values())


def test_packaged_table_marks_only_microrna_investigational():
    table = load_evidence_table()
    assert [s.id for s in table.findings if s.investigational] == ["mirna_dysregulated"]


def test_every_packaged_source_is_a_citation_or_a_declared_expert_estimate():
    year = re.compile(r"(19|20)\d\d")
    table = load_evidence_table()
    for row in (*table.rows, *table.part_rows):
        assert row.source.startswith("expert estimate") or year.search(row.source), row


LATENT = """
[[finding]]
id = "r"
label = "a region"
parts = ["a", "b"]
latent = ["off", "on"]

[[row]]
finding = "r"
diagnoses = [{all}]
p = [0.8, 0.2]
n = 10
source = "x 2020"

[[part]]
findings = ["r"]
part = "a"
p_present = [0.1, 0.9]
n = 10
source = "x 2020"
{extra}"""


def test_latent_grouped_finding_becomes_the_joint_of_its_parts():
    part_b = '\n[[part]]\nfindings = ["r"]\npart = "b"\np_present = [0.2, 0.6]\nn = 10\nsource = "x 2020"\n'
    table = parse_evidence_table(LATENT.format(all=ALL, extra=part_b))
    joint = table.probabilities["r"][:, 0]          # outcomes a-b-, a-b+, a+b-, a+b+
    expected = [0.8 * 0.9 * 0.8 + 0.2 * 0.1 * 0.4, 0.8 * 0.9 * 0.2 + 0.2 * 0.1 * 0.6,
                0.8 * 0.1 * 0.8 + 0.2 * 0.9 * 0.4, 0.8 * 0.1 * 0.2 + 0.2 * 0.9 * 0.6]
    np.testing.assert_allclose(joint, expected)
    assert len(table.finding("r").states) == 8     # every known/unknown pattern but all-unknown


def test_latent_finding_without_a_part_row_is_rejected():
    with pytest.raises(EvidenceTableError, match="finding 'r' has no \\[\\[part\\]\\] row for b"):
        parse_evidence_table(LATENT.format(all=ALL, extra=""))


def _row(p: str = "[0.3, 0.7]", n: str = "10", source: str | None = '"x 2020"', diagnoses: str = ALL) -> str:
    cited = f"\nsource = {source}" if source is not None else ""
    return f"diagnoses = [{diagnoses}]\np = {p}\nn = {n}{cited}"


EXTRA = '[[row]]\nfinding = "{f}"\ndiagnoses = ["als"]\np = [0.5, 0.5]\nn = 1\nsource = "x"'


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (_row(source=None), r"row\[0\] \(finding 'f'.*missing citation"),
        (_row(source='"  "'), "missing citation"),
        (_row(p="[0.0, 1.0]"), r"P\(absent\) = 0.0 is outside \(0, 1\)"),
        (_row(p="[1.2, -0.2]"), r"P\(absent\) = 1.2 is outside"),
        (_row(p="[0.3, 0.6]"), "sum to 0.9, expected 1"),
        (_row(p="[0.3, 0.3, 0.4]"), "one probability per state"),
        (_row(n="0"), "'n' .* must be a positive number"),
        (_row(diagnoses='"als", "flu"'), "unknown diagnosis 'flu'"),
    ],
)
def test_broken_row_fails_with_row_and_reason(row, message):
    with pytest.raises(EvidenceTableError, match=message):
        parse_evidence_table(_table(row))


def test_unknown_finding_in_row_is_named():
    text = _table(extra_rows=EXTRA.format(f="g"))
    with pytest.raises(EvidenceTableError, match=r"row\[1\]: unknown finding 'g'"):
        parse_evidence_table(text)


def test_duplicate_row_for_a_diagnosis_is_rejected():
    text = _table(extra_rows=EXTRA.format(f="f"))
    with pytest.raises(EvidenceTableError, match=r"row\[1\]: finding 'f' already has a row for als"):
        parse_evidence_table(text)


def test_missing_diagnosis_is_reported():
    row = 'diagnoses = ["als"]\np = [0.3, 0.7]\nn = 10\nsource = "x 2020"'
    with pytest.raises(EvidenceTableError, match="finding 'f' has no row for relapsing_ms"):
        parse_evidence_table(_table(row))


def test_finding_unknown_to_the_case_mapping_is_rejected():
    with pytest.raises(EvidenceTableError, match="unknown finding 'f': sclerodx derives"):
        parse_evidence_table(_table(), known_findings=FINDING_STATES)


def test_states_must_match_the_case_mapping():
    with pytest.raises(EvidenceTableError, match="differ from the derived states"):
        parse_evidence_table(_table(), known_findings={"f": ("no", "yes")})


def test_invalid_toml_is_reported_as_such():
    with pytest.raises(EvidenceTableError, match="not valid TOML"):
        parse_evidence_table("[[finding]\n")


@pytest.mark.parametrize("bad", ["inf", "nan", "-1.0", "0.0"])
def test_a_cause_age_shape_must_be_finite_and_positive(bad):
    """A relative rate of inf (or nan, or <= 0) would make one cause take all of ``other``."""
    from importlib.resources import files

    text = files("sclerodx.differential").joinpath("evidence_table.toml").read_text(encoding="utf-8")
    start = text.index("age_female = [")
    end = text.index("]", start)
    broken = text[:start] + f"age_female = [{', '.join([bad] * 8)}" + text[end:]
    expected = r"cause\[\d+\].*'age_female' must list 8 finite positive"
    with pytest.raises(EvidenceTableError, match=expected) as err:
        parse_evidence_table(broken)
    assert bad not in str(err.value)


ROWS_FROM = """
[[finding]]
id = "t"
label = "a time"
states = ["short", "long"]

[[row]]
finding = "t"
diagnoses = [{all}]
p = [0.8, 0.2]
n = 10
source = "x 2020"

[[finding]]
id = "t_given"
label = "the time under a condition"
states = [{states}]
rows_from = "{base}"

[[row]]
finding = "t_given"
diagnoses = ["als"]
p = [0.95, 0.05]
n = 5
source = "y 2021"
"""


def test_rows_from_fills_the_diagnoses_without_a_row_of_their_own():
    table = parse_evidence_table(ROWS_FROM.format(all=ALL, states='"short", "long"', base="t"))
    als = DIAGNOSES.index(next(d for d in DIAGNOSES if d.value == "als"))
    given = table.probabilities["t_given"]
    assert given[:, als].tolist() == [0.95, 0.05]
    others = [j for j in range(len(DIAGNOSES)) if j != als]
    assert np.array_equal(given[:, others], table.probabilities["t"][:, others])
    assert table.concentration["t_given"][others].tolist() == [10.0] * len(others)
    assert table.sources["t_given"][DIAGNOSES[others[0]]] == "as t: x 2020"


@pytest.mark.parametrize(("states", "base"), [('"short", "long"', "nothing"), ('"brief", "long"', "t")])
def test_rows_from_must_name_an_earlier_finding_with_the_same_states(states, base):
    with pytest.raises(EvidenceTableError, match="rows_from"):
        parse_evidence_table(ROWS_FROM.format(all=ALL, states=states, base=base))


def test_the_pure_umn_duration_differs_from_the_duration_only_for_als():
    """The pure UMN reading changes how long the disease has lasted only where LMN signs are
    expected to appear with time (ALS; Gordon 2006): every other row is the duration row."""
    table = load_evidence_table()
    pure, plain = table.probabilities["duration_pure_umn"], table.probabilities["duration"]
    differs = ~np.isclose(pure, plain).all(axis=0)
    assert [d.value for d, flag in zip(DIAGNOSES, differs, strict=True) if flag] == ["als"]
    assert np.allclose(table.cause_probabilities["duration_pure_umn"], table.cause_probabilities["duration"])
