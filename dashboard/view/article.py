"""From a news text to rows for the data folder: the places the geoparser found, and records.csv /
sources.csv rows ready to append. Plain functions; the "From article" page draws them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections.abc import Iterable, Sequence

import pandas as pd
from unidecode import unidecode

from dashboard.data.encoding import Decoded, NotText, decode
from dashboard.data.failures import Refused
from dashboard.data.schema import RECORD_COLUMNS, SOURCE_REQUIRED
from dashboard.geo.geoparser import Mention
from dashboard.i18n import N_, Translator

# The longest text the page and `python -m dashboard geoparse` read. A long news article runs to some
# 30,000 characters; the limit keeps one reader's text to seconds of geoparsing and a bounded memory.
MAX_TEXT_CHARS = 200_000
# The most bytes read of a file: MAX_TEXT_CHARS + 1 characters of at most 4 bytes each (UTF-8, UTF-16).
MAX_TEXT_BYTES = 4 * (MAX_TEXT_CHARS + 1)
TOO_LONG = N_("The text is {length} characters long, over the limit of {limit} characters; give the "
              "article on its own.")


def length_refusal(text: str, tr: Translator) -> str | None:
    """The reader's message when `text` is longer than `MAX_TEXT_CHARS` (numbers in the reader's
    format), else None: checked before any parsing."""
    if len(text) <= MAX_TEXT_CHARS:
        return None
    return tr(TOO_LONG, length=tr.number(len(text)), limit=tr.number(MAX_TEXT_CHARS))


def read_article(path: str, tr: Translator) -> Decoded:
    """The text of the file at `path`, decoded (`dashboard.data.encoding`), after reading at most
    `MAX_TEXT_BYTES` + 1 bytes: a longer file (a 300 MB dump, /dev/zero) is refused without reading on.
    Raises `Refused` (with the reader's message) for a text over `MAX_TEXT_CHARS` or bytes that are not
    text, `OSError` for a file that cannot be read."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_TEXT_BYTES + 1)
    if len(raw) > MAX_TEXT_BYTES:
        raise Refused(f"{path}: the text is longer than the limit of {tr.number(MAX_TEXT_CHARS)} characters; "
                      "give the article on its own")
    try:
        decoded = decode(raw)
    except NotText as err:
        raise Refused(f"cannot read {path}: {err}") from err
    if refusal := length_refusal(decoded.text, tr):
        raise Refused(f"{path}: {refusal}")
    return decoded


def footprint(text: str, mentions: Sequence[Mention]) -> int:
    """A fair estimate of the bytes a text and its mentions hold in memory: the string itself, and
    each mention's object, attribute dict and values (strings shared between mentions count for each)."""
    return sys.getsizeof(text) + sys.getsizeof(mentions) + sum(
        sys.getsizeof(m) + sys.getsizeof(vars(m)) + sum(map(sys.getsizeof, vars(m).values()))
        for m in mentions)


def places(mentions: Iterable[Mention]) -> pd.DataFrame:
    """One row per distinct place, in order of first mention: how it was written, how often, how sure."""
    rows: dict[tuple[str, str], dict[str, object]] = {}
    for m in mentions:
        row = rows.setdefault((m.name, m.country), {
            "name": m.name, "country": m.country, "lat": m.lat, "lon": m.lon, "precision": m.precision,
            "kind": m.kind, "written": [], "mentions": 0, "confidence": m.confidence,
        })
        if m.text not in row["written"]:
            row["written"].append(m.text)
        row["mentions"] += 1
        row["confidence"] = max(row["confidence"], m.confidence)
    return pd.DataFrame(list(rows.values()),
                        columns=["name", "country", "lat", "lon", "precision", "kind", "written", "mentions",
                                 "confidence"])


def slug(text: str) -> str:
    """A record or source id from a name: lower-case ASCII letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")[:60].strip("-") or "place"


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` … whichever is not taken yet (and take it)."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def source_id(publisher: str, day: dt.date, taken: set[str]) -> str:
    """An id for a new source: publisher slug and date, e.g. `reuters-2022-01-14`."""
    return unique_id(f"{slug(publisher)}-{day.isoformat()}", taken)


def record_rows(kept: pd.DataFrame, layer: str, source: str, taken: set[str]) -> str:
    """records.csv rows (no header) for the kept places, citing `source`, with the geocoded position and
    its precision, in the documented column order."""
    rows = []
    for place in kept.itertuples(index=False):
        rows.append({
            "id": unique_id(slug(f"{place.name}-{layer}"), taken), "name": place.name,
            "country": place.country, "layer": layer, "lat": place.lat, "lon": place.lon,
            "precision": place.precision, "sources": source,
        })
    return _csv(rows, RECORD_COLUMNS)


def source_row(source: str, publisher: str, title: str, url: str, day: dt.date, language: str,
               reliability: str) -> str:
    """One sources.csv row (no header)."""
    return _csv([{"id": source, "publisher": publisher, "title": title, "url": url,
                  "date": day.isoformat(), "language": language, "reliability": reliability}],
                SOURCE_REQUIRED)


def _csv(rows: list[dict[str, object]], columns: Iterable[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()
