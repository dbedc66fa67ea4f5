"""The "Updated" stamp and the "Corrections" section, and a record's own corrections in its details."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.i18n import Translator
from dashboard.render.templating import render
from dashboard.view.arrays import looked_up
from dashboard.view.wording import localised_column


def updated_text(day: dt.date | None, lang: str = "en") -> str | None:
    """"Updated 2 December 2026" / "Aktualisiert am 2. Dezember 2026"; None without a date."""
    if day is None:
        return None
    tr = Translator(lang)
    return tr("Updated {date}", date=tr.date(day))


def correction_items(corrections: pd.DataFrame, records: pd.DataFrame,
                     lang: str = "en") -> list[dict[str, object]]:
    """The corrections (newest first, with `record`) as the reader reads them: when, what, the summary."""
    tr = Translator(lang)
    names = looked_up(records, "name", corrections["record"]) if "record" in corrections else pd.Series()
    summaries = localised_column(corrections, "summary", lang)
    items = []
    for i, c in corrections.iterrows():
        record = c.get("record")
        place = names.get(record) if isinstance(record, str) else None
        items.append({"iso": c["date"].isoformat(), "when": tr.date(c["date"]),
                      "record": record if isinstance(record, str) else None,
                      "place": place if isinstance(place, str) else None,
                      "summary": _text(summaries, i)})
    return items


def _text(column: pd.Series | None, i: object) -> str:
    return column[i] if column is not None and isinstance(column[i], str) else ""


def corrections_html(corrections: pd.DataFrame, records: pd.DataFrame, lang: str = "en") -> str:
    """The "Corrections" section: every correction, newest first; empty when there is none."""
    if corrections.empty:
        return ""
    tr = Translator(lang)
    return render("corrections.html", title=tr("Corrections"),
                  intro=tr("What we got wrong and corrected, newest first."),
                  items=correction_items(corrections, records, lang))
