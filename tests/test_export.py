"""Export bytes, the format registry, the link builder and the command line, called directly."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard.export import export, file_name, formats
from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.scene import scene
from dashboard.view.link import View, parse_view, view_link
from dashboard.view.selection import select
from tests.conftest import GEODATA, REPO, run_cli
from tests.support.csvdata import table, view_records

DAY = dt.date(2022, 1, 14)


def test_every_format_module_is_registered_with_its_file_name(geocoder: Geocoder) -> None:
    view = scene(load_dataset(GEODATA, geocoder), View(("AM", "BY"), DAY))
    assert list(formats()) == ["csv", "geojson", "html", "folder", "png", "svg", "pdf"]
    stills = [(spec.extension, spec.mime) for spec, _ in formats().values() if spec.sized]
    assert stills == [("png", "image/png"), ("svg", "image/svg+xml"), ("pdf", "application/pdf")]
    assert file_name(view, "geojson") == "kz-csto-2022-01-14-AM-BY.geojson"
    assert file_name(view, "pdf") == "kz-csto-2022-01-14-AM-BY.pdf"


def test_csv_and_geojson_hold_the_view_records_in_every_language(geocoder: Geocoder) -> None:
    view = scene(load_dataset(GEODATA, geocoder), View(("AM",), DAY))
    frame = pd.read_csv(io.BytesIO(export(view, "csv")), dtype=str, keep_default_na=False)
    assert set(frame["id"]) == view_records({"AM"}, DAY)
    header = list(table("records").columns)
    assert list(frame.columns[:len(header)]) == header  # records.csv's columns, languages included
    collection = json.loads(export(view, "geojson"))
    assert {f["id"] for f in collection["features"]} == view_records({"AM"}, DAY)


def test_the_html_map_renumbers_its_own_ids_and_leaves_data_alone(tmp_path: Path, geocoder: Geocoder) -> None:
    """A source URL ending in `_<32 hex>.pdf` looks like a folium id; it must reach the file unchanged."""
    shutil.copytree(GEODATA, tmp_path / "geodata")
    sources = pd.read_csv(tmp_path / "geodata" / "sources.csv", dtype=str, keep_default_na=False)
    url = "https://example.org/files/report_0123456789abcdef0123456789abcdef.pdf"
    sources.loc[sources["id"] == "dpa-2022-01-13", "url"] = url
    sources.to_csv(tmp_path / "geodata" / "sources.csv", index=False)
    data = load_dataset(tmp_path / "geodata", geocoder)
    view = scene(data, View(("KZ",), DAY))
    first, second = (export(view, "html") for _ in range(2))
    assert first == second  # deterministic
    html = first.decode()
    assert url in html
    ids = set(re.findall(r"_([0-9a-f]{32})\b", html)) - {"0123456789abcdef0123456789abcdef"}
    assert ids and all(int(i, 16) < 100 for i in ids)  # numbered, not random


def test_the_html_map_shows_the_scenes_own_map_groups(geocoder: Geocoder) -> None:
    """The map groups the view switched off are drawn hidden on load, a click away in the layer control."""
    data = load_dataset(GEODATA, geocoder)
    every = export(scene(data, View(("KZ",), DAY)), "html").decode()
    some = export(scene(data, View(("KZ",), DAY, layers=("unrest",), lang="en")), "html").decode()
    assert some != every
    assert every.count(".removeLayer(") + 4 == some.count(".removeLayer(")  # four groups off


def test_the_data_folder_names_its_licence_and_every_source(geocoder: Geocoder) -> None:
    from dashboard.config import load_config

    body = export(scene(load_dataset(GEODATA, geocoder), View(("AM",), DAY)), "folder")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        readme = archive.read("README.txt").decode()
        sources = pd.read_csv(archive.open("sources.csv"), dtype=str, keep_default_na=False)
    licence = load_config().data_licence
    assert licence and f"Licence of the data: {licence}." in readme
    assert "View: Armenia (AM); date: 2022-01-14." in readme
    assert f"Sources ({len(sources)}):" in readme
    listed = [line.split(":")[0].removeprefix("- ") for line in readme.splitlines() if line.startswith("- ")]
    assert listed == list(sources["id"]) and listed


def test_the_data_folders_readme_speaks_the_views_language(geocoder: Geocoder) -> None:
    """The README of a German view's folder is German: its words come from the page description."""
    from dashboard.config import load_config

    data = load_dataset(GEODATA, geocoder)
    body = export(scene(data, View(("KZ", "AM"), DAY, lang="de")), "folder")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        readme = archive.read("README.txt").decode()
    lines = readme.splitlines()
    assert lines[0] == "Kasachstan, Januar 2022: Unruhen und der OVKS-Einsatz: Datenordner"
    assert lines[1] == "Ansicht: Kasachstan (KZ), Armenien (AM); Datum: 2022-01-14."
    assert f"Lizenz der Daten: {load_config().data_licence}." in lines
    assert "Jeder Datensatz, jede Zahl, jedes Ereignis und jede Korrektur nennt die Quellen per ID; " \
        "sources.csv enthält sie vollständig." in lines
    assert next(line for line in lines if line.startswith("Quellen (")).endswith("):")
    assert not any(word in readme for word in ("View:", "Licence of the data", "undated", "no address"))


