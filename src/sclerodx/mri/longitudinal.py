"""New and enlarging lesions between two time points on the same grid.

McDonald dissemination in time accepts "a new T2-hyperintense or gadolinium-enhancing
lesion on follow-up MRI, with reference to a baseline scan" [1]_. Monitoring guidelines
pool new and enlarging T2 lesions into one measure of activity [2]_. sclerodx uses this
operational definition, on lesion masks already registered to one grid:

* **new**: a follow-up lesion with no voxel in common with any baseline lesion;
* **enlarging**: a follow-up lesion that overlaps baseline lesions and whose volume is at
  least ``1 + ENLARGING_FRACTION`` times theirs together;
* **stable**: any other follow-up lesion (same size, smaller, or merged without growth).

The 50 % growth threshold sits just above the 45 % repeat-measurement variability of small
lesions reported by Goodkin et al. [3]_, so an "enlarging" call is unlikely to be
measurement noise.

References
----------
.. [1] Thompson AJ, Banwell BL, Barkhof F, et al. Diagnosis of multiple sclerosis: 2017
   revisions of the McDonald criteria. Lancet Neurol 2018;17:162-173.
.. [2] Wattjes MP, Ciccarelli O, Reich DS, et al. 2021 MAGNIMS-CMSC-NAIMS consensus
   recommendations on the use of MRI in patients with multiple sclerosis. Lancet Neurol
   2021;20:653-670.
.. [3] Goodkin DE, Ross JS, Medendorp SV, Konecsni J, Rudick RA. Magnetic resonance imaging
   lesion enlargement in multiple sclerosis: disease-related activity, chance occurrence,
   or measurement artifact? Arch Neurol 1992;49:261-263.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from sclerodx.mri.components import label_components

#: Relative volume growth from which an overlapping lesion counts as enlarging [3]_.
ENLARGING_FRACTION = 0.5


class LesionChange(StrEnum):
    """How a follow-up lesion relates to the baseline scan."""

    NEW = "new"
    ENLARGING = "enlarging"
    STABLE = "stable"

    @property
    def is_active(self) -> bool:
        """New or enlarging: what the case model's ``Lesion.new`` records."""
        return self is not LesionChange.STABLE


def lesion_changes(
    followup_ids: NDArray[np.integer],
    n_lesions: int,
    baseline: NDArray[np.bool_],
    *,
    enlarging_fraction: float = ENLARGING_FRACTION,
) -> list[LesionChange]:
    """Classify every follow-up lesion as new, enlarging or stable.

    Parameters
    ----------
    followup_ids : ndarray of int
        Follow-up lesion ids (0 background, 1..n_lesions) on the common grid.
    n_lesions : int
        Number of follow-up lesions.
    baseline : ndarray of bool
        Baseline lesion mask on the same grid (may be empty: then every lesion is new).
    enlarging_fraction : float
        Relative growth from which an overlapping lesion is enlarging (default 0.5).

    Returns
    -------
    list of LesionChange
        One entry per follow-up lesion, in id order.
    """
    if followup_ids.shape != baseline.shape:
        raise ValueError(
            f"baseline: shape {baseline.shape} does not match follow-up {followup_ids.shape}"
        )
    if enlarging_fraction <= 0:
        raise ValueError("enlarging_fraction: expected a number > 0")
    followup_size = np.bincount(followup_ids.ravel(), minlength=n_lesions + 1)
    baseline_ids, n_baseline = label_components(baseline)
    baseline_size = np.bincount(baseline_ids.ravel(), minlength=n_baseline + 1)
    both = (followup_ids > 0) & (baseline_ids > 0)
    pairs = np.unique(followup_ids[both].astype(np.int64) * (n_baseline + 1) + baseline_ids[both])
    pair_followup = pairs // (n_baseline + 1)
    pair_baseline = pairs % (n_baseline + 1)
    overlapped_volume = np.bincount(
        pair_followup, weights=baseline_size[pair_baseline], minlength=n_lesions + 1
    )
    changes: list[LesionChange] = []
    for lesion in range(1, n_lesions + 1):
        if overlapped_volume[lesion] == 0:
            changes.append(LesionChange.NEW)
        elif followup_size[lesion] >= (1 + enlarging_fraction) * overlapped_volume[lesion]:
            changes.append(LesionChange.ENLARGING)
        else:
            changes.append(LesionChange.STABLE)
    return changes
