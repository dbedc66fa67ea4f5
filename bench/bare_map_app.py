"""The map's own floor for the first-map benchmark (`bench/firstmap.py`): a Streamlit page of one
streamlit-folium map of the same records the dashboard opens on, a `folium.CircleMarker` each, no tiles,
its Leaflet files served locally as the dashboard serves them (`/app/static/vendor/`). `bench.firstmap`
runs it from a folder of its own, beside a copy of the dashboard's `static/vendor/` (Streamlit serves
`static/` beside the page's script) and `floor.json`: the records' coordinates as the dashboard's loader
placed them, the dashboard's opening centre and zoom, and the map's asset lists as the dashboard
localises them. The page reads them as plain JSON, so it imports none of our code (whose data stack,
pydantic, geopandas, shapely, pyproj …, a page drawing these records need not load)."""

from __future__ import annotations

import json
from pathlib import Path

import folium
from streamlit_folium import st_folium

floor = json.loads((Path(__file__).parent / "floor.json").read_text())
fmap = folium.Map(location=floor["center"], zoom_start=floor["zoom"], tiles=None)
for lat, lon in floor["points"]:
    folium.CircleMarker((lat, lon), radius=6).add_to(fmap)
# The local Leaflet files only, as `map.assets.localise` leaves them (instance lists, not the class's).
fmap.default_js = [tuple(pair) for pair in floor["js"]]
fmap.default_css = [tuple(pair) for pair in floor["css"]]
st_folium(fmap, height=620, returned_objects=[], key="map")
