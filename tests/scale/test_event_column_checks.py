"""The bulk checks of the events' columns refuse exactly what the per-record checks refuse."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")

from conflict_events.formats.event_column_checks import (  # noqa: E402
    Fault,
    _check_rule,
    identifiers,
    reference_codes,
)
from conflict_events.model.fields import IDENTIFIER_TEST  # noqa: E402

_is_identifier = IDENTIFIER_TEST.compiled()

# Near identifiers: their characters, others of ASCII and beyond, lengths about the limit.
_CHARACTERS = st.sampled_from([*"aZ09_.:-", " ", "\n", "/", "\x00", "é", "ß", "\u0661"])
_TEXTS = st.one_of(
    st.text(_CHARACTERS, max_size=6),
    st.builds(
        lambda n, tail: "a" * n + tail, st.integers(120, 130), st.text(_CHARACTERS, max_size=2)
    ),
    st.text(max_size=4),
)


@given(st.lists(_TEXTS, max_size=12), st.integers(0, 3))
def test_identifiers_are_those_the_model_takes(texts: list[str], cut: int) -> None:
    array = pa.array(["x", *texts, "y"], pa.string()).slice(1, len(texts))  # an offset, as read
    assert identifiers(array) == all(_is_identifier(text) for text in texts)
    assert identifiers(array.slice(min(cut, len(texts)))) == all(
        _is_identifier(text) for text in texts[cut:]
    )


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("a", True),
        ("a" * 128, True),
        ("a" * 129, False),
        ("", False),
        ("-a", False),
        ("a-b.c:d_e", True),
        ("a\n", False),
        ("é", False),
        ("a b", False),
    ],
)
def test_identifier_examples(text: str, taken: bool) -> None:
    assert _is_identifier(text) is taken
    assert identifiers(pa.array(["ok", text])) is taken


_KNOWN = pa.array(["a", "b", "c"], pa.string())


@given(
    st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"])), max_size=10),
    st.booleans(),
)
def test_reference_codes_index_the_known_or_refuse(values: list[str | None], encode: bool) -> None:
    array = pa.array(values, pa.string())
    if encode:
        array = array.dictionary_encode()
    if "d" in values:
        with pytest.raises(Fault):
            reference_codes(array, _KNOWN)
        return
    codes = reference_codes(array, _KNOWN)
    assert codes.to_pylist() == [None if v is None else "abc".index(v) for v in values]


def test_a_null_dictionary_entry_is_refused() -> None:
    array = pa.DictionaryArray.from_arrays(pa.array([0, 1], pa.int32()), pa.array(["a", None]))
    with pytest.raises(Fault):
        reference_codes(array, _KNOWN)


def test_reference_codes_of_lists_keep_the_lists() -> None:
    lists = pa.array([["a", "c"], None, [], ["b"]], pa.list_(pa.string()))
    assert reference_codes(lists, _KNOWN).to_pylist() == [[0, 2], None, [], [1]]
    with pytest.raises(Fault):
        reference_codes(pa.array([["a", "z"]], pa.list_(pa.string())), _KNOWN)


_ROLE_LISTS = st.lists(
    st.tuples(
        st.one_of(st.none(), st.lists(st.integers(0, 3), max_size=3)),
        st.one_of(st.none(), st.lists(st.integers(0, 3), max_size=3)),
        st.one_of(st.none(), st.integers(0, 3)),
        st.booleans(),
    ),
    max_size=8,
)


@given(_ROLE_LISTS)
def test_rules_between_role_fields_as_sets_say(rows: list[Any]) -> None:
    """No one besieging and besieged, no holder among the contesters: in the rows selected."""
    from conflict_events.model.rules import Disjoint, NotAmong

    data = {
        "besiegers": pa.array([row[0] for row in rows], pa.list_(pa.int32())),
        "besieged": pa.array([row[1] for row in rows], pa.list_(pa.int32())),
        "holder": pa.array([row[2] for row in rows], pa.int32()),
        "contested_by": pa.array([row[1] for row in rows], pa.list_(pa.int32())),
    }
    selected = np.array([row[3] for row in rows], bool)
    both = any(chosen and set(first or ()) & set(second or ()) for first, second, _, chosen in rows)
    among = any(
        chosen and value is not None and value in (second or ())
        for _, second, value, chosen in rows
    )
    cases = [
        (Disjoint("besiegers", "besieged", also="also"), both),
        (NotAmong("holder", among="contested_by", at="contested_by", also="also"), among),
    ]
    for rule, broken in cases:
        if broken:
            with pytest.raises(Fault):
                _check_rule(rule, data, selected)
        else:
            _check_rule(rule, data, selected)
