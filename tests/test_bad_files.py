"""Messy spreadsheets: every kind of bad file is named by FILE:ROW:COLUMN, and every valid row loads."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from tests.conftest import APP, GEODATA, run_cli

LINE = re.compile(r"^(?P<file>[\w./-]+\.csv):(?P<row>\d+):(?P<column>[\w-]+): (?P<message>.+)$")
GOOD = {"name": "Test protest", "country": "KZ", "layer": "unrest", "kind": "protest",
        "sources": "dpa-2022-01-13", "start": "2022-01-05", "lat": "43.25", "lon": "76.95"}
Expected = list[tuple[str, int, str, str]]  # file, row, column, a word the message contains


def _records(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "records.csv", dtype=str, keep_default_na=False)


def _add(folder: Path, *rows: dict[str, str], **to_csv: object) -> list[int]:
    """Append records (spreadsheet rows returned) and write the file with `to_csv` options."""
    frame = _records(folder)
    first = len(frame) + 2
    frame = pd.concat([frame, pd.DataFrame(list(rows))], ignore_index=True).fillna("")
    frame.to_csv(folder / "records.csv", index=False, **to_csv)
    return list(range(first, first + len(rows)))


def _no_figures(folder: Path) -> None:
    """Keep only the headers of figures.csv, events.csv and corrections.csv (their rows belong to
    records a case removes)."""
    for name in ("figures.csv", "events.csv", "corrections.csv"):
        header = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        (folder / name).write_text(header + "\n", encoding="utf-8")


def _own_records(folder: Path, names: list[str], encoding: str) -> None:
    """Replace records.csv by a small file of our own, written in a legacy encoding."""
    rows = [{**GOOD, "id": f"own-{i}", "name": name, "summary_en": name} for i, name in enumerate(names)]
    pd.DataFrame(rows).to_csv(folder / "records.csv", index=False, encoding=encoding)
    _no_figures(folder)


def semicolons(folder: Path) -> tuple[Expected, int]:
    _add(folder, sep=";")
    return [], 0


def bom(folder: Path) -> tuple[Expected, int]:
    _add(folder, {**GOOD, "id": "after-bom"}, encoding="utf-8-sig")
    return [], 1


def latin1(folder: Path) -> tuple[Expected, int]:
    _own_records(folder, ["Zhanaözen: Kundgebung auf dem Platz", "Aqtöbe: Straßenprotest, Männer"], "latin-1")
    return [("records.csv", 0, "-", "UTF-8")], 2 - len(_records_of_bundle())


def cp1251(folder: Path) -> tuple[Expected, int]:
    _own_records(folder, ["Жанаозен: митинг на площади у акимата",
                          "Актобе: протест на улице, люди вышли вечером"], "cp1251")
    return [("records.csv", 0, "-", "UTF-8")], 2 - len(_records_of_bundle())


def quoted_newlines(folder: Path) -> tuple[Expected, int]:
    _add(folder, {**GOOD, "id": "two-lines", "summary_en": "first line\nsecond line, with a comma"})
    return [], 1


def empty_file(folder: Path) -> tuple[Expected, int]:
    (folder / "figures.csv").write_text("")
    return [("figures.csv", 0, "-", "empty")], 0


def missing_column(folder: Path) -> tuple[Expected, int]:
    _records(folder).drop(columns="layer").to_csv(folder / "records.csv", index=False)
    _no_figures(folder)
    return [("records.csv", 1, "layer", "missing")], -len(_records_of_bundle())


def extra_column(folder: Path) -> tuple[Expected, int]:
    _records(folder).assign(notes="x").to_csv(folder / "records.csv", index=False)
    return [("records.csv", 1, "notes", "unknown column")], 0


def duplicate_id(folder: Path) -> tuple[Expected, int]:
    (row,) = _add(folder, {**GOOD, "id": "aktau"})
    return [("records.csv", row, "id", "duplicate")], 0


def impossible_date(folder: Path) -> tuple[Expected, int]:
    (row,) = _add(folder, {**GOOD, "id": "feb-30", "start": "2022-02-30"})
    return [("records.csv", row, "start", "date")], 0


def out_of_range(folder: Path) -> tuple[Expected, int]:
    (row,) = _add(folder, {**GOOD, "id": "lat-123", "lat": "123"})
    return [("records.csv", row, "lat", "90")], 0


def swapped(folder: Path) -> tuple[Expected, int]:
    (row,) = _add(folder, {**GOOD, "id": "swapped", "lat": "76.95", "lon": "43.25"})
    return [("records.csv", row, "lat", "swapped")], 0


def unknown_country(folder: Path) -> tuple[Expected, int]:
    (row,) = _add(folder, {**GOOD, "id": "atlantis", "country": "Atlantis"})
    return [("records.csv", row, "country", "Atlantis")], 0


def unknown_source(folder: Path) -> tuple[Expected, int]:
    (row,) = _add(folder, {**GOOD, "id": "no-source", "sources": "nobody-2022"})
    return [("records.csv", row, "sources", "nobody-2022")], 0


def bad_counts(folder: Path) -> tuple[Expected, int]:
    figures = pd.read_csv(folder / "figures.csv", dtype=str, keep_default_na=False)
    first = len(figures) + 2
    extra = [{"record": "aktau", "metric": "deaths", "value": v, "qualifier": "exact", "date": "2022-01-06",
              "sources": "dpa-2022-01-13"} for v in ("many", "-5")]
    pd.concat([figures, pd.DataFrame(extra)]).fillna("").to_csv(folder / "figures.csv", index=False)
    return [("figures.csv", first, "value", "whole"), ("figures.csv", first + 1, "value", "non-negative")], 0


def enormous_cell(folder: Path) -> tuple[Expected, int]:
    (row,) = _add(folder, {**GOOD, "id": "enormous", "name": "x" * 200_000})
    return [("records.csv", row, "name", "5000")], 0


def _records_of_bundle() -> pd.DataFrame:
    return pd.read_csv(GEODATA / "records.csv", dtype=str)


CASES: dict[str, Callable[[Path], tuple[Expected, int]]] = {
    f.__name__: f for f in (semicolons, bom, latin1, cp1251, quoted_newlines, empty_file, missing_column,
                            extra_column, duplicate_id, impossible_date, out_of_range, swapped,
                            unknown_country, unknown_source, bad_counts, enormous_cell)
}


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
    assert len(data.records) == len(_records_of_bundle()) + added
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
