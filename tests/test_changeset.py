"""The editors' desk's change-set core and its command line, on real copies of the bundled data: versions,
validation refusals, conflicts, generated ids, drafted corrections, the logs, history, diff, revert,
review, and saves killed (SIGKILL) at every point between two writes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.__main__ import main
from dashboard.data import atomic
from dashboard.data.csvfile import read_table
from dashboard.geo import changeset
from dashboard.geo.changeset import (
    Addition,
    Change,
    Conflicted,
    Edit,
    Proposed,
    Refused,
    Saved,
    approve,
    data_version,
    plan,
    proposals,
    revert,
    row_version,
    save,
    saves,
    show,
)
from dashboard.geo.validate import validate_folder
from tests.conftest import GEODATA

ARMENIA = "contingent-am-troops-100"  # Armenia's troop figure, 100 on 7 January
TABLES = ("records.csv", "figures.csv", "events.csv", "sources.csv", "corrections.csv", "updates.csv")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    return folder


def _tables(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in TABLES}


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    frame, _ = read_table(folder / name)
    assert frame is not None
    return frame.to_dict("records")


def _fix_armenia(value: str = "137", expect: str | None = None) -> Change:
    return Change([Edit("figures", ARMENIA, {"value": value}, expect)], [], "anna@example.org",
                  "Armenia's defence ministry gave 137 later the same day")


def test_a_version_is_the_rows_content_whatever_the_column_order() -> None:
    assert row_version({"a": "1", "b": "2"}) == row_version({"b": "2", "a": "1"})
    assert row_version({"a": "1", "b": ""}) == row_version({"a": "1"})  # a column added to the file
    assert row_version({"a": "1"}) != row_version({"a": "2"})


def test_show_prints_the_row_and_its_version(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "figures", ARMENIA, "--data", str(data)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["value"] == "100" and shown["record"] == "contingent-am"
    assert shown["version"] == row_version({k: v for k, v in shown.items() if k != "version"})
    assert main(["show", "figures", "no-such-figure", "--data", str(data)]) == 2
    for unreadable in (["edit", "figures", "no-such-figure", "value=1"],
                       ["edit", "figures", ARMENIA, "value"]):
        assert main([*unreadable, "--editor", "a", "--reason", "b", "--data", str(data)]) == 2
    with pytest.raises(SystemExit):  # argparse: exit 2, the tables named
        main(["edit", "gazetteer", "x", "a=b", "--editor", "a", "--reason", "b"])


def test_an_edit_saves_logs_itself_and_drafts_the_correction_in_both_languages(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = show(data, "figures", ARMENIA)
    assert main(["edit", "figures", ARMENIA, "value=137", "--editor", "anna@example.org", "--reason",
                 "later count", "--expect", before["version"], "--data", str(data)]) == 0
    printed = json.loads(capsys.readouterr().out)
    after = show(data, "figures", ARMENIA)
    assert after["value"] == "137"
    assert printed["rows"] == [{"table": "figures", "id": ARMENIA, "version": after["version"]}]
    update = _rows(data, "updates.csv")[-1]
    assert update["editor"] == "anna@example.org" and update["touched"] == f"figures:{ARMENIA}"
    assert update["save"] == printed["save"] and update["time"]
    assert _rows(data, "updates.csv")[0]["editor"] == ""  # old rows leave it empty
    correction = _rows(data, "corrections.csv")[-1]
    assert (correction["table"], correction["id"], correction["sources"]) == ("figures", ARMENIA,
                                                                              "panorama-2022-01-07")
    assert correction["summary_en"] == ("Armenian contingent's troops figure of 7 January 2022 was corrected "
                                        "from 100 to 137 (source: Panorama.am, 7 January 2022).")
    assert correction["summary_de"] == ("Die Angabe „Soldaten“ für Armenisches Kontingent vom 7. Januar "
                                        "2022 wurde von 100 auf 137 korrigiert (Quelle: Panorama.am, "
                                        "7. Januar 2022).")
    assert validate_folder(data) == []


def test_the_editor_may_rewrite_the_correction(data: Path) -> None:
    result = save(data, Change([Edit("figures", ARMENIA, {"value": "137"})], [], "anna", "later count",
                               "Armenia's troop figure was corrected.",
                               "Die Truppenzahl Armeniens wurde korrigiert."))
    assert isinstance(result, Saved)
    correction = _rows(data, "corrections.csv")[-1]
    assert correction["summary_en"] == "Armenia's troop figure was corrected."
    assert correction["summary_de"] == "Die Truppenzahl Armeniens wurde korrigiert."


def test_a_change_readers_never_saw_writes_no_correction(data: Path) -> None:
    corrections = (data / "corrections.csv").read_bytes()
    note = {"note_en": "Armenian defence ministry, 7 January"}
    result = save(data, Change([Edit("figures", ARMENIA, note)], [], "anna", "note"))
    assert isinstance(result, Saved) and result.plan.corrections == []
    assert (data / "corrections.csv").read_bytes() == corrections
    assert _rows(data, "updates.csv")[-1]["touched"] == f"figures:{ARMENIA}"


def test_an_invalid_value_is_refused_line_by_line_and_nothing_is_written(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _tables(data)
    code = main(["edit", "figures", ARMENIA, "value=many", "record=no-such-record", "--editor", "anna",
                 "--reason", "typo", "--data", str(data)])
    assert code == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("figures.csv:11:value: ") for line in lines)
    assert all(line.count(":") >= 3 for line in lines)
    assert _tables(data) == old and not list((data / ".history" / "saves").glob("*"))


def test_a_formula_cell_is_refused_as_the_exports_would_guard_it(data: Path) -> None:
    old = _tables(data)
    result = save(data, Change([Edit("figures", ARMENIA, {"note_en": "=HYPERLINK(\"http://x\")"})], [],
                               "anna", "x"))
    assert isinstance(result, Refused)
    assert [(p.file, p.row, p.column) for p in result.problems] == [("figures.csv", 11, "note_en")]
    assert "formula" in result.problems[0].message
    huge = save(data, Change([Edit("figures", ARMENIA, {"note_en": "x" * 6000})], [], "anna", "x"))
    assert isinstance(huge, Refused) and "longer than" in huge.problems[0].message
    assert _tables(data) == old


def test_a_stale_version_is_a_conflict_with_both_versions_and_nothing_is_written(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = show(data, "figures", ARMENIA)["version"]
    assert isinstance(save(data, _fix_armenia("137", first)), Saved)
    old = _tables(data)
    code = main(["edit", "figures", ARMENIA, "value=140", "--editor", "ben", "--reason", "x",
                 "--expect", first, "--data", str(data)])
    assert code == 2
    conflict = json.loads(capsys.readouterr().out)["conflicts"][0]
    assert conflict["expected"] == first
    assert conflict["current"] == show(data, "figures", ARMENIA)["version"] != first
    assert conflict["current_row"]["value"] == "137"
    assert _tables(data) == old


def test_additions_get_ids_by_the_id_rules(data: Path) -> None:
    result = save(data, Change([], [
        Addition("figures", {"record": "contingent-am", "metric": "troops", "value": "100",
                             "qualifier": "exact", "date": "2022-01-08", "sources": "panorama-2022-01-07"}),
        Addition("sources", {"publisher": "Armenpress", "title": "Armenian peacekeepers", "url": "",
                             "date": "2022-01-08", "language": "hy", "reliability": "secondary"}),
        Addition("events", {"date": "2022-01-08", "record": "contingent-am", "kind": "military",
                            "sources": "panorama-2022-01-07", "summary_en": "Arrived.",
                            "summary_de": "Angekommen."}),
    ], "anna", "more from Yerevan"))
    assert isinstance(result, Saved), result
    assert result.added == [("figures", f"{ARMENIA}-2"), ("sources", "armenpress-2022-01-08-2"),
                            ("events", "2022-01-08-contingent-am-military")]
    assert show(data, "figures", f"{ARMENIA}-2")["date"] == "2022-01-08"  # beside the figure of the 7th
    assert show(data, "sources", "armenpress-2022-01-08")["title"] != "Armenian peacekeepers"  # kept
    assert _rows(data, "corrections.csv") == _rows(GEODATA, "corrections.csv")  # an addition is no correction
    assert validate_folder(data) == []


def test_a_plan_names_every_problem_of_the_folder_as_it_would_be(data: Path) -> None:
    stray = {"record": "nowhere", "metric": "troops", "value": "5", "date": "2022-01-08", "sources": "nobody"}
    planned = plan(data, Change([], [Addition("figures", stray)], "a", "b"))
    assert {(p.file, p.column) for p in planned.problems} >= {("figures.csv", "sources")}
    assert not (data / ".history").exists()


def test_edits_of_different_rows_in_two_processes_both_land(data: Path) -> None:
    validate_folder(data)  # loaded once here, so each child only saves
    go = data.parent / "go"
    pids = []
    for rid, value in ((ARMENIA, "137"), ("contingent-am-aircraft-3", "4")):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 1
            try:
                while not go.exists():
                    time.sleep(0.005)
                result = save(data, Change([Edit("figures", rid, {"value": value})], [], f"ed-{value}", "x"))
                code = 0 if isinstance(result, Saved) else 1
            finally:
                os._exit(code)
        pids.append(pid)
    go.touch()
    assert [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids] == [0, 0]
    assert show(data, "figures", ARMENIA)["value"] == "137"
    assert show(data, "figures", "contingent-am-aircraft-3")["value"] == "4"
    assert len(saves(data)) == 2 and validate_folder(data) == []


def test_revert_puts_the_rows_back_as_a_logged_change(data: Path) -> None:
    saved = save(data, _fix_armenia())
    added = save(data, Change([], [Addition("figures", {"record": "contingent-am", "metric": "troops",
                                                        "value": "90", "date": "2022-01-09",
                                                        "sources": "panorama-2022-01-07"})], "anna", "x"))
    assert isinstance(saved, Saved) and isinstance(added, Saved)
    assert isinstance(revert(data, added.save_id, "ben", "wrong day"), Saved)
    with pytest.raises(LookupError):
        show(data, "figures", "contingent-am-troops-90")
    undone = revert(data, saved.save_id, "ben", "the ministry withdrew 137")
    assert isinstance(undone, Saved)
    assert show(data, "figures", ARMENIA)["value"] == "100"
    assert [s["kind"] for s in saves(data)] == ["save", "save", "revert", "revert"]
    assert saves(data)[-1]["reverts"] == saved.save_id
    assert "corrected from 137 to 100" in _rows(data, "corrections.csv")[-1]["summary_en"]
    assert validate_folder(data) == []


def test_a_revert_of_a_row_changed_since_is_a_conflict(data: Path) -> None:
    saved = save(data, _fix_armenia())
    assert isinstance(saved, Saved) and isinstance(save(data, _fix_armenia("138")), Saved)
    assert isinstance(revert(data, saved.save_id, "ben", "x"), Conflicted)


def test_diff_between_two_saves(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = save(data, _fix_armenia())
    second = save(data, Change([Edit("figures", "contingent-am-aircraft-3", {"value": "4"})], [], "ben", "x"))
    assert isinstance(first, Saved) and isinstance(second, Saved)
    assert main(["diff", first.save_id, second.save_id, "--data", str(data), "--format", "json"]) == 0
    changed = json.loads(capsys.readouterr().out)["figures"]["changed"]
    assert [c["id"] for c in changed] == ["contingent-am-aircraft-3"]
    assert main(["diff", f"{first.save_id}^", second.save_id, "--data", str(data), "--format", "json"]) == 0
    changed = json.loads(capsys.readouterr().out)["figures"]["changed"]
    assert {c["id"] for c in changed} == {ARMENIA, "contingent-am-aircraft-3"}
    assert main(["diff", "nosuchsave", second.save_id, "--data", str(data)]) == 2
    assert main(["history", "--data", str(data)]) == 0
    assert first.save_id in capsys.readouterr().out


def test_under_review_a_change_waits_until_another_editor_approves_it(data: Path) -> None:
    old = _tables(data)
    proposed = save(data, _fix_armenia(), review=True)
    assert isinstance(proposed, Proposed)
    assert _tables(data) == old  # readers see nothing yet
    assert [p["id"] for p in proposals(data)] == [proposed.proposal_id]
    own = approve(data, proposed.proposal_id, "Anna@example.org ")
    assert isinstance(own, Refused) and "other than its author" in own.problems[0].message
    approved = approve(data, proposed.proposal_id, "ben@example.org")
    assert isinstance(approved, Saved)
    assert show(data, "figures", ARMENIA)["value"] == "137"
    assert _rows(data, "updates.csv")[-1]["editor"] == "ben@example.org"
    assert saves(data)[-1]["author"] == "anna@example.org" and saves(data)[-1]["kind"] == "approval"
    assert proposals(data) == []
    assert isinstance(approve(data, proposed.proposal_id, "carl"), Refused)


def test_a_proposal_overtaken_by_another_save_is_a_conflict_on_approval(data: Path) -> None:
    proposed = save(data, _fix_armenia(), review=True)
    assert isinstance(proposed, Proposed) and isinstance(save(data, _fix_armenia("138")), Saved)
    assert isinstance(approve(data, proposed.proposal_id, "ben"), Conflicted)


def test_the_data_version_follows_every_save(data: Path) -> None:
    before = data_version(data)
    assert data_version(data) == before
    assert isinstance(save(data, _fix_armenia()), Saved)
    assert data_version(data) != before


def _killed_at(step: str, action: Callable[[], object]) -> int:
    """Run `action` in a forked child killed (SIGKILL) at the checkpoint `step`; the child's status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child

        def checkpoint(name: str) -> None:
            if name == step:
                os.kill(os.getpid(), signal.SIGKILL)

        atomic.checkpoint = checkpoint
        try:
            action()
        finally:
            os._exit(0)
    return os.waitpid(pid, 0)[1]


