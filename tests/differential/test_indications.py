"""Guideline indications: the test a guideline names for a clinical pattern is offered and
ranked on it, whatever the posterior of the rare diagnosis it finds."""

from __future__ import annotations

import numpy as np
from tests.differential.test_next_test import LMN_ONLY_ARM

from sclerodx.case import Case
from sclerodx.differential import differential
from sclerodx.differential.batch import cases_to_arrays, packaged_table
from sclerodx.differential.diagnoses import DIAGNOSES, Diagnosis
from sclerodx.differential.indications import INDICATIONS, indications
from sclerodx.differential.next_test import TESTS
from sclerodx.differential.priors import FEMALE, MALE

KENNEDY = {
    "age": 52, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2019-01-01",
    "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
    "history": {"gynaecomastia": True},
    "exam": {"motor": {"lumbosacral": {"hyperreflexia": False, "babinski": False, "weakness": True,
                                       "atrophy": True, "fasciculations": True}}},
}
IBM = {
    "age": 68, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2020-01-01",
    "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
    "exam": {"finger_flexor_weakness": True, "knee_extensor_weakness": True,
             "motor": {"lumbosacral": {"hyperreflexia": False, "babinski": False, "weakness": True}}},
}


def _indicated(data: dict, test: str, sex: int) -> bool:
    row = cases_to_arrays([Case.model_validate(data)], packaged_table())[0][0]
    open_posterior = np.full(len(DIAGNOSES), 1.0 / len(DIAGNOSES))
    return bool(indications(test, row, packaged_table(), sex, open_posterior))


def test_every_indication_names_an_offered_test_and_a_source():
    ids = {t.id for t in TESTS}
    for indication in INDICATIONS:
        assert indication.test in ids
        assert indication.source
        assert indication.words


def test_pure_lmn_arm_syndrome_indicates_nerve_conduction_first():
    result = differential(Case.model_validate(LMN_ONLY_ARM))
    first = result.next_tests[0]
    assert first.test == "nerve_conduction"
    assert "Indicated by the guideline" in first.reason


def test_weakness_alone_is_not_an_lmn_syndrome():
    weak_only = {**LMN_ONLY_ARM, "exam": {"motor": {"cervical": {"weakness": True}}}}
    assert not _indicated(weak_only, "nerve_conduction", MALE)
    assert _indicated(LMN_ONLY_ARM, "nerve_conduction", MALE)


def test_umn_signs_take_away_the_mmn_indication():
    with_umn = {**LMN_ONLY_ARM, "exam": {"motor": {"cervical": {"hyperreflexia": True, "weakness": True,
                                                                "atrophy": True, "fasciculations": True}}}}
    assert not _indicated(with_umn, "nerve_conduction", MALE)


def test_kennedy_features_in_a_man_indicate_the_androgen_receptor_test():
    assert _indicated(KENNEDY, "sbma_genetics", MALE)
    assert not _indicated(KENNEDY, "sbma_genetics", FEMALE)
    assert not _indicated({**KENNEDY, "history": {"gynaecomastia": False}}, "sbma_genetics", MALE)
    tests = {t.test: t for t in differential(Case.model_validate(KENNEDY)).next_tests}
    assert "sbma_genetics" in tests
    assert "Kennedy disease feature" in tests["sbma_genetics"].reason


def test_ibm_pattern_indicates_ck_and_biopsy():
    assert _indicated(IBM, "creatine_kinase", MALE)
    assert _indicated(IBM, "muscle_biopsy", MALE)
    assert not _indicated({**IBM, "exam": {"finger_flexor_weakness": False, "knee_extensor_weakness": True}},
                          "muscle_biopsy", MALE)


def test_no_indication_once_the_differential_is_settled():
    row = cases_to_arrays([Case.model_validate(KENNEDY)], packaged_table())[0][0]
    settled = np.zeros(len(DIAGNOSES))
    settled[DIAGNOSES.index(Diagnosis.SBMA)] = 1.0
    assert not indications("sbma_genetics", row, packaged_table(), MALE, settled)


OPTIC_NEURITIS = {
    "age": 29, "sex": "female", "assessment_date": "2025-03-01",
    "episodes": [{"onset": "2025-02-10", "system": "optic_nerve", "side": "left"}],
}


def test_antibodies_come_after_mri_without_an_area_postrema_syndrome():
    tests = [t.test for t in differential(Case.model_validate(OPTIC_NEURITIS)).next_tests]
    assert "aqp4_mog_antibodies" not in tests
    assert tests[0] == "brain_mri"


def test_an_area_postrema_syndrome_indicates_the_antibodies_before_any_mri():
    data = {**OPTIC_NEURITIS, "history": {"area_postrema_syndrome": True}}
    tests = {t.test: t for t in differential(Case.model_validate(data)).next_tests}
    assert "aqp4_mog_antibodies" in tests
    assert "area postrema" in tests["aqp4_mog_antibodies"].reason


def test_arm_weakness_the_examiner_reads_as_lmn_asks_for_nerve_conduction_before_wasting_appears():
    weak = {"age": 45, "sex": "female", "assessment_date": "2025-03-01",
            "exam": {"motor": {"cervical": {"weakness": True, "weakness_origin": "lmn"}}}}
    assert _indicated(weak, "nerve_conduction", FEMALE)
    unattributed = {**weak, "exam": {"motor": {"cervical": {"weakness": True}}}}
    assert not _indicated(unattributed, "nerve_conduction", FEMALE)
    umn = {**weak, "exam": {"motor": {"cervical": {"weakness": True, "weakness_origin": "umn"}}}}
    assert not _indicated(umn, "nerve_conduction", FEMALE)
