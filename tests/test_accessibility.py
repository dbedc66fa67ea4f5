"""Accessibility in the real browser: axe-core in both languages, the keyboard alone, a phone screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import OfflinePage, Server
from tests.support.accessibility import blocking, violations
from tests.support.mapdriver import (
    MAP_FRAME,
    chosen_countries,
    drawn_records,
    eventually,
    open_dashboard,
    sidebar,
    url_params,
    wait_idle,
)


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("query", ["", "&record=kazakhstan&date=2022-01-31", "&record=almaty-airport"])
def test_axe_finds_no_serious_or_critical_violation(
    server: Server, offline_page: OfflinePage, lang: str, query: str,
) -> None:
    """The page as it opens, with a country's details and the later figures, with a site's details."""
    page = offline_page.page
    open_dashboard(page, f"{server.url}?lang={lang}{query}")
    if query:
        expect(page.locator("section.record-details")).to_be_visible(timeout=20_000)
    wait_idle(page)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    found = {"page": violations(page), "map": violations(frame)}
    assert {where: blocking(v) for where, v in found.items()} == {"page": [], "map": []}
    assert offline_page.outside == []


def tab_to(page: Page, is_target: str, limit: int = 80) -> None:
    """Press Tab until `is_target` (a JS predicate on the focused element, inside the map frame too)
    holds; fail if it never does."""
    check = f"(el) => {{ while (el && el.contentDocument && el.contentDocument.activeElement) " \
            f"{{ el = el.contentDocument.activeElement; }} return !!el && ({is_target})(el); }}"
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({check})(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached an element where {is_target}")


def test_the_keyboard_alone_changes_countries_date_and_layers(
    server: Server, offline_page: OfflinePage,
) -> None:
    page = offline_page.page
    open_dashboard(page, server.url)
    wait_idle(page)
    page.locator("body").focus()
    # The country filter: Backspace in its input removes the last chosen country (Kyrgyzstan).
    tab_to(page, "e => e.getAttribute('role') === 'combobox' && e.getAttribute('aria-label') === 'Countries'")
    page.keyboard.press("Backspace")
    expect(sidebar(page).get_by_role("button", name="Remove Kyrgyzstan")).to_have_count(0)
    assert eventually(page, lambda: url_params(page).get("country"), "KZ,RU,BY,AM,TJ") == "KZ,RU,BY,AM,TJ"
    assert "KG" not in str(chosen_countries(page))
    # The date: arrow keys on the slider.
    tab_to(page, "e => e.type === 'range' && e.getAttribute('aria-label') === 'As of'")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert eventually(page, lambda: url_params(page).get("date"), "2022-01-16") == "2022-01-16"
    wait_idle(page)
    # A layer: into the map frame, to the layer control's checkbox, Space.
    tab_to(page, "e => e.type === 'checkbox' && e.parentElement.textContent.trim() === 'Unrest sites'", 200)
    page.keyboard.press("Space")
    assert eventually(page, lambda: url_params(page).get("layers"), "countries,emergency,troops,sites") == \
        "countries,emergency,troops,sites"
    assert not any(r.startswith("zhanaozen") for r in drawn_records(page))
    assert offline_page.outside == []


def test_a_390px_phone_shows_the_map_and_reaches_the_sidebar(server: Server, phone_page: OfflinePage) -> None:
    page = phone_page.page
    frame = open_dashboard(page, server.url)
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None and 300 <= box["width"] <= 390 and box["height"] >= 400, box
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 390  # no sideways scrolling
    expect(frame.locator(".leaflet-control-zoom-in")).to_be_visible()
    assert drawn_records(page)
    # The layer switcher is folded into its button so that it does not cover the map; it opens.
    unrest = frame.get_by_role("checkbox", name="Unrest sites")
    expect(unrest).to_be_hidden()
    frame.get_by_role("button", name="Map layers").focus()
    page.keyboard.press("Enter")
    unrest.click()
    assert eventually(page, lambda: url_params(page).get("layers"), "countries,emergency,troops,sites") == \
        "countries,emergency,troops,sites"
    # The sidebar starts folded away on a phone; its button opens it and every control is reachable.
    countries = sidebar(page).get_by_role("combobox", name="Countries")
    expect(countries).not_to_be_in_viewport()
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(countries).to_be_in_viewport()
    sidebar(page).get_by_role("button", name="Remove Kyrgyzstan").click()
    assert eventually(page, lambda: url_params(page).get("country"), "KZ,RU,BY,AM,TJ") == "KZ,RU,BY,AM,TJ"
    thumb = sidebar(page).get_by_test_id("stSliderThumbValue")
    thumb.scroll_into_view_if_needed()
    expect(thumb).to_be_in_viewport()
    sidebar(page).get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")
    assert eventually(page, lambda: url_params(page).get("date"), "2022-01-12") == "2022-01-12"
    assert phone_page.outside == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 390])
def test_axe_finds_no_serious_or_critical_violation_in_either_scheme_at_either_width(
    server: Server, browser: object, scheme: str, width: int,
) -> None:
    """The page as it opens, with a country's details open, in the reader's light and dark scheme, on a
    wide screen and a phone: the panels take their colours from the same schemes as the map."""
    from tests.conftest import offline

    wrapped = offline(browser, width, 900 if width > 390 else 844, color_scheme=scheme)
    page = wrapped.page
    try:
        open_dashboard(page, f"{server.url}?record=kazakhstan")
        expect(page.locator("section.record-details")).to_be_visible(timeout=20_000)
        wait_idle(page)
        found = blocking(violations(page))
        assert found == [], "\n".join(node for v in found for node in v["nodes"])
        assert wrapped.outside == []
    finally:
        page.context.close()

