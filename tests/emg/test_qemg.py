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
    summarise,
)


def test_reference_is_the_published_table_and_aliases_resolve():
    ref = reference_for("biceps")
    assert ref.muscle == "biceps brachii"
    assert ref.duration_ms == (9.9, 1.4)
    assert ref.amplitude_outliers_uv == (178.0, 1414.0)
    assert set(REFERENCES) == {"deltoid", "biceps brachii", "first dorsal interosseous",
                               "tibialis anterior"}
    ta = reference_for("tibialis anterior")  # the published control table, as printed
    assert (ta.duration_ms, ta.amplitude_uv, ta.mean_phases) == ((9.35, 0.93), (661.5, 92.0),
                                                                (3.47, 0.36))
    assert ta.polyphasic_upper_percent == 35.0
    assert ta.amplitude_outliers_uv is None
    assert ta.duration_outliers_ms is None


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
    ({"muscle": "vastus medialis"}, "muscle: no published"),
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


# Tibialis anterior limits by hand from its table: duration 9.35 ± 20 % = 7.48-11.22 ms,
# amplitude 661.5 ± 2 x 92 = 477.5-845.5 µV, polyphasics up to 35 %, phases up to
# 3.47 + 2 x 0.36 = 4.19.
@pytest.mark.parametrize(("summary", "expected"), [
    (QEMGSummary(12.0, 900.0, polyphasic_percent=50.0), "neurogenic"),
    (QEMGSummary(6.5, 400.0, polyphasic_percent=50.0), "myopathic"),
    (QEMGSummary(9.0, 700.0, polyphasic_percent=20.0), "normal"),
    (QEMGSummary(9.0, 700.0, polyphasic_percent=45.0), "indeterminate"),  # polyphasia alone
    (QEMGSummary(9.0, 700.0, mean_phases=4.6), "indeterminate"),
    (QEMGSummary(12.0, 400.0), "indeterminate"),  # long but small: both sides
])
def test_tibialis_anterior_vignettes(summary, expected):
    result = interpret_summary(summary, "tibialis anterior", 45)
    assert result.label == expected
    assert result.explanation[0].startswith(expected)
    assert any("tibialis anterior" in line and "not given by age" in line
               for line in result.explanation)


def test_polyphasia_never_chooses_a_side_and_is_said_to_be_nonspecific():
    result = interpret_summary(QEMGSummary(12.0, 900.0, polyphasic_percent=50.0), "tibialis anterior")
    assert any("nonspecific" in line for line in result.explanation)
    alone = interpret_summary(QEMGSummary(9.0, 700.0, polyphasic_percent=45.0), "tibialis anterior")
    assert "neurogenic and myopathic muscles alike" in alone.explanation[0]


def test_polyphasia_without_a_reference_limit_is_reported_not_assessed():
    result = interpret_summary(QEMGSummary(10.0, 450.0, polyphasic_percent=60.0), "biceps")
    states = {m.name: (m.state, m.rule) for m in result.measures}
    assert states["polyphasic percent"][0] == "not assessed"
    assert "gives no limit" in states["polyphasic percent"][1]
    assert result.label == "normal"


def test_an_uncalibrated_summary_is_read_on_duration_alone():
    result = interpret_summary(QEMGSummary(6.5, None, n_mups=20), "biceps")
    amplitude = next(m for m in result.measures if m.name == "mean amplitude")
    assert amplitude.state == "not assessed"
    assert "uncalibrated" in amplitude.rule
    assert result.label == "myopathic"  # 6.5 < 7.92


def test_per_mup_table_without_outlier_limits_says_so():
    mups = [MUP(9.0, 700.0, 3, 3)] * 20
    result = interpret_mups(mups, "tibialis anterior")
    outliers = [m for m in result.measures if "outliers" in m.name]
    assert [m.state for m in outliers] == ["not assessed", "not assessed"]
    assert all("no outlier limits" in m.rule for m in outliers)
    assert result.label == "normal"


def test_polyphasic_share_of_a_per_mup_table_is_more_than_four_phases():
    mups = [MUP(9.0, 700.0, 3), MUP(9.0, 700.0, 5), MUP(9.0, 700.0, 6), MUP(9.0, 700.0, 4)]
    assert summarise(mups).polyphasic_percent == 50.0


def test_band_limited_amplitudes_are_judged_against_the_upper_limits_only():
    small = [MUP(9.5, 150.0, 3, 3)] * 20  # all below 178 µV and the mean below 206 µV
    assert interpret_mups(small, "biceps").label == "myopathic"
    limited = interpret_mups(small, "biceps", band_limited=True)
    assert limited.label == "normal"
    states = {m.name: m.state for m in limited.measures}
    assert states["mean amplitude"] == "not assessed"
    assert states["amplitude outliers below"] == "not assessed"


def test_child_age_names_the_field_for_every_reference():
    for muscle in REFERENCES:
        with pytest.raises(EMGInputError, match=r"^age: "):
            reference_for(muscle, 12)


@pytest.mark.parametrize("muscle", sorted(REFERENCES))
def test_adult_age_is_recorded_but_moves_no_limit_and_says_so(muscle):
    # No held reference is stratified by age (reference_values docstring): the limits
    # of a 25- and an 80-year-old must be the same, and the reading must say that they
    # were not adjusted rather than imply an age-matched comparison.
    young = interpret_summary(QEMGSummary(10.0, 500.0), muscle, 25)
    old = interpret_summary(QEMGSummary(10.0, 500.0), muscle, 80)
    assert [(m.low, m.high) for m in young.measures] == [(m.low, m.high) for m in old.measures]
    assert old.age == 80
    assert any("age 80 recorded, limits unchanged" in line for line in old.explanation)
