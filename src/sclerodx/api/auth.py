"""Who is calling: API keys from the store, OAuth 2.0 bearer tokens, a shared key, or nobody.

* With a case store, a request carries a key issued by ``sclerodx store key add``
  (``X-API-Key: sdx_...`` or ``Authorization: Bearer sdx_...``), bound to one
  tenant and one role, or, when an issuer is configured, an OAuth 2.0 access
  token (a JWT verified with PyJWT against the issuer's JWKS: signature, ``iss``,
  ``aud``, ``exp``).
* Without a store, a shared ``SCLERODX_API_KEY`` opens the stateless endpoints
  (compared in constant time); with neither, auth is off (local use).

Every principal is rate limited (a token bucket per key, token subject or client
address): past the limit, 429 with ``Retry-After``.

References
----------
.. [1] Jones M, Hardt D. The OAuth 2.0 Authorization Framework: Bearer Token Usage.
       RFC 6750, IETF; 2012.
.. [2] Bertocci V. JSON Web Token (JWT) Profile for OAuth 2.0 Access Tokens. RFC 9068,
       IETF; 2021.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import math
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import jwt
from fastapi import Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from sclerodx.api.problems import ProblemError
from sclerodx.api.settings import ApiSettings, OAuthSettings
from sclerodx.api.store import ROLES, Principal, Role, Store

_T = TypeVar("_T")
RunDb = Callable[..., Awaitable[Any]]

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="apiKey",
                              description="A key from 'sclerodx store key add' (or the shared key).")
bearer_header = HTTPBearer(auto_error=False, scheme_name="bearer", bearerFormat="API key or JWT",
                           description="An API key, or an OAuth 2.0 access token (JWT) of the issuer.")

ANONYMOUS = Principal(actor="anonymous", role="clinician", tenant_id=None)
SHARED = Principal(actor="shared-key", role="clinician", tenant_id=None)


def unauthorized(detail: str) -> ProblemError:
    """401 with the RFC 6750 challenge."""
    return ProblemError(401, "unauthorized", "Unauthorized", detail,
                        headers={"WWW-Authenticate": 'Bearer realm="sclerodx"'})


def require(principal: Principal, *roles: Role, tenant: bool = False) -> None:
    """403 unless the principal has one of ``roles`` (and a tenant, when ``tenant``)."""
    if principal.role not in roles:
        raise ProblemError(403, "forbidden", "Forbidden",
                           f"this needs the role {' or '.join(roles)} (the key has {principal.role})")
    if tenant and principal.tenant_id is None:
        raise ProblemError(403, "forbidden", "Forbidden",
                           "this needs a tenant's key from 'sclerodx store key add'")


class RateLimiter:
    """A token bucket per principal: ``per_minute`` requests, refilled continuously.

    Per server process: with ``--workers N`` the limit applies in each worker.
    """

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, who: str) -> None:
        """Take one token for ``who``; 429 with ``Retry-After`` when there is none."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(who, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[who] = (tokens, now)
                wait = math.ceil((1.0 - tokens) / self.rate)
                raise ProblemError(429, "rate-limited", "Too many requests",
                                   f"this key may send {self.capacity:g} requests per minute",
                                   headers={"Retry-After": str(wait)})
            self._buckets[who] = (tokens - 1.0, now)
            if len(self._buckets) > 100_000:  # forget idle buckets (they are full again anyway)
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}


