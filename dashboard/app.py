"""The dashboard page. Run with `uv run streamlit run dashboard/app.py`."""

from __future__ import annotations

import datetime as dt
import gc

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import assets, export, layerstate, mapview, status, tables_view, urlstate
from dashboard.aggregate import Bounds
from dashboard.config import load_config
from dashboard.countries import country_name
from dashboard.gazetteer import default_geocoder
from dashboard.loader import Dataset, load_dataset
from dashboard.outlines import world_file

st.set_page_config(page_title="Kazakhstan, January 2022: CSTO deployment", layout="wide")


@st.cache_resource(show_spinner="Loading records…")
def dataset() -> Dataset:
    """The configured geodata folder, loaded and geocoded once per server process.

    The gazetteer index and the records live as long as the process: they are moved out of the
    garbage collector's sight (gc.freeze), because Streamlit runs a full collection after every
    script run and walking millions of long-lived objects each time made every rerun slower.
    """
    data = load_dataset(load_config().data_dir, default_geocoder())
    gc.collect()
    gc.freeze()
    return data


@st.cache_resource(show_spinner="Fetching the map's Leaflet files…")
def local_assets() -> bool:
    """True when the map's files are served locally; fetches them once per process if missing (on a
    fresh hosted deployment). Without network the map falls back to the CDN, and the page says so."""
    if not assets.assets_available():
        try:
            assets.fetch_assets(timeout=10)
        except assets.AssetError:
            return False
    return assets.assets_available()


def base_map(base_url_path: str, offline: bool) -> folium.Map:
    """The base map, built afresh each run: st_folium adds the layers to the map it is given, so a
    shared (cached) map object would collect every session's layers. Its outlines are cached."""
    name = world_file()
    fmap = mapview.base_map(assets.static_url(name, base_url_path, "generated") if name else None)
    if offline:
        assets.localise(fmap, base_url_path)
    return fmap


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


def close_details() -> None:
    """Deselect the record shown in the details panel."""
    st.session_state.record = None


@st.fragment
def map_panel(selection: export.Selection, shown: pd.DataFrame, data: Dataset, offline: bool) -> None:
    """The map, the details of the selected record, the link to this view and its exports.

    A fragment: panning, zooming, toggling a layer or clicking reruns only this part of the page.
    """
    map_layers = mapview.layers(shown, data.records, tables_view.latest_troops(selection.figures, shown),
                                visible=st.session_state.layers, view=map_bounds(),
                                token=view_token(selection))
    result = st_folium(
        base_map(st.get_option("server.baseUrlPath") or "", offline),
        feature_group_to_add=map_layers.groups,
        layer_control=folium.LayerControl(collapsed=False),
        returned_objects=["last_object_clicked_tooltip", "last_object_clicked", "center", "zoom",
                          "bounds", "selected_tags"],
        center=st.session_state.start_center, zoom=st.session_state.start_zoom,
        key="map", height=620, use_container_width=True,
    )
    remember_map(result, map_layers)
    if map_layers.cells:
        st.caption(f"{map_layers.points:,} point records around this view are drawn as "
                   f"{map_layers.cells:,} grid cells with their counts: zoom in to see them one by one.")
    record = st.session_state.record
    if record:
        st.subheader("Details")
        st.html(tables_view.details_html(data.records.set_index("id").loc[record], data.figures,
                                         data.sources))
        st.button("Close details", on_click=close_details)
    view = current_view()
    st.query_params.from_dict(urlstate.view_params(view))
    st.markdown("**Link to this view**")
    st.code(urlstate.view_link(st.context.url or "", view), language=None, wrap_lines=True)
    export_buttons(selection, data.records)


def export_buttons(selection: export.Selection, all_records: pd.DataFrame) -> None:
    """Download buttons for the filtered records (built on click). They live in the map fragment:
    a fragment rerun forgets the deferred downloads of elements outside it."""
    st.markdown(f"**Export this view**: {len(selection.records)} records with their sources, for the "
                "countries and date chosen in the sidebar.")
    columns = st.columns(len(export.FORMATS))
    for column, (fmt, (_, mime)) in zip(columns, export.FORMATS.items(), strict=True):
        column.download_button(
            fmt.upper() if fmt != "html" else "HTML map",
            data=lambda fmt=fmt: export.export(selection, fmt, all_records),
            file_name=export.file_name(selection, fmt), mime=mime, on_click="ignore", key=f"export-{fmt}",
        )


data = dataset()
records = data.records
offline = local_assets()
open_link(set(records["id"]))

# ---- Sidebar: filters --------------------------------------------------------------------------
st.sidebar.header("Filters")
countries = st.sidebar.multiselect("Countries", urlstate.COUNTRIES, format_func=country_name, key="countries")
as_of: dt.date = st.sidebar.slider(
    "As of", min_value=status.FIRST_DAY, max_value=status.LAST_DAY, format="D MMM YYYY", key="as_of",
)

selection = export.select(data, countries, as_of)
figures = selection.figures
shown = tables_view.with_unrest_size(selection.records, figures)

# ---- Main: title, notices, map, legend, details -------------------------------------------------
st.title("Kazakhstan, January 2022: unrest and the CSTO deployment")
st.caption(
    f"As of {as_of:%d %B %Y}. {len(shown)} of {len(records)} location records shown. "
    + ("Map assets served locally (works offline)." if offline
       else "Map assets from public CDNs (run `python -m dashboard assets` for offline use).")
)
if st.session_state.notices:
    st.warning("Parts of the link were ignored; the rest applies:\n\n"
               + "\n".join(f"- {notice}" for notice in st.session_state.notices))

map_col, legend_col = st.columns([4, 1])
with map_col:
    map_panel(selection, shown, data, offline)
with legend_col:
    st.markdown(tables_view.legend_html(), unsafe_allow_html=True)

# ---- Sidebar: tables ---------------------------------------------------------------------------
with st.sidebar.container(key="troops"):
    st.header("Troop origins")
    st.dataframe(tables_view.troop_table(shown, figures), hide_index=True)
with st.sidebar.container(key="withdrawal"):
    st.header("Withdrawal status")
    st.markdown(tables_view.withdrawal_summary(shown, as_of))
with st.sidebar.container(key="unrest"):
    st.header("Unrest details")
    unrest = tables_view.unrest_table(shown, figures)
    if unrest.empty:
        st.caption("No deaths, injuries or arrests reported for this selection by this date.")
    else:
        st.dataframe(unrest, hide_index=True)
    later = tables_view.unrest_table(shown, status.figures_after(data.figures, shown["id"], as_of))
    if not later.empty:
        with st.expander(f"Reported after {as_of:%d %B %Y} ({len(later)})"):
            st.dataframe(later, hide_index=True)
with st.sidebar.container(key="sources"):
    st.header("Sources")
    st.dataframe(tables_view.source_table(selection.sources), hide_index=True,
                 column_config={"url": st.column_config.LinkColumn("url")})
with st.expander(f"Data problems ({len(data.problems)})", expanded=bool(data.problems)):
    if data.problems:
        st.warning(f"{len(data.problems)} problem(s) in the data folder. Rows named here were not "
                   "loaded; row 1 is the header, row 0 the whole file. Every other row is on the map.")
        st.code("\n".join(map(str, data.problems)), language=None)
    else:
        st.success("Every row of the data folder loaded.")
