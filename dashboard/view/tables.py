"""The sidebar's tables: plain functions from records and figures to tables and text in the reader's
language. Every figure keeps its qualifier, its sources and its date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import chain

import pandas as pd

from dashboard.data.countries import country_name
from dashboard.escape import safe_url
from dashboard.i18n import N_, Translator
from dashboard.view.arrays import among, columns, per_distinct
from dashboard.view.timeline import troop_figures
from dashboard.view.wording import (
    amount_text,
    amount_texts,
    citer,
    doubt_notes,
    full_citer,
    localised_column,
    source_citations,
    source_names,
    word,
    words,
)
from dashboard.vocabulary import METRICS, RELIABILITY, STATUSES, TOLL_METRICS


def troop_table(records: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame,
                lang: str = "en") -> pd.DataFrame:
    """One row per visible contingent: country, troops (each figure with its sources by publisher and date;
    their ids and full citations in `troops__title`), units, bases, status."""
    tr = Translator(lang)
    layer = columns(records)
    contingents = records[layer.isin("layer", ["contingent"])]
    troops = figures[(figures["metric"] == "troops") & figures["record"].isin(contingents["id"])]
    bases = records[layer.isin("layer", ["troop_origin"])]
    bases = bases.loc[bases["contingent"].isin(contingents["contingent"]), ["contingent", "name"]]
    cite, full = citer(sources, lang, troops["sources"]), full_citer(sources, troops["sources"])
    rows = []
    for c in contingents.itertuples(index=False):  # a few contingents, each with a few figures
        own = troops[troops["record"] == c.id]
        given = zip(own["qualifier"], own["value"], own["sources"], strict=True)
        rows.append([
            country_name(c.contingent, lang),
            tr(" vs ").join(f"{amount_text(q, v, lang)} ({cite(s)})" for q, v, s in given) or tr("no figure"),
            full(list(chain.from_iterable(own["sources"]))),
            c.unit or "",
            listed(bases.loc[bases["contingent"] == c.contingent, "name"], lang),
            word(STATUSES, c.status, lang),
        ])
    names = [tr("country"), tr("troops"), f"{tr('troops')}__title", tr("units"), tr("bases"), tr("status")]
    return pd.DataFrame(rows, columns=names)


LISTED = 12  # names a table cell or a card lists before saying how many more there are


def listed(names: pd.Series, lang: str = "en", limit: int = LISTED) -> str:
    """The first `limit` names, comma-separated, and how many more there are: "A, B, C and 4,497 more"."""
    shown = ", ".join(str(n) for n in names.iloc[:limit])
    if len(names) <= limit:
        return shown
    tr = Translator(lang)
    return tr("{names} and {count} more", names=shown, count=tr.number(len(names) - limit))


def withdrawal_summary(records: pd.DataFrame, as_of: dt.date, lang: str = "en") -> str:
    """E.g. "4 of 5 contingents withdrawn by 14 January 2022", then one line per country."""
    tr = Translator(lang)
    each = withdrawal_lines(records, as_of, lang)
    done = sum(line.status == "withdrawn" for line in each)
    said = tr(WITHDRAWN_BY, done=done, total=len(each), date=tr.date(as_of)) if each else \
        tr(NONE_SENT, date=tr.date(as_of))
    lines = ["**" + said + "**", ""]
    lines += [f"- {line.text}" for line in each]
    return "\n".join(lines)


WITHDRAWN_BY = N_("{done} of {total} contingents withdrawn by {date}")
NONE_SENT = N_("No contingent had been sent by {date}")  # the view shows none (before the decisions)


@dataclass(frozen=True)
class WithdrawalLine:
    """One contingent's withdrawal: "Armenia: deployed (leaves on 14 Jan)"."""

    code: str
    status: str
    text: str


def withdrawal_lines(records: pd.DataFrame, as_of: dt.date, lang: str = "en") -> list[WithdrawalLine]:
    """A line per contingent among `records` (with `status`): its status and its dates, in the tense the
    date calls for."""
    tr = Translator(lang)
    contingents = records[columns(records).isin("layer", ["contingent"])]
    return [WithdrawalLine(str(c["contingent"]), str(c["status"]),
                           f"{country_name(c['contingent'], lang)}: {word(STATUSES, c['status'], lang)}"
                           f"{_withdrawal_dates(c['withdrawal_start'], c['withdrawn'], as_of, tr)}")
            for _, c in contingents.iterrows()]


def _withdrawal_dates(start: object, end: object, as_of: dt.date, tr: Translator) -> str:
    """When a contingent leaves, in the tense the chosen date calls for: "leaves on 14 Jan" before it,
    "left on 14 Jan" after it; a withdrawal over several days is planned, under way or done."""
    if not (isinstance(start, dt.date) and isinstance(end, dt.date)):
        return ""
    if start == end:
        template = N_(" (leaves on {start})") if as_of < end else N_(" (left on {start})")
    elif as_of < start:
        template = N_(" (withdraws {start} – {end})")
    elif as_of < end:
        template = N_(" ({start} – {end})")
    else:
        template = N_(" (withdrew {start} – {end})")
    return tr(template, start=tr.day_month(start), end=tr.day_month(end))


