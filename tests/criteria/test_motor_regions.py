"""Region-level UMN/LMN derivation and the EMG region rule (Brooks 2000; de Carvalho 2008)."""

from __future__ import annotations

from typing import Any

from sclerodx.anatomy import Region
from sclerodx.case import Case
from sclerodx.criteria.motor_regions import motor_region_evidence


def _emg(*muscles: str, **findings: Any) -> dict[str, Any]:
    return {"emg": [{"muscle": m, **findings} for m in muscles]}


ABNORMAL = {"chronic_neurogenic": True, "fibrillations_psw": True}


def test_two_limb_muscles_of_different_roots_and_nerves_make_a_region() -> None:
    ev = motor_region_evidence(Case.model_validate(_emg("first dorsal interosseous", "biceps brachii",
                                                        **ABNORMAL)))
    assert ev.lmn_emg_reec[Region.CERVICAL].value is True


def test_same_roots_do_not_count_twice() -> None:
    # FDI (ulnar) and APB (median) share C8-T1: different nerves, same roots.
    ev = motor_region_evidence(Case.model_validate(_emg("first dorsal interosseous",
                                                        "abductor pollicis brevis", **ABNORMAL)))
    assert ev.lmn_emg_reec[Region.CERVICAL].value is False


def test_same_nerve_does_not_count_twice() -> None:
    # tibialis anterior (L4-5) and extensor hallucis longus (L5-S1): both deep peroneal.
    ev = motor_region_evidence(Case.model_validate(_emg("tibialis anterior", "extensor hallucis longus",
                                                        **ABNORMAL)))
    assert ev.lmn_emg_reec[Region.LUMBOSACRAL].value is False


def test_one_muscle_suffices_in_bulbar_and_thoracic_regions() -> None:
    ev = motor_region_evidence(Case.model_validate(_emg("tongue", "thoracic paraspinal", **ABNORMAL)))
    assert ev.lmn_emg_reec[Region.BULBAR].value is True
    assert ev.lmn_emg_reec[Region.THORACIC].value is True


def test_fasciculation_potentials_count_for_awaji_not_reec() -> None:
    ev = motor_region_evidence(Case.model_validate(_emg(
        "tongue", chronic_neurogenic=True, fasciculation_potentials=True, fibrillations_psw=False)))
    assert ev.lmn_emg_reec[Region.BULBAR].value is False
    assert ev.lmn_emg_awaji[Region.BULBAR].value is True


def test_denervation_without_chronic_change_is_not_lmn_evidence() -> None:
    ev = motor_region_evidence(Case.model_validate(_emg("tongue", chronic_neurogenic=False,
                                                        fibrillations_psw=True)))
    assert ev.lmn_emg_awaji[Region.BULBAR].value is False


def test_unexamined_regions_are_unknown_not_absent() -> None:
    ev = motor_region_evidence(Case.model_validate({"exam": {"motor": {"cervical": {"hoffmann": False}}}}))
    assert ev.umn[Region.CERVICAL].value is False
    assert ev.umn[Region.BULBAR].value is None
    assert ev.lmn_emg_reec[Region.CERVICAL].value is None


def test_clinical_lmn_definitions_differ_between_criteria_sets() -> None:
    exam = {"exam": {"motor": {"cervical": {"weakness": True, "fasciculations": True, "atrophy": False}}}}
    ev = motor_region_evidence(Case.model_validate(exam))
    assert ev.lmn_clinical_reec[Region.CERVICAL].value is True      # weakness with fasciculations
    assert ev.lmn_clinical_gold_coast[Region.CERVICAL].value is False  # Gold Coast needs wasting too
