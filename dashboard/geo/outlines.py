"""Country outlines and reference points: the offline basemap's shapes and the shapes of the host and
contributing states.

Outlines come from the `countryinfo` package, simplified and rounded once per process, and are kept
as ready JSON text: a rerun inserts them into the map script without re-serialising or re-parsing.
"""

from __future__ import annotations

import json

import numpy as np
from countryinfo import CountryInfo
from shapely import prepare, transform
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from dashboard.memo import memoised

SIMPLIFY_DEGREES = 0.05
OUTLINE_DECIMALS = 2  # about 1 km: plenty for a basemap, and half the bytes of full floats


@memoised
def country_info(code: str) -> CountryInfo | None:
    """countryinfo's entry (reference point, outline) for an alpha-2 code; None where it has none."""
    try:
        info = CountryInfo(code)
        info.info()
    except Exception:  # countryinfo lacks a few territories
        return None
    return info


@memoised
def outlines_by_code() -> dict[str, tuple[dict, ...]]:
    """Each country's outline (countryinfo), simplified, as GeoJSON features keyed by alpha-2 code."""
    import pycountry

    outlines: dict[str, tuple[dict, ...]] = {}
    for country in pycountry.countries:
        features = country_outline(country.alpha_2)
        if features is not None:  # a few territories have no outline in countryinfo
            outlines[country.alpha_2] = features
    return outlines


@memoised
def country_outline(code: str) -> tuple[dict, ...] | None:
    """One country's outline as in `outlines_by_code` (None where that has none), made alone: placing the
    records needs the outlines of their few countries, not of all 250 (a tenth of a second)."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    info = country_info(code) if country is not None and country.alpha_2 == code else None
    if info is None:
        return None
    return tuple(
        {"type": "Feature", "properties": {"code": code},
         "geometry": mapping(transform(
             shape(feature["geometry"]).simplify(SIMPLIFY_DEGREES, preserve_topology=True),
             lambda xy: np.round(xy, OUTLINE_DECIMALS)))}
        for feature in info.geo_json().get("features", [])
    )


@memoised
def country_geometry(code: str) -> BaseGeometry | None:
    """One country's outline as a prepared shapely geometry (None when the package has none)."""
    features = country_outline(code)
    if not features:
        return None
    geometry = unary_union([shape(f["geometry"]).buffer(0) for f in features])
    prepare(geometry)
    return geometry


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element (no `</`, no `<!--`)."""
    return json.dumps(value, separators=(",", ":")).replace("<", "\\u003c")


@memoised
def outline_json(code: str) -> str:
    """One country's outline as a GeoJSON FeatureCollection, as script-safe JSON text."""
    return _script_json({"type": "FeatureCollection", "features": list(outlines_by_code().get(code, ()))})


@memoised
def world_json() -> str:
    """Every country's outline as one FeatureCollection, as script-safe JSON text."""
    features = [f for fs in outlines_by_code().values() for f in fs]
    return _script_json({"type": "FeatureCollection", "features": features})