class TokenVerifier:
    """Verify OAuth 2.0 access tokens (JWT) of one issuer."""

    def __init__(self, config: OAuthSettings) -> None:
        self.config = config
        self._keys: jwt.PyJWKSet | None = None
        self._client = jwt.PyJWKClient(config.jwks) if config.jwks.startswith("https://") else None

    def _signing_key(self, token: str) -> Any:
        if self._client is not None:
            return self._client.get_signing_key_from_jwt(token).key
        if self._keys is None:
            self._keys = jwt.PyJWKSet.from_dict(json.loads(Path(self.config.jwks).read_text("utf-8")))
        kid = jwt.get_unverified_header(token).get("kid")
        for key in self._keys.keys:
            if kid is None or key.key_id == kid:
                return key.key
        raise jwt.InvalidTokenError("no key of the issuer matches the token's kid")

    def claims(self, token: str) -> dict[str, Any]:
        """The verified claims; :class:`jwt.InvalidTokenError` otherwise (blocking: JWKS fetch)."""
        claims: dict[str, Any] = jwt.decode(
            token, self._signing_key(token), algorithms=list(self.config.algorithms),
            audience=self.config.audience, issuer=self.config.issuer,
            options={"require": ["exp", "iss", "aud", "sub"]})
        return claims

    def role_of(self, claims: dict[str, Any]) -> Role | None:
        """The role a token grants: its role claim, or a ``sclerodx:<role>`` scope (highest wins)."""
        wanted = claims.get(self.config.role_claim)
        scopes = str(claims.get("scope", "")).split()
        granted = [r for r in ROLES if r == wanted or f"sclerodx:{r}" in scopes]
        return granted[0] if len(granted) == 1 else (max(granted, key=ROLES.index) if granted else None)


class Authenticator:
    """Resolve the principal of a request (see the module docstring)."""

    def __init__(self, settings: ApiSettings, store: Store | None, run_db: RunDb) -> None:
        self.settings, self.store, self.run_db = settings, store, run_db
        self.limiter = RateLimiter(settings.rate_limit_per_minute)
        self.verifier = TokenVerifier(settings.oauth) if settings.oauth and store else None

    async def _oauth(self, token: str) -> Principal:
        assert self.verifier is not None
        assert self.store is not None
        try:
            claims = await asyncio.get_running_loop().run_in_executor(None, self.verifier.claims, token)
        except (jwt.InvalidTokenError, jwt.PyJWKClientError):
            raise unauthorized("the bearer token is not valid for this server "
                               "(signature, issuer, audience or expiry)") from None
        role = self.verifier.role_of(claims)
        tenant_name = claims.get(self.verifier.config.tenant_claim)
        tenant = await self.run_db(self.store.tenant, tenant_name) if isinstance(tenant_name, str) else None
        if role is None or tenant is None:
            raise ProblemError(403, "forbidden", "Forbidden",
                               f"the token needs a known tenant in '{self.verifier.config.tenant_claim}' "
                               f"and a role in '{self.verifier.config.role_claim}' or scope "
                               "'sclerodx:<role>'")
        return Principal(actor=f"oauth:{claims['sub']}", role=role, tenant_id=tenant.id)

    async def _resolve(self, token: str | None) -> Principal:
        if self.store is not None:
            if token is None:
                raise unauthorized("send a key as 'X-API-Key' or 'Authorization: Bearer', "
                                   "or an OAuth 2.0 access token as 'Authorization: Bearer'")
            if token.count(".") == 2 and self.verifier is not None:
                return await self._oauth(token)
            found: Principal | None = await self.run_db(self.store.authenticate, token)
            if found is not None:
                return found
        if self.settings.api_key is not None:
            expected = self.settings.api_key.get_secret_value()
            if token is not None and hmac.compare_digest(token.encode(), expected.encode()):
                return SHARED
            raise unauthorized("this server needs an API key: send 'Authorization: Bearer <key>' or "
                               "'X-API-Key'")
        if self.store is not None:
            raise unauthorized("the key is not valid (wrong, revoked or of another server)")
        return ANONYMOUS

    async def __call__(self, request: Request, api_key: str | None,
                       bearer: HTTPAuthorizationCredentials | None) -> Principal:
        token = (bearer.credentials.strip() if bearer and bearer.credentials.strip() else None) or api_key
        principal = await self._resolve(token)
        request.state.principal = principal  # who a 403 refused, for the audit (sclerodx.api.denied)
        client = request.client.host if request.client else "unknown"
        self.limiter.check(principal.actor if principal.tenant_id else f"{principal.actor}@{client}")
        return principal
