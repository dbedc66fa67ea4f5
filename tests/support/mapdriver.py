"""Driving the served dashboard in Chromium as a reader does: the map frame, the filters, the date.

Plain helpers over Playwright pages, shared by the browser tests.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import FrameLocator, Locator, Page, expect

from tests.conftest import GEODATA

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
RECORD_CLASS = re.compile(r"\brecord-([a-z0-9][a-z0-9_-]*)")
T = TypeVar("T")
LOAD_TIMEOUT_MS = 60_000
RERUN_TIMEOUT_MS = 20_000


def map_frame(page: Page) -> FrameLocator:
    """The streamlit-folium component frame."""
    return page.frame_locator(MAP_FRAME)


def open_dashboard(page: Page, url: str) -> FrameLocator:
    """Open the dashboard and wait until the map has drawn its vector layers."""
    page.goto(url, wait_until="domcontentloaded")
    frame = map_frame(page)
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=LOAD_TIMEOUT_MS)
    return frame


def records_in(root: Page | FrameLocator) -> set[str]:
    """Ids of every record with at least one element drawn in `root` (a page, or the map frame)."""
    classes = root.locator("[class*='record-']").evaluate_all("els => els.map(e => e.getAttribute('class'))")
    return {m.group(1) for c in classes for m in RECORD_CLASS.finditer(c)}


def drawn_records(page: Page) -> set[str]:
    """Ids of every record that has at least one element on the dashboard's map right now."""
    return records_in(map_frame(page))


