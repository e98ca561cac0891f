"""Evidence in clinical words: the one translator of case references for every output.

The engines cite the case items they used as references (``exam.motor.bulbar.jaw_jerk``,
``emg[1] first dorsal interosseous, right``, ``mri[1] (2025-02-01) lesions[17]``) and
name finding states with identifiers (``two_or_more``). A clinician reads neither.
:class:`ClinicalWords` resolves references against the case and groups them the way
a clinic letter would ("fibrillation potentials/positive sharp waves and fasciculation
potentials in tongue and right first dorsal interosseous"; "MRI 2025-02-01: 3
periventricular, 1 infratentorial, 2 spinal cord lesions"). The HTML/PDF report and
the text and Markdown summaries all use it, so they cannot word the same evidence
differently.

Examples
--------
>>> interval_words(0.96)
'12 months'
>>> interval_words(1.0)
'12 months'
>>> interval_words(3.46)
'3.5 years'
>>> plain_words("areas with lesions: cortical_juxtacortical; count two_or_more")
'areas with lesions: cortical or juxtacortical; count two or more'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sclerodx.anatomy import Region
from sclerodx.case import LMN_SIGNS, Case, Episode, MRIStudy, MuscleEMG, NerveConduction

# Identifiers whose literal spelling reads badly; every other snake_case token just loses
# its underscores.
_IDENTIFIERS = {
    "cortical_juxtacortical": "cortical or juxtacortical",
    "not_met": "not met",
    "csf_specific": "CSF-specific",
    "csf_specific_and_identical": "CSF-specific with identical serum bands",
    "under_1_year": "under 1 year",
    "1_to_4_years": "1 to 4 years",
    "over_4_years": "over 4 years",
    "progressive_from_onset": "progressive from onset",
    "relapsing_remitting": "relapsing-remitting",
    "secondary_progressive": "secondary progressive",
    "relapsing_then_progressive": "relapsing, then progressive",
    "longitudinally_extensive_lesion": "longitudinally extensive lesion (3 or more segments)",
    "deep_white_matter": "deep white matter",
    "optic_nerve": "optic nerve",
    "spinal_cord": "spinal cord",
    "cerebral_hemisphere": "cerebral hemisphere",
    "ar_cag": "androgen-receptor CAG repeat",
    "als_gene": "C9orf72 or SOD1",
}
_SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
_DECIMAL_YEARS = re.compile(r"\b(\d+\.\d+) years?\b")
# "1 year of progression (now 0.96)": a duration in years without its unit
_NOW_YEARS = re.compile(r"(years? of [^()]*\(now )(\d+(?:\.\d+)?)\)")

SIGN_WORDS = {
    "hyperreflexia": "hyperreflexia",
    "babinski": "Babinski sign",
    "hoffmann": "Hoffmann sign",
    "crossed_adductor": "crossed adductor reflex",
    "spasticity": "spasticity",
    "clonus": "clonus",
    "jaw_jerk": "brisk jaw jerk",
    "snout_reflex": "snout reflex",
    "pseudobulbar_affect": "pseudobulbar affect",
    "abdominal_reflexes_lost": "loss of abdominal reflexes",
    "weakness": "weakness",
    "atrophy": "wasting",
    "fasciculations": "fasciculations",
}
"""Examination signs as a clinician writes them (keys are :class:`~sclerodx.case.RegionExam` fields)."""

SYSTEM_WORDS = {
    "optic_nerve": "optic neuritis",
    "brainstem": "brainstem syndrome",
    "cerebellum": "cerebellar syndrome",
    "spinal_cord": "myelitis (spinal cord syndrome)",
    "cerebral_hemisphere": "hemispheric syndrome",
}

FIELD_WORDS = {
    "exam.sensory_loss": "objective sensory loss",
    "exam.sensory_level": "spinal sensory level",
    "exam.optic_neuritis": "optic neuritis",
    "exam.internuclear_ophthalmoplegia": "internuclear ophthalmoplegia",
    "exam.cerebellar_ataxia": "cerebellar ataxia",
    "exam.bladder_dysfunction": "bladder dysfunction",
    "exam.finger_flexor_weakness": "finger-flexor weakness",
    "exam.knee_extensor_weakness": "knee-extensor weakness",
    "history.family_history_als": "family history of ALS",
    "history.family_history_spastic_paraplegia": "family history of spastic paraplegia",
    "history.neck_pain": "neck pain",
    "history.gynaecomastia": "gynaecomastia",
    "history.cognitive_or_behavioural_impairment": "cognitive or behavioural impairment",
    "history.area_postrema_syndrome": "area postrema syndrome",
    "course.progressive_motor_impairment": "progressive motor impairment",
    "other_causes_excluded": "other causes excluded by investigation",
    "genetics.hsp_panel_positive": "pathogenic variant on a spastic paraplegia gene panel",
}
"""Yes/no findings of the case, by reference."""

EMG_WORDS = {
    "fibrillations_psw": "fibrillation potentials/positive sharp waves",
    "fasciculation_potentials": "fasciculation potentials",
    "chronic_neurogenic": "chronic neurogenic change",
    "myopathic_units": "myopathic motor units",
}


def plain_words(text: str) -> str:
    """Engine text with identifiers spelled as words and decimal years as :func:`interval_words`."""
    text = text.replace(">=", "≥").replace("<=", "≤")
    text = _DECIMAL_YEARS.sub(lambda m: interval_words(float(m.group(1))), text)
    text = _NOW_YEARS.sub(lambda m: f"{m.group(1)}{interval_words(float(m.group(2)))})", text)
    return _SNAKE.sub(lambda m: _IDENTIFIERS.get(m.group(0), m.group(0).replace("_", " ")), text)


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only (``"CSF-specific bands"`` stays as it is).

    Examples
    --------
    >>> capitalize_first("fibrillation potentials in tongue"), capitalize_first("")
    ('Fibrillation potentials in tongue', '')
    """
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case the first letter, unless it begins an abbreviation (``MRI``).

    Examples
    --------
    >>> lower_first("Nerve conduction studies"), lower_first("MRI of the cord")
    ('nerve conduction studies', 'MRI of the cord')
    """
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def interval_words(years: float) -> str:
    """A time interval as clinicians say it: whole months under two years, else years to 0.5.

    One rule for every output, so that the same interval never reads "0.96 years" in one
    line and "1.0 years" in the next.
    """
    months = round(years * 12)
    if months == 0:
        return "under 1 month"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''}"
    half_years = round(years * 2) / 2
    return f"{half_years:g} years"


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _truth(value: bool | None, words: str) -> str | None:
    if value is None:
        return None
    return words if value else f"no {words}"


def muscle_words(muscle: MuscleEMG) -> str:
    """``right first dorsal interosseous`` (side first, as in a clinic letter)."""
    name = muscle.muscle.replace("_", " ")
    return f"{muscle.side.value} {name}" if muscle.side else name


def emg_words(muscles: Iterable[MuscleEMG]) -> list[str]:
    """Needle-EMG muscles grouped by what was found in them."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for m in muscles:
        found = tuple(words for name, words in EMG_WORDS.items() if getattr(m, name) is True)
        if m.recruitment is not None and m.recruitment.value != "normal":
            found += (f"{m.recruitment.value} recruitment",)
        if not found and all(getattr(m, name) is None for name in EMG_WORDS):
            continue
        groups[found].append(muscle_words(m))
    out = []
    for found, names in groups.items():
        where = join_words(names)
        out.append(f"Needle EMG: {join_words(list(found))} in {where}" if found
                   else f"Needle EMG: no denervation or reinnervation in {where}")
    return out


