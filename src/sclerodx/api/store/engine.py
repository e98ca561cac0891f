"""The store's database engine and its migrations.

SQLite (the default, an embedded file) is created with mode 0600 before SQLite
opens it (SQLite gives its ``-wal`` and ``-shm`` files the same mode), and runs in
WAL mode with ``synchronous=FULL``, so a commit that was acknowledged survives a
killed process. Any URL SQLAlchemy supports works (PostgreSQL:
``postgresql+psycopg://user:pw@host/db``). The engine never logs or embeds
statement parameters in its errors (``hide_parameters``): they are patient data.
"""

from __future__ import annotations

import contextlib
import os
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool


def _sqlite_file(url: str) -> Path | None:
    database = make_url(url).database
    return None if database in (None, "", ":memory:") else Path(database)


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only (mode 0600), if it does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (``sqlite://`` alone: one private in-memory database)."""
    options: dict[str, Any] = {"hide_parameters": True, "pool_pre_ping": True}
    if url.startswith("sqlite"):
        path = _sqlite_file(url)
        if path is None:
            options |= {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        else:
            _create_private(path)
            options["connect_args"] = {"check_same_thread": False, "timeout": 10}
    else:
        options |= {"pool_size": 10, "max_overflow": 10, "pool_timeout": 5}
    engine = create_engine(url, **options)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("sclerodx.api.store") / "migrations"))
    return config


def head_revision() -> str | None:
    """The newest migration shipped in this package."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (``None``: an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to ``revision`` (the newest by default); a no-op when it is there."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to ``revision`` (``"base"``: empty; the data of later tables is lost)."""
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