@pytest.mark.parametrize(("step", "lands"), [
    ("desk-recorded", False),  # the save's record written, nothing committed
    ("after-temporary", False),  # one table written aside
    ("before-journal", False),
    ("before-rename", False),  # the journal itself written aside, not yet in place
    ("after-journal", True),  # the commit counts: recovery finishes it
    ("mid-rename", True),  # one table renamed, the others not
])
@pytest.mark.slow  # over a second of the quick tier
def test_a_save_killed_at_any_point_leaves_the_folder_wholly_old_or_wholly_new_and_valid(
        data: Path, step: str, lands: bool) -> None:
    old = _tables(data)
    status = _killed_at(step, lambda: save(data, _fix_armenia()))
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert validate_folder(data) == []  # the loader finishes (or undoes) the commit before it reads
    now = _tables(data)
    if lands:
        assert now != old
        assert {n for n in TABLES if now[n] != old[n]} == {"figures.csv", "corrections.csv", "updates.csv"}
        assert show(data, "figures", ARMENIA)["value"] == "137"
        assert len(saves(data)) == 1
    else:
        assert now == old and saves(data) == []
    assert not list(data.glob(f"{atomic.TEMPORARY}*"))
    if step in ("desk-recorded", "mid-rename"):  # the desk goes on; a record that never landed is dropped
        assert isinstance(save(data, _fix_armenia("138")), Saved)
        assert len(list((data / ".history" / "saves").glob("*.json"))) == (2 if lands else 1)


