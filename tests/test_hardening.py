"""Loaders meet hostile input: every input gives a value or a ValidationError."""

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflict_events import (
    Dataset,
    Location,
    ValidationError,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from conflict_events import strategies as cs
from conflict_events.formats import documents

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@pytest.fixture(params=["orjson", "stdlib"])
def parser(request: pytest.FixtureRequest) -> Any:
    """Run a test with orjson and again with the standard library's parser."""
    saved = documents._orjson
    if request.param == "stdlib":
        documents._orjson = None
    yield request.param
    documents._orjson = saved


def _value_or_validation_error(text: str | bytes, **options: Any) -> None:
    try:
        from_json(text, Dataset, **options)
    except ValidationError as error:
        assert error.errors
        assert all(detail.path and detail.message for detail in error.errors)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_arbitrary_bytes(parser: str, data: bytes) -> None:
    """Any bytes give a dataset or a ValidationError, with either parser."""
    _value_or_validation_error(data)


@settings(max_examples=300)
@given(JSON_VALUES)
def test_arbitrary_json_values(value: Any) -> None:
    """Any JSON value where a dataset belongs gives a dataset or a ValidationError."""
    try:
        from_dict(value, Dataset)
    except ValidationError as error:
        assert error.errors


def _nodes(document: Any) -> list[list[Any]]:
    found: list[list[Any]] = []

    def walk(node: Any, keys: list[Any]) -> None:
        found.append(keys)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, [*keys, key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, [*keys, index])

    walk(document, [])
    return found[1:]


@settings(max_examples=200)
@given(cs.datasets(max_events=4), st.data())
def test_mutated_valid_documents(dataset: Dataset, data: st.DataObject) -> None:
    """Replacing any part of a valid document with any JSON value never ends in another error."""
    document = to_dict(dataset)
    keys = data.draw(st.sampled_from(_nodes(document)))
    node = document
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = data.draw(JSON_VALUES)
    try:
        from_dict(document, Dataset)
    except ValidationError as error:
        assert error.errors


@pytest.mark.parametrize("depth", [50, 2_000, 100_000])
def test_deep_nesting_is_refused_cleanly(parser: str, depth: int) -> None:
    """Deeply nested input is refused with a message, never a RecursionError."""
    for text in (
        "[" * depth + "]" * depth,
        '{"extensions": {"x": ' + "[" * depth + "]" * depth + "}}",
    ):
        with pytest.raises(ValidationError) as caught:
            from_json(text, Dataset)
        assert caught.value.errors[0].path.startswith(("$", "extensions['x']"))


@pytest.mark.parametrize(
    "text",
    ['{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}', b'{"a": "\xff"}', b"\xff\xfe{}"],
)
def test_non_json_numbers_and_bad_utf8_are_refused(parser: str, text: str | bytes) -> None:
    """NaN, Infinity and invalid UTF-8 are refused at the root."""
    with pytest.raises(ValidationError) as caught:
        from_json(text, Dataset)
    assert caught.value.errors[0].path == "$"


def test_a_byte_order_mark_is_accepted(parser: str) -> None:
    """A leading UTF-8 BOM, as some Windows tools write, is skipped."""
    text = to_json(Dataset())
    assert from_json("\ufeff" + text, Dataset) == Dataset()
    assert from_json(b"\xef\xbb\xbf" + text.encode(), Dataset) == Dataset()


def test_lone_surrogates_are_refused(parser: str) -> None:
    """A lone surrogate is not Unicode text: refused by the parser or by the field."""
    text = '{"locations": [{"id": "a", "name": "\\ud800", "kind": "settlement"}]}'
    with pytest.raises(ValidationError) as caught:
        from_json(text, Dataset)
    assert caught.value.errors[0].path in {"$", "locations[0].name"}
    with pytest.raises(ValidationError, match="surrogate"):
        from_dict({"id": "a", "name": "\ud800x", "kind": "settlement"}, Location)
    with pytest.raises(ValidationError, match="surrogate"):
        from_dict({"extensions": {"k": "\udfff"}}, Dataset)


def test_integers_beyond_the_bounds_are_refused(parser: str) -> None:
    """Counts and extension integers stay within what every JSON reader holds."""
    with pytest.raises(ValidationError) as caught:
        from_json('{"extensions": {"x": ' + "9" * 30 + "}}", Dataset)
    assert caught.value.errors[0].path in {"$", "extensions['x']"}


def test_impossible_calendar_dates_are_refused() -> None:
    """2017-02-30 is refused where a date belongs."""
    document = {"id": "s", "publisher": "p", "published": "2017-02-30"}
    with pytest.raises(ValidationError, match="2017-02-30"):
        from_dict(document, Dataset.__attrs_attrs__.sources.type.__args__[0])


def test_size_limit(parser: str) -> None:
    """A text over the size limit is refused before it is parsed."""
    text = to_json(Dataset())
    assert from_json(text, Dataset, max_bytes=len(text)) == Dataset()
    with pytest.raises(ValidationError, match="over the limit"):
        from_json(text, Dataset, max_bytes=len(text) - 1)


class TestDuplicateKeys:
    """Silent last-wins loses data; the strict option refuses duplicates with their path."""

    TEXT = (
        '{"schema_version": "1.0.0", "locations": [{"id": "a", "name": "Palmyra", '
        '"name": "Tadmur", "kind": "settlement"}], "extensions": {"x": 1, "x": 2}}'
    )

    def test_strict_loading_reports_every_duplicate(self) -> None:
        """Each key given twice is reported at its path."""
        with pytest.raises(ValidationError) as caught:
            from_json(self.TEXT, Dataset, strict=True)
        text = self.TEXT
        second_name = text.index('"name"', text.index('"name"') + 1)
        second_x = text.index('"x"', text.index('"x"') + 1)
        assert [(e.path, e.message, e.line, e.column) for e in caught.value.errors] == [
            ("locations[0].name", "duplicate key 'name'", 1, second_name + 1),
            ("extensions.x", "duplicate key 'x'", 1, second_x + 1),
        ]

    def test_default_loading_keeps_the_last_value(self) -> None:
        """Without strict, the last value wins, as in most JSON readers."""
        assert from_json(self.TEXT, Dataset).locations[0].name == "Tadmur"

    @given(cs.datasets(max_events=3))
    def test_strict_loading_accepts_valid_documents(self, dataset: Dataset) -> None:
        """Strict loading reads every valid document to the same value."""
        assert from_json(to_json(dataset), Dataset, strict=True) == dataset


@settings(max_examples=3)
@given(st.lists(cs.datasets(max_events=3), min_size=4, max_size=4))
def test_the_converter_is_safe_from_many_threads(datasets: list[Dataset]) -> None:
    """Loading and dumping from a thread pool gives the same results as in one thread."""
    documents_ = [to_json(dataset) for dataset in datasets]
    expected = [from_json(text, Dataset) for text in documents_]
    bad = json.dumps({"locations": [{"id": "a", "name": "", "kind": "x"}]})

    def work(index: int) -> tuple[Dataset, list[str]]:
        value = from_json(documents_[index % 4], Dataset)
        assert to_json(value) == documents_[index % 4]
        try:
            from_json(bad, Dataset)
        except ValidationError as error:
            return value, [str(e) for e in error.errors]
        raise AssertionError

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(400)))
    for index, (value, errors) in enumerate(results):
        assert value == expected[index % 4]
        assert len(errors) == 2
        assert errors[0].startswith("line 1: locations[0].name: '' is not a non-empty string")
        assert errors[1].startswith("line 1: locations[0].kind: 'x' is not one of")


@pytest.mark.parametrize("depth", [31, 32, 33, 34])
def test_extension_depth_limit_is_exact(depth: int) -> None:
    """Extensions nest up to 32 levels below the extensions object and no deeper."""
    nested: Any = 1
    for _ in range(depth):
        nested = [nested]
    document = {"extensions": {"x": nested}}
    if depth < 32:
        assert from_dict(document, Dataset).extensions == {"x": nested}
    else:
        with pytest.raises(ValidationError, match="nests deeper than 32"):
            from_dict(document, Dataset)
