"""The crowded points (`geo.crowded.crowded`), counted on the columns, against the plain frame version:
the same rows, index, columns and values, on the bundled data and on records made to crowd."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.geo.crowded import MAX_AT_POINT, POINT_LAYERS, crowded
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from tests.conftest import GEODATA


def reference_crowded(records: pd.DataFrame) -> pd.DataFrame:
    points = records[records["layer"].isin(POINT_LAYERS) & records["lat"].notna() & records["lon"].notna()]
    keyed = points.assign(at_lat=points["lat"].astype(float).round(5),
                          at_lon=points["lon"].astype(float).round(5))
    sizes = keyed.groupby(["at_lat", "at_lon"])["id"].transform("size")
    return keyed[sizes > MAX_AT_POINT]


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def test_the_bundled_records_crowd_as_in_the_plain_version(data: Dataset) -> None:
    pd.testing.assert_frame_equal(crowded(data.records), reference_crowded(data.records), check_exact=True)
    pd.testing.assert_frame_equal(crowded(data.records.iloc[:0]), reference_crowded(data.records.iloc[:0]))


def test_made_up_crowds_are_found_as_in_the_plain_version(data: Dataset) -> None:
    rng = np.random.default_rng(5)
    records = data.records.sample(2000, replace=True, random_state=5).reset_index(drop=True)
    records.index = records.index * 3 + 7  # labels that are not positions
    spots = np.array([[43.25, 76.95], [43.250001, 76.950004], [0.0, -0.0], [-0.0, 0.0], [51.1, 71.4]])
    picked = spots[rng.integers(0, len(spots), len(records))]
    lat, lon = picked[:, 0].copy(), picked[:, 1].copy()
    lat[rng.random(len(records)) < 0.05] = np.nan
    records["lat"], records["lon"] = lat, lon
    found = crowded(records)
    pd.testing.assert_frame_equal(found, reference_crowded(records), check_exact=True)
    assert 0 < len(found) < len(records)
