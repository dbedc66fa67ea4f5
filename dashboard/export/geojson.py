"""GeoJSON: one Point per record, with its figures and its sources in full; and each of Kazakhstan's
regions under a state of emergency or the red terror level on the view's date, as its shape
(`layer` "emergency")."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import partial

from dashboard.config import load_config
from dashboard.export.fields import (
    DERIVED_COLUMNS,
    RecordParts,
    correction_columns,
    correction_dicts,
    corrections_in_view,
    event_columns,
    figure_columns,
    plain,
    plain_dicts,
    record_columns,
    rows_by_record,
    source_dicts,
    table_rows,
)
from dashboard.export.formats import ExportFormat
from dashboard.geo.regions import region_shapes
from dashboard.i18n import N_
from dashboard.scene import Scene
from dashboard.vocabulary import EMERGENCY_GROUP

FORMAT = ExportFormat("geojson", "geojson", "application/geo+json", N_("GeoJSON"))
ORDER = 2
INDENT = 1  # json.dumps(..., indent=INDENT): one space a level


def write(view: Scene, *, raw: bool = True) -> bytes:
    """A FeatureCollection of the records the scene `view` shows, in every language the data has. Each
    feature's `corrections` are its record's, the collection's `corrections` all that concern the view.

    The collection names the data's licence (`licence`, from config.toml) when one is set.

    Always raw (`raw` is ignored): GeoJSON is read by programs, not run by spreadsheets."""
    return (json.dumps(collection(view), ensure_ascii=False, indent=INDENT) + "\n").encode()


def collection(view: Scene, reuse: bool = False,
               laid_out: Callable[[dict[str, object]], object] | None = None) -> dict[str, object]:
    """The FeatureCollection `write` writes, as plain values (what it dumps). With `reuse`, a record's
    feature is taken again from an earlier view of the same data when nothing it holds differs
    (`RecordParts.reused`). With `laid_out`, each record's feature is given (and kept) as
    `laid_out(feature)` instead, its text for a caller that lays the features out itself; the regions'
    stay features."""
    selection = view.selection
    columns = [c for c in (*record_columns(selection.records), *DERIVED_COLUMNS) if c not in ("lat", "lon")]
    figure_fields = figure_columns(selection.figures)
    event_fields = event_columns(selection.events)
    corrections = corrections_in_view(view)
    parts = RecordParts(view, reuse=reuse)  # each record's figures, events and sources, grouped once
    own = rows_by_record(corrections)  # each record's corrections, oldest first
    fields = (columns, figure_fields, event_fields, correction_columns(corrections))
    cells = dict.fromkeys((*columns, "id", "sources", "lon", "lat"))
    kind = "geojson" if laid_out is None else "geojson-laid"
    features: list[object] = [
        parts.reused(kind, row["id"], row.get("status"),
                     partial(_feature, row, fields, parts, own.get(row["id"], ()), laid_out))
        for row in table_rows(selection.records, cells)]
    features += region_features(view)
    return {
        "type": "FeatureCollection",
        "view": {"countries": list(view.view.countries), "date": view.day},
        # The data's licence (`[data] licence` of config.toml), when one is set.
        **({"licence": licence} if (licence := load_config().data_licence) else {}),
        "features": features,
        # Every correction that concerns the view (its records, their figures and events, their sources).
        "corrections": correction_dicts(corrections),
    }


def region_features(view: Scene) -> list[dict[str, object]]:
    """The regions under a status on the view's date (`Scene.emergency`), each as its shape
    (`geodata/boundaries`) with the row of regions.csv (`layer` "emergency", `status`, `region`, `from`,
    `to`, notes) and its sources in full."""
    rows = view.emergency
    if rows.empty:
        return []
    shapes = region_shapes()
    features = []
    for _, row in rows.iterrows():
        shape = shapes.get(str(row["region"]))
        if shape is None:
            continue
        properties = {"layer": EMERGENCY_GROUP,
                      **{k: plain(v) for k, v in row.items() if k not in ("row", "sources")}}
        properties["sources"] = source_dicts(view.data.sources, row["sources"])
        properties["source_ids"] = list(row["sources"])
        properties["approximate"] = bool(shape["properties"].get("approximate", False))
        features.append({"type": "Feature", "id": str(row["id"]), "geometry": shape["geometry"],
                         "properties": properties})
    return features


def _feature(row: dict[str, object], fields: tuple[list[str], list[str], list[str], list[str]],
             parts: RecordParts, corrections: Iterable[dict[str, object]],
             laid_out: Callable[[dict[str, object]], object] | None = None) -> object:
    """One record's feature, from its cells `row`, its figures, events and sources (`parts`) and its
    `corrections`; `fields` are the columns given of the record, a figure, an event and a correction.
    With `laid_out`, `laid_out(feature)`."""
    rid = str(row["id"])
    columns, figure_fields, event_fields, correction_fields = fields
    properties = {k: plain(row.get(k)) for k in columns}
    properties["figures"] = plain_dicts(parts.figures(rid), figure_fields)
    properties["events"] = plain_dicts(parts.events(rid), event_fields)
    properties["sources"] = parts.sources(rid, row["sources"])
    properties["source_ids"] = list(row["sources"])
    properties["corrections"] = plain_dicts(corrections, correction_fields)
    feature = {
        "type": "Feature", "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
        "properties": properties,
    }
    return feature if laid_out is None else laid_out(feature)
