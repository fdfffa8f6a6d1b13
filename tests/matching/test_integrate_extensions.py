"""Integrating datasets whose own extensions differ: each value is kept, none is chosen."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import ValidationError, from_json, to_json
from conflict_events.examples import sample
from conflict_events.formats.ucdp import read_ucdp, write_ucdp
from conflict_events.matching import integrate, match
from conflict_events.matching.integrate import _agreed
from conflict_events.model import Dataset


def test_two_versions_of_ucdp_integrate_with_both_headers_kept() -> None:
    old, new = (
        read_ucdp(sample(name))
        for name in ("ucdp_ged_191_sample.csv", "ucdp_ged_231_syria_iraq_sample.csv")
    )
    headers = [old.extensions["ucdp"]["header"], new.extensions["ucdp"]["header"]]
    assert headers[0] != headers[1]
    matches = match(old, new)
    joined = integrate([old, new], matches)
    kept = joined.extensions["matching"]["differing"]["ucdp"]["header"]
    assert sorted(map(json.dumps, kept)) == sorted(map(json.dumps, headers))
    assert "ucdp" not in joined.extensions  # its one key differs: nothing stands for both
    assert len(joined.events) == len(old.events) + len(new.events)
    swapped = integrate([new, old], matches)
    assert swapped.extensions == joined.extensions
    assert from_json(to_json(joined), Dataset) == joined
    written = io.StringIO()
    write_ucdp(joined, written)
    assert len(read_ucdp(io.StringIO(written.getvalue())).events) == len(joined.events)


def test_agreeing_extensions_stay_where_they_are() -> None:
    dataset = read_ucdp(sample("ucdp_ged_231_syria_iraq_sample.csv"))
    joined = integrate([dataset, dataset], [])
    assert joined.extensions["ucdp"] == dataset.extensions["ucdp"]
    assert "differing" not in joined.extensions["matching"]


def test_a_dataset_integrated_before_is_still_refused() -> None:
    dataset = Dataset(extensions={"matching": {"threshold": 0.5}})
    other = Dataset(extensions={"matching": {"threshold": 0.7}})
    with pytest.raises(ValidationError, match="integrate a dataset once"):
        integrate([dataset, other], [])


_SCALARS = st.one_of(st.integers(-3, 3), st.sampled_from(["a", "b"]), st.none())
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=2), st.dictionaries(st.sampled_from("xyz"), inner, max_size=3)
    ),
    max_leaves=6,
)
_EXTENSIONS = st.dictionaries(st.sampled_from(["p", "q"]), _VALUES, max_size=2)


def _leaves(value: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    if isinstance(value, dict) and value:
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    return [(path, value)]


def _kept(agreed: Any, differing: Any, path: tuple[str, ...], value: Any) -> bool:
    """Whether *value* at *path* is in *agreed* there, or among *differing*'s values on its way."""
    for depth in range(1, len(path) + 1):
        found = _at(differing, path[:depth])
        if isinstance(found, list) and any(_at(v, path[depth:]) == value for v in found):
            return True
    here = _at(agreed, path)
    return bool(here == value or (value == {} and isinstance(here, dict)))


_MISSING = object()


def _at(container: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(container, dict) or key not in container:
            return _MISSING
        container = container[key]
    return container


@given(st.lists(_EXTENSIONS, min_size=1, max_size=3), st.randoms(use_true_random=False))
def test_every_value_is_kept_and_the_order_changes_nothing(
    extensions: list[dict[str, Any]], order: Any
) -> None:
    agreed, differing = _agreed(extensions)
    for mapping in extensions:
        for key, item in mapping.items():
            for path, value in _leaves(item, (key,)):
                assert _kept(agreed, differing, path, value)
    shuffled = list(extensions)
    order.shuffle(shuffled)
    again = _agreed(shuffled)
    assert json.dumps(again, sort_keys=True) == json.dumps((agreed, differing), sort_keys=True)
    if all(mapping == extensions[0] for mapping in extensions):
        assert (agreed, differing) == (extensions[0], {})
