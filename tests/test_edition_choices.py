"""What the published edition says of a choice of countries is what the app's scene of that view says:
the text alternative and the source line under the map, the legend's note on the countries shaded by
unofficial figures, the unrest panel's "none reported". The edition holds the words for every choice,
made in Python; the page looks up the one for the countries chosen."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from playwright.sync_api import expect

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.scene import View, scene
from dashboard.scene.edition import choices
from dashboard.view.grammar import COUNTRIES
from dashboard.view.status import FINAL_DAY, STOPS
from tests.conftest import GEODATA, OfflinePage
from tests.support.edition import open_edition

# (countries, date, language): one country, the host alone, two contributors, none, all, the final figures.
VIEWS = [(("RU",), dt.date(2022, 1, 13), "en"), (("KZ",), dt.date(2022, 1, 6), "de"),
         (("AM", "BY"), dt.date(2022, 1, 15), "en"), ((), dt.date(2022, 1, 13), "en"),
         (COUNTRIES, dt.date(2022, 1, 8), "de"), (("TJ", "KG"), FINAL_DAY, "de")]
SHADING = re.compile(r'class="shading-note"[^>]*>([^<]*)<')


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


@pytest.mark.slow  # some 200 scenes
def test_a_scene_words_every_choice_as_the_scene_of_that_choice(data: Dataset) -> None:
    """`Scene.texts_of` and `source_lines_of` (from the rows of the view of every country) give, for every
    choice and none, the text alternative and the source line the scene of that choice gives: on a few
    days, in both languages."""
    offered = [(), *choices()]
    for day, lang in ((STOPS[0], "en"), (dt.date(2022, 1, 13), "de"), (FINAL_DAY, "en")):
        every = scene(data, View(COUNTRIES, day, lang=lang))
        texts, lines = every.texts_of(offered), every.source_lines_of(offered)
        assert set(texts) == set(lines) == set(offered)
        for chosen in offered:
            alone = scene(data, View(chosen, day, lang=lang))
            assert (texts[chosen], lines[chosen]) == (alone.text, alone.furniture.sources), (day, chosen)
    assert len(set(lines.values())) > 2  # the choices' source lines differ


def test_the_legend_words_the_shading_note_for_each_choice_of_the_countries_it_names(data: Dataset) -> None:
    every = scene(data, View(COUNTRIES, dt.date(2022, 1, 13)))
    (note,) = re.findall(r'class="shading-note" data-countries="([^"]+)" data-texts="([^"]+)"', every.legend)
    named = note[0].split()
    assert len(named) > 1 and named == list(every.reported)
    texts = json.loads(note[1].replace("&#34;", '"').replace("&quot;", '"'))
    for code in named:  # one country: the note the app's legend gives for a view of that country alone
        alone = scene(data, View((code,), dt.date(2022, 1, 13)))
        assert SHADING.findall(alone.legend) == [texts[code]]


@pytest.mark.parametrize(("countries", "day", "lang"), VIEWS)
def test_the_edition_says_of_a_choice_what_the_app_says_of_that_view(
    countries: tuple[str, ...], day: dt.date, lang: str, data: Dataset, edition: str,
    offline_page: OfflinePage,
) -> None:
    seen = scene(data, View(countries, day, lang=lang))
    page = offline_page.page
    when = "final" if day == FINAL_DAY else day.isoformat()
    open_edition(page, f"{edition}?lang={lang}&date={when}&country={','.join(countries)}")
    expect(page.locator("#alternative")).to_have_text(seen.text)
    expect(page.locator("#source-line")).to_have_text(seen.furniture.sources)
    note = page.locator("#legend .shading-note")
    expected = SHADING.findall(seen.legend)
    if expected:
        expect(note).to_have_text(expected[0])
    elif note.count():
        expect(note).to_be_hidden()
    none = page.locator("#panels .no-unrest")
    expect(none).to_be_visible() if not seen.panels.places else expect(none).to_be_hidden()
    assert offline_page.console_errors == []
