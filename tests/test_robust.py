"""Issue 34: nothing half-written, nothing executed, honest errors from every command.

Each test names the finding of the issue it covers (F1 … F12). The quick tier has a fast test of each
rule; the tests that publish the whole edition or load the whole dataset in a child process are `slow`.
`test_each_documented_case` runs every row of the table in docs/robustness.md.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import errno
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dashboard import __main__ as cli
from dashboard.config import ConfigError, load_config
from dashboard.data import atomic, diff, failures
from dashboard.data.encoding import NotText, decode
from dashboard.data.rows import load_table
from dashboard.data.schema import CORRECTION_REQUIRED, SOURCE_REQUIRED, CorrectionRow, SourceRow
from dashboard.escape import MAX_URL_CHARS, safe_url, url_problem
from dashboard.export import output
from dashboard.publish import MARKER, TargetRefused, check_target, is_edition, publish
from dashboard.view.article import MAX_TEXT_BYTES
from tests.conftest import GEODATA, REPO, run_cli

DOC = REPO / "docs" / "robustness.md"
F_SETPIPE_SZ = 1031  # Linux's fcntl to size a pipe's buffer

# F1: `--url javascript:…` and its variants.
REFUSED_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "//evil.example/", "ftp://example.org/", "https:evil.example",
    "https://user:pw@example.org/", "https://evil.example@example.org/", "http://",
    "https://exa mple.org/", "https:\\\\evil.example", "https://example.org:99999/",
    "https://example.org/" + "a" * MAX_URL_CHARS, "",
]
ALLOWED_URLS = ["https://example.org/kz-map/", "HTTP://Example.org/a?b=1#c", "https://example.org:8443/x/",
                "https://example.org/" + "a" * (MAX_URL_CHARS - 20)]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_an_address_outside_the_allow_list_is_refused(url: str) -> None:  # F1
    assert url_problem(url) is not None
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ALLOWED_URLS)
def test_an_http_address_passes(url: str) -> None:  # F1
    assert url_problem(url) is None
    assert safe_url(url) == url


@pytest.mark.parametrize("url", REFUSED_URLS[:-1])
def test_publish_refuses_a_bad_url_before_any_work(tmp_path: Path, url: str) -> None:  # F1
    done = run_cli("publish", "-o", str(tmp_path / "site"), "--url", url)
    assert done.returncode == 2
    assert done.stderr.startswith("publish: --url is refused: ")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()


def test_publish_itself_refuses_a_bad_url(tmp_path: Path) -> None:  # F1: the function, not only the CLI
    with pytest.raises(ValueError, match="only http"):
        publish(tmp_path / "site", None, url="javascript:alert(1)")  # type: ignore[arg-type]


def test_a_bad_edition_url_in_config_toml_is_refused_at_load(tmp_path: Path) -> None:  # F1
    config = tmp_path / "config.toml"
    config.write_text('[edition]\nurl = "javascript:alert(1)"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[edition\] url is refused: only http"):
        load_config({"DASHBOARD_CONFIG": str(config)})
    config.write_text('[edition]\nurl = "https://example.org/kz-map/"\n', encoding="utf-8")
    assert load_config({"DASHBOARD_CONFIG": str(config)}).edition_url == "https://example.org/kz-map/"


# F2, F3, F4: the edition is swapped in whole, under a lock, only into its own folder.

def _edition(folder: Path, marker: bool = True) -> Path:
    for name in ("assets", "data", "cards"):
        (folder / name).mkdir(parents=True)
    page = '<meta name="kz-data-version" content="kz-edition/1">'
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / "data" / "edition-en.0123456789ab.json").write_text("{}", encoding="utf-8")
    (folder / "data" / "edition-en.0123456789ab.json.gz").write_bytes(b"")
    (folder / "assets" / "images").mkdir()
    (folder / "assets" / "images" / "layers.png").write_bytes(b"")
    if marker:
        (folder / MARKER).write_text("kz-edition/1\n", encoding="utf-8")
    return folder


def test_a_publish_that_fails_half_way_leaves_the_old_edition(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # F2
    site = _edition(tmp_path / "site")
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    import dashboard.publish as edition

    def half(out: Path, *_args: object) -> None:
        (out / "index.html").write_text("new", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(edition, "_build", half)
    monkeypatch.setattr(edition, "_fetch_assets", lambda: None)
    monkeypatch.setattr(edition, "edition_scenes", lambda _data: None)  # the scenes play no part here
    with pytest.raises(OSError, match="No space"):
        publish(site, None)  # type: ignore[arg-type]
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert "kz-edition/1" in (site / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(atomic.TEMPORARY)] == []


def test_a_published_edition_replaces_the_old_one_whole_and_keeps_its_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # F2: no folder deleted first
    site = _edition(tmp_path / "site")
    site.chmod(0o755)
    import dashboard.publish as edition

    def build(out: Path, *_args: object) -> None:
        (out / MARKER).write_text("kz-edition/2\n", encoding="utf-8")
        (out / "index.html").write_text("new edition", encoding="utf-8")

    monkeypatch.setattr(edition, "_build", build)
    monkeypatch.setattr(edition, "_fetch_assets", lambda: None)
    monkeypatch.setattr(edition, "edition_scenes", lambda _data: None)  # the scenes play no part here
    publish(site, None)  # type: ignore[arg-type]
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "index.html"]
    assert site.stat().st_mode & 0o777 == 0o755


def test_a_second_publish_into_the_same_folder_is_refused_and_touches_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # F3
    import dashboard.publish as edition

    monkeypatch.setattr(edition, "edition_scenes", lambda _data: None)  # the scenes play no part here
    site = _edition(tmp_path / "site")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    with atomic.Lock(site), pytest.raises(atomic.Locked, match="being written by another process"):
        publish(site, None, wait=0.1)  # type: ignore[arg-type]
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_publish_replaces_only_an_empty_folder_or_a_previous_edition(tmp_path: Path) -> None:  # F4
    check_target(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    check_target(tmp_path / "empty")
    assert is_edition(_edition(tmp_path / "marked"))
    check_target(tmp_path / "marked")
    assert is_edition(_edition(tmp_path / "old", marker=False))  # published before the marker
    check_target(tmp_path / "old")
    foreign = tmp_path / "foreign"
    (foreign / "data").mkdir(parents=True)
    (foreign / "data" / "important.csv").write_text("x", encoding="utf-8")
    with pytest.raises(TargetRefused, match="not a previous edition"):
        check_target(foreign)
    check_target(foreign, force=True)
    extra = _edition(tmp_path / "extra")  # the case: files of one's own inside an edition
    (extra / "data" / "important.csv").write_text("x", encoding="utf-8")
    (extra / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(TargetRefused, match=r"assets/logo\.svg, data/important\.csv"):
        check_target(extra)
    for own in (tmp_path, tmp_path.parent, Path.home()):  # never, not even with --force
        with pytest.raises(TargetRefused, match="current folder"), contextlib.chdir(tmp_path):
            check_target(own, force=True)
    mixed = _edition(tmp_path / "mixed")
    (mixed / "logo.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(TargetRefused, match=r"logo\.svg"):
        check_target(mixed)


# F5, F6: targets that cannot be written, a full disk.

def test_a_full_disk_keeps_the_old_export_and_leaves_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # F6
    target = tmp_path / "still.png"
    target.write_bytes(b"the old image")

    def full(path: object, writer: Callable[..., None]) -> None:
        def half(handle: object) -> None:
            handle.write(b"half an ima")  # type: ignore[attr-defined]
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write_with(path, half)

    real_write_with = atomic.write_with
    monkeypatch.setattr(output, "write_file", lambda path, body: full(path, lambda h: h.write(body)))
    assert output.written("export", str(target), b"a new, longer image") == 2
    assert target.read_bytes() == b"the old image"
    assert [p.name for p in tmp_path.iterdir()] == ["still.png"]


@contextlib.contextmanager
def _tiny_disk(folder: Path) -> Iterator[Path]:
    """A 64 KB tmpfs at `folder` (root only); skips with a message where mounting is not permitted."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a 64 KB tmpfs here ({mounted.stderr.strip()}); the stubbed ENOSPC "
                    "test covers the full disk")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_really_full_disk_keeps_the_old_file(tmp_path: Path) -> None:  # F6
    with _tiny_disk(tmp_path / "disk") as disk:
        target = disk / "export.csv"
        target.write_bytes(b"id\nold\n")
        with pytest.raises(OSError) as caught:
            atomic.write_file(target, b"x" * 200_000)
        assert caught.value.errno == errno.ENOSPC
        assert target.read_bytes() == b"id\nold\n"
        assert [p.name for p in disk.iterdir()] == ["export.csv"]
        assert failures.failure_message("export", caught.value).endswith("the disk is full (no space left on "
                                                                     "device); nothing was written")


