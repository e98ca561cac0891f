"""API keys: high-entropy random secrets of which only a SHA-256 is stored.

A key reads ``sdx_<id>_<secret>``: the id (public) finds the row, the secret (256
random bits from :mod:`secrets`) is checked against the stored SHA-256 in constant
time. A fast hash is the right tool here: with 256 bits of entropy there is
nothing to brute-force, unlike a password (which would need argon2 or scrypt).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PREFIX = "sdx_"
_KEY = re.compile(r"^sdx_([A-Za-z0-9]{12,24})_([A-Za-z0-9_-]{32,64})$")


@dataclass(frozen=True)
class NewKey:
    """A freshly issued key: ``token`` is shown once and never stored."""

    key_id: str
    token: str
    secret_sha256: str


def digest(token: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue() -> NewKey:
    """A new random key."""
    key_id = secrets.token_hex(8)
    token = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    return NewKey(key_id=key_id, token=token, secret_sha256=digest(token))


def key_id_of(token: str) -> str | None:
    """The id part of a well-formed key, else ``None``."""
    match = _KEY.match(token)
    return match.group(1) if match else None


def matches(token: str, secret_sha256: str) -> bool:
    """Whether ``token`` is the key whose digest is stored (constant time)."""
    return hmac.compare_digest(digest(token), secret_sha256)
