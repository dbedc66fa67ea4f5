"""The map page: filters, map, legend, details, tables. `app.py` runs it (the default page).

The page's state is one `MapState` (`dashboard.view.pagestate`) in `st.session_state.map_state`; every
change to it is a plain function of that module.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.data.countries import country_name
from dashboard.i18n import ENDONYMS, LANGUAGES, Translator
from dashboard.map.basemap import layer_control
from dashboard.render.panels import PANELS_CSS, contingent_html, place_html, unlisted_html
from dashboard.render.scheme import properties_css
from dashboard.scene import CENTER, FIRST_DAY, LAST_DAY, STOPS, ZOOM, Bounds, MapLayers, Scene
from dashboard.scene.page import PAGE
from dashboard.screens import bridge, sections
from dashboard.screens.shared import base_map, dataset, local_assets, settings
from dashboard.screens.sharing import embed_snippet_of, export_panel
from dashboard.screens.views import view_scene, view_shapes, view_sources, view_tables
from dashboard.view import pagestate
from dashboard.view.link import COUNTRIES, RecordIds, view_link, view_params

st.set_page_config(layout="wide")
PLAY_SECONDS = 1.0  # one day a second


def state() -> pagestate.MapState:
    """This session's page state."""
    return st.session_state.map_state


def update(new: pagestate.MapState) -> None:
    """Replace this session's page state."""
    st.session_state.map_state = new


def language_bound(name: str, lang: str, value: object) -> str:
    """The key of the widget for one part of the state in this language, started from `value`.

    The browser keeps a widget's value as its option labels, so after a language switch the same
    widget would show the old language's labels (or none). A widget per language starts afresh from
    the kept value instead.
    """
    key = f"{name}-{lang}"
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def map_bounds() -> Bounds:
    """The map's current view: as last reported by the map, else the view it opens with."""
    reported = bridge.last_map_report().bounds
    if reported is not None:
        return Bounds(*reported)
    view = state().view
    center = view.center or CENTER
    return Bounds.around(center[0], center[1], view.zoom or ZOOM)


def set_date(day: dt.date, lang: str) -> None:
    """Move the date control (from a callback or the play ticker, before the control is drawn)."""
    st.session_state[f"as_of-{lang}"] = day


def toggle_play(lang: str, shown: dt.date) -> None:
    """Play, or pause on the day the reader saw when pressing it (`shown`, bound when the button was
    drawn), even if a step of play was already on its way. Play from the last day starts over."""
    if state().playing:
        set_date(shown, lang)
    elif shown >= LAST_DAY:
        set_date(FIRST_DAY, lang)
    update(pagestate.play_toggled(state()))


@st.fragment(run_every=PLAY_SECONDS)
def play_ticker(lang: str) -> None:
    """While playing: one day forward each tick, then the whole page redraws for the new date."""
    if not state().playing:
        return
    new, day = pagestate.played_on(state(), st.session_state[f"as_of-{lang}"], LAST_DAY)
    update(new)
    set_date(day, lang)
    st.rerun()


def choose_event(lang: str) -> None:
    """A chronology event clicked: its day becomes the date, its place is shown and the map moves there."""
    chosen = st.session_state.timeline.selection.get("event") or []
    if not chosen:
        return
    record = str(chosen[0]["record"])
    set_date(dt.date.fromisoformat(str(chosen[0]["iso"])[:10]), lang)
    update(pagestate.event_chosen(state(), record, position_of(record)))


def position_of(record: str) -> tuple[float, float] | None:
    """Where a record is drawn, if it has a point (a country has none)."""
    places = view_scene(state().view).records.set_index("id")
    if record not in places.index or places.at[record, "lat"] != places.at[record, "lat"]:  # NaN: no point
        return None
    return float(places.at[record, "lat"]), float(places.at[record, "lon"])


def show_record(record: str) -> None:
    """A sidebar card's "Show on map": the record's details open and the map moves to it."""
    update(pagestate.event_chosen(state(), record, position_of(record)))


@st.fragment
def map_panel(view_of: Scene, lang: str) -> None:
    """The map and its legend, the details of the selected record, the link to this view and its exports.

    A fragment: panning, zooming, toggling a layer or clicking reruns only this part of the page.
    """
    tr = Translator(lang)
    map_col, legend_col = st.columns([4, 1])
    with map_col:
        map_layers = view_of.map_layers(state().view.layers, hooks=settings().test_hooks,
                                        drawn=view_shapes(view_of, map_bounds()))
        update(pagestate.map_reported(state(), map_widget(map_layers, lang)))
        if map_layers.cells:
            st.caption(PAGE.say("cells", tr, points=tr.number(map_layers.points),
                          cells=tr.number(map_layers.cells)))
    with legend_col:
        st.html(view_of.legend_of(state().view.layers))
    st.html(view_of.text_html)  # what the map shows, for screen readers
    words = view_of.furniture
    st.caption(f"{words.sources} {words.credit} "
               + PAGE.say("assets_local" if local_assets() else "assets_cdn", tr))
    record = state().view.record
    if record:
        st.subheader(PAGE.say("details", tr))
        st.html(view_of.details(record))
        st.button(PAGE.say("close", tr), on_click=lambda: update(pagestate.details_closed(state())))
    view = state().view
    st.query_params.from_dict(view_params(view))
    # Inside the map's fragment, so the link follows every pan and zoom; folded until the reader opens it.
    share = PAGE.section("share")
    with st.expander(tr(share.heading), icon=":material/share:"):
        st.markdown("**" + share.say("link", tr) + "**")
        with st.container(key="view-link"):
            st.code(view_link(st.context.url or "", view), language=None, wrap_lines=True)
        embed_snippet_of(view, lang)


