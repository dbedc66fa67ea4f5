"""The workarounds of library internals are checked against the versions installed."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from dashboard.map import bridge


def test_installed_versions_lie_in_the_ranges_the_workarounds_were_checked_against() -> None:
    outside = bridge.unchecked_versions()
    assert outside == {}, (
        f"re-check every workaround in dashboard/map/bridge.py against {outside}, then widen CHECKED")


@pytest.mark.parametrize("package", list(bridge.CHECKED))
def test_the_version_check_fails_outside_its_range(package: str, monkeypatch: pytest.MonkeyPatch) -> None:
    low, high = bridge.CHECKED[package]
    monkeypatch.setitem(bridge.CHECKED, package, (high, high + ".1"))
    assert bridge.unchecked_versions([package]) == {package: version(package)}
    monkeypatch.setitem(bridge.CHECKED, package, (low, high))
    assert bridge.unchecked_versions([package]) == {}
