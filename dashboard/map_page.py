"""The map page: filters, map, legend, details, tables. `app.py` runs it (the default page)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import export, layerstate, mapview, status, tables_view, urlstate
from dashboard.aggregate import Bounds
from dashboard.countries import country_name
from dashboard.i18n import ENDONYMS, LANGUAGES, Translator
from dashboard.loader import Dataset
from dashboard.resources import base_map, dataset, local_assets

st.set_page_config(layout="wide")


@st.cache_resource
def records_in(lang: str) -> pd.DataFrame:
    """All records with their names in the reader's language (flow-line ends, the details panel)."""
    return tables_view.localised(dataset().records, lang)


def open_link(record_ids: set[str]) -> None:
    """On a session's first run, take the view from the link it was opened with."""
    if "notices" in st.session_state:
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    parsed = urlstate.parse_view(params, record_ids)
    view = parsed.view
    st.session_state.update(
        countries=list(view.countries), as_of=view.date, layers=view.layers, record=view.record,
        lang=view.lang, center=view.center, zoom=view.zoom, start_center=view.center,
        start_zoom=view.zoom, notices=parsed.notices, click_seen=None,
    )


def current_view() -> urlstate.View:
    """The view as it stands: widgets plus what the map reported."""
    state = st.session_state
    return urlstate.View(
        countries=urlstate.in_order(state.countries), date=state.as_of,
        layers=tuple(state.layers), record=state.record, lang=state.lang, center=state.center,
        zoom=state.zoom,
    )


def remember_map(result: dict | None, map_layers: mapview.MapLayers) -> None:
    """Keep what the map reported: centre, zoom, switched-on layers, and a clicked record."""
    result = result or {}
    state = st.session_state
    center = result.get("center")
    if isinstance(center, dict) and {"lat", "lng"} <= center.keys():
        state.center = (float(center["lat"]), float(center["lng"]))
    if isinstance(result.get("zoom"), int):
        state.zoom = result["zoom"]
    layers = layerstate.reported_layers(result.get("selected_tags"), urlstate.LAYERS)
    if layers is not None:
        state.layers = layers
    tooltip = result.get("last_object_clicked_tooltip")
    click = (tooltip, str(result.get("last_object_clicked")))
    if tooltip and click != state.click_seen:
        state.click_seen = click
        state.record = map_layers.record_for(tooltip) or state.record


def view_token(selection: export.Selection) -> str:
    """The filter state the map's layers are drawn for, e.g. "KZ,AM|2022-01-14"."""
    return f"{','.join(urlstate.in_order(selection.countries))}|{selection.as_of.isoformat()}"


def map_bounds() -> Bounds:
    """The map's current view: as last reported by the map, else the view it opens with."""
    reported = Bounds.from_map((st.session_state.get("map") or {}).get("bounds"))
    if reported is not None:
        return reported
    center = st.session_state.center or mapview.CENTER
    return Bounds.around(center[0], center[1], st.session_state.zoom or mapview.ZOOM)


def keep_map_position() -> None:
    """Before a language switch: the map remounts with its controls in the new language, so it should
    open where the reader left it."""
    st.session_state.start_center = st.session_state.center
    st.session_state.start_zoom = st.session_state.zoom


def language_bound(name: str, lang: str) -> str:
    """The key of the widget for `st.session_state[name]` in this language.

    The browser keeps a widget's value as its option labels, so after a language switch the same
    widget would show the old language's labels (or none). A widget per language starts afresh from
    the kept value instead; the script copies its value back to `name` on every run.
    """
    key = f"{name}-{lang}"
    if key not in st.session_state:
        st.session_state[key] = st.session_state[name]
    return key


def close_details() -> None:
    """Deselect the record shown in the details panel."""
    st.session_state.record = None


@st.fragment
def map_panel(selection: export.Selection, shown: pd.DataFrame, data: Dataset, offline: bool,
              lang: str) -> None:
    """The map and its legend, the details of the selected record, the link to this view and its exports.

    A fragment: panning, zooming, toggling a layer or clicking reruns only this part of the page.
    """
    tr = Translator(lang)
    all_records = records_in(lang)
    map_col, legend_col = st.columns([4, 1])
    with map_col:
        map_layers = mapview.layers(shown, all_records, tables_view.latest_troops(selection.figures, shown),
                                    visible=st.session_state.layers, view=map_bounds(),
                                    token=view_token(selection), lang=lang)
        result = map_widget(map_layers, offline, lang)
        remember_map(result, map_layers)
        if map_layers.cells:
            st.caption(tr("{points} point records around this view are drawn as {cells} grid cells with "
                          "their counts: zoom in to see them one by one.",
                          points=tr.number(map_layers.points), cells=tr.number(map_layers.cells)))
    with legend_col:
        st.html(tables_view.legend_html(lang, st.session_state.layers))
    record = st.session_state.record
    if record:
        st.subheader(tr("Details"))
        st.html(tables_view.details_html(all_records.set_index("id").loc[record], data.figures,
                                         data.sources, lang))
        st.button(tr("Close details"), on_click=close_details)
    view = current_view()
    st.query_params.from_dict(urlstate.view_params(view))
    st.markdown("**" + tr("Link to this view") + "**")
    st.code(urlstate.view_link(st.context.url or "", view), language=None, wrap_lines=True)
    export_buttons(selection, data.records, lang)


