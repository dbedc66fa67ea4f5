"""The published edition: the dashboard as static files that any web host or CDN serves.

`python -m dashboard publish -o site/` writes `index.html`, the data of each language and the scripts
under content-hashed names. The page only selects and draws what Python computed (see `edition`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from dashboard.data import atomic
from dashboard.data.failures import Refused
from dashboard.escape import safe_url, url_problem
from dashboard.geo.dataset import Dataset
from dashboard.geo.outlines import world_json
from dashboard.i18n import LANGUAGES, Translator
from dashboard.map import assets
from dashboard.map.compact import DRAWING_JS
from dashboard.map.styles import SCHEMES
from dashboard.publish.card import card, card_address
from dashboard.publish.edition import VERSION, edition_data
from dashboard.publish.scheme import LAND_CLASS, scheme_css
from dashboard.render.furniture import TITLE
from dashboard.render.panels import PANELS_CSS
from dashboard.render.templating import render
from dashboard.view.grammar import link_grammar

STATIC = Path(__file__).with_name("static")
# Scripts only from the site itself, never inline; styles may be inline (Leaflet positions its panes
# with style attributes); images from the site or data: URIs (the legend's symbols); nothing else.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'")
EMBED_HEIGHT_PX = 720  # the embed's height until the page tells its host its own (AMP's `embed-size`)
# A data file of the edition for readers to download: the format's key -> its file extension.
DOWNLOADS = {"csv": "csv", "geojson": "geojson"}
# The file that marks a folder as an edition (so a later publish may replace it), and everything an
# edition holds at its top: a folder with anything else in it is not replaced without `force`.
MARKER = ".kz-edition"
EDITION_NAMES = frozenset({MARKER, "index.html", "embed.html", "assets", "data", "cards"})
_HASHED = re.compile(r"[\w-]+\.[0-9a-f]{12}\.[a-z]+(?:\.gz)?")  # a file `_hashed` names
WAIT_SECONDS = 5.0  # how long a publish waits for another one into the same folder before refusing


class TargetRefused(Refused):
    """The folder named cannot take the edition (a file, a folder of other files); str(err)."""


def foreign_files(folder: Path) -> list[str]:
    """The files and folders in `folder` that no edition writes (paths relative to it, sorted): names at
    its top other than an edition's, and in `assets/`, `data/` and `cards/` names that are not
    content-hashed (`stem.<12 hex>.ext`, and its `.gz`), but for Leaflet's `assets/images/`."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        top = relative.parts[0]
        if top not in EDITION_NAMES:
            if len(relative.parts) == 1:
                found.append(str(relative))
        elif top in ("assets", "data", "cards") and len(relative.parts) > 1:
            inside_images = relative.parts[:2] == ("assets", "images")
            if not inside_images and not _HASHED.fullmatch(relative.name):
                found.append(str(relative))
        elif top in (MARKER, "index.html", "embed.html") and path.is_dir():
            found.append(str(relative))
    return sorted(found)


def is_edition(folder: Path) -> bool:
    """Whether `folder` holds a previous edition and nothing else: the marker that `publish` writes (or,
    for editions published before it did, an `index.html` naming the edition's data version), and no
    file that an edition does not write (`foreign_files`)."""
    try:
        if foreign_files(folder):
            return False
        if (folder / MARKER).is_file():
            return True
        page = folder / "index.html"
        return page.is_file() and "kz-edition/" in page.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def check_target(out: Path, force: bool = False) -> None:
    """Refuse a folder the edition may not go to, before any work (`TargetRefused`; an `OSError` where
    the folder beside which it is built cannot be written): a file; the current folder, one that
    holds it or the home folder (even with `force`); or a folder that holds other files than a previous
    edition (unless `force`). (An empty name is the command line's to refuse:
    `Path("")` is the current folder.)"""
    if out.exists() and not out.is_dir():
        raise TargetRefused(f"{out} is not a folder")
    real, here = out.resolve(), Path.cwd().resolve()
    if real in (here, *here.parents, Path.home().resolve()):  # even with --force: never swap these away
        raise TargetRefused(f"{out} is the current folder, one that holds it, or the home folder; "
                            "publish into a folder of its own, e.g. -o site")
    if out.is_dir() and not force and any(out.iterdir()) and not is_edition(out):
        others = foreign_files(out)
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        what = f"files that are not a previous edition: {shown}" if others else f"no {MARKER} marker"
        raise TargetRefused(f"{out} is not empty and not a previous edition ({what}); publish into an "
                            "empty or new folder, or give --force to replace what it holds")
    parent = real.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=parent):  # the edition is built beside the folder: can it be?
            pass
    except OSError as err:
        raise TargetRefused(f"cannot write {out}: the folder it is built beside ({parent}) cannot be "
                            f"written: {err.strerror or err}") from err


