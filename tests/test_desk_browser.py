"""The editors' desk in Chromium, signed in through a real OpenID Connect provider on 127.0.0.1.

The provider is `oidc-provider-mock` (any client id is accepted; a visitor signs in by typing the
address to sign in as). The server reads a secrets.toml written to a temporary folder with `[auth]`
pointing at it, and a config whose `[desk] editors` lists one address; it edits a copy of the bundled
data. Every test here is a `browser` test (it starts a server and Chromium).
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import werkzeug.serving
from playwright.sync_api import Page, expect

from tests.conftest import GEODATA, Server, offline
from tests.support.mapdriver import LOAD_TIMEOUT_MS, RERUN_TIMEOUT_MS, open_dashboard, open_section, wait_idle

EDITOR = "editor@example.org"
READER = "reader@example.org"
FIGURE = "contingent-am-troops-100"  # Armenia's troop figure, 100 in the bundled data
OTHER_FIGURE = "contingent-am-aircraft-3"  # Armenia's flights home, 3 in the bundled data
COLUMNS = {"Figures": ("id", "record", "metric", "value")}  # the first columns the desk shows


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OpenID Connect provider on a free port of 127.0.0.1; its address."""
    import oidc_provider_mock

    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def auth_secrets(provider: str) -> Callable[[str], str]:
    """The secrets.toml of a server at `url` that signs in through `provider`."""
    def secrets_for(url: str) -> str:
        return (f'[auth]\nredirect_uri = "{url}/oauth2callback"\n'
                f'cookie_secret = "{secrets.token_hex(16)}"\n'
                'client_id = "kz-desk-test"\nclient_secret = "kz-desk-test-secret"\n'
                f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
    return secrets_for


def desk_config(folder: Path) -> Path:
    """A config over a copy of the bundled data in `folder`, with one editor; its path."""
    shutil.copytree(GEODATA, folder / "geodata", ignore=shutil.ignore_patterns("gazetteer"))
    config = folder / "config.toml"
    config.write_text(f'[data]\ndir = "geodata"\n[edition]\ndir = "edition"\n'
                      f'[desk]\neditors = ["{EDITOR}"]\n', encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def desk_server(start_server: Callable[..., Server], provider: str,
                tmp_path_factory: pytest.TempPathFactory) -> tuple[Server, Path]:
    """The dashboard with sign-in, on a copy of the data; the server and that copy's folder."""
    folder = tmp_path_factory.mktemp("desk")
    return start_server(desk_config(folder), secrets=auth_secrets(provider)), folder / "geodata"


def sign_in(page: Page, url: str, who: str) -> None:
    """Open the desk and sign in as `who` through the provider's form."""
    page.goto(f"{url.rstrip('/')}/desk", wait_until="domcontentloaded")
    page.get_by_role("button", name="Sign in").click(timeout=LOAD_TIMEOUT_MS)
    page.locator("input[name='sub']").fill(who)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url.rstrip('/')}/**", timeout=LOAD_TIMEOUT_MS)  # back on the site's root
    page.goto(f"{url.rstrip('/')}/desk", wait_until="domcontentloaded")
    expect(page.get_by_text(f"Signed in as {who}")).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def figure_value(folder: Path, figure: str) -> str:
    with (folder / "figures.csv").open(encoding="utf-8", newline="") as handle:
        return next(row["value"] for row in csv.DictReader(handle) if row["id"] == figure)


def edit_cell(page: Page, table: str, needle: str, column: str, value: str) -> None:
    """On the desk: find `needle`, open `table`'s tab and type `value` into `column` of the first row."""
    page.get_by_label("Find rows (an id or any text in them)").fill(needle)
    page.get_by_label("Find rows (an id or any text in them)").press("Enter")
    wait_idle(page)
    page.get_by_role("tab", name=table).click()
    grid = page.locator("[data-testid='stDataFrame']:visible").first
    expect(grid).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    box = grid.bounding_box()
    assert box is not None
    # The grid is drawn on a canvas: select the first row's id cell, move to the column, open the
    # cell's editor, type.
    page.mouse.click(box["x"] + 30, box["y"] + 52)
    page.wait_for_timeout(300)  # the grid takes the focus
    for _ in range(COLUMNS[table].index(column)):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+A")
    page.keyboard.type(value, delay=50)
    page.keyboard.press("Tab")  # commits the cell and stays on its row (Enter would go to the next)
    wait_idle(page)


def retype_last_cell(page: Page, value: str) -> None:
    """Type `value` into the cell `edit_cell` last changed (the grid still has the keyboard)."""
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+A")
    page.keyboard.type(value, delay=50)
    page.keyboard.press("Tab")
    wait_idle(page)


def give_reason(page: Page, reason: str) -> None:
    """Say why, for the log (the change is planned and its correction drafted with it)."""
    page.get_by_label("Why (for the log)").fill(reason)
    page.get_by_label("Why (for the log)").press("Enter")
    wait_idle(page)


def save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    wait_idle(page)


def test_an_editor_changes_a_figure_and_readers_see_it_without_a_restart(
        desk_server: tuple[Server, Path], browser: object) -> None:
    server, folder = desk_server
    editor = offline(browser)
    reader = offline(browser)
    try:
        page = editor.page
        sign_in(page, server.url, EDITOR)
        give_reason(page, "The ministry's later count")
        edit_cell(page, "Figures", FIGURE, "value", "many")
        # The problem is named at its row and field before saving, and Save waits until it is gone.
        expect(page.get_by_text(re.compile(r"figures\.csv, row \d+, value: not a whole"))).to_be_visible(
            timeout=RERUN_TIMEOUT_MS)
        expect(page.get_by_role("button", name="Save", exact=True)).to_be_disabled()
        retype_last_cell(page, "137")
        correction = page.get_by_label("Correction (English)")
        expect(correction).to_contain_text("from 100 to 137", timeout=RERUN_TIMEOUT_MS)
        expect(page.get_by_label("Correction (German)")).to_contain_text("von 100 auf 137")
        save(page)
        expect(page.get_by_text("Saved.")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        assert figure_value(folder, FIGURE) == "137"

        # A reader's map, opened before or after, shows the new value: the data is read by its version.
        open_dashboard(reader.page, server.url)
        frame = reader.page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        frame.locator("path.record-contingent-am").first.dispatch_event("click")
        details = reader.page.get_by_role("region", name="Record details")
        expect(details).to_contain_text("137", timeout=RERUN_TIMEOUT_MS)
        expect(open_section(reader.page, "Tables")).to_contain_text("137", timeout=RERUN_TIMEOUT_MS)
        corrections = open_section(reader.page, "Sources and corrections")
        expect(corrections).to_contain_text("from 100 to 137", timeout=RERUN_TIMEOUT_MS)
        export = reader.page.request.get(
            f"{server.url}/downloads/kz-csto-2022-01-13-AM.csv?format=csv&country=AM&date=2022-01-13"
            "&lang=en&raw=1")
        assert export.ok
        rows = list(csv.DictReader(io.StringIO(export.text())))
        assert any("137" in ",".join(row.values()) for row in rows)
    finally:
        editor.page.context.close()
        reader.page.context.close()


@pytest.mark.parametrize("who", [READER, None])
def test_a_reader_signed_in_or_not_can_neither_see_nor_call_a_save(
        desk_server: tuple[Server, Path], browser: object, who: str | None) -> None:
    server, folder = desk_server
    before = (folder / "figures.csv").read_bytes()
    visitor = offline(browser)
    try:
        page = visitor.page
        if who:
            sign_in(page, server.url, who)
            expect(page.get_by_text("not among the editors")).to_be_visible()
        else:
            page.goto(f"{server.url}/desk", wait_until="domcontentloaded")
            expect(page.get_by_text("Editors sign in to change the data.")).to_be_visible(
                timeout=LOAD_TIMEOUT_MS)
        wait_idle(page)
        for name in ("Save", "Publish the edition", "Revert", "Load the latest data (drops unsaved edits)"):
            expect(page.get_by_role("button", name=name)).to_have_count(0)
        expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
        expect(page.get_by_test_id("stDataEditor")).to_have_count(0)
    finally:
        visitor.page.context.close()
    assert (folder / "figures.csv").read_bytes() == before


def test_two_editors_change_one_figure_the_second_sees_the_conflict_and_loses_nothing(
        desk_server: tuple[Server, Path], browser: object) -> None:
    server, folder = desk_server
    first, second = offline(browser), offline(browser)
    try:
        for visitor in (first, second):  # both open the figure before either saves
            sign_in(visitor.page, server.url, EDITOR)
            edit_cell(visitor.page, "Figures", OTHER_FIGURE, "value", "4" if visitor is first else "5")
            give_reason(visitor.page, "Recounted")
        save(first.page)
        expect(first.page.get_by_text("Saved.")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        assert figure_value(folder, OTHER_FIGURE) == "4"

        page = second.page
        page.get_by_label("Why (for the log)").fill("Recounted again")  # any step shows the conflict
        page.get_by_label("Why (for the log)").press("Enter")
        expect(page.get_by_text("Your edit and the data now")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        expect(page.get_by_role("button", name="Save", exact=True)).to_be_disabled()
        assert figure_value(folder, OTHER_FIGURE) == "4"  # the first editor's value stands
        page.get_by_role("button", name="Re-apply my edit to the current data").click()
        wait_idle(page)
        give_reason(page, "Recounted again")
        expect(page.get_by_label("Correction (English)")).to_contain_text("from 4 to 5",
                                                                          timeout=RERUN_TIMEOUT_MS)
        save(page)
        expect(page.get_by_text("Saved.")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        assert figure_value(folder, OTHER_FIGURE) == "5"
        history = [row for row in csv.DictReader(io.StringIO((folder / "updates.csv").read_text("utf-8")))
                   if row.get("editor") == EDITOR and OTHER_FIGURE in row.get("touched", "")]
        assert len(history) == 2  # both saves are logged: nothing was lost
    finally:
        first.page.context.close()
        second.page.context.close()


def test_a_local_run_without_sign_in_edits_on_the_desk(server: Server, offline_page: object) -> None:
    """The shared server listens on 127.0.0.1 alone, with no [auth]: the desk is open to this machine."""
    page = offline_page.page
    page.goto(f"{server.url.rstrip('/')}/desk", wait_until="domcontentloaded")
    expect(page.get_by_text("A local run")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_role("button", name="Publish the edition")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
