"""The sidebar's cards and places, the force's figure, the map's grid cells and the source names, made on
arrays for a rerun's speed (`view.sidebar`, `scene.panels`, `map.aggregate`, `view.wording`), against the
plain way: loops over the rows of frames, each figure sorted and named one by one. On the bundled data and
on the bundled rows copied to 300 records (many places with equal tolls, contingents with many bases)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import write_synthetic
from dashboard.data.countries import country_name
from dashboard.escape import inert
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.i18n import Translator
from dashboard.map.aggregate import Bounds, cell_size, cells
from dashboard.map.compact import Circle, Shapes
from dashboard.map.layers import POINT_GROUP, _draw_cells, layer_shapes
from dashboard.map.styles import CENTER, ZOOM
from dashboard.scene import STOPS, View, scene
from dashboard.scene.alternative import latest_largest
from dashboard.scene.panels import troop_figures, troops_known
from dashboard.view import sidebar, status
from dashboard.view.arrays import among_codes
from dashboard.view.tables import LISTED, toll_rows
from dashboard.view.wording import amount_text, cited_as, citer, source_names, word
from dashboard.vocabulary import GROUPS, METRICS, STATUSES, TOLL_METRICS
from tests.conftest import GEODATA

ALL = ("KZ", "RU", "BY", "AM", "TJ", "KG")
VIEWS = [(ALL, status.REPORT_DAY, "en"), (ALL, dt.date(2022, 1, 8), "de"),
         (("KZ",), dt.date(2022, 1, 19), "en"), (("RU", "BY"), status.FINAL_DAY, "de")]


@pytest.fixture(scope="module")
def bundled(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory, geocoder: Geocoder) -> Dataset:
    config = write_synthetic(tmp_path_factory.mktemp("grown"), 300, shape="bundled")
    return load_dataset(config.parent / "geodata", geocoder)


def _figure(row: dict, sources: pd.DataFrame, lang: str) -> sidebar.Figure:
    return sidebar.Figure(amount_text(row["qualifier"], int(row["value"]), lang),
                          cited_as(row["sources"], sources, lang), row["qualifier"] == "reported")


def plain_places(shown: pd.DataFrame, tolls: pd.DataFrame, sources: pd.DataFrame,
                 lang: str) -> list[sidebar.Place]:
    """The worst-hit places, one figure at a time: each unrest place's largest figure per toll metric,
    most deaths first, then injuries, then arrests, then by id; each with its figures by date."""
    places = {r["id"]: r for r in shown.to_dict("records") if r["layer"] == "unrest"}
    figures = [f for f in tolls.to_dict("records") if f["record"] in places]
    largest: dict[str, dict[str, float]] = {}
    for f in figures:
        own = largest.setdefault(f["record"], {})
        own[f["metric"]] = max(own.get(f["metric"], -math.inf), f["value"])
    ranked = sorted(largest, key=lambda rid: (*(-largest[rid].get(m, -math.inf) for m in TOLL_METRICS), rid))
    out = []
    for rid in ranked[:sidebar.TOP_PLACES]:
        own = sorted((f for f in figures if f["record"] == rid), key=lambda f: f["date"])
        metrics = tuple((word(METRICS, m, lang),
                         tuple(_figure(f, sources, lang) for f in own if f["metric"] == m))
                        for m in TOLL_METRICS if any(f["metric"] == m for f in own))
        out.append(sidebar.Place(rid, str(places[rid]["name"]), str(places[rid]["country"]), metrics))
    return out


def plain_cards(shown: pd.DataFrame, records: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame,
                lang: str) -> list[sidebar.Contingent]:
    """A card per state, one row at a time: its troop figures by date, its distinct bases, its first
    record's route and status."""
    rows, tr = shown.to_dict("records"), Translator(lang)
    names = dict(zip(records["id"], records["name"], strict=True))
    cards, seen = [], set()
    for row in rows:
        state = row["contingent"]
        if row["layer"] != "contingent" or state in seen:
            continue
        seen.add(state)
        ids = {r["id"] for r in rows if r["layer"] == "contingent" and r["contingent"] == state}
        own = sorted((f for f in figures.to_dict("records")
                      if f["metric"] == "troops" and f["record"] in ids), key=lambda f: f["date"])
        bases: list[str] = []
        for r in rows:
            if r["layer"] == "troop_origin" and r["contingent"] == state and r["name"] not in bases:
                bases.append(r["name"])
        arrival = names.get(row["arrival"]) if isinstance(row["arrival"], str) else None
        cards.append(sidebar.Contingent(
            str(row["id"]), str(state), country_name(state, lang),
            tuple(_figure(f, sources, lang) for f in own), tuple(str(b) for b in bases[:LISTED]),
            None if arrival is None else str(arrival), str(row["status"]),
            word(STATUSES, row["status"], lang),
            tr("and {count} more", count=tr.number(len(bases) - LISTED)) if len(bases) > LISTED else None))
    return cards


