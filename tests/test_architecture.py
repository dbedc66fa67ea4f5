"""The package's shape: layers that import downwards only, a small top level, no overlong module."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "dashboard"
LINT_IMPORTS = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                "sys.exit(lint_imports_command())"]


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the `dashboard` package found in `root`, with the repository's contract."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([*LINT_IMPORTS, "--config", str(REPO / "pyproject.toml"), "--no-cache"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_the_layers_contract_is_kept() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_the_contract_breaks_when_a_lower_layer_imports_a_higher_one(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "dashboard", ignore=shutil.ignore_patterns("static", "__pycache__"))
    problems = tmp_path / "dashboard" / "data" / "problems.py"
    problems.write_text(problems.read_text() + "\nfrom dashboard.screens import shared  # noqa\n")
    done = _lint_imports(tmp_path)
    assert done.returncode != 0
    assert "BROKEN" in done.stdout and "dashboard.data.problems -> dashboard.screens.shared" in done.stdout


FRONT_ENDS_CONTRACT = "The front ends reach the view and the map only through the scene"


def _linted_with(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """import-linter over a copy of the package where `module` (a path under dashboard/) adds `line`."""
    shutil.copytree(PACKAGE, tmp_path / "dashboard", ignore=shutil.ignore_patterns("static", "__pycache__"))
    source = tmp_path / "dashboard" / module
    source.write_text(source.read_text() + f"\n{line}  # noqa\n")
    return _lint_imports(tmp_path)


def test_the_scene_contract_breaks_when_a_screen_imports_the_view_past_the_scene(tmp_path: Path) -> None:
    done = _linted_with(tmp_path, "screens/sharing.py", "from dashboard.view.selection import Selection")
    assert done.returncode != 0
    assert f"{FRONT_ENDS_CONTRACT} BROKEN" in done.stdout
    assert "dashboard.screens.sharing -> dashboard.view.selection" in done.stdout
    assert "Layers import downwards only KEPT" in done.stdout  # a higher layer may: only the door breaks


def test_the_scene_contract_breaks_when_the_edition_imports_the_map_past_the_scene(tmp_path: Path) -> None:
    done = _linted_with(tmp_path, "publish/card.py", "from dashboard.map.styles import SCHEMES")
    assert done.returncode != 0
    assert f"{FRONT_ENDS_CONTRACT} BROKEN" in done.stdout
    assert "dashboard.publish.card -> dashboard.map.styles" in done.stdout


def test_the_scene_contract_breaks_when_an_export_imports_the_view_past_the_scene(tmp_path: Path) -> None:
    done = _linted_with(tmp_path, "export/still.py", "from dashboard.view.selection import select")
    assert done.returncode != 0
    assert f"{FRONT_ENDS_CONTRACT} BROKEN" in done.stdout
    assert "dashboard.export.still -> dashboard.view.selection" in done.stdout


def test_a_small_top_level_over_subpackages_and_no_module_over_300_lines() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    subpackages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    # __init__, __main__ (the command line), app (the server), site (the pages), config, vocabulary, escape
    assert len(modules) <= 7, modules
    assert len(subpackages) >= 4, subpackages
    long = {str(p.relative_to(REPO)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}


FRONT_ENDS = ("export", "publish", "screens")


def dataset_paths(source: str, name: str) -> list[str]:
    """Where a front-end module's functions take the loaded dataset (a parameter annotated `Dataset`),
    as `name:function`, and, for `publish`, each use of its `data` other than handing it to
    `edition_scenes`: the ways data could enter a front end past the scene."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        takes = [a.arg for a in node.args.args + node.args.kwonlyargs
                 if a.annotation is not None and "Dataset" in ast.unparse(a.annotation)]
        if not takes:
            continue
        found.append(f"{name}:{node.name}")
        handed = [call for call in ast.walk(node) if isinstance(call, ast.Call)
                  and ast.unparse(call.func) == "edition_scenes" and ast.unparse(call.args[0]) in takes]
        used = [n for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in takes]
        found += [f"{name}:{node.name}: {len(used)} uses, {len(handed)} handed to edition_scenes"]
    return found


def test_the_data_enters_a_front_end_once_and_goes_straight_into_the_scene() -> None:
    """No function of the exports, the edition or the screens takes the dataset as a parameter but
    `publish`, which hands it to `edition_scenes` in its one use of it: the edition's data goes down
    through the scene once, and the exports, the time-lapse and the page's panels are handed scenes."""
    found = [line for package in FRONT_ENDS for path in sorted((PACKAGE / package).rglob("*.py"))
             for line in dataset_paths(path.read_text(encoding="utf-8"),
                                       str(path.relative_to(PACKAGE).with_suffix("")))]
    assert found == ["publish/__init__:publish",
                     "publish/__init__:publish: 1 uses, 1 handed to edition_scenes"]


def test_the_data_path_check_sees_a_front_end_that_takes_the_dataset() -> None:
    source = ("def table(data: Dataset, lang: str) -> str:\n    return render(data.records, lang)\n\n"
              "def publish(out, data: 'Dataset') -> None:\n    scenes = edition_scenes(data)\n"
              "    write(out, scenes, data.host)\n")
    assert dataset_paths(source, "m") == ["m:table", "m:table: 1 uses, 0 handed to edition_scenes",
                                          "m:publish", "m:publish: 2 uses, 1 handed to edition_scenes"]


# What a renderer of words may import: the templates and the types of the words it lays out.
LAYOUT_ONLY = {"render/details.py": {"dashboard.render.templating", "dashboard.view.details"},
               "render/events.py": {"dashboard.render.templating", "dashboard.view.chronology"}}


def dashboard_imports(source: str) -> dict[str, set[str]]:
    """The project modules a module's source imports, each with the names it takes from them."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dashboard"):
            found.setdefault(str(node.module), set()).update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("dashboard"):
                    found.setdefault(alias.name, set())
    return found


def test_the_details_and_the_chronology_are_worded_by_the_view_and_only_laid_out_by_render() -> None:
    """`render/details.py` and `render/events.py` word nothing: they import the templates and the type of
    the words the view hands them (`view.details`, `view.chronology`), no translator, vocabulary or
    wording helper, and take none of the view's functions."""
    for name, allowed in LAYOUT_ONLY.items():
        imports = dashboard_imports((PACKAGE / name).read_text(encoding="utf-8"))
        assert set(imports) <= allowed, (name, imports)
        taken = {n for module, names in imports.items() if module.startswith("dashboard.view") for n in names}
        assert taken <= {"Words", "Chronology"}, (name, taken)


def test_the_layout_check_sees_a_renderer_that_words() -> None:
    source = ("from dashboard.i18n import Translator\nfrom dashboard.view.details import Words, present\n"
              "import dashboard.view.wording\n")
    assert dashboard_imports(source) == {"dashboard.i18n": {"Translator"},
                                         "dashboard.view.details": {"Words", "present"},
                                         "dashboard.view.wording": set()}
