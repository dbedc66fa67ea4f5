"""Export bytes, the format registry, the link builder and the command line, called directly."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from dashboard.export import export, file_name, formats
from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.view.link import View, parse_view, view_link
from dashboard.view.selection import select
from tests.conftest import GEODATA, REPO
from tests.csvdata import table, view_records

DAY = dt.date(2022, 1, 14)


def test_every_format_module_is_registered_with_its_file_name(geocoder: Geocoder) -> None:
    selection = select(load_dataset(GEODATA, geocoder), ["AM", "BY"], DAY)
    assert list(formats()) == ["csv", "geojson", "html"]
    assert file_name(selection, "geojson") == "kz-csto-2022-01-14-AM-BY.geojson"


def test_csv_and_geojson_hold_the_view_records_in_every_language(geocoder: Geocoder) -> None:
    selection = select(load_dataset(GEODATA, geocoder), ["AM"], DAY)
    frame = pd.read_csv(io.BytesIO(export(selection, "csv")), dtype=str, keep_default_na=False)
    assert set(frame["id"]) == view_records({"AM"}, DAY)
    header = list(table("records").columns)
    assert list(frame.columns[:len(header)]) == header  # records.csv's columns, languages included
    collection = json.loads(export(selection, "geojson"))
    assert {f["id"] for f in collection["features"]} == view_records({"AM"}, DAY)


def test_the_html_map_renumbers_its_own_ids_and_leaves_data_alone(tmp_path: Path, geocoder: Geocoder) -> None:
    """A source URL ending in `_<32 hex>.pdf` looks like a folium id; it must reach the file unchanged."""
    shutil.copytree(GEODATA, tmp_path / "geodata")
    sources = pd.read_csv(tmp_path / "geodata" / "sources.csv", dtype=str, keep_default_na=False)
    url = "https://example.org/files/report_0123456789abcdef0123456789abcdef.pdf"
    sources.loc[sources["id"] == "dpa-2022-01-13", "url"] = url
    sources.to_csv(tmp_path / "geodata" / "sources.csv", index=False)
    data = load_dataset(tmp_path / "geodata", geocoder)
    selection = select(data, ["KZ"], DAY)
    first, second = (export(selection, "html", data.records) for _ in range(2))
    assert first == second  # deterministic
    html = first.decode()
    assert url in html
    ids = set(re.findall(r"_([0-9a-f]{32})\b", html)) - {"0123456789abcdef0123456789abcdef"}
    assert ids and all(int(i, 16) < 100 for i in ids)  # numbered, not random


def test_a_link_round_trips_through_the_link_builder() -> None:
    view = View(countries=("KZ", "AM"), date=DAY, layers=("unrest",), record="almaty", lang="de",
                center=(43.25, 76.9), zoom=9)
    link = view_link("http://localhost:8501/kz-map?x=1", view)
    assert link.startswith("http://localhost:8501/kz-map/?country=KZ,AM&date=2022-01-14")
    query = dict(part.split("=", 1) for part in link.split("?", 1)[1].split("&"))
    parsed = parse_view({k: [v] for k, v in query.items()}, record_ids={"almaty"})
    assert parsed.notices == [] and parsed.view == view


def test_the_command_line_runs_as_a_module(tmp_path: Path) -> None:
    """The one real `python -m dashboard` run; the other command-line tests call `main([...])`."""
    out = tmp_path / "view.csv"
    done = subprocess.run([sys.executable, "-m", "dashboard", "export", "--format", "csv", "--country", "AM",
                           "-o", str(out)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert set(pd.read_csv(out, dtype=str)["id"]) == view_records({"AM"}, dt.date(2022, 1, 13))
