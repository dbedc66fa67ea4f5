"""The map of a still, drawn with geopandas and matplotlib as the app's Leaflet map draws the scene's
shapes (`dashboard/map/compact.js`): the basemap, country areas, flow lines, circles and vector icons,
each with the colours, widths, dash patterns and pixel sizes the shapes carry.

Leaflet draws the vector shapes group by group in the vocabulary's order (areas, lines, circles within
each) and every icon above them; so does this. Records that share a point sit on a ring around it, a
thin line back to the point, as in the app.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Polygon, Rectangle
from shapely.geometry import shape

from dashboard.geo.outlines import outlines_by_code
from dashboard.geo.regions import dry_outline_json, lake_polygons, region_geometry
from dashboard.geo.seas import seas_shape
from dashboard.map import assets
from dashboard.map.compact import Shapes
from dashboard.map.styles import SCHEMES
from dashboard.memo import memoised
from dashboard.render.still.page import PT_PER_PX, MapFrame, mercator
from dashboard.vocabulary import LAYERS

# The app's basemap (dashboard/map/basemap.py): grey outlines on light grey land, on Leaflet's grey
# background where no tiles are loaded.
BACKGROUND = "#dddddd"
LAND, LAND_EDGE, LAND_WEIGHT = "#f4f4f4", "#777777", 0.6
AREA_EDGE, AREA_WEIGHT = "#333333", 1.0  # compact.js: a country area's outline
LINE_OPACITY = 0.9  # compact.js: flow lines
LEG_COLOUR, LEG_WEIGHT = "#555555", 1.0  # compact.js: the line from a ring's marker back to its point
ICON_EDGE, ICON_WEIGHT = "#ffffff", 1.5  # dashboard.map.layers.mark_svg
# mark_svg's 16 × 16 icon anchored at its centre: the square's and the triangle's corners, in pixels
# from the point (y up).
ICON_CORNERS = {"square": ((-6, -6), (6, -6), (6, 6), (-6, 6)), "triangle": ((0, 7), (7, -7), (-7, -7))}


@memoised
def world() -> gpd.GeoSeries:
    """Every country's outline (the app's basemap outlines) in Web Mercator."""
    geometries = [shape(f["geometry"]) for features in outlines_by_code().values() for f in features]
    return gpd.GeoSeries(geometries, crs=4326).clip_by_rect(-180, -85, 180, 85).to_crs(3857)


@memoised
def country(code: str) -> gpd.GeoSeries:
    """One country's outline in Web Mercator (empty when the outlines have none)."""
    geometries = [shape(f["geometry"]) for f in outlines_by_code().get(code, ())]
    return gpd.GeoSeries(geometries, crs=4326).clip_by_rect(-180, -85, 180, 85).to_crs(3857)


@memoised
def area_outline(code: str) -> gpd.GeoSeries:
    """An area's outline in Web Mercator: one of Kazakhstan's regions (an ISO 3166-2 code) or a country
    (without its lakes, as the app draws it)."""
    if "-" not in code:
        features = json.loads(dry_outline_json(code))["features"]
        return gpd.GeoSeries([shape(f["geometry"]) for f in features], crs=4326).clip_by_rect(
            -180, -85, 180, 85).to_crs(3857)
    geometry = region_geometry(code)
    return gpd.GeoSeries([geometry] if geometry is not None else [], crs=4326).to_crs(3857)


@memoised
def lakes_mercator() -> gpd.GeoSeries:
    """The region's lakes (`geodata/boundaries/lakes.geojson`) in Web Mercator (empty without the file)."""
    return gpd.GeoSeries(lake_polygons(), crs=4326).to_crs(3857)


@memoised
def outline_bounds() -> dict[str, tuple[float, float, float, float]]:
    """Each country's outline bounds in degrees (west, south, east, north), for the map's extent."""
    return {code: tuple(gpd.GeoSeries([shape(f["geometry"]) for f in features]).total_bounds)
            for code, features in outlines_by_code().items() if features}


