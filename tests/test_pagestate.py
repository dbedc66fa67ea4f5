"""The map page's state transitions, as plain functions (no Streamlit)."""

from __future__ import annotations

import datetime as dt

from dashboard.view import pagestate
from dashboard.view.link import View


def test_a_link_opens_its_view_and_keeps_its_notices() -> None:
    state = pagestate.opened({"country": ["AM"], "center": ["41,45"], "zoom": ["7"], "zoom2": ["1"]},
                             record_ids={"am-x"})
    assert state.view.countries == ("AM",) and state.view.zoom == 7
    assert (state.start_center, state.start_zoom) == ((41.0, 45.0), 7)
    assert [str(n) for n in state.notices] == ["ignored the unknown parameter zoom2"]


def test_filters_keep_the_filter_order() -> None:
    state = pagestate.filtered(pagestate.MapState(), ["TJ", "KZ", "AM"], dt.date(2022, 1, 20))
    assert state.view.countries == ("KZ", "AM", "TJ") and state.view.date == dt.date(2022, 1, 20)


def test_the_map_report_moves_the_view_switches_layers_and_takes_a_click_once() -> None:
    report = pagestate.MapReport(center=(43.2, 76.9), zoom=9, layers=("unrest",),
                                 click=("Almaty", "43.25,76.95"), clicked_record="almaty")
    state = pagestate.map_reported(pagestate.MapState(), report)
    assert (state.view.center, state.view.zoom, state.view.layers, state.view.record) == (
        (43.2, 76.9), 9, ("unrest",), "almaty")
    closed = pagestate.details_closed(state)
    assert closed.view.record is None
    # The same click reported again on a later rerun is not taken twice.
    assert pagestate.map_reported(closed, report).view.record is None


def test_a_click_on_no_record_keeps_the_record_shown() -> None:
    state = pagestate.MapState(view=View(record="almaty"))
    clicked = pagestate.map_reported(state, pagestate.MapReport(click=("Lake", "1,2")))
    assert clicked.view.record == "almaty" and clicked.click_seen == ("Lake", "1,2")


def test_nothing_reported_changes_nothing() -> None:
    state = pagestate.MapState()
    assert pagestate.map_reported(state, pagestate.MapReport()) == state


def test_a_language_switch_reopens_the_map_where_the_reader_left_it() -> None:
    state = pagestate.MapState(view=View(center=(40.0, 44.0), zoom=8))
    switched = pagestate.language_switched(state, "de")
    assert switched.view.lang == "de" and (switched.start_center, switched.start_zoom) == ((40.0, 44.0), 8)
