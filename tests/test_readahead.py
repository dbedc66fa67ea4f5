"""The loader's reads ahead (`dashboard.data.readahead`) give what reading each file when asked gives."""

from __future__ import annotations

from pathlib import Path

from dashboard.data.columnar import read_columns
from dashboard.data.readahead import ReadAhead
from tests.conftest import GEODATA

NAMES = ("sources.csv", "records.csv", "figures.csv", "events.csv")


def _same(read: tuple, expected: tuple) -> None:
    table, problems = read
    assert problems == expected[1]
    assert (table is None) == (expected[0] is None)
    if table is not None:
        assert table.equals(expected[0])


def test_files_read_ahead_are_the_files_read_when_asked(tmp_path: Path) -> None:
    paths = [GEODATA / name for name in NAMES]
    missing = tmp_path / "figures.csv"  # absent: not read ahead, read (and reported) when asked
    order = [paths[0], paths[1], missing, paths[3]]
    with ReadAhead(order) as ahead:
        for path in order:
            _same(ahead.read(path), read_columns(path))


def test_a_file_asked_out_of_order_is_read_as_it_is() -> None:
    paths = [GEODATA / name for name in NAMES]
    with ReadAhead(paths) as ahead:
        for path in (paths[2], paths[0], paths[3], paths[1], paths[2]):  # again: read afresh
            _same(ahead.read(path), read_columns(path))
