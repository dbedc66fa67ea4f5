"""Exports of exactly what a view shows (country filter and date applied), with sources.

The app's download buttons and `python -m dashboard export` call the same functions, so both give the
same bytes for the same view. Output is deterministic: no timestamps, stable ids in the HTML map.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard import assets, mapview, status, tables_view
from dashboard.countries import country_name
from dashboard.escape import inert
from dashboard.i18n import Translator
from dashboard.loader import Dataset
from dashboard.schema import RECORD_COLUMNS
from dashboard.textmacro import Text

FORMATS: dict[str, tuple[str, str]] = {  # format -> (file extension, MIME type)
    "csv": ("csv", "text/csv"),
    "geojson": ("geojson", "application/geo+json"),
    "html": ("html", "text/html"),
}
EXTRA_COLUMNS: tuple[str, ...] = ("status", "coord_method", "coord_name", "figures", "source_details")
SOURCE_FIELDS: tuple[str, ...] = ("id", "publisher", "title", "url", "date", "language", "reliability")
FIGURE_FIELDS: tuple[str, ...] = ("metric", "value", "qualifier", "date", "sources", "note_en", "note_de")


@dataclass
class Selection:
    """The records a view shows, the figures known by its date, and the sources they cite."""

    records: pd.DataFrame
    figures: pd.DataFrame
    sources: pd.DataFrame
    countries: tuple[str, ...]
    as_of: dt.date


def select(data: Dataset, countries: Iterable[str], as_of: dt.date) -> Selection:
    """What the map and tables show for these countries on this date."""
    countries = tuple(countries)
    records = status.visible(data.records, countries, as_of)
    figures = status.figures_known(data.figures, records["id"], as_of)
    cited = tables_view.cited_ids(records["sources"], figures["sources"])
    sources = data.sources[data.sources["id"].isin(cited)]
    return Selection(records, figures, sources, countries, as_of)


def file_name(selection: Selection, fmt: str) -> str:
    """A descriptive file name: kz-csto-2022-01-14-AM-BY.geojson."""
    codes = "-".join(selection.countries) or "none"
    return f"kz-csto-{selection.as_of.isoformat()}-{codes}.{FORMATS[fmt][0]}"


def export(selection: Selection, fmt: str, all_records: pd.DataFrame | None = None,
           lang: str = "en") -> bytes:
    """The selection in one of FORMATS. CSV and GeoJSON hold the data in both languages; the HTML map's
    legend, layer names and popups are in `lang`."""
    if fmt == "csv":
        return to_csv(selection)
    if fmt == "geojson":
        return to_geojson(selection)
    if fmt == "html":
        return to_html(selection, selection.records if all_records is None else all_records, lang=lang)
    raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")


def _plain(value: object) -> object:
    """A JSON/CSV-friendly value: ISO dates, None for missing, lists kept."""
    if isinstance(value, list | tuple):
        return list(value)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _figure_rows(selection: Selection, record_id: str) -> pd.DataFrame:
    return selection.figures[selection.figures["record"] == record_id]


def _sources_of(selection: Selection, ids: Iterable[str]) -> list[dict[str, object]]:
    by_id = selection.sources.set_index("id")
    return [{"id": sid, **{k: _plain(by_id.loc[sid, k]) for k in SOURCE_FIELDS[1:]}}
            for sid in dict.fromkeys(ids) if sid in by_id.index]


def _cited(selection: Selection, row: pd.Series) -> list[str]:
    return tables_view.cited_ids([row["sources"]], _figure_rows(selection, row["id"])["sources"])


def to_geojson(selection: Selection) -> bytes:
    """A GeoJSON FeatureCollection: one Point per record, with its figures and its sources in full."""
    features = []
    for _, row in selection.records.iterrows():
        properties = {k: _plain(row.get(k)) for k in (*RECORD_COLUMNS, *EXTRA_COLUMNS[:3])
                      if k not in ("lat", "lon")}
        properties["figures"] = [{k: _plain(f[k]) for k in FIGURE_FIELDS}
                                 for _, f in _figure_rows(selection, row["id"]).iterrows()]
        properties["sources"] = _sources_of(selection, _cited(selection, row))
        properties["source_ids"] = list(row["sources"])
        features.append({
            "type": "Feature", "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
            "properties": properties,
        })
    collection = {
        "type": "FeatureCollection",
        "view": {"countries": list(selection.countries), "date": selection.as_of.isoformat()},
        "features": features,
    }
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode()


def to_csv(selection: Selection) -> bytes:
    """The records in the documented `records.csv` columns (sources as `;`-separated ids), plus status,
    where the coordinates came from, the figures and each source in full."""
    rows = []
    for _, row in selection.records.iterrows():
        out = {k: _plain(row.get(k)) for k in RECORD_COLUMNS}
        out["sources"] = ";".join(row["sources"])
        out.update({k: _plain(row.get(k)) for k in EXTRA_COLUMNS[:3]})
        out["figures"] = " | ".join(f"{f['metric']}: {tables_view.figure_text(f)}"
                                    for _, f in _figure_rows(selection, row["id"]).iterrows())
        out["source_details"] = " | ".join(
            f"{s['id']}: {s['publisher']}, {s['title']}, {s['url'] or 'no address'}, {s['date']}, "
            f"{s['reliability']}" for s in _sources_of(selection, _cited(selection, row)))
        rows.append(out)
    frame = pd.DataFrame(rows, columns=[*RECORD_COLUMNS, *EXTRA_COLUMNS])
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode()


_FOLIUM_ID = re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])")


def to_html(selection: Selection, all_records: pd.DataFrame,
            visible: Iterable[str] = tuple(mapview.LAYER_NAMES), lang: str = "en") -> bytes:
    """A standalone HTML map of the selection: same layers, a popup per record, the legend.

    Leaflet is embedded when the local assets are present, so the file opens from disk offline.
    """
    tr = Translator(lang)
    fmap = mapview.base_map(lang=lang)
    assets.inline(fmap)
    all_records = tables_view.localised(all_records, lang)
    by_id = all_records.set_index("id")

    def popup(record_id: str) -> str:
        return tables_view.details_html(by_id.loc[record_id], selection.figures, selection.sources, lang)

    troops = tables_view.latest_troops(selection.figures, selection.records)
    records = tables_view.localised(tables_view.with_unrest_size(selection.records, selection.figures), lang)
    for group in mapview.layers(records, all_records, troops, visible=visible, popup=popup, lang=lang).groups:
        group.add_to(fmap)
    mapview.layer_control().add_to(fmap)
    countries = ", ".join(country_name(c, lang) for c in selection.countries) or tr("no country")
    fmap.get_root().html.add_child(Text(
        '<div style="position:fixed;bottom:24px;left:12px;z-index:1000;background:#fff;padding:8px 10px;'
        'border:1px solid #999;max-width:260px;font:13px sans-serif">'
        "<div><strong>" + inert(tr("As of {date}", date=tr.date(selection.as_of))) + "</strong>: "
        f"{inert(countries)}</div>{tables_view.legend_html(lang, visible)}</div>"
    ), name="legend")
    html = fmap.get_root().render()
    names: dict[str, str] = {}
    html = _FOLIUM_ID.sub(lambda m: names.setdefault(m.group(0), f"{len(names):032x}"), html)
    return html.encode()
