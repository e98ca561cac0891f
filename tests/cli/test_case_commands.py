"""The assess / schema / example commands, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sclerodx.case import SCHEMA_VERSION
from sclerodx.cli import app
from sclerodx.examples import example_text, list_examples

runner = CliRunner()


def test_assess_example_text_names_every_criteria_set_and_the_disclaimer() -> None:
    result = runner.invoke(app, ["assess", "--example", "typical-als"])
    assert result.exit_code == 0, result.output
    for name in ("McDonald 2017", "McDonald 2024", "Revised El Escorial", "Awaji", "Gold Coast", "PLS"):
        assert name in result.output
    assert "clinically definite ALS" in result.output
    assert "not a diagnosis" in result.output


def test_assess_file_json_round_trips(tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(example_text("cis-without-dit"))
    result = runner.invoke(app, ["assess", str(case_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["criteria"]["mcdonald_2017"]["category"] == "possible_ms"
    assert data["disclaimer"]


def test_assess_markdown_has_headings() -> None:
    result = runner.invoke(app, ["assess", "--example", "relapsing-remitting-ms", "--format", "markdown"])
    assert result.exit_code == 0
    assert result.output.startswith("# sclerodx assessment")
    assert "### McDonald 2017: MS criteria fulfilled" in result.output


def test_invalid_case_exits_2_naming_the_field_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"emg": [{"muscle": "pectoralis minimus"}], "age": 300}))
    result = runner.invoke(app, ["assess", str(bad)])
    assert result.exit_code == 2
    assert "emg[0].muscle" in result.output
    assert "age" in result.output
    assert "Traceback" not in result.output


def test_unknown_lesion_location_and_impossible_dates_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({
        "episodes": [{"onset": "2024-03-01", "resolution": "2024-02-01", "system": "optic_nerve"}],
        "mri": [{"date": "2024-03-05", "regions_imaged": ["brain"], "lesions": [{"location": "thalamus"}]}],
    }))
    result = runner.invoke(app, ["assess", str(bad)])
    assert result.exit_code == 2
    assert "episodes[0]" in result.output
    assert "mri[0].lesions[0].location" in result.output


def test_malformed_json_and_missing_file_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert runner.invoke(app, ["assess", str(broken)]).exit_code == 2
    assert runner.invoke(app, ["assess", str(tmp_path / "absent.json")]).exit_code == 2
    assert runner.invoke(app, ["assess"]).exit_code == 2
    assert runner.invoke(app, ["assess", "--example", "no-such-example"]).exit_code == 2


def test_schema_is_versioned_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$id"].endswith(f"/{SCHEMA_VERSION}")
    assert "exam" in schema["properties"]


def test_example_lists_and_prints() -> None:
    listed = runner.invoke(app, ["example"])
    assert listed.output.split() == list_examples()
    shown = runner.invoke(app, ["example", "pls-like"])
    assert json.loads(shown.output)["id"] == "pls-like"
    assert runner.invoke(app, ["example", "nope"]).exit_code == 2
