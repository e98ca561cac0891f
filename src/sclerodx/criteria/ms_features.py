"""The per-case quantities both McDonald revisions decide on, as arrays.

A case becomes one row of :class:`MSFeatures`; a cohort becomes many rows built
directly from its table. The decision functions of :mod:`mcdonald2017` and
:mod:`mcdonald2024` take this structure, so the explained per-case engine and the
cohort runner execute the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from sclerodx.biomarkers.cutoffs import CVS_SELECT6, KFLC_MCDONALD_2024
from sclerodx.case import Case
from sclerodx.criteria.attacks import AttackSummary, attack_summary
from sclerodx.criteria.dissemination import (
    AREAS_2017,
    AREAS_2024,
    BRAIN_AREAS,
    McDonaldArea,
    MRIEvidence,
    mri_evidence,
)
from sclerodx.criteria.exclusions import Alternative, exclusion_gate, ms_alternatives
from sclerodx.criteria.motor_regions import MotorRegionEvidence, combine, motor_region_evidence

#: κ-FLC index at or above which CSF counts as positive; the number of the one cut-off
#: object :data:`sclerodx.biomarkers.cutoffs.KFLC_MCDONALD_2024` (kept for importers).
KFLC_INDEX_POSITIVE = KFLC_MCDONALD_2024.threshold
#: Select-6 lesion count, from :data:`sclerodx.biomarkers.cutoffs.CVS_SELECT6`.
CVS_SELECT_N = int(CVS_SELECT6.threshold)

if TYPE_CHECKING:
    from sclerodx.criteria.evidence import CaseEvidence

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class MSFeatures:
    """McDonald inputs for ``n`` cases (every field an array of length ``n``).

    ``*_known`` say whether a finding was assessed at all (so that the decision record
    can tell "absent" from "not done"); ``n_unimaged_*`` count the DIS areas without a
    lesion that no study imaged; ``n_attacks_max`` is the attack count if every
    separation left open by month- or year-precision dates were >= 30 days.
    """

    n_attacks: IntArray
    n_attacks_max: IntArray
    n_objective: IntArray
    historical: BoolArray
    clinical_dis: BoolArray
    n_areas_2017: IntArray
    n_areas_2024: IntArray
    n_unimaged_2017: IntArray
    n_unimaged_2024: IntArray
    brain_area: BoolArray
    spinal_area: BoolArray
    n_spinal: IntArray
    dit_mri: BoolArray
    dit_mri_known: BoolArray
    any_mri: BoolArray
    any_lesion: BoolArray
    ocb: BoolArray
    ocb_known: BoolArray
    kflc_positive: BoolArray
    kflc_known: BoolArray
    cvs6: BoolArray
    cvs_known: BoolArray
    progressive: BoolArray
    progression_years: FloatArray
    age: FloatArray
    lmn_red_flag: BoolArray
    excluded_false: BoolArray

    @property
    def n(self) -> int:
        return len(self.n_attacks)

    @property
    def positive_csf(self) -> BoolArray:
        """CSF-specific oligoclonal bands or a raised κ-FLC index (McDonald 2024)."""
        return self.ocb | self.kflc_positive


#: The flat columns of the McDonald inputs (one per :class:`MSFeatures` field).
MS_COLUMNS: tuple[str, ...] = tuple(MSFeatures.__dataclass_fields__)


def ms_features_from(columns: Mapping[str, npt.ArrayLike]) -> MSFeatures:
    """MSFeatures from flat columns (a cohort table or one case's row)."""
    return MSFeatures(**{name: np.asarray(columns[name]) for name in MS_COLUMNS})


@dataclass(frozen=True, slots=True)
class MSEvidence:
    """The derived evidence of one case, kept for explanations."""

    attacks: AttackSummary
    mri: MRIEvidence
    alternatives: list[Alternative]
    lmn_regions: list[str]
    features: MSFeatures


def ms_evidence(case: Case, motor: MotorRegionEvidence | None = None) -> MSEvidence:
    """Derive the McDonald evidence of one case (a batch of one).

    LMN involvement (clinical or EMG) in >= 2 regions is kept as a red flag: MS does not
    explain it, so such a progressive course is not read as "possible MS".
    """
    att = attack_summary(case)
    motor = motor or motor_region_evidence(case)
    lmn = combine(motor.lmn_clinical_reec, motor.lmn_emg_awaji)
    lmn_regions = [r.value for r, finding in lmn.items() if finding.value is True]
    alternatives = ms_alternatives(case)
    mri = mri_evidence(case)
    csf = case.csf
    areas_2017 = mri.areas(AREAS_2017)
    areas_2024 = mri.areas(AREAS_2024)
    row = MSFeatures(
        n_attacks=np.array([att.n_attacks]),
        n_attacks_max=np.array([att.n_attacks_max]),
        n_objective=np.array([att.n_objective_lesions]),
        historical=np.array([att.historical_prior_attack]),
        clinical_dis=np.array([len(att.attack_systems) >= 2]),
        n_areas_2017=np.array([len(areas_2017)]),
        n_areas_2024=np.array([len(areas_2024)]),
        n_unimaged_2017=np.array([len(mri.unknown(AREAS_2017))]),
        n_unimaged_2024=np.array([len(mri.unknown(AREAS_2024))]),
        brain_area=np.array([any(a in BRAIN_AREAS for a in areas_2017)]),
        spinal_area=np.array([McDonaldArea.SPINAL_CORD in areas_2017]),
        n_spinal=np.array([mri.n_spinal_lesions]),
        dit_mri=np.array([mri.dit.value is True]),
        dit_mri_known=np.array([mri.dit.value is not None]),
        any_mri=np.array([mri.any_mri]),
        any_lesion=np.array([bool(areas_2024) or any(s.lesions for s in case.mri)]),
        ocb=np.array([bool(csf and csf.ocb and csf.ocb.intrathecal)]),
        ocb_known=np.array([bool(csf and csf.ocb is not None)]),
        kflc_positive=np.array([bool(csf and csf.kflc_index is not None
                                     and KFLC_MCDONALD_2024.is_positive(csf.kflc_index))]),
        kflc_known=np.array([bool(csf and csf.kflc_index is not None)]),
        cvs6=np.array([CVS_SELECT6.is_positive(mri.cvs_positive_lesions or 0)]),
        cvs_known=np.array([mri.cvs_positive_lesions is not None]),
        progressive=np.array([att.progressive_course]),
        progression_years=np.array([np.nan if att.progression_years is None else att.progression_years]),
        age=np.array([np.nan if case.age is None else case.age], dtype=np.float64),
        lmn_red_flag=np.array([len(lmn_regions) >= 2]),
        excluded_false=np.array([exclusion_gate(case, alternatives) is False]),
    )
    return MSEvidence(attacks=att, mri=mri, alternatives=alternatives, lmn_regions=lmn_regions, features=row)


def ms_columns(ev: CaseEvidence) -> dict[str, npt.NDArray[Any]]:
    """One case's McDonald inputs as flat columns."""
    return {name: getattr(ev.ms.features, name) for name in MS_COLUMNS}
