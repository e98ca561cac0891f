"""Guideline indications: the test a guideline names for a clinical pattern is offered and
ranked on it, whatever the posterior of the rare diagnosis it finds."""

from __future__ import annotations

import numpy as np
from tests.differential.test_next_test import LMN_ONLY_ARM

from sclerodx.case import Case
from sclerodx.differential import differential
from sclerodx.differential.batch import cases_to_arrays, packaged_table
from sclerodx.differential.diagnoses import DIAGNOSES, Diagnosis
from sclerodx.differential.indications import INDICATIONS, indicated_tests
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
    age = float(data["age"]) if data.get("age") is not None else float("nan")
    return test in indicated_tests(row, packaged_table(), sex, open_posterior, age=age)


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
    assert "sbma_genetics" not in indicated_tests(row, packaged_table(), MALE, settled)


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


# --- Vignettes: the expected first test is the one the guideline names for the pattern ---------

#: A man of 58 with 18 months of asymmetric hand weakness and wasting, no UMN signs, no sensory
#: loss: the MMN guideline's core pattern, nerve conduction first (EFNS/PNS 2010).
PURE_LMN_HAND = {
    "age": 58, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2023-09-01",
    "course": {"progressive_motor_impairment": True},
    "exam": {"motor": {"cervical": {"weakness": True, "atrophy": True, "hyperreflexia": False,
                                    "weakness_origin": "lmn"}},
             "sensory_loss": False},
}


def _first(data: dict) -> str:
    return differential(Case.model_validate(data)).next_tests[0].test


def test_mmn_exclusion_criteria_take_the_nerve_conduction_indication_away():
    """EFNS/PNS 2010 exclusion criteria 9 (marked bulbar involvement) and 10 (sensory impairment)."""
    assert _indicated(PURE_LMN_HAND, "nerve_conduction", MALE)
    sensory = {**PURE_LMN_HAND, "exam": {**PURE_LMN_HAND["exam"], "sensory_loss": True}}
    assert not _indicated(sensory, "nerve_conduction", MALE)
    bulbar = {**PURE_LMN_HAND, "exam": {**PURE_LMN_HAND["exam"], "motor": {
        **PURE_LMN_HAND["exam"]["motor"], "bulbar": {"weakness": True, "fasciculations": True}}}}
    assert not _indicated(bulbar, "nerve_conduction", MALE)


def test_pure_lmn_hand_syndrome_nerve_conduction_first_then_needle_emg():
    """EFNS/PNS 2010: conduction block is sought first; once the nerve conduction is done (no
    block), needle EMG confirms the LMN syndrome and looks for it elsewhere (Brooks 2000)."""
    assert _first(PURE_LMN_HAND) == "nerve_conduction"
    no_block = {**PURE_LMN_HAND, "nerve_conduction": [
        {"nerve": "ulnar", "kind": "motor", "conduction_block": "none"},
        {"nerve": "median", "kind": "motor", "conduction_block": "none"},
        {"kind": "sensory", "response": "normal"}]}
    assert _first(no_block).startswith("emg_")


def test_bulbar_and_limb_lmn_signs_with_sensory_loss_ask_for_needle_emg_not_csf():
    """A woman with an MS label whose bulbar weakness and leg wasting progress: LMN signs are an
    MS red flag (Thompson 2018), MMN is excluded by bulbar and sensory involvement (EFNS/PNS
    2010), and CSF waits for neurophysiology in suspected MND (Andersen 2012): needle EMG."""
    data = {"age": 46, "sex": "female", "assessment_date": "2025-03-01",
            "course": {"progressive_motor_impairment": True},
            "exam": {"motor": {"bulbar": {"weakness": True},
                               "lumbosacral": {"weakness": True, "atrophy": True}},
                     "sensory_loss": True},
            "mri": [{"date": "2025-01-10", "regions_imaged": ["brain"],
                     "lesions": [{"location": "periventricular"}, {"location": "juxtacortical"}]}]}
    tests = [t.test for t in differential(Case.model_validate(data)).next_tests]
    assert tests[0] == "emg_lumbosacral"
    assert "lumbar_puncture" not in tests[:tests.index("emg_lumbosacral") + 1]


