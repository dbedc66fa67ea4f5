"""The editors' desk on the command line: `show`, `edit`, `add`, `history`, `revert`, `approve`
(docs/desk.md). Each handler is a plain function of the parsed arguments that returns the exit status:
0 saved (or kept as a proposal), 1 refused by validation (every problem on its own line of standard
output, `FILE:ROW:COLUMN: message`), 2 a conflict or unreadable input."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from dashboard.config import load_config
from dashboard.data.sheet import EDITED


def data_dir(args: argparse.Namespace) -> Path:
    """The data folder a desk command works on: `--data`, else the configured one."""
    return Path(args.data) if getattr(args, "data", None) else load_config().data_dir


def compared(args: argparse.Namespace,
             check: Callable[[str, Path], None] | None = None) -> tuple[dict, dict]:
    """The two sides `diff` compares, as `dashboard.data.diff.load` gives them: two folders, or (with
    `--data`, or when an argument is no folder) two saves of the data folder (`ID`, or `ID^` for the
    folder before that save). `check(given, folder)` sees each side's folder before it is loaded (the
    command reports its problems as `validate` does). `Unreadable` or `LookupError` when a side cannot
    be had."""
    from dashboard.data import diff
    from dashboard.geo.changeset import save_folder

    sides = []
    with tempfile.TemporaryDirectory(prefix="diff-") as scratch:
        for side, given in (("old", args.old), ("new", args.new)):
            if args.data is None and Path(given).is_dir():
                folder = Path(given)
            else:
                folder = save_folder(data_dir(args), given, Path(scratch) / side)
            if check is not None:
                check(given, folder)
            sides.append(diff.load(folder))
    return sides[0], sides[1]


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1, default=str))


def _show(args: argparse.Namespace) -> int:
    from dashboard.geo.changeset import show

    folder = data_dir(args)
    if not folder.is_dir():
        print(f"show: {folder} is not a folder", file=sys.stderr)
        return 2
    try:
        _print_json(show(folder, args.table, args.id))
    except LookupError as err:
        print(f"show: {err.args[0]}", file=sys.stderr)
        return 2
    return 0


def _fields(command: str, pairs: list[str]) -> dict[str, str] | None:
    """FIELD=VALUE arguments as a dict, or None after saying which one has no `=`."""
    fields = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            print(f"{command}: {pair!r} is not FIELD=VALUE", file=sys.stderr)
            return None
        fields[name.strip()] = value
    return fields


def _saved(command: str, result: object) -> int:
    """Report a desk result: 0 saved or proposed, 1 refused by validation, 2 a conflict."""
    from dashboard.geo.changeset import Conflicted, Proposed, Refused

    if isinstance(result, Refused):
        for problem in result.problems:
            print(problem)
        print(f"{command}: refused, nothing was written: {len(result.problems)} problem(s), listed on "
              "standard output", file=sys.stderr)
        return 1
    if isinstance(result, Conflicted):
        _print_json({"conflicts": [vars(c) for c in result.conflicts]})
        for c in result.conflicts:
            print(f"{command}: {c.table} {c.id} is at version {c.current}, not {c.expected}: it changed "
                  "since; nothing was written", file=sys.stderr)
        return 2
    if isinstance(result, Proposed):
        _print_json({"proposal": result.proposal_id, "rows": [
            {"table": t, "id": i, "version": v} for (t, i), v in result.plan.versions.items()]})
        print(f"{command}: kept as proposal {result.proposal_id}; it shows once another editor approves it",
              file=sys.stderr)
        return 0
    _print_json({"save": result.save_id,  # type: ignore[attr-defined]
                 "rows": [{"table": t, "id": i, "version": v}
                          for (t, i), v in result.versions.items()]})  # type: ignore[attr-defined]
    return 0


def _desk_run(command: str, args: argparse.Namespace, action: Callable[[Path], object]) -> int:
    """Run a desk action on the data folder, with the folder's problems and a held lock reported as 2."""
    from dashboard.data.atomic import Locked

    folder = data_dir(args)
    if not folder.is_dir():
        print(f"{command}: {folder} is not a folder", file=sys.stderr)
        return 2
    try:
        result = action(folder)
    except Locked as err:
        print(f"{command}: {err}", file=sys.stderr)
        return 2
    except LookupError as err:
        print(f"{command}: {err.args[0]}", file=sys.stderr)
        return 2
    return _saved(command, result)


