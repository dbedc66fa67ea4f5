"""Command line: `python -m dashboard geocode|geoparse|validate|diff|export|timelapse|publish|assets ...`,
and the editors' desk's `show|edit|add|history|revert|approve` (docs/desk.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.commands.desk import add_desk_commands, compared
from dashboard.config import load_config
from dashboard.data.failures import Refused, guarded
from dashboard.export import export, formats, sized_formats
from dashboard.geo.gazetteer import default_geocoder
from dashboard.geo.geocoder import GeocodeError
from dashboard.geo.language import AUTO, TEXT_LANGUAGES
from dashboard.geo.validate import validate_folder
from dashboard.i18n import LANGUAGES, Translator
from dashboard.view.article import MAX_TEXT_CHARS

if TYPE_CHECKING:
    from dashboard.view.link import View


def _geocode(args: argparse.Namespace) -> int:
    try:
        result = default_geocoder().geocode(args.name, args.country)
    except GeocodeError as err:
        print(f"geocode: {err}", file=sys.stderr)
        return 1
    print(json.dumps(result.as_dict(), ensure_ascii=False))
    return 0


def _geoparse(args: argparse.Namespace) -> int:
    from dashboard.data.encoding import UTF8
    from dashboard.geo.geoparser import geoparse
    from dashboard.geo.language import resolve_language
    from dashboard.view.article import read_article

    decoded = read_article(args.file, Translator())  # bounded: /dev/zero is refused at once
    if decoded.encoding != UTF8:
        print(f"geoparse: {args.file} is not UTF-8; read as {decoded.label}", file=sys.stderr)
    lang = resolve_language(args.lang, decoded.text)
    if args.lang == AUTO:
        print(f"geoparse: {args.file}: language detected: {lang}", file=sys.stderr)
    mentions = geoparse(decoded.text, default_geocoder(), lang)
    print(json.dumps([m.as_dict() for m in mentions], ensure_ascii=False, indent=1))
    return 0


def _validate(args: argparse.Namespace) -> int:
    directory = Path(args.dir) if args.dir else load_config().data_dir
    if not directory.is_dir():
        print(f"validate: {directory} is not a folder", file=sys.stderr)
        return 2
    problems = validate_folder(directory)
    for problem in problems:
        print(problem)
    if problems:
        print(Translator().plural("{count} problem in {directory}", "{count} problems in {directory}",
                                  len(problems), directory=directory), file=sys.stderr)
        return 1
    return 0


def _diff(args: argparse.Namespace) -> int:
    """The changes between two folders, after each folder's problems as `validate` reports them: exit 2
    (the diff compares only what loaded) when either side has any."""
    from dashboard.data import diff

    problems: dict[str, list] = {}

    def check(given: str, folder: Path) -> None:  # each side's problems, as validate prints them
        problems[given] = validate_folder(folder)
        for problem in problems[given]:
            print(f"{given}: {problem}", file=sys.stderr)

    try:
        old, new = compared(args, check)
    except (diff.Unreadable, LookupError) as err:
        print(f"diff: {err}", file=sys.stderr)
        return 2
    changes = diff.diff(old, new)
    if args.format == "json":
        print(json.dumps(diff.as_json(changes), ensure_ascii=False, indent=1, default=str))
    else:
        print(diff.as_text(changes))
    troubled = [f"{side} has {len(found)} problem(s)" for side, found in problems.items() if found]
    if troubled:
        print(f"diff: {'; '.join(troubled)}: the diff compares only the rows that loaded", file=sys.stderr)
        return 2
    return 0


def _publish(args: argparse.Namespace) -> int:
    from dashboard.escape import url_problem
    from dashboard.export.pieces import view_pieces
    from dashboard.geo.dataset import load_dataset
    from dashboard.publish import check_target, publish

    if not args.output.strip():
        raise Refused("-o names no folder; give the folder to publish into, e.g. -o site")
    if args.url and (problem := url_problem(args.url)):
        raise Refused(f"--url is refused: {problem}")
    check_target(Path(args.output), force=args.force)  # TargetRefused: one line, from the guard
    data = load_dataset(load_config().data_dir, default_geocoder())
    for problem in data.problems:
        print(f"publish: skipped {problem}", file=sys.stderr)
    if not args.url:
        print("publish: no --url given: og:image names the social card relatively, and link previews "
              "may show no image; give --url with the address the edition will be served at", file=sys.stderr)
    config = load_config()
    page = publish(Path(args.output), data, args.lang, (args.url or "").strip(),
                   licence=config.data_licence, pieces=view_pieces, force=args.force, wait=args.wait)
    print(page)
    return 0


def _assets(_args: argparse.Namespace) -> int:
    from dashboard.map.assets import fetch_assets

    for path in fetch_assets():
        print(path)
    return 0


def _view_of(command: str, given: dict[str, str | None]) -> View | None:
    """The view the options ask for (`dashboard.view.link.View`), or None after saying what is wrong."""
    from dashboard.view.link import parse_view

    params = {key: [value] for key, value in given.items() if value is not None}
    parsed = parse_view(params, record_ids=())
    for notice in parsed.notices:
        print(f"{command}: {notice}", file=sys.stderr)
    return None if parsed.notices else parsed.view


def _export(args: argparse.Namespace) -> int:
    from dashboard.export.output import format_of, output_problem, written
    from dashboard.geo.dataset import load_dataset
    from dashboard.render.still import SIZES
    from dashboard.scene import scene

    fmt = args.format or (format_of(args.output) if args.output else None)
    if fmt is None:
        print(f"export: give --format ({', '.join(formats())}), or an output name that ends in one",
              file=sys.stderr)
        return 2
    spec = formats()[fmt][0]
    if args.size is not None and args.size not in SIZES:
        print(f"export: unknown size {args.size!r} (use {', '.join(SIZES)})", file=sys.stderr)
        return 2
    if args.size is not None and not spec.sized:
        print(f"export: --size is for the still images ({', '.join(sized_formats())}), not {fmt}",
              file=sys.stderr)
        return 2
    if problem := output_problem(args.output, (spec.extension,)):
        named = format_of(args.output or "")
        hint = f" (--format {named} writes that)" if named and named != fmt else ""
        print(f"export: {problem}{hint}", file=sys.stderr)
        return 2
    view = _view_of("export", {"country": args.country, "date": args.date, "lang": args.lang})
    if view is None:
        return 2
    data = load_dataset(load_config().data_dir, default_geocoder())
    for problem in data.problems:
        print(f"export: skipped {problem}", file=sys.stderr)
    body = export(scene(data, view), fmt, raw=args.raw, size=args.size)
    return written("export", args.output, body)


def _timelapse(args: argparse.Namespace) -> int:
    from dashboard.export.output import output_problem, written
    from dashboard.export.timelapse import MAX_FPS, MOTION_FORMATS, default_workers, timelapse
    from dashboard.geo.dataset import load_dataset
    from dashboard.scene import FIRST_DAY, LAST_DAY, scene

    if problem := output_problem(args.output, MOTION_FORMATS):
        print(f"timelapse: {problem}", file=sys.stderr)
        return 2
    fmt = Path(args.output).suffix.lower().lstrip(".")
    if fmt not in MOTION_FORMATS:
        print(f"timelapse: {args.output}: the output name must end in .mp4 or .gif", file=sys.stderr)
        return 2
    if not 1 <= args.fps <= MAX_FPS:
        print(f"timelapse: --fps must be 1 to {MAX_FPS}, not {args.fps}", file=sys.stderr)
        return 2
    view = _view_of("timelapse", {"country": args.country, "lang": args.lang})
    first = _view_of("timelapse: --from", {"date": args.first or FIRST_DAY.isoformat()})
    last = _view_of("timelapse: --to", {"date": args.last or LAST_DAY.isoformat()})
    if view is None or first is None or last is None:
        return 2
    if last.date < first.date:
        print(f"timelapse: --to {last.date} is before --from {first.date}", file=sys.stderr)
        return 2
    data = load_dataset(load_config().data_dir, default_geocoder())
    for problem in data.problems:
        print(f"timelapse: skipped {problem}", file=sys.stderr)
    body = timelapse(scene(data, view), first.date, last.date, fmt, args.fps, workers=default_workers())
    return written("timelapse", args.output, body)


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    geocode = commands.add_parser("geocode", help="resolve a place name offline, print JSON")
    geocode.add_argument("name")
    geocode.add_argument("--country", help="ISO alpha-2 code or country name to prefer")
    geocode.set_defaults(run=_geocode)

    parse = commands.add_parser("geoparse", help="list the places a news text names, as JSON")
    parse.add_argument("file", help=f"a text file of at most {MAX_TEXT_CHARS:,} characters: UTF-8, UTF-16 "
                                    "with a BOM, or the region's legacy encodings (cp1251, kz1048, cp1252)")
    parse.add_argument("--lang", choices=(AUTO, *TEXT_LANGUAGES), default=AUTO,
                       help="the text's language: German, English, Russian or Kazakh (default: auto, "
                            "detected from the text and reported on standard error)")
    parse.set_defaults(run=_geoparse)

    validate = commands.add_parser("validate", help="check a geodata folder")
    validate.add_argument("dir", nargs="?", help="folder (default: the configured data dir)")
    validate.set_defaults(run=_validate)

    compare = commands.add_parser("diff", help="list what changed between two data folders or saves, by id")
    compare.add_argument("old", help="the data folder before, or a save's id (ID^: the folder before it)")
    compare.add_argument("new", help="the data folder after, or a save's id")
    compare.add_argument("--data", help="compare saves of this data folder (default: the configured one; "
                                        "an argument that is no folder names a save)")
    compare.add_argument("--format", choices=("text", "json"), default="text")
    compare.set_defaults(run=_diff)

    add_desk_commands(commands)

    out = commands.add_parser("export", help="write a view (countries, date) as data, a map or an image")
    out.add_argument("--format", choices=list(formats()),
                     help="the file's format (default: the one the output name's ending names)")
    out.add_argument("--country", help="comma-separated ISO codes, e.g. AM,BY (default: all)")
    out.add_argument("--date", help="as-of date YYYY-MM-DD in January 2022 (default: 2022-01-13)")
    out.add_argument("--lang", help="language of the HTML map: en (default) or de")
    out.add_argument("--raw", action="store_true",
                     help="write CSV cells untouched, for pipelines (default: text cells that a "
                          "spreadsheet would run as formulas get a leading apostrophe)")
    out.add_argument("--size",
                     help="a still image's size: social (1200 x 675 px, the PNG's default), portrait "
                          "(1080 x 1350 px) or print (A4 landscape, 300 dpi; the SVG's and PDF's default)")
    out.add_argument("-o", "--output", help="file to write (default: standard output)")
    out.set_defaults(run=_export)

    motion = commands.add_parser("timelapse", help="write the month of a view as a video (MP4) or GIF")
    motion.add_argument("--country", help="comma-separated ISO codes, e.g. AM,BY (default: all)")
    motion.add_argument("--lang", help="language of every word in the frames: en (default) or de")
    motion.add_argument("--from", dest="first", help="first day, YYYY-MM-DD (default: 2022-01-01)")
    motion.add_argument("--to", dest="last", help="last day, YYYY-MM-DD (default: 2022-01-31)")
    motion.add_argument("--fps", type=int, default=4,
                        help="frames a second (default: 4); each day stays half a second")
    motion.add_argument("-o", "--output", required=True, help="file to write: .mp4 (H.264) or .gif")
    motion.set_defaults(run=_timelapse)

    edition = commands.add_parser("publish", help="write the static edition (for any web host or CDN)")
    edition.add_argument("-o", "--output", default="site", help="folder to write (default: site)")
    edition.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0],
                         help=f"the language when a link names none (default: {LANGUAGES[0]})")
    edition.add_argument("--url", help="where the edition will be served, for the embed snippet and the "
                                       "social card's absolute address (og:image): an http:// or https:// "
                                       "address of at most 2,000 characters, without user name or password")
    edition.add_argument("--wait", type=float, default=5.0, metavar="SECONDS",
                         help="how long to wait for another publish into the same folder to finish "
                              "before refusing (default: 5)")
    edition.add_argument("--force", action="store_true",
                         help="publish into a folder that holds other files than a previous edition "
                              "(they are removed; by default such a folder is refused)")
    edition.set_defaults(run=_publish)

    fetch = commands.add_parser("assets", help="fetch the map's front-end files from npm (offline use)")
    fetch.set_defaults(run=_assets)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status. Every command runs inside one guard
    (`dashboard.data.failures.guarded`): an expected failure (unreadable input, a target that cannot be
    written, a full disk, a broken pipe, Ctrl-C, a lock held by another run, a refused setting) is one
    line on standard error and exit 2."""
    args = build_parser().parse_args(argv)
    return guarded(args.command, lambda: args.run(args))


if __name__ == "__main__":
    sys.exit(main())
