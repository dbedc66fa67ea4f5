"""Kazakhstan's first-level units as they were in January 2022, and the lakes of the map's region: the
shapes behind the "State of emergency" layer and the basemap's lakes, kept in `geodata/`.

Both files are cut from Natural Earth (public domain) once, by `build_regions` and `build_lakes`, and
committed small (`geodata/boundaries/README.md` says which release and file they came from and how).
The app reads them with `region_shapes` and `lakes_json`.

Natural Earth's admin-1 release used predates Shymkent's separation from its region (2018): the city is
drawn as a disc of its area around its centre, marked `approximate`, and cut out of Turkistan Region.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from dashboard.config import REPO_ROOT
from dashboard.geo.outlines import outline_json, outlines_by_code
from dashboard.i18n import N_
from dashboard.memo import memoised

BOUNDARIES_DIR = REPO_ROOT / "geodata" / "boundaries"
REGIONS_FILE = BOUNDARIES_DIR / "regions.geojson"
LAKES_FILE = BOUNDARIES_DIR / "lakes.geojson"

# Natural Earth's admin-1 code (adm1_code) of each of its Kazakh features -> the ISO 3166-2 code the
# unit had in January 2022. Its "South Kazakhstan" is Turkistan Region (renamed in 2018).
NATURAL_EARTH_UNITS: dict[str, str] = {
    "KAZ-3195": "KZ-AKT", "KAZ-3196": "KZ-KUS", "KAZ-3197": "KZ-KZY", "KAZ-3198": "KZ-ATY",
    "KAZ-3201": "KZ-ZAP", "KAZ-3202": "KZ-AKM", "KAZ-3203": "KZ-KAR", "KAZ-3204": "KZ-SEV",
    "KAZ-3205": "KZ-PAV", "KAZ-3206": "KZ-VOS", "KAZ-3207": "KZ-ALM", "KAZ-3236": "KZ-MAN",
    "KAZ-3251": "KZ-YUZ", "KAZ-3252": "KZ-ZHA", "KAZ-4829": "KZ-ALA", "KAZ-4830": "KZ-AST",
}
# The 17 units of January 2022: 14 regions and the cities of Almaty, Nur-Sultan and Shymkent.
# English names, marked for the catalogue (German: "Gebiet Mangystau" ...).
REGION_NAMES: dict[str, str] = {
    "KZ-AKM": N_("Akmola Region"), "KZ-AKT": N_("Aktobe Region"), "KZ-ALM": N_("Almaty Region"),
    "KZ-ALA": N_("Almaty (city)"), "KZ-ATY": N_("Atyrau Region"), "KZ-ZAP": N_("West Kazakhstan Region"),
    "KZ-ZHA": N_("Jambyl Region"), "KZ-KAR": N_("Karaganda Region"), "KZ-KUS": N_("Kostanay Region"),
    "KZ-KZY": N_("Kyzylorda Region"), "KZ-MAN": N_("Mangystau Region"), "KZ-YUZ": N_("Turkistan Region"),
    "KZ-PAV": N_("Pavlodar Region"), "KZ-SEV": N_("North Kazakhstan Region"),
    "KZ-VOS": N_("East Kazakhstan Region"), "KZ-AST": N_("Nur-Sultan (city)"),
    "KZ-SHY": N_("Shymkent (city)"),
}
SHYMKENT = "KZ-SHY"
SHYMKENT_AREA_KM2 = 1170.0  # the city's area, for the size of its disc
REGION_TOLERANCE = 0.01  # degrees (about 1 km): shared borders stay shared (coverage simplification)
REGION_DECIMALS = 3
# The lakes: those of Natural Earth's 1:10m lakes in the map's region of at least this area.
LAKES_REGION = (45.0, 39.0, 90.0, 56.0)
LAKE_MIN_AREA_DEG2 = 0.02
LAKE_TOLERANCE = 0.01
LAKE_DECIMALS = 3


def _disc(lat: float, lon: float, area_km2: float, points: int = 32) -> Polygon:
    """A disc of `area_km2` around a point, in degrees (the longitude scaled by the latitude)."""
    radius_km = math.sqrt(area_km2 / math.pi)
    dlat = radius_km / 111.32
    dlon = dlat / math.cos(math.radians(lat))
    turns = [2 * math.pi * i / points for i in range(points)]
    return Polygon([(lon + dlon * math.cos(a), lat + dlat * math.sin(a)) for a in turns])


def _rounded(geometry: BaseGeometry, decimals: int) -> BaseGeometry:
    return shapely.make_valid(shapely.set_precision(geometry, 10.0 ** -decimals))


def build_regions(natural_earth: dict, shymkent: tuple[float, float],
                  lakes: BaseGeometry | None = None) -> dict:
    """The 17 units of January 2022 as a GeoJSON FeatureCollection (`properties`: `region`, the ISO code;
    `name`; `approximate` for Shymkent's disc), from Natural Earth's Kazakh admin-1 features
    (`natural_earth`, a FeatureCollection) and Shymkent's centre (lat, lon). Minor islands are left out;
    borders are simplified together, so neighbours still meet; the `lakes` (the simplified ones of
    `build_lakes`) are cut out, so that a shaded region never hides them."""
    parts: dict[str, BaseGeometry] = {}
    for feature in natural_earth["features"]:
        code = NATURAL_EARTH_UNITS.get(feature["properties"].get("adm1_code"))
        if code:
            parts[code] = shapely.make_valid(shape(feature["geometry"]))
    disc = _disc(*shymkent, SHYMKENT_AREA_KM2)
    parts["KZ-YUZ"] = parts["KZ-YUZ"].difference(disc)
    parts[SHYMKENT] = disc
    codes = sorted(parts)
    simple = shapely.coverage_simplify([parts[c] for c in codes], REGION_TOLERANCE)
    if lakes is not None:
        simple = [shapely.make_valid(g.difference(lakes)) for g in simple]
    features = [{"type": "Feature",
                 "properties": {"region": code, "name": REGION_NAMES[code],
                                **({"approximate": True} if code == SHYMKENT else {})},
                 "geometry": mapping(_rounded(geometry, REGION_DECIMALS))}
                for code, geometry in zip(codes, simple, strict=True)]
    return {"type": "FeatureCollection", "features": features}


def build_lakes(lakes: Iterable[BaseGeometry],
                region: tuple[float, float, float, float] = LAKES_REGION) -> dict:
    """The lakes of Natural Earth's lakes layer (its geometries) in `region` and of at least
    `LAKE_MIN_AREA_DEG2`, simplified and rounded, as one GeoJSON Feature (`properties.kind` "lake")."""
    box = shapely.box(*region)
    kept = [shapely.make_valid(g) for g in lakes if g.intersects(box) and g.area >= LAKE_MIN_AREA_DEG2]
    merged = shapely.union_all([shapely.clip_by_rect(g, *region) for g in kept])
    simple = _rounded(merged.simplify(LAKE_TOLERANCE, preserve_topology=True), LAKE_DECIMALS)
    polygons = [p for p in getattr(simple, "geoms", [simple]) if isinstance(p, Polygon)]
    return {"type": "Feature", "properties": {"kind": "lake"}, "geometry": mapping(MultiPolygon(polygons))}


def write_json(value: dict, path: Path) -> None:
    """Write GeoJSON compactly (one feature a line for a collection, so diffs stay readable)."""
    if value.get("type") == "FeatureCollection":
        lines = [json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in value["features"]]
        text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    else:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


@memoised
def region_shapes(path: Path = REGIONS_FILE) -> dict[str, dict]:
    """Each unit's GeoJSON feature, by ISO 3166-2 code (empty when the file is missing)."""
    if not path.is_file():
        return {}
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["region"]: f for f in features}


