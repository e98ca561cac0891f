"""Request-body limits as pure ASGI middleware: size and time.

The size limit is checked on the declared ``Content-Length`` before anything is
read, and again on the bytes actually received (a chunked body has no length), so
an oversize body is answered 413 without being buffered whole. The time limit
bounds how long the whole body may take to arrive, so a client trickling a byte a
second cannot hold a connection (and a worker's memory) indefinitely: 408.

References
----------
.. [1] Fielding R, Nottingham M, Reschke J. HTTP Semantics. RFC 9110, IETF; 2022
       (§15.5.9 408 Request Timeout, §15.5.14 413 Content Too Large).
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sclerodx.api.problems import PROBLEM_JSON, ProblemError, problem_body


class _BodyRefusedError(Exception):
    """Raised inside the app when the streamed body passes a limit."""

    def __init__(self, problem: ProblemError) -> None:
        super().__init__(problem.kind)
        self.problem = problem


async def send_problem(scope: Scope, send: Send, problem: ProblemError) -> None:
    """Answer a problem directly at the ASGI level (before or outside the app).

    A FHIR request (:func:`sclerodx.api.fhir_routes.wants_fhir`) gets the problem as an
    OperationOutcome, as every FHIR error must be; any other request gets problem+json.
    """
    from starlette.requests import Request

    from sclerodx.api.fhir_routes import problem_outcome, wants_fhir

    if wants_fhir(Request(scope)):
        outcome = problem_outcome(problem)
        body, media = bytes(outcome.body), outcome.media_type or PROBLEM_JSON
    else:
        body = problem_body(problem, scope.get("state", {}).get("request_id")).model_dump_json(
            exclude_none=True).encode()
        media = PROBLEM_JSON
    headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in (problem.headers or {}).items()]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Answer 413 to bodies over ``max_bytes`` and 408 to bodies slower than ``timeout_s``."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    def _too_large(self) -> ProblemError:
        return ProblemError(413, "too-large", "Request body too large",
                            f"the request body exceeds {self.max_bytes} bytes")

    def _too_slow(self) -> ProblemError:
        return ProblemError(408, "timeout", "Request body too slow",
                            f"the request body did not arrive within {self.timeout_s:g} s",
                            headers={"Connection": "close"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await send_problem(scope, send, self._too_large())
            return
        received = 0
        started = False
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        complete = False

        async def limited_receive() -> Message:
            nonlocal received, deadline, complete
            if complete:  # later receives only wait for the disconnect
                return await receive()
            deadline = deadline or loop.time() + self.timeout_s
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0.0))
            except TimeoutError:
                raise _BodyRefusedError(self._too_slow()) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyRefusedError(self._too_large())
                complete = not message.get("more_body", False)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyRefusedError as refused:
            if not started:
                await send_problem(scope, send, refused.problem)
