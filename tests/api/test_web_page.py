"""The web page end to end in headless Chromium: load an example, see the verdicts."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from sclerodx.api.app import create_app
from sclerodx.api.settings import ApiSettings

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(create_app(ApiSettings()), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


def test_example_shows_verdicts(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.goto(server + "/")
        page.wait_for_function("document.querySelectorAll('#example option').length > 1")
        page.select_option("#example", "typical-als")
        gold_coast = page.locator("[data-criterion='gold_coast'] .label")
        gold_coast.wait_for(timeout=15_000)
        assert gold_coast.inner_text().startswith("ALS")
        assert page.locator("[data-criterion='gold_coast']").get_attribute("class") == "verdict met"
        assert page.locator(".verdict").count() == 6
        assert "not a diagnosis" in page.locator("#result-disclaimer").inner_text()
        # the form shows the example's EMG and exam, and editing it re-assesses
        assert page.locator("#emg tbody tr").count() > 0
        page.select_option("#example", "relapsing-remitting-ms")
        page.locator("[data-criterion='mcdonald_2017'].met").wait_for(timeout=15_000)
        assert page.locator("[data-criterion='gold_coast'].met").count() == 0
        page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
        assert (tmp_path / "page.png").stat().st_size > 10_000
        browser.close()


def test_invalid_entry_shows_the_field(server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.goto(server + "/")
        page.wait_for_function("document.querySelectorAll('#example option').length > 1")
        page.fill("#age", "130")
        page.locator("#problems").wait_for(state="visible", timeout=15_000)
        assert "age" in page.locator("#problems").inner_text()
        browser.close()
