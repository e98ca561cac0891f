"""uvicorn's HTTP/1.1 protocol with a header read timeout.

uvicorn times out idle keep-alive connections, but every byte received resets
that timer, so a client trickling its request headers a byte at a time holds a
connection (a file descriptor) for ever; a few hundred such clients exhaust the
process. :class:`GuardedH11Protocol` closes a connection whose request line and
headers are not complete within ``SCLERODX_HEADER_TIMEOUT_S`` seconds (default
10) of the connection opening or of the previous response. Body reads are bounded
separately (:class:`sclerodx.api.limits.BodyLimit`).
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from sclerodx.api.settings import ApiSettings


@functools.cache
def header_timeout_s() -> float:
    """The header timeout of this process (from the environment, like the app's settings)."""
    return ApiSettings.from_env().header_timeout_s


class GuardedH11Protocol(H11Protocol):
    """:class:`H11Protocol` that drops connections slow to send their headers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(header_timeout_s(), self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
