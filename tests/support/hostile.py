"""Hostile strings for every text field, and a copy of the bundled data carrying them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from tests.conftest import GEODATA

HOSTILE = [
    "<script>window.__pwned = 1; alert(1)</script>",
    "<img src=x onerror=\"window.__pwned = 2; alert(2)\" id=pwned>",
    "${window.__pwned = 3; alert(3)}",
    "`); window.__pwned = 4; alert(4); (`",
    "</script><b id=pwned>bold</b><script>alert(5)</script>",
    "\\`${alert(6)}\\",
    "{{ 7*7 }} {% if true %}jinja{% endif %} {{ ''.__class__.__mro__ }}",
]
HOSTILE_URL = "javascript:alert(7)"


def hostile(i: int) -> str:
    """The i-th hostile string, tagged so each field's text can be found on the page."""
    return f"T{i} {HOSTILE[i % len(HOSTILE)]}"


def hostile_folder(root: Path) -> Path:
    """The bundled data plus a hostile source, an unrest site and a key site, and hostile edits."""
    data = root / "geodata"
    shutil.copytree(GEODATA, data)
    sources = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    sources.loc[len(sources)] = {**dict.fromkeys(sources.columns, ""), "id": "hostile-source",
                                 "publisher": hostile(0), "title": hostile(1), "url": HOSTILE_URL,
                                 "date": "2022-01-10", "language": "en", "reliability": "secondary"}
    sources.to_csv(data / "sources.csv", index=False)
    records = pd.read_csv(data / "records.csv", dtype=str, keep_default_na=False)
    base = dict.fromkeys(records.columns, "")
    records.loc[len(records)] = {**base, "id": "hostile-unrest", "name": hostile(6), "country": "KZ",
                                 "layer": "unrest", "kind": "riot", "lat": "45.0", "lon": "70.0",
                                 "start": "2022-01-05", "sources": "hostile-source",
                                 "summary_en": hostile(3)}
    records.loc[len(records)] = {**base, "id": "hostile-site", "name": hostile(4), "country": "KZ",
                                 "layer": "key_site", "kind": "guarded_object", "lat": "48.0",
                                 "lon": "68.0", "sources": "hostile-source;dpa-2022-01-13",
                                 "hours": hostile(5), "summary_en": hostile(0)}
    records.loc[records["id"] == "contingent-am", "unit"] = hostile(1)
    records.to_csv(data / "records.csv", index=False)
    figures = pd.read_csv(data / "figures.csv", dtype=str, keep_default_na=False)
    figures.loc[len(figures)] = {**dict.fromkeys(figures.columns, ""), "record": "hostile-unrest",
                                 "metric": "deaths", "value": "3", "qualifier": "exact",
                                 "date": "2022-01-06", "sources": "hostile-source", "note_en": hostile(3)}
    figures.to_csv(data / "figures.csv", index=False)
    config = root / "config.toml"
    config.write_text('[data]\ndir = "geodata"\n')
    return config