def test_bulbar_umn_and_lmn_signs_take_the_cord_first_rule_away_but_not_the_cord_imaging():
    """A cervical cord lesion cannot give bulbar signs, so the cord-imaging-first rule (limb UMN
    signs, nothing above the foramen magnum) does not apply; the criteria still ask for imaging
    of every level that could explain the signs (Brooks 2000, B:2): the cord for the leg UMN
    signs and the brain for the bulbar ones, alongside needle EMG (Andersen 2012: neurophysiology
    and MRI first)."""
    data = {"age": 63, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2023-01-01",
            "course": {"progressive_motor_impairment": True},
            "exam": {"motor": {"bulbar": {"jaw_jerk": True, "fasciculations": True, "weakness": True},
                               "lumbosacral": {"hyperreflexia": True, "weakness": True}}}}
    assert not _indicated(data, "spinal_mri", MALE)
    tests = [t.test for t in differential(Case.model_validate(data)).next_tests]
    assert {"spinal_mri", "brain_mri"} <= set(tests)
    assert any(t.startswith("emg_") for t in tests[:2])


def test_limb_only_umn_signs_indicate_the_cord_mri():
    """A spastic paraparesis or a limb-only mixed syndrome is imaged at the cord first (Brooks 2000;
    Miller 2008); an optic neuritis (above the foramen magnum) takes the rule away."""
    para = {"age": 55, "sex": "female", "assessment_date": "2025-03-01",
            "course": {"progressive_motor_impairment": True},
            "exam": {"motor": {"lumbosacral": {"hyperreflexia": True, "babinski": True, "weakness": True}}}}
    assert _indicated(para, "spinal_mri", FEMALE)
    assert _first(para) == "spinal_mri"
    with_optic = {**para, "episodes": [{"onset": "2024-05-01", "system": "optic_nerve", "side": "left"}]}
    assert not _indicated(with_optic, "spinal_mri", FEMALE)


def test_fatigable_bulbar_weakness_asks_for_achr_and_musk_antibodies_first():
    """Fatigable weakness is the hallmark of myasthenia gravis, whose first test is the
    antibody assay (Gilhus 2019), the treatable mimic of bulbar-onset MND (Andersen 2012)."""
    data = {"age": 70, "sex": "male", "assessment_date": "2025-03-01",
            "course": {"progressive_motor_impairment": True},
            "exam": {"motor": {"bulbar": {"weakness": True, "fasciculations": False},
                               "cervical": {"weakness": True, "fasciculations": False}},
                     "fatigable_weakness": True}}
    first = differential(Case.model_validate(data)).next_tests[0]
    assert first.test == "nmj_antibodies"
    assert "myasthenia" in first.reason


def test_myelopathy_after_gastric_surgery_asks_for_copper_and_b12_once_the_mri_is_done():
    """Copper deficiency myelopathy follows gastric surgery (Kumar 2006; Jaiser & Winston 2010):
    with the cord MRI already showing a dorsal-column lesion, B12 and copper come first, and
    the MRI is not offered again."""
    data = {"age": 67, "sex": "male", "assessment_date": "2025-03-01",
            "exam": {"motor": {"cervical": {"weakness": True, "spasticity": True},
                               "lumbosacral": {"weakness": True, "spasticity": True}},
                     "sensory_loss": True},
            "history": {"prior_gastrointestinal_surgery": True},
            "mri": [{"date": "2025-02-01", "regions_imaged": ["cervical_cord"],
                     "lesions": [{"location": "spinal_cord"}]}]}
    tests = [t.test for t in differential(Case.model_validate(data)).next_tests]
    assert tests[0] == "b12_copper"
    assert "spinal_mri" not in tests