def _edit(args: argparse.Namespace) -> int:
    from dashboard.geo.changeset import Change, Edit, save, show

    fields = _fields("edit", args.fields)
    if fields is None:
        return 2
    if (args.correction_en is None) != (args.correction_de is None):
        print("edit: give --correction-en and --correction-de together", file=sys.stderr)
        return 2
    change = Change([Edit(args.table, args.id, fields, args.expect)], [], args.editor, args.reason,
                    args.correction_en, args.correction_de)

    def edit(folder: Path) -> object:
        if args.expect is None:
            show(folder, args.table, args.id)  # no such row: LookupError, unreadable input (with --expect
            # a row gone since is a conflict)
        return save(folder, change, review=load_config().desk_review)

    return _desk_run("edit", args, edit)


def _add(args: argparse.Namespace) -> int:
    from dashboard.geo.changeset import Addition, Change, save

    fields = _fields("add", args.fields)
    if fields is None:
        return 2
    change = Change([], [Addition(args.table, fields)], args.editor, args.reason)
    return _desk_run("add", args, lambda folder: save(folder, change, review=load_config().desk_review))


def _revert(args: argparse.Namespace) -> int:
    from dashboard.geo.changeset import revert

    return _desk_run("revert", args, lambda folder: revert(folder, args.save, args.editor, args.reason))


def _approve(args: argparse.Namespace) -> int:
    from dashboard.geo.changeset import approve

    return _desk_run("approve", args, lambda folder: approve(folder, args.proposal, args.editor))


def _history(args: argparse.Namespace) -> int:
    from dashboard.geo.changeset import proposals, saves

    folder = data_dir(args)
    if not folder.is_dir():
        print(f"history: {folder} is not a folder", file=sys.stderr)
        return 2
    listed = proposals(folder) if args.proposals else saves(folder)
    if args.format == "json":
        _print_json(listed)
        return 0
    for entry in listed:
        touched = ", ".join(f"{r['table']}:{r['id']}" for r in entry["rows"])  # type: ignore[attr-defined]
        who = entry.get("editor") or entry.get("author")
        kind = "" if entry.get("kind", "save") == "save" else f" [{entry['kind']}]"
        print(f"{entry['id']}  {entry['time']}  {who}{kind}  {touched}  {entry['reason']}")
    return 0


def add_desk_commands(commands: argparse._SubParsersAction) -> None:
    """The editors' desk on the command line (docs/desk.md)."""
    data_help = "the data folder (default: the configured one)"
    shown = commands.add_parser("show", help="print a row of a table as JSON, with its version")
    shown.add_argument("table", choices=EDITED)
    shown.add_argument("id")
    shown.add_argument("--data", metavar="DIR", help=data_help)
    shown.set_defaults(run=_show)

    edit = commands.add_parser("edit", help="change cells of a row: validated, logged, all or nothing")
    edit.add_argument("table", choices=EDITED)
    edit.add_argument("id")
    edit.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    edit.add_argument("--expect", metavar="VERSION",
                      help="the version the change is made against (from `show`): a row changed since is "
                           "refused as a conflict (exit 2)")
    edit.add_argument("--correction-en", metavar="TEXT",
                      help="the correction's text in English (default: drafted)")
    edit.add_argument("--correction-de", metavar="TEXT",
                      help="the correction's text in German (default: drafted)")
    add = commands.add_parser("add", help="add a row (its id made by the id rules when not given)")
    add.add_argument("table", choices=EDITED)
    add.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    undo = commands.add_parser("revert", help="put back the rows a save touched (itself a logged save)")
    undo.add_argument("save", help="the save's id (see `history`)")
    approval = commands.add_parser("approve", help="save a proposal waiting for review ([desk] review)")
    approval.add_argument("proposal", help="the proposal's id (see `history --proposals`)")
    for parser, run in ((edit, _edit), (add, _add), (undo, _revert), (approval, _approve)):
        parser.add_argument("--editor", required=True, metavar="NAME",
                            help="who makes the change (logged in updates.csv)")
        if parser is not approval:
            parser.add_argument("--reason", required=True, metavar="TEXT",
                                help="why (kept in the history and updates.csv)")
        parser.add_argument("--data", metavar="DIR", help=data_help)
        parser.set_defaults(run=run)

    log = commands.add_parser("history", help="list the saves of the data folder, oldest first")
    log.add_argument("--proposals", action="store_true", help="list the proposals waiting for review instead")
    log.add_argument("--format", choices=("text", "json"), default="text")
    log.add_argument("--data", metavar="DIR", help=data_help)
    log.set_defaults(run=_history)
