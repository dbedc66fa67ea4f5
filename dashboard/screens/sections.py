"""The map page's sections below the map, one tab each, as the page description says
(`dashboard.scene.page`): the chronology with its kind filter, the charts, the tables, the sources and
corrections, the export; then the data's problems. The words are the description's."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from dashboard.data.problems import Problem
from dashboard.i18n import Translator
from dashboard.scene import Scene
from dashboard.scene.page import APP, PAGE, Page, Section
from dashboard.screens.views import TABLE_ROWS, TableTexts

CHART_KEYS = ("troop-chart", "toll-chart", "timeline")
CHRONOLOGY, TABLES, SOURCES = (PAGE.section(key) for key in ("chronology", "tables", "sources"))


def drawn(page: Page, tr: Translator, draw: Mapping[str, Callable[[], None]]) -> None:
    """The page's sections as tabs, in the description's order, in `tr`'s language (the view's); `draw`
    holds each section's renderer by key, and a section without one shows its texts. Stateful tabs: only
    the open one is made (a rerun for a new view builds no hidden chart or table)."""
    lang = tr.lang
    shown = page.sections_in(APP)
    tabs = st.tabs([tr(section.heading_in(APP)) for section in shown], key=f"sections-{lang}",
                   on_change="rerun")
    for section, tab in zip(shown, tabs, strict=True):
        if tab.open:
            with tab:
                renderer = draw.get(section.key)
                if renderer is None:
                    texts(section, tr)
                else:
                    renderer()


def texts(section: Section, tr: Translator) -> None:
    """A section the page has no renderer for: its texts, one paragraph each."""
    with st.container(key=f"section-{section.key}"):
        for message in section.texts.values():
            st.markdown(tr(message))


def chronology(view: Scene) -> None:
    """What happened by the date, by day; chips keep only the kinds of event chosen (all at first)."""
    tr, lang = view.tr, view.view.lang
    with st.container(key="chronology"):
        kinds = view.event_kinds
        chosen = st.pills(CHRONOLOGY.say("kinds", tr), [key for key, _ in kinds], selection_mode="multi",
                          format_func=dict(kinds).get, default=[key for key, _ in kinds], key=f"kinds-{lang}")
        st.html(view.chronology if len(chosen) == len(kinds) else view.chronology_of(tuple(chosen)))


def charts(specs: tuple[dict, dict, dict], on_event: Callable[[], None]) -> None:
    """The three charts, each with its text alternative under it; a click on an event of the timeline
    calls `on_event`."""
    for spec, key in zip(specs, CHART_KEYS, strict=True):
        picks = {"on_select": on_event, "selection_mode": "event"} if key == "timeline" else {}
        st.vega_lite_chart(spec, width="stretch", key=key, **picks)
        st.caption(str(spec["description"]))  # the chart's text alternative, for every reader


def shortened(count: int, tr: Translator) -> None:
    """Say so under a table that lists only the first TABLE_ROWS of its `count` figures."""
    if count > TABLE_ROWS:
        st.caption(TABLES.say("shortened", tr, shown=tr.number(TABLE_ROWS), count=tr.number(count)))


def tables(texts: TableTexts, view: Scene) -> None:
    """Troop origins and unrest details (wide enough to show every figure whole), and the figures
    reported after the view's date, folded."""
    tr = view.tr
    with st.container(key="troops"):
        st.header(TABLES.table("troops", tr))
        st.html(texts.troops)
        if texts.total_note:
            st.caption(texts.total_note)
    with st.container(key="unrest"):
        st.header(TABLES.table("unrest", tr))
        if texts.unrest is None:
            st.caption(TABLES.say("no_unrest", tr))
        else:
            st.html(texts.unrest)
            shortened(texts.unrest_count, tr)
        if texts.later is not None:
            later = TABLES.say("later", tr, date=tr.date(view.view.date), count=texts.later_count)
            with st.expander(later):
                st.html(texts.later)
                shortened(texts.later_count, tr)


def sources(view: Scene, table: str) -> None:
    """Every source the view cites (`table`, as HTML), and the corrections log."""
    with st.container(key="sources"):
        st.header(view.tr(SOURCES.tables["sources"]))
        st.html(table)
    if view.corrections:
        with st.container(key="corrections"):
            st.html(view.corrections)


def data_problems(problems: Sequence[Problem], tr: Translator) -> None:
    """The rows of the data folder that did not load, named by file, row and column (open when any)."""
    with st.expander(tr("Data problems ({count})", count=len(problems)), expanded=bool(problems)):
        if problems:
            st.warning(tr.plural("{count} problem in the data folder. The row named here was not loaded; "
                                 "row 1 is the header, row 0 the whole file. Every other row is on the map.",
                                 "{count} problems in the data folder. Rows named here were not loaded; "
                                 "row 1 is the header, row 0 the whole file. Every other row is on the map.",
                                 len(problems)))
            st.code("\n".join(map(str, problems)), language=None)
        else:
            st.success(tr("Every row of the data folder loaded."))
