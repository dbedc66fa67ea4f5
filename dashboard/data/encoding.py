"""Turning the bytes of a spreadsheet or text file into text, knowing the region's encodings.

Only the encodings `docs/data-format.md` lists are chosen, in its order: UTF-8 (with or without BOM)
and UTF-16 with a BOM (Excel's "Unicode text") are read as they are; other bytes are decoded strictly
with each of Windows-1251 (Russian), KZ-1048 (Kazakh) and Windows-1252 (Western European), and the
candidate whose text reads best wins: the most letters in *real words* (written wholly in one of the
alphabets this data uses: Russian or Kazakh Cyrillic, Latin with a few accents), the fewest in
others. Where two candidates read the same text (typographic quotes and dashes sit at the same bytes in
Windows-1251 and Windows-1252) and it has no letter outside ASCII, it is Windows-1252. A file that mixes
UTF-8 and legacy lines is read line by line. Bytes that none of them reads are refused with the offset
of the first byte that stops them.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from dashboard.memo import memoised

UTF8 = "utf-8"
UTF16 = "utf-16"
MIXED = "mixed"
# The region's legacy encodings as docs/data-format.md lists them, in the order that breaks ties (a
# pure-Russian file is cp1251, not kz1048). Nothing else is ever chosen: a detector's guess of a DOS
# code page (cp775, cp1125) turned typographic quotes into letters.
REGION = ("cp1251", "kz1048", "cp1252")
WESTERN = "cp1252"
LABELS = {
    UTF8: "UTF-8",
    UTF16: "UTF-16 (Excel's Unicode text)",
    MIXED: "mixed encodings",
    "cp1251": "cp1251 (Cyrillic, Windows)",
    "kz1048": "kz1048 (Kazakh, Windows)",
    "cp1252": "cp1252 (Western European, Windows)",
}

RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
KAZAKH = RUSSIAN | frozenset("әғқңөұүһі")
WORD = re.compile(r"[^\W\d_]+")  # a run of letters
# Control characters (category Cc) other than tab, newline, form feed and carriage return.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and how."""

    text: str  # the decoded text, newlines as in the file
    encoding: str  # the codec used for the whole text ("utf-8", "utf-16", "cp1251", ...) or "mixed"
    label: str  # human label, e.g. "cp1251 (Cyrillic, Windows)"
    # 0-based physical line -> codec, only for lines read on their own in a mixed file
    line_encodings: dict[int, str]


class NotText(ValueError):
    """The bytes are not text in any encoding we know; str(err) is the reader's message."""


class Fit(NamedTuple):
    """One candidate encoding that decodes the bytes: its name, the text, and the text's score."""

    encoding: str
    text: str
    score: int


def label(encoding: str) -> str:
    """The human label of an encoding name used in `Decoded` ("cp1251" -> "cp1251 (Cyrillic, Windows)")."""
    return LABELS.get(encoding, encoding)


@memoised(entries=1 << 16)
def is_real_word(word: str) -> bool:
    """Whether a run of letters is a plausible word in an alphabet this data is written in.

    Real: a word written in Russian Cyrillic (а–я, ё), Kazakh Cyrillic (Russian plus ә ғ қ ң ө ұ ү һ
    і), or Latin (ASCII letters and accented Latin letters) with at most half of its letters accented.
    Not real: a word mixing scripts ("Schangaцsen"), one with letters of other Cyrillic alphabets (ђ ћ
    љ њ џ ќ ѓ ў є ї — how cp1251 shows Kazakh letters), or a "Latin" word mostly of accented letters
    ("Àëìàòû", "Ŕëěŕňű" — how Cyrillic looks in cp1252 or cp1250).
    """
    if set(word.lower()) <= KAZAKH:  # Russian is a subset of Kazakh
        return True
    accented = sum(not ch.isascii() for ch in word)
    latin = all(ch.isascii() or unicodedata.name(ch, "").startswith("LATIN ") for ch in word)
    return latin and 2 * accented <= len(word)


def score(text: str) -> int:
    """How well `text` reads: the letters in real words minus the letters in other words (see
    `is_real_word`)."""
    return sum(len(word) if is_real_word(word) else -len(word) for word in WORD.findall(text))


def best_fit(raw: bytes, candidates: Iterable[str]) -> Fit | None:
    """The candidate encoding whose strict decoding of `raw` scores highest; None when none fits.

    A candidate fits when it decodes every byte and gives no control characters besides tab, newline,
    carriage return and form feed. Ties go to the earlier candidate, except that Windows-1252 wins a tie
    of the same text without letters outside ASCII (typographic punctuation only: Western text).
    """
    best: Fit | None = None
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _has_controls(text):
            continue
        fit = Fit(encoding, text, score(text))
        if best is None or fit.score > best.score or (
                fit.score == best.score and encoding == WESTERN and fit.text == best.text
                and not _foreign_letters(text)):
            best = fit
    return best


