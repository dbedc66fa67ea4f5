"""The edition's CSV pieces: each record's line kept from one view to the next, written again only when
its row or a column's type changed, gives the app's own CSV of every view, whatever the order."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.export.csvfile import record_lines, records_csv
from dashboard.export.fields import corrections_in_view
from dashboard.export.spreadsheet import csv_bytes, spreadsheet_lines
from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.scene import scene
from dashboard.view.link import View
from tests.conftest import GEODATA


def test_a_tables_lines_are_its_csv_cut_at_its_rows_line_ends_in_cells_kept() -> None:
    frame = pd.DataFrame([{"a": "one\ntwo", "b": 1, "c": "=SUM(A1)"}, {"a": 'say "hi"', "b": None, "c": "x"},
                          {"a": "plain", "b": 2.5, "c": None}])
    for raw in (False, True):
        lines = spreadsheet_lines(frame, raw)
        assert len(lines) == 4
        assert "".join(lines).encode() == csv_bytes(frame, raw)
    assert spreadsheet_lines(frame)[1].startswith('"one\ntwo",1.0,\'=SUM(A1)')


@pytest.mark.slow  # one load of the data, a dozen views each exported four times: several seconds
def test_kept_lines_give_the_apps_csv_of_each_view_in_any_order(geocoder: Geocoder) -> None:
    data = load_dataset(GEODATA, geocoder)
    days = [dt.date(2022, 1, d) for d in (2, 5, 6, 9, 14, 31)]
    views = [View(date=day) for day in days]
    views += [View(countries=("KZ", "RU"), date=day) for day in reversed(days)]
    for raw in (False, True):
        for chosen in views:
            view = scene(data, chosen)
            records, corrections = view.selection.records, corrections_in_view(view)
            header, lines = record_lines(view, records, corrections, raw)
            assert len(lines) == len(records)
            assert (header + "".join(lines)).encode() == records_csv(view, records, corrections, raw=raw)