def water(frame: MapFrame) -> gpd.GeoSeries | None:
    """The seas to draw in `frame`, in Web Mercator, as the app's basemap draws them; None when the seas
    were not fetched (`python -m dashboard assets`): the map then shows land only, as the app does."""
    seas = seas_mercator()
    if seas is None:
        return None
    clipped = seas.clip_by_rect(frame.x0, frame.y0, frame.x1, frame.y1)
    return clipped[~clipped.is_empty]


@memoised
def seas_mercator() -> gpd.GeoSeries | None:
    """The region's seas (`dashboard.geo.seas`, fetched in setup) in Web Mercator, or None."""
    path = assets.seas_file()
    if path is None:
        return None
    feature = json.loads(path.read_text(encoding="utf-8"))
    return gpd.GeoSeries([seas_shape(feature)], crs=4326).clip_by_rect(-180, -85, 180, 85).to_crs(3857)


def draw_map(ax: Axes, shapes: dict[str, Shapes], frame: MapFrame, layers: dict[str, str]) -> None:
    """Draw the basemap and the scene's `shapes` (by map group) into `ax`, framed by `frame`.

    `layers` maps each record drawn as an icon to its layer, whose vocabulary entry gives the icon's mark
    and colour.
    """
    ax.set_xlim(frame.x0, frame.x1)
    ax.set_ylim(frame.y0, frame.y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.add_patch(Rectangle((frame.x0, frame.y0), frame.x1 - frame.x0, frame.y1 - frame.y0,
                           facecolor=BACKGROUND, edgecolor="none", zorder=0))
    box = (frame.x0, frame.y0, frame.x1, frame.y1)
    seas = water(frame)
    if seas is not None and not seas.empty:
        scheme = SCHEMES["light"]  # the seas over the land's outlines, as the app draws them
        seas.plot(ax=ax, facecolor=scheme.water, edgecolor=scheme.coast, linewidth=LAND_WEIGHT * PT_PER_PX,
                  zorder=1.5)
    lakes = lakes_mercator().clip_by_rect(*box)
    lakes = lakes[~lakes.is_empty]
    if not lakes.empty:  # the lakes with the seas, as the app's basemap draws them
        scheme = SCHEMES["light"]
        lakes.plot(ax=ax, facecolor=scheme.water, edgecolor=scheme.coast, linewidth=LAND_WEIGHT * PT_PER_PX,
                   zorder=1.6)
    land = world().clip_by_rect(*box)
    land = land[~land.is_empty]
    if not land.empty:
        land.plot(ax=ax, facecolor=LAND, edgecolor=LAND_EDGE, linewidth=LAND_WEIGHT * PT_PER_PX, zorder=1)
    mpp = frame.metres_per_px
    zorder = 2.0
    icons = []
    for drawn in shapes.values():
        for area in drawn.areas:
            outline = area_outline(area.country).clip_by_rect(*box)
            outline = outline[~outline.is_empty]
            if not outline.empty:
                dash = (0, tuple(float(v) * PT_PER_PX for v in area.dash.split())) if area.dash else "solid"
                outline.plot(ax=ax, facecolor=to_rgba(area.fill, area.fill_opacity),
                             edgecolor=area.stroke or AREA_EDGE, linestyle=dash,
                             linewidth=(area.weight or AREA_WEIGHT) * PT_PER_PX, zorder=zorder)
        _lines(ax, drawn, zorder + 0.1)
        _circles(ax, drawn, mpp, zorder + 0.2)
        icons += drawn.icons
        zorder += 1
    _icons(ax, icons, layers, mpp, zorder)


def _lines(ax: Axes, drawn: Shapes, zorder: float) -> None:
    """Flow lines: each with its colour, width and dash pattern (pixels), round caps as in Leaflet."""
    if not drawn.lines:
        return
    starts = mercator([x.lon1 for x in drawn.lines], [x.lat1 for x in drawn.lines])
    ends = mercator([x.lon2 for x in drawn.lines], [x.lat2 for x in drawn.lines])
    segments = [((x1, y1), (x2, y2)) for x1, y1, x2, y2 in zip(*starts, *ends, strict=True)]
    styles = [(0, tuple(float(v) * PT_PER_PX for v in x.dash.split())) if x.dash else "solid"
              for x in drawn.lines]
    ax.add_collection(LineCollection(
        segments, colors=[to_rgba(x.colour, LINE_OPACITY) for x in drawn.lines],
        linewidths=[x.weight * PT_PER_PX for x in drawn.lines], linestyles=styles, capstyle="round",
        joinstyle="round", zorder=zorder))


def _spread_offsets(spreads: list[list[int] | None]) -> np.ndarray:
    """Each marker's offset from its point in pixels (y up): on a ring for records sharing a point."""
    offsets = np.zeros((len(spreads), 2))
    for n, spread in enumerate(spreads):
        if spread:
            i, count, radius = spread
            angle = 2 * math.pi * i / count - math.pi / 2  # compact.js, on a screen whose y runs down
            offsets[n] = (radius * math.cos(angle), -radius * math.sin(angle))
    return offsets


def _legs(ax: Axes, xs: np.ndarray, ys: np.ndarray, offsets: np.ndarray, mpp: float, zorder: float) -> None:
    """The thin lines from markers on a ring back to their shared point."""
    moved = np.flatnonzero(np.any(offsets != 0, axis=1))
    if len(moved):
        ax.add_collection(LineCollection(
            [((xs[i], ys[i]), (xs[i] + offsets[i, 0] * mpp, ys[i] + offsets[i, 1] * mpp)) for i in moved],
            colors=LEG_COLOUR, linewidths=LEG_WEIGHT * PT_PER_PX, zorder=zorder))


def _circles(ax: Axes, drawn: Shapes, mpp: float, zorder: float) -> None:
    """Circle markers: radius and stroke width in pixels, fill with its opacity."""
    circles = drawn.circles
    if not circles:
        return
    xs, ys = (np.asarray(v) for v in mercator([c.lon for c in circles], [c.lat for c in circles]))
    offsets = _spread_offsets([c.spread for c in circles])
    _legs(ax, xs, ys, offsets, mpp, zorder - 0.05)
    ax.scatter(xs + offsets[:, 0] * mpp, ys + offsets[:, 1] * mpp,
               s=[(2 * c.radius * PT_PER_PX) ** 2 for c in circles],
               c=[to_rgba(c.fill, c.fill_opacity) for c in circles],
               edgecolors=[c.stroke for c in circles], linewidths=[c.weight * PT_PER_PX for c in circles],
               zorder=zorder)


def _icons(ax: Axes, icons: list, layers: dict[str, str], mpp: float, zorder: float) -> None:
    """Squares and triangles of the icons' layers, in their colour with a white edge."""
    if not icons:
        return
    xs, ys = mercator([i.lon for i in icons], [i.lat for i in icons])
    offsets = _spread_offsets([i.spread for i in icons])
    _legs(ax, np.asarray(xs), np.asarray(ys), offsets, mpp, zorder - 0.05)
    patches, colours = [], []
    for icon, x, y, (dx, dy) in zip(icons, xs, ys, offsets, strict=True):
        layer = LAYERS.get(layers.get(icon.record or "", ""))
        if layer is None or layer.mark not in ICON_CORNERS:
            continue
        corners = [(x + (dx + cx) * mpp, y + (dy + cy) * mpp) for cx, cy in ICON_CORNERS[layer.mark]]
        patches.append(Polygon(corners, closed=True))
        colours.append(layer.colour)
    ax.add_collection(PatchCollection(patches, facecolors=colours, edgecolors=ICON_EDGE,
                                      linewidths=ICON_WEIGHT * PT_PER_PX, zorder=zorder))
