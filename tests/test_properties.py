"""Property-based tests: for any input, a value or a clear error, never an unhandled exception."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.data.problems import Problem
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import GeocodeError, Geocoder, GeocodeResult
from dashboard.view.link import COUNTRIES, LAYERS, Parsed, View, parse_view
from tests.conftest import GEODATA

RECORD_HEADER = (GEODATA / "records.csv").read_text(encoding="utf-8").splitlines()[0]
cells = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)


@given(st.dictionaries(st.text(max_size=20), st.lists(st.text(max_size=400), max_size=3), max_size=8))
def test_any_query_string_parses_to_a_valid_view(params: dict[str, list[str]]) -> None:
    parsed = parse_view(params, record_ids={"am-zvartnots"})
    assert isinstance(parsed, Parsed) and isinstance(parsed.view, View)
    view = parsed.view
    assert set(view.countries) <= set(COUNTRIES) and set(view.layers) <= set(LAYERS)
    assert view.record in (None, "am-zvartnots")
    assert dt.date(2022, 1, 1) <= view.date <= dt.date(2022, 1, 31)
    assert all(len(str(n)) < 200 and len(n.text("de")) < 250 for n in parsed.notices)
    known = {"country", "date", "layers", "record", "lang", "center", "zoom", "embed", "embed_options"}
    assert len(parsed.notices) >= len(set(params) - known)  # every unknown key gets a notice


@given(st.text(max_size=60), st.one_of(st.none(), st.sampled_from(["KZ", "RU", "XX", "kasachstan", ""])))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@pytest.mark.slow  # over a second of the quick tier
def test_any_name_geocodes_or_says_why(geocoder: Geocoder, name: str, country: str | None) -> None:
    try:
        result = geocoder.geocode(name, country)
    except GeocodeError as err:
        assert str(err)
        return
    assert isinstance(result, GeocodeResult)
    assert -90 <= result.lat <= 90 and -180 <= result.lon <= 180


@given(st.lists(st.lists(cells, min_size=0, max_size=24), max_size=6), st.sampled_from([",", ";", "\t"]))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@pytest.mark.slow  # over a second of the quick tier
def test_any_records_file_loads_or_reports_problems(
    geocoder: Geocoder, tmp_path_factory: object, rows: list[list[str]], delimiter: str
) -> None:
    folder = Path(tmp_path_factory.mktemp("prop"))  # type: ignore[attr-defined]
    for name in ("sources.csv", "figures.csv"):
        (folder / name).write_text((GEODATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    lines = [RECORD_HEADER.replace(",", delimiter)] + [delimiter.join(_quote(c) for c in row) for row in rows]
    (folder / "records.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = load_dataset(folder, geocoder)
    assert isinstance(data, Dataset)
    assert all(isinstance(p, Problem) and p.row >= 0 and p.message for p in data.problems)
    assert len(data.records) <= len(rows)


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'
