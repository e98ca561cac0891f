"""Every case field is carried by FHIR, both ways: Case -> Bundle -> Case loses nothing.

Two guards, so that the next field added to the case model cannot be dropped silently:

* every field path of :class:`~sclerodx.case.Case` is claimed by a FHIR mapping
  (:func:`sclerodx.fhir.sections.carried_paths`), named in the failure;
* random valid cases drawn from the model itself (``tests/fhir/random_cases.py``: a new
  field is drawn without touching the strategy) read back equal, over the bundled
  examples too.
"""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel
from tests.fhir.random_cases import cases

from sclerodx.case import Case
from sclerodx.examples import list_examples, load_example
from sclerodx.fhir import case_to_bundle, omitted_fields, read_bundle
from sclerodx.fhir.cds_hooks import PREFETCH
from sclerodx.fhir.sections import NOT_CARRIED, carried_paths

HOW_TO_MAP = ("map it in sclerodx.fhir: a laboratory result in codes.LABS (with its LOINC code when one is "
              "verified, else a local code) and a codec in labs.py; a finding in sections.SECTIONS (a part "
              "held once) or sections.RECORDS (a list of parts); see the local code system in codes.py")


def _part_model(annotation: Any) -> type[BaseModel] | None:
    """The case-model part a field holds directly (not in a list or mapping), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, __import__("types").UnionType):
        return next((m for a in typing.get_args(annotation) if (m := _part_model(a))), None)
    return None


def _field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        part = _part_model(info.annotation)
        paths += _field_paths(part, f"{path}.") if part else [path]
    return paths


def _covered(path: str, carried: frozenset[str]) -> bool:
    parts = path.split(".")
    return any(".".join(parts[:i]) in carried for i in range(1, len(parts) + 1))


def test_every_case_field_has_a_fhir_mapping() -> None:
    carried = carried_paths() | NOT_CARRIED
    missing = [path for path in _field_paths(Case) if not _covered(path, carried)]
    assert not missing, f"case field(s) {', '.join(missing)} are carried by no FHIR mapping: {HOW_TO_MAP}"


def _pruned(value: Any) -> Any:
    """*value* without empty objects: an optional part with nothing recorded says nothing."""
    if isinstance(value, dict):
        kept = {key: _pruned(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item != {}}
    if isinstance(value, list):
        return [_pruned(item) for item in value]
    return value


def assert_round_trips(case: Case) -> None:
    text = case_to_bundle(case).model_dump_json(exclude_none=True)
    back = read_bundle(json.loads(text)).case
    original = _pruned(case.model_dump(mode="json", exclude_defaults=True))
    restored = _pruned(back.model_dump(mode="json", exclude_defaults=True))
    if original != restored:
        lost = omitted_fields(case) or ["(a value changed on the way)"]
        pytest.fail(f"Case -> FHIR Bundle -> Case changed {', '.join(lost)}: {HOW_TO_MAP}")


ROUND_TRIP = settings(max_examples=60, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                             HealthCheck.data_too_large])


@pytest.mark.parametrize("name", list_examples())
def test_examples_round_trip_losslessly(name: str) -> None:
    assert_round_trips(load_example(name))
    assert omitted_fields(load_example(name)) == []


@ROUND_TRIP
@given(cases(full=True))
def test_cases_with_every_field_set_round_trip(case: Case) -> None:
    assert_round_trips(case)


@ROUND_TRIP
@given(cases())
def test_random_cases_round_trip(case: Case) -> None:
    assert_round_trips(case)


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases(full=True))
def test_cds_prefetch_asks_for_every_observation_code_written(case: Case) -> None:
    # the patient-view prefetch must fetch whatever the writer writes, or the EHR's data is never read
    query = PREFETCH["observations"].split("code=", 1)[1].split(",")
    for entry in case_to_bundle(case).entry:
        resource = entry.resource
        if resource.get_resource_type() == "Observation":
            coding = resource.code.coding[0]
            assert f"{coding.system}|{coding.code}" in query
