"""The region-counting decisions of the ALS criteria, vectorised.

Each function takes boolean arrays of shape ``(n_cases, 4)`` (regions rostral to
caudal: bulbar, cervical, thoracic, lumbosacral) and three-valued gates encoded as
int8 (1 true, 0 false, -1 unknown), and returns one category code per case. A single
case is a batch of one, so the explained per-case engines and the cohort runner share
this one implementation of the rules.

Readings (see :mod:`sclerodx.criteria.motor_regions` for what counts as UMN or LMN):

* definite: UMN and LMN together in >= 3 regions (bulbar + 2 spinal, or 3 spinal);
* probable: together in >= 2 regions. The text adds "some UMN signs rostral to the
  LMN signs", automatically true when both regions carry both. The *loose* reading
  also accepts UMN and LMN in different regions with some UMN rostral to some LMN;
* probable, laboratory-supported (revised El Escorial only): UMN in >= 1 region and
  EMG evidence of LMN involvement in >= 2 regions;
* possible: together in one region; UMN alone in >= 2 regions; or UMN and LMN found
  only in different regions (LMN rostral to UMN, and under the strict reading the
  reverse pattern too);
* a gate recorded False (no progression; another disease explains the findings)
  gives no category; an unknown gate leaves the category but makes it conditional.

References
----------
.. [1] Brooks BR et al. Amyotroph Lateral Scler Other Motor Neuron Disord. 2000;1:293-299.
.. [2] de Carvalho M et al. Clin Neurophysiol. 2008;119:497-503.
.. [3] Shefner JM et al. Clin Neurophysiol. 2020;131:1975-1978.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
GateArray = npt.NDArray[np.int8]
CodeArray = npt.NDArray[np.int8]

#: Revised El Escorial categories, in increasing certainty (the code is the index).
REEC_CATEGORIES = ("none", "possible", "probable_laboratory_supported", "probable", "definite")
#: Awaji categories; the laboratory-supported category was removed (de Carvalho 2008).
AWAJI_CATEGORIES = ("none", "possible", "probable", "definite")
#: Gold Coast is binary (Shefner 2020).
GOLD_COAST_CATEGORIES = ("not_als", "als")

Reading = Literal["strict", "loose"]


def _gates_block(progression: GateArray, excluded: GateArray) -> BoolArray:
    """Cases where a gate is documented as failed."""
    blocked: BoolArray = (progression == 0) | (excluded == 0)
    return blocked


def _umn_rostral_to_lmn(umn: BoolArray, lmn: BoolArray) -> BoolArray:
    """Some UMN region lies above some LMN region (strictly rostral)."""
    levels = np.arange(umn.shape[1])
    highest_umn = np.where(umn, levels, umn.shape[1]).min(axis=1)
    lowest_lmn = np.where(lmn, levels, -1).max(axis=1)
    rostral: BoolArray = highest_umn < lowest_lmn
    return rostral


def reec_style_codes(
    umn: BoolArray,
    lmn: BoolArray,
    progression: GateArray,
    excluded: GateArray,
    *,
    emg_lmn: BoolArray | None = None,
    reading: Reading = "strict",
) -> CodeArray:
    """Category codes for revised El Escorial (``emg_lmn`` given) or Awaji (``emg_lmn=None``).

    Returns indices into :data:`REEC_CATEGORIES` when ``emg_lmn`` is given, else into
    :data:`AWAJI_CATEGORIES`.
    """
    both = (umn & lmn).sum(axis=1)
    n_umn = umn.sum(axis=1)
    any_lmn = lmn.any(axis=1)
    probable = both >= 2
    if reading == "loose":
        probable |= (n_umn >= 1) & any_lmn & _umn_rostral_to_lmn(umn, lmn)
    possible = (n_umn >= 2) | ((n_umn >= 1) & any_lmn)
    if emg_lmn is None:
        codes = np.select([both >= 3, probable, possible], [3, 2, 1], default=0)
    else:
        lab = (n_umn >= 1) & (emg_lmn.sum(axis=1) >= 2)
        codes = np.select([both >= 3, probable, lab, possible], [4, 3, 2, 1], default=0)
    codes[_gates_block(progression, excluded)] = 0
    return codes.astype(np.int8)


def gold_coast_codes(
    umn: BoolArray, lmn: BoolArray, progression: GateArray, excluded: GateArray
) -> CodeArray:
    """1 (ALS) where UMN and LMN share a region or LMN is in >= 2 regions, gates permitting."""
    pattern = ((umn & lmn).sum(axis=1) >= 1) | (lmn.sum(axis=1) >= 2)
    codes: CodeArray = (pattern & ~_gates_block(progression, excluded)).astype(np.int8)
    return codes


def gate(value: bool | None) -> int:
    """Encode a three-valued gate as int8 code (1 true, 0 false, -1 unknown)."""
    return -1 if value is None else int(value)
