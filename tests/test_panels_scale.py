"""The sidebar's panels at any size: one card per contributing state, with its own troop figures, its
distinct bases (at most LISTED, then "and N more") and its status; the worst-hit places at most
TOP_PLACES, with how many more there are. Checked against a plain reference, a loop over the rows, on the
bundled data and on both synthetic shapes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bench.synthetic import write_synthetic
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.scene import View, scene
from dashboard.view import sidebar, status
from dashboard.view.tables import LISTED
from tests.conftest import GEODATA
from tests.support.references import unlisted_count

ALL = ("KZ", "RU", "BY", "AM", "TJ", "KG")


def _reference_cards(data: Dataset, view: View) -> list[tuple[object, ...]]:
    """Per state, in the order its first contingent record is shown: the state, its troop figures
    (qualifier, value) by date, its distinct bases as listed, how many more, its status."""
    made = scene(data, view)
    shown = made.panels.shown
    rows = shown.to_dict("records")
    figures = made.selection.figures.to_dict("records")
    cards, seen = [], set()
    for row in rows:
        if row["layer"] != "contingent" or row["contingent"] in seen:
            continue
        state = row["contingent"]
        seen.add(state)
        ids = {r["id"] for r in rows if r["layer"] == "contingent" and r["contingent"] == state}
        own = sorted((f for f in figures if f["metric"] == "troops" and f["record"] in ids),
                     key=lambda f: f["date"])
        bases: list[str] = []
        for r in rows:
            if r["layer"] == "troop_origin" and r["contingent"] == state and r["name"] not in bases:
                bases.append(r["name"])
        cards.append((state, [(f["qualifier"], f["value"]) for f in own], bases[:LISTED],
                      max(0, len(bases) - LISTED), row["status"]))
    return cards


def _cards(data: Dataset, view: View) -> list[tuple[object, ...]]:
    cards = scene(data, view).panels.contingents
    more = [0 if c.more_bases is None else int("".join(ch for ch in c.more_bases if ch.isdigit()))
            for c in cards]
    return [(c.code, len(c.figures), list(c.bases), m, c.status) for c, m in zip(cards, more, strict=True)]


def _check(data: Dataset, days: list[dt.date]) -> None:
    for day in days:
        view = View(ALL, day)
        expected = _reference_cards(data, view)
        assert _cards(data, view) == [(s, len(f), b, m, st) for s, f, b, m, st in expected]
        assert len(expected) == len({card[0] for card in expected})  # one card per state
        made = scene(data, view)
        assert len(made.panels.places) <= sidebar.TOP_PLACES
        unlisted = made.panels.unlisted  # each country's places with a toll known, beyond those listed
        left = sum(unlisted.counts.values()) - len(made.panels.places) if unlisted else 0
        assert left == unlisted_count(made)


def test_the_bundled_sidebar_matches_the_plain_reference(geocoder: Geocoder) -> None:
    _check(load_dataset(GEODATA, geocoder), [status.REPORT_DAY])


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["scattered", "bundled"])
def test_both_synthetic_shapes_at_10000_match_the_plain_reference(
    shape: str, tmp_path: Path, geocoder: Geocoder
) -> None:
    config = write_synthetic(tmp_path, 10_000, shape=shape)
    data = load_dataset(config.parent / "geodata", geocoder)
    cards = _reference_cards(data, View(ALL, status.REPORT_DAY))
    assert len(cards) == 5  # the five contributing states, however many bases each has
    _check(data, [status.REPORT_DAY])
