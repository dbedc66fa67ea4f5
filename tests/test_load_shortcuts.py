"""The loader's shortcuts against plain references: the ends of texts read from Arrow's buffers (the
regular expression they replace), a column whose texts are known distinct (`Coded.distinct`: the same
codes and frame column as when they are looked at), and citations set by C loops (the lists a plain loop
gives; a look-up of several tables at once, each table's alone)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from dashboard.data.coded import Coded, Known, cited, cited_names
from dashboard.data.vouched import _PLAIN_ENDS, plain_ends

_EDGES = ["", "a", " a", "a ", "ab", "a b", "\ta", "a\n", "~", "!", "\x7f", "é", "aé", "éa", "a\u00a0",
          "\u00a0a", "a\nb", "a\x00b", "Я", "x" * 300, " ", "  ", "a;b", "\u2028", "z\u2028z"]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_the_ends_read_from_the_buffers_are_the_expressions(kind: pa.DataType) -> None:
    texts = pa.array(_EDGES * 3, kind)
    for part in (texts, texts.slice(5), texts.slice(7, 20), texts.slice(0, 0), pa.array(["", ""], kind)):
        expected = pc.match_substring_regex(part, _PLAIN_ENDS).to_numpy(zero_copy_only=False)
        assert plain_ends(part).tolist() == expected.tolist()


def test_ends_of_a_column_with_nulls_are_read_by_the_expression() -> None:
    texts = pa.array(["a", None, " b"])
    assert plain_ends(texts).tolist() == pc.match_substring_regex(texts, _PLAIN_ENDS).to_pylist()


def test_a_column_known_distinct_factorises_and_frames_as_one_looked_at() -> None:
    values = ["b", "a", "c", None]
    codes = np.array([2, 0, 0, 1, 2], dtype=np.int64)
    known, looked = Coded(list(values), codes, distinct=True), Coded(list(values), codes)
    assert known.factorised().tolist() == looked.factorised().tolist()
    pd.testing.assert_series_equal(known.series(), looked.series())
    assert known.series().dtype == object


def test_citations_set_by_c_loops_are_a_plain_loops() -> None:
    ids = ["s1", "s2", "s3"]
    lists = [["s2", "s1"], ["s9"], [], ["s3"], None, ["s1", "s1", "s3"]]
    column = Coded([None if v is None else list(v) for v in lists], np.array([0, 1, 5, 3, 0, 4, 2]))
    found = cited(column, Known.of(ids))
    expected = [v if v is None or any(i not in ids for i in v) else [ids[ids.index(i)] for i in v]
                for v in lists]
    assert column.values == expected
    assert column.values[0][0] is ids[1] and column.values[5][2] is ids[2]  # the known's own strings
    assert found.bad.tolist() == [False, True, False, False, False, False, False]
    assert found.named == [["s9"]]
    assert found.at.tolist() == [0, 0, 2, 2, 2, 3, 4, 4]
    assert found.source.tolist() == [1, 0, 0, 0, 2, 2, 1, 0]


def test_a_look_up_of_several_lists_at_once_is_each_looked_up_alone() -> None:
    known = Known.of(["s1", "s2", "s3"])
    names: list[list[object]] = [["s2", "x", "s1"], [], ["s3", "s3", "y"]]
    together = known.look_up_all(names)
    assert [found.tolist() for found in together] == [known.look_up(some).tolist() for some in names]


def test_citations_given_their_look_up_are_those_looked_up_by_cited() -> None:
    lists = [["s2", "s1"], ["s9"], None]
    alone, given = (Coded([None if v is None else list(v) for v in lists], np.array([0, 1, 2, 0]))
                    for _ in range(2))
    known = Known.of(["s1", "s2"])
    expected = cited(alone, known)
    found = cited(given, known, known.look_up_all([cited_names(given)])[0])
    assert given.values == alone.values and found.named == expected.named
    assert found.bad.tolist() == expected.bad.tolist() and found.at.tolist() == expected.at.tolist()
    assert found.source.tolist() == expected.source.tolist()
    with pytest.raises(ValueError, match="not of this column"):
        cited(given, known, np.zeros(1, dtype=np.int64))
