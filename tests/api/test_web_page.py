"""The web page end to end in headless Chromium: a whole case in editable fields, live verdicts,
errors that replace stale results, the API key asked for, and a layout that fits a phone."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from sclerodx.api.app import create_app
from sclerodx.api.settings import ApiSettings

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS_ENV = "SCLERODX_SCREENSHOTS"  # a folder to keep the screenshots in, for a person to look at
KEY = "s3cret-key-for-tests-0123456789"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _serve(settings: ApiSettings) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
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


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from _serve(ApiSettings())


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def _load(page: Any, server: str, example: str) -> None:
    page.goto(server + "/")
    page.wait_for_function("document.querySelectorAll('#example option').length > 1")
    page.select_option("#example", example)
    page.locator(".verdict").first.wait_for(timeout=20_000)


def test_example_loads_into_editable_fields_and_is_assessed(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _load(page, server, "typical-als")
    gold_coast = page.locator("[data-criterion='gold_coast']")
    assert gold_coast.locator(".label").inner_text().startswith("ALS")
    assert "met" in (gold_coast.get_attribute("class") or "")
    assert page.locator(".verdict").count() == 6
    assert "not a diagnosis" in page.locator("#result-disclaimer").inner_text()
    # the example's EMG is in editable fields, per muscle with its side, in clinical words
    assert page.locator("[data-path='emg[0].muscle']").input_value() == "tongue"
    assert page.locator("[data-path='emg[1].side']").input_value() == "right"
    assert "Fibrillations / positive sharp waves" in page.locator("#case-form").inner_text()
    assert "fibrillations_psw" not in page.locator("#case-form").inner_text()
    # every part of a case has a place
    text = page.locator("#case-form").inner_text()
    for section in ("Episodes (attacks)", "Course and progression", "Symptom onset",
                    "Motor examination by region", "Objective sensory loss", "Optic neuritis (visual)",
                    "Bladder dysfunction", "Nerve conduction", "MRI studies", "Cerebrospinal fluid",
                    "Serum and antibodies", "AQP4-IgG", "Genetics"):
        assert section in text, section
    page.close()


def test_editing_a_field_re_assesses(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _load(page, server, "relapsing-remitting-ms")
    page.locator("[data-criterion='mcdonald_2017'].met").wait_for(timeout=20_000)
    assert page.locator("[data-path='episodes[0].system']").input_value() == "optic_nerve"
    assert page.locator("[data-path='mri[0].lesions[0].location']").count() == 1
    # remove both episodes: without attacks the relapsing pathway can no longer be fulfilled
    page.locator("fieldset[data-path='episodes'] button.remove").first.click()
    page.locator("fieldset[data-path='episodes'] button.remove").first.click()
    page.wait_for_function(
        "!document.querySelector(\"[data-criterion='mcdonald_2017']\").classList.contains('met')",
        timeout=20_000)
    page.close()


def test_an_error_replaces_stale_results_and_names_the_field(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _load(page, server, "typical-als")
    page.fill("[data-path='age']", "130")
    page.locator("#problems").wait_for(state="visible", timeout=20_000)
    assert "Age" in page.locator("#problems").inner_text()
    assert page.locator(".verdict").count() == 0  # the old verdicts are gone
    assert page.locator("[data-path='age']").get_attribute("aria-invalid") == "true"
    page.fill("[data-path='age']", "62")
    page.locator(".verdict").first.wait_for(timeout=20_000)
    assert page.locator("#problems").is_hidden()
    page.close()


def test_screenshots_at_desktop_and_phone_width(server: str, browser: Any, tmp_path: Path) -> None:
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    sizes = (("desktop", {"width": 1400, "height": 1000}), ("phone", {"width": 390, "height": 844}))
    for name, viewport in sizes:
        page = browser.new_page(viewport=viewport)
        _load(page, server, "typical-als")
        page.wait_for_timeout(300)
        # nothing runs off the screen: the page is no wider than the viewport
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name}: page is {width} px wide"
        shot = folder / f"web-{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        page.close()


def test_asks_for_the_api_key_before_the_first_call(browser: Any) -> None:
    for url in _serve(ApiSettings(api_key=KEY)):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url + "/")
        page.locator("#key-panel").wait_for(state="visible", timeout=10_000)
        page.fill("#api-key", KEY)
        page.click("#key-form button")
        page.wait_for_function("document.querySelectorAll('#example option').length > 1", timeout=20_000)
        page.select_option("#example", "pls-like")
        page.locator(".verdict").first.wait_for(timeout=20_000)
        assert page.locator("#key-panel").is_hidden()
        stored = page.evaluate("sessionStorage.getItem('sclerodx.apiKey')")
        assert json.dumps(stored) == json.dumps(KEY)
        page.close()


def test_not_excluded_and_coexistence_are_shown(server: str, browser: Any) -> None:
    """A man of 62 with UMN and LMN signs and no cord MRI: cervical spondylotic myelopathy is
    not excluded until a spinal MRI (Brooks et al. 2000; Andersen et al. 2012); MS with
    widespread LMN disease names MS and ALS together (Aljthalin et al. 2024)."""
    vignettes = Path(__file__).parents[1] / "report" / "vignettes"
    umn_lmn_man = json.loads((vignettes / "umn-lmn-man.json").read_text())
    ms_and_als = json.loads((vignettes / "ms-and-als.json").read_text())
    page = browser.new_page()
    _load(page, server, "typical-als")
    assert page.locator("#not-excluded-box").is_hidden()
    for case in (umn_lmn_man, ms_and_als):
        page.evaluate("(c) => { root.set(c); return assessNow(); }", case)
        page.wait_for_function("document.querySelector('#status').textContent.startsWith('Assessed')")
        if case is umn_lmn_man:
            text = page.locator("#not-excluded").inner_text()
            assert "Cervical spondylotic myelopathy is not excluded" in text
            assert "Do: MRI of the cervical and thoracic cord" in text
        else:
            assert "MS and ALS together" in page.locator("#coexisting").inner_text()
    page.close()
