"""A view's CSV and GeoJSON exports cut into the pieces of its records, for a page that puts them back
together for a narrower view (the published edition's "Get the data").

The pieces are cut from the exports' own bytes, so every rule stays the exporters' (columns, order,
number formatting, the formula guard, the JSON layout): a record's CSV line and GeoJSON feature are the
same in any view that shows it on that day, and a view's file is its header, then the pieces of the
records it shows in the order they come here, then the corrections that concern them.
"""

from __future__ import annotations

import json

from dashboard.export import NO_COUNTRY, csvfile, file_name, geojson
from dashboard.export.fields import corrections_in_view, corrections_of_records
from dashboard.scene import Scene

# Placeholders of the GeoJSON's envelope, filled by the page (`{name}`, as fill() in fill.js reads them).
PLACES = ("countries", "date", "features", "corrections")
INDENT = geojson.INDENT
_scalar = json.JSONEncoder(ensure_ascii=False).encode  # a scalar as json.dumps(..., ensure_ascii=False)


def view_pieces(view: Scene) -> dict[str, object]:
    """The CSV and GeoJSON of the scene `view` cut into pieces:

    - `csv_header`: the CSV's first line; `csv`: per record id, its line (with its line end);
    - `geojson`: the envelope, a template with the places `{countries}`, `{date}`, `{features}` and
      `{corrections}`; `features`: per record id, its feature as the collection lays it out; `regions`:
      the features of the regions under a status that day, which follow the records' in any view;
      `corrections`: the view's corrections so laid out, in order, and `concerns`: per record id, the
      positions of those that concern it; `country_items`: each country code as an item of `countries`;
    - `lists`: how a list of `features` (or `corrections`) and of `countries` is laid out: `empty`, or
      `open` + the items joined by `join` + `close`;
    - `names`: each file's name with the places `{date}` and `{codes}`, and `no_codes` for no country.
    """
    selection = view.selection
    ids = [str(r) for r in selection.records["id"]]
    # The exports' own writers, each record's row and feature kept for the next view (the next day):
    # the edition cuts every day's.
    header, lines = csvfile.record_lines(view, selection.records, corrections_in_view(view))
    if len(lines) != len(ids):
        raise ValueError(f"the CSV has {len(lines)} rows for {len(ids)} records")
    # What the GeoJSON export dumps, each record's feature laid out (and kept for the next view).
    collection = geojson.collection(view, reuse=True, laid_out=_Layout())
    features = [text if isinstance(text, str) else _item(text, 2)  # the records', then the regions'
                for text in collection["features"]]

    envelope = {**collection, "view": {**collection["view"], "countries": "\0countries", "date": "\0date"},
                "features": "\0features", "corrections": "\0corrections"}
    template = _dumps(envelope) + "\n"
    for place in PLACES:  # the date is a string: its quotes stay
        written = "{" + place + "}"
        template = template.replace(json.dumps("\0" + place), f'"{written}"' if place == "date" else written)
    if not all(template.count("{" + place + "}") == 1 for place in PLACES):
        raise ValueError("the GeoJSON's envelope holds a place name of its own")
    date = view.day
    codes = "-".join(view.view.countries)
    return {
        "csv_header": header, "csv": dict(zip(ids, lines, strict=True)),
        "geojson": template, "features": dict(zip(ids, features[:len(ids)], strict=True)),
        "regions": features[len(ids):],
        "corrections": [_item(c, 2) for c in collection["corrections"]],
        "concerns": corrections_of_records(view, reuse=True),
        "country_items": {code: _item(code, 3) for code in view.view.countries},
        "lists": {"features": _list_layout(0), "countries": _list_layout(1)},
        "names": {fmt: file_name(view, fmt).replace(f"{date}-{codes}.", "{date}-{codes}.")
                  for fmt in ("csv", "geojson")},
        "no_codes": NO_COUNTRY,  # what a file's name says for no country (`file_name`'s word)
    }


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=INDENT)


class _Layout:
    """Lays out a record's feature as `_item(feature, 2)` does, without json.dumps' generator-based
    indenting (the edition lays out every feature that changed each day); the first one also by
    json.dumps itself, as a check of `_laid_out`."""

    def __init__(self) -> None:
        self.checked = False

    def __call__(self, feature: dict[str, object]) -> str:
        text = " " * (INDENT * 2) + _laid_out(feature, 2)
        if not self.checked:
            if text != _item(feature, 2):
                raise ValueError("the features' layout is not json.dumps's")
            self.checked = True
        return text


def _item(value: object, depth: int) -> str:
    """`value` as an item of a list at `depth` of the collection lays it out."""
    pad = " " * (INDENT * depth)
    return "\n".join(pad + line for line in _dumps(value).split("\n"))


def _laid_out(value: object, level: int) -> str:
    """`value` as `json.dumps(value, ensure_ascii=False, indent=INDENT)` writes it when it starts at
    indentation `level` (the lines after the first indented `level` steps further): objects and lists
    one member a line, empty ones as `{}` and `[]`, each scalar as json.dumps writes it. The same text
    as json's own indenting encoder, without its generators (the edition lays out every feature)."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + " " * (INDENT * (level + 1))
        members = [_scalar(key) + ": " + _laid_out(item, level + 1)
                   for key, item in value.items()]
        return "{" + inner + ("," + inner).join(members) + "\n" + " " * (INDENT * level) + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + " " * (INDENT * (level + 1))
        return ("[" + inner + ("," + inner).join(_laid_out(item, level + 1) for item in value) + "\n"
                + " " * (INDENT * level) + "]")
    return _scalar(value)


def _list_layout(holder: int) -> dict[str, str]:
    """How the export lays out a list held by an object at depth `holder` (0: the collection), whose items
    come laid out by `_item` at depth `holder + 2`: `empty`, or `open`, the items joined by `join`,
    `close`. Cut from what json.dumps writes for an empty list and a list of two."""
    def listed(items: list[str]) -> str:
        value: object = {"x": items}
        for _ in range(holder):
            value = {"y": value}
        text = _dumps(value)
        return text[text.index('"x": ') + len('"x": '):text.rindex("]") + 1]

    a, b = json.dumps("\0a"), json.dumps("\0b")
    two = listed(["\0a", "\0b"])
    pad = " " * (INDENT * (holder + 2))
    at_a, at_b = two.index(a), two.index(b)
    return {"empty": listed([]), "open": two[:at_a - len(pad)], "join": two[at_a + len(a):at_b - len(pad)],
            "close": two[at_b + len(b):]}