def _check_panels(data: Dataset, countries: tuple[str, ...], day: dt.date, lang: str) -> None:
    made = scene(data, View(countries, day, lang=lang))
    shown, figures, sources = made.shown, made.selection.figures, data.sources
    tolls = toll_rows(shown, figures)
    expected = plain_places(shown, tolls, sources, lang)
    assert made.panels.places == expected  # the places' rows as positions, the figures as rows
    assert sidebar.top_places(shown, tolls, sources, lang) == expected  # found by id, from frames
    assert made.panels.contingents == plain_cards(shown, made.records, figures, sources, lang)
    assert made.panels.unrest_count == len(tolls)


@pytest.mark.parametrize(("countries", "day", "lang"), VIEWS)
def test_places_and_cards_match_the_plain_loops_on_the_bundled_data(
    bundled: Dataset, countries: tuple[str, ...], day: dt.date, lang: str
) -> None:
    _check_panels(bundled, countries, day, lang)


@pytest.mark.parametrize(("countries", "day", "lang"), VIEWS)
def test_places_and_cards_match_the_plain_loops_with_ties_and_many_bases(
    grown: Dataset, countries: tuple[str, ...], day: dt.date, lang: str
) -> None:
    made = scene(grown, View(ALL, status.REPORT_DAY))
    assert any(len(card.bases) == LISTED and card.more_bases for card in made.panels.contingents)
    _check_panels(grown, countries, day, lang)


def test_the_troop_figures_kept_in_order_are_those_known_by_each_day(
    bundled: Dataset, grown: Dataset
) -> None:
    for data in (bundled, grown):
        troops = troop_figures(data.figures)
        for day in STOPS:
            pd.testing.assert_frame_equal(troops_known(data.figures, day),
                                          status.figures_known(troops, troops["record"], day))


def test_grid_cells_of_a_categorical_group_are_those_of_its_text(grown: Dataset) -> None:
    points = grown.records[grown.records["lat"].notna()]
    group = points["layer"].map({"unrest": "unrest", "key_site": "sites"}).fillna("bases")
    group = group.to_numpy(dtype=object)
    plain = pd.DataFrame({"group": group, "lat": points["lat"].to_numpy(), "lon": points["lon"].to_numpy()})
    coded = plain.assign(group=pd.Categorical(group, categories=["sites", "bases", "unrest"]))
    for size in (0.05, 0.5, 4.0):
        pd.testing.assert_frame_equal(cells(coded, size), cells(plain, size))


def test_codes_are_matched_as_numpy_matches_them() -> None:
    rng = np.random.default_rng(0)
    uniques = pd.Index(["a", "b", "c", "d"], dtype=object)
    codes = rng.integers(-1, 4, 1000)
    for wanted in ([], ["b"], ["a", "d", "zz"], list(uniques)):
        expected = np.isin(codes, np.flatnonzero(uniques.isin(wanted)))
        assert (among_codes(codes, uniques, wanted) == expected).all()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_sources_named_from_the_cited_rows_are_named_as_from_the_whole_table(
    bundled: Dataset, lang: str
) -> None:
    sources = bundled.sources
    lists = [*bundled.figures["sources"], ["no-such-source", sources["id"].iloc[0]]]
    named = source_names(sources, lang)
    cite = citer(sources, lang, lists)
    for ids in lists:
        assert cite(ids) == "; ".join(named.get(sid, sid) for sid in ids)


