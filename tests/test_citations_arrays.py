"""The citations a load finds (`geo.cited`, kept for the view's selection) and each state's decision day
(`view.decisions`), made on arrays, against plain loops over the loaded frames: on the bundled data, on a
copy of it with rows the load drops after checking their citations, and on synthetic sets of 10,000
records of both shapes."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import write_synthetic
from dashboard.geo.cited import found
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.view.decisions import decision_days
from dashboard.view.selection import citations
from tests.conftest import GEODATA
from tests.support import references

TABLES = ("records", "figures", "events")


@pytest.fixture(scope="module")
def bundled(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


@pytest.fixture(scope="module", params=["bundled", "scattered"])
def synthetic(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
              geocoder: Geocoder) -> Dataset:
    config = write_synthetic(tmp_path_factory.mktemp(request.param), 10_000, shape=request.param)
    return load_dataset(config.parent / "geodata", geocoder)


def _pairs(at: np.ndarray, source: np.ndarray) -> list[tuple[int, int]]:
    return list(zip(at.tolist(), source.tolist(), strict=True))


def _check_citations(data: Dataset) -> None:
    for name in TABLES:
        table = getattr(data, name)
        expected = references.citation_pairs(data.sources, table)
        kept = found(data.sources, table)
        assert kept is not None, name  # the load's own pairs, not looked up again
        assert _pairs(*kept) == expected, name
        assert _pairs(*citations(data.sources, table)) == expected, name
        # Frames the load did not make (as read back from the cache file): looked up by the view.
        sources, copy = data.sources.copy(), table.copy()
        assert found(sources, copy) is None
        assert _pairs(*citations(sources, copy)) == expected, name


def test_the_citations_found_at_load_are_those_of_a_plain_loop(bundled: Dataset) -> None:
    _check_citations(bundled)


def test_the_citations_found_at_load_are_those_of_a_plain_loop_at_10000_records(synthetic: Dataset) -> None:
    _check_citations(synthetic)


def test_the_decision_days_are_those_of_a_plain_loop(bundled: Dataset) -> None:
    days = decision_days(bundled.records, bundled.events)
    expected = references.decision_days(bundled.records, bundled.events)
    assert days and list(days.items()) == list(expected.items())


def test_the_decision_days_are_those_of_a_plain_loop_at_10000_records(synthetic: Dataset) -> None:
    days = decision_days(synthetic.records, synthetic.events)
    assert list(days.items()) == list(references.decision_days(synthetic.records, synthetic.events).items())


def _append(path: Path, *rows: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write("".join(f"{row}\n" for row in rows))


def test_rows_dropped_after_their_citations_were_found_leave_no_pairs(tmp_path: Path,
                                                                       geocoder: Geocoder) -> None:
    for path in GEODATA.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    events = pd.read_csv(tmp_path / "events.csv", dtype=str, keep_default_na=False)
    first = events.iloc[0]
    extra = [",".join([f"extra-{n}", first["date"], "", "", record, first["kind"], "Added.", "Ergänzt.",
                       cited, "", ""])
             for n, record, cited in ((1, first["record"], "no-such-source;" + first["sources"]),
                                      (2, "no-such-record", first["sources"]),
                                      (3, first["record"], first["sources"]))]
    _append(tmp_path / "events.csv", *extra, extra[2])  # the last twice: a duplicate id
    data = load_dataset(tmp_path, geocoder)
    messages = {(p.file, p.column, p.message) for p in data.problems}
    assert ("events.csv", "sources", "unknown source id(s): no-such-source") in messages
    assert ("events.csv", "record", "no loaded record has id 'no-such-record'") in messages
    assert list(data.events["id"]).count("extra-3") == 1
    assert not {"extra-1", "extra-2"} & set(data.events["id"])
    _check_citations(data)