def eventually(page: Page, read: Callable[[], T], expected: T, timeout_ms: int = RERUN_TIMEOUT_MS) -> T:
    """`read()` once it returns `expected`, or its last value when time runs out (assert on it).

    A rerun redraws the map and the tables some time after a widget changes: poll, never sleep blindly.
    """
    value = read()
    for _ in range(timeout_ms // 250):
        if value == expected:
            break
        page.wait_for_timeout(250)
        value = read()
    return value


def wait_until(page: Page, check: Callable[[], bool], timeout_ms: int = RERUN_TIMEOUT_MS) -> bool:
    """Poll `check` until it holds or time runs out; return its last result."""
    for _ in range(timeout_ms // 250):
        if check():
            return True
        page.wait_for_timeout(250)
    return check()


def wait_idle(page: Page, quiet_ms: int = 1000, timeout_ms: int = RERUN_TIMEOUT_MS) -> None:
    """Wait until no script run has been in progress for `quiet_ms` (the map's own reports included)."""
    quiet = 0
    for _ in range(timeout_ms // 250):
        running = page.get_by_test_id("stStatusWidget").count() > 0
        quiet = 0 if running else quiet + 250
        if quiet >= quiet_ms:
            return
        page.wait_for_timeout(250)


def centre_of(page: Page, marker: Locator, timeout_ms: int = RERUN_TIMEOUT_MS) -> tuple[float, float]:
    """The on-screen centre of a map marker. A rerun (the map reporting its view) may redraw the layers
    between finding the marker and measuring it; then the new one is measured."""
    for _ in range(timeout_ms // 250):
        expect(marker).to_be_visible(timeout=timeout_ms)
        box = marker.bounding_box()
        if box is not None:
            return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.wait_for_timeout(250)
    raise AssertionError(f"{marker} was never measured: it kept being redrawn")


def url_params(page: Page) -> dict[str, str]:
    """The page's current query parameters."""
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query, keep_blank_values=True).items()}


def chosen_countries(page: Page) -> list[str]:
    """The country chips in the filter, in order."""
    return sidebar(page).get_by_test_id("stMultiSelect").locator("[data-tag]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))")


def settled_view(page: Page) -> tuple[float, float, int]:
    """The map's centre and zoom once a drag's inertia or a zoom animation has come to rest."""
    previous, current = None, map_view(page)
    for _ in range(40):
        if current == previous:
            break
        page.wait_for_timeout(250)
        previous, current = current, map_view(page)
    return current


def map_view(page: Page) -> tuple[float, float, int]:
    """The Leaflet map's centre (lat, lon) and zoom."""
    lat, lon, zoom = map_frame(page).locator("body").evaluate(
        "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }"
    )
    return lat, lon, zoom


def sidebar(page: Page) -> Locator:
    """The sidebar."""
    return page.get_by_test_id("stSidebar")


def choose_countries(page: Page, names: list[str]) -> None:
    """Replace the country selection with `names`, through the multiselect as a reader would."""
    select = sidebar(page).get_by_test_id("stMultiSelect")
    select.get_by_role("button", name="Clear all").click()
    for name in names:
        select.get_by_role("combobox").click()
        page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")


def remove_country(page: Page, name: str) -> None:
    """Remove one country chip from the filter."""
    sidebar(page).get_by_role("button", name=f"Remove {name}").click()


def move_date(page: Page, days: int) -> None:
    """Move the "As of" slider by `days` with the keyboard, once the page has settled from what came
    before (a country change's reruns): a key pressed while they run can be lost (see the note)."""
    wait_idle(page)
    thumb = sidebar(page).get_by_role("slider")
    thumb.focus()
    for _ in range(abs(days)):
        page.keyboard.press("ArrowRight" if days > 0 else "ArrowLeft")


def grid_column(page: Page, section: str, column: int = 0) -> list[str]:
    """Cells of one column of the table in section `section` (troops, unrest, sources); [] when the
    section shows no table."""
    table = page.locator(f".st-key-{section} table.data-table")
    return table.locator("tbody tr").evaluate_all(
        "(rows, column) => rows.map(r => (r.querySelectorAll('td')[column] || {}).textContent || '')", column
    )


def table_keys(page: Page, section: str) -> list[str]:
    """The row keys of the table in section `section` (the sources table's source ids)."""
    rows = page.locator(f".st-key-{section} table.data-table tbody tr")
    return rows.evaluate_all("rows => rows.map(r => r.dataset.key || '')")


def long_date(day: dt.date) -> str:
    """A date as the page writes it: "20 January 2022"."""
    return f"{day:%d %B %Y}"


def paste_article(page: Page, server_url: str, text: str) -> Locator:
    """Open the article page, paste `text` and wait for its first highlighted place; return the marks."""
    page.goto(server_url.rstrip("/") + "/article", wait_until="domcontentloaded")
    area = page.get_by_label("Or paste the article")
    area.fill(text)
    area.press("Control+Enter")
    marks = page.locator("mark.place")
    expect(marks.first).to_be_visible(timeout=30_000)
    return marks


def article_rows(page: Page, places: tuple[str, ...], title: str) -> dict[str, str]:
    """On the article page: keep `places`, describe the source (`title`, publisher "Example Wire") and
    download the rows: {"records": ..., "sources": ...}."""
    for place in places:
        page.get_by_text(re.compile(rf"^{place} \(")).click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Publisher").fill("Example Wire")
    page.get_by_label("Publisher").press("Enter")
    wait_idle(page)
    rows = {}
    for label, name in (("Record rows (records.csv)", "records"), ("Source row (sources.csv)", "sources")):
        with page.expect_download() as download:
            page.get_by_role("button", name=label).click()
        rows[name] = Path(download.value.path()).read_text(encoding="utf-8")
    return rows


def folder_with(rows: dict[str, str], root: Path) -> Path:
    """A copy of the bundled data folder under `root` with the article page's rows appended."""
    folder = root / "geodata"
    shutil.copytree(GEODATA, folder)
    for name, appended in rows.items():
        with (folder / f"{name}.csv").open("a", encoding="utf-8") as handle:
            handle.write(appended)
    return folder


def open_section(page: Page, label: str) -> Locator:
    """Open one of the sections below the map (a tab: "Chronology", "Charts", "Tables" …) by its label,
    as a reader does, and return its panel."""
    tab = page.get_by_role("tab", name=label, exact=True)
    tab.click(timeout=LOAD_TIMEOUT_MS)  # the sections come after the map, on a busy machine late
    expect(tab).to_have_attribute("aria-selected", "true")
    return page.get_by_role("tabpanel").filter(visible=True).first


def open_share(page: Page) -> None:
    """Open the folded "Share this view" section under the map (the link and the embed code)."""
    page.get_by_text("Share this view", exact=False).first.click()
    expect(page.locator(".st-key-view-link code")).to_be_visible()
