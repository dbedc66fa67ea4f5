"""The map page's state as one typed object, and its transitions as plain functions.

The page keeps one `MapState` in Streamlit's session state. Every change (a link opened, filters
chosen, the map reporting a pan or a click, the language switched, the details closed) is a function
from the old state to the new one, so each can be tested without Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from dashboard.view.link import LAYERS, Notice, View, in_order, parse_view


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


def opened(params: Mapping[str, Sequence[str]], record_ids: Container[str]) -> MapState:
    """The state of a session opened with a link's query parameters."""
    parsed = parse_view(params, record_ids)
    view = parsed.view
    return MapState(view=view, start_center=view.center, start_zoom=view.zoom, notices=tuple(parsed.notices))


def filtered(state: MapState, countries: Iterable[str], as_of: dt.date) -> MapState:
    """The countries and date chosen in the sidebar (countries kept in the filter's order)."""
    return replace(state, view=replace(state.view, countries=in_order(countries), date=as_of))


def map_reported(state: MapState, result: Mapping[str, object] | None,
                 record_for: Callable[[str], str | None]) -> MapState:
    """Take what the map reported: centre, zoom, the layers switched on, and a clicked record.

    `record_for` finds the record a clicked tooltip belongs to; a click on something else keeps the
    record shown.
    """
    result = result or {}
    view, click_seen = state.view, state.click_seen
    center = result.get("center")
    if isinstance(center, dict) and {"lat", "lng"} <= center.keys():
        view = replace(view, center=(float(center["lat"]), float(center["lng"])))
    if isinstance(result.get("zoom"), int):
        view = replace(view, zoom=result["zoom"])
    layers = reported_layers(result.get("selected_tags"))
    if layers is not None:
        view = replace(view, layers=layers)
    tooltip = result.get("last_object_clicked_tooltip")
    click = (str(tooltip), str(result.get("last_object_clicked")))
    if tooltip and click != click_seen:
        click_seen = click
        view = replace(view, record=record_for(str(tooltip)) or view.record)
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


def reported_layers(value: object, known: Sequence[str] = LAYERS) -> tuple[str, ...] | None:
    """The layer keys the map reported (`dashboard.map.bridge.LayerReporter` writes them into
    streamlit-folium's `selected_tags`), in `known` order; None when it reported nothing yet."""
    if not isinstance(value, list):
        return None
    chosen = {v for v in value if isinstance(v, str)}
    return tuple(k for k in known if k in chosen)
