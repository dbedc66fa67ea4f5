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
from tests.csvdata import ALL_CODES, APPROXIMATE, MAX_AT_POINT, drawn_view, table, undrawn

ALMATY_SITES = {"csto-hq-almaty", "almaty-tajik-post", "almaty-chp2", "almaty-armenian-posts",
                "ru-consulate-almaty"}
# The country choices a reader can make that change who is at Almaty's point: every country, the
# contributing states without Kazakhstan (the city's own record then left out), each one alone.
CHOICES = (tuple(sorted(ALL_CODES)), tuple(sorted(ALL_CODES - {"KZ"})),
           *((code,) for code in sorted(ALL_CODES)))


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


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
            points = view.shown[~view.shown["layer"].isin(["host", "contingent"])]
            shown = set(points["id"])
            assert drawn == shown - undrawn(set(countries), day), (countries, day)
            checked += 1
    assert checked > 2 * len(DAYS)


def test_almatys_unplaced_sites_are_drawn_as_one_and_named_in_the_details_of_every_mark_there(
    data: Dataset,
) -> None:
    """The city's own unrest record stays at the city; of the five sites no public source places, one is
    drawn (hollow, its tooltip counting the others), and each mark there names the sites not drawn."""
    records = table("records").set_index("id")
    assert set(records.index[records["precision"] == "city"]) >= ALMATY_SITES
    assert all(records.loc[rid, "doubt_en"] and records.loc[rid, "doubt_de"] for rid in ALMATY_SITES)
    day = dt.date(2022, 1, 14)
    left = undrawn(ALL_CODES, day)
    assert left and left < ALMATY_SITES
    for lang in ("en", "de"):
        view = scene(data, SceneView(as_of=day, lang=lang))
        marks = _marks(view)
        (here,) = [ids for ids in marks.values() if "almaty-unrest" in ids]
        assert len(here) == 2 and len(here & ALMATY_SITES) == 1
        (standing,) = here & ALMATY_SITES
        tips = [m.tooltip for g in view.shapes().shapes.values() for m in g.icons if m.record == standing]
        assert tips and all(("4 more sites" if lang == "en" else "4 weitere Orte") in tip for tip in tips)
        for rid in here:
            details = view.details(rid)
            for site in left:
                assert f'data-listed="{site}"' in details, (rid, site)
            assert f'data-listed="{rid}"' not in details
        names = view.records.set_index("id")["name"]
        assert all(str(names[site]) in view.details("almaty-unrest") for site in ALMATY_SITES)


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
