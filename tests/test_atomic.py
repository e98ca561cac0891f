"""A file is written whole or not at all (the three writers share one helper)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sclerodx.atomic import write_atomically


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    target.write_text("old")

    def half(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]


def test_the_temporary_file_takes_the_suffix_a_writer_needs(tmp_path: Path) -> None:
    seen: list[str] = []
    write_atomically(tmp_path / "out.parquet", lambda tmp: seen.append(tmp.suffix) or tmp.write_bytes(b"x"),
                     suffix=".parquet")
    assert seen == [".parquet"]
    assert (tmp_path / "out.parquet").read_bytes() == b"x"
