"""No stall, on a real server (loopback only): the probes answer while assessments run, overload
is shed with 503 + Retry-After, slow clients are cut off, and the API key is never printed.

Bounded: one server, about ten seconds of load. The figures are printed (``-s``).
"""

from __future__ import annotations

import contextlib
import json
import socket
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.api.server_process import ServerProcess, free_port

from sclerodx.api.store import Store
from sclerodx.examples import load_example

pytestmark = pytest.mark.slow

SHARED_KEY = "SENTINEL-shared-key-5b1e0c"
CONCURRENT = 8
LOAD_S = 8.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, str]]:
    folder = tmp_path_factory.mktemp("load")
    url = f"sqlite:///{folder / 'store.db'}"
    store = Store(url)
    store.add_tenant("clinic")
    key = store.add_key("clinic", "clinician").token
    store.close()
    process = ServerProcess(free_port(), {
        "SCLERODX_DATABASE_URL": url, "SCLERODX_API_KEY": SHARED_KEY, "SCLERODX_POOL_WORKERS": "2",
        "SCLERODX_QUEUE_DEPTH": "4", "SCLERODX_HEADER_TIMEOUT_S": "1", "SCLERODX_BODY_TIMEOUT_S": "1",
        "SCLERODX_RATE_LIMIT_PER_MINUTE": "100000"},
        folder / "server.log")
    process.start()
    yield process, key
    process.stop()
    log = process.log.read_text()
    assert SHARED_KEY not in log  # neither the start-up line nor any log line prints the key
    assert key not in log


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def test_probes_answer_while_assessments_run(server: tuple[ServerProcess, str]) -> None:
    process, key = server
    body = json.dumps(load_example("typical-als").model_dump(mode="json", exclude_none=True))
    stop = time.monotonic() + LOAD_S
    statuses: list[int] = []
    retry_after: list[str] = []
    lock = threading.Lock()

    def assess_loop() -> None:
        with httpx.Client(base_url=process.url, timeout=60) as client:
            while time.monotonic() < stop:
                response = client.post("/v1/assess", content=body, headers={
                    "X-API-Key": key, "Content-Type": "application/json"})
                with lock:
                    statuses.append(response.status_code)
                    if response.status_code == 503:
                        retry_after.append(response.headers.get("retry-after", ""))
                if response.status_code == 503:
                    time.sleep(0.05)

    workers = [threading.Thread(target=assess_loop) for _ in range(CONCURRENT)]
    for worker in workers:
        worker.start()
    time.sleep(1.0)  # let the pool fill
    latencies: dict[str, list[float]] = {"/healthz": [], "/readyz": []}
    with httpx.Client(base_url=process.url, timeout=10) as probe:
        while time.monotonic() < stop:
            for path, seen in latencies.items():
                started = time.perf_counter()
                assert probe.get(path).status_code == 200
                seen.append((time.perf_counter() - started) * 1000)
            time.sleep(0.05)
    for worker in workers:
        worker.join()

    done = statuses.count(200)
    print(f"\n{CONCURRENT} concurrent clients for {LOAD_S:g} s: {done} assessments "
          f"({done / LOAD_S:.1f}/s), {statuses.count(503)} shed with 503")
    for path, seen in latencies.items():
        print(f"{path}: n={len(seen)} median {statistics.median(seen):.1f} ms, "
              f"p99 {_percentile(seen, 0.99):.1f} ms, max {max(seen):.1f} ms")
    assert set(statuses) <= {200, 503}
    assert done > 0
    assert all(value.isdigit() for value in retry_after)
    assert statuses.count(503) > 0  # 8 clients > 2 workers + 4 waiting: the rest is shed, not queued
    # 100 ms is the target; the bound leaves room for a CI machine shared with other jobs
    assert statistics.median(latencies["/healthz"]) < 100
    assert _percentile(latencies["/healthz"], 0.99) < 500


def _raw(port: int, data: bytes) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=5)
    connection.sendall(data)
    return connection


def test_slow_clients_are_cut_off(server: tuple[ServerProcess, str]) -> None:
    process, key = server
    trickling = [_raw(process.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ") for _ in range(100)]
    slow_body = _raw(process.port, b"POST /v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                     b"\r\nContent-Length: 1000\r\nX-API-Key: " + key.encode() + b"\r\n\r\n{\"age\": ")
    started = time.monotonic()
    assert httpx.get(process.url + "/healthz", timeout=5).status_code == 200  # still answering
    closed = 0
    for connection in trickling:
        connection.settimeout(max(0.1, 6 - (time.monotonic() - started)))
        with contextlib.suppress(TimeoutError):
            closed += connection.recv(1) == b""
        connection.close()
    answer = slow_body.recv(4096).decode("latin-1")
    slow_body.close()
    print(f"\nheader timeout 1 s: {closed}/100 trickling connections closed by the server")
    assert closed == 100
    assert answer.startswith("HTTP/1.1 408")
    assert "application/problem+json" in answer


def test_key_and_values_stay_out_of_the_server_log(server: tuple[ServerProcess, str]) -> None:
    process, key = server
    planted = "Zebedee Quixotefield"
    case: dict[str, Any] = {"age": 61, "notes": planted, "id": planted}
    httpx.post(process.url + "/v1/assess?case=" + planted.replace(" ", "+"), json={**case, "sex": planted},
               headers={"X-API-Key": key})
    httpx.post(process.url + "/v1/assess", content=b'{"notes": "' + planted.encode(),
               headers={"X-API-Key": key, "Content-Type": "application/json"})
    time.sleep(0.5)
    log = process.log.read_text()
    assert planted not in log
    assert "Quixotefield" not in log
    access = [json.loads(line) for line in log.splitlines() if '"sclerodx.access"' in line]
    assert {"request_id", "route", "status", "duration_ms"} <= set(access[-1])
    assert Path(process.log).stat().st_size > 0


def test_several_server_processes_share_one_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    store.add_tenant("clinic")
    key = store.add_key("clinic", "clinician").token
    store.close()
    process = ServerProcess(free_port(), {"SCLERODX_DATABASE_URL": url, "SCLERODX_POOL": "thread",
                                          "SCLERODX_POOL_WORKERS": "1"}, tmp_path / "server.log",
                            "--workers", "2")
    process.start()
    try:
        case = load_example("typical-als").model_dump(mode="json", exclude_none=True)
        with httpx.Client(base_url=process.url, timeout=60) as client:
            locations = {client.post("/v1/assessments", json={**case, "id": f"c{i}"},
                                     headers={"X-API-Key": key}).headers["location"] for i in range(4)}
            listed = client.get("/v1/assessments", headers={"X-API-Key": key}).json()["items"]
    finally:
        process.stop()
    assert len(locations) == 4
    assert {item["url"] for item in listed} == locations
    assert process.log.read_text().count("Started server process") >= 2
