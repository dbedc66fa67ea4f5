"""The map that stays mounted: an offline basemap of country outlines, controls in the reader's language.

The base map never changes between reruns, so streamlit-folium keeps it mounted; the filtered layers
(`dashboard.map.layers`) travel as `feature_group_to_add`, which the frontend swaps without resetting
zoom or pan.
"""

from __future__ import annotations

import hashlib

import folium
import xyzservices
from folium.template import Template
from folium.utilities import JsCode

from dashboard.config import STATIC_DIR
from dashboard.data import atomic
from dashboard.geo.outlines import world_json
from dashboard.geo.regions import lakes_json
from dashboard.i18n import Translator
from dashboard.map import assets
from dashboard.map.bridge import LayerReporter, MapLanguage, TextMacro
from dashboard.map.styles import CENTER, SCHEMES, ZOOM
from dashboard.memo import memoised

GENERATED_DIR = STATIC_DIR / "generated"
NARROW_MAP_PX = 500


@memoised
def world_file() -> str | None:
    """The world outlines written once under static/generated/ (served at /app/static/generated/),
    named by content hash; None when that folder cannot be written (the map then inlines them)."""
    text = world_json()
    name = f"world-outlines-{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"
    try:
        GENERATED_DIR.mkdir(parents=True, exist_ok=True)
        target = GENERATED_DIR / name
        if not target.exists():
            atomic.write_file(target, text)
    except OSError:
        return None
    return name


class Basemap(TextMacro):
    """The offline basemap: every country outline, grey, not interactive, in a pane under the layers,
    and the region's seas above them (`dashboard.geo.seas`), when they were fetched in setup, with the
    lakes (`dashboard.geo.regions`).

    With `url` the outlines are fetched from the dashboard's own static files (so they are not resent
    with every rerun); without it they are written into the script (standalone HTML export). The lakes
    are written into the script either way; on the app's map (with `url`) they are drawn just after
    the script has run, once the filtered layers are on the map: in a pane of their own under the
    layers, so the map looks the same, and its first records are drawn without waiting for them.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            map.createPane("basemap").style.zIndex = 250;
            function draw(data) {
                L.geoJson(data, {pane: "basemap", interactive: false, style: function () {
                    return {{ this.land_style | tojson }};
                }}).addTo(map);
                {% if this.hooks %}window.__kzBasemap = true;{% endif %}
            }
            {% if this.url %}
            fetch({{ this.url | tojson }}).then(function (r) { return r.json(); }).then(draw);
            {% else %}
            draw({{ this.data }});
            {% endif %}
            {% if this.seas_url or this.seas %}
            map.createPane("water").style.zIndex = 251;
            function drawWater(data) {
                L.geoJson(data, {pane: "water", interactive: false, style: function () {
                    return {{ this.water_style | tojson }};
                }}).addTo(map);
                {% if this.hooks %}window.__kzWater = true;{% endif %}
            }
            {% if this.seas_url %}
            fetch({{ this.seas_url | tojson }}).then(function (r) { return r.json(); }).then(drawWater);
            {% else %}
            drawWater({{ this.seas }});
            {% endif %}
            {% endif %}
            {% if this.lakes %}
            if (!map.getPane("water")) { map.createPane("water").style.zIndex = 251; }
            function drawLakes() {
                L.geoJson({{ this.lakes }}, {pane: "water", interactive: false, style: function () {
                    return {{ this.water_style | tojson }};
                }}).addTo(map);
            }
            {% if this.url %}
            setTimeout(drawLakes, 0);  // after the layers: the first records drawn do not wait for them
            {% else %}
            drawLakes();
            {% endif %}
            {% endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str | None = None, hooks: bool = False, seas_url: str | None = None,
                 scheme: str = "light") -> None:
        super().__init__()
        self._name = "Basemap"
        self.url = url
        self.hooks = hooks
        self.data = "" if url else world_json()
        colours = SCHEMES[scheme]
        self.land_style = colours.land_style()
        self.water_style = colours.water_style()
        # The seas: fetched from `seas_url`, else written into the script when they were fetched in
        # setup and the outlines are written in too (a standalone map); else no water is drawn.
        seas = assets.seas_file() if not (url or seas_url) else None
        self.seas_url = seas_url
        self.seas = seas.read_text(encoding="utf-8") if seas else ""
        self.lakes = lakes_json()  # the lakes (`geodata/boundaries`), written in: some tens of kilobytes


class OpeningFit(TextMacro):
    """On a map too narrow to show `bounds` at its opening zoom (a phone), open on `bounds` instead
    (`map.opening`): the host country and every troop route. A wider map keeps its centre and zoom."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, bounds) {
            if (map.getBoundsZoom(bounds, false, L.point(20, 20)) < map.getZoom()) {
                map.fitBounds(bounds, {padding: [10, 10], animate: false});
            }
        })({{ this._parent.get_name() }}, {{ this.bounds | tojson }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self.bounds = bounds


def base_map(outlines_url: str | None = None, lang: str = "en", hooks: bool = False,
             seas_url: str | None = None, scheme: str = "light",
             opening: list[list[float]] | None = None) -> folium.Map:
    """The map that stays mounted: no tiles by default, country outlines as the offline basemap
    (fetched from `outlines_url` when given, else written into the map), the seas over them (fetched
    from `seas_url`; written into a standalone map when fetched in setup), controls in `lang`.

    With `hooks` the map tells the browser when its outlines (`window.__kzBasemap`) and its seas
    (`window.__kzWater`) have arrived. `scheme` names the land and water colours (`styles.SCHEMES`).
    `opening`: the bounds a map too narrow for them at the opening zoom fits instead (`OpeningFit`).
    """
    tr = Translator(lang)
    fmap = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None, max_zoom=18, control_scale=True)
    Basemap(outlines_url, hooks, seas_url, scheme).add_to(fmap)
    folium.TileLayer(osm_tiles(), name=tr("OpenStreetMap tiles (online)"), overlay=True,
                     show=False).add_to(fmap)
    LayerReporter().add_to(fmap)
    MapLanguage(lang, [tr("Zoom in"), tr("Zoom out"), tr("Map layers")]).add_to(fmap)
    if opening is not None:
        OpeningFit(opening).add_to(fmap)
    return fmap


@memoised
def osm_tiles() -> xyzservices.TileProvider:
    """OpenStreetMap's standard tiles, the provider folium's TileLayer finds for "OpenStreetMap": looked
    up once (a look-up by name walks every provider; the map is built afresh on every run)."""
    return xyzservices.providers.query_name("OpenStreetMap Mapnik")


def layer_control() -> folium.LayerControl:
    """The layer switcher: open beside a wide map; folded into its button on a phone-sized map, where
    it would cover the map (tap or Enter opens it)."""
    return folium.LayerControl(collapsed=JsCode(f"window.innerWidth < {NARROW_MAP_PX}"))
