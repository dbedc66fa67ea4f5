"""The page description (dashboard/scene/page.py): a section added there appears in the app's tabs and
in the edition's data, in the description's order, with its heading and texts in each language."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.i18n import Translator
from dashboard.scene.page import APP, EDITION, PAGE, Page, Section, page_words
from tests.conftest import GEODATA

# A section the page has no renderer of its own for, after the charts. Its words are messages the
# catalogue holds, so the German page shows them translated.
ADDED = Section("added", "Sources", texts={"note": "Every row of the data folder loaded."})


def with_added(page: Page = PAGE) -> Page:
    """The page with ADDED after its charts."""
    at = [section.key for section in page.sections].index("charts") + 1
    return dataclasses.replace(page, sections=(*page.sections[:at], ADDED, *page.sections[at:]))


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def _app_tabs(lang: str, added: bool) -> None:  # an AppTest script: imports inside
    import dataclasses

    import streamlit as st

    from dashboard.i18n import Translator
    from dashboard.scene.page import PAGE, Section
    from dashboard.screens import sections

    page = PAGE
    if added:
        at = [section.key for section in page.sections].index("charts") + 1
        extra = Section("added", "Sources", texts={"note": "Every row of the data folder loaded."})
        page = dataclasses.replace(page, sections=(*page.sections[:at], extra, *page.sections[at:]))
    keys = [section.key for section in page.sections_in("app")]
    # Each section the app draws itself, named; the added one is left to the generic renderer.
    sections.drawn(page, Translator(lang), {key: (lambda key=key: st.write(f"drawn: {key}"))
                                for key in keys if key != "added"})


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_section_added_to_the_description_is_a_tab_of_the_app(lang: str) -> None:
    tr = Translator(lang)
    before = AppTest.from_function(_app_tabs, kwargs={"lang": lang, "added": False})
    before.run()
    after = AppTest.from_function(_app_tabs, kwargs={"lang": lang, "added": True})
    after.run()
    assert not before.exception and not after.exception
    labels = [tab.label for tab in after.tabs]
    assert labels == [tr(section.heading_in(APP)) for section in with_added().sections_in(APP)]
    assert [tab.label for tab in before.tabs] == [label for label in labels if label != tr("Sources")]
    assert labels.index(tr("Sources")) == labels.index(tr("Charts")) + 1
    assert labels[:3] == [tr("Chronology"), tr("Charts"), tr("Sources")]


def test_the_apps_generic_section_shows_its_texts() -> None:
    """A section first in the description opens first; with no renderer of its own it shows its texts."""
    def script() -> None:
        import streamlit as st

        from dashboard.i18n import Translator
        from dashboard.scene.page import PAGE, Section
        from dashboard.screens import sections

        page = PAGE
        first = Section("added", "Sources", texts={"note": "Every row of the data folder loaded."})
        sections.drawn(type(page)(page.title, page.words, page.panels, (first, *page.sections)),
                       Translator("de"),
                       {key: (lambda key=key: st.write(key)) for key in ("chronology", "charts")})

    app = AppTest.from_function(script)
    app.run()
    assert not app.exception
    assert app.tabs[0].label == Translator("de")("Sources")
    assert Translator("de")("Every row of the data folder loaded.") in [m.value for m in app.markdown]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_section_added_to_the_description_is_in_the_editions_words(lang: str) -> None:
    """What the edition hands its page: the sections (key, heading, texts) in the description's order,
    and every word by key for the page's modules."""
    tr = Translator(lang)
    words = page_words(with_added(), EDITION, tr)
    keys = [section["key"] for section in words["sections"]]
    assert keys == ["chronology", "charts", "added", "tables", "data", "share", "corrections"]
    assert words["sections"][2] == {"key": "added", "heading": tr("Sources"),
                                    "texts": {"note": tr("Every row of the data folder loaded.")},
                                    "tables": {}, "columns": {}, "downloads": []}
    assert words["text"]["added"] == tr("Sources")
    assert words["text"]["data"] == tr("Get the data") and words["text"]["tables"] == tr("Tables and sources")
    # Where both front ends show a section, the app's tabs and the edition's sections share its order.
    both = [s.key for s in PAGE.sections if APP in s.shown_in and EDITION in s.shown_in]
    assert [k for k in keys if k in both] == [s.key for s in PAGE.sections_in(APP) if s.key in both]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_scenes_tables_have_the_columns_the_description_says(lang: str, data: Dataset) -> None:
    """The tables as the reader sees them (helper columns: `__key`, `…__title`, `…__href` left out)."""
    from dashboard.scene import View, scene

    tr = Translator(lang)
    panels = scene(data, View(("KZ", "RU"), dt.date(2022, 1, 14), lang=lang)).panels
    for key, names in PAGE.section("tables").columns.items():
        shown = [name for name in getattr(panels, key).columns if "__" not in name]
        assert shown == [tr(name) for name in names], key


@pytest.mark.slow
def test_the_edition_data_carries_the_sections_of_the_page_it_is_given(data: Dataset) -> None:
    """`edition_data` (every day's scene: slow) renders the sections of the page description it is given."""
    from dashboard.publish.edition import edition_data
    from dashboard.scene.edition import edition_scenes

    tr = Translator("de")
    edition = edition_data(edition_scenes(data, ("de",)), "de", lambda name, _value: name, page=with_added())
    assert {key: edition[key] for key in ("text", "sections")} == page_words(with_added(), EDITION, tr)
