"""The geoparser's gold standard: hand-annotated news texts, and precision and recall against it.

Each `tests/geoparse_gold/NAME.json` lists every place mention of one text (span, country, and the
gazetteer's name of the place). The short texts (German, English, Russian) are our own, written from
short facts about January 2022, and lie beside their annotation; a text's `lang` is the language it is
geoparsed in (automatic detection must agree: `tests.support.geoparse_eval` shows both). The dpa
report is the project's primary source and is not copied into the project: its annotation names it and
its SHA-256, and the text is read from the team's shared sources (`../shared/sources/`, or the file
named by DPA_REPORT).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parents[1] / "geoparse_gold"
REPO = GOLD_DIR.parent.parent
DPA = "dpa-2022-01-13"


@dataclass(frozen=True)
class GoldText:
    """One annotated text."""

    name: str
    lang: str
    text: str
    mentions: tuple[tuple[int, int, str, str], ...]  # (start, end, country, name)


def dpa_report_path() -> Path:
    """Where the dpa report lies: DPA_REPORT, else `shared/sources/` beside the repository or above it."""
    if os.environ.get("DPA_REPORT"):
        named = Path(os.environ["DPA_REPORT"])
        if not named.is_file():
            raise FileNotFoundError(f"DPA_REPORT names {named}, which is not a file")
        return named
    for folder in REPO.resolve().parents:
        candidate = folder / "shared" / "sources" / f"{DPA}.txt"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"the dpa report {DPA}.txt is not in a shared/sources/ folder beside or above {REPO.name}; "
        "set DPA_REPORT to its path")


def load(name: str) -> GoldText:
    """One annotated text by name (the file name without .json)."""
    gold = json.loads((GOLD_DIR / f"{name}.json").read_text(encoding="utf-8"))
    if "source" in gold:
        raw = dpa_report_path().read_bytes()
        if hashlib.sha256(raw).hexdigest() != gold["sha256"]:
            raise ValueError(f"{gold['source']} differs from the annotated version (SHA-256)")
        text = raw.decode("utf-8")
    else:
        text = (GOLD_DIR / gold["text"]).read_text(encoding="utf-8")
    for m in gold["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"], (name, m)
    return GoldText(name, gold["lang"], text,
                    tuple((m["start"], m["end"], m["country"], m["name"]) for m in gold["mentions"]))


def names() -> list[str]:
    """Every annotated text, the dpa report first."""
    return sorted((p.stem for p in GOLD_DIR.glob("*.json")), key=lambda n: (n != DPA, n))


def score(gold: GoldText, found: list[dict]) -> tuple[int, int, int]:
    """(right, found, annotated): a found mention is right when its span and its place both are."""
    predicted = {(m["start"], m["end"], m["country"], m["name"]) for m in found}
    return len(predicted & set(gold.mentions)), len(predicted), len(gold.mentions)


def ratio(part: int, whole: int) -> float:
    """part / whole, 1.0 for an empty whole."""
    return part / whole if whole else 1.0