def candidates(_raw: bytes = b"") -> list[str]:
    """The encodings to try on bytes that are not UTF-8: the region's, in the documented order."""
    return list(REGION)


def stop_offset(raw: bytes, encodings: Iterable[str] = (UTF8, *REGION)) -> int:
    """The offset of the first byte that stops the encoding that reads furthest into `raw` (a byte it
    cannot decode, or one it decodes to a control character): where a file none reads goes wrong."""
    furthest = 0
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as err:
            furthest = max(furthest, err.start)
            continue
        control = CONTROLS.search(text)
        if control is not None:  # a single-byte encoding: characters are bytes
            at = control.start() if encoding != UTF8 else len(text[:control.start()].encode(UTF8))
            furthest = max(furthest, at)
    return furthest


def _foreign_letters(text: str) -> bool:
    """Whether `text` has a letter outside ASCII (an accented Latin letter, a Cyrillic one...)."""
    return any(not ch.isascii() and ch.isalpha() for ch in text)


def decode(raw: bytes) -> Decoded:
    """Decode the bytes of a spreadsheet or text file.

    UTF-16 with a BOM and UTF-8 (BOM dropped) are read as they are. Otherwise the best-scoring legacy
    candidate (see `best_fit`) reads the whole file — unless some lines are UTF-8 with non-ASCII
    letters and others are not: then each line is read on its own (UTF-8 where valid, else its best
    legacy candidate), `encoding` is "mixed" and `line_encodings` names the lines not read as UTF-8.
    (Legacy Cyrillic or accented text is practically never valid UTF-8 by accident.)

    Raises NotText for bytes with NUL characters that are not UTF-16 (a binary file), or when no
    candidate decodes them.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(raw)
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise NotText(f"not a text file (a NUL byte at byte {nul}); save it as UTF-8 text")
    try:
        return Decoded(raw.decode("utf-8-sig"), UTF8, label(UTF8), {})
    except UnicodeDecodeError:
        pass
    body = raw.removeprefix(codecs.BOM_UTF8)  # a UTF-8 mark before text that is not UTF-8
    tried = candidates(body)
    lines = _lines(body)
    if not any(_utf8_letters(line) for line in lines):
        whole = best_fit(body, tried)
        if whole is not None:
            return Decoded(whole.text, whole.encoding, label(whole.encoding), {})
    return _by_line(lines, tried, len(raw) - len(body))


def _utf16(raw: bytes) -> Decoded:
    try:
        text = raw.decode(UTF16)  # the BOM says which byte order, and is dropped
    except UnicodeDecodeError as err:
        raise NotText(f"not text: it starts with a UTF-16 mark but is not UTF-16 (byte {err.start}); "
                      "save it as UTF-8 text") from err
    if _has_controls(text):
        raise NotText("not a text file (control characters after a UTF-16 mark); save it as UTF-8 text")
    return Decoded(text, UTF16, label(UTF16), {})


def _by_line(lines: Sequence[bytes], tried: Sequence[str], start: int = 0) -> Decoded:
    """Read each line on its own (the first at byte `start` of the file); one legacy reading for all
    non-ASCII lines is not "mixed"."""
    texts: list[str] = []
    used: dict[int, str] = {}
    utf8_lines = False
    offsets = [start]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for number, line in enumerate(lines):
        if line.isascii():
            texts.append(line.decode("ascii"))
            continue
        as_utf8 = _utf8(line)
        if as_utf8 is not None:
            texts.append(as_utf8)
            utf8_lines = True
            continue
        legacy = best_fit(line, tried)
        if legacy is not None:
            texts.append(legacy.text)
            used[number] = legacy.encoding
        else:
            within = stop_offset(line)
            raise NotText(f"not UTF-8 and no known encoding fits line {number + 1} (byte "
                          f"{offsets[number] + within}, 0x{line[within]:02x}: not UTF-8, Windows-1251, "
                          "KZ-1048 or Windows-1252); save the file as UTF-8")
    text = "".join(texts)
    if not utf8_lines and len(set(used.values())) == 1:
        (encoding,) = set(used.values())
        return Decoded(text, encoding, label(encoding), {})
    return Decoded(text, MIXED, label(MIXED), used)


def _lines(raw: bytes) -> list[bytes]:
    """The physical lines, each with its "\\n" (as `io.StringIO` splits the decoded text)."""
    parts = raw.split(b"\n")
    return [part + b"\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _utf8(line: bytes) -> str | None:
    try:
        return line.decode(UTF8)
    except UnicodeDecodeError:
        return None


def _utf8_letters(line: bytes) -> bool:
    """Whether a line is valid UTF-8 with non-ASCII characters (a UTF-8 line in a non-UTF-8 file)."""
    return not line.isascii() and _utf8(line) is not None


def _has_controls(text: str) -> bool:
    return CONTROLS.search(text) is not None
