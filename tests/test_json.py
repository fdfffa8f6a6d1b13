"""Lossless JSON round trips, strict loading, and errors reported by path."""

import json
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conflict_events import (
    Actor,
    ActorRelation,
    Attribution,
    Dataset,
    Estimate,
    FuzzyDate,
    Location,
    Participant,
    Source,
    Span,
    ValidationError,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from conflict_events import strategies as cs
from conflict_events.formats import documents
from conflict_events.model import EVENT_TYPES, SCHEMA_VERSION, Event, EventBase

ROUND_TRIPS = [
    (cs.datasets(), Dataset),
    (cs.actors(), Actor),
    (cs.locations(), Location),
    (cs.sources(), Source),
    (cs.attributions(), Attribution),
    (cs.actor_relations(), ActorRelation),
    (cs.participants(), Participant),
    (cs.estimates(), Estimate),
    (cs.fuzzy_dates(), FuzzyDate),
    (cs.spans(), Span),
    *((cs.events(kinds=st.just(kind)), kind) for kind in EVENT_TYPES.values()),
]


@pytest.mark.parametrize(
    ("strategy", "kind"), ROUND_TRIPS, ids=lambda x: getattr(x, "__name__", "")
)
@given(data=st.data())
def test_json_round_trip_is_lossless(strategy: Any, kind: type, data: st.DataObject) -> None:
    """from_json(to_json(x), type(x)) == x for every public type."""
    value = data.draw(strategy)
    assert from_json(to_json(value), kind) == value
    assert from_dict(to_dict(value), kind) == value


@given(cs.events())
def test_events_load_through_the_union(event: EventBase) -> None:
    """Any event loads back through the Event union, choosing its class by ``type``."""
    data = to_dict(event)
    assert data["type"] == event.event_type
    assert from_dict(data, Event) == event
    assert from_dict(data, type(event)) == event


@given(cs.datasets())
def test_stdlib_json_gives_the_same_text(dataset: Dataset) -> None:
    """
    With or without orjson, the JSON text holds the same data and reads back equal.

    The texts are identical but for the spelling of small floats (1e-05 / 0.00001).
    """
    fast = to_json(dataset)
    saved = documents._orjson
    documents._orjson = None
    try:
        plain = to_json(dataset)
        assert from_json(plain, Dataset) == dataset
    finally:
        documents._orjson = saved
    assert json.loads(plain) == json.loads(fast)


def test_schema_version_is_always_written() -> None:
    """Every document names its format version, even an empty one."""
    assert json.loads(to_json(Dataset())) == {"schema_version": SCHEMA_VERSION}


def _leaves(data: Any, path: str = "") -> list[tuple[str, list[Any]]]:
    """Every corruptible place in plain data: (path, key chain), skipping free-form extensions."""
    found: list[tuple[str, list[Any]]] = []

    def walk(node: Any, here: str, keys: list[Any]) -> None:
        if here:
            found.append((here, keys))
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "extensions":
                    found.append((f"{here}.{key}" if here else key, [*keys, key]))
                    continue
                if here.endswith("external_ids"):
                    found.append((f"{here}[{key!r}]", [*keys, key]))
                    continue
                walk(value, f"{here}.{key}" if here else key, [*keys, key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{here}[{index}]", [*keys, index])

    walk(data, path, [])
    return found


def _corrupt(value: Any) -> Any:
    """A value of a JSON type the field cannot hold."""
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, str):
        return 12345
    if isinstance(value, (int, float)):
        return "12"
    if isinstance(value, list):
        return {"not": "a list"}
    return ["not", "an object"]


@given(cs.datasets(), st.data())
def test_every_single_field_corruption_is_refused_at_its_path(
    dataset: Dataset, data: st.DataObject
) -> None:
    """Putting a wrongly typed value anywhere in a valid document is refused at exactly that path."""
    document = to_dict(dataset)
    path, keys = data.draw(st.sampled_from(_leaves(document)))
    node = document
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = _corrupt(node[keys[-1]])
    with pytest.raises(ValidationError) as caught:
        from_dict(document, Dataset)
    assert [error.path for error in caught.value.errors] == [path]
    assert caught.value.errors[0].message


@given(cs.datasets(max_events=3), st.text(min_size=1, max_size=6).filter(lambda k: k != "type"))
def test_unknown_keys_are_refused_by_name(dataset: Dataset, key: str) -> None:
    """An unknown key is refused, naming it; users put their own data in ``extensions``."""
    document = to_dict(dataset)
    document["actors"][0][key] = 1
    assume(key not in {a.name for a in Actor.__attrs_attrs__})
    with pytest.raises(ValidationError) as caught:
        from_dict(document, Dataset)
    assert any(f"unknown field {key!r}" == error.message for error in caught.value.errors)


class TestStrictness:
    """The loader refuses what lenient converters would silently coerce."""

    @pytest.mark.parametrize(
        ("change", "path", "fragment"),
        [
            ({"name": 2}, "name", "2 is not a non-empty string"),
            ({"aliases": "abc"}, "aliases", "'abc' is not a list"),
            ({"latitude": "34.5", "longitude": 38.2}, "latitude", "'34.5' is not a number"),
            ({"latitude": True, "longitude": 38.2}, "latitude", "True is not a number"),
            ({"kind": "town"}, "kind", "'town' is not one of"),
            ({"external_ids": {"geonames": 170_000}}, "external_ids['geonames']", "170000"),
            ({"extensions": {"x": float("nan")}}, "extensions['x']", "not finite"),
            ({"extensions": {"x": 2**60}}, "extensions['x']", "beyond"),
        ],
    )
    def test_location_fields(self, change: dict[str, Any], path: str, fragment: str) -> None:
        """Each bad field value is refused at its path with a message naming the value."""
        document = {"id": "palmyra", "name": "Palmyra", "kind": "settlement", **change}
        with pytest.raises(ValidationError) as caught:
            from_dict(document, Location)
        (error,) = caught.value.errors
        assert error.path == path
        assert fragment in error.message

    @pytest.mark.parametrize("count", [2.7, "2", True, -1])
    def test_counts_are_not_coerced(self, count: object) -> None:
        """2.7, "2", true and -1 are not counts."""
        with pytest.raises(ValidationError) as caught:
            from_dict({"best": count}, Estimate)
        assert caught.value.errors[0].path == "best"
        assert repr(count) in caught.value.errors[0].message

    def test_missing_required_field(self) -> None:
        """A missing required field is named."""
        with pytest.raises(ValidationError) as caught:
            from_dict({"id": "x", "kind": "settlement"}, Location)
        assert [str(e) for e in caught.value.errors] == ["name: required field missing"]

    def test_event_type_is_checked(self) -> None:
        """An unknown or missing event type is refused at the ``type`` path."""
        document = {"schema_version": "1.0.0", "events": [{"id": "e"}, {"type": "riot", "id": "f"}]}
        with pytest.raises(ValidationError) as caught:
            from_dict(document, Dataset)
        assert [e.path for e in caught.value.errors] == ["events[0].type", "events[1].type"]
        assert "'riot' is not one of" in caught.value.errors[1].message

    def test_bad_dates_name_the_text(self) -> None:
        """Impossible calendar dates are refused with the text given."""
        with pytest.raises(ValidationError) as caught:
            from_dict({"id": "s", "publisher": "p", "published": "2017-02-30"}, Source)
        assert caught.value.errors[0].path == "published"
        assert "2017-02-30" in caught.value.errors[0].message

    def test_document_must_be_an_object(self) -> None:
        """A document that is not an object is refused at the root."""
        with pytest.raises(ValidationError) as caught:
            from_json("[1, 2]", Dataset)
        assert caught.value.errors[0].path == "$"

    @pytest.mark.parametrize("text", ["{", "", '{"a": NaN}', b"\xff\xfe", '{"a": Infinity}'])
    def test_malformed_json_is_a_validation_error(self, text: str | bytes) -> None:
        """Malformed JSON, NaN and Infinity give a ValidationError at the root, never a traceback."""
        with pytest.raises(ValidationError) as caught:
            from_json(text, Dataset)
        assert caught.value.errors[0].path == "$"

    def test_all_errors_are_reported_together(self) -> None:
        """Faults in several records are all reported in one error, in document order."""
        document = {
            "locations": [
                {"id": "a", "name": "A", "kind": "settlement", "latitude": 91, "longitude": 0},
                {"id": "b", "name": "", "kind": "settlement"},
            ],
            "actors": [{"id": "x", "name": "X", "kind": "army"}],
        }
        with pytest.raises(ValidationError) as caught:
            from_dict(document, Dataset)
        assert [e.path for e in caught.value.errors] == [
            "actors[0].kind",
            "locations[0].latitude",
            "locations[1].name",
        ]
        assert "3 validation errors" in str(caught.value)
