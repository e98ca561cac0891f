"""Body regions and the needle-EMG muscle vocabulary.

The ALS criteria count *regions* (bulbar, cervical, thoracic, lumbosacral), and the
EMG region rule depends on which roots and peripheral nerves supply each sampled
muscle: in the cervical and lumbosacral regions at least two muscles supplied by
different roots *and* different nerves must be abnormal; in the bulbar and the
thoracic regions one muscle suffices (Brooks et al. 2000; de Carvalho et al. 2008;
Shefner et al. 2020). This module is the single place that knows which muscle
belongs to which region, root and nerve.

Root and nerve assignments follow the standard clinical tables; where tables differ
by one root level the principal roots used in EMG practice are given.

References
----------
.. [1] Preston DC, Shapiro BE. Electromyography and Neuromuscular Disorders, 3rd ed.
       Elsevier; 2013 (appendix: muscle, nerve and root table).
.. [2] Medical Research Council. Aids to the Examination of the Peripheral Nervous
       System, 5th ed. Saunders/Elsevier; 2010.
.. [3] Brooks BR, Miller RG, Swash M, Munsat TL. El Escorial revisited: revised
       criteria for the diagnosis of amyotrophic lateral sclerosis. Amyotroph Lateral
       Scler Other Motor Neuron Disord. 2000;1:293-299.
.. [4] de Carvalho M, Dengler R, Eisen A, et al. Electrodiagnostic criteria for the
       diagnosis of ALS. Clin Neurophysiol. 2008;119:497-503.
.. [5] Shefner JM, Al-Chalabi A, Baker MR, et al. A proposal for new diagnostic
       criteria for ALS. Clin Neurophysiol. 2020;131:1975-1978.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum


class Region(StrEnum):
    """Body regions of the ALS criteria, listed rostral to caudal."""

    BULBAR = "bulbar"
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBOSACRAL = "lumbosacral"

    @property
    def level(self) -> int:
        """Rostro-caudal rank: 0 (bulbar) to 3 (lumbosacral)."""
        return list(Region).index(self)


REGIONS: tuple[Region, ...] = tuple(Region)

#: Regions where one abnormal muscle makes the region abnormal on EMG; in the
#: others two muscles with different roots and different nerves are needed
#: (Brooks 2000; de Carvalho 2008; Shefner 2020).
SINGLE_MUSCLE_REGIONS: frozenset[Region] = frozenset({Region.BULBAR, Region.THORACIC})


@dataclass(frozen=True, slots=True)
class Muscle:
    """One muscle of the vocabulary: where it counts and what supplies it."""

    name: str
    region: Region
    roots: tuple[str, ...]
    nerve: str
    aliases: tuple[str, ...] = ()


def _m(
    name: str, region: Region, roots: str, nerve: str, *aliases: str
) -> Muscle:
    return Muscle(name, region, tuple(roots.split()), nerve, aliases)


_B, _C, _T, _L = Region.BULBAR, Region.CERVICAL, Region.THORACIC, Region.LUMBOSACRAL

#: The muscle vocabulary (Preston & Shapiro 2013; MRC 2010).
MUSCLES: tuple[Muscle, ...] = (
    # bulbar (cranial nerve) muscles
    _m("tongue", _B, "CN12", "hypoglossal", "genioglossus", "lingual"),
    _m("masseter", _B, "CN5", "trigeminal (mandibular)"),
    _m("orbicularis oris", _B, "CN7", "facial"),
    _m("orbicularis oculi", _B, "CN7", "facial"),
    _m("frontalis", _B, "CN7", "facial"),
    _m("mentalis", _B, "CN7", "facial"),
    _m("sternocleidomastoid", _B, "CN11", "spinal accessory", "scm"),
    # cervical region: neck, arm, hand, diaphragm
    _m("diaphragm", _C, "C3 C4 C5", "phrenic"),
    _m("cervical paraspinal", _C, "C4 C5 C6 C7 C8", "cervical dorsal rami",
       "cervical paraspinals", "cervical paraspinal muscles"),
    _m("trapezius", _C, "C3 C4", "spinal accessory (cervical plexus)"),
    _m("rhomboid major", _C, "C4 C5", "dorsal scapular", "rhomboids", "rhomboid"),
    _m("supraspinatus", _C, "C5 C6", "suprascapular"),
    _m("infraspinatus", _C, "C5 C6", "suprascapular"),
    _m("deltoid", _C, "C5 C6", "axillary"),
    _m("biceps brachii", _C, "C5 C6", "musculocutaneous", "biceps"),
    _m("brachialis", _C, "C5 C6", "musculocutaneous"),
    _m("brachioradialis", _C, "C5 C6", "radial"),
    _m("serratus anterior", _C, "C5 C6 C7", "long thoracic"),
    _m("pronator teres", _C, "C6 C7", "median"),
    _m("flexor carpi radialis", _C, "C6 C7", "median"),
    _m("triceps brachii", _C, "C6 C7 C8", "radial", "triceps"),
    _m("latissimus dorsi", _C, "C6 C7 C8", "thoracodorsal"),
    _m("extensor carpi radialis", _C, "C6 C7", "radial", "extensor carpi radialis longus"),
    _m("extensor digitorum communis", _C, "C7 C8", "posterior interosseous (radial)",
       "extensor digitorum", "edc"),
    _m("extensor indicis", _C, "C7 C8", "posterior interosseous (radial)",
       "extensor indicis proprius", "eip"),
    _m("flexor pollicis longus", _C, "C7 C8", "anterior interosseous (median)", "fpl"),
    _m("flexor carpi ulnaris", _C, "C7 C8 T1", "ulnar", "fcu"),
    _m("flexor digitorum profundus (ulnar)", _C, "C7 C8", "ulnar",
       "flexor digitorum profundus 4-5", "fdp", "flexor digitorum profundus", "fdp 4-5",
       "flexor digitorum profundus iv-v", "deep finger flexors"),
    _m("flexor digitorum profundus (median)", _C, "C7 C8", "anterior interosseous (median)",
       "flexor digitorum profundus 2-3", "fdp 2-3", "flexor digitorum profundus ii-iii"),
    _m("flexor digitorum superficialis", _C, "C7 C8 T1", "median", "fds",
       "flexor digitorum sublimis"),
    _m("abductor pollicis brevis", _C, "C8 T1", "median", "apb"),
    _m("opponens pollicis", _C, "C8 T1", "median"),
    _m("first dorsal interosseous", _C, "C8 T1", "ulnar", "1st dorsal interosseous", "fdi",
       "first dorsal interosseus", "1st dorsal interosseus", "dorsal interosseous i"),
    _m("abductor digiti minimi (hand)", _C, "C8 T1", "ulnar", "abductor digiti minimi", "adm"),
    # thoracic region: back and abdomen
    _m("thoracic paraspinal", _T, "T6 T7 T8 T9 T10 T11 T12", "thoracic dorsal rami",
       "thoracic paraspinals", "thoracic paraspinal (below t6)", "thoracic paraspinal muscles",
       "paraspinal thoracic", "thoracic erector spinae"),
    _m("rectus abdominis", _T, "T7 T8 T9 T10 T11 T12", "intercostal (thoracoabdominal)",
       "abdominal", "abdominals"),
    _m("external oblique", _T, "T7 T8 T9 T10 T11 T12", "intercostal (thoracoabdominal)"),
    # lumbosacral region: back, abdomen, leg, foot
    _m("lumbar paraspinal", _L, "L1 L2 L3 L4 L5 S1", "lumbosacral dorsal rami",
       "lumbosacral paraspinal", "lumbar paraspinals"),
    _m("iliopsoas", _L, "L2 L3", "femoral (and lumbar plexus)", "iliacus", "psoas"),
    _m("adductor longus", _L, "L2 L3 L4", "obturator", "adductor magnus"),
    _m("rectus femoris", _L, "L2 L3 L4", "femoral"),
    _m("vastus lateralis", _L, "L2 L3 L4", "femoral", "vl", "quadriceps (vastus lateralis)"),
    _m("vastus medialis", _L, "L2 L3 L4", "femoral", "quadriceps"),
    _m("tibialis anterior", _L, "L4 L5", "deep peroneal (fibular)", "ta"),
    _m("extensor hallucis longus", _L, "L5 S1", "deep peroneal (fibular)", "ehl"),
    _m("extensor digitorum brevis", _L, "L5 S1", "deep peroneal (fibular)", "edb"),
    _m("peroneus longus", _L, "L5 S1", "superficial peroneal (fibular)", "fibularis longus"),
    _m("tibialis posterior", _L, "L5 S1", "tibial"),
    _m("gluteus medius", _L, "L4 L5 S1", "superior gluteal"),
    _m("tensor fasciae latae", _L, "L4 L5 S1", "superior gluteal"),
    _m("gluteus maximus", _L, "L5 S1 S2", "inferior gluteal"),
    _m("biceps femoris (short head)", _L, "L5 S1", "sciatic (peroneal division)",
       "biceps femoris short head"),
    _m("biceps femoris (long head)", _L, "L5 S1 S2", "sciatic (tibial division)",
       "biceps femoris", "hamstrings"),
    _m("gastrocnemius (medial head)", _L, "S1 S2", "tibial", "medial gastrocnemius",
       "gastrocnemius"),
    _m("soleus", _L, "S1 S2", "tibial"),
    _m("abductor hallucis", _L, "S1 S2", "medial plantar (tibial)"),
    _m("abductor digiti minimi (foot)", _L, "S1 S2", "lateral plantar (tibial)",
       "abductor digiti quinti pedis"),
)


def _normalise(name: str) -> str:
    text = name.strip().lower().replace("_", " ").replace("-", " ")
    text = re.sub(r"[^a-z0-9() ]", "", text)
    return re.sub(r"\s+", " ", text)


_LOOKUP: dict[str, Muscle] = {}
for _muscle in MUSCLES:
    for _key in (_muscle.name, *_muscle.aliases):
        _LOOKUP.setdefault(_normalise(_key), _muscle)


#: Spinal levels that may follow a muscle of each region ("thoracic paraspinal T10"); T1 is
#: cervical-region (C8-T1 hand muscles), as the criteria count it.
_REGION_LEVELS: dict[Region, frozenset[str]] = {
    Region.CERVICAL: frozenset({*(f"c{i}" for i in range(1, 9)), "t1"}),
    Region.THORACIC: frozenset(f"t{i}" for i in range(2, 13)),
    Region.LUMBOSACRAL: frozenset({*(f"l{i}" for i in range(1, 6)), *(f"s{i}" for i in range(1, 6))}),
}
_LEVEL = re.compile(r"^(?P<muscle>.+?)\s+(?:at\s+)?(?:level\s+)?"
                    r"(?P<level>[ctls]\d{1,2})(?:\s*(?:-|to)?\s*[ctls]?\d{1,2})?(?:\s+level)?$")


def _level_suffix(key: str) -> tuple[str, str] | None:
    """Split "thoracic paraspinal t10" into the muscle and the spinal level, when it ends in one."""
    match = _LEVEL.match(" ".join(re.sub(r"[(),]", " ", key).split()))
    if match is None:
        return None
    return _normalise(match["muscle"]), match["level"]


def find_muscle(name: str) -> Muscle:
    """Return the vocabulary entry for a muscle name or alias.

    A trailing spinal level is accepted when it belongs to the muscle's region
    ("thoracic paraspinal T10", "lumbar paraspinal L4-L5"): EMG reports name
    paraspinal muscles by level, and the criteria count the region.

    Raises
    ------
    KeyError
        If the name is not in the vocabulary; the message lists close matches.
    """
    key = _normalise(name)
    if key in _LOOKUP:
        return _LOOKUP[key]
    split = _level_suffix(key)
    if split is not None and split[0] in _LOOKUP:
        muscle = _LOOKUP[split[0]]
        level = split[1]
        if level in _REGION_LEVELS.get(muscle.region, frozenset()):
            return muscle
        raise KeyError(f"the spinal level given is not a {muscle.region.value} level, as expected for "
                       f"{muscle.name!r}")
    close = difflib.get_close_matches(split[0] if split else key, list(_LOOKUP), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise KeyError(f"unknown muscle: expected one of the names in sclerodx.anatomy.MUSCLES{hint}")


def muscle_names() -> list[str]:
    """Canonical muscle names, for schemas and forms."""
    return [m.name for m in MUSCLES]


def independent_muscles(first: Muscle, second: Muscle) -> bool:
    """Whether two muscles count as supplied by different roots *and* different nerves.

    The criteria text asks for "different roots and different peripheral nerves"
    (Brooks 2000; de Carvalho 2008). Our reading: the sets of principal roots are not
    identical (so biceps C5-6 and triceps C6-8 qualify, deltoid and biceps do not)
    and the nerve differs.
    """
    return first.nerve != second.nerve and set(first.roots) != set(second.roots)
