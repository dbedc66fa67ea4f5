"""Exports of exactly what a view shows (country filter and date applied), with sources.

The app's download buttons and `python -m dashboard export` call `export`, so both give the same bytes
for the same view. Output is deterministic: no timestamps, stable ids in the HTML map. The formats are
the modules of this package (see `formats`).
"""

from __future__ import annotations

from dashboard.export.formats import ExportFormat, formats
from dashboard.geo.dataset import Dataset
from dashboard.view.selection import Selection


def export(selection: Selection, fmt: str, data: Dataset | None = None, lang: str = "en", *,
           raw: bool = False) -> bytes:
    """The selection in format `fmt` (a key of `formats()`). Data formats hold every language the data
    has; a map's legend, layer names and popups are in `lang`. CSV tables guard text cells that a
    spreadsheet would run as formulas, unless `raw`. `data` is the dataset the selection came from
    (without it, only the selection's own rows are known)."""
    if fmt not in formats():
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(formats())})")
    _, write = formats()[fmt]
    if data is None:
        data = Dataset(records=selection.records, sources=selection.sources, figures=selection.figures,
                       events=selection.events)
    return write(selection, data, lang, raw=raw)


def file_name(selection: Selection, fmt: str) -> str:
    """A descriptive file name: kz-csto-2022-01-14-AM-BY.geojson."""
    codes = "-".join(selection.countries) or "none"
    return f"kz-csto-{selection.as_of.isoformat()}-{codes}.{formats()[fmt][0].extension}"


__all__ = ["ExportFormat", "export", "file_name", "formats"]
