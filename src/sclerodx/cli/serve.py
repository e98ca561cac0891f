"""``sclerodx serve``: the HTTP API and web page (uvicorn)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from pydantic import ValidationError

from sclerodx.api.settings import API_KEY_ENV, ApiSettings
from sclerodx.cli.app import app, fail
from sclerodx.errors import describe_validation_error


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on (127.0.0.1: this machine only).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    api_key_env: Annotated[str, typer.Option(
        "--api-key-env", help="Environment variable holding the API key; auth is off when it is unset.")]
    = API_KEY_ENV,
) -> None:
    """Serve the HTTP API (/v1, OpenAPI at /openapi.json) and the web page (/).

    Storage is on when SCLERODX_DATABASE_URL is set. Decision support, not a diagnosis.
    """
    import uvicorn

    from sclerodx.api.app import create_app

    try:
        settings = ApiSettings.from_env(os.environ, api_key_env=api_key_env)
    except ValidationError as exc:
        fail(f"invalid server settings\n{describe_validation_error(exc)}")
    state = "on" if settings.api_key else f"off (set {api_key_env} to require a key)"
    typer.echo(f"sclerodx API on http://{host}:{port}/ (auth {state}; "
               f"storage {'on' if settings.database_url else 'off'})", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
