"""Scale: a hundred thousand records load, draw a bounded map, and render in Chromium.

Speed itself is measured by `bench/run.py` (figures in `docs/performance.md`), never by timed tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest

from dashboard.map.aggregate import MAX_POINTS, Bounds, cell_size, cells
from tests.conftest import APP, OfflinePage, Server
from tests.support.mapdriver import open_dashboard

LARGE = 100_000
MAP_BYTES_LIMIT = 2_000_000


def test_cells_count_every_point_once() -> None:
    rng = np.random.default_rng(1)
    points = pd.DataFrame({"lat": rng.uniform(36, 58, 5000), "lon": rng.uniform(24, 90, 5000),
                           "group": rng.choice(["unrest", "sites"], 5000)})
    size = cell_size(Bounds(36, 24, 58, 90))
    grid = cells(points, size)
    assert grid["count"].sum() == len(points)
    for group in ("unrest", "sites"):
        assert grid.loc[grid["group"] == group, "count"].sum() == (points["group"] == group).sum()
    assert len(grid) < len(points)
    # each cell's mean position lies inside the grid square its points share
    assert ((grid["lat"] // size) * size <= grid["lat"]).all()


def test_cell_size_is_a_power_of_two_that_shrinks_with_the_view() -> None:
    wide, narrow = cell_size(Bounds(30, 20, 60, 100)), cell_size(Bounds(43, 76, 44, 77))
    assert narrow < wide
    for size in (wide, narrow):
        assert np.log2(size) == int(np.log2(size))


@pytest.fixture
def large_app(large_config: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """AppTest on the large folder, with Streamlit's resource cache emptied before and after."""
    import streamlit as st

    monkeypatch.setenv("DASHBOARD_CONFIG", str(large_config))
    st.cache_resource.clear()
    try:
        yield AppTest.from_file(str(APP), default_timeout=600)
    finally:
        st.cache_resource.clear()


@pytest.mark.slow
def test_100k_records_give_a_bounded_map(large_app: AppTest, large_config: Path) -> None:
    at = large_app.run()
    assert not at.exception
    total = len(pd.read_csv(large_config.parent / "geodata" / "records.csv", usecols=["id"]))
    assert f"of {total:,} location records shown" in at.caption[0].value
    for countries in (["KZ", "RU"], ["KZ", "RU", "BY", "AM", "TJ", "KG"]):
        at.multiselect(key="countries-en").set_value(countries).run()
        assert not at.exception
        (component,) = list(at.get("component_instance"))
        size = len(component.proto.json_args.encode())
        assert size < MAP_BYTES_LIMIT, size
        cells_drawn = json.loads(component.proto.json_args)["feature_group"].count('"cell"')
        assert 0 < cells_drawn <= MAX_POINTS
    assert any("grid cells" in c.value for c in at.caption), [c.value for c in at.caption]


def test_100k_records_render_in_chromium(
    start_server: Callable[..., Server], large_config: Path, offline_page: OfflinePage
) -> None:
    server = start_server(large_config)
    page = offline_page.page
    frame = open_dashboard(page, server.url)
    expect(frame.locator("path.cell").first).to_be_attached()
    assert frame.locator("path.leaflet-interactive").count() <= 3 * MAX_POINTS
    expect(page.get_by_text("grid cells")).to_be_visible()
    assert offline_page.outside == []
