"""LOINC codes for every laboratory result a case holds, read and written.

The expected codes are written down from the sources cited in sclerodx.fhir.codes (not
taken from a run): a mistake in the table fails here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sclerodx.case import CSF, AntibodyResult, Case, Genetics, NeurofilamentLevel, ProteinLevel, Serum
from sclerodx.fhir import FhirError, case_to_bundle, read_bundle

LOINC = "http://loinc.org"
LOCAL = "https://sclerodx.org/fhir/CodeSystem/finding"

#: case field -> (system, code) written, from the sources in codes.py.
EXPECTED = {
    "serum.nfl": (LOINC, "101281-4"),
    "serum.ck_u_per_l": (LOINC, "2157-6"),
    "serum.aqp4_igg": (LOINC, "43638-6"),
    "serum.mog_igg": (LOINC, "90248-6"),
    "serum.anti_gm1_igm": (LOCAL, "anti-gm1-igm"),     # no LOINC code confirmed
    "csf.nfl": (LOCAL, "csf-nfl"),                     # 94677-2 unverified: read only
    "csf.pnfh": (LOCAL, "csf-pnfh"),                   # no LOINC code confirmed
    "csf.ocb": (LOINC, "100756-6"),  # interpretation; 49852-7 is the band count
    "csf.igg_index": (LOINC, "14117-6"),
    "csf.kflc_index": (LOCAL, "kflc-index"),           # no LOINC code confirmed
    "csf.white_cells_per_ul": (LOINC, "26465-5"),
    "csf.protein": (LOINC, "2880-3"),
    "genetics.ar_cag_repeats": (LOCAL, "ar-cag-repeats"),  # no LOINC code confirmed
}


def _lab_case() -> Case:
    return Case(
        id="labs", sex="male", age=58,
        serum=Serum(date=dt.date(2024, 3, 2), nfl=NeurofilamentLevel(value=48.0, unit="pg/mL", assay="simoa"),
                    ck_u_per_l=820.0, aqp4_igg=AntibodyResult(result="negative", assay="cell_based"),
                    mog_igg=AntibodyResult(result="positive", titer=320),
                    anti_gm1_igm=AntibodyResult(result="equivocal", assay="elisa")),
        csf=CSF(date=dt.date(2024, 3, 5), ocb="negative", igg_index=0.52, kflc_index=3.1,
                nfl=NeurofilamentLevel(value=3900.0, unit="ng/L"),
                pnfh=NeurofilamentLevel(value=2100.0, unit="pg/mL"), white_cells_per_ul=2.0,
                protein=ProteinLevel(value=48.0, unit="mg/dL")),
        genetics=Genetics(ar_cag_repeats=44),
    )


def _observations(case: Case) -> list[dict[str, Any]]:
    bundle = case_to_bundle(case).model_dump(mode="json", exclude_none=True)
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"]


def test_every_lab_is_written_with_its_code() -> None:
    written = {(c["system"], c["code"]) for obs in _observations(_lab_case()) for c in obs["code"]["coding"]}
    for field, code in EXPECTED.items():
        assert code in written, field


def test_every_lab_round_trips() -> None:
    case = _lab_case()
    back = read_bundle(case_to_bundle(case).model_dump(mode="json", exclude_none=True)).case
    assert back.serum == case.serum
    assert back.csf == case.csf
    assert back.genetics == case.genetics


def test_units_and_results_are_written_in_ucum_and_snomed() -> None:
    by_code = {obs["code"]["coding"][0]["code"]: obs for obs in _observations(_lab_case())}
    assert by_code["2157-6"]["valueQuantity"]["code"] == "U/L"
    assert by_code["26465-5"]["valueQuantity"]["code"] == "/uL"
    assert by_code["2880-3"]["valueQuantity"]["code"] == "mg/dL"
    mog = by_code["90248-6"]
    assert {"system": "http://snomed.info/sct", "code": "10828004", "display": "Positive"} in \
        mog["valueCodeableConcept"]["coding"]
    assert mog["component"][0]["valueInteger"] == 320
    assert "display" not in by_code["43638-6"]["code"]["coding"][0]  # LOINC long name not confirmed


def _ehr_bundle(*observations: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [
        {"resource": {"resourceType": "Observation", "status": "final", "subject": {"reference": "Patient/9"},
                      **obs}} for obs in observations]}


def _coded(code: str) -> dict[str, Any]:
    return {"code": {"coding": [{"system": LOINC, "code": code}]}}


def test_an_ehr_lab_bundle_is_read() -> None:
    case = read_bundle(_ehr_bundle(
        {**_coded("2157-6"), "valueQuantity": {"value": 1450, "unit": "IU/L"}},
        {**_coded("806-0"), "valueQuantity": {"value": 12, "unit": "cells/uL", "code": "/uL"}},
        {**_coded("2880-3"), "valueQuantity": {"value": 0.62, "code": "g/L"}},
        {**_coded("43638-6"), "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct",
                                                                    "code": "10828004"}]}},
        {**_coded("94677-2"), "valueQuantity": {"value": 800, "code": "ng/L"}},
    )).case
    assert case.serum is not None
    assert case.csf is not None
    assert case.serum.ck_u_per_l == 1450
    assert case.serum.aqp4_igg == AntibodyResult(result="positive")
    assert case.csf.white_cells_per_ul == 12
    assert case.csf.protein == ProteinLevel(value=0.62, unit="g/L")
    assert case.csf.nfl == NeurofilamentLevel(value=800, unit="ng/L")


@pytest.mark.parametrize(("code", "value", "expected"), [
    ("2157-6", {"valueQuantity": {"value": 3, "code": "ukat/L"}}, "U/L"),
    ("26465-5", {"valueQuantity": {"value": 3, "code": "10*9/L"}}, "/uL"),
    ("43638-6", {"valueString": "pos"}, "valueCodeableConcept"),
    ("14117-6", {"valueQuantity": {"value": 0.7, "code": "mg/dL"}}, "dimensionless"),
])
def test_a_unit_or_coding_sclerodx_cannot_convert_is_refused(code: str, value: dict[str, Any],
                                                              expected: str) -> None:
    with pytest.raises(FhirError) as caught:
        read_bundle(_ehr_bundle({**_coded(code), **value}))
    location, message = caught.value.problems[0]
    assert location == "entry[0]"
    assert expected in message


@pytest.mark.parametrize("code", ["100756-6", "49852-7"])
def test_an_oligoclonal_band_interpretation_is_read_under_either_code(code: str) -> None:
    # 100756-6 is the CSF band interpretation (Mayo OLIG, current map); 49852-7 is the
    # band count (ARUP 0081135, Mayo 'CSF Bands') that an older Mayo map used for the
    # interpretation: read when it carries a coded pattern, never written.
    negative = {"coding": [{"system": "http://snomed.info/sct", "code": "260385009"}]}
    case = read_bundle(_ehr_bundle({**_coded(code), "valueCodeableConcept": negative})).case
    assert case.csf is not None
    assert case.csf.ocb == "negative"


def test_a_band_count_is_not_read_as_a_pattern() -> None:
    with pytest.raises(FhirError) as caught:
        read_bundle(_ehr_bundle({**_coded("49852-7"), "valueInteger": 3}))
    assert "oligoclonal band pattern" in caught.value.problems[0][1]


@pytest.mark.parametrize("value", [{"valueString": "1:320"}, {"valueQuantity": {"value": 320}}])
def test_a_titre_in_another_value_type_is_refused_not_dropped(value: dict[str, Any]) -> None:
    # The titre component was read from valueInteger only: any other value[x] left the
    # titre out without a word.
    positive = {"coding": [{"system": "http://snomed.info/sct", "code": "10828004"}]}
    titre = {"code": {"coding": [{"system": LOCAL, "code": "antibody.titer"}]}, **value}
    with pytest.raises(FhirError) as caught:
        read_bundle(_ehr_bundle({**_coded("90248-6"), "valueCodeableConcept": positive,
                                 "component": [titre]}))
    location, message = caught.value.problems[0]
    assert location == "entry[0]"
    assert "valueInteger" in message
    assert "1:320" not in message
