"""A view's selection as row numbers (`view.selection`, `view.rows`) gives what copying its rows gave.

The reference is the plain way: each table filtered by a mask of Python comparisons, the rows copied into
frames, and the panels, the map's shapes, the chronology and the source line made from those frames by
the functions that take frames. On the bundled data (quick) and on both synthetic shapes at 10,000
records (slow).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import write_synthetic
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.map.aggregate import Bounds
from dashboard.map.layers import layer_shapes
from dashboard.map.styles import CENTER, ZOOM, with_unrest_size
from dashboard.render.events import events_html
from dashboard.render.furniture import publisher_name, publishers
from dashboard.scene import View, scene
from dashboard.scene.panels import TABLE_ROWS
from dashboard.view import sidebar, status, tables
from dashboard.view.chronology import chronology
from dashboard.view.decisions import decision_days, undecided
from dashboard.view.wording import localised
from dashboard.vocabulary import EMERGENCY_GROUP, TOLL_METRICS
from tests.conftest import GEODATA
from tests.support.references import latest_troops, shaded_by_reported

ALL = ("KZ", "RU", "BY", "AM", "TJ", "KG")
VIEWS = [(ALL, dt.date(2022, 1, 6), "en"), (ALL, status.REPORT_DAY, "de"),
         (("KZ",), dt.date(2022, 1, 19), "en"), (("AM", "BY"), status.FINAL_DAY, "en")]


class Plain:
    """A view's rows the plain way: masks of Python comparisons over each table, the rows copied."""

    def __init__(self, data: Dataset, countries: tuple[str, ...], day: dt.date, lang: str) -> None:
        records = data.records
        keep = [(c in countries or u in countries) and not (isinstance(s, dt.date) and s > day)
                for c, u, s in zip(records["country"], records["contingent"], records["start"], strict=True)]
        later = undecided(records, decision_days(records, data.events), day)
        keep = pd.Series(keep, index=records.index) & ~later
        self.records = status.with_status(records[keep], records, day)
        ids = set(self.records["id"])

        def at_shown(table: pd.DataFrame) -> pd.Series:
            return pd.Series([r in ids and d <= day
                              for r, d in zip(table["record"], table["date"], strict=True)],
                             index=table.index, dtype=bool)

        known = data.figures[at_shown(data.figures)]
        self.figures = known.sort_values(["record", "metric", "date"], kind="stable")
        self.events = data.events[at_shown(data.events)]
        drawn = Counter(s for cells in (self.records["sources"], self.figures["sources"]) for ids in cells
                        for s in ids)
        cited = set(drawn) | {s for ids in self.events["sources"] for s in ids}
        self.sources = data.sources[data.sources["id"].isin(cited)]
        self.cited_by = [drawn[s] for s in self.sources["id"]]
        self.shown = localised(with_unrest_size(self.records, self.figures), lang)


def ranked(shown: pd.DataFrame, tolls: pd.DataFrame) -> list[str]:
    """The worst-hit places the plain way: a pivot of each place's largest figure per metric, sorted."""
    known = tolls[tolls["record"].isin(shown.loc[shown["layer"] == "unrest", "id"])]
    if known.empty:
        return []
    largest = known.pivot_table(index="record", columns="metric", values="value", aggfunc="max")
    order = [m for m in TOLL_METRICS if m in largest.columns]
    return list(largest.sort_values(order, ascending=False, na_position="last").index[:sidebar.TOP_PLACES])


def plain_publishers(plain: Plain) -> list[str]:
    """Publishers by citations, then by first source in the table, each once."""
    count: Counter[str] = Counter()
    first: dict[str, int] = {}
    for n, (publisher, cites) in enumerate(zip(plain.sources["publisher"], plain.cited_by, strict=True)):
        name = publisher_name(publisher)
        count[name] += cites
        first.setdefault(name, n)
    return sorted(first, key=lambda name: (-count[name], first[name]))


