"""The scenes of the views readers ask for, kept for every session.

Many readers look at the same views (a shared link, the opening view, the days around it), and a scene
(`dashboard.scene`) is a plain function of the view and the data, which lives as long as the server
process. So each is kept for the next reader who asks: the scenes in a cache bounded by the bytes their
selections hold (at a million records one selection is large), the map's shapes per map extent, the
page's texts and tables as HTML strings. Nothing kept here is ever changed by its users. All of it is
kept in `dashboard.memo`'s caches, forgotten with the data (`screens.shared.dataset`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dashboard.i18n import Translator
from dashboard.memo import SizedCache, memoised
from dashboard.render.tables import table_html
from dashboard.scene import Bounds, LayerShapes, Scene, View, scene
from dashboard.scene.page import PAGE
from dashboard.scene.panels import TABLE_ROWS
from dashboard.screens.bridge import arrow_datasets
from dashboard.screens.shared import data_version, dataset, records_in

if TYPE_CHECKING:
    from dashboard.scene.charts import MonthCharts

__all__ = ["TABLE_ROWS", "TableTexts", "view_scene", "view_shapes", "view_sources", "view_tables"]

SELECTIONS_BUDGET = 256 * 2**20  # bytes of selections kept for the views readers asked for last


def _scene_bytes(_key: object, value: Scene) -> int:
    """What a scene's selection holds or may come to hold: its frames, as if each were made (a reader of
    the tables or exports makes them), and the frame of its shown records."""
    selection = value.selection
    return selection.nbytes() + len(selection.record_rows) * 8 * (len(value.records.columns) + 3)


# Each result below is kept under the data's version too (`shared.data_version`): a saved change is
# shown at the next script run, and a result made from the old data is never served after it.
SCENES: SizedCache[tuple[str, tuple[str, ...], dt.date, str], Scene] = SizedCache(SELECTIONS_BUDGET,
                                                                                  _scene_bytes)


def _month_charts(countries: tuple[str, ...], lang: str) -> MonthCharts:
    return _month_charts_at(countries, lang, data_version())


@memoised(entries=512)
def _month_charts_at(countries: tuple[str, ...], lang: str, _version: str) -> MonthCharts:
    """The month's charts for a country choice, their data as Arrow once, not on every draw."""
    from dashboard.scene.charts import month_charts  # Altair: imported when a chart is first made

    return month_charts(dataset(), countries, lang, records_in(lang)).converted(arrow_datasets)


def _charts_of(_data: object, countries: tuple[str, ...], lang: str, _records: object) -> MonthCharts:
    return _month_charts(countries, lang)


def view_scene(view: View) -> Scene:
    """The scene of `view` (its countries, date and language: the record, map extent and map groups a
    link also restores play no part), with its selection and the records the map draws computed once for
    every session."""
    countries, day, lang = view.countries, view.date, view.lang

    def compute() -> Scene:
        made = scene(dataset(), View(countries, day, lang=lang), records_in(lang), _charts_of)
        made.rows  # noqa: B018 -- computed now, inside the cache's measure of its bytes
        return made

    return SCENES.get((data_version(), countries, day, lang), compute)


SHAPES_BUDGET = 64 * 2**20  # bytes of map shapes kept for the views and map extents asked for last
_SHAPE_ROW_BYTES = 400  # a drawn object's record of plain values, with its tooltip, roughly


def _shapes_bytes(_key: object, drawn: LayerShapes) -> int:
    return (sum(len(s) for s in drawn.shapes.values()) + len(drawn.tooltip_ids)) * _SHAPE_ROW_BYTES


DRAWN: SizedCache[tuple[str, tuple[str, ...], dt.date, str, Bounds], LayerShapes] = SizedCache(SHAPES_BUDGET,
                                                                                           _shapes_bytes)


def view_shapes(view: Scene, bounds: Bounds) -> LayerShapes:
    """What the map draws of the view around `bounds` (the reader's map extent), for every session."""
    key = (data_version(), view.view.countries, view.view.date, view.view.lang, bounds)
    return DRAWN.get(key, lambda: view.shapes(bounds))


@dataclass(frozen=True)
class TableTexts:
    """The page's tables for a view, as HTML, and the notes under them."""

    troops: str
    total_note: str | None
    unrest: str | None  # None: no toll reported for this selection by this date
    unrest_count: int  # figures in all; the table lists the first TABLE_ROWS
    later: str | None
    later_count: int


def listed_note(shown: int, count: int, tr: Translator) -> str | None:
    """Under a table that lists only its first rows: how many of how many sources it lists."""
    if shown >= count:
        return None
    return PAGE.section("sources").say("listed", tr, shown=tr.number(shown),
              count=tr.number(count))


def view_tables(view_of: Scene) -> TableTexts:
    """The troop and unrest tables of a view, rendered from its scene (made when the Tables tab is
    opened, then kept for every session)."""
    return _tables_at(view_of.view, data_version())


@memoised(entries=2048)
def _tables_at(view: View, _version: str) -> TableTexts:
    view_of = view_scene(view)
    tr, panels = view_of.tr, view_of.panels
    names = PAGE.section("tables")
    later_title = names.say("later", tr, date=tr.date(view.date), count=panels.later_count)
    return TableTexts(
        troops=table_html(panels.troops, names.table("troops", tr), "troops"),
        total_note=panels.total_note,
        unrest=None if panels.unrest.empty
        else table_html(panels.unrest, names.table("unrest", tr), "unrest"),
        unrest_count=panels.unrest_count,
        later=None if panels.later.empty else table_html(panels.later, later_title, "later"),
        later_count=panels.later_count,
    )


def view_sources(view_of: Scene) -> str:
    """The table of the sources a view cites, as HTML (made when its tab is opened, then kept)."""
    return _sources_at(view_of.view, data_version())


@memoised(entries=2048)
def _sources_at(view: View, _version: str) -> str:
    view_of = view_scene(view)
    tr, panels = view_of.tr, view_of.panels
    return table_html(panels.sources, PAGE.section("sources").table("sources", tr), "sources",
                      note=listed_note(len(panels.sources), panels.sources_count, tr))
