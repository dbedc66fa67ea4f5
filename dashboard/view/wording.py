"""Data as the reader reads it: vocabulary words, figures with their qualifiers, and each text column in
the reader's language (`summary_de` where the reader reads German and the data has it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from itertools import chain

import numpy as np
import pandas as pd

from dashboard.data.schema import RecordRow
from dashboard.i18n import DEFAULT_LANGUAGE, Translator
from dashboard.memo import memoised
from dashboard.view.arrays import per_distinct, row_of
from dashboard.vocabulary import QUALIFIERS


def word(table: Mapping[str, str], key: object, lang: str = "en") -> str:
    """A vocabulary word (status, metric, kind …) in the reader's language; unknown keys as they are."""
    return Translator(lang)(table[key]) if key in table else ("" if key is None else str(key))


def amount_text(qualifier: str, value: int, lang: str = "en") -> str:
    """A count with its qualifier: "about 2,500", "more than 10,000", "2,030" (German: "etwa 2.500")."""
    tr = Translator(lang)
    template = QUALIFIERS.get(qualifier, "{n}")  # an unknown qualifier: the number alone
    return tr(template, n=tr.number(value)) if template != "{n}" else tr.number(value)


def amount_texts(qualifiers: Iterable[str], values: Iterable[int], lang: str = "en") -> np.ndarray:
    """`amount_text` of each (qualifier, value) pair, made once per distinct pair."""
    return per_distinct(lambda q, v: amount_text(q, int(v), lang), qualifiers, values)


def words(table: Mapping[str, str], keys: Iterable[object], lang: str = "en") -> np.ndarray:
    """`word` of each key, looked up once per distinct key."""
    return per_distinct(lambda key: word(table, key, lang), keys)


def figure_text(fig: Mapping[str, object], lang: str = "en") -> str:
    """One figure with its qualifier, source ids and date: "about 2,500 (sputnik-2022-01-06, 6 Jan 2022)"."""
    tr = Translator(lang)
    return (f"{amount_text(fig['qualifier'], fig['value'], lang)} "
            f"({'; '.join(fig['sources'])}, {tr.short_date(fig['date'])})")


def cited_as(source_ids: Iterable[str], sources: pd.DataFrame, lang: str = "en") -> str:
    """Sources as a reader names them: publisher and date ("TASS, 5 Jan 2022"); an unknown id as it is."""
    source_ids = list(source_ids)
    return citer(sources, lang, [source_ids])(source_ids)


def citer(sources: pd.DataFrame, lang: str = "en", among: Iterable[Iterable[str]] | None = None,
          ) -> Callable[[Iterable[str]], str]:
    """`cited_as` over one sources table, for many lists of ids: the table is read once. With `among`
    (the lists of ids it will be asked for), only the sources they cite are read."""
    read = ("id", "date", *(f"publisher{end}" for end in ("", f"_{lang}", f"_{DEFAULT_LANGUAGE}")))
    names = source_names(cited_in(sources, among, read), lang)
    return lambda source_ids: "; ".join(names.get(sid, sid) for sid in source_ids)


def cited_in(sources: pd.DataFrame, among: Iterable[Iterable[str]] | None,
             only: Iterable[str] | None = None) -> pd.DataFrame:
    """The sources that the lists of ids `among` cite, in table order (all of them when None): each
    found by id, without a pass over the table. With `only`, just those of its columns the table has
    (the cited rows' cells of those columns copied, no other)."""
    if among is None:
        return sources
    ids = list(dict.fromkeys(chain.from_iterable(among)))
    at = row_of(sources, ids) if len(sources) else np.zeros(0, dtype=int)
    rows = np.unique(at[at >= 0])
    if only is None:
        return sources.iloc[rows]
    return pd.DataFrame({column: sources[column].to_numpy()[rows] for column in dict.fromkeys(only)
                         if column in sources.columns}, index=sources.index[rows])


def source_names(sources: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """Each source's id -> publisher and date, as `cited_as` names it (one pass over the table, kept
    for tables of the same content; not to be changed by the caller)."""
    publisher = localised_column(sources, "publisher", lang)  # `publisher_<lang>` where given
    named = sources if publisher is None else sources.assign(publisher=publisher)
    return _names(_content(named, ("id", "publisher", "date")), lang)


def citations(source_ids: Iterable[str], sources: pd.DataFrame) -> str:
    """Sources in full, for hover text: "tass-1384189: TASS, Title, 2022-01-05, https://…"."""
    source_ids = list(source_ids)
    return full_citer(sources, [source_ids])(source_ids)


def full_citer(sources: pd.DataFrame, among: Iterable[Iterable[str]] | None = None,
               ) -> Callable[[Iterable[str]], str]:
    """`citations` over one sources table, for many lists of ids: the table is read once. With `among`
    (the lists of ids it will be asked for), only the sources they cite are read."""
    details = source_citations(cited_in(sources, among))
    return lambda source_ids: " | ".join(details.get(sid, sid) for sid in dict.fromkeys(source_ids))


def source_citations(sources: pd.DataFrame) -> dict[str, str]:
    """Each source's id -> its full citation, as `citations` gives it (one pass over the table, kept
    for tables of the same content; not to be changed by the caller)."""
    return _citations(_content(sources, ("id", "publisher", "title", "date", "url")))


def _content(table: pd.DataFrame, columns: tuple[str, ...]) -> tuple[tuple[object, ...], ...]:
    """The cells of `columns`, column by column: the key the lookups below are kept by (a table's
    content, never its identity, so a changed or another table never meets a stale lookup)."""
    return tuple(tuple(table[c].tolist()) for c in columns)


@memoised(entries=256)
def _names(content: tuple[tuple[object, ...], ...], lang: str) -> dict[str, str]:
    tr = Translator(lang)
    return {sid: f"{publisher}, {tr.short_date(date)}" if isinstance(date, dt.date) else str(publisher)
            for sid, publisher, date in zip(*content, strict=True)}


@memoised(entries=256)
def _citations(content: tuple[tuple[object, ...], ...]) -> dict[str, str]:
    return {sid: f"{sid}: " + ", ".join(str(d) for d in details if d is not None and d == d and d != "")
            for sid, *details in zip(*content, strict=True)}


def doubt_notes(frame: pd.DataFrame, lang: str = "en") -> pd.Series:
    """Each row's `doubt_<lang>` as the reader reads it ("uncertain: …"), "" where there is none."""
    tr = Translator(lang)
    doubts = localised_column(frame, "doubt", lang)
    if doubts is None:
        return pd.Series("", index=frame.index, dtype=object)
    return pd.Series(per_distinct(lambda d: tr("uncertain: {reason}", reason=d) if isinstance(d, str) and d
                                  else "", doubts), index=frame.index, dtype=object)


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
