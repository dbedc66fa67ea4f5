"""The reader's page: above the fold the title, the dek, the map with its legend and the sidebar; below,
sections a reader opens (chronology by day with a kind filter, charts, tables, sources, export), every one
of them reachable. Expectations are read from the CSVs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.i18n import Translator
from dashboard.scene import View, scene
from dashboard.view.grammar import COUNTRIES
from dashboard.vocabulary import EVENT_KINDS
from tests.conftest import APP, GEODATA, Server
from tests.support.csvdata import table

DAY = dt.date(2022, 1, 13)
SCREENS = 3 * 900  # the page at most three screens tall at 1400 x 900 until the reader opens something


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def _days(html: str) -> list[str]:
    return re.findall(r'<details class="chronology-day" data-day="([0-9-]+)"', html)


def test_the_chronology_groups_events_by_day_the_chosen_day_first_and_open(data: Dataset) -> None:
    events = table("events")
    known = events[events["date"] <= DAY.isoformat()]
    html = scene(data, View(COUNTRIES, DAY, lang="en")).chronology
    days = _days(html)
    assert days == sorted(set(known["date"]), reverse=True)
    assert days[0] == DAY.isoformat()  # the bundled data have events on 13 January
    # Only the first day is open; each event is one line that opens to its sources.
    assert html.count("<details class=\"chronology-day\"") == len(days)
    assert re.search(rf'data-day="{DAY.isoformat()}" open>', html)
    assert len(re.findall(r'class="chronology-day" data-day="[0-9-]+" open>', html)) == 1
    assert html.count('<details class="event">') == len(known)
    groups = html.split('<details class="chronology-day"')[1:]
    for day, group in zip(days, groups, strict=True):  # each group holds exactly that day's events
        assert set(re.findall(r'data-event-date="([0-9-]+)"', group)) == {day}
        assert len(re.findall(r'data-event-date="', group)) == int((known["date"] == day).sum())


def test_the_chronology_keeps_the_kinds_chosen_and_offers_a_box_per_kind_present(data: Dataset) -> None:
    events = table("events")
    known = events[events["date"] <= DAY.isoformat()]
    seen = scene(data, View(COUNTRIES, DAY, lang="de"))
    kinds = [k for k in EVENT_KINDS if k in set(events["kind"])]  # the same choices on every date
    assert [key for key, _ in seen.event_kinds] == kinds
    assert dict(seen.event_kinds)["emergency"] == Translator("de")(EVENT_KINDS["emergency"])
    only = seen.chronology_of(("withdrawal",))
    assert set(re.findall(r'data-kind="([a-z]+)"', only)) == {"withdrawal"}
    assert only.count('<details class="event">') == int((known["kind"] == "withdrawal").sum())
    assert "kind-filter" not in seen.chronology
    boxes = re.findall(r'name="kind" value="([a-z]+)" checked', seen.chronology_of(kind_filter=True))
    assert boxes == kinds


def test_the_kind_chips_filter_the_page_chronology() -> None:
    events = table("events")
    known = events[events["date"] <= DAY.isoformat()]
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["date"] = DAY.isoformat()
    at.run()
    assert not at.exception
    chips = at.button_group(key="kinds-en")
    assert list(chips.value) == [k for k in EVENT_KINDS if k in set(events["kind"])]
    chips.set_value(["military"]).run()
    assert not at.exception
    page = "".join(str(e.proto) for e in at.main)
    listed = re.findall(r'data-kind=\\"([a-z]+)\\"', page)
    assert set(listed) == {"military"} and len(listed) == int((known["kind"] == "military").sum())


# ---- in the browser ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_default_page_is_at_most_three_screens_tall(server: Server, offline_page: object,
                                                        lang: str) -> None:
    """At 1400 x 900, on the default view (only the language chosen), before anything is opened."""
    from tests.support.mapdriver import open_dashboard, wait_idle

    page = offline_page.page  # type: ignore[attr-defined]
    open_dashboard(page, f"{server.url}/?lang={lang}")
    wait_idle(page)
    height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
    assert 900 < height <= SCREENS, height
    assert offline_page.outside == []  # type: ignore[attr-defined]


def test_every_section_below_the_map_opens_and_holds_what_it_names(server: Server,
                                                                   offline_page: object) -> None:
    """Chronology, charts, tables, sources and corrections, export; the link and the embed code."""
    from playwright.sync_api import expect

    from tests.support.mapdriver import open_dashboard, open_section, open_share

    page = offline_page.page  # type: ignore[attr-defined]
    open_dashboard(page, f"{server.url}/?date={DAY.isoformat()}")
    events = table("events")
    panel = open_section(page, "Chronology")
    expect(panel.locator("details.chronology-day").first).to_have_attribute("data-day", DAY.isoformat())
    expect(panel.locator("details.chronology-day[open] li[data-kind]")).to_have_count(
        int((events["date"] == DAY.isoformat()).sum()))
    first = panel.locator("details.event").first
    first.locator("summary").click()
    expect(first.locator(".event-sources")).to_be_visible()
    panel = open_section(page, "Charts")
    expect(panel.locator("[data-testid=stVegaLiteChart]")).to_have_count(3)
    panel = open_section(page, "Tables")
    expect(page.locator(".st-key-troops table.data-table")).to_be_visible()
    expect(page.locator(".st-key-unrest table.table-unrest")).to_be_visible()
    open_section(page, "Sources and corrections")
    expect(page.locator(".st-key-sources table.data-table")).to_be_visible()
    expect(page.locator(".st-key-corrections")).to_be_visible()
    panel = open_section(page, "Export")
    expect(panel.get_by_text("Export this view")).to_be_visible()
    expect(panel.locator("a[href*='downloads']").first).to_be_visible()
    open_share(page)
    expect(page.get_by_text("Embed the static edition of this view")).to_be_visible()
    assert offline_page.outside == []  # type: ignore[attr-defined]


def test_the_page_gives_screen_readers_the_scene_text_alternative(data: Dataset) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params.update({"date": DAY.isoformat(), "lang": "de"})
    at.run()
    assert not at.exception
    text = scene(data, View(COUNTRIES, DAY, lang="de")).text
    assert text and any(text in str(element.proto) for element in at.main)
