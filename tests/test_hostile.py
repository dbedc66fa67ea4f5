"""Hostile strings in every text field reach the served page inert: shown literally, never run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.escape import inert, safe_url
from tests.conftest import OfflinePage, Server, run_cli
from tests.support.hostile import HOSTILE, HOSTILE_URL, hostile, hostile_folder
from tests.support.mapdriver import RERUN_TIMEOUT_MS, map_frame, open_dashboard


@pytest.mark.parametrize("text", [*HOSTILE, HOSTILE_URL])
def test_inert_leaves_no_markup_and_no_template_syntax(text: str) -> None:
    out = inert(text)
    assert not set("<>`$\\\"'") & set(out)
    assert safe_url(text) is None or text.startswith("http")


@pytest.fixture(scope="module")
def hostile_server(start_server: Callable[..., Server], tmp_path_factory: pytest.TempPathFactory) -> Server:
    """The dashboard serving the hostile folder."""
    return start_server(hostile_folder(tmp_path_factory.mktemp("hostile")))


def _assert_nothing_ran(offline_page: OfflinePage, dialogs: list[str]) -> None:
    page = offline_page.page
    assert dialogs == []
    assert offline_page.console_errors == []
    for where in (page.locator("body"), map_frame(page).locator("body")):
        assert where.evaluate("() => window.__pwned === undefined")
        assert where.evaluate("() => document.querySelectorAll('#pwned, img[onerror]').length") == 0
    assert offline_page.outside == []


def test_hostile_records_show_literally_and_run_nothing(
    hostile_server: Server, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    frame = open_dashboard(page, hostile_server.url)
    page.get_by_text("Data problems (0)").wait_for()  # every hostile row is valid data

    for record_id, name in (("hostile-unrest", hostile(6)), ("hostile-site", hostile(4))):
        target = frame.locator(f".record-{record_id}").first
        target.hover()
        expect(frame.get_by_role("tooltip", name=name, exact=True)).to_be_visible()
        target.click()
        details = page.get_by_role("region", name="Record details")
        expect(details).to_have_attribute("data-record", record_id, timeout=RERUN_TIMEOUT_MS)
        expect(details.get_by_role("heading", name=name, exact=True)).to_be_visible()

    details = page.get_by_role("region", name="Record details")
    expect(details.get_by_text(hostile(5), exact=True)).to_be_visible()  # the hours field
    item = details.locator("li[data-source='hostile-source']")
    expect(item).to_contain_text(hostile(1))
    expect(item).to_contain_text(hostile(0))
    expect(item.get_by_role("link")).to_have_count(0)  # javascript: is text, never a link
    expect(item).to_contain_text(HOSTILE_URL)
    _assert_nothing_ran(offline_page, dialogs)


def test_template_syntax_in_map_text_is_never_evaluated_on_the_server() -> None:
    """Even text that skipped `inert` reaches the page unevaluated through our map elements."""
    import folium

    from dashboard.map.compact import Circle, CompactLayer, Shapes

    fmap = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="g").add_to(fmap)
    CompactLayer(Shapes(circles=[Circle(1, 1, 5, "#000", 1, "#fff", 1, "X{{ 6*7 }}Y", "c")])).add_to(group)
    html = fmap.get_root().render()
    assert "X{{ 6*7 }}Y" in html and "X42Y" not in html


def test_hostile_records_stay_inert_in_the_exported_html_map(
    tmp_path: Path, offline_page: OfflinePage
) -> None:
    config = hostile_folder(tmp_path)
    out = tmp_path / "hostile.html"
    done = run_cli("export", "--format", "html", "--date", "2022-01-31", "-o", str(out),
                   env={"DASHBOARD_CONFIG": str(config)})
    assert done.returncode == 0, done.stderr
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(out.as_uri())
    target = page.locator(".record-hostile-unrest").first
    target.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("heading", name=hostile(6), exact=True)).to_be_visible()
    expect(popup.locator("li[data-source='hostile-source'] a")).to_have_count(0)
    assert dialogs == [] and offline_page.console_errors == []
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.evaluate("() => document.querySelectorAll('#pwned, img[onerror]').length") == 0
