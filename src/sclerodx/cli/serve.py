"""``sclerodx serve``: the HTTP API and web page (uvicorn), hardened for patient data.

Settings come from ``SCLERODX_*`` variables (:class:`sclerodx.api.settings.ApiSettings`);
the API key and the database URL are never printed. Logs are JSON lines on stderr.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from pydantic import ValidationError

from sclerodx.api.settings import API_KEY_ENV, API_KEY_ENV_NAME_ENV, ApiSettings
from sclerodx.cli.app import app, fail
from sclerodx.exceptions import describe_validation_error


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on (127.0.0.1: this machine only).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes (each with its own "
                                         "assessment pool).")] = 1,
    api_key_env: Annotated[str, typer.Option(
        "--api-key-env", help="Environment variable holding the shared API key (stateless endpoints; "
        "auth is off when it is unset and there is no store).")] = API_KEY_ENV,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Serve the HTTP API (/v1, OpenAPI at /openapi.json) and the web page (/).

    The case store is on when SCLERODX_DATABASE_URL is set (keys from 'sclerodx store key add').
    Decision support, not a diagnosis.
    """
    import uvicorn

    from sclerodx.api.logs import log_config
    from sclerodx.api.protocol import GuardedH11Protocol

    if log_level not in ("debug", "info", "warning", "error"):
        fail("--log-level: expected debug, info, warning or error")
    os.environ[API_KEY_ENV_NAME_ENV] = api_key_env  # the workers read the key from the same variable
    try:
        settings = ApiSettings.from_env(os.environ, api_key_env=api_key_env)
    except ValidationError as exc:
        fail(f"invalid server settings\n{describe_validation_error(exc, whole='(settings)')}")
    if settings.store_url:
        from sqlalchemy.exc import SQLAlchemyError

        from sclerodx.api.store import Store

        try:  # migrate once here, before the workers start
            Store(settings.store_url).close()
        except SQLAlchemyError as exc:
            fail(f"the case store could not be opened ({type(exc).__name__}); check "
                 "SCLERODX_DATABASE_URL and that the database is running")
    auth = ("keys from the store" if settings.store_url else
            "shared key" if settings.api_key else f"off (set {api_key_env} to require a key)")
    typer.echo(f"sclerodx API on http://{host}:{port}/ (auth {auth}; storage "
               f"{'on' if settings.store_url else 'off'}; {workers} worker(s) x "
               f"{settings.pool_workers} assessment process(es))", err=True)
    options = {"host": host, "port": port, "http": GuardedH11Protocol, "log_config": log_config(log_level),
               "access_log": False, "server_header": False, "limit_concurrency": settings.max_connections,
               "timeout_keep_alive": 5, "timeout_graceful_shutdown": 10, "h11_max_incomplete_event_size":
               16 * 1024}
    if workers == 1:
        from sclerodx.api.app import create_app

        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
    else:  # each worker process builds its app from the same environment
        uvicorn.run("sclerodx.api.app:create_app", factory=True, workers=workers,
                    **options)  # type: ignore[arg-type]
