"""Spreadsheets saved in the region's encodings: read with the names intact, reported, and loaded.

Each file is real text encoded with Python's codecs and written to disk; the expected messages, names,
rows and counts follow from that text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.data.csvfile import read_table
from dashboard.data.encoding import NotText, best_fit, decode, is_real_word, score
from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from tests.conftest import GEODATA, run_cli
from tests.support.encodings import (
    COLUMNS,
    GERMAN,
    KAZAKH,
    RUSSIAN,
    SOURCE,
    csv_row,
    record_line,
    records_text,
)

ADVICE = "check the names and save the file as UTF-8"
LABELS = {"cp1251": "cp1251 (Cyrillic, Windows)", "kz1048": "kz1048 (Kazakh, Windows)",
          "cp1252": "cp1252 (Western European, Windows)"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of geodata/ whose figures.csv, events.csv and corrections.csv keep only their headers
    (their rows belong to the bundled records, which each test replaces)."""
    copy = tmp_path / "geodata"
    shutil.copytree(GEODATA, copy)
    for name in ("figures.csv", "events.csv", "corrections.csv"):
        header = (copy / name).read_text(encoding="utf-8").splitlines()[0]
        (copy / name).write_text(header + "\n", encoding="utf-8")
    return copy


def _reported(folder: Path) -> list[str]:
    """The validator's `FILE:ROW:COLUMN: message` lines for the folder."""
    return run_cli("validate", str(folder)).stdout.splitlines()


def _names(folder: Path) -> list[str]:
    frame, _ = read_table(folder / "records.csv")
    assert frame is not None
    return list(frame["name"])


def _loaded(folder: Path, geocoder: Geocoder, names: list[str]) -> None:
    """Every record loads, under its exact name."""
    data = load_dataset(folder, geocoder)
    assert len(data.records) == len(names)
    assert sorted(data.records["name"]) == sorted(names)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_bom_is_read_without_a_problem(
    encoding: str, folder: Path, geocoder: Geocoder
) -> None:
    names = [*RUSSIAN, *KAZAKH, *GERMAN]
    raw = records_text(names).encode(encoding)
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    (folder / "records.csv").write_bytes(raw)
    assert _reported(folder) == []
    assert _names(folder) == names
    assert decode(raw).encoding == "utf-8"
    _loaded(folder, geocoder, names)


def test_utf16_unicode_text_with_tabs_is_read_and_reported(folder: Path, geocoder: Geocoder) -> None:
    names = [*KAZAKH, *GERMAN]
    raw = records_text(names, sep="\t", eol="\r\n").encode("utf-16")  # BOM, as Excel writes it
    assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")
    (folder / "records.csv").write_bytes(raw)
    assert _reported(folder) == [
        "records.csv:0:-: not UTF-8: read as UTF-16 (Excel's Unicode text); save the file as UTF-8"]
    assert _names(folder) == names
    _loaded(folder, geocoder, names)


@pytest.mark.parametrize(("encoding", "names", "read_as"), [
    ("cp1251", RUSSIAN, "cp1251"),
    ("kz1048", KAZAKH, "kz1048"),
    ("cp1252", GERMAN, "cp1252"),
    # Latin-1's letters have the same bytes in cp1252, so the file is the same as a cp1252 one and the
    # tie goes to cp1252, the earlier candidate.
    ("latin-1", GERMAN, "cp1252"),
])
def test_a_legacy_file_is_read_in_the_encoding_whose_words_are_real(
    encoding: str, names: list[str], read_as: str, folder: Path, geocoder: Geocoder
) -> None:
    text = records_text(names)
    (folder / "records.csv").write_bytes(text.encode(encoding))
    assert text.encode(encoding) == text.encode(read_as)
    assert _reported(folder) == [f"records.csv:0:-: not UTF-8: read as {LABELS[read_as]}; {ADVICE}"]
    assert _names(folder) == names
    _loaded(folder, geocoder, names)


def test_kazakh_letters_pick_kz1048_and_plain_russian_picks_cp1251() -> None:
    kazakh = "Жаңаөзен, Талдықорған, Ақтөбе, Әуезов, Ұзынағаш, Түркістан, Жиһаз, Ғабит, әкім, ұлы"
    assert set("қңәөұүғһ") <= set(kazakh) and set("ҚҢӘӨҰҮҒҺ") & set(kazakh)
    decoded = decode(kazakh.encode("kz1048"))
    assert (decoded.encoding, decoded.label, decoded.text) == ("kz1048", LABELS["kz1048"], kazakh)
    russian = "Алматы, Актобе, Шымкент"
    assert russian.encode("kz1048") == russian.encode("cp1251")  # a tie, which goes to cp1251
    assert decode(russian.encode("kz1048")).encoding == "cp1251"


