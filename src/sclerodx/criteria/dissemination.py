"""MRI evidence for dissemination in space (DIS) and time (DIT), and supportive signs.

* Areas: periventricular, cortical/juxtacortical (pooled), infratentorial, spinal cord
  (McDonald 2017); the 2024 revision adds the optic nerve as a fifth area, shown by an
  MRI lesion or, paraclinically, by an OCT inter-eye difference (pRNFL >= 6 µm or GCIPL
  >= 4 µm) or a delayed VEP (Montalban et al. 2025). Lesions of all studies are pooled;
  symptomatic lesions count. An area no study imaged is *unknown*, never lesion-free.
* DIT on MRI: enhancing and non-enhancing lesions on one study, or a new / enlarging
  T2 or enhancing lesion against a baseline scan whatever its timing (Thompson 2018).
  The ``new`` flag of a lesion records that comparison; the baseline need not be part
  of the case.
* Spinal-cord lesion count (for primary progressive MS): the largest count on one
  study, so that a lesion seen on two studies is not counted twice.
* Central vein sign: lesions with a central vein on one study (Select-6 uses >= 6);
  paramagnetic rim lesions likewise.

References
----------
.. [1] Thompson AJ et al. Lancet Neurol. 2018;17(2):162-173.
.. [2] Montalban X et al. Lancet Neurol. 2025;24(10):850-865.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sclerodx.case import Case, ImagedRegion, LesionLocation, MRIStudy


class McDonaldArea(StrEnum):
    PERIVENTRICULAR = "periventricular"
    CORTICAL_JUXTACORTICAL = "cortical_juxtacortical"
    INFRATENTORIAL = "infratentorial"
    SPINAL_CORD = "spinal_cord"
    OPTIC_NERVE = "optic_nerve"


AREAS_2017: tuple[McDonaldArea, ...] = tuple(McDonaldArea)[:4]
AREAS_2024: tuple[McDonaldArea, ...] = tuple(McDonaldArea)
BRAIN_AREAS: tuple[McDonaldArea, ...] = AREAS_2017[:3]

LOCATION_AREA: dict[LesionLocation, McDonaldArea] = {
    LesionLocation.PERIVENTRICULAR: McDonaldArea.PERIVENTRICULAR,
    LesionLocation.CORTICAL: McDonaldArea.CORTICAL_JUXTACORTICAL,
    LesionLocation.JUXTACORTICAL: McDonaldArea.CORTICAL_JUXTACORTICAL,
    LesionLocation.INFRATENTORIAL: McDonaldArea.INFRATENTORIAL,
    LesionLocation.SPINAL_CORD: McDonaldArea.SPINAL_CORD,
    LesionLocation.OPTIC_NERVE: McDonaldArea.OPTIC_NERVE,
}
_AREA_IMAGED_BY: dict[McDonaldArea, frozenset[ImagedRegion]] = {
    McDonaldArea.PERIVENTRICULAR: frozenset({ImagedRegion.BRAIN}),
    McDonaldArea.CORTICAL_JUXTACORTICAL: frozenset({ImagedRegion.BRAIN}),
    McDonaldArea.INFRATENTORIAL: frozenset({ImagedRegion.BRAIN}),
    McDonaldArea.SPINAL_CORD: frozenset({ImagedRegion.CERVICAL_CORD, ImagedRegion.THORACIC_CORD}),
    McDonaldArea.OPTIC_NERVE: frozenset({ImagedRegion.OPTIC_NERVES}),
}

#: OCT inter-eye difference thresholds for optic-nerve involvement (Montalban 2025).
OCT_PRNFL_INTER_EYE_UM = 6.0
OCT_GCIPL_INTER_EYE_UM = 4.0


@dataclass(frozen=True, slots=True)
class Finding3:
    """A three-valued MRI finding with the lesions behind it."""

    value: bool | None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MRIEvidence:
    """What the MRI studies (and optic-nerve tests) show for the McDonald criteria."""

    any_mri: bool
    area_evidence: dict[McDonaldArea, tuple[str, ...]]
    unimaged_areas: frozenset[McDonaldArea]
    n_spinal_lesions: int
    simultaneous_enhancing: Finding3
    new_lesion: Finding3
    cvs_positive_lesions: int | None
    prl_lesions: int | None

    def areas(self, areas: tuple[McDonaldArea, ...]) -> list[McDonaldArea]:
        """The areas (among ``areas``) with at least one lesion."""
        return [a for a in areas if self.area_evidence.get(a)]

    def unknown(self, areas: tuple[McDonaldArea, ...]) -> list[McDonaldArea]:
        """The areas (among ``areas``) no study or test examined."""
        return [a for a in areas if a in self.unimaged_areas and not self.area_evidence.get(a)]

    @property
    def dit(self) -> Finding3:
        """DIT on MRI: simultaneous enhancing and non-enhancing lesions, or a new lesion."""
        for part in (self.simultaneous_enhancing, self.new_lesion):
            if part.value:
                return part
        values = (self.simultaneous_enhancing.value, self.new_lesion.value)
        return Finding3(False if False in values else None)


def _lesion_ref(study_index: int, study: MRIStudy, lesion_index: int) -> str:
    return f"mri[{study_index}] ({study.date}) lesions[{lesion_index}]"


def _max_count(case: Case, attribute: str) -> int | None:
    counts = [
        sum(getattr(lesion, attribute) is True for lesion in study.lesions)
        for study in case.mri
        if any(getattr(lesion, attribute) is not None for lesion in study.lesions)
    ]
    return max(counts) if counts else None


def _simultaneous(case: Case) -> Finding3:
    assessed = False
    for s_i, study in enumerate(case.mri):
        enhancing = [i for i, lesion in enumerate(study.lesions) if lesion.enhancing is True]
        quiet = [i for i, lesion in enumerate(study.lesions) if lesion.enhancing is False]
        assessed |= bool(study.gadolinium) or bool(enhancing) or bool(quiet)
        if enhancing and quiet:
            return Finding3(True, (_lesion_ref(s_i, study, enhancing[0]), _lesion_ref(s_i, study, quiet[0])))
    return Finding3(False if assessed else None)


def _new_lesion(case: Case) -> Finding3:
    assessed = len(case.mri) >= 2
    for s_i, study in enumerate(case.mri):
        for l_i, lesion in enumerate(study.lesions):
            if lesion.new is True:
                return Finding3(True, (_lesion_ref(s_i, study, l_i),))
            assessed |= lesion.new is False
    return Finding3(False if assessed else None)


def mri_evidence(case: Case) -> MRIEvidence:
    """Summarise the MRI studies and optic-nerve tests of a case for DIS and DIT."""
    area_evidence: dict[McDonaldArea, list[str]] = {a: [] for a in McDonaldArea}
    imaged: set[ImagedRegion] = set()
    for s_i, study in enumerate(case.mri):
        imaged |= study.regions_imaged
        for l_i, lesion in enumerate(study.lesions):
            area = LOCATION_AREA.get(lesion.location)
            if area is not None:
                area_evidence[area].append(_lesion_ref(s_i, study, l_i))
    tests = case.optic_nerve_tests
    optic_tested = False
    if tests is not None:
        optic_tested = any(v is not None for v in (tests.oct_inter_eye_prnfl_um,
                                                    tests.oct_inter_eye_gcipl_um, tests.vep_delayed))
        if (tests.oct_inter_eye_prnfl_um or 0) >= OCT_PRNFL_INTER_EYE_UM:
            area_evidence[McDonaldArea.OPTIC_NERVE].append("optic_nerve_tests.oct_inter_eye_prnfl_um")
        if (tests.oct_inter_eye_gcipl_um or 0) >= OCT_GCIPL_INTER_EYE_UM:
            area_evidence[McDonaldArea.OPTIC_NERVE].append("optic_nerve_tests.oct_inter_eye_gcipl_um")
        if tests.vep_delayed:
            area_evidence[McDonaldArea.OPTIC_NERVE].append("optic_nerve_tests.vep_delayed")
    unimaged = {a for a, regions in _AREA_IMAGED_BY.items() if not regions & imaged}
    if optic_tested:
        unimaged.discard(McDonaldArea.OPTIC_NERVE)
    spinal_counts = [sum(lesion.location is LesionLocation.SPINAL_CORD for lesion in s.lesions)
                     for s in case.mri]
    return MRIEvidence(
        any_mri=bool(case.mri),
        area_evidence={a: tuple(refs) for a, refs in area_evidence.items()},
        unimaged_areas=frozenset(unimaged),
        n_spinal_lesions=max(spinal_counts, default=0),
        simultaneous_enhancing=_simultaneous(case),
        new_lesion=_new_lesion(case),
        cvs_positive_lesions=_max_count(case, "central_vein_sign"),
        prl_lesions=_max_count(case, "paramagnetic_rim"),
    )
