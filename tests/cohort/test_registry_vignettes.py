"""Clinical vignettes as registry rows; the expected verdicts come from the criteria texts."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from sclerodx.cohort.derive import derive_features
from sclerodx.cohort.runner import Options, verdicts
from sclerodx.cohort.validate import ROW_COLUMN, validate

ALS_BASE: dict[str, Any] = {
    "case_id": "als",
    "age": 62,
    "sex": "male",
    "assessment_date": "2024-06-01",
    "symptom_onset": "2023-03-01",
    "progressive_motor_impairment": True,
    "other_causes_excluded": True,
    "sensory_loss": False,
}


def _verdict(row: dict[str, Any]) -> dict[str, Any]:
    checked = validate(pl.DataFrame([row]).with_row_index(ROW_COLUMN, offset=1), "vignette")
    assert checked.refused == 0, checked.errors
    features = derive_features(checked.rows.lazy()).collect()
    return verdicts(features, checked.rows["case_id"]).row(0, named=True)


def test_definite_als_umn_and_lmn_in_three_regions() -> None:
    """Brooks 2000: UMN and LMN signs in the bulbar and two spinal regions = clinically definite."""
    row = dict(ALS_BASE)
    for r in ("bulbar", "cervical", "lumbosacral"):
        row |= {f"umn_{r}": True, f"atrophy_{r}": True, f"weakness_{r}": True}
    out = _verdict(row)
    assert (out["el_escorial"], out["el_escorial_status"]) == ("definite", "met")
    assert out["awaji"] == "definite"
    assert (out["gold_coast"], out["gold_coast_status"]) == ("als", "met")
    assert out["dx_1"] == "als"


def test_lmn_only_with_emg_is_not_laboratory_supported_als() -> None:
    """A PMA-like syndrome: LMN on EMG in two regions but no UMN sign. Laboratory-supported
    probable ALS needs UMN signs in at least one region (Brooks 2000), so no El Escorial category;
    Gold Coast accepts LMN dysfunction in two regions (Shefner 2020)."""
    row = dict(ALS_BASE) | {
        "umn_bulbar": False,
        "umn_cervical": False,
        "umn_lumbosacral": False,
        "umn_thoracic": False,
        "emg_cervical": "lmn_fibrillations",
        "emg_lumbosacral": "lmn_fibrillations",
    }
    out = _verdict(row)
    assert out["el_escorial"] == "none"
    assert out["gold_coast"] == "als"


def test_yes_for_umn_is_refused_not_read_as_a_sign() -> None:
    """The reported bug: "yes" in umn_cervical turned this row into probable lab-supported ALS."""
    row = dict(ALS_BASE) | {
        "umn_cervical": "yes",
        "emg_cervical": "lmn_fibrillations",
        "emg_lumbosacral": "lmn_fibrillations",
    }
    frame = pl.DataFrame([{k: None if v is None else str(v).lower() for k, v in row.items()}])
    checked = validate(frame.with_row_index(ROW_COLUMN, offset=1), "registry.csv")
    assert checked.refused == 1
    assert checked.errors["column"].to_list() == ["umn_cervical"]


def test_sbma_closes_the_als_exclusion_gate() -> None:
    """AR CAG >= 38 in a man is SBMA (Grunseich & Fischbeck 2015): no ALS criteria are met."""
    row = dict(ALS_BASE) | {"ar_cag_repeats": 46, "gynaecomastia": True}
    for r in ("bulbar", "cervical", "lumbosacral"):
        row |= {f"umn_{r}": True, f"atrophy_{r}": True}
    out = _verdict(row)
    assert out["el_escorial_status"] == out["gold_coast_status"] == "not_met"


def test_relapsing_ms_two_attacks_two_objective_lesions() -> None:
    """McDonald 2017, Table 1 row 1: >= 2 attacks and objective evidence of >= 2 lesions = MS."""
    row = {
        "case_id": "rrms",
        "age": 29,
        "sex": "female",
        "assessment_date": "2024-06-01",
        "symptom_onset": "2021-02-01",
        "other_causes_excluded": True,
        "attack_1_date": "2021-02-01",
        "attack_1_system": "optic_nerve",
        "attack_1_side": "left",
        "attack_1_evidence": "objective",
        "attack_2_date": "2023-09-10",
        "attack_2_system": "spinal_cord",
        "attack_2_evidence": "objective",
        "mri_1_date": "2023-09-20",
        "mri_1_imaged_brain": True,
        "mri_1_imaged_cord": True,
        "mri_1_lesions_periventricular": 4,
        "mri_1_lesions_spinal_cord": 1,
        "csf_ocb": "csf_specific",
    }
    out = _verdict(row)
    assert (out["mcdonald_2017"], out["mcdonald_2017_status"]) == ("ms", "met")
    assert out["mcdonald_2024"] == "ms"
    assert out["dx_1"] == "relapsing_ms"


def test_episodes_under_30_days_apart_are_one_attack() -> None:
    """Polman 2011 / Thompson 2018: onsets < 30 days apart are one attack, so a single attack with
    one objective lesion and no MRI dissemination is not MS."""
    row = {
        "case_id": "cis",
        "age": 30,
        "sex": "female",
        "assessment_date": "2024-06-01",
        "other_causes_excluded": True,
        "attack_1_date": "2024-01-01",
        "attack_1_system": "optic_nerve",
        "attack_1_evidence": "objective",
        "attack_2_date": "2024-01-20",
        "attack_2_system": "optic_nerve",
        "attack_2_evidence": "objective",
        "attack_1_side": "left",
        "attack_2_side": "left",
    }
    out = _verdict(row)
    assert out["mcdonald_2017"] != "ms"


def test_primary_progressive_ms() -> None:
    """McDonald 2017 PPMS: 1 year of progression plus 2 of: brain lesions in >= 1 typical area,
    >= 2 spinal cord lesions, CSF-specific oligoclonal bands."""
    row = {
        "case_id": "ppms",
        "age": 51,
        "sex": "male",
        "assessment_date": "2024-06-01",
        "symptom_onset": "2021-01-01",
        "course_pattern": "progressive_from_onset",
        "other_causes_excluded": True,
        "mri_1_date": "2024-01-01",
        "mri_1_imaged_brain": True,
        "mri_1_imaged_cord": True,
        "mri_1_lesions_periventricular": 3,
        "mri_1_lesions_spinal_cord": 2,
        "csf_ocb": "csf_specific",
    }
    out = _verdict(row)
    assert out["mcdonald_2017"] == "ms"


@pytest.mark.parametrize(
    ("years_before", "expected"), [("2019-01-01", "definite"), ("2021-06-01", "probable")]
)
def test_pls(years_before: str, expected: str) -> None:
    """Turner 2020: UMN signs in >= 2 of bulbar/upper/lower limb regions, no LMN degeneration,
    2-4 years from onset probable, > 4 years definite."""
    row = {
        "case_id": "pls",
        "age": 55,
        "sex": "female",
        "assessment_date": "2024-06-01",
        "symptom_onset": years_before,
        "other_causes_excluded": True,
        "sensory_loss": False,
        "progressive_motor_impairment": True,
    }
    for r in ("bulbar", "cervical", "lumbosacral"):
        row |= {
            f"umn_{r}": True,
            f"atrophy_{r}": False,
            f"weakness_{r}": True,
            f"fasciculations_{r}": False,
            f"emg_{r}": "normal",
        }
    out = _verdict(row)
    assert (out["pls"], out["pls_status"]) == (expected, "met")


def _probability(row: dict[str, Any], diagnosis: str) -> float:
    checked = validate(pl.DataFrame([row]).with_row_index(ROW_COLUMN, offset=1), "vignette")
    assert checked.refused == 0, checked.errors
    features = derive_features(checked.rows.lazy()).collect()
    table = verdicts(features, checked.rows["case_id"], Options(all_probabilities=True))
    return float(table[f"p_{diagnosis}"][0])


def test_x_linked_pedigree_raises_kennedy_disease() -> None:
    """SBMA (Kennedy disease) is X-linked (La Spada 1991, Nature): in a man with bulbar and limb
    LMN signs, affected maternal uncles make it more likely than a sporadic pedigree does."""
    row = dict(ALS_BASE) | {
        "atrophy_bulbar": True,
        "fasciculations_bulbar": True,
        "atrophy_cervical": True,
        "weakness_cervical": True,
        "umn_cervical": False,
        "gynaecomastia": True,
    }
    sporadic = _probability(row | {"family_history_pattern": "sporadic"}, "sbma")
    x_linked = _probability(row | {"family_history_pattern": "x_linked"}, "sbma")
    assert x_linked > sporadic


def test_microrna_is_never_a_criterion_input() -> None:
    """microRNA is investigational (no criteria set uses it): a strongly changed value leaves every
    category, status and the default differential as they were."""
    row = dict(ALS_BASE) | {"umn_cervical": True, "atrophy_cervical": True, "weakness_cervical": True}
    measured = row | {"mirna_1_name": "miR-206", "mirna_1_fluid": "serum", "mirna_1_fold_change": 8.0}
    assert _verdict(measured) == _verdict(row)
