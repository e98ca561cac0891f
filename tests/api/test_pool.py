"""The CPU pool: a bounded number of admitted jobs, a time budget, 503 with Retry-After."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from sclerodx.api.pool import CpuPool
from sclerodx.api.problems import ProblemError


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_admits_workers_plus_queue_and_sheds_the_rest() -> None:
    async def scenario() -> list[object]:
        pool = CpuPool("thread", workers=1, queue_depth=1, timeout_s=5, retry_after_s=3)
        jobs = [pool.run(_sleep, 0.3) for _ in range(4)]
        results = await asyncio.gather(*jobs, return_exceptions=True)
        pool.shutdown()
        return results

    results = asyncio.run(scenario())
    assert results[:2] == [0.3, 0.3]
    for refused in results[2:]:
        assert isinstance(refused, ProblemError)
        assert refused.status == 503
        assert refused.headers == {"Retry-After": "3"}


def test_time_budget_answers_503_and_keeps_the_slot_until_the_job_ends() -> None:
    release = threading.Event()

    def stuck() -> str:
        release.wait(10)
        return "done"

    async def scenario() -> None:
        pool = CpuPool("thread", workers=1, queue_depth=0, timeout_s=0.2, retry_after_s=1)
        with pytest.raises(ProblemError, match="budget") as late:
            await pool.run(stuck)
        assert late.value.status == 503
        assert pool.in_flight == 1  # the abandoned job still holds its worker
        with pytest.raises(ProblemError, match="slots"):
            await pool.run(_sleep, 0)
        release.set()
        for _ in range(100):
            if pool.in_flight == 0:
                break
            await asyncio.sleep(0.02)
        assert await pool.run(_sleep, 0) == 0
        pool.shutdown()

    asyncio.run(scenario())


def test_problems_cross_the_process_boundary() -> None:
    import pickle

    problem = ProblemError(422, "validation", "Invalid case", "age: expected a number",
                           headers={"X": "1"})
    again = pickle.loads(pickle.dumps(problem))
    assert (again.status, again.kind, again.detail, again.headers) == (422, "validation",
                                                                        "age: expected a number", {"X": "1"})
