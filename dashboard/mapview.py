"""Building the folium map: a fixed base (country outlines) and the filtered layers on top.

The base map never changes between reruns, so streamlit-folium keeps it mounted; the filtered
layers travel as `feature_group_to_add`, which the frontend swaps without resetting zoom or pan.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import folium
import pandas as pd
from branca.element import MacroElement
from folium.template import Template
from shapely.geometry import mapping, shape

from dashboard.countries import CONTRIBUTORS, HOST, country_info
from dashboard.escape import inert
from dashboard.layerstate import HiddenOnLoad, LayerKey, LayerReporter, hidden

CENTER = (47.0, 62.0)
ZOOM = 4
SIMPLIFY_DEGREES = 0.05

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
STATUS_STYLE: dict[str, dict[str, object]] = {
    "not_deployed": {"color": "#999999", "dash_array": "2 6", "weight": 2},
    "deployed": {"color": "#0072B2", "dash_array": None, "weight": 4},
    "withdrawing": {"color": "#E69F00", "dash_array": "10 6", "weight": 3},
    "withdrawn": {"color": "#56B4E9", "dash_array": "1 5", "weight": 2},
}
UNREST_COLOURS: dict[str, str] = {
    "protest": "#F0E442", "riot": "#D55E00", "seizure": "#CC79A7", "arson": "#E69F00",
    "clash": "#000000",
}
SITE_COLOUR = "#009E73"
CENTRE_COLOUR = "#000000"
HOST_FILL = "#F0E442"
CONTINGENT_FILL = "#0072B2"
LAYER_NAMES = {
    "countries": "Countries", "troops": "Troop origins", "unrest": "Unrest", "sites": "Key sites",
}


class HtmlPopup(MacroElement):
    """A popup with ready-made (already inert) HTML, bound without jQuery: the HTML travels as a JSON
    string literal (jinja's `tojson` also escapes `<`, `>`, `&` and quotes), never a template literal."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindPopup({{ this.html | tojson }}, {maxWidth: {{ this.max_width }}});
        {% endmacro %}
    """)

    def __init__(self, html: str, max_width: int = 420) -> None:
        super().__init__()
        self._name = "HtmlPopup"
        self.html = html
        self.max_width = int(max_width)


@dataclass
class MapLayers:
    """The filtered layers and the tooltip text -> record id lookup for clicks."""

    groups: list[folium.FeatureGroup]
    tooltip_ids: dict[str, str]

    def record_for(self, tooltip: str | None) -> str | None:
        """The id of the record whose tooltip text the map reported for a click, if any."""
        return self.tooltip_ids.get(tooltip_key(tooltip or ""))


def tooltip_key(text: str) -> str:
    """Tooltip text with whitespace collapsed, as it is registered and as it comes back from a click."""
    return " ".join(text.split())


@cache
def _outlines_by_code() -> dict[str, tuple[dict, ...]]:
    """Each country's outline (countryinfo), simplified, as GeoJSON features keyed by alpha-2 code."""
    import pycountry

    outlines: dict[str, tuple[dict, ...]] = {}
    for country in pycountry.countries:
        info = country_info(country.alpha_2)
        if info is None:  # a few territories have no outline in countryinfo
            continue
        outlines[country.alpha_2] = tuple(
            {"type": "Feature", "properties": {"code": country.alpha_2},
             "geometry": mapping(shape(feature["geometry"]).simplify(
                 SIMPLIFY_DEGREES, preserve_topology=True))}
            for feature in info.geo_json().get("features", [])
        )
    return outlines


def base_map() -> folium.Map:
    """The map that stays mounted: no tiles by default, country outlines as the offline basemap."""
    fmap = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None, max_zoom=18,
                      control_scale=True)
    folium.GeoJson(
        {"type": "FeatureCollection",
         "features": [f for fs in _outlines_by_code().values() for f in fs]},
        name="Country outlines (offline basemap)",
        style_function=lambda _: {"color": "#777777", "weight": 0.6, "fillColor": "#f4f4f4",
                                  "fillOpacity": 1.0},
        control=False,
    ).add_to(fmap)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (online)", overlay=True,
                     show=False).add_to(fmap)
    LayerReporter().add_to(fmap)
    return fmap


