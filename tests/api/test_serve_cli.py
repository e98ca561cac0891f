"""``sclerodx serve`` checks its settings before starting the server."""

from __future__ import annotations

from typer.testing import CliRunner

import sclerodx.cli.serve  # noqa: F401  (registers the command)
from sclerodx.cli.app import app


def test_short_api_key_is_refused_with_the_field_named() -> None:
    result = CliRunner().invoke(app, ["serve", "--api-key-env", "MY_KEY"], env={"MY_KEY": "short"})
    assert result.exit_code == 2
    assert "api_key" in result.output
