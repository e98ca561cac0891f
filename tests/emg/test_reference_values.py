"""The reference table holds what its sources print (sclerodx.emg.reference_values).

Expected values are copied from the cited tables (NSCN "Normalverdier standard EMG";
the JNNP tibialis anterior control table), not from the code.
"""

import pytest

from sclerodx.anatomy import find_muscle
from sclerodx.emg.reference_values import ADULT_AGE, REFERENCES


@pytest.mark.parametrize(("muscle", "amplitude", "duration", "amp_outliers", "dur_outliers"), [
    ("deltoid", (550.0, 110.0), (10.4, 1.3), (162.0, 1531.0), (4.2, 18.4)),
    ("biceps brachii", (436.0, 115.0), (9.9, 1.4), (178.0, 1414.0), (4.2, 16.4)),
    ("first dorsal interosseous", (752.0, 247.0), (9.4, 1.3), (188.0, 2301.0), (4.0, 18.0)),
    ("tibialis anterior", (661.5, 92.0), (9.35, 0.93), None, None),
])
def test_rows_as_published(muscle, amplitude, duration, amp_outliers, dur_outliers):
    ref = REFERENCES[muscle]
    assert ref.amplitude_uv == amplitude
    assert ref.duration_ms == duration
    assert ref.amplitude_outliers_uv == amp_outliers
    assert ref.duration_outliers_ms == dur_outliers


def test_every_row_names_its_source_and_ages_and_a_known_muscle():
    for name, ref in REFERENCES.items():
        assert find_muscle(name).name == name == ref.muscle
        assert ref.source
        assert "adults" in ref.ages
    assert ADULT_AGE == 18.0


def test_tibialis_anterior_polyphasia_limits():
    ref = REFERENCES["tibialis anterior"]
    assert ref.mean_phases == (3.47, 0.36)
    assert ref.polyphasic_upper_percent == 35.0
    assert "J Neurol Neurosurg Psychiatry" in ref.source
