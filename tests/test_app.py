"""The Streamlit page, headless (AppTest) and served for real in Chromium."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import APP, GEODATA, OfflinePage, Server

TITLE = "Kazakhstan, January 2022"


def test_page_runs_and_counts_the_bundled_records() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    assert TITLE in at.title[0].value
    total = len(pd.read_csv(GEODATA / "records.csv"))
    assert f"{total} of {total} location records shown" in at.caption[0].value
    assert at.success  # no data problems on the bundled folder


def test_served_dashboard_renders_offline_in_chromium(server: Server, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.goto(server.url, wait_until="domcontentloaded")
    page.get_by_role("heading", name=TITLE).first.wait_for(timeout=60_000)
    page.get_by_text("Data problems (0)").wait_for(timeout=30_000)
    assert offline_page.outside == []


def _map_args(at: AppTest) -> dict:
    import json

    (component,) = [e for e in at.get("component_instance")]
    return json.loads(component.proto.json_args)


def test_map_loads_only_local_assets() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    args = _map_args(at)
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links


def test_armenia_filter_narrows_every_table() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.multiselect(key="countries").set_value(["AM"]).run()
    assert not at.exception
    troops = at.sidebar.dataframe[0].value
    assert list(troops["country"]) == ["Armenia"]
    assert "0 of 1 contingents withdrawn" in at.sidebar.markdown[0].value
    unrest = at.sidebar.dataframe[1].value
    assert unrest.empty  # no unrest place lies in Armenia


def test_date_20_january_shows_all_five_withdrawn() -> None:
    import datetime as dt

    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.slider(key="as_of").set_value(dt.date(2022, 1, 20)).run()
    assert not at.exception
    assert "5 of 5 contingents withdrawn" in at.sidebar.markdown[0].value
    assert set(at.sidebar.dataframe[0].value["status"]) == {"withdrawn"}


def test_map_renders_all_layers_and_legend_offline_in_chromium(
    server: Server, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(server.url, wait_until="domcontentloaded")
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    paths = frame.locator("path.leaflet-interactive")
    for _ in range(120):
        if paths.count() > 0:
            break
        page.wait_for_timeout(500)
    assert paths.count() > 0, "the map drew no vector layer"
    for layer in ("Countries", "Troop origins", "Unrest", "Key sites"):
        checkbox = frame.get_by_role("checkbox", name=layer)
        assert checkbox.is_checked(), layer
    assert frame.locator(".site-icon").count() > 0
    assert page.get_by_role("region", name="Legend").is_visible()
    assert offline_page.outside == []
