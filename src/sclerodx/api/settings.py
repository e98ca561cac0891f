"""Settings of the HTTP API, read once from the environment at start-up.

Secrets (the shared API key, the database URL, which may carry a password) are
:class:`pydantic.SecretStr`: their ``repr``, ``str`` and validation errors show
``**********``, so neither a start-up message nor a traceback prints them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, StringConstraints, field_validator

ENV_PREFIX = "SCLERODX_"
API_KEY_ENV = "SCLERODX_API_KEY"
DATABASE_URL_ENV = "SCLERODX_DATABASE_URL"
MAX_BODY_ENV = "SCLERODX_MAX_BODY_BYTES"
API_KEY_ENV_NAME_ENV = "SCLERODX_API_KEY_ENV"  # which variable holds the key (``serve --api-key-env``)

Role = Literal["clinician", "researcher", "admin"]
MIN_KEY_CHARS = 16
_Url = Annotated[str, StringConstraints(pattern=r"^https://|^/|^\./")]


class OAuthSettings(BaseModel):
    """OAuth 2.0 bearer tokens (JWT, RFC 9068) accepted beside API keys.

    A token is accepted when its signature verifies against the issuer's JSON Web
    Key Set (``jwks``: an ``https://`` URL or a local file), its ``iss`` equals
    ``issuer``, its ``aud`` contains ``audience`` and it has not expired. The
    tenant is the ``tenant_claim`` (a tenant name in the store); the role is the
    ``role_claim``, or a ``scope`` entry ``sclerodx:<role>``.
    """

    model_config = ConfigDict(frozen=True)

    issuer: str = Field(min_length=1)
    audience: str = Field(min_length=1)
    jwks: _Url
    tenant_claim: str = "sclerodx_tenant"
    role_claim: str = "sclerodx_role"
    algorithms: tuple[str, ...] = ("RS256", "ES256", "PS256")


class ApiSettings(BaseModel):
    """How the API runs.

    Auth is off only when there is neither a store nor a shared key (local use).
    With a store (``database_url``), every ``/v1`` request needs a key issued by
    ``sclerodx store key add`` or an OAuth bearer token; the shared ``api_key``
    then opens the stateless endpoints only.
    """

    model_config = ConfigDict(frozen=True)

    api_key: SecretStr | None = Field(default=None, description="Shared key for the stateless endpoints.")
    database_url: SecretStr | None = Field(
        default=None, description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://...")
    oauth: OAuthSettings | None = None
    max_body_bytes: int = Field(default=1_000_000, ge=1_000, le=100_000_000)
    # no stall: CPU work runs in a bounded pool with a time budget; overload is shed
    pool: Literal["process", "thread"] = Field(
        default="process", description="Where assessments run: worker processes (default) or threads.")
    pool_workers: int = Field(default_factory=lambda: min(4, os.cpu_count() or 1), ge=1, le=64)
    queue_depth: int = Field(default=8, ge=0, le=1000,
                             description="Requests that may wait for a pool worker before 503.")
    request_timeout_s: float = Field(default=20.0, gt=0, le=600,
                                     description="Time budget of one assessment.")
    body_timeout_s: float = Field(default=15.0, gt=0, le=600,
                                  description="Time allowed to receive a whole request body.")
    header_timeout_s: float = Field(default=10.0, gt=0, le=600,
                                    description="Time allowed to receive the request headers.")
    max_connections: int = Field(default=256, ge=1, le=100_000,
                                 description="Concurrent connections and requests before 503.")
    rate_limit_per_minute: int = Field(default=120, ge=1, le=1_000_000,
                                       description="Requests per minute per key or token.")
    retry_after_s: int = Field(default=2, ge=1, le=3600)

    @field_validator("api_key")
    @classmethod
    def _long_enough(cls, key: SecretStr | None) -> SecretStr | None:
        if key is not None and len(key.get_secret_value()) < MIN_KEY_CHARS:
            raise ValueError(f"expected at least {MIN_KEY_CHARS} characters (e.g. openssl rand -hex 24)")
        return key

    @property
    def store_url(self) -> str | None:
        """The database URL in clear text, for the engine only."""
        return self.database_url.get_secret_value() if self.database_url else None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None,
                 api_key_env: str | None = None) -> ApiSettings:
        """Settings from ``SCLERODX_*`` environment variables.

        ``api_key_env`` names the key's variable (default ``SCLERODX_API_KEY``, or
        the name in ``SCLERODX_API_KEY_ENV``). Numbers use the field name in upper
        case (``SCLERODX_POOL_WORKERS``, ``SCLERODX_REQUEST_TIMEOUT_S``, ...);
        OAuth needs ``SCLERODX_OAUTH_ISSUER``, ``_AUDIENCE`` and ``_JWKS``.
        """
        env = os.environ if environ is None else environ
        key_var = api_key_env or env.get(API_KEY_ENV_NAME_ENV) or API_KEY_ENV
        values: dict[str, Any] = {"api_key": env.get(key_var) or None,
                                  "database_url": env.get(DATABASE_URL_ENV) or None}
        for name in cls.model_fields:
            if name not in values and name != "oauth" and env.get(ENV_PREFIX + name.upper()):
                values[name] = env[ENV_PREFIX + name.upper()]
        issuer = env.get(ENV_PREFIX + "OAUTH_ISSUER")
        if issuer:
            values["oauth"] = {"issuer": issuer, "audience": env.get(ENV_PREFIX + "OAUTH_AUDIENCE", ""),
                               "jwks": env.get(ENV_PREFIX + "OAUTH_JWKS", "")}
        return cls.model_validate(values)
