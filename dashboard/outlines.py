"""Country outlines: the offline basemap and the shapes of the host and contributing states.

Outlines come from the `countryinfo` package, simplified and rounded once per process, and are kept
as ready JSON text: a rerun inserts them into the map script without re-serialising or re-parsing.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import numpy as np
from folium.template import Template
from shapely import prepare, transform
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from dashboard.countries import country_info
from dashboard.textmacro import TextMacro

SIMPLIFY_DEGREES = 0.05
OUTLINE_DECIMALS = 2  # about 1 km: plenty for a basemap, and half the bytes of full floats


@cache
def outlines_by_code() -> dict[str, tuple[dict, ...]]:
    """Each country's outline (countryinfo), simplified, as GeoJSON features keyed by alpha-2 code."""
    import pycountry

    outlines: dict[str, tuple[dict, ...]] = {}
    for country in pycountry.countries:
        info = country_info(country.alpha_2)
        if info is None:  # a few territories have no outline in countryinfo
            continue
        outlines[country.alpha_2] = tuple(
            {"type": "Feature", "properties": {"code": country.alpha_2},
             "geometry": mapping(transform(
                 shape(feature["geometry"]).simplify(SIMPLIFY_DEGREES, preserve_topology=True),
                 lambda xy: np.round(xy, OUTLINE_DECIMALS)))}
            for feature in info.geo_json().get("features", [])
        )
    return outlines


@cache
def country_geometry(code: str) -> BaseGeometry | None:
    """One country's outline as a prepared shapely geometry (None when the package has none)."""
    features = outlines_by_code().get(code)
    if not features:
        return None
    geometry = unary_union([shape(f["geometry"]).buffer(0) for f in features])
    prepare(geometry)
    return geometry


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element (no `</`, no `<!--`)."""
    return json.dumps(value, separators=(",", ":")).replace("<", "\\u003c")


@cache
def outline_json(code: str) -> str:
    """One country's outline as a GeoJSON FeatureCollection, as script-safe JSON text."""
    return _script_json({"type": "FeatureCollection", "features": list(outlines_by_code().get(code, ()))})


@cache
def world_json() -> str:
    """Every country's outline as one FeatureCollection, as script-safe JSON text."""
    features = [f for fs in outlines_by_code().values() for f in fs]
    return _script_json({"type": "FeatureCollection", "features": features})


GENERATED_DIR = Path(__file__).resolve().parent / "static" / "generated"


@cache
def world_file() -> str | None:
    """The world outlines written once under static/generated/ (served at /app/static/generated/),
    named by content hash; None when that folder cannot be written (the map then inlines them)."""
    text = world_json()
    name = f"world-outlines-{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"
    try:
        GENERATED_DIR.mkdir(parents=True, exist_ok=True)
        target = GENERATED_DIR / name
        if not target.exists():
            partial = target.with_suffix(".part")
            partial.write_text(text, encoding="utf-8")
            partial.replace(target)
    except OSError:
        return None
    return name


class Basemap(TextMacro):
    """The offline basemap: every country outline, grey, not interactive, in a pane under the layers.

    With `url` the outlines are fetched from the dashboard's own static files (so they are not resent
    with every rerun); without it they are written into the script (standalone HTML export).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            map.createPane("basemap").style.zIndex = 250;
            function draw(data) {
                L.geoJson(data, {pane: "basemap", interactive: false, style: function () {
                    return {color: "#777777", weight: 0.6, fillColor: "#f4f4f4", fillOpacity: 1.0};
                }}).addTo(map);
                window.__kzBasemap = true;
            }
            {% if this.url %}
            fetch({{ this.url | tojson }}).then(function (r) { return r.json(); }).then(draw);
            {% else %}
            draw({{ this.data }});
            {% endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str | None = None) -> None:
        super().__init__()
        self._name = "Basemap"
        self.url = url
        self.data = "" if url else world_json()
