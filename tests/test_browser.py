"""The served dashboard in headless Chromium, with every request outside localhost blocked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from dashboard.map.styles import SCHEMES, STATUS_STYLE
from tests.conftest import GEODATA, REPO, SCREENSHOTS, OfflinePage, Server, offline
from tests.support.csvdata import ALL_CODES, drawn_view, table, view_records
from tests.support.mapdriver import (
    RERUN_TIMEOUT_MS,
    choose_countries,
    drawn_records,
    eventually,
    grid_column,
    map_view,
    move_date,
    open_dashboard,
    open_section,
    remove_country,
    settled_view,
    sidebar,
    table_keys,
    wait_idle,
)

TITLE = "Kazakhstan, January 2022"
REPORT_DAY = dt.date(2022, 1, 13)


def test_map_renders_all_layers_and_legend(server: Server, offline_page: OfflinePage) -> None:
    page = offline_page.page
    frame = open_dashboard(page, server.url)
    for layer in ("Countries", "Troop origins", "Unrest", "Key sites"):
        assert frame.get_by_role("checkbox", name=layer).is_checked(), layer
    assert not frame.get_by_role("checkbox", name="OpenStreetMap tiles (online)").is_checked()
    assert frame.locator(".site-icon").count() > 0
    assert drawn_records(page) == drawn_view(ALL_CODES, REPORT_DAY)
    expect(page.get_by_role("region", name="Legend")).to_be_visible()
    expect(page.get_by_text("Map assets served locally")).to_be_visible()
    page.get_by_text("Data problems (0)").wait_for()
    assert offline_page.outside == []
    assert offline_page.console_errors == []


def test_armenia_alone_leaves_only_armenia_on_map_and_in_tables(
    server: Server, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    open_dashboard(page, server.url)
    choose_countries(page, ["Armenia"])

    expected = drawn_view({"AM"}, REPORT_DAY)
    assert len(expected) >= 2  # the contingent and its base, at least
    assert eventually(page, lambda: drawn_records(page), expected) == expected

    expect(sidebar(page).get_by_text("0 of 1 contingents withdrawn")).to_be_visible()
    open_section(page, "Tables")  # only the open tab is made
    assert eventually(page, lambda: grid_column(page, "troops"), ["Armenia"]) == ["Armenia"]  # troop origins
    assert eventually(page, lambda: grid_column(page, "unrest"), []) == []  # no unrest in Armenia
    records = table("records")
    armenian = records[records["id"].isin(view_records({"AM"}, REPORT_DAY))]
    figures = table("figures")
    figures = figures[figures["record"].isin(armenian["id"]) & (figures["date"] <= REPORT_DAY.isoformat())]
    events = table("events")
    events = events[events["record"].isin(armenian["id"]) & (events["date"] <= REPORT_DAY.isoformat())]
    cited = {s for cell in [*armenian["sources"], *figures["sources"], *events["sources"]]
             for s in cell.split(";")}
    open_section(page, "Sources and corrections")
    assert eventually(page, lambda: set(table_keys(page, "sources")), cited) == cited  # sources
    assert offline_page.outside == []


def test_20_january_shows_all_five_contingents_withdrawn(server: Server, offline_page: OfflinePage) -> None:
    page = offline_page.page
    frame = open_dashboard(page, server.url)
    move_date(page, 7)
    expect(sidebar(page).get_by_text("5 of 5 contingents withdrawn by 20 January 2022")).to_be_visible(
        timeout=RERUN_TIMEOUT_MS)
    for country in ("Russia", "Belarus", "Armenia", "Tajikistan", "Kyrgyzstan"):
        expect(sidebar(page).get_by_text(f"{country}: withdrawn")).to_be_visible()
    bases = table("records")
    bases = bases[(bases["layer"] == "troop_origin") & (bases["arrival"] != "")]
    assert set(bases["contingent"]) == {"RU", "BY", "AM", "TJ", "KG"}
    withdrawn = STATUS_STYLE["withdrawn"]["color"].lower()
    for base in bases["id"]:
        line = frame.locator(f"path.record-{base}[fill='none']")
        expect(line).to_have_attribute("stroke", withdrawn, ignore_case=True)
    assert offline_page.outside == []


def test_clicking_the_armenian_base_opens_its_details_with_sources(
    server: Server, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    record = table("records").set_index("id").loc["am-zvartnots"]
    # Zoomed in on the airport (its point is in the curated gazetteer), as a reader would: at the opening
    # zoom Yerevan's marker lies on it.
    places = pd.read_csv(GEODATA / "gazetteer" / "places.csv", dtype=str).set_index("name")
    airport = places.loc[record["name"]]
    frame = open_dashboard(page, f"{server.url}?center={airport['lat']},{airport['lon']}&zoom=11")
    frame.locator("path.record-am-zvartnots:not([fill='none'])").click()

    details = page.get_by_role("region", name="Record details")
    expect(details).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(details.get_by_role("heading", name=record["name"])).to_be_visible()
    sources = table("sources").set_index("id")
    for source_id in record["sources"].split(";"):
        item = details.locator(f"li[data-source='{source_id}']")
        expect(item).to_contain_text(sources.loc[source_id, "publisher"])
        url = sources.loc[source_id, "url"]
        if url:
            expect(item.get_by_role("link")).to_have_attribute("href", url)
    assert offline_page.outside == []


def test_clicking_a_country_opens_its_contingent(server: Server, offline_page: OfflinePage) -> None:
    page = offline_page.page
    frame = open_dashboard(page, server.url)
    frame.locator("path.record-contingent-kg").first.dispatch_event("click")
    details = page.get_by_role("region", name="Record details")
    expect(details).to_have_attribute("data-record", "contingent-kg", timeout=RERUN_TIMEOUT_MS)


def test_changing_the_country_filter_keeps_zoom_and_centre(
    server: Server, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    frame = open_dashboard(page, server.url)
    frame.get_by_role("button", name="Zoom in").click()
    box = frame.locator(".leaflet-container").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 150, box["y"] + box["height"] / 2 + 80, steps=10)
    page.mouse.up()
    before = settled_view(page)
    assert before[2] == 5
    frame.locator("body").evaluate("() => { window.__sameMap = true; }")

    remove_country(page, "Russia")
    expect(frame.locator("path.record-contingent-ru")).to_have_count(0, timeout=RERUN_TIMEOUT_MS)
    after = map_view(page)
    assert after == before
    assert frame.locator("body").evaluate("() => window.__sameMap === true"), "the map was remounted"
    assert offline_page.outside == []


# The README's pictures of the app: (language, colour scheme, width).
APP_SHOTS = [("en", "light", 1400), ("en", "dark", 1400), ("en", "light", 390), ("en", "dark", 390),
             ("de", "light", 1400)]


@pytest.mark.parametrize(("lang", "scheme", "width"), APP_SHOTS)
def test_screenshots_for_the_readme(server: Server, browser: object, lang: str, scheme: str, width: int,
                                    request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """The README's pictures from the bundled data: the page as a reader first sees it, in light and dark,
    at 1400 and 390 px, and the charts' section opened at 1400. They are written to docs/ only with
    `--update-screenshots`; every other run takes them into a temporary folder."""
    wrapped = offline(browser, width, 900 if width > 500 else 844, color_scheme=scheme)
    page = wrapped.page
    try:
        open_dashboard(page, f"{server.url}?lang={lang}")
        basemap = next(f for f in page.frames if "streamlit_folium" in f.url)
        basemap.wait_for_function("() => window.__kzBasemap === true")  # the outlines arrive by fetch
        wait_idle(page)
        folder = SCREENSHOTS if request.config.getoption("--update-screenshots") else tmp_path
        name = f"app-{lang}-{scheme}-{width}.png"
        shots = [name]
        page.screenshot(path=str(folder / name))
        if width > 500 and scheme == "light":  # the charts' section, opened, at the top of the window
            open_section(page, "Charts" if lang == "en" else "Diagramme")
            charts = page.locator("[data-testid='stVegaLiteChart']").first
            expect(charts.locator("svg, canvas").first).to_be_visible()
            charts.evaluate("c => c.scrollIntoView()")
            page.wait_for_timeout(500)
            shots.append(f"charts-{lang}.png")
            page.screenshot(path=str(folder / shots[-1]))
        for shot in shots:
            assert (folder / shot).stat().st_size > 20_000
            assert f"]({(SCREENSHOTS / shot).relative_to(REPO)})" in (REPO / "README.md").read_text()
            assert (SCREENSHOTS / shot).is_file()
        # The page follows the reader's scheme, on the map too: its land is the scheme's.
        land = SCHEMES[scheme].land.lstrip("#")
        rgb = "rgb({}, {}, {})".format(*(int(land[i:i + 2], 16) for i in (0, 2, 4)))
        fills = basemap.evaluate(
            "() => [...document.querySelectorAll('path')].map(p => getComputedStyle(p).fill)")
        assert rgb in fills, (scheme, set(fills))
        assert wrapped.outside == []
    finally:
        page.context.close()
