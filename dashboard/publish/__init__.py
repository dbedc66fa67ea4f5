"""The published edition: the dashboard as static files that any web host or CDN serves.

`python -m dashboard publish -o site/` writes `index.html`, the data of each language and the scripts
under content-hashed names. The page only selects and draws what Python computed (see `edition`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sys
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from dashboard.data import atomic
from dashboard.escape import safe_url, url_problem
from dashboard.geo.dataset import Dataset
from dashboard.geo.outlines import world_json
from dashboard.geo.regions import lakes_json
from dashboard.i18n import LANGUAGES
from dashboard.map import assets
from dashboard.publish.card import card, card_address
from dashboard.publish.downloads import Pieces, downloads_json
from dashboard.publish.edition import VERSION, edition_data
from dashboard.publish.target import MARKER, TargetRefused, check_target, foreign_files, is_edition
from dashboard.render.embed import EMBED_HEIGHT_PX, embed_snippet
from dashboard.render.furniture import TITLE
from dashboard.render.panels import PANELS_CSS
from dashboard.render.scheme import LAND_CLASS, scheme_css
from dashboard.render.templating import render
from dashboard.scene import DRAWING_JS, SCHEMES
from dashboard.scene.edition import EditionScenes, edition_scenes
from dashboard.view.grammar import link_grammar

__all__ = ["EMBED_HEIGHT_PX", "MARKER", "TargetRefused", "check_target", "embed_snippet", "foreign_files",
           "is_edition", "publish"]

STATIC = Path(__file__).with_name("static")
# Scripts only from the site itself, never inline; styles may be inline (Leaflet positions its panes
# with style attributes); images from the site or data: URIs (the legend's symbols); nothing else.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'")
AHEAD = 8  # how many parts of a streamed file may wait for the gzip thread (`_Hashed.stream`)
WAIT_SECONDS = 5.0  # how long a publish waits for another one into the same folder before refusing
def publish(out: Path, data: Dataset, lang: str = "en", url: str = "", licence: str = "",
            pieces: Pieces | None = None, force: bool = False, wait: float = WAIT_SECONDS) -> Path:
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
    pieces
        Cuts a view's CSV and GeoJSON exports into its records' pieces (`dashboard.export.pieces`, which
        this package may not import: the command line gives it): the page puts together the file of
        the view a reader chose from them, under "Get the data". None: the page offers no data files.
    Returns
    -------
    Path
        The written `index.html`. Paths inside the edition are relative, so it works under any
        sub-path, and no file it loads comes from another host.
    """
    if url and safe_url(url) is None:
        raise ValueError(f"not an address for a page: {url_problem(url)}")
    target = out.resolve() if out.is_symlink() else out  # swap the folder a link names, not the link
    scenes = edition_scenes(data)  # every scene the edition draws, made once (each part on first use)

    def build(staging: Path) -> None:
        check_target(target, force)  # again, under the lock: another publish may have written meanwhile
        atomic.checkpoint("edition-begun")
        _fetch_assets()
        _build(staging, scenes, lang, url, licence, pieces)

    atomic.swap_folder(target, build, timeout=wait)
    return out / "index.html"


def _build(out: Path, scenes: EditionScenes, lang: str, url: str, licence: str,
           pieces: Pieces | None) -> None:
    """Write the edition of `scenes` (`scene.edition.edition_scenes`) into the new folder `out` (see
    `publish`): each file's gzip made on a thread of its own (zlib lets the interpreter go) while the
    next file is made, and all of them done before this returns."""
    with _Hashed(out) as hashed:
        _write(out, hashed, scenes, lang, url, licence, pieces)