def test_add_on_the_command_line_prints_the_made_id(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", "figures", "record=contingent-am", "metric=troops", "value=120", "date=2022-01-09",
                 "sources=panorama-2022-01-07", "--editor", "anna", "--reason", "x",
                 "--data", str(data)]) == 0
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    assert row == {"table": "figures", "id": "contingent-am-troops-120",
                   "version": show(data, "figures", "contingent-am-troops-120")["version"]}


def test_the_loader_ignores_the_history(data: Path) -> None:
    assert isinstance(save(data, _fix_armenia()), Saved)
    assert (data / ".history").is_dir()
    assert validate_folder(data) == []
    assert changeset.rows(data, "figures")[9]["id"] == ARMENIA  # spreadsheet row 11


def _article_proposal(data: Path, text: str, names: tuple[str, ...], url: str = ""):
    from dashboard.geo.dataset import load_dataset
    from dashboard.geo.gazetteer import default_geocoder
    from dashboard.geo.geoparser import geoparse
    from dashboard.view import article

    loaded = load_dataset(data, default_geocoder())
    places = article.places(geoparse(text, default_geocoder(), "en"))
    kept = places[places["name"].isin(names)]
    written = {row["id"]: row for row in changeset.rows(data, "records")}
    source = {"publisher": "Example Wire", "title": "Troops leave", "url": url, "date": "2022-01-13",
              "language": "en", "reliability": "wire"}
    return article.proposal(kept, "unrest", source, loaded.records, loaded.sources, written)


