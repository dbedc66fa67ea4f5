"""The catalogue of bad-file cases: each builder spoils a copy of the data and says what is reported."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.conftest import GEODATA

LINE = re.compile(r"^(?P<file>[\w./-]+\.csv):(?P<row>\d+):(?P<column>[\w-]+): (?P<message>.+)$")
GOOD = {"name": "Test protest", "country": "KZ", "layer": "unrest", "kind": "protest",
        "sources": "dpa-2022-01-13", "start": "2022-01-05", "lat": "43.25", "lon": "76.95"}
Expected = list[tuple[str, int, str, str]]  # file, row, column, a word the message contains


def records(folder: Path) -> pd.DataFrame:
    """The records.csv of a data folder, every cell as text."""
    return pd.read_csv(folder / "records.csv", dtype=str, keep_default_na=False)


def add_records(folder: Path, *rows: dict[str, str], **to_csv: object) -> list[int]:
    """Append records (spreadsheet rows returned) and write the file with `to_csv` options."""
    frame = records(folder)
    first = len(frame) + 2
    frame = pd.concat([frame, pd.DataFrame(list(rows))], ignore_index=True).fillna("")
    frame.to_csv(folder / "records.csv", index=False, **to_csv)
    return list(range(first, first + len(rows)))


def no_figures(folder: Path) -> None:
    """Keep only the headers of figures.csv, events.csv and corrections.csv (their rows belong to
    records a case removes)."""
    for name in ("figures.csv", "events.csv", "corrections.csv"):
        header = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        (folder / name).write_text(header + "\n", encoding="utf-8")


def _ownrecords(folder: Path, names: list[str], encoding: str) -> None:
    """Replace records.csv by a small file of our own, written in a legacy encoding."""
    rows = [{**GOOD, "id": f"own-{i}", "name": name, "summary_en": name} for i, name in enumerate(names)]
    pd.DataFrame(rows).to_csv(folder / "records.csv", index=False, encoding=encoding)
    no_figures(folder)


def semicolons(folder: Path) -> tuple[Expected, int]:
    add_records(folder, sep=";")
    return [], 0


def bom(folder: Path) -> tuple[Expected, int]:
    add_records(folder, {**GOOD, "id": "after-bom"}, encoding="utf-8-sig")
    return [], 1


def latin1(folder: Path) -> tuple[Expected, int]:
    _ownrecords(folder, ["Zhanaözen: Kundgebung auf dem Platz", "Aqtöbe: Straßenprotest, Männer"], "latin-1")
    return [("records.csv", 0, "-", "UTF-8")], 2 - len(records_of_bundle())


def cp1251(folder: Path) -> tuple[Expected, int]:
    _ownrecords(folder, ["Жанаозен: митинг на площади у акимата",
                          "Актобе: протест на улице, люди вышли вечером"], "cp1251")
    return [("records.csv", 0, "-", "UTF-8")], 2 - len(records_of_bundle())


def quoted_newlines(folder: Path) -> tuple[Expected, int]:
    add_records(folder, {**GOOD, "id": "two-lines", "summary_en": "first line\nsecond line, with a comma"})
    return [], 1


def empty_file(folder: Path) -> tuple[Expected, int]:
    (folder / "figures.csv").write_text("")
    return [("figures.csv", 0, "-", "empty")], 0


def missing_column(folder: Path) -> tuple[Expected, int]:
    records(folder).drop(columns="layer").to_csv(folder / "records.csv", index=False)
    no_figures(folder)
    return [("records.csv", 1, "layer", "missing")], -len(records_of_bundle())


def extra_column(folder: Path) -> tuple[Expected, int]:
    records(folder).assign(notes="x").to_csv(folder / "records.csv", index=False)
    return [("records.csv", 1, "notes", "unknown column")], 0


def duplicate_id(folder: Path) -> tuple[Expected, int]:
    (row,) = add_records(folder, {**GOOD, "id": "aktau"})
    return [("records.csv", row, "id", "duplicate")], 0


def impossible_date(folder: Path) -> tuple[Expected, int]:
    (row,) = add_records(folder, {**GOOD, "id": "feb-30", "start": "2022-02-30"})
    return [("records.csv", row, "start", "date")], 0


def out_of_range(folder: Path) -> tuple[Expected, int]:
    (row,) = add_records(folder, {**GOOD, "id": "lat-123", "lat": "123"})
    return [("records.csv", row, "lat", "90")], 0


def swapped(folder: Path) -> tuple[Expected, int]:
    (row,) = add_records(folder, {**GOOD, "id": "swapped", "lat": "76.95", "lon": "43.25"})
    return [("records.csv", row, "lat", "swapped")], 0


def unknown_country(folder: Path) -> tuple[Expected, int]:
    (row,) = add_records(folder, {**GOOD, "id": "atlantis", "country": "Atlantis"})
    return [("records.csv", row, "country", "Atlantis")], 0


def unknown_source(folder: Path) -> tuple[Expected, int]:
    (row,) = add_records(folder, {**GOOD, "id": "no-source", "sources": "nobody-2022"})
    return [("records.csv", row, "sources", "nobody-2022")], 0


def bad_counts(folder: Path) -> tuple[Expected, int]:
    figures = pd.read_csv(folder / "figures.csv", dtype=str, keep_default_na=False)
    first = len(figures) + 2
    extra = [{"record": "aktau", "metric": "deaths", "value": v, "qualifier": "exact", "date": "2022-01-06",
              "sources": "dpa-2022-01-13"} for v in ("many", "-5")]
    pd.concat([figures, pd.DataFrame(extra)]).fillna("").to_csv(folder / "figures.csv", index=False)
    return [("figures.csv", first, "value", "whole"), ("figures.csv", first + 1, "value", "non-negative")], 0


def enormous_cell(folder: Path) -> tuple[Expected, int]:
    (row,) = add_records(folder, {**GOOD, "id": "enormous", "name": "x" * 200_000})
    return [("records.csv", row, "name", "5000")], 0


def records_of_bundle() -> pd.DataFrame:
    """The bundled records.csv."""
    return pd.read_csv(GEODATA / "records.csv", dtype=str)


CASES: dict[str, Callable[[Path], tuple[Expected, int]]] = {
    f.__name__: f for f in (semicolons, bom, latin1, cp1251, quoted_newlines, empty_file, missing_column,
                            extra_column, duplicate_id, impossible_date, out_of_range, swapped,
                            unknown_country, unknown_source, bad_counts, enormous_cell)
}