def publish(out: Path, data: Dataset, lang: str = "en", url: str = "", licence: str = "",
            downloads: Mapping[str, Callable[[Dataset, str], bytes]] | None = None, force: bool = False,
            wait: float = WAIT_SECONDS) -> Path:
    """Write the static edition of `data` into the folder `out` and return its `index.html`.

    The edition is built in a new folder beside `out` and swapped in whole (`atomic.swap_folder`), so
    readers see the previous edition whole until the swap and the new one whole after it; an interrupted
    publish leaves the previous edition as it was. A second publish into the same folder waits `wait`
    seconds for this one, then is refused (`atomic.Locked`). `out` must be new, empty or a previous
    edition (`is_edition`) unless `force`; else `TargetRefused`.

    Parameters
    ----------
    out
        The folder to write: `index.html`, `embed.html` (an iframe snippet), `assets/` (Leaflet from the
        pinned npm package, the drawing script shared with the app, the page's ES modules and styles),
        `data/` (the edition of each language, the link grammar, the world's outlines and, when fetched,
        the seas), `cards/` (the social card of each language, also the page's image for readers without
        JavaScript). Every file but the two pages is named by a hash of its content, so a CDN may cache it
        for good, and has its gzip beside it. An earlier edition there is replaced whole.
    data
        The loaded dataset (`dashboard.geo.dataset.load_dataset`).
    lang
        The language a reader gets when the link names none: `en` or `de`.
    url
        Where the edition will be served (an address `escape.safe_url` passes, else `ValueError`), for
        the embed snippet and the social card's absolute address
        in the page's `og:image` (default: the snippet names `index.html` relative to the page that
        embeds it, and `og:image` is relative, which link previews may not follow).
    licence
        The data's licence, named under "Get the data" (the page says when none is given).
    downloads
        Writes the data for readers to download, by format key (`DOWNLOADS`): `(data, lang) -> bytes`
        (the export formats, which this package may not import, are given by the command line).

    Returns
    -------
    Path
        The written `index.html`. Paths inside the edition are relative, so it works under any
        sub-path, and no file it loads comes from another host.
    """
    if url and safe_url(url) is None:
        raise ValueError(f"not an address for a page: {url_problem(url)}")
    target = out.resolve() if out.is_symlink() else out  # swap the folder a link names, not the link

    def build(staging: Path) -> None:
        check_target(target, force)  # again, under the lock: another publish may have written meanwhile
        atomic.checkpoint("edition-begun")
        _fetch_assets()
        _build(staging, data, lang, url, licence, downloads)

    atomic.swap_folder(target, build, timeout=wait)
    return out / "index.html"


