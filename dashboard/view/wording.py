"""Data as the reader reads it: vocabulary words, figures with their qualifiers, and each text column in
the reader's language (`summary_de` where the reader reads German and the data has it)."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from dashboard.data.schema import RecordRow
from dashboard.i18n import DEFAULT_LANGUAGE, Translator
from dashboard.vocabulary import QUALIFIERS


def word(table: Mapping[str, str], key: object, lang: str = "en") -> str:
    """A vocabulary word (status, metric, kind …) in the reader's language; unknown keys as they are."""
    return Translator(lang)(table[key]) if key in table else ("" if key is None else str(key))


def amount_text(qualifier: str, value: int, lang: str = "en") -> str:
    """A count with its qualifier: "about 2,500", "more than 10,000", "2,030" (German: "etwa 2.500")."""
    tr = Translator(lang)
    template = QUALIFIERS.get(qualifier, "{n}")  # an unknown qualifier: the number alone
    return tr(template, n=tr.number(value)) if template != "{n}" else tr.number(value)


def figure_text(fig: Mapping[str, object], lang: str = "en") -> str:
    """One figure with its qualifier, source ids and date: "about 2,500 (sputnik-2022-01-06, 6 Jan 2022)"."""
    tr = Translator(lang)
    return (f"{amount_text(fig['qualifier'], fig['value'], lang)} "
            f"({'; '.join(fig['sources'])}, {tr.short_date(fig['date'])})")


def cited_as(source_ids: Iterable[str], sources: pd.DataFrame, lang: str = "en") -> str:
    """Sources as a reader names them: publisher and date ("TASS, 5 Jan 2022"); an unknown id as it is."""
    names = source_names(sources, lang)
    return "; ".join(names.get(sid, sid) for sid in source_ids)


def source_names(sources: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """Each source's id -> publisher and date, as `cited_as` names it (one pass over the table, kept
    while the table lives)."""
    def build() -> dict[str, str]:
        tr = Translator(lang)
        return {sid: f"{publisher}, {tr.short_date(date)}" if isinstance(date, dt.date) else str(publisher)
                for sid, publisher, date in zip(sources["id"].tolist(), sources["publisher"].tolist(),
                                                sources["date"].tolist(), strict=True)}
    return _per_table(sources, f"names-{lang}", build)


def citations(source_ids: Iterable[str], sources: pd.DataFrame) -> str:
    """Sources in full, for hover text: "tass-1384189: TASS, Title, 2022-01-05, https://…"."""
    details = source_citations(sources)
    return " | ".join(details.get(sid, sid) for sid in dict.fromkeys(source_ids))


def source_citations(sources: pd.DataFrame) -> dict[str, str]:
    """Each source's id -> its full citation, as `citations` gives it (one pass over the table, kept
    while the table lives)."""
    def build() -> dict[str, str]:
        columns = [sources[c].tolist() for c in ("id", "publisher", "title", "date", "url")]
        return {sid: f"{sid}: " + ", ".join(str(d) for d in details if d is not None and d == d and d != "")
                for sid, *details in zip(*columns, strict=True)}
    return _per_table(sources, "citations", build)


# Lookups built from a sources table, kept as long as that table object lives (tables are never
# changed in place once loaded): id(table) -> (a weak reference to it, {kind: lookup}).
_LOOKUPS: dict[int, tuple[weakref.ref, dict[str, dict[str, str]]]] = {}


def _per_table(table: pd.DataFrame, kind: str, build: Callable[[], dict[str, str]]) -> dict[str, str]:
    key = id(table)
    entry = _LOOKUPS.get(key)
    if entry is None or entry[0]() is not table:  # a new table, or a new one at a freed one's address
        entry = (weakref.ref(table, lambda _: _LOOKUPS.pop(key, None)), {})
        _LOOKUPS[key] = entry
    lookups = entry[1]
    if kind not in lookups:
        lookups[kind] = build()
    return lookups[kind]


def doubt_notes(frame: pd.DataFrame, lang: str = "en") -> pd.Series:
    """Each row's `doubt_<lang>` as the reader reads it ("uncertain: …"), "" where there is none."""
    tr = Translator(lang)
    doubts = localised_column(frame, "doubt", lang)
    if doubts is None:
        return pd.Series("", index=frame.index, dtype=object)
    return doubts.map(lambda d: tr("uncertain: {reason}", reason=d) if isinstance(d, str) and d else "")


def localised_column(frame: pd.DataFrame, base: str, lang: str) -> pd.Series | None:
    """A text column in the reader's language: `base_<lang>` where given, else `base`, else the default
    language's `base_<code>`; None when the frame has none of them. Blank cells count as not given."""
    present = [c for c in dict.fromkeys((f"{base}_{lang}", base, f"{base}_{DEFAULT_LANGUAGE}"))
               if c in frame.columns]
    if not present:
        return None
    if present == [base]:
        return frame[base]
    value = frame[present[0]].replace("", None)
    for column in present[1:]:
        value = value.fillna(frame[column].replace("", None))
    return value


def localised(records: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Records with their text columns in the reader's language: `name` is `name_de` for a German reader
    where the data gives one (Moskau, Kasachstan), `summary` the summary in that language, and so on."""
    swapped = {}
    for base in RecordRow.LOCALISED:
        column = localised_column(records, base, lang)
        if column is not None and (base not in records.columns or column is not records[base]):
            swapped[base] = column
    return records.assign(**swapped) if swapped else records
