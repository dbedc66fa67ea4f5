"""The dashboard's settings: `config.toml` at the repository root, or the file DASHBOARD_CONFIG names."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dashboard.escape import url_problem

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config.toml"
GAZETTEER_DIR = REPO_ROOT / "geodata" / "gazetteer"
# Served by Streamlit at /app/static/ (server.enableStaticServing): fetched and generated files only.
STATIC_DIR = Path(__file__).resolve().parent / "static"
ENV_VAR = "DASHBOARD_CONFIG"
# Set (to 1) by the tests and benchmarks: the map then tells the browser which view it drew.
HOOKS_VAR = "DASHBOARD_TEST_HOOKS"
DOWNLOADS = "downloads"  # where the server answers export addresses, after its base path


class ConfigError(ValueError):
    """A setting that is refused; str(err) names the file, the setting and why."""


@dataclass(frozen=True)
class Config:
    """Settings read from one TOML file. Paths in it are relative to that file."""

    path: Path
    data_dir: Path
    test_hooks: bool = False
    edition_url: str = ""  # where the published edition is served (for the embed snippet)
    data_licence: str = ""  # the data's licence, named in the edition's "Get the data"
    edition_dir: Path | None = None  # `[edition] dir`: where the desk publishes the edition
    # The editors' desk (docs/desk.md): who may edit (sign-in addresses), and whether a saved change
    # waits for another editor's approval.
    desk_editors: tuple[str, ...] = ()
    desk_review: bool = False


def load_config(environ: Mapping[str, str] = os.environ) -> Config:
    """Read the configuration named by DASHBOARD_CONFIG, else the repository's config.toml.

    This is the only way to choose the data folder: nothing a reader sends can change it. Raises
    `ConfigError` for a file that is not TOML and for an `[edition] url` that the address allow-list
    (`dashboard.escape.url_problem`) refuses, so a bad setting stops the app at start-up.
    """
    path = Path(environ.get(ENV_VAR) or DEFAULT_CONFIG).resolve()
    with path.open("rb") as handle:
        try:
            settings = tomllib.load(handle)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{path}: not a TOML file: {err}") from err
    data = settings.get("data", {})
    url = str(settings.get("edition", {}).get("url", "")).strip()
    if url and (problem := url_problem(url)):
        raise ConfigError(f"{path}: [edition] url is refused: {problem}")
    desk = settings.get("desk", {})
    edition = settings.get("edition", {})
    editors = desk.get("editors", [])
    return Config(path=path, data_dir=(path.parent / data.get("dir", "geodata")).resolve(),
                  test_hooks=environ.get(HOOKS_VAR) == "1", edition_url=url,
                  edition_dir=(path.parent / edition.get("dir", "site")).resolve(),
                  data_licence=str(data.get("licence", "")),
                  desk_editors=tuple(str(e).strip() for e in (editors if isinstance(editors, list) else [])
                                     if str(e).strip()),
                  desk_review=desk.get("review", False) is True)
