"""What both pages share for the life of the server process: settings, data, map files, the base map.

Streamlit keeps the resources here (`st.cache_resource`); everything else the process remembers is in
`dashboard.memo`'s caches. `forget_everything` clears both; and since every script run starts by asking
for the data (`warmup.freeze_long_lived`), a bare `st.cache_resource.clear()` (Streamlit's own "Clear
caches", or a test's) clears `memo` too, when the data is loaded again.
"""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st

from dashboard import memo
from dashboard.config import Config, load_config
from dashboard.geo import changeset
from dashboard.geo.datacache import cached_dataset
from dashboard.geo.dataset import Dataset
from dashboard.map import assets, basemap
from dashboard.map.basemap import world_file
from dashboard.map.opening import opening_bounds
from dashboard.scene import localised


@st.cache_resource
def settings() -> Config:
    """The configuration, read once per server process."""
    return load_config()


def data_version() -> str:
    """The version of the configured data folder now (`changeset.data_version`, from its tables' sizes
    and times: cheap to ask on every script run). It changes with every change saved to the folder (on
    the desk, by the command line, or by hand), and every result made from the data is kept under it, so
    a saved change reaches readers at their next script run, without a restart."""
    return changeset.data_version(settings().data_dir)


def dataset() -> Dataset:
    """The configured geodata folder at its current version (`data_version`), loaded and geocoded once
    per version and server process (and read back from the cache folder when nothing it was made from
    has changed since: `geo.datacache`)."""
    return _dataset_at(data_version())


@st.cache_resource(show_spinner="Loading records…", max_entries=2)
def _dataset_at(version: str) -> Dataset:
    """The data at `version`. Loading a version first forgets every result `memo` keeps, so nothing made
    from the data before outlives it (the results kept by view are keyed by the version as well)."""
    memo.clear()
    return cached_dataset(settings().data_dir, later=True)[0]  # the file written beside the first view


def forget_everything() -> None:
    """Forget every result the process keeps: Streamlit's resources and every `memo` cache (the data
    is loaded again, and everything made from it made again, on the next use)."""
    st.cache_resource.clear()
    memo.clear()


def records_in(lang: str) -> pd.DataFrame:
    """All records in the reader's language (flow-line ends, the details panel, the chronology)."""
    return _records_at(lang, data_version())


@st.cache_resource(max_entries=8)
def _records_at(lang: str, _version: str) -> pd.DataFrame:
    return localised(dataset().records, lang)


@st.cache_resource(show_spinner=False)
def opening() -> list[list[float]]:
    """What the map must show when it opens (the host and every troop route), once per process."""
    return opening_bounds(dataset().records)


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


def page_scheme() -> str:
    """The page's colour scheme as Streamlit reports it ("dark" when the reader's theme is dark), so the
    map's land and water match the page."""
    theme = getattr(st.context, "theme", None)
    return "dark" if getattr(theme, "type", None) == "dark" else "light"


def base_map(lang: str) -> folium.Map:
    """The base map, built afresh each run: st_folium adds the layers to the map it is given, so a
    shared (cached) map object would collect every session's layers. Its outlines are cached."""
    base_url_path = st.get_option("server.baseUrlPath") or ""
    name = world_file()
    url = assets.static_url(name, base_url_path, "generated") if name else None
    seas = assets.static_url(assets.SEAS_FILE, base_url_path) if assets.seas_file() else None
    fmap = basemap.base_map(url, lang, hooks=settings().test_hooks, seas_url=seas, scheme=page_scheme(),
                            opening=opening())
    if local_assets():
        assets.localise(fmap, base_url_path)
    return fmap