def test_the_article_page_links_a_place_that_has_a_record_and_proposes_the_rest(data: Path) -> None:
    proposed = _article_proposal(data, "Protesters gathered in Almaty and in Tokmok, Kyrgyzstan.",
                                 ("Almaty", "Tokmok"))
    assert proposed.linked == [("Almaty", "almaty-unrest")] and not proposed.reused
    assert [(a.table, a.fields.get("name")) for a in proposed.change.additions] == [
        ("sources", None), ("records", "Tokmok")]
    (edit,) = proposed.change.edits
    assert (edit.table, edit.id, edit.expect) == ("records", "almaty-unrest", show(data, "records",
                                                                                  "almaty-unrest")["version"])
    assert edit.fields["sources"].endswith(f";{proposed.source}")
    saved = save(data, Change(proposed.change.edits, proposed.change.additions, "anna", "from the wire"))
    assert isinstance(saved, Saved), saved
    assert saved.plan.corrections == []  # a source added beside the others corrects nothing
    assert sum(r["lat"] == "" and r["name"] == "Almaty" for r in changeset.rows(data, "records")) == 1
    assert validate_folder(data) == []


def test_the_article_page_reuses_a_source_at_the_same_address(data: Path) -> None:
    url = show(data, "sources", "rbc-2022-01-10")["url"].replace("https://www.", "http://") + "/"
    proposed = _article_proposal(data, "Protesters gathered in Tokmok, Kyrgyzstan.", ("Tokmok",), url)
    assert proposed.reused and proposed.source == "rbc-2022-01-10" and proposed.sources_csv == ""
    assert [a.table for a in proposed.change.additions] == ["records"]
    assert proposed.change.additions[0].fields["sources"] == "rbc-2022-01-10"


