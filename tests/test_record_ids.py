"""The ids a link may name (`view.link.RecordIds`), looked up rather than built: the same answers as
the whole mapping of every record's id to itself and every old id to its record's, on the bundled data
and with old ids (one of them also a record's own id, which then names that record)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.view.link import RecordIds
from tests.conftest import GEODATA


def whole(data: Dataset) -> dict[str, str]:
    return {**data.aliases(), **{rid: rid for rid in data.records["id"]}}


def assert_alike(data: Dataset) -> None:
    ids, expected = RecordIds(data), whole(data)
    assert dict(ids) == expected and list(ids) == list(dict(ids)) and len(ids) == len(expected)
    for key, value in expected.items():
        assert key in ids and ids[key] == value
    for missing in ("no-such-record", "", 3, None):
        assert missing not in ids
    with pytest.raises(KeyError):
        ids["no-such-record"]


@pytest.fixture(scope="module")
def bundled(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def test_the_bundled_ids_are_the_whole_mappings(bundled: Dataset) -> None:
    assert_alike(bundled)


def test_old_ids_name_the_record_that_has_them_unless_a_record_has_that_id(bundled: Dataset) -> None:
    records = bundled.records.copy()
    first, second = records["id"].iloc[0], records["id"].iloc[1]
    records["aliases"] = [[] for _ in range(len(records))]
    records.at[0, "aliases"] = ["old-name", second]
    data = replace(bundled, records=records)
    assert_alike(data)
    ids = RecordIds(data)
    assert ids["old-name"] == first and ids[second] == second
