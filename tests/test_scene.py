"""The scene: one function from the data and a view to everything a reader sees, which the app, the HTML
export and the published edition all draw from."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.map.compact import COLUMNS
from dashboard.scene import View, scene
from dashboard.scene.schema import VERSION, to_json
from dashboard.view import status
from dashboard.vocabulary import GROUPS
from tests.conftest import GEODATA, REPO
from tests.support.csvdata import drawn_view, table, view_records

# The view pipeline's steps, by the module that defines each: only `dashboard/scene/` may call them.
STEPS = {
    "dashboard.view.selection": {"select"},
    "dashboard.map.styles": {"with_unrest_size", "unrest_size_of"},
    "dashboard.map.layers": {"layer_shapes"},
    "dashboard.render.legend": {"legend_html"},
    "dashboard.render.events": {"events_html"},
    "dashboard.view.tables": {"troop_table", "unrest_table", "withdrawal_summary", "toll_rows"},
}


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def _imported_steps(path: Path) -> set[str]:
    """The pipeline steps a module imports by name, or calls through their module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in STEPS:
            found |= {a.name for a in node.names} & STEPS[node.module]
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.attr in STEPS.get(modules.get(node.func.value.id, ""), set())):
            found.add(node.func.attr)
    return found


def test_the_view_pipeline_is_called_from_the_scene_alone() -> None:
    package = REPO / "dashboard"
    callers = {str(p.relative_to(REPO)): steps for p in package.rglob("*.py")
               if (steps := _imported_steps(p)) and p.parent.name != "scene"}
    assert callers == {}
    # And every front end calls the scene function; the edition, once for all its scenes.
    for front, call in (("screens/views.py", "scene("), ("app.py", "scene("), ("__main__.py", "scene("),
                        ("publish/__init__.py", "edition_scenes(")):
        assert call in (package / front).read_text(encoding="utf-8"), front


def test_the_checker_sees_a_step_called_outside_the_scene(tmp_path: Path) -> None:
    rogue = tmp_path / "rogue.py"
    rogue.write_text("from dashboard.view import tables\nfrom dashboard.map.styles import unrest_size_of\n"
                     "tables.troop_table(1, 2, 3)\n")
    assert _imported_steps(rogue) == {"unrest_size_of", "troop_table"}


def test_a_scene_names_the_sources_its_view_cites(data: Dataset) -> None:
    seen = scene(data, View(("AM",), dt.date(2022, 1, 14)))
    cited = seen.cited()
    assert len(cited) == len(set(cited)) and set(cited) == set(seen.selection.sources["id"])
    assert all(set(seen.cited(rid)) <= set(cited) for rid in seen.selection.records["id"])
    # A record the view leaves out (the Armenians' flight ends at Almaty airport) cites its own sources.
    assert "almaty-airport" not in set(seen.selection.records["id"])
    (airport,) = table("records").query("id == 'almaty-airport'")["sources"]
    assert seen.cited("almaty-airport") == airport.split(";")


def test_a_scene_shows_what_the_view_names(data: Dataset) -> None:
    day = dt.date(2022, 1, 14)
    seen = scene(data, View(("AM", "BY"), day, lang="en"))
    assert set(seen.shown["id"]) == view_records({"AM", "BY"}, day)
    # The records' shapes (the State of emergency's regions are no records: tests/test_regions.py).
    drawn = {s.record for group, shapes in seen.shapes().shapes.items() if group != "emergency"
             for kind in COLUMNS for s in getattr(shapes, kind)}
    assert drawn == drawn_view({"AM", "BY"}, day)
    contingents = table("records").query("layer == 'contingent' and contingent in ['AM', 'BY']")
    assert len(seen.panels.troops) == len(contingents)
    assert seen.legend.count("<section") <= len(GROUPS)
    assert "What happened by 14 January 2022" in seen.chronology
    from dashboard.render.chart_date import DATE_PARAM

    troops, _tolls, events = seen.charts
    for chart in (troops, events):
        (chosen,) = [p for p in chart["params"] if p.get("name") == DATE_PARAM]
        assert chosen["value"] == "14 Jan"


def test_the_scene_hands_the_front_ends_its_map_layers_countries_and_progress(data: Dataset) -> None:
    day = dt.date(2022, 1, 20)
    seen = scene(data, View(("KZ", "AM"), day, lang="de"))
    layers = seen.map_layers(("unrest",), drawn=seen.shapes())
    keys = [child for group in layers.groups for child in group._children.values() if hasattr(child, "key")]
    assert {key.key for key in keys} == set(GROUPS) and {key.view for key in keys} == {"KZ,AM|2022-01-20"}
    assert [group.show for group in layers.groups] == [key == "unrest" for key in GROUPS]
    # Each record -> the view's countries whose choice shows it (the edition's filter), in the view's order.
    countries = seen.record_countries
    assert set(countries) == set(seen.records["id"])
    assert [countries[r] for r in ("kazakhstan", "contingent-am", "contingent-ru")] == [["KZ"], ["AM"], []]
    assert all(countries[rid] for rid in seen.shown["id"])
    assert all(codes == [c for c in ("KZ", "AM") if c in codes] for codes in countries.values())
    assert seen.panels.withdrawn == (1, 1) and seen.panels.progress == "1 von 1 Kontingent abgezogen"


