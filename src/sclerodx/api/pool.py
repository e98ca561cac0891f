"""A bounded pool for CPU work, off the event loop, with a time budget and load shedding.

Parsing a Bundle and assessing a case are pure Python and hold the interpreter for
tens of milliseconds to seconds; run on the event loop they stall every other
request, the liveness probe included. :class:`CpuPool` runs them in worker
processes (or threads), admits at most ``workers + queue_depth`` jobs at once and
answers 503 with ``Retry-After`` to the rest, and gives each job a time budget:
past it the client gets 503 while the job's slot stays taken until the job really
ends, so runaway work cannot pile up behind the admission limit.

References
----------
.. [1] Fielding R, Nottingham M, Reschke J. HTTP Semantics. RFC 9110, IETF; 2022
       (§15.6.4 503 Service Unavailable, §10.2.3 Retry-After).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, Literal, TypeVar

from sclerodx.api.problems import ProblemError

_T = TypeVar("_T")


def _warm() -> None:
    """Import the engines in a fresh worker so the first request does not pay for it."""
    import sclerodx.api.compute  # noqa: F401


class CpuPool:
    """Run CPU-bound callables in a bounded pool.

    Parameters
    ----------
    kind
        ``"process"`` (isolation, true parallelism) or ``"thread"`` (cheap start,
        for tests and single-core deployments).
    workers, queue_depth
        Pool size, and how many admitted jobs may wait for a free worker.
    timeout_s
        Time budget of one job.
    retry_after_s
        ``Retry-After`` sent with a 503.
    """

    def __init__(self, kind: Literal["process", "thread"], workers: int, queue_depth: int,
                 timeout_s: float, retry_after_s: int) -> None:
        self.kind, self.workers, self.timeout_s = kind, workers, timeout_s
        self.capacity = workers + queue_depth
        self.retry_after_s = retry_after_s
        self._in_flight = 0
        self._lock = threading.Lock()
        self._executor: Executor | None = None
        self._warming: list[Future[None]] = []

    @property
    def in_flight(self) -> int:
        """Jobs admitted and not yet finished (including those past their budget)."""
        return self._in_flight

    def _get_executor(self) -> Executor:
        with self._lock:
            if self._executor is None:
                if self.kind == "process":
                    # spawn: a forked copy of a threaded server may inherit held locks
                    self._executor = ProcessPoolExecutor(
                        self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm)
                else:
                    self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="sclerodx-cpu")
            return self._executor

    def start(self) -> None:
        """Start the workers now (at server start) rather than on the first request."""
        executor = self._get_executor()
        self._warming = [executor.submit(_warm) for _ in range(self.workers)]

    @property
    def warm(self) -> bool:
        """Whether the workers started by :meth:`start` have finished importing."""
        return all(future.done() for future in self._warming)

    def shutdown(self) -> None:
        """Stop the workers; running jobs are abandoned."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def _busy(self, detail: str) -> ProblemError:
        return ProblemError(503, "overloaded", "Server busy", detail,
                            headers={"Retry-After": str(self.retry_after_s)})

    async def run(self, fn: Callable[..., _T], *args: object) -> _T:
        """``fn(*args)`` in the pool; 503 when full or past the time budget."""
        with self._lock:
            if self._in_flight >= self.capacity:
                raise self._busy(f"all {self.capacity} assessment slots are taken; retry later")
            self._in_flight += 1
        try:
            future = asyncio.get_running_loop().run_in_executor(self._get_executor(), fn, *args)
        except BaseException:
            self._release()
            raise
        future.add_done_callback(lambda _: self._release())
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout_s)
        except TimeoutError:
            raise self._busy(f"the assessment took longer than its {self.timeout_s:g} s budget") from None
        finally:
            if not future.done():  # past the budget, or the client went away
                future.add_done_callback(_consume)

    def _release(self) -> None:
        with self._lock:
            self._in_flight -= 1


def _consume(future: asyncio.Future[Any]) -> None:
    """Retrieve an abandoned job's outcome so asyncio does not log it (it may hold case values)."""
    if not future.cancelled():
        future.exception()