def layers(
    records: pd.DataFrame, all_records: pd.DataFrame, troops: dict[str, int],
    visible: Iterable[str] = tuple(LAYER_NAMES), popup: Callable[[str], str] | None = None,
) -> MapLayers:
    """Feature groups for the visible records (with `status`); `all_records` resolves arrivals.

    `troops` maps a contingent's country to the troop figure that shades it; layers whose key is not
    in `visible` start switched off. `popup`, if given, gives each record's popup HTML (already inert),
    for maps that have no sidebar (the HTML export).
    """
    groups = {k: folium.FeatureGroup(name=v, show=k in visible) for k, v in LAYER_NAMES.items()}
    for key, group in groups.items():
        group.add_child(LayerKey(key))
    for key in hidden(LAYER_NAMES, visible):
        groups[key].add_child(HiddenOnLoad())
    tooltip_ids: dict[str, str] = {}
    by_id = all_records.set_index("id")

    def tip(row: pd.Series, label: str | None = None) -> str:
        """The inert tooltip for `row`, registered so that a click on it finds the record."""
        label = tooltip_key(str(row["name"]) if label is None else label)
        if label in tooltip_ids:
            label = f"{label} [{row['id']}]"
        tooltip_ids[label] = str(row["id"])
        return inert(label)

    def put(element: folium.MacroElement, group: str, row: pd.Series) -> None:
        if popup is not None:
            element.add_child(HtmlPopup(popup(str(row["id"]))))
        element.add_to(groups[group])

    largest = max(troops.values(), default=1)
    for _, row in records.iterrows():
        layer = row["layer"]
        if layer in ("host", "contingent"):
            put(_country_shape(row, troops, largest, tip(row)), "countries", row)
        elif layer == "troop_origin":
            style = STATUS_STYLE[row["status"] if isinstance(row["status"], str) else "not_deployed"]
            arrival = row["arrival"]
            if isinstance(arrival, str) and arrival in by_id.index:
                end = by_id.loc[arrival]
                put(folium.PolyLine(
                    [(row["lat"], row["lon"]), (end["lat"], end["lon"])],
                    color=style["color"], weight=style["weight"], dash_array=style["dash_array"],
                    opacity=0.9, tooltip=tip(row, f"{row['name']} → {end['name']}"),
                    class_name=record_class(row["id"]),
                ), "troops", row)
            put(folium.CircleMarker(
                (row["lat"], row["lon"]), radius=7, color="#000000", weight=1.5,
                fill=True, fill_color=style["color"], fill_opacity=1.0, tooltip=tip(row),
                class_name=record_class(row["id"]),
            ), "troops", row)
        elif layer == "unrest":
            put(folium.CircleMarker(
                (row["lat"], row["lon"]), radius=row.get("size", 6), color="#333333", weight=1,
                fill=True, fill_color=UNREST_COLOURS.get(row["kind"], "#999999"), fill_opacity=0.75,
                tooltip=tip(row), class_name=record_class(row["id"]),
            ), "unrest", row)
        else:
            colour = CENTRE_COLOUR if layer == "decision_centre" else SITE_COLOUR
            put(folium.Marker(
                (row["lat"], row["lon"]),
                icon=_shape_icon(colour, square=layer == "key_site", record_id=row["id"]),
                tooltip=tip(row),
            ), "sites", row)
    return MapLayers(list(groups.values()), tooltip_ids)


def record_class(record_id: str) -> str:
    """The CSS class that marks every map element drawn for one record (ids are slugs)."""
    return f"record-{record_id}"


def _shape_icon(colour: str, square: bool, record_id: str) -> folium.DivIcon:
    """A vector square (key site) or triangle (decision centre): core Leaflet, no image to load."""
    shape = ('<rect x="2" y="2" width="12" height="12"' if square
             else '<polygon points="8,1 15,15 1,15"')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" aria-hidden="true">'
           f'{shape} fill="{colour}" stroke="#ffffff" stroke-width="1.5"/></svg>')
    return folium.DivIcon(html=svg, icon_size=(16, 16), icon_anchor=(8, 8),
                          class_name=f"site-icon {record_class(record_id)}")


def _country_shape(row: pd.Series, troops: dict[str, int], largest: int, tooltip: str) -> folium.GeoJson:
    """The record's country outline, shaded by role; `tooltip` (already inert) names it on hover and
    identifies it on click (bound per feature so that streamlit-folium reports it)."""
    code = row["country"]
    features = [{**f, "properties": {**f["properties"], "name": tooltip}}
                for f in _outlines_by_code().get(code, ())]
    if code == HOST:
        fill, opacity = HOST_FILL, 0.35
    elif code in CONTRIBUTORS:
        share = math.sqrt(troops.get(code, 0) / largest) if largest else 0
        fill, opacity = CONTINGENT_FILL, 0.15 + 0.35 * share
    else:
        fill, opacity = "#cccccc", 0.2
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda _, f=fill, o=opacity: {"color": "#333333", "weight": 1,
                                                     "fillColor": f, "fillOpacity": o},
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        className=record_class(row["id"]),
    )


def unrest_size(deaths: float | None, arrests: float | None) -> float:
    """Circle radius in pixels: by deaths, or by arrests where no deaths are known."""
    if deaths:
        return 6 + 2.2 * math.sqrt(deaths)
    if arrests:
        return 6 + 0.25 * math.sqrt(arrests)
    return 6.0
