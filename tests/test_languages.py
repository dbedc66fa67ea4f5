"""German and English in the served page: every interface string from the catalogue, numbers and dates
the reader's way, and a language switch that keeps the view."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard.i18n.translator import catalogue
from tests.conftest import OfflinePage, Server
from tests.support.csvdata import drawn_view, table
from tests.support.mapdriver import (
    choose_countries,
    chosen_countries,
    drawn_records,
    eventually,
    map_frame,
    move_date,
    open_dashboard,
    sidebar,
    url_params,
    wait_idle,
)

# Details of the host state open, the last day chosen: the page shows its most text.
FULL_PAGE = "?lang={lang}&record=kazakhstan&date=2022-01-31"
URL = re.compile(r"https?://\S+")


def english_fragments() -> list[str]:
    """The English words of every catalogue entry the German translates differently: each message
    split at its placeholders, fragments of three letters or more, leaving out words German shares
    ("Region", "Link", "Aggregator")."""
    entries = [(str(m.id), str(m.string)) for m in catalogue("de") if m.id]
    german = " ".join(string for _, string in entries)
    fragments = set()
    for msgid, msgstr in entries:
        for part in re.split(r"\{[^}]*\}", msgid):
            part = part.strip(" .,:;()–-")
            if (len(re.sub(r"\W", "", part)) >= 3 and part != msgstr
                    and not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", german, re.IGNORECASE)):
                fragments.add(part)
    return sorted(fragments)


def page_text(page: Page) -> str:
    """What a reader can read on the page: the page, the map frame, and every table's cells and
    headers (the data grid draws on a canvas; its accessible table holds the same text). Left out:
    links, the embed snippet (HTML code: `iframe`, `title`, the link's parameters), and source titles and
    publishers, which are each document's own words in its own language. Every section below the map
    and every folded part is opened first."""
    texts = []
    tabs = page.get_by_role("tab")  # the sections below the map: each one opened in turn
    for n in range(max(tabs.count(), 1)):
        if tabs.count():
            tabs.nth(n).click()
            expect(tabs.nth(n)).to_have_attribute("aria-selected", "true")
        for expander in page.get_by_test_id("stExpander").locator("summary").filter(visible=True).all():
            if expander.get_attribute("aria-expanded") != "true":
                expander.click()
        wait_idle(page)
        texts.append(page.inner_text("body"))
    texts.append(map_frame(page).locator("body").inner_text())
    texts += page.locator("[data-testid='stDataFrame'] table").evaluate_all(
        "tables => tables.map(t => [...t.querySelectorAll('th, td')].map(c => c.textContent).join('\\n'))")
    text = "\n".join(texts)
    for code in page.get_by_test_id("stCode").all_inner_texts():
        if code.lstrip().startswith("<iframe"):
            text = text.replace(code, " ")
    text = URL.sub(" ", text)
    sources = table("sources")
    for own_words in sorted({*sources["title"], *sources["publisher"]}, key=len, reverse=True):
        text = text.replace(own_words, " ")
    return text


def english_in(text: str) -> list[str]:
    """The catalogue's English fragments that occur in `text` as whole words."""
    return [f for f in english_fragments() if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)]


def test_the_german_page_shows_no_english_interface_string(server: Server, offline_page: OfflinePage) -> None:
    page = offline_page.page
    open_dashboard(page, server.url + FULL_PAGE.format(lang="de"))
    expect(page.get_by_role("region", name="Einzelheiten zum Datensatz")).to_be_visible(timeout=20_000)
    german = page_text(page)
    assert len(english_fragments()) > 100
    assert english_in(german) == []
    # The same check on the English page finds the English interface: it can fail.
    open_dashboard(page, server.url + FULL_PAGE.format(lang="en"))
    expect(page.get_by_role("region", name="Record details")).to_be_visible(timeout=20_000)
    assert len(english_in(page_text(page))) > 40
    assert offline_page.outside == []


@pytest.mark.parametrize(("lang", "day", "figure", "cited", "place"), [
    ("de", "31. Januar 2022", "mehr als 10.000", "13.01.2022", "Kasachstan"),
    ("en", "31 January 2022", "more than 10,000", "13 Jan 2022", "Kazakhstan"),
])
def test_numbers_dates_and_names_are_written_the_readers_way(
    server: Server, offline_page: OfflinePage, lang: str, day: str, figure: str, cited: str, place: str,
) -> None:
    """The formats the issue asks for; dpa's "more than 10,000 arrests" of 13 January is in figures.csv."""
    page = offline_page.page
    open_dashboard(page, server.url + FULL_PAGE.format(lang=lang))
    details = page.locator("section.record-details")
    expect(details).to_be_visible(timeout=20_000)
    expect(details.get_by_role("heading", name=place)).to_be_visible()
    expect(details).to_contain_text(f"{figure} (dpa-2022-01-13, {cited})")
    expect(page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first).to_contain_text(day)
    moscow = table("records").set_index("id").loc["moscow"]
    expect(map_frame(page).locator(".record-moscow")).to_have_attribute(
        "aria-label", moscow["name_de"] if lang == "de" else moscow["name"])


def test_switching_language_keeps_countries_and_date(server: Server, offline_page: OfflinePage) -> None:
    page = offline_page.page
    open_dashboard(page, server.url)
    choose_countries(page, ["Armenia"])
    move_date(page, 2)
    expected = {"country": "AM", "date": "2022-01-15"}
    assert eventually(page, lambda: {k: url_params(page).get(k) for k in expected}, expected) == expected
    wait_idle(page)
    sidebar(page).get_by_text("Deutsch", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kasachstan, Januar 2022", timeout=20_000)
    # The link is written a moment after the heading changes: wait for it, as the other tests do.
    wanted_link = {**expected, "lang": "de"}
    after = eventually(page, lambda: {k: url_params(page).get(k) for k in ("country", "date", "lang")},
                       wanted_link)
    assert after == wanted_link
    assert eventually(page, lambda: chosen_countries(page), ["Armenien"]) == ["Armenien"]
    expect(sidebar(page).get_by_role("slider")).to_have_attribute("aria-valuetext", "15. Januar 2022")
    import datetime as dt

    wanted = drawn_view({"AM"}, dt.date(2022, 1, 15))
    assert eventually(page, lambda: drawn_records(page), wanted) == wanted
    assert offline_page.outside == []
