import pytest

from sclerodx.emg import emg_process, read_emg
from sclerodx.emg.n2001 import N2001_RATE, iter_n2001

pytestmark = pytest.mark.realdata


@pytest.fixture
def data_root(request):
    root = request.config.rootpath / ".." / "shared" / "data" / "emglab-n2001-subset"
    if not (root / "labels.csv").is_file():
        pytest.skip("../shared/data/emglab-n2001-subset is absent")
    return root


def test_all_71_records_load_with_labels(data_root):
    records = list(iter_n2001(data_root))
    assert len(records) == 71
    assert {r.label for r in records} == {"neurogenic", "normal", "myopathic"}
    assert len({r.subject for r in records}) == 8


def test_raw_file_reads_through_read_emg_and_is_classified(data_root):
    record = read_emg(data_root / "bin" / "N2001A01BB01.bin", sampling_rate=N2001_RATE)
    assert record.duration == pytest.approx(11.185, abs=0.01)
    analysis = emg_process(record)
    assert analysis.classification is not None
    assert len(analysis.motor_units.units) >= 3
