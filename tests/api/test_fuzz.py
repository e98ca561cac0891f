"""The API fuzzed against its own OpenAPI document: no server error on any generated request.

Bounded (a few dozen examples per operation) so it runs in well under a minute.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from sclerodx.api.app import create_app
from sclerodx.api.settings import ApiSettings

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(ApiSettings(database_url="sqlite://")))


@schema.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
def test_no_server_error(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, (response.status_code, response.text[:500])
