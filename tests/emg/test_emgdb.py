"""External check on another lab's recordings: PhysioNet "Examples of Electromyograms".

Three 4 s excerpts (tests/emg/fixtures/emgdb, see its README): tibialis anterior, 4 kHz,
calibrated in mV - another lab, muscle and sampling rate than the N2001 records the
classifier was trained on. The healthy and myopathy excerpts were classified before
anything was changed for them; the neuropathy excerpt (chronic L5 radiculopathy) was
called myopathic by the gain-free model alone and is called neurogenic only since the
calibrated large-potential criterion (sclerodx.emg.reference) was added after seeing
it, so that expectation is not an independent check.
"""

from pathlib import Path

import pytest

from sclerodx.emg import emg_process, read_emg

EMGDB = Path(__file__).resolve().parent / "fixtures" / "emgdb"


def analyse(name: str):
    return emg_process(read_emg(EMGDB / f"emg_{name}_4s.hea"), muscle="tibialis anterior")


def test_header_in_millivolts_is_read_as_calibrated_microvolts():
    record = read_emg(EMGDB / "emg_healthy_4s.hea")
    assert record.units == "uV"
    assert record.sampling_rate == 4000.0
    assert record.samples.shape == (1, 16000)
    # first sample of the PhysioNet record is -0.0333 mV
    assert record.samples[0, 0] == pytest.approx(-33.3, abs=0.2)


@pytest.mark.parametrize(("name", "expected"), [
    ("healthy", "normal"),
    ("myopathy", "myopathic"),
    ("neuropathy", "neurogenic"),
])
def test_class_of_each_excerpt(name, expected):
    result = analyse(name).classification
    assert result is not None
    assert result.label == expected


def test_neuropathy_has_large_motor_unit_potentials():
    analysis = analyse("neuropathy")
    outliers = analysis.amplitude_outliers
    assert outliers is not None
    assert outliers.met is True
    assert max(u.shape.amplitude for u in analysis.motor_units.units) > 2500.0  # µV


def test_healthy_and_myopathy_have_no_large_potentials():
    for name in ("healthy", "myopathy"):
        outliers = analyse(name).amplitude_outliers
        assert outliers is not None
        assert outliers.n_outliers == 0
