"""Priors: the shares of the causes of ``other`` follow their age and sex (epidemiology sources in
the evidence table's ``[[cause]]`` blocks)."""

from __future__ import annotations

import numpy as np
import pytest

from sclerodx.differential import EvidenceTableError, parse_evidence_table
from sclerodx.differential.batch import packaged_table
from sclerodx.differential.priors import AGE_UNKNOWN, cause_share_table

FEMALE, MALE, UNKNOWN_SEX = 0, 1, 2
TEENS, TWENTIES, FORTIES, FIFTIES, SIXTIES, SEVENTIES = 0, 1, 3, 4, 5, 6


def _share(cause: str, band: int, sex: int) -> float:
    table = packaged_table()
    return float(table.cause_weight_table[band, sex, table.cause_ids.index(cause)])


def test_every_age_and_sex_row_sums_to_one_and_unknown_gives_the_table_shares():
    table = packaged_table()
    np.testing.assert_allclose(table.cause_weight_table.sum(axis=-1), 1.0, atol=1e-12)
    shares = list(table.cause_weights[:-1])
    np.testing.assert_allclose(table.cause_weight_table[AGE_UNKNOWN, UNKNOWN_SEX, :-1], shares, atol=1e-12)


def test_hirayama_disease_is_a_cause_of_adolescent_and_young_men():
    """Onset in the teens, mostly men, arrest within a few years (Wang H et al., Neurologia 2024;
    Gomathy SB et al. 2022)."""
    assert _share("hirayama", TEENS, MALE) > _share("hirayama", TEENS, FEMALE)
    assert _share("hirayama", TEENS, MALE) > 5 * _share("hirayama", FORTIES, MALE)
    assert _share("hirayama", SEVENTIES, FEMALE) < 0.01


def test_myasthenia_is_bimodal_young_women_and_older_men():
    """Early-onset myasthenia in women, late-onset in men (Gilhus NE et al., Nat Rev Dis Primers 2019)."""
    assert _share("myasthenia", TWENTIES, FEMALE) > _share("myasthenia", TWENTIES, MALE)
    assert _share("myasthenia", SEVENTIES, MALE) > _share("myasthenia", SEVENTIES, FEMALE)
    assert _share("myasthenia", SEVENTIES, MALE) > _share("myasthenia", TWENTIES, MALE)


def test_cidp_and_b12_deficiency_rise_with_age_copper_and_htlv1_favour_women():
    """Iijima M et al., JNNP 2008 (CIDP, men > women, rising with age); Hunt A et al., BMJ 2014 (B12
    deficiency 6% under 60, 20% over 60); Jaiser SR, Winston GP, J Neurol 2010 (copper, F:M 3.6:1);
    Yamano Y, Sato T, Front Microbiol 2012 (HAM/TSP more common in women)."""
    assert _share("cidp", SIXTIES, MALE) > _share("cidp", TWENTIES, MALE)
    assert _share("cidp", SIXTIES, MALE) > _share("cidp", SIXTIES, FEMALE)
    assert _share("b12_deficiency", SIXTIES, FEMALE) > 2 * _share("b12_deficiency", TWENTIES, FEMALE)
    assert _share("copper_deficiency", FIFTIES, FEMALE) > 3 * _share("copper_deficiency", FIFTIES, MALE)
    assert _share("htlv1_myelopathy", FORTIES, FEMALE) > _share("htlv1_myelopathy", FORTIES, MALE)


def test_a_cause_without_a_shape_keeps_its_share_where_the_others_leave_room():
    flat = cause_share_table([0.1, 0.2], [None, None])
    np.testing.assert_allclose(flat[..., 0], 0.1)
    shaped = cause_share_table([0.1, 0.2], [((1.0,) * 8, (3.0,) * 8), None])
    assert shaped[0, MALE, 0] > shaped[0, FEMALE, 0]
    np.testing.assert_allclose(shaped[AGE_UNKNOWN, UNKNOWN_SEX], [0.1, 0.2, 0.7])


_CAUSE = '[[cause]]\nid = "a"\nlabel = "A"\nshare = 0.5\ntest = "t"\nsource = "expert estimate: x"\n'
_FINDING = ('[[finding]]\nid = "f"\nlabel = "F"\nstates = ["absent", "present"]\n\n'
            '[[row]]\nfinding = "f"\ndiagnoses = ["relapsing_ms", "progressive_ms", "als", "pls", "pma", '
            '"csm", "mmn", "sbma", "nmosd_mogad", "ibm", "hsp", "other"]\np = [0.5, 0.5]\nn = 1\n'
            'source = "expert estimate: x"\n')


@pytest.mark.parametrize(("extra", "message"), [
    ('age_female = [1, 1, 1, 1, 1, 1, 1, 1]\n', "give all of"),
    ('age_female = [1, 1, 1]\nage_male = [1, 1, 1, 1, 1, 1, 1, 1]\nage_sex_source = "s"\n', "age_female"),
    ('age_female = [1, 1, 1, 1, 1, 1, 1, 0]\nage_male = [1, 1, 1, 1, 1, 1, 1, 1]\nage_sex_source = "s"\n',
     "positive relative rates"),
    ('age_female = [1, 1, 1, 1, 1, 1, 1, 1]\nage_male = [1, 1, 1, 1, 1, 1, 1, 1]\nage_sex_source = " "\n',
     "age_sex_source"),
])
def test_a_bad_age_and_sex_shape_is_refused_naming_the_cause(extra, message):
    with pytest.raises(EvidenceTableError, match=message) as info:
        parse_evidence_table(_CAUSE + extra + "\n" + _FINDING)
    assert "'a'" in str(info.value)
