"""Structured access logs and the last-resort error answer, as pure ASGI middleware.

One JSON line per request on the ``sclerodx.access`` logger: request id, method,
route *template* (``/v1/assessments/{assessment_id}``, never the raw path, which
may carry a name), how many query parameters came (neither names nor values),
status, duration, response size, client address. Nothing from the body is logged.

An exception that escapes the app is answered 500 problem+json here and logged on
``sclerodx.api`` with its request id and exception *type* only: its message and
traceback may quote patient values (a KeyError on a name, a failed SQL statement).
"""

from __future__ import annotations

import logging
import time
import uuid
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sclerodx.api.limits import send_problem
from sclerodx.api.problems import ProblemError

ACCESS_LOGGER = "sclerodx.access"
ERROR_LOGGER = "sclerodx.api"
REQUEST_ID_HEADER = "X-Request-ID"

access_log = logging.getLogger(ACCESS_LOGGER)
error_log = logging.getLogger(ERROR_LOGGER)


def _route(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path is not None else "(no route)"


def _query_count(scope: Scope) -> int:
    query = scope.get("query_string", b"").decode("latin-1")
    return len(parse_qsl(query, keep_blank_values=True))


class AccessLog:
    """Give every request an id, log it as one JSON line, and answer unexpected errors 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = request_id
        status, size, started = 500, 0, time.perf_counter()
        response_started = False

        async def logged_send(message: Message) -> None:
            nonlocal status, size, response_started
            if message["type"] == "http.response.start":
                response_started, status = True, int(message["status"])
                message["headers"] = [*message.get("headers", []),
                                      (REQUEST_ID_HEADER.lower().encode(), request_id.encode())]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        except Exception as exc:
            error_log.error("unhandled error", extra={"fields": {
                "event": "error", "request_id": request_id, "exception": type(exc).__name__,
                "route": _route(scope)}})
            if not response_started:
                status = 500
                await send_problem(scope, logged_send, ProblemError(
                    500, "internal", "Internal error",
                    f"sclerodx failed on this request; report request id {request_id}"))
        finally:
            client = scope.get("client")
            access_log.info("request", extra={"fields": {
                "event": "access", "request_id": request_id, "method": scope.get("method"),
                "route": _route(scope), "query_params": _query_count(scope), "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2), "bytes": size,
                "client": client[0] if client else None}})
