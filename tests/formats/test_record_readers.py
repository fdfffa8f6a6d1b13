"""
The generated record readers refuse exactly what the constructors refuse, and build equal records.

The fast converter reads each record class with a reader generated from its
description (`conflict_events.formats.record_readers`), which checks values
inline and builds the record without ``__init__``. Its oracle here is the
class constructor: the same plain data read field by field with the
converter's hooks, then ``cls(**values)``, whose validators and rules judge
it; the detailed converter, which the loader falls back to for the errors,
must agree as well. The data is a valid record's, then mutated: values of the
wrong type, out of range or beyond 64 bits, blank or invisible texts, lone
surrogates, bad identifiers and codes, non-finite coordinates, values of
other enumerations, keys left out or added.
"""

from __future__ import annotations

import enum
import functools
import re
from typing import Any, Final

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import Dataset, to_dict
from conflict_events import strategies as cs
from conflict_events.errors import FieldError
from conflict_events.formats import converter
from conflict_events.formats.converter import detailed_converter, fast_converter
from conflict_events.formats.documents import _DETAILED_DATA_ERRORS, FAST_DATA_ERRORS
from conflict_events.formats.record_readers import (
    MISSING,
    MemberHook,
    Refused,
    Unsupported,
    record_reader,
)
from conflict_events.model import EVENT_TYPES, Location, fields
from conflict_events.model.description import FieldDescription, FieldKind, description
from conflict_events.model.locations import LocationKind


def _record_classes() -> list[type]:
    """Every record class a dataset holds, however deep, the dataset itself aside."""
    found: dict[type, None] = {}
    pending: list[type] = [Dataset]
    while pending:
        cls = pending.pop()
        for field in description(cls).fields:
            inner = list(EVENT_TYPES.values()) if field.kind is FieldKind.EVENT else []
            inner += [field.spec.record] if field.spec.record is not None else []
            for kind in inner:
                if kind not in found:
                    found[kind] = None
                    pending.append(kind)
    return sorted(found, key=lambda cls: cls.__name__)


CLASSES: Final = _record_classes()

_ENUM_VALUES: Final = sorted(
    {
        member.value
        for cls in (*CLASSES, Dataset)
        for field in description(cls).fields
        if field.spec.choices is not None
        for member in field.spec.choices
    }
)

#: Values at the edges of what some field accepts, and just beyond.
_EDGES: Final[list[Any]] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    359,
    360,
    10**10,
    10**10 + 1,
    2**53,
    2**63,
    2**64 + 1,
    -(2**70),
    2**1023,
    2**1024,
    0.0,
    -0.0,
    1.5,
    90.0,
    90.000001,
    -90.0,
    -180.0,
    180.5,
    float("nan"),
    float("inf"),
    float("-inf"),
    "",
    " ",
    "\t\n",
    "\u3000",
    "\ufeff",
    "\x1c",
    "\ud800",
    "a\udfff",
    "é\n",
    "é\ud800",
    "\n\udc00x",
    "\u00a0\ufeff",
    "é",
    "x",
    "ab c",
    "SYR",
    "syr",
    "SY",
    "SYRA",
    "SYR\n",
    "a" * 128,
    "a" * 129,
    "_a",
    "a.b:c-d_e",
    "1.0.0",
    "1.0",
    "1.01.0",
    "2.0.0",
    "2017-02-04",
    "2017-02-30",
    "2017/2018",
    "2016/..",
    "2017-02-04T10:00:00Z",
    "2017-02-04T10:00:00+03:00",
    "2017-02-04T10:00",
    [],
    [1],
    ["a"],
    ["", "b"],
    ["a", "a"],
    ["\ud800"],
    [None],
    [{}],
    ("a",),
    (),
    {},
    {"a": 1},
    {"a": "b"},
    {"": "x"},
    {"x": " "},
    {"x": "\ud800"},
    {"a": float("nan")},
    {"a": 2**60},
    {"a": [[[]]]},
]


def _values() -> st.SearchStrategy[Any]:
    """Plain values of every JSON type and then some, valid for some field or for none."""
    edges = st.sampled_from(_EDGES)
    scalars = (
        edges
        | st.sampled_from(_ENUM_VALUES)
        | cs.identifiers()
        | st.text(max_size=6)
        | st.integers()
        | st.floats()
    )
    # The edges half the time: each is a fault of some field, or just short of one.
    return (
        edges
        | edges
        | edges
        | scalars
        | st.lists(scalars, max_size=3)
        | st.dictionaries(st.text(max_size=3), scalars, max_size=2)
    )


