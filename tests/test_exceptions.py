"""One base class for every input error, and its problem+json form for the API."""

from __future__ import annotations

import pytest

from sclerodx.casefile import CaseFileError, parse_case
from sclerodx.emg import EMGInputError
from sclerodx.exceptions import InputError, problem_details
from sclerodx.fhir import FhirError
from sclerodx.mri import MRIInputError


@pytest.mark.parametrize("kind", [CaseFileError, EMGInputError, MRIInputError, FhirError])
def test_every_input_error_shares_the_base(kind: type[Exception]) -> None:
    assert issubclass(kind, InputError)
    assert issubclass(kind, ValueError)  # callers that caught ValueError keep working


def test_a_bad_case_names_the_field_and_never_echoes_the_value() -> None:
    with pytest.raises(InputError) as info:
        parse_case('{"age": 431, "sex": "unicorn"}', source="upload")
    message = str(info.value)
    assert "age" in message
    assert "sex" in message
    assert "431" not in message
    assert "unicorn" not in message


def test_problem_details_is_rfc9457_shaped() -> None:
    body = problem_details(CaseFileError("upload: invalid case\nage: too large", field="age"),
                           instance="/v1/assess")
    assert body == {"type": "https://sclerodx.org/problems/invalid-input", "title": "Invalid input",
                    "status": 422, "detail": "upload: invalid case\nage: too large",
                    "instance": "/v1/assess", "field": "age"}
