"""The chart specs and the tables behind them, built without Streamlit; expectations from the CSVs."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import numpy as np
import pandas as pd
import pytest
from altair.utils.data import MaxRowsError

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.render import chart_date, charts, troops
from dashboard.view import timeline
from dashboard.view.selection import select
from dashboard.view.status import DAYS
from tests.conftest import GEODATA
from tests.support.csvdata import ALL_CODES, table

DAY = dt.date(2022, 1, 13)


@pytest.fixture(autouse=True)
def validated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every spec built here is checked against the Vega-Lite schema (the app skips that per run)."""
    monkeypatch.setattr(charts, "VALIDATE", True)


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def _rows(spec: dict, layer: dict) -> list[dict]:
    """The data rows one layer of a spec draws."""
    return spec["datasets"][layer["data"]["name"]]


def _chosen_day(spec: dict, rule: dict) -> str:
    """The day label the date rule stands at: the value of the date parameter the rule's x refers to."""
    assert rule["mark"]["type"] == "rule"
    assert rule["encoding"]["x"]["datum"] == {"expr": chart_date.DATE_PARAM}
    (param,) = [p for p in spec["params"] if p["name"] == chart_date.DATE_PARAM]
    return param["value"]


def _contingents() -> dict[str, dict[str, str]]:
    records = table("records")
    return {r["contingent"]: r for r in records[records["layer"] == "contingent"].to_dict("records")}


def test_a_contingent_counts_from_its_deployment_until_it_has_withdrawn(data: Dataset) -> None:
    by_day = timeline.troops_by_day(data.records, data.figures)
    assert len(by_day) == len(DAYS) * len(_contingents())
    for code, record in _contingents().items():
        own = by_day[by_day["contingent"] == code].set_index("day")
        deployed, withdrawn = (dt.date.fromisoformat(record[k]) for k in ("deployed", "withdrawn"))
        assert (own.loc[[d for d in DAYS if d < deployed], "troops"] == 0).all()
        assert (own.loc[[d for d in DAYS if d >= withdrawn], "troops"] == 0).all()
        present = own.loc[[d for d in DAYS if deployed <= d < withdrawn], "troops"]
        assert (present > 0).all() or present.empty


def _troop_chart(data: Dataset, codes: list[str], day: dt.date = DAY, lang: str = "en") -> dict:
    """The troop chart of the records `codes` choose, on `day`."""
    return troops.troop_chart(timeline.troops_by_day(select(data, codes, day).records, data.figures),
                              timeline.totals(data.records, data.figures),
                              timeline.force_by_day(data.records, data.figures), data.sources, day, lang)


def _troop_figures() -> pd.DataFrame:
    """Every troop figure in figures.csv, with the record's layer."""
    figures = table("figures")
    layer = table("records").set_index("id")["layer"]
    troops = figures[figures["metric"] == "troops"]
    return troops.assign(value=troops["value"].astype(int), layer=troops["record"].map(layer))


def test_the_troop_chart_holds_only_the_chosen_countries_with_reference_lines(data: Dataset) -> None:
    spec = _troop_chart(data, ["AM"])
    bars, lines, points, rules, left, right, today = spec["layer"]
    assert {row["series"] for row in _rows(spec, lines)} == {"Armenia"} == {
        row["series"] for row in _rows(spec, points)}
    assert bars["mark"]["type"] == "bar" and lines["mark"]["type"] == "line"
    assert points["mark"]["type"] == "point"
    assert today["mark"]["type"] == "rule"
    figures = table("figures")
    contingents = {r["id"] for r in _contingents().values()}
    whole = figures[(figures["metric"] == "troops") & ~figures["record"].isin(contingents)]
    assert {row["value"] for row in _rows(spec, rules)} == set(whole["value"].astype(int))
    assert _rows(spec, left) == _rows(spec, rules) == _rows(spec, right)  # each label layer filters its side
    official = table("sources").set_index("id").loc["rbc-2022-01-10"]
    assert any(row["label"] == f"2,030 ({official['publisher']}, 10 Jan 2022)" for row in _rows(spec, rules))
    assert _chosen_day(spec, today) == "13 Jan"
    assert spec["title"] == "Troops in Kazakhstan, per day" and "13 January 2022" in spec["description"]


def test_reported_figures_are_drawn_lighter_and_dashed(data: Dataset) -> None:
    spec = _troop_chart(data, ALL_CODES)
    (lines,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "line"]
    assert lines["encoding"]["opacity"]["scale"] == {"domain": ["official", "reported, unofficial"],
                                                     "range": [1.0, troops.REPORTED_OPACITY]}
    assert lines["encoding"]["strokeDash"]["scale"] == {"domain": ["official", "reported, unofficial"],
                                                        "range": [[1, 0], troops.REPORTED_DASH]}
    assert troops.REPORTED_OPACITY < 1 and len(troops.REPORTED_DASH) == 2
    figures = table("figures")
    troop_rows = figures[(figures["metric"] == "troops") & (figures.get("status", "") != "withdrawn")]
    # A contingent is drawn "reported" on the days it is in the country while a reported figure is known
    # and no official one yet.
    first_reported = troop_rows[troop_rows["qualifier"] == "reported"].groupby("record")["date"].min()
    first_official = troop_rows[troop_rows["qualifier"] != "reported"].groupby("record")["date"].min()
    deployed = {r["id"]: max(r["deployed"], first_reported.get(r["id"], "")) for r in _contingents().values()}
    reported = {rid for rid in first_reported.index
                if deployed.get(rid, "9999") < first_official.get(rid, "9999")}
    codes = {r["id"]: c for c, r in _contingents().items()}
    drawn = {row["contingent"] for row in _rows(spec, lines) if row["kind"] == "reported, unofficial"}
    assert drawn == {codes[rid] for rid in reported if rid in codes}
    assert {"RU", "BY"} <= drawn  # Russia's 3,000 and Belarus' 500: never given officially


