"""Random valid cases, for benchmarks and for checking the cohort path against the per-case path.

The draws cover the whole input space the criteria read (every region, sign, muscle,
lesion location, attack pattern and gate) with no claim to clinical realism.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from sclerodx.anatomy import MUSCLES, REGIONS
from sclerodx.case import LMN_SIGNS, UMN_SIGNS_BY_REGION, Case, CNSSystem, LesionLocation

_START = dt.date(2015, 1, 1)


def _tri(rng: np.random.Generator, p_true: float = 0.35, p_false: float = 0.35) -> bool | None:
    u = rng.random()
    return True if u < p_true else (False if u < p_true + p_false else None)


def _date(rng: np.random.Generator, lo: int = 0, hi: int = 3000) -> dt.date:
    return _START + dt.timedelta(days=int(rng.integers(lo, hi)))


def random_case(rng: np.random.Generator) -> Case:
    """One random, valid case."""
    motor: dict[str, Any] = {}
    for region in REGIONS:
        if rng.random() < 0.8:
            signs = [*sorted(UMN_SIGNS_BY_REGION[region]), *LMN_SIGNS]
            motor[region.value] = {s: _tri(rng, 0.3, 0.4) for s in signs if rng.random() < 0.6}
    emg = [{"muscle": MUSCLES[int(rng.integers(len(MUSCLES)))].name,
            "fibrillations_psw": _tri(rng), "fasciculation_potentials": _tri(rng),
            "chronic_neurogenic": _tri(rng, 0.5, 0.3)} for _ in range(int(rng.integers(0, 8)))]
    episodes = []
    for _ in range(int(rng.integers(0, 4))):
        onset = _date(rng)
        episodes.append({"onset": onset.isoformat(), "system": list(CNSSystem)[int(rng.integers(5))].value,
                         "evidence": ["objective", "historical", "reported"][int(rng.integers(3))],
                         "fever_or_infection": rng.random() < 0.1})
    studies = []
    for _ in range(int(rng.integers(0, 3))):
        regions = ["brain"] + (["cervical_cord"] if rng.random() < 0.6 else []) + \
            (["optic_nerves"] if rng.random() < 0.2 else [])
        locations = [loc for loc in LesionLocation
                     if (loc is not LesionLocation.SPINAL_CORD or "cervical_cord" in regions)
                     and (loc is not LesionLocation.OPTIC_NERVE or "optic_nerves" in regions)]
        gad = bool(rng.random() < 0.5)
        lesions = [{"location": locations[int(rng.integers(len(locations)))].value,
                    "enhancing": _tri(rng, 0.3, 0.7) if gad else None, "new": _tri(rng, 0.2, 0.3),
                    "central_vein_sign": _tri(rng, 0.5, 0.2)} for _ in range(int(rng.integers(0, 9)))]
        studies.append({"date": _date(rng).isoformat(), "regions_imaged": regions, "gadolinium": gad,
                        "lesions": lesions})
    data: dict[str, Any] = {
        "age": float(rng.integers(18, 90)),
        "assessment_date": "2024-06-01",
        "symptom_onset": _date(rng).isoformat() if rng.random() < 0.8 else None,
        "course": {"pattern": [None, "relapsing_remitting", "progressive_from_onset"][int(rng.integers(3))],
                   "progressive_motor_impairment": _tri(rng, 0.5, 0.2)},
        "episodes": episodes,
        "exam": {"motor": motor, "sensory_loss": _tri(rng)},
        "emg": emg,
        "mri": studies,
        "csf": {"ocb": ["negative", "csf_specific", None][int(rng.integers(3))],
                "kflc_index": float(rng.uniform(0, 20)) if rng.random() < 0.4 else None},
        "other_causes_excluded": _tri(rng, 0.5, 0.1),
    }
    return Case.model_validate(data)
