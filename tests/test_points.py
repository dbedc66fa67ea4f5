"""Records that share a point are drawn apart: at zoom 12 over Almaty every drawn site is its own marker,
and any sites drawn as one at a crowded point (issue 25; the bundled data has none) are named in the
details of each marker at their point."""

from __future__ import annotations

import datetime as dt
import math

from playwright.sync_api import expect

from dashboard.geo.dataset import load_dataset
from dashboard.geo.gazetteer import default_geocoder
from tests.conftest import GEODATA, OfflinePage, Server
from tests.support.csvdata import ALL_CODES, undrawn
from tests.support.mapdriver import RERUN_TIMEOUT_MS, centre_of, open_dashboard, wait_idle

# Almaty's city limits, roughly: what counts as an Almaty site.
ALMATY = (43.1, 43.45, 76.7, 77.15)
# Three views at zoom 12, the city centre, the airport and the city's north-west (CHP-2): each site is
# tested in the view whose centre it lies near, away from the layer switcher in the map's corner.
VIEWS = ((43.25, 76.93), (43.36, 77.0), (43.3, 76.76))
NEAR = (0.05, 0.12)  # degrees of latitude and longitude from a view's centre
MIN_APART_PX = 8
DAY = "2022-01-31"


def _almaty_sites() -> dict[str, tuple[float, float]]:
    """Point records inside Almaty, where the loaded data places them (given, or geocoded)."""
    records = load_dataset(GEODATA, default_geocoder()).records
    south, north, west, east = ALMATY
    inside = records["lat"].between(south, north) & records["lon"].between(west, east)
    sites = records[inside & ~records["layer"].isin(["host", "contingent"])]
    return {str(r.id): (float(r.lat), float(r.lon)) for r in sites.itertuples()}


def test_at_zoom_12_over_almaty_every_site_is_its_own_clickable_marker(
    server: Server, offline_page: OfflinePage,
) -> None:
    page = offline_page.page
    every = _almaty_sites()
    listed = undrawn(ALL_CODES, dt.date.fromisoformat(DAY))
    assert listed < set(every) or not listed
    sites = {rid: at for rid, at in every.items() if rid not in listed}
    assert len(sites) >= 10
    tested: set[str] = set()
    for lat, lon in VIEWS:
        here = sorted(rid for rid, (y, x) in sites.items()
                      if abs(y - lat) <= NEAR[0] and abs(x - lon) <= NEAR[1])
        frame = open_dashboard(page, f"{server.url}?date={DAY}&center={lat},{lon}&zoom=12")
        wait_idle(page)  # the map's first report of its view reruns the map once
        centres = {}
        for rid in here:
            # The record's own marker: a circle, or a vector icon (a flow line is no marker).
            marker = frame.locator(f".record-{rid}:not(path[fill='none'])").last
            centres[rid] = centre_of(page, marker)
        if listed:
            assert frame.locator(", ".join(f".record-{rid}" for rid in listed)).count() == 0
        for a in centres:
            for b in centres:
                if a < b:
                    assert math.dist(centres[a], centres[b]) >= MIN_APART_PX, (a, b)
        for rid in here:
            frame.locator(f".record-{rid}:not(path[fill='none'])").last.click()
            details = page.get_by_role("region", name="Record details")
            expect(details).to_have_attribute("data-record", rid, timeout=RERUN_TIMEOUT_MS)
            if every[rid] in {every[site] for site in listed}:  # a marker at the undrawn sites' point
                for site in listed:
                    expect(details.locator(f'[data-listed="{site}"]')).to_have_count(1)
                tested.update(listed)
        tested.update(here)
    assert tested == set(every)
    assert offline_page.outside == []