def mri_words(study: MRIStudy, lesion_indices: Iterable[int] | None = None) -> str:
    """``MRI 2025-02-01 (brain, cervical cord; gadolinium): 3 periventricular, 2 spinal cord lesions``."""
    lesions = (study.lesions if lesion_indices is None
               else [study.lesions[i] for i in sorted(set(lesion_indices)) if i < len(study.lesions)])
    counts: dict[str, int] = {}
    for lesion in lesions:
        word = plain_words(lesion.location.value)
        counts[word] = counts.get(word, 0) + 1
    imaged = ", ".join(sorted(plain_words(r.value) for r in study.regions_imaged))
    contrast = {True: "; gadolinium", False: "; no contrast", None: ""}[study.gadolinium]
    head = f"MRI {study.date.isoformat()}" + (f" ({imaged}{contrast})" if imaged else "")
    if not study.lesions:
        return f"{head}: no lesions"
    parts = [f"{n} {loc}" for loc, n in counts.items()]
    text = f"{head}: {join_words(parts)} lesion{'s' if len(lesions) != 1 else ''}"
    extras = [f"{n} {words}" for words, n in (
        ("enhancing", sum(lesion.enhancing is True for lesion in lesions)),
        ("new or enlarging", sum(lesion.new is True for lesion in lesions)),
        ("with a central vein sign", sum(lesion.central_vein_sign is True for lesion in lesions)),
        ("with a paramagnetic rim", sum(lesion.paramagnetic_rim is True for lesion in lesions))) if n]
    segments = [lesion.length_segments for lesion in lesions if lesion.length_segments is not None]
    if segments:
        longest = max(segments)
        extras.append(f"longest cord lesion {longest:g} vertebral segment{'' if longest == 1 else 's'}")
    return text + (f" ({'; '.join(extras)})" if extras else "")


