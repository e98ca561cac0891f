"""Settings of the HTTP API, read once from the environment at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

API_KEY_ENV = "SCLERODX_API_KEY"
DATABASE_URL_ENV = "SCLERODX_DATABASE_URL"
MAX_BODY_ENV = "SCLERODX_MAX_BODY_BYTES"


class ApiSettings(BaseModel):
    """How the API runs.

    Auth is off when ``api_key`` is ``None`` (the default, for local use); storage
    is off when ``database_url`` is ``None``.
    """

    model_config = ConfigDict(frozen=True)

    api_key: str | None = Field(default=None, min_length=16, description="Bearer token / API key.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL, e.g. sqlite:///x.db.")
    max_body_bytes: int = Field(default=1_000_000, ge=1_000, le=100_000_000)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None,
                 api_key_env: str = API_KEY_ENV) -> ApiSettings:
        """Settings from environment variables (``api_key_env`` names the key's variable)."""
        env = os.environ if environ is None else environ
        max_body = env.get(MAX_BODY_ENV)
        return cls(
            api_key=env.get(api_key_env) or None,
            database_url=env.get(DATABASE_URL_ENV) or None,
            **({"max_body_bytes": int(max_body)} if max_body else {}),
        )