def map_widget(map_layers: MapLayers, lang: str) -> pagestate.MapReport:
    """The mounted map: the base stays, the filtered layers are swapped in; returns what it reported."""
    return bridge.mounted_map(base_map(lang), map_layers.groups, layer_control(), state().start_center,
                              state().start_zoom, map_layers.record_for, height=620)


if "map_state" not in st.session_state:  # a link opened: the ids it may name; all else is the view's scene
    link = {key: st.query_params.get_all(key) for key in st.query_params}
    update(pagestate.opened(link, RecordIds(dataset())))
lang = state().view.lang
tr = Translator(lang)
st.set_page_config(page_title=PAGE.say("app_title", tr))
bridge.darker_captions()

# ---- Sidebar: language and filters --------------------------------------------------------------
if "lang" not in st.session_state:
    st.session_state.lang = lang
st.sidebar.radio(PAGE.say("language", tr), LANGUAGES, format_func=ENDONYMS.get, horizontal=True, key="lang",
                 on_change=lambda: update(pagestate.language_switched(state(), st.session_state.lang)))
st.sidebar.header(PAGE.say("filters", tr))
view = state().view
countries = st.sidebar.multiselect(PAGE.say("countries", tr), COUNTRIES,
                                   placeholder=PAGE.say("choose_countries", tr),
                                   format_func=lambda code: country_name(code, lang),
                                   key=language_bound("countries", lang, list(view.countries)))
# The days of January, then the final figures (every figure known today: `scene.FINAL_DAY`).
as_of: dt.date = st.sidebar.select_slider(PAGE.say("as_of", tr), options=STOPS,
                                          format_func=tr.date, key=language_bound("as_of", lang, view.date))
st.sidebar.button(PAGE.say("pause" if state().playing else "play", tr), key="play",
                  icon=":material/pause:" if state().playing else ":material/play_arrow:",
                  on_click=toggle_play, args=(lang, as_of))
if state().playing:
    play_ticker(lang)
update(pagestate.filtered(state(), countries, as_of))

view_of = view_scene(state().view)
shown = view_of.rows  # the records shown, as rows of the data: none copied

st.sidebar.html(f"<style>{properties_css()}{PANELS_CSS}</style>")  # the colours of both schemes

# ---- Main: title, notices, map, legend, details -------------------------------------------------
words = view_of.furniture
st.title(words.headline)
st.caption(
    # The "Updated" stamp first (the latest date in the corrections and updates logs), then the dek, in
    # the same element: one more element before the map's fragment keeps its clicks from reaching it.
    (f"**{view_of.updated}** · " if view_of.updated else "") + words.dek + " "
    + PAGE.say("shown", tr, date=tr.date(as_of),
       shown=tr.number(len(shown)), total=tr.number(len(view_of.records)))
)
if state().notices:
    st.warning(PAGE.say("notices", tr) + "\n\n"
               + "\n".join(f"- {notice.text(lang)}" for notice in state().notices))

map_panel(view_of, lang)

# ---- Sidebar: the panels ------------------------------------------------------------------------
# Drawn after the map, though above it on the page: the sidebar is a container of its own, so the order
# on screen is the same, and the map's message reaches the browser first.
panels = view_of.panels
troops_panel, withdrawal_panel, unrest_panel = PAGE.panels  # the sidebar's panels, in the description's order
with st.sidebar.container(key="troop-origins"):
    st.header(tr(troops_panel.heading))
    if panels.troops_note:
        st.caption(panels.troops_note)
    for card in panels.contingents:
        st.html(contingent_html(card, lang))
        st.button(troops_panel.say("show", tr), key=f"show-{card.record}", on_click=show_record,
                  args=(card.record,), icon=":material/my_location:")
with st.sidebar.container(key="withdrawal"):
    st.header(tr(withdrawal_panel.heading))
    done, total = panels.withdrawn
    if total:
        st.progress(done / total, text=panels.progress)
    st.markdown(panels.withdrawal)
with st.sidebar.container(key="unrest-places"):
    st.header(tr(unrest_panel.heading))
    if not panels.places:
        st.caption(unrest_panel.say("no_unrest", tr))
    for place in panels.places:
        st.html(place_html(place, lang))
        st.button(unrest_panel.say("show", tr), key=f"show-{place.record}", on_click=show_record,
                  args=(place.record,), icon=":material/my_location:")
    if panels.unlisted:
        st.html(unlisted_html(panels.unlisted))
    if panels.unrest_count:
        st.caption(unrest_panel.say("in_tables", tr))

# ---- Below the map: the sections a reader opens --------------------------------------------------
# One tab per section of the page description (dashboard/scene/page.py), in its order.
sections.drawn(PAGE, view_of.tr, {
    "chronology": lambda: sections.chronology(view_of),
    "charts": lambda: sections.charts(view_of.charts,
                                      lambda: choose_event(lang)),
    "tables": lambda: sections.tables(view_tables(view_of), view_of),
    "sources": lambda: sections.sources(view_of, view_sources(view_of)),
    "data": lambda: export_panel(view_of),
})
sections.data_problems(view_of.data.problems, tr)

# The page's language, for screen readers and hyphenation (Streamlit's page says "en" otherwise). Last
# on the page: the element it adds shifts nothing below it.
with st.sidebar:
    st.html(f"<script>document.documentElement.lang = {lang!r};</script>", unsafe_allow_javascript=True)
