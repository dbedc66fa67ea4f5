"""The charts over time in a real browser: they follow the filter, play moves everything together, and a
chronology event moves the page to its day and place. Charts are read through their marks' aria labels,
which Vega writes from the data each mark draws."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from dashboard.map.styles import STATUS_STYLE
from tests.conftest import OfflinePage, Server
from tests.support.csvdata import table
from tests.support.mapdriver import (
    LOAD_TIMEOUT_MS,
    RERUN_TIMEOUT_MS,
    eventually,
    grid_column,
    map_frame,
    open_dashboard,
    open_section,
    sidebar,
    url_params,
)

CHART = "[data-testid='stVegaLiteChart']"


def chart(page: Page, title: str) -> Locator:
    """The chart whose title is `title`."""
    return page.locator(CHART).filter(has=page.get_by_text(title, exact=True))


def marks(page: Page, title: str, kind: str) -> list[str]:
    """The aria labels of one chart's marks of a Vega mark type (rect for bars, rule, symbol …)."""
    found = chart(page, title).locator(f"g.mark-{kind} [aria-label]")
    expect(found.first).to_be_attached(timeout=LOAD_TIMEOUT_MS)
    return found.evaluate_all("els => els.map(e => e.getAttribute('aria-label') || '')")


def date_rule(page: Page, title: str) -> str:
    """The day label of a chart's date rule (the one rule drawn at a day)."""
    return next(m for m in marks(page, title, "rule") if m.startswith("chosen date: "))


def test_with_armenia_alone_the_troop_chart_holds_only_armenia(
    server: Server, offline_page: OfflinePage,
) -> None:
    page = offline_page.page
    open_dashboard(page, f"{server.url}?country=AM")
    open_section(page, "Charts")
    points = marks(page, "Troops in Kazakhstan, per day", "symbol")  # the contingents' own figures
    assert {re.search(r"contingent: ([^;]+)", p).group(1) for p in points} == {"Armenia"}
    bars = marks(page, "Troops in Kazakhstan, per day", "rect")  # the whole force's, never a sum
    assert bars and all("whole force, official: " in b for b in bars)
    assert offline_page.outside == []


def test_play_from_10_january_and_pause_at_20_moves_map_tables_charts_and_link(
    server: Server, offline_page: OfflinePage,
) -> None:
    page = offline_page.page
    open_dashboard(page, f"{server.url}?date=2022-01-10")
    slider = sidebar(page).get_by_role("slider")
    expect(slider).to_have_attribute("aria-valuetext", "10 January 2022")
    sidebar(page).get_by_role("button", name="Play: one day a second").click()
    expect(slider).to_have_attribute("aria-valuetext", "20 January 2022", timeout=30_000)
    sidebar(page).get_by_role("button", name="Pause").click()
    expect(sidebar(page).get_by_role("button", name="Play: one day a second")).to_be_visible(
        timeout=RERUN_TIMEOUT_MS)
    page.wait_for_timeout(2_500)  # two more steps' time: nothing moves once paused
    expect(slider).to_have_attribute("aria-valuetext", "20 January 2022")
    assert eventually(page, lambda: url_params(page).get("date"), "2022-01-20") == "2022-01-20"
    # The tables, the map's status styling and the charts' date rule all stand on 20 January.
    records = table("records")
    contingents = records[records["layer"] == "contingent"]
    done = (contingents["withdrawn"] <= "2022-01-20").sum()
    expect(sidebar(page).get_by_text(f"{done} of {len(contingents)} contingents withdrawn by 20 January 2022")
           ).to_be_visible()
    assert done == len(contingents)  # by 20 January every contingent had left, says records.csv
    open_section(page, "Tables")
    assert eventually(page, lambda: set(grid_column(page, "troops", 4)), {"withdrawn"}) == {"withdrawn"}
    withdrawn = str(STATUS_STYLE["withdrawn"]["color"]).lower()
    frame = map_frame(page)
    for base in records.loc[(records["layer"] == "troop_origin") & (records["arrival"] != ""), "id"]:
        expect(frame.locator(f"path.record-{base}[fill='none']")).to_have_attribute(
            "stroke", withdrawn, ignore_case=True, timeout=RERUN_TIMEOUT_MS)
    open_section(page, "Charts")
    assert date_rule(page, "Troops in Kazakhstan, per day") == "chosen date: 20 Jan"
    assert offline_page.outside == []


def test_clicking_a_chronology_event_on_5_january_sets_the_date_and_opens_its_place(
    server: Server, offline_page: OfflinePage,
) -> None:
    page = offline_page.page
    open_dashboard(page, f"{server.url}?date=2022-01-13")
    events = table("events")
    places = set(events.loc[events["date"] == "2022-01-05", "record"])
    assert places  # the chronology has events on 5 January
    open_section(page, "Charts")
    dot = chart(page, "Chronology").locator("g.mark-symbol [aria-label*='day_label: 5 Jan;']").first
    expect(dot).to_be_attached(timeout=LOAD_TIMEOUT_MS)
    dot.click()
    expect(sidebar(page).get_by_role("slider")).to_have_attribute("aria-valuetext", "5 January 2022",
                                                                   timeout=RERUN_TIMEOUT_MS)
    assert eventually(page, lambda: url_params(page).get("date"), "2022-01-05") == "2022-01-05"
    details = page.get_by_role("region", name="Record details")
    expect(details).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    assert details.get_attribute("data-record") in places
    assert offline_page.outside == []


def test_at_1400_by_900_every_table_cell_is_shown_whole_with_sources_by_publisher_and_date(
    server: Server, offline_page: OfflinePage,
) -> None:
    page = offline_page.page
    open_dashboard(page, f"{server.url}?date=2022-01-31")
    widths = []
    for section in ("Tables", "Sources and corrections"):
        panel = open_section(page, section)
        for summary in panel.get_by_test_id("stExpander").locator("summary").all():
            if summary.get_attribute("aria-expanded") != "true":
                summary.click()
        cells = panel.locator("table.data-table td")
        expect(cells.first).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        widths += cells.evaluate_all("els => els.map(e => [e.textContent, e.scrollWidth, e.clientWidth])")
    assert len(widths) > 50
    assert [text for text, needed, shown in widths if needed > shown + 1] == []  # nothing cut off
    sources = table("sources").set_index("id")
    rows = page.locator(".st-key-sources table.data-table tbody tr")
    for row in rows.all():
        sid = row.get_attribute("data-key")
        cell = row.locator("td").first
        assert sources.loc[sid, "publisher"] in cell.inner_text()
        assert cell.get_attribute("title").startswith(f"{sid}: {sources.loc[sid, 'publisher']}")
    assert offline_page.outside == []


def test_the_charts_fit_a_390px_phone(server: Server, phone_page: OfflinePage) -> None:
    page = phone_page.page
    open_dashboard(page, server.url)
    open_section(page, "Charts")
    charts = page.locator(CHART)
    expect(charts).to_have_count(3, timeout=LOAD_TIMEOUT_MS)
    for i in range(3):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("svg").first).to_be_visible()
        assert chart.bounding_box()["width"] <= 390
    assert phone_page.outside == []