def test_a_longitudinally_extensive_myelitis_indicates_aqp4_and_mog_antibodies():
    """A lesion of three or more segments is the cord lesion of NMOSD (Wingerchuk 2015) and a
    MOGAD supporting feature (Banwell 2023): the antibodies are named for it."""
    data = {"age": 35, "sex": "female", "assessment_date": "2025-03-01",
            "episodes": [{"onset": "2025-02-10", "system": "spinal_cord"}],
            "mri": [{"date": "2025-02-12", "regions_imaged": ["cervical_cord", "thoracic_cord"],
                     "lesions": [{"location": "spinal_cord", "length_segments": 5}]}]}
    assert _indicated(data, "aqp4_mog_antibodies", FEMALE)
    short = {**data, "mri": [{"date": "2025-02-12", "regions_imaged": ["cervical_cord"],
                              "lesions": [{"location": "spinal_cord", "length_segments": 1}]}]}
    assert not _indicated(short, "aqp4_mog_antibodies", FEMALE)


def test_a_first_cns_attack_indicates_brain_mri():
    """DIS and DIT rest on brain MRI (Thompson 2018), recommended at diagnosis in every suspected
    MS (Wattjes 2021)."""
    assert _indicated(OPTIC_NEURITIS, "brain_mri", FEMALE)
    assert not _indicated(KENNEDY, "brain_mri", MALE)


#: Hirayama K, Intern Med 2000;39:283-290: initially progressive weakness and wasting of the
#: distal arm, unilateral, in a young man, no sensory loss, legs spared.
HIRAYAMA = {
    "age": 19, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2024-03-01",
    "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
    "exam": {"motor": {"cervical": {"weakness": True, "atrophy": True, "hyperreflexia": False},
                       "lumbosacral": {"weakness": False, "atrophy": False, "babinski": False}},
             "sensory_loss": False},
}


def test_distal_arm_amyotrophy_in_a_young_man_indicates_the_flexion_mri_first():
    """Hirayama disease: the flexion cervical MRI is the diagnostic test (Iacono 2022), and the
    disease is treatable with a collar (Hirayama 2000); conduction block (MMN) is looked for too."""
    assert _indicated(HIRAYAMA, "spinal_mri", MALE)
    assert _indicated(HIRAYAMA, "nerve_conduction", MALE)       # the MMN guideline still applies
    result = differential(Case.model_validate(HIRAYAMA))
    tests = [t.test for t in result.next_tests]
    assert tests[0] == "spinal_mri"
    assert "nerve_conduction" in tests[:3]
    assert "Hirayama disease" in result.next_tests[0].reason
    assert "neck flexion" in result.next_tests[0].label


def test_the_hirayama_pattern_needs_a_young_patient_an_arm_only_picture_and_no_sensory_loss():
    assert not _indicated({**HIRAYAMA, "age": 55}, "spinal_mri", MALE)
    assert not _indicated({k: v for k, v in HIRAYAMA.items() if k != "age"}, "spinal_mri", MALE)
    numb = {**HIRAYAMA, "exam": {**HIRAYAMA["exam"], "sensory_loss": True}}
    assert not _indicated(numb, "spinal_mri", MALE)
    legs = {"motor": {**HIRAYAMA["exam"]["motor"], "lumbosacral": {"weakness": True, "atrophy": True}}}
    assert not _indicated({**HIRAYAMA, "exam": {**HIRAYAMA["exam"], **legs}}, "spinal_mri", MALE)
    # women have it too, less often (Wang 2024 in the evidence table): the pattern, not the sex
    assert _indicated({**HIRAYAMA, "sex": "female"}, "spinal_mri", FEMALE)


#: Pure HSP (Hensiek 2015): slowly progressive, symmetric spastic paraparesis over years, a parent
#: affected; the cord MRI already done and clean.
FAMILIAL_SPASTIC_PARAPARESIS = {
    "age": 38, "sex": "female", "assessment_date": "2025-03-01", "symptom_onset": "2017-01-01",
    "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
    "history": {"family_history_spastic_paraplegia": True},
    "exam": {"motor": {"lumbosacral": {"weakness": True, "spasticity": True, "hyperreflexia": True,
                                       "babinski": True}},
             "bladder_dysfunction": True},
    "mri": [{"date": "2025-01-10", "regions_imaged": ["cervical_cord", "thoracic_cord"], "lesions": [],
             "cord_compression": False}],
}