def map_widget(map_layers: mapview.MapLayers, offline: bool, lang: str) -> dict | None:
    """The mounted map: the base stays, the filtered layers are swapped in; returns what it reported."""
    return st_folium(
        base_map(st.get_option("server.baseUrlPath") or "", offline, lang),
        feature_group_to_add=map_layers.groups,
        layer_control=mapview.layer_control(),
        returned_objects=["last_object_clicked_tooltip", "last_object_clicked", "center", "zoom",
                          "bounds", "selected_tags"],
        center=st.session_state.start_center, zoom=st.session_state.start_zoom,
        key="map", height=620, use_container_width=True,
    )


def export_buttons(selection: export.Selection, all_records: pd.DataFrame, lang: str) -> None:
    """Download buttons for the filtered records (built on click). They live in the map fragment:
    a fragment rerun forgets the deferred downloads of elements outside it."""
    tr = Translator(lang)
    st.markdown("**" + tr("Export this view") + "**: " + tr(
        "{count} records with their sources, for the countries and date chosen in the sidebar.",
        count=tr.number(len(selection.records))))
    labels = {"csv": "CSV", "geojson": "GeoJSON", "html": tr("HTML map")}
    columns = st.columns(len(export.FORMATS))
    for column, (fmt, (_, mime)) in zip(columns, export.FORMATS.items(), strict=True):
        column.download_button(
            labels[fmt],
            data=lambda fmt=fmt: export.export(selection, fmt, all_records, lang),
            file_name=export.file_name(selection, fmt), mime=mime, on_click="ignore", key=f"export-{fmt}",
        )


data = dataset()
records = data.records
offline = local_assets()
open_link(set(records["id"]))
lang: str = st.session_state.lang
tr = Translator(lang)
st.set_page_config(page_title=tr("Kazakhstan, January 2022: the CSTO deployment"))
# Streamlit's caption grey (#828180) falls short of WCAG AA contrast on white; a darker grey passes.
st.html("<style>[data-testid='stCaptionContainer'] { color: #5f5e5c; opacity: 1; }</style>")

# ---- Sidebar: language and filters --------------------------------------------------------------
st.sidebar.radio(tr("Language"), LANGUAGES, format_func=ENDONYMS.get, horizontal=True, key="lang",
                 on_change=keep_map_position)
st.sidebar.header(tr("Filters"))
countries = st.sidebar.multiselect(tr("Countries"), urlstate.COUNTRIES, placeholder=tr("Choose countries"),
                                   format_func=lambda code: country_name(code, lang),
                                   key=language_bound("countries", lang))
as_of: dt.date = st.sidebar.select_slider(tr("As of"), options=status.DAYS, format_func=tr.date,
                                          key=language_bound("as_of", lang))
st.session_state.update(countries=countries, as_of=as_of)

selection = export.select(data, countries, as_of)
figures = selection.figures
shown = tables_view.localised(tables_view.with_unrest_size(selection.records, figures), lang)

# ---- Main: title, notices, map, legend, details -------------------------------------------------
st.title(tr("Kazakhstan, January 2022: unrest and the CSTO deployment"))
st.caption(
    tr("As of {date}. {shown} of {total} location records shown.", date=tr.date(as_of),
       shown=tr.number(len(shown)), total=tr.number(len(records))) + " "
    + (tr("Map assets served locally (works offline).") if offline
       else tr("Map assets from public CDNs (run `python -m dashboard assets` for offline use)."))
)
if st.session_state.notices:
    st.warning(tr("Parts of the link were ignored; the rest applies:") + "\n\n"
               + "\n".join(f"- {notice.text(lang)}" for notice in st.session_state.notices))

map_panel(selection, shown, data, offline, lang)

# ---- Sidebar: tables ---------------------------------------------------------------------------
with st.sidebar.container(key="troops"):
    st.header(tr("Troop origins"))
    st.dataframe(tables_view.troop_table(shown, figures, lang), hide_index=True)
with st.sidebar.container(key="withdrawal"):
    st.header(tr("Withdrawal status"))
    st.markdown(tables_view.withdrawal_summary(shown, as_of, lang))
with st.sidebar.container(key="unrest"):
    st.header(tr("Unrest details"))
    unrest = tables_view.unrest_table(shown, figures, lang)
    if unrest.empty:
        st.caption(tr("No deaths, injuries or arrests reported for this selection by this date."))
    else:
        st.dataframe(unrest, hide_index=True)
    later = tables_view.unrest_table(shown, status.figures_after(data.figures, shown["id"], as_of), lang)
    if not later.empty:
        with st.expander(tr("Reported after {date} ({count})", date=tr.date(as_of), count=len(later))):
            st.dataframe(later, hide_index=True)
with st.sidebar.container(key="sources"):
    st.header(tr("Sources"))
    link = tr("link")
    st.dataframe(tables_view.source_table(selection.sources, lang), hide_index=True,
                 column_config={link: st.column_config.LinkColumn(link)})
with st.expander(tr("Data problems ({count})", count=len(data.problems)), expanded=bool(data.problems)):
    if data.problems:
        st.warning(tr("{count} problem(s) in the data folder. Rows named here were not loaded; row 1 is the "
                      "header, row 0 the whole file. Every other row is on the map.",
                      count=len(data.problems)))
        st.code("\n".join(map(str, data.problems)), language=None)
    else:
        st.success(tr("Every row of the data folder loaded."))

# The page's language, for screen readers and hyphenation (Streamlit's page says "en" otherwise). Last
# on the page: the element it adds shifts nothing below it.
with st.sidebar:
    st.html(f"<script>document.documentElement.lang = {lang!r};</script>", unsafe_allow_javascript=True)
