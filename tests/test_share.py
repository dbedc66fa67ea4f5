"""Sharing: links that restore the view, a sub-path deployment, and exports of exactly what is shown."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from playwright.sync_api import expect
from shapely.geometry import shape
from streamlit.testing.v1 import AppTest

from dashboard.export import formats
from tests.conftest import APP, OfflinePage, Server, run_cli
from tests.support.csvdata import ALL_CODES, drawn_view, table, view_records
from tests.support.mapdriver import (
    RERUN_TIMEOUT_MS,
    choose_countries,
    chosen_countries,
    drawn_records,
    eventually,
    map_view,
    move_date,
    open_dashboard,
    open_section,
    open_share,
    records_in,
    settled_view,
    url_params,
    wait_idle,
    wait_until,
)

ALL_COUNTRIES = ["Kazakhstan", "Russia", "Belarus", "Armenia", "Tajikistan", "Kyrgyzstan"]
DAY = dt.date(2022, 1, 14)


# ---- links --------------------------------------------------------------------------------------

def test_a_link_restores_filters_date_layers_record_and_map_position(
    server: Server, offline_page: OfflinePage, browser: object
) -> None:
    page = offline_page.page
    frame = open_dashboard(page, server.url)
    choose_countries(page, ["Armenia", "Belarus"])
    move_date(page, 1)
    expect(caption(page, "As of 14 January 2022")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    frame.get_by_role("checkbox", name="Key sites").uncheck()
    frame.locator("path.record-am-zvartnots:not([fill='none'])").click()
    expect(page.get_by_role("region", name="Record details")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    frame.get_by_role("button", name="Zoom in").click()
    page.wait_for_timeout(500)
    box = frame.locator(".leaflet-container").bounding_box()
    page.mouse.move(box["x"] + 300, box["y"] + 300)
    page.mouse.down()
    page.mouse.move(box["x"] + 420, box["y"] + 240, steps=8)
    page.mouse.up()
    lat, lon, zoom = settled_view(page)

    wanted = {"country": "BY,AM", "date": "2022-01-14", "layers": "countries,emergency,troops,unrest",
              "record": "am-zvartnots", "zoom": str(zoom)}
    assert wait_until(page, lambda: wanted.items() <= url_params(page).items()), url_params(page)
    assert wait_until(page, lambda: url_params(page).get("center") == f"{lat:.4f},{lon:.4f}")
    link = page.url
    open_share(page)

    def copy_box() -> tuple[object, dict]:  # the "copy link" box, which shows the same link
        shown_link = urlparse(page.locator(".st-key-view-link").get_by_test_id("stCode").inner_text().strip())
        return shown_link._replace(query=""), parse_qs(shown_link.query)

    same_link = (urlparse(link)._replace(query=""), parse_qs(urlparse(link).query))
    assert eventually(page, copy_box, same_link) == same_link

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        fresh = context.new_page()
        fresh_frame = open_dashboard(fresh, link)
        assert eventually(fresh, lambda: chosen_countries(fresh), ["Belarus", "Armenia"]) == [
            "Belarus", "Armenia"]
        expect(caption(fresh, "As of 14 January 2022")).to_be_visible()
        expect(fresh_frame.get_by_role("checkbox", name="Key sites")).not_to_be_checked()
        expect(fresh_frame.get_by_role("checkbox", name="Unrest")).to_be_checked()
        expected = drawn_view({"AM", "BY"}, DAY, {"countries", "troops", "unrest"})
        assert eventually(fresh, lambda: drawn_records(fresh), expected) == expected
        details = fresh.get_by_role("region", name="Record details")
        expect(details).to_have_attribute("data-record", "am-zvartnots")
        new_lat, new_lon, new_zoom = map_view(fresh)
        assert new_zoom == zoom
        assert abs(new_lat - lat) < 1e-3 and abs(new_lon - lon) < 1e-3
    finally:
        context.close()
    assert offline_page.outside == []


HOSTILE_LINKS = [
    ("country=XX&date=banana&record=../../etc/passwd",
     ["country: ignored XX", "date: ignored banana", "record: ignored"], ALL_COUNTRIES),
    ("country=AM&country=BY&foo=bar", ["given 2 times", "unknown parameter foo"], ["Armenia"]),
    ("layers=<script>alert(1)</script>&zoom=999&center=javascript:alert(2)",
     ["layers: ignored", "zoom: ignored 999", "center: ignored"], ALL_COUNTRIES),
    ("record=" + "a" * 5000 + "&lang=%3Cimg%20src%3Dx%20onerror%3Dalert(3)%3E",
     ["5000 characters", "lang: ignored"], ALL_COUNTRIES),
]


@pytest.mark.parametrize(("query", "notices", "chips"), HOSTILE_LINKS)
def test_a_hostile_link_shows_notices_and_applies_the_rest(
    server: Server, offline_page: OfflinePage, query: str, notices: list[str], chips: list[str]
) -> None:
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_start = len(server.log.read_text())
    open_dashboard(page, f"{server.url}/?{query}")
    expect(page.get_by_text("Parts of the link were ignored")).to_be_visible()
    for part in notices:
        expect(page.get_by_text(part)).to_be_visible()
    assert chosen_countries(page) == chips
    expect(caption(page, "As of 13 January 2022")).to_be_visible()
    expect(page.get_by_role("region", name="Record details")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert dialogs == []
    # The app logged no exception while this page ran (Streamlit logs app errors this way).
    assert "Uncaught app exception" not in server.log.read_text()[log_start:]
    assert offline_page.outside == []


@pytest.mark.parametrize(("query", "notice"), [
    ("country=XX&date=banana&record=../../etc/passwd", "record: ignored"),
    ("country=AM&country=BY", "given 2 times"),
    ("foo=1", "unknown parameter foo"),
    ("date=2022-02-30", "date: ignored"),
    ("date=2021-12-31", "outside"),
    ("zoom=99&center=400,1", "zoom: ignored 99"),
    ("layers=<script>alert(1)</script>", "layers: ignored scriptalert1/script"),
    ("record=" + "a" * 5000, "5000 characters"),
])
def test_bad_links_in_apptest_give_notices_not_exceptions(query: str, notice: str) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params.update(parse_qs(query, keep_blank_values=True))
    at.run()
    assert not at.exception
    assert notice in at.warning[0].value


def test_a_good_link_in_apptest_sets_the_widgets() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params.update({"country": "AM,by", "date": "2022-01-20", "layers": "unrest"})
    at.run()
    assert not at.exception
    assert at.multiselect(key="countries-en").value == ["BY", "AM"]
    assert at.select_slider(key="as_of-en").value == dt.date(2022, 1, 20)
    assert not at.warning


# ---- deployment under a sub-path ---------------------------------------------------------------

def test_sub_path_deployment_renders_offline(
    start_server: Callable[..., Server], offline_page: OfflinePage
) -> None:
    server = start_server(None, base_path="kz-map")
    assert server.url.endswith("/kz-map/")
    page = offline_page.page
    frame = open_dashboard(page, server.url)
    assert drawn_records(page) == drawn_view(ALL_CODES, dt.date(2022, 1, 13))
    scripts = frame.locator("script[src]").evaluate_all("els => els.map(e => e.getAttribute('src'))")
    leaflet = [src for src in scripts if "leaflet" in src]
    assert leaflet and all(src.startswith("/kz-map/app/static/vendor/") for src in leaflet), scripts
    # The export addresses honour the sub-path too.
    open_section(page, "Export")
    link = page.get_by_role("navigation", name="Download").get_by_role("link", name="CSV", exact=True)
    assert link.get_attribute("href").startswith("/kz-map/downloads/kz-csto-2022-01-13-")
    assert _downloaded(page, "CSV") == _export("csv")
    assert offline_page.outside == []
    assert offline_page.console_errors == []


# ---- exports ------------------------------------------------------------------------------------

def _export(fmt: str, *args: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "export"
        done = run_cli("export", "--format", fmt, *args, "-o", str(out))
        assert done.returncode == 0, done.stderr
        return out.read_bytes()


def test_geojson_export_holds_armenia_only_with_sources() -> None:
    collection = json.loads(_export("geojson", "--country", "AM", "--date", "2022-01-14"))
    assert collection["type"] == "FeatureCollection"
    records = table("records").set_index("id")
    ids = [f["id"] for f in collection["features"]]
    assert set(ids) == view_records({"AM"}, DAY) and len(ids) == len(set(ids))
    for feature in collection["features"]:
        geometry = shape(feature["geometry"])
        assert geometry.geom_type == "Point" and geometry.is_valid
        lon, lat = feature["geometry"]["coordinates"]
        assert -90 <= lat <= 90 and -180 <= lon <= 180
        row = records.loc[feature["id"]]
        assert "AM" in (row["country"], row["contingent"])
        cited = {s["id"] for s in feature["properties"]["sources"]}
        assert set(row["sources"].split(";")) <= cited
        assert all(s["publisher"] and s["reliability"] for s in feature["properties"]["sources"])


def test_csv_export_holds_the_same_rows_as_geojson(tmp_path: Path) -> None:
    args = ("--country", "AM", "--date", "2022-01-14")
    geo_ids = [f["id"] for f in json.loads(_export("geojson", *args))["features"]]
    out = tmp_path / "view.csv"
    done = run_cli("export", "--format", "csv", *args, "-o", str(out))
    assert done.returncode == 0, done.stderr
    exported = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(exported["id"]) == geo_ids
    assert (exported["source_details"] != "").all()
    columns = list(table("records").columns)  # the documented records.csv columns, first
    assert list(exported.columns[: len(columns)]) == columns


def test_bad_export_arguments_exit_2_with_a_message() -> None:
    done = run_cli("export", "--format", "csv", "--country", "XX", "--date", "banana")
    assert done.returncode == 2
    assert "country: ignored XX" in done.stderr and "date: ignored banana" in done.stderr
    assert done.stdout == ""


def test_download_buttons_give_the_same_bytes_as_the_command_line(
    server: Server, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    open_dashboard(page, server.url)
    choose_countries(page, ["Armenia"])
    move_date(page, 1)
    expect(caption(page, "As of 14 January 2022")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    open_section(page, "Export")
    expect(page.get_by_text("records with their sources")).to_contain_text(
        str(len(view_records({"AM"}, DAY))), timeout=RERUN_TIMEOUT_MS)
    view = ("--country", "AM", "--date", "2022-01-14")
    for fmt, (spec, _) in formats().items():
        assert _downloaded(page, spec.label) == _export(fmt, *view), fmt
    # The raw switch: CSV files untouched, as `--raw` writes them.
    raw = page.get_by_role("checkbox", name="Raw CSV for pipelines", exact=False)
    page.get_by_text("Raw CSV for pipelines").click()
    expect(raw).to_be_checked(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    for fmt in ("csv", "folder"):
        assert _downloaded(page, formats()[fmt][0].label) == _export(fmt, *view, "--raw"), fmt
    assert offline_page.outside == []


def caption(page: object, text: str) -> object:
    """The page's caption under the title that holds `text` ("As of 14 January 2022")."""
    return page.get_by_test_id("stCaptionContainer").get_by_text(text)


