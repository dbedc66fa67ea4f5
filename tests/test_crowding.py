"""Issue 25: sites at their own places. No point holds more than three records, in the bundled data and in
any view of it; a data folder that crowds a point more still draws at most three there (the sites placed
only at their city drawn as one that names the others) and `validate` names that point; every position
finer than a city cites where it comes from.

Read through the package from the bundled data, or from a copy of it with sites added at Almaty; the
expectations come from the CSV files (`tests.support.csvdata`), not from the code under test.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from dashboard.geo.crowded import crowded_problems
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.gazetteer import read_supplement
from dashboard.geo.geocoder import Geocoder
from dashboard.geo.validate import validate_folder
from dashboard.scene.scene import Scene, View, scene
from dashboard.view.status import DAYS, REPORT_DAY
from tests.conftest import GEODATA
from tests.support.csvdata import (
    ALL_CODES,
    AT_CITY,
    LAYER_OF,
    MAX_AT_POINT,
    append_rows,
    crowded,
    drawn_view,
    stand_ins,
    table,
    undrawn,
    where_geocoded,
)

# The country choices a reader can make that change who is at Almaty's point: every country, the
# contributing states without Kazakhstan (the city's own record then left out), each one alone.
CHOICES = (tuple(sorted(ALL_CODES)), tuple(sorted(ALL_CODES - {"KZ"})),
           *((code,) for code in sorted(ALL_CODES)))
ALMATY = ("Almaty", "KZ")  # where a record that gives no coordinates and names Almaty is geocoded
DAY = dt.date(2022, 1, 14)
# Two sites that no public source places, added at Almaty to a copy of the data: one of the Russian
# contingent (so a view of Russia alone shows it), one of the Belarusian.
ADDED = [
    {"id": "test-ru-depot", "name": "Fuel depot in Almaty", "place": "Almaty", "country": "KZ",
     "layer": "key_site", "kind": "guarded_object", "contingent": "RU", "precision": "city",
     "start": "2022-01-07", "end": "2022-01-19", "sources": "urdupoint-1443126",
     "doubt_en": "No public source places the depot; shown at the city.",
     "doubt_de": "Keine öffentliche Quelle verortet das Depot; dargestellt bei der Stadt."},
    {"id": "test-by-bridge", "name": "Bridge in Almaty", "place": "Almaty", "country": "KZ",
     "layer": "key_site", "kind": "guarded_object", "contingent": "BY", "precision": "city",
     "start": "2022-01-09", "end": "2022-01-13", "sources": "urdupoint-1443126",
     "doubt_en": "No public source places the bridge; shown at the city.",
     "doubt_de": "Keine öffentliche Quelle verortet die Brücke; dargestellt bei der Stadt."},
]


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled data folder with `ADDED` written into its records.csv."""
    copy = tmp_path_factory.mktemp("crowded") / "geodata"
    shutil.copytree(GEODATA, copy)
    append_rows(copy, "records", ADDED)
    return copy


@pytest.fixture(scope="module")
def crowded_data(folder: Path, geocoder: Geocoder) -> Dataset:
    return load_dataset(folder, geocoder)


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


def _at_almaty(folder: Path = GEODATA) -> set[str]:
    """The point records that records.csv puts at Almaty's own point (no coordinates, named Almaty)."""
    records = table("records", folder)
    points = records[~records["layer"].isin(["host", "contingent"])]
    return set(points.loc[where_geocoded(points) == ALMATY, "id"])


# ---- the bundled data -------------------------------------------------------------------------------

def test_no_point_holds_more_than_three_records_in_the_bundled_data(data: Dataset) -> None:
    """Grouped by where the package places them (given or geocoded), never more than three point records
    share a point; Almaty's own point holds the city's unrest record and the sites that records.csv
    places only at the city, each saying so."""
    points = data.records[~data.records["layer"].isin(["host", "contingent"])].dropna(subset=["lat", "lon"])
    at = points.groupby([points["lat"].astype(float).round(5), points["lon"].astype(float).round(5)])["id"]
    sizes = at.size()
    assert sizes.max() <= MAX_AT_POINT, sizes[sizes > MAX_AT_POINT]
    assert crowded() == {} and stand_ins() == {}
    assert crowded_problems(data.records, "records.csv") == []

    here = _at_almaty()
    assert "almaty-unrest" in here and 1 < len(here) <= MAX_AT_POINT
    (lat, lon), = points.loc[points["id"] == "almaty-unrest", ["lat", "lon"]].itertuples(index=False)
    assert set(points.loc[(points["lat"] == lat) & (points["lon"] == lon), "id"]) == here
    records = table("records").set_index("id")
    sites = here - {"almaty-unrest"}
    assert all(LAYER_OF[records.at[rid, "layer"]] == "sites" for rid in sites)
    assert all(records.at[rid, "precision"] == "city" for rid in sites)
    assert all(records.at[rid, "doubt_en"] and records.at[rid, "doubt_de"] for rid in sites)


