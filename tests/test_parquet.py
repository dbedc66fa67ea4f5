"""records.parquet instead of records.csv: the same records load, and each bad row is named by the
Parquet file and the row it would have in the CSV."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.data.parquet import read_parquet
from dashboard.data.problems import Problem
from dashboard.data.rows import load_rows
from dashboard.data.schema import RECORD_REQUIRED, RecordRow
from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from tests.conftest import GEODATA, run_cli

GOOD = {"name": "Test protest", "country": "KZ", "layer": "unrest", "kind": "protest",
        "sources": "dpa-2022-01-13", "start": "2022-01-05", "lat": "43.25", "lon": "76.95"}


def _bundled() -> pd.DataFrame:
    return pd.read_csv(GEODATA / "records.csv", dtype=str, keep_default_na=False)


def _folder(tmp_path: Path, records: pd.DataFrame, keep_csv: bool = False) -> Path:
    """A copy of geodata/ whose records are `records` written as records.parquet."""
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    records.to_parquet(folder / "records.parquet", index=False)
    if not keep_csv:
        (folder / "records.csv").unlink()
    return folder


def _with_bad_row(records: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The records plus one with latitude 123, and that row's number as in a CSV (header = row 1)."""
    bad = pd.DataFrame([{**GOOD, "id": "lat-123", "lat": "123"}])
    return pd.concat([records, bad], ignore_index=True).fillna(""), len(records) + 2


def test_a_bad_row_is_named_by_the_parquet_file_and_every_other_record_loads(
    tmp_path: Path, geocoder: Geocoder
) -> None:
    records, row = _with_bad_row(_bundled())
    data = load_dataset(_folder(tmp_path, records), geocoder)
    assert [str(p) for p in data.problems] == [
        f"records.parquet:{row}:lat: Input should be less than or equal to 90 (got '123')"]
    assert sorted(data.records["id"]) == sorted(_bundled()["id"])


def test_the_command_line_reports_the_bad_row(tmp_path: Path) -> None:
    records, row = _with_bad_row(_bundled())
    done = run_cli("validate", str(_folder(tmp_path, records)))
    assert done.returncode == 1
    assert done.stdout.strip().splitlines() == [
        f"records.parquet:{row}:lat: Input should be less than or equal to 90 (got '123')"]


def test_typed_columns_load_as_their_text_would(tmp_path: Path, geocoder: Geocoder) -> None:
    """Floats, dates, lists and nulls in the Parquet file: the same records, values and problems as the
    CSV's strings."""
    text = _bundled()
    typed = text.assign(
        lat=pd.to_numeric(text["lat"]), lon=pd.to_numeric(text["lon"]),
        start=[dt.date.fromisoformat(d) if d else None for d in text["start"]],
        sources=[s.split(";") for s in text["sources"]],
        end=pd.to_datetime(text["end"].replace("", None)),
    )
    folder = _folder(tmp_path, typed)
    assert pq.read_schema(folder / "records.parquet").field("lat").type == pa.float64()
    from_parquet = load_dataset(folder, geocoder)
    from_csv = load_dataset(GEODATA, geocoder)
    assert from_parquet.problems == []
    columns = ["id", "lat", "lon", "start", "end", "sources", "coord_method", "summary_de"]
    pd.testing.assert_frame_equal(from_parquet.records[columns], from_csv.records[columns])


def test_both_files_present_the_parquet_wins_and_the_csv_is_reported(
    tmp_path: Path, geocoder: Geocoder
) -> None:
    records = _bundled().iloc[:10]
    data = load_dataset(_folder(tmp_path, records, keep_csv=True), geocoder)
    assert sorted(data.records["id"]) == sorted(records["id"])
    ignored = [p for p in data.problems if p.file == "records.csv"]
    assert ignored == [Problem("records.csv", 0, "-",
                               "ignored: records.parquet is read instead; keep only one of the two files")]


def test_geocoding_problems_name_the_parquet_file(tmp_path: Path, geocoder: Geocoder) -> None:
    nowhere = {"id": "nowhere", "name": "Blorptown", "country": "KZ", "layer": "unrest",
               "sources": "dpa-2022-01-13"}
    records = pd.concat([_bundled(), pd.DataFrame([nowhere])], ignore_index=True).fillna("")
    data = load_dataset(_folder(tmp_path, records), geocoder)
    row = len(records) + 1
    assert [str(p) for p in data.problems] == [
        f"records.parquet:{row}:name: cannot geocode: no place named 'Blorptown' in the gazetteer"]


def test_parquet_records_validate_the_same_column_wise_and_row_by_row(tmp_path: Path) -> None:
    records, _ = _with_bad_row(_bundled())
    path = _folder(tmp_path, records) / "records.parquet"
    (rows, problems), (expected_rows, expected_problems) = (
        load_rows(path, RecordRow, RECORD_REQUIRED, vectorised=v) for v in (True, False))
    assert problems == expected_problems and len(problems) == 1
    assert rows == expected_rows and len(rows) == len(records) - 1


@pytest.mark.parametrize("content", [b"", b"not parquet at all"])
def test_an_unreadable_parquet_file_is_reported(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "records.parquet"
    path.write_bytes(content)
    frame, problems = read_parquet(path)
    assert frame is None
    assert [(p.file, p.row, p.column) for p in problems] == [("records.parquet", 0, "-")]
    assert problems[0].message.startswith("cannot read as Parquet: ")
