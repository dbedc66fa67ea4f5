"""Column-wise validation gives exactly what row-by-row pydantic validation gives: the same problems, the
same valid rows, the same typed values; and it does the work itself, leaving the model only the rows
that look wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import model_validator

from dashboard.data.columns import check_columns
from dashboard.data.countries import country_name
from dashboard.data.csvfile import read_table
from dashboard.data.rows import load_rows, load_table, validate_rows, validate_table
from dashboard.data.schema import (
    EVENT_REQUIRED,
    FIGURE_REQUIRED,
    RECORD_REQUIRED,
    EventRow,
    FigureRow,
    RecordRow,
    Row,
)
from dashboard.escape import safe_url
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.i18n import Translator
from dashboard.render.furniture import publishers
from dashboard.scene import View, scene
from dashboard.scene.panels import TABLE_ROWS
from dashboard.view.arrays import per_distinct
from dashboard.view.chronology import event_lines
from dashboard.view.selection import select
from dashboard.view.status import contingent_status
from dashboard.view.tables import LISTED, listed
from dashboard.view.wording import amount_text
from dashboard.vocabulary import EVENT_KINDS, METRICS, RELIABILITY, STATUSES, TOLL_METRICS
from tests.conftest import GEODATA
from tests.support.badfiles import CASES
from tests.support.validation import TABLES, same_table


def _same(vectorised: tuple[list, list], row_wise: tuple[list, list]) -> None:
    """The two results agree in every problem, row number, value, per-language value and given column."""
    (rows, problems), (expected_rows, expected_problems) = vectorised, row_wise
    assert problems == expected_problems
    assert [row for row, _ in rows] == [row for row, _ in expected_rows]
    for (_, item), (_, expected) in zip(rows, expected_rows, strict=True):
        assert type(item) is type(expected)
        assert item == expected
        assert item.model_dump() == expected.model_dump()
        assert list(item.model_dump()) == list(expected.model_dump())  # the same column order
        assert item.model_extra == expected.model_extra
        assert item.model_fields_set == expected.model_fields_set
        for name, value in item:  # the same types too (1 == 1.0, but a float stays a float)
            assert type(value) is type(dict(expected)[name]), name


def _compare_folder(folder: Path) -> None:
    for name, model, required in TABLES:
        path = folder / name
        if path.exists():
            row_wise = load_rows(path, model, required, vectorised=False)
            _same(load_rows(path, model, required), row_wise)
            same_table(load_table(path, model, required), row_wise, model)


def test_the_bundled_data_validates_the_same_both_ways() -> None:
    _compare_folder(GEODATA)


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.slow  # over a second of the quick tier
def test_every_bad_file_case_validates_the_same_both_ways(case: str, tmp_path: Path) -> None:
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    CASES[case](folder)
    _compare_folder(folder)


@pytest.mark.parametrize(("name", "model", "required"), TABLES[:4])
def test_the_column_pass_does_the_work_on_clean_data(name: str, model: type[Row], required: tuple) -> None:
    """No row of the bundled tables is left to the model: the column-wise checks vouch for all of them."""
    frame, _ = read_table(GEODATA / name)
    columns = [c for c in frame.columns if model.knows(c)]
    valid, suspects = check_columns(frame, model, columns)
    assert suspects == []
    assert len(valid) == len(frame)


def test_only_the_rows_that_look_wrong_go_to_the_model() -> None:
    frame, _ = read_table(GEODATA / "records.csv")
    frame.loc[5, "lat"] = "123"  # out of range
    frame.loc[7, "country"] = "Atlantis"  # unknown country
    frame.loc[9, "start"] = "2022-01-05T00:00"  # valid for the model, but not a plain date: the model decides
    columns = [c for c in frame.columns if RecordRow.knows(c)]
    valid, suspects = check_columns(frame, RecordRow, columns)
    assert [int(frame.index[i]) for i in suspects] == [5, 7, 9]
    assert len(valid) == len(frame) - 3
    rows, problems = validate_rows(frame, RecordRow, "records.csv", RECORD_REQUIRED)
    assert [(p.row, p.column) for p in problems] == [(5, "lat"), (7, "country")]
    assert dict(rows)[9].start == dt.date(2022, 1, 5)


class _Stricter(RecordRow):
    """A model with a rule the column-wise checks do not know."""

    @model_validator(mode="after")
    def _no_riots(self) -> _Stricter:
        if self.kind == "riot":
            raise ValueError("kind: no riots here")
        return self


def test_a_rule_without_a_column_wise_twin_leaves_every_row_to_the_model() -> None:
    frame, _ = read_table(GEODATA / "records.csv")
    columns = [c for c in frame.columns if _Stricter.knows(c)]
    assert check_columns(frame, _Stricter, columns) == ([], list(range(len(frame))))
    rows, problems = validate_rows(frame, _Stricter, "records.csv", RECORD_REQUIRED)
    assert problems == [p for p in problems if p.message == "no riots here"]
    assert len(rows) + len(problems) == len(frame)
    _same((rows, problems), validate_rows(frame, _Stricter, "records.csv", RECORD_REQUIRED, vectorised=False))


# Each column's cells: valid ones (which the cross-field rules may still refuse together), and tricky ones:
# invalid, padded, blank, or read differently by a lenient parser.
Pool = tuple[list[str], list[str]]
TEXT: Pool = (["Almaty", "Алматы", "x" * 5000, "Жаңаөзен, Ақтөбе", ""],
              [" ", " Almaty ", "x" * 5001, " " + "x" * 5000, "a\ud800", "\u00a0Aktau\u2003", "\x1cTaraz",
               "line\nbreak", "tab\t"])
NUMBER: Pool = (["43.25", "76.95", "-0", "90", "-180.0", "", "5"],
                ["+5", "5.", ".5", "1e1", "1E-3", " 43.2 ", "1_0", "123", "-91", "180.0001", "inf", "nan",
                 "north", "0x10", "٣", "1e999", "00.5", " "])
DATE: Pool = (["2022-01-05", "2022-01-31", "2021-12-31", ""],
              ["2022-02-30", "2022-13-01", " 2022-01-05", "2022-1-5", "20220105", "2022-01-05T00:00",
               "2022-01-05T10:00", "1641340800", "0000-01-01", " "])
SLUG: Pool = (["aktau", "x_y-z", "a" * 80], [" aktau", "Aktau", "a" * 81, "-x", "", "a b", "aktau\n"])
COUNTRY: Pool = (["KZ", "Kazakhstan", "Kasachstan", "Казахстан", "RUS"], [" kz ", "Atlantis", ""])
SOURCES: Pool = (["dpa-2022-01-13", "a;b", " a ; ; b "], [";", "", " "])
RECORD_CELLS: dict[str, Pool] = {
    **dict.fromkeys(("name", "place", "unit", "arrival", "hours", "coord_name"), TEXT),
    "summary_de": TEXT, "doubt_en": TEXT,  # per-language columns
    "id": SLUG, "country": COUNTRY, "contingent": (["", *COUNTRY[0]], COUNTRY[1]),
    "layer": (["unrest", "key_site", "host"], [" unrest", "Unrest", "volcano", ""]),
    "kind": (["", "protest", "airport", "country"], [" riot ", "volcano"]),
    "lat": NUMBER, "lon": NUMBER, "precision": (["", "city"], [" point ", "town"]),
    **dict.fromkeys(("start", "end", "deployed", "withdrawal_start", "withdrawn"), DATE),
    "sources": SOURCES, "coord_method": (["", "given", "fuzzy"], [" exact", "guess"]),
    "status": (["", "deployed"], []),
    "notes": TEXT, "name_xx": TEXT,  # unknown columns (xx is no language)
}
FIGURE_CELLS: dict[str, Pool] = {
    "record": SLUG, "metric": (["deaths", "troops"], ["Deaths", ""]),
    "value": (["0", "12", "1,000", "1_000", " 7 "], ["-5", "many", "", "٣", "12.0", "99999999999999999999"]),
    "qualifier": (["", "exact", " about "], ["roughly"]), "date": DATE, "sources": SOURCES, "note_de": TEXT,
}
EVENT_CELLS: dict[str, Pool] = {
    "date": DATE, "time": (["", "09:30", "23:59:59"], ["9:30", "24:00", "12:00:00.5", "noon"]), "end": DATE,
    "record": SLUG, "kind": (["protest", "other"], ["riot", ""]), "sources": SOURCES, "summary_en": TEXT,
}
FREE_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@st.composite
def frames(draw: st.DrawFn, cells: dict[str, Pool], required: tuple[str, ...]) -> pd.DataFrame:
    """A small table: the required columns and some others; in each row valid cells (which may still
    break a cross-field rule together) but for up to two, tricky or any text."""
    optional = sorted(set(cells) - set(required))
    columns = [*required, *draw(st.lists(st.sampled_from(optional), unique=True, max_size=len(optional)))]
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        row = {c: draw(st.sampled_from(cells[c][0])) for c in columns}
        for column in draw(st.lists(st.sampled_from(columns), max_size=2)):
            tricky = cells[column][1]
            row[column] = draw(st.sampled_from(tricky) if tricky and draw(st.booleans()) else FREE_TEXT)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns, index=pd.RangeIndex(2, len(rows) + 2), dtype=object)


POOLS = [(RecordRow, RECORD_REQUIRED, RECORD_CELLS), (FigureRow, FIGURE_REQUIRED, FIGURE_CELLS),
         (EventRow, EVENT_REQUIRED, EVENT_CELLS)]


@pytest.mark.parametrize(("model", "required", "cells"), POOLS, ids=["records", "figures", "events"])
def test_every_listed_cell_validates_the_same_both_ways(
    model: type[Row], required: tuple[str, ...], cells: dict[str, Pool]
) -> None:
    """One row per listed cell value, the other cells of the row valid: every cell meets both ways."""
    base = {c: next(v for v in valid if v) for c, (valid, _) in cells.items()}
    rows = [{**base, column: value} for column, (valid, tricky) in cells.items() for value in valid + tricky]
    rows += [{**base, "lat": "", "lon": ""}] if "lat" in base else []
    frame = pd.DataFrame(rows, index=pd.RangeIndex(2, len(rows) + 2), dtype=object)
    vectorised = validate_rows(frame, model, "table.csv", required)
    assert len(vectorised[0]) > len(rows) / 3  # enough valid rows to compare values
    row_wise = validate_rows(frame, model, "table.csv", required, vectorised=False)
    _same(vectorised, row_wise)
    same_table(validate_table(frame, model, "table.csv", required), row_wise, model)


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(frames(RECORD_CELLS, RECORD_REQUIRED))
@SETTINGS
@pytest.mark.slow  # over a second of the quick tier
def test_any_records_cells_validate_the_same_both_ways(frame: pd.DataFrame) -> None:
    row_wise = validate_rows(frame, RecordRow, "records.csv", RECORD_REQUIRED, vectorised=False)
    _same(validate_rows(frame, RecordRow, "records.csv", RECORD_REQUIRED), row_wise)
    same_table(validate_table(frame, RecordRow, "records.csv", RECORD_REQUIRED), row_wise, RecordRow)


@given(frames(FIGURE_CELLS, FIGURE_REQUIRED))
@SETTINGS
@pytest.mark.slow  # over a second of the quick tier
def test_any_figures_cells_validate_the_same_both_ways(frame: pd.DataFrame) -> None:
    row_wise = validate_rows(frame, FigureRow, "figures.csv", FIGURE_REQUIRED, vectorised=False)
    _same(validate_rows(frame, FigureRow, "figures.csv", FIGURE_REQUIRED), row_wise)
    same_table(validate_table(frame, FigureRow, "figures.csv", FIGURE_REQUIRED), row_wise, FigureRow)


@given(frames(EVENT_CELLS, EVENT_REQUIRED))
@SETTINGS
@pytest.mark.slow  # over a second of the quick tier
def test_any_events_cells_validate_the_same_both_ways(frame: pd.DataFrame) -> None:
    row_wise = validate_rows(frame, EventRow, "events.csv", EVENT_REQUIRED, vectorised=False)
    _same(validate_rows(frame, EventRow, "events.csv", EVENT_REQUIRED), row_wise)
    same_table(validate_table(frame, EventRow, "events.csv", EVENT_REQUIRED), row_wise, EventRow)


# ---- What a view shows: the vectorised selection, tables, panels and chronology against plain row-wise
# references, written here row by row from the documented rules, on the bundled data.

VIEWS = [(countries, day, lang) for countries, day in (
    (("KZ", "RU", "BY", "AM", "TJ", "KG"), dt.date(2022, 1, 13)), (("KZ",), dt.date(2022, 1, 5)),
    (("RU", "AM"), dt.date(2022, 1, 9)), (("KZ", "RU", "BY", "AM", "TJ", "KG"), dt.date(2022, 1, 31)),
    (("TJ",), dt.date(2022, 1, 2))) for lang in ("en", "de")]


@pytest.fixture(scope="module")
def bundled(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def _rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    return frame.to_dict(orient="records")


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    """A table's cells row by row, a missing one (NaN, None) as None."""
    return [[None if pd.api.types.is_scalar(v) and pd.isna(v) else v for v in row]
            for row in frame.to_numpy().tolist()]


