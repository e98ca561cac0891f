"""The clinical case: everything sclerodx reasons from, as one validated pydantic model.

Design rules
------------
* **Missing means unknown, never negative.** Every finding is optional and ``None``
  means "not examined / not done". ``False`` is a documented negative.
* **Units are explicit.** Concentrations are ``{"value": 45, "unit": "pg/mL"}``; a
  bare number is rejected with a message that asks for the unit. Unit-less
  quantities (indices, counts) carry the unit in the field name where one exists
  (``ck_u_per_l``, ``white_cells_per_ul``).
* **Validated once, at the boundary.** Unknown fields, muscles, regions and lesion
  locations, impossible dates and out-of-range values fail here, with the pydantic
  error location naming the field. Engines downstream trust the model.

The JSON Schema of this model (``sclerodx schema``) is versioned by
:data:`SCHEMA_VERSION`; a breaking change bumps the major number. Schema 1.1 only adds
to 1.0 (so every 1.0 case is a valid 1.1 case and is read as one; see
:func:`sclerodx.casefile.upgrade_case_data`): thoracic and unnamed UMN signs, slowed
movement, reduced reflexes, the origin of weakness, region-level EMG summaries,
nerve-conduction summary rows, month- or year-precision history dates and the
``first_attack`` course; the facts the causes of "other" in the differential need (prior
gastrointestinal surgery, vitamin B12 and copper deficiency, HTLV-1, acetylcholine-receptor
and MuSK antibodies, fatigable weakness, ptosis or diplopia, repetitive-stimulation
decrement); and, added within 1.1, the facts published cases rely on for three mimics: a thin
corpus callosum on brain MRI (complicated HSP), the symmetry of limb weakness (the EFNS/PNS
exclusion of multifocal motor neuropathy) and origin in an HTLV-1 endemic area.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_serializer,
    field_validator,
    model_validator,
)

from sclerodx.anatomy import Region, find_muscle

SCHEMA_VERSION: Literal["1.1"] = "1.1"
#: Versions this model reads; older ones are upgraded on reading (additive changes only).
READABLE_SCHEMA_VERSIONS: tuple[str, ...] = ("1.0", "1.1")


class _Model(BaseModel):
    """Base for every case-model part: strict about unknown fields, immutable-ish."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


Finding = Annotated[
    bool | None,
    Field(description="True = present, False = examined and absent, null = not examined."),
]


class PartialDate(dt.date):
    """A date known to the day, the month (``"2024-03"``) or the year (``"2024"``).

    Clinicians often know an onset only to the month or year. Such a date stands for the
    middle of its period (the 15th of the month, 1 July of the year), which halves the
    largest error of any duration computed from it; :attr:`earliest` is the first day
    of the period, used to check that a date does not lie in the future, and
    :attr:`latest` its last day, so that an interval between two partial dates has
    known bounds. It serialises back to the precision it was given in.
    """

    precision: Literal["day", "month", "year"]
    earliest: dt.date
    latest: dt.date

    def __new__(cls, year: int, month: int = 7, day: int = 1,
                precision: Literal["day", "month", "year"] = "day") -> PartialDate:
        self = super().__new__(cls, year, month, day)
        self.precision = precision
        self.earliest = {"day": dt.date(year, month, day), "month": dt.date(year, month, 1),
                         "year": dt.date(year, 1, 1)}[precision]
        self.latest = {"day": self.earliest,
                       "month": dt.date(year, month, calendar.monthrange(year, month)[1]),
                       "year": dt.date(year, 12, 31)}[precision]
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (PartialDate, (self.year, self.month, self.day, self.precision))

    def isoformat(self) -> str:
        text = super().isoformat()
        return {"day": text, "month": text[:7], "year": text[:4]}[self.precision]

    __str__ = isoformat


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _parse_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    match = _PARTIAL_DATE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError("expected a date as YYYY-MM-DD, YYYY-MM (month known) or YYYY (year known)")
    year, month, day = match.groups()
    try:
        if day is not None:
            return PartialDate(int(year), int(month), int(day))
        if month is not None:
            return PartialDate(int(year), int(month), 15, "month")
        return PartialDate(int(year), 7, 1, "year")
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date") from None


#: A history date that may be known only to the month or the year (schema 1.1).
HistoryDate = Annotated[
    PartialDate,
    PlainValidator(_parse_partial_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                    "description": "YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known."}),
]


def _earliest(when: dt.date) -> dt.date:
    """The first day a (possibly partial) date may stand for."""
    return when.earliest if isinstance(when, PartialDate) else when