def test_the_troop_chart_adds_nothing_up_and_draws_the_official_total(data: Dataset) -> None:
    """No source gives a sum of the contingents' figures, so none is drawn: nothing is stacked or summed,
    and the bars are the whole force's exact figure known on each day while a contingent is there."""
    spec = _troop_chart(data, ALL_CODES)
    for layer in spec["layer"]:
        y = layer["encoding"].get("y", {})
        assert "aggregate" not in y and not str(y.get("field", "")).startswith("sum")
        assert not layer.get("transform") or all("aggregate" not in t for t in layer["transform"])
        if layer["mark"]["type"] in ("bar", "line", "area", "point"):
            assert "stack" in y and y["stack"] is None
    given = _troop_figures()
    whole = given[~given["layer"].isin(["contingent"])]
    exact = whole[whole["qualifier"] == "exact"].sort_values("date")
    largest = int(given["value"].max())
    drawn = [row["troops"] for layer in spec["layer"][:3] for row in _rows(spec, layer)]
    assert drawn and max(drawn) <= largest  # a sum of contingents (3,950) would exceed every figure
    contingents = table("records").query("layer == 'contingent'")
    first, last = contingents["deployed"].min(), contingents["withdrawn"].max()
    bars = {row["day"]: row["troops"] for row in _rows(spec, spec["layer"][0])}
    for day in DAYS:
        iso = day.isoformat()
        known = exact[exact["date"] <= iso]
        if first <= iso < last and len(known):
            assert bars[iso] == known["value"].iloc[-1]
        else:
            assert iso not in bars
    official = int(exact["value"].iloc[-1])
    assert bars[DAY.isoformat()] == official  # the official total, as given
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"][0] == "whole force, official"
    # The caption says what is drawn and the day's figures, each contingent's own, none added up.
    russia = given[given["record"] == "contingent-ru"].iloc[-1]
    assert russia["qualifier"] == "reported"
    assert f"Russia {russia['value']:,} (reported)" in spec["description"]
    assert f"{official:,} officially in all" in spec["description"] and "not added up" in spec["description"]
    assert "Bars: the whole force's official figure" in spec["description"]
    early = troops.troops_over_month(timeline.troops_by_day(data.records, data.figures),
                                     timeline.totals(data.records, data.figures),
                                     timeline.force_by_day(data.records, data.figures),
                                     data.sources).on(dt.date(2022, 1, 7))
    assert "no official total" in early["description"]


def test_the_toll_chart_has_a_series_per_source_and_later_figures_apart(data: Dataset) -> None:
    points = timeline.toll_points(data.records, data.figures, data.sources)
    spec = charts.toll_chart(points)
    rows = spec["datasets"][spec["data"]["name"]]
    figures = table("figures")
    places = set(table("records").query("layer in ['unrest', 'host']")["id"])
    tolls = figures[figures["metric"].isin(["deaths", "injured", "arrests"]) & figures["record"].isin(places)
                    & (figures["status"] != "withdrawn")]  # a withdrawn figure never counts in a chart
    assert len(rows) == len(tolls)
    assert spec["spec"]["mark"]["type"] == "point" and spec["spec"]["encoding"]["color"]["field"] == "source"
    assert {row["period"] for row in rows} == {"January 2022", "reported later"}
    later = {row["date"][:10] for row in rows if row["period"] == "reported later"}
    assert later == {d for d in tolls["date"] if d > "2022-01-31"}
    for deaths in ("225", "227", "230", "238"):
        assert deaths in spec["description"]
    # Side by side, never added up: each figure its own point, offset by source within its day.
    assert spec["spec"]["encoding"]["xOffset"]["field"] == "source"
    assert "aggregate" not in spec["spec"]["encoding"]["y"] and "side by side" in spec["description"]


def test_the_timeline_has_a_mark_per_event_a_date_rule_and_a_click_selection(data: Dataset) -> None:
    spec = charts.timeline_chart(data.events, data.records, DAY)
    marks, today = spec["layer"]
    assert len(_rows(spec, marks)) == len(table("events"))
    # Altair lifts a layer's selection to the top, naming the layer it watches
    (pick,) = [p for p in spec["params"] if p["name"] == "event"]
    assert pick["select"]["fields"] == ["iso", "record"]
    assert pick["views"] == [marks["name"]]
    assert _chosen_day(spec, today) == "13 Jan"