def _text_in(row: dict[str, object], base: str, lang: str) -> str:
    """A text column in the reader's language, row by row: `base_<lang>`, else `base`, else English."""
    for column in (f"{base}_{lang}", base, f"{base}_en"):
        value = row.get(column)
        if isinstance(value, str) and value:
            return value
    return ""


def _decided(data: Dataset) -> dict[str, dt.date]:
    """Each state's first dated step towards sending troops, one row at a time: its contingent's start or
    deployment, the first event at the contingent, its bases' start."""
    first: dict[str, dt.date] = {}
    contingent_of = {r["id"]: r["contingent"] for r in _rows(data.records) if r["layer"] == "contingent"}
    steps = [(r["contingent"], r[name]) for r in _rows(data.records) if r["layer"] == "contingent"
             for name in ("start", "deployed")]
    steps += [(r["contingent"], r["start"]) for r in _rows(data.records) if r["layer"] == "troop_origin"]
    steps += [(contingent_of.get(e["record"]), e["date"]) for e in _rows(data.events)]
    for code, day in steps:
        if isinstance(code, str) and isinstance(day, dt.date):
            first[code] = min(day, first.get(code, day))
    return first


class _Plain:
    """The reference: each rule applied to one row at a time, with plain dicts."""

    def __init__(self, data: Dataset, countries: tuple[str, ...], day: dt.date, lang: str) -> None:
        self.data, self.day, self.lang, self.tr = data, day, lang, Translator(lang)
        chosen = set(countries)
        later = {code for code, first in _decided(data).items() if first > day}
        self.records = [r for r in _rows(data.records)
                        if (r["country"] in chosen or r["contingent"] in chosen)
                        and (not isinstance(r["start"], dt.date) or r["start"] <= day)
                        and not (r["layer"] in ("contingent", "troop_origin") and r["contingent"] in later)]
        ids = {r["id"] for r in self.records}
        self.figures = [f for f in _rows(data.figures) if f["record"] in ids and f["date"] <= day]
        self.events = [e for e in _rows(data.events) if e["record"] in ids and e["date"] <= day]
        self.sources = {s["id"]: s for s in _rows(data.sources)}
        self.names = {r["id"]: _text_in(r, "name", lang) for r in _rows(data.records)}

    def cited(self, sid: str) -> str:
        source = self.sources.get(sid)
        if source is None:
            return sid
        publisher = _text_in(source, "publisher", self.lang)  # `publisher_<lang>` where given
        return (f"{publisher}, {self.tr.short_date(source['date'])}"
                if isinstance(source["date"], dt.date) else publisher)

    def full(self, sid: str) -> str:
        source = self.sources.get(sid)
        if source is None:
            return sid
        parts = [source[k] for k in ("publisher", "title", "date", "url")]
        return f"{sid}: " + ", ".join(str(p) for p in parts if p is not None and p == p and p != "")

    def status(self, code: object) -> str | None:
        for r in _rows(self.data.records):
            if r["layer"] == "contingent" and r["contingent"] == code:
                return contingent_status(r["deployed"], r["withdrawal_start"], r["withdrawn"], self.day)
        return None

    def troop_table(self) -> list[list[str]]:
        rows = []
        for r in self.records:
            if r["layer"] != "contingent":
                continue
            own = [f for f in self.figures if f["record"] == r["id"] and f["metric"] == "troops"]
            own.sort(key=lambda f: (f["record"], f["metric"], f["date"]))
            given = [f"{amount_text(f['qualifier'], f['value'], self.lang)} "
                     f"({'; '.join(self.cited(s) for s in f['sources'])})" for f in own]
            cited = list(dict.fromkeys(s for f in own for s in f["sources"]))
            bases = [_text_in(b, "name", self.lang) for b in self.records
                     if b["layer"] == "troop_origin" and b["contingent"] == r["contingent"]]
            rows.append([country_name(r["contingent"], self.lang),
                         self.tr(" vs ").join(given) or self.tr("no figure"),
                         " | ".join(self.full(s) for s in cited), _text_in(r, "unit", self.lang),
                         ", ".join(bases), self.tr(STATUSES[self.status(r["contingent"])])])
        return rows

    def unrest_table(self) -> list[list[str]]:
        places = {r["id"]: _text_in(r, "name", self.lang) for r in self.records
                  if r["layer"] in ("unrest", "host")}
        rows = []
        for f in sorted(self.figures, key=lambda f: (f["record"], f["metric"], f["date"])):
            if f["record"] not in places or f["metric"] not in TOLL_METRICS:
                continue
            doubt = _text_in(f, "doubt", self.lang)
            note = _text_in(f, "note", self.lang) + " " + (
                self.tr("uncertain: {reason}", reason=doubt) if doubt else "")
            rows.append([places[f["record"]], self.tr(METRICS[f["metric"]]),
                         amount_text(f["qualifier"], f["value"], self.lang), self.tr.short_date(f["date"]),
                         "; ".join(self.cited(s) for s in f["sources"]),
                         " | ".join(self.full(s) for s in dict.fromkeys(f["sources"])), note.strip()])
        return rows

    def source_table(self) -> list[list[object]]:
        cited = {s for row in (*self.records, *self.figures, *self.events) for s in row["sources"]}
        return [[s["id"], self.cited(s["id"]), self.full(s["id"]), s["title"], safe_url(s["url"]),
                 self.tr(RELIABILITY[s["reliability"]])]
                for s in self.sources.values() if s["id"] in cited]

    def publishers(self) -> list[str]:
        """The source line's publishers: each cited source's publisher without its parenthesis, ranked
        by how often the shown records and known figures cite its sources, then by first appearance."""
        cited = {s for row in (*self.records, *self.figures, *self.events) for s in row["sources"]}
        counts: dict[str, int] = {}
        for source in self.sources.values():
            if source["id"] in cited:
                publisher = str(source["publisher"])
                name = (publisher.rpartition(" (")[0] if publisher.endswith(")") else publisher).strip()
                counts.setdefault(name or publisher, 0)
                counts[name or publisher] += sum(row["sources"].count(source["id"])
                                                 for row in (*self.records, *self.figures))
        order = list(counts)
        return sorted(order, key=lambda name: (-counts[name], order.index(name)))

    def event_items(self) -> list[dict[str, object]]:
        items = []
        for e in self.events:
            when = self.tr.date(e["date"])
            clock = e["time"].strftime("%H:%M") if isinstance(e["time"], dt.time) else ""
            if clock:
                when += ", " + clock
            if isinstance(e["end"], dt.date):
                when += " – " + self.tr.date(e["end"])
            doubt = _text_in(e, "doubt", self.lang)
            items.append({"id": e["id"], "iso": e["date"].isoformat(), "record": e["record"], "when": when,
                          "clock": clock, "kind_key": e["kind"],
                          "place": self.names.get(e["record"], e["record"]),
                          "kind": self.tr(EVENT_KINDS[e["kind"]]),
                          "summary": _text_in(e, "summary", self.lang),
                          "doubt": self.tr("uncertain: {reason}", reason=doubt) if doubt else None,
                          "sources": "; ".join(self.cited(s) for s in e["sources"])})
        return items

    def cards(self) -> list[dict[str, object]]:
        cards = []
        for r in self.records:
            if r["layer"] != "contingent":
                continue
            own = sorted((f for f in self.figures if f["record"] == r["id"] and f["metric"] == "troops"),
                         key=lambda f: f["date"])
            arrival = self.names.get(r["arrival"]) if isinstance(r["arrival"], str) else None
            status = self.status(r["contingent"])
            cards.append({
                "record": r["id"], "code": r["contingent"],
                "country": country_name(r["contingent"], self.lang),
                "figures": tuple({"amount": amount_text(f["qualifier"], int(f["value"]), self.lang),
                                  "cited": "; ".join(self.cited(s) for s in f["sources"]),
                                  "unofficial": f["qualifier"] == "reported"} for f in own),
                "bases": tuple(_text_in(b, "name", self.lang) for b in self.records
                               if b["layer"] == "troop_origin" and b["contingent"] == r["contingent"]),
                "arrival": arrival, "status": status, "status_word": self.tr(STATUSES[status]),
                "more_bases": None})
        return cards


