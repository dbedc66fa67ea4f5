"""Sample place names in Russian, Kazakh and German, and records.csv text built from them."""

from __future__ import annotations

import csv
import io

COLUMNS = ["id", "name", "country", "layer", "kind", "sources", "start", "lat", "lon", "summary_en"]
SOURCE = "dpa-2022-01-13"

# Names that only geocode (no lat/lon) when they arrive letter for letter, and one per file with
# coordinates whose name carries the alphabet's remaining letters.
RUSSIAN = ["Алматы", "Актобе", "Шымкент", "Караганда", "Митинг на площади, ёлка у акимата"]
KAZAKH = ["Жаңаөзен", "Талдықорған", "Ақтөбе", "Қызылорда", "Түркістан", "Өскемен",
          "Жиһаз дүкені, Ұзынағаш, Әуезов көшесі, әкім ұлы"]
GERMAN = ["Schangaösen", "Aqtöbe", "Öskemen", "Kökschetau", "Türkistan",
          "Straßenprotest, Männer vor dem Rathaus"]


def csv_row(values: list[str], sep: str = ",", eol: str = "\n") -> str:
    """One CSV line of the given values, with the given separator and line ending."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=eol).writerow(values)
    return buffer.getvalue()


def record_line(number: int, name: str, summary: str = "", sep: str = ",", eol: str = "\n") -> str:
    """One records.csv line (or more, for a summary with newlines); a name with a comma is given
    coordinates, any other is geocoded in Kazakhstan."""
    lat, lon = ("43.22", "76.30") if "," in name else ("", "")
    values = [f"rec-{number}", name, "KZ", "unrest", "protest", SOURCE, "2022-01-05", lat, lon, summary]
    return csv_row(values, sep, eol)


def records_text(names: list[str], sep: str = ",", eol: str = "\n") -> str:
    """A records.csv (header and one record per name) as text, before encoding."""
    lines = (record_line(i, n, sep=sep, eol=eol) for i, n in enumerate(names))
    return csv_row(COLUMNS, sep, eol) + "".join(lines)
