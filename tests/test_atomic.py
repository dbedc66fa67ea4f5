"""The one file writer: whole files or none, folders swapped whole, commits of several files all or none,
even when the writer is killed (SIGKILL) at each point between two writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from dashboard.data import atomic

OLD = {"a.csv": b"id\nold-a\n", "b.csv": b"id\nold-b\n", "c.csv": b"id\nold-c\n"}
NEW = {"a.csv": b"id\nnew-a\n", "b.csv": b"id\nnew-b\n", "c.csv": b"id\nnew-c\n"}


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_bytes(body)
    return folder


def _contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.name in OLD}


def test_write_file_replaces_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic.write_file(target, "neu ü")
    assert target.read_text(encoding="utf-8") == "neu ü"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "still.png"
    target.write_bytes(b"the old image")

    def half(handle) -> None:
        handle.write(b"half of a new ima")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        atomic.write_with(target, half)
    assert target.read_bytes() == b"the old image"
    assert [p.name for p in tmp_path.iterdir()] == ["still.png"]


def test_commit_writes_every_file_and_leaves_nothing_beside_them(tmp_path: Path) -> None:
    folder = _folder(tmp_path, OLD)
    atomic.commit(folder, NEW)
    assert _contents(folder) == NEW
    assert not list(folder.glob(f"{atomic.TEMPORARY}*"))
    assert not (folder / atomic.JOURNAL).exists()


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    folder = _folder(tmp_path, OLD)
    with atomic.folder_lock(folder), pytest.raises(atomic.Locked):
        atomic.commit(folder, NEW, timeout=0.2)
    assert _contents(folder) == OLD


def test_concurrent_commits_to_different_files_both_land(tmp_path: Path) -> None:
    folder = _folder(tmp_path, OLD)
    threads = [threading.Thread(target=atomic.commit, args=(folder, {name: NEW[name]}))
               for name in ("a.csv", "b.csv")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _contents(folder) == {"a.csv": NEW["a.csv"], "b.csv": NEW["b.csv"], "c.csv": OLD["c.csv"]}


CHILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from dashboard.data import atomic

    step, folder, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    seen = []

    def checkpoint(name):
        seen.append(name)
        if name == step:
            os.kill(os.getpid(), signal.SIGKILL)

    atomic.checkpoint = checkpoint
    if mode == "commit":
        atomic.commit(folder, {n: f"id\\nnew-{n[0]}\\n".encode() for n in ("a.csv", "b.csv", "c.csv")})
    else:
        def build(staging):
            for n in ("a.csv", "b.csv", "c.csv"):
                (staging / n).write_bytes(f"id\\nnew-{n[0]}\\n".encode())
        atomic.swap_folder(folder, build)
    print("finished", ",".join(seen))
""")


def _killed_at(step: str, folder: Path, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, step, str(folder), mode], capture_output=True,
                          text=True, timeout=60, cwd=Path(__file__).parent.parent, check=False)


@pytest.mark.parametrize(("step", "expected"), [
    ("after-temporary", OLD),  # one table written aside, the commit not yet counted
    ("before-journal", OLD),
    ("before-rename", OLD),  # the journal itself written aside, not yet renamed into place
    ("after-journal", NEW),  # the journal counts: recovery finishes the renames
    ("mid-rename", NEW),  # one table renamed, two not
])
def test_a_commit_killed_at_any_point_is_wholly_old_or_wholly_new(tmp_path: Path, step: str,
                                                                 expected: dict[str, bytes]) -> None:
    folder = _folder(tmp_path, OLD)
    result = _killed_at(step, folder, "commit")
    assert result.returncode == -signal.SIGKILL, result.stderr
    if step == "mid-rename":  # the crash really left the folder half-renamed before recovery
        assert _contents(folder) not in (OLD, NEW)
    atomic.recover(folder)
    assert _contents(folder) == expected
    assert not list(folder.glob(f"{atomic.TEMPORARY}*"))
    assert not (folder / atomic.JOURNAL).exists()


def test_a_commit_not_killed_reaches_every_checkpoint(tmp_path: Path) -> None:
    folder = _folder(tmp_path, OLD)
    result = _killed_at("none", folder, "commit")
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()[1].split(",")) == {"after-temporary", "before-journal", "before-rename",
                                                         "after-journal", "mid-rename"}
    assert _contents(folder) == NEW


def test_swap_folder_killed_before_the_swap_leaves_the_old_folder_served(tmp_path: Path) -> None:
    folder = _folder(tmp_path, OLD)
    result = _killed_at("before-swap", folder, "swap")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert _contents(folder) == OLD
    assert len(list(tmp_path.glob(f"{atomic.TEMPORARY}*"))) == 1  # the unfinished build, beside it
    result = _killed_at("none", folder, "swap")  # the next writer clears it and swaps
    assert result.returncode == 0, result.stderr
    assert _contents(folder) == NEW
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["data"]


def test_swap_folder_removes_the_old_version_only_after_the_swap(tmp_path: Path) -> None:
    folder = _folder(tmp_path, OLD)
    (folder / "unrelated.txt").write_text("kept?")
    seen: list[bool] = []

    def build(staging: Path) -> None:
        seen.append((folder / "a.csv").read_bytes() == OLD["a.csv"])  # still served while building
        (staging / "a.csv").write_bytes(NEW["a.csv"])

    atomic.swap_folder(folder, build)
    assert seen == [True]
    assert sorted(os.listdir(folder)) == ["a.csv"]
    assert (folder / "a.csv").read_bytes() == NEW["a.csv"]


def test_a_failed_build_leaves_the_old_folder_and_no_staging(tmp_path: Path) -> None:
    folder = _folder(tmp_path, OLD)

    def build(staging: Path) -> None:
        (staging / "a.csv").write_bytes(b"partial")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic.swap_folder(folder, build)
    assert _contents(folder) == OLD
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["data"]
