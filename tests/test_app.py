"""The Streamlit page, headless (AppTest) and served for real in Chromium."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import APP, GEODATA, OfflinePage, Server

TITLE = "Kazakhstan, January 2022"


def test_page_runs_and_counts_the_bundled_records() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    assert TITLE in at.title[0].value
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Location records"] == str(len(pd.read_csv(GEODATA / "records.csv")))
    assert metrics["Cited sources"] == str(len(pd.read_csv(GEODATA / "sources.csv")))
    assert at.success  # no data problems on the bundled folder


def test_served_dashboard_renders_offline_in_chromium(server: Server, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.goto(server.url, wait_until="domcontentloaded")
    page.get_by_role("heading", name=TITLE).first.wait_for(timeout=60_000)
    page.get_by_text("Every row of the data folder loaded.").wait_for(timeout=30_000)
    assert offline_page.outside == []
