"""Hand-worked vignettes for the criteria engines.

Every expected category below was worked out by hand from the criteria text, as read in
the project's criteria decisions (``/work/briefs/criteria-decisions.md``) and the primary
sources, never by running the engine. Each vignette's ``rule`` names the rule that decides
it. When the engine disagrees, re-check the vignette against the text; do not edit the
expectation to match the engine.

Sources (the ``rule`` strings use the short names):

* McDonald 2017: Thompson AJ et al. Diagnosis of multiple sclerosis: 2017 revisions of the
  McDonald criteria. Lancet Neurol 2018;17:162-173.
* McDonald 2024: Montalban X et al. Diagnosis of multiple sclerosis: 2024 revisions of the
  McDonald criteria. Lancet Neurol 2025;24:850-865. Items marked [U] are provisional.
* rEEC: Brooks BR et al. El Escorial revisited. Amyotroph Lateral Scler Other Motor Neuron
  Disord 2000;1:293-299.
* Awaji: de Carvalho M et al. Electrodiagnostic criteria for the diagnosis of ALS. Clin
  Neurophysiol 2008;119:497-503.
* Gold Coast: Shefner JM et al. A proposal for new diagnostic criteria for ALS. Clin
  Neurophysiol 2020;131:1975-1978.
* PLS: Turner MR et al. Primary lateral sclerosis: consensus diagnostic criteria. J Neurol
  Neurosurg Psychiatry 2020;91:373-377.

Durations are chosen so that calendar-anniversary and days/365.25 readings of "a year"
agree (the 1-, 2- and 4-year boundaries cross 29 February 2024).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class Vignette:
    """One hand-worked case and the categories the criteria text gives it."""

    id: str
    description: str
    case: JSON
    expected: dict[str, str]
    rule: str
    status: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- MS builders

MS_AGE = 32


def ep(
    onset: str,
    system: str,
    evidence: str = "objective",
    *,
    resolution: str | None = None,
    side: str | None = None,
    fever: bool | None = None,
    typical: bool = True,
) -> JSON:
    """An episode (a candidate attack)."""
    out: JSON = {"onset": onset, "system": system, "evidence": evidence, "typical_demyelinating": typical}
    if resolution is not None:
        out["resolution"] = resolution
    if side is not None:
        out["side"] = side
    if fever is not None:
        out["fever_or_infection"] = fever
    return out


def les(location: str, **flags: Any) -> JSON:
    """A T2 lesion with optional flags (enhancing, new, central_vein_sign ...)."""
    return {"location": location, **flags}


def mri(date: str, *lesions: JSON, regions: tuple[str, ...] = ("brain",), gad: bool | None = None) -> JSON:
    """An MRI study."""
    out: JSON = {"date": date, "regions_imaged": list(regions), "lesions": list(lesions)}
    if gad is not None:
        out["gadolinium"] = gad
    return out


BRAIN_CORD = ("brain", "cervical_cord")


def ms_case(
    *,
    episodes: tuple[JSON, ...] = (),
    studies: tuple[JSON, ...] = (),
    csf: JSON | None = None,
    age: float = MS_AGE,
    course: JSON | None = None,
    optic: JSON | None = None,
    excluded: bool = True,
    assessment: str | None = "2024-06-01",
    onset: str | None = None,
) -> JSON:
    """A case for the McDonald sets."""
    out: JSON = {"age": age, "other_causes_excluded": excluded, "episodes": list(episodes),
                 "mri": list(studies)}
    if assessment is not None:
        out["assessment_date"] = assessment
    if onset is not None:
        out["symptom_onset"] = onset
    if csf is not None:
        out["csf"] = csf
    if course is not None:
        out["course"] = course
    if optic is not None:
        out["optic_nerve_tests"] = optic
    return out


def ms(v17: str, v24: str) -> dict[str, str]:
    return {"mcdonald_2017": v17, "mcdonald_2024": v24}


OCB = {"ocb": "csf_specific"}
PV, JC, CX, IT, SC, ON, DWM = (
    "periventricular", "juxtacortical", "cortical", "infratentorial", "spinal_cord", "optic_nerve",
    "deep_white_matter",
)

# One typical attack: left optic neuritis with objective findings.
ONE_ATTACK = (ep("2024-01-10", "optic_nerve", side="left", resolution="2024-02-20"),)
# One typical attack: brainstem syndrome (INO) with objective findings.
ONE_BRAINSTEM = (ep("2024-01-10", "brainstem", resolution="2024-03-01"),)
PV_IT_NO_GAD = mri("2024-02-01", les(PV), les(PV), les(IT))
PV_IT_DIT = mri("2024-02-01", les(PV, enhancing=True), les(IT, enhancing=False), gad=True)

PROGRESSIVE = {"pattern": "progressive_from_onset", "progression_onset": "2022-01-15",
               "progressive_motor_impairment": True}


def progressive_from(date: str) -> JSON:
    return {**PROGRESSIVE, "progression_onset": date}


def cvs_lesions(n: int) -> list[JSON]:
    """``n`` CVS-positive white-matter lesions: periventricular first, then deep white matter."""
    return [les(PV if i < 4 else DWM, central_vein_sign=True) for i in range(n)]


# --------------------------------------------------------------------------- ALS builders

ALS_AGE = 60
UMN = {
    "bulbar": {"jaw_jerk": True},
    "cervical": {"hyperreflexia": True, "hoffmann": True},
    "thoracic": {"abdominal_reflexes_lost": True},
    "lumbosacral": {"hyperreflexia": True, "babinski": True},
}
UMN_ABSENT = {region: dict.fromkeys(signs, False) for region, signs in UMN.items()}
LMN = {"weakness": True, "atrophy": True, "fasciculations": True}
LMN_ABSENT = {"weakness": False, "atrophy": False, "fasciculations": False}


def b(region: str) -> JSON:
    """Clinical UMN and LMN signs (weakness, wasting, fasciculations) in one region."""
    return {**UMN[region], **LMN}


def u(region: str) -> JSON:
    """UMN signs only; LMN signs examined and absent."""
    return {**UMN[region], **LMN_ABSENT}


def lo(region: str) -> JSON:
    """LMN signs only (weakness, wasting, fasciculations); UMN signs examined and absent."""
    return {**UMN_ABSENT[region], **LMN}


def normal(region: str) -> JSON:
    return {**UMN_ABSENT[region], **LMN_ABSENT}


def emg(muscle: str, *, fibs: bool = True, fasc: bool = False, chronic: bool = True,
        side: str | None = None) -> JSON:
    """Needle EMG of one muscle; default: fibrillations/PSW with chronic neurogenic change."""
    out: JSON = {"muscle": muscle, "fibrillations_psw": fibs, "fasciculation_potentials": fasc,
                 "chronic_neurogenic": chronic}
    if side is not None:
        out["side"] = side
    return out


def fasc_only(muscle: str, side: str | None = None) -> JSON:
    """Fasciculation potentials with chronic neurogenic change, no fibrillations/PSW."""
    return emg(muscle, fibs=False, fasc=True, side=side)


# independent pairs (different nerves, non-identical roots)
CERVICAL_PAIR = (emg("first dorsal interosseous"), emg("biceps brachii"))   # C8-T1 ulnar / C5-6 MC
LUMBOSACRAL_PAIR = (emg("tibialis anterior"), emg("gastrocnemius (medial head)"))  # L4-5 DP / S1-2 tib


def als_case(
    motor: dict[str, JSON],
    *emgs: JSON,
    progressive: bool | None = True,
    excluded: bool | None = True,
    age: float = ALS_AGE,
    onset: str = "2023-01-01",
    assessment: str | None = "2024-01-01",
    sensory_loss: bool | None = False,
    pattern: str | None = None,
    studies: tuple[JSON, ...] = (),
) -> JSON:
    """A case for the motor neuron disease sets."""
    course: JSON = {"progressive_motor_impairment": progressive}
    if pattern is not None:
        course["pattern"] = pattern
    out: JSON = {
        "age": age, "symptom_onset": onset, "course": course, "other_causes_excluded": excluded,
        "exam": {"motor": motor, "sensory_loss": sensory_loss}, "emg": list(emgs), "mri": list(studies),
    }
    if assessment is not None:
        out["assessment_date"] = assessment
    return out


def als(reec: str, awaji: str, gc: str, pls: str = "none") -> dict[str, str]:
    return {"el_escorial": reec, "awaji": awaji, "gold_coast": gc, "pls": pls}


def pls_case(onset: str, assessment: str | None = "2024-03-01", *, age: float = 50,
             motor: dict[str, JSON] | None = None, emgs: tuple[JSON, ...] = (),
             sensory_loss: bool | None = False, studies: tuple[JSON, ...] = ()) -> JSON:
    """UMN signs in the cervical and lumbosacral regions, LMN signs absent, for ``onset``."""
    return als_case(motor or {"cervical": u("cervical"), "lumbosacral": u("lumbosacral")}, *emgs,
                    age=age, onset=onset, assessment=assessment, sensory_loss=sensory_loss,
                    studies=studies)


# --------------------------------------------------------------------------- McDonald 2017 table

MCDONALD_2017: list[Vignette] = [
    Vignette(
        "mc17-row1-two-attacks-two-lesions",
        "Optic neuritis then partial myelitis 18 months apart, both with objective signs; no MRI.",
        ms_case(episodes=(ep("2021-03-01", "optic_nerve", side="left", resolution="2021-04-15"),
                          ep("2022-09-10", "spinal_cord", resolution="2022-11-01"))),
        ms("ms", "possible_ms"),
        "McDonald 2017 table row 1: >=2 attacks and >=2 objective lesions need nothing more. "
        "McDonald 2024: MRI evidence required, the purely clinical path is possible MS [U].",
    ),
    Vignette(
        "mc17-row2-historical-other-system",
        "Historical myelitis (clear history, no signs) and an objective optic neuritis.",
        ms_case(episodes=(ep("2019-05-01", "spinal_cord", "historical", resolution="2019-06-10"),
                          ep("2023-10-01", "optic_nerve", side="right", resolution="2023-11-20"))),
        ms("ms", "possible_ms"),
        "McDonald 2017 table row 2: >=2 attacks, 1 objective lesion and clear historical evidence "
        "of a prior attack at a distinct site -> MS. McDonald 2024: no MRI -> possible MS [U].",
    ),
    Vignette(
        "mc17-row2-historical-same-system",
        "Historical and objective left optic neuritis (same site); no MRI.",
        ms_case(episodes=(ep("2019-05-01", "optic_nerve", "historical", side="left",
                             resolution="2019-06-10"),
                          ep("2023-10-01", "optic_nerve", side="left", resolution="2023-11-20"))),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017: historical evidence at the same system is not 'at a distinct site', so "
        "row 3 applies (>=2 attacks, 1 objective lesion): DIS needed, no MRI -> possible MS.",
    ),
    Vignette(
        "mc17-row3-dis-by-mri",
        "Two left optic neuritis attacks (second only reported); MRI periventricular + infratentorial.",
        ms_case(episodes=(ep("2022-02-01", "optic_nerve", side="left", resolution="2022-03-15"),
                          ep("2023-08-01", "optic_nerve", "reported", side="left",
                             resolution="2023-09-01")),
                studies=(mri("2023-08-10", les(PV), les(PV), les(IT)),)),
        ms("ms", "ms"),
        "McDonald 2017 row 3: >=2 attacks, 1 objective lesion, DIS by MRI (2 of 4 areas) -> MS; "
        "the second attack is the DIT. McDonald 2024: DIS 2 of 5 with DIT by a second attack -> MS.",
    ),
    Vignette(
        "mc17-row3-dis-one-area-short",
        "As mc17-row3-dis-by-mri but MRI lesions only periventricular.",
        ms_case(episodes=(ep("2022-02-01", "optic_nerve", side="left", resolution="2022-03-15"),
                          ep("2023-08-01", "optic_nerve", "reported", side="left",
                             resolution="2023-09-01")),
                studies=(mri("2023-08-10", les(PV), les(PV), les(PV)),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017 DIS needs >=2 of 4 areas; periventricular alone is 1 area -> possible MS "
        "(DIS missing). McDonald 2024: 1 of 5 areas, no CVS -> possible MS.",
    ),
    Vignette(
        "mc17-row4-dit-by-enhancement",
        "One attack with brainstem and cord signs (onsets 15 days apart = one attack); MRI with "
        "an enhancing and non-enhancing lesions.",
        ms_case(episodes=(ep("2024-01-10", "brainstem", resolution="2024-03-01"),
                          ep("2024-01-25", "spinal_cord", resolution="2024-03-01")),
                studies=(mri("2024-02-01", les(IT, enhancing=True), les(SC, enhancing=False),
                             les(PV, enhancing=False), regions=BRAIN_CORD, gad=True),)),
        ms("ms", "ms"),
        "McDonald 2017 row 4 (1 attack, >=2 objective lesions) needs DIT: simultaneous enhancing "
        "and non-enhancing lesions on one scan -> MS. McDonald 2024: 3 areas + DIT -> MS.",
    ),
    Vignette(
        "mc17-row4-no-dit",
        "As mc17-row4-dit-by-enhancement but no contrast given.",
        ms_case(episodes=(ep("2024-01-10", "brainstem", resolution="2024-03-01"),
                          ep("2024-01-25", "spinal_cord", resolution="2024-03-01")),
                studies=(mri("2024-02-01", les(IT), les(SC), les(PV), regions=BRAIN_CORD, gad=False),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017 row 4: DIT needed (MRI, OCB or a further attack), none present -> possible "
        "MS. McDonald 2024: DIS in 3 of 5 areas needs DIT, positive CSF or CVS -> possible MS.",
    ),
    Vignette(
        "mc17-attacks-29-days-apart-merge",
        "Optic neuritis and myelitis with onsets 29 days apart, both objective; no MRI.",
        ms_case(episodes=(ep("2023-03-01", "optic_nerve", side="left", resolution="2023-04-20"),
                          ep("2023-03-30", "spinal_cord", resolution="2023-05-10"))),
        ms("possible_ms", "possible_ms"),
        "Onsets < 30 days apart are one attack (Polman 2011): 1 attack, 2 objective lesions -> "
        "McDonald 2017 row 4 needs DIT -> possible MS; McDonald 2024 without MRI -> possible MS.",
    ),
    Vignette(
        "mc17-attacks-30-days-apart-separate",
        "As mc17-attacks-29-days-apart-merge with onsets 30 days apart.",
        ms_case(episodes=(ep("2023-03-01", "optic_nerve", side="left", resolution="2023-04-20"),
                          ep("2023-03-31", "spinal_cord", resolution="2023-05-10"))),
        ms("ms", "possible_ms"),
        "Onsets >= 30 days apart are separate attacks: 2 attacks, 2 objective lesions -> McDonald "
        "2017 row 1 MS; McDonald 2024 clinical-only path -> possible MS [U].",
    ),
    Vignette(
        "mc17-febrile-episode-excluded",
        "Optic neuritis, then a myelitis during a febrile infection; no MRI.",
        ms_case(episodes=(ep("2022-01-10", "optic_nerve", side="left", resolution="2022-02-20"),
                          ep("2023-05-01", "spinal_cord", fever=True, resolution="2023-05-20"))),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017 attack definition excludes episodes with fever or infection: 1 attack, "
        "1 objective lesion -> needs DIS and DIT -> possible MS (2024 likewise).",
    ),
    Vignette(
        "mc17-episode-under-24h-excluded",
        "Optic neuritis, then a brainstem episode resolving the same day; no MRI.",
        ms_case(episodes=(ep("2022-01-10", "optic_nerve", side="left", resolution="2022-02-20"),
                          ep("2023-05-01", "brainstem", resolution="2023-05-01"))),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017: an attack lasts >= 24 h; a same-day resolution is shorter -> 1 attack -> "
        "possible MS (2024 likewise).",
    ),
    Vignette(
        "mc17-atypical-episode-not-attack",
        "An atypical hemispheric episode; MRI periventricular enhancing + infratentorial "
        "non-enhancing lesions.",
        ms_case(episodes=(ep("2024-01-10", "cerebral_hemisphere", typical=False,
                             resolution="2024-02-01"),),
                studies=(PV_IT_DIT,)),
        ms("not_ms", "ms"),
        "McDonald 2017: atypical events are not attacks; no attack and no progression -> not MS. "
        "McDonald 2024: non-specific presentations follow the RIS rule, DIS (2 of 5) + DIT -> MS.",
    ),
    Vignette(
        "mc17-row5-dis-and-dit-symptomatic-cord-lesion",
        "Partial myelitis; the symptomatic enhancing cord lesion plus a non-enhancing "
        "periventricular lesion.",
        ms_case(episodes=(ep("2024-02-01", "spinal_cord", resolution="2024-04-01"),),
                studies=(mri("2024-02-10", les(SC, enhancing=True, symptomatic=True),
                             les(PV, enhancing=False), regions=BRAIN_CORD, gad=True),)),
        ms("ms", "ms"),
        "McDonald 2017 row 5 needs DIS and DIT; symptomatic lesions count: SC + PV = DIS, "
        "enhancing + non-enhancing = DIT -> MS (2024 likewise).",
    ),
    Vignette(
        "mc17-row5-dis-without-dit",
        "Optic neuritis; periventricular and juxtacortical lesions, none enhancing.",
        ms_case(episodes=ONE_ATTACK,
                studies=(mri("2024-02-01", les(PV, enhancing=False), les(JC, enhancing=False),
                             gad=True),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017 row 5: DIS met (PV + CJC) but no DIT -> possible MS. McDonald 2024: DIS in "
        "2 of 5 without DIT, CSF or CVS -> possible MS.",
    ),
    Vignette(
        "mc17-row5-dit-without-dis",
        "Optic neuritis; two periventricular lesions, one enhancing.",
        ms_case(episodes=ONE_ATTACK,
                studies=(mri("2024-02-01", les(PV, enhancing=True), les(PV, enhancing=False),
                             gad=True),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017 row 5: DIT met but DIS is 1 area -> possible MS (2024: 1 of 5 areas).",
    ),
    Vignette(
        "spec7-1-ocb-substitutes-for-dit",
        "Spec vignette 1: one attack; periventricular + infratentorial lesions, no contrast; "
        "CSF-specific oligoclonal bands.",
        ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,), csf=OCB),
        ms("ms", "ms"),
        "McDonald 2017: CSF-specific OCB substitute for DIT when DIS is met -> MS. McDonald 2024: "
        "DIS 2 of 5 + positive CSF -> MS.",
    ),
    Vignette(
        "spec7-2-kflc-instead-of-ocb",
        "Spec vignette 2: as spec7-1 with kappa-FLC index 8 and no OCB test.",
        ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,), csf={"kflc_index": 8}),
        ms("possible_ms", "ms"),
        "McDonald 2017 accepts only OCB as DIT substitute -> possible MS. McDonald 2024: kFLC "
        "index >= 6.1 is positive CSF -> MS.",
    ),
    Vignette(
        "mc17-ocb-needs-dis",
        "One attack; periventricular lesions only; CSF-specific OCB.",
        ms_case(episodes=ONE_BRAINSTEM, studies=(mri("2024-02-01", les(PV), les(PV)),), csf=OCB),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017: OCB substitute for DIT only when DIS is met; DIS is 1 area -> possible MS. "
        "McDonald 2024: 1 area needs CVS and CSF together [U] -> possible MS.",
    ),
    Vignette(
        "mc17-ocb-mirror-pattern-not-specific",
        "As spec7-1 but the bands are identical in CSF and serum (type 4).",
        ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,), csf={"ocb": "identical"}),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017: only CSF-specific bands (Freedman types 2 and 3) count; a mirror pattern "
        "is not intrathecal synthesis -> possible MS (2024 likewise).",
    ),
    Vignette(
        "mc17-ocb-type3-counts",
        "As spec7-1 with bands in CSF plus identical bands (type 3).",
        ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,),
                csf={"ocb": "csf_specific_and_identical"}),
        ms("ms", "ms"),
        "McDonald 2017: type 3 includes CSF-specific bands -> substitutes for DIT -> MS.",
    ),
    Vignette(
        "mc17-dit-new-lesion-on-follow-up",
        "Optic neuritis; baseline PV + IT lesions; a new PV lesion six months later.",
        ms_case(episodes=ONE_ATTACK,
                studies=(mri("2024-01-20", les(PV), les(IT)),
                         mri("2024-05-20", les(PV), les(PV, new=True), les(IT)))),
        ms("ms", "ms"),
        "McDonald 2017 DIT: a new T2 lesion on follow-up MRI -> with DIS, MS (2024 likewise).",
    ),
    Vignette(
        "mc17-dit-new-lesion-single-study",
        "Optic neuritis; one study flags a PV lesion as new against an outside baseline.",
        ms_case(episodes=ONE_ATTACK, studies=(mri("2024-05-20", les(PV, new=True), les(IT)),)),
        ms("ms", "ms"),
        "McDonald 2017 DIT by a new lesion; the flag records the comparison with a baseline scan "
        "that need not be in the case (lead's reading) -> MS.",
    ),
    Vignette(
        "mc17-enhancing-and-non-enhancing-on-different-scans",
        "Optic neuritis; scan 1 an enhancing PV lesion only, scan 2 a non-enhancing IT lesion only.",
        ms_case(episodes=ONE_ATTACK,
                studies=(mri("2024-01-20", les(PV, enhancing=True), gad=True),
                         mri("2024-05-20", les(IT, enhancing=False), gad=True))),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017 DIT needs simultaneous enhancing and non-enhancing lesions, i.e. on one "
        "scan; DIS met, DIT not -> possible MS (2024: 2 areas, no DIT/CSF/CVS).",
    ),
    Vignette(
        "mc17-all-lesions-enhancing",
        "Optic neuritis; PV and IT lesions, both enhancing.",
        ms_case(episodes=ONE_ATTACK,
                studies=(mri("2024-02-01", les(PV, enhancing=True), les(IT, enhancing=True), gad=True),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017 DIT by MRI needs a non-enhancing lesion as well -> DIT missing -> possible MS.",
    ),
    Vignette(
        "mc17-cortical-juxtacortical-one-area",
        "Optic neuritis; a cortical enhancing and a juxtacortical non-enhancing lesion.",
        ms_case(episodes=ONE_ATTACK,
                studies=(mri("2024-02-01", les(CX, enhancing=True), les(JC, enhancing=False),
                             gad=True),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017: cortical and juxtacortical lesions form one area (CJC), so DIS is 1 area "
        "although DIT is met -> possible MS.",
    ),
    Vignette(
        "mc17-deep-white-matter-not-an-area",
        "Optic neuritis; an enhancing PV lesion and three non-enhancing deep white-matter lesions.",
        ms_case(episodes=ONE_ATTACK,
                studies=(mri("2024-02-01", les(PV, enhancing=True), les(DWM, enhancing=False),
                             les(DWM, enhancing=False), les(DWM, enhancing=False), gad=True),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017/2024 areas exclude deep white matter: DIS is 1 area -> possible MS.",
    ),
    Vignette(
        "mc17-optic-nerve-lesion-not-a-2017-area",
        "Left optic neuritis; an enhancing optic-nerve lesion and a non-enhancing PV lesion.",
        ms_case(episodes=ONE_ATTACK,
                studies=(mri("2024-01-20", les(ON, enhancing=True, symptomatic=True),
                             les(PV, enhancing=False), regions=("brain", "optic_nerves"), gad=True),)),
        ms("possible_ms", "ms"),
        "McDonald 2017: the optic nerve is not a DIS area -> DIS 1 area -> possible MS. McDonald "
        "2024: optic nerve is the 5th area -> PV + ON with DIT -> MS.",
    ),
    Vignette(
        "mc17-other-causes-not-excluded",
        "As spec7-1 with another cause not excluded (documented False).",
        ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,), csf=OCB, excluded=False),
        ms("not_ms", "not_ms"),
        "McDonald 2017/2024: a better explanation must be excluded; when it is not -> not MS.",
    ),
    Vignette(
        "mc17-nothing",
        "No episodes, no MRI, no CSF.",
        ms_case(),
        ms("not_ms", "not_ms"),
        "McDonald 2017/2024: no attack, no progression, no lesion -> not MS.",
    ),
    Vignette(
        "mc17-reported-attack-with-mri-dis-and-dit",
        "A reported (no objective finding) brainstem attack; PV enhancing + IT non-enhancing lesions.",
        ms_case(episodes=(ep("2024-01-10", "brainstem", "reported", resolution="2024-02-01"),),
                studies=(PV_IT_DIT,)),
        ms("ms", "ms"),
        "McDonald 2017 (project reading): an attack without an objective lesion is treated like "
        "1 objective lesion (row 5) with a caveat: DIS and DIT by MRI -> MS (2024 likewise).",
    ),
    Vignette(
        "mc17-two-reported-attacks-no-mri",
        "Two reported optic neuritis attacks a year apart, no objective findings, no MRI.",
        ms_case(episodes=(ep("2022-04-01", "optic_nerve", "reported", side="left", resolution="2022-05-01"),
                          ep("2023-04-01", "optic_nerve", "reported", side="left",
                             resolution="2023-05-01"))),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017: 0 objective lesions count as 1 -> row 3 (>=2 attacks, 1 lesion) needs DIS; "
        "no MRI, same site -> possible MS (2024 likewise).",
    ),
    Vignette(
        "mc17-dit-by-second-attack-two-areas",
        "Optic neuritis and myelitis attacks a year apart; MRI PV + IT lesions without contrast.",
        ms_case(episodes=(ep("2022-04-01", "optic_nerve", side="left", resolution="2022-05-15"),
                          ep("2023-04-01", "spinal_cord", resolution="2023-05-15")),
                studies=(mri("2023-04-10", les(PV), les(IT)),)),
        ms("ms", "ms"),
        "McDonald 2017: >=2 attacks and >=2 objective lesions -> MS. McDonald 2024: DIS 2 of 5 and "
        "DIT by a second attack -> MS.",
    ),
]

# --------------------------------------------------------------------------- PPMS

PPMS: list[Vignette] = [
    Vignette(
        "ppms-brain-and-two-cord-lesions",
        "Progressive myelopathy 2.4 years; PV lesion and 2 cord lesions; no CSF.",
        ms_case(age=45, course=PROGRESSIVE,
                studies=(mri("2024-03-01", les(PV), les(SC), les(SC), regions=BRAIN_CORD),)),
        ms("ms", "ms"),
        "McDonald 2017 PPMS: >=1 year progression + items (i) brain lesion and (ii) >=2 cord "
        "lesions -> MS. McDonald 2024 progressive: DIS 2 of 5 + >=2 cord lesions -> MS [U].",
    ),
    Vignette(
        "ppms-brain-lesions-and-ocb",
        "Progressive 2.4 years; PV and IT lesions, clear cord; CSF-specific OCB.",
        ms_case(age=45, course=PROGRESSIVE, csf=OCB,
                studies=(mri("2024-03-01", les(PV), les(IT), regions=BRAIN_CORD),)),
        ms("ms", "ms"),
        "McDonald 2017 PPMS items (i) + (iii) -> MS. McDonald 2024: DIS 2 of 5 + positive CSF -> MS.",
    ),
    Vignette(
        "ppms-cord-lesions-and-ocb",
        "Progressive 2.4 years; brain clear, 2 cord lesions; CSF-specific OCB.",
        ms_case(age=45, course=PROGRESSIVE, csf=OCB,
                studies=(mri("2024-03-01", les(SC), les(SC), regions=BRAIN_CORD),)),
        ms("ms", "possible_ms"),
        "McDonald 2017 PPMS items (ii) + (iii) -> MS. McDonald 2024 progressive path needs DIS in "
        ">= 2 of 5 areas; cord only is 1 area -> possible MS (progressive course with items met).",
    ),
    Vignette(
        "ppms-one-item-only",
        "Progressive 2.4 years; PV and IT lesions only, no CSF, no cord lesion.",
        ms_case(age=45, course=PROGRESSIVE,
                studies=(mri("2024-03-01", les(PV), les(IT), regions=BRAIN_CORD),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017 PPMS needs 2 of 3 items; only (i) -> possible MS. McDonald 2024: DIS 2 of "
        "5 but no CSF, DIT, CVS or >=2 cord lesions -> possible MS.",
    ),
    Vignette(
        "ppms-progression-exactly-one-year",
        "Progression from 2023-03-01 to assessment 2024-03-01; PV and 2 cord lesions.",
        ms_case(age=45, course=progressive_from("2023-03-01"), assessment="2024-03-01",
                studies=(mri("2024-02-01", les(PV), les(SC), les(SC), regions=BRAIN_CORD),)),
        ms("ms", "ms"),
        "McDonald 2017 PPMS: progression >= 1 year (exactly one calendar year, 366 days) -> MS.",
    ),
    Vignette(
        "ppms-progression-one-day-short",
        "Progression from 2023-03-02 to assessment 2024-03-01; PV and 2 cord lesions.",
        ms_case(age=45, course=progressive_from("2023-03-02"), assessment="2024-03-01",
                studies=(mri("2024-02-01", les(PV), les(SC), les(SC), regions=BRAIN_CORD),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2017 PPMS: one day short of 1 year -> not yet; progressive course with items "
        "met -> possible MS (2024 progressive path also needs >= 1 year).",
    ),
    Vignette(
        "ppms-duration-from-symptom-onset",
        "Progressive from onset, no progression_onset; symptoms since 2021-05-01; PV + 2 cord lesions.",
        ms_case(age=45, course={"pattern": "progressive_from_onset"}, onset="2021-05-01",
                studies=(mri("2024-03-01", les(PV), les(SC), les(SC), regions=BRAIN_CORD),)),
        ms("ms", "ms"),
        "Progression duration falls back to symptom_onset when the pattern is progressive from "
        "onset: 3 years, items (i) + (ii) -> McDonald 2017 PPMS MS; 2024 likewise.",
    ),
    Vignette(
        "mc24-progressive-dit-by-mri",
        "Progressive 2.4 years; PV enhancing and IT non-enhancing lesions; no CSF.",
        ms_case(age=45, course=PROGRESSIVE, studies=(PV_IT_DIT,)),
        ms("possible_ms", "ms"),
        "McDonald 2017 PPMS: only item (i) -> possible MS. McDonald 2024 progressive: DIS 2 of 5 "
        "+ DIT -> MS [U].",
    ),
    Vignette(
        "mc24-progressive-cvs",
        "Progressive 2.4 years; 6 CVS-positive lesions (PV and deep WM) and an IT lesion; no CSF.",
        ms_case(age=45, course=PROGRESSIVE,
                studies=(mri("2024-03-01", *cvs_lesions(6), les(IT)),)),
        ms("possible_ms", "ms"),
        "McDonald 2017 PPMS: only item (i) -> possible MS. McDonald 2024 progressive: DIS 2 of 5 "
        "+ CVS Select-6 -> MS [U].",
    ),
]

# --------------------------------------------------------------------------- McDonald 2024

FOUR_AREAS = mri("2024-02-01", les(PV), les(JC), les(IT), les(SC), regions=BRAIN_CORD)
THREE_AREAS = mri("2024-02-01", les(PV), les(JC), les(IT), regions=BRAIN_CORD)
PV_DIT_ONLY = mri("2024-01-20", les(PV, enhancing=True), les(PV, enhancing=False), gad=True)
ONE_MYELITIS = (ep("2024-01-10", "spinal_cord", resolution="2024-03-01"),)


def ris(*studies: JSON, csf: JSON | None = None) -> JSON:
    """Incidental lesions: no episode, no progression."""
    return ms_case(studies=studies, csf=csf, course={"progressive_motor_impairment": False})


MCDONALD_2024: list[Vignette] = [
    Vignette(
        "spec7-3-four-areas",
        "Spec vignette 3: myelitis; PV, JC, IT and SC lesions on one scan, no contrast, no CSF.",
        ms_case(episodes=ONE_MYELITIS, studies=(FOUR_AREAS,)),
        ms("possible_ms", "ms"),
        "McDonald 2024: DIS in >= 4 of 5 areas after a typical attack -> MS without DIT. McDonald "
        "2017: DIS met, DIT missing -> possible MS.",
    ),
    Vignette(
        "mc24-three-areas",
        "Myelitis; PV, JC and IT lesions only, no contrast, no CSF.",
        ms_case(episodes=ONE_MYELITIS, studies=(THREE_AREAS,)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2024: DIS in 3 areas needs DIT, positive CSF or CVS -> possible MS (2017 too).",
    ),
    Vignette(
        "mc24-four-areas-with-vep",
        "As mc24-three-areas plus a delayed VEP.",
        ms_case(episodes=ONE_MYELITIS, studies=(THREE_AREAS,), optic={"vep_delayed": True}),
        ms("possible_ms", "ms"),
        "McDonald 2024: a delayed VEP is optic-nerve evidence -> PV, CJC, IT, ON = 4 of 5 -> MS. "
        "McDonald 2017 ignores the optic nerve -> possible MS.",
    ),
    Vignette(
        "mc24-optic-nerve-by-oct-prnfl-6",
        "Left optic neuritis; PV lesions with DIT; OCT inter-eye pRNFL difference 6.0 um.",
        ms_case(episodes=ONE_ATTACK, studies=(PV_DIT_ONLY,), optic={"oct_inter_eye_prnfl_um": 6.0}),
        ms("possible_ms", "ms"),
        "McDonald 2024: inter-eye pRNFL >= 6 um is optic-nerve evidence -> PV + ON = 2 areas with "
        "DIT -> MS. McDonald 2017: 1 area -> possible MS.",
    ),
    Vignette(
        "mc24-optic-nerve-oct-prnfl-5-9",
        "As mc24-optic-nerve-by-oct-prnfl-6 with a 5.9 um difference.",
        ms_case(episodes=ONE_ATTACK, studies=(PV_DIT_ONLY,), optic={"oct_inter_eye_prnfl_um": 5.9}),
        ms("possible_ms", "possible_ms"),
        "McDonald 2024: pRNFL 5.9 um < 6 um -> no optic-nerve area -> DIS 1 area -> possible MS.",
    ),
    Vignette(
        "mc24-optic-nerve-by-oct-gcipl-4",
        "As mc24-optic-nerve-by-oct-prnfl-6 with GCIPL inter-eye difference 4.0 um instead.",
        ms_case(episodes=ONE_ATTACK, studies=(PV_DIT_ONLY,), optic={"oct_inter_eye_gcipl_um": 4.0}),
        ms("possible_ms", "ms"),
        "McDonald 2024: inter-eye GCIPL >= 4 um is optic-nerve evidence -> 2 areas + DIT -> MS.",
    ),
    Vignette(
        "mc24-optic-nerve-oct-gcipl-3-9",
        "As mc24-optic-nerve-by-oct-gcipl-4 with 3.9 um.",
        ms_case(episodes=ONE_ATTACK, studies=(PV_DIT_ONLY,), optic={"oct_inter_eye_gcipl_um": 3.9}),
        ms("possible_ms", "possible_ms"),
        "McDonald 2024: GCIPL 3.9 um < 4 um -> DIS 1 area -> possible MS.",
    ),
    Vignette(
        "mc24-kflc-6-1",
        "Brainstem attack; PV + IT lesions, no contrast; kFLC index 6.1, no OCB test.",
        ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,), csf={"kflc_index": 6.1}),
        ms("possible_ms", "ms"),
        "McDonald 2024: kFLC index >= 6.1 is positive CSF (Deisenhammer 2025) -> DIS 2 + CSF -> "
        "MS. McDonald 2017 does not accept kFLC -> possible MS.",
    ),
    Vignette(
        "mc24-kflc-6-0",
        "As mc24-kflc-6-1 with kFLC index 6.0.",
        ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,), csf={"kflc_index": 6.0}),
        ms("possible_ms", "possible_ms"),
        "McDonald 2024: kFLC index 6.0 < 6.1 is not positive CSF -> possible MS.",
    ),
    Vignette(
        "mc24-cvs-select-6",
        "Brainstem attack; 6 CVS-positive white-matter lesions (PV, deep WM) and an IT lesion.",
        ms_case(episodes=ONE_BRAINSTEM, studies=(mri("2024-02-01", *cvs_lesions(6), les(IT)),)),
        ms("possible_ms", "ms"),
        "McDonald 2024: DIS 2 of 5 + CVS Select-6 (>= 6 CVS+ lesions) -> MS. McDonald 2017: no "
        "DIT -> possible MS.",
    ),
    Vignette(
        "mc24-cvs-five-lesions",
        "As mc24-cvs-select-6 with 5 CVS-positive lesions.",
        ms_case(episodes=ONE_BRAINSTEM, studies=(mri("2024-02-01", *cvs_lesions(5), les(IT)),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2024 Select-6: 5 CVS+ lesions are not enough -> possible MS.",
    ),
    Vignette(
        "mc24-cvs-split-across-studies",
        "Brainstem attack; 3 CVS-positive PV lesions on each of two scans, IT lesion.",
        ms_case(episodes=ONE_BRAINSTEM,
                studies=(mri("2024-01-20", *cvs_lesions(3), les(IT)),
                         mri("2024-04-20", *cvs_lesions(3), les(IT)))),
        ms("possible_ms", "possible_ms"),
        "McDonald 2024 Select-6 counts >= 6 CVS+ lesions in one study; 3 + 3 on two scans "
        "is not CVS-positive -> possible MS.",
    ),
    Vignette(
        "mc24-one-area-cvs-and-csf",
        "Brainstem attack; 6 CVS-positive periventricular lesions only; CSF-specific OCB.",
        ms_case(episodes=ONE_BRAINSTEM,
                studies=(mri("2024-02-01", *[les(PV, central_vein_sign=True) for _ in range(6)]),),
                csf=OCB),
        ms("possible_ms", "ms"),
        "McDonald 2024: DIS in 1 area with CVS-positive AND positive CSF -> MS [U]. McDonald "
        "2017: DIS not met, OCB cannot substitute -> possible MS.",
    ),
    Vignette(
        "mc24-one-area-cvs-only",
        "As mc24-one-area-cvs-and-csf without CSF.",
        ms_case(episodes=ONE_BRAINSTEM,
                studies=(mri("2024-02-01", *[les(PV, central_vein_sign=True) for _ in range(6)]),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2024: 1 area needs CVS and positive CSF together -> possible MS.",
    ),
    Vignette(
        "mc24-prl-not-sufficient",
        "Brainstem attack; PV + IT lesions, three with a paramagnetic rim; no CSF, no contrast.",
        ms_case(episodes=ONE_BRAINSTEM,
                studies=(mri("2024-02-01", les(PV, paramagnetic_rim=True), les(PV, paramagnetic_rim=True),
                             les(IT, paramagnetic_rim=True)),)),
        ms("possible_ms", "possible_ms"),
        "McDonald 2024: PRL are supportive only, never sufficient [U] -> possible MS.",
    ),
    Vignette(
        "mc24-age-50-needs-extra",
        "Age 50; brainstem attack; PV enhancing + IT non-enhancing lesions; cord not imaged.",
        ms_case(age=50, episodes=ONE_BRAINSTEM, studies=(PV_IT_DIT,)),
        ms("ms", "possible_ms"),
        "McDonald 2024: age >= 50 also needs a cord lesion, positive CSF or CVS [U]; none -> "
        "possible MS. McDonald 2017 has no age rule: DIS + DIT -> MS.",
    ),
    Vignette(
        "mc24-age-49",
        "As mc24-age-50-needs-extra at age 49.",
        ms_case(age=49, episodes=ONE_BRAINSTEM, studies=(PV_IT_DIT,)),
        ms("ms", "ms"),
        "McDonald 2024: under 50 the extra requirement does not apply -> DIS 2 + DIT -> MS.",
    ),
    Vignette(
        "mc24-age-50-with-cord-lesion",
        "Age 50; as mc24-age-50-needs-extra plus a non-enhancing cord lesion.",
        ms_case(age=50, episodes=ONE_BRAINSTEM,
                studies=(mri("2024-02-01", les(PV, enhancing=True), les(IT, enhancing=False),
                             les(SC, enhancing=False), regions=BRAIN_CORD, gad=True),)),
        ms("ms", "ms"),
        "McDonald 2024: age >= 50 with a spinal cord lesion meets the extra requirement -> MS.",
    ),
    Vignette(
        "mc24-age-50-with-positive-csf",
        "Age 50; as mc24-age-50-needs-extra plus kFLC index 9.",
        ms_case(age=50, episodes=ONE_BRAINSTEM, studies=(PV_IT_DIT,), csf={"kflc_index": 9}),
        ms("ms", "ms"),
        "McDonald 2024: age >= 50 with positive CSF meets the extra requirement -> MS.",
    ),
    Vignette(
        "mc24-ris-dit-by-new-lesion",
        "Incidental PV + JC lesions; a new PV lesion and an IT lesion a year later; no symptoms.",
        ris(mri("2023-01-15", les(PV), les(JC)), mri("2024-01-15", les(PV), les(PV, new=True),
                                                     les(JC), les(IT))),
        ms("not_ms", "ms"),
        "McDonald 2024 RIS: DIS + DIT -> MS. McDonald 2017: no attack, no progression -> not MS.",
    ),
    Vignette(
        "mc24-ris-positive-csf",
        "Incidental PV + IT lesions; CSF-specific OCB.",
        ris(mri("2024-01-15", les(PV), les(IT)), csf=OCB),
        ms("not_ms", "ms"),
        "McDonald 2024 RIS: DIS + positive CSF -> MS. McDonald 2017: no attack -> not MS.",
    ),
    Vignette(
        "mc24-ris-dis-only",
        "Incidental PV + IT lesions; nothing else.",
        ris(mri("2024-01-15", les(PV), les(IT))),
        ms("not_ms", "possible_ms"),
        "McDonald 2024: RIS with DIS met but no DIT, CSF or CVS -> possible MS. 2017 -> not MS.",
    ),
    Vignette(
        "mc24-ris-one-area",
        "Incidental PV lesions only, one enhancing.",
        ris(mri("2024-01-15", les(PV, enhancing=True), les(PV, enhancing=False), gad=True)),
        ms("not_ms", "not_ms"),
        "McDonald 2024 RIS needs DIS (>= 2 of 5); 1 area -> not MS (2017: no attack -> not MS).",
    ),
]

# --------------------------------------------------------------------------- ALS sets

EL_ESCORIAL_AWAJI_GOLD_COAST: list[Vignette] = [
    Vignette(
        "spec7-4-lmn-only-two-regions",
        "Spec vignette 4: weakness, wasting, fasciculations in arms and legs; no UMN signs.",
        als_case({"bulbar": normal("bulbar"), "cervical": lo("cervical"), "lumbosacral": lo("lumbosacral")}),
        als("none", "none", "als"),
        "Gold Coast: LMN in >= 2 regions -> ALS (PMA pattern). rEEC/Awaji need UMN signs -> none.",
    ),
    Vignette(
        "spec7-5-one-region-umn-lmn",
        "Spec vignette 5: UMN and LMN signs in the arms only.",
        als_case({"bulbar": normal("bulbar"), "cervical": b("cervical"),
                  "lumbosacral": normal("lumbosacral")}),
        als("possible", "possible", "als"),
        "rEEC/Awaji possible: UMN + LMN in 1 region. Gold Coast: UMN + LMN in 1 region -> ALS.",
    ),
    Vignette(
        "spec7-6-definite-bulbar-two-spinal",
        "Spec vignette 6: UMN + LMN in bulbar, cervical and lumbosacral regions.",
        als_case({"bulbar": b("bulbar"), "cervical": b("cervical"), "lumbosacral": b("lumbosacral")}),
        als("definite", "definite", "als"),
        "rEEC/Awaji definite: UMN + LMN in bulbar + 2 spinal regions.",
    ),
    Vignette(
        "reec-definite-three-spinal",
        "UMN + LMN in cervical, thoracic and lumbosacral regions; bulbar normal.",
        als_case({"bulbar": normal("bulbar"), "cervical": b("cervical"), "thoracic": b("thoracic"),
                  "lumbosacral": b("lumbosacral")}),
        als("definite", "definite", "als"),
        "rEEC/Awaji definite: UMN + LMN in 3 spinal regions (thoracic is spinal).",
    ),
    Vignette(
        "reec-probable-two-regions",
        "UMN + LMN in bulbar and cervical regions; legs normal.",
        als_case({"bulbar": b("bulbar"), "cervical": b("cervical"), "lumbosacral": normal("lumbosacral")}),
        als("probable", "probable", "als"),
        "rEEC/Awaji probable: UMN + LMN in 2 regions (one short of definite).",
    ),
    Vignette(
        "reec-possible-umn-two-regions",
        "UMN signs in arms and legs, no LMN signs, 1 year.",
        als_case({"cervical": u("cervical"), "lumbosacral": u("lumbosacral")}),
        als("possible", "possible", "not_als"),
        "rEEC/Awaji possible: UMN signs alone in >= 2 regions. Gold Coast: pure UMN -> not ALS. "
        "PLS: < 2 years -> none.",
    ),
    Vignette(
        "reec-none-umn-one-region",
        "UMN signs in the legs only.",
        als_case({"cervical": normal("cervical"), "lumbosacral": u("lumbosacral")}),
        als("none", "none", "not_als"),
        "rEEC/Awaji: UMN alone in one region meets no category -> none.",
    ),
    Vignette(
        "reec-possible-lmn-rostral-to-umn",
        "Tongue wasting, weakness and fasciculations; UMN signs in the legs only.",
        als_case({"bulbar": lo("bulbar"), "cervical": normal("cervical"), "lumbosacral": u("lumbosacral")}),
        als("possible", "possible", "als"),
        "rEEC/Awaji possible: LMN rostral to UMN. Gold Coast criterion 2: 'upper and lower motor "
        "neurone dysfunction noted in the same body region if only one region is involved' (Shefner "
        "2020): two regions are involved (bulbar LMN, lumbosacral UMN) -> ALS.",
    ),
    Vignette(
        "reec-possible-umn-rostral-different-regions",
        "Brisk jaw jerk only; LMN signs in the legs only.",
        als_case({"bulbar": u("bulbar"), "cervical": normal("cervical"), "lumbosacral": lo("lumbosacral")}),
        als("possible", "possible", "als"),
        "rEEC/Awaji possible (strict reading): UMN and LMN present only in different regions. "
        "Gold Coast criterion 2: the same region is required only 'if only one region is involved' "
        "(Shefner 2020); bulbar UMN + lumbosacral LMN are two regions -> ALS.",
    ),
    Vignette(
        "spec7-7b-lab-supported",
        "UMN in arms and legs; EMG fibrillations with chronic neurogenic change in FDI + biceps "
        "and tibialis anterior + medial gastrocnemius.",
        als_case({"cervical": u("cervical"), "lumbosacral": u("lumbosacral")},
                 *CERVICAL_PAIR, *LUMBOSACRAL_PAIR),
        als("probable_laboratory_supported", "probable", "als"),
        "rEEC probable lab-supported: UMN in >= 1 region + EMG LMN in >= 2 regions. Awaji: EMG "
        "LMN = clinical LMN -> UMN + LMN in 2 regions -> probable. Gold Coast: B in >= 1 -> ALS.",
    ),
    Vignette(
        "spec7-7-fasciculation-potentials",
        "Spec vignette 7: as spec7-7b but fasciculation potentials instead of fibrillations.",
        als_case({"cervical": u("cervical"), "lumbosacral": u("lumbosacral")},
                 fasc_only("first dorsal interosseous"), fasc_only("biceps brachii"),
                 fasc_only("tibialis anterior"), fasc_only("gastrocnemius (medial head)")),
        als("possible", "probable", "als"),
        "rEEC needs fibrillations/PSW for EMG LMN -> UMN alone in 2 regions -> possible. Awaji "
        "and Gold Coast count fasciculation potentials -> probable / ALS.",
    ),
    Vignette(
        "reec-lab-supported-one-umn-region",
        "UMN in the arms only; EMG fibrillations in two independent arm and two leg muscles.",
        als_case({"cervical": u("cervical"), "lumbosacral": normal("lumbosacral")},
                 *CERVICAL_PAIR, *LUMBOSACRAL_PAIR),
        als("probable_laboratory_supported", "possible", "als"),
        "rEEC: UMN in 1 region + EMG LMN in 2 regions -> lab-supported. Awaji: UMN + LMN only in "
        "cervical (1 region) -> possible. Gold Coast: B in cervical -> ALS.",
    ),
    Vignette(
        "reec-one-emg-region-below-lab-supported",
        "UMN in the arms only; EMG fibrillations in two independent leg muscles only.",
        als_case({"cervical": u("cervical"), "lumbosacral": normal("lumbosacral")}, *LUMBOSACRAL_PAIR),
        als("none", "possible", "als"),
        "rEEC: EMG LMN in 1 limb is not lab-supported and rEEC clinical categories use clinical "
        "LMN only -> UMN alone in 1 region -> none. Awaji: UMN cervical, EMG LMN lumbosacral -> "
        "possible. Gold Coast criterion 2: UMN in one region, LMN in another, two regions involved "
        "(the same region is needed only 'if only one region is involved', Shefner 2020) -> ALS.",
    ),
    Vignette(
        "reec-thoracic-single-muscle",
        "UMN in the arms; EMG fibrillations in FDI + biceps and in thoracic paraspinal only.",
        als_case({"cervical": u("cervical"), "lumbosacral": normal("lumbosacral")},
                 *CERVICAL_PAIR, emg("thoracic paraspinal")),
        als("none", "possible", "als"),
        "rEEC probable laboratory-supported needs 'LMN signs defined by EMG criteria ... in at least "
        "two limbs' (Brooks 2000): cervical is one limb, the thoracic muscle is no limb -> not "
        "lab-supported; UMN alone in 1 region -> none. Awaji: B in cervical only -> possible. "
        "Gold Coast: B in cervical -> ALS.",
    ),
    Vignette(
        "reec-bulbar-single-muscle",
        "UMN in the legs; EMG fibrillations in the tongue and in TA + medial gastrocnemius.",
        als_case({"cervical": normal("cervical"), "lumbosacral": u("lumbosacral")},
                 emg("tongue"), *LUMBOSACRAL_PAIR),
        als("none", "possible", "als"),
        "rEEC: bulbar EMG does not count towards 'at least two limbs' (Brooks 2000): one limb "
        "(lumbosacral) -> not lab-supported; UMN alone in 1 region -> none. Awaji: B lumbosacral "
        "only (bulbar LMN only) -> possible. Gold Coast: B lumbosacral -> ALS.",
    ),
    Vignette(
        "reec-lab-supported-arm-and-leg",
        "UMN in the legs; EMG fibrillations in FDI + biceps and in TA + medial gastrocnemius.",
        als_case({"cervical": normal("cervical"), "lumbosacral": u("lumbosacral")},
                 *CERVICAL_PAIR, *LUMBOSACRAL_PAIR),
        als("probable_laboratory_supported", "possible", "als"),
        "rEEC: UMN in 1 region and 'LMN signs defined by EMG criteria ... in at least two limbs' "
        "(Brooks 2000): an arm and a leg -> lab-supported. Awaji: B lumbosacral only -> possible.",
    ),
    Vignette(
        "reec-lab-supported-both-arms",
        "UMN in the arms; EMG fibrillations in left FDI + left biceps and right FDI + right biceps.",
        als_case({"cervical": u("cervical"), "lumbosacral": normal("lumbosacral")},
                 emg("first dorsal interosseous", side="left"), emg("biceps brachii", side="left"),
                 emg("first dorsal interosseous", side="right"), emg("biceps brachii", side="right")),
        als("probable_laboratory_supported", "possible", "als"),
        "rEEC: two limbs are two limbs even in one region: each arm meets the EMG rule on its own "
        "(two muscles of different roots and nerves) -> 'in at least two limbs' (Brooks 2000) -> "
        "lab-supported. Awaji: B cervical -> possible.",
    ),
    Vignette(
        "emg-same-roots-do-not-count",
        "UMN in arms and legs; EMG fibrillations in FDI + APB (both C8-T1) and thoracic paraspinal.",
        als_case({"cervical": u("cervical"), "lumbosacral": u("lumbosacral")},
                 emg("first dorsal interosseous"), emg("abductor pollicis brevis"),
                 emg("thoracic paraspinal")),
        als("possible", "possible", "als"),
        "EMG region rule: FDI and APB share C8-T1, so the cervical region is not abnormal; EMG "
        "LMN in thoracic only -> rEEC not lab-supported, UMN alone in 2 regions -> possible; Awaji "
        "possible; Gold Coast criterion 2: thoracic LMN with cervical and lumbosacral UMN, three "
        "regions involved -> ALS.",
    ),
    Vignette(
        "emg-same-roots-c5-c6-do-not-count",
        "As emg-same-roots-do-not-count with deltoid + biceps (both C5-6).",
        als_case({"cervical": u("cervical"), "lumbosacral": u("lumbosacral")},
                 emg("deltoid"), emg("biceps brachii"), emg("thoracic paraspinal")),
        als("possible", "possible", "als"),
        "EMG region rule: deltoid and biceps share C5-6 (different nerves is not enough) -> "
        "cervical not abnormal -> as emg-same-roots-do-not-count.",
    ),
    Vignette(
        "emg-left-and-right-count-together",
        "As emg-same-roots-do-not-count with left FDI + right biceps.",
        als_case({"cervical": u("cervical"), "lumbosacral": u("lumbosacral")},
                 emg("first dorsal interosseous", side="left"), emg("biceps brachii", side="right"),
                 emg("thoracic paraspinal")),
        als("possible", "possible", "als"),
        "EMG region rule: left and right count together; FDI (C8-T1 ulnar) + biceps (C5-6 "
        "musculocutaneous) -> cervical abnormal, one limb region; thoracic EMG is no limb -> rEEC "
        "not lab-supported ('in at least two limbs', Brooks 2000), UMN in 2 regions -> possible. "
        "Awaji: B in cervical only -> possible. Gold Coast: B in cervical -> ALS.",
    ),
    Vignette(
        "emg-same-muscle-both-sides",
        "As emg-same-roots-do-not-count with FDI sampled on both sides.",
        als_case({"cervical": u("cervical"), "lumbosacral": u("lumbosacral")},
                 emg("first dorsal interosseous", side="left"),
                 emg("first dorsal interosseous", side="right"), emg("thoracic paraspinal")),
        als("possible", "possible", "als"),
        "EMG region rule: the same muscle on both sides has the same nerve and roots -> cervical "
        "not abnormal. Gold Coast: thoracic LMN with UMN in two other regions -> ALS (text reading).",
    ),
    Vignette(
        "emg-denervation-without-chronic-change",
        "UMN in arms and legs; fibrillations but no chronic neurogenic change in FDI, biceps and "
        "thoracic paraspinal.",
        als_case({"cervical": u("cervical"), "lumbosacral": u("lumbosacral")},
                 emg("first dorsal interosseous", chronic=False), emg("biceps brachii", chronic=False),
                 emg("thoracic paraspinal", chronic=False)),
        als("possible", "possible", "not_als"),
        "EMG LMN per muscle needs chronic neurogenic change AND active denervation -> no EMG LMN "
        "-> UMN alone in 2 regions -> possible; Gold Coast pure UMN -> not ALS.",
    ),
    Vignette(
        "awaji-fasciculation-potentials-bulbar",
        "Brisk jaw jerk and brisk arm reflexes; fasciculation potentials with chronic change in "
        "tongue, FDI and biceps.",
        als_case({"bulbar": u("bulbar"), "cervical": u("cervical")},
                 fasc_only("tongue"), fasc_only("first dorsal interosseous"), fasc_only("biceps brachii")),
        als("possible", "probable", "als"),
        "Awaji: fasciculation potentials + chronic change = LMN; bulbar (1 muscle) and cervical "
        "(2 independent muscles) -> B in 2 regions -> probable. rEEC: UMN alone in 2 -> possible.",
    ),
    Vignette(
        "awaji-definite-with-emg-no-lab-category",
        "UMN in bulbar, cervical, lumbosacral; clinical LMN bulbar; EMG fibrillations in FDI + "
        "biceps and TA + medial gastrocnemius.",
        als_case({"bulbar": b("bulbar"), "cervical": u("cervical"), "lumbosacral": u("lumbosacral")},
                 *CERVICAL_PAIR, *LUMBOSACRAL_PAIR),
        als("probable_laboratory_supported", "definite", "als"),
        "Awaji: EMG LMN counts as clinical LMN -> B in bulbar + 2 spinal -> definite (no lab-"
        "supported category). rEEC: clinical B only bulbar; UMN + EMG LMN in 2 regions -> "
        "lab-supported.",
    ),
    Vignette(
        "reec-probable-outranks-lab-supported",
        "As spec7-7b with weakness, wasting and fasciculations in arms and legs as well.",
        als_case({"cervical": b("cervical"), "lumbosacral": b("lumbosacral")},
                 *CERVICAL_PAIR, *LUMBOSACRAL_PAIR),
        als("probable", "probable", "als"),
        "rEEC: clinical UMN + LMN in 2 regions is probable, the higher category, so the EMG "
        "evidence no longer decides (order: possible < lab-supported < probable < definite).",
    ),
    Vignette(
        "reec-definite-with-emg-as-well",
        "As spec7-6 with fibrillations in FDI + biceps and TA + medial gastrocnemius.",
        als_case({"bulbar": b("bulbar"), "cervical": b("cervical"), "lumbosacral": b("lumbosacral")},
                 *CERVICAL_PAIR, *LUMBOSACRAL_PAIR),
        als("definite", "definite", "als"),
        "rEEC/Awaji definite: clinical UMN + LMN in bulbar + 2 spinal regions; EMG adds nothing.",
    ),
    Vignette(
        "gate-other-causes-unknown",
        "As spec7-6 with the exclusion of other causes not documented.",
        als_case({"bulbar": b("bulbar"), "cervical": b("cervical"), "lumbosacral": b("lumbosacral")},
                 excluded=None),
        als("definite", "definite", "als"),
        "Unknown exclusion of other causes: assumed by every criteria set, so a caveat only (lead's "
        "revised reading, as for McDonald's 'no better explanation'); category from the regions, status met.",
        status={"el_escorial": "met", "awaji": "met", "gold_coast": "met"},
    ),
    Vignette(
        "gate-progression-false",
        "As spec7-6 but motor impairment documented as not progressive.",
        als_case({"bulbar": b("bulbar"), "cervical": b("cervical"), "lumbosacral": b("lumbosacral")},
                 progressive=False),
        als("none", "none", "not_als"),
        "Progression required by rEEC, Awaji and Gold Coast; documented False -> none / not ALS.",
    ),
    Vignette(
        "gate-progression-unknown",
        "As spec7-6 with progression not documented.",
        als_case({"bulbar": b("bulbar"), "cervical": b("cervical"), "lumbosacral": b("lumbosacral")},
                 progressive=None),
        als("definite", "definite", "als"),
        "Unknown progression: category computed from the regions, status indeterminate.",
        status={"el_escorial": "indeterminate", "awaji": "indeterminate", "gold_coast": "indeterminate"},
    ),
    Vignette(
        "gate-progression-by-course-pattern",
        "As reec-probable-two-regions with progression only as a progressive-from-onset pattern.",
        als_case({"bulbar": b("bulbar"), "cervical": b("cervical"), "lumbosacral": normal("lumbosacral")},
                 progressive=None, pattern="progressive_from_onset"),
        als("probable", "probable", "als"),
        "Progression gate met by course.pattern progressive_from_onset -> Gold Coast met.",
        status={"gold_coast": "met"},
    ),
    Vignette(
        "gate-other-causes-not-excluded",
        "As spec7-6 with another cause not excluded (documented False).",
        als_case({"bulbar": b("bulbar"), "cervical": b("cervical"), "lumbosacral": b("lumbosacral")},
                 excluded=False),
        als("none", "none", "not_als"),
        "rEEC, Awaji and Gold Coast require exclusion of other causes; False -> none / not ALS.",
    ),
    Vignette(
        "gc-wasting-without-weakness",
        "UMN signs and wasting (weakness examined, absent) in the arms only.",
        als_case({"cervical": {**UMN["cervical"], "weakness": False, "atrophy": True,
                               "fasciculations": False}}),
        als("possible", "possible", "not_als"),
        "rEEC/Awaji clinical LMN: atrophy alone counts -> B in 1 region -> possible. Gold Coast "
        "clinical LMN needs weakness AND wasting -> UMN only -> not ALS.",
    ),
    Vignette(
        "gc-weakness-and-fasciculations-without-wasting",
        "UMN signs, weakness and fasciculations without wasting, arms only.",
        als_case({"cervical": {**UMN["cervical"], "weakness": True, "atrophy": False,
                               "fasciculations": True}}),
        als("possible", "possible", "not_als"),
        "rEEC/Awaji clinical LMN: weakness with fasciculations -> B -> possible. Gold Coast "
        "needs wasting -> not ALS.",
    ),
    Vignette(
        "reec-weakness-alone-not-lmn",
        "UMN signs and weakness (no wasting, no fasciculations) in the arms only.",
        als_case({"cervical": {**UMN["cervical"], "weakness": True, "atrophy": False,
                               "fasciculations": False}}),
        als("none", "none", "not_als"),
        "Weakness alone is not clinical LMN for rEEC/Awaji (nor Gold Coast) -> UMN in 1 region "
        "alone -> none / not ALS.",
    ),
    Vignette(
        "reec-fasciculations-alone-not-lmn",
        "UMN signs in the arms; fasciculations without weakness or wasting in the legs.",
        als_case({"cervical": u("cervical"),
                  "lumbosacral": {**UMN_ABSENT["lumbosacral"], "weakness": False, "atrophy": False,
                                  "fasciculations": True}}),
        als("none", "none", "not_als"),
        "rEEC: 'if only fasciculation, search with EMG' -> fasciculations alone are not LMN -> "
        "UMN alone in 1 region -> none.",
    ),
    Vignette(
        "gc-pma-by-emg",
        "No clinical signs; fasciculation potentials with chronic change in FDI + biceps and in "
        "TA + medial gastrocnemius.",
        als_case({"cervical": normal("cervical"), "lumbosacral": normal("lumbosacral")},
                 fasc_only("first dorsal interosseous"), fasc_only("biceps brachii"),
                 fasc_only("tibialis anterior"), fasc_only("gastrocnemius (medial head)")),
        als("none", "none", "als"),
        "Gold Coast: EMG LMN (Awaji type) in 2 regions -> ALS. rEEC/Awaji: no UMN -> none.",
    ),
    Vignette(
        "gc-lmn-one-region",
        "Weakness, wasting and fasciculations in the arms only; no UMN signs.",
        als_case({"cervical": lo("cervical"), "lumbosacral": normal("lumbosacral")}),
        als("none", "none", "not_als"),
        "Gold Coast: LMN in 1 region without UMN is not enough -> not ALS; rEEC/Awaji none.",
    ),
    Vignette(
        "gc-one-region-b-plus-lmn",
        "UMN + LMN in the arms, LMN only in the legs.",
        als_case({"cervical": b("cervical"), "lumbosacral": lo("lumbosacral")}),
        als("possible", "possible", "als"),
        "rEEC/Awaji: B in 1 region -> possible. Gold Coast: B in 1 region (and LMN in 2) -> ALS.",
    ),
]

# --------------------------------------------------------------------------- PLS

PLS: list[Vignette] = [
    Vignette(
        "spec7-8-pls-three-years",
        "Spec vignette 8: UMN signs in arms and legs for 3 years, no LMN signs.",
        pls_case("2021-03-01"),
        als("possible", "possible", "not_als", "probable"),
        "PLS (Turner 2020): UMN in >= 2 of 3 regions, 2-4 years -> probable. rEEC/Awaji: UMN "
        "alone in 2 regions -> possible. Gold Coast: pure UMN -> not ALS.",
    ),
    Vignette(
        "pls-exactly-two-years",
        "UMN in arms and legs from 2022-03-01 to 2024-03-01.",
        pls_case("2022-03-01"),
        als("possible", "possible", "not_als", "probable"),
        "PLS: duration >= 2 years (exactly 2 calendar years) -> probable.",
    ),
    Vignette(
        "pls-one-day-short-of-two-years",
        "UMN in arms and legs from 2022-03-02 to 2024-03-01.",
        pls_case("2022-03-02"),
        als("possible", "possible", "not_als", "none"),
        "PLS: duration < 2 years -> none.",
    ),
    Vignette(
        "pls-exactly-four-years",
        "UMN in arms and legs from 2020-03-01 to 2024-03-01.",
        pls_case("2020-03-01"),
        als("possible", "possible", "not_als", "probable"),
        "PLS: probable 2-4 years; definite needs > 4 years; exactly 4 -> probable.",
    ),
    Vignette(
        "pls-four-years-and-a-day",
        "UMN in arms and legs from 2020-02-29 to 2024-03-01.",
        pls_case("2020-02-29"),
        als("possible", "possible", "not_als", "definite"),
        "PLS: > 4 years -> definite.",
    ),
    Vignette(
        "pls-one-region",
        "UMN signs in the legs only for 5 years.",
        pls_case("2019-01-01", motor={"cervical": normal("cervical"), "lumbosacral": u("lumbosacral")}),
        als("none", "none", "not_als", "none"),
        "PLS needs UMN in >= 2 of 3 regions -> none; rEEC UMN in 1 region alone -> none.",
    ),
    Vignette(
        "pls-bulbar-and-legs",
        "Brisk jaw jerk and UMN signs in the legs for 5 years; arms normal.",
        pls_case("2019-01-01", motor={"bulbar": u("bulbar"), "cervical": normal("cervical"),
                                      "lumbosacral": u("lumbosacral")}),
        als("possible", "possible", "not_als", "definite"),
        "PLS: bulbar + leg UMN = 2 of 3 regions, > 4 years -> definite.",
    ),
    Vignette(
        "pls-clinical-lmn",
        "As pls-four-years-and-a-day with wasting in the hands.",
        pls_case("2019-01-01", motor={"cervical": {**UMN["cervical"], "weakness": True, "atrophy": True,
                                                   "fasciculations": False},
                                      "lumbosacral": u("lumbosacral")}),
        als("possible", "possible", "als", "none"),
        "PLS excludes clinical LMN signs -> none. rEEC/Awaji: B cervical -> possible. Gold "
        "Coast: weakness AND wasting with UMN in cervical -> B -> ALS.",
    ),
    Vignette(
        "pls-emg-fibrillations",
        "As pls-four-years-and-a-day with fibrillations (no chronic change) in FDI.",
        pls_case("2019-01-01", emgs=(emg("first dorsal interosseous", chronic=False),)),
        als("possible", "possible", "not_als", "none"),
        "PLS excludes EMG active denervation (fibrillations/PSW) in any muscle -> none.",
    ),
    Vignette(
        "pls-emg-fasciculation-potentials-allowed",
        "As pls-four-years-and-a-day with fasciculation potentials and chronic change in FDI only.",
        pls_case("2019-01-01", emgs=(fasc_only("first dorsal interosseous"),)),
        als("possible", "possible", "not_als", "definite"),
        "PLS (project reading) excludes fibrillations/PSW only; one cervical muscle is not an EMG "
        "LMN region -> PLS definite, Awaji possible.",
    ),
    Vignette(
        "pls-sensory-loss",
        "As pls-four-years-and-a-day with sensory loss.",
        pls_case("2019-01-01", sensory_loss=True),
        als("possible", "possible", "not_als", "none"),
        "PLS: unexplained sensory loss -> none.",
    ),
    Vignette(
        "pls-age-24",
        "UMN in arms and legs for 5 years, age 24.",
        pls_case("2019-01-01", age=24),
        als("possible", "possible", "not_als", "none"),
        "PLS: age >= 25 required -> none.",
    ),
    Vignette(
        "pls-age-25",
        "UMN in arms and legs for 5 years, age 25.",
        pls_case("2019-01-01", age=25),
        als("possible", "possible", "not_als", "definite"),
        "PLS: age 25 meets the age rule -> definite (> 4 years).",
    ),
    Vignette(
        "pls-reference-date-latest-date",
        "UMN in arms and legs since 2019-01-01, no assessment date; latest date an MRI on 2024-01-10.",
        pls_case("2019-01-01", None, studies=(mri("2024-01-10"),)),
        als("possible", "possible", "not_als", "definite"),
        "PLS duration to the reference date: no assessment_date -> latest date in the case (5 "
        "years) -> definite.",
    ),
]

# --------------------------------------------------------------------------- whole cases

ALL_NONE = {"el_escorial": "none", "awaji": "none", "gold_coast": "not_als", "pls": "none"}

WHOLE_CASES: list[Vignette] = [
    Vignette(
        "case-typical-rrms",
        "29-year-old woman: left optic neuritis 2021, partial myelitis 2023 with a Babinski sign; "
        "MRI PV, JC, IT and cord lesions, one enhancing; OCB positive.",
        {
            "age": 29, "sex": "female", "assessment_date": "2024-05-01", "symptom_onset": "2021-04-02",
            "other_causes_excluded": True,
            "course": {"pattern": "relapsing_remitting", "progressive_motor_impairment": False},
            "episodes": [ep("2021-04-02", "optic_nerve", side="left", resolution="2021-05-20"),
                         ep("2023-02-11", "spinal_cord", side="right", resolution="2023-04-01")],
            "exam": {"motor": {"lumbosacral": {"hyperreflexia": True, "babinski": True, "weakness": False,
                                               "atrophy": False, "fasciculations": False}},
                     "sensory_loss": True, "optic_neuritis": True},
            "mri": [mri("2023-02-20", les(PV), les(PV), les(PV), les(JC), les(IT, enhancing=False),
                        les(SC, enhancing=True, symptomatic=True), regions=BRAIN_CORD, gad=True)],
            "csf": {"ocb": "csf_specific", "white_cells_per_ul": 6},
        },
        {**ms("ms", "ms"), **ALL_NONE},
        "McDonald 2017 row 1 (2 attacks, 2 objective lesions) and 2024 (DIS 4 of 5) -> MS. ALS "
        "sets: UMN in 1 region, no LMN, not progressive -> none / not ALS; PLS none.",
    ),
    Vignette(
        "case-ppms",
        "46-year-old man: 3 years of progressive spastic paraparesis with sensory loss and "
        "bladder symptoms; PV, IT and 2 cord lesions; OCB positive.",
        {
            "age": 46, "sex": "male", "assessment_date": "2024-06-01", "symptom_onset": "2021-05-01",
            "other_causes_excluded": True,
            "course": {"pattern": "progressive_from_onset", "progression_onset": "2021-05-01",
                       "progressive_motor_impairment": True},
            "exam": {"motor": {"cervical": {"hyperreflexia": True, "hoffmann": True, "weakness": False,
                                            "atrophy": False, "fasciculations": False},
                               "lumbosacral": {"hyperreflexia": True, "babinski": True, "spasticity": True,
                                               "weakness": True, "atrophy": False, "fasciculations": False}},
                     "sensory_loss": True, "bladder_dysfunction": True},
            "mri": [mri("2024-04-01", les(PV), les(PV), les(IT), les(SC), les(SC),
                        regions=("brain", "cervical_cord", "thoracic_cord"))],
            "csf": {"ocb": "csf_specific"},
        },
        {**ms("ms", "ms"), "el_escorial": "possible", "awaji": "possible", "gold_coast": "not_als",
         "pls": "none"},
        "McDonald 2017 PPMS (3 years, all 3 items); 2024 progressive (DIS 3 of 5 + CSF) -> MS. "
        "rEEC/Awaji: UMN alone in 2 regions with progression -> possible; Gold Coast pure UMN -> "
        "not ALS; PLS excluded by sensory loss.",
    ),
    Vignette(
        "case-cis-with-dit",
        "27-year-old woman: right optic neuritis; MRI PV lesions and an enhancing juxtacortical lesion.",
        {
            "age": 27, "sex": "female", "assessment_date": "2024-03-01", "symptom_onset": "2024-01-05",
            "other_causes_excluded": True,
            "episodes": [ep("2024-01-05", "optic_nerve", side="right", resolution="2024-02-20")],
            "exam": {"optic_neuritis": True},
            "mri": [mri("2024-01-10", les(PV, enhancing=False), les(PV, enhancing=False),
                        les(JC, enhancing=True), gad=True)],
        },
        {**ms("ms", "ms"), **ALL_NONE},
        "McDonald 2017 row 5: DIS (PV + CJC) and DIT (enhancing + non-enhancing) -> MS; 2024 "
        "likewise (age < 50). No motor findings -> ALS sets none.",
    ),
    Vignette(
        "case-cis-without-dit",
        "31-year-old man: internuclear ophthalmoplegia; non-enhancing PV and IT lesions; no CSF.",
        {
            "age": 31, "sex": "male", "assessment_date": "2024-03-01", "symptom_onset": "2024-01-20",
            "other_causes_excluded": True,
            "episodes": [ep("2024-01-20", "brainstem", resolution="2024-02-25")],
            "exam": {"internuclear_ophthalmoplegia": True},
            "mri": [mri("2024-01-25", les(PV, enhancing=False), les(PV, enhancing=False),
                        les(IT, enhancing=False, symptomatic=True), gad=True)],
        },
        {**ms("possible_ms", "possible_ms"), **ALL_NONE},
        "McDonald 2017 row 5: DIS met, DIT not -> possible MS; 2024: DIS 2 of 5 without DIT, "
        "CSF or CVS -> possible MS. ALS sets none.",
    ),
    Vignette(
        "case-definite-als",
        "62-year-old man: 1 year of progressive weakness with UMN and LMN signs in bulbar, arm "
        "and leg regions; widespread denervation; normal brain MRI.",
        {
            "age": 62, "sex": "male", "assessment_date": "2023-09-15", "symptom_onset": "2022-09-01",
            "other_causes_excluded": True, "course": {"progressive_motor_impairment": True},
            "exam": {"motor": {"bulbar": b("bulbar"), "cervical": b("cervical"),
                               "lumbosacral": b("lumbosacral")}, "sensory_loss": False},
            "emg": [emg("tongue"), *CERVICAL_PAIR, *LUMBOSACRAL_PAIR],
            "mri": [mri("2023-08-01")],
        },
        {**ms("not_ms", "not_ms"), **als("definite", "definite", "als", "none")},
        "rEEC/Awaji definite (B in bulbar + 2 spinal); Gold Coast ALS; PLS excluded by LMN signs. "
        "No attack, no lesion -> not MS.",
    ),
    Vignette(
        "case-bulbar-onset-als",
        "68-year-old woman: 9 months of dysarthria with tongue wasting and a brisk jaw jerk; brisk "
        "limb reflexes; denervation in tongue, FDI, triceps; fasciculation potentials in legs.",
        {
            "age": 68, "sex": "female", "assessment_date": "2023-12-01", "symptom_onset": "2023-03-01",
            "other_causes_excluded": True, "course": {"progressive_motor_impairment": True},
            "exam": {"motor": {
                "bulbar": {"jaw_jerk": True, "pseudobulbar_affect": True, **LMN},
                "cervical": {"hyperreflexia": True, "weakness": False, "atrophy": False,
                             "fasciculations": False},
                "lumbosacral": {"hyperreflexia": True, "babinski": True, "weakness": False,
                                "atrophy": False, "fasciculations": False},
            }, "sensory_loss": False},
            "emg": [emg("tongue"), emg("first dorsal interosseous"), emg("triceps brachii"),
                    fasc_only("tibialis anterior"), fasc_only("vastus lateralis")],
        },
        {**ms("not_ms", "not_ms"),
         **als("possible", "definite", "als", "none")},
        "rEEC: clinical B bulbar only -> possible; EMG LMN with fibrillations in the bulbar region "
        "and one limb (cervical: FDI C8-T1 ulnar + triceps C6-8 radial) is not 'LMN signs defined by "
        "EMG ... in at least two limbs' (Brooks 2000), the leg EMG has no fibrillations -> not "
        "lab-supported. Awaji: EMG LMN incl. leg "
        "fasciculation potentials (TA L4-5 deep peroneal + VL L2-4 femoral) -> B in bulbar + 2 "
        "spinal -> definite. Gold Coast ALS.",
    ),
    Vignette(
        "case-pls-like",
        "55-year-old man: 5 years of progressive spastic dysarthria and spastic tetraparesis, no "
        "wasting, normal EMG, normal brain MRI.",
        {
            "age": 55, "sex": "male", "assessment_date": "2024-03-01", "symptom_onset": "2019-01-15",
            "other_causes_excluded": True,
            "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
            "exam": {"motor": {
                "bulbar": {"spasticity": True, "jaw_jerk": True, "atrophy": False, "fasciculations": False},
                "cervical": {"hyperreflexia": True, "hoffmann": True, "spasticity": True, "atrophy": False,
                             "fasciculations": False},
                "lumbosacral": {"spasticity": True, "hyperreflexia": True, "babinski": True, "clonus": True,
                                "weakness": True, "atrophy": False, "fasciculations": False},
            }, "sensory_loss": False, "bladder_dysfunction": False},
            "emg": [emg(m, fibs=False, chronic=False) for m in
                    ("tongue", "first dorsal interosseous", "tibialis anterior")],
            "mri": [mri("2023-11-01", regions=("brain", "cervical_cord"))],
        },
        {**ms("not_ms", "not_ms"), **als("possible", "possible", "not_als", "definite")},
        "PLS definite (UMN in 3 regions, > 4 years, no LMN). rEEC/Awaji: UMN alone in >= 2 regions "
        "-> possible. Gold Coast: pure UMN -> not ALS. Progressive course but no PPMS item -> not MS.",
    ),
    Vignette(
        "case-pma-like",
        "58-year-old man: 16 months of asymmetric limb weakness and wasting with fasciculations, "
        "no UMN signs; denervation in arm and leg muscles.",
        {
            "age": 58, "sex": "male", "assessment_date": "2023-10-01", "symptom_onset": "2022-06-01",
            "other_causes_excluded": True, "course": {"progressive_motor_impairment": True},
            "exam": {"motor": {"bulbar": normal("bulbar"), "cervical": lo("cervical"),
                               "lumbosacral": lo("lumbosacral")}, "sensory_loss": False},
            "emg": [*CERVICAL_PAIR, *LUMBOSACRAL_PAIR],
        },
        {**ms("not_ms", "not_ms"), **als("none", "none", "als", "none")},
        "Gold Coast: LMN in 2 regions -> ALS; rEEC/Awaji need UMN -> none; not MS.",
    ),
    Vignette(
        "case-cervical-spondylotic-myelopathy",
        "64-year-old man with neck pain: arm wasting at C5-6 with Hoffmann signs, spastic legs, "
        "sensory loss; cord compression explains the findings.",
        {
            "age": 64, "sex": "male", "assessment_date": "2023-06-01", "symptom_onset": "2022-01-01",
            "other_causes_excluded": False, "course": {"progressive_motor_impairment": True},
            "history": {"neck_pain": True},
            "exam": {"motor": {
                "bulbar": normal("bulbar"),
                "cervical": {"hoffmann": True, "weakness": True, "atrophy": True, "fasciculations": False},
                "lumbosacral": {"spasticity": True, "hyperreflexia": True, "babinski": True, "weakness": True,
                                "atrophy": False, "fasciculations": False},
            }, "sensory_loss": True, "bladder_dysfunction": True},
            "emg": [emg("biceps brachii"), emg("deltoid"), emg("first dorsal interosseous", fibs=False,
                                                                chronic=False),
                    emg("tongue", fibs=False, chronic=False),
                    emg("thoracic paraspinal", fibs=False, chronic=False)],
            "mri": [mri("2023-05-01", les(SC, symptomatic=True), regions=("cervical_cord",))],
        },
        {**ms("not_ms", "not_ms"), **ALL_NONE},
        "Every set requires other causes excluded; the compressive myelopathy explains the "
        "findings (False) -> rEEC/Awaji none, Gold Coast not ALS, not MS; PLS none (LMN, "
        "sensory loss).",
    ),
    Vignette(
        "case-als-incidental-white-matter-lesions",
        "66-year-old woman: 1 year of progressive arm and leg weakness with UMN and LMN signs; "
        "brain MRI shows non-specific deep white-matter lesions.",
        {
            "age": 66, "sex": "female", "assessment_date": "2023-11-01", "symptom_onset": "2022-11-01",
            "other_causes_excluded": True, "course": {"progressive_motor_impairment": True},
            "exam": {"motor": {"bulbar": normal("bulbar"), "cervical": b("cervical"),
                               "lumbosacral": b("lumbosacral")}, "sensory_loss": False},
            "emg": [*CERVICAL_PAIR, *LUMBOSACRAL_PAIR, emg("tongue", fibs=False, chronic=False)],
            "mri": [mri("2023-10-01", les(DWM), les(DWM), les(DWM), les(DWM))],
        },
        {**ms("not_ms", "not_ms"), **als("probable", "probable", "als", "none")},
        "rEEC/Awaji probable (B in cervical + lumbosacral); Gold Coast ALS. Deep white-matter "
        "lesions are in no McDonald area and there is no attack -> not MS under 2017 and 2024.",
    ),
]

# --------------------------------------------------------------------------- readings of issue 10

def myopathic(muscle: str, *, fibs: bool = True) -> JSON:
    """Needle EMG of one muscle: myopathic (short, small, polyphasic) units, no chronic neurogenic change."""
    return {"muscle": muscle, "myopathic_units": True, "chronic_neurogenic": False, "fibrillations_psw": fibs,
            "recruitment": "early"}


WEAK_WASTED = {"weakness": True, "atrophy": True, "fasciculations": False}
#: Weak wasted forearms and thighs, brisk knee reflexes: the motor findings of the IBM vignettes.
IBM_MOTOR = {"cervical": {**UMN_ABSENT["cervical"], **WEAK_WASTED},
             "lumbosacral": {**UMN_ABSENT["lumbosacral"], **WEAK_WASTED, "hyperreflexia": True}}

READINGS: list[Vignette] = [
    Vignette(
        "gc2-bulbar-lmn-lumbosacral-umn",
        "Tongue wasting and weakness, brisk leg reflexes and Babinski signs; nothing in the arms.",
        als_case({"bulbar": {**UMN_ABSENT["bulbar"], **WEAK_WASTED}, "cervical": normal("cervical"),
                  "lumbosacral": u("lumbosacral")}),
        als("possible", "possible", "als"),
        "Gold Coast criterion 2 (Shefner 2020): 'upper and lower motor neurone dysfunction in at "
        "least one body region, with upper and lower motor neurone dysfunction noted in the same body "
        "region if only one region is involved' -> bulbar LMN + lumbosacral UMN are two regions -> "
        "ALS. rEEC/Awaji: LMN rostral to UMN -> possible.",
        status={"gold_coast": "met"},
    ),
    Vignette(
        "gc2-one-region-only-needs-both",
        "Weakness and wasting of one arm with brisk reflexes in the same arm: one region involved.",
        als_case({"cervical": {**UMN["cervical"], **WEAK_WASTED}, "lumbosacral": normal("lumbosacral"),
                  "bulbar": normal("bulbar")}),
        als("possible", "possible", "als"),
        "Gold Coast criterion 2: one region involved with UMN and LMN in that same region -> ALS "
        "(Shefner 2020). rEEC/Awaji: B in one region -> possible.",
    ),
    Vignette(
        "gc2-umn-only-one-region-not-als",
        "Brisk arm reflexes and Hoffmann signs only; no LMN dysfunction anywhere.",
        als_case({"cervical": u("cervical"), "lumbosacral": normal("lumbosacral"), "bulbar": normal("bulbar"),
                  "thoracic": normal("thoracic")}),
        als("none", "none", "not_als"),
        "Gold Coast criterion 2 needs LMN dysfunction ('upper and lower motor neurone dysfunction in "
        "at least one body region') -> not ALS; rEEC/Awaji: UMN alone in one region -> none. Needle "
        "EMG was not done, so LMN dysfunction is not excluded: indeterminate, not 'not met'.",
        status={"gold_coast": "indeterminate"},
    ),
    Vignette(
        "ibm-pattern-not-als",
        "70-year-old man, 3 years of progressive finger-flexor and quadriceps weakness and wasting, "
        "knee reflexes brisk; needle EMG myopathic units with fibrillations in FDP and vastus "
        "lateralis, no neurogenic change (inclusion-body-myositis pattern).",
        als_case(IBM_MOTOR,
                 myopathic("flexor digitorum profundus (ulnar)"), myopathic("vastus lateralis"),
                 myopathic("flexor pollicis longus"), age=70, onset="2021-01-01"),
        als("none", "none", "not_als"),
        "Weakness and wasting in muscles EMG shows to be myopathic are not LMN dysfunction, and "
        "myopathic EMG is 'electrophysiological evidence of other disease processes' (Brooks 2000) "
        "that Gold Coast criterion 3 ('investigations excluding other disease processes', Shefner "
        "2020) must exclude -> gate closed: rEEC/Awaji none, Gold Coast not ALS.",
        status={"gold_coast": "not_met", "el_escorial": "not_met", "awaji": "not_met"},
    ),
    Vignette(
        "ibm-clinical-pattern-without-emg-pending",
        "68-year-old man: finger-flexor weakness exceeding shoulder abduction and quadriceps weakness "
        "with wasting, brisk ankle jerks; no needle EMG and no muscle biopsy yet.",
        {**als_case(IBM_MOTOR, age=68, onset="2021-06-01"),
         "exam": {"motor": IBM_MOTOR, "sensory_loss": False, "finger_flexor_weakness": True,
                  "knee_extensor_weakness": True}},
        als("none", "none", "not_als"),
        "Gold Coast criterion 3 asks for 'investigations excluding other disease processes' (Shefner "
        "2020); the inclusion-body-myositis pattern (ENMC 2011: finger-flexor > shoulder-abductor and "
        "knee-extensor >= hip-flexor weakness) is a clinical suspicion that only needle EMG or a muscle "
        "biopsy can exclude, and neither is recorded -> no ALS category until they are: not ALS, "
        "indeterminate (not 'not met': the investigation is pending, not failed).",
        status={"gold_coast": "indeterminate", "el_escorial": "indeterminate", "awaji": "indeterminate"},
    ),
    Vignette(
        "ibm-biopsy-rimmed-vacuoles-not-als",
        "68-year-old man with the same weakness; no EMG, but a quadriceps biopsy shows rimmed vacuoles and "
        "endomysial inflammation.",
        {**als_case(IBM_MOTOR, age=68, onset="2021-06-01"),
         "exam": {"motor": IBM_MOTOR, "sensory_loss": False, "finger_flexor_weakness": True,
                  "knee_extensor_weakness": True},
         "muscle_biopsy": {"muscle": "quadriceps", "rimmed_vacuoles": True, "inflammation": True}},
        als("none", "none", "not_als"),
        "rEEC requires 'the absence of electrophysiological and pathological evidence of other disease "
        "processes that might explain the signs of LMN and/or UMN degeneration' (Brooks 2000); a biopsy "
        "with the ENMC 2011 pathological features of inclusion body myositis is such evidence, and Gold "
        "Coast criterion 3 ('investigations excluding other disease processes') fails -> not met.",
        status={"gold_coast": "not_met", "el_escorial": "not_met"},
    ),
    Vignette(
        "ibm-pattern-neurogenic-emg-als",
        "Same weakness pattern, but needle EMG shows fibrillations with chronic neurogenic change in "
        "forearm and leg muscles of different roots and nerves.",
        {**als_case(IBM_MOTOR, *CERVICAL_PAIR, *LUMBOSACRAL_PAIR, age=68, onset="2021-06-01"),
         "exam": {"motor": IBM_MOTOR, "sensory_loss": False, "finger_flexor_weakness": True,
                  "knee_extensor_weakness": True}},
        {"gold_coast": "als"},
        "Neurogenic EMG in two regions is LMN dysfunction (Shefner 2020: chronic neurogenic change with "
        "ongoing denervation), and EMG has investigated the myositis pattern: it does not bear on "
        "criterion 3 -> UMN lumbosacral + LMN in two regions -> ALS.",
        status={"gold_coast": "met"},
    ),
    Vignette(
        "myopathic-weakness-recorded-not-lmn",
        "Weak wasted arms the examiner records as myopathic; brisk leg reflexes; no EMG.",
        als_case({"cervical": {**UMN_ABSENT["cervical"], **WEAK_WASTED, "weakness_origin": "myopathic"},
                  "lumbosacral": u("lumbosacral")}),
        als("none", "none", "not_als"),
        "A documented myopathy explains the weakness and wasting: not LMN dysfunction, and the "
        "other-disease exclusion fails (Brooks 2000; Shefner 2020 criterion 3) -> none / not ALS.",
        status={"gold_coast": "not_met"},
    ),
    Vignette(
        "umn-origin-weakness-not-lmn",
        "Spastic weak arms and legs with fasciculations; the examiner attributes the weakness to UMN "
        "dysfunction; no wasting.",
        als_case({"cervical": {**UMN["cervical"], "weakness": True, "weakness_origin": "umn",
                               "atrophy": False, "fasciculations": True},
                  "lumbosacral": {**UMN["lumbosacral"], "weakness": True, "weakness_origin": "umn",
                                  "atrophy": False, "fasciculations": True}}),
        als("possible", "possible", "not_als"),
        "Brooks 2000: LMN signs are weakness and atrophy, and 'if only fasciculation: search with "
        "EMG'; weakness of UMN origin is not an LMN sign -> UMN alone in 2 regions -> possible; "
        "Gold Coast: no LMN dysfunction -> not ALS.",
    ),
    Vignette(
        "gold-coast-umn-signs-slowed-movement-and-thoracic",
        "Slowed, poorly coordinated finger movements; brisk abdominal reflexes; EMG chronic and "
        "active denervation in FDI + biceps.",
        als_case({"cervical": {"slowed_movement": True, **LMN_ABSENT},
                  "thoracic": {"abdominal_reflexes_brisk": True}},
                 *CERVICAL_PAIR),
        als("possible", "possible", "als"),
        "Gold Coast UMN signs include 'slowed, poorly coordinated voluntary movement' and brisk "
        "abdominal reflexes (Shefner 2020) -> UMN cervical + thoracic; EMG LMN cervical -> Gold Coast "
        "ALS (UMN and LMN in the cervical region). rEEC: UMN alone in 2 regions (EMG in one limb) -> "
        "possible; Awaji: B in cervical only -> possible.",
    ),
    Vignette(
        "emg-region-summary-counts",
        "UMN in arms and legs; EMG report: 'cervical and lumbosacral regions: active and chronic "
        "denervation in several muscles of different roots and nerves' (no muscle rows).",
        {**als_case({"cervical": u("cervical"), "lumbosacral": u("lumbosacral")}),
         "emg_regions": [{"region": r, "fibrillations_psw": True, "chronic_neurogenic": True,
                          "different_roots_and_nerves": True} for r in ("cervical", "lumbosacral")]},
        als("probable_laboratory_supported", "probable", "als"),
        "A region-level EMG summary meeting the region rule counts like two independent muscles "
        "(Brooks 2000; de Carvalho 2008): EMG LMN in two limbs + UMN -> rEEC lab-supported; Awaji "
        "B in 2 regions -> probable; Gold Coast ALS.",
    ),
    Vignette(
        "pls-documented-non-progressive",
        "UMN signs in arms and legs for 5 years; course documented as not progressive.",
        {**pls_case("2019-01-01"), "course": {"progressive_motor_impairment": False}},
        {"pls": "none", "gold_coast": "not_als"},
        "Turner 2020: progressive UMN dysfunction is mandatory -> a documented non-progressive "
        "course does not meet the PLS criteria.",
        status={"pls": "not_met"},
    ),
    Vignette(
        "pls-other-cause-documented",
        "UMN signs in arms and legs for 5 years; another disease is documented to explain them.",
        {**pls_case("2019-01-01"), "other_causes_excluded": False},
        {"pls": "none"},
        "Turner 2020 excludes another diagnosis: a failed exclusion gate is not met, named in the "
        "rules and gaps.",
        status={"pls": "not_met"},
    ),
    Vignette(
        "pls-progression-undocumented",
        "UMN signs in arms and legs for 3 years; progression not recorded.",
        {**pls_case("2021-01-01"), "course": {}},
        {"pls": "probable"},
        "Turner 2020: progressive UMN dysfunction is mandatory; undocumented, the category stands "
        "only once progression is documented -> probable, indeterminate.",
        status={"pls": "indeterminate"},
    ),
    Vignette(
        "mc24-kflc-exactly-6-1",
        "One brainstem attack; periventricular + infratentorial lesions without contrast; κ-FLC "
        "index 6.1, oligoclonal bands not done.",
        ms_case(episodes=ONE_BRAINSTEM, studies=(PV_IT_NO_GAD,), csf={"kflc_index": 6.1}),
        ms("possible_ms", "ms"),
        "Deisenhammer 2025 (McDonald 2024 CSF working group): 'values of >=6.1 performing best' -> "
        "6.1 is positive CSF; DIS 2 of 5 + positive CSF -> MS (2024). McDonald 2017 does not use "
        "κ-FLC: no DIT -> possible MS.",
    ),
]


# --------------------------------------------------------------------------- partial dates (schema 1.1)

#: Optic neuritis and myelitis, each with objective evidence: two objective lesions.
def two_sites(first: str, second: str) -> tuple[JSON, JSON]:
    return (ep(first, "optic_nerve", side="left"), ep(second, "spinal_cord"))


PARTIAL_DATES: list[Vignette] = [
    Vignette(
        "dates-same-month-open",
        "Left optic neuritis and a partial myelitis, both 'in March 2024' (days unknown), each with "
        "objective signs; no MRI or CSF yet.",
        ms_case(episodes=two_sites("2024-03", "2024-03")),
        ms("possible_ms", "possible_ms"),
        "Attacks are separated when onsets are 'at least 30 days' apart (Polman 2011, kept by Thompson "
        "2018); two onsets in one month may be 0 to 30 days apart, so one or two attacks: with two, "
        "'>= 2 attacks, objective clinical evidence of >= 2 lesions' needs no further data (Thompson "
        "2018, Table 1); with one, DIT is needed and absent -> possible MS, indeterminate now.",
        status={"mcdonald_2017": "indeterminate"},
    ),
    Vignette(
        "dates-months-apart-separate",
        "Left optic neuritis in January 2024 and myelitis in April 2024 (days unknown), both with "
        "objective signs.",
        ms_case(episodes=two_sites("2024-01", "2024-04")),
        ms("ms", "possible_ms"),
        "The nearest possible onsets (31 January, 1 April) are 61 days apart: two attacks for certain; "
        "'>= 2 attacks, objective clinical evidence of >= 2 lesions: no additional data needed' "
        "(Thompson 2018, Table 1) -> MS. McDonald 2024 asks for MRI evidence [U] -> possible MS.",
        status={"mcdonald_2017": "met"},
    ),
    Vignette(
        "dates-adjacent-months-open",
        "Optic neuritis in January 2024, myelitis in February 2024 (days unknown), objective signs.",
        ms_case(episodes=two_sites("2024-01", "2024-02")),
        ms("possible_ms", "possible_ms"),
        "31 January to 1 February is 1 day, 1 January to 29 February 59 days: whether they are >= 30 "
        "days apart (Polman 2011) is open -> one or two attacks -> indeterminate, possible MS.",
        status={"mcdonald_2017": "indeterminate"},
    ),
    Vignette(
        "dates-year-precision-separate",
        "Optic neuritis 'in 2023' (month unknown) and myelitis on 1 June 2024, objective signs.",
        ms_case(episodes=two_sites("2023", "2024-06-01")),
        ms("ms", "possible_ms"),
        "31 December 2023 to 1 June 2024 is 153 days: two attacks for certain -> McDonald 2017 Table 1 "
        "'>= 2 attacks, >= 2 objective lesions' -> MS.",
        status={"mcdonald_2017": "met"},
    ),
]


VIGNETTES: list[Vignette] = [
    *MCDONALD_2017, *PPMS, *MCDONALD_2024, *EL_ESCORIAL_AWAJI_GOLD_COAST, *PLS, *WHOLE_CASES, *READINGS,
    *PARTIAL_DATES,
]