def _latest(when: dt.date) -> dt.date:
    """The last day a (possibly partial) date may stand for."""
    return when.latest if isinstance(when, PartialDate) else when


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"


# --------------------------------------------------------------------------- quantities


def _require_unit(value: Any, field: str, example_unit: str) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            f"{field} needs an explicit unit: give an object such as "
            f'{{"value": {value}, "unit": "{example_unit}"}}'
        )
    return value


_TO_PG_PER_ML = {"pg/mL": 1.0, "ng/L": 1.0, "ng/mL": 1000.0}
_TO_MG_PER_DL = {"mg/dL": 1.0, "g/L": 100.0, "mg/L": 0.1}


class NeurofilamentLevel(_Model):
    """A neurofilament (light chain or phosphorylated heavy chain) concentration.

    Neurofilament values are assay-specific (Simoa, Ella, ELISA differ), so the assay
    is kept with the value when known.
    """

    value: float = Field(ge=0, le=1_000_000, description="Concentration in `unit`.")
    unit: Literal["pg/mL", "ng/L", "ng/mL"]
    assay: Literal["simoa", "ella", "elisa", "other"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _unit_required(cls, value: Any) -> Any:
        return _require_unit(value, "neurofilament level", "pg/mL")

    @property
    def pg_per_ml(self) -> float:
        """The value in pg/mL (= ng/L)."""
        return self.value * _TO_PG_PER_ML[self.unit]


class ProteinLevel(_Model):
    """A total-protein concentration (CSF)."""

    value: float = Field(ge=0, le=100_000)
    unit: Literal["mg/dL", "g/L", "mg/L"]

    @model_validator(mode="before")
    @classmethod
    def _unit_required(cls, value: Any) -> Any:
        return _require_unit(value, "protein", "mg/dL")

    @property
    def mg_per_dl(self) -> float:
        """The value in mg/dL."""
        return self.value * _TO_MG_PER_DL[self.unit]


class AntibodyResult(_Model):
    """A serum antibody result (AQP4-IgG, MOG-IgG, anti-GM1 IgM)."""

    result: Literal["positive", "negative", "equivocal"]
    titer: int | None = Field(
        default=None, ge=1, le=1_000_000, description="Reciprocal end-point titre, e.g. 100 for 1:100."
    )
    assay: Literal["cell_based", "elisa", "other"] | None = None


# --------------------------------------------------------------------------- history and course


class CNSSystem(StrEnum):
    """The system an episode affected (McDonald 2017 typical presentations)."""

    OPTIC_NERVE = "optic_nerve"
    BRAINSTEM = "brainstem"
    CEREBELLUM = "cerebellum"
    SPINAL_CORD = "spinal_cord"
    CEREBRAL_HEMISPHERE = "cerebral_hemisphere"


class AttackEvidence(StrEnum):
    """How an episode is documented.

    ``objective``: a deficit found on examination or a test attributable to the
    episode's lesion; ``historical``: clear-cut history with characteristic symptoms
    and evolution but no objective finding; ``reported``: patient report only.
    (Thompson et al., Lancet Neurol 2018, Panel 1.)
    """

    OBJECTIVE = "objective"
    HISTORICAL = "historical"
    REPORTED = "reported"


class Episode(_Model):
    """A dated neurological episode (a candidate MS attack)."""

    onset: HistoryDate
    resolution: HistoryDate | None = Field(
        default=None, description="Date the episode resolved; null if ongoing or unknown."
    )
    system: CNSSystem
    side: Side | None = None
    evidence: AttackEvidence = AttackEvidence.REPORTED
    typical_demyelinating: bool = Field(
        default=True,
        description="A typical demyelinating event (e.g. unilateral optic neuritis, partial "
        "myelitis, brainstem syndrome); atypical events do not count as attacks.",
    )
    fever_or_infection: Finding = None
    residual_deficit: Finding = None

    @model_validator(mode="after")
    def _resolution_after_onset(self) -> Self:
        if self.resolution is not None and _latest(self.resolution) < _earliest(self.onset):
            raise ValueError(
                f"resolution ({self.resolution}) is before onset ({self.onset}): "
                "an episode cannot resolve before it starts"
            )
        return self


class CoursePattern(StrEnum):
    """The course of the illness; ``first_attack`` is a clinically isolated syndrome (one attack so far)."""

    FIRST_ATTACK = "first_attack"
    RELAPSING_REMITTING = "relapsing_remitting"
    PROGRESSIVE_FROM_ONSET = "progressive_from_onset"
    SECONDARY_PROGRESSIVE = "secondary_progressive"
    MONOPHASIC = "monophasic"


class Course(_Model):
    """The shape of the illness over time."""

    pattern: CoursePattern | None = None
    progression_onset: HistoryDate | None = Field(
        default=None, description="Start of relapse-independent progression, if any (day, month or year)."
    )
    progressive_motor_impairment: Finding = Field(
        default=None,
        description="Progressive motor impairment documented by history or repeated examination, "
        "after normal motor function (Gold Coast criterion 1; El Escorial 'progressive spread').",
    )


class History(_Model):
    """Background findings that point to specific mimics."""

    family_history_als: Finding = None
    family_history_spastic_paraplegia: Finding = None
    neck_pain: Finding = None
    gynaecomastia: Finding = None
    cognitive_or_behavioural_impairment: Finding = None
    area_postrema_syndrome: Finding = Field(
        default=None, description="Intractable hiccups or nausea/vomiting (NMOSD core feature)."
    )
    family_history_pattern: Literal["x_linked", "autosomal_dominant", "autosomal_recessive",
                                    "sporadic"] | None = Field(
        default=None, description="Inheritance the pedigree suggests (e.g. affected maternal uncles "
        "only: x_linked, as in Kennedy disease); sporadic = no affected relative."
    )
    syringomyelia: Finding = Field(default=None, description="A known syrinx of the cord.")
    prior_spinal_surgery: Finding = Field(
        default=None, description="Earlier spinal (e.g. cervical decompression) surgery."
    )
    dysarthria: Finding = Field(default=None, description="Slurred or effortful speech (bulbar symptom).")
    dysphagia: Finding = Field(default=None, description="Difficulty swallowing (bulbar symptom).")
    prior_gastrointestinal_surgery: Finding = Field(
        default=None, description="Earlier gastric or bowel surgery (gastrectomy, bariatric surgery): a "
        "cause of copper and vitamin B12 deficiency."
    )
    htlv1_endemic_origin: Finding = Field(
        default=None, description="Born in, or long resident in, an area where HTLV-1 is endemic "
        "(south-western Japan, the Caribbean, South America, sub-Saharan Africa, Iran, Melanesia, "
        "Aboriginal communities of central Australia; Gessain & Cassar, Front Microbiol 2012), or a "
        "sexual partner or mother from one: the indication for HTLV-1 serology in a progressive "
        "spastic paraparesis (Bangham et al., Nat Rev Dis Primers 2015)."
    )


# --------------------------------------------------------------------------- examination

#: UMN signs that may be recorded in any region: unnamed UMN signs, and slowed, poorly
#: coordinated voluntary movement not due to LMN weakness or parkinsonism (Gold Coast).
_ANY_REGION_UMN = frozenset({"umn_signs_present", "slowed_movement"})
UMN_SIGNS_BY_REGION: dict[Region, frozenset[str]] = {
    Region.BULBAR: frozenset({"jaw_jerk", "snout_reflex", "pseudobulbar_affect", "spasticity",
                              "hyperreflexia"}) | _ANY_REGION_UMN,
    Region.CERVICAL: frozenset({"hyperreflexia", "hoffmann", "spasticity"}) | _ANY_REGION_UMN,
    Region.THORACIC: frozenset({"abdominal_reflexes_lost", "abdominal_reflexes_brisk",
                                "paraspinal_reflexes_brisk"}) | _ANY_REGION_UMN,
    Region.LUMBOSACRAL: frozenset({"hyperreflexia", "babinski", "crossed_adductor", "spasticity",
                                   "clonus"}) | _ANY_REGION_UMN,
}
UMN_SIGNS: tuple[str, ...] = (
    "hyperreflexia", "babinski", "hoffmann", "crossed_adductor", "spasticity", "clonus",
    "jaw_jerk", "snout_reflex", "pseudobulbar_affect", "abdominal_reflexes_lost",
    "abdominal_reflexes_brisk", "paraspinal_reflexes_brisk", "slowed_movement", "umn_signs_present",
)
LMN_SIGNS: tuple[str, ...] = ("weakness", "atrophy", "fasciculations", "reflexes_reduced")

#: Where the weakness of a region comes from, when the examiner can say.
WeaknessOrigin = Literal["lmn", "umn", "myopathic"]


class RegionExam(_Model):
    """Motor examination of one body region.

    Upper motor neuron (UMN) signs follow the Gold Coast and revised El Escorial lists
    (Shefner et al. 2020; Brooks et al. 2000); a sign that cannot occur in a region
    (a Babinski sign in the bulbar region) is rejected by :class:`Exam`. Weakness counts
    as a lower motor neuron sign only when its origin is LMN or unstated
    (``weakness_origin``): weakness of UMN origin or from a myopathy does not.
    """

    hyperreflexia: Finding = Field(
        default=None,
        description="Brisk reflexes, incl. a reflex kept in a weak wasted muscle or spreading.",
    )
    babinski: Finding = None
    hoffmann: Finding = None
    crossed_adductor: Finding = None
    spasticity: Finding = Field(
        default=None, description="Velocity-dependent tone; in the bulbar region spastic "
        "dysarthria / slow tongue movements."
    )
    clonus: Finding = None
    jaw_jerk: Finding = Field(default=None, description="Brisk jaw jerk (bulbar).")
    snout_reflex: Finding = None
    pseudobulbar_affect: Finding = None
    abdominal_reflexes_lost: Finding = Field(
        default=None, description="Loss of superficial abdominal reflexes (thoracic UMN sign)."
    )
    abdominal_reflexes_brisk: Finding = Field(
        default=None, description="Brisk or pathological abdominal reflexes (thoracic UMN sign, Gold Coast)."
    )
    paraspinal_reflexes_brisk: Finding = Field(
        default=None, description="Brisk or pathological paraspinal reflexes (thoracic UMN sign, Gold Coast)."
    )
    slowed_movement: Finding = Field(
        default=None, description="Slowed, poorly coordinated voluntary movement not attributable to "
        "LMN weakness or parkinsonism (UMN sign, Gold Coast)."
    )
    umn_signs_present: Finding = Field(
        default=None, description="UMN signs known to be present in the region but not named."
    )
    weakness: Finding = None
    weakness_origin: WeaknessOrigin | None = Field(
        default=None, description="Origin of the weakness when the examiner can say: lower motor "
        "neuron, upper motor neuron, or myopathic. Only LMN (or unstated) weakness is an LMN sign."
    )
    atrophy: Finding = Field(default=None, description="Wasting; in the bulbar region tongue "
                             "wasting.")
    fasciculations: Finding = None
    reflexes_reduced: Finding = Field(
        default=None, description="Reduced or absent tendon reflexes in the region (LMN pattern)."
    )

    @model_validator(mode="after")
    def _origin_needs_weakness(self) -> Self:
        if self.weakness_origin is not None and self.weakness is False:
            raise ValueError("weakness_origin is given but weakness is recorded absent; set weakness "
                             "to true or drop weakness_origin")
        return self

    @property
    def lmn_weakness(self) -> bool:
        """Weakness recorded present and not attributed to UMN or muscle disease."""
        return self.weakness is True and self.weakness_origin in (None, "lmn")

    def present(self, signs: tuple[str, ...]) -> list[str]:
        """Names of the given signs recorded as present."""
        return [s for s in signs if getattr(self, s) is True]

    def examined(self, signs: tuple[str, ...]) -> list[str]:
        """Names of the given signs with a documented value (present or absent)."""
        return [s for s in signs if getattr(self, s) is not None]


class Exam(_Model):
    """The neurological examination."""

    motor: dict[Region, RegionExam] = Field(
        default_factory=dict,
        description="Motor signs per body region: bulbar, cervical, thoracic, lumbosacral.",
    )
    sensory_loss: Finding = None
    sensory_level: Finding = Field(default=None, description="A spinal sensory level.")
    optic_neuritis: Finding = None
    internuclear_ophthalmoplegia: Finding = None
    cerebellar_ataxia: Finding = None
    bladder_dysfunction: Finding = None
    finger_flexor_weakness: Finding = Field(
        default=None, description="Finger flexor weakness exceeding shoulder abductor weakness."
    )
    knee_extensor_weakness: Finding = Field(
        default=None, description="Knee extensor weakness at least equal to hip flexor weakness."
    )
    fatigable_weakness: Finding = Field(
        default=None, description="Weakness that worsens with sustained or repeated effort and recovers "
        "with rest (neuromuscular junction disorders)."
    )
    ptosis_or_diplopia: Finding = Field(
        default=None, description="Ptosis or double vision (fluctuating ocular weakness in myasthenia)."
    )
    weakness_symmetry: Literal["asymmetric", "symmetric"] | None = Field(
        default=None, description="Side-to-side distribution of the limb weakness: 'asymmetric' = one "
        "side, limb or nerve territory weaker (at least 1 MRC grade where strength is above grade 3, 2 "
        "grades at 3 or below: the EFNS/PNS 2010 MMN guideline's definition); 'symmetric' = diffuse, "
        "alike on both sides. Diffuse symmetric weakness during the initial weeks excludes multifocal "
        "motor neuropathy (EFNS/PNS 2010, exclusion criterion 11)."
    )

    @model_validator(mode="after")
    def _signs_fit_region(self) -> Self:
        for region, exam in self.motor.items():
            allowed = UMN_SIGNS_BY_REGION[region]
            wrong = [s for s in UMN_SIGNS if getattr(exam, s) is not None and s not in allowed]
            if wrong:
                raise ValueError(
                    f"motor.{region.value}: sign(s) {', '.join(wrong)} are not examined in the "
                    f"{region.value} region; expected UMN signs among {', '.join(sorted(allowed))}"
                )
        return self

    def region(self, region: Region) -> RegionExam:
        """The exam of one region (an all-unknown exam when not recorded)."""
        return self.motor.get(region) or RegionExam()


# --------------------------------------------------------------------------- electrodiagnosis


class Recruitment(StrEnum):
    NORMAL = "normal"
    REDUCED = "reduced"
    EARLY = "early"
    ABSENT = "absent"


class MuscleEMG(_Model):
    """Needle EMG of one muscle.

    ``chronic_neurogenic`` is chronic neurogenic change: large motor unit potentials of
    increased duration and/or amplitude, often polyphasic, with reduced recruitment
    (Shefner et al. 2020). ``fibrillations_psw`` is active denervation by fibrillation
    potentials or positive sharp waves; ``fasciculation_potentials`` counts as active
    denervation under Awaji and Gold Coast (de Carvalho et al. 2008).
    """

    muscle: str = Field(description="Muscle name from sclerodx.anatomy.MUSCLES (aliases accepted).")
    side: Side | None = None
    fibrillations_psw: Finding = None
    fasciculation_potentials: Finding = None
    chronic_neurogenic: Finding = None
    recruitment: Recruitment | None = None
    myopathic_units: Finding = None
    provenance: str | None = Field(
        default=None, max_length=500, description="Where the finding came from (e.g. a signal file)."
    )

    @field_validator("muscle")
    @classmethod
    def _known_muscle(cls, value: str) -> str:
        try:
            return find_muscle(value).name
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None

    @property
    def region(self) -> Region:
        return find_muscle(self.muscle).region


class RegionEMG(_Model):
    """A region-level needle-EMG summary, as reports often give it beside (or instead of) muscle rows.

    For example "cervical region: active and chronic denervation in several muscles of
    different roots and nerves": ``chronic_neurogenic`` and ``fibrillations_psw`` true
    with ``different_roots_and_nerves`` true. ``different_roots_and_nerves`` states that
    the abnormal muscles meet the region rule (two muscles of different roots and
    different nerves in the cervical and lumbosacral regions; one muscle suffices in the
    bulbar and thoracic regions).
    """

    region: Region
    side: Side | None = Field(default=None, description="Limb side when the summary covers one side only.")
    fibrillations_psw: Finding = None
    fasciculation_potentials: Finding = None
    chronic_neurogenic: Finding = None
    myopathic_units: Finding = None
    different_roots_and_nerves: Finding = Field(
        default=None, description="The abnormal muscles include two of different roots and different "
        "peripheral nerves (needed in the cervical and lumbosacral regions)."
    )
    provenance: str | None = Field(default=None, max_length=500)


class NerveConduction(_Model):
    """A nerve conduction study of one nerve, or a summary row over the nerves studied (no nerve named)."""

    nerve: str | None = Field(
        default=None, min_length=1, max_length=100,
        description="e.g. 'ulnar', 'sural'; null for a summary row ('sensory studies normal')."
    )
    kind: Literal["motor", "sensory"]
    side: Side | None = None
    conduction_block: Literal["none", "probable", "definite"] | None = Field(
        default=None,
        description="Motor conduction block outside entrapment sites (EFNS/PNS 2010 definitions).",
    )
    response: Literal["normal", "reduced", "absent"] | None = Field(
        default=None, description="Amplitude of the response (SNAP for sensory, CMAP for motor)."
    )
    demyelinating_features: bool | None = Field(
        default=None,
        description="Motor conduction slowing, prolonged distal motor or F-wave latency, or temporal "
        "dispersion in the demyelinating range, outside entrapment sites (EAN/PNS 2021 CIDP "
        "guideline, Van den Bergh et al.).",
    )

    @model_validator(mode="after")
    def _block_is_motor(self) -> Self:
        if self.kind == "sensory" and self.conduction_block not in (None, "none"):
            raise ValueError("conduction_block applies to motor studies only (kind='motor')")
        if self.kind == "sensory" and self.demyelinating_features:
            raise ValueError("demyelinating_features applies to motor studies only (kind='motor')")
        return self


# --------------------------------------------------------------------------- imaging


class LesionLocation(StrEnum):
    PERIVENTRICULAR = "periventricular"
    CORTICAL = "cortical"
    JUXTACORTICAL = "juxtacortical"
    INFRATENTORIAL = "infratentorial"
    SPINAL_CORD = "spinal_cord"
    OPTIC_NERVE = "optic_nerve"
    DEEP_WHITE_MATTER = "deep_white_matter"


class ImagedRegion(StrEnum):
    BRAIN = "brain"
    CERVICAL_CORD = "cervical_cord"
    THORACIC_CORD = "thoracic_cord"
    OPTIC_NERVES = "optic_nerves"


_LOCATION_NEEDS: dict[LesionLocation, frozenset[ImagedRegion]] = {
    LesionLocation.SPINAL_CORD: frozenset({ImagedRegion.CERVICAL_CORD, ImagedRegion.THORACIC_CORD}),
    LesionLocation.OPTIC_NERVE: frozenset({ImagedRegion.OPTIC_NERVES}),
}


class Lesion(_Model):
    """One T2-hyperintense lesion."""

    location: LesionLocation
    enhancing: Finding = Field(default=None, description="Gadolinium-enhancing.")
    new: Finding = Field(default=None, description="New or enlarging versus the previous scan.")
    symptomatic: Finding = None
    central_vein_sign: Finding = None
    paramagnetic_rim: Finding = None
    size_mm: float | None = Field(default=None, ge=0, le=300, description="Long-axis length.")
    volume_ml: float | None = Field(default=None, ge=0, le=2000)
    length_segments: float | None = Field(
        default=None, ge=0, le=40, description="Spinal cord lesions: length in vertebral segments."
    )
    label: str | None = Field(default=None, max_length=100)


class MRIStudy(_Model):
    """One dated MRI examination and the lesions it showed."""

    date: dt.date
    regions_imaged: set[ImagedRegion] = Field(
        min_length=1, description="What was scanned; lesions elsewhere are unknown, not absent."
    )
    gadolinium: bool | None = Field(default=None, description="Whether contrast was given.")
    lesions: list[Lesion] = Field(default_factory=list, max_length=5000)
    corticospinal_tract_hyperintensity: Finding = None
    flexion_forward_shift: Finding = Field(
        default=None, description="Forward shift of the posterior dural sac with lower cervical cord "
        "flattening on neck-flexion MRI (Hirayama disease)."
    )
    cord_compression: Finding = Field(
        default=None, description="Spinal cord compression by spondylotic change (disc, osteophyte, "
        "ligament) on a cord study: the imaging hallmark of cervical spondylotic myelopathy."
    )
    thin_corpus_callosum: Finding = Field(
        default=None, description="A thin corpus callosum on a brain study (the radiologist's reading): "
        "the hallmark of complicated hereditary spastic paraplegia with thin corpus callosum (SPG11 in "
        "most, SPG15; Stevanin et al., Nat Genet 2007), also seen with the callosal atrophy of long-"
        "standing MS and in leukodystrophies."
    )
    provenance: str | None = Field(default=None, max_length=500)

    @field_serializer("regions_imaged")
    def _sorted_regions(self, regions: set[ImagedRegion]) -> list[ImagedRegion]:
        # A set's iteration order follows string hashing, which differs between processes;
        # sorted, the case's JSON (and the FHIR ids seeded from it) is the same everywhere.
        return sorted(regions)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        cord = _LOCATION_NEEDS[LesionLocation.SPINAL_CORD]
        if self.cord_compression is not None and not cord & self.regions_imaged:
            raise ValueError("cord_compression needs regions_imaged to include cervical_cord or "
                             "thoracic_cord")
        if self.thin_corpus_callosum is not None and ImagedRegion.BRAIN not in self.regions_imaged:
            raise ValueError("thin_corpus_callosum needs regions_imaged to include brain")
        for i, lesion in enumerate(self.lesions):
            needs = _LOCATION_NEEDS.get(lesion.location)
            if needs and not needs & self.regions_imaged:
                raise ValueError(
                    f"lesions[{i}]: a {lesion.location.value} lesion needs regions_imaged to include "
                    f"{' or '.join(sorted(n.value for n in needs))}"
                )
            if lesion.enhancing is True and self.gadolinium is False:
                raise ValueError(f"lesions[{i}]: enhancing lesion on a study without gadolinium")
        return self


class OpticNerveTests(_Model):
    """Paraclinical optic-nerve evidence accepted by McDonald 2024 (Montalban et al. 2025)."""

    oct_inter_eye_prnfl_um: float | None = Field(
        default=None, ge=0, le=200, description="Inter-eye difference in pRNFL thickness (µm)."
    )
    oct_inter_eye_gcipl_um: float | None = Field(
        default=None, ge=0, le=200, description="Inter-eye difference in GCIPL thickness (µm)."
    )
    vep_delayed: Finding = Field(
        default=None, description="Delayed or asymmetric VEP latency against laboratory norms."
    )


class MuscleBiopsy(_Model):
    """A muscle biopsy (the ENMC 2011 pathological features of inclusion body myositis)."""

    muscle: str | None = Field(default=None, max_length=100, description="e.g. 'quadriceps'.")
    rimmed_vacuoles: Finding = None
    inflammation: Finding = Field(
        default=None, description="Endomysial inflammatory infiltrate (mononuclear cells invading "
        "non-necrotic fibres)."
    )
    neurogenic: Finding = Field(default=None, description="Neurogenic change (grouped atrophy, fibre-type "
                                "grouping).")


# --------------------------------------------------------------------------- fluids


class OCBPattern(StrEnum):
    """Oligoclonal IgG band patterns by isoelectric focusing (Freedman et al., Arch Neurol 2005).

    Type 1 ``negative``; type 2 ``csf_specific``; type 3 ``csf_specific_and_identical``;
    type 4 ``identical`` (mirror pattern); type 5 ``monoclonal``. Types 2 and 3 mean
    intrathecal synthesis ("CSF-specific bands").
    """

    NEGATIVE = "negative"
    CSF_SPECIFIC = "csf_specific"
    CSF_SPECIFIC_AND_IDENTICAL = "csf_specific_and_identical"
    IDENTICAL = "identical"
    MONOCLONAL = "monoclonal"

    @property
    def intrathecal(self) -> bool:
        return self in (OCBPattern.CSF_SPECIFIC, OCBPattern.CSF_SPECIFIC_AND_IDENTICAL)


class CSF(_Model):
    """Cerebrospinal fluid results."""

    date: dt.date | None = None
    ocb: OCBPattern | None = None
    igg_index: float | None = Field(default=None, ge=0, le=20)
    kflc_index: float | None = Field(default=None, ge=0, le=2000, description="Kappa free light "
                                     "chain index: (κFLC CSF/serum) / albumin quotient.")
    nfl: NeurofilamentLevel | None = None
    pnfh: NeurofilamentLevel | None = None
    white_cells_per_ul: float | None = Field(default=None, ge=0, le=100_000)
    protein: ProteinLevel | None = None


class Serum(_Model):
    """Blood results."""

    date: dt.date | None = None
    nfl: NeurofilamentLevel | None = None
    aqp4_igg: AntibodyResult | None = None
    mog_igg: AntibodyResult | None = None
    anti_gm1_igm: AntibodyResult | None = None
    ck_u_per_l: float | None = Field(default=None, ge=0, le=500_000, description="Creatine kinase, U/L.")
    vitamin_b12_low: Finding = Field(
        default=None, description="Vitamin B12 deficiency by the laboratory's range (low B12, or raised "
        "methylmalonic acid / low holotranscobalamin)."
    )
    copper_low: Finding = Field(default=None, description="Serum copper (or caeruloplasmin) below the range.")
    htlv1_antibodies: AntibodyResult | None = Field(default=None, description="HTLV-1 serology.")
    achr_antibodies: AntibodyResult | None = Field(
        default=None, description="Acetylcholine-receptor antibodies (myasthenia gravis)."
    )
    musk_antibodies: AntibodyResult | None = Field(
        default=None, description="Muscle-specific kinase antibodies (myasthenia gravis)."
    )


class NeuromuscularJunction(_Model):
    """Neuromuscular-junction electrodiagnosis."""

    repetitive_stimulation_decrement: Finding = Field(
        default=None, description="A decrement of more than 10% on low-rate repetitive nerve stimulation."
    )


class Genetics(_Model):
    """Genetic results relevant to the differential."""

    ar_cag_repeats: int | None = Field(
        default=None, ge=1, le=100, description="Androgen receptor CAG repeat count (SBMA if >=38)."
    )
    c9orf72_expansion: Finding = None
    sod1_variant: Finding = None
    hsp_panel_positive: Finding = Field(default=None, description="Pathogenic variant on a "
                                        "hereditary spastic paraplegia panel.")


_MIRNA_NAME = re.compile(r"^(hsa-)?mi[rR]-\d+[a-z]?(-\d)?(-[35]p)?$")


class MicroRNA(_Model):
    """A circulating microRNA measurement. Investigational: never a criterion input."""

    name: str = Field(description="e.g. 'miR-181a-5p'.")
    fluid: Literal["serum", "plasma", "csf"]
    fold_change: float = Field(gt=0, le=1000, description="Expression relative to the assay's "
                               "reference/control level (1 = unchanged).")

    @field_validator("name")
    @classmethod
    def _mirna_name(cls, value: str) -> str:
        if not _MIRNA_NAME.match(value.strip()):
            raise ValueError(f"{value!r} is not a microRNA name such as 'miR-181a-5p'")
        return value.strip()


# --------------------------------------------------------------------------- the case


class Case(_Model):
    """A clinical case: the single input of every sclerodx engine."""

    schema_version: Literal["1.1"] = SCHEMA_VERSION
    id: str | None = Field(default=None, max_length=200)
    age: float | None = Field(default=None, ge=0, le=120, description="Age in years at assessment.")
    sex: Sex | None = None
    bmi: float | None = Field(default=None, ge=10, le=80, description="Body-mass index, kg/m².")
    assessment_date: dt.date | None = None
    symptom_onset: HistoryDate | None = Field(
        default=None, description="First symptom: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known."
    )
    course: Course = Field(default_factory=Course)
    episodes: list[Episode] = Field(default_factory=list, max_length=500)
    history: History = Field(default_factory=History)
    exam: Exam = Field(default_factory=Exam)
    emg: list[MuscleEMG] = Field(default_factory=list, max_length=500)
    emg_regions: list[RegionEMG] = Field(
        default_factory=list, max_length=50, description="Region-level EMG summaries (schema 1.1)."
    )
    nerve_conduction: list[NerveConduction] = Field(default_factory=list, max_length=500)
    neuromuscular_junction: NeuromuscularJunction | None = None
    mri: list[MRIStudy] = Field(default_factory=list, max_length=100)
    optic_nerve_tests: OpticNerveTests | None = None
    csf: CSF | None = None
    serum: Serum | None = None
    genetics: Genetics | None = None
    muscle_biopsy: MuscleBiopsy | None = None
    microrna: list[MicroRNA] = Field(default_factory=list, max_length=200)
    other_causes_excluded: Finding = Field(
        default=None,
        description="Investigations exclude another disease that would explain the findings "
        "(required by every MS and ALS criteria set).",
    )
    notes: str | None = Field(default=None, max_length=10_000)

    @field_validator("schema_version", mode="before")
    @classmethod
    def _readable_version(cls, value: Any) -> Any:
        # 1.1 only adds to 1.0, so a 1.0 case is read as 1.1 (sclerodx.casefile.upgrade_case_data).
        return SCHEMA_VERSION if value in READABLE_SCHEMA_VERSIONS else value

    @model_validator(mode="after")
    def _dates_consistent(self) -> Self:
        ref = self.assessment_date
        if ref is None:
            return self
        dated: list[tuple[str, dt.date | None]] = [
            ("symptom_onset", self.symptom_onset),
            ("course.progression_onset", self.course.progression_onset),
        ]
        dated += [(f"episodes[{i}].onset", e.onset) for i, e in enumerate(self.episodes)]
        dated += [(f"mri[{i}].date", s.date) for i, s in enumerate(self.mri)]
        for name, when in dated:
            if when is not None and _earliest(when) > ref:
                raise ValueError(
                    f"{name} ({when}) is after assessment_date ({ref}): dates cannot lie in the future"
                )
        return self

    @property
    def reference_date(self) -> dt.date | None:
        """The date durations are measured to: the assessment date, else the latest date known."""
        if self.assessment_date is not None:
            return self.assessment_date
        dates = [d for d in self._all_dates() if d is not None]
        return max(dates) if dates else None

    def _all_dates(self) -> list[dt.date | None]:
        dates: list[dt.date | None] = [self.symptom_onset, self.course.progression_onset]
        dates += [e.onset for e in self.episodes] + [e.resolution for e in self.episodes]
        dates += [s.date for s in self.mri]
        dates += [self.csf.date if self.csf else None, self.serum.date if self.serum else None]
        return dates

    def mri_sorted(self) -> list[MRIStudy]:
        """MRI studies from earliest to latest."""
        return sorted(self.mri, key=lambda s: s.date)


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Case`, with its version."""
    schema = Case.model_json_schema()
    schema["$id"] = f"https://sclerodx.org/schema/case/{SCHEMA_VERSION}"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"sclerodx clinical case (schema {SCHEMA_VERSION})"
    return schema
