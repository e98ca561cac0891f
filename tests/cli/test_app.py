"""The command line as a whole: version, ``python -m``, standard input, the one error handler,
lazy command loading, and text wrapped without internal identifiers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sclerodx
from sclerodx.cli import app
from sclerodx.examples import example_text

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"sclerodx {sclerodx.__version__}"


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "sclerodx", "--version"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"sclerodx {sclerodx.__version__}"


def test_assess_reads_standard_input() -> None:
    result = runner.invoke(app, ["assess", "-", "--format", "json"], input=example_text("typical-als"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["criteria"]["el_escorial"]["category"] == "definite"


def test_bad_standard_input_exits_2_naming_the_source() -> None:
    result = runner.invoke(app, ["assess", "-"], input="{not json")
    assert result.exit_code == 2
    assert "standard input" in result.output
    assert "Traceback" not in result.output


def test_unexpected_error_is_exit_1_with_a_hint_and_debug_shows_the_traceback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sclerodx.assessment

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine exploded on Zebedee9Q\nsecond line")

    monkeypatch.setattr(sclerodx.assessment, "assess", broken)
    result = runner.invoke(app, ["assess", "--example", "typical-als"])
    assert result.exit_code == 1
    assert "internal error: RuntimeError\n" in result.output
    assert "please report it" in result.output
    assert "--debug" in result.output
    assert "Traceback" not in result.output
    assert "Zebedee9Q" not in result.output  # a message may quote the input
    assert "second line" not in result.output
    debug = runner.invoke(app, ["--debug", "assess", "--example", "typical-als"])
    assert debug.exit_code == 1
    assert "Traceback" in debug.output


def test_assess_imports_no_heavy_stack() -> None:
    code = ("import sys\nfrom sclerodx.cli import app\n"
            "try:\n    app(['assess', '--example', 'typical-als'], standalone_mode=False)\n"
            "finally:\n"
            "    heavy = [m for m in ('matplotlib', 'SimpleITK', 'nibabel', 'polars', 'dask', 'sklearn',"
            " 'fastapi', 'jinja2', 'weasyprint', 'wfdb', 'scipy.signal') if m in sys.modules]\n"
            "    print('HEAVY', heavy, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stderr


def test_text_is_wrapped_to_the_width_and_free_of_identifiers() -> None:
    result = runner.invoke(app, ["assess", "--example", "typical-als", "--verbose"], env={"COLUMNS": "72"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 72
    for identifier in ("cortical_juxtacortical", "two_or_more", "emg_lmn_bulbar", "exam.motor", "emg[",
                       "= present"):
        assert identifier not in result.output
    assert result.output.index("IMPRESSION") < result.output.index("DIFFERENTIAL") < result.output.index(
        "CRITERIA")


def test_verbose_keeps_the_rule_trace() -> None:
    short = runner.invoke(app, ["assess", "--example", "relapsing-remitting-ms"]).output
    full = runner.invoke(app, ["assess", "--example", "relapsing-remitting-ms", "--verbose"]).output
    assert "Attacks (typical" not in short
    assert "Attacks (typical" in full
    assert "Episode 2023-05-02" in full


def test_a_missing_extra_is_named_with_the_install_command(tmp_path: Path) -> None:
    code = ("import sys\nsys.modules['jinja2'] = None  # as if the [report] extra were not installed\n"
            "from sclerodx.cli import app\n"
            f"app(['report', '-', '-o', {str(tmp_path / 'r.html')!r}])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          input=example_text("typical-als"))
    assert done.returncode == 1
    assert "pip install 'sclerodx[report]'" in done.stderr
    assert "Traceback" not in done.stderr
