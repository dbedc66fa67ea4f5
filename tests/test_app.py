"""The Streamlit page run headless with AppTest: sidebar logic, counts, map arguments."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import Translator
from tests.conftest import APP, GEODATA
from tests.support.tables import app_tables, open_tab, source_ids

TITLE = "Kazakhstan, January 2022"


def test_page_runs_and_counts_the_bundled_records() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    assert TITLE in at.title[0].value
    total = len(pd.read_csv(GEODATA / "records.csv"))
    assert f"{total} of {total} location records shown" in at.caption[0].value
    assert at.success  # no data problems on the bundled folder


def _map_args(at: AppTest) -> dict:
    import json

    (component,) = [e for e in at.get("component_instance")]
    return json.loads(component.proto.json_args)


def test_map_loads_only_local_assets(map_assets: None) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    args = _map_args(at)
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links


def test_armenia_filter_narrows_every_table() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.multiselect(key="countries-en").set_value(["AM"]).run()
    assert not at.exception
    assert "0 of 1 contingents withdrawn" in at.sidebar.markdown[0].value
    assert not app_tables(at.main)  # the chronology's tab is open: no table is made
    shown = app_tables(open_tab(at, "Tables").main)
    assert list(shown["troops"]["country"]) == ["Armenia"]
    assert set(shown) == {"troops"}  # no unrest place lies in Armenia
    assert any("No deaths, injuries or arrests" in caption.value for caption in at.main.caption)
    assert set(app_tables(open_tab(at, "Sources and corrections").main)) == {"sources"}


def test_date_20_january_shows_all_five_withdrawn() -> None:
    import datetime as dt

    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.select_slider(key="as_of-en").set_value(dt.date(2022, 1, 20)).run()
    assert not at.exception
    assert "5 of 5 contingents withdrawn" in at.sidebar.markdown[0].value
    assert set(app_tables(open_tab(at, "Tables").main)["troops"]["status"]) == {"withdrawn"}


def test_conflicting_death_tolls_stay_side_by_side() -> None:
    """Each death toll is its own row with source and date, known ones apart from later reports."""
    import datetime as dt

    raw = pd.read_csv(GEODATA / "figures.csv", dtype=str)
    tolls = raw[(raw["record"] == "kazakhstan") & (raw["metric"] == "deaths")]
    assert tolls["value"].nunique() >= 3  # the bundled data does disagree
    as_of = dt.date(2022, 1, 31)
    known = tolls[tolls["date"] <= as_of.isoformat()]
    later = tolls[tolls["date"] > as_of.isoformat()]

    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.select_slider(key="as_of-en").set_value(as_of).run()
    assert not at.exception
    unrest = app_tables(open_tab(at, "Tables").main)["unrest"]
    shown = unrest[(unrest["place"] == "Kazakhstan") & (unrest["metric"] == "deaths")]
    written = Translator("en").short_date
    assert sorted(zip(shown["source__title"].map(source_ids), shown["date"], strict=True)) == sorted(
        zip(known["sources"], [written(dt.date.fromisoformat(d)) for d in known["date"]], strict=True))
    (later_box,) = [box for box in at.main.expander if box.label.startswith("Reported after")]
    assert later_box.label.startswith("Reported after 31 January 2022")
    rows = app_tables(later_box)["later"]
    rows = rows[(rows["place"] == "Kazakhstan") & (rows["metric"] == "deaths")]
    assert sorted(rows["figure"]) == sorted(f"{int(v):,}" for v in later["value"])


def test_without_local_assets_or_network_the_map_uses_the_cdn_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No vendored files and no way to fetch them (the internet is the one thing mocked)."""
    import streamlit as st

    from dashboard.map import assets

    def no_network(*_args: object, **_kwargs: object) -> list:
        raise assets.AssetError("could not download: network unreachable")

    monkeypatch.setattr(assets, "assets_available", lambda *_a, **_k: False)
    monkeypatch.setattr(assets, "fetch_assets", no_network)
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(APP), default_timeout=120).run()
        assert not at.exception
        assert any("Map assets from public CDNs" in caption.value for caption in at.caption)
        links = _map_args(at)["js_links"]
        assert links and all(link.startswith("https://") for link in links), links
    finally:
        st.cache_resource.clear()
