"""Tests of the region and muscle vocabulary (mirrors src/sclerodx/anatomy.py).

Root and nerve expectations follow Preston & Shapiro (Electromyography and Neuromuscular
Disorders, 3rd ed., 2013) and the EMG region rule of Brooks et al. 2000 / de Carvalho et al.
2008: in the cervical and lumbosacral regions two muscles count only when both their
nerves and their roots differ.
"""

from __future__ import annotations

import itertools

import pytest

from sclerodx.anatomy import (
    MUSCLES,
    REGIONS,
    SINGLE_MUSCLE_REGIONS,
    Muscle,
    Region,
    find_muscle,
    independent_muscles,
    muscle_names,
)


@pytest.mark.parametrize(
    "alias",
    ["first dorsal interosseous", "FDI", "fdi", "1st dorsal interosseous", "First_Dorsal-Interosseous",
     "  first  dorsal interosseus "],
)
def test_aliases_and_spellings_find_the_muscle(alias: str) -> None:
    assert find_muscle(alias).name == "first dorsal interosseous"


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("biceps", "biceps brachii"),
        ("biceps femoris", "biceps femoris (long head)"),
        ("adm", "abductor digiti minimi (hand)"),
        ("abductor digiti quinti pedis", "abductor digiti minimi (foot)"),
        ("genioglossus", "tongue"),
        ("quadriceps", "vastus medialis"),
        ("gastrocnemius", "gastrocnemius (medial head)"),
    ],
)
def test_ambiguous_short_names_resolve_as_documented(alias: str, name: str) -> None:
    assert find_muscle(alias).name == name


def test_every_name_and_alias_finds_its_own_muscle() -> None:
    """No alias is shadowed by another muscle's name or alias."""
    for muscle in MUSCLES:
        for key in (muscle.name, *muscle.aliases):
            assert find_muscle(key) is muscle, key


def test_unknown_muscle_suggests_without_echoing_the_name() -> None:
    with pytest.raises(KeyError, match=r"unknown muscle: .*did you mean 'tibialis anterior'") as info:
        find_muscle("tibialis anterio")
    assert "anterio'" not in str(info.value)


def test_unknown_muscle_without_close_match() -> None:
    with pytest.raises(KeyError, match="unknown muscle: expected") as info:
        find_muscle("Zqxjw Smithfield")
    assert "did you mean" not in str(info.value)
    assert "Zqxjw" not in str(info.value)


def test_muscle_names_are_unique_and_ordered() -> None:
    names = muscle_names()
    assert names == [m.name for m in MUSCLES]
    assert len(names) == len(set(names))


def test_regions_rostral_to_caudal() -> None:
    assert [r.value for r in REGIONS] == ["bulbar", "cervical", "thoracic", "lumbosacral"]
    assert [r.level for r in REGIONS] == [0, 1, 2, 3]


def test_single_muscle_regions_are_bulbar_and_thoracic() -> None:
    assert {Region.BULBAR, Region.THORACIC} == SINGLE_MUSCLE_REGIONS


def _root_kinds(roots: tuple[str, ...]) -> set[str]:
    return {"CN" if r.startswith("CN") else r[0] for r in roots}


@pytest.mark.parametrize("muscle", MUSCLES, ids=[m.name for m in MUSCLES])
def test_roots_fit_the_region(muscle: Muscle) -> None:
    """Cranial nerves for bulbar muscles; C roots for the cervical region (T1 may join);
    thoracic roots only for the thoracic region; L and S roots for the lumbosacral region."""
    kinds = _root_kinds(muscle.roots)
    assert muscle.nerve
    allowed = {
        Region.BULBAR: {"CN"}, Region.CERVICAL: {"C", "T"}, Region.THORACIC: {"T"},
        Region.LUMBOSACRAL: {"L", "S"},
    }[muscle.region]
    assert kinds
    assert kinds <= allowed
    if muscle.region is Region.CERVICAL:
        assert "C" in kinds


def test_every_region_has_muscles() -> None:
    assert {m.region for m in MUSCLES} == set(REGIONS)


@pytest.mark.parametrize(
    ("first", "second", "independent"),
    [
        ("first dorsal interosseous", "biceps brachii", True),        # C8-T1 ulnar / C5-6 musculocut.
        ("first dorsal interosseous", "abductor pollicis brevis", False),  # both C8-T1
        ("deltoid", "biceps brachii", False),                         # both C5-6
        ("biceps brachii", "triceps brachii", True),                  # C5-6 / C6-8, different nerves
        ("first dorsal interosseous", "flexor carpi ulnaris", False),  # both ulnar
        ("triceps brachii", "brachioradialis", False),                # both radial
        ("tibialis anterior", "gastrocnemius (medial head)", True),   # L4-5 deep peroneal / S1-2 tibial
        ("tibialis anterior", "extensor hallucis longus", False),     # both deep peroneal
        ("vastus lateralis", "adductor longus", False),               # both L2-4
        ("vastus lateralis", "tibialis anterior", True),              # L2-4 femoral / L4-5 deep peroneal
    ],
)
def test_independent_muscles(first: str, second: str, independent: bool) -> None:
    a, b = find_muscle(first), find_muscle(second)
    assert independent_muscles(a, b) is independent
    assert independent_muscles(b, a) is independent


def test_a_muscle_is_never_independent_of_itself() -> None:
    assert not any(independent_muscles(m, m) for m in MUSCLES)


@pytest.mark.parametrize("region", [Region.CERVICAL, Region.LUMBOSACRAL])
def test_two_muscle_regions_can_be_satisfied(region: Region) -> None:
    """The 2-muscle rule must be satisfiable with the vocabulary's muscles."""
    muscles = [m for m in MUSCLES if m.region is region]
    assert any(independent_muscles(a, b) for a, b in itertools.combinations(muscles, 2))


@pytest.mark.parametrize(("name", "canonical"), [
    ("thoracic paraspinal T10", "thoracic paraspinal"),
    ("Thoracic paraspinal (T10)", "thoracic paraspinal"),
    ("thoracic paraspinal, T9-T10", "thoracic paraspinal"),
    ("lumbar paraspinal L4-L5", "lumbar paraspinal"),
    ("cervical paraspinal C6", "cervical paraspinal"),
    ("flexor digitorum profundus", "flexor digitorum profundus (ulnar)"),
    ("FDP 2-3", "flexor digitorum profundus (median)"),
    ("flexor digitorum sublimis", "flexor digitorum superficialis"),
])
def test_levels_and_synonyms(name: str, canonical: str) -> None:
    assert find_muscle(name).name == canonical


def test_level_outside_the_region_is_refused_with_the_reason() -> None:
    with pytest.raises(KeyError, match="not a cervical level") as info:
        find_muscle("cervical paraspinal T10")
    assert "T10" not in str(info.value)


def test_near_miss_with_a_level_suggests_the_muscle() -> None:
    with pytest.raises(KeyError, match="did you mean 'thoracic paraspinal'"):
        find_muscle("thoracic paraspinl T10")
