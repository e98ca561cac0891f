"""Tests of the case model (mirrors src/sclerodx/case.py).

Invalid input must fail at the boundary with an error that names the field: either in the
pydantic error location (``loc``) or, for checks that span several fields, in the message.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from sclerodx.anatomy import Region
from sclerodx.case import (
    SCHEMA_VERSION,
    Case,
    Exam,
    MicroRNA,
    NeurofilamentLevel,
    OCBPattern,
    ProteinLevel,
    RegionExam,
    case_json_schema,
)
from sclerodx.casefile import CaseFileError, parse_case, read_case, upgrade_case_data
from sclerodx.exceptions import describe_validation_error

JSON = dict[str, Any]


def _errors(data: JSON) -> list[JSON]:
    with pytest.raises(ValidationError) as info:
        Case.model_validate(data)
    return [dict(e) for e in info.value.errors(include_url=False)]


def _locs(data: JSON) -> list[tuple[int | str, ...]]:
    return [tuple(e["loc"]) for e in _errors(data)]


def _message(data: JSON) -> str:
    with pytest.raises(ValidationError) as info:
        Case.model_validate(data)
    return describe_validation_error(info.value)


def _study(*lesions: JSON, regions: tuple[str, ...] = ("brain",), **extra: Any) -> JSON:
    return {"date": "2024-01-01", "regions_imaged": list(regions), "lesions": list(lesions), **extra}


# --------------------------------------------------------------------------- wrong types


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ({"age": "old"}, ("age",)),
        ({"assessment_date": "yesterday"}, ("assessment_date",)),
        ({"exam": {"motor": {"cervical": {"weakness": "maybe"}}}},
         ("exam", "motor", "cervical", "weakness")),
        ({"emg": [{"muscle": "deltoid", "fibrillations_psw": 3}]}, ("emg", 0, "fibrillations_psw")),
        ({"episodes": {"onset": "2024-01-01"}}, ("episodes",)),
        ({"mri": [{"date": "2024-01-01", "regions_imaged": ["brain"], "gadolinium": "some"}]},
         ("mri", 0, "gadolinium")),
        ({"sex": "f"}, ("sex",)),
        ({"schema_version": "2.0"}, ("schema_version",)),
    ],
    ids=["age-text", "date-text", "finding-text", "finding-int", "episodes-object", "gadolinium-text",
         "sex-code", "schema-version"],
)
def test_wrong_type_names_the_field(data: JSON, loc: tuple[int | str, ...]) -> None:
    assert loc in _locs(data)


def test_unknown_field_is_rejected_by_name() -> None:
    assert ("agee",) in _locs({"agee": 40})
    assert ("exam", "motor", "cervical", "babinsky") in _locs(
        {"exam": {"motor": {"cervical": {"babinsky": True}}}})


# --------------------------------------------------------------------------- out of range


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ({"age": 300}, ("age",)),
        ({"age": -1}, ("age",)),
        ({"bmi": 5}, ("bmi",)),
        ({"csf": {"kflc_index": -1}}, ("csf", "kflc_index")),
        ({"csf": {"white_cells_per_ul": -3}}, ("csf", "white_cells_per_ul")),
        ({"csf": {"igg_index": -0.1}}, ("csf", "igg_index")),
        ({"serum": {"ck_u_per_l": -10}}, ("serum", "ck_u_per_l")),
        ({"serum": {"nfl": {"value": -5, "unit": "pg/mL"}}}, ("serum", "nfl", "value")),
        ({"serum": {"aqp4_igg": {"result": "positive", "titer": 0}}}, ("serum", "aqp4_igg", "titer")),
        ({"genetics": {"ar_cag_repeats": 0}}, ("genetics", "ar_cag_repeats")),
        ({"mri": [_study({"location": "periventricular", "size_mm": -2})]},
         ("mri", 0, "lesions", 0, "size_mm")),
        ({"optic_nerve_tests": {"oct_inter_eye_prnfl_um": -1}},
         ("optic_nerve_tests", "oct_inter_eye_prnfl_um")),
        ({"microrna": [{"name": "miR-206", "fluid": "serum", "fold_change": 0}]},
         ("microrna", 0, "fold_change")),
    ],
    ids=["age-300", "age-negative", "bmi", "kflc-negative", "cells-negative", "igg-index-negative",
         "ck-negative", "nfl-negative", "titer-zero", "cag-zero", "lesion-size-negative",
         "oct-negative", "fold-change-zero"],
)
def test_out_of_range_names_the_field(data: JSON, loc: tuple[int | str, ...]) -> None:
    assert loc in _locs(data)


# --------------------------------------------------------------------------- vocabularies


def test_unknown_region_names_the_key() -> None:
    assert ("exam", "motor", "thoracolumbar", "[key]") in _locs(
        {"exam": {"motor": {"thoracolumbar": {"weakness": True}}}})


def test_unknown_muscle_names_the_field_and_suggests() -> None:
    errors = _errors({"emg": [{"muscle": "deltoid"}, {"muscle": "first dorsal interoseous"}]})
    assert [tuple(e["loc"]) for e in errors] == [("emg", 1, "muscle")]
    assert "did you mean" in errors[0]["msg"]
    assert "first dorsal interosseous" in errors[0]["msg"]


def test_unknown_lesion_location_names_the_field() -> None:
    assert ("mri", 0, "lesions", 0, "location") in _locs(
        {"mri": [_study({"location": "cerebellar_peduncle"})]})


def test_sign_outside_its_region_is_rejected() -> None:
    message = _message({"exam": {"motor": {"bulbar": {"babinski": True}}}})
    assert message.startswith("exam: motor.bulbar:")
    assert "babinski" in message


def test_sign_documented_absent_outside_its_region_is_still_rejected() -> None:
    """A Babinski sign cannot be examined in the thoracic region, present or absent."""
    assert "motor.thoracic" in _message({"exam": {"motor": {"thoracic": {"babinski": False}}}})


def test_unknown_ocb_pattern_names_the_field() -> None:
    assert ("csf", "ocb") in _locs({"csf": {"ocb": "positive"}})


# --------------------------------------------------------------------------- units


@pytest.mark.parametrize("where", [("serum", "nfl"), ("csf", "nfl"), ("csf", "pnfh")])
def test_neurofilament_without_unit_is_rejected(where: tuple[str, str]) -> None:
    fluid, analyte = where
    errors = _errors({fluid: {analyte: 45}})
    assert tuple(errors[0]["loc"]) == where
    assert "unit" in errors[0]["msg"]


def test_protein_without_unit_is_rejected() -> None:
    errors = _errors({"csf": {"protein": 45}})
    assert tuple(errors[0]["loc"]) == ("csf", "protein")
    assert "unit" in errors[0]["msg"]


def test_unknown_unit_is_rejected() -> None:
    assert ("serum", "nfl", "unit") in _locs({"serum": {"nfl": {"value": 45, "unit": "pg/dL"}}})


def test_units_convert() -> None:
    assert NeurofilamentLevel(value=0.05, unit="ng/mL").pg_per_ml == pytest.approx(50.0)
    assert NeurofilamentLevel(value=12, unit="ng/L").pg_per_ml == pytest.approx(12.0)
    assert ProteinLevel(value=0.45, unit="g/L").mg_per_dl == pytest.approx(45.0)
    assert ProteinLevel(value=450, unit="mg/L").mg_per_dl == pytest.approx(45.0)


# --------------------------------------------------------------------------- dates


def test_episode_resolving_before_onset_names_the_episode() -> None:
    errors = _errors({"episodes": [
        {"onset": "2023-01-01", "system": "optic_nerve"},
        {"onset": "2024-03-10", "resolution": "2024-03-01", "system": "spinal_cord"},
    ]})
    assert [tuple(e["loc"]) for e in errors] == [("episodes", 1)]
    assert "resolution" in errors[0]["msg"]


def test_episode_resolving_on_its_onset_day_is_valid() -> None:
    case = Case.model_validate({"episodes": [{"onset": "2024-03-01", "resolution": "2024-03-01",
                                               "system": "brainstem"}]})
    assert case.episodes[0].resolution == dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"symptom_onset": "2024-07-01"}, "symptom_onset"),
        ({"course": {"progression_onset": "2024-07-01"}}, "course.progression_onset"),
        ({"episodes": [{"onset": "2024-07-01", "system": "brainstem"}]}, "episodes[0].onset"),
        ({"mri": [{"date": "2024-07-01", "regions_imaged": ["brain"]}]}, "mri[0].date"),
    ],
    ids=["symptom-onset", "progression-onset", "episode", "mri"],
)
def test_date_after_assessment_date_names_the_field(extra: JSON, field: str) -> None:
    message = _message({"assessment_date": "2024-06-01", **extra})
    assert field in message
    assert "assessment_date" in message


def test_dates_on_the_assessment_date_are_valid() -> None:
    Case.model_validate({"assessment_date": "2024-06-01", "symptom_onset": "2024-06-01",
                         "mri": [{"date": "2024-06-01", "regions_imaged": ["brain"]}]})


def test_reference_date_is_assessment_date_else_latest_date() -> None:
    base: JSON = {"symptom_onset": "2020-01-01",
                  "episodes": [{"onset": "2021-01-01", "resolution": "2021-03-01", "system": "brainstem"}],
                  "mri": [{"date": "2022-05-01", "regions_imaged": ["brain"]}],
                  "csf": {"date": "2022-06-01"}}
    assert Case.model_validate(base).reference_date == dt.date(2022, 6, 1)
    dated = Case.model_validate({**base, "assessment_date": "2023-01-01"})
    assert dated.reference_date == dt.date(2023, 1, 1)
    assert Case().reference_date is None


def test_mri_sorted_orders_by_date() -> None:
    case = Case.model_validate({"mri": [{"date": d, "regions_imaged": ["brain"]}
                                        for d in ("2023-05-01", "2021-01-01", "2022-03-01")]})
    assert [s.date.year for s in case.mri_sorted()] == [2021, 2022, 2023]


# --------------------------------------------------------------------------- imaging consistency


def test_spinal_lesion_on_brain_only_study_is_rejected() -> None:
    errors = _errors({"mri": [_study({"location": "periventricular"}, {"location": "spinal_cord"})]})
    assert tuple(errors[0]["loc"]) == ("mri", 0)
    assert "lesions[1]" in errors[0]["msg"]
    assert "spinal_cord" in errors[0]["msg"]


def test_spinal_lesion_on_thoracic_cord_study_is_valid() -> None:
    Case.model_validate({"mri": [_study({"location": "spinal_cord"}, regions=("thoracic_cord",))]})


def test_optic_nerve_lesion_needs_optic_nerves_imaged() -> None:
    errors = _errors({"mri": [_study({"location": "optic_nerve"})]})
    assert tuple(errors[0]["loc"]) == ("mri", 0)
    assert "optic_nerves" in errors[0]["msg"]


def test_enhancing_lesion_without_gadolinium_is_rejected() -> None:
    message = _message({"mri": [_study({"location": "periventricular", "enhancing": True},
                                       gadolinium=False)]})
    assert message.startswith("mri[0]: lesions[0]")


def test_study_must_image_something() -> None:
    assert ("mri", 0, "regions_imaged") in _locs({"mri": [_study(regions=())]})


def test_conduction_block_only_on_motor_studies() -> None:
    errors = _errors({"nerve_conduction": [{"nerve": "sural", "kind": "sensory",
                                            "conduction_block": "definite"}]})
    assert tuple(errors[0]["loc"]) == ("nerve_conduction", 0)
    assert "motor" in errors[0]["msg"]


def test_demyelinating_features_only_on_motor_studies() -> None:
    errors = _errors({"nerve_conduction": [{"nerve": "sural", "kind": "sensory",
                                            "demyelinating_features": True}]})
    assert tuple(errors[0]["loc"]) == ("nerve_conduction", 0)
    assert "demyelinating_features" in errors[0]["msg"]
    assert "motor" in errors[0]["msg"]


# --------------------------------------------------------------------------- parts


def test_ocb_intrathecal_patterns() -> None:
    assert {p for p in OCBPattern if p.intrathecal} == {
        OCBPattern.CSF_SPECIFIC, OCBPattern.CSF_SPECIFIC_AND_IDENTICAL}


def test_region_exam_present_and_examined() -> None:
    exam = RegionExam(hyperreflexia=True, babinski=False, weakness=True)
    assert exam.present(("hyperreflexia", "babinski", "clonus", "weakness")) == ["hyperreflexia", "weakness"]
    assert exam.examined(("hyperreflexia", "babinski", "clonus")) == ["hyperreflexia", "babinski"]


def test_unexamined_region_is_all_unknown() -> None:
    exam = Exam.model_validate({"motor": {"cervical": {"weakness": True}}})
    assert exam.region(Region.CERVICAL).weakness is True
    assert exam.region(Region.BULBAR) == RegionExam()


def test_muscle_alias_is_stored_under_its_canonical_name() -> None:
    case = Case.model_validate({"emg": [{"muscle": "FDI"}, {"muscle": "Tibialis_Anterior"}]})
    assert [m.muscle for m in case.emg] == ["first dorsal interosseous", "tibialis anterior"]
    assert [m.region for m in case.emg] == [Region.CERVICAL, Region.LUMBOSACRAL]


@pytest.mark.parametrize("name", ["miR-181a-5p", "hsa-miR-206", " miR-133a "])
def test_microrna_names(name: str) -> None:
    assert MicroRNA(name=name, fluid="plasma", fold_change=2).name == name.strip()


def test_microrna_bad_name_names_the_field() -> None:
    assert ("microrna", 0, "name") in _locs(
        {"microrna": [{"name": "NfL", "fluid": "serum", "fold_change": 2}]})


def test_describe_validation_error_puts_the_field_first() -> None:
    lines = _message({"age": 300, "csf": {"kflc_index": -1}}).splitlines()
    assert [line.split(":")[0] for line in lines] == ["age", "csf.kflc_index"]


# --------------------------------------------------------------------------- schema and round trip

RICH_CASE: JSON = {
    "id": "round-trip", "age": 44.5, "sex": "female", "bmi": 23.1, "assessment_date": "2024-06-01",
    "symptom_onset": "2021-02-03",
    "course": {"pattern": "relapsing_remitting", "progressive_motor_impairment": False},
    "episodes": [{"onset": "2021-02-03", "resolution": "2021-03-20", "system": "optic_nerve",
                  "side": "left", "evidence": "objective", "residual_deficit": True}],
    "history": {"neck_pain": False, "family_history_als": False},
    "exam": {"motor": {"lumbosacral": {"hyperreflexia": True, "babinski": True, "weakness": False},
                       "bulbar": {"jaw_jerk": False}},
             "sensory_loss": True, "internuclear_ophthalmoplegia": False},
    "emg": [{"muscle": "first dorsal interosseous", "side": "right", "fibrillations_psw": False,
             "chronic_neurogenic": False, "recruitment": "normal", "provenance": "visit 1"}],
    "nerve_conduction": [{"nerve": "ulnar", "kind": "motor", "conduction_block": "none",
                          "response": "normal"}],
    "mri": [{"date": "2024-05-01", "regions_imaged": ["brain", "cervical_cord"], "gadolinium": True,
             "lesions": [{"location": "periventricular", "enhancing": False, "central_vein_sign": True},
                         {"location": "spinal_cord", "enhancing": True, "length_segments": 1.0}]}],
    "optic_nerve_tests": {"oct_inter_eye_prnfl_um": 7.5, "vep_delayed": True},
    "csf": {"date": "2024-05-02", "ocb": "csf_specific", "kflc_index": 12.3,
            "nfl": {"value": 900, "unit": "pg/mL", "assay": "ella"},
            "protein": {"value": 0.4, "unit": "g/L"}},
    "serum": {"nfl": {"value": 0.015, "unit": "ng/mL"},
              "aqp4_igg": {"result": "negative", "assay": "cell_based"}},
    "genetics": {"ar_cag_repeats": 21},
    "microrna": [{"name": "miR-181a-5p", "fluid": "plasma", "fold_change": 1.4}],
    "other_causes_excluded": True, "notes": "µ, ≥ and κ survive the round trip",
}


def test_round_trip_json_case_json() -> None:
    case = Case.model_validate(RICH_CASE)
    text = case.model_dump_json()
    again = Case.model_validate_json(text)
    assert again == case
    assert again.model_dump_json() == text


def test_round_trip_keeps_what_was_given() -> None:
    dumped = json.loads(Case.model_validate(RICH_CASE).model_dump_json(exclude_none=True))
    assert dumped["csf"]["nfl"] == {"value": 900.0, "unit": "pg/mL", "assay": "ella"}
    assert dumped["mri"][0]["lesions"][1] == {"location": "spinal_cord", "enhancing": True,
                                              "length_segments": 1.0}
    assert sorted(dumped["mri"][0]["regions_imaged"]) == ["brain", "cervical_cord"]
    assert dumped["notes"] == RICH_CASE["notes"]


def test_json_schema_is_versioned_and_complete() -> None:
    schema = case_json_schema()
    assert schema["$id"].endswith(f"/schema/case/{SCHEMA_VERSION}")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) == set(Case.model_fields)
    assert schema["additionalProperties"] is False
    json.dumps(schema)


def test_json_schema_lists_the_vocabularies() -> None:
    defs = case_json_schema()["$defs"]
    assert defs["Region"]["enum"] == [r.value for r in Region]
    assert "spinal_cord" in defs["LesionLocation"]["enum"]
    assert set(defs["NeurofilamentLevel"]["required"]) == {"value", "unit"}


# --------------------------------------------------------------------------- schema 1.1


def test_schema_1_1_reads_what_clinicians_write() -> None:
    case = Case.model_validate({
        "schema_version": "1.0",
        "symptom_onset": "2024-03", "assessment_date": "2026-06-01",
        "course": {"pattern": "first_attack", "progression_onset": "2025"},
        "exam": {"motor": {
            "thoracic": {"abdominal_reflexes_brisk": True, "paraspinal_reflexes_brisk": True},
            "cervical": {"slowed_movement": True, "umn_signs_present": True, "reflexes_reduced": False,
                         "weakness": True, "weakness_origin": "umn"},
        }},
        "emg": [{"muscle": "thoracic paraspinal T10"}, {"muscle": "flexor digitorum profundus"}],
        "emg_regions": [{"region": "cervical", "chronic_neurogenic": True, "fibrillations_psw": True,
                         "different_roots_and_nerves": True}],
        "nerve_conduction": [{"kind": "sensory", "response": "normal"}],
    })
    assert case.schema_version == "1.1"
    assert str(case.symptom_onset) == "2024-03"
    assert case.symptom_onset == dt.date(2024, 3, 15)
    assert case.exam.region(Region.CERVICAL).weakness_origin == "umn"
    assert not case.exam.region(Region.CERVICAL).lmn_weakness
    assert case.emg[0].muscle == "thoracic paraspinal"
    dumped = json.loads(case.model_dump_json(exclude_none=True))
    assert dumped["symptom_onset"] == "2024-03"
    assert dumped["course"]["progression_onset"] == "2025"
    assert Case.model_validate(dumped) == case


@pytest.mark.parametrize(("data", "field"), [
    ({"symptom_onset": "2024-13"}, "symptom_onset"),
    ({"symptom_onset": "March 2024"}, "symptom_onset"),
    ({"exam": {"motor": {"cervical": {"weakness": False, "weakness_origin": "lmn"}}}}, "exam"),
    ({"exam": {"motor": {"cervical": {"weakness_origin": "neuropathic"}}}}, "exam"),
    ({"exam": {"motor": {"bulbar": {"abdominal_reflexes_brisk": True}}}}, "exam"),
])
def test_schema_1_1_rejects_with_the_field_named(data: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Case.model_validate(data)
    assert info.value.errors()[0]["loc"][0] == field


def test_partial_onset_in_the_assessment_month_is_not_in_the_future() -> None:
    case = Case.model_validate({"symptom_onset": "2024-03", "assessment_date": "2024-03-02"})
    assert case.symptom_onset is not None
    with pytest.raises(ValidationError, match="future"):
        Case.model_validate({"symptom_onset": "2024-04", "assessment_date": "2024-03-30"})


def test_reader_upgrades_1_0_files_and_refuses_unknown_versions(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"schema_version": "1.0", "age": 40}), encoding="utf-8")
    assert read_case(old).schema_version == SCHEMA_VERSION
    assert upgrade_case_data({"age": 40})["schema_version"] == SCHEMA_VERSION
    with pytest.raises(CaseFileError, match="schema_version must be one of"):
        parse_case(json.dumps({"schema_version": "9.9"}))
