"""The map's own floor for the first-map benchmark (`bench/firstmap.py`): a Streamlit page of one
streamlit-folium map of the same records the dashboard opens on, a `folium.CircleMarker` each, no tiles,
its Leaflet files served locally as the dashboard serves them (`/app/static/vendor/`). `bench.firstmap`
runs it from a folder of its own, beside a copy of the dashboard's `static/vendor/` (Streamlit serves
`static/` beside the page's script) and `points.json`, the records' coordinates as the dashboard's loader
placed them ([[lat, lon], …]): the page reads them as plain JSON, so it loads none of our code."""

from __future__ import annotations

import json
from pathlib import Path

import folium
from streamlit_folium import st_folium

from dashboard.map import assets
from dashboard.map.styles import CENTER, ZOOM

fmap = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None)
for lat, lon in json.loads((Path(__file__).parent / "points.json").read_text()):
    folium.CircleMarker((lat, lon), radius=6).add_to(fmap)
assets.localise(fmap)
st_folium(fmap, height=620, returned_objects=[], key="map")
