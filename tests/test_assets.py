"""Fetching the map's front-end files: pinned versions, checked integrity, nothing half-written."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from dashboard.map.assets import PACKAGES, AssetError, assets_available, fetch_assets


def _fake_registry(root: Path) -> str:
    """A registry folder serving a tarball that is NOT the pinned one (same name and layout)."""
    for name, (version, keep, _) in PACKAGES.items():
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            payload = b"alert('not leaflet')"
            info = tarfile.TarInfo(f"package/{keep}/{name}.js")
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
        target = root / name / "-" / f"{name}-{version}.tgz"
        target.parent.mkdir(parents=True)
        target.write_bytes(buffer.getvalue())
    return root.as_uri()


def test_a_tampered_tarball_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    vendor = tmp_path / "vendor"
    with pytest.raises(AssetError, match="integrity"):
        fetch_assets(vendor, registry=_fake_registry(tmp_path / "registry"))
    assert not vendor.exists()
    assert not assets_available(vendor)


def test_an_unreachable_registry_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AssetError, match="could not download"):
        fetch_assets(tmp_path / "vendor", registry=(tmp_path / "nowhere").as_uri())