def test_a_figure_without_an_id_is_edited_by_its_made_id_which_is_then_written(data: Path) -> None:
    figures = (data / "figures.csv").read_text(encoding="utf-8").replace(f"\n{ARMENIA},", "\n,", 1)
    (data / "figures.csv").write_text(figures, encoding="utf-8")
    assert show(data, "figures", ARMENIA)["value"] == "100"  # the loader's made id
    assert isinstance(save(data, _fix_armenia()), Saved)
    assert f"\n{ARMENIA},contingent-am,troops,137," in (data / "figures.csv").read_text(encoding="utf-8")


def test_the_drafts_name_what_readers_saw_change_in_both_languages() -> None:
    from dashboard.data import drafts

    records = {"almaty-unrest": {"id": "almaty-unrest", "name": "Almaty", "name_de": "Almaty"},
               "aktau": {"id": "aktau", "name": "Aktau"}}
    sources = {"s1": {"publisher": "Wire", "date": "2022-01-06"}}
    event = {"id": "e", "date": "2022-01-05", "record": "almaty-unrest", "kind": "protest", "sources": "s1",
             "summary_en": "Crowds gathered."}
    moved = {**event, "record": "aktau", "summary_en": "Crowds gathered at the square."}
    text = drafts.correction("events", "e", event, moved, records, sources)
    assert text == {
        "summary_en": "Almaty, the event of 5 January 2022: place corrected from Almaty to Aktau; text "
                      "rewritten (source: Wire, 6 January 2022).",
        "summary_de": "Almaty, Ereignis vom 5. Januar 2022: Ort von Almaty auf Aktau korrigiert; Text neu "
                      "gefasst (Quelle: Wire, 6. Januar 2022)."}
    record = {"id": "aktau", "name": "Aktau", "lat": "", "lon": "", "sources": "s1"}
    assert "position 43.6, 51.2 added" in drafts.correction(
        "records", "aktau", record, {**record, "lat": "43.6", "lon": "51.2"}, records, sources)["summary_en"]
    added = {**record, "sources": "s1;s2"}  # a source beside the others corrects nothing
    assert drafts.correction("records", "aktau", record, added, records, sources) is None


