"""Shared fixtures: an app per settings, a case body from a bundled example."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sclerodx.api.app import create_app
from sclerodx.api.settings import ApiSettings
from sclerodx.examples import load_example

API_KEY = "test-key-0123456789abcdef"


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(ApiSettings()))


@pytest.fixture
def secured() -> TestClient:
    return TestClient(create_app(ApiSettings(api_key=API_KEY, database_url="sqlite://")))


@pytest.fixture
def als_case() -> dict[str, Any]:
    data: dict[str, Any] = load_example("typical-als").model_dump(mode="json", exclude_none=True)
    return data
