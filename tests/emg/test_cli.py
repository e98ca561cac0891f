import json

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from sclerodx.case import Case
from sclerodx.casefile import read_case, write_case
from sclerodx.cli.emg import emg_command
from sclerodx.emg import emg_simulate


@pytest.fixture
def cli() -> typer.Typer:
    # the shared app gains other commands elsewhere; a two-level app keeps "emg" a subcommand
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("emg")(emg_command)
    return app


@pytest.fixture
def record(tmp_path):
    sim = emg_simulate(20.0, 10000.0, fibrillation_trains=1, random_state=0)
    path = tmp_path / "fdi.npy"
    np.save(path, sim.signal)
    return path


def test_text_output_and_figure(cli, record, tmp_path):
    figure = tmp_path / "emg.png"
    result = CliRunner().invoke(cli, ["emg", str(record), "--muscle", "first dorsal interosseous",
                                      "--side", "left", "--sampling-rate", "10000", "--units", "uV",
                                      "--figure", str(figure)])
    assert result.exit_code == 0, result.output
    assert "fibrillations_psw: True" in result.output
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_json_output(cli, record):
    result = CliRunner().invoke(cli, ["emg", str(record), "--muscle", "fdi", "--sampling-rate",
                                      "10000", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["finding"]["muscle"] == "first dorsal interosseous"
    assert data["analysis"]["spontaneous_per_s"]["fibrillation"] > 0


def test_into_replaces_the_muscle_entry(cli, record, tmp_path):
    case_path = tmp_path / "case.json"
    write_case(Case.model_validate({"emg": [{"muscle": "fdi", "side": "left",
                                             "fibrillations_psw": False}]}), case_path)
    args = ["emg", str(record), "--muscle", "fdi", "--side", "left", "--sampling-rate", "10000",
            "--into", str(case_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    entries = read_case(case_path).emg
    assert len(entries) == 1
    assert entries[0].fibrillations_psw is True


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--muscle", "fdi"], "sampling_rate"),
     (["--muscle", "fdi", "--sampling-rate", "1000"], "too low"),
     (["--muscle", "elbow", "--sampling-rate", "10000"], "--muscle"),
     (["--muscle", "fdi", "--sampling-rate", "10000", "--side", "up"], "--side")],
)
def test_invalid_input_exits_2_with_one_message(cli, record, extra, message):
    result = CliRunner().invoke(cli, ["emg", str(record), *extra])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_an_uncalibrated_record_says_why_there_is_no_quantitative_reading(cli, record):
    result = CliRunner().invoke(cli, ["emg", str(record), "--muscle", "fdi", "--sampling-rate", "10000",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "not assessed" in data["analysis"]["qemg"]
    assert "unknown gain" in data["analysis"]["qemg"]
