"""The dashboard page. Run with `uv run streamlit run dashboard/app.py`."""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from dashboard import assets, mapview, status, tables_view
from dashboard.config import load_config
from dashboard.countries import CONTRIBUTORS, HOST, country_name
from dashboard.gazetteer import default_geocoder
from dashboard.loader import Dataset, load_dataset

st.set_page_config(page_title="Kazakhstan, January 2022: CSTO deployment", layout="wide")


@st.cache_resource(show_spinner="Loading records…")
def dataset() -> Dataset:
    """The configured geodata folder, loaded and geocoded once per server process."""
    return load_dataset(load_config().data_dir, default_geocoder())


def base_map(base_url_path: str, offline: bool) -> folium.Map:
    """The base map, built afresh each run: st_folium adds the layers to the map it is given, so a
    shared (cached) map object would collect every session's layers. Its outlines are cached."""
    fmap = mapview.base_map()
    if offline:
        assets.localise(fmap, base_url_path)
    return fmap


data = dataset()
records = data.records
offline = assets.assets_available()

# ---- Sidebar: filters --------------------------------------------------------------------------
st.sidebar.header("Filters")
choices = [HOST, *CONTRIBUTORS]
countries = st.sidebar.multiselect(
    "Countries", choices, default=choices, format_func=country_name, key="countries",
)
as_of = st.sidebar.slider(
    "As of", min_value=status.FIRST_DAY, max_value=status.LAST_DAY, value=status.REPORT_DAY,
    format="D MMM YYYY", key="as_of",
)

shown = status.visible(records, countries, as_of)
figures = status.figures_known(data.figures, shown["id"], as_of)
shown = tables_view.with_unrest_size(shown, figures)

# ---- Main: title, map, legend, details -----------------------------------------------------------
st.title("Kazakhstan, January 2022: unrest and the CSTO deployment")
st.caption(
    f"As of {as_of:%d %B %Y}. {len(shown)} of {len(records)} location records shown. "
    + ("Map assets served locally (works offline)." if offline
       else "Map assets from public CDNs (run `python -m dashboard assets` for offline use).")
)

map_layers = mapview.layers(shown, records, tables_view.latest_troops(figures, shown))
map_col, legend_col = st.columns([4, 1])
with map_col:
    clicked = st_folium(
        base_map(st.get_option("server.baseUrlPath") or "", offline),
        feature_group_to_add=map_layers.groups,
        layer_control=folium.LayerControl(collapsed=False),
        returned_objects=["last_object_clicked_tooltip"],
        key="map", height=620, use_container_width=True,
    )
with legend_col:
    st.markdown(tables_view.legend_html(), unsafe_allow_html=True)

selected = map_layers.record_for((clicked or {}).get("last_object_clicked_tooltip"))
if selected:
    st.subheader("Details")
    st.html(tables_view.details_html(records.set_index("id").loc[selected], data.figures, data.sources))

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
    st.dataframe(tables_view.source_table(shown, figures, data.sources), hide_index=True,
                 column_config={"url": st.column_config.LinkColumn("url")})

with st.expander(f"Data problems ({len(data.problems)})", expanded=bool(data.problems)):
    if data.problems:
        st.warning(f"{len(data.problems)} row(s) could not be loaded:")
        st.code("\n".join(map(str, data.problems)), language=None)
    else:
        st.success("Every row of the data folder loaded.")
