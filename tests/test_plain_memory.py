"""`formats.plain_memory.remembered`: each distinct plain JSON value built once, none confused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events.formats.plain_memory import remembered

_scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8)
_plain = st.recursive(
    _scalars | st.floats(allow_nan=False),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


def _counting() -> tuple[list[Any], Any]:
    calls: list[Any] = []

    def build(value: Any) -> str:
        calls.append(value)
        return json.dumps(value, sort_keys=False) + type(value).__name__

    return calls, build


@given(st.lists(_plain, max_size=20))
def test_each_value_is_built_once_and_given_back_as_built(values: list[Any]) -> None:
    calls, build = _counting()
    known = remembered(build)
    assert [known(value) for value in values] == [build(value) for value in values]
    distinct = {(type(v) is str, v if type(v) is str else repr(v)) for v in values}
    assert len(calls) - len(values) == len(distinct)  # the memory's builds, then the check's


def test_values_json_tells_apart_stay_apart() -> None:
    calls, build = _counting()
    known = remembered(build)
    built = [known(value) for value in (1, 1.0, True, "1", "True", None, "None", [1], [True])]
    assert len(set(built)) == len(built) == len(calls)


def test_the_target_a_converter_passes_is_ignored() -> None:
    calls, build = _counting()
    known = remembered(build)
    assert known("a", int) == known("a", str) == known("a")
    assert calls == ["a"]


def test_a_refusal_is_not_remembered() -> None:
    calls: list[Any] = []

    def build(value: Any) -> Any:
        calls.append(value)
        if len(calls) == 1:
            raise ValueError(value)
        return value

    known = remembered(build)
    with pytest.raises(ValueError, match="x"):
        known("x")
    assert known("x") == "x"
    assert calls == ["x", "x"]


def test_a_full_memory_starts_afresh() -> None:
    calls, build = _counting()
    known = remembered(build, limit=2)
    for value in ("a", "b", "c", "a"):  # "c" clears "a" and "b"
        known(value)
    assert calls == ["a", "b", "c", "a"]
    known("c")
    assert len(calls) == 4