def test_a_device_is_written_to_never_replaced(tmp_path: Path) -> None:  # F5: -o /dev/full, /dev/null
    atomic.write_file("/dev/null", b"gone")
    assert Path("/dev/null").is_char_device()
    with pytest.raises(OSError) as caught:
        atomic.write_file("/dev/full", b"x")
    assert caught.value.errno == errno.ENOSPC
    assert Path("/dev/full").is_char_device()
    link = tmp_path / "link.csv"
    (tmp_path / "real.csv").write_bytes(b"old")
    link.symlink_to(tmp_path / "real.csv")
    atomic.write_file(link, b"new")
    assert link.is_symlink() and (tmp_path / "real.csv").read_bytes() == b"new"


# F7, F8: diff.

def _folder(root: Path, figures: str) -> Path:
    root.mkdir()
    for name in ("records.csv", "sources.csv"):
        shutil.copy(GEODATA / name, root / name)
    (root / "figures.csv").write_text(figures, encoding="utf-8")
    return root


def test_diff_keeps_the_first_row_of_a_duplicate_id_as_validate_does(tmp_path: Path) -> None:  # F8
    header = "id,record,metric,value,date,sources\n"
    record, source = "csto-hq-almaty", "tass-2022-01-06"
    row = f"{record},troops,{{}},2022-01-06,{source}\n"
    old = _folder(tmp_path / "old", header + "f1," + row.format(100))
    new = _folder(tmp_path / "new", header + "f1," + row.format(100) + "f1," + row.format(999))
    assert diff.load(new)["figures"]["f1"]["value"] == 100
    assert diff.diff(diff.load(old), diff.load(new))["figures"].changed == []


