"""What the map says: reported figures, the total that does not add up, shared points drawn apart, and
the chronology (events.csv) validated, shown and exported. Expectations are read from the CSVs."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.export import export
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.i18n import Translator
from dashboard.i18n.translator import catalogue
from dashboard.map.layers import shared_points
from dashboard.render.events import events_html
from dashboard.scene import View, scene
from dashboard.view import tables
from dashboard.view.chronology import chronology
from dashboard.view.selection import select
from tests.conftest import APP, GEODATA
from tests.support.csvdata import ALL_CODES, table
from tests.support.references import latest_troops, shaded_by_reported
from tests.support.tables import open_tab

DPA = "dpa-2022-01-13"
# Every dated event of the dpa report of 13 January, annotated by the team from the report as (kind,
# date), with the report's line: the doubled gas price early in the month (11), the protests turning
# violent and Tokayev's appeal (7, 11), the state of emergency still in force in Almaty (15), the closed
# borders (15), the shoot-to-kill order and the airport retaken for the airlift (11, 15), the thanks to
# Putin (7), the civilians flown out (9), the withdrawal and handover begun that day (5-9) and the
# airport reopened to passengers (13).
DPA_EVENTS = {
    ("price", "2022-01-01"),
    ("protest", "2022-01-05"),
    ("government", "2022-01-05"),
    ("emergency", "2022-01-05"),
    ("government", "2022-01-07"),
    ("military", "2022-01-07"),
    ("diplomacy", "2022-01-07"),
    ("other", "2022-01-12"),
    ("withdrawal", "2022-01-13"),
    ("other", "2022-01-13"),
}


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def test_russia_and_belarus_pledges_are_reported_not_exact_and_the_troop_table_says_so(data: Dataset) -> None:
    figures = table("figures")
    records = table("records").set_index("id")
    pledges = figures[
        (figures["metric"] == "troops")
        & (figures["sources"] == "panorama-2022-01-07")
        & figures["record"].map(records["contingent"]).isin(["RU", "BY"])
    ]
    assert set(pledges["record"].map(records["contingent"])) == {"RU", "BY"}
    assert set(pledges["value"]) == {"3000", "500"}
    assert (pledges["qualifier"] != "exact").all() and (pledges["qualifier"] == "reported").all()
    selection = select(data, ALL_CODES, dt.date(2022, 1, 13))
    troops = tables.troop_table(selection.records, selection.figures, data.sources).set_index("country")
    assert "3,000 (reported)" in troops.loc["Russia", "troops"]
    assert "500 (reported)" in troops.loc["Belarus", "troops"]
    assert "(reported)" not in troops.loc["Armenia", "troops"]


def test_no_unofficial_figure_is_marked_exact() -> None:
    figures = table("figures")
    unofficial = figures["note_en"].str.contains("pledge|reportedly|unconfirmed", case=False)
    assert (figures.loc[unofficial, "qualifier"] != "exact").all()


def test_shading_prefers_official_figures_and_says_when_it_uses_reported_ones(data: Dataset) -> None:
    figures = table("figures")
    records = table("records").set_index("id")
    troops = figures[
        (figures["metric"] == "troops")
        & figures["record"].isin(records.index[records["layer"] == "contingent"])
    ]
    only_reported = {
        records.loc[rid, "contingent"]
        for rid, rows in troops.groupby("record")
        if (rows["qualifier"] == "reported").all()
    }
    selection = select(data, ALL_CODES, dt.date(2022, 1, 20))
    assert set(shaded_by_reported(selection.figures, selection.records)) == only_reported
    shading = latest_troops(selection.figures, selection.records)
    for rid, rows in troops.groupby("record"):
        official = rows[rows["qualifier"] != "reported"]
        if not official.empty:
            latest = int(official.sort_values("date")["value"].iloc[-1])
            assert shading[records.loc[rid, "contingent"]] == latest


def test_a_note_says_the_per_country_figures_do_not_add_up_to_the_official_total(data: Dataset) -> None:
    figures = table("figures")
    records = table("records").set_index("id")
    contingents = records.index[records["layer"] == "contingent"]
    troops = figures[figures["metric"] == "troops"].sort_values("date")
    added = troops[troops["record"].isin(contingents)].groupby("record")["value"].last().astype(int).sum()
    official = troops[~troops["record"].isin(contingents) & (troops["qualifier"] == "exact")].iloc[-1]
    assert added != int(official["value"])
    note = tables.troop_total_note(data.records, data.figures)
    assert note is not None
    assert f"{added:,}" in note and f"{int(official['value']):,}" in note and official["sources"] in note
    assert "Russia" in note and "Belarus" in note
    german = tables.troop_total_note(data.records, data.figures, "de")
    assert german is not None and f"{added:,}".replace(",", ".") in german and "Russland" in german


def test_no_more_than_three_records_share_a_point_unless_they_are_drawn_apart(data: Dataset) -> None:
    points = data.records[~data.records["layer"].isin(["host", "contingent"])]
    spreads = shared_points(points)
    at = points.groupby([points["lat"].round(5), points["lon"].round(5)])["id"].apply(list)
    crowded = [ids for ids in at if len(ids) > 3]
    for ids in crowded:
        rings = {tuple(spreads[rid][:2]) for rid in ids}
        assert len(rings) == len(ids) and all(spreads[rid][1] == len(ids) for rid in ids)
    assert all(len(ids) <= 1 or all(rid in spreads for rid in ids) for ids in at)


def test_the_chronology_has_at_least_30_cited_events_and_every_dated_event_of_the_dpa_report() -> None:
    events = table("events")
    sources = set(table("sources")["id"])
    records = set(table("records")["id"])
    assert len(events) >= 30
    assert all(set(cell.split(";")) <= sources for cell in events["sources"])
    assert set(events["record"]) <= records
    assert events["date"].min() == "2022-01-01" and events["date"].max() >= "2022-01-19"
    from_dpa = {(e.kind, e.date) for e in events.itertuples() if DPA in e.sources.split(";")}
    assert from_dpa >= DPA_EVENTS


def test_the_chronology_loads_in_time_order_and_the_page_lists_it_up_to_the_date(data: Dataset) -> None:
    events = table("events")
    assert len(data.events) == len(events)
    assert list(data.events["date"]) == sorted(data.events["date"])
    day = dt.date(2022, 1, 7)
    selection = select(data, ALL_CODES, day)
    html = events_html(chronology(selection.events, data.records, data.sources, day, Translator()))
    assert "What happened by 7 January 2022" in html
    assert html.count("<li ") == (events["date"] <= day.isoformat()).sum()
    assert "Was bis zum 7. Januar 2022 geschah" in events_html(
        chronology(selection.events, data.records, data.sources, day, Translator("de")))


def test_the_map_page_shows_the_chronology_and_the_total_note() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["date"] = "2022-01-10"
    at.run()
    assert not at.exception
    page = "".join(str(e.proto) for e in at.main)
    assert "What happened by 10 January 2022" in page  # the tab open at first
    assert not any("official total" in c.value for c in at.main.caption)  # the Tables tab is not made
    open_tab(at, "Tables")
    assert any("official total" in c.value for c in at.main.caption)


def test_bad_event_rows_are_named_and_the_valid_ones_load(tmp_path: Path, geocoder: Geocoder) -> None:
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    good = len(events)
    row = events.iloc[0].to_dict()
    bad = [
        {**row, "date": "2022-01-32"},
        {**row, "record": "atlantis"},
        {**row, "kind": "volcano"},
        {**row, "sources": "nobody"},
        {**row, "time": "25:61"},
        {**row, "end": "2021-12-31"},
    ]
    pd.concat([events, pd.DataFrame(bad)]).to_csv(folder / "events.csv", index=False)
    loaded = load_dataset(folder, geocoder)
    assert len(loaded.events) == good
    found = {(p.file, p.row, p.column) for p in loaded.problems}
    assert found == {
        ("events.csv", good + 2, "date"),
        ("events.csv", good + 3, "record"),
        ("events.csv", good + 4, "kind"),
        ("events.csv", good + 5, "sources"),
        ("events.csv", good + 6, "time"),
        ("events.csv", good + 7, "end"),
    }


def test_events_are_exported_with_their_records(data: Dataset) -> None:
    day = dt.date(2022, 1, 31)
    view = scene(data, View(tuple(ALL_CODES), day))
    events = table("events")
    csv = export(view, "csv")
    frame = pd.read_csv(io.BytesIO(csv), dtype=str, keep_default_na=False).set_index("id")
    collection = json.loads(export(view, "geojson"))
    by_record = {f["id"]: f["properties"]["events"] for f in collection["features"]}
    for rid, rows in events.groupby("record"):
        assert len(by_record[rid]) == len(rows)
        assert frame.loc[rid, "events"].count(" | ") == len(rows) - 1
    html = export(view, "html").decode()
    assert 'class=\\"record-events\\"' in html or 'class="record-events"' in html


# The cities the reference tables (shared/sources/facts.md, section 3b) report unrest in, annotated by
# the team; each must have an unrest record at that city.
UNREST_CITIES = (
    "Zhanaozen",
    "Aktau",
    "Almaty",
    "Aktobe",
    "Taldykorgan",
    "Taraz",
    "Shymkent",
    "Kyzylorda",
    "Atyrau",
    "Oral",
    "Karaganda",
    "Astana",
    "Pavlodar",
    "Kostanay",
    "Petropavl",
    "Semey",
    "Oskemen",
)
NEAR_DEGREES = 0.15  # about 15 km


def test_every_city_the_reference_tables_report_unrest_in_has_an_unrest_record(
    data: Dataset,
    geocoder: Geocoder,
) -> None:
    unrest = data.records[data.records["layer"] == "unrest"]
    for city in UNREST_CITIES:
        hit = geocoder.geocode(city, "KZ")
        near = unrest[
            ((unrest["lat"] - hit.lat).abs() < NEAR_DEGREES)
            & ((unrest["lon"] - hit.lon).abs() < NEAR_DEGREES)
        ]
        assert not near.empty, city
        assert near["start"].notna().all(), city


def test_the_flagged_german_errors_are_gone() -> None:
    german = " ".join(
        " ".join(table(name).filter(regex="_de$").stack()) for name in ("records", "figures", "events")
    )
    interface = " ".join(str(m.string) for m in catalogue("de") if m.id)  # the catalogue said it too
    assert "Gastland" not in german + interface and "Schanaösen" not in german + interface
    assert "Einheiten Technik" not in german
    # "führte ... vom Gelände ... aus": the separable verb keeps its particle at the clause's end.
    clauses = re.findall(r"führte[^.;]*vom Gelände[^.;]*", german)
    assert clauses and all(clause.endswith(" aus") for clause in clauses)
