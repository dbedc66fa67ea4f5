"""Command line: `python -m dashboard geocode|geoparse|validate|diff|export|assets ...`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.config import load_config
from dashboard.export import export, formats
from dashboard.geo.gazetteer import default_geocoder
from dashboard.geo.geocoder import GeocodeError
from dashboard.geo.language import AUTO, TEXT_LANGUAGES
from dashboard.geo.validate import validate_folder
from dashboard.i18n import LANGUAGES, Translator
from dashboard.view.article import MAX_TEXT_CHARS


def _geocode(args: argparse.Namespace) -> int:
    try:
        result = default_geocoder().geocode(args.name, args.country)
    except GeocodeError as err:
        print(f"geocode: {err}", file=sys.stderr)
        return 1
    print(json.dumps(result.as_dict(), ensure_ascii=False))
    return 0


def _geoparse(args: argparse.Namespace) -> int:
    from dashboard.data.encoding import UTF8, NotText, decode
    from dashboard.geo.geoparser import geoparse
    from dashboard.geo.language import resolve_language
    from dashboard.view.article import length_refusal

    try:
        decoded = decode(Path(args.file).read_bytes())
    except (OSError, NotText) as err:
        print(f"geoparse: cannot read {args.file}: {err}", file=sys.stderr)
        return 2
    if refusal := length_refusal(decoded.text, Translator()):
        print(f"geoparse: {args.file}: {refusal}", file=sys.stderr)
        return 2
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
    from dashboard.data import diff

    try:
        old, new = diff.load(Path(args.old)), diff.load(Path(args.new))
    except diff.Unreadable as err:
        print(f"diff: {err}", file=sys.stderr)
        return 2
    changes = diff.diff(old, new)
    if args.format == "json":
        print(json.dumps(diff.as_json(changes), ensure_ascii=False, indent=1, default=str))
    else:
        print(diff.as_text(changes))
    return 0


def _publish(args: argparse.Namespace) -> int:
    from dashboard.geo.dataset import load_dataset
    from dashboard.publish import publish

    data = load_dataset(load_config().data_dir, default_geocoder())
    for problem in data.problems:
        print(f"publish: skipped {problem}", file=sys.stderr)
    page = publish(Path(args.output), data, args.lang, args.url or "")
    print(page)
    return 0


def _assets(_args: argparse.Namespace) -> int:
    from dashboard.map.assets import fetch_assets

    for path in fetch_assets():
        print(path)
    return 0


def _export(args: argparse.Namespace) -> int:
    from dashboard.geo.dataset import load_dataset
    from dashboard.scene import SceneView, scene
    from dashboard.view.link import parse_view

    given = {"country": args.country, "date": args.date, "lang": args.lang}
    params = {key: [value] for key, value in given.items() if value is not None}
    parsed = parse_view(params, record_ids=())
    if parsed.notices:
        for notice in parsed.notices:
            print(f"export: {notice}", file=sys.stderr)
        return 2
    data = load_dataset(load_config().data_dir, default_geocoder())
    for problem in data.problems:
        print(f"export: skipped {problem}", file=sys.stderr)
    view = parsed.view
    selection = scene(data, SceneView(view.countries, view.date, view.lang)).selection
    body = export(selection, args.format, data, view.lang, raw=args.raw)
    if args.output:
        Path(args.output).write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    return 0


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

    compare = commands.add_parser("diff", help="list what changed between two data folders, by id")
    compare.add_argument("old", help="the data folder before")
    compare.add_argument("new", help="the data folder after")
    compare.add_argument("--format", choices=("text", "json"), default="text")
    compare.set_defaults(run=_diff)

    out = commands.add_parser("export", help="write the records of a view (countries, date) as a file")
    out.add_argument("--format", required=True, choices=list(formats()))
    out.add_argument("--country", help="comma-separated ISO codes, e.g. AM,BY (default: all)")
    out.add_argument("--date", help="as-of date YYYY-MM-DD in January 2022 (default: 2022-01-13)")
    out.add_argument("--lang", help="language of the HTML map: en (default) or de")
    out.add_argument("--raw", action="store_true",
                     help="write CSV cells untouched, for pipelines (default: text cells that a "
                          "spreadsheet would run as formulas get a leading apostrophe)")
    out.add_argument("-o", "--output", help="file to write (default: standard output)")
    out.set_defaults(run=_export)

    edition = commands.add_parser("publish", help="write the static edition (for any web host or CDN)")
    edition.add_argument("-o", "--output", default="site", help="folder to write (default: site)")
    edition.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0],
                         help=f"the language when a link names none (default: {LANGUAGES[0]})")
    edition.add_argument("--url", help="where the edition will be served, for the embed snippet")
    edition.set_defaults(run=_publish)

    fetch = commands.add_parser("assets", help="fetch the map's front-end files from npm (offline use)")
    fetch.set_defaults(run=_assets)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