def test_the_text_alternative_names_the_date_the_force_and_the_contingents(data: Dataset) -> None:
    figures = table("figures")
    records = table("records")
    contingent_ids = set(records.loc[records["layer"] == "contingent", "id"])
    day = status.REPORT_DAY
    official = figures[(figures["metric"] == "troops") & ~figures["record"].isin(contingent_ids)
                       & (figures["qualifier"] == "exact") & (figures["date"] <= day.isoformat())]
    total = int(official.sort_values("date").iloc[-1]["value"])
    english = scene(data, View(lang="en")).text
    german = scene(data, View(lang="de")).text
    assert english.startswith("As of 13 January 2022.")
    assert f"{total:,} troops officially" in english
    assert f"{len(contingent_ids)} contingents shown" in english
    assert german.startswith("Stand 13. Januar 2022.")
    assert f"{total:,}".replace(",", ".") + " Soldaten" in german
    unrest = records[(records["layer"] == "unrest") & ((records["start"] == "")
                                                       | (records["start"] <= day.isoformat()))]
    assert f"Unrest at {len(unrest)} places" in english
    empty = scene(data, View(("AM",), dt.date(2022, 1, 1), lang="en")).text
    # Before Armenia's first dated step towards sending troops its contingent is not shown (issue 33).
    assert "contingent" not in empty


def test_the_scene_as_json_carries_its_version_and_named_columns(data: Dataset) -> None:
    written = json.loads(json.dumps(to_json(scene(data, View(date=dt.date(2022, 1, 20))))))
    assert written["schema"] == "kz-scene" and written["version"] == VERSION
    assert written["view"]["date"] == "2022-01-20"
    for group, kinds in written["shapes"].items():
        assert group in GROUPS
        for kind, columns in kinds.items():
            assert tuple(columns) == COLUMNS[kind]
            assert len({len(values) for values in columns.values()}) == 1
    circles = written["shapes"]["unrest"]["circles"]
    assert set(circles["record"]) <= set(written["records"]) and len(circles["lat"]) > 0


def test_the_scene_schema_is_written_down_with_every_field() -> None:
    doc = (REPO / "docs" / "scene.md").read_text(encoding="utf-8")
    assert f"version {VERSION}" in doc.lower()
    for kind, names in COLUMNS.items():
        assert f"`{kind}`" in doc
        for name in names:
            assert f"`{name}`" in doc, (kind, name)


def test_every_records_details_made_at_once_are_those_made_one_by_one(data: Dataset) -> None:
    """The edition makes every record's details in one pass (`details_by_record`); the app one at a
    time (`details_html`): the same HTML, in both languages."""
    from dashboard.i18n import Translator
    from dashboard.render.details import details_by_record, details_html
    from dashboard.view.details import record_words, words_by_record
    from dashboard.view.wording import localised

    for lang in ("en", "de"):
        records, tr = localised(data.records, lang), Translator(lang)
        together = details_by_record(words_by_record(records, data.figures, data.sources, tr, data.events))
        by_id = records.set_index("id")
        assert set(together) == set(by_id.index)
        for rid in by_id.index:
            one = details_html(record_words(by_id.loc[rid], data.figures, data.sources, tr, data.events))
            assert together[rid] == one


@pytest.mark.slow  # builds every country choice's charts in both languages
def test_the_scenes_of_an_edition_are_made_once_and_draw_nothing_until_asked(data: Dataset) -> None:
    """`edition_scenes` (what `publish` hands down, holding no dataset): per language, one scene of every
    country per day of `STOPS`, in order, sharing one records frame; the default view (the social card's)
    is the report day's, with its troop figure as a note; none has computed a part of the map, panels or
    chronology before a renderer asks for it."""
    from dashboard.scene.alternative import troop_figure
    from dashboard.scene.edition import choices, edition_scenes
    from dashboard.view.grammar import COUNTRIES

    scenes = edition_scenes(data)
    assert not any(isinstance(value, Dataset) for value in vars(scenes).values())
    for lang in ("en", "de"):
        own = scenes.languages[lang]
        days = own.days
        assert [seen.view for seen in days] == [View(COUNTRIES, day, lang=lang) for day in status.STOPS]
        assert all(seen.records is own.records for seen in days)
        assert own.card is days[status.STOPS.index(View().date)]
        assert own.card_notes == (troop_figure(scene(data, View(lang=lang))),)
        assert set(own.charts.of_choice) == set(choices())
        assert not any({"shown", "panels", "legend", "text"} & set(vars(seen)) for seen in days)
    assert scenes.host == str(data.records.loc[data.records["layer"] == "host", "id"].iloc[0])
