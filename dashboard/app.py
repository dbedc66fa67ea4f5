"""The dashboard page. Run with `uv run streamlit run dashboard/app.py`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.config import load_config
from dashboard.gazetteer import default_geocoder
from dashboard.loader import Dataset, load_dataset

st.set_page_config(page_title="Kazakhstan, January 2022: CSTO deployment", layout="wide")


@st.cache_resource(show_spinner="Loading records…")
def dataset() -> Dataset:
    """The configured geodata folder, loaded and geocoded once per server process."""
    return load_dataset(load_config().data_dir, default_geocoder())


data = dataset()

st.title("Kazakhstan, January 2022: unrest and the CSTO deployment")
st.caption(
    "Location records from the dpa report of 13 January 2022 and other cited sources. "
    "The interactive map follows; this page lists the records it will draw."
)

left, middle, right = st.columns(3)
left.metric("Location records", len(data.records))
middle.metric("Cited sources", len(data.sources))
right.metric("Sourced figures", len(data.figures))

st.subheader("Records")
st.dataframe(
    pd.DataFrame(data.records.drop(columns="geometry"))[
        ["id", "name", "country", "layer", "kind", "lat", "lon", "coord_method", "precision"]
    ],
    hide_index=True,
    use_container_width=True,
)

st.subheader("Data problems")
if data.problems:
    st.warning(f"{len(data.problems)} row(s) could not be loaded:")
    st.code("\n".join(map(str, data.problems)), language=None)
else:
    st.success("Every row of the data folder loaded.")