def episode_words(episode: Episode) -> str:
    """``2023-03-01: left optic neuritis (objective; resolved 2023-04-10)``."""
    what = SYSTEM_WORDS.get(episode.system.value, plain_words(episode.system.value))
    side = f"{episode.side.value} " if episode.side else ""
    notes = [f"{episode.evidence.value} evidence"]
    if episode.resolution:
        notes.append(f"resolved {episode.resolution.isoformat()}")
    return f"{episode.onset.isoformat()}: {side}{what} ({'; '.join(notes)})"


def conduction_words(study: NerveConduction) -> str | None:
    """One nerve-conduction study, or ``None`` when nothing was recorded about it."""
    side = f"{study.side.value} " if study.side else ""
    findings = []
    if study.conduction_block and study.conduction_block != "none":
        findings.append(f"{study.conduction_block} conduction block")
    elif study.conduction_block == "none":
        findings.append("no conduction block")
    if study.response is not None:
        findings.append(f"{study.response} response")
    if study.demyelinating_features is not None:
        findings.append(f"{'' if study.demyelinating_features else 'no '}demyelinating features")
    return f"{side}{study.nerve} {study.kind}: {', '.join(findings)}" if findings else None


@dataclass(frozen=True)
class ClinicalWords:
    """Evidence references of one case as clinical phrases.

    Parameters
    ----------
    case
        The case the references point into.
    """

    case: Case

    def phrases(self, references: Iterable[str], *, whole_studies: bool = False) -> list[str]:
        """The references as phrases, grouped (motor signs, EMG, MRI per study) and without repeats.

        Order follows a clinic letter: history and course, examination, EMG and nerve
        conduction, MRI, fluids, genetics. A reference the case does not resolve is
        spelled in plain words rather than dropped.

        Parameters
        ----------
        references
            Evidence references, as the engines write them.
        whole_studies
            Describe every lesion of a cited MRI study, not only the lesions cited (for
            a summary, where one study should read the same wherever it appears).
        """
        refs = list(dict.fromkeys(references))
        history: list[str] = []
        exam: list[str] = []
        motor: dict[str, dict[Region, list[str]]] = {"upper": defaultdict(list), "lower": defaultdict(list)}
        emg: list[int] = []
        conduction: list[int] = []
        mri: dict[int, set[int] | None] = {}
        fluids: list[str] = []
        other: list[str] = []
        for ref in refs:
            if ref.startswith("exam.motor."):
                self._motor(ref, motor)
            elif m := re.match(r"emg\[(\d+)\]", ref):
                emg.append(int(m.group(1)))
            elif m := re.match(r"mri\[(\d+)\](?:.*lesions\[(\d+)\])?", ref):
                index, lesion = int(m.group(1)), m.group(2)
                if ref.endswith(".cord_compression"):
                    study = self._study(index)
                    if study is not None and study.cord_compression is not None:
                        finding = "spondylotic cord compression"
                        other.append(finding if study.cord_compression else f"no {finding} on MRI")
                    continue
                if lesion is None or whole_studies:
                    mri[index] = None  # the whole study
                elif (chosen := mri.setdefault(index, set())) is not None:
                    chosen.add(int(lesion))
            elif ref == "mri" or ref.startswith("mri lesions"):
                for i in range(len(self.case.mri)):
                    mri.setdefault(i, None)
            elif m := re.match(r"nerve_conduction\[(\d+)\]", ref):
                conduction.append(int(m.group(1)))
            elif ref == "nerve_conduction":
                conduction.extend(range(len(self.case.nerve_conduction)))
            elif ref.startswith("emg ("):
                continue  # a region with no muscle sampled: nothing to say about the case
            elif m := re.match(r"episodes\[(\d+)\]", ref):
                if int(m.group(1)) < len(self.case.episodes):
                    history.append("Episode " + episode_words(self.case.episodes[int(m.group(1))]))
            elif ref.startswith(("csf.", "serum.")):
                phrase = self._fluid(ref)
                if phrase:
                    fluids.append(phrase)
            else:
                phrase = self._simple(ref)
                if phrase:
                    (exam if ref.startswith("exam.") else history).append(phrase)
        out = [*history, *exam, *self._motor_phrases(motor)]
        out += emg_words(self.case.emg[i] for i in sorted(set(emg)) if i < len(self.case.emg))
        nc = [w for i in sorted(set(conduction)) if i < len(self.case.nerve_conduction)
              if (w := conduction_words(self.case.nerve_conduction[i]))]
        if nc:
            out.append("Nerve conduction: " + "; ".join(nc))
        for index, lesions in sorted(mri.items()):
            study = self._study(index)
            if study is not None:
                out.append(mri_words(study, lesions))
        return list(dict.fromkeys([*out, *fluids, *other]))

    def _study(self, index: int) -> MRIStudy | None:
        return self.case.mri[index] if index < len(self.case.mri) else None

    def _motor(self, ref: str, motor: dict[str, dict[Region, list[str]]]) -> None:
        parts = ref.split(".")
        if len(parts) != 4:
            return
        try:
            region = Region(parts[2])
        except ValueError:
            return
        exam = self.case.exam.motor.get(region)
        if exam is None or getattr(exam, parts[3], None) is not True:
            return
        kind = "lower" if parts[3] in LMN_SIGNS else "upper"
        motor[kind][region].append(SIGN_WORDS.get(parts[3], plain_words(parts[3])))

    @staticmethod
    def _motor_phrases(motor: dict[str, dict[Region, list[str]]]) -> list[str]:
        out = []
        for kind, by_region in motor.items():
            if by_region:
                regions = [r for r in Region if r in by_region]
                detail = "; ".join(f"{r.value}: {', '.join(dict.fromkeys(by_region[r]))}" for r in regions)
                out.append(f"{kind.capitalize()} motor neuron signs in {len(regions)} "
                           f"region{'s' if len(regions) != 1 else ''} ({detail})")
        return out

    def _fluid(self, ref: str) -> str | None:
        csf, serum = self.case.csf, self.case.serum
        match ref:
            case "csf.ocb" if csf and csf.ocb:
                return {"negative": "no oligoclonal bands in CSF",
                        "csf_specific": "CSF-specific oligoclonal bands",
                        "csf_specific_and_identical": "CSF-specific oligoclonal bands (with identical "
                                                      "serum bands)",
                        "identical": "oligoclonal bands identical in CSF and serum (not CSF-specific)",
                        "monoclonal": "a monoclonal band"}.get(csf.ocb.value, plain_words(csf.ocb.value))
            case "csf.kflc_index" if csf and csf.kflc_index is not None:
                return f"CSF κ free light chain index {csf.kflc_index:g}"
            case "csf.white_cells_per_ul" if csf and csf.white_cells_per_ul is not None:
                return f"CSF white cells {csf.white_cells_per_ul:g}/µL"
            case "csf.nfl" if csf and csf.nfl:
                return f"CSF neurofilament light chain {csf.nfl.value:g} {csf.nfl.unit}"
            case "serum.nfl" if serum and serum.nfl:
                return f"serum neurofilament light chain {serum.nfl.value:g} {serum.nfl.unit}"
            case "serum.ck_u_per_l" if serum and serum.ck_u_per_l is not None:
                return f"creatine kinase {serum.ck_u_per_l:g} U/L"
        if serum is not None and ref.startswith("serum."):
            antibody = getattr(serum, ref.removeprefix("serum."), None)
            result = getattr(antibody, "result", None)
            if result is not None:
                name = {"aqp4_igg": "AQP4-IgG", "mog_igg": "MOG-IgG", "anti_gm1_igm": "anti-GM1 IgM"}.get(
                    ref.removeprefix("serum."), plain_words(ref.removeprefix("serum.")))
                return f"serum {name} {result}"
        return None

    def _simple(self, ref: str) -> str | None:
        case = self.case
        if ref == "age":
            return f"age {case.age:g}" if case.age is not None else None
        if ref == "symptom_onset":
            if case.symptom_onset is None:
                return None
            if case.assessment_date is not None:
                years = (case.assessment_date - case.symptom_onset).days / 365.25
                return (f"symptom onset {case.symptom_onset.isoformat()} "
                        f"({interval_words(years)} before assessment)")
            return f"symptom onset {case.symptom_onset.isoformat()}"
        if ref == "course.pattern":
            return f"course {plain_words(case.course.pattern.value)}" if case.course.pattern else None
        if ref == "genetics.ar_cag_repeats":
            repeats = case.genetics.ar_cag_repeats if case.genetics else None
            return None if repeats is None else f"androgen-receptor CAG repeats {repeats}"
        words = FIELD_WORDS.get(ref)
        if words is None:
            return plain_words(ref.split(".")[-1]) if "." in ref else None
        value: object = case
        for part in ref.split("."):
            value = getattr(value, part, None)
        return _truth(value if isinstance(value, bool) else None, words)
