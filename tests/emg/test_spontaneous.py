"""Detection of planted spontaneous potentials: recall and precision >= 0.9 per kind."""

import itertools

import numpy as np
import pytest

from sclerodx.emg import emg_process, emg_simulate
from sclerodx.emg.simulate import PlantedEvent
from sclerodx.emg.spontaneous import SpontaneousEvent

TOLERANCE_S = 0.003


def _match(planted: list[PlantedEvent], found: list[SpontaneousEvent], kind: str):
    truth = np.array([e.time_s for e in planted if e.kind == kind])
    hits = np.array([e.time_s for e in found if e.kind == kind])
    recalled = sum(bool(hits.size and np.min(np.abs(hits - t)) < TOLERANCE_S) for t in truth)
    correct = sum(bool(truth.size and np.min(np.abs(truth - h)) < TOLERANCE_S) for h in hits)
    return recalled / max(truth.size, 1), correct / max(hits.size, 1), truth.size


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("rate", [4000.0, 10000.0, 23437.5])
@pytest.mark.parametrize(
    ("kind", "planting"),
    [("fibrillation", {"fibrillation_trains": 1}),
     ("positive_sharp_wave", {"psw_trains": 1})],
)
def test_regular_trains_are_found_with_their_kind(kind, planting, rate, seed):
    sim = emg_simulate(20.0, rate, fasciculation_rate=0.3, random_state=seed, **planting)
    analysis = emg_process(sim.signal, rate, units="uV")
    recall, precision, n = _match(sim.events, analysis.spontaneous.events, kind)
    assert n > 10
    assert recall >= 0.9
    assert precision >= 0.9


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fasciculations_are_found_and_not_mistaken(seed):
    sim = emg_simulate(60.0, 10000.0, fasciculation_rate=0.5, random_state=seed)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    recall, precision, n = _match(sim.events, analysis.spontaneous.events, "fasciculation")
    assert n >= 15
    assert recall >= 0.9
    assert precision >= 0.9
    assert analysis.spontaneous.count("fibrillation") == 0


def test_fibrillation_train_rate_is_measured():
    sim = emg_simulate(20.0, 10000.0, fibrillation_trains=1, random_state=7)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    planted = np.diff([e.time_s for e in sim.events])
    trains = [t for t in analysis.spontaneous.trains if t.kind == "fibrillation"]
    main = max(trains, key=lambda t: t.n_events)
    assert main.n_events >= 0.8 * len(sim.events)
    assert main.firing_rate_hz == pytest.approx(1.0 / planted.mean(), rel=0.05)
    assert main.interval_cv is not None
    assert main.interval_cv < 0.1


def test_quiet_rest_has_no_spontaneous_activity():
    sim = emg_simulate(20.0, 10000.0, random_state=8)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    assert analysis.spontaneous.events == []
    assert analysis.seconds("rest") > 19.0


def test_filter_edges_are_never_rest():
    sim = emg_simulate(20.0, 10000.0, random_state=8)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    first, last = analysis.segments[0], analysis.segments[-1]
    assert (first.state, first.reason) == ("excluded", "filter edge")
    assert (last.state, last.reason) == ("excluded", "filter edge")


def test_no_rate_under_five_seconds_of_rest_and_the_reason_is_given():
    sim = emg_simulate(4.0, 10000.0, fibrillation_trains=1, random_state=0)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    assert analysis.spontaneous.count("fibrillation") > 0
    assert analysis.spontaneous.rate("fibrillation") is None
    assert "5 s" in analysis.spontaneous.rate_note()


def test_rest_after_voluntary_activity_is_guarded():
    # 10 s rest then 10 s of voluntary activity then nothing: no rest straight after
    sim = emg_simulate(20.0, 10000.0, voluntary_fraction=0.5, random_state=3)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    for before, after in itertools.pairwise(analysis.segments):
        if before.state == "voluntary":
            assert after.state == "excluded"


def test_rest_stretches_last_at_least_a_second():
    sim = emg_simulate(20.0, 10000.0, voluntary_fraction=0.5, random_state=4)
    analysis = emg_process(sim.signal, 10000.0, units="uV")
    assert all(s.duration(analysis.sampling_rate) >= 1.0
               for s in analysis.segments if s.state == "rest")


def test_large_brief_potentials_are_not_fibrillations_in_calibrated_records():
    sim = emg_simulate(20.0, 10000.0, fibrillation_trains=1, random_state=7)
    big = emg_process(sim.signal * 15.0, 10000.0, units="uV")  # 1-3 mV "fibrillations"
    assert big.spontaneous.count("fibrillation") == 0
    assert big.spontaneous.rejected["above the fibrillation amplitude ceiling"] > 10
    counts = emg_process(sim.signal * 15.0, 10000.0, units="adc")  # gain unknown: no ceiling
    assert counts.spontaneous.count("fibrillation") > 10
