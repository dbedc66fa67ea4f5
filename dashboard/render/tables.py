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


def table_html(frame: pd.DataFrame, label: str, key: str, note: str | None = None) -> str:
    """`frame` as an HTML table named `label` (its accessible name) with the CSS class `table-<key>`, and
    `note` under it when given (e.g. that it lists only the first rows)."""
    columns = [c for c in frame.columns if not str(c).endswith(EXTRA) and c != "__key"]
    values = {c: [_text(v) for v in frame[c].tolist()] for c in frame.columns}  # one pass per column
    absent = [None] * len(frame)
    rows = []
    for i in range(len(frame)):
        cells = [{"text": values[c][i] or "", "title": values.get(f"{c}__title", absent)[i],
                  "href": safe_url(values.get(f"{c}__href", absent)[i])} for c in columns]
        rows.append({"key": values.get("__key", absent)[i], "cells": cells})
    return render("table.html", headers=columns, rows=rows, label=label, key=key, note=note)


def _text(value: object) -> str | None:
    """A cell as text; None for a missing value (None, NaN, NaT, NA)."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return str(value)
