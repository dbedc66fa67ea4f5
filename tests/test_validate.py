"""The validator on a broken copy of the real data folder: every fault named, valid rows kept."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from tests.conftest import GEODATA, run_cli

LINE = re.compile(r"^(?P<file>[\w./-]+\.csv):(?P<row>\d+):(?P<column>[\w-]+): (?P<message>.+)$")


def _append(path: Path, rows: list[dict[str, str]]) -> list[int]:
    """Append rows to a CSV; return their spreadsheet row numbers (header is row 1)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    first = len(frame) + 2
    pd.concat([frame, pd.DataFrame(rows)], ignore_index=True).fillna("").to_csv(path, index=False)
    return list(range(first, first + len(rows)))


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, dict[tuple[str, int, str], str], int]:
    """A copy of geodata/ with one of each fault; returns the folder, the faults, valid records."""
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    good = dict(name="Taraz", country="KZ", layer="unrest", kind="protest",
                sources="dpa-2022-01-13", start="2022-01-05")
    rows = _append(folder / "records.csv", [
        {**good, "id": "aktau"},                                    # duplicate id
        {**good, "id": "bad-date", "start": "2022-13-45"},          # bad date
        {**good, "id": "bad-lat", "lat": "123", "lon": "45"},       # latitude 123
        {**good, "id": "bad-country", "country": "Atlantis"},       # unknown country
        {**good, "id": "bad-source", "sources": "nobody-2022"},     # unknown source id
        {**good, "id": "still-good"},                               # valid: must load
    ])
    figures = pd.read_csv(folder / "figures.csv", dtype=str, keep_default_na=False)
    figures.drop(columns="metric").to_csv(folder / "figures.csv", index=False)  # missing column
    faults = {
        ("records.csv", rows[0], "id"): "duplicate",
        ("records.csv", rows[1], "start"): "date",
        ("records.csv", rows[2], "lat"): "90",
        ("records.csv", rows[3], "country"): "Atlantis",
        ("records.csv", rows[4], "sources"): "nobody-2022",
        ("figures.csv", 1, "metric"): "missing",
    }
    valid_records = len(pd.read_csv(GEODATA / "records.csv")) + 1
    return folder, faults, valid_records


def test_cli_names_every_fault_by_file_row_and_column(broken) -> None:
    folder, faults, _ = broken
    done = run_cli("validate", str(folder))
    assert done.returncode == 1
    lines = done.stdout.strip().splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    reported = {(m["file"], int(m["row"]), m["column"]): m["message"] for m in parsed}
    assert set(reported) == set(faults)
    for key, word in faults.items():
        assert word.lower() in reported[key].lower(), (key, reported[key])


def test_valid_rows_of_a_broken_folder_still_load(broken, geocoder: Geocoder) -> None:
    folder, faults, valid_records = broken
    data = load_dataset(folder, geocoder)
    assert len(data.records) == valid_records
    assert "still-good" in set(data.records["id"])
    assert not {"bad-date", "bad-lat", "bad-country", "bad-source"} & set(data.records["id"])
    assert len(data.problems) == len(faults)


def test_cli_validates_the_configured_folder(tmp_path: Path, broken) -> None:
    _folder, faults, _ = broken
    config = tmp_path / "elsewhere.toml"
    config.write_text('[data]\ndir = "geodata"\n')
    done = run_cli("validate", env={"DASHBOARD_CONFIG": str(config)})
    assert done.returncode == 1
    assert len(done.stdout.strip().splitlines()) == len(faults)


def test_a_row_that_cannot_be_geocoded_is_reported(tmp_path: Path, geocoder: Geocoder) -> None:
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    (row,) = _append(folder / "records.csv", [dict(
        id="nowhere", name="Blorptown", country="KZ", layer="unrest", sources="dpa-2022-01-13")])
    data = load_dataset(folder, geocoder)
    assert [str(p) for p in data.problems] == [
        f"records.csv:{row}:name: cannot geocode: no place named 'Blorptown' in the gazetteer"
    ]
