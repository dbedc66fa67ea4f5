"""The loader's checks across tables (repeated ids, cited sources, ids filled in, records named) run on
factorised columns (`dashboard.data.coded`): the same problems in the same words, and the same rows,
values and dtypes, as the plain row-at-a-time checks of `tests/support/loading.py`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.data.coded import Coded, CodedTable, duplicates, unknown
from dashboard.data.rows import Table
from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from tests.support.csvdata import append_rows, table
from tests.support.hostile import hostile, hostile_folder
from tests.support.loading import reference

CROSS_CHECKED = ("sources.csv", "records.csv", "figures.csv", "events.csv")


def _broken(folder: Path) -> None:
    """Rows that break the checks across tables, added to a data folder (valid cells each)."""
    source, record = (table(name, folder).iloc[0].to_dict() for name in ("sources", "records"))
    figure, event = (table(name, folder).iloc[0].to_dict() for name in ("figures", "events"))
    append_rows(folder, "sources", [{**source, "title": hostile(2)}, {**source, "id": " hostile-source"}])
    append_rows(folder, "records", [
        {**record, "id": "hostile-unrest"},  # repeated
        {**record, "id": "cites-nothing-known", "sources": "no-such-source"},
        {**record, "id": "cites-some-unknown", "sources": f"{source['id']};nope;{source['id']};also-nope"},
        {**record, "id": "fine-one", "sources": f"{source['id']};hostile-source"}])
    blank = {**figure, "id": "", "record": "fine-one"}
    append_rows(folder, "figures", [
        blank, blank, {**blank, "id": f"{blank['record']}-{blank['metric']}-{blank['value']}-3"},
        {**figure, "record": "no-such-record", "id": "orphan"},
        {**figure, "record": "cites-nothing-known", "id": "orphan-2"},  # its record did not load
        {**figure, "id": "unknown-source", "sources": "nope"},
        {**figure},  # a repeated id
        {**figure, "id": ""}])  # made from its cells: the same id as the first figure's, numbered
    append_rows(folder, "events", [
        {**event}, {**event, "id": ""}, {**event, "id": "", "record": "fine-one"},
        {**event, "id": "", "record": "fine-one"}, {**event, "id": "lost", "record": "nowhere"},
        {**event, "id": "bad-source", "sources": f"{source['id']};{hostile(3)}"}])


def _same_frame(loaded: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(loaded, expected, check_exact=True)
    for name in loaded.columns:
        if loaded[name].dtype == object:
            assert [type(v) for v in loaded[name]] == [type(v) for v in expected[name]], name


@pytest.mark.parametrize("broken", [False, True], ids=["hostile", "hostile-and-broken"])
def test_the_loader_checks_across_tables_as_row_by_row(broken: bool, tmp_path: Path,
                                                       geocoder: Geocoder) -> None:
    folder = hostile_folder(tmp_path).parent / "geodata"
    if broken:
        _broken(folder)
    tables, expected = reference(folder)
    data = load_dataset(folder, geocoder)
    assert [p for p in data.problems if p.file in CROSS_CHECKED] == sorted(expected)
    assert len(expected) == (12 if broken else 0)
    _same_frame(data.sources, tables["sources"].frame())
    _same_frame(data.figures, tables["figures"].frame())
    _same_frame(data.events, tables["events"].frame().sort_values(
        ["date", "time"], na_position="first", kind="stable", ignore_index=True))
    assert list(data.records["id"]) == tables["records"].columns["id"]


def test_equal_values_given_apart_are_one_value() -> None:
    ids = Coded(["a", "b", "a", None], np.array([0, 1, 2, 2, 3, 1]))
    kept, problems = duplicates(CodedTable(np.arange(2, 8), {"id": ids}), "id", "t.csv")
    assert kept.rows.tolist() == [2, 3, 6] and kept.columns["id"].tolist() == ["a", "b", None]
    assert [(p.row, p.message) for p in problems] == [
        (4, "duplicate id 'a' (first in row 2)"), (5, "duplicate id 'a' (first in row 2)"),
        (7, "duplicate id 'b' (first in row 3)")]


def test_unknown_ids_are_named_in_order_once_per_row() -> None:
    own = "".join(["s", "1"])  # a string of its own, equal to the known one
    lists = Coded([[own, "x", "y", "x"], [], ["s1"], None], np.array([2, 0, 1, 3, 0]))
    known = "".join(["s", "1"])
    bad, named = unknown(lists, {known: known})
    assert bad.tolist() == [False, True, False, False, True]
    assert named == [["x", "y", "x"], ["x", "y", "x"]]
    assert lists.values[2][0] is known and lists.values[0][0] is own  # a list that is kept names the known


def test_a_frame_from_coded_columns_is_the_tables_frame() -> None:
    plain = Table({"row": [2, 3, 4], "id": ["a", "b", "c"], "lat": [1.5, None, 1.5], "n": [1, 2, 1],
                   "names": [["x"], ["x"], []], "blank": [None, None, None], "text": ["t", None, "t"]})
    coded = CodedTable(np.array([2, 3, 4]), {
        "id": Coded.of(["a", "b", "c"]), "lat": Coded([2.0, 1.5, None], np.array([1, 2, 1])),
        "n": Coded([1, 2], np.array([0, 1, 0])), "names": Coded([["x"], []], np.array([0, 0, 1])),
        "blank": Coded([None, "unused"], np.array([0, 0, 0])),
        "text": Coded(["t", None], np.array([0, 1, 0]))})
    _same_frame(coded.frame(), plain.frame())
    frame = coded.frame()
    assert frame["names"][0] is not frame["names"][1]  # each row its own list, as row by row
    assert coded.table().columns == plain.columns


def test_parquet_text_read_as_dictionaries_validates_the_same_both_ways(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dashboard.data.columnar import load_columns
    from dashboard.data.rows import load_rows
    from dashboard.data.schema import SOURCE_REQUIRED, SourceRow
    from tests.support.validation import same_table

    sources = table("sources").head(50)
    sources.loc[3, "publisher"] = None  # a null cell: blank text, as a spreadsheet holds it
    sources.loc[5, "title"] = None
    sources.loc[40, "id"] = sources.loc[2, "id"]
    path = tmp_path / "sources.parquet"
    pq.write_table(pa.Table.from_pandas(sources, preserve_index=False), path, row_group_size=10)
    valid, problems = load_columns(path, SourceRow, SOURCE_REQUIRED)
    assert [(p.row, p.column) for p in problems] == [(5, "publisher"), (7, "title")]
    same_table((valid, problems), load_rows(path, SourceRow, SOURCE_REQUIRED, vectorised=False), SourceRow)
