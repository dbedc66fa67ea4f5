"""Giving every record a position: its own coordinates, or the gazetteer's, saying how each was found.

Given coordinates are checked against the country's outline: a pair that lies outside it while the
swapped pair lies inside is reported as swapped, not drawn in the wrong place.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely import contains_xy

from dashboard.data.problems import Problem
from dashboard.data.schema import RECORD_COLUMNS, RecordRow
from dashboard.geo.geocoder import GeocodeError, Geocoder
from dashboard.geo.outlines import country_geometry

RECORDS_FILE = "records.csv"
CRS = "EPSG:4326"


def locate(
    rows: list[tuple[int, RecordRow]], geocoder: Geocoder
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Give every record coordinates, from its own lat/lon or from the geocoder.

    Consumes `rows` (each model is released once read) and fills columns directly, so that a file of
    100,000 rows never holds its models and a second copy of them as dicts at the same time.
    """
    names = ["row", *RECORD_COLUMNS, "coord_method", "coord_name"]
    columns: dict[str, list[object]] = {name: [] for name in names}
    localised: dict[str, list[object]] = {}  # per-language columns (`summary_de`), in file order
    problems: list[Problem] = []
    for i, (row, rec) in enumerate(rows):
        rows[i] = None  # type: ignore[call-overload]  # release the model as we go
        data = dict(rec)
        if rec.lat is not None and rec.lon is not None:
            data.update(coord_method=rec.coord_method or "given", coord_name=rec.coord_name,
                        precision=rec.precision or "point")
        else:
            query = rec.place or rec.name
            try:
                hit = geocoder.geocode(query, rec.country)
            except GeocodeError as err:
                problems.append(Problem(RECORDS_FILE, row, "place" if rec.place else "name",
                                        f"cannot geocode: {err}"))
                continue
            data.update(lat=hit.lat, lon=hit.lon, coord_method=hit.method, coord_name=hit.name,
                        precision=rec.precision or hit.precision)
        data["row"] = row
        for name in names:
            columns[name].append(data[name])
        extra = rec.model_extra or {}
        for name in [n for n in extra if n not in localised]:
            localised[name] = [None] * (len(columns["row"]) - 1)
        for name, values in localised.items():
            values.append(extra.get(name))
    rows.clear()
    frame = pd.DataFrame({**columns, **localised}, columns=[*names, *localised])
    del columns, localised
    swapped = _swapped(frame)
    problems += [Problem(RECORDS_FILE, int(r.row), "lat",
                         f"lat and lon look swapped: ({r.lat}, {r.lon}) is outside {r.country}, "
                         f"({r.lon}, {r.lat}) inside it") for r in frame[swapped].itertuples()]
    frame = frame[~swapped].reset_index(drop=True)
    geometry = gpd.points_from_xy(frame["lon"].astype(float), frame["lat"].astype(float))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS), problems


def _swapped(frame: pd.DataFrame) -> pd.Series:
    """Rows whose given coordinates fall outside their country while the swapped pair falls inside."""
    flagged = pd.Series(False, index=frame.index)
    given = frame[frame["coord_method"] == "given"]
    for code, index in given.groupby("country").groups.items():
        outline = country_geometry(str(code))
        if outline is None:
            continue
        lat = given.loc[index, "lat"].to_numpy(dtype=float)
        lon = given.loc[index, "lon"].to_numpy(dtype=float)
        flagged[index] = ~contains_xy(outline, lon, lat) & contains_xy(outline, lat, lon)
    return flagged
