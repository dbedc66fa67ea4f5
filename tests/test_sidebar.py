"""The sidebar the mission names: troop origins, withdrawal status and unrest details, at a glance."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.render.panels import contingent_html, place_html
from dashboard.scene import View, scene
from dashboard.view import status
from tests.conftest import GEODATA
from tests.support.csvdata import table

DAY = status.REPORT_DAY


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def _known(day: dt.date) -> object:
    figures = table("figures")
    return figures[figures["date"] <= day.isoformat()]


def test_a_card_per_contingent_with_every_troop_figure_known_its_route_and_status(data: Dataset) -> None:
    records = table("records")
    contingents = records[records["layer"] == "contingent"]
    known = _known(DAY)
    cards = scene(data, View(date=DAY)).panels.contingents
    assert [c.record for c in cards] == list(contingents["id"])
    for card, row in zip(cards, contingents.itertuples(), strict=True):
        troops = known[(known["record"] == row.id) & (known["metric"] == "troops")]
        assert len(card.figures) == len(troops)
        for figure, value in zip(card.figures, troops.sort_values("date")["value"], strict=True):
            assert f"{int(value):,}" in figure.amount
        bases = records[(records["layer"] == "troop_origin") & (records["contingent"] == row.contingent)
                        & ((records["start"] == "") | (records["start"] <= DAY.isoformat()))]
        assert set(card.bases) == set(bases["name"])
        assert card.arrival == records.set_index("id").at[row.arrival, "name"]
        expected = status.contingent_status(*(dt.date.fromisoformat(d) if d else None
                                              for d in (row.deployed, row.withdrawal_start, row.withdrawn)),
                                            DAY)
        assert card.status == expected
        html = contingent_html(card)
        assert card.country in html and card.status_word in html


def test_unrest_places_with_the_most_victims_and_every_figure_side_by_side(data: Dataset) -> None:
    known = _known(DAY)
    unrest = set(table("records").query("layer == 'unrest'")["id"])
    tolls = known[known["record"].isin(unrest) & known["metric"].isin(["deaths", "injured", "arrests"])]
    places = scene(data, View(date=DAY)).panels.places
    assert len(places) >= 3
    for place in places:
        own = tolls[tolls["record"] == place.record]
        assert sum(len(figures) for _, figures in place.metrics) == len(own)  # none dropped, none added
        html = place_html(place)
        for value in own["value"]:
            assert f"{int(value):,}" in html
    # Ranked by deaths, then injured, then arrests: no place left out has more of the first metric known.
    listed = {p.record for p in places}
    for metric in ("deaths", "injured", "arrests"):
        present = tolls[tolls["metric"] == metric].groupby("record")["value"].max()
        if len(present):
            assert present.idxmax() in listed
            break


def test_the_panels_follow_the_country_choice_and_the_language(data: Dataset) -> None:
    armenia = scene(data, View(("AM",), dt.date(2022, 1, 31), lang="de")).panels
    assert [c.code for c in armenia.contingents] == ["AM"]
    assert armenia.contingents[0].country == "Armenien" and armenia.contingents[0].status_word == "abgezogen"
    assert armenia.places == []
    assert armenia.withdrawn == (1, 1)


# ---- in the browser ----------------------------------------------------------------------------

def _panels_whole(panels: object, right_edge: str) -> None:
    """Each contingent's troop figures known by DAY and its status, and at least three unrest places with
    their figures, in `panels`; every card's text fits its box, and no card passes `right_edge` (a JS
    expression of `e`, the card)."""
    from playwright.sync_api import expect

    records = table("records")
    known = _known(DAY)
    for row in records[records["layer"] == "contingent"].itertuples():
        card = panels.locator(f"article.contingent[data-record='{row.id}']")  # type: ignore[attr-defined]
        card.scroll_into_view_if_needed()
        expect(card).to_be_visible()
        for value in known[(known["record"] == row.id) & (known["metric"] == "troops")]["value"]:
            expect(card.locator(".figures")).to_contain_text(f"{int(value):,}")
        expect(card.locator(".status")).not_to_be_empty()
    places = panels.locator("article.place")  # type: ignore[attr-defined]
    assert places.count() >= 3
    for place in places.all():
        place.scroll_into_view_if_needed()
        assert place.locator("dd .figure").count() >= 1
    overflow = panels.locator("article.card").evaluate_all(  # type: ignore[attr-defined]
        f"els => els.filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > "
        f"{right_edge}).map(e => e.textContent)")
    assert overflow == []


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_sidebar_shows_every_contingent_and_three_unrest_places_whole(
    size: str, server: object, request: pytest.FixtureRequest, tmp_path: object,
) -> None:
    """At 1400 x 900 and on a phone (where the sidebar opens from its button): each contingent's troop
    figure and status, and at least three unrest places with their figures, none cut off."""
    from tests.support.mapdriver import open_dashboard, sidebar

    wrapped = request.getfixturevalue("offline_page" if size == "desktop" else "phone_page")
    page = wrapped.page
    open_dashboard(page, server.url)  # type: ignore[attr-defined]
    if size == "phone":
        page.get_by_test_id("stExpandSidebarButton").click()
    # Nothing is cut off: every card's text fits its box, and every box the sidebar.
    _panels_whole(sidebar(page), "e.closest('[data-testid=stSidebar]').getBoundingClientRect().right")
    assert wrapped.outside == []


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_editions_panels_show_every_contingent_and_three_unrest_places_whole(
    size: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, map_assets: None,
) -> None:
    """The published edition at 1400 x 900 and on a phone: the same panels, in the page after the map."""
    from tests.support.edition import open_edition, publish_edition, serve_edition

    wrapped = request.getfixturevalue("offline_page" if size == "desktop" else "phone_page")
    page = wrapped.page
    folder = publish_edition(tmp_path_factory.mktemp("panels"))
    for url in serve_edition(folder):
        open_edition(page, f"{url}?date={DAY.isoformat()}")
        _panels_whole(page.locator("#panels"), "document.documentElement.clientWidth")
    assert wrapped.outside == []