def _build(out: Path, data: Dataset, lang: str, url: str, licence: str,
           downloads: Mapping[str, Callable[[Dataset, str], bytes]] | None) -> None:
    """Write the edition into the new folder `out` (see `publish`)."""
    (out / MARKER).write_text(f"kz-edition/{VERSION}\n", encoding="utf-8")
    leaflet = assets.VENDOR_DIR / "leaflet"
    shutil.copytree(leaflet / "images", out / "assets" / "images")  # leaflet.css names them relatively
    files = {
        "leaflet_js": _hashed(out, "assets", "leaflet.js", (leaflet / "leaflet.js").read_bytes()),
        "leaflet_css": _hashed(out, "assets", "leaflet.css", (leaflet / "leaflet.css").read_bytes()),
        "compact_js": _hashed(out, "assets", "compact.js", DRAWING_JS.read_bytes()),
        "edition_js": _hashed(out, "assets", "edition.js", (STATIC / "edition.js").read_bytes()),
        # link.js: imported by edition.js from the `kz-link-js` tag, which names its hashed file.
        "link_js": _hashed(out, "assets", "link.js", (STATIC / "link.js").read_bytes()),
        "edition_css": _hashed(out, "assets", "edition.css", (STATIC / "edition.css").read_bytes()),
        "panels_css": _hashed(out, "assets", "panels.css", PANELS_CSS.encode()),
        "world": _hashed(out, "data", "world.json", _world()),
        # The link grammar in the default language: enough to choose the language of a link.
        "link": _hashed(out, "data", f"link-{lang}.json", json.dumps(link_grammar(lang), ensure_ascii=False,
                                                                     separators=(",", ":")).encode()),
    }
    if (seas := _seas()) is not None:
        files["seas"] = _hashed(out, "data", "seas.json", seas)
    files["scheme_css"] = _hashed(out, "assets", "scheme.css", scheme_css().encode())
    tr = Translator(lang)
    title = tr(TITLE)
    snippet = embed_snippet(url or "index.html", title)
    editions = {}
    for code in LANGUAGES:
        furniture = {"licence": licence, "embed": snippet}
        for key, write in (downloads or {}).items():
            # Named without the language: the data files hold every language the data has, so both
            # editions share one file (a format that differed by language would get one each).
            name = f"kz-csto-2022-01.{DOWNLOADS[key]}"
            furniture[key] = _hashed(out, "data", name, write(data, code))
        editions[code] = _hashed(out, "data", f"edition-{code}.json",
                                 _json(edition_data(data, code, _data_writer(out), furniture)))
        atomic.checkpoint("edition-data")
    shown = card(data, lang)
    image = _hashed(out, "cards", f"card-{lang}.png", shown.png, gzipped=False)
    for code in LANGUAGES:  # every language's card, for pages and posts in it
        if code != lang:
            _hashed(out, "cards", f"card-{code}.png", card(data, code).png, gzipped=False)
    page = out / "index.html"
    page.write_text(render("edition.html", lang=lang, title=title, csp=CSP, files=files, editions=editions,
                           data_version=f"kz-edition/{VERSION}", card=shown, card_path=image,
                           card_url=card_address(image, url), page_url=url, locale=tr.locale),
                    encoding="utf-8")
    (out / "embed.html").write_text(snippet + "\n", encoding="utf-8")


def _fetch_assets() -> None:
    """The map's front-end files from npm when missing, and the seas (without them, no water)."""
    if not assets.assets_available():
        assets.fetch_assets()
    elif assets.seas_file() is None:
        try:
            assets.fetch_seas()
        except assets.AssetError as err:  # no network: an edition without water
            print(f"publish: no seas ({err}); the map draws no water", file=sys.stderr)


def _world() -> bytes:
    """Every country's outline, with its style (`properties.style`): the page draws it as given, and
    the scheme's stylesheet fills the paths of its class in the reader's colour scheme."""
    world = json.loads(world_json())
    world["properties"] = {"style": {**SCHEMES["light"].land_style(), "className": LAND_CLASS}}
    return _json(world)


def _seas() -> bytes | None:
    """The region's seas (fetched in setup) with their style in each colour scheme (`properties.style`,
    `properties.dark`): the page draws them as given. None when they were not fetched: no water."""
    path = assets.seas_file()
    if path is None:
        return None
    seas = json.loads(path.read_text(encoding="utf-8"))
    seas["properties"] = {**seas.get("properties", {}), "style": SCHEMES["light"].water_style(),
                          "dark": SCHEMES["dark"].water_style()}
    return _json(seas)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _data_writer(out: Path) -> Callable[[str, object], str]:
    """Writes a data file the page fetches when it needs it, hashed; returns its path for the page."""
    return lambda name, value: _hashed(out, "data", name, _json(value))


def embed_snippet(url: str, title: str, height_px: int = EMBED_HEIGHT_PX) -> str:
    """A responsive iframe for an article page, the full width of its column, and the few lines of
    script that size it: the page tells its host its height with AMP's `embed-size` message
    (`{sentinel: "amp", type: "embed-size", height}`), and the script sets the height of the iframe that
    sent it. `height_px` is the height until then (or for a host that runs no script)."""
    return render("embed.html", url=url, title=title, height=height_px).strip()


def _hashed(out: Path, folder: str, name: str, body: bytes, gzipped: bool = True) -> str:
    """Write `body` as `folder/stem.<hash>.ext` under `out`, and its gzip beside it (`….ext.gz`, for
    servers that send precompressed files, such as nginx's `gzip_static`; not for an image, compressed
    already); return the relative path."""
    stem, _, extension = name.partition(".")
    relative = f"{folder}/{stem}.{hashlib.sha256(body).hexdigest()[:12]}.{extension}"
    target = out / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    if gzipped:
        target.with_name(target.name + ".gz").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return relative
