"""Issue 25: sites at their own places. No point holds more than three drawn records, a site placed only
at its city says so and is named wherever it is not drawn, and every finer position cites its source.

Read through the package from the bundled data; the expected undrawn sites come from records.csv
(`tests.csvdata.undrawn`), not from the code under test.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.gazetteer import read_supplement
from dashboard.geo.geocoder import Geocoder
from dashboard.scene.scene import Scene, SceneView, scene
from dashboard.view.status import DAYS, REPORT_DAY
from tests.conftest import GEODATA
from tests.csvdata import ALL_CODES, APPROXIMATE, MAX_AT_POINT, drawn_view, stand_ins, table, undrawn

ALMATY_SITES = {"csto-hq-almaty", "almaty-tajik-post", "almaty-chp2", "almaty-armenian-posts",
                "ru-consulate-almaty"}
# The country choices a reader can make that change who is at Almaty's point: every country, the
# contributing states without Kazakhstan (the city's own record then left out), each one alone.
CHOICES = (tuple(sorted(ALL_CODES)), tuple(sorted(ALL_CODES - {"KZ"})),
           *((code,) for code in sorted(ALL_CODES)))


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def _areas(view: Scene) -> set[str]:
    """The records the view draws as countries (no point, no mark)."""
    return set(view.shown.loc[view.shown["layer"].isin(["host", "contingent"]), "id"])


def _marks(view: Scene) -> dict[tuple[float, float], set[str]]:
    """The records drawn at each point of the map: circles and icons (a flow line is no mark)."""
    at: dict[tuple[float, float], set[str]] = defaultdict(set)
    for group in view.shapes().shapes.values():
        for mark in [*group.circles, *group.icons]:
            if mark.record:
                at[(mark.lat, mark.lon)].add(mark.record)
    return at


def test_no_point_holds_more_than_three_drawn_records_on_any_day_for_any_country_choice(
    data: Dataset,
) -> None:
    checked = 0
    for countries in CHOICES:
        days = DAYS if len(countries) > 1 else (REPORT_DAY,)
        for day in days:
            view = scene(data, SceneView(countries=countries, as_of=day))
            marks = _marks(view)
            assert all(len(ids) <= MAX_AT_POINT for ids in marks.values()), (countries, day, marks)
            drawn = set().union(*marks.values())
            assert drawn == drawn_view(set(countries), day) - _areas(view), (countries, day)
            checked += 1
    assert checked > 2 * len(DAYS)


def test_almatys_unplaced_sites_are_drawn_as_one_and_named_in_the_details_of_every_mark_there(
    data: Dataset,
) -> None:
    """The city's own unrest record stays at the city; of the five sites no public source places, one is
    drawn (hollow, its tooltip pointing to its details), and each mark there names the sites not drawn."""
    records = table("records").set_index("id")
    assert set(records.index[records["precision"] == "city"]) >= ALMATY_SITES
    assert all(records.loc[rid, "doubt_en"] and records.loc[rid, "doubt_de"] for rid in ALMATY_SITES)
    (standing, rest), = stand_ins().items()
    assert {standing, *rest} == ALMATY_SITES
    day = dt.date(2022, 1, 14)
    for lang, says in (("en", "more sites at this point are listed in its details"),
                       ("de", "weitere Orte an diesem Punkt sind in den Details aufgeführt")):
        view = scene(data, SceneView(as_of=day, lang=lang))
        marks = _marks(view)
        (here,) = [ids for ids in marks.values() if "almaty-unrest" in ids]
        assert here == {"almaty-unrest", standing}
        (tip,) = [m.tooltip for g in view.shapes().shapes.values() for m in g.icons if m.record == standing]
        assert says in tip
        (icon,) = [m for g in view.shapes().shapes.values() for m in g.icons if m.record == standing]
        assert icon.also == rest and 'fill-opacity="0.' in icon.svg  # hollow: placed at its city
        for rid in here:
            details = view.details(rid)
            assert all(f'data-listed="{site}"' in details for site in ALMATY_SITES - {rid}), rid
            assert f'data-listed="{rid}"' not in details
        names = view.records.set_index("id")["name"]
        assert all(str(names[site]) in view.details("almaty-unrest") for site in ALMATY_SITES)


def test_a_view_that_leaves_the_stand_in_out_still_draws_it_for_the_sites_it_shows(data: Dataset) -> None:
    """Russia alone: the consulate is shown, so the site drawn for it is drawn, and names it."""
    day = dt.date(2022, 1, 14)
    (standing, rest), = stand_ins().items()
    view = scene(data, SceneView(countries=("RU",), as_of=day))
    assert standing not in set(view.shown["id"]) and "ru-consulate-almaty" in rest
    drawn = set().union(*_marks(view).values())
    assert standing in drawn and "ru-consulate-almaty" not in drawn
    assert drawn == drawn_view({"RU"}, day) - _areas(view)
    assert undrawn({"RU"}, day) == {"ru-consulate-almaty"}
    assert 'data-listed="ru-consulate-almaty"' in view.details(standing)


def test_a_point_that_is_not_crowded_draws_every_record_on_its_own(data: Dataset) -> None:
    """Almaty airport holds three records (the airport, the evacuation flights, its seizure): all drawn."""
    view = scene(data, SceneView(as_of=dt.date(2022, 1, 20)))
    marks = _marks(view)
    (airport,) = [ids for ids in marks.values() if "almaty-airport" in ids]
    assert airport == {"almaty-airport", "ru-evacuation", "almaty-airport-seizure"}
    assert "data-listed" not in view.details("almaty-airport")
    assert drawn_view(ALL_CODES, dt.date(2022, 1, 20)) >= airport


def test_every_position_finer_than_a_city_cites_where_it_comes_from(data: Dataset) -> None:
    """A curated point cites its gazetteer entry's sources; coordinates given in records.csv are cited
    by the record, whose doubt says where they come from. Coarser positions (city, region, country) are
    the gazetteer's own and say so in the details."""
    places, _aliases, problems = read_supplement()
    assert not problems
    curated = {p.name: p for _, p in places}
    known = set(data.sources["id"])
    finer = data.records[~data.records["precision"].isin(APPROXIMATE)]
    assert len(finer) >= 10 and set(finer["coord_method"]) == {"curated", "given"}
    counted: Counter[str] = Counter()
    for r in finer.itertuples():
        if r.coord_method == "curated":
            cited = list(curated[r.coord_name].sources)
        else:
            doubts = (r.doubt_en, r.doubt_de)
            assert all(isinstance(d, str) and d for d in doubts), r.id
            cited = list(r.sources)
        assert cited and set(cited) <= known, r.id
        counted[r.coord_method] += 1
    assert counted["given"] >= 2 and counted["curated"] >= 10
