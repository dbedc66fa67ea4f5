"""The unrest panel at any size: the worst-hit places (at most TOP_PLACES), then "and N more places", the
same line in the app and the edition, worded from the page description in both languages; and each
contingent card's bases (at most LISTED, then "and N more") in both. On the bundled data's January days
every place is listed and nothing is added."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from bench.synthetic import write_synthetic
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.render.panels import contingent_html, unlisted_html
from dashboard.scene import View, scene
from dashboard.view import sidebar, status
from dashboard.view.grammar import COUNTRIES
from dashboard.view.tables import LISTED
from tests.conftest import GEODATA, OfflinePage, Server
from tests.support import mapdriver
from tests.support.edition import open_edition, publish_edition, serve_edition
from tests.support.references import unlisted_count

WORDED = {"en": ("and {n} more place", "and {n} more places"),
          "de": ("und {n} weiterer Ort", "und {n} weitere Orte")}


def _worded(lang: str, n: int) -> str:
    singular, plural = WORDED[lang]
    return (singular if n == 1 else plural).format(n=f"{n:,}".replace(",", "." if lang == "de" else ","))


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory, geocoder: Geocoder) -> Dataset:
    """The bundled rows copied to 150 point records (`bench.synthetic`, bundled shape): more than five
    unrest places with tolls, and a contingent with more than LISTED bases."""
    config = write_synthetic(tmp_path_factory.mktemp("grown"), 150, shape="bundled")
    return load_dataset(config.parent / "geodata", geocoder)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_more_than_five_places_end_with_how_many_more_in_the_app_and_the_edition(
    grown: Dataset, lang: str
) -> None:
    view = View(COUNTRIES, status.REPORT_DAY, lang=lang)
    made = scene(grown, view)
    panels = made.panels
    n = unlisted_count(made)  # how many places have tolls beyond those listed, by a plain loop
    assert n > 1 and len(panels.places) == sidebar.TOP_PLACES
    assert panels.unlisted is not None and panels.unlisted.text == _worded(lang, n)
    line = unlisted_html(panels.unlisted)  # what the app's sidebar draws under the places
    assert f">{_worded(lang, n)}</p>" in line
    # The edition's panels of that day (its data's `panels`: the day scene's `panels.html`, each day scene
    # made by `edition_scenes` as `made` is here) end the unrest panel with the same line.
    edition = made.panels.html
    assert edition.count('class="more-places"') == 1
    assert edition.split('aria-labelledby="panel-unrest"')[1].rstrip().endswith(line + "\n</section>")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_card_with_more_bases_than_listed_says_how_many_more_in_the_app_and_the_edition(
    grown: Dataset, lang: str
) -> None:
    panels = scene(grown, View(COUNTRIES, status.REPORT_DAY, lang=lang)).panels
    (card,) = [card for card in panels.contingents if card.more_bases]
    shown = panels.shown
    bases = shown.loc[(shown["layer"] == "troop_origin") & (shown["contingent"] == card.code), "name"]
    more = bases.nunique() - LISTED
    assert more > 0 and len(card.bases) == LISTED
    assert card.more_bases == {"en": f"and {more} more", "de": f"und {more} weitere"}[lang]
    assert f"{card.bases[-1]} {card.more_bases} →" in contingent_html(card, lang)  # the app's card
    assert f"{card.bases[-1]} {card.more_bases} →" in panels.html  # the edition's


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_bundled_data_lists_every_place_in_january_and_one_more_in_the_final_figures(
    geocoder: Geocoder, lang: str
) -> None:
    data = load_dataset(GEODATA, geocoder)
    for day in (status.REPORT_DAY, dt.date(2022, 1, 31)):
        panels = scene(data, View(COUNTRIES, day, lang=lang)).panels
        assert panels.unlisted is None and "more-places" not in panels.html, day
    final = scene(data, View(COUNTRIES, status.FINAL_DAY, lang=lang)).panels
    assert final.unlisted is not None and final.unlisted.text == _worded(lang, 1)  # the singular


def test_the_edition_has_the_line_for_each_choice_of_countries() -> None:
    """Each country's places with a toll known, and the line for every number of places a choice of
    countries leaves out when the first `limit` of its places are listed."""
    shown = pd.DataFrame({"id": [f"p{i}" for i in range(9)], "layer": ["unrest"] * 8 + ["key_site"],
                          "country": ["KZ"] * 5 + ["RU"] * 2 + ["BY", "KZ"]})
    tolls = pd.DataFrame({"record": ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p6", "p7", "p8"]})
    listed = [sidebar.Place(f"p{i}", f"Place {i}", code, ()) for i, code in ((0, "KZ"), (1, "KZ"))]
    line = sidebar.unlisted(shown, tolls, listed, lambda n: f"+{n}", limit=2)
    assert line is not None
    assert line.counts == {"BY": 1, "KZ": 5, "RU": 2}  # p8 is no unrest place
    # Known by a choice: 1, 2, 3, 5, 6, 7 or 8 places, of which 2 at most are listed.
    assert line.text == "+6" and line.texts == {n: f"+{n}" for n in (1, 3, 4, 5, 6)}
    assert sidebar.unlisted(shown, tolls[tolls["record"] == "p0"], listed[:1], str) is None


@pytest.mark.slow  # writes and loads a synthetic set
def test_each_choice_of_countries_finds_its_own_worst_hit_places_among_the_editions(
    tmp_path: Path, geocoder: Geocoder
) -> None:
    """The edition's panel holds each country's first five places (`top_places(each_country=True)`), in
    the order of all; the first five of any choice of countries among them are the five that the app
    lists for a view of those countries (places in many countries: the scattered shape)."""
    config = write_synthetic(tmp_path / "data", 1500, shape="scattered")
    data = load_dataset(config.parent / "geodata", geocoder)
    html = scene(data, View(COUNTRIES, status.FINAL_DAY)).panels.html  # the edition's panels of the day
    candidates = re.findall(r'class="card place" data-record="([^"]+)" data-countries="([A-Z]+)"', html)
    assert len(candidates) > sidebar.TOP_PLACES and len({code for _, code in candidates}) > 2
    for size in (1, 2, 3, len(COUNTRIES)):
        for chosen in itertools.combinations(COUNTRIES, size):
            app = [p.record for p in scene(data, View(chosen, status.FINAL_DAY)).panels.places]
            edition = [rid for rid, code in candidates if code in chosen][:sidebar.TOP_PLACES]
            assert edition == app, chosen


# ---- in the browser -----------------------------------------------------------------------------

def test_the_app_and_the_edition_list_the_same_places_and_line_for_each_choice(
    tmp_path: Path, geocoder: Geocoder, start_server: Callable[..., Server], offline_page: OfflinePage
) -> None:
    """Places in several countries (the scattered shape): for each choice of countries, the edition lists
    the places the app lists for that view, in its order, and ends with the app's line (or none); a
    choice without places says that none were reported."""
    config = write_synthetic(tmp_path / "data", 1000, shape="scattered")
    data = load_dataset(config.parent / "geodata", geocoder)
    final = scene(data, View(COUNTRIES, status.FINAL_DAY)).panels.unlisted
    assert final is not None and len(final.counts) > 1  # places left out in more than one country
    page = offline_page.page
    mapdriver.open_dashboard(page, start_server(config).url + "?date=final")
    expect(mapdriver.sidebar(page).locator(".more-places")).to_have_text(final.text)
    folder = publish_edition(tmp_path / "site", config)
    placeless = [code for code in COUNTRIES if code not in final.counts]
    choices = [COUNTRIES, *((code,) for code in final.counts if code in COUNTRIES), tuple(final.counts)[:2],
               *((code,) for code in placeless[:1])]
    for url in serve_edition(folder):
        for chosen in choices:
            panels = scene(data, View(chosen, status.FINAL_DAY)).panels
            open_edition(page, url + f"?date=final&country={','.join(chosen)}")
            unrest = page.locator("#panels [aria-labelledby='panel-unrest']")
            listed = unrest.locator(".place:visible")
            expect(listed).to_have_count(len(panels.places))
            assert [listed.nth(i).get_attribute("data-record") for i in range(len(panels.places))] == [
                p.record for p in panels.places], chosen
            line = unrest.locator(".more-places")
            if panels.unlisted is None:
                expect(line).to_be_hidden()
            else:
                expect(line).to_have_text(panels.unlisted.text)
            none = unrest.locator(".no-unrest")
            expect(none).to_be_visible() if not panels.places else expect(none).to_be_hidden()
        assert offline_page.console_errors == []
