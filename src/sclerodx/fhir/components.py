"""Case-model parts as FHIR ``value[x]`` items, and back.

Findings without a standard code (an EMG muscle, an MRI lesion, a regional motor
exam, an episode) are written field by field: each known field becomes one
Observation ``component`` (or one Condition ``extension``) coded in the local
:data:`~sclerodx.fhir.codes.FINDING_SYSTEM` as ``<kind>.<field>``. One generic
mapping, driven by the pydantic model, keeps writer and reader symmetric: a field
added to the case model is carried without touching this module.

``None`` (unknown) is never written; ``False`` (examined, absent) is.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from sclerodx.fhir.codes import EXTENSION_BASE, FINDING_SYSTEM, UCUM

#: UCUM units of the numeric fields that carry one (the field name says which).
_UNITS: dict[str, str] = {"size_mm": "mm", "volume_ml": "mL"}


def quantity(value: float, unit: str | None) -> dict[str, Any]:
    """A ``valueQuantity`` in a UCUM *unit* (none for a dimensionless number)."""
    element: dict[str, Any] = {"value": value}
    if unit is not None:
        element |= {"unit": unit, "system": UCUM, "code": unit}
    return {"valueQuantity": element}


def fhir_value(field: str, value: Any) -> dict[str, Any]:
    """One Python value as a FHIR ``value[x]`` entry."""
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, StrEnum):
        return {"valueCodeableConcept": {"coding": [{"system": FINDING_SYSTEM, "code": value.value}],
                                          "text": value.value}}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return quantity(value, _UNITS.get(field))
    if isinstance(value, dt.date):
        return {"valueDateTime": value.isoformat()}
    if isinstance(value, str):
        return {"valueString": value}
    raise TypeError(f"{field}: no FHIR value type for {type(value).__name__}")


def python_value(item: Mapping[str, Any]) -> Any:
    """The Python value of a FHIR element carrying ``value[x]``.

    Raises
    ------
    ValueError
        When the element has no value sclerodx reads, or a coded value is not in the
        local finding system.
    """
    for key in ("valueBoolean", "valueInteger", "valueString", "valueDateTime"):
        if key in item:
            return item[key]
    if "valueQuantity" in item:
        return item["valueQuantity"].get("value")
    if "valueDecimal" in item:
        return item["valueDecimal"]
    if "valueCodeableConcept" in item:
        for coding in item["valueCodeableConcept"].get("coding", []):
            if coding.get("system") == FINDING_SYSTEM:
                return coding.get("code")
        raise ValueError("coded value is not in the sclerodx finding code system")
    raise ValueError(f"no supported value[x] (got {sorted(k for k in item if k.startswith('value'))})")


def model_items(model: BaseModel, kind: str, skip: frozenset[str] = frozenset()) -> Iterator[
        tuple[str, dict[str, Any]]]:
    """``(code, value[x])`` for every scalar field of *model*, codes ``<kind>.<field>``.

    Nested models and mappings are left to their own resources.
    """
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in skip or value is None or isinstance(value, BaseModel | dict):
            continue
        values = sorted(value) if isinstance(value, set) else value if isinstance(value, list) else [value]
        for item in values:
            yield f"{kind}.{name}", fhir_value(name, item)


def as_components(items: Iterator[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Items as Observation components."""
    return [{"code": {"coding": [{"system": FINDING_SYSTEM, "code": code}], "text": code}, **value}
            for code, value in items]


def as_extensions(items: Iterator[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Items as resource extensions (for resources without components, e.g. Condition)."""
    return [{"url": EXTENSION_BASE + code, **value} for code, value in items]


def _is_collection(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_is_collection(arg) for arg in typing.get_args(annotation))
    return origin in (list, set)


def collect_fields(
    model: type[BaseModel], kind: str, coded: list[tuple[str, Mapping[str, Any]]],
    skip: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], list[str]]:
    """Rebuild the field dict of *model* from ``(code, element)`` pairs.

    Returns the fields and one message per element that could not be read (unknown
    code or value, or a field in *skip*, which travels elsewhere); nothing is
    dropped silently.
    """
    fields: dict[str, Any] = {}
    problems: list[str] = []
    for code, element in coded:
        name = code.removeprefix(f"{kind}.")
        info = model.model_fields.get(name)
        if not code.startswith(f"{kind}.") or info is None or name in skip:
            problems.append(f"unknown {kind} finding code {code!r}")
            continue
        try:
            value = python_value(element)
        except ValueError as exc:
            problems.append(f"{code}: {exc}")
            continue
        if _is_collection(info.annotation):
            fields.setdefault(name, []).append(value)
        elif name in fields:
            problems.append(f"{code}: given more than once; the first value is kept")
        else:
            fields[name] = value
    return fields, problems


def finding_code(concept: Mapping[str, Any] | None) -> str | None:
    """The local finding code of a CodeableConcept, if it has one."""
    for coding in (concept or {}).get("coding", []):
        if coding.get("system") == FINDING_SYSTEM:
            code = coding.get("code")
            return str(code) if code is not None else None
    return None


def component_pairs(resource: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """``(code, component)`` for each component of an Observation (code '' if not local)."""
    return [(finding_code(c.get("code")) or _display(c.get("code")), c)
            for c in resource.get("component", [])]


def extension_pairs(resource: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """``(code, extension)`` for each extension of a resource (the URL when not ours)."""
    return [(str(e.get("url", "")).removeprefix(EXTENSION_BASE), e) for e in resource.get("extension", [])]


def _display(concept: Mapping[str, Any] | None) -> str:
    codings = (concept or {}).get("coding", [])
    if codings:
        return f"{codings[0].get('system', '')}|{codings[0].get('code', '')}"
    return str((concept or {}).get("text", ""))