def region_codes() -> frozenset[str]:
    """The codes of the units the geometry holds."""
    return frozenset(region_shapes())


def region_geometry(code: str) -> BaseGeometry | None:
    """One unit's shape (for checks and stills); None when unknown."""
    feature = region_shapes().get(code)
    return shape(feature["geometry"]) if feature else None


@memoised
def lakes_json(path: Path = LAKES_FILE) -> str:
    """The lakes as compact JSON text, safe inside a <script> element ("" when the file is missing)."""
    if not path.is_file():
        return ""
    feature = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps(feature, separators=(",", ":")).replace("<", "\\u003c")


def lake_polygons() -> list[Polygon]:
    """The lakes' polygons (for the stills)."""
    text = lakes_json()
    if not text:
        return []
    geometry = shape(json.loads(text)["geometry"])
    return list(getattr(geometry, "geoms", [geometry]))


@memoised
def region_json(code: str) -> str:
    """One unit's shape as a GeoJSON FeatureCollection, as script-safe JSON text (empty when unknown)."""
    feature = region_shapes().get(code)
    return json.dumps({"type": "FeatureCollection", "features": [feature] if feature else []},
                      separators=(",", ":")).replace("<", "\\u003c")


@memoised
def lakes_geometry() -> BaseGeometry | None:
    """The lakes as one shapely geometry (None without the file)."""
    polygons = lake_polygons()
    return shapely.union_all(polygons) if polygons else None


@memoised
def dry_outline_json(code: str) -> str:
    """A country's outline (`geo.outlines`) without the lakes in it, as a GeoJSON FeatureCollection, as
    script-safe JSON text: a shaded country leaves its lakes visible."""
    features = outlines_by_code().get(code, ())
    lakes = lakes_geometry()
    if lakes is None or not features:
        return outline_json(code)
    dry = []
    for feature in features:
        geometry = shape(feature["geometry"])
        if geometry.intersects(lakes):
            geometry = _rounded(shapely.make_valid(geometry.buffer(0)).difference(lakes), LAKE_DECIMALS)
        dry.append({**feature, "geometry": mapping(geometry)})
    return json.dumps({"type": "FeatureCollection", "features": dry},
                      separators=(",", ":")).replace("<", "\\u003c")
