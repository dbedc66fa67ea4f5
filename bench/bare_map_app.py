"""The map's own floor for the first-map benchmark (`bench/firstmap.py`): a Streamlit page of one
streamlit-folium map with one circle and no tiles, its Leaflet files served locally as the dashboard
serves them (`/app/static/vendor/`). `bench.firstmap` runs it from a folder of its own, beside a copy of
the dashboard's `static/vendor/`, because Streamlit serves `static/` beside the page's script."""

from __future__ import annotations

import folium
from streamlit_folium import st_folium

from dashboard.map import assets
from dashboard.map.styles import CENTER, ZOOM

fmap = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None)
folium.CircleMarker(CENTER, radius=8).add_to(fmap)
assets.localise(fmap)
st_folium(fmap, height=620, returned_objects=[], key="map")
