"""The published per-subject biceps table (Pattichis et al. 1995) and its QEMG reading.

Expected classes are worked by hand from the rules as published, applied to the Uppsala
biceps reference (mean duration 9.9 ms ± 20 % -> 7.92-11.88 ms, Buchthal; mean
amplitude 436 ± 2 x 115 µV -> 206-666 µV, Stålberg et al. 1996), not from running the
code: e.g. MND subject 108 (10.34 ms, 520 µV) lies inside both limits, so the rule calls
it normal - a miss of the rule, not of the code.
"""

from pathlib import Path

import pytest

from sclerodx.emg import EMGInputError
from sclerodx.emg.pattichis1995 import MUSCLE, read_pattichis1995
from sclerodx.emg.qemg import interpret_summary

TABLE = Path(__file__).resolve().parent / "fixtures" / "pattichis1995" / "muap.csv"


@pytest.fixture(scope="module")
def subjects():
    return {s.subject: s for s in read_pattichis1995(TABLE)}


def test_distributed_copy_has_its_groups_and_units(subjects):
    groups = [s.group for s in subjects.values()]
    assert len(subjects) == 34
    assert (groups.count("normal"), groups.count("motor neuron disease"),
            groups.count("myopathy")) == (12, 11, 11)
    first = subjects["059"]
    assert first.expected == "normal"
    assert first.summary.mean_duration_ms == 8.93
    assert first.summary.mean_amplitude_uv == pytest.approx(330.0)  # 0.33 mV
    assert first.summary.mean_phases == 2.5
    assert first.summary.n_mups == 20
    assert subjects["021"].expected == "neurogenic"
    assert subjects["069"].expected == "myopathic"


@pytest.mark.parametrize(("subject", "label"), [
    ("059", "normal"),       # 8.93 ms, 330 µV: both inside
    ("021", "neurogenic"),   # 15.94 ms > 11.88, 980 µV > 666
    ("074", "neurogenic"),   # 14.05 ms > 11.88 (660 µV inside)
    ("069", "myopathic"),    # 5.41 ms < 7.92, 160 µV < 206
    ("104", "myopathic"),    # 7.89 ms just below 7.92
    ("108", "normal"),       # MND, 10.34 ms and 520 µV inside: the rule misses it
    ("096", "normal"),       # myopathy, 9.74 ms and 480 µV inside: missed too
])
def test_reading_follows_the_published_rules(subjects, subject, label):
    assert interpret_summary(subjects[subject].summary, MUSCLE).label == label


def test_whole_table_gives_the_hand_count(subjects):
    # By hand: all 12 normal inside; MND outside except 106 (11.84 ms, 620 µV) and 108;
    # myopathy below except 022 (8.18 ms, 250 µV), 068 (8.65 ms, 400 µV) and 096.
    right = sum(interpret_summary(s.summary, MUSCLE).label == s.expected
                for s in subjects.values())
    assert right == 12 + 9 + 8


HEADER = "DurMn,DurSD,AmpMn,AmpSD,PhMn,Cls,Pat.No.\n"


@pytest.mark.parametrize(("row", "message", "value"), [
    ("9.0,2.0,0.3,0.1,2.5,4,001", r"row 2, Cls: expected 1, 2 or 3", "4"),
    ("nine,2.0,0.3,0.1,2.5,1,001", r"row 2, DurMn: expected a finite positive number", "nine"),
    ("9.0,,0.3,0.1,2.5,1,001", r"row 2, DurSD: expected a finite positive number", None),
    ("9.0,2.0,nan,0.1,2.5,1,001", r"row 2, AmpMn: expected a finite positive number", "nan"),
    ("9.0,2.0,0.3,inf,2.5,1,001", r"row 2, AmpSD: expected a finite positive number", "inf"),
    ("-9.25,2.0,0.3,0.1,2.5,1,001", r"row 2, DurMn: expected a finite positive number", "-9.25"),
    ("9.0,2.0,-0.375,0.1,2.5,1,001", r"row 2, AmpMn: expected a finite positive number",
     "-0.375"),
    ("9.0,2.0,0.3", r"row 2: expected 7 cells, as in the header", None),
    ("9.0,2.0,0.3,0.1,2.5,1,001,777", r"row 2: expected 7 cells, as in the header", "777"),
])
def test_bad_rows_name_the_row_and_column_not_the_value(tmp_path, row, message, value):
    table = tmp_path / "patient-smith.csv"
    table.write_text(HEADER + "9.1,2.0,0.3,0.1,2.5,1,000\n" + row + "\n")
    with pytest.raises(EMGInputError, match=message.replace("row 2", "row 3")) as caught:
        read_pattichis1995(table)
    text = str(caught.value)
    assert "smith" not in text
    assert str(tmp_path) not in text
    if value is not None:
        assert value not in text


def test_bad_files_name_the_table_not_the_path(tmp_path):
    no_column = tmp_path / "patient-smith.csv"
    no_column.write_text("DurMn,Cls\n9.0,1\n")
    with pytest.raises(EMGInputError, match=r"^table: expected columns DurSD, AmpMn") as caught:
        read_pattichis1995(no_column)
    assert "smith" not in str(caught.value)
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(HEADER.encode() + "9.0,2.0,0.3,0.1,2.5,1,M\xfcller\n".encode("latin-1"))
    with pytest.raises(EMGInputError, match=r"^table: expected UTF-8 text$"):
        read_pattichis1995(latin1)
    absent = tmp_path / "secret-name" / "absent.csv"
    with pytest.raises(EMGInputError, match=r"^table: no such file$"):
        read_pattichis1995(absent)

