"""``sclerodx report --figure``: an EMG figure from the signal pipeline lands in the report."""

from __future__ import annotations

import base64
from pathlib import Path

from typer.testing import CliRunner

from sclerodx.cli import app
from sclerodx.emg import emg_process, emg_simulate, plot_emg
from sclerodx.examples import example_text

runner = CliRunner()


def test_emg_figure_is_embedded(tmp_path: Path) -> None:
    simulated = emg_simulate(duration=3.0, sampling_rate=10_000.0, fibrillation_trains=1,
                             voluntary_fraction=0.3, random_state=1)
    figure = tmp_path / "emg_first_dorsal_interosseous.png"
    plot_emg(emg_process(simulated.signal, simulated.sampling_rate, units="uV"), figure)
    case = tmp_path / "case.json"
    case.write_text(example_text("typical-als"))
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(case), "-o", str(out), "--figure", str(figure)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "<h2>Figures</h2>" in html
    assert "emg first dorsal interosseous" in html
    assert base64.b64encode(figure.read_bytes()).decode("ascii")[:200] in html


def test_non_png_figure_is_refused(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(example_text("typical-als"))
    bogus = tmp_path / "figure.png"
    bogus.write_text("not an image")
    result = runner.invoke(app, ["report", str(case), "-o", str(tmp_path / "r.html"), "--figure", str(bogus)])
    assert result.exit_code == 2
    assert "--figure" in result.output
    assert not (tmp_path / "r.html").exists()