def _write(out: Path, hashed: _Hashed, scenes: EditionScenes, lang: str, url: str, licence: str,
           pieces: Pieces | None) -> None:
    """Write the edition into `out`, its hashed files through `hashed` (see `_build`)."""
    (out / MARKER).write_text(f"kz-edition/{VERSION}\n", encoding="utf-8")
    leaflet = assets.VENDOR_DIR / "leaflet"
    shutil.copytree(leaflet / "images", out / "assets" / "images")  # leaflet.css names them relatively
    modules = _modules(out)
    files = {
        "leaflet_js": hashed("assets", "leaflet.js", (leaflet / "leaflet.js").read_bytes()),
        "leaflet_css": hashed("assets", "leaflet.css", (leaflet / "leaflet.css").read_bytes()),
        "compact_js": hashed("assets", "compact.js", DRAWING_JS.read_bytes()),
        # The page's ES modules, as they are in the project, in one folder named by their hash: they
        # import each other by relative names. link.js is also named by the `kz-link-js` tag.
        **{f"{name}_js": f"{modules}/{name}.js" for name in ("edition", "link")},
        "edition_css": hashed("assets", "edition.css", (STATIC / "edition.css").read_bytes()),
        "panels_css": hashed("assets", "panels.css", PANELS_CSS.encode()),
        "world": hashed("data", "world.json", _world()),
        # The link grammar in the default language: enough to choose the language of a link.
        "link": hashed("data", f"link-{lang}.json", json.dumps(link_grammar(lang), ensure_ascii=False,
                                                                     separators=(",", ":")).encode()),
    }
    if (seas := _seas()) is not None:
        files["seas"] = hashed("data", "seas.json", seas)
    files["scheme_css"] = hashed("assets", "scheme.css", scheme_css().encode())
    default = scenes.languages[lang]  # the language a link names by default
    tr = default.card.tr
    title = tr(TITLE)
    snippet = embed_snippet(url or "index.html", title)
    editions = {}
    furniture = {"licence": licence, "embed": snippet}
    if pieces is not None:  # the exports hold every language the data has: one file for every edition
        # Written as it is made: it grows with the records times the days.
        furniture["downloads"] = hashed.stream("data", "downloads.json", downloads_json(scenes, pieces))
    for code in LANGUAGES:
        editions[code] = hashed("data", f"edition-{code}.json",
                                 _json(edition_data(scenes, code, _data_writer(hashed), furniture)))
        atomic.checkpoint("edition-data")
    # Every language's card, for pages and posts in it; the default language's is the page's image.
    cards = {code: card(own.card, own.card_notes) for code, own in scenes.languages.items()}
    images = {code: hashed("cards", f"card-{code}.png", drawn.png, gzipped=False)
              for code, drawn in cards.items()}
    shown, image = cards[lang], images[lang]
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
    """The region's water, a FeatureCollection: the seas (fetched in setup) and the lakes
    (`geodata/boundaries/lakes.geojson`), each with its style in each colour scheme (`properties.style`,
    `properties.dark`): the page draws them as given. None when there is neither: no water."""
    path = assets.seas_file()
    lakes = lakes_json()
    water = ([json.loads(path.read_text(encoding="utf-8"))] if path is not None else []) \
        + ([json.loads(lakes)] if lakes else [])
    if not water:
        return None
    for feature in water:
        feature["properties"] = {**feature.get("properties", {}), "style": SCHEMES["light"].water_style(),
                                 "dark": SCHEMES["dark"].water_style()}
    return _json({"type": "FeatureCollection", "features": water})


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _data_writer(hashed: _Hashed) -> Callable[[str, object], str]:
    """Writes a data file the page fetches when it needs it, hashed; returns its path for the page."""
    return lambda name, value: hashed("data", name, _json(value))


def _modules(out: Path) -> str:
    """Write the page's ES modules (`static/*.js`) unchanged into `assets/modules.<hash>/` under `out`,
    each with its gzip, the hash over every module's name and content; return the folder's relative path.
    The modules import each other by relative names, so they need no rewriting, and a changed module
    gives all of them a new address (a CDN may cache them for good)."""
    sources = sorted(STATIC.glob("*.js"))
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    folder = f"assets/modules.{digest.hexdigest()[:12]}"
    (out / folder).mkdir(parents=True)
    for path in sources:
        body = path.read_bytes()
        (out / folder / path.name).write_bytes(body)
        (out / folder / f"{path.name}.gz").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return folder


class _Hashed:
    """Writes files named by their content under one folder, each with its gzip made on a thread
    beside (a context: leaving it waits for every gzip, and raises the first failure)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gzip")
        self._pending: list[Future[int]] = []

    def __enter__(self) -> _Hashed:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True)
        for done in self._pending:
            done.result()

    def __call__(self, folder: str, name: str, body: bytes, gzipped: bool = True) -> str:
        """Write `body` as `folder/stem.<hash>.ext`, and its gzip beside it (`….ext.gz`, for servers
        that send precompressed files, such as nginx's `gzip_static`; not for an image, compressed
        already); return the relative path."""
        relative = _hashed_name(folder, name, hashlib.sha256(body).hexdigest())
        target = self.out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        if gzipped:
            packed = target.with_name(target.name + ".gz")
            self._pending.append(self._pool.submit(
                lambda: packed.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))))
        return relative

    def stream(self, folder: str, name: str, parts: Iterable[bytes]) -> str:
        """Write the file whose body is `parts` joined, as `__call__` writes that body, its gzip too, and
        return its relative path; without holding the body: each part is written and hashed as it
        comes, and compressed on the gzip thread (at most `AHEAD` parts waiting; the gzip the same bytes
        as `gzip.compress(body, 9, mtime=0)`, zlib's gzip wrapper at the same level), into files under a
        temporary name, renamed once the hash is known and the gzip is done."""
        partial = self.out / folder / f".{name}.partial"
        partial.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        packed = partial.with_name(partial.name + ".gz")
        waiting: deque[Future[int]] = deque()
        with partial.open("wb") as plain, packed.open("wb") as zipped:
            for part in parts:
                digest.update(part)
                plain.write(part)
                waiting.append(self._pool.submit(lambda part=part: zipped.write(packer.compress(part))))
                if len(waiting) > AHEAD:
                    waiting.popleft().result()
            waiting.append(self._pool.submit(lambda: zipped.write(packer.flush())))
            for done in waiting:
                done.result()
        relative = _hashed_name(folder, name, digest.hexdigest())
        partial.replace(self.out / relative)
        packed.replace(self.out / f"{relative}.gz")
        return relative


def _hashed_name(folder: str, name: str, hexdigest: str) -> str:
    """`folder/stem.<hash>.ext` for the file `name` (`stem.ext`) whose content's SHA-256 is `hexdigest`."""
    stem, _, extension = name.partition(".")
    return f"{folder}/{stem}.{hexdigest[:12]}.{extension}"
