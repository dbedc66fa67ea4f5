"""The sidebar's tables: plain functions from records and figures to tables and text in the reader's
language. Every figure keeps its qualifier, its sources and its date."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.data.countries import country_name
from dashboard.escape import safe_url
from dashboard.i18n import Translator
from dashboard.view.wording import amount_text, figure_text, localised_column, word
from dashboard.vocabulary import METRICS, RELIABILITY, STATUSES, TOLL_METRICS


def troop_table(records: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per visible contingent: country, troops (each figure with source), units, bases, status."""
    tr = Translator(lang)
    rows = []
    for _, c in records[records["layer"] == "contingent"].iterrows():
        troops = figures[(figures["record"] == c["id"]) & (figures["metric"] == "troops")]
        bases = records[(records["layer"] == "troop_origin") & (records["contingent"] == c["contingent"])]
        rows.append([
            country_name(c["contingent"], lang),
            tr(" vs ").join(figure_text(f, lang) for _, f in troops.iterrows()) or tr("no figure"),
            c["unit"] or "",
            ", ".join(bases["name"]),
            word(STATUSES, c["status"], lang),
        ])
    return pd.DataFrame(rows, columns=[tr("country"), tr("troops"), tr("units"), tr("bases"), tr("status")])


def withdrawal_summary(records: pd.DataFrame, as_of: dt.date, lang: str = "en") -> str:
    """E.g. "4 of 5 contingents withdrawn by 14 January 2022", then one line per country."""
    tr = Translator(lang)
    contingents = records[records["layer"] == "contingent"]
    done = int((contingents["status"] == "withdrawn").sum())
    lines = ["**" + tr("{done} of {total} contingents withdrawn by {date}", done=done, total=len(contingents),
                       date=tr.date(as_of)) + "**", ""]
    for _, c in contingents.iterrows():
        start, end = c["withdrawal_start"], c["withdrawn"]
        dates = ""
        if isinstance(start, dt.date) and start == end:
            dates = tr(" (withdrawn on {date})", date=tr.day_month(start))
        elif isinstance(start, dt.date) and isinstance(end, dt.date):
            dates = tr(" (withdrawal {start} – {end})", start=tr.day_month(start), end=tr.day_month(end))
        status_word = word(STATUSES, c["status"], lang)
        lines.append(f"- {country_name(c['contingent'], lang)}: {status_word}{dates}")
    return "\n".join(lines)


def unrest_table(records: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Deaths, injured and arrests per place: every figure its own row with source and date."""
    tr = Translator(lang)
    places = records[records["layer"].isin(["unrest", "host"])].set_index("id")["name"]
    rows = figures[figures["record"].isin(places.index) & figures["metric"].isin(TOLL_METRICS)]
    notes = localised_column(rows, "note", lang)
    return pd.DataFrame({
        tr("place"): rows["record"].map(places),
        tr("metric"): [word(METRICS, m, lang) for m in rows["metric"]],
        tr("figure"): [amount_text(q, v, lang)
                       for q, v in zip(rows["qualifier"], rows["value"], strict=True)],
        tr("date"): [tr.short_date(d) for d in rows["date"]],
        tr("source"): rows["sources"].map("; ".join),
        tr("note"): notes.fillna("") if notes is not None else "",
    })


def source_table(shown: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Rows of the sources table as the sidebar lists them: reliability kept, links only for http(s)."""
    tr = Translator(lang)
    return pd.DataFrame({
        tr("id"): shown["id"], tr("publisher"): shown["publisher"], tr("title"): shown["title"],
        tr("reliability"): [word(RELIABILITY, r, lang) for r in shown["reliability"]],
        tr("link"): shown["url"].map(safe_url),
    })
