"""The "State of emergency" map group's shapes: each region under a status on the day, as an area drawn
from its outline (`dashboard.geo.regions`) in its status's style (`styles.REGION_STYLE`)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.escape import inert
from dashboard.geo.regions import REGION_NAMES
from dashboard.i18n import N_, Translator
from dashboard.map.compact import Area
from dashboard.map.styles import REGION_STYLE
from dashboard.vocabulary import REGION_STATUSES

REGION_CLASS = "kz-region "  # the CSS class of every region's path (with `region-<code>`)
SINCE = N_("{region}: {status} from {first}")
FROM_TO = N_("{region}: {status} from {first} to {last}")


def region_name(code: str, lang: str = "en") -> str:
    """A region's name in the reader's language (its code when unknown)."""
    name = REGION_NAMES.get(code)
    return Translator(lang)(name) if name else code


def region_label(row: pd.Series, lang: str = "en") -> str:
    """What a region's area says of its status (a row of regions.csv): "Mangystau Region: state of
    emergency from 5 January to 18 January"."""
    tr = Translator(lang)
    values = {"region": region_name(str(row["region"]), lang),
              "status": tr(REGION_STATUSES[str(row["status"])]), "first": tr.day_month(row["from"])}
    last = row["to"]
    if isinstance(last, dt.date):
        return tr(FROM_TO, last=tr.day_month(last), **values)
    return tr(SINCE, **values)


def region_areas(rows: pd.DataFrame, lang: str = "en", record: str | None = None) -> list[Area]:
    """The areas of the regions in force (`view.regions.in_view`): emergencies first, then red alerts
    over them, each belonging to `record` (the host's: a page that filters by record shows them with it)."""
    areas = []
    for _, row in rows.iterrows():
        label, style = region_label(row, lang), REGION_STYLE[str(row["status"])]
        areas.append(Area(str(row["region"]), str(style["fill"]), float(style["fill_opacity"]), inert(label),
                          f"{REGION_CLASS}region-{str(row['region']).lower()} status-{row['status']}",
                          stroke=str(style["stroke"]), weight=float(style["weight"]),
                          dash=style["dash"] if isinstance(style["dash"], str) else None, record=record))
    return areas