# F9: encodings.

PUNCTUATION = ["2–5 January “as filed”", "Price: 5 € — „about“ 2,500…", "‘quoted’ • item ™", "«mid» 2–5"]


@pytest.mark.parametrize("text", PUNCTUATION)
def test_windows_1252_with_only_punctuation_reads_as_written(text: str) -> None:  # F9
    decoded = decode(f"id,summary\nx,{text}\n".encode("cp1252"))
    assert decoded.text == f"id,summary\nx,{text}\n"
    assert decoded.encoding == "cp1252"


def test_only_the_documented_encodings_are_chosen() -> None:  # F9: no DOS code page, no detector's guess
    for text in ["Алматы, Шанырак", "Қазақстан, Өскемен", "Schangaösen – “Zitat”"]:
        for encoding in ("cp1251", "kz1048", "cp1252"):
            with contextlib.suppress(UnicodeEncodeError):
                assert decode(text.encode(encoding)).encoding in ("cp1251", "kz1048", "cp1252")


def test_a_file_no_listed_encoding_reads_is_refused_with_the_byte_offset() -> None:  # F9
    with pytest.raises(NotText, match=r"line 2 \(byte 9, 0x81"):
        decode(b"id,x\nab \x98\x81 c\n")
    assert decode(codecs.BOM_UTF8 + "ü".encode()).text == "ü"


# F10: dates within 2021-12-01 .. today.

