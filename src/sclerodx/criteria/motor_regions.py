"""Upper and lower motor neuron evidence per body region, as the ALS criteria count it.

This is the one place that decides whether a region shows UMN or LMN involvement,
clinically or on EMG; El Escorial, Awaji, Gold Coast, the PLS criteria and the
differential all read it from here.

Readings of the criteria text
-----------------------------
* UMN in a region: any UMN sign recorded present there (Brooks 2000; Shefner 2020).
* Clinical LMN, revised El Escorial and Awaji: wasting, or weakness together with
  fasciculations. Brooks 2000 lists weakness and atrophy as LMN signs and asks for EMG
  when fasciculation is the only sign; weakness alone may be of UMN origin.
* Clinical LMN, Gold Coast: weakness *and* wasting (Shefner 2020, footnote).
* EMG LMN in a muscle: chronic neurogenic change *and* active denervation. Revised El
  Escorial accepts only fibrillation potentials / positive sharp waves as active
  denervation; Awaji (de Carvalho 2008) and Gold Coast also fasciculation potentials.
* EMG region rule: one muscle in the bulbar and thoracic regions; two muscles supplied
  by different roots and different nerves in the cervical and lumbosacral regions
  (:func:`sclerodx.anatomy.independent_muscles`).

References
----------
.. [1] Brooks BR et al. Amyotroph Lateral Scler Other Motor Neuron Disord. 2000;1:293-299.
.. [2] de Carvalho M et al. Clin Neurophysiol. 2008;119:497-503.
.. [3] Shefner JM et al. Clin Neurophysiol. 2020;131:1975-1978.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

from sclerodx.anatomy import REGIONS, SINGLE_MUSCLE_REGIONS, Region, find_muscle, independent_muscles
from sclerodx.case import LMN_SIGNS, UMN_SIGNS, Case, MuscleEMG, RegionExam


@dataclass(frozen=True, slots=True)
class RegionFinding:
    """A three-valued finding for one region with the case items behind it."""

    value: bool | None
    evidence: tuple[str, ...] = ()


RegionMap = dict[Region, RegionFinding]


@dataclass(frozen=True, slots=True)
class MotorRegionEvidence:
    """UMN and LMN involvement per region, under each criteria set's definitions."""

    umn: RegionMap
    lmn_clinical_reec: RegionMap
    lmn_clinical_gold_coast: RegionMap
    lmn_emg_reec: RegionMap
    lmn_emg_awaji: RegionMap
    active_denervation_muscles: tuple[str, ...]

    def regions_with(self, kind: str) -> list[Region]:
        """Regions where the named map is True."""
        mapping: RegionMap = getattr(self, kind)
        return [r for r in REGIONS if mapping[r].value is True]


def _sign_ref(region: Region, sign: str) -> str:
    return f"exam.motor.{region.value}.{sign}"


def _umn(region: Region, exam: RegionExam) -> RegionFinding:
    present = exam.present(UMN_SIGNS)
    if present:
        return RegionFinding(True, tuple(_sign_ref(region, s) for s in present))
    return RegionFinding(False if exam.examined(UMN_SIGNS) else None)


def _lmn_reec(region: Region, exam: RegionExam) -> RegionFinding:
    if exam.atrophy:
        return RegionFinding(True, (_sign_ref(region, "atrophy"),))
    if exam.weakness and exam.fasciculations:
        return RegionFinding(True, (_sign_ref(region, "weakness"), _sign_ref(region, "fasciculations")))
    return RegionFinding(False if exam.examined(LMN_SIGNS) else None)


def _lmn_gold_coast(region: Region, exam: RegionExam) -> RegionFinding:
    if exam.weakness and exam.atrophy:
        return RegionFinding(True, (_sign_ref(region, "weakness"), _sign_ref(region, "atrophy")))
    return RegionFinding(False if exam.examined(LMN_SIGNS) else None)


def _emg_ref(index: int, entry: MuscleEMG) -> str:
    side = f", {entry.side.value}" if entry.side else ""
    return f"emg[{index}] {entry.muscle}{side}"


def _reec_denervation(entry: MuscleEMG) -> bool:
    return entry.fibrillations_psw is True


def _awaji_denervation(entry: MuscleEMG) -> bool:
    return entry.fibrillations_psw is True or entry.fasciculation_potentials is True


def _emg_region(
    region: Region, entries: list[tuple[int, MuscleEMG]], active: Callable[[MuscleEMG], bool]
) -> RegionFinding:
    """Apply the per-region muscle-count rule to the abnormal muscles of a region."""
    if not entries:
        return RegionFinding(None)
    abnormal = [(i, e) for i, e in entries if e.chronic_neurogenic is True and active(e)]
    if region in SINGLE_MUSCLE_REGIONS:
        if abnormal:
            return RegionFinding(True, (_emg_ref(*abnormal[0]),))
    else:
        for (i, a), (j, b) in combinations(abnormal, 2):
            if independent_muscles(find_muscle(a.muscle), find_muscle(b.muscle)):
                return RegionFinding(True, (_emg_ref(i, a), _emg_ref(j, b)))
    return RegionFinding(False, tuple(_emg_ref(i, e) for i, e in abnormal))


def motor_region_evidence(case: Case) -> MotorRegionEvidence:
    """Derive UMN/LMN involvement per region from the exam and the needle EMG."""
    by_region: dict[Region, list[tuple[int, MuscleEMG]]] = {r: [] for r in REGIONS}
    for index, entry in enumerate(case.emg):
        by_region[entry.region].append((index, entry))
    exams = {r: case.exam.region(r) for r in REGIONS}
    return MotorRegionEvidence(
        umn={r: _umn(r, exams[r]) for r in REGIONS},
        lmn_clinical_reec={r: _lmn_reec(r, exams[r]) for r in REGIONS},
        lmn_clinical_gold_coast={r: _lmn_gold_coast(r, exams[r]) for r in REGIONS},
        lmn_emg_reec={r: _emg_region(r, by_region[r], _reec_denervation) for r in REGIONS},
        lmn_emg_awaji={r: _emg_region(r, by_region[r], _awaji_denervation) for r in REGIONS},
        active_denervation_muscles=tuple(
            _emg_ref(i, e) for i, e in enumerate(case.emg) if e.fibrillations_psw is True
        ),
    )


def combine(first: RegionMap, second: RegionMap) -> RegionMap:
    """Region-wise OR of two maps (clinical or EMG evidence), keeping the evidence."""
    out: RegionMap = {}
    for region in REGIONS:
        a, b = first[region], second[region]
        if a.value is True or b.value is True:
            out[region] = RegionFinding(True, a.evidence if a.value else b.evidence)
        elif a.value is False or b.value is False:
            out[region] = RegionFinding(False if (a.value is not None and b.value is not None) else None)
        else:
            out[region] = RegionFinding(None)
    return out


def intersect(first: RegionMap, second: RegionMap) -> RegionMap:
    """Region-wise AND of two maps (UMN and LMN together), keeping the evidence of both."""
    out: RegionMap = {}
    for region in REGIONS:
        a, b = first[region], second[region]
        if a.value is True and b.value is True:
            out[region] = RegionFinding(True, a.evidence + b.evidence)
        elif a.value is False or b.value is False:
            out[region] = RegionFinding(False)
        else:
            out[region] = RegionFinding(None)
    return out