def test_a_link_round_trips_through_the_link_builder() -> None:
    view = View(countries=("KZ", "AM"), date=DAY, layers=("unrest",), record="almaty", lang="de",
                center=(43.25, 76.9), zoom=9)
    link = view_link("http://localhost:8501/kz-map?x=1", view)
    assert link.startswith("http://localhost:8501/kz-map/?country=KZ,AM&date=2022-01-14")
    query = dict(part.split("=", 1) for part in link.split("?", 1)[1].split("&"))
    parsed = parse_view({k: [v] for k, v in query.items()}, record_ids={"almaty"})
    assert parsed.notices == [] and parsed.view == view


@pytest.mark.slow  # over a second of the quick tier
def test_the_command_line_runs_as_a_module(tmp_path: Path) -> None:
    """The one real `python -m dashboard` run; the other command-line tests call `main([...])`."""
    out = tmp_path / "view.csv"
    done = subprocess.run([sys.executable, "-m", "dashboard", "export", "--format", "csv", "--country", "AM",
                           "-o", str(out)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert set(pd.read_csv(out, dtype=str)["id"]) == view_records({"AM"}, dt.date(2022, 1, 13))


FORMULAS = {"summary_en": '=HYPERLINK("http://example.org/x","click")', "unit": "@SUM(A1:A9)",
            "hours": "+1+1", "summary_de": "-2+3+cmd|' /C calc'!A0", "doubt_en": "=1+1"}


def _with_formulas(tmp_path: Path) -> Path:
    """A copy of the bundled data whose Almaty record holds a formula-like text in six text columns,
    and the config naming it."""
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    records = pd.read_csv(folder / "records.csv", dtype=str, keep_default_na=False)
    for column, text in FORMULAS.items():
        records.loc[records["id"] == "almaty-unrest", column] = text
    records.to_csv(folder / "records.csv", index=False)
    (tmp_path / "config.toml").write_text('[data]\ndir = "geodata"\n')
    return tmp_path / "config.toml"


def _exported(config: Path, *args: str) -> bytes:
    out = config.parent / "export.out"
    done = run_cli("export", "--country", "KZ", *args, "-o", str(out), env={"DASHBOARD_CONFIG": str(config)})
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def test_the_csv_export_guards_formula_cells_and_raw_keeps_them(tmp_path: Path) -> None:
    config = _with_formulas(tmp_path)
    guarded = pd.read_csv(io.BytesIO(_exported(config, "--format", "csv")), dtype=str,
                          keep_default_na=False).set_index("id")
    raw = pd.read_csv(io.BytesIO(_exported(config, "--format", "csv", "--raw")), dtype=str,
                      keep_default_na=False).set_index("id")
    for column, text in FORMULAS.items():
        assert guarded.at["almaty-unrest", column] == "'" + text
        assert raw.at["almaty-unrest", column] == text
    # Numbers stay numbers and other text is untouched.
    bundled = table("records").set_index("id")
    assert float(guarded.at["almaty-unrest", "lat"]) == float(raw.at["almaty-unrest", "lat"]) > 0
    assert guarded.at["almaty-unrest", "name"] == bundled.at["almaty-unrest", "name"]
    untouched = [c for c in guarded.columns if c not in FORMULAS]
    assert guarded.drop(index="almaty-unrest")[untouched].equals(raw.drop(index="almaty-unrest")[untouched])
    # GeoJSON is read by programs, never run by a spreadsheet: it stays raw.
    collection = json.loads(_exported(config, "--format", "geojson"))
    (almaty,) = [f for f in collection["features"] if f["id"] == "almaty-unrest"]
    assert all(almaty["properties"][column] == text for column, text in FORMULAS.items())


def test_the_guard_leaves_numbers_alone() -> None:
    from dashboard.export.spreadsheet import guarded

    # (The loader strips the spaces around a cell, so a leading tab or CR only reaches the guard here.)
    assert [guarded(v) for v in (-77.04, -5, "-77.04", "+3", "-1e5", "-", "-x", "=1", "\tx", "\rx", "Almaty",
                                 None)] == [
        -77.04, -5, "-77.04", "+3", "-1e5", "'-", "'-x", "'=1", "'\tx", "'\rx", "Almaty", None]


def _unzipped(body: bytes, folder: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert sorted(archive.namelist()) == ["README.txt", "corrections.csv", "events.csv", "figures.csv",
                                             "records.csv", "sources.csv", "updates.csv"]
        archive.extractall(folder)
    return folder


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The table's values as plain objects, every missing value as None, rows numbered from 0."""
    return frame.astype(object).where(frame.notna(), None).reset_index(drop=frame.index.name is None)


COMPARED = ["id", "name", "country", "layer", "kind", "contingent", "unit", "arrival", "precision",
            "start", "end", "deployed", "withdrawal_start", "withdrawn", "hours", "sources", "summary_en",
            "summary_de", "name_de", "doubt_en", "lat", "lon", "coord_method", "coord_name"]


@pytest.mark.parametrize("countries", [["AM"], ["KZ", "RU", "BY", "AM", "TJ", "KG"]])
@pytest.mark.slow  # over a second of the quick tier
def test_a_raw_data_folder_export_loads_back_as_it_was(countries: list[str], tmp_path: Path,
                                                       geocoder: Geocoder) -> None:
    """Export a view as a data folder with --raw, validate it, load it: the same records (with where
    their coordinates came from), figures, events and sources, formula-like text included."""
    config = _with_formulas(tmp_path)
    data = load_dataset(tmp_path / "geodata", geocoder)
    view = select(data, countries, DAY)
    body = _exported(config, "--format", "folder", "--raw", "--date", DAY.isoformat(),
                     "--country", ",".join(countries))
    folder = _unzipped(body, tmp_path / "exported")
    assert run_cli("validate", str(folder)).stdout == ""
    back = load_dataset(folder, geocoder)
    assert back.problems == []
    # The view's records, and the records their flow lines arrive at (from outside the view).
    arrivals = set(view.records["arrival"].dropna())
    assert set(back.records["id"]) == set(view.records["id"]) | arrivals
    assert "almaty-airport" in arrivals  # every contingent flew into Almaty: the case is exercised
    mine = back.records.set_index("id").loc[list(view.records["id"]), COMPARED[1:]]
    theirs = view.records.set_index("id")[COMPARED[1:]]
    pd.testing.assert_frame_equal(_cells(mine), _cells(theirs))
    assert set(back.records["coord_method"]) - {"given"}  # gazetteer points still say so
    for mine, theirs in ((back.figures, view.figures), (back.events, view.events)):
        columns = [c for c in theirs.columns if c != "row"]
        pd.testing.assert_frame_equal(_cells(mine[columns]), _cells(theirs[columns]))
    assert not back.events.empty and not back.figures.empty
    assert set(back.sources["id"]) >= set(view.sources["id"])


def test_an_export_address_names_its_view_and_reads_back(geocoder: Geocoder) -> None:
    from dashboard.export.links import download_href, parse_download

    view = scene(load_dataset(GEODATA, geocoder), View(("AM", "BY"), DAY, lang="de"))
    href = download_href(view, "geojson", raw=True, base="/kz-map")
    path, query = href.split("?")
    assert path == "/kz-map/downloads/kz-csto-2022-01-14-AM-BY.geojson"
    wanted, errors = parse_download({k: [v] for k, v in (part.split("=") for part in query.split("&"))})
    assert errors == [] and wanted is not None
    assert (wanted.fmt, wanted.raw, wanted.view.countries, wanted.view.date, wanted.view.lang) == (
        "geojson", True, ("BY", "AM"), DAY, "de")  # in the filter's order
    assert parse_download({"format": ["csv", "html"], "raw": ["2"]}) == (
        None, ["format: one of csv, geojson, html, folder, png, svg, pdf", "raw: 0 or 1"])
    # A still image's address may name its size; no other format takes one.
    wanted, errors = parse_download({"format": ["png"], "size": ["portrait"], "country": ["AM"]})
    assert errors == [] and wanted is not None and (wanted.fmt, wanted.size) == ("png", "portrait")
    assert parse_download({"format": ["csv"], "size": ["portrait"]}) == (
        None, ["size: one of social, portrait, print, for png, svg, pdf"])
    assert parse_download({"format": ["pdf"], "size": ["huge"]})[0] is None


def test_the_pieces_lay_out_a_value_as_json_dumps_does() -> None:
    from dashboard.export.pieces import _item, _laid_out

    values = [{"a": [1, 2.5, None, True, 'q"\n\u00e9'], "b": {}, "c": [], "d": {"e": [{"f": float("nan"),
              "g": 1e-5, "h": 1e16}]}}, [], {}, "text", 3, [[[]]], {"k": [[], {}]}]
    for depth in range(4):
        for value in values:
            assert " " * depth + _laid_out(value, depth) == _item(value, depth)


@pytest.mark.slow  # two loads of the data and three views cut: about 2 s
def test_a_views_pieces_cut_after_another_days_are_a_fresh_ones(geocoder: Geocoder) -> None:
    # The pieces keep what the exports made of a record for the next view of the same data: a view cut
    # after another day's gives what a newly loaded dataset gives.
    from dashboard.export.pieces import view_pieces

    data, fresh = load_dataset(GEODATA, geocoder), load_dataset(GEODATA, geocoder)
    later = View(countries=("KZ", "RU"), date=dt.date(2022, 1, 9))
    view_pieces(scene(data, View(date=dt.date(2022, 1, 5))))
    assert view_pieces(scene(data, later)) == view_pieces(scene(fresh, later))