def test_cp1251_record_is_geocoded_and_keeps_its_figures(folder: Path, geocoder: Geocoder) -> None:
    """The issue: "Алматы" read as cp1250 ("Ŕëěŕňű") did not geocode and its figures were dropped."""
    names = ["Алматы", "Шымкент"]
    (folder / "records.csv").write_bytes(records_text(names).encode("cp1251"))
    header = (folder / "figures.csv").read_text(encoding="utf-8")
    figures = [("deaths", "12"), ("injured", "150"), ("arrests", "300")]
    columns = header.strip().split(",")
    lines = "".join(csv_row([{"record": "rec-0", "metric": m, "value": v, "qualifier": "exact",
                           "date": "2022-01-06", "sources": SOURCE}.get(c, "") for c in columns])
                    for m, v in figures)
    (folder / "figures.csv").write_text(header + lines, encoding="utf-8")
    assert _reported(folder) == [f"records.csv:0:-: not UTF-8: read as {LABELS['cp1251']}; {ADVICE}"]
    data = load_dataset(folder, geocoder)
    assert not [p for p in data.problems if "no loaded record" in p.message]
    almaty = data.records[data.records["id"] == "rec-0"]
    assert list(almaty["name"]) == ["Алматы"] and almaty["lat"].notna().all()
    assert almaty["coord_method"].iloc[0] != "given"  # found by the gazetteer
    assert sorted(zip(data.figures["metric"], data.figures["value"].astype(int), strict=True)) == sorted(
        (m, int(v)) for m, v in figures)


def test_a_file_mixing_encodings_is_read_line_by_line(folder: Path, geocoder: Geocoder) -> None:
    # (name, summary, encoding) per record; summaries with newlines make rows of several lines.
    rows = [
        ("Алматы", "Митинг у акимата\nвторая строка, с запятой", "utf-8"),
        ("Шымкент", "", "cp1251"),
        ("Жаңаөзен", "", "utf-8"),
        ("Караганда", "первая строка\nвторая строка\nтретья", "cp1251"),
        ("Taraz", "", "utf-8"),
        ("Талдықорған", "", "kz1048"),
        ("Schangaösen", "", "utf-8"),
    ]
    raw = csv_row(COLUMNS).encode("ascii")
    lines_of = {}  # spreadsheet row -> its physical lines (0-based), for the legacy rows
    line = 1
    for number, (name, summary, encoding) in enumerate(rows):
        text = record_line(number, name, summary)
        raw += text.encode(encoding)
        count = text.count("\n")
        if encoding != "utf-8":
            lines_of[number + 2] = (list(range(line, line + count)), encoding)
        line += count
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (folder / "records.csv").write_bytes(raw)

    decoded = decode(raw)
    assert decoded.encoding == "mixed"
    assert decoded.line_encodings == {n: enc for lines, enc in lines_of.values() for n in lines}
    assert _reported(folder) == [
        "records.csv:0:-: mixes encodings line by line: 3 rows were read one by one (listed below); "
        "save the file as UTF-8",
        *(f"records.csv:{row}:-: not UTF-8: read as {LABELS[enc]} on its own"
          for row, (_, enc) in sorted(lines_of.items())),
    ]
    assert list(lines_of) == [3, 5, 7]  # row 3 follows a row of two lines; rows 5-7 one of three
    frame, _ = read_table(folder / "records.csv")
    assert frame is not None
    assert list(frame["name"]) == [name for name, _, _ in rows]
    assert list(frame["summary_en"]) == [summary for _, summary, _ in rows]
    _loaded(folder, geocoder, [name for name, _, _ in rows])


def test_a_binary_file_is_not_text(folder: Path, geocoder: Geocoder) -> None:
    raw = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    (folder / "records.csv").write_bytes(raw)
    nul = raw.index(b"\x00")
    message = f"not a text file (a NUL byte at byte {nul}); save it as UTF-8 text"
    assert _reported(folder) == [f"records.csv:0:-: {message}"]
    assert read_table(folder / "records.csv")[0] is None
    with pytest.raises(NotText, match=r"^not a text file"):
        decode(raw)
    assert len(load_dataset(folder, geocoder).records) == 0


def test_the_scorer_picks_cp1251_over_cp1250_and_cp1252_for_almaty() -> None:
    raw = "Алматы".encode("cp1251")
    assert raw.decode("cp1250") == "Ŕëěŕňű" and raw.decode("cp1252") == "Àëìàòû"
    fit = best_fit(raw, ["cp1250", "cp1252", "cp1251"])  # cp1251 last: it wins on its score
    assert fit is not None and (fit.encoding, fit.text) == ("cp1251", "Алматы")
    assert score("Алматы") == 6 and score("Ŕëěŕňű") == score("Àëìàòû") == -6  # letters in (un)real words


@pytest.mark.parametrize(("word", "real"), [
    ("Алматы", True), ("ёлка", True), ("Жаңаөзен", True), ("Талдықорған", True),
    ("Schangaösen", True), ("Straße", True), ("Öl", True), ("Aqtöbe", True),
    ("Schangaцsen", False),  # Latin and Cyrillic in one word: German read as cp1251
    ("Жаѕаґзен", False),  # Ukrainian/Macedonian letters: Kazakh read as cp1251
    ("Талдыќорєан", False),
    ("Àëìàòû", False), ("Ŕëěŕňű", False),  # mostly accented: Cyrillic read as cp1252 / cp1250
    ("KZ", True), ("КазМұнайГаз", True), ("КазМўнайГаз", False),
])
def test_real_words_are_written_in_one_of_the_regions_alphabets(word: str, real: bool) -> None:
    assert is_real_word(word) is real


def test_bytes_that_no_candidate_decodes_have_no_fit() -> None:
    raw = b"2,\x81\x98\n"  # 0x98 is undefined in cp1251 and kz1048, 0x81 in cp1252, a control in Latin-1
    assert best_fit(raw, ["cp1251", "kz1048", "cp1252", "latin-1"]) is None
