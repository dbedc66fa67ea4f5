"""The sidebar's tables as HTML that wraps, so that every figure is shown whole at any sidebar width.

A table is a DataFrame of display text (from `dashboard.view.tables`). Beside a column `x` it may have
`x__title` (the cell's hover text: a source's id and full citation) and `x__href` (a link, http(s)
only); `__key`, if present, names each row (`data-key`, for the tests and for links into the table).
"""

from __future__ import annotations

import pandas as pd

from dashboard.escape import safe_url
from dashboard.render.templating import render

EXTRA = ("__title", "__href")


def table_html(frame: pd.DataFrame, label: str, key: str) -> str:
    """`frame` as an HTML table named `label` (its accessible name) with the CSS class `table-<key>`."""
    columns = [c for c in frame.columns if not str(c).endswith(EXTRA) and c != "__key"]
    rows = []
    for i, row in frame.iterrows():
        cells = [{"text": "" if pd.isna(row[c]) else str(row[c]),
                  "title": _text(frame, i, f"{c}__title"), "href": safe_url(_text(frame, i, f"{c}__href"))}
                 for c in columns]
        rows.append({"key": _text(frame, i, "__key"), "cells": cells})
    return render("table.html", headers=columns, rows=rows, label=label, key=key)


def _text(frame: pd.DataFrame, index: object, column: str) -> str | None:
    if column not in frame.columns:
        return None
    value = frame.at[index, column]
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
