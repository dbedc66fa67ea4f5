"""The log rows a change writes, drafted in both languages: a correction for every row whose change alters
what readers have seen, and the updates row every save adds.

What readers have seen: a figure's value, qualifier, date or status; an event's date, time, end, place
(its record) or text (its summary in any language); a record's position, dates or sources (a source
taken away or replaced: one added beside the others corrects nothing). A correction
reads "Armenian contingent's troops figure of 6 January 2022 was corrected from 100 to 137 (source:
Armenpress, 7 January 2022)." / "Die Zahl „Soldaten“ für Armenisches Kontingent vom 6. Januar 2022
wurde von 100 auf 137 korrigiert (Quelle: …)." The editor may rewrite either before saving.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from dashboard.data.cells import split_ids
from dashboard.data.changeset import Change, Plan
from dashboard.data.guards import field_problems
from dashboard.data.sheet import MODELS, Sheet
from dashboard.i18n import N_, Translator
from dashboard.vocabulary import METRICS

LANGS: tuple[str, ...] = ("en", "de")
TOUCHED_LISTED = 50  # rows named in the updates row's `touched` (a cell holds 5,000 characters)
DATES = ("date", "end", "start", "deployed", "withdrawal_start", "withdrawn")
# The columns whose change readers have seen, by table; "summary" stands for every summary_<lang>, and
# "position" for lat and lon together.
VISIBLE: dict[str, tuple[str, ...]] = {
    "figures": ("value", "qualifier", "date", "status"),
    "events": ("date", "time", "end", "record", "summary"),
    "records": ("position", "start", "end", "deployed", "withdrawal_start", "withdrawn", "sources"),
}
LABELS: dict[str, str] = {
    "value": N_("value"), "qualifier": N_("qualifier"), "date": N_("date"),
    "status": N_("status of the figure"),
    "time": N_("time of day"), "end": N_("end date"), "record": N_("place"), "summary": N_("text"),
    "position": N_("position"), "start": N_("start date"), "deployed": N_("deployment date"),
    "withdrawal_start": N_("start of the withdrawal"), "withdrawn": N_("withdrawal date"),
    "sources": N_("sources"),
}
TABLE_NAMES: dict[str, str] = {"records": N_("records"), "figures": N_("figures"), "events": N_("events"),
                               "sources": N_("sources")}

Row = Mapping[str, str]


def _cell(row: Row | None, column: str) -> str:
    return "" if row is None else str(row.get(column, "")).strip()


def _summaries(row: Row | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, _cell(row, k)) for k in (row or {}) if k.startswith("summary")
                        and _cell(row, k)))


def visible_changes(table: str, before: Row, after: Row) -> list[str]:
    """The columns readers have seen (as named in VISIBLE) that a change of one row alters."""
    changed = []
    for column in VISIBLE.get(table, ()):
        if column == "summary":
            moved = _summaries(before) != _summaries(after)
        elif column == "position":
            moved = (_cell(before, "lat"), _cell(before, "lon")) != (_cell(after, "lat"), _cell(after, "lon"))
        elif column == "sources":  # a source taken away; one added beside the others corrects nothing
            moved = bool(set(split_ids(_cell(before, column))) - set(split_ids(_cell(after, column))))
        else:
            moved = _cell(before, column) != _cell(after, column)
        if moved:
            changed.append(column)
    return changed


def _name(record: Row | None, rid: str, lang: str) -> str:
    if record is None:
        return rid
    return _cell(record, f"name_{lang}") or _cell(record, "name") or rid


def _value(column: str, row: Row, tr: Translator, records: Mapping[str, Row]) -> str:
    if column == "position":
        return f"{_cell(row, 'lat')}, {_cell(row, 'lon')}" if _cell(row, "lat") else ""
    text = _cell(row, column)
    if not text:
        return ""
    if column in DATES:
        try:
            return tr.date(dt.date.fromisoformat(text))
        except ValueError:
            return text
    if column == "value" and text.replace(",", "").isdigit():
        return tr.number(int(text.replace(",", "")))
    if column == "record":
        return _name(records.get(text), text, tr.lang)
    if column == "sources":
        return ", ".join(split_ids(text))  # type: ignore[arg-type]
    return text


def _clause(column: str, before: Row, after: Row, tr: Translator, records: Mapping[str, Row]) -> str:
    label = tr(LABELS[column])
    if column == "summary":
        return tr("{field} rewritten", field=label)
    old, new = (_value(column, r, tr, records) for r in (before, after))
    if not old:
        return tr("{field} {new} added", field=label, new=new)
    if not new:
        return tr("{field} {old} removed", field=label, old=old)
    return tr("{field} corrected from {old} to {new}", field=label, old=old, new=new)


def _source_text(before: Row | None, after: Row, sources: Mapping[str, Row], tr: Translator) -> str:
    """The sources a correction names: those the change added to the row, else the row's own (two at most)."""
    cited = list(split_ids(_cell(after, "sources")))  # type: ignore[arg-type]
    earlier = set(split_ids(_cell(before, "sources")))  # type: ignore[arg-type]
    named = [s for s in cited if s not in earlier] or cited
    parts = []
    for sid in named[:2]:
        source = sources.get(sid)
        if source is None:
            parts.append(sid)
            continue
        day = _value("date", source, tr, {})
        parts.append(", ".join(p for p in (_cell(source, "publisher"), day) if p))
    return "; ".join(parts)


