"""Building the folium map: a fixed base (country outlines) and the filtered layers on top.

The base map never changes between reruns, so streamlit-folium keeps it mounted; the filtered
layers travel as `feature_group_to_add`, which the frontend swaps without resetting zoom or pan.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd
from folium.utilities import JsCode

from dashboard.aggregate import MAX_POINTS, Bounds, cell_size, cells
from dashboard.compactlayer import CompactLayer, Shapes
from dashboard.countries import CONTRIBUTORS, HOST
from dashboard.escape import inert
from dashboard.i18n import N_, Translator
from dashboard.layerstate import HiddenOnLoad, LayerKey, LayerReporter, hidden
from dashboard.maplanguage import MapLanguage
from dashboard.outlines import Basemap

CENTER = (47.0, 62.0)
ZOOM = 4

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies. Status has two more
# cues: the flow line's dash pattern, and a filled marker (troops there) or a ring (not yet, or gone).
STATUS_STYLE: dict[str, dict[str, object]] = {
    "not_deployed": {"color": "#999999", "dash_array": "2 6", "weight": 2, "filled": False},
    "deployed": {"color": "#0072B2", "dash_array": None, "weight": 4, "filled": True},
    "withdrawing": {"color": "#E69F00", "dash_array": "10 6", "weight": 3, "filled": True},
    "withdrawn": {"color": "#56B4E9", "dash_array": "1 5", "weight": 2, "filled": False},
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
    "countries": N_("Countries"), "troops": N_("Troop origins"), "unrest": N_("Unrest sites"),
    "sites": N_("Key sites and decision centres"),
}


@dataclass
class MapLayers:
    """The filtered layers, the tooltip text -> record id lookup for clicks, and how they were drawn."""

    groups: list[folium.FeatureGroup]
    tooltip_ids: dict[str, str]
    points: int = 0  # point records in the padded view
    cells: int = 0  # grid cells drawn instead of them (0: drawn one by one)

    def record_for(self, tooltip: str | None) -> str | None:
        """The id of the record whose tooltip text the map reported for a click, if any."""
        return self.tooltip_ids.get(tooltip_key(tooltip or ""))


def tooltip_key(text: str) -> str:
    """Tooltip text with whitespace collapsed, as it is registered and as it comes back from a click."""
    return " ".join(text.split())


def base_map(outlines_url: str | None = None, lang: str = "en") -> folium.Map:
    """The map that stays mounted: no tiles by default, country outlines as the offline basemap
    (fetched from `outlines_url` when given, else written into the map), controls in `lang`."""
    tr = Translator(lang)
    fmap = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None, max_zoom=18,
                      control_scale=True)
    Basemap(outlines_url).add_to(fmap)
    folium.TileLayer("OpenStreetMap", name=tr("OpenStreetMap tiles (online)"), overlay=True,
                     show=False).add_to(fmap)
    LayerReporter().add_to(fmap)
    MapLanguage(lang).add_to(fmap)
    return fmap


NARROW_MAP_PX = 500


def layer_control() -> folium.LayerControl:
    """The layer switcher: open beside a wide map; folded into its button on a phone-sized map, where
    it would cover the map (tap or Enter opens it)."""
    return folium.LayerControl(collapsed=JsCode(f"window.innerWidth < {NARROW_MAP_PX}"))


POINT_GROUP = {"troop_origin": "troops", "unrest": "unrest", "key_site": "sites", "decision_centre": "sites"}
CELL_COLOUR = {"troops": "#0072B2", "unrest": "#D55E00", "sites": "#009E73"}
CELL_LABEL = {"troops": N_("{count} troop origins here: zoom in to see them one by one"),
              "unrest": N_("{count} unrest sites here: zoom in to see them one by one"),
              "sites": N_("{count} key sites here: zoom in to see them one by one")}


def layers(
    records: pd.DataFrame, all_records: pd.DataFrame, troops: dict[str, int],
    visible: Iterable[str] = tuple(LAYER_NAMES), popup: Callable[[str], str] | None = None,
    view: Bounds | None = None, max_points: int = MAX_POINTS, token: str = "", lang: str = "en",
) -> MapLayers:
    """Feature groups for the visible records (with `status`); `all_records` resolves arrivals.

    `troops` maps a contingent's country to the troop figure that shades it; layers whose key is not
    in `visible` start switched off. `popup`, if given, gives each record's popup HTML (already inert),
    for maps that have no sidebar (the HTML export). With a `view`, point records outside it (padded)
    are left out, and when more than `max_points` remain they are drawn as counted grid cells.
    `token` names the filter state; the browser can read which view the drawn layers belong to.
    Layer names and cell labels are in `lang`; record names are drawn as `records` give them.
    """
    tr = Translator(lang)
    groups = {k: folium.FeatureGroup(name=tr(v), show=k in visible) for k, v in LAYER_NAMES.items()}
    for key, group in groups.items():
        group.add_child(LayerKey(key, token))
    for key in hidden(LAYER_NAMES, visible):
        groups[key].add_child(HiddenOnLoad())
    tooltip_ids: dict[str, str] = {}

    def tip(record_id: str, name: str) -> str:
        """The inert tooltip for a record, registered so that a click on it finds the record."""
        label = tooltip_key(name)
        if label in tooltip_ids:
            label = f"{label} [{record_id}]"
        tooltip_ids[label] = record_id
        return inert(label)

    def extra(record_id: str, name: str) -> list[object]:
        return [tip(record_id, name), record_class(record_id), popup(record_id) if popup else None]

    largest = max(troops.values(), default=1)
    areas = Shapes()
    for row in records[records["layer"].isin(["host", "contingent"])].itertuples(index=False):
        fill, opacity = _country_area(row.country, troops, largest)
        areas.areas.append([row.country, fill, opacity, *extra(str(row.id), str(row.name))])
    CompactLayer(areas).add_to(groups["countries"])

    points = records[records["layer"].isin(list(POINT_GROUP))]
    if view is not None:
        points = points[view.padded().contains(points["lat"], points["lon"])]
    shapes = {key: Shapes() for key in CELL_COLOUR}
    if len(points) > max_points:
        size = cell_size(view or Bounds.around(*CENTER, ZOOM))
        grouped = points.assign(group=points["layer"].map(POINT_GROUP))
        grid = cells(grouped, size)
        while len(grid) > max_points:  # coarser cells until the drawing is bounded again
            size *= 2
            grid = cells(grouped, size)
        for cell in grid.itertuples(index=False):
            label = tr(CELL_LABEL[cell.group], count=tr.number(cell.count))
            shapes[cell.group].circles.append([
                round(cell.lat, 5), round(cell.lon, 5), min(6 + 3 * math.log2(cell.count), 30), "#ffffff",
                1.5, CELL_COLOUR[cell.group], 0.8, inert(label), "cell", None])
        for key, group_shapes in shapes.items():
            CompactLayer(group_shapes).add_to(groups[key])
        return MapLayers(list(groups.values()), tooltip_ids, len(points), len(grid))

    arrivals = all_records.set_index("id")[["lat", "lon", "name"]]
    for row in points.itertuples(index=False):
        lat, lon, rid, name = round(float(row.lat), 5), round(float(row.lon), 5), str(row.id), str(row.name)
        if row.layer == "troop_origin":
            style = STATUS_STYLE[row.status if isinstance(row.status, str) else "not_deployed"]
            if isinstance(row.arrival, str) and row.arrival in arrivals.index:
                end = arrivals.loc[row.arrival]
                shapes["troops"].lines.append([
                    lat, lon, round(float(end["lat"]), 5), round(float(end["lon"]), 5), style["color"],
                    style["weight"], style["dash_array"], *extra(rid, f"{name} → {end['name']}")])
            stroke, width, fill = (("#000000", 1.5, style["color"]) if style["filled"]
                                   else (style["color"], 3, "#ffffff"))
            shapes["troops"].circles.append([lat, lon, 7, stroke, width, fill, 1.0, *extra(rid, name)])
        elif row.layer == "unrest":
            size = getattr(row, "size", 6.0)
            shapes["unrest"].circles.append([
                lat, lon, round(float(size if size == size else 6.0), 1), "#333333", 1,
                UNREST_COLOURS.get(row.kind, "#999999"), 0.75, *extra(rid, name)])
        else:
            colour = CENTRE_COLOUR if row.layer == "decision_centre" else SITE_COLOUR
            shapes["sites"].icons.append([lat, lon, _shape_svg(colour, square=row.layer == "key_site"),
                                          tip(rid, name), f"site-icon {record_class(rid)}",
                                          popup(rid) if popup else None])
    for key, group_shapes in shapes.items():
        CompactLayer(group_shapes).add_to(groups[key])
    return MapLayers(list(groups.values()), tooltip_ids, len(points), 0)


def record_class(record_id: str) -> str:
    """The CSS class that marks every map element drawn for one record (ids are slugs)."""
    return f"record-{record_id}"


def _shape_svg(colour: str, square: bool) -> str:
    """A vector square (key site) or triangle (decision centre): core Leaflet, no image to load."""
    shape = ('<rect x="2" y="2" width="12" height="12"' if square
             else '<polygon points="8,1 15,15 1,15"')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" aria-hidden="true">'
            f'{shape} fill="{colour}" stroke="#ffffff" stroke-width="1.5"/></svg>')


def _country_area(code: str, troops: dict[str, int], largest: int) -> tuple[str, float]:
    """Fill colour and opacity of a country record: host, contributing state by troops, other."""
    if code == HOST:
        return HOST_FILL, 0.35
    if code in CONTRIBUTORS:
        share = math.sqrt(troops.get(code, 0) / largest) if largest else 0
        return CONTINGENT_FILL, round(0.15 + 0.35 * share, 3)
    return "#cccccc", 0.2


def unrest_sizes(deaths: pd.Series, arrests: pd.Series) -> pd.Series:
    """Circle radii in pixels: by deaths, or by arrests where no deaths are known (NaN: unknown)."""
    by_deaths = 6 + 2.2 * np.sqrt(deaths.fillna(0))
    by_arrests = 6 + 0.25 * np.sqrt(arrests.fillna(0))
    return pd.Series(np.where(deaths > 0, by_deaths, np.where(arrests > 0, by_arrests, 6.0)),
                     index=deaths.index)