def test_a_folder_handed_to_readers_leaves_the_editors_out(data: Path) -> None:
    import io
    import zipfile

    from dashboard.export import export
    from dashboard.geo.dataset import load_dataset
    from dashboard.geo.gazetteer import default_geocoder
    from dashboard.scene import View, scene

    assert isinstance(save(data, _fix_armenia()), Saved)
    loaded = load_dataset(data, default_geocoder())
    view = View()
    body = export(scene(loaded, View(view.countries, view.date, lang="en")), "folder")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        updates = archive.read("updates.csv").decode()
    assert "anna@example.org" not in updates and f"figures:{ARMENIA}" in updates


def test_an_edit_that_changes_nothing_is_no_change(data: Path) -> None:
    old = _tables(data)
    same = {"value": "100", "version": "ignored"}
    result = save(data, Change([Edit("figures", ARMENIA, same)], [], "a", "b"))
    assert isinstance(result, Refused) and "changes nothing" in result.problems[0].message
    assert _tables(data) == old


def test_review_on_the_command_line_follows_the_config(data: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.config import load_config

    config = tmp_path / "desk.toml"
    config.write_text(f'[data]\ndir = "{data.name}"\n[desk]\nreview = true\neditors = ["anna@example.org"]\n')
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    assert load_config().desk_review and load_config().desk_editors == ("anna@example.org",)
    assert main(["edit", "figures", ARMENIA, "value=137", "--editor", "anna", "--reason", "later count"]) == 0
    proposal = json.loads(capsys.readouterr().out)["proposal"]
    assert show(data, "figures", ARMENIA)["value"] == "100"
    assert main(["history", "--proposals"]) == 0 and proposal in capsys.readouterr().out
    assert main(["approve", proposal, "--editor", "anna"]) == 1
    assert main(["approve", proposal, "--editor", "ben"]) == 0
    assert show(data, "figures", ARMENIA)["value"] == "137"


def test_a_table_in_a_legacy_encoding_is_saved_as_utf8_by_the_next_save(data: Path) -> None:
    records = (data / "records.csv").read_text(encoding="utf-8")
    (data / "records.csv").write_bytes(records.encode("cp1251", errors="replace"))
    assert any("not UTF-8" in p.message for p in validate_folder(data))
    assert isinstance(save(data, _fix_armenia()), Saved)
    assert (data / "records.csv").read_text(encoding="utf-8").startswith("id,name,")
    assert validate_folder(data) == []
