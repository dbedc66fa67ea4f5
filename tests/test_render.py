"""The HTML the dashboard renders and the layers it builds, called directly; expectations from the CSVs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from markupsafe import escape

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.geo.geoparser import Mention
from dashboard.i18n import Translator
from dashboard.map.layers import layers
from dashboard.render.details import details_html
from dashboard.render.highlight import highlight_html
from dashboard.render.legend import legend_html
from dashboard.view.details import record_words
from dashboard.view.selection import select
from dashboard.view.wording import localised
from dashboard.vocabulary import GROUPS, KINDS, LAYERS
from tests.conftest import GEODATA
from tests.support.csvdata import ALL_CODES, drawn_view, table, undrawn

RECORD_CLASS = re.compile(r"record-([a-z0-9][a-z0-9_-]*)")


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_details_list_the_record_its_figures_and_every_source_it_cites(data: Dataset, lang: str) -> None:
    records = table("records").set_index("id")
    figures = table("figures")
    rid = "contingent-am"
    record = localised(data.records, lang).set_index("id").loc[rid]
    html = details_html(record_words(record, data.figures, data.sources, Translator(lang)))
    column = f"name_{lang}" if f"name_{lang}" in records.columns else "name"
    name = records.loc[rid, column]
    assert f"<h3>{name}</h3>" in html and f'data-record="{rid}"' in html
    cited = set(records.loc[rid, "sources"].split(";"))
    cited |= {s for cell in figures.loc[figures["record"] == rid, "sources"] for s in cell.split(";")}
    assert set(re.findall(r'data-source="([^"]+)"', html)) == cited
    assert html.count("<li>") == (figures["record"] == rid).sum()  # one item per figure


def test_a_source_without_a_date_is_cited_without_one(data: Dataset) -> None:
    """sources.csv may leave `date` empty (a reference page): the citation then names no date."""
    sources = table("sources").set_index("id")
    records = table("records")
    undated = set(sources.index[sources["date"] == ""])
    rid = next(r.id for r in records.itertuples() if undated & set(r.sources.split(";")))
    html = details_html(record_words(data.records.set_index("id").loc[rid], data.figures, data.sources,
                                     Translator()))
    for sid in undated & set(records.set_index("id").at[rid, "sources"].split(";")):
        publisher = re.escape(str(escape(sources.at[sid, "publisher"])))
        cited = re.search(rf"– {publisher}(.*?)\[{re.escape(sid)}\]", html)
        assert cited and cited[1].startswith(";") and "None" not in cited[1], (sid, cited)


def test_details_escape_data(data: Dataset) -> None:
    record = data.records.set_index("id").loc["contingent-am"].copy()
    record["name"] = "<script>alert(1)</script>"
    html = details_html(record_words(record, data.figures, data.sources, Translator()))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_legend_has_a_section_per_visible_group_and_an_entry_per_kind() -> None:
    html = legend_html("en", ["unrest", "sites"])
    assert re.findall(r'class="legend-([a-z]+)"', html) == ["unrest", "sites"]
    for kind in LAYERS["unrest"].kinds:
        assert f"<span>{KINDS[kind].capitalize()}</span>" in html
    assert "All layers are switched off." in legend_html("en", [])
    assert "Legende" in legend_html("de")


def test_the_layer_builder_draws_every_record_of_a_view_once_in_its_group(data: Dataset) -> None:
    day = dt.date(2022, 1, 14)
    selection = select(data, ALL_CODES, day)
    built = layers(selection.records, data.records, {}, visible=["countries", "unrest"])
    assert [g.layer_name for g in built.groups] == [GROUPS[k].label for k in GROUPS]
    script = "".join(_script(g) for g in built.groups)
    assert not undrawn(ALL_CODES, day)  # no crowded point in the bundled data: every site drawn (issue 25)
    assert set(RECORD_CLASS.findall(script)) == drawn_view(ALL_CODES, day)
    assert set(built.tooltip_ids.values()) == drawn_view(ALL_CODES, day)
    hidden = [g.layer_name for g in built.groups if not g.show]
    assert hidden == [GROUPS[k].label for k in GROUPS if k not in ("countries", "unrest")]


def _script(group: object) -> str:
    import folium

    fmap = folium.Map(tiles=None)
    group.add_to(fmap)
    return fmap.get_root().render()


def test_highlights_mark_each_mention_and_escape_the_text() -> None:
    text = "Truppen in <Almaty>.\n\nZweiter Absatz"
    start = text.index("Almaty")
    mention = Mention("Almaty", start, start + 6, "Almaty", "KZ", 43.25, 76.9, "city", "city", "name", 0.9)
    html = highlight_html(text, [mention])
    assert html.count("<p>") == 2 and "&lt;" in html and "<Almaty>" not in html
    assert '<mark class="place" data-place="Almaty"' in html


def test_test_hooks_ship_only_when_asked_for(data: Dataset) -> None:
    from dashboard.map.basemap import base_map

    selection = select(data, ALL_CODES, dt.date(2022, 1, 14))
    for hooks in (False, True):
        fmap = base_map("/outlines.json", hooks=hooks)
        for group in layers(selection.records, data.records, {}, token="KZ|2022-01-14", hooks=hooks).groups:
            group.add_to(fmap)
        html = fmap.get_root().render()
        assert ("__kzLayerBuilds" in html, "__kzView" in html, "__kzBasemap" in html) == (hooks,) * 3
