"""Stable ids for figures and events, and the check that every id and alias names one row.

A figure's or event's id is written in its file once and then kept, whatever is corrected in the row:
corrections, updates and links name rows by it. A row whose `id` cell is blank (a file written before
ids existed, or a new row an editor has not named) gets one made from its cells: a figure
`<record>-<metric>-<value>`, an event `<date>-<record>-<kind>`, with `-2`, `-3` … for the second and
later rows that would get the same one, in file order. Ids written in the file are taken first.

A new record or source added at the editors' desk or proposed by the article page without an id gets one
the same way: a record `<name>-<layer>` and a source `<publisher>-<date>`, as slugs (lower-case ASCII
letters, digits and `-`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from unidecode import unidecode

from dashboard.data.problems import Problem


def figure_key(record: object, metric: object, value: object) -> str:
    """The id made for a figure whose `id` is blank."""
    return f"{record}-{metric}-{value}"


def event_key(day: object, record: object, kind: object) -> str:
    """The id made for an event whose `id` is blank (`day` a date or its ISO text)."""
    return f"{day}-{record}-{kind}"


def slug(text: object, fallback: str = "row") -> str:
    """`text` as an id: its letters in ASCII (transliterated: Алматы is almaty) and digits in lower case,
    joined by `-`, at most 60 characters; `fallback` when nothing is left."""
    made = re.sub(r"[^a-z0-9]+", "-", unidecode(str(text)).lower()).strip("-")[:60].strip("-")
    return made or fallback


def numbered(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` … whichever is not taken yet (and take it)."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def record_key(name: object, layer: object) -> str:
    """The id made for a new record whose `id` is blank: its name and layer."""
    return slug(f"{name}-{layer}")


def source_key(publisher: object, day: object) -> str:
    """The id made for a new source whose `id` is blank: its publisher and date (`reuters-2022-01-14`)."""
    return f"{slug(publisher)}-{day}" if day else slug(publisher)


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
