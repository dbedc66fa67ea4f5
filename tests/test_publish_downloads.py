"""The edition's "Get the data" file written as it is made: the same bytes as the whole dict dumped."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from dashboard.publish import _Hashed
from dashboard.publish import downloads as downloads_module
from dashboard.publish.downloads import downloads_data, downloads_json
from dashboard.scene import View

LAYOUT = {"csv_header": "id,name\r\n", "geojson": '{\n  "features": {features}\n}\n',
          "lists": {"features": {"empty": "[]", "open": "[\n", "join": ",\n", "close": "\n]"}},
          "country_items": {"KZ": '"KZ"'}, "names": {"csv": "{date}-{codes}.csv"}, "no_codes": "none"}
# Per day: the records' lines (the features made from them), the corrections and which concern whom.
DAYS = [
    ({"r1": 'r1,"Almaty, ""old"""\r\n', "r2": "r2,Aqtöbe\r\n"}, ["fix \u2013 one"], {"r1": [0], "r2": []}),
    ({"r2": "r2,Aqtöbe\r\n", "r1": 'r1,"Almaty, ""old"""\r\n', "r3": "r3,\U0001f5fa\r\n"}, ["fix \u2013 one"],
     {"r1": [0], "r2": [], "r3": [0]}),
    ({"r1": "r1,Almaty\r\n", "r3": "r3,\U0001f5fa\r\n"}, [], {"r1": [], "r3": []}),
    ({"r1": "r1,Almaty\r\n"}, ["two\nlines", "\"quoted\" \\"], {"r1": [0, 1]}),
]
MADE: dict[tuple[str, str], str] = {}


def _pieces(scene: SimpleNamespace) -> dict[str, object]:
    lines, corrections, concerns = DAYS[scene.index]
    # A feature made once for each text of its line: given again as the same object, as the exports do.
    features = {rid: MADE.setdefault((rid, line), f'    {{\n      "id": {json.dumps(rid)},\n      '
                                                  f'"line": {json.dumps(line)}\n    }}')
                for rid, line in lines.items()}
    return {**LAYOUT, "csv": lines, "features": features, "regions": ['    {"region": "KZ-75"}'],
            "corrections": corrections, "concerns": concerns}


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()  # as the publish writes


def _scenes() -> SimpleNamespace:
    days = tuple(SimpleNamespace(index=at, view=SimpleNamespace(date=dt.date(2022, 1, 5 + at)))
                 for at in range(len(DAYS)))
    return SimpleNamespace(languages={View().lang: SimpleNamespace(days=days)}, host="r1")


@pytest.mark.parametrize(("chunk", "batch"), [(1 << 20, 1000), (7, 1)])
def test_the_downloads_written_as_made_are_the_whole_dicts_json(
    monkeypatch: pytest.MonkeyPatch, chunk: int, batch: int
) -> None:
    # Parts of a few bytes and one record a part: the texts read back across their boundaries.
    monkeypatch.setattr(downloads_module, "CHUNK", chunk)
    monkeypatch.setattr(downloads_module, "BATCH", batch)
    whole = downloads_data(_scenes(), _pieces)
    streamed = b"".join(downloads_json(_scenes(), _pieces))
    assert streamed == _json(whole)
    assert len(whole["texts"]) == len(set(whole["texts"]))  # each text once
    assert whole["records"]["r1"][0][:2] == [0, 1]  # the same pieces over two days: one span


def test_the_downloads_of_no_day_are_the_whole_dicts_json() -> None:
    scenes = SimpleNamespace(languages={View().lang: SimpleNamespace(days=())}, host=None)
    assert b"".join(downloads_json(scenes, _pieces)) == _json(downloads_data(scenes, _pieces))


def test_a_file_streamed_is_written_as_the_whole_body_is(tmp_path: Path) -> None:
    body = _json({"texts": [f"line {n} \u00e9" * (n % 50) for n in range(3000)]})
    with _Hashed(tmp_path / "whole") as hashed:
        whole = hashed("data", "downloads.json", body)
    with _Hashed(tmp_path / "streamed") as hashed:
        parts = (body[at:at + 999] for at in range(0, len(body), 999))
        streamed = hashed.stream("data", "downloads.json", parts)
    assert streamed == whole
    for suffix in ("", ".gz"):
        assert (tmp_path / "streamed" / f"{streamed}{suffix}").read_bytes() \
            == (tmp_path / "whole" / f"{whole}{suffix}").read_bytes()
    assert gzip.decompress((tmp_path / "streamed" / f"{streamed}.gz").read_bytes()) == body
    assert sorted(p.name for p in (tmp_path / "streamed" / "data").iterdir()) \
        == sorted(p.name for p in (tmp_path / "whole" / "data").iterdir())  # no partial file left
