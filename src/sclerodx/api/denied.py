"""Refused requests in the audit trail: every 401 and 403 answer is recorded, without values.

An EHR's security team reads failed and forbidden attempts from the audit trail, not
only successful ones (IHE ATNA records "user authentication" events whatever their
outcome). :class:`DeniedAudit` is pure ASGI middleware: when the answer's status is
401 (no or no valid credentials: action ``authenticate``) or 403 (the principal's role
or tenant does not allow it: action ``authorize``), it appends one audit event with
outcome ``denied``: the actor when known (the key id, never the key), the route
*template* (``/v1/assessments/{assessment_id}``, never the raw path or query), the
client address and the request id. Nothing from the request body, headers or query is
written, so no patient value and no credential reaches the audit log.

A store that cannot record the event does not change the answer (the refusal stands);
the failure is logged by its exception type only.

References
----------
.. [1] IHE IT Infrastructure. Audit Trail and Node Authentication (ATNA). IHE ITI TF-1,
       §9; ITI TF-2, §3.20 (the "User Authentication" event is recorded on failure too).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sclerodx.api.problems import ProblemError
from sclerodx.api.store import Caller, Principal, Store
from sclerodx.api.store.audit import Action

#: The audit action of each refused status.
DENIED_ACTIONS: dict[int, Action] = {401: "authenticate", 403: "authorize"}
#: Who a request refused 401 is recorded as: it proved no identity.
UNAUTHENTICATED = Principal(actor="unauthenticated", role="clinician", tenant_id=None)
_log = logging.getLogger("sclerodx.api")

RunDb = Callable[..., Awaitable[Any]]


def _route(scope: Scope) -> str:
    path = getattr(scope.get("route"), "path", None)
    return str(path) if path is not None else "(no route)"


class DeniedAudit:
    """Record each 401/403 answer in the case store's audit trail (see the module docstring).

    Parameters
    ----------
    app
        The ASGI app.
    store
        The case store; ``None`` (no store configured) records nothing.
    run_db
        Runs a blocking store call off the event loop (the server's database pool).
    """

    def __init__(self, app: ASGIApp, store: Store | None, run_db: RunDb) -> None:
        self.app, self.store, self.run_db = app, store, run_db

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.store is None:
            await self.app(scope, receive, send)
            return
        status = 0

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watched)
        finally:
            if status in DENIED_ACTIONS:
                await self._record(scope, DENIED_ACTIONS[status])

    async def _record(self, scope: Scope, action: Action) -> None:
        assert self.store is not None
        state = scope.get("state", {})
        principal = state.get("principal")
        who = principal if isinstance(principal, Principal) and action == "authorize" else UNAUTHENTICATED
        client = scope.get("client")
        caller = Caller(who, source=client[0] if client else None, request_id=state.get("request_id"))
        try:
            await self.run_db(self.store.audit, caller, action, _route(scope), "denied", "route")
        except (ProblemError, SQLAlchemyError, OSError) as exc:  # the database pool answers 503
            _log.warning("audit write failed", extra={"fields": {
                "event": "audit-error", "exception": type(exc).__name__}})
