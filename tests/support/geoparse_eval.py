"""Precision and recall of the geoparser on the gold set, per text, per language and overall.

    uv run python -m tests.support.geoparse_eval

Each text is geoparsed in its annotated language; the `detected` column shows the language that
automatic detection (`--lang auto`, the default) gives the same text, which should be the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.geo.gazetteer import default_geocoder
from dashboard.geo.geoparser import geoparse
from dashboard.geo.language import detect_language
from tests.support.gold import load, names, ratio, score

# precision, recall, right, found, annotated, language, detected language
Row = tuple[float, float, int, int, int, str, str]


def evaluate(texts: Iterable[str] | None = None) -> dict[str, Row]:
    """name -> (precision, recall, right, found, annotated, language, detected language), then one
    "overall <lang>" row per language and "overall" last; over `texts` (gold names), else all."""
    geocoder = default_geocoder()
    rows: dict[str, Row] = {}
    totals: dict[str, list[int]] = {}
    for name in names() if texts is None else texts:
        gold = load(name)
        counts = score(gold, [m.as_dict() for m in geoparse(gold.text, geocoder, gold.lang)])
        right, found, annotated = counts
        detected = detect_language(gold.text)
        rows[name] = (ratio(right, found), ratio(right, annotated), *counts, gold.lang, detected)
        for key in (f"overall {gold.lang}", "overall"):
            totals[key] = [t + c for t, c in zip(totals.get(key, [0, 0, 0]), counts, strict=True)]
    for key in sorted(totals, key=lambda k: (k == "overall", k)):
        right, found, annotated = totals[key]
        lang = key.removeprefix("overall").strip()
        rows[key] = (ratio(right, found), ratio(right, annotated), right, found, annotated, lang, "")
    return rows


def main() -> None:
    """Print the table."""
    print(f"{'text':<20} {'lang':>4} {'detected':>8} {'precision':>9} {'recall':>7} {'right':>6} "
          f"{'found':>6} {'annotated':>9}")
    for name, (precision, recall, right, found, annotated, lang, detected) in evaluate().items():
        print(f"{name:<20} {lang:>4} {detected:>8} {precision:>9.3f} {recall:>7.3f} {right:>6} {found:>6} "
              f"{annotated:>9}")


if __name__ == "__main__":
    main()
