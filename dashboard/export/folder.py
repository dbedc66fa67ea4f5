"""A data folder (ZIP): the view as `records.csv`, `figures.csv`, `events.csv` and `sources.csv`, which
`python -m dashboard validate` accepts and the dashboard loads back as it was."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd

from dashboard.config import load_config
from dashboard.data.countries import country_name
from dashboard.data.schema import CorrectionRow, EventRow, FigureRow, Row, SourceRow, UpdateRow
from dashboard.export import csvfile
from dashboard.export.fields import corrections_concerning, localised_columns, plain
from dashboard.export.formats import ExportFormat
from dashboard.export.spreadsheet import csv_bytes
from dashboard.geo.dataset import (
    CORRECTIONS_FILE,
    EVENTS_FILE,
    FIGURES_FILE,
    SOURCES_FILE,
    UPDATES_FILE,
)
from dashboard.geo.locate import RECORDS_FILE
from dashboard.i18n import N_
from dashboard.render.furniture import TITLE
from dashboard.scene import Scene
from dashboard.scene.page import PAGE

# Columns of the logs kept for the newsroom, left empty in a folder handed to readers: who saved a change.
PRIVATE: tuple[str, ...] = ("editor",)
FORMAT = ExportFormat("folder", "zip", "application/zip", N_("Data folder (ZIP)"), spreadsheet=True)
ORDER = 4
# Fixed member dates, so that the same view gives the same bytes.
STAMP = (2022, 1, 1, 0, 0, 0)
README_FILE = "README.txt"  # the view, the licence and the sources, in words


def write(view: Scene, *, raw: bool = False) -> bytes:
    """The scene `view` as a geodata folder in a ZIP file.

    `records.csv` is the CSV export of the view's records, plus the records they arrive at (a flow
    line's far end, which the filter may leave out), so that no reference dangles; `figures.csv` and
    `events.csv` hold what the view knows by its date, `corrections.csv` the corrections of those rows
    and of their sources, `updates.csv` the updates log (without the editors' sign-in addresses, which
    the desk logs for the newsroom), `sources.csv` every source all of them cite.
    With `raw`, every cell is as in the data and the folder loads back to the same records, figures,
    events and coordinates; without it, text cells a spreadsheet would run are guarded (see
    `spreadsheet`).

    A `README.txt` names the view, the data's licence (`[data] licence` of config.toml) and every source
    of `sources.csv`, for a reader who opens the folder without the dashboard.
    """
    selection, data = view.selection, view.data
    targets = set(selection.records["arrival"].dropna()) - set(selection.records["id"])
    arrivals = data.records[data.records["id"].isin(targets)]
    records = pd.concat([selection.records, arrivals], ignore_index=True)
    cited = set(view.cited()).union(*(view.cited(rid) for rid in arrivals["id"]))
    concerning = corrections_concerning(view, set(records["id"]), cited)
    corrections = _named(concerning, records, view, cited)
    cited = cited.union(*corrections["sources"], *data.updates["sources"])
    sources = data.sources[data.sources["id"].isin(cited)]
    tables = {
        README_FILE: readme(view, sources),
        RECORDS_FILE: csvfile.records_csv(view, records, concerning, sources, raw),
        FIGURES_FILE: _table(selection.figures, FigureRow, raw),
        EVENTS_FILE: _table(selection.events, EventRow, raw),
        SOURCES_FILE: _table(sources, SourceRow, raw),
        CORRECTIONS_FILE: _table(corrections, CorrectionRow, raw),
        UPDATES_FILE: _table(data.updates.drop(columns=list(PRIVATE), errors="ignore"), UpdateRow, raw),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in tables.items():
            archive.writestr(zipfile.ZipInfo(name, STAMP), body, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def readme(view: Scene, sources: pd.DataFrame) -> bytes:
    """The folder's `README.txt` in the view's language: what it holds, for which view (countries by name
    and code, the date), under which licence, from which sources (each with its publisher, title, date
    and address, as `sources.csv` has them). Its words are the page description's (`scene.page`)."""
    tr, words = view.tr, PAGE.section("data")
    licence = load_config().data_licence
    countries = ", ".join(f"{country_name(code, tr.lang)} ({code})" for code in view.view.countries)
    lines = [words.say("folder_title", tr, title=tr(TITLE)),
             words.say("folder_view", tr, countries=countries or words.say("no_country", tr), date=view.day),
             "",
             words.say("folder_licence", tr, licence=licence) if licence else words.say("no_licence", tr),
             words.say("folder_cites", tr),
             "",
             words.say("folder_sources", tr, count=tr.number(len(sources)))]
    lines += [f"- {s['id']}: {s['publisher']}, {s['title']}, {plain(s['date']) or words.say('undated', tr)}, "
              f"{s['url'] or words.say('no_address', tr)}" for _, s in sources.iterrows()]
    return ("\n".join(lines) + "\n").encode()


def _named(corrections: pd.DataFrame, records: pd.DataFrame, view: Scene, sources: set[str]) -> pd.DataFrame:
    """The corrections whose row is in the folder (a figure or event known by the view's date), so that
    the folder validates."""
    ids = {"records": set(records["id"]) | {a for names in records.get("aliases", []) for a in names or ()},
           "figures": set(view.selection.figures["id"]), "events": set(view.selection.events["id"]),
           "sources": sources}
    keep = [i in ids[str(t)] for t, i in zip(corrections["table"], corrections["id"], strict=True)]
    return corrections[np.array(keep, dtype=bool)]


def _table(frame: pd.DataFrame, model: type[Row], raw: bool) -> bytes:
    """One table in its model's columns and the per-language ones it has, lists as `;`-separated ids,
    dates in ISO."""
    columns = [*model.model_fields, *localised_columns(frame, model.LOCALISED)]
    cells = frame.reindex(columns=columns).map(lambda v: ";".join(v) if isinstance(v, list) else plain(v))
    return csv_bytes(cells, raw)
