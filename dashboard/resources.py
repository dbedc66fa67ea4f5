"""What both pages share for the life of the server process: the data, the map's files, the base map."""

from __future__ import annotations

import gc

import folium
import streamlit as st

from dashboard import assets, mapview
from dashboard.config import load_config
from dashboard.gazetteer import default_geocoder
from dashboard.loader import Dataset, load_dataset
from dashboard.outlines import world_file


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


def base_map(base_url_path: str, offline: bool, lang: str) -> folium.Map:
    """The base map, built afresh each run: st_folium adds the layers to the map it is given, so a
    shared (cached) map object would collect every session's layers. Its outlines are cached."""
    name = world_file()
    fmap = mapview.base_map(assets.static_url(name, base_url_path, "generated") if name else None, lang)
    if offline:
        assets.localise(fmap, base_url_path)
    return fmap
