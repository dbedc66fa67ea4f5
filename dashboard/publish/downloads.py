""""Get the data" of the published edition: the pieces of every day's CSV and GeoJSON exports, from which
the page puts together the file of the view a reader chose (countries and date), byte for byte the
app's export of that view.

Each day's exports of every country are cut at their records by the export package
(`dashboard.export.pieces`, handed in by the command line: this package may not import it). A record's
line and feature are the same in every view that shows it that day, so the edition keeps, per record,
its pieces over the days they stay the same, and each distinct text once.

The publish writes the file as it is made (`downloads_json`): each distinct text goes to a spool file
when first seen and is held after that only by its digest, so the memory does not grow with the texts
(records times days), and no whole copy of the file is held.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from dashboard.scene import Scene, View
from dashboard.scene.edition import EditionScenes

LAYOUT = ("csv_header", "geojson", "lists", "country_items", "names", "no_codes")
# The export package's `view_pieces(view)`, of a view's scene.
Pieces = Callable[[Scene], dict]
CHUNK = 1 << 20  # how much of the spooled texts `downloads_json` gives at once, in bytes
BATCH = 1000  # how many records' spans `downloads_json` gives at once
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # as the publish's `_json`


def downloads_data(scenes: EditionScenes, pieces: Pieces) -> dict[str, object]:
    """What the page needs to make any view's CSV and GeoJSON: the layout (`csv_header`, the GeoJSON's
    envelope `geojson`, `lists`, `country_items`, `names`, `no_codes`, as `view_pieces` gives them),
    `texts` (each distinct line, feature and correction once), `ids` (the records), `orders` (per
    day, the records in that day's exports' order: indices of `ids`), `records` (per record id, its
    spans `[from, to, line, feature, [corrections…]]`: indices of days and of `texts`), `corrections`
    (per day, that day's corrections in the exports' order) and `regions` (per day, the features of the
    regions under a status, which follow the records' in a view that shows the `host` record). The days
    are the edition's (`LanguageScenes.days`):
    January's, then the final figures. The whole of it, held: the publish writes the same as JSON
    with `downloads_json`, which holds no text."""
    texts: dict[str, int] = {}
    walked = _walk(scenes, pieces, lambda body: texts.setdefault(body, len(texts)))
    return walked.whole(list(texts))


def downloads_json(scenes: EditionScenes, pieces: Pieces) -> Iterator[bytes]:
    """`downloads_data(scenes, pieces)` as the publish writes it (compact JSON, UTF-8), in parts, byte
    for byte the whole's: every day is cut first, each distinct text written to a spool file when first
    seen (`_Spool`); then the file is given key by key, the texts read back from the spool."""
    with tempfile.TemporaryFile() as file:
        spool = _Spool(file)
        walked = _walk(scenes, pieces, spool)
        for at, (key, value) in enumerate(walked.whole(None).items()):
            yield (("{" if at == 0 else ",") + _dumps(key) + ":").encode()
            if key == "texts":
                yield from spool.listed()
            elif key == "records":
                yield from _records(value)
            else:
                yield _dumps(value).encode()
        yield b"}"


@dataclass
class _Walked:
    """What `_walk` gathers (see `downloads_data`), the texts apart."""

    layout: dict[str, object]
    ids: list[str]
    orders: list[list[int]]
    spans: dict[str, list[list[object]]]
    by_day: list[list[int]]
    regions: list[list[int]]
    host: str | None

    def whole(self, texts: object) -> dict[str, object]:
        """`downloads_data`'s dict, its `texts` as given."""
        return {**self.layout, "texts": texts, "ids": self.ids, "orders": self.orders, "records": self.spans,
                "corrections": self.by_day, "regions": self.regions, "host": self.host}


def _walk(scenes: EditionScenes, pieces: Pieces, text: Callable[[str], int]) -> _Walked:
    """Cut every day of the edition and gather its pieces, each text numbered by `text` (the same
    number for the same text, counting up from 0 in the order first given)."""
    layout: dict[str, object] = {}
    ids: list[str] = []
    number: dict[str, int] = {}
    orders: list[list[int]] = []
    spans: dict[str, list[list[object]]] = {}
    by_day: list[list[int]] = []
    regions: list[list[int]] = []
    last: dict[str, tuple[str, int, str, int]] = {}  # per record: its last line and feature, numbered
    # The edition's days, the final figures last, in a link's default language (the exports hold every
    # language the data has).
    for index, seen in enumerate(scenes.languages[View().lang].days):
        day = seen.view.date
        cut = pieces(seen)
        own = {key: cut[key] for key in LAYOUT}
        if layout and own != layout:
            raise ValueError(f"the exports' layout changes on {day}")
        layout = own
        corrections = [text(body) for body in cut["corrections"]]
        by_day.append(corrections)
        regions.append([text(body) for body in cut["regions"]])
        for rid in cut["csv"]:
            if rid not in number:
                number[rid] = len(ids)
                ids.append(rid)
        orders.append([number[rid] for rid in cut["csv"]])  # the exports' order of the day
        for rid, line in cut["csv"].items():
            feature = cut["features"][rid]
            # The exports give a record's line and feature again as the same object while they stay
            # the same (`RecordParts.reused`): that one's number is known without looking the text up.
            kept = last.get(rid)
            if kept is None or kept[0] is not line or kept[2] is not feature:
                kept = last[rid] = (line, text(line), feature, text(feature))
            piece = [kept[1], kept[3], [corrections[at] for at in cut["concerns"][rid]]]
            known = spans.setdefault(rid, [])
            if known and known[-1][1] == index - 1 and known[-1][2:] == piece:
                known[-1][1] = index
            else:
                known.append([index, index, *piece])
    return _Walked(layout, ids, orders, spans, by_day, regions, scenes.host)


class _Spool:
    """Numbers each distinct text (`__call__`, as `downloads_data`'s `texts`) and writes it to `file` as
    a JSON string when first seen, keeping only its digest (BLAKE2b, 20 bytes): the texts' list is then
    read back from the file (`listed`)."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._seen: dict[bytes, int] = {}

    def __call__(self, body: str) -> int:
        key = hashlib.blake2b(body.encode(), digest_size=20).digest()
        number = self._seen.get(key)
        if number is None:
            number = self._seen[key] = len(self._seen)
            self._file.write((b"," if number else b"") + _dumps(body).encode())
        return number

    def listed(self) -> Iterator[bytes]:
        """The texts as a JSON list, in parts of at most `CHUNK` bytes (the brackets apart)."""
        yield b"["
        self._file.seek(0)
        while part := self._file.read(CHUNK):
            yield part
        yield b"]"


def _records(spans: dict[str, list[list[object]]]) -> Iterator[bytes]:
    """The `records` object as compact JSON, `BATCH` records a part."""
    rids = list(spans)
    yield b"{"
    for start in range(0, len(rids), BATCH):
        batch = ",".join(_dumps(rid) + ":" + _dumps(spans[rid]) for rid in rids[start:start + BATCH])
        yield (b"," if start else b"") + batch.encode()
    yield b"}"
