"""The decisions of the ALS criteria (revised El Escorial, Awaji, Gold Coast), vectorised.

Each ``decide_*`` function takes three-valued region arrays of shape ``(n_cases, 4)``
(regions rostral to caudal: bulbar, cervical, thoracic, lumbosacral; int8 1 present,
0 absent, -1 not examined; boolean arrays are read as examined) and three-valued gates
(int8 1 true, 0 false, -1 unknown), and returns a *decision record*: the category code
of every case with every intermediate result named. A single case is a batch of one,
so the explained per-case engines (which build their rules, status, gaps and labels
only from this record) and the cohort runner share this one implementation.

Readings (see :mod:`sclerodx.criteria.motor_regions` for what counts as UMN or LMN):

* definite: UMN and LMN together in >= 3 regions (bulbar + 2 spinal, or 3 spinal);
* probable: together in >= 2 regions. The text adds "some UMN signs rostral to the
  LMN signs", automatically true when both regions carry both. The *loose* reading
  also accepts UMN and LMN in different regions with some UMN rostral to some LMN;
* probable, laboratory-supported (revised El Escorial only): UMN in >= 1 region and
  "LMN signs defined by EMG criteria ... in at least two limbs" (Brooks 2000): bulbar
  and thoracic EMG do not count towards it;
* possible: together in one region; UMN alone in >= 2 regions; or UMN and LMN found
  only in different regions;
* Gold Coast criterion 2 (Shefner 2020): "upper and lower motor neurone dysfunction in
  at least one body region, with upper and lower motor neurone dysfunction noted in the
  same body region if only one region is involved, or lower motor neurone dysfunction
  in at least two body regions". Default reading ``"text"``: LMN dysfunction somewhere,
  and either UMN and LMN in one same region, or >= 2 regions involved (UMN in one
  region and LMN in another suffices; LMN alone in two regions too). The stricter
  ``"same_region"`` reading (UMN and LMN in one same region, or LMN in >= 2 regions)
  is kept as a named option;
* a gate recorded False (no progression; another disease explains the findings)
  gives no category; a suspected mimic that no recorded investigation has settled
  (``pending``: the inclusion-body-myositis pattern with neither needle EMG nor muscle
  biopsy, :func:`sclerodx.criteria.exclusions.als_open_questions`) withholds the
  category with an indeterminate status, because the criteria ask for investigations
  excluding other disease processes (Shefner 2020 criterion 3); an unknown progression
  gate leaves the category but makes the status indeterminate; an undocumented exclusion
  of mimics stays a caveat.

References
----------
.. [1] Brooks BR et al. Amyotroph Lateral Scler Other Motor Neuron Disord. 2000;1:293-299.
.. [2] de Carvalho M et al. Clin Neurophysiol. 2008;119:497-503.
.. [3] Shefner JM et al. Clin Neurophysiol. 2020;131:1975-1978.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
GateArray = npt.NDArray[np.int8]
CodeArray = npt.NDArray[np.int8]
IntArray = npt.NDArray[np.int64]
TriArray = npt.NDArray[np.int8]

#: Revised El Escorial categories, in increasing certainty (the code is the index).
REEC_CATEGORIES = ("none", "possible", "probable_laboratory_supported", "probable", "definite")
#: Awaji categories; the laboratory-supported category was removed (de Carvalho 2008).
AWAJI_CATEGORIES = ("none", "possible", "probable", "definite")
#: Gold Coast is binary (Shefner 2020).
GOLD_COAST_CATEGORIES = ("not_als", "als")
#: Status codes of every decision record (index into this tuple).
STATUS_CODES = ("not_met", "indeterminate", "met")
#: Limbs with EMG LMN signs needed for probable, laboratory-supported (Brooks 2000).
LAB_SUPPORTED_MIN_LIMBS = 2

Reading = Literal["strict", "loose"]
GoldCoastReading = Literal["text", "same_region"]


def tri(values: npt.ArrayLike) -> TriArray:
    """Region or gate values as int8 1 / 0 / -1; booleans are read as examined (1 / 0).

    Integers are clipped to [-1, 1]; any other value (NaN, null) is unknown (-1).
    """
    array = np.asarray(values)
    if array.dtype == np.bool_:
        return array.astype(np.int8)
    if array.dtype.kind in "iu":
        clipped: TriArray = np.clip(array, -1, 1).astype(np.int8, copy=False)
        return clipped
    return np.where(array == 1, 1, np.where(array == 0, 0, -1)).astype(np.int8)


def _per_row(mask: BoolArray) -> IntArray:
    """Count True per row of an ``(n, 4)`` mask (summed column by column: fast for small widths)."""
    total = np.zeros(mask.shape[0], dtype=np.int64)
    for column in range(mask.shape[1]):
        total += mask[:, column]
    return total


@dataclass(frozen=True, slots=True)
class RegionCounts:
    """Region counts every ALS decision shares, for a batch of cases."""

    umn: TriArray
    lmn: TriArray
    both: TriArray
    n_both: IntArray
    n_umn: IntArray
    n_lmn: IntArray
    n_involved: IntArray
    umn_rostral_to_lmn: BoolArray
    unknown: BoolArray
    progression: GateArray
    excluded: GateArray
    pending: BoolArray

    @property
    def blocked(self) -> BoolArray:
        """A gate documented as failed (no progression, or another disease explains it)."""
        blocked: BoolArray = (self.progression == 0) | (self.excluded == 0)
        return blocked


def region_counts(umn: npt.ArrayLike, lmn: npt.ArrayLike, progression: npt.ArrayLike,
                  excluded: npt.ArrayLike, pending: npt.ArrayLike | None = None) -> RegionCounts:
    """Count UMN, LMN and shared regions (unknown regions count as absent).

    ``pending`` marks rows whose exclusion of mimics waits on an investigation (default: none).
    """
    u, lo = tri(umn), tri(lmn)
    up, lp = u == 1, lo == 1
    both_present = up & lp
    both = np.where(both_present, 1, np.where((u == 0) | (lo == 0), 0, -1)).astype(np.int8)
    width = u.shape[1]
    highest_umn = np.full(u.shape[0], width)
    lowest_lmn = np.full(u.shape[0], -1)
    for level in reversed(range(width)):
        highest_umn[up[:, level]] = level
    for level in range(width):
        lowest_lmn[lp[:, level]] = level
    return RegionCounts(
        umn=u, lmn=lo, both=both,
        n_both=_per_row(both_present), n_umn=_per_row(up), n_lmn=_per_row(lp),
        n_involved=_per_row(up | lp), umn_rostral_to_lmn=highest_umn < lowest_lmn,
        unknown=_per_row((u == -1) | (lo == -1)) > 0,
        progression=tri(progression), excluded=tri(excluded),
        pending=np.zeros(u.shape[0], dtype=bool) if pending is None else np.asarray(pending, dtype=bool),
    )


def _status(codes: CodeArray, counts: RegionCounts) -> CodeArray:
    """Met with a category and documented progression; indeterminate while unknowns remain."""
    met = (codes > 0) & (counts.progression == 1)
    pending = ((codes > 0) & (counts.progression == -1)) | ((codes == 0) & counts.unknown)
    status = np.select([counts.blocked, counts.pending, met, pending], [0, 1, 2, 1], default=0)
    return status.astype(np.int8)


@dataclass(frozen=True, slots=True)
class ElEscorialDecision:
    """Revised El Escorial: category codes (index into ``REEC_CATEGORIES``) and their reasons."""

    codes: CodeArray
    status: CodeArray
    counts: RegionCounts
    emg_limbs: IntArray
    definite: BoolArray
    probable: BoolArray
    lab_supported: BoolArray
    possible: BoolArray


@dataclass(frozen=True, slots=True)
class AwajiDecision:
    """Awaji-Shima: category codes (index into ``AWAJI_CATEGORIES``) and their reasons."""

    codes: CodeArray
    status: CodeArray
    counts: RegionCounts
    definite: BoolArray
    probable: BoolArray
    possible: BoolArray


@dataclass(frozen=True, slots=True)
class GoldCoastDecision:
    """Gold Coast: category codes (index into ``GOLD_COAST_CATEGORIES``) and their reasons."""

    codes: CodeArray
    status: CodeArray
    counts: RegionCounts
    same_region: BoolArray
    lmn_two_regions: BoolArray
    different_regions: BoolArray
    criterion_2: BoolArray
    reading: GoldCoastReading


def _clinical(counts: RegionCounts, reading: Reading) -> tuple[BoolArray, BoolArray, BoolArray]:
    definite = counts.n_both >= 3
    probable = counts.n_both >= 2
    if reading == "loose":
        probable = probable | ((counts.n_umn >= 1) & (counts.n_lmn >= 1) & counts.umn_rostral_to_lmn)
    possible = (counts.n_umn >= 2) | ((counts.n_umn >= 1) & (counts.n_lmn >= 1))
    return definite, probable, possible


def decide_el_escorial(umn: npt.ArrayLike, lmn: npt.ArrayLike, emg_limbs: npt.ArrayLike,
                       progression: npt.ArrayLike, excluded: npt.ArrayLike, *,
                       reading: Reading = "strict",
                       pending: npt.ArrayLike | None = None) -> ElEscorialDecision:
    """Apply revised El Escorial; ``lmn`` is clinical LMN, ``emg_limbs`` the EMG LMN limb count."""
    counts = region_counts(umn, lmn, progression, excluded, pending)
    definite, probable, possible = _clinical(counts, reading)
    limbs = np.asarray(emg_limbs, dtype=np.int64)
    lab = (counts.n_umn >= 1) & (limbs >= LAB_SUPPORTED_MIN_LIMBS)
    codes = np.select([definite, probable, lab, possible], [4, 3, 2, 1], default=0).astype(np.int8)
    codes[counts.blocked | counts.pending] = 0
    return ElEscorialDecision(codes, _status(codes, counts), counts, limbs, definite, probable, lab, possible)


def decide_awaji(umn: npt.ArrayLike, lmn: npt.ArrayLike, progression: npt.ArrayLike,
                 excluded: npt.ArrayLike, *, reading: Reading = "strict",
                 pending: npt.ArrayLike | None = None) -> AwajiDecision:
    """Apply Awaji-Shima; ``lmn`` is clinical or EMG LMN (Awaji definitions)."""
    counts = region_counts(umn, lmn, progression, excluded, pending)
    definite, probable, possible = _clinical(counts, reading)
    codes = np.select([definite, probable, possible], [3, 2, 1], default=0).astype(np.int8)
    codes[counts.blocked | counts.pending] = 0
    return AwajiDecision(codes, _status(codes, counts), counts, definite, probable, possible)


def decide_gold_coast(umn: npt.ArrayLike, lmn: npt.ArrayLike, progression: npt.ArrayLike,
                      excluded: npt.ArrayLike, *, reading: GoldCoastReading = "text",
                      pending: npt.ArrayLike | None = None) -> GoldCoastDecision:
    """Apply the Gold Coast criteria; ``lmn`` is clinical (weakness and wasting) or EMG LMN."""
    counts = region_counts(umn, lmn, progression, excluded, pending)
    same = counts.n_both >= 1
    two = counts.n_lmn >= 2
    different = (counts.n_umn >= 1) & (counts.n_lmn >= 1) & (counts.n_involved >= 2)
    criterion_2 = same | two | (different if reading == "text" else np.zeros_like(same))
    codes = (criterion_2 & ~counts.blocked & ~counts.pending).astype(np.int8)
    return GoldCoastDecision(codes, _status(codes, counts), counts, same, two, different, criterion_2,
                             reading)


def gate(value: bool | None) -> int:
    """Encode a three-valued gate as int8 code (1 true, 0 false, -1 unknown)."""
    return -1 if value is None else int(value)
