"""Raw rows are validated cell by cell: bad values are refused with a reason, good rows are all kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from sclerodx.cohort.cases import row_to_case
from sclerodx.cohort.layout import RAW_LAYOUT
from sclerodx.cohort.validate import ROW_COLUMN, layout_schema, unknown_columns, validate


def _check(rows: list[dict[str, Any]]) -> Any:
    frame = pl.DataFrame(rows, infer_schema_length=None).with_row_index(ROW_COLUMN, offset=1)
    return validate(frame, "registry.csv")


def _reasons(rows: list[dict[str, Any]]) -> dict[tuple[int, str], str]:
    errors = _check(rows).errors
    return {(r["row"], r["column"]): r["reason"] for r in errors.to_dicts()}


def test_yes_in_a_boolean_column_is_an_error_not_true() -> None:
    checked = _check([{"case_id": "a", "umn_cervical": "yes"}, {"case_id": "b", "umn_cervical": "true"}])
    assert checked.refused == 1
    assert checked.errors.to_dicts() == [
        {
            "file": "registry.csv",
            "row": 1,
            "case_id": "a",
            "column": "umn_cervical",
            "reason": "expected true or false",
        }
    ]
    assert checked.rows["case_id"].to_list() == ["b"]
    assert checked.rows["umn_cervical"].to_list() == [True]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("age", "sixty", "expected a finite number"),
        ("age", "121", "must lie in [0, 120] years"),
        ("age", "nan", "expected a finite number"),
        ("sex", "M", "expected one of female, male"),
        ("assessment_date", "01/02/2024", "expected an ISO date YYYY-MM-DD"),
        ("mri_1_lesions_periventricular", "2.5", "expected a whole number"),
        ("ar_cag_repeats", "0", "must lie in [1, 100] repeats"),
        ("csf_kflc_index", "-1", "must lie in [0, 2,000]"),
        (
            "emg_cervical",
            "abnormal",
            "expected one of normal, denervation_only, lmn_fasciculations, lmn_fibrillations",
        ),
        ("mog_igg_titer", "0", "must lie in [1, 1,000,000]"),
    ],
)
def test_bad_values_are_named_with_what_was_expected(column: str, value: str, reason: str) -> None:
    assert _reasons([{"case_id": "x", column: value}]) == {(1, column): reason}


def test_the_value_itself_is_never_repeated() -> None:
    secret = "PATIENT-NAME-SMITH"
    errors = _check([{"case_id": "a", "sex": secret, "course_pattern": secret, "age": secret}]).errors
    assert errors.height == 3
    assert secret not in errors.write_csv()


def test_consistency_rules_of_the_case_model() -> None:
    rows = [
        {"assessment_date": "2024-01-01", "symptom_onset": "2024-02-01"},
        {"attack_1_system": "brainstem"},
        {"attack_1_date": "2020-01-01"},
        {"mri_1_date": "2020-01-01", "mri_1_imaged_brain": "true", "mri_1_lesions_spinal_cord": "2"},
        {
            "mri_1_date": "2020-01-01",
            "mri_1_imaged_brain": "true",
            "mri_1_lesions_periventricular": "2",
            "mri_1_enhancing": "1",
        },
        {
            "mri_1_date": "2020-01-01",
            "mri_1_imaged_brain": "true",
            "mri_1_gadolinium": "true",
            "mri_1_lesions_periventricular": "2",
            "mri_1_enhancing": "3",
        },
        {"mri_1_date": "2020-01-01", "mri_1_imaged_brain": "false"},
        {"mri_1_lesions_periventricular": "2"},
        {"mri_1_date": "2020-01-01", "mri_1_imaged_cord": "true", "mri_1_cord_lesion_segments": "3"},
        {"serum_nfl": "40"},
        {"emg_myopathic": "true"},
        {"mog_igg_titer": "100"},
    ]
    assert _reasons(rows) == {
        (1, "symptom_onset"): "is after assessment_date: dates cannot lie in the future",
        (2, "attack_1_system"): "needs attack_1_date",
        (3, "attack_1_system"): "required when attack_1_date is given",
        (4, "mri_1_lesions_spinal_cord"): "needs mri_1_imaged_cord = true",
        (5, "mri_1_enhancing"): "needs mri_1_gadolinium = true",
        (6, "mri_1_enhancing"): "exceeds the lesion total of study 1 (mri_1_lesions_*)",
        (
            7,
            "mri_1_imaged_brain",
        ): "study 1 must image the brain, the cord or the optic nerves (mri_1_imaged_*)",
        (8, "mri_1_lesions_periventricular"): "needs mri_1_date",
        (9, "mri_1_cord_lesion_segments"): "needs mri_1_lesions_spinal_cord >= 1",
        (10, "serum_nfl_unit"): "required when serum_nfl is given",
        (11, "emg_myopathic"): "needs an emg_<region> summary",
        (12, "mog_igg_titer"): "needs mog_igg",
    }


def test_pedigree_flexion_mri_and_microrna_columns() -> None:
    rows = [
        {"family_history_pattern": "maternal"},
        {"mri_1_date": "2020-01-01", "mri_1_imaged_brain": "true", "mri_1_flexion_forward_shift": "true"},
        {"mirna_1_name": "let-7", "mirna_1_fluid": "serum", "mirna_1_fold_change": "2"},
        {"mirna_2_fluid": "serum"},
        {"mirna_1_name": "miR-206"},
        {"mirna_1_name": "miR-206", "mirna_1_fluid": "plasma", "mirna_1_fold_change": "0"},
        {
            "family_history_pattern": "x_linked",
            "mri_1_date": "2020-01-01",
            "mri_1_imaged_cord": "true",
            "mri_1_flexion_forward_shift": "true",
            "mirna_1_name": " hsa-miR-133b ",
            "mirna_1_fluid": "csf",
            "mirna_1_fold_change": "2.5",
        },
    ]
    checked = _check(rows)
    assert _reasons(rows) == {
        (1, "family_history_pattern"): "expected one of x_linked, autosomal_dominant, autosomal_recessive, "
        "sporadic",
        (2, "mri_1_flexion_forward_shift"): "needs mri_1_imaged_cord = true",
        (3, "mirna_1_name"): "expected a microRNA name such as miR-181a-5p",
        (4, "mirna_2_fluid"): "needs mirna_2_name",
        (5, "mirna_1_fluid"): "required when mirna_1_name is given",
        (5, "mirna_1_fold_change"): "required when mirna_1_name is given",
        (6, "mirna_1_fold_change"): "must lie in (0, 1,000]",
    }
    assert checked.rows[ROW_COLUMN].to_list() == [7]


def test_every_bad_value_of_a_row_is_listed_and_good_rows_are_all_kept() -> None:
    rows = [{"case_id": f"p{i}", "age": "50", "umn_bulbar": "false"} for i in range(10)]
    rows[3] |= {"age": "-4", "umn_bulbar": "Y", "sex": "x"}
    checked = _check(rows)
    assert checked.refused == 1
    assert sorted(checked.errors["column"]) == ["age", "sex", "umn_bulbar"]
    assert set(checked.errors["case_id"]) == {"p3"}
    assert checked.rows["case_id"].to_list() == [f"p{i}" for i in range(10) if i != 3]
    assert checked.rows[ROW_COLUMN].to_list() == [i + 1 for i in range(10) if i != 3]


def test_absent_columns_are_unknown_and_typed() -> None:
    checked = _check([{"case_id": "only-an-id"}])
    assert checked.refused == 0
    assert dict(checked.rows.drop(ROW_COLUMN).schema) == layout_schema()
    row = checked.rows.row(0, named=True)
    assert all(row[spec.name] is None for spec in RAW_LAYOUT if spec.name != "case_id")


def test_typed_parquet_columns_are_accepted_as_they_are() -> None:
    frame = pl.DataFrame(
        {
            "case_id": ["a"],
            "age": [61],
            "umn_bulbar": [True],
            "assessment_date": [dt.date(2024, 1, 1)],
            "mri_1_date": [dt.datetime(2023, 5, 1, 12, 0)],
            "mri_1_imaged_brain": [True],
            "mri_1_lesions_periventricular": [3.0],
            "emg_bulbar": ["normal"],
        }
    )
    checked = validate(frame.with_row_index(ROW_COLUMN, offset=1), "t.parquet")
    assert checked.refused == 0, checked.errors
    row = checked.rows.row(0, named=True)
    assert (row["age"], row["umn_bulbar"], row["mri_1_date"], row["mri_1_lesions_periventricular"]) == (
        61.0,
        True,
        dt.date(2023, 5, 1),
        3,
    )


def test_a_boolean_column_of_numbers_is_refused() -> None:
    frame = pl.DataFrame({"umn_bulbar": [1, 0, None]}).with_row_index(ROW_COLUMN, offset=1)
    checked = validate(frame, "t.parquet")
    assert checked.refused == 2
    assert set(checked.errors["reason"]) == {"expected true or false"}


def test_unknown_columns_are_named() -> None:
    assert unknown_columns(["case_id", "umn_cervial", ROW_COLUMN]) == ["umn_cervial"]


def test_thin_corpus_callosum_weakness_symmetry_and_endemic_origin_columns() -> None:
    rows = [
        {"mri_1_date": "2020-01-01", "mri_1_imaged_cord": "true", "mri_1_thin_corpus_callosum": "true"},
        {"weakness_symmetry": "patchy"},
        {"htlv1_endemic_origin": "Jamaica"},
        {
            "mri_1_date": "2020-01-01",
            "mri_1_imaged_brain": "true",
            "mri_1_thin_corpus_callosum": "true",
            "weakness_symmetry": "symmetric",
            "htlv1_endemic_origin": "true",
        },
    ]
    reasons = _reasons(rows)
    assert reasons[(1, "mri_1_thin_corpus_callosum")] == "needs mri_1_imaged_brain = true"
    assert reasons[(2, "weakness_symmetry")] == "expected one of asymmetric, symmetric"
    assert (3, "htlv1_endemic_origin") in reasons
    assert not any(row == 4 for row, _ in reasons)
    case = row_to_case(_check(rows).rows.filter(pl.col(ROW_COLUMN) == 4).drop(ROW_COLUMN).to_dicts()[0])
    assert case.mri[0].thin_corpus_callosum is True
    assert case.exam.weakness_symmetry == "symmetric"
    assert case.history.htlv1_endemic_origin is True
