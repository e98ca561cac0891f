"""Quantitative EMG against published reference values (sclerodx.emg.qemg).

Expected classes come from the rules as published (Buchthal's ±20 % on mean duration,
mean ± 2 SD for mean amplitude, more than 2 of 20 MUPs beyond the outlier limits) applied
by hand to the Uppsala biceps reference (duration 9.9 ± 1.4 ms, amplitude 436 ± 115 µV,
outliers 178-1414 µV and 4.2-16.4 ms), not from running the code.
"""

import pytest

from sclerodx.emg import EMGInputError
from sclerodx.emg.qemg import (
    MUP,
    REFERENCES,
    QEMGSummary,
    interpret_mups,
    interpret_summary,
    reference_for,
)


def test_reference_is_the_published_table_and_aliases_resolve():
    ref = reference_for("biceps")
    assert ref.muscle == "biceps brachii"
    assert ref.duration_ms == (9.9, 1.4)
    assert ref.amplitude_outliers_uv == (178.0, 1414.0)
    assert set(REFERENCES) == {"deltoid", "biceps brachii", "first dorsal interosseous"}


@pytest.mark.parametrize(("duration", "amplitude", "expected"), [
    (14.0, 900.0, "neurogenic"),   # 14.0 > 11.88 (9.9 + 20 %), 900 > 666
    (12.5, 500.0, "neurogenic"),   # duration alone beyond +20 %
    (7.0, 300.0, "myopathic"),     # 7.0 < 7.92 (9.9 - 20 %)
    (7.5, 180.0, "myopathic"),     # short and small (180 < 206 = 436 - 2 x 115)
    (10.0, 450.0, "normal"),
    (7.0, 900.0, "indeterminate"),  # short but large: both sides
])
def test_vignettes_on_mean_values(duration, amplitude, expected):
    result = interpret_summary(QEMGSummary(duration, amplitude, n_mups=20), "biceps brachii", 55)
    assert result.label == expected
    assert result.explanation[0].startswith(expected)
    assert any("biceps brachii" in line for line in result.explanation)


def test_few_mups_and_missing_count_are_explained():
    few = interpret_summary(QEMGSummary(10.0, 450.0, n_mups=8), "deltoid")
    assert any("only 8 MUPs" in line for line in few.explanation)
    unknown = interpret_summary(QEMGSummary(10.0, 450.0), "deltoid")
    assert any("not given" in line for line in unknown.explanation)


def test_outlier_criterion_more_than_two_of_twenty():
    normal = [MUP(9.5, 450.0, 3, 3)] * 17
    three_large = normal + [MUP(11.0, 2000.0, 5, 6)] * 3    # 3 of 20 > 1414 µV
    result = interpret_mups(three_large, "biceps")
    states = {m.name: m.state for m in result.measures}
    assert states["amplitude outliers above"] == "high"
    assert result.label == "neurogenic"
    two_large = normal + [MUP(11.0, 2000.0)] * 2 + [MUP(9.5, 450.0)]  # 2 of 20: within
    assert interpret_mups(two_large, "biceps").label == "normal"


def test_only_the_first_twenty_mups_are_used():
    mups = [MUP(9.5, 450.0)] * 20 + [MUP(20.0, 5000.0)] * 10
    result = interpret_mups(mups, "biceps")
    assert result.label == "normal"
    assert "first 20 of 30" in result.explanation[1]


def test_few_mups_leave_absence_of_outliers_unassessed():
    result = interpret_mups([MUP(9.5, 450.0)] * 5, "biceps")
    states = {m.name: m.state for m in result.measures}
    assert states["duration outliers above"] == "not assessed"
    assert result.label == "normal"  # the means are still within limits


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"muscle": "tibialis anterior"}, "muscle: no published"),
    ({"muscle": "elbow"}, "muscle: unknown muscle"),
    ({"age": 9}, "age: the reference values are for adults"),
    ({"age": 200}, "age: expected"),
])
def test_missing_reference_and_bad_values_name_the_field(kwargs, field):
    args = {"muscle": "biceps", "age": None, **kwargs}
    with pytest.raises(EMGInputError, match=field):
        interpret_summary(QEMGSummary(10.0, 450.0), args["muscle"], args["age"])


@pytest.mark.parametrize(("summary", "field"), [
    (QEMGSummary(0.1, 450.0), "mean_duration_ms"),
    (QEMGSummary(10.0, -5.0), "mean_amplitude_uv"),
    (QEMGSummary(10.0, 450.0, polyphasic_percent=140.0), "polyphasic_percent"),
    (QEMGSummary(10.0, 450.0, mean_phases=3.0, polyphasic_percent=10.0), "mean_phases"),
])
def test_values_outside_physiology_are_refused(summary, field):
    with pytest.raises(EMGInputError, match=field):
        interpret_summary(summary, "biceps")


def test_json_form_has_a_class_field():
    data = interpret_summary(QEMGSummary(14.0, 900.0), "fdi").as_dict()
    assert data["class"] == "neurogenic"
    assert data["reference"]["muscle"] == "first dorsal interosseous"