@pytest.mark.parametrize(("countries", "day", "lang"), VIEWS)
def test_a_views_selection_is_the_row_wise_one(bundled: Dataset, countries: tuple[str, ...], day: dt.date,
                                               lang: str) -> None:
    plain, chosen = _Plain(bundled, countries, day, lang), select(bundled, countries, day)
    assert list(chosen.records["id"]) == [r["id"] for r in plain.records]
    assert sorted(chosen.figures["id"]) == sorted(f["id"] for f in plain.figures)
    assert list(chosen.events["id"]) == [e["id"] for e in plain.events]
    assert [r[0] for r in plain.source_table()] == list(chosen.sources["id"])
    statuses = [s if isinstance(s, str) else None for s in chosen.records["status"]]  # NaN: no contingent
    assert statuses == [plain.status(r["contingent"]) for r in plain.records]


@pytest.mark.parametrize(("countries", "day", "lang"), VIEWS)
def test_a_views_tables_and_panels_are_the_row_wise_ones(bundled: Dataset, countries: tuple[str, ...],
                                                         day: dt.date, lang: str) -> None:
    plain = _Plain(bundled, countries, day, lang)
    seen = scene(bundled, View(countries, day, lang=lang))
    panels = seen.panels
    assert _cells(panels.troops) == plain.troop_table()
    expected = plain.unrest_table()
    assert _cells(panels.unrest) == expected[:TABLE_ROWS]
    assert panels.unrest_count == len(expected)
    assert _cells(panels.sources) == plain.source_table()
    assert panels.sources_count == len(plain.source_table())
    assert [dataclasses.asdict(card) for card in panels.contingents] == plain.cards()
    assert event_lines(seen.selection.events, seen.records, bundled.sources, seen.tr) == plain.event_items()
    assert publishers(seen.selection) == plain.publishers()


