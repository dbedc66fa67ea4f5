"""The usual dashboard, for the benchmark's baseline: same data and filters, map rebuilt each rerun."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from bench.baseline import build_map, filter_rows
from dashboard.config import load_config
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.gazetteer import default_geocoder
from dashboard.view.link import COUNTRIES
from dashboard.view.status import FIRST_DAY, LAST_DAY, REPORT_DAY


@st.cache_resource
def dataset() -> Dataset:
    """Loading is cached here too, so the comparison is about the map."""
    return load_dataset(load_config().data_dir, default_geocoder())


records = dataset().records
countries = st.sidebar.multiselect("Countries", COUNTRIES, default=list(COUNTRIES), key="countries")
as_of = st.sidebar.slider("As of", min_value=FIRST_DAY, max_value=LAST_DAY, value=REPORT_DAY, key="as_of")
shown = filter_rows(records, countries, as_of)
st.caption(f"{len(shown)} of {len(records)} records")
st_folium(build_map(shown), key="map", height=620, use_container_width=True)
