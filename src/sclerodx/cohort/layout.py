"""The raw registry layout: one row per patient, one typed column per raw fact.

A registry exports the facts it holds (demographics, dates, course, attacks, the motor
examination by region, the needle-EMG summary by region, lesion counts per McDonald area
per MRI study, CSF, serum, genetics) in these columns; :mod:`sclerodx.cohort.derive`
turns them into the criteria and differential inputs, column-wise.

Rules (the case model's, :mod:`sclerodx.case`)
-----------------------------------------------
* **Missing means unknown, never negative.** A blank cell is "not examined / not done";
  ``false`` is a documented negative. A column the registry does not hold is simply
  absent and reads as unknown in every row.
* Booleans are ``true``/``false`` (Parquet booleans, or those words in CSV); anything else,
  ``"yes"`` included, is refused: guessing would turn free text into findings.
* Ranges and allowed values are the case model's own (read from its pydantic fields and
  enums here, so they are defined once). Dates are ISO ``YYYY-MM-DD``.
* Attacks, MRI studies and microRNA measurements come in numbered slots (``attack_1_*``
  ... ``attack_8_*``, ``mri_1_*`` and ``mri_2_*`` for a baseline and a follow-up study,
  ``mirna_1_*``, ``mirna_2_*``); an attack or study exists when its date is given, a
  microRNA when its name is.
* microRNA is investigational: never a criterion input, and in the differential only on
  request (``include_investigational``), as in the per-case engine.
* An MRI study lists lesion *counts* per area; on a study that imaged the area a blank
  count is "none listed", as a case file's lesion list is. ``mri_k_enhancing``,
  ``mri_k_new``, ``mri_k_central_vein`` and ``mri_k_paramagnetic_rim`` count lesions of
  that study with the property; the other lesions of the study are documented without it.
  These are counts per study, not per area: McDonald's dissemination in time asks for
  enhancing and non-enhancing lesions on one study, or a new lesion against an earlier
  one, wherever they lie (Thompson et al., Lancet Neurol 2018), and no engine reads the
  area of an enhancing or new lesion, so per-area columns would carry nothing the verdicts
  use.
* The needle-EMG summary per region is the electromyographer's conclusion under the
  region rule of the criteria (one muscle in the bulbar and thoracic regions, two muscles
  of different roots and nerves in the cervical and lumbosacral regions).

:func:`sclerodx.cohort.cases.row_to_case` states the layout's meaning exactly: it builds
the :class:`~sclerodx.case.Case` a row stands for.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, TypedDict, get_args, get_origin

from annotated_types import Ge, Gt, Le
from pydantic import BaseModel

from sclerodx.anatomy import REGIONS, Region
from sclerodx.case import (
    CSF,
    AntibodyResult,
    AttackEvidence,
    Case,
    CNSSystem,
    CoursePattern,
    Exam,
    Genetics,
    History,
    Lesion,
    MicroRNA,
    NerveConduction,
    NeurofilamentLevel,
    OCBPattern,
    OpticNerveTests,
    Serum,
    Sex,
    Side,
    WeaknessOrigin,
)

Kind = Literal["string", "boolean", "integer", "number", "category", "date"]

#: Attack slots, MRI-study slots (baseline and follow-up) and microRNA slots of one row.
ATTACK_SLOTS = 8
MRI_SLOTS = 2
MIRNA_SLOTS = 2
#: Largest lesion count per column (six area columns stay within the case model's 5,000 lesions a study).
MAX_LESIONS_PER_COLUMN = 500


class EMGRegionSummary(StrEnum):
    """The needle-EMG conclusion for one region (region rule of Brooks 2000 / de Carvalho 2008)."""

    NORMAL = "normal"
    DENERVATION_ONLY = "denervation_only"
    LMN_FASCICULATIONS = "lmn_fasciculations"
    LMN_FIBRILLATIONS = "lmn_fibrillations"


EMG_SUMMARY_TEXT = {
    EMGRegionSummary.NORMAL: "no fibrillations/positive sharp waves and no chronic neurogenic change "
    "with active denervation",
    EMGRegionSummary.DENERVATION_ONLY: "fibrillations/positive sharp waves, but LMN involvement "
    "(chronic neurogenic change with active denervation) not met by the region rule",
    EMGRegionSummary.LMN_FASCICULATIONS: "LMN involvement by the region rule, with fasciculation "
    "potentials as the only active denervation (counts under Awaji and Gold Coast, not revised "
    "El Escorial)",
    EMGRegionSummary.LMN_FIBRILLATIONS: "LMN involvement by the region rule, with fibrillations/positive "
    "sharp waves (counts under every criteria set)",
}

#: Lesion-count columns of an MRI study: suffix -> (description, imaged-region flag it needs).
LESION_AREAS: dict[str, tuple[str, str]] = {
    "periventricular": ("periventricular lesions", "imaged_brain"),
    "cortical_juxtacortical": ("cortical or juxtacortical lesions", "imaged_brain"),
    "infratentorial": ("infratentorial lesions", "imaged_brain"),
    "spinal_cord": ("spinal cord lesions", "imaged_cord"),
    "optic_nerve": ("optic nerve lesions", "imaged_optic_nerves"),
    "other": ("lesions outside the McDonald areas (deep white matter)", "imaged_brain"),
}
#: Per-study counts of lesions with a property (each at most the study's lesion total).
LESION_FLAGS: dict[str, str] = {
    "enhancing": "gadolinium-enhancing lesions (needs mri_{k}_gadolinium = true)",
    "new": "new or enlarging lesions versus the previous scan",
    "central_vein": "lesions with a central vein sign",
    "paramagnetic_rim": "paramagnetic rim lesions",
}


@dataclass(frozen=True, slots=True)
class RawColumn:
    """One raw registry column: its name, type, meaning, allowed values and unit."""

    name: str
    kind: Kind
    description: str
    group: str
    unit: str | None = None
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    minimum_exclusive: bool = False

    @property
    def values_text(self) -> str:
        """Allowed values or range, as the layout prints it."""
        if self.allowed:
            return ", ".join(self.allowed)
        if self.kind == "boolean":
            return "true, false"
        if self.kind == "date":
            return "YYYY-MM-DD"
        if self.minimum is not None or self.maximum is not None:
            return (
                f"{'(' if self.minimum_exclusive else '['}{_number(self.minimum)}, {_number(self.maximum)}]"
            )
        return ""


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


class _Bounds(TypedDict, total=False):
    minimum: float
    maximum: float
    minimum_exclusive: bool


def _bounds(model: type[BaseModel], field: str) -> _Bounds:
    """The ``ge``/``gt``/``le`` constraints of a case-model field (defined once, there)."""
    out: _Bounds = {}
    for item in model.model_fields[field].metadata:
        if isinstance(item, Ge):
            out["minimum"] = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, Gt):
            out["minimum"] = float(item.gt)  # type: ignore[arg-type]
            out["minimum_exclusive"] = True
        elif isinstance(item, Le):
            out["maximum"] = float(item.le)  # type: ignore[arg-type]
    return out


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def _literal(model: type[BaseModel], field: str) -> tuple[str, ...]:
    """The values of a ``Literal[...]`` (or ``Literal[...] | None``) case-model field."""
    annotation = model.model_fields[field].annotation
    if get_origin(annotation) is not Literal:
        annotation = next(a for a in get_args(annotation) if get_origin(a) is Literal)
    return tuple(get_args(annotation))


def _bool(name: str, description: str, group: str) -> RawColumn:
    return RawColumn(name, "boolean", description, group)


def _columns() -> tuple[RawColumn, ...]:
    cols = [
        RawColumn(
            "case_id",
            "string",
            "patient identifier (kept beside every verdict and error)",
            "identity",
            maximum=200,
        ),
        RawColumn("age", "number", "age at assessment", "identity", unit="years", **_bounds(Case, "age")),
        RawColumn("sex", "category", "sex", "identity", allowed=_values(Sex)),
        RawColumn(
            "assessment_date",
            "date",
            "date of the assessment: durations are measured to it (else to the latest date of the row)",
            "identity",
        ),
        RawColumn("symptom_onset", "date", "first symptom", "course"),
        RawColumn(
            "course_pattern", "category", "course of the illness", "course", allowed=_values(CoursePattern)
        ),
        RawColumn("progression_onset", "date", "start of relapse-independent progression", "course"),
        _bool(
            "progressive_motor_impairment",
            "progressive motor impairment by history or repeated examination (Gold Coast criterion 1)",
            "course",
        ),
        _bool(
            "other_causes_excluded",
            "investigations exclude another disease explaining the findings",
            "course",
        ),
    ]
    for k in range(1, ATTACK_SLOTS + 1):
        group = "attacks"
        cols += [
            RawColumn(
                f"attack_{k}_date",
                "date",
                f"onset of attack {k} (a typical demyelinating episode of >= 24 h)",
                group,
            ),
            RawColumn(
                f"attack_{k}_system",
                "category",
                f"system attack {k} affected (required with its date)",
                group,
                allowed=_values(CNSSystem),
            ),
            RawColumn(f"attack_{k}_side", "category", f"side of attack {k}", group, allowed=_values(Side)),
            RawColumn(
                f"attack_{k}_evidence",
                "category",
                f"documentation of attack {k}; blank reads "
                "'reported' (patient report only), as in the case model",
                group,
                allowed=_values(AttackEvidence),
            ),
            _bool(
                f"attack_{k}_fever",
                f"attack {k} occurred with fever or infection (a pseudo-relapse, not counted)",
                group,
            ),
        ]
    for region in REGIONS:
        r = region.value
        cols += [
            _bool(
                f"umn_{r}",
                f"any upper motor neuron sign in the {r} region (the region's own list: "
                "case.UMN_SIGNS_BY_REGION)",
                "motor exam",
            ),
            _bool(f"weakness_{r}", f"weakness in the {r} region", "motor exam"),
            _bool(f"atrophy_{r}", f"wasting in the {r} region (bulbar: tongue wasting)", "motor exam"),
            _bool(f"fasciculations_{r}", f"clinical fasciculations in the {r} region", "motor exam"),
            RawColumn(
                f"weakness_origin_{r}",
                "category",
                f"what the examiner attributes the {r} weakness to (blank = not stated; umn or "
                "myopathic weakness is not an LMN sign, myopathic weakness documents a mimic)",
                "motor exam",
                allowed=get_args(WeaknessOrigin),
            ),
        ]
        if region is not Region.BULBAR:
            cols.append(_bool(f"reflexes_reduced_{r}", f"reduced or absent reflexes in the {r} region",
                              "motor exam"))
    for region in REGIONS:
        r = region.value
        text = "; ".join(f"{s.value}: {EMG_SUMMARY_TEXT[s]}" for s in EMGRegionSummary)
        cols.append(
            RawColumn(
                f"emg_{r}",
                "category",
                f"needle EMG of the {r} region ({text})",
                "needle EMG",
                allowed=_values(EMGRegionSummary),
            )
        )
    cols += [
        _bool(
            "emg_myopathic",
            "myopathic motor units in any muscle studied (needs an emg_<region> summary)",
            "needle EMG",
        ),
        RawColumn(
            "ncs_conduction_block",
            "category",
            "motor conduction block outside entrapment sites (EFNS/PNS 2010)",
            "nerve conduction",
            allowed=_literal(NerveConduction, "conduction_block"),
        ),
        RawColumn(
            "ncs_sensory_response",
            "category",
            "sensory nerve action potentials",
            "nerve conduction",
            allowed=_literal(NerveConduction, "response"),
        ),
        _bool(
            "ncs_demyelinating",
            "motor slowing, prolonged distal/F-wave latency or temporal dispersion in the demyelinating "
            "range (EAN/PNS 2021)",
            "nerve conduction",
        ),
    ]
    cols += [
        _bool(n, d, "exam")
        for n, d in (
            ("sensory_loss", "sensory loss on examination"),
            ("sensory_level", "a spinal sensory level"),
            ("optic_neuritis", "optic neuritis on examination"),
            ("bladder_dysfunction", "bladder dysfunction"),
            ("finger_flexor_weakness", "finger flexor weakness exceeding shoulder abductor weakness"),
            ("knee_extensor_weakness", "knee extensor weakness at least equal to hip flexor weakness"),
            ("fatigable_weakness", "weakness worse with repeated effort, recovering with rest"),
            ("ptosis_or_diplopia", "ptosis or double vision"),
        )
    ]
    cols.append(
        RawColumn(
            "weakness_symmetry",
            "category",
            "limb weakness asymmetric (one side, limb or nerve territory weaker) or diffuse and symmetric "
            "(EFNS/PNS 2010 MMN exclusion 11)",
            "exam",
            allowed=_literal(Exam, "weakness_symmetry"),
        )
    )
    cols += [
        _bool(n, d, "history")
        for n, d in (
            ("family_history_als", "ALS in a relative"),
            ("family_history_spastic_paraplegia", "hereditary spastic paraplegia in a relative"),
            ("neck_pain", "neck pain"),
            ("gynaecomastia", "gynaecomastia"),
            ("dysarthria", "slurred or effortful speech (read as bulbar weakness by the differential)"),
            ("dysphagia", "difficulty swallowing (read as bulbar weakness by the differential)"),
            ("area_postrema_syndrome", "intractable hiccups or nausea/vomiting (NMOSD core feature)"),
            ("syringomyelia", "a known syrinx of the cord"),
            ("prior_spinal_surgery", "previous spinal surgery"),
            ("prior_gastrointestinal_surgery", "earlier gastric or bowel surgery (gastrectomy, bariatric)"),
            ("htlv1_endemic_origin", "born in or from an HTLV-1 endemic area (Japan, Caribbean, South "
             "America, sub-Saharan Africa, Iran, Melanesia)"),
        )
    ]
    cols.append(
        RawColumn(
            "family_history_pattern",
            "category",
            "inheritance the pedigree suggests (affected maternal uncles only: x_linked, as in Kennedy "
            "disease); sporadic = no affected relative",
            "history",
            allowed=_literal(History, "family_history_pattern"),
        )
    )
    cols += [
        _bool(f"biopsy_{n}", d, "muscle biopsy")
        for n, d in (
            ("rimmed_vacuoles", "rimmed vacuoles on muscle biopsy (ENMC 2011 IBM feature)"),
            ("inflammation", "endomysial inflammation on muscle biopsy"),
            ("neurogenic", "neurogenic change on muscle biopsy (grouped atrophy, fibre-type grouping)"),
        )
    ]
    for k in range(1, MRI_SLOTS + 1):
        group = "MRI"
        cols += [
            RawColumn(f"mri_{k}_date", "date", f"date of MRI study {k}", group),
            _bool(f"mri_{k}_imaged_brain", f"study {k} imaged the brain", group),
            _bool(f"mri_{k}_imaged_cord", f"study {k} imaged the spinal cord", group),
            _bool(f"mri_{k}_imaged_optic_nerves", f"study {k} imaged the optic nerves", group),
            _bool(f"mri_{k}_gadolinium", f"gadolinium given in study {k}", group),
        ]
        for area, (text, _) in LESION_AREAS.items():
            cols.append(
                RawColumn(
                    f"mri_{k}_lesions_{area}",
                    "integer",
                    f"study {k}: {text}",
                    group,
                    unit="lesions",
                    minimum=0,
                    maximum=MAX_LESIONS_PER_COLUMN,
                )
            )
        for flag, text in LESION_FLAGS.items():
            cols.append(
                RawColumn(
                    f"mri_{k}_{flag}",
                    "integer",
                    f"study {k}: {text.format(k=k)}",
                    group,
                    unit="lesions",
                    minimum=0,
                    maximum=MAX_LESIONS_PER_COLUMN,
                )
            )
        cols += [
            RawColumn(
                f"mri_{k}_cord_lesion_segments",
                "number",
                f"study {k}: length of the longest spinal cord lesion",
                group,
                unit="vertebral segments",
                **_bounds(Lesion, "length_segments"),
            ),
            _bool(f"mri_{k}_cord_compression", f"study {k}: spondylotic spinal cord compression", group),
            _bool(
                f"mri_{k}_flexion_forward_shift",
                f"study {k}: forward shift of the posterior dural sac with lower cervical cord flattening "
                "on neck-flexion MRI (Hirayama disease; needs imaged_cord)",
                group,
            ),
            _bool(
                f"mri_{k}_thin_corpus_callosum",
                f"study {k}: thin corpus callosum (complicated HSP; needs imaged_brain)",
                group,
            ),
        ]
    cols += [
        RawColumn(
            "oct_inter_eye_prnfl_um",
            "number",
            "OCT inter-eye difference in pRNFL thickness",
            "optic nerve tests",
            unit="µm",
            **_bounds(OpticNerveTests, "oct_inter_eye_prnfl_um"),
        ),
        RawColumn(
            "oct_inter_eye_gcipl_um",
            "number",
            "OCT inter-eye difference in GCIPL thickness",
            "optic nerve tests",
            unit="µm",
            **_bounds(OpticNerveTests, "oct_inter_eye_gcipl_um"),
        ),
        _bool("vep_delayed", "delayed or asymmetric VEP latency", "optic nerve tests"),
        RawColumn("csf_date", "date", "date of the lumbar puncture", "CSF"),
        RawColumn(
            "csf_ocb",
            "category",
            "oligoclonal band pattern (Freedman 2005 types 1-5)",
            "CSF",
            allowed=_values(OCBPattern),
        ),
        RawColumn(
            "csf_kflc_index", "number", "kappa free light chain index", "CSF", **_bounds(CSF, "kflc_index")
        ),
        RawColumn("csf_igg_index", "number", "IgG index", "CSF", **_bounds(CSF, "igg_index")),
        RawColumn(
            "csf_white_cells_per_ul",
            "number",
            "CSF white cells",
            "CSF",
            unit="cells/µL",
            **_bounds(CSF, "white_cells_per_ul"),
        ),
        RawColumn(
            "csf_nfl",
            "number",
            "CSF neurofilament light chain",
            "CSF",
            unit="csf_nfl_unit",
            **_bounds(NeurofilamentLevel, "value"),
        ),
        RawColumn(
            "csf_nfl_unit",
            "category",
            "unit of csf_nfl (required with it)",
            "CSF",
            allowed=_literal(NeurofilamentLevel, "unit"),
        ),
        RawColumn("serum_date", "date", "date of the blood sample", "serum"),
        RawColumn(
            "serum_nfl",
            "number",
            "serum neurofilament light chain",
            "serum",
            unit="serum_nfl_unit",
            **_bounds(NeurofilamentLevel, "value"),
        ),
        RawColumn(
            "serum_nfl_unit",
            "category",
            "unit of serum_nfl (required with it)",
            "serum",
            allowed=_literal(NeurofilamentLevel, "unit"),
        ),
        RawColumn(
            "serum_ck_u_per_l",
            "number",
            "creatine kinase",
            "serum",
            unit="U/L",
            **_bounds(Serum, "ck_u_per_l"),
        ),
    ]
    result = _literal(AntibodyResult, "result")
    cols += [
        RawColumn("aqp4_igg", "category", "aquaporin-4 IgG", "serum", allowed=result),
        RawColumn(
            "aqp4_igg_assay",
            "category",
            "assay of aqp4_igg (blank = not stated)",
            "serum",
            allowed=_literal(AntibodyResult, "assay"),
        ),
        RawColumn("mog_igg", "category", "MOG IgG", "serum", allowed=result),
        RawColumn(
            "mog_igg_assay",
            "category",
            "assay of mog_igg (blank = not stated; only a cell-based titre >= 1:100 is a clear positive)",
            "serum",
            allowed=_literal(AntibodyResult, "assay"),
        ),
        RawColumn(
            "mog_igg_titer",
            "integer",
            "reciprocal end-point titre of mog_igg (100 for 1:100)",
            "serum",
            **_bounds(AntibodyResult, "titer"),
        ),
        RawColumn("anti_gm1_igm", "category", "anti-GM1 IgM", "serum", allowed=result),
        _bool("serum_vitamin_b12_low", "vitamin B12 deficiency (low B12 or raised methylmalonic acid)",
              "serum"),
        _bool("serum_copper_low", "serum copper or caeruloplasmin below the range", "serum"),
        RawColumn("htlv1_antibodies", "category", "HTLV-1 serology", "serum", allowed=result),
        RawColumn("achr_antibodies", "category", "acetylcholine-receptor antibodies", "serum",
                  allowed=result),
        RawColumn("musk_antibodies", "category", "MuSK antibodies", "serum", allowed=result),
        _bool("repetitive_stimulation_decrement", "decrement > 10% on repetitive nerve stimulation",
              "neuromuscular junction"),
        RawColumn(
            "ar_cag_repeats",
            "integer",
            "androgen-receptor CAG repeat count",
            "genetics",
            unit="repeats",
            **_bounds(Genetics, "ar_cag_repeats"),
        ),
        _bool("c9orf72_expansion", "C9orf72 repeat expansion", "genetics"),
        _bool("sod1_variant", "pathogenic SOD1 variant", "genetics"),
        _bool(
            "hsp_panel_positive", "pathogenic variant on a hereditary spastic paraplegia panel", "genetics"
        ),
    ]
    for k in range(1, MIRNA_SLOTS + 1):
        group = "investigational"
        cols += [
            RawColumn(
                f"mirna_{k}_name",
                "string",
                f"circulating microRNA {k}, e.g. miR-206 (investigational: never a criterion input)",
                group,
                maximum=40,
            ),
            RawColumn(
                f"mirna_{k}_fluid",
                "category",
                f"fluid of microRNA {k} (required with its name)",
                group,
                allowed=_literal(MicroRNA, "fluid"),
            ),
            RawColumn(
                f"mirna_{k}_fold_change",
                "number",
                f"expression of microRNA {k} relative to the assay's reference level, 1 = unchanged "
                "(required with its name)",
                group,
                **_bounds(MicroRNA, "fold_change"),
            ),
        ]
    return tuple(cols)


#: Every raw column, in layout order.
RAW_LAYOUT: tuple[RawColumn, ...] = _columns()
#: Column name -> spec.
RAW_COLUMNS: dict[str, RawColumn] = {c.name: c for c in RAW_LAYOUT}


def layout_rows() -> list[tuple[str, str, str, str, str]]:
    """(name, type, values, unit, description) for every column, for printing and docs."""
    return [(c.name, c.kind, c.values_text, c.unit or "", c.description) for c in RAW_LAYOUT]


def layout_markdown() -> str:
    """The layout as a Markdown table (docs/cohort.md carries this text)."""
    lines = ["| column | type | values | unit | meaning |", "|---|---|---|---|---|"]
    lines += [f"| `{n}` | {k} | {v} | {u} | {d} |" for n, k, v, u, d in layout_rows()]
    return "\n".join(lines)
