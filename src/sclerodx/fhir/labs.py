"""Laboratory results as FHIR Observation values, and back: one codec per kind of value.

Writer and reader share these codecs, so a laboratory field always travels the same
way: a concentration as ``valueQuantity`` in a UCUM unit, an antibody as a coded
result (with its titre as a component and its assay as ``method``), a repeat count as
``valueInteger``. Which code each field carries is in :data:`sclerodx.fhir.codes.LABS`.

A result in a unit sclerodx cannot convert is refused (:class:`ValueError` naming the
units it accepts), never read as if it were in another unit.

References
----------
.. [1] HL7 International. FHIR R4B Observation: value[x], method, component. 2022.
       http://hl7.org/fhir/R4B/observation.html
.. [2] Schadow G, McDonald CJ. The Unified Code for Units of Measure (UCUM).
       Regenstrief Institute. https://ucum.org/ucum (``U/L``, ``/uL``, ``10*6/L``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sclerodx.case import AntibodyResult, NeurofilamentLevel, ProteinLevel
from sclerodx.fhir import codes
from sclerodx.fhir.components import finding_code, quantity


@dataclass(frozen=True, slots=True)
class Unit:
    """The unit a plain quantity is written in, and the equal units accepted on reading."""

    ucum: str
    same: frozenset[str]
    """Unit codes or strings equal to :attr:`ucum` (a factor of 1)."""


#: Plain-number laboratory fields and their units (``None``: a dimensionless index).
_PLAIN: dict[str, Unit | None] = {
    "serum.ck_u_per_l": Unit("U/L", frozenset({"U/L", "IU/L", "[IU]/L", "u/L"})),
    # 1 cell/uL = 1 cell/mm3 = 10^6 cells/L
    "csf.white_cells_per_ul": Unit("/uL", frozenset({"/uL", "/mm3", "10*6/L", "cells/uL", "{cells}/uL",
                                                     "/µL", "cells/µL"})),
    "csf.igg_index": None,
    "csf.kflc_index": None,
}
_ANTIBODY_RESULT = {"positive": codes.SNOMED_POSITIVE, "negative": codes.SNOMED_NEGATIVE}
_TITER = "antibody.titer"


def _local_method(prefix: str, assay: str | None) -> dict[str, Any]:
    if assay is None:
        return {}
    return {"method": {"coding": [{"system": codes.FINDING_SYSTEM, "code": f"{prefix}.{assay}"}],
                       "text": assay}}


def _method(res: Mapping[str, Any], prefix: str) -> str | None:
    return (finding_code(res.get("method")) or "").removeprefix(f"{prefix}.") or None


def _unit_of(res: Mapping[str, Any]) -> str | None:
    quantity = res.get("valueQuantity", {})
    unit = quantity.get("code") or quantity.get("unit")
    return None if unit is None else str(unit)


def _number(res: Mapping[str, Any], element: str) -> Any:
    if "valueQuantity" in res:
        return res["valueQuantity"].get("value")
    if "valueInteger" in res:
        return res["valueInteger"]
    raise ValueError(f"{element}: expected valueQuantity (or valueInteger) holding the result")


# --------------------------------------------------------------------------- writing


def encode(field: str, value: Any) -> dict[str, Any]:
    """The Observation elements (``value[x]``, ``method``, ``component``) of one result."""
    if field == "age":
        return quantity(value, codes.AGE_UNIT)
    if isinstance(value, NeurofilamentLevel):
        return quantity(value.value, value.unit) | _local_method("assay", value.assay)
    if isinstance(value, ProteinLevel):
        return quantity(value.value, value.unit)
    if isinstance(value, AntibodyResult):
        coding = [{"system": codes.FINDING_SYSTEM, "code": f"antibody.{value.result}"}]
        if value.result in _ANTIBODY_RESULT:
            coding.append(_ANTIBODY_RESULT[value.result].coding())
        elements: dict[str, Any] = {"valueCodeableConcept": {"coding": coding, "text": value.result}}
        if value.titer is not None:
            elements["component"] = [{"code": {"coding": [{"system": codes.FINDING_SYSTEM, "code": _TITER}],
                                               "text": "reciprocal end-point titre"},
                                      "valueInteger": value.titer}]
        return elements | _local_method("assay", value.assay)
    if field == "genetics.ar_cag_repeats":
        return {"valueInteger": value}
    if field in _PLAIN:
        unit = _PLAIN[field]
        return quantity(value, unit.ucum if unit else None)
    raise KeyError(f"no FHIR codec for laboratory field {field!r}")


# --------------------------------------------------------------------------- reading


def _decode_nfl(res: Mapping[str, Any]) -> dict[str, Any]:
    return {"value": res.get("valueQuantity", {}).get("value"), "unit": _unit_of(res),
            "assay": _method(res, "assay")}


def _decode_protein(res: Mapping[str, Any]) -> dict[str, Any]:
    return {"value": res.get("valueQuantity", {}).get("value"), "unit": _unit_of(res)}


def _decode_antibody(res: Mapping[str, Any]) -> dict[str, Any]:
    concept = res.get("valueCodeableConcept")
    if not isinstance(concept, Mapping):
        raise ValueError("valueCodeableConcept: expected the antibody result coded positive, negative "
                         f"or equivalent (SNOMED CT, or {codes.FINDING_SYSTEM} antibody.<result>)")
    local = finding_code(concept)
    result = local.removeprefix("antibody.") if local else None
    if result is None:
        keys = {(c.get("system"), c.get("code")) for c in concept.get("coding", [])}
        result = next((name for name, code in _ANTIBODY_RESULT.items() if (code.system, code.code) in keys),
                      None)
    if result is None:
        raise ValueError("valueCodeableConcept: expected SNOMED CT Positive (10828004) or Negative "
                         f"(260385009), or {codes.FINDING_SYSTEM} antibody.positive/negative/equivocal")
    titers = [c.get("valueInteger") for c in res.get("component", [])
              if finding_code(c.get("code")) == _TITER]
    if titers and titers[0] is None:  # a titre in another value[x] must not vanish silently
        raise ValueError(f"component ({codes.FINDING_SYSTEM} {_TITER}): expected the reciprocal end-point "
                         "titre as valueInteger")
    return {"result": result, "titer": titers[0] if titers else None, "assay": _method(res, "assay")}


def _decode_plain(field: str) -> Callable[[Mapping[str, Any]], Any]:
    unit = _PLAIN[field]

    def decode(res: Mapping[str, Any]) -> Any:
        given = _unit_of(res)
        if unit is not None and given is not None and given not in unit.same:
            raise ValueError(f"valueQuantity.code: expected the result in {unit.ucum} (or one of "
                             f"{', '.join(sorted(unit.same))})")
        if unit is None and given not in (None, "1", "{index}", "{ratio}"):
            raise ValueError("valueQuantity.code: this index is dimensionless; expected no unit or '1'")
        return _number(res, "value[x]")

    return decode


_DECODERS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "serum.nfl": _decode_nfl, "csf.nfl": _decode_nfl, "csf.pnfh": _decode_nfl,
    "csf.protein": _decode_protein,
    "serum.aqp4_igg": _decode_antibody, "serum.mog_igg": _decode_antibody,
    "serum.anti_gm1_igm": _decode_antibody, "serum.htlv1_antibodies": _decode_antibody,
    "serum.achr_antibodies": _decode_antibody, "serum.musk_antibodies": _decode_antibody,
    "genetics.ar_cag_repeats": lambda res: _number(res, "value[x]"),
    **{field: _decode_plain(field) for field in _PLAIN},
}


def decode(field: str, res: Mapping[str, Any]) -> Any:
    """The case value of one laboratory Observation (before case-model validation).

    Raises
    ------
    ValueError
        When the value is missing, coded in a way sclerodx does not read, or in a unit
        it cannot convert; the message names the element and what was expected.
    """
    return _DECODERS[field](res)
