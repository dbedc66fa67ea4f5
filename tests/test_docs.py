"""The reference pages cannot drift from the code: docs/command-line.md gives a synopsis and a section of
every subcommand and option the command line's parser knows (a new one fails here until it is
documented), and docs/configuration.md names every key that config.toml holds and dashboard/config.py
reads."""

from __future__ import annotations

import argparse
import ast
import re
import tomllib

from dashboard.__main__ import build_parser
from tests.conftest import REPO

COMMAND_LINE = REPO / "docs" / "command-line.md"
CONFIGURATION = REPO / "docs" / "configuration.md"
PROGRAM = "uv run python -m dashboard"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Each subcommand's parser, by name, as `--help` lists them."""
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(commands.choices)


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """What a parser's `--help` lists, but `--help` itself."""
    return [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]


def _synopsis(text: str) -> dict[str, str]:
    """The page's synopsis: each subcommand's line in its first code block, by subcommand."""
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "docs/command-line.md opens with a synopsis in a ```sh block"
    lines = [line for line in block.group(1).splitlines() if line.startswith(PROGRAM + " ")]
    return {line.split()[5]: line for line in lines}


def test_the_command_line_page_describes_every_subcommand_and_option() -> None:
    text = COMMAND_LINE.read_text(encoding="utf-8")
    synopsis = _synopsis(text)
    commands = _subcommands(build_parser())
    missing: list[str] = []
    for name, parser in commands.items():
        if name not in synopsis:
            missing.append(f"{name}: no line in the synopsis")
            continue
        if not re.search(rf"^##+ `{re.escape(name)}`", text, re.M):
            missing.append(f"{name}: no section (a heading `## `{name}``)")
        words = set(re.findall(r"[\w.-]+", synopsis[name]))
        for action in _options(parser):
            if action.option_strings and not set(action.option_strings) & words:
                missing.append(f"{name} {'/'.join(action.option_strings)}: not in the synopsis")
            if not action.option_strings and action.metavar is None and action.dest.upper() not in words:
                missing.append(f"{name} {action.dest.upper()}: not in the synopsis")
            for choice in action.choices or ():
                if str(choice) not in words:
                    named = "/".join(action.option_strings) or action.dest
                    missing.append(f"{name} {named} {choice}: not in the synopsis")
    assert not missing, "docs/command-line.md is behind the command line:\n" + "\n".join(missing)
    assert set(synopsis) <= set(commands), f"documented but not a subcommand: {set(synopsis) - set(commands)}"


def _keys_read() -> set[tuple[str, str]]:
    """The (table, key) pairs dashboard/config.py reads: `settings.get(TABLE, …)` and, on a table read
    so, `<table>.get(KEY, …)` (or `settings.get(TABLE, {}).get(KEY, …)`)."""
    tree = ast.parse((REPO / "dashboard" / "config.py").read_text(encoding="utf-8"))
    tables: dict[str, str] = {}  # a local name -> the table it holds
    read: set[tuple[str, str]] = set()

    def table_of(node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return tables.get(node.id)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "settings"
                and isinstance(node.args[0], ast.Constant)):
            return node.args[0].value
        return None

    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and (table := table_of(node.value)) is not None):
            tables[node.targets[0].id] = table
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                and node.args and isinstance(node.args[0], ast.Constant)
                and (table := table_of(node.func.value)) is not None):
            read.add((table, node.args[0].value))
    return read


def test_the_configuration_page_names_every_key_config_toml_reads() -> None:
    read = _keys_read()
    assert {("data", "dir"), ("data", "licence"), ("edition", "url")} <= read  # the reading is found
    settings = tomllib.loads((REPO / "config.toml").read_text(encoding="utf-8"))
    written = {(table, key) for table, keys in settings.items() for key in keys}
    assert read <= written, f"config.toml lacks keys the code reads: {read - written}"
    text = CONFIGURATION.read_text(encoding="utf-8")
    named = sorted(read | written)
    missing = [f"[{table}] {key}" for table, key in named if f"`[{table}] {key}`" not in text]
    assert not missing, f"docs/configuration.md does not name: {missing}"
