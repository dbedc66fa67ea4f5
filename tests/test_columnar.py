"""The columnar reader and validator (`dashboard.data.columnar`) give what the row-wise reference gives:
every row through the pydantic model (`rows.load_rows(..., vectorised=False)`), read by the reference
reader. The same problems in the same words, the same valid rows, values and types; on the bundled data,
every bad-file, hostile and encoding fixture the other tests use, cells chosen to sit on the edge of
what the kernels vouch for, and both synthetic shapes at 10,000 records."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import write_synthetic
from dashboard.data.columnar import load_columns, read_columns
from dashboard.data.csvfile import read_table
from dashboard.data.rows import load_rows
from dashboard.data.schema import RECORD_REQUIRED, RecordRow
from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from tests.conftest import GEODATA
from tests.support.badfiles import CASES
from tests.support.encodings import GERMAN, KAZAKH, RUSSIAN, records_text
from tests.support.hostile import hostile_folder
from tests.support.validation import TABLES, same_table


def _compare_folder(folder: Path) -> int:
    """Compare every table of the folder both ways; the number of tables compared."""
    compared = 0
    for name, model, required in TABLES:
        for path in (folder / name, (folder / name).with_suffix(".parquet")):
            if path.exists():
                same_table(load_columns(path, model, required),
                           load_rows(path, model, required, vectorised=False), model)
                compared += 1
    return compared


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    return folder


def test_the_bundled_data_validates_the_same_both_ways() -> None:
    assert _compare_folder(GEODATA) == len(TABLES)


def test_the_bundled_files_are_read_by_arrow_as_the_reference_reads_them() -> None:
    for name, *_ in TABLES:
        table, problems = read_columns(GEODATA / name)
        frame, expected = read_table(GEODATA / name)
        assert table is not None and frame is not None
        assert problems == expected
        assert table.column_names == list(frame.columns)
        assert table.to_pydict() == frame.to_dict("list"), name


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.slow  # over a second of the quick tier
def test_every_bad_file_case_validates_the_same_both_ways(case: str, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    CASES[case](folder)
    _compare_folder(folder)


def test_the_hostile_folder_validates_the_same_both_ways(tmp_path: Path) -> None:
    config = hostile_folder(tmp_path)
    assert _compare_folder(config.parent / "geodata") == len(TABLES)


@pytest.mark.parametrize(("encoding", "names", "sep", "eol"), [
    ("utf-8", [*RUSSIAN, *KAZAKH, *GERMAN], ",", "\n"),
    ("utf-8-sig", [*RUSSIAN, *KAZAKH, *GERMAN], ";", "\r\n"),
    ("utf-16", [*KAZAKH, *GERMAN], "\t", "\r\n"),
    ("cp1251", RUSSIAN, ",", "\n"),
    ("kz1048", KAZAKH, ",", "\n"),
    ("cp1252", GERMAN, ",", "\n"),
])
def test_each_encoding_validates_the_same_both_ways(
    encoding: str, names: list[str], sep: str, eol: str, tmp_path: Path
) -> None:
    folder = _copy(tmp_path)
    (folder / "records.csv").write_bytes(records_text(names, sep, eol).encode(encoding))
    _compare_folder(folder)


def test_a_mixed_and_a_binary_file_validate_the_same_both_ways(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    lines = records_text(RUSSIAN).splitlines(keepends=True)
    raw = b"".join(line.encode("cp1251" if i % 2 else "utf-8") for i, line in enumerate(lines))
    (folder / "records.csv").write_bytes(raw)
    (folder / "figures.csv").write_bytes(b"record,metric\x00\x01\x02,value\n")
    _compare_folder(folder)


# Cells on the edge of what the kernels vouch for: surrounding and Unicode whitespace, numbers Python
# reads and pydantic may read otherwise, bounds, lists with blanks and spaces, text at its length limit.
EDGES: dict[str, list[str]] = {
    "id": ["plain", " spaced", "Upper", "a" * 80, "a" * 81, "tab\t", "x\u00a0", "ok-1"],
    "name": ["Name", " Name ", "\u2003Name", "", "x" * 5000, "x" * 5001, "N\u0301", "\u00e9"],
    "lat": ["43.25", "+43.25", ".5", "1e1", "90", "90.0000001", "-90", " 43", "", "nan", "1e999", "4_3"],
    "lon": ["76.9", "76", "-180", "180.5", "1E2", "0x10", "７６", "", "1.", "-0", "76,9", "  "],
    "sources": ["dpa-2022-01-13", "dpa-2022-01-13;", ";dpa-2022-01-13", " dpa-2022-01-13",
                "dpa-2022-01-13; dpa-2022-01-13", "", ";", "dpa-2022-01-13;;dpa-2022-01-13"],
    "summary_en": ["", " ", "text", "x" * 5001, "line\nbreak", "\u00a0", "a", "b"],
}


def test_cells_on_the_edge_validate_the_same_both_ways(tmp_path: Path) -> None:
    size = max(len(values) for values in EDGES.values())
    rows = []
    for i in range(size * 3):  # each value of each column beside other columns' values
        row = {"country": "KZ", "layer": "unrest", "kind": "protest", "start": "2022-01-05"}
        row.update({name: values[(i + j) % len(values)] for j, (name, values) in enumerate(EDGES.items())})
        rows.append(row)
    path = tmp_path / "records.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    same_table(load_columns(path, RecordRow, RECORD_REQUIRED),
               load_rows(path, RecordRow, RECORD_REQUIRED, vectorised=False), RecordRow)
    parquet = tmp_path / "records.parquet"
    pd.DataFrame(rows).to_parquet(parquet, index=False)
    same_table(load_columns(parquet, RecordRow, RECORD_REQUIRED),
               load_rows(parquet, RecordRow, RECORD_REQUIRED, vectorised=False), RecordRow)


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["scattered", "bundled"])
def test_both_synthetic_shapes_at_10000_validate_the_same_both_ways(shape: str, tmp_path: Path) -> None:
    write_synthetic(tmp_path, 10_000, shape=shape)
    assert _compare_folder(tmp_path / "geodata") >= 3  # the scattered shape has no events


def test_a_folder_of_parquet_tables_loads_as_its_csv_files_do(tmp_path: Path, geocoder: Geocoder) -> None:
    folder = tmp_path / "geodata"
    folder.mkdir()
    for path in GEODATA.glob("*.csv"):  # each cell as the text a spreadsheet holds (as bench.synthetic)
        pd.read_csv(path, dtype=str, keep_default_na=False).to_parquet(folder / f"{path.stem}.parquet")
    parquet, csv = load_dataset(folder, geocoder), load_dataset(GEODATA, geocoder)
    for name in ("records", "sources", "figures", "events", "corrections", "updates"):
        pd.testing.assert_frame_equal(getattr(parquet, name), getattr(csv, name))
    assert [dataclasses.replace(p, file=p.file.replace(".parquet", ".csv")) for p in parquet.problems] == \
        csv.problems


@pytest.mark.parametrize("extra", ["", "b-2,Name,KZ,unrest,protest,dpa-2022-01-13,2022-01-05,1,2,x,y\n"])
def test_a_short_or_a_long_row_validates_the_same_both_ways(extra: str, tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text("id,name,country,layer,kind,sources,start,lat,lon\n"
                    "a-1,Name,KZ,unrest,protest,dpa-2022-01-13,2022-01-05,43.2,76.9\n"
                    "a-2,Name,KZ,unrest\n" + extra, encoding="utf-8")
    same_table(load_columns(path, RecordRow, RECORD_REQUIRED),
               load_rows(path, RecordRow, RECORD_REQUIRED, vectorised=False), RecordRow)