def _near(field: FieldDescription) -> st.SearchStrategy[Any]:
    """Values at and just beyond the bounds of a count or coordinate, whole and not; else any."""
    low, high = field.spec.minimum, field.spec.maximum
    if low is None or high is None:
        return _values()
    bounds = [low, high, low - 1, high + 1, (low + high) // 2]
    return (
        st.sampled_from([*bounds, *map(float, bounds), high + 0.5, low - 1e-9, True, False])
        | st.integers(low - 2, high + 2)
        | st.floats(low - 1, high + 1)
        | _values()
    )


def _mutated(data: dict[str, Any], draw: st.DrawFn, field: FieldDescription) -> dict[str, Any]:
    """
    *data* with its *field* changed, or left as it is.

    A value replaced, an item of a list replaced or added, a list emptied or
    the key taken out.
    """
    how = draw(st.sampled_from(["none", "value", "value", "item", "empty", "drop"]), label="how")
    result = dict(data)
    name = field.name
    if how == "value":
        result[name] = draw(_near(field), label="value")
    elif how == "item":
        items = list(result[name]) if isinstance(result.get(name), list) else []
        at = draw(st.integers(0, len(items)), label="at")
        items[at : at + 1] = [draw(_near(field), label="item")]
        result[name] = items
    elif how == "empty":
        result[name] = draw(st.sampled_from([[], (), {}, ""]), label="empty")
    elif how == "drop":
        result.pop(name, None)
    return result


def by_constructor(data: Any, cls: type) -> Any:
    """
    *data* read as the constructor judges it: each field by its kind's hook, then ``cls(...)``.

    The keys are checked as documents have them checked (an object, no unknown
    key, an event's own ``type``); every value is then the constructor's to
    refuse, by its validators and the class's rules.
    """
    if type(data) is not dict:
        raise TypeError(data)
    record = description(cls)
    allowed = {field.name for field in record.fields} | ({"type"} if record.tag else set())
    if not allowed.issuperset(data):
        raise KeyError(sorted(map(repr, set(data) - allowed)))
    if record.tag and data.get("type", record.tag) != record.tag:
        raise ValueError(data["type"])
    fast = fast_converter()
    values = {
        field.name: converter._reader(field.spec, fast)(data[field.name], None)
        for field in record.fields
        if field.name in data
    }
    return cls(**values)


def _verdict(read: Any, data: Any, cls: type, errors: tuple[type[BaseException], ...]) -> Any:
    """What *read* built from *data*, or the class of the error it refused it with."""
    try:
        return read(data, cls)
    except errors as error:
        return Refused if isinstance(error, Refused) else type(error)


def _same_record(left: Any, right: Any) -> None:
    """Equal records whose every attribute has the same type (a coordinate is a float in both)."""
    assert type(left) is type(right)
    assert left == right
    assert hash(left) == hash(right)
    for attribute in attrs.fields(type(left)):
        ours, theirs = getattr(left, attribute.name), getattr(right, attribute.name)
        assert type(ours) is type(theirs), attribute.name
        if attrs.has(type(ours)):
            _same_record(ours, theirs)
        elif isinstance(ours, tuple):
            for mine, other in zip(ours, theirs, strict=True):
                if attrs.has(type(mine)):
                    _same_record(mine, other)
                else:
                    assert type(mine) is type(other)


def _judge(data: Any, cls: type) -> None:
    """The reader, the constructor and the detailed converter agree on *data*."""
    reader = fast_converter().get_structure_hook(cls)
    ours = _verdict(reader, data, cls, FAST_DATA_ERRORS)
    constructed = _verdict(by_constructor, data, cls, FAST_DATA_ERRORS)
    detailed = _verdict(detailed_converter().structure, data, cls, _DETAILED_DATA_ERRORS)
    refused = [isinstance(v, type) for v in (ours, constructed, detailed)]
    assert refused in ([True] * 3, [False] * 3), (ours, constructed, detailed)
    if not refused[0]:
        _same_record(ours, constructed)
        _same_record(ours, detailed)


def _records(cls: type) -> st.SearchStrategy[Any]:
    return cs.datasets(max_events=2) if cls is Dataset else cs.records(cls)


@pytest.mark.parametrize("cls", [*CLASSES, Dataset], ids=lambda cls: cls.__name__)
@settings(max_examples=30)
@given(data=st.data())
def test_same_verdict_as_the_constructor(cls: type, data: st.DataObject) -> None:
    """
    A valid record's data, then each of its fields mutated in turn: refused by both, or equal.

    One field at a time, so that no fault hides another.
    """
    document = to_dict(data.draw(_records(cls), label="record"))
    _judge(document, cls)
    for field in description(cls).fields:
        _judge(_mutated(document, data.draw, field), cls)


@pytest.mark.parametrize("cls", [*CLASSES, Dataset], ids=lambda cls: cls.__name__)
@settings(max_examples=25)
@given(data=st.data())
def test_same_verdict_for_unknown_keys_and_types(cls: type, data: st.DataObject) -> None:
    """A key no field has, or an event ``type`` of another class or none, is judged alike."""
    document = to_dict(data.draw(_records(cls), label="record"))
    names = [field.name for field in description(cls).fields]
    key = data.draw(st.sampled_from(["extra", "Type", "type", "", *names]), label="key")
    document[key] = data.draw(_values() | st.sampled_from(sorted(EVENT_TYPES)), label="value")
    _judge(document, cls)


@settings(max_examples=80)
@given(
    cls=st.sampled_from(CLASSES),
    data=st.dictionaries(st.sampled_from(["id", "name", "kind", "type", "when"]), _values()),
)
def test_same_verdict_for_made_up_data(cls: type, data: dict[str, Any]) -> None:
    """Data that is no record's at all is refused alike (or, rarely valid, built alike)."""
    _judge(data, cls)


@pytest.mark.parametrize("value", [None, [], "x", 3, ("a",), {1: 2}])
def test_anything_but_an_object_is_refused(value: Any) -> None:
    """A record's data is an object: anything else is refused before any field is read."""
    with pytest.raises(Refused):
        fast_converter().get_structure_hook(Location)(value, Location)


def test_a_converter_hook_of_its_own_for_an_enumeration_is_called() -> None:
    """The reader inlines the member table of the converter's own hook only, not a replacement."""
    fresh = fast_converter.__wrapped__()  # type: ignore[attr-defined]
    seen: list[object] = []

    def kind_hook(value: object, kind: type[enum.Enum]) -> enum.Enum:
        seen.append(value)
        return MemberHook(kind)(value, kind)

    fresh.register_structure_hook(LocationKind, kind_hook)
    place = fresh.structure({"id": "p", "name": "P", "kind": "settlement"}, Location)
    assert place.kind is LocationKind.SETTLEMENT
    assert seen == ["settlement"]


def test_every_field_has_a_value_test() -> None:
    """Each field's spec carries the test both its validator and the readers are built from."""
    for cls in (*CLASSES, Dataset):
        for field in description(cls).fields:
            assert field.spec.test is not None, f"{cls.__name__}.{field.name}"


@attrs.frozen
class _WithPreInit:
    """A record class with a pre-init, which a reader cannot run without ``__init__``."""

    name: str = fields.text("A name.", required=True)

    def __attrs_pre_init__(self) -> None:
        """Nothing; its being there is the point."""


@attrs.frozen(cache_hash=True)
class _CachedHash:
    """A record class that keeps its hash once computed."""

    name: str = fields.text("A name.", required=True)
    tags: tuple[str, ...] = fields.texts("Tags.")


def test_a_class_with_a_pre_init_is_read_by_its_constructor() -> None:
    """The generator declines it, and the converter reads it through its ``__init__`` instead."""
    with pytest.raises(Unsupported):
        record_reader(_WithPreInit, lambda spec: fast_converter().get_structure_hook(object))
    assert fast_converter().structure({"name": "x"}, _WithPreInit) == _WithPreInit("x")
    with pytest.raises(FieldError):
        fast_converter().structure({"name": " "}, _WithPreInit)


def test_a_cached_hash_starts_empty() -> None:
    """A record of a class caching its hash is built with the cache empty, as ``__init__`` does."""
    read = fast_converter().structure({"name": "x", "tags": ["a"]}, _CachedHash)
    made = _CachedHash("x", ("a",))
    assert read == made
    assert hash(read) == hash(made)
    _judge({"name": "x", "tags": [" "]}, _CachedHash)


@settings(max_examples=60)
@given(st.lists(st.text(alphabet="abcd!", max_size=4), max_size=20))
def test_a_remembering_test_passes_what_its_pattern_matches(values: list[str]) -> None:
    """Past its bound the set of texts passed is emptied, and no verdict changes."""
    pattern = re.compile("[a-c]{1,3}")
    accepts = fields._remembering(pattern, 3).compiled()
    for value in values * 2:
        assert accepts(value) is (pattern.fullmatch(value) is not None)


def _hooks(spec: Any) -> Any:
    return converter._one_value(spec, fast_converter())


@functools.cache
def _readers(cls: type) -> tuple[Any, Any]:
    """The keyed and the positional reader of *cls*, generated once."""
    tag = description(cls).tag
    return record_reader(cls, _hooks, tag=tag), record_reader(cls, _hooks, tag=tag, positional=True)


def _reader_verdicts(cls: type, document: dict[str, Any]) -> tuple[Any, Any]:
    names = [field.name for field in description(cls).fields]
    by_key, by_position = _readers(cls)
    values = [document.get(name, MISSING) for name in names]
    return (
        _verdict(lambda d, _: by_key(d, cls), document, cls, FAST_DATA_ERRORS),
        _verdict(lambda _, __: by_position(*values), document, cls, FAST_DATA_ERRORS),
    )


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
@settings(max_examples=30)
@given(data=st.data())
def test_positional_readers_judge_as_keyed_ones(cls: type, data: st.DataObject) -> None:
    """Values passed in field order (MISSING for a key left out) read as the keyed data does."""
    document = to_dict(data.draw(_records(cls), label="record"))
    for mutated in [document, *(_mutated(document, data.draw, f) for f in description(cls).fields)]:
        if not isinstance(mutated, dict):
            continue
        keyed, positional = _reader_verdicts(cls, mutated)
        if isinstance(keyed, type):
            assert isinstance(positional, type), (keyed, positional)
        else:
            _same_record(keyed, positional)
