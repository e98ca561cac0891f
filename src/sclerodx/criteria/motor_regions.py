"""Upper and lower motor neuron evidence per body region, as the ALS criteria count it.

This is the one place that decides whether a region shows UMN or LMN involvement,
clinically or on EMG; El Escorial, Awaji, Gold Coast, the PLS criteria and the
differential all read it from here.

Readings of the criteria text
-----------------------------
* UMN in a region: any UMN sign recorded present there (Brooks 2000; Shefner 2020),
  including the Gold Coast's "slowed, poorly coordinated voluntary movement" and UMN
  signs recorded present without a name.
* Clinical LMN, revised El Escorial and Awaji: wasting, or weakness together with
  fasciculations. Brooks 2000 lists weakness and atrophy as LMN signs and asks for EMG
  when fasciculation is the only sign; weakness alone may be of UMN origin.
* Clinical LMN, Gold Coast: weakness *and* wasting (Shefner 2020, footnote).
* Weakness the examiner attributes to UMN or muscle disease (``weakness_origin``) is not
  an LMN sign, and neither weakness nor wasting is in a region whose needle EMG is
  myopathic (myopathic units, no chronic neurogenic change anywhere in the region):
  those are the signs of another disease (Brooks 2000, "absence of electrophysiological
  evidence of other disease processes"), which :mod:`sclerodx.criteria.exclusions`
  turns into a closed exclusion gate.
* EMG LMN in a muscle: chronic neurogenic change *and* active denervation. Revised El
  Escorial accepts only fibrillation potentials / positive sharp waves as active
  denervation; Awaji (de Carvalho 2008) and Gold Coast also fasciculation potentials.
* EMG region rule: one muscle in the bulbar and thoracic regions; two muscles supplied
  by different roots and different nerves in the cervical and lumbosacral regions
  (:func:`sclerodx.anatomy.independent_muscles`). A region-level EMG summary
  (``case.emg_regions``) that states the rule is met counts like muscle rows.
* EMG limbs (revised El Escorial probable laboratory-supported: LMN signs defined by EMG
  "in at least two limbs"): the cervical and lumbosacral regions only. A limb region
  with EMG LMN involvement counts as one limb, or as two when each side (left and right)
  meets the region rule on its own.

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
from sclerodx.case import LMN_SIGNS, UMN_SIGNS, Case, MuscleEMG, RegionEMG, RegionExam, Side

#: The limb regions of revised El Escorial's "in at least two limbs".
LIMB_REGIONS: tuple[Region, ...] = (Region.CERVICAL, Region.LUMBOSACRAL)


@dataclass(frozen=True, slots=True)
class RegionFinding:
    """A three-valued finding for one region with the case items behind it."""

    value: bool | None
    evidence: tuple[str, ...] = ()


RegionMap = dict[Region, RegionFinding]


@dataclass(frozen=True, slots=True)
class MotorRegionEvidence:
    """UMN and LMN involvement per region, under each criteria set's definitions.

    ``emg_limbs_reec`` counts the limbs with EMG LMN involvement (revised El Escorial
    definition) for the laboratory-supported category; ``myopathic_muscles`` and
    ``myopathic_regions`` record EMG evidence of muscle disease.
    """

    umn: RegionMap
    lmn_clinical_reec: RegionMap
    lmn_clinical_gold_coast: RegionMap
    lmn_emg_reec: RegionMap
    lmn_emg_awaji: RegionMap
    active_denervation_muscles: tuple[str, ...]
    emg_limbs_reec: int = 0
    emg_limb_evidence: tuple[str, ...] = ()
    myopathic_muscles: tuple[str, ...] = ()
    myopathic_regions: frozenset[Region] = frozenset()
    myopathic_weakness: tuple[str, ...] = ()

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


def _lmn_reec(region: Region, exam: RegionExam, myopathic: bool) -> RegionFinding:
    if not myopathic and exam.weakness_origin != "myopathic":
        if exam.atrophy:
            return RegionFinding(True, (_sign_ref(region, "atrophy"),))
        if exam.lmn_weakness and exam.fasciculations:
            return RegionFinding(True, (_sign_ref(region, "weakness"), _sign_ref(region, "fasciculations")))
    return RegionFinding(False if exam.examined(LMN_SIGNS) else None)


def _lmn_gold_coast(region: Region, exam: RegionExam, myopathic: bool) -> RegionFinding:
    if not myopathic and exam.lmn_weakness and exam.atrophy:
        return RegionFinding(True, (_sign_ref(region, "weakness"), _sign_ref(region, "atrophy")))
    return RegionFinding(False if exam.examined(LMN_SIGNS) else None)


def _emg_ref(index: int, entry: MuscleEMG) -> str:
    side = f", {entry.side.value}" if entry.side else ""
    return f"emg[{index}] {entry.muscle}{side}"


Denervation = Callable[[MuscleEMG | RegionEMG], bool]


def _reec_denervation(entry: MuscleEMG | RegionEMG) -> bool:
    return entry.fibrillations_psw is True


def _awaji_denervation(entry: MuscleEMG | RegionEMG) -> bool:
    return entry.fibrillations_psw is True or entry.fasciculation_potentials is True


def is_myopathic(entry: MuscleEMG | RegionEMG) -> bool:
    """Myopathic motor units without chronic neurogenic change: evidence of muscle disease."""
    return entry.myopathic_units is True and entry.chronic_neurogenic is not True


def _summary_finding(region: Region, summaries: list[tuple[int, RegionEMG]],
                     active: Denervation) -> RegionFinding | None:
    """What region-level EMG summaries say: True when one meets the region rule, else None."""
    for index, summary in summaries:
        meets_rule = region in SINGLE_MUSCLE_REGIONS or summary.different_roots_and_nerves is True
        if summary.chronic_neurogenic is True and active(summary) and meets_rule:
            return RegionFinding(True, (f"emg_regions[{index}] {region.value}",))
    return None


def _muscle_rule(region: Region, abnormal: list[tuple[int, MuscleEMG]]) -> tuple[str, ...] | None:
    """The muscle rows that meet the region rule, or None."""
    if region in SINGLE_MUSCLE_REGIONS:
        return (_emg_ref(*abnormal[0]),) if abnormal else None
    for (i, a), (j, b) in combinations(abnormal, 2):
        if independent_muscles(find_muscle(a.muscle), find_muscle(b.muscle)):
            return (_emg_ref(i, a), _emg_ref(j, b))
    return None


def _abnormal(entries: list[tuple[int, MuscleEMG]], active: Denervation) -> list[tuple[int, MuscleEMG]]:
    return [(i, e) for i, e in entries if e.chronic_neurogenic is True and active(e)]


def _emg_region(region: Region, entries: list[tuple[int, MuscleEMG]], summaries: list[tuple[int, RegionEMG]],
                active: Denervation) -> RegionFinding:
    """Apply the per-region muscle-count rule to the abnormal muscles (or summaries) of a region."""
    summary = _summary_finding(region, summaries, active)
    if summary is not None:
        return summary
    if not entries and not summaries:
        return RegionFinding(None)
    abnormal = _abnormal(entries, active)
    refs = _muscle_rule(region, abnormal)
    if refs is not None:
        return RegionFinding(True, refs)
    return RegionFinding(False, tuple(_emg_ref(i, e) for i, e in abnormal))


def _on_side(side: Side | None, wanted: Side) -> bool:
    return side in (wanted, Side.BILATERAL)


def _emg_limbs(by_region: dict[Region, list[tuple[int, MuscleEMG]]],
               summaries: dict[Region, list[tuple[int, RegionEMG]]],
               regions: RegionMap) -> tuple[int, tuple[str, ...]]:
    """Limbs with EMG LMN involvement (revised El Escorial): limb regions, both sides counted apart."""
    count, refs = 0, []
    for region in LIMB_REGIONS:
        if regions[region].value is not True:
            continue
        sides = []
        for side in (Side.LEFT, Side.RIGHT):
            rows = [(i, e) for i, e in by_region[region] if _on_side(e.side, side)]
            sums = [(i, e) for i, e in summaries[region] if _on_side(e.side, side)]
            rule = _muscle_rule(region, _abnormal(rows, _reec_denervation))
            found = _summary_finding(region, sums, _reec_denervation) or (
                RegionFinding(True, rule) if rule is not None else None)
            if found is not None:
                sides.append(found)
        if len(sides) == 2:
            count += 2
            refs += [ref for found in sides for ref in found.evidence]
        else:
            count += 1
            refs += list(regions[region].evidence)
    return count, tuple(refs)


def motor_region_evidence(case: Case) -> MotorRegionEvidence:
    """Derive UMN/LMN involvement per region from the exam and the needle EMG."""
    by_region: dict[Region, list[tuple[int, MuscleEMG]]] = {r: [] for r in REGIONS}
    for index, entry in enumerate(case.emg):
        by_region[entry.region].append((index, entry))
    summaries: dict[Region, list[tuple[int, RegionEMG]]] = {r: [] for r in REGIONS}
    for index, summary in enumerate(case.emg_regions):
        summaries[summary.region].append((index, summary))
    myopathic_muscles = tuple(_emg_ref(i, e) for i, e in enumerate(case.emg) if is_myopathic(e))
    myopathic_regions = frozenset(
        r for r in REGIONS
        if (any(is_myopathic(e) for _, e in by_region[r]) or any(is_myopathic(e) for _, e in summaries[r]))
        and not any(e.chronic_neurogenic is True for _, e in by_region[r])
        and not any(e.chronic_neurogenic is True for _, e in summaries[r])
    )
    exams = {r: case.exam.region(r) for r in REGIONS}
    reec_emg = {r: _emg_region(r, by_region[r], summaries[r], _reec_denervation) for r in REGIONS}
    limbs, limb_refs = _emg_limbs(by_region, summaries, reec_emg)
    return MotorRegionEvidence(
        umn={r: _umn(r, exams[r]) for r in REGIONS},
        lmn_clinical_reec={r: _lmn_reec(r, exams[r], r in myopathic_regions) for r in REGIONS},
        lmn_clinical_gold_coast={r: _lmn_gold_coast(r, exams[r], r in myopathic_regions) for r in REGIONS},
        lmn_emg_reec=reec_emg,
        lmn_emg_awaji={r: _emg_region(r, by_region[r], summaries[r], _awaji_denervation) for r in REGIONS},
        active_denervation_muscles=tuple(
            _emg_ref(i, e) for i, e in enumerate(case.emg) if e.fibrillations_psw is True
        ) + tuple(f"emg_regions[{i}] {e.region.value}" for i, e in enumerate(case.emg_regions)
                  if e.fibrillations_psw is True),
        emg_limbs_reec=limbs,
        emg_limb_evidence=limb_refs,
        myopathic_muscles=myopathic_muscles,
        myopathic_regions=myopathic_regions,
        myopathic_weakness=tuple(_sign_ref(r, "weakness_origin") for r in REGIONS
                                 if exams[r].weakness_origin == "myopathic"),
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
