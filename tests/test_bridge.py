"""The workarounds of library internals are checked against the versions installed."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from dashboard.map import bridge
from dashboard.screens import bridge as screens_bridge

# Every bridge: the map's (Leaflet, folium, branca, streamlit-folium's frontend) and the screens'
# (Streamlit's and streamlit-folium's Python side).
BRIDGES = {"dashboard/map/bridge.py": bridge, "dashboard/screens/bridge.py": screens_bridge}


@pytest.mark.parametrize("path", list(BRIDGES))
def test_installed_versions_lie_in_the_ranges_the_workarounds_were_checked_against(path: str) -> None:
    outside = BRIDGES[path].unchecked_versions()
    assert outside == {}, f"re-check every workaround in {path} against {outside}, then widen CHECKED"


@pytest.mark.parametrize(("path", "package"),
                         [(path, package) for path, module in BRIDGES.items() for package in module.CHECKED])
def test_the_version_check_fails_outside_its_range(path: str, package: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    module = BRIDGES[path]
    low, high = module.CHECKED[package]
    monkeypatch.setitem(module.CHECKED, package, (high, high + ".1"))
    assert module.unchecked_versions([package]) == {package: version(package)}
    monkeypatch.setitem(module.CHECKED, package, (low, high))
    assert module.unchecked_versions([package]) == {}


def test_view_bounds_come_from_the_map_or_are_refused() -> None:
    reported = {"_southWest": {"lat": 40, "lng": 60}, "_northEast": {"lat": 50, "lng": 80}}
    assert bridge.latlng_bounds(reported) == (40, 60, 50, 80)
    for bad in (None, {}, "x", {"_southWest": {"lat": 50, "lng": 60}, "_northEast": {"lat": 40, "lng": 80}},
                {"_southWest": {"lat": None, "lng": None}, "_northEast": {"lat": None, "lng": None}}):
        assert bridge.latlng_bounds(bad) is None


def test_a_position_comes_from_the_map_or_is_refused() -> None:
    assert bridge.latlng({"lat": 43.2, "lng": 76.9}) == (43.2, 76.9)
    for bad in (None, {}, "x", [43.2, 76.9], {"lat": 43.2}, {"lat": None, "lng": 1}, {"lat": "n", "lng": 1}):
        assert bridge.latlng(bad) is None
