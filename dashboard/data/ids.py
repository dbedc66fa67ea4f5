"""Stable ids for figures and events, and the check that every id and alias names one row.

A figure's or event's id is written in its file once and then kept, whatever is corrected in the row:
corrections, updates and links name rows by it. A row whose `id` cell is blank (a file written before
ids existed, or a new row an editor has not named) gets one made from its cells: a figure
`<record>-<metric>-<value>`, an event `<date>-<record>-<kind>`, with `-2`, `-3` … for the second and
later rows that would get the same one, in file order. Ids written in the file are taken first.

A new record or source added at the editors' desk without an id gets one the same way: a record
`<name>` and a source `<publisher>-<date>`, as slugs (lower-case ASCII letters, digits and `-`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from dashboard.data.problems import Problem


def figure_key(record: object, metric: object, value: object) -> str:
    """The id made for a figure whose `id` is blank."""
    return f"{record}-{metric}-{value}"


def event_key(day: object, record: object, kind: object) -> str:
    """The id made for an event whose `id` is blank (`day` a date or its ISO text)."""
    return f"{day}-{record}-{kind}"


def slug(text: object, limit: int = 60) -> str:
    """`text` as an id: ASCII letters (accents dropped) and digits in lower case, joined by `-`; "row"
    when nothing is left (a name in another script)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    return made or "row"


def record_key(name: object) -> str:
    """The id made for a new record whose `id` is blank."""
    return slug(name)


def source_key(publisher: object, day: object) -> str:
    """The id made for a new source whose `id` is blank: its publisher's first word and its date."""
    first = slug(publisher).split("-")[0]
    return f"{first}-{day}" if day else first


def filled(given: Sequence[object], made: Iterable[str]) -> list[str]:
    """The ids of a table's rows: each given id as it is, each blank one made (`made`, one per row)
    and numbered apart from every other id of the table."""
    taken = {str(g) for g in given if g}
    ids: list[str] = []
    for own, base in zip(given, made, strict=True):
        if own:
            ids.append(str(own))
            continue
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        ids.append(candidate)
    return ids


def alias_problems(rows: Sequence[int], ids: Sequence[str], aliases: Sequence[Sequence[str]],
                   file: str) -> list[Problem]:
    """An alias must not be a record's id nor another record's alias: a link must open one record."""
    known = set(ids)
    seen: dict[str, str] = {}
    problems = []
    for row, rid, names in zip(rows, ids, aliases, strict=True):
        for alias in names:
            if alias in known:
                problems.append(Problem(file, int(row), "aliases", f"{alias!r} is a record's id"))
            elif alias in seen and seen[alias] != rid:
                problems.append(Problem(file, int(row), "aliases",
                                        f"{alias!r} is already an alias of {seen[alias]!r}"))
            else:
                seen[alias] = rid
    return problems