def toll_rows(records: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The figures the unrest table lists: deaths, injured and arrests at the unrest sites and for the host
    state in `records`."""
    places = records.loc[columns(records).isin("layer", ["unrest", "host"]), "id"]
    tolls = figures[figures["metric"].isin(TOLL_METRICS)]
    return tolls[among(tolls["record"], places)]


def unrest_table(records: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame,
                 lang: str = "en", limit: int | None = None) -> pd.DataFrame:
    """Deaths, injured and arrests per place: every figure its own row with its date and its sources by
    publisher and date (ids and full citations in `source__title`); the first `limit` rows only when
    given (see `toll_rows` for all of them)."""
    tr = Translator(lang)
    rows = toll_rows(records, figures)
    if limit is not None:
        rows = rows.head(limit)
    notes = _with_doubts(rows, lang)
    return pd.DataFrame({
        tr("place"): rows["record"].map(_names_of(records, rows["record"])),
        tr("metric"): words(METRICS, rows["metric"], lang),
        tr("figure"): amount_texts(rows["qualifier"], rows["value"], lang),
        tr("date"): per_distinct(tr.short_date, rows["date"]),
        tr("source"): rows["sources"].map(citer(sources, lang, rows["sources"])),
        f"{tr('source')}__title": rows["sources"].map(full_citer(sources, rows["sources"])),
        tr("note"): notes,
    }, index=rows.index)


def _names_of(records: pd.DataFrame, ids: pd.Series) -> pd.Series:
    """The names of the records `ids` names (a few), by id: found by one pass over the ids."""
    named = records.loc[among(records["id"], ids), ["id", "name"]].drop_duplicates("id")
    return pd.Series(named["name"].to_numpy(), index=named["id"].to_numpy())


def troop_total_note(records: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> str | None:
    """Where the contingents' own figures do not add up to the official total, say so: the sum, the total
    with its source and date, and that reported figures are press reports or pledges.

    `records` and `figures` are every record and the figures known by the view's date: the note is about
    the whole force, whatever countries the reader chose. None when they agree or a part is unknown.
    """
    tr = Translator(lang)
    per_country = troop_figures(records, figures)
    troops = figures[figures["metric"] == "troops"]
    contingents = set(records.loc[records["layer"] == "contingent", "id"])
    # The official total: the latest exact troop figure given for the force as a whole.
    whole = ~troops["record"].isin(contingents) & (troops["qualifier"] == "exact")
    totals = troops[whole].sort_values("date")
    added = sum(figure[1] for figure in per_country.values())
    if not per_country or totals.empty or added == int(totals.iloc[-1]["value"]):
        return None
    total = totals.iloc[-1]
    reported = [code for code, figure in per_country.items() if figure[2]]
    text = tr("The contingents' own figures add up to {sum}, but the official total is {total} ({source}, "
              "{date}).", sum=tr.number(added), total=tr.number(int(total["value"])),
              source="; ".join(total["sources"]), date=tr.short_date(total["date"]))
    if len(reported):
        text += " " + tr("The figures for {countries} are press reports of pledges, not official figures.",
                         countries=", ".join(country_name(code, lang) for code in reported))
    return text


def _with_doubts(rows: pd.DataFrame, lang: str) -> pd.Series:
    """Each figure's note, and what is uncertain about it, in the reader's language."""
    notes = localised_column(rows, "note", lang)
    out = notes.fillna("") if notes is not None else pd.Series("", index=rows.index, dtype=object)
    return (out + " " + doubt_notes(rows, lang)).str.strip()


def source_table(shown: pd.DataFrame, lang: str = "en", limit: int | None = None) -> pd.DataFrame:
    """Rows of the sources table as the sidebar lists them: the source by publisher and date (its id and
    full citation on hover), its title (a link only for http(s)), its reliability grade kept; the first
    `limit` sources only when given."""
    tr = Translator(lang)
    if limit is not None:
        shown = shown.head(limit)
    names, full = source_names(shown, lang), source_citations(shown)
    ids = shown["id"].tolist()  # the rows listed: a few hundred at most

    def column(values: list[object]) -> pd.Series:
        return pd.Series(values, index=shown.index, dtype="str")

    return pd.DataFrame({
        "__key": shown["id"],
        tr("source"): column([names.get(i, i) for i in ids]),
        f"{tr('source')}__title": column([full.get(i, i) for i in ids]),
        tr("title"): shown["title"],
        f"{tr('title')}__href": column([safe_url(u) for u in shown["url"]]),
        tr("reliability"): words(RELIABILITY, shown["reliability"], lang),
    })
