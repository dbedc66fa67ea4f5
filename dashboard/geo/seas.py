"""The seas of the map's region, for the offline basemap: cut out of a world seas file and simplified.

The world file (`@geo-maps/earth-seas-10m` on the npm registry, MIT, some 37 MB of GeoJSON) is far too
detailed for a basemap. `region_seas` keeps the polygons that reach the region, clips them to it, drops
islands and bays too small to see at the map's zoom, simplifies the rest and rounds the coordinates:
some tens of kilobytes, once, when the file is fetched (`dashboard.map.assets.fetch_seas`).
"""

from __future__ import annotations

import json

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

# lon min, lat min, lon max, lat max: the Black Sea to western China, the Persian Gulf to the Arctic's edge.
REGION = (20.0, 30.0, 100.0, 65.0)
SIMPLIFY_DEGREES = 0.05  # as the country outlines (`dashboard.geo.outlines`)
MIN_AREA_DEG2 = 0.05  # islands (holes in the sea) and specks of water smaller than this are left out
DECIMALS = 2  # about 1 km


def _polygons(geojson: dict) -> list[list]:
    """The polygons' coordinate lists of a GeoJSON object of any kind (collection, feature, geometry)."""
    kind = geojson.get("type")
    if kind == "FeatureCollection":
        return [p for f in geojson["features"] for p in _polygons(f)]
    if kind == "Feature":
        return _polygons(geojson["geometry"] or {})
    if kind == "GeometryCollection":
        return [p for g in geojson["geometries"] for p in _polygons(g)]
    if kind == "MultiPolygon":
        return list(geojson["coordinates"])
    if kind == "Polygon":
        return [geojson["coordinates"]]
    return []


def _reaches(rings: list, region: tuple[float, float, float, float]) -> bool:
    """Whether a polygon's outer ring reaches into `region` (by its bounding box: cheap, no geometry)."""
    xy = np.asarray(rings[0], dtype=float)
    return bool(xy[:, 0].max() >= region[0] and xy[:, 0].min() <= region[2]
                and xy[:, 1].max() >= region[1] and xy[:, 1].min() <= region[3])


def _without_specks(geometry: BaseGeometry, min_area: float) -> MultiPolygon:
    """The polygons of `geometry` of at least `min_area`, each without its holes smaller than that."""
    parts = getattr(geometry, "geoms", [geometry])
    kept = []
    for part in parts:
        if isinstance(part, Polygon) and part.area >= min_area:
            holes = [h for h in part.interiors if Polygon(h).area >= min_area]
            kept.append(Polygon(part.exterior, holes))
        elif not isinstance(part, Polygon) and hasattr(part, "geoms"):
            kept.extend(_without_specks(part, min_area).geoms)
    return MultiPolygon(kept)


def region_seas(world: bytes, region: tuple[float, float, float, float] = REGION,
                tolerance: float = SIMPLIFY_DEGREES, min_area: float = MIN_AREA_DEG2) -> dict:
    """The seas of a world seas GeoJSON file that lie in `region`, clipped, simplified and rounded, as
    one GeoJSON Feature (`properties.kind` is "sea").

    The source's polygons may be invalid (self-touching coastlines); each is clipped to the region
    (which tolerates that) and repaired before they are joined.
    """
    kept = [Polygon(rings[0], rings[1:]) for rings in _polygons(json.loads(world)) if _reaches(rings, region)]
    clipped = [shapely.make_valid(shapely.clip_by_rect(p, *region)) for p in kept]
    seas = _without_specks(shapely.make_valid(shapely.union_all(clipped)), min_area)
    simple = shapely.set_precision(seas.simplify(tolerance, preserve_topology=True), 10.0 ** -DECIMALS)
    simple = _without_specks(shapely.make_valid(simple), min_area)
    return {"type": "Feature", "properties": {"kind": "sea"}, "geometry": mapping(simple)}


def seas_json(feature: dict) -> str:
    """The seas as compact JSON text, safe inside a <script> element."""
    return json.dumps(feature, separators=(",", ":")).replace("<", "\\u003c")


def seas_shape(feature: dict) -> BaseGeometry:
    """The seas as a shapely geometry (for checks)."""
    return shape(feature["geometry"])
