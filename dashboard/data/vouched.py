"""Which distinct cells of a column Arrow's compute kernels vouch for, and their typed values.

The columnar validator (`dashboard.data.columnar`) judges each distinct cell of a column once. The common
kinds of cell declared in `data/rules.py` and `data/cells.py` are vouched for here, over the whole
dictionary at once: text with printable ASCII at both ends within its length and pattern, a plain decimal
within its bounds, a list of ids separated by single `;`. What the kernels cannot vouch for goes to the
declared check in Python.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.data.cells import blank_to_none, split_ids, strip
from dashboard.data.rules import _DECIMAL, Cell

# The kinds of cell the kernels vouch for: those read by nothing, `strip`, `blank_to_none` or `split_ids`.
_READERS = (None, strip, blank_to_none, split_ids)
# Printable ASCII other than the space, at both ends: text that no reading strips (RE2 syntax, whole text).
_PLAIN_ENDS = r"(?s)^[!-~](?:.*[!-~])?$"
# A list of ids as `split_ids` reads it unchanged: parts of printable ASCII other than space and ";",
# each separated by one ";".
_PLAIN_LIST = r"^[!-:<-~]+(?:;[!-:<-~]+)*$"


def is_text(kind: pa.DataType) -> bool:
    """Whether an Arrow type is text (string, large string or string view)."""
    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)


def vouched(distinct: pa.Array, cell: Cell | None) -> tuple[np.ndarray, list[object] | None] | None:
    """Which distinct cells the kernels vouch for, and their typed values (None: the text as it is; a
    blank optional cell is None); None when the cell's kind is not one the kernels know."""
    if cell is None or cell.read not in _READERS or not is_text(distinct.type):
        return None
    optional = cell.optional and cell.read is blank_to_none  # a blank cell is None
    blank = pc.equal(distinct, "").to_numpy(zero_copy_only=False) if optional else None
    try:
        plain = plain_ends(distinct)
        if cell.base is str:
            lengths = pc.utf8_length(distinct).to_numpy(zero_copy_only=False)
            sure = plain & (lengths >= (cell.min_length or 0))
            if cell.max_length is not None:
                sure &= lengths <= cell.max_length
            if cell.pattern is not None:
                sure &= pc.match_substring_regex(distinct, cell.pattern).to_numpy(zero_copy_only=False)
            if blank is None:
                return sure, None
            texts = distinct.to_pylist()
            for i in np.flatnonzero(blank).tolist():
                texts[i] = None
            return sure | blank, texts
        if cell.base is float:
            sure = plain & pc.match_substring_regex(distinct, f"^(?:{_DECIMAL.pattern})$").to_numpy(
                zero_copy_only=False)
            numbers = pc.if_else(pa.array(sure), distinct, "0").cast(pa.float64())
            numbers = numbers.to_numpy(zero_copy_only=False)
            if cell.ge is not None:
                sure &= numbers >= cell.ge
            if cell.le is not None:
                sure &= numbers <= cell.le
            typed: list[object] = numbers.tolist()
            if blank is not None:
                for i in np.flatnonzero(blank).tolist():
                    typed[i] = None
                sure |= blank
            return sure, typed
        if cell.base == list[str] and cell.read is split_ids:
            sure = pc.match_substring_regex(distinct, _PLAIN_LIST).to_numpy(zero_copy_only=False)
            counts = pc.add(pc.count_substring(distinct, ";"), 1).to_numpy(zero_copy_only=False)
            sure &= counts >= (cell.min_length or 0)
            if cell.max_length is not None:
                sure &= counts <= cell.max_length
            return sure, _split(distinct)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return None


def plain_ends(texts: pa.Array) -> np.ndarray:
    """Which texts match `_PLAIN_ENDS`: their first and last bytes read from Arrow's buffers by NumPy
    (a byte of printable ASCII is a whole character in UTF-8), not by a regular expression scanning each
    text; by the expression for a type or a null this does not read."""
    if texts.null_count or not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
        return pc.match_substring_regex(texts, _PLAIN_ENDS).to_numpy(zero_copy_only=False)
    _, offsets_buffer, data_buffer = texts.buffers()
    width = np.int32 if pa.types.is_string(texts.type) else np.int64
    offsets = np.frombuffer(offsets_buffer, dtype=width)[texts.offset:texts.offset + len(texts) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.empty(0, np.uint8)
    starts, ends = offsets[:-1], offsets[1:]
    filled = ends > starts
    if not filled.any():
        return filled
    first = data[np.where(filled, starts, starts[filled][0])]
    last = data[np.where(filled, ends - 1, starts[filled][0])]
    return filled & (first >= 0x21) & (first <= 0x7E) & (last >= 0x21) & (last <= 0x7E)


def _split(distinct: pa.Array) -> list[object]:
    """Each distinct text split at every ";" by Arrow, as Python lists: the parts made into Python strings
    at once, each text's list a slice of them."""
    parts = pc.split_pattern(distinct, ";")
    items = parts.values.to_numpy(zero_copy_only=False).tolist()
    offsets = parts.offsets.to_numpy(zero_copy_only=False).tolist()
    return [items[a:b] for a, b in pairwise(offsets)]
