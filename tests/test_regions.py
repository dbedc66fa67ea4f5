"""Issue 33: Kazakhstan's regions under the state of emergency or the red terror level, day by day; the
lakes; the final figures; and no contributing state before its decision to send troops.

Expectations are computed from the bundled CSV files (`tests.support.csvdata.table`), never copied from
output.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from dashboard.export import geojson as geojson_export
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.geo.regions import LAKES_FILE, REGION_NAMES, REGIONS_FILE, lake_polygons, region_shapes
from dashboard.map.styles import REGION_STYLE
from dashboard.scene import scene
from dashboard.view import status
from dashboard.view.link import COUNTRIES, View, parse_view, view_params
from dashboard.vocabulary import EMERGENCY_GROUP
from tests.conftest import GEODATA
from tests.support.csvdata import decision_days, table

DAYS = [dt.date(2022, 1, d) for d in (4, 6, 13, 18, 20)]


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def expected(day: dt.date) -> set[tuple[str, str]]:
    """(region, status) pairs in force on `day`, read from regions.csv: from <= day <= to (inclusive)."""
    rows = table("regions")
    iso = day.isoformat()
    return {(r.region, r.status) for r in rows.itertuples()
            if r._5 <= iso and (r.to == "" or iso <= r.to)}  # _5: the column `from`


def test_regions_file_has_the_seventeen_units_of_january_2022() -> None:
    shapes = region_shapes()
    assert set(shapes) == set(REGION_NAMES) and len(shapes) == 17
    assert REGIONS_FILE.stat().st_size < 100_000 and LAKES_FILE.stat().st_size < 100_000
    # Every unit's shape holds the centre of its capital or city (a few well-known points).
    inside = {"KZ-MAN": (43.65, 51.17), "KZ-ALA": (43.25, 76.93), "KZ-AST": (51.15, 71.45),
              "KZ-SHY": (42.31, 69.60), "KZ-KAR": (49.8, 73.1), "KZ-VOS": (49.95, 82.6)}
    for code, (lat, lon) in inside.items():
        assert shape(shapes[code]["geometry"]).contains(Point(lon, lat)), code
    assert shapes["KZ-SHY"]["properties"]["approximate"] is True
    # Shymkent's disc is cut out of Turkistan Region: the units do not overlap.
    assert not shape(shapes["KZ-YUZ"]["geometry"]).contains(Point(69.60, 42.31))


def test_lakes_hold_balkhash_aral_alakol_zaysan_and_kapchagay() -> None:
    lakes = lake_polygons()
    points = {"Balkhash": (46.4, 74.5), "Aral Sea": (45.2, 58.5), "Alakol": (46.1, 81.7),
              "Zaysan": (48.0, 84.0), "Kapchagay": (43.85, 77.5)}
    for name, (lat, lon) in points.items():
        assert any(p.contains(Point(lon, lat)) for p in lakes), name


@pytest.mark.parametrize("day", DAYS, ids=[d.isoformat() for d in DAYS])
def test_emergency_layer_shows_the_regions_in_force(data: Dataset, day: dt.date) -> None:
    areas = scene(data, View(date=day)).shapes().shapes[EMERGENCY_GROUP].areas
    drawn = {(a.country, a.css.split("status-")[1]) for a in areas}
    assert drawn == expected(day)
    for area in areas:  # each in its status's style
        style = REGION_STYLE[area.css.split("status-")[1]]
        assert (area.fill, area.stroke, area.dash) == (style["fill"], style["stroke"], style["dash"])


def test_the_layer_spreads_and_recedes() -> None:
    counts = [len({r for r, s in expected(day) if s == "emergency"}) for day in DAYS]
    assert counts[0] == 0 and counts[1] == 17 and counts[1] > counts[2] > counts[3] > counts[4] == 0


def test_geojson_export_holds_the_regions_with_their_sources(data: Dataset) -> None:
    day = dt.date(2022, 1, 13)
    collection = json.loads(geojson_export.write(scene(data, View(COUNTRIES, day))))
    regions = [f for f in collection["features"] if f["properties"].get("layer") == EMERGENCY_GROUP]
    assert {(f["properties"]["region"], f["properties"]["status"]) for f in regions} == expected(day)
    rows = table("regions").set_index("id")
    for feature in regions:
        cited = rows.loc[feature["id"], "sources"].split(";")
        assert [s["id"] for s in feature["properties"]["sources"]] == cited
        assert all(s["publisher"] for s in feature["properties"]["sources"])
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_bad_region_rows_are_named_by_file_row_and_column(tmp_path: Path, geocoder: Geocoder) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("sources", "records"):
        shutil.copy(GEODATA / f"{name}.csv", folder / f"{name}.csv")
    source = table("sources")["id"].iloc[0]
    (folder / "regions.csv").write_text(
        "id,region,name,status,from,to,sources\n"
        f"a,KZ-MAN,Mangystau,emergency,2022-01-05,2022-01-18,{source}\n"
        f"b,KZ-MAN,Mangystau,emergency,2022-01-05,2022-01-04,{source}\n"
        f"c,KZ-XYZ,Nowhere,emergency,2022-01-05,,{source}\n"
        f"d,KZ-MAN,Mangystau,curfew,2022-01-05,,{source}\n"
        "e,KZ-MAN,Mangystau,emergency,2022-01-05,,no-such-source\n"
        f"a,KZ-ALA,Almaty,emergency,2022-01-05,,{source}\n", encoding="utf-8")
    loaded = load_dataset(folder, geocoder)
    found = {(p.row, p.column) for p in loaded.problems if p.file == "regions.csv"}
    assert found == {(3, "to"), (4, "region"), (5, "status"), (6, "sources"), (7, "id")}
    assert list(loaded.regions["id"]) == ["a"]


def test_final_figures_in_the_link_grammar() -> None:
    parsed = parse_view({"date": ["final"]}, set())
    assert parsed.notices == [] and parsed.view.date == status.FINAL_DAY
    assert view_params(View(date=status.FINAL_DAY))["date"] == "final"
    assert parse_view({"date": ["2022-01-06"]}, set()).view.date == dt.date(2022, 1, 6)


def test_final_figures_show_every_figure_known_today(data: Dataset) -> None:
    final = scene(data, View(date=status.FINAL_DAY))
    figures = table("figures")
    shown = set(final.selection.records["id"])
    # Every figure of a shown record, whatever its date (the last ones are months after January).
    assert len(final.selection.figures) == int(figures["record"].isin(shown).sum())
    assert max(final.selection.figures["date"]) == max(dt.date.fromisoformat(d) for d in figures["date"])
    assert "today (final figures)" in final.text
    drawn = {(a.country, a.css.split("status-")[1]) for a in final.shapes().shapes[EMERGENCY_GROUP].areas}
    assert drawn == expected(dt.date.max)


@pytest.mark.parametrize("day", [dt.date(2022, 1, d) for d in (3, 5, 6, 7, 8)], ids=str)
def test_no_state_is_shaded_or_routed_before_its_decision(data: Dataset, day: dt.date) -> None:
    seen = scene(data, View(date=day))
    decided = {code for code, first in decision_days().items() if first <= day.isoformat()}
    drawn = seen.shapes().shapes
    assert {a.country for a in drawn["countries"].areas} - {"KZ"} == decided
    origins = table("records").set_index("id")
    routed = {origins.loc[line.record, "contingent"] for line in drawn["troops"].lines}
    bases = {origins.loc[c.record, "contingent"] for c in drawn["troops"].circles if c.record}
    assert routed <= decided and bases <= decided
    assert ({card.record for card in seen.panels.contingents}
            == {f"contingent-{code.lower()}" for code in decided})
    if decided:
        assert seen.panels.troops_note is None
    else:
        assert "No deployment had been requested yet" in seen.panels.troops_note
        assert "No deployment had been requested yet" in seen.panels.html
        assert seen.panels.withdrawal.startswith(f"**No contingent had been sent by {day.day} January 2022**")
        german = scene(data, View(date=day, lang="de")).panels.withdrawal
        assert german.startswith(f"**Bis zum {day.day}. Januar 2022 war kein Kontingent entsandt worden**")


def test_the_legend_has_a_line_for_each_status_in_both_languages() -> None:
    from dashboard.render.legend import legend_html, legend_sections

    for lang, words in (("en", "state of emergency"), ("de", "Ausnahmezustand")):
        (section,) = [s for s in legend_sections(lang) if s.key == EMERGENCY_GROUP]
        assert [e.region for e in section.entries] == list(REGION_STYLE)
        assert words.lower() in section.entries[0].label.lower()
    assert "State of emergency" not in legend_html("en", ("countries",))


def test_shaded_areas_leave_the_lakes_visible() -> None:
    from dashboard.map.compact import area_outline_json

    balkhash = Point(74.5, 46.4)
    host = [shape(f["geometry"]) for f in json.loads(area_outline_json("KZ"))["features"]]
    assert host and not any(g.contains(balkhash) for g in host)
    regions = json.loads(area_outline_json("KZ-KAR"))["features"]
    assert regions[0]["properties"]["region"] == "KZ-KAR"
    assert not any(shape(f["geometry"]).contains(balkhash) for f in region_shapes().values())
