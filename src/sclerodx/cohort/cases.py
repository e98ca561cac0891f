"""What a raw registry row means, exactly: the :class:`~sclerodx.case.Case` it stands for.

:func:`row_to_case` is the reference semantics of :mod:`sclerodx.cohort.layout`. The
vectorised derivation (:mod:`sclerodx.cohort.derive`) must give, for every row, the same
criteria and differential inputs as the per-case engines give for this case; the cohort
tests check that row for row. It also lets one registry row be explained in full by the
per-case engines (``evaluate_criteria``, ``differential``, the report).

Readings
--------
* ``umn_<region>`` = true records the region's first-listed UMN sign (hyperreflexia;
  in the thoracic region loss of the abdominal reflexes) as present, false as examined and
  absent: the criteria count regions with any UMN sign, so which sign does not matter.
* The EMG summary of a region becomes the muscles the region rule needs (one in the
  bulbar and thoracic regions, two of different roots and nerves in the cervical and
  lumbosacral regions) with the findings the summary states.
* Lesion counts become that many lesions at the area's location; the first
  ``enhancing`` / ``new`` / ``central_vein`` / ``paramagnetic_rim`` of them carry the
  property and the others are documented without it (left unknown where the count is
  blank). ``cord_lesion_segments`` is the length of the study's first cord lesion.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sclerodx.anatomy import REGIONS, Region
from sclerodx.case import Case, LesionLocation
from sclerodx.cohort.layout import ATTACK_SLOTS, MIRNA_SLOTS, MRI_SLOTS, EMGRegionSummary

#: The UMN sign a region's ``umn_<region>`` column stands for.
UMN_SIGN: dict[Region, str] = {
    Region.BULBAR: "hyperreflexia",
    Region.CERVICAL: "hyperreflexia",
    Region.THORACIC: "abdominal_reflexes_lost",
    Region.LUMBOSACRAL: "hyperreflexia",
}
#: Muscles that carry a region's EMG summary (independent pairs where the region rule needs two).
EMG_MUSCLES: dict[Region, tuple[str, ...]] = {
    Region.BULBAR: ("tongue",),
    Region.CERVICAL: ("first dorsal interosseous", "biceps brachii"),
    Region.THORACIC: ("thoracic paraspinal",),
    Region.LUMBOSACRAL: ("tibialis anterior", "vastus medialis"),
}
#: Lesion-count column suffix -> the lesion location it stands for.
AREA_LOCATION: dict[str, LesionLocation] = {
    "periventricular": LesionLocation.PERIVENTRICULAR,
    "cortical_juxtacortical": LesionLocation.JUXTACORTICAL,
    "infratentorial": LesionLocation.INFRATENTORIAL,
    "spinal_cord": LesionLocation.SPINAL_CORD,
    "optic_nerve": LesionLocation.OPTIC_NERVE,
    "other": LesionLocation.DEEP_WHITE_MATTER,
}
_LESION_FLAG_FIELDS = {
    "enhancing": "enhancing",
    "new": "new",
    "central_vein": "central_vein_sign",
    "paramagnetic_rim": "paramagnetic_rim",
}


def _emg_entries(region: Region, summary: EMGRegionSummary) -> list[dict[str, Any]]:
    entries = []
    for i, muscle in enumerate(EMG_MUSCLES[region]):
        if summary is EMGRegionSummary.LMN_FIBRILLATIONS:
            findings = {"chronic_neurogenic": True, "fibrillations_psw": True}
        elif summary is EMGRegionSummary.LMN_FASCICULATIONS:
            findings = {
                "chronic_neurogenic": True,
                "fibrillations_psw": False,
                "fasciculation_potentials": True,
            }
        elif summary is EMGRegionSummary.DENERVATION_ONLY and i == 0:
            findings = {"chronic_neurogenic": False, "fibrillations_psw": True}
        else:
            findings = {
                "chronic_neurogenic": False,
                "fibrillations_psw": False,
                "fasciculation_potentials": False,
            }
        entries.append({"muscle": muscle, **findings})
    return entries


def _flags(count: int | None, total: int) -> list[bool | None]:
    if count is None:
        return [None] * total
    return [i < count for i in range(total)]


def _study(row: Mapping[str, Any], k: int) -> dict[str, Any]:
    p = f"mri_{k}_"
    regions = [
        name
        for name, flag in (
            ("brain", "imaged_brain"),
            ("cervical_cord", "imaged_cord"),
            ("optic_nerves", "imaged_optic_nerves"),
        )
        if row.get(p + flag)
    ]
    lesions: list[dict[str, Any]] = []
    for area, location in AREA_LOCATION.items():
        for _ in range(row.get(p + f"lesions_{area}") or 0):
            lesions.append({"location": location.value})
    for column, field in _LESION_FLAG_FIELDS.items():
        for lesion, value in zip(lesions, _flags(row.get(p + column), len(lesions)), strict=True):
            lesion[field] = value
    segments = row.get(p + "cord_lesion_segments")
    if segments is not None:
        next(les for les in lesions if les["location"] == "spinal_cord")["length_segments"] = segments
    return {
        "date": row[p + "date"],
        "regions_imaged": regions,
        "gadolinium": row.get(p + "gadolinium"),
        "lesions": lesions,
        "cord_compression": row.get(p + "cord_compression"),
        "flexion_forward_shift": row.get(p + "flexion_forward_shift"),
        "thin_corpus_callosum": row.get(p + "thin_corpus_callosum"),
    }


def _antibody(row: Mapping[str, Any], name: str, extra: tuple[str, ...] = ()) -> dict[str, Any] | None:
    if row.get(name) is None:
        return None
    out: dict[str, Any] = {"result": row[name]}
    for field in extra:
        out[field] = row.get(f"{name}_{field}")
    return out


def _level(row: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    if row.get(name) is None:
        return None
    return {"value": row[name], "unit": row[f"{name}_unit"]}


def _section(values: dict[str, Any]) -> dict[str, Any] | None:
    """A case section, or None when the row documents nothing of it (as a case file would omit it)."""
    return values if any(v is not None for v in values.values()) else None


def row_to_case(row: Mapping[str, Any]) -> Case:
    """The case a validated raw row stands for (absent columns read as unknown).

    Parameters
    ----------
    row
        Column name -> value (``None`` = unknown), with the layout's Python types
        (dates as :class:`datetime.date`); absent keys are unknown.
    """
    get = row.get
    motor: dict[str, dict[str, Any]] = {}
    emg: list[dict[str, Any]] = []
    for region in REGIONS:
        r = region.value
        exam = {
            UMN_SIGN[region]: get(f"umn_{r}"),
            "weakness": get(f"weakness_{r}"),
            "atrophy": get(f"atrophy_{r}"),
            "fasciculations": get(f"fasciculations_{r}"),
            "weakness_origin": get(f"weakness_origin_{r}"),
            "reflexes_reduced": get(f"reflexes_reduced_{r}"),
        }
        if any(v is not None for v in exam.values()):
            motor[r] = exam
        summary = get(f"emg_{r}")
        if summary is not None:
            emg += _emg_entries(region, EMGRegionSummary(summary))
    if emg and get("emg_myopathic") is not None:
        emg[0]["myopathic_units"] = get("emg_myopathic")
    episodes = [
        {
            "onset": get(f"attack_{k}_date"),
            "system": get(f"attack_{k}_system"),
            "side": get(f"attack_{k}_side"),
            "evidence": get(f"attack_{k}_evidence") or "reported",
            "fever_or_infection": get(f"attack_{k}_fever"),
        }
        for k in range(1, ATTACK_SLOTS + 1)
        if get(f"attack_{k}_date") is not None
    ]
    conduction = []
    if get("ncs_conduction_block") is not None or get("ncs_demyelinating") is not None:
        conduction.append(
            {
                "nerve": "registry motor studies",
                "kind": "motor",
                "conduction_block": get("ncs_conduction_block"),
                "demyelinating_features": get("ncs_demyelinating"),
            }
        )
    if get("ncs_sensory_response") is not None:
        conduction.append(
            {"nerve": "registry sensory studies", "kind": "sensory", "response": get("ncs_sensory_response")}
        )
    data: dict[str, Any] = {
        "id": get("case_id"),
        "age": get("age"),
        "sex": get("sex"),
        "assessment_date": get("assessment_date"),
        "symptom_onset": get("symptom_onset"),
        "course": {
            "pattern": get("course_pattern"),
            "progression_onset": get("progression_onset"),
            "progressive_motor_impairment": get("progressive_motor_impairment"),
        },
        "episodes": episodes,
        "history": {
            name: get(name)
            for name in (
                "family_history_als",
                "family_history_spastic_paraplegia",
                "neck_pain",
                "gynaecomastia",
                "area_postrema_syndrome",
                "syringomyelia",
                "prior_spinal_surgery",
                "dysarthria",
                "dysphagia",
                "family_history_pattern",
                "prior_gastrointestinal_surgery",
                "htlv1_endemic_origin",
            )
        },
        "muscle_biopsy": _section(
            {name: get(f"biopsy_{name}") for name in ("rimmed_vacuoles", "inflammation", "neurogenic")}
        ),
        "exam": {
            "motor": motor,
            **{
                name: get(name)
                for name in (
                    "sensory_loss",
                    "sensory_level",
                    "optic_neuritis",
                    "bladder_dysfunction",
                    "finger_flexor_weakness",
                    "knee_extensor_weakness",
                    "fatigable_weakness",
                    "ptosis_or_diplopia",
                    "weakness_symmetry",
                )
            },
        },
        "emg": emg,
        "nerve_conduction": conduction,
        "mri": [_study(row, k) for k in range(1, MRI_SLOTS + 1) if get(f"mri_{k}_date") is not None],
        "optic_nerve_tests": _section(
            {name: get(name) for name in ("oct_inter_eye_prnfl_um", "oct_inter_eye_gcipl_um", "vep_delayed")}
        ),
        "csf": _section(
            {
                "date": get("csf_date"),
                "ocb": get("csf_ocb"),
                "kflc_index": get("csf_kflc_index"),
                "igg_index": get("csf_igg_index"),
                "white_cells_per_ul": get("csf_white_cells_per_ul"),
                "nfl": _level(row, "csf_nfl"),
            }
        ),
        "serum": _section(
            {
                "date": get("serum_date"),
                "nfl": _level(row, "serum_nfl"),
                "ck_u_per_l": get("serum_ck_u_per_l"),
                "aqp4_igg": _antibody(row, "aqp4_igg", ("assay",)),
                "mog_igg": _antibody(row, "mog_igg", ("assay", "titer")),
                "anti_gm1_igm": _antibody(row, "anti_gm1_igm"),
                "vitamin_b12_low": get("serum_vitamin_b12_low"),
                "copper_low": get("serum_copper_low"),
                "htlv1_antibodies": _antibody(row, "htlv1_antibodies"),
                "achr_antibodies": _antibody(row, "achr_antibodies"),
                "musk_antibodies": _antibody(row, "musk_antibodies"),
            }
        ),
        "neuromuscular_junction": _section(
            {"repetitive_stimulation_decrement": get("repetitive_stimulation_decrement")}
        ),
        "genetics": _section(
            {
                name: get(name)
                for name in ("ar_cag_repeats", "c9orf72_expansion", "sod1_variant", "hsp_panel_positive")
            }
        ),
        "microrna": [
            {
                "name": get(f"mirna_{k}_name"),
                "fluid": get(f"mirna_{k}_fluid"),
                "fold_change": get(f"mirna_{k}_fold_change"),
            }
            for k in range(1, MIRNA_SLOTS + 1)
            if get(f"mirna_{k}_name") is not None
        ],
        "other_causes_excluded": get("other_causes_excluded"),
    }
    return Case.model_validate(data)
