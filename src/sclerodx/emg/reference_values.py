"""Published reference values of motor unit potentials, by muscle: the one place they live.

Each row is transcribed from the table it names - nothing is interpolated, pooled or
guessed - and a value a table does not give is None (the measure it would judge is then
reported, not assessed, by :mod:`sclerodx.emg.qemg`). Coverage:

* deltoid, biceps brachii, first dorsal interosseous - ref. [1] (Uppsala multi-MUP
  material, concentric needle): mean ± SD of a muscle's mean amplitude and duration,
  and the outlier limits of single MUPs; adults; not given by age;
* tibialis anterior - ref. [2]: mean ± SD of the mean amplitude, duration and phases
  of healthy subjects, and the upper limit of the polyphasic share; adults; not given
  by age; no outlier limits.

References
----------
.. [1] Norsk forening for klinisk nevrofysiologi. Referanseverdier for EMG og single
       fiber-EMG. Retningslinjer for metoder i KNF, kapittel 5 (legeforeningen.no):
       "Normalverdier standard EMG", multi-MUP mean ± SD and outlier limits of
       amplitude and duration (Uppsala reference material, Keypoint Classic).
.. [2] J Neurol Neurosurg Psychiatry, Table 1: "Control values in the healthy subjects
       for tibialis anterior (TA) muscle recordings" - mean amplitude 661.5 ± 92 µV,
       mean duration 9.35 ± 0.93 ms, phases 3.47 ± 0.36, polyphasics 5-40 % (upper
       limit 35 %), concentric needle (jnnp.bmj.com table page; the article's authors
       and year could not be identified from the stored page).

Searched and not found (so not held): Buchthal, Pinelli & Rosenfalck 1954 and Buchthal
& Rosenfalck 1955 mean durations by muscle and age; Stålberg et al. 1996 Muscle Nerve
19:457-463 per-muscle and per-age values; Bischoff et al. 1994; the NSCN rows for
vastus lateralis and below; the authors and year of ref. [2]. Two search rounds (the
queries are listed in docs/emg.md, "Quantitative EMG against published reference
values") found Buchthal's age table only in an unpublished third-party repository,
which is not a citable source and is not used. (The Pattichis et al. 1995 table kept under
``tests/emg/fixtures`` also comes through a third-party repository, but it is a
per-subject *test* table whose origin, the authors' lab distribution, is named, and it is
never used as a reference value.) No held reference is therefore
stratified by age.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Youngest age the adult reference applies to, years. expert estimate: the Uppsala
#: material is from adults, and MUP duration is shorter in children (Buchthal &
#: Rosenfalck 1955), so adult limits would call a child's muscle myopathic.
ADULT_AGE = 18.0

_NSCN = ("Norsk forening for klinisk nevrofysiologi, Referanseverdier for EMG og single "
         "fiber-EMG (Uppsala multi-MUP reference material)")
_JNNP_TA = ("J Neurol Neurosurg Psychiatry, Table 1 'Control values in the healthy subjects for "
            "tibialis anterior (TA) muscle recordings' (jnnp.bmj.com; article authors and year "
            "not identified from the stored table page)")


@dataclass(frozen=True, slots=True)
class MUPReference:
    """Published reference values of one muscle (concentric needle).

    Every field is what the cited table states; a field the table does not give is
    None, and the measure it would judge is then reported, not assessed.
    """

    muscle: str
    source: str
    amplitude_uv: tuple[float, float]  # mean, SD of a muscle's mean amplitude
    duration_ms: tuple[float, float]  # mean, SD of a muscle's mean duration
    amplitude_outliers_uv: tuple[float, float] | None = None  # lower, upper limit of one MUP
    duration_outliers_ms: tuple[float, float] | None = None
    mean_phases: tuple[float, float] | None = None  # mean, SD of a muscle's mean phases
    polyphasic_upper_percent: float | None = None  # upper limit of the polyphasic share
    ages: str = "adults; the table is not given by age"


#: Reference values by canonical muscle name, each transcribed from the table it names:
#:
#: * deltoid, biceps brachii, first dorsal interosseous: ref. [1], "Normalverdier
#:   standard EMG" (amplitude mean ± SD and outlier limits; duration mean ± SD and
#:   outlier limits); adults, not stratified by age. The rows below (vastus lateralis
#:   and on) could not be read from the stored page and are left out rather than guessed.
#: * tibialis anterior: ref. [2], control values of healthy subjects (mean ± SD of the
#:   mean amplitude, duration and phases; the upper limit of the polyphasic share, 35 %,
#:   is the 95 % range, the others mean + 2 SD); adults, not given by age; no outlier
#:   limits of single MUPs.
REFERENCES: dict[str, MUPReference] = {
    "deltoid": MUPReference("deltoid", _NSCN, (550.0, 110.0), (10.4, 1.3),
                            (162.0, 1531.0), (4.2, 18.4)),
    "biceps brachii": MUPReference("biceps brachii", _NSCN, (436.0, 115.0), (9.9, 1.4),
                                   (178.0, 1414.0), (4.2, 16.4)),
    "first dorsal interosseous": MUPReference("first dorsal interosseous", _NSCN,
                                              (752.0, 247.0), (9.4, 1.3),
                                              (188.0, 2301.0), (4.0, 18.0)),
    "tibialis anterior": MUPReference("tibialis anterior", _JNNP_TA, (661.5, 92.0), (9.35, 0.93),
                                      mean_phases=(3.47, 0.36), polyphasic_upper_percent=35.0),
}