@pytest.mark.parametrize("date", ["2099-12-31", "2021-11-30", "1970-01-01"])
def test_a_date_outside_the_window_is_a_problem(tmp_path: Path, date: str) -> None:  # F10
    path = tmp_path / "corrections.csv"
    path.write_text(f"date,table,id,summary_en,sources\n{date},sources,x,y,z\n2022-01-10,sources,x,y,z\n",
                    encoding="utf-8")
    table, problems = load_table(path, CorrectionRow, CORRECTION_REQUIRED)
    assert len(table) == 1
    assert [(p.file, p.row, p.column) for p in problems] == [("corrections.csv", 2, "date")]
    assert date in problems[0].message


def test_a_source_may_be_older_than_the_unrest_but_not_from_the_future(tmp_path: Path) -> None:  # F10
    path = tmp_path / "sources.csv"
    dates = ["2018-12-21", "1990-01-01", "2099-01-01"]
    rows = [f"s{i},P,T,,{date},en,secondary" for i, date in enumerate(dates)]
    path.write_text("id,publisher,title,url,date,language,reliability\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    table, problems = load_table(path, SourceRow, SOURCE_REQUIRED)
    assert list(table.columns["id"]) == ["s0"]
    assert [(p.row, p.column) for p in problems] == [(3, "date"), (4, "date")]


# F11, F12: honest commands.

@pytest.mark.parametrize("raised", [KeyboardInterrupt(), BrokenPipeError(errno.EPIPE, "Broken pipe"),
                                    OSError(errno.ENOSPC, "No space left on device", "out.png"),
                                    PermissionError(errno.EACCES, "Permission denied", "in.csv")])
def test_every_command_maps_an_expected_failure_to_one_line_and_exit_2(
        monkeypatch: pytest.MonkeyPatch, raised: BaseException) -> None:  # F5, F11
    def fail(_args: object) -> int:
        raise raised

    monkeypatch.setattr(cli, "_validate", fail)
    monkeypatch.setattr(failures, "silence_stdout", lambda: None)
    done = run_cli("validate", str(GEODATA))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("validate: ")
    assert "Traceback" not in done.stderr


def test_an_unexpected_error_keeps_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_validate", lambda _args: 1 // 0)
    with pytest.raises(ZeroDivisionError):
        cli.main(["validate"])


class _Counting:
    """A file whose reads are counted."""

    def __init__(self, handle: object) -> None:
        self.handle, self.sizes = handle, []

    def read(self, size: int = -1) -> bytes:
        self.sizes.append(size)
        return self.handle.read(size)  # type: ignore[attr-defined]

    def __enter__(self) -> _Counting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/dev/zero", "big"])
def test_geoparse_refuses_an_oversized_input_after_a_bounded_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str) -> None:  # F12
    if path == "big":
        path = str(tmp_path / "big.txt")
        Path(path).write_bytes(b"word " * (MAX_TEXT_BYTES // 4))
    opened: list[_Counting] = []
    real_open = open

    def counting_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        handle = real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]
        if str(file) == path:
            opened.append(_Counting(handle))
            return opened[-1]
        return handle

    monkeypatch.setattr("builtins.open", counting_open)
    done = run_cli("geoparse", path)
    assert done.returncode == 2
    assert "longer than the limit of 200,000 characters" in done.stderr
    assert [c.sizes for c in opened] == [[MAX_TEXT_BYTES + 1]]


# The table of docs/robustness.md, row by row.

def _table() -> dict[str, tuple[str, int]]:
    """case -> (message pattern, exit status), from the table of docs/robustness.md."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 4 and re.fullmatch(r"[a-z0-9-]+", cells[0]) and cells[3].isdigit():
            rows[cells[0]] = (cells[2].strip("`"), int(cells[3]))
    return rows


def _pattern(message: str) -> re.Pattern[str]:
    return re.compile(".*".join(map(re.escape, message.split("…"))))


def _foreign(tmp: Path) -> list[str]:
    (tmp / "site" / "assets").mkdir(parents=True)
    (tmp / "site" / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (tmp / "site" / "important.csv").write_text("x", encoding="utf-8")
    return ["publish", "-o", str(tmp / "site")]


def _file(tmp: Path) -> list[str]:
    (tmp / "site").write_text("a file", encoding="utf-8")
    return ["publish", "-o", str(tmp / "site")]


def _undecodable(tmp: Path) -> list[str]:
    (tmp / "article.txt").write_bytes(b"abc \x98\x81 d\n")
    return ["geoparse", str(tmp / "article.txt")]


def _config_url(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    (tmp / "config.toml").write_text('[edition]\nurl = "javascript:alert(1)"\n', encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp / "config.toml"))
    return ["validate"]


def _interrupted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_validate", interrupted)
    return ["validate"]


def _missing(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp)
    return ["geoparse", "missing.txt"]


QUICK: dict[str, Callable[[Path, pytest.MonkeyPatch], list[str]]] = {
    "url-script": lambda t, _m: ["publish", "-o", str(t / "s"), "--url", "javascript:alert(1)"],
    "url-whitespace": lambda t, _m: ["publish", "-o", str(t / "s"), "--url", "java\tscript:alert(1)"],
    "url-credentials": lambda t, _m: ["publish", "-o", str(t / "s"), "--url",
                                      "https://user:pw@example.org/"],
    "url-long": lambda t, _m: ["publish", "-o", str(t / "s"), "--url", "https://example.org/" + "a" * 2000],
    "config-url": _config_url,
    "output-empty": lambda _t, _m: ["publish", "-o", ""],
    "output-file": lambda t, _m: _file(t),
    "output-foreign": lambda t, _m: _foreign(t),
    "output-own": lambda _t, _m: ["publish", "-o", ".", "--force"],
    "output-unwritable": lambda _t, _m: ["publish", "-o", "/proc/site"],
    "interrupted": lambda _t, m: _interrupted(m),
    "geoparse-zero": lambda _t, _m: ["geoparse", "/dev/zero"],
    "geoparse-missing": _missing,
    "geoparse-undecodable": lambda t, _m: _undecodable(t),
}
# Cases that load the whole dataset or the gazetteer, or need a real pipe: run in `slow` tests below.
SLOW = {"publish-locked", "disk-full", "broken-pipe", "diff-binary", "diff-folder", "diff-date",
        "future-date", "source-url"}


def test_the_table_lists_exactly_the_cases_tested() -> None:
    assert set(_table()) == set(QUICK) | SLOW


@pytest.mark.parametrize("case", sorted(QUICK))
def test_each_documented_case(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message, status = _table()[case]
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("DASHBOARD_CONFIG", str(REPO / "config.toml"))
    argv = QUICK[case](tmp_path, monkeypatch)
    done = run_cli(*argv)
    assert done.returncode == status, done.stderr
    assert _pattern(message).fullmatch(done.stderr.strip()), (message, done.stderr)
    assert "Traceback" not in done.stderr


# Slow: whole commands in child processes, killed at the edition's checkpoints.

def _python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=REPO, check=False,
                          timeout=600)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(SLOW - {"publish-locked", "broken-pipe"}))
def test_each_documented_slow_case(case: str, tmp_path: Path) -> None:  # F6, F7, F10
    message, status = _table()[case]
    old, new = tmp_path / "OLD", tmp_path / "NEW"
    for folder in (old, new):
        folder.mkdir()
        for path in GEODATA.glob("*.csv"):
            shutil.copy(path, folder / path.name)
    if case == "diff-binary":
        (new / "figures.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    elif case == "diff-folder":
        (new / "figures.csv").unlink()
        (new / "figures.csv").mkdir()
    elif case == "diff-date":
        lines = (new / "records.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        header = lines[0].rstrip("\n").split(",")
        cells = lines[1].rstrip("\n").split(",")
        cells[header.index("start")] = "2022-13-45"
        lines[1] = ",".join(cells) + "\n"
        (new / "records.csv").write_text("".join(lines), encoding="utf-8")
    elif case == "future-date":
        text = (new / "corrections.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        text[1] = "2099-12-31" + text[1][10:]
        (new / "corrections.csv").write_text("".join(text), encoding="utf-8")
    elif case == "source-url":
        with (new / "sources.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        rows[0]["url"] = "javascript:alert(1)"
        with (new / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    argv = {"disk-full": ["export", "-o", "/dev/full", "--format", "csv"],
            "future-date": ["validate", str(new)],
            "source-url": ["validate", str(new)]}.get(case, ["diff", str(old), str(new)])
    done = _python("-m", "dashboard", *argv)
    assert done.returncode == status, done.stderr
    last = done.stderr.strip().splitlines()[-1].replace(str(new), "NEW")
    assert _pattern(message).fullmatch(last), (message, done.stderr)
    assert "Traceback" not in done.stderr
    if case == "source-url":
        assert done.stdout.startswith("sources.csv:2:url: shown as text, not as a link: only http")
    if case.startswith("diff"):  # each problem as validate prints it, after the folder's name
        problems = _python("-m", "dashboard", "validate", str(new)).stdout.splitlines()
        assert [f"{new}: {p}" for p in problems] == done.stderr.strip().splitlines()[:-1]


@pytest.mark.slow
def test_a_broken_pipe_is_one_line(tmp_path: Path) -> None:  # F11: `diff … | head -1`
    empty = tmp_path / "empty"
    empty.mkdir()
    for name in ("records.csv", "sources.csv"):
        header = (GEODATA / name).read_text(encoding="utf-8").splitlines()[0]
        (empty / name).write_text(header + "\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "diff", str(empty), str(GEODATA)],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    fcntl.fcntl(process.stdout.fileno(), F_SETPIPE_SZ, 4096)  # the diff's 10 KB do not fit at once
    process.stdout.readline()
    process.stdout.close()  # as `head -1` does
    err = process.stderr.read().decode()
    assert process.wait(timeout=300) == 2
    assert err.strip().splitlines()[-1] == _table()["broken-pipe"][0]
    assert "Traceback" not in err


CHILD = textwrap.dedent("""
    import os, signal, sys
    from dashboard.data import atomic
    step, sig = sys.argv[1], getattr(signal, sys.argv[2])
    # Ctrl-C as in a terminal, even when the tests were started in the background (which ignores SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    def checkpoint(name):
        if name == step:
            os.kill(os.getpid(), sig)
    atomic.checkpoint = checkpoint
    from dashboard.__main__ import main
    sys.exit(main(sys.argv[3:]))
""")


def _named(folder: Path) -> set[str]:
    """Every file of the edition that its page and its data name (paths relative to the folder)."""
    page = (folder / "index.html").read_text(encoding="utf-8")
    named = set(re.findall(r'(?:src|href|content)="((?:assets|data|cards)/[^"]+)"', page))
    for path in [n for n in named if n.startswith("data/edition-")]:
        text = (folder / path).read_text(encoding="utf-8")
        named |= set(re.findall(r'"((?:assets|data|cards)/[^"]+)"', text))
    return named


def _served_whole(folder: Path) -> str:
    """The edition in `folder` is whole (every file named exists); its index.html."""
    assert (folder / MARKER).is_file() or "kz-edition/" in (folder / "index.html").read_text(encoding="utf-8")
    named = _named(folder)
    assert any(n.startswith("data/edition-") for n in named)
    missing = sorted(n for n in named if not (folder / n).is_file())
    assert not missing, missing
    english = next(folder / n for n in named if n.startswith("data/edition-en"))
    json.loads(english.read_text(encoding="utf-8"))
    return (folder / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def first_edition(tmp_path_factory: pytest.TempPathFactory, map_assets: None) -> Path:
    """Two publishes at once into one new folder (F3): one publishes, the other waits and is refused
    with a clear message (or, if it got the lock after the first, publishes too); never a traceback."""
    site = tmp_path_factory.mktemp("twice") / "site"
    command = [sys.executable, "-m", "dashboard", "publish", "-o", str(site), "--url", "https://example.org/a/",
               "--wait", "1"]
    runs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]  # type: ignore[union-attr]
    assert sorted(code for code, _ in results)[0] == 0, results
    for code, err in results:
        assert "Traceback" not in err
        if code:
            assert code == 2 and "is being written by another process; try again when it has finished" in err
    _served_whole(site)
    assert not [p for p in site.parent.iterdir() if p.name.startswith(atomic.TEMPORARY)]
    return site


@pytest.mark.slow
@pytest.mark.parametrize(("step", "sig"), [("edition-begun", "SIGKILL"), ("edition-data", "SIGINT"),
                                           ("before-swap", "SIGKILL"), ("after-swap", "SIGINT")])
def test_publish_killed_at_any_point_serves_one_whole_edition(first_edition: Path, tmp_path: Path,
                                                              step: str, sig: str) -> None:  # F2, F11
    site = tmp_path / "site"
    shutil.copytree(first_edition, site)
    old = (site / "index.html").read_text(encoding="utf-8")
    done = _python("-c", CHILD, step, sig, "publish", "-o", str(site), "--url", "https://example.org/b/")
    served = _served_whole(site)
    assert served == old or "https://example.org/b/" in served
    if sig == "SIGINT":
        assert done.returncode == 2
        assert done.stderr.strip().splitlines()[-1] == "publish: interrupted; no file was left half-written"
        assert "Traceback" not in done.stderr
    else:
        assert done.returncode == -signal.SIGKILL
    if step == "after-swap":
        assert "https://example.org/b/" in served
    else:
        assert served == old
    if step == "before-swap":  # the next publish clears what the killed one left beside the folder
        done = run_cli("publish", "-o", str(site), "--url", "https://example.org/c/")
        assert done.returncode == 0, done.stderr
        assert "https://example.org/c/" in _served_whole(site)
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(atomic.TEMPORARY)]


@pytest.mark.slow
@pytest.mark.parametrize("sig", ["SIGKILL", "SIGINT"])
def test_export_killed_before_its_rename_keeps_the_old_file(tmp_path: Path, sig: str) -> None:  # F6, F11
    target = tmp_path / "view.csv"
    target.write_bytes(b"the old export\n")
    done = _python("-c", CHILD, "before-rename", sig, "export", "-o", str(target))
    assert target.read_bytes() == b"the old export\n"
    if sig == "SIGINT":
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert done.stderr.strip().splitlines()[-1] == "export: interrupted; no file was left half-written"
        assert [p.name for p in tmp_path.iterdir()] == ["view.csv"]


@pytest.mark.slow
def test_export_onto_a_full_disk_keeps_the_old_file(tmp_path: Path) -> None:  # F6
    with _tiny_disk(tmp_path / "disk") as disk:
        target = disk / "view.csv"
        target.write_bytes(b"the old export\n")
        done = _python("-m", "dashboard", "export", "-o", str(target))
        assert done.returncode == 2
        assert done.stderr.strip().splitlines()[-1] == (
            f"export: cannot write {target}: the disk is full (no space left on device); nothing was written")
        assert target.read_bytes() == b"the old export\n"
        assert [p.name for p in disk.iterdir()] == ["view.csv"]


@pytest.mark.slow
def test_a_publish_waiting_for_another_is_refused_in_one_line(first_edition: Path) -> None:  # F3
    message, status = _table()["publish-locked"]
    holder = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with atomic.Lock(first_edition):
            holder.set()
            release.wait(timeout=300)

    thread = threading.Thread(target=hold)
    thread.start()
    holder.wait(timeout=10)
    try:
        done = _python("-m", "dashboard", "publish", "-o", str(first_edition), "--wait", "0")
    finally:
        release.set()
        thread.join()
    assert done.returncode == status
    assert _pattern(message).fullmatch(done.stderr.strip().splitlines()[-1]), done.stderr
    _served_whole(first_edition)