def test_charts_speak_german(data: Dataset) -> None:
    spec = troops.troop_chart(timeline.troops_by_day(data.records, data.figures),
                              timeline.totals(data.records, data.figures),
                              timeline.force_by_day(data.records, data.figures), data.sources, DAY, "de")
    assert spec["title"] == "Soldaten in Kasachstan, pro Tag"
    official = _troop_figures().query("layer != 'contingent' and qualifier == 'exact'")["value"].iloc[-1]
    assert f"{official:,} amtlich insgesamt".replace(",", ".") in spec["description"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"][0] == "gesamte Truppe, amtlich"
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert _chosen_day(spec, spec["layer"][-1]) == "13. Jan."
    toll = charts.toll_chart(timeline.toll_points(data.records, data.figures, data.sources), "de")
    assert {row["metric_label"] for row in toll["datasets"][toll["data"]["name"]]} <= {
        "Tote", "Verletzte", "Festnahmen"}
    assert charts.timeline_chart(data.events, data.records, DAY, "de")["title"] == "Chronik"


def test_a_chart_over_the_month_is_built_once_and_only_its_date_moves(data: Dataset) -> None:
    """Moving the date sets the date parameter and the text alternative; the rest is the same spec,
    shared, never changed."""
    month = troops.troops_over_month(timeline.troops_by_day(data.records, data.figures),
                                     timeline.totals(data.records, data.figures),
                                     timeline.force_by_day(data.records, data.figures), data.sources)
    before = json.dumps(month.spec, sort_keys=True)
    early, late = month.on(dt.date(2022, 1, 6)), month.on(dt.date(2022, 1, 20))
    assert json.dumps(month.spec, sort_keys=True) == before
    assert _chosen_day(early, early["layer"][-1]) == "6 Jan"
    assert _chosen_day(late, late["layer"][-1]) == "20 Jan"
    assert "6 January 2022" in early["description"] and "20 January 2022" in late["description"]
    assert early["datasets"] is late["datasets"] is month.spec["datasets"]
    events = charts.events_over_month(data.events, data.records)
    known = int((table("events")["date"] <= "2022-01-06").sum())
    assert f"{known} of them by 6 January 2022" in events.on(dt.date(2022, 1, 6))["description"]


def test_every_spec_is_plain_json(data: Dataset) -> None:
    """Streamlit sends the spec as JSON: no date objects or frames may hide in it."""
    selection = select(data, ALL_CODES, DAY)
    for spec in (troops.troop_chart(timeline.troops_by_day(selection.records, data.figures),
                                    timeline.totals(data.records, data.figures),
                                    timeline.force_by_day(data.records, data.figures), data.sources, DAY),
                 charts.toll_chart(timeline.toll_points(selection.records, data.figures, data.sources)),
                 charts.timeline_chart(data.events, data.records, DAY)):
        assert json.loads(json.dumps(spec)) == spec


def test_a_chart_of_more_than_five_thousand_figures_still_draws(data: Dataset) -> None:
    """At a million records the toll chart has some 5,600 figures; Altair's default row limit (5,000)
    must not stop the page. It draws at most MAX_TOLL_POINTS of them, the largest of each kind, and
    says so."""
    points = timeline.toll_points(data.records, data.figures, data.sources)
    many = pd.concat([points] * (5_001 // len(points) + 1), ignore_index=True)
    many["value"] += np.arange(len(many))  # every figure its own point
    assert len(many) > 5_000
    spec = charts.toll_chart(many)
    (drawn,) = spec["datasets"].values()
    assert 0 < len(drawn) <= charts.MAX_TOLL_POINTS
    for metric, values in many.groupby("metric")["value"]:
        assert max(p["value"] for p in drawn if p["metric"] == metric) == values.max()
    assert "the largest figures of each kind are drawn" in spec["description"]
    with pytest.raises(MaxRowsError):  # the limit is lifted for our charts only, never globally
        alt.Chart(many).mark_point().to_dict()


def test_figures_drawn_on_one_another_are_one_point_naming_their_places(data: Dataset) -> None:
    points = timeline.toll_points(data.records, data.figures, data.sources)
    spec = charts.toll_chart(pd.concat([points] * 3, ignore_index=True))
    (drawn,) = spec["datasets"].values()
    (once,) = charts.toll_chart(points)["datasets"].values()
    assert len(drawn) == len(once)
    assert all(p["place"].endswith(" and 2 other places") for p in drawn)
    assert "largest figures" not in spec["description"]


def test_a_choice_without_unrest_places_gets_a_toll_chart_that_says_so(data: Dataset) -> None:
    """Armenia alone has no unrest place: the toll chart says so in words instead of a faceted chart of
    no data, which Vega cannot draw (it fails in the browser)."""
    from dashboard.scene import View, scene

    _troops, tolls, _events = scene(data, View(("AM",), dt.date(2022, 1, 14), lang="en")).charts
    assert "facet" not in tolls and tolls["mark"]["type"] == "text"
    assert tolls["description"] == "No deaths, injuries or arrests reported for this selection."
