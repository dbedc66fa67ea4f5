"""A scene as JSON: the one documented wire format (`docs/scene.md`) that every renderer can read.

The map's shapes are tables of named columns (`dashboard.map.compact`), the page's texts HTML rendered
by autoescaped templates, the charts Vega-Lite specs. `compact.js` reads the shapes by field name; the
published edition's data (`dashboard.publish.edition`) holds the same tables with the days each shape is
drawn.
"""

from __future__ import annotations

from dashboard.map.aggregate import Bounds
from dashboard.scene.scene import Scene

SCHEMA = "kz-scene"
VERSION = 3


def to_json(scene: Scene, bounds: Bounds | None = None) -> dict[str, object]:
    """The scene as JSON-ready values; the map's shapes around `bounds` (all of them when None)."""
    view, panels = scene.view, scene.panels
    drawn = scene.shapes(bounds)
    return {
        "schema": SCHEMA, "version": VERSION,
        "view": {"countries": list(view.countries), "date": scene.day, "lang": view.lang,
                 "layers": list(view.layers)},
        "records": [str(r) for r in scene.shown["id"]],
        "shapes": {group: shapes.tables() for group, shapes in drawn.shapes.items()},
        "cells": drawn.cells,
        "legend": scene.legend,
        "panels": {
            "troops": panels.troops.to_dict(orient="records"),
            "total_note": panels.total_note,
            "withdrawal": panels.withdrawal,
            "unrest": panels.unrest.to_dict(orient="records"),
            "unrest_count": panels.unrest_count,
        },
        "chronology": scene.chronology,
        "charts": [_plain(spec) for spec in scene.charts],
        "text": scene.text,
        "updated": scene.updated,
        "corrections": scene.corrections,
    }


def _plain(spec: dict) -> dict:
    """A chart spec whose data may be a renderer's bytes (Arrow), as plain JSON: such data left out."""
    datasets = spec.get("datasets")
    if isinstance(datasets, dict) and any(isinstance(v, bytes) for v in datasets.values()):
        return {**spec, "datasets": {k: v for k, v in datasets.items() if not isinstance(v, bytes)}}
    return spec
