"""The README's "How to change it" holds: each change below touches only the files it names.

Each test edits a copy of the package and of the data in those files alone, then runs the copy in a
fresh interpreter and checks that the change reaches the validator, the map, the legend and exports.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import GEODATA, REPO

pytestmark = pytest.mark.slow  # each test runs a fresh interpreter over a copy of the package
CATALOGUE = Path("dashboard/i18n/locale/de/LC_MESSAGES/messages.po")


def _copy(tmp_path: Path) -> Path:
    """A copy of the package, the data and the config to edit."""
    shutil.copytree(REPO / "dashboard", tmp_path / "dashboard",
                    ignore=shutil.ignore_patterns("__pycache__", "generated"))
    shutil.copytree(GEODATA, tmp_path / "geodata")
    shutil.copy(REPO / "config.toml", tmp_path / "config.toml")
    return tmp_path


def _run(root: Path, code: str) -> str:
    """Run `code` with the copy's package first on the path; return what it printed."""
    env = {**os.environ, "PYTHONPATH": str(root), "DASHBOARD_CONFIG": str(root / "config.toml")}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _add_record(root: Path, **row: str) -> None:
    records = pd.read_csv(root / "geodata" / "records.csv", dtype=str, keep_default_na=False)
    records.loc[len(records)] = {**dict.fromkeys(records.columns, ""), **row}
    records.to_csv(root / "geodata" / "records.csv", index=False)


def test_a_new_layer_is_the_vocabulary_the_catalogue_and_the_data(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    vocabulary = root / "dashboard" / "vocabulary.py"
    text = vocabulary.read_text(encoding="utf-8")
    anchor = '                    ("protest", "riot", "seizure", "arson", "clash"), from_article=True),\n'
    assert anchor in text
    vocabulary.write_text(text.replace(anchor, anchor + (
        '    "hospital": Layer(N_("hospital"), "sites", "square", "#CC79A7", ("field_hospital",),\n'
        '                      from_article=True),\n')).replace(
        '"clash": N_("clash"),\n', '"clash": N_("clash"), "field_hospital": N_("field hospital"),\n'),
        encoding="utf-8")
    _append(root / CATALOGUE, '\nmsgid "hospital"\nmsgstr "Krankenhaus"\n\n'
                              'msgid "field hospital"\nmsgstr "Feldlazarett"\n')
    _add_record(root, id="almaty-hospital", name="Field hospital", country="KZ", layer="hospital",
                kind="field_hospital", lat="43.25", lon="76.93", sources="dpa-2022-01-13")
    out = _run(root, """
        import datetime as dt
        from dashboard.geo.validate import validate_folder
        from dashboard.config import load_config
        from dashboard.geo.dataset import load_dataset
        from dashboard.geo.gazetteer import default_geocoder
        from dashboard.map.layers import layers
        from dashboard.render.legend import legend_html
        from dashboard.view.selection import select
        import folium
        folder = load_config().data_dir
        print("problems", len(validate_folder(folder)))
        data = load_dataset(folder, default_geocoder())
        selection = select(data, ["KZ"], dt.date(2022, 1, 13))
        fmap = folium.Map(tiles=None)
        for group in layers(selection.records, data.records, {}).groups:
            group.add_to(fmap)
        print("drawn", "record-almaty-hospital" in fmap.get_root().render())
        english, german = legend_html("en", ["sites"]), legend_html("de", ["sites"])
        print("legend", "Hospital" in english, "Krankenhaus" in german)
    """)
    assert out.split() == ["problems", "0", "drawn", "True", "legend", "True", "True"]


def test_a_new_language_is_a_catalogue_columns_and_one_line(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    translator = root / "dashboard" / "i18n" / "translator.py"
    line = '    "de": Language("de_DE", "Deutsch"),\n'
    text = translator.read_text(encoding="utf-8")
    assert line in text
    french_line = '    "fr": Language("fr_FR", "Français"),\n'
    translator.write_text(text.replace(line, line + french_line), encoding="utf-8")
    french = root / "dashboard" / "i18n" / "locale" / "fr" / "LC_MESSAGES"
    french.mkdir(parents=True)
    (french / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Legend"\nmsgstr "Légende"\n',
        encoding="utf-8")
    records = pd.read_csv(root / "geodata" / "records.csv", dtype=str, keep_default_na=False)
    records["name_fr"] = ["Moscou" if rid == "moscow" else "" for rid in records["id"]]
    records.to_csv(root / "geodata" / "records.csv", index=False)
    out = _run(root, """
        from dashboard.config import load_config
        from dashboard.geo.dataset import load_dataset
        from dashboard.geo.gazetteer import default_geocoder
        from dashboard.i18n import LANGUAGES, Translator
        from dashboard.render.legend import legend_html
        from dashboard.view.link import parse_view
        from dashboard.view.wording import localised
        data = load_dataset(load_config().data_dir, default_geocoder())
        print(len(data.problems), ",".join(LANGUAGES), parse_view({"lang": ["fr"]}, ()).view.lang)
        print(localised(data.records, "fr").set_index("id").loc["moscow", "name"])
        print("Légende" in legend_html("fr"), Translator("fr").number(10000) == "10\\u202f000")
    """)
    assert out.split("\n")[:3] == ["0 en,de,fr fr", "Moscou", "True True"]


def test_a_new_export_format_is_one_module(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "dashboard" / "export" / "idlist.py").write_text(textwrap.dedent('''
        """A plain list of the view's record ids."""
        from dashboard.export.formats import ExportFormat

        FORMAT = ExportFormat("ids", "txt", "text/plain", "Record ids")


        def write(view, *, raw=False):
            return "\\n".join(view.selection.records["id"]).encode()
    '''), encoding="utf-8")
    out = _run(root, """
        import sys
        from dashboard.__main__ import main
        from dashboard.export import formats
        print(",".join(formats()))
        sys.exit(main(["export", "--format", "ids", "--country", "AM"]))
    """)
    from dashboard.export import formats

    lines = out.splitlines()
    assert lines[0] == ",".join([*formats(), "ids"])  # every format of the package, and the new one
    assert lines[0].startswith("csv,geojson,html,folder,")
    assert "contingent-am" in lines[1:]
