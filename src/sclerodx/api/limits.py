"""Request-size limit as pure ASGI middleware.

The limit is checked on the declared ``Content-Length`` before anything is read,
and again on the bytes actually received (a chunked body has no length), so an
oversize body is answered 413 without being buffered whole.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sclerodx.api.problems import PROBLEM_BASE, PROBLEM_JSON


class BodyTooLargeError(Exception):
    """Raised inside the app when the streamed body passes the limit."""


def _problem_413(limit: int, path: str) -> bytes:
    return json.dumps({"type": PROBLEM_BASE + "too-large", "title": "Request body too large",
                       "status": 413, "detail": f"the request body exceeds {limit} bytes",
                       "instance": path}).encode()


class BodyLimit:
    """Answer 413 (problem+json) to request bodies over ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _reject(self, scope: Scope, send: Send) -> None:
        body = _problem_413(self.max_bytes, scope.get("path", ""))
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", PROBLEM_JSON.encode()),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLargeError:
            if not started:
                await self._reject(scope, send)
