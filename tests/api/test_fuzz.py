"""The API fuzzed against its own OpenAPI document (schemathesis): no server error, and every
response conforms to the document (status codes, content types, headers, body schemas).

The app runs with a case store and a clinician key, so the store operations are
reached past authentication. Bounded (a few dozen examples per operation).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from tests.api.conftest import settings as app_settings

from sclerodx.api.app import create_app
from sclerodx.api.store import Store

_DB = Path(tempfile.mkdtemp(prefix="sclerodx-fuzz-")) / "store.db"
_store = Store(f"sqlite:///{_DB}")
_store.add_tenant("fuzz")
KEY = _store.add_key("fuzz", "clinician").token
_store.close()
APP = create_app(app_settings(database_url=f"sqlite:///{_DB}", rate_limit_per_minute=1_000_000))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
# examples and random generation; the coverage phase's hundreds of boundary cases per operation
# each run a full assessment and take minutes on a CI machine
schema.config.phases.update(phases=["examples", "fuzzing"])


def test_document_resolves_its_references_and_declares_security() -> None:
    document = APP.openapi()
    text = str(document)
    components = document["components"]
    for ref in {part.split("'")[0] for part in text.split("'$ref': '")[1:]}:
        name = ref.removeprefix("#/components/schemas/")
        assert name in components["schemas"], ref
    assert set(components["securitySchemes"]) == {"apiKey", "bearer"}
    assert document["paths"]["/v1/assessments"]["get"]["security"]


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
def test_no_server_error_and_responses_match_the_document(case: schemathesis.Case) -> None:
    response = case.call_and_validate(headers={"X-API-Key": KEY},
                                      excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500, (response.status_code, response.text[:500])
