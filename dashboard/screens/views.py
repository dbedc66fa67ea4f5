"""What the map page shows for a view (countries, date, language), computed once for every session.

Many readers look at the same views (a shared link, the opening view, the days around it), and every
part below is a plain function of the view and the data, which lives as long as the server process.
So each is kept for the next reader who asks: the selection and its localised records in a cache
bounded by the bytes they hold (at a million records one selection is large), the page's texts and
tables as HTML strings. Nothing kept here is ever changed by its users. All of it is kept as Streamlit
resources, so `st.cache_resource.clear()` forgets it together with the data it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.i18n import Translator
from dashboard.map.aggregate import Bounds
from dashboard.map.layers import LayerShapes, layer_shapes
from dashboard.map.styles import latest_troops, shaded_by_reported, with_unrest_size
from dashboard.render.events import events_html
from dashboard.render.tables import table_html
from dashboard.screens.shared import dataset, records_in
from dashboard.view import status, tables
from dashboard.view.selection import Selection, select
from dashboard.view.sizedcache import SizedLRU
from dashboard.view.wording import localised

TABLE_ROWS = 500  # a table lists this many figures at most; the exports hold them all
SELECTIONS_BUDGET = 256 * 2**20  # bytes of frames kept for the views readers asked for last


def _frame_bytes(frame: pd.DataFrame) -> int:
    return int(frame.memory_usage(index=True, deep=False).sum())


@dataclass(frozen=True)
class ViewData:
    """What the map draws for a view: the selection, its records in the reader's language with the unrest
    circles' sizes, the troop figure that shades each contributing country, and the countries shaded by
    a reported (unofficial) figure."""

    selection: Selection
    shown: pd.DataFrame
    troops: dict[str, int]
    shaded_by_reported: list[str]
    withdrawal: str  # the sidebar's withdrawal summary (Markdown)


def _view_bytes(_key: object, value: ViewData) -> int:
    selection = value.selection
    return sum(_frame_bytes(f) for f in (selection.records, selection.figures, selection.events,
                                         selection.sources, value.shown))


@st.cache_resource
def _views() -> SizedLRU[tuple[tuple[str, ...], dt.date, str], ViewData]:
    return SizedLRU(SELECTIONS_BUDGET, _view_bytes)


def view_data(countries: tuple[str, ...], as_of: dt.date, lang: str) -> ViewData:
    """The view's selection and what the map draws of it, computed once for every session."""
    def compute() -> ViewData:
        selection = select(dataset(), countries, as_of)
        shown = localised(with_unrest_size(selection.records, selection.figures), lang)
        return ViewData(selection, shown, latest_troops(selection.figures, shown),
                        shaded_by_reported(selection.figures, shown),
                        tables.withdrawal_summary(shown, as_of, lang))

    return _views().get((countries, as_of, lang), compute)


SHAPES_BUDGET = 64 * 2**20  # bytes of map shapes kept for the views and map extents asked for last
_SHAPE_ROW_BYTES = 400  # a drawn object's row of plain values, with its tooltip, roughly


def _shapes_bytes(_key: object, drawn: LayerShapes) -> int:
    rows = sum(len(s.circles) + len(s.icons) + len(s.lines) + len(s.areas) for s in drawn.shapes.values())
    return (rows + len(drawn.tooltip_ids)) * _SHAPE_ROW_BYTES


@st.cache_resource
def _drawn() -> SizedLRU[tuple[tuple[str, ...], dt.date, str, Bounds], LayerShapes]:
    return SizedLRU(SHAPES_BUDGET, _shapes_bytes)


def view_shapes(view: ViewData, lang: str, bounds: Bounds) -> LayerShapes:
    """What the map draws of the view around `bounds` (the reader's map extent), for every session."""
    selection = view.selection
    key = (selection.countries, selection.as_of, lang, bounds)
    return _drawn().get(key, lambda: layer_shapes(view.shown, records_in(lang), view.troops, view=bounds,
                                                  lang=lang))


@st.cache_resource(max_entries=256, show_spinner=False)
def total_note(as_of: dt.date, lang: str) -> str | None:
    """The note under the troop table: the contingents' figures added up against the official total."""
    data = dataset()
    known = status.figures_known(data.figures, data.figures["record"], as_of)
    return tables.troop_total_note(data.records, known, lang)


@dataclass(frozen=True)
class ViewTexts:
    """The page's texts and tables for a view, as the page shows them (HTML, Markdown or plain)."""

    events: str
    troops: str
    total_note: str | None
    unrest: str | None  # None: no toll reported for this selection by this date
    unrest_count: int  # figures in all; the table lists the first TABLE_ROWS
    later: str | None
    later_count: int
    sources: str


@st.cache_resource(max_entries=2048, show_spinner=False)
def view_texts(countries: tuple[str, ...], as_of: dt.date, lang: str) -> ViewTexts:
    """The chronology list and the tables of a view."""
    tr = Translator(lang)
    data = dataset()
    view = view_data(countries, as_of, lang)
    selection, shown, figures = view.selection, view.shown, view.selection.figures
    # The toll figures once per table: counted in full, listed up to TABLE_ROWS.
    tolls = tables.toll_rows(shown, figures)
    tolls_later = tables.toll_rows(shown, status.figures_after(data.figures, shown["id"], as_of))
    unrest = tables.unrest_table(shown, tolls, data.sources, lang, limit=TABLE_ROWS)
    later = tables.unrest_table(shown, tolls_later, data.sources, lang, limit=TABLE_ROWS)
    unrest_count, later_count = len(tolls), len(tolls_later)
    later_title = tr("Reported after {date} ({count})", date=tr.date(as_of), count=later_count)
    return ViewTexts(
        events=events_html(selection.events, records_in(lang), data.sources, as_of, lang),
        troops=table_html(tables.troop_table(shown, figures, data.sources, lang), tr("Troop origins"),
                          "troops"),
        total_note=total_note(as_of, lang),
        unrest=None if unrest.empty else table_html(unrest, tr("Unrest details"), "unrest"),
        unrest_count=unrest_count,
        later=None if later.empty else table_html(later, later_title, "later"),
        later_count=later_count,
        sources=table_html(tables.source_table(selection.sources, lang), tr("Sources"), "sources"),
    )