def test_the_grown_data_has_places_with_equal_tolls(grown: Dataset) -> None:
    """The ties the ranking breaks by id are there to be broken."""
    made = scene(grown, View(ALL, status.REPORT_DAY))
    deaths = made.selection.figures
    deaths = deaths[deaths["metric"] == "deaths"].groupby("record")["value"].max()
    assert deaths.duplicated().any()


def test_the_latest_largest_figure_is_the_one_pandas_picks(grown: Dataset) -> None:
    day = dt.date(2022, 1, 5)
    ties = pd.DataFrame({"record": ["b", "a", "b", "c", "a", "c"], "value": [3, 7, 7, 7, 2, 7],
                         "date": [day, day, day + dt.timedelta(1), day, day + dt.timedelta(2), day]},
                        index=[10, 4, 7, 1, 3, 2])
    figures = grown.figures
    tolls = (figures[figures["metric"] == metric] for metric in ("deaths", "arrests", "injured"))
    for frame in [ties, *tolls]:
        latest = frame.sort_values("date").groupby("record").tail(1)
        assert frame.index[latest_largest(frame)] == latest["value"].idxmax()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_grid_cells_are_drawn_as_one_cell_at_a_time_draws_them(grown: Dataset, lang: str) -> None:
    points = grown.records[grown.records["lat"].notna()]
    group = points["layer"].map({"unrest": "unrest", "key_site": "sites"}).fillna("troops")
    frame = pd.DataFrame({"group": group.to_numpy(dtype=object), "lat": points["lat"].to_numpy(),
                          "lon": points["lon"].to_numpy()})
    view, tr = Bounds.around(*CENTER, ZOOM), Translator(lang)
    drawn = {key: Shapes() for key in GROUPS}
    count = _draw_cells(frame, drawn, view, 40, tr)
    size = cell_size(view)
    while len(grid := cells(frame, size)) > 40:
        size *= 2
    expected = {key: Shapes() for key in GROUPS}
    for cell in grid.itertuples(index=False):
        group = GROUPS[cell.group]
        expected[cell.group].circles.append(Circle(
            round(cell.lat, 5), round(cell.lon, 5), min(6 + 3 * math.log2(cell.count), 30), "#ffffff", 1.5,
            group.cell_colour, 0.8, inert(tr(group.cell_label, count=tr.number(cell.count))), "cell"))
    assert count == len(grid) and drawn == expected
    assert len({c.tooltip for s in drawn.values() for c in s.circles}) < count  # labels said twice


def test_the_map_groups_its_points_into_cells_as_their_layers_name_them(grown: Dataset) -> None:
    made = scene(grown, View(ALL, status.REPORT_DAY))
    view = Bounds.around(*CENTER, ZOOM)
    drawn = layer_shapes(made.rows, made.records, made.troops, view=view, max_points=40)
    shown = made.shown
    inside = shown["layer"].isin(list(POINT_GROUP)) & view.padded().contains(shown["lat"], shown["lon"])
    at = shown[inside]
    points = pd.DataFrame({"group": at["layer"].map(POINT_GROUP).to_numpy(dtype=object),
                           "lat": at["lat"].to_numpy(), "lon": at["lon"].to_numpy()})
    expected = {key: Shapes() for key in GROUPS}
    cells_drawn = _draw_cells(points, expected, view, 40, Translator("en"))
    assert drawn.cells == cells_drawn > 0
    circles = {key: shapes.circles for key, shapes in expected.items()}
    assert {key: shapes.circles for key, shapes in drawn.shapes.items()} == circles
