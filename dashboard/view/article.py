"""From a news text to rows for the data folder: the places the geoparser found, and the change they
propose to the editors' desk (`proposal`): a new record for each kept place that has none, the source
added to the record a place already has (no second record on Almaty's point), and the source itself
unless `sources.csv` already has one at the same address. Plain functions; the "From article" page draws
them, and hands the change to the desk (`DESK_DRAFT`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd

from dashboard.data import ids
from dashboard.data.changeset import Addition, Change, Edit
from dashboard.data.encoding import Decoded, NotText, decode
from dashboard.data.failures import Refused
from dashboard.data.schema import RECORD_COLUMNS, SOURCE_REQUIRED
from dashboard.geo.crowded import MAX_AT_POINT
from dashboard.geo.geoparser import Mention
from dashboard.i18n import N_, Translator

# Where the "From article" page leaves its proposed change (a `Change` with no editor or reason yet) in
# the session, for the desk page (`/desk`) to show, complete and save.
DESK_DRAFT = "desk-article-change"
SAME_POINT = 1e-4  # degrees (about 10 m): a record this close to a place is at the place's point

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
    """A name as an id's part (the id rules' `slug`), "place" when nothing is left."""
    return ids.slug(text, "place")


def source_id(publisher: str, day: dt.date, taken: set[str]) -> str:
    """An id for a new source by the id rules: publisher slug and date, e.g. `reuters-2022-01-14`."""
    return ids.numbered(ids.source_key(publisher, day.isoformat()), taken)


def record_rows(kept: pd.DataFrame, layer: str, source: str, taken: set[str]) -> str:
    """records.csv rows (no header) for the kept places, citing `source`, with the geocoded position and
    its precision, in the documented column order."""
    rows = []
    for place in kept.itertuples(index=False):
        rows.append({
            "id": ids.numbered(ids.record_key(place.name, layer), taken), "name": place.name,
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


def address_key(url: str) -> str:
    """An address as compared for "the same source": scheme, `www.`, case of the host and a trailing
    slash do not count; blank for no address."""
    text = url.strip()
    if not text:
        return ""
    parts = urlsplit(text if "//" in text else f"//{text}")
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


def known_source(url: str, sources: pd.DataFrame) -> str | None:
    """The id of the source in `sources` (id, url) at the same address as `url`, or None."""
    wanted = address_key(url)
    if not wanted:
        return None
    for sid, address in zip(sources["id"], sources["url"], strict=True):
        if isinstance(address, str) and address_key(address) == wanted:
            return str(sid)
    return None


def record_at(place: object, layer: str, records: pd.DataFrame) -> str | None:
    """The record a place already has: one in the place's country at its point (as loaded and geocoded)
    and in the chosen layer; or, when the point already holds as many records as it may (a new one would
    crowd it), the one named as the place, else the first. None when the place needs a record of its own."""
    here = records[(records["country"] == place.country)  # type: ignore[attr-defined]
                   & ((records["lat"] - place.lat).abs() < SAME_POINT)  # type: ignore[attr-defined]
                   & ((records["lon"] - place.lon).abs() < SAME_POINT)]  # type: ignore[attr-defined]
    same_layer = here[here["layer"] == layer]
    if len(same_layer):
        return str(same_layer["id"].iloc[0])
    if len(here) >= MAX_AT_POINT:
        named = here[here["name"].str.casefold() == str(place.name).casefold()]  # type: ignore[attr-defined]
        return str((named if len(named) else here)["id"].iloc[0])
    return None


@dataclass(frozen=True)
class Proposal:
    """What an article proposes to the desk: the change (no editor or reason yet), the source it cites
    (new, or `reused` from sources.csv), the places that already have a record (place name, record id),
    and the new rows as text for a reader who cannot edit (no header: records.csv, then sources.csv)."""

    change: Change
    source: str
    reused: bool
    linked: list[tuple[str, str]] = field(default_factory=list)
    records_csv: str = ""
    sources_csv: str = ""


def proposal(kept: pd.DataFrame, layer: str, source: Mapping[str, str], records: pd.DataFrame,
             sources: pd.DataFrame, written: Mapping[str, Mapping[str, str]]) -> Proposal:
    """The change an article proposes: `kept` places (as `places` gives them) in `layer`, citing the
    source described by `source` (publisher, title, url, date as ISO text, language, reliability).
    `records` and `sources` are the loaded tables; `written` the records as written, by id, each with its
    `version` (`dashboard.geo.changeset.rows`), so that a source added to an existing record is made
    against the version read."""
    day = dt.date.fromisoformat(source["date"])
    reused = known_source(source.get("url", ""), sources)
    sid = reused or source_id(source["publisher"], day, set(sources["id"]))
    additions: list[Addition] = []
    edits: list[Edit] = []
    linked: list[tuple[str, str]] = []
    new = []
    for place in kept.itertuples(index=False):
        rid = record_at(place, layer, records)
        if rid is None:
            new.append(place)
            continue
        linked.append((str(place.name), rid))
        row = written.get(rid)
        cited = [s.strip() for s in (row or {}).get("sources", "").split(";") if s.strip()]
        if row is not None and sid not in cited:
            edits.append(Edit("records", rid, {"sources": ";".join([*cited, sid])}, row.get("version")))
    records_csv = record_rows(pd.DataFrame(new, columns=kept.columns), layer, sid, set(records["id"]))
    for row in csv.DictReader(io.StringIO(records_csv), fieldnames=list(RECORD_COLUMNS)):
        additions.append(Addition("records", {k: v for k, v in row.items() if v}))
    sources_csv = ""
    if reused is None:
        sources_csv = source_row(sid, source["publisher"].strip(), source["title"].strip(),
                                 source.get("url", "").strip(), day, source["language"],
                                 source["reliability"])
        row = next(csv.DictReader(io.StringIO(sources_csv), fieldnames=list(SOURCE_REQUIRED)))
        additions.insert(0, Addition("sources", {k: v for k, v in row.items() if v}))
    return Proposal(Change(edits, additions), sid, reused is not None, linked, records_csv, sources_csv)
