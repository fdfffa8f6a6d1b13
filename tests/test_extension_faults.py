"""The extensions check finds the same first fault, at the same path, as a plain recursive walk."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from conflict_events.errors import describe
from conflict_events.model.fields import (
    MAX_EXTENSION_DEPTH,
    MAX_JSON_INT,
    _json_fault,
    is_unicode,
)


def _plain(value: Any, path: str, depth: int) -> tuple[str, str] | None:
    """The check written the straightforward way: every value visited, every path built."""
    if depth > MAX_EXTENSION_DEPTH:
        return path, "deep"
    if type(value) is str:
        return None if is_unicode(value) else (path, "surrogate")
    if value is None or type(value) is bool:
        return None
    if type(value) is int:
        return None if -MAX_JSON_INT <= value <= MAX_JSON_INT else (path, "int")
    if type(value) is float:
        exact = math.isfinite(value) and not (abs(value) > MAX_JSON_INT and value.is_integer())
        return None if exact else (path, "float")
    if type(value) is list:
        for index, item in enumerate(value):
            if found := _plain(item, f"{path}[{index}]", depth + 1):
                return found
        return None
    for key, item in value.items():
        if found := _plain(item, f"{path}[{describe(key)}]", depth + 1):
            return found
    return None


_leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=4)
    | st.sampled_from(["\ud800", "a\udfffb", "ascii"])
)
_values = st.recursive(
    _leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=20,
)


def _nested(value: Any, levels: int) -> Any:
    for _ in range(levels):
        value = [value]
    return value


@given(_values, st.integers(0, MAX_EXTENSION_DEPTH + 2))
def test_the_first_fault_and_its_path_match_a_plain_walk(value: Any, levels: int) -> None:
    value = {"x": _nested(value, levels)}
    found = _json_fault(value, 0)
    plain = _plain(value, "extensions", 0)
    assert (found is None) == (plain is None)
    if found is not None and plain is not None:
        steps, _ = found
        assert "extensions" + "".join(reversed(steps)) == plain[0]


def test_an_ascii_text_one_level_too_deep_is_still_refused() -> None:
    assert _json_fault(_nested("a", MAX_EXTENSION_DEPTH + 1), 0) is not None
    assert _json_fault(_nested("a", MAX_EXTENSION_DEPTH), 0) is None
