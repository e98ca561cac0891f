"""Optional API-key authentication.

Off by default (local use). When a key is configured (``SCLERODX_API_KEY`` or the
variable named by ``sclerodx serve --api-key-env``), every ``/v1`` endpoint needs
either ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``; the comparison is
constant-time. ``/healthz``, the web page and the OpenAPI document stay open.

References
----------
.. [1] Jones M, Hardt D. The OAuth 2.0 Authorization Framework: Bearer Token Usage.
       RFC 6750, IETF; 2012 (the ``WWW-Authenticate: Bearer`` challenge).
"""

from __future__ import annotations

import hmac

from fastapi import Request

from sclerodx.api.problems import ProblemError


def presented_key(request: Request) -> str | None:
    """The key a request carries, from ``Authorization: Bearer`` or ``X-API-Key``."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get("x-api-key") or None


def check_api_key(request: Request, expected: str | None) -> None:
    """Raise a 401 problem unless auth is off or the request carries the expected key."""
    if expected is None:
        return
    given = presented_key(request)
    if given is None or not hmac.compare_digest(given.encode(), expected.encode()):
        raise ProblemError(401, "unauthorized", "Unauthorized",
                         "this server needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key'",
                         headers={"WWW-Authenticate": 'Bearer realm="sclerodx"'})
