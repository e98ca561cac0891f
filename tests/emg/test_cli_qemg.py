import json

import pytest
import typer
from typer.testing import CliRunner

from sclerodx.case import Case
from sclerodx.casefile import read_case, write_case
from sclerodx.cli.qemg import qemg_command


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("qemg")(qemg_command)
    return app


def test_mean_values_text(cli):
    result = CliRunner().invoke(cli, ["qemg", "--muscle", "biceps", "--age", "62",
                                      "--mean-duration-ms", "14.2", "--mean-amplitude-uv", "950",
                                      "--polyphasic-percent", "30", "--n-mups", "20"])
    assert result.exit_code == 0, result.output
    assert "biceps brachii: neurogenic" in result.output
    assert "Buchthal" in result.output


def test_mups_table_json_and_into(cli, tmp_path):
    table = tmp_path / "mups.csv"
    rows = ["duration_ms,amplitude_uv,phases,turns"] + ["6.1,250,5,6"] * 20
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    case_path = tmp_path / "case.json"
    write_case(Case.model_validate({"emg": [{"muscle": "biceps", "side": "left",
                                             "fibrillations_psw": True}]}), case_path)
    result = CliRunner().invoke(cli, ["qemg", "--mups", str(table), "--muscle", "biceps",
                                      "--side", "left", "--format", "json", "--into", str(case_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["class"] == "myopathic"
    entry = read_case(case_path).emg[0]
    assert entry.myopathic_units is True
    assert entry.fibrillations_psw is True  # kept: qemg does not measure spontaneous activity


@pytest.mark.parametrize(("args", "message"), [
    (["--muscle", "vastus medialis", "--mean-duration-ms", "10", "--mean-amplitude-uv", "400"],
     "--muscle: no published"),
    (["--muscle", "biceps", "--mean-duration-ms", "0", "--mean-amplitude-uv", "400"],
     "--mean-duration-ms"),
    (["--muscle", "biceps", "--mean-duration-ms", "10"], "--mean-amplitude-uv"),
    (["--muscle", "biceps", "--age", "4", "--mean-duration-ms", "10", "--mean-amplitude-uv", "400"],
     "--age"),
])
def test_bad_input_exits_2_naming_the_field(cli, args, message):
    result = CliRunner().invoke(cli, ["qemg", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_table_cell_names_row_and_column(cli, tmp_path):
    table = tmp_path / "mups.csv"
    table.write_text("duration_ms,amplitude_uv\n10,400\nten,400\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["qemg", "--mups", str(table), "--muscle", "biceps"])
    assert result.exit_code == 2
    assert "row 3, duration_ms" in result.output


def test_tibialis_anterior_summary_json(cli):
    # 12.5 ms > 11.22 (9.35 + 20 %), 950 µV > 845.5 (661.5 + 2 x 92): neurogenic
    result = CliRunner().invoke(cli, ["qemg", "--muscle", "tibialis anterior", "--age", "58",
                                      "--mean-duration-ms", "12.5", "--mean-amplitude-uv", "950",
                                      "--polyphasic-percent", "40", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["class"] == "neurogenic"
    assert data["reference"]["polyphasic_upper_percent"] == 35.0
    assert data["reference"]["amplitude_outlier_limits_uv"] is None
    states = {m["name"]: m["state"] for m in data["measures"]}
    assert states == {"mean duration": "high", "mean amplitude": "high", "polyphasic percent": "high"}


def test_an_implausible_table_value_names_its_row_and_never_the_value(cli, tmp_path):
    table = tmp_path / "mups.csv"
    table.write_text("duration_ms,amplitude_uv\n10,400\n98765,400\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["qemg", "--mups", str(table), "--muscle", "biceps"])
    assert result.exit_code == 2
    assert "--mups row 3, duration_ms: expected a number from" in result.output
    assert "98765" not in result.output
