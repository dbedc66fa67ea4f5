"""The desk's tables and actions below the page: what an editor's edits become, and the server's refusal
of every action to anyone who may not edit (`dashboard.screens.desking`)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard.config import load_config
from dashboard.geo import changeset
from dashboard.screens import desking
from dashboard.view import desk
from dashboard.view.access import Request
from tests.conftest import GEODATA

FIGURE = "contingent-am-troops-100"
READER = Request(auth_configured=True, signed_in=True, email="reader@example.org", email_verified=None,
                 server_address=None, client_ip="203.0.113.9", host="map.example.org", forwarded=False)
ANONYMOUS = replace(READER, signed_in=False, email=None)
EDITOR = replace(READER, email="editor@example.org")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled tables, configured with one editor, as the desk's settings."""
    data = tmp_path / "geodata"
    shutil.copytree(GEODATA, data, ignore=shutil.ignore_patterns("gazetteer"))
    config = tmp_path / "config.toml"
    config.write_text('[data]\ndir = "geodata"\n[edition]\ndir = "edition"\n'
                      '[desk]\neditors = ["editor@example.org"]\n', encoding="utf-8")
    monkeypatch.setattr(desking, "settings", lambda: load_config({"DASHBOARD_CONFIG": str(config)}))
    return data


def test_edited_cells_become_one_edit_per_row_against_the_version_shown(folder: Path) -> None:
    shown = desk.table_frame(folder, "figures")
    assert shown.index.is_unique and shown.columns[-1] == desk.VERSION
    edited = shown.copy()
    edited.loc[FIGURE, "value"] = "137"
    added = pd.DataFrame([{"record": "contingent-am", "metric": "troops", "value": "140"}],
                         index=pd.Index([None]))
    draft = desk.drafted("figures", shown, pd.concat([edited, added]))
    assert [(e.id, dict(e.fields), e.expect) for e in draft.edits] == [
        (FIGURE, {"value": "137"}, shown.loc[FIGURE, desk.VERSION])]
    assert [dict(a.fields) for a in draft.additions] == [
        {"id": "", "record": "contingent-am", "metric": "troops", "value": "140"}]  # the core makes its id
    assert desk.drafted("figures", shown, shown).empty


def test_a_search_narrows_the_rows_by_id_or_any_cell(folder: Path) -> None:
    shown = desk.table_frame(folder, "figures")
    assert list(desk.matching(shown, FIGURE).index) == [FIGURE]
    assert FIGURE in desk.matching(shown, "ARMENIAN DEFENCE").index
    assert len(desk.matching(shown, "", limit=5)) == 5


@pytest.mark.parametrize("who", [READER, ANONYMOUS])
def test_every_desk_action_is_refused_on_the_server_to_anyone_not_an_editor(
        folder: Path, monkeypatch: pytest.MonkeyPatch, who: Request) -> None:
    monkeypatch.setattr(desking, "visitor", lambda: who)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    row = changeset.show(folder, "figures", FIGURE)
    draft = desk.Drafted((changeset.Edit("figures", FIGURE, {"value": "137"}, row["version"]),))
    actions = [lambda: desking.save_change(draft, "a reason"), lambda: desking.plan_change(draft, "x"),
               lambda: desking.revert_save("any", "x"), lambda: desking.approve_proposal("any"),
               lambda: desking.publish_edition()]
    for action in actions:
        with pytest.raises(desking.NotAllowed):
            action()
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


@pytest.mark.slow  # a save validates the whole folder, geocoding it (some 2 s)
def test_an_editor_saves_through_the_same_action(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(desking, "visitor", lambda: EDITOR)
    row = changeset.show(folder, "figures", FIGURE)
    draft = desk.Drafted((changeset.Edit("figures", FIGURE, {"value": "137"}, row["version"]),))
    assert isinstance(desking.save_change(draft, "The ministry's later count"), changeset.Saved)
    assert changeset.show(folder, "figures", FIGURE)["value"] == "137"
    assert changeset.saves(folder)[-1]["editor"] == "editor@example.org"


@pytest.mark.slow  # the whole app, headless
def test_the_desk_page_served_to_another_machine_without_sign_in_offers_nothing_to_edit() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    app = AppTest.from_file(str(APP), default_timeout=120)  # no request from this machine, no [auth]
    app.switch_page("screens/desk.py")
    app.run()
    assert not app.exception
    assert "editors must sign in" in " ".join(c.value for c in app.caption)
    assert not app.button and not app.text_area and not app.text_input and not app.get("arrow_data_frame")


# Slow (the map's files, `map_assets`; a publish takes most of a minute on a shared machine).
def test_publishing_builds_the_edition_beside_the_old_and_a_failure_leaves_the_old_served(
        folder: Path, monkeypatch: pytest.MonkeyPatch, map_assets: None) -> None:
    from dashboard.geo.dataset import load_dataset
    from dashboard.geo.gazetteer import default_geocoder

    monkeypatch.setattr(desking, "visitor", lambda: EDITOR)
    data = load_dataset(folder, default_geocoder())
    monkeypatch.setattr(desking, "dataset", lambda: data)
    page = desking.publish_edition()
    assert page == desking.edition_folder() / "index.html" and page.is_file()
    def edition() -> dict[Path, bytes]:
        return {p.relative_to(page.parent): p.read_bytes() for p in page.parent.rglob("*") if p.is_file()}

    served = edition()

    def broken(*args: object, **kwargs: object) -> object:
        raise OSError("the disk is full")  # the social card, made after the data files were written

    import dashboard.publish

    monkeypatch.setattr(dashboard.publish, "card", broken)
    with pytest.raises(OSError):
        desking.publish_edition()
    assert edition() == served  # the old edition, whole
    assert [p.name for p in page.parent.parent.iterdir() if p.name.startswith(".tmp-")] == []



@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_publish_says_where_readers_find_the_edition_not_the_servers_folder(lang: str) -> None:
    from dashboard.i18n import Translator

    tr = Translator(lang)
    linked = desking.published_message("https://example.org/kz-map/", tr)
    assert linked.endswith(": https://example.org/kz-map/")
    unlinked = desking.published_message("", tr)
    assert "`[edition] url`" in unlinked and "config.toml" in unlinked
    assert str(desking.edition_folder()) not in linked + unlinked
    assert ("veröffentlicht" in linked) == (lang == "de")
