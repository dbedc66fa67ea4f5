""""Get the data" of the published edition: the pieces of every day's CSV and GeoJSON exports, from which
the page puts together the file of the view a reader chose (countries and date), byte for byte the
app's export of that view.

Each day's exports of every country are cut at their records by the export package
(`dashboard.export.pieces`, handed in by the command line: this package may not import it). A record's
line and feature are the same in every view that shows it that day, so the edition keeps, per record,
its pieces over the days they stay the same, and each distinct text once.
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.scene import Scene, View
from dashboard.scene.edition import EditionScenes

LAYOUT = ("csv_header", "geojson", "lists", "country_items", "names", "no_codes")
# The export package's `view_pieces(view)`, of a view's scene.
Pieces = Callable[[Scene], dict]


def downloads_data(scenes: EditionScenes, pieces: Pieces) -> dict[str, object]:
    """What the page needs to make any view's CSV and GeoJSON: the layout (`csv_header`, the GeoJSON's
    envelope `geojson`, `lists`, `country_items`, `names`, `no_codes`, as `view_pieces` gives them),
    `texts` (each distinct line, feature and correction once), `ids` (the records), `orders` (per
    day, the records in that day's exports' order: indices of `ids`), `records` (per record id, its
    spans `[from, to, line, feature, [corrections…]]`: indices of days and of `texts`), `corrections`
    (per day, that day's corrections in the exports' order) and `regions` (per day, the features of the
    regions under a status, which follow the records' in a view that shows the `host` record). The days
    are the edition's (`LanguageScenes.days`):
    January's, then the final figures."""
    texts: dict[str, int] = {}

    def text(body: str) -> int:
        return texts.setdefault(body, len(texts))

    layout: dict[str, object] = {}
    ids: list[str] = []
    number: dict[str, int] = {}
    orders: list[list[int]] = []
    spans: dict[str, list[list[object]]] = {}
    by_day: list[list[int]] = []
    regions: list[list[int]] = []
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
            piece = [text(line), text(cut["features"][rid]), [corrections[at] for at in cut["concerns"][rid]]]
            known = spans.setdefault(rid, [])
            if known and known[-1][1] == index - 1 and known[-1][2:] == piece:
                known[-1][1] = index
            else:
                known.append([index, index, *piece])
    return {**layout, "texts": list(texts), "ids": ids, "orders": orders, "records": spans,
            "corrections": by_day, "regions": regions, "host": scenes.host}
