"""Crash safety: 8 concurrent writers with idempotency keys, the server killed with SIGKILL
mid-run and restarted; no acknowledged record is lost and none is stored twice.

Each writer retries a record (same ``Idempotency-Key``) until it is acknowledged
(201). Bounded: 8 writers x 6 records, two kills, on SQLite and, when
``SCLERODX_TEST_POSTGRES_URL`` is set, on PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from tests.api.server_process import ServerProcess, free_port

from sclerodx.api.store import Store
from sclerodx.api.store.tables import AssessmentRow
from sclerodx.examples import load_example

pytestmark = pytest.mark.slow

WRITERS = 8
RECORDS = 6
KILLS = 2
DEADLINE_S = 240.0


def test_sigkill_loses_no_acknowledged_record_and_duplicates_none(store_url: str, tmp_path: Path) -> None:
    store = Store(store_url)
    store.add_tenant("clinic")
    key = store.add_key("clinic", "clinician").token
    case = load_example("typical-als").model_dump(mode="json", exclude_none=True)
    server = ServerProcess(free_port(), {"SCLERODX_DATABASE_URL": store_url, "SCLERODX_POOL": "thread",
                                         "SCLERODX_POOL_WORKERS": "2", "SCLERODX_QUEUE_DEPTH": "16",
                                         "SCLERODX_RATE_LIMIT_PER_MINUTE": "100000"},
                           tmp_path / "server.log")
    server.start()
    acknowledged: dict[str, str] = {}  # idempotency key -> stored id
    attempts = Counter[str]()
    lock = threading.Lock()
    give_up = time.monotonic() + DEADLINE_S

    def writer(n: int) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for r in range(RECORDS):
                idem = f"writer-{n}-record-{r}"
                while time.monotonic() < give_up:
                    attempts[idem] += 1
                    try:
                        response = client.post("/v1/assessments", json={**case, "id": idem}, headers={
                            "X-API-Key": key, "Idempotency-Key": idem})
                    except httpx.TransportError:  # killed mid-request: retry with the same key
                        time.sleep(0.2)
                        continue
                    if response.status_code == 201:
                        with lock:
                            acknowledged[idem] = response.headers["location"].rsplit("/", 1)[1]
                        break
                    time.sleep(0.2)  # 503 while starting or busy

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    try:
        for kill in range(KILLS):
            target = (kill + 1) * WRITERS * RECORDS // (KILLS + 2)
            while len(acknowledged) < target and time.monotonic() < give_up:
                time.sleep(0.05)
            server.kill()
            time.sleep(0.5)
            server.start()
        for thread in threads:
            thread.join(max(1.0, give_up - time.monotonic()))
    finally:
        server.stop()

    with store.engine.connect() as connection:
        rows = connection.execute(select(AssessmentRow.id, AssessmentRow.idempotency_key)).all()
    store.close()
    stored = {row.idempotency_key: row.id for row in rows}
    duplicates = len(rows) - len(stored)
    lost = [k for k, stored_id in acknowledged.items() if stored.get(k) != stored_id]
    retried = sum(1 for n in attempts.values() if n > 1)
    print(f"\n{WRITERS} writers x {RECORDS} records, {KILLS} SIGKILLs: {len(acknowledged)} acknowledged, "
          f"{len(rows)} rows, {duplicates} duplicates, {len(lost)} lost, {retried} records retried")
    assert len(acknowledged) == WRITERS * RECORDS
    assert duplicates == 0
    assert lost == []
    assert len(rows) == WRITERS * RECORDS
