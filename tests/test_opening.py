"""The map's first view on a 390 px phone shows the host country and every troop route, in the app and the
edition; a wide screen keeps the opening centre and zoom (`map.styles`)."""

from __future__ import annotations

import pytest

from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.map.opening import opening_bounds
from dashboard.map.styles import ZOOM
from tests.conftest import GEODATA, Server, offline
from tests.support.edition import open_edition
from tests.support.mapdriver import map_frame, open_dashboard, settled_view, wait_idle

BOUNDS = ("() => { const b = window.map.getBounds(); "
          "return [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()], window.map.getZoom()]; }")



def _holds(shown: list, needed: list[list[float]]) -> bool:
    (south, west), (north, east) = shown[0], shown[1]
    return south <= needed[0][0] and west <= needed[0][1] and north >= needed[1][0] and east >= needed[1][1]


@pytest.mark.parametrize("width", [390, 1400])
def test_the_apps_first_view_holds_the_host_and_every_troop_route(
    server: Server, browser: object, geocoder: Geocoder, width: int,
) -> None:
    needed = opening_bounds(load_dataset(GEODATA, geocoder).records)
    wrapped = offline(browser, width, 844 if width == 390 else 900)
    page = wrapped.page
    try:
        open_dashboard(page, server.url)
        wait_idle(page)
        settled_view(page)
        shown = map_frame(page).locator("body").evaluate(BOUNDS)
        if width == 390:
            assert _holds(shown, needed), (shown, needed)
        assert (shown[2] == ZOOM) == (width > 390)  # a wide screen keeps the opening zoom
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [390, 1400])
def test_the_editions_first_view_holds_the_host_and_every_troop_route(
    edition: str, browser: object, geocoder: Geocoder, width: int,
) -> None:
    needed = opening_bounds(load_dataset(GEODATA, geocoder).records)
    wrapped = offline(browser, width, 844 if width == 390 else 900)
    page = wrapped.page
    try:
        open_edition(page, edition)
        shown = page.evaluate(BOUNDS)
        assert _holds(shown, needed), (shown, needed)  # the edition's wide map holds them at its zoom
        assert (shown[2] == ZOOM) == (width > 390)
        assert wrapped.console_errors == []
    finally:
        page.context.close()
