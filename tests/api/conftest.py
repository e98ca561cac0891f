"""Shared fixtures: an app per settings, stores on SQLite and PostgreSQL, tenants with keys.

PostgreSQL runs when ``SCLERODX_TEST_POSTGRES_URL`` names a database the tests may
wipe (``.ci/run`` starts one); otherwise those cases are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from sclerodx.api.app import create_app
from sclerodx.api.settings import ApiSettings
from sclerodx.api.store import Store
from sclerodx.examples import load_example

API_KEY = "test-key-0123456789abcdef"
POSTGRES_ENV = "SCLERODX_TEST_POSTGRES_URL"


def settings(**values: Any) -> ApiSettings:
    """Test settings: assessments in threads (no process start-up per test)."""
    return ApiSettings.model_validate({"pool": "thread", "pool_workers": 2, **values})


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(settings()))


@pytest.fixture
def secured() -> TestClient:
    return TestClient(create_app(settings(api_key=API_KEY)))


@pytest.fixture
def als_case() -> dict[str, Any]:
    data: dict[str, Any] = load_example("typical-als").model_dump(mode="json", exclude_none=True)
    return data


def _wipe_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: an SQLite file, or the test PostgreSQL database wiped."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    _wipe_postgres(url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


@dataclass(frozen=True)
class Tenants:
    """Two tenants, a key per role in the first, a clinician key in the second."""

    url: str
    clinician: str
    researcher: str
    admin: str
    other_clinician: str

    @staticmethod
    def header(key: str) -> dict[str, str]:
        return {"X-API-Key": key}


@pytest.fixture
def tenants(store: Store, store_url: str) -> Tenants:
    store.add_tenant("clinic-a")
    store.add_tenant("clinic-b")
    return Tenants(url=store_url, clinician=store.add_key("clinic-a", "clinician").token,
                   researcher=store.add_key("clinic-a", "researcher").token,
                   admin=store.add_key("clinic-a", "admin").token,
                   other_clinician=store.add_key("clinic-b", "clinician").token)


@pytest.fixture
def stored_client(tenants: Tenants) -> Iterator[TestClient]:
    app = create_app(settings(database_url=tenants.url))
    with TestClient(app) as test_client:
        yield test_client
