"""``sclerodx serve`` checks its settings before starting the server, without printing secrets."""

from __future__ import annotations

from typer.testing import CliRunner

import sclerodx.cli.serve  # noqa: F401  (registers the command)
from sclerodx.cli.app import app


def test_short_api_key_is_refused_with_the_field_named_but_not_shown() -> None:
    result = CliRunner().invoke(app, ["serve", "--api-key-env", "MY_KEY"], env={"MY_KEY": "shortSECRET"})
    assert result.exit_code == 2
    assert "api_key" in result.output
    assert "16 characters" in result.output
    assert "shortSECRET" not in result.output


def test_bad_number_setting_names_the_variable_field() -> None:
    result = CliRunner().invoke(app, ["serve"], env={"SCLERODX_POOL_WORKERS": "lots"})
    assert result.exit_code == 2
    assert "pool_workers" in result.output