def check_frames(data: Dataset, countries: tuple[str, ...], day: dt.date, lang: str) -> None:
    """The selection's frames and the sidebar's panels and tables against the plain reference."""
    plain, seen = Plain(data, countries, day, lang), scene(data, View(countries, day, lang=lang))
    chosen = seen.selection
    for name in ("records", "figures", "events", "sources"):
        pd.testing.assert_frame_equal(getattr(chosen, name), getattr(plain, name))
    assert list(chosen.cited_by) == plain.cited_by
    pd.testing.assert_frame_equal(seen.shown, plain.shown)
    pd.testing.assert_frame_equal(seen.panels.shown, plain.shown)
    shown, figures, sources = plain.shown, plain.figures, data.sources
    panels = seen.panels
    assert panels.contingents == sidebar.contingents(shown, seen.records, figures, sources, lang)
    tolls = tables.toll_rows(shown, figures)
    assert panels.places == sidebar.top_places(shown, tolls, sources, lang)
    assert [place.record for place in panels.places] == ranked(shown, tolls)
    assert panels.withdrawal_lines == tables.withdrawal_lines(shown, day, lang)
    assert panels.withdrawn == sidebar.withdrawn_share(shown)
    assert panels.withdrawal == tables.withdrawal_summary(shown, day, lang)
    pd.testing.assert_frame_equal(panels.troops, tables.troop_table(shown, figures, sources, lang))
    pd.testing.assert_frame_equal(panels.unrest, tables.unrest_table(shown, tolls, sources, lang, TABLE_ROWS))
    pd.testing.assert_frame_equal(panels.sources, tables.source_table(plain.sources, lang, TABLE_ROWS))
    assert (panels.unrest_count, panels.sources_count) == (len(tolls), len(plain.sources))


def check_drawn(data: Dataset, countries: tuple[str, ...], day: dt.date, lang: str) -> None:
    """The map's shapes and shading, the source line and the chronology against the plain reference."""
    plain, seen = Plain(data, countries, day, lang), scene(data, View(countries, day, lang=lang))
    shown, figures, sources = plain.shown, plain.figures, data.sources
    assert seen.troops == latest_troops(figures, shown)
    assert list(seen.reported) == shaded_by_reported(figures, shown)
    assert publishers(seen.selection) == plain_publishers(plain)
    bounds = Bounds.around(*CENTER, ZOOM)
    drawn = seen.shapes(bounds)  # with the regions under emergency, which the scene adds
    expected = layer_shapes(shown, seen.records, seen.troops, view=bounds, lang=lang)
    assert {k: v for k, v in drawn.shapes.items() if k != EMERGENCY_GROUP} == {
        k: v for k, v in expected.shapes.items() if k != EMERGENCY_GROUP}
    assert (drawn.tooltip_ids, drawn.points, drawn.cells) == (expected.tooltip_ids, expected.points,
                                                              expected.cells)
    assert seen.chronology == events_html(chronology(plain.events, seen.records, sources, day, seen.tr,
                                                     all_events=data.events, limit=TABLE_ROWS))
    assert seen.chronology_of(("protest",), True, 3) == events_html(chronology(
        plain.events, seen.records, sources, day, seen.tr, ("protest",), True, data.events, 3))


@pytest.fixture(scope="module")
def bundled(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


@pytest.mark.parametrize(("countries", "day", "lang"), VIEWS)
def test_the_rows_give_the_frames_and_panels_the_copied_rows_gave(
    bundled: Dataset, countries: tuple[str, ...], day: dt.date, lang: str
) -> None:
    check_frames(bundled, countries, day, lang)


@pytest.mark.parametrize(("countries", "day", "lang"), VIEWS)
def test_the_rows_draw_what_the_copied_rows_drew(bundled: Dataset, countries: tuple[str, ...], day: dt.date,
                                                 lang: str) -> None:
    check_drawn(bundled, countries, day, lang)


def test_the_frames_are_made_only_when_read(bundled: Dataset) -> None:
    seen = scene(bundled, View(ALL, status.REPORT_DAY))
    seen.panels.contingents, seen.panels.places, seen.panels.unlisted, seen.panels.html  # noqa: B018
    seen.text, seen.furniture, seen.chronology  # noqa: B018
    seen.shapes(Bounds.around(*CENTER, ZOOM))
    made = set(vars(seen.selection)) & {"records", "figures", "events", "sources"}
    assert not made and "shown" not in vars(seen) and "shown" not in vars(seen.panels)


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["scattered", "bundled"])
def test_both_synthetic_shapes_at_10000_give_what_the_copied_rows_gave(shape: str, tmp_path: Path,
                                                                       geocoder: Geocoder) -> None:
    config = write_synthetic(tmp_path, 10_000, shape=shape)
    data = load_dataset(config.parent / "geodata", geocoder)
    for countries, day, lang in VIEWS:
        check_frames(data, countries, day, lang)
        check_drawn(data, countries, day, lang)
