"""The map page's state as one typed object, and its transitions as plain functions.

The page keeps one `MapState` in Streamlit's session state. Every change (a link opened, filters
chosen, the map reporting a pan or a click, the language switched, the details closed) is a function
from the old state to the new one, so each can be tested without Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from dashboard.view.link import Notice, View, in_order, parse_view


@dataclass(frozen=True)
class MapState:
    """What the map page shows and where the map stands.

    `view` is everything a link restores. `start_center` and `start_zoom` are where the map opens when
    it is mounted (from the link, or where the reader left it before a language switch remounted it);
    `notices` are the parts of the opening link that were ignored; `click_seen` is the last click
    handled, so that a click the map reports again on a later rerun is not taken twice; `playing` is
    true while the date steps forward by itself.
    """

    view: View = field(default_factory=View)
    start_center: tuple[float, float] | None = None
    start_zoom: int | None = None
    notices: tuple[Notice, ...] = ()
    click_seen: tuple[str, str] | None = None
    playing: bool = False


@dataclass(frozen=True)
class MapReport:
    """What the map reported on a run, as plain values (`dashboard.screens.bridge` reads the map's).

    `center` and `zoom` are where the map stands; `bounds` its view (south, west, north, east); `layers`
    the layer keys switched on, in `LAYERS` order. Each is None when the map has not reported it.
    `click` identifies the last click on a drawn shape (the map reports it again on later reruns until
    the next click); `clicked_record` is the record that shape belongs to, if any.
    """

    center: tuple[float, float] | None = None
    zoom: int | None = None
    bounds: tuple[float, float, float, float] | None = None
    layers: tuple[str, ...] | None = None
    click: tuple[str, str] | None = None
    clicked_record: str | None = None


def opened(params: Mapping[str, Sequence[str]], record_ids: Container[str]) -> MapState:
    """The state of a session opened with a link's query parameters."""
    parsed = parse_view(params, record_ids)
    view = parsed.view
    return MapState(view=view, start_center=view.center, start_zoom=view.zoom, notices=tuple(parsed.notices))


def filtered(state: MapState, countries: Iterable[str], as_of: dt.date) -> MapState:
    """The countries and date chosen in the sidebar (countries kept in the filter's order)."""
    return replace(state, view=replace(state.view, countries=in_order(countries), date=as_of))


def map_reported(state: MapState, report: MapReport) -> MapState:
    """Take what the map reported: centre, zoom, the layers switched on, and a clicked record.

    A click on something other than a record keeps the record shown.
    """
    view, click_seen = state.view, state.click_seen
    if report.center is not None:
        view = replace(view, center=report.center)
    if report.zoom is not None:
        view = replace(view, zoom=report.zoom)
    if report.layers is not None:
        view = replace(view, layers=report.layers)
    if report.click is not None and report.click != click_seen:
        click_seen = report.click
        view = replace(view, record=report.clicked_record or view.record)
    return replace(state, view=view, click_seen=click_seen)


def language_switched(state: MapState, lang: str) -> MapState:
    """The reader's new language. The map remounts with its controls in that language, so it opens where
    the reader left it."""
    return replace(state, view=replace(state.view, lang=lang), start_center=state.view.center,
                   start_zoom=state.view.zoom)


def play_toggled(state: MapState) -> MapState:
    """Play pressed (or pause)."""
    return replace(state, playing=not state.playing)


def played_on(state: MapState, as_of: dt.date, last: dt.date) -> tuple[MapState, dt.date]:
    """One step of play: the next day, or, on the last day, the same day with play stopped."""
    if as_of >= last:
        return replace(state, playing=False), as_of
    return state, as_of + dt.timedelta(days=1)


def event_chosen(state: MapState, record: str, position: tuple[float, float] | None,
                 zoom: int = 7) -> MapState:
    """A chronology event chosen: its place's record is shown, and the map moves there (at least to
    `zoom`). The page sets the date to the event's day."""
    view = replace(state.view, record=record)
    if position is None:
        return replace(state, view=view)
    return replace(state, view=view, start_center=position, start_zoom=max(zoom, state.view.zoom or 0))


def details_closed(state: MapState) -> MapState:
    """No record selected."""
    return replace(state, view=replace(state.view, record=None))