def correction(table: str, rid: str, before: Row, after: Row, records: Mapping[str, Row],
               sources: Mapping[str, Row]) -> dict[str, str] | None:
    """The drafted `summary_<lang>` cells of the correction one changed row needs, or None when the change
    alters nothing readers have seen."""
    changed = visible_changes(table, before, after)
    if not changed:
        return None
    drafted = {}
    for lang in LANGS:
        tr = Translator(lang)
        source = _source_text(before, after, sources, tr)
        record = records.get(_cell(after, "record")) if table != "records" else after
        name = _name(record, _cell(after, "record") or rid, lang)
        metric = tr(METRICS.get(_cell(after, "metric"), _cell(after, "metric")))
        if table == "figures" and changed == ["value"]:
            text = tr("{record}'s {metric} figure of {date} was corrected from {old} to {new} "
                      "(source: {source}).", record=name, metric=metric,
                      date=_value("date", after, tr, records), old=_value("value", before, tr, records),
                      new=_value("value", after, tr, records), source=source)
        else:
            if table == "figures":
                subject = tr("{record}'s {metric} figure of {date}", record=name, metric=metric,
                             date=_value("date", before, tr, records))
            elif table == "events":
                place = _name(records.get(_cell(before, "record")), _cell(before, "record"), lang)
                subject = tr("{record}, the event of {date}", record=place,
                             date=_value("date", before, tr, records))
            else:
                subject = name
            clauses = "; ".join(_clause(c, before, after, tr, records) for c in changed)
            text = tr("{subject}: {clauses} (source: {source}).", subject=subject, clauses=clauses,
                      source=source)
        drafted[f"summary_{lang}"] = text
    return drafted


def _few(ids: Sequence[str], limit: int = 10, sep: str = ", ") -> str:
    """Ids for a log's cell: the first `limit`, then how many more (the save's record lists them all)."""
    shown = sep.join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown}{sep}+{len(ids) - limit}"


def update(touched: Sequence[tuple[str, str, str]], reason: str) -> dict[str, str]:
    """The drafted `summary_<lang>` cells of the updates row of a save: what it did to which rows (`touched`:
    (action, table, id) with action "changed", "added" or "removed"), and the editor's reason."""
    drafted = {}
    for lang in LANGS:
        tr = Translator(lang)
        parts = []
        for action, label in (("changed", N_("changed")), ("added", N_("added")), ("removed", N_("removed"))):
            by_table: dict[str, list[str]] = {}
            for act, table, rid in touched:
                if act == action:
                    by_table.setdefault(table, []).append(rid)
            if by_table:
                listed = "; ".join(f"{tr(TABLE_NAMES[t])} {_few(ids)}" for t, ids in by_table.items())
                parts.append(f"{tr(label)}: {listed}")
        what = tr("Saved at the desk ({what}).", what=", ".join(parts))
        drafted[f"summary_{lang}"] = f"{what} {reason.strip()}".strip()
    return drafted


def cited(table: str, row: Mapping[str, str] | None, rid: str) -> list[str]:
    """The sources a row cites (a source cites itself)."""
    if table == "sources":
        return [rid]
    return list(split_ids((row or {}).get("sources", "")))  # type: ignore[arg-type]


def append_logs(out: Plan, change: Change, sheets: dict[str, Sheet], log: list[tuple[str, str, str]],
                now: dt.datetime, save_id: str) -> None:
    """Append the drafted corrections and the updates row of a planned change (`out`, whose `rows` are
    the rows changed, each before and after; `log`: (action, table, id) in order) to the sheets and to
    `out`; the editor's own correction text, when given, replaces the drafts."""
    records = {rid: row for rid, row in zip(sheets["records"].ids(), sheets["records"].rows, strict=True)}
    sources = {rid: row for rid, row in zip(sheets["sources"].ids(), sheets["sources"].rows, strict=True)}
    day = now.date().isoformat()
    given = change.correction_en is not None and change.correction_de is not None
    for entry in out.rows:
        before, after = entry["before"], entry["after"]
        if before is None or after is None:
            continue
        table, rid = str(entry["table"]), str(entry["id"])
        text = correction(table, rid, before, after, records, sources)  # type: ignore[arg-type]
        if given:
            text = {"summary_en": str(change.correction_en).strip(),
                    "summary_de": str(change.correction_de).strip()}
        if text is None:
            continue
        row = {"date": day, "table": table, "id": rid, **text,
               "sources": ";".join(cited(table, after, rid))}  # type: ignore[arg-type]
        out.corrections.append(row)
    for row in out.corrections:
        out.problems += field_problems("corrections.csv", len(sheets["corrections"].rows) + 2, row,
                                 MODELS["corrections"])
        for column in row:
            sheets["corrections"].add_column(column)
        sheets["corrections"].rows.append(row)
    named: dict[str, None] = {}
    for entry in out.rows:
        row = entry["after"] if entry["after"] is not None else entry["before"]
        named.update(dict.fromkeys(cited(str(entry["table"]), row, str(entry["id"]))))  # type: ignore[arg-type]
    out.update = {"date": day, "time": now.strftime("%H:%M:%S"), "editor": change.editor.strip(),
                  "save": save_id, "touched": _few([f"{t}:{i}" for _, t, i in log], TOUCHED_LISTED, "; "),
                  **update(log, change.reason), "sources": ";".join(named)}
    out.problems += field_problems("updates.csv", len(sheets["updates"].rows) + 2, out.update,
                                   MODELS["updates"])
    for column in out.update:
        sheets["updates"].add_column(column)
    sheets["updates"].rows.append(out.update)
