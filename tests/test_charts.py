"""The chart specs and the tables behind them, built without Streamlit; expectations from the CSVs."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd
import pytest
from altair.utils.data import MaxRowsError

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.render import chart_date, charts
from dashboard.view import timeline
from dashboard.view.selection import select
from dashboard.view.status import DAYS
from tests.conftest import GEODATA
from tests.csvdata import ALL_CODES, table

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


def test_the_troop_chart_holds_only_the_chosen_countries_with_reference_lines(data: Dataset) -> None:
    selection = select(data, ["AM"], DAY)
    spec = charts.troop_chart(timeline.troops_by_day(selection.records, data.figures),
                              timeline.totals(data.records, data.figures), data.sources, DAY)
    bars, rules, left, right, today = spec["layer"]
    assert {row["country"] for row in _rows(spec, bars)} == {"Armenia"}
    assert bars["mark"]["type"] == "bar" and today["mark"]["type"] == "rule"
    figures = table("figures")
    contingents = {r["id"] for r in _contingents().values()}
    whole = figures[(figures["metric"] == "troops") & ~figures["record"].isin(contingents)]
    assert {row["value"] for row in _rows(spec, rules)} == set(whole["value"].astype(int))
    assert _rows(spec, left) == _rows(spec, rules) == _rows(spec, right)  # each label layer filters its side
    official = table("sources").set_index("id").loc["rbc-2022-01-10"]
    assert any(row["label"] == f"2,030 ({official['publisher']}, 10 Jan 2022)" for row in _rows(spec, rules))
    assert _chosen_day(spec, today) == "13 Jan"
    assert spec["title"] == "Troops in Kazakhstan, per day" and "13 January 2022" in spec["description"]


def test_reported_figures_are_drawn_lighter(data: Dataset) -> None:
    spec = charts.troop_chart(timeline.troops_by_day(select(data, ALL_CODES, DAY).records, data.figures),
                              timeline.totals(data.records, data.figures), data.sources, DAY)
    bars = spec["layer"][0]
    assert bars["encoding"]["opacity"]["scale"] == {"domain": ["official", "reported, unofficial"],
                                                    "range": [1.0, charts.REPORTED_OPACITY]}
    figures = table("figures")
    reported = {figures.loc[i, "record"] for i in figures.index
                if figures.loc[i, "metric"] == "troops" and figures.loc[i, "qualifier"] == "reported"}
    codes = {r["id"]: c for c, r in _contingents().items()}
    drawn = {row["contingent"] for row in _rows(spec, bars) if row["kind"] == "reported, unofficial"}
    assert drawn == {codes[rid] for rid in reported if rid in codes}


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
    spec = charts.troop_chart(timeline.troops_by_day(data.records, data.figures),
                              timeline.totals(data.records, data.figures), data.sources, DAY, "de")
    assert spec["title"] == "Soldaten in Kasachstan, pro Tag"
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert _chosen_day(spec, spec["layer"][-1]) == "13. Jan."
    toll = charts.toll_chart(timeline.toll_points(data.records, data.figures, data.sources), "de")
    assert {row["metric_label"] for row in toll["datasets"][toll["data"]["name"]]} <= {
        "Tote", "Verletzte", "Festnahmen"}
    assert charts.timeline_chart(data.events, data.records, DAY, "de")["title"] == "Chronik"


def test_a_chart_over_the_month_is_built_once_and_only_its_date_moves(data: Dataset) -> None:
    """Moving the date sets the date parameter and the text alternative; the rest is the same spec,
    shared, never changed."""
    month = charts.troops_over_month(timeline.troops_by_day(data.records, data.figures),
                                     timeline.totals(data.records, data.figures), data.sources)
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
    for spec in (charts.troop_chart(timeline.troops_by_day(selection.records, data.figures),
                                    timeline.totals(data.records, data.figures), data.sources, DAY),
                 charts.toll_chart(timeline.toll_points(selection.records, data.figures, data.sources)),
                 charts.timeline_chart(data.events, data.records, DAY)):
        assert json.loads(json.dumps(spec)) == spec


def test_a_chart_of_more_than_five_thousand_figures_still_draws(data: Dataset) -> None:
    """At a million records the toll chart has some 5,600 figures; Altair's default row limit (5,000)
    must not stop the page."""
    points = timeline.toll_points(data.records, data.figures, data.sources)
    many = pd.concat([points] * (5_001 // len(points) + 1), ignore_index=True)
    assert len(many) > 5_000
    spec = charts.toll_chart(many)
    assert sum(len(v) for v in spec["datasets"].values()) >= len(many)
    with pytest.raises(MaxRowsError):  # the limit is lifted for our charts only, never globally
        alt.Chart(many).mark_point().to_dict()
