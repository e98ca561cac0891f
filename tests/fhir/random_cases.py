"""Random valid cases drawn from the case model itself, for the FHIR round-trip tests.

Unlike the hand-written strategy of the criteria property tests, this one is derived
from :class:`~sclerodx.case.Case` field by field: a field added to the model is drawn
without touching this module, so a field the FHIR mapping does not carry fails the
round trip. A field of a type this module cannot draw raises :class:`TypeError` naming
it, never passes silently.

``full=True`` sets every field of every part (lists hold at least one item), so a
single example exercises the whole model.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from typing import Any

import annotated_types as at
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from sclerodx.anatomy import MUSCLES, REGIONS, Region
from sclerodx.case import (
    UMN_SIGNS,
    UMN_SIGNS_BY_REGION,
    Case,
    Episode,
    Exam,
    MicroRNA,
    MRIStudy,
    MuscleEMG,
    NerveConduction,
    PartialDate,
    RegionExam,
)

JSON = dict[str, Any]
#: History and event dates lie in this window; the assessment date after it, so no date
#: lies in the future of the assessment.
DATES = (dt.date(1990, 1, 1), dt.date(2020, 12, 31))
ASSESSMENT = (dt.date(2021, 1, 1), dt.date(2025, 12, 31))
#: Printable text without the characters FHIR strings forbid or blank ends (the writer
#: strips those by design: see sclerodx.fhir.strings).
TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S")), min_size=1,
               max_size=40).map(str.strip).filter(bool)

#: Fields whose valid values are a vocabulary the type does not say.
_VOCABULARY: dict[tuple[type[BaseModel], str], st.SearchStrategy[Any]] = {
    (MuscleEMG, "muscle"): st.sampled_from([m.name for m in MUSCLES]),
    (MicroRNA, "name"): st.sampled_from(["miR-181a-5p", "miR-206", "hsa-miR-155-5p", "miR-338-3p"]),
    (Case, "assessment_date"): st.dates(*ASSESSMENT),
}


def _bounds(metadata: list[Any], low: float, high: float) -> tuple[float, float, bool]:
    exclude_low = False
    for item in metadata:
        if isinstance(item, at.Ge):
            low = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, at.Gt):
            low, exclude_low = float(item.gt), True  # type: ignore[arg-type]
        elif isinstance(item, at.Le):
            high = float(item.le)  # type: ignore[arg-type]
    return low, high, exclude_low


def _length(metadata: list[Any], default: int) -> tuple[int, int]:
    low, high = 0, default
    for item in metadata:
        if isinstance(item, at.MinLen):
            low = item.min_length
        elif isinstance(item, at.MaxLen):
            high = min(high, item.max_length)
    return low, high


def _strategy(annotation: Any, metadata: list[Any], where: str, full: bool) -> st.SearchStrategy[Any]:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        inner = st.one_of(*(_strategy(a, metadata, where, full) for a in options))
        return inner if full or type(None) not in args else st.none() | inner
    if origin is typing.Annotated:
        return _strategy(args[0], [*metadata, *args[1:]], where, full)
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (list, set):
        low, high = _length(metadata, 3)
        items = _strategy(args[0], [], where, full)
        low = max(low, 1) if full else low
        if origin is set:
            return st.sets(items, min_size=low, max_size=high).map(sorted)
        return st.lists(items, min_size=low, max_size=high)
    if annotation is bool:
        return st.booleans()
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return st.sampled_from([member.value for member in annotation])
    if annotation is PartialDate:
        return st.dates(*DATES).flatmap(
            lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]]))
    if annotation is dt.date:
        return st.dates(*DATES).map(dt.date.isoformat)
    if annotation is int:
        low, high, exclude = _bounds(metadata, 0, 1000)
        return st.integers(int(low) + exclude, int(high))
    if annotation is float:
        low, high, exclude = _bounds(metadata, 0, 1000)
        return st.floats(low, high, exclude_min=exclude, allow_nan=False, allow_infinity=False)
    if annotation is str:
        longest = _length(metadata, 40)[1]
        return TEXT.filter(lambda s: len(s) <= longest)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_dicts(annotation, full=full)
    raise TypeError(f"{where}: no random-case strategy for {annotation!r}; add one in "
                    "tests/fhir/random_cases.py so the FHIR round trip covers this field")


def _motor(full: bool) -> st.SearchStrategy[JSON]:
    """The motor exam per region, with only the UMN signs examined in each region."""
    def region_exam(region: Region) -> st.SearchStrategy[JSON]:
        wrong = frozenset(UMN_SIGNS) - UMN_SIGNS_BY_REGION[region]
        return model_dicts(RegionExam, full=full, but=wrong)
    exams = {region.value: region_exam(region) for region in REGIONS}
    return st.fixed_dictionaries(exams) if full else st.fixed_dictionaries({}, optional=exams)


def _repair(model: type[BaseModel], data: JSON) -> JSON:
    """Make the drawn values meet the model's cross-field rules (see sclerodx.case)."""
    if model is RegionExam and data.get("weakness") is False:
        data.pop("weakness_origin", None)
    if model is NerveConduction and data.get("kind") == "sensory":
        data.pop("conduction_block", None)
    if model is Episode and data.get("resolution") and data["resolution"] < data["onset"]:
        data["onset"], data["resolution"] = data["resolution"], data["onset"]
    if model is MRIStudy:
        regions = set(data["regions_imaged"])
        if any(lesion["location"] == "spinal_cord" for lesion in data.get("lesions", [])) or (
                data.get("cord_compression") is not None):
            regions.add("cervical_cord")
        if any(lesion["location"] == "optic_nerve" for lesion in data.get("lesions", [])):
            regions.add("optic_nerves")
        data["regions_imaged"] = sorted(regions)
        if data.get("gadolinium") is False:  # no enhancement without contrast
            for lesion in data.get("lesions", []):
                if lesion.get("enhancing"):
                    del lesion["enhancing"]
    return data


def _valid(model: type[BaseModel], data: JSON) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def model_dicts(model: type[BaseModel], *, full: bool = False,
                but: frozenset[str] = frozenset()) -> st.SearchStrategy[JSON]:
    """JSON objects the case-model part *model* accepts (every field set when *full*)."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        if name in but or name == "schema_version":
            continue
        where = f"{model.__name__}.{name}"
        if model is Exam and name == "motor":
            fields[name] = _motor(full)
        elif (model, name) in _VOCABULARY:
            fields[name] = _VOCABULARY[(model, name)]
        else:
            fields[name] = _strategy(info.annotation, list(info.metadata), where, full)
    required = {name: s for name, s in fields.items() if full or model.model_fields[name].is_required()}
    optional = {name: s for name, s in fields.items() if name not in required}
    drawn = st.fixed_dictionaries(required, optional=optional)
    return drawn.map(lambda data: _repair(model, data)).filter(lambda data: _valid(model, data))


def cases(*, full: bool = False) -> st.SearchStrategy[Case]:
    """Random valid cases (every field of every part set when *full*)."""
    return model_dicts(Case, full=full).map(Case.model_validate)
