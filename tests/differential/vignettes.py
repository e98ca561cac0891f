"""Clear-cut clinical vignettes written from clinical knowledge, with the expected leader.

Each vignette states the textbook picture of one diagnosis (Turner & Talbot, Pract Neurol
2013; Wingerchuk 2015; Rose 2013 ENMC IBM criteria; Turner 2020 PLS criteria); the
expected leading diagnosis is the clinical answer, not a value read off the engine.
"""

from __future__ import annotations

from typing import Any

from sclerodx.case import Case
from sclerodx.differential import Diagnosis

UMN_LIMBS = {
    "cervical": {"hyperreflexia": True, "hoffmann": True, "spasticity": True},
    "lumbosacral": {"hyperreflexia": True, "babinski": True, "spasticity": True},
}
NO_LMN = {"weakness": True, "atrophy": False, "fasciculations": False}
NORMAL_EMG = {"fibrillations_psw": False, "fasciculation_potentials": False, "chronic_neurogenic": False}
DENERVATED = {"fibrillations_psw": True, "fasciculation_potentials": True, "chronic_neurogenic": True}


def _emg(muscle: str, findings: dict[str, bool]) -> dict[str, Any]:
    return {"muscle": muscle, "side": "right", **findings}


VIGNETTES: dict[str, tuple[Diagnosis, dict[str, Any]]] = {
    "typical_als": (Diagnosis.ALS, {
        "age": 63, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2024-04-01",
        "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
        "exam": {"motor": {
            "bulbar": {"jaw_jerk": True, "weakness": True, "atrophy": True, "fasciculations": True},
            "cervical": {**UMN_LIMBS["cervical"], "weakness": True, "atrophy": True, "fasciculations": True},
            "lumbosacral": {**UMN_LIMBS["lumbosacral"], "weakness": True, "atrophy": True,
                            "fasciculations": True},
        }, "sensory_loss": False, "bladder_dysfunction": False},
        "emg": [_emg("first dorsal interosseous", DENERVATED), _emg("biceps brachii", DENERVATED),
                _emg("tibialis anterior", DENERVATED), _emg("vastus lateralis", DENERVATED)],
        "serum": {"nfl": {"value": 140, "unit": "pg/mL", "assay": "simoa"}},
    }),
    "typical_rrms": (Diagnosis.RELAPSING_MS, {
        "age": 29, "sex": "female", "assessment_date": "2025-03-01", "symptom_onset": "2024-01-10",
        "episodes": [
            {"onset": "2024-01-10", "resolution": "2024-02-20", "system": "optic_nerve", "side": "left",
             "evidence": "objective"},
            {"onset": "2024-10-05", "resolution": "2024-11-30", "system": "spinal_cord",
             "evidence": "objective"},
        ],
        "exam": {"sensory_loss": True, "optic_neuritis": True},
        "mri": [{"date": "2024-10-10", "regions_imaged": ["brain", "cervical_cord"], "gadolinium": True,
                 "lesions": [{"location": "periventricular", "enhancing": False},
                             {"location": "juxtacortical", "enhancing": False},
                             {"location": "infratentorial", "enhancing": True},
                             {"location": "spinal_cord", "enhancing": False, "length_segments": 1}]}],
        "csf": {"ocb": "csf_specific", "white_cells_per_ul": 6},
    }),
    "ppms": (Diagnosis.PROGRESSIVE_MS, {
        "age": 52, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2021-06-01",
        "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
        "exam": {"motor": {"cervical": {"hyperreflexia": True, "hoffmann": True},
                           "lumbosacral": {**UMN_LIMBS["lumbosacral"], **NO_LMN}},
                 "sensory_loss": True, "bladder_dysfunction": True},
        "emg": [_emg("tibialis anterior", NORMAL_EMG), _emg("vastus lateralis", NORMAL_EMG)],
        "mri": [{"date": "2025-01-10", "regions_imaged": ["brain", "cervical_cord", "thoracic_cord"],
                 "lesions": [{"location": "periventricular"}, {"location": "infratentorial"},
                             {"location": "spinal_cord", "length_segments": 1},
                             {"location": "spinal_cord", "length_segments": 1}]}],
        "csf": {"ocb": "csf_specific"},
    }),
    "kennedy_cag45": (Diagnosis.SBMA, {
        "age": 50, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2016-01-01",
        "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
        "exam": {"motor": {"bulbar": {"weakness": True, "atrophy": True, "fasciculations": True},
                           "lumbosacral": {"weakness": True, "atrophy": True, "hyperreflexia": False}}},
        "genetics": {"ar_cag_repeats": 45},
    }),
    "mmn_definite_block": (Diagnosis.MMN, {
        "age": 40, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2022-05-01",
        "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
        "exam": {"motor": {"cervical": {"hyperreflexia": False, "hoffmann": False, "weakness": True,
                                        "atrophy": False, "fasciculations": True},
                           "bulbar": {"jaw_jerk": False, "weakness": False}},
                 "sensory_loss": False},
        "nerve_conduction": [{"nerve": "ulnar", "kind": "motor", "conduction_block": "definite"},
                             {"nerve": "ulnar", "kind": "sensory", "response": "normal"}],
    }),
    "nmosd_aqp4": (Diagnosis.NMOSD_MOGAD, {
        "age": 41, "sex": "female", "assessment_date": "2025-03-01", "symptom_onset": "2025-01-20",
        "episodes": [{"onset": "2025-01-20", "system": "spinal_cord", "evidence": "objective"}],
        "exam": {"sensory_loss": True, "sensory_level": True, "bladder_dysfunction": True},
        "serum": {"aqp4_igg": {"result": "positive", "assay": "cell_based"}},
    }),
    "ibm_pattern": (Diagnosis.IBM, {
        "age": 68, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2020-01-01",
        "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
        "exam": {"motor": {"cervical": {"hyperreflexia": False, "weakness": True, "atrophy": True,
                                        "fasciculations": False},
                           "lumbosacral": {"hyperreflexia": False, "weakness": True, "atrophy": True,
                                           "fasciculations": False}},
                 "finger_flexor_weakness": True, "knee_extensor_weakness": True, "sensory_loss": False},
        "emg": [{"muscle": "flexor digitorum profundus (ulnar)", "myopathic_units": True,
                 "fibrillations_psw": True}],
        "serum": {"ck_u_per_l": 650},
    }),
    "csm_neck_pain_sensory_level": (Diagnosis.CSM, {
        "age": 64, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2023-09-01",
        "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
        "history": {"neck_pain": True},
        "exam": {"motor": {"cervical": {"hyperreflexia": True, "hoffmann": True},
                           "lumbosacral": {**UMN_LIMBS["lumbosacral"], **NO_LMN},
                           "bulbar": {"jaw_jerk": False, "weakness": False}},
                 "sensory_loss": True, "sensory_level": True, "bladder_dysfunction": True},
    }),
    "hsp_family_history": (Diagnosis.HSP, {
        "age": 35, "sex": "female", "assessment_date": "2025-03-01", "symptom_onset": "2016-01-01",
        "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
        "history": {"family_history_spastic_paraplegia": True},
        "exam": {"motor": {"lumbosacral": {**UMN_LIMBS["lumbosacral"], **NO_LMN},
                           "bulbar": {"jaw_jerk": False, "weakness": False}},
                 "bladder_dysfunction": True},
    }),
    "pls_umn_only_5_years": (Diagnosis.PLS, {
        "age": 56, "sex": "male", "assessment_date": "2025-03-01", "symptom_onset": "2019-06-01",
        "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
        "exam": {"motor": {"bulbar": {"jaw_jerk": True, "spasticity": True, "atrophy": False,
                                      "fasciculations": False},
                           "cervical": {**UMN_LIMBS["cervical"], **NO_LMN},
                           "lumbosacral": {**UMN_LIMBS["lumbosacral"], **NO_LMN}},
                 "sensory_loss": False, "bladder_dysfunction": False},
        "emg": [_emg("tongue", NORMAL_EMG), _emg("first dorsal interosseous", NORMAL_EMG),
                _emg("biceps brachii", NORMAL_EMG), _emg("tibialis anterior", NORMAL_EMG),
                _emg("vastus lateralis", NORMAL_EMG)],
    }),
}


def vignette(name: str) -> Case:
    """A vignette as a validated case."""
    return Case.model_validate(VIGNETTES[name][1])
