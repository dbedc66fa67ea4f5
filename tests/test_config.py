"""Configuration: config.toml at the root, or the file DASHBOARD_CONFIG names."""

from __future__ import annotations

from pathlib import Path

from dashboard.config import DEFAULT_CONFIG, load_config
from tests.conftest import GEODATA


def test_default_config_points_at_the_bundled_data() -> None:
    config = load_config({})
    assert config.path == DEFAULT_CONFIG
    assert config.data_dir == GEODATA


def test_env_var_names_another_config_with_a_relative_data_dir(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    config_file = tmp_path / "conf" / "other.toml"
    config_file.write_text('[data]\ndir = "../mydata"\n')
    config = load_config({"DASHBOARD_CONFIG": str(config_file)})
    assert config.data_dir == (tmp_path / "mydata").resolve()
