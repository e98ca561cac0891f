"""Deprecated alias of :mod:`sclerodx.exceptions`, kept so older imports still work."""

from sclerodx.exceptions import *  # noqa: F403