def _downloaded(page: object, label: str, timeout_ms: int = 20_000) -> bytes:
    """Click the export link `label` and return the whole file it yields."""
    with page.expect_download(timeout=timeout_ms) as info:
        page.get_by_role("navigation", name="Download").get_by_role("link", name=label, exact=True).click()
    return Path(info.value.path()).read_bytes()


PAN = """() => {
    // Pan the map back and forth, 60 px every 400 ms: each move reports the map's bounds to the app
    // (streamlit-folium waits for 250 ms of calm first), which reruns the map's fragment.
    let step = 0;
    window.__kzPanning = setInterval(() => {
        window.map.panBy([step++ % 20 < 10 ? 60 : -60, 0], {animate: false});
    }, 400);
}"""


def test_every_click_on_an_export_button_yields_its_file_while_the_map_pans(
    server: Server, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    frame = open_dashboard(page, server.url)
    choose_countries(page, ["Armenia"])
    move_date(page, 1)
    expect(caption(page, "As of 14 January 2022")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    view = ("--country", "AM", "--date", "2022-01-14")
    expected = {fmt: _export(fmt, *view) for fmt in formats()}
    open_section(page, "Export")
    wait_idle(page)
    frame.locator("body").evaluate(PAN)
    centres = set()
    try:
        for fmt, (spec, _) in formats().items():
            for click in range(20):
                assert _downloaded(page, spec.label) == expected[fmt], (fmt, click)
                centres.add(url_params(page).get("center"))
                # Chromium refuses a page's downloads beyond about ten a second (see
                # https://github.com/chromedp/chromedp/issues/791); no reader clicks that fast.
                page.wait_for_timeout(150)
    finally:
        frame.locator("body").evaluate("() => clearInterval(window.__kzPanning)")
    # The map really moved, and its fragment reran, between the clicks: the link followed it.
    assert len(centres) >= 5, centres
    assert offline_page.outside == []


def test_exported_html_map_opens_from_disk_with_the_same_layers(
    tmp_path: Path, offline_page: OfflinePage
) -> None:
    out = tmp_path / "armenia.html"
    done = run_cli("export", "--format", "html", "--country", "AM", "--date", "2022-01-14", "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = offline_page.page
    page.goto(out.as_uri())
    expected = drawn_view({"AM"}, DAY)
    assert eventually(page, lambda: records_in(page), expected) == expected
    for layer in ("Countries", "Troop origins", "Unrest", "Key sites"):
        expect(page.get_by_role("checkbox", name=layer)).to_be_checked()
    expect(page.get_by_text("Legend", exact=True)).to_be_visible()
    # Zoom in on the airport as a reader would: at the opening zoom Yerevan's marker lies on the base.
    base = page.locator("path.record-am-zvartnots:not([fill='none'])")
    page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.setView([40.14722, 44.39583], 11, {animate: false});
    }""")
    base.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("heading", name="Zvartnots International Airport")).to_be_visible()
    expect(popup.locator("li[data-source]").first).to_be_visible()
    assert offline_page.outside == []
    assert offline_page.console_errors == []


def test_an_export_address_gives_the_file_or_says_what_is_wrong(server: Server) -> None:
    """The server answers export addresses itself: the same bytes as the command line, or 400."""
    base = server.url.rstrip("/")
    good = f"{base}/downloads/kz-csto-2022-01-14-AM.csv?format=csv&country=AM&date=2022-01-14&lang=en&raw=1"
    with urllib.request.urlopen(good, timeout=60) as answer:
        assert answer.headers["Content-Disposition"] == 'attachment; filename="kz-csto-2022-01-14-AM.csv"'
        assert answer.read() == _export("csv", "--country", "AM", "--date", "2022-01-14", "--raw")
    bad = f"{base}/downloads/x.csv?format=exe&country=XX&raw=yes"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(bad, timeout=60)
    assert refused.value.code == 400
    reasons = refused.value.read().decode()
    assert "format: one of csv, geojson, html, folder" in reasons and "raw: 0 or 1" in reasons
    assert "country: ignored XX" in reasons
