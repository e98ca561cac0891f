"""The facts added for single mimics travel through FHIR both ways (explicit, beside the
generic coverage guard): a thin corpus callosum on an MRI study, the symmetry of limb weakness,
origin in an HTLV-1 endemic area."""

from __future__ import annotations

from tests.fhir.test_coverage import assert_round_trips

from sclerodx.case import Case


def test_thin_corpus_callosum_weakness_symmetry_and_endemic_origin_round_trip() -> None:
    case = Case.model_validate({
        "age": 30, "sex": "female",
        "history": {"htlv1_endemic_origin": True},
        "exam": {"weakness_symmetry": "asymmetric", "motor": {"cervical": {"weakness": True}}},
        "mri": [{"date": "2025-01-01", "regions_imaged": ["brain"], "thin_corpus_callosum": True}],
    })
    assert_round_trips(case)
    assert_round_trips(case.model_copy(update={"exam": case.exam.model_copy(
        update={"weakness_symmetry": "symmetric"})}))
