import pytest

from sclerodx.emg import emg_findings, emg_process, emg_simulate


def test_fibrillation_train_at_rest_sets_fibrillations_true():
    sim = emg_simulate(20.0, 10000.0, fibrillation_trains=1, random_state=0)
    finding = emg_findings(emg_process(sim.signal, 10000.0, units="uV"), "fdi", "left")
    assert finding.muscle == "first dorsal interosseous"
    assert finding.side is not None
    assert finding.side.value == "left"
    assert finding.fibrillations_psw is True
    assert finding.chronic_neurogenic is None  # no voluntary activity examined
    assert finding.provenance is not None
    assert "sclerodx" in finding.provenance


def test_quiet_short_rest_is_negative_for_fibrillations_but_not_for_fasciculations():
    sim = emg_simulate(20.0, 10000.0, random_state=1)
    finding = emg_findings(emg_process(sim.signal, 10000.0, units="uV"), "deltoid", None)
    assert finding.fibrillations_psw is False
    assert finding.fasciculation_potentials is None  # 20 s is too short to exclude them


def test_unknown_muscle_is_rejected():
    sim = emg_simulate(5.0, 10000.0, random_state=2)
    with pytest.raises(ValueError, match="unknown muscle"):
        emg_findings(emg_process(sim.signal, 10000.0, units="uV"), "elbow", None)
