"""
Frame columns computed on Parquet columns give what the records give, whatever the dictionaries.

The classification column writes each distinct first classification once,
telling them apart by the indexes of their texts in the part file's
dictionaries; a dictionary may hold a text twice, and two classifications
may be written alike. The actors column orders each row's actors by its
type's role fields, which only works while every type lists them in one
common order.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")

from conflict_events.formats import parquet_frames  # noqa: E402
from conflict_events.formats.event_column_checks import (  # noqa: E402
    TYPES,
    all_role_fields,
    list_items,
    roles_of,
)

_texts = st.sampled_from(["acled", "ucdp", "a", "b:c", "d/e", "", "é"])
_classification = st.tuples(_texts, st.lists(_texts, max_size=4))
_rows = st.lists(st.none() | st.lists(_classification, max_size=3), max_size=12)


def _dictionary(texts: list[str], twice: bool) -> Any:
    """*texts* as a dictionary array; with *twice*, each distinct text is in it twice."""
    distinct = sorted(set(texts))
    entries = distinct + distinct if twice else distinct
    place = {text: index for index, text in enumerate(distinct)}
    indices = [
        place[text] + (len(distinct) if twice and n % 2 else 0) for n, text in enumerate(texts)
    ]
    return pa.DictionaryArray.from_arrays(
        pa.array(indices, pa.int32()), pa.array(entries, pa.string())
    )


def _column(rows: list[list[tuple[str, list[str]]] | None], twice: bool) -> Any:
    """The classifications column of *rows* as the frames read it: texts as dictionaries."""
    items = [item for row in rows if row for item in row]
    steps = [step for _, path in items for step in path]
    path_offsets = [0]
    for _, path in items:
        path_offsets.append(path_offsets[-1] + len(path))
    paths = pa.ListArray.from_arrays(pa.array(path_offsets, pa.int32()), _dictionary(steps, twice))
    structs = pa.StructArray.from_arrays(
        [_dictionary([scheme for scheme, _ in items], twice), paths], names=["scheme", "path"]
    )
    offsets = [0]
    for row in rows:
        offsets.append(offsets[-1] + len(row or ()))
    mask = pa.array([row is None for row in rows], pa.bool_())
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), structs, mask=mask)


@given(_rows, st.booleans())
def test_the_first_classification_is_each_rows_first_written_as_text(
    rows: list[list[tuple[str, list[str]]] | None], twice: bool
) -> None:
    expected = pa.array(
        [f"{row[0][0]}:{'/'.join(row[0][1])}" if row else None for row in rows], pa.string()
    ).dictionary_encode()
    got = parquet_frames._first_classification(_column(rows, twice))
    got.validate(full=True)
    assert got.equals(expected)


def test_two_classifications_written_alike_are_one_value() -> None:
    rows = [[("b:c", ["a"])], [("b", ["c:a"])], [("b", ["c:a"])], None]
    got = parquet_frames._first_classification(_column(rows, twice=False))
    assert got.dictionary.to_pylist() == ["b:c:a"]
    assert got.indices.to_pylist() == [0, 0, 0, None]


def test_every_event_type_lists_its_role_fields_in_one_common_order() -> None:
    order = [name for name, _ in all_role_fields()]
    for tag in TYPES:
        own = [name for name, _ in roles_of(tag)]
        assert own == sorted(own, key=order.index), tag
    assert parquet_frames._fields_in_every_types_order()


_lists = st.lists(st.tuples(st.booleans(), st.lists(st.integers(0, 9), max_size=3)), max_size=8)


@given(_lists, st.integers(0, 3), st.integers(0, 3))
def test_the_items_of_lists_are_those_list_flatten_gives(
    rows: list[tuple[bool, list[int]]], start: int, stop: int
) -> None:
    """Null lists may span items (written so by some tools), and arrays may be slices."""
    offsets = [0]
    for _, items in rows:
        offsets.append(offsets[-1] + len(items))
    lists = pa.ListArray.from_arrays(
        pa.array(offsets, pa.int32()),
        pa.array([item for _, items in rows for item in items], pa.int64()),
        mask=pa.array([null for null, _ in rows], pa.bool_()),
    )
    part = lists.slice(min(start, len(lists)), max(0, len(lists) - start - stop))
    assert list_items(part).equals(pa.compute.list_flatten(part))
