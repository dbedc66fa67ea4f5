"""Precision and recall of the geoparser on the gold set, per text and overall.

    uv run python -m tests.geoparse_eval
"""

from __future__ import annotations

from dashboard.geo.gazetteer import default_geocoder
from dashboard.geo.geoparser import geoparse
from tests.gold import load, names, ratio, score


def evaluate() -> dict[str, tuple[float, float, int, int, int]]:
    """name -> (precision, recall, right, found, annotated), with "overall" last."""
    geocoder = default_geocoder()
    rows: dict[str, tuple[float, float, int, int, int]] = {}
    totals = [0, 0, 0]
    for name in names():
        gold = load(name)
        right, found, annotated = score(gold, [m.as_dict() for m in geoparse(gold.text, geocoder, gold.lang)])
        rows[name] = (ratio(right, found), ratio(right, annotated), right, found, annotated)
        totals = [t + v for t, v in zip(totals, (right, found, annotated), strict=True)]
    right, found, annotated = totals
    rows["overall"] = (ratio(right, found), ratio(right, annotated), right, found, annotated)
    return rows


def main() -> None:
    """Print the table."""
    print(f"{'text':<20} {'precision':>9} {'recall':>7} {'right':>6} {'found':>6} {'annotated':>9}")
    for name, (precision, recall, right, found, annotated) in evaluate().items():
        print(f"{name:<20} {precision:>9.3f} {recall:>7.3f} {right:>6} {found:>6} {annotated:>9}")


if __name__ == "__main__":
    main()