def test_long_lists_say_how_many_more_there_are(bundled: Dataset) -> None:
    names = pd.Series([f"Base {n}" for n in range(LISTED + 3)])
    assert listed(names, "en") == ", ".join(f"Base {n}" for n in range(LISTED)) + " and 3 more"
    assert listed(names.head(LISTED), "en") == ", ".join(f"Base {n}" for n in range(LISTED))
    seen = scene(bundled, View())
    assert "are listed" not in seen.chronology  # every event of the bundled data is listed
    short = seen.chronology_of(limit=3)
    assert short.count("<li ") == 3
    assert f"The latest 3 of {len(seen.selection.events)} events are listed." in short
    latest = sorted(seen.selection.events["date"])[-3:]  # the latest three, by day
    assert sorted(re.findall(r'<li data-event-date="([0-9-]+)"', short)) == [d.isoformat() for d in latest]


def test_each_distinct_value_is_formatted_once() -> None:
    calls: list[tuple[object, ...]] = []

    def fmt(*values: object) -> str:
        calls.append(values)
        return "|".join(map(str, values))

    days = [dt.date(2022, 1, 5), dt.date(2022, 1, 6), dt.date(2022, 1, 5), None]
    assert list(per_distinct(fmt, days, ["a", "b", "a", "c"])) == ["2022-01-05|a", "2022-01-06|b",
                                                                  "2022-01-05|a", "None|c"]
    assert len(calls) == 3
    assert all(isinstance(v[0], dt.date | None) for v in calls)  # dates reach the formatter as dates
