"""Messy spreadsheets: every kind of bad file is named by FILE:ROW:COLUMN, and every valid row loads."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from tests.conftest import APP, GEODATA, run_cli
from tests.support.badfiles import (
    CASES,
    LINE,
    bad_counts,
    enormous_cell,
    extra_column,
    records_of_bundle,
    swapped,
)


def _reported(stdout: str) -> dict[tuple[str, int, str], str]:
    lines = stdout.strip().splitlines()
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    return {(m["file"], int(m["row"]), m["column"]): m["message"] for m in matches}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.slow  # over a second of the quick tier
def test_each_kind_of_bad_file_is_named_and_valid_rows_load(
    case: str, tmp_path: Path, geocoder: Geocoder
) -> None:
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    expected, added = CASES[case](folder)
    done = run_cli("validate", str(folder))
    reported = _reported(done.stdout)
    assert set(reported) == {(f, r, c) for f, r, c, _ in expected}, done.stdout
    for file, row, column, word in expected:
        assert word.lower() in reported[(file, row, column)].lower(), reported
    assert done.returncode == (1 if expected else 0)
    data = load_dataset(folder, geocoder)
    assert len(data.records) == len(records_of_bundle()) + added
    if case in ("latin1", "cp1251"):  # the text arrives intact
        assert set(data.records["name"]) == set(pd.read_csv(folder / "records.csv", encoding={
            "latin1": "latin-1", "cp1251": "cp1251"}[case])["name"])


@pytest.fixture
def app_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], AppTest]]:
    """AppTest on a given data folder (resource cache emptied around it)."""
    import streamlit as st

    def run(folder: Path) -> AppTest:
        config = folder.parent / "config.toml"
        config.write_text(f'[data]\ndir = "{folder.name}"\n')
        monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
        st.cache_resource.clear()
        return AppTest.from_file(str(APP), default_timeout=600).run()

    yield run
    st.cache_resource.clear()


def test_the_app_panel_lists_every_problem(tmp_path: Path, app_on: Callable[[Path], AppTest]) -> None:
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    expected = [*extra_column(folder)[0], *swapped(folder)[0], *enormous_cell(folder)[0],
                *bad_counts(folder)[0]]
    at = app_on(folder)
    assert not at.exception
    (panel,) = [e for e in at.expander if e.label.startswith("Data problems")]
    assert panel.label == f"Data problems ({len(expected)})"
    shown = panel.code[0].value.splitlines()
    assert {(m["file"], int(m["row"]), m["column"]) for m in map(LINE.match, shown)} == {
        (f, r, c) for f, r, c, _ in expected}


@pytest.mark.slow
def test_100k_rows_with_10_bad_show_100000_records_and_10_problems(
    tmp_path: Path, app_on: Callable[[Path], AppTest], large_config: Path
) -> None:
    folder = tmp_path / "geodata"
    shutil.copytree(large_config.parent / "geodata", folder)
    records = pd.read_csv(folder / "records.csv", dtype=str, keep_default_na=False)
    good = len(records)
    assert good == 100_000
    row = {**records.iloc[-1].to_dict(), "name": "bad row"}
    bad = [{**row, "id": "syn-000000"}, {**row, "id": "bad-1", "lat": "123"},
           {**row, "id": "bad-2", "start": "2022-02-30"}, {**row, "id": "bad-3", "country": "Atlantis"},
           {**row, "id": "bad-4", "sources": "nobody"}, {**row, "id": "bad-5", "layer": "volcano"},
           {**row, "id": "Bad Id 6"}, {**row, "id": "bad-7", "name": "y" * 6000},
           {**row, "id": "bad-8", "lat": "north"}, {**row, "id": "bad-9", "lon": "", "lat": "45"}]
    pd.concat([records, pd.DataFrame(bad)]).to_csv(folder / "records.csv", index=False)
    at = app_on(folder)
    assert not at.exception
    assert f"of {good:,} location records shown" in at.caption[0].value
    (panel,) = [e for e in at.expander if e.label.startswith("Data problems")]
    assert panel.label == "Data problems (10)"
    lines = panel.code[0].value.splitlines()
    assert len(lines) == 10 and all(LINE.match(line) for line in lines)
    assert {int(LINE.match(line)["row"]) for line in lines} == set(range(good + 2, good + 12))