@pytest.mark.slow  # over a second of the quick tier
def test_no_point_holds_more_than_three_drawn_records_on_any_day_for_any_country_choice(
    data: Dataset,
) -> None:
    checked = 0
    for countries in CHOICES:
        days = DAYS if len(countries) > 1 else (REPORT_DAY,)
        for day in days:
            view = scene(data, View(countries, day))
            marks = _marks(view)
            assert all(len(ids) <= MAX_AT_POINT for ids in marks.values()), (countries, day, marks)
            drawn = set().union(*marks.values())
            assert drawn == drawn_view(set(countries), day) - _areas(view), (countries, day)
            checked += 1
    assert checked > 2 * len(DAYS)


def test_a_point_that_is_not_crowded_draws_every_record_on_its_own(data: Dataset) -> None:
    """Almaty's point and Almaty airport hold three records each: all drawn, no site listed for another."""
    day = dt.date(2022, 1, 20)
    view = scene(data, View(date=day))
    marks = _marks(view)
    (airport,) = [ids for ids in marks.values() if "almaty-airport" in ids]
    assert airport == {"almaty-airport", "ru-evacuation", "almaty-airport-seizure"}
    (city,) = [ids for ids in marks.values() if "almaty-unrest" in ids]
    assert city == _at_almaty()
    for rid in airport | city:
        assert "data-listed" not in view.details(rid), rid
    assert drawn_view(ALL_CODES, day) >= airport | city


def test_every_position_finer_than_a_city_cites_where_it_comes_from(data: Dataset) -> None:
    """A curated point cites its gazetteer entry's sources; coordinates given in records.csv (a point,
    or a street's) are cited by the record, whose doubt says where they come from. Coarser positions
    (city, region, country) are the gazetteer's own and say so in the details."""
    places, _aliases, problems = read_supplement()
    assert not problems
    curated = {p.name: p for _, p in places}
    known = set(data.sources["id"])
    finer = data.records[~data.records["precision"].isin(AT_CITY)]
    assert len(finer) >= 10 and set(finer["coord_method"]) == {"curated", "given"}
    assert set(finer["precision"]) == {"point", "street"}
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
    # A street is placed by its street and the street's coordinates: two sources at least, and given.
    written = table("records").set_index("id")
    streets = written.index[written["precision"] == "street"]
    assert len(streets) >= 1
    for rid in streets:
        assert written.at[rid, "lat"] and written.at[rid, "lon"], rid
        assert len(written.at[rid, "sources"].split(";")) >= 2, rid


# ---- a folder that crowds Almaty's point ------------------------------------------------------------

def test_a_crowded_point_draws_one_site_for_those_placed_only_at_the_city(
    folder: Path, crowded_data: Dataset,
) -> None:
    """The city's own unrest record stays at the city; of the sites placed only there, one is drawn
    (hollow, its tooltip pointing to its details), and each mark there names the sites not drawn."""
    added = {row["id"] for row in ADDED}
    precision = table("records", folder).set_index("id")["precision"]
    sites = {rid for rid in _at_almaty(folder) - {"almaty-unrest"} if precision[rid] in AT_CITY}
    assert added < sites and len(_at_almaty(folder)) > MAX_AT_POINT
    (standing, rest), = stand_ins(folder).items()
    assert {standing, *rest} == sites
    for lang, says in (("en", "more sites at this point are listed in its details"),
                       ("de", "weitere Orte an diesem Punkt sind in den Details aufgeführt")):
        view = scene(crowded_data, View(date=DAY, lang=lang))
        marks = _marks(view)
        assert all(len(ids) <= MAX_AT_POINT for ids in marks.values())
        (here,) = [ids for ids in marks.values() if "almaty-unrest" in ids]
        assert here == {"almaty-unrest", standing}
        assert set().union(*marks.values()) == drawn_view(ALL_CODES, DAY, folder=folder) - _areas(view)
        (icon,) = [m for g in view.shapes().shapes.values() for m in g.icons if m.record == standing]
        assert says in icon.tooltip
        assert icon.also == rest and 'fill-opacity="0.' in icon.svg  # hollow: placed at its city
        for rid in here:
            details = view.details(rid)
            assert all(f'data-listed="{site}"' in details for site in sites - {rid}), rid
            assert f'data-listed="{rid}"' not in details
        names = view.records.set_index("id")["name"]
        assert all(str(names[site]) in view.details("almaty-unrest") for site in sites)


def test_a_view_that_leaves_the_stand_in_out_still_draws_it_for_the_sites_it_shows(
    folder: Path, crowded_data: Dataset,
) -> None:
    """Russia alone: the added Russian site is shown, so the site drawn for it is drawn, and names it."""
    (standing, rest), = stand_ins(folder).items()
    view = scene(crowded_data, View(("RU",), DAY))
    assert standing not in set(view.shown["id"]) and "test-ru-depot" in rest
    drawn = set().union(*_marks(view).values())
    assert standing in drawn and "test-ru-depot" not in drawn
    assert drawn == drawn_view({"RU"}, DAY, folder=folder) - _areas(view)
    assert undrawn({"RU"}, DAY, folder) == {"test-ru-depot"}
    assert 'data-listed="test-ru-depot"' in view.details(standing)


def test_validate_names_a_crowded_point_by_file_row_and_ids(folder: Path) -> None:
    (place, here), = crowded(folder).items()
    assert place == ALMATY
    (problem,) = validate_folder(folder)
    assert (problem.file, problem.row) == ("records.csv", here[0][0])
    assert f"{len(here)} point records share one point" in problem.message
    assert all(f"{rid} (row {row})" in problem.message for row, rid in here)
