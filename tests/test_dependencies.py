"""Every package the code imports is declared in pyproject.toml, so that a clean install has it.

The code's imports are read from its syntax trees (every `import`, wherever it stands), the standard
library and the project's own packages left out, and each imported name is mapped to the distribution
that installs it (`importlib.metadata.packages_distributions`). A package that works only because another
one happens to pull it in is named, with the file that imports it.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Iterable
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
OWN = {"dashboard", "tests", "bench"}  # the project's own top-level packages


def imported_modules(folders: Iterable[Path]) -> dict[str, set[str]]:
    """Each top-level module imported by the Python files under `folders`, with the files importing it
    (relative to the repository); standard library and the project's own packages excluded."""
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in OWN:
                        found.setdefault(top, set()).add(path.relative_to(folder.parent).as_posix())
    return found


def declared(*groups: str) -> set[str]:
    """The canonical names of the distributions pyproject.toml declares: `project` for the package's
    dependencies, any other name for that dependency group."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    names: set[str] = set()
    for group in groups:
        if group == "project":
            requirements = pyproject["project"]["dependencies"]
        else:
            requirements = pyproject["dependency-groups"][group]
        names |= {canonicalize_name(Requirement(r).name) for r in requirements if isinstance(r, str)}
    return names


def undeclared(modules: dict[str, set[str]], names: set[str]) -> list[str]:
    """One line for each imported module that no declared distribution provides."""
    providers = packages_distributions()
    problems = []
    for module, files in sorted(modules.items()):
        where = ", ".join(sorted(files))
        distributions = providers.get(module)
        if not distributions:
            problems.append(f"{module} (imported in {where}): no installed distribution provides it")
        elif not {canonicalize_name(d) for d in distributions} & names:
            problems.append(f"{module} (imported in {where}): install it as {' or '.join(distributions)}, "
                            "which pyproject.toml does not declare")
    return problems


def test_the_dashboard_declares_every_package_it_imports() -> None:
    """`dashboard/` needs only what `[project] dependencies` installs."""
    problems = undeclared(imported_modules([REPO / "dashboard"]), declared("project"))
    assert not problems, "undeclared imports:\n" + "\n".join(problems)


@pytest.mark.slow  # over a second of the quick tier
def test_tests_and_bench_declare_every_package_they_import() -> None:
    """The tests and the benchmarks need only the dependencies and the `dev` group."""
    modules = imported_modules([REPO / "tests", REPO / "bench"])
    problems = undeclared(modules, declared("project", "dev"))
    assert not problems, "undeclared imports:\n" + "\n".join(problems)


def test_the_scan_names_an_undeclared_import(tmp_path: Path) -> None:
    """The scan sees imports anywhere in a file and names those not declared (or not installed)."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text(
        "import os\nfrom . import sibling\nfrom dashboard import config\n"
        "def f():\n    import jinja2.sandbox\n    from markupsafe import Markup\n"
        "try:\n    import no_such_module_anywhere\nexcept ImportError:\n    pass\n",
        encoding="utf-8")
    modules = imported_modules([package])
    assert set(modules) == {"jinja2", "markupsafe", "no_such_module_anywhere"}
    problems = undeclared(modules, {"jinja2"})
    assert len(problems) == 2
    assert problems[0].startswith("markupsafe (imported in pkg/mod.py): install it as MarkupSafe")
    assert problems[1] == ("no_such_module_anywhere (imported in pkg/mod.py): "
                           "no installed distribution provides it")
