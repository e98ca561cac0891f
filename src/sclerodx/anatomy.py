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
       "cervical paraspinals"),
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
       "flexor digitorum profundus 4-5", "fdp"),
    _m("abductor pollicis brevis", _C, "C8 T1", "median", "apb"),
    _m("opponens pollicis", _C, "C8 T1", "median"),
    _m("first dorsal interosseous", _C, "C8 T1", "ulnar", "1st dorsal interosseous", "fdi",
       "first dorsal interosseus"),
    _m("abductor digiti minimi (hand)", _C, "C8 T1", "ulnar", "abductor digiti minimi", "adm"),
    # thoracic region: back and abdomen
    _m("thoracic paraspinal", _T, "T6 T7 T8 T9 T10 T11 T12", "thoracic dorsal rami",
       "thoracic paraspinals", "thoracic paraspinal (below t6)"),
    _m("rectus abdominis", _T, "T7 T8 T9 T10 T11 T12", "intercostal (thoracoabdominal)",
       "abdominal", "abdominals"),
    _m("external oblique", _T, "T7 T8 T9 T10 T11 T12", "intercostal (thoracoabdominal)"),
    # lumbosacral region: back, abdomen, leg, foot
    _m("lumbar paraspinal", _L, "L1 L2 L3 L4 L5 S1", "lumbosacral dorsal rami",
       "lumbosacral paraspinal", "lumbar paraspinals"),
    _m("iliopsoas", _L, "L2 L3", "femoral (and lumbar plexus)", "iliacus", "psoas"),
    _m("adductor longus", _L, "L2 L3 L4", "obturator", "adductor magnus"),
    _m("rectus femoris", _L, "L2 L3 L4", "femoral"),
    _m("vastus lateralis", _L, "L2 L3 L4", "femoral"),
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


def find_muscle(name: str) -> Muscle:
    """Return the vocabulary entry for a muscle name or alias.

    Raises
    ------
    KeyError
        If the name is not in the vocabulary; the message lists close matches.
    """
    key = _normalise(name)
    try:
        return _LOOKUP[key]
    except KeyError:
        close = difflib.get_close_matches(key, list(_LOOKUP), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(
            f"unknown muscle {name!r}: expected one of the names in sclerodx.anatomy.MUSCLES{hint}"
        ) from None


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
