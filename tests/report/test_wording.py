"""Evidence references in clinical words (one translator for the report, text and Markdown)."""

from __future__ import annotations

import datetime as dt

import pytest

from sclerodx.case import Case
from sclerodx.report.wording import ClinicalWords, interval_words, plain_words


def _case() -> Case:
    return Case.model_validate({
        "assessment_date": "2025-03-01", "symptom_onset": "2024-03-15",
        "exam": {"motor": {"cervical": {"hoffmann": True, "atrophy": True},
                           "lumbosacral": {"babinski": True, "hyperreflexia": False}}},
        "emg": [{"muscle": "first dorsal interosseous", "side": "left", "fibrillations_psw": True,
                 "fasciculation_potentials": True},
                {"muscle": "tibialis anterior", "side": "right", "fibrillations_psw": True,
                 "fasciculation_potentials": True},
                {"muscle": "deltoid", "side": "right", "fibrillations_psw": False,
                 "chronic_neurogenic": False}],
        "mri": [{"date": "2025-02-01", "regions_imaged": ["brain", "cervical_cord"], "lesions": [
            *[{"location": "periventricular"}] * 3, {"location": "infratentorial", "enhancing": True},
            *[{"location": "spinal_cord"}] * 2]}],
        "csf": {"ocb": "csf_specific"},
    })


def test_emg_muscles_are_grouped_by_finding_with_side() -> None:
    words = ClinicalWords(_case()).phrases(["emg[0] first dorsal interosseous, left",
                                            "emg[1] tibialis anterior, right", "emg[2] deltoid, right"])
    assert ("Needle EMG: fibrillation potentials/positive sharp waves and fasciculation potentials in "
            "left first dorsal interosseous and right tibialis anterior") in words
    assert "Needle EMG: no denervation or reinnervation in right deltoid" in words


def test_mri_lesions_are_counted_by_location() -> None:
    refs = [f"mri[0] (2025-02-01) lesions[{i}]" for i in range(6)]
    (phrase,) = ClinicalWords(_case()).phrases(refs)
    assert phrase.startswith("MRI 2025-02-01 (brain, cervical cord)")
    assert "3 periventricular, 1 infratentorial and 2 spinal cord lesions (1 enhancing)" in phrase


def test_motor_signs_group_by_upper_and_lower_motor_neuron() -> None:
    words = ClinicalWords(_case()).phrases([
        "exam.motor.cervical.hoffmann", "exam.motor.lumbosacral.babinski", "exam.motor.cervical.atrophy",
        "exam.motor.lumbosacral.hyperreflexia"])  # recorded absent: not a sign
    assert words == ["Upper motor neuron signs in 2 regions (cervical: Hoffmann sign; lumbosacral: Babinski "
                     "sign)", "Lower motor neuron signs in 1 region (cervical: wasting)"]


def test_fluids_and_onset_read_as_a_clinic_letter() -> None:
    words = ClinicalWords(_case()).phrases(["csf.ocb", "symptom_onset", "csf.ocb"])
    assert words == ["symptom onset 2024-03-15 (12 months before assessment)",
                     "CSF-specific oligoclonal bands"]


@pytest.mark.parametrize(("years", "expected"), [
    (0.96, "12 months"), (1.0, "12 months"), (0.04, "under 1 month"), (1 / 12, "1 month"),
    (1.99, "2 years"), (1.9, "23 months"), (2.2, "2 years"), (3.3, "3.5 years")])
def test_intervals_use_one_rule(years: float, expected: str) -> None:
    assert interval_words(years) == expected


def test_plain_words_spell_identifiers() -> None:
    assert plain_words("areas: cortical_juxtacortical, optic_nerve; >= 2 of 0.96 years") == (
        "areas: cortical or juxtacortical, optic nerve; ≥ 2 of 12 months")


def test_a_duration_without_its_unit_reads_as_an_interval() -> None:
    assert plain_words("MS: >= 1 year of progression (now 0.96); 2 more of: x") == (
        "MS: ≥ 1 year of progression (now 12 months); 2 more of: x")


def test_interval_of_onset_uses_the_case_dates() -> None:
    case = _case().model_copy(update={"assessment_date": dt.date(2027, 3, 15)})
    assert ClinicalWords(case).phrases(["symptom_onset"]) == [
        "symptom onset 2024-03-15 (3 years before assessment)"]
