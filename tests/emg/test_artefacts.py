"""Flat lines, steps and saturation are found, excluded and reported."""

import numpy as np

from sclerodx.emg import emg_process, emg_simulate
from sclerodx.emg.artefacts import detect_artefacts


def test_flat_line_then_step_and_saturation_are_found():
    sim = emg_simulate(6.0, 10000.0, random_state=0)
    x = sim.signal.copy()
    x[20000:22300] = 0.0          # 230 ms flat ...
    x[22300:] += 400.0            # ... then a step of 400 µV
    x[40000:40020] = x.max() + 1000.0   # clipped at the converter's top
    kinds = [a.kind for a in detect_artefacts(x, 10000.0, 5.0)]
    assert kinds == ["flat line", "step", "saturation"]


def test_artefacts_are_excluded_from_rest_and_reported():
    sim = emg_simulate(12.0, 10000.0, random_state=1)
    x = sim.signal.copy()
    x[30000:32300] = 0.0
    x[32300:] += 400.0
    analysis = emg_process(x, 10000.0, units="uV")
    assert [a.kind for a in analysis.artefacts] == ["flat line", "step"]
    excluded = [s for s in analysis.segments if "step" in s.reason]
    assert excluded
    assert "flat line" in excluded[0].reason
    assert analysis.spontaneous.events == []  # the step's filter transient is no potential
    assert min(s.start for s in excluded) / analysis.sampling_rate < 3.0
    assert max(s.stop for s in excluded) / analysis.sampling_rate > 3.23


def test_a_clean_record_has_no_artefacts():
    sim = emg_simulate(5.0, 4000.0, fibrillation_trains=1, random_state=2)
    assert detect_artefacts(sim.signal, 4000.0, 5.0) == []
    assert np.isfinite(emg_process(sim.signal, 4000.0, units="uV").noise)