def test_familial_spastic_paraparesis_with_a_clean_cord_mri_indicates_the_hsp_panel_first():
    assert _indicated(FAMILIAL_SPASTIC_PARAPARESIS, "hsp_panel", FEMALE)
    result = differential(Case.model_validate(FAMILIAL_SPASTIC_PARAPARESIS))
    first = result.next_tests[0]
    assert first.test == "hsp_panel"
    assert "Indicated by the guideline" in first.reason


def test_the_hsp_panel_waits_for_the_mri_and_needs_the_slow_familial_or_thin_callosum_picture():
    """MRI comes first, to exclude the structural mimics (da Graça 2019; Shribman 2019)."""
    no_mri = {k: v for k, v in FAMILIAL_SPASTIC_PARAPARESIS.items() if k != "mri"}
    assert not _indicated(no_mri, "hsp_panel", FEMALE)
    assert next(t.test for t in differential(Case.model_validate(no_mri)).next_tests) == "spinal_mri"
    compressed = {**FAMILIAL_SPASTIC_PARAPARESIS, "mri": [
        {**FAMILIAL_SPASTIC_PARAPARESIS["mri"][0], "cord_compression": True}]}
    assert not _indicated(compressed, "hsp_panel", FEMALE)
    sporadic = {**FAMILIAL_SPASTIC_PARAPARESIS, "history": {"family_history_spastic_paraplegia": False}}
    assert not _indicated(sporadic, "hsp_panel", FEMALE)
    recent = {**FAMILIAL_SPASTIC_PARAPARESIS, "symptom_onset": "2024-11-01"}
    assert not _indicated(recent, "hsp_panel", FEMALE)
    # a thin corpus callosum on brain MRI (SPG11, SPG15) calls for the panel without a family history
    thin_cc = {**sporadic, "mri": [{"date": "2025-01-10", "regions_imaged": ["brain"],
                                    "thin_corpus_callosum": True}]}
    assert _indicated(thin_cc, "hsp_panel", FEMALE)


#: Typical CIDP (EAN/PNS 2021, Van den Bergh 2021): progressive symmetric proximal and distal
#: weakness of arms and legs over months, sensory loss, reduced reflexes in all limbs.
TYPICAL_CIDP = {
    "age": 61, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2024-09-01",
    "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
    "exam": {"motor": {"cervical": {"weakness": True, "reflexes_reduced": True, "hyperreflexia": False},
                       "lumbosacral": {"weakness": True, "reflexes_reduced": True, "babinski": False}},
             "sensory_loss": True, "weakness_symmetry": "symmetric"},
}


def test_the_cidp_pattern_keeps_nerve_conduction_first_where_the_mmn_exclusions_take_it_away():
    """Sensory loss and symmetric weakness exclude MMN (EFNS/PNS 2010) but are typical CIDP, whose
    diagnosis rests on the electrodiagnostic criteria (Van den Bergh 2021)."""
    assert _indicated(TYPICAL_CIDP, "nerve_conduction", MALE)
    result = differential(Case.model_validate(TYPICAL_CIDP))
    first = result.next_tests[0]
    assert first.test == "nerve_conduction"
    assert "CIDP" in first.reason


def test_umn_signs_or_sphincter_disturbance_take_the_cidp_pattern_away():
    exam = TYPICAL_CIDP["exam"]
    bladder = {**TYPICAL_CIDP, "exam": {**exam, "bladder_dysfunction": True}}
    assert not _indicated(bladder, "nerve_conduction", MALE)
    umn = {**TYPICAL_CIDP, "exam": {**exam, "motor": {**exam["motor"], "lumbosacral": {
        "weakness": True, "reflexes_reduced": True, "babinski": True}}}}
    assert not _indicated(umn, "nerve_conduction", MALE)
    brisk = {**TYPICAL_CIDP, "exam": {**exam, "motor": {
        "cervical": {"weakness": True, "reflexes_reduced": False},
        "lumbosacral": {"weakness": True, "reflexes_reduced": False}}}}
    assert not _indicated(brisk, "nerve_conduction", MALE)
