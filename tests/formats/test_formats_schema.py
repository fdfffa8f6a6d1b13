"""The generated JSON Schema agrees with the library on what is a valid document."""

from __future__ import annotations

import copy
import enum
import json
import re
import types
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conflict_events import (
    SCHEMA_VERSION,
    ConflictEventsError,
    Dataset,
    FuzzyDate,
    Span,
    TemporalError,
    ValidationError,
    from_dict,
    json_schema,
    to_dict,
)
from conflict_events import strategies as cs
from conflict_events.formats import schema as schema_module
from conflict_events.model import EVENT_TYPES, EventBase
from conflict_events.model.fields import MAX_COUNT, MAX_JSON_INT

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json_schema()
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def library_errors(document: Any) -> list[str]:
    try:
        from_dict(document, Dataset)
    except ValidationError as error:
        return [detail.message for detail in error.errors]
    return []


def library_accepts(document: Any) -> bool:
    return not library_errors(document)


#: The library's messages for the checks no JSON Schema can express (docs/formats.md).
BEYOND_SCHEMA = {
    "referential integrity": re.compile(r"^unknown (actor|location|source|event) id "),
    "unique ids": re.compile(r"^duplicate (actor|location|source|event) id "),
    "location parents form no cycle": re.compile(r"is its own ancestor through"),
    "low <= best <= high": re.compile(r"\(need low <= best <= high\)$"),
    "new holder is not a previous holder": re.compile(r"is also a previous holder$"),
    "besiegers are not besieged": re.compile(r"also listed as besiegers$"),
    "earliest <= latest": re.compile(r"the range ends before it starts|is before start"),
    "integers as integers": re.compile(r"^\d+\.0 is not a whole number"),
    "extension integers": re.compile(r"is beyond \+-"),
    "extension depth": re.compile(r"nests deeper than"),
}


def explained(message: str) -> bool:
    """True when *message* reports a check that no JSON Schema can express."""
    return any(pattern.search(message) for pattern in BEYOND_SCHEMA.values())


def schema_accepts(document: Any) -> bool:
    return VALIDATOR.is_valid(document)


# -- walking a document alongside the model ---------------------------------------------


@attrs.frozen
class Slot:
    """One field of one object in a document: where it is and what the model says of it."""

    keys: tuple[Any, ...]  # key chain to the object holding the field
    owner: type
    field: attrs.Attribute[Any]
    hint: Any


def _model_of(hint: Any, value: Any) -> type | None:
    """The model class a plain value of type *hint* is an instance of, if any."""
    if isinstance(hint, type) and attrs.has(hint) and hint not in (FuzzyDate, Span):
        if hint is EventBase:
            return EVENT_TYPES.get(value.get("type")) if isinstance(value, dict) else None
        return hint
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        if all(isinstance(a, type) and issubclass(a, EventBase) for a in args):
            return EVENT_TYPES.get(value.get("type")) if isinstance(value, dict) else None
        if len(args) == 1:
            return _model_of(args[0], value)
    return None


def slots(node: dict[str, Any], cls: type, keys: tuple[Any, ...] = ()) -> list[Slot]:
    """Every field of every object in *node*, which is plain data of class *cls*."""
    found: list[Slot] = []
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        if not field.init:
            continue
        hint = hints[field.name]
        found.append(Slot(keys, cls, field, hint))
        value = node.get(field.name)
        if typing.get_origin(hint) is tuple and isinstance(value, list):
            (item,) = {a for a in typing.get_args(hint) if a is not Ellipsis}
            for index, element in enumerate(value):
                inner = _model_of(item, element)
                if inner is not None:
                    found.extend(slots(element, inner, (*keys, field.name, index)))
        elif isinstance(value, dict):
            inner = _model_of(hint, value)
            if inner is not None:
                found.extend(slots(value, inner, (*keys, field.name)))
    return found


def _holder(document: dict[str, Any], keys: tuple[Any, ...]) -> dict[str, Any]:
    node: Any = document
    for key in keys:
        node = node[key]
    return typing.cast("dict[str, Any]", node)


def _base(hint: Any) -> Any:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return hint


BAD_EDTF = [
    "2017-13",
    "2017-00",
    "2017-02-30",
    "2017-02-29",
    "2100-02-29",
    "2017-04-31",
    "2017-02-00",
    "0000",
    "000X",
    "0XXX",
    "201X-02",
    "2017-XX-05",
    "2017-21~",
    "9999-24",
    "2017-25",
    "2017-02-04T25:00:00",
    "2017-02T10:00:00",
    "2017-02-04~T10:00:00",
    "2017/201X",
    "2017-02-04T10:00:00/2018",
    "/",
    "../..",
    "2017//2018",
    "[2017-02-30..]",
    "17-02-04",
    "2017-2-4",
    "2017-02-04\n",
    "abc",
    "",
]
GOOD_EDTF = ["2016-02-29", "2000-02-29", "[..]", "2017-24", "201X", "2017-XX-XX", "/2017~", "2017/"]


def value_corruptions(slot: Slot, current: Any) -> list[Any]:
    """Values to put into *slot* that test one rule the model states about it."""
    meta = slot.field.metadata
    hint = _base(slot.hint)
    bad: list[Any] = [None, {"not": "a value"}, ["a", "list"], 12345, "text", True]
    if "pattern" in meta:
        bad += ["not an id!", "", "a\n", "x" * 129, "sy", "Syr", "SYRIA", "-lead"]
    if "min_length" in meta:
        bad += ["", [""], ["ok", ""]]
    if "minimum" in meta:
        bad += [meta["minimum"] - 1, meta["maximum"] + 1, meta["minimum"], meta["maximum"], 2.5]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        bad += ["not-a-member", next(iter(hint)).value.upper(), [m.value for m in hint][-1]]
    if "edtf" in meta:
        bad += BAD_EDTF + GOOD_EDTF
    if meta.get("min_items"):
        bad += [[]]
    if typing.get_origin(hint) is dict and "ids" in slot.field.name:
        bad += [{"": "x"}, {"k": ""}, {"k": 1}, {"k": "v"}]
    if isinstance(current, list):
        bad += [[*current, 7], [*current, None]]
    return bad


Change = tuple[str, typing.Callable[[], dict[str, Any]]]


def _setter(
    document: dict[str, Any], keys: tuple[Any, ...], name: str, value: Any
) -> typing.Callable[[], dict[str, Any]]:
    def apply() -> dict[str, Any]:
        changed = copy.deepcopy(document)
        target = _holder(changed, keys)
        if value is attrs.NOTHING:
            del target[name]
        else:
            target[name] = value
        return changed

    return apply


def corruptions(document: dict[str, Any]) -> list[Change]:
    """Every single-field change to *document* of the kinds a schema can check, made on demand."""
    out: list[Change] = []
    for slot in slots(document, Dataset):
        holder = _holder(document, slot.keys)
        name = slot.field.name
        where = ".".join(map(str, (*slot.keys, name)))
        current = holder.get(name)
        values = value_corruptions(slot, current)
        if name in holder:
            values.append(attrs.NOTHING)
        out.extend((f"{where} := {v!r}", _setter(document, slot.keys, name, v)) for v in values)
        if name == "id":
            where = ".".join(map(str, slot.keys))
            out.append(
                (f"{where}.unknown_field := 1", _setter(document, slot.keys, "unknown_field", 1))
            )
            if getattr(slot.owner, "event_type", ""):
                out.extend(
                    (f"{where}.type := {tag!r}", _setter(document, slot.keys, "type", tag))
                    for tag in ["riot", None, 3, *EVENT_TYPES]
                )
    return out


# -- the checks a schema cannot express ----------------------------------------------------


def _references(document: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    return [
        (slot.keys, slot.field.name)
        for slot in slots(document, Dataset)
        if "ref" in slot.field.metadata
        and _holder(document, slot.keys).get(slot.field.name) not in (None, [])
    ]


def beyond_schema(document: dict[str, Any]) -> list[Change]:  # noqa: PLR0915 - one case per documented limit
    """Changes the library refuses for reasons no JSON Schema can state (docs/formats.md)."""
    out: list[Change] = []

    def change(label: str, edit: Any) -> None:
        def apply() -> dict[str, Any]:
            changed = copy.deepcopy(document)
            edit(changed)
            return changed

        out.append((label, apply))

    for keys, name in _references(document):

        def dangle(doc: dict[str, Any], keys: tuple[Any, ...] = keys, name: str = name) -> None:
            holder = _holder(doc, keys)
            if isinstance(holder[name], list):
                holder[name] = [*holder[name][:-1], "no-such-id"]
            else:
                holder[name] = "no-such-id"

        change(f"referential integrity: {keys}.{name}", dangle)
    for collection in ("actors", "locations", "sources", "events"):
        if len(document.get(collection, [])) >= 2:

            def duplicate(doc: dict[str, Any], collection: str = collection) -> None:
                doc[collection][1]["id"] = doc[collection][0]["id"]

            change(f"unique ids: {collection}", duplicate)
    for slot in slots(document, Dataset):
        holder = _holder(document, slot.keys)
        name = slot.field.name
        value = holder.get(name)
        if slot.owner.__name__ == "Estimate" and name == "low" and value is not None:
            above = holder.get("best") if holder.get("best") is not None else holder.get("high")
            if above is not None and above < MAX_COUNT:

                def raise_low(
                    doc: dict[str, Any], keys: tuple[Any, ...] = slot.keys, above: int = above
                ) -> None:
                    target = _holder(doc, keys)
                    target["low"] = min(MAX_COUNT, max(target["low"], above) + 1)

                change("low <= best <= high", raise_low)
        if slot.field.metadata.get("minimum") == 0 and isinstance(value, int) and value > 0:

            def as_float(
                doc: dict[str, Any], keys: tuple[Any, ...] = slot.keys, name: str = name
            ) -> None:
                _holder(doc, keys)[name] = float(_holder(doc, keys)[name])

            change("integer spelt as a float (2.0)", as_float)
        if "edtf" in slot.field.metadata and value is not None:
            start = (
                FuzzyDate.parse(value.split("/")[0])
                if "/" not in value or value.split("/")[0] not in ("", "..")
                else None
            )
            if start is not None and start.earliest.year > 1:

                def reverse(
                    doc: dict[str, Any],
                    keys: tuple[Any, ...] = slot.keys,
                    name: str = name,
                    start: FuzzyDate = start,
                ) -> None:
                    day = start.earliest
                    before = day.replace(year=day.year - 1, day=min(day.day, 28))
                    _holder(doc, keys)[name] = f"[{day.isoformat()}..{before.isoformat()}]"

                change("earliest <= latest in a range", reverse)
                if slot.field.metadata["edtf"] == "date-or-interval":

                    def backwards(
                        doc: dict[str, Any],
                        keys: tuple[Any, ...] = slot.keys,
                        name: str = name,
                        start: FuzzyDate = start,
                    ) -> None:
                        day = start.earliest
                        _holder(doc, keys)[name] = f"{day.isoformat()}/{day.year - 1:04d}"

                    change("start <= end in an interval", backwards)
        if name == "new_holder" and value is not None:

            def same_holder(doc: dict[str, Any], keys: tuple[Any, ...] = slot.keys) -> None:
                target = _holder(doc, keys)
                target["previous_holders"] = [target["new_holder"]]

            change("new holder is not a previous holder", same_holder)
        if name == "besiegers" and value:

            def both_sides(doc: dict[str, Any], keys: tuple[Any, ...] = slot.keys) -> None:
                target = _holder(doc, keys)
                target["besieged"] = [target["besiegers"][0]]

            change("besiegers are not besieged", both_sides)
        if name == "extensions":

            def big(doc: dict[str, Any], keys: tuple[Any, ...] = slot.keys) -> None:
                _holder(doc, keys)["extensions"] = {"n": MAX_JSON_INT + 1}

            def deep(doc: dict[str, Any], keys: tuple[Any, ...] = slot.keys) -> None:
                nested: Any = 1
                for _ in range(40):
                    nested = [nested]
                _holder(doc, keys)["extensions"] = {"n": nested}

            change("extension integers within 2**53", big)
            change("extension nesting depth", deep)
    if document.get("locations"):

        def cycle(doc: dict[str, Any]) -> None:
            doc["locations"][0]["parent"] = doc["locations"][0]["id"]

        change("location parent cycles", cycle)
    return out


# -- the tests -----------------------------------------------------------------------------


class TestGeneratedSchema:
    """The schema's shape: dialect, id, definitions, strictness."""

    def test_is_a_valid_draft_2020_12_schema(self) -> None:
        """The schema itself passes the 2020-12 meta-schema."""
        Draft202012Validator.check_schema(SCHEMA)
        assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def test_id_names_the_version(self) -> None:
        """$id names the document format version."""
        assert SCHEMA["$id"] == f"https://conflict-events.org/schema/{SCHEMA_VERSION}/dataset.json"

    def test_every_model_class_and_enum_has_a_definition(self) -> None:
        """Each event class, value class and enum is a $defs entry with a description."""
        for name in [
            *(kind.__name__ for kind in EVENT_TYPES.values()),
            "Actor",
            "Location",
            "Source",
            "Estimate",
            "Attribution",
            "ActorKind",
            "Event",
        ]:
            assert SCHEMA["$defs"][name]["description"], name
        assert SCHEMA["$defs"]["ActorKind"]["enum"][0] == "state_forces"

    def test_objects_are_closed(self) -> None:
        """Every object definition refuses unknown properties."""
        for name, definition in SCHEMA["$defs"].items():
            if definition.get("type") == "object" and name != "Event":
                assert definition["additionalProperties"] is False, name
        assert SCHEMA["additionalProperties"] is False

    def test_event_union_is_discriminated_by_type(self) -> None:
        """The Event definition dispatches on ``type`` to one definition per event class."""
        event = SCHEMA["$defs"]["Event"]
        assert event["required"] == ["type"]
        assert event["properties"]["type"]["enum"] == list(EVENT_TYPES)
        targets = {
            rule["if"]["properties"]["type"]["const"]: rule["then"]["$ref"]
            for rule in event["allOf"]
        }
        assert targets == {tag: f"#/$defs/{cls.__name__}" for tag, cls in EVENT_TYPES.items()}

    def test_descriptions_come_from_the_field_docs(self) -> None:
        """A property's description is the doc its field was built with."""
        assert SCHEMA["$defs"]["Location"]["properties"]["latitude"]["description"] == (
            "WGS84 latitude in decimal degrees."
        )

    def test_only_the_current_version_exists(self) -> None:
        """json_schema(version) knows the current version and refuses others."""
        assert json_schema(SCHEMA_VERSION) == SCHEMA
        with pytest.raises(ConflictEventsError, match=r"0\.9\.0"):
            json_schema("0.9.0")

    def test_each_call_returns_a_fresh_copy(self) -> None:
        """Changing a returned schema does not change the next one."""
        json_schema()["$defs"].clear()
        assert json_schema() == SCHEMA


class TestShippedCopies:
    """The schema files in the package and in docs/ are the generated one."""

    def test_package_file_is_current(self) -> None:
        """The packaged file equals the generated text; regenerate it when this fails."""
        assert schema_module.shipped_schema() == schema_module.schema_text()

    def test_docs_file_is_current(self) -> None:
        """docs/schema.json equals the generated text; regenerate it when this fails."""
        assert (ROOT / "docs" / "schema.json").read_text(
            encoding="utf-8"
        ) == schema_module.schema_text()


def _parses(text: str, reader: Any) -> bool:
    try:
        reader(text)
    except (TemporalError, ValueError):
        return False
    return True


def _mutations() -> st.SearchStrategy[str]:
    alphabet = "0123456789X-/.~?%[]T:Z+"
    base = cs.edtf_strings()
    edits = st.tuples(
        base,
        st.integers(0, 30),
        st.sampled_from(["insert", "delete", "replace"]),
        st.sampled_from(alphabet),
    )

    def apply(parts: tuple[str, int, str, str]) -> str:
        text, at, how, char = parts
        at = at % (len(text) + 1)
        if how == "insert":
            return text[:at] + char + text[at:]
        if how == "delete":
            return text[:at] + text[at + 1 :]
        return text[:at] + char + text[at + 1 :]

    return edits.map(apply)


class TestEdtfPatterns:
    """The EDTF patterns accept exactly the strings FuzzyDate.parse and Span.parse read."""

    @settings(max_examples=500)
    @given(st.one_of(cs.edtf_strings(), _mutations(), st.sampled_from(BAD_EDTF + GOOD_EDTF)))
    def test_when_pattern_matches_the_parser(self, text: str) -> None:
        """A string matches the date-or-interval pattern iff the parser reads it (ordering aside)."""
        from conflict_events.temporal import edtf

        accepted = _parses(text, edtf.parse)
        matched = re.search(schema_module.EDTF_PATTERN, text) is not None
        if matched and not accepted:
            # The only strings the pattern lets through are ranges and intervals in reverse.
            assert re.search(r"\[.*\.\..*\]|/", text), text
            assert "ends before" in _error(text) or "before start" in _error(text), text
        else:
            assert matched == accepted, text

    @given(cs.fuzzy_dates())
    def test_every_written_date_matches(self, value: FuzzyDate) -> None:
        """Whatever FuzzyDate.to_edtf writes matches the date pattern."""
        assert re.search(schema_module.EDTF_DATE_PATTERN, value.to_edtf())

    @given(cs.spans())
    def test_every_written_interval_matches(self, value: Span) -> None:
        """Whatever Span.to_edtf writes matches the interval pattern."""
        assert re.search(schema_module.EDTF_INTERVAL_PATTERN, value.to_edtf())

    def test_trailing_newline_is_refused(self) -> None:
        """Python's ``$`` would match before a final newline; the patterns do not."""
        assert re.search(schema_module.EDTF_PATTERN, "2017\n") is None


def _error(text: str) -> str:
    from conflict_events.temporal import edtf

    try:
        edtf.parse(text)
    except (TemporalError, ValueError) as error:
        return str(error)
    return ""


@settings(max_examples=300)
@given(cs.datasets(max_actors=3, max_locations=3, max_sources=2, max_events=4), st.data())
def test_schema_agrees_with_the_library(dataset: Dataset, data: st.DataObject) -> None:
    """
    A valid document passes the schema, and a single-field change passes it iff it passes the library.

    Changes the library refuses for reasons no schema can express (the list in
    docs/formats.md) are refused by the library and let through by the schema.
    """
    document = to_dict(dataset)
    assert schema_accepts(document)
    candidates = corruptions(document)
    for label, apply in data.draw(st.lists(st.sampled_from(candidates), min_size=10, max_size=10)):
        changed = apply()
        errors = library_errors(changed)
        if schema_accepts(changed):
            assert all(explained(message) for message in errors), (label, errors)
        else:
            assert errors, label
    beyond = beyond_schema(document)
    for label, apply in data.draw(st.lists(st.sampled_from(beyond), min_size=2, max_size=2)):
        changed = apply()
        errors = library_errors(changed)
        assert errors, label
        assert all(explained(message) for message in errors), (label, errors)
        assert schema_accepts(changed), label


@settings(max_examples=30)
@given(cs.datasets(max_events=3))
def test_json_text_round_trip_validates(dataset: Dataset) -> None:
    """The schema validates documents as JSON text parses them, not only as Python builds them."""
    assert schema_accepts(json.loads(json.dumps(to_dict(dataset))))


class TestTimestamps:
    """Publication times: the schema states the form the library writes."""

    def test_written_form_is_valid(self) -> None:
        """An offset date and time as written by the library passes."""
        document = {
            "schema_version": SCHEMA_VERSION,
            "sources": [{"id": "s", "publisher": "p", "published_at": "2017-02-04T10:30:00+03:00"}],
        }
        assert schema_accepts(document)
        assert library_accepts(document)

    @pytest.mark.parametrize("text", ["2017-02-04T10:30:00", "2017-02-30T10:30:00Z", "yesterday"])
    def test_both_refuse(self, text: str) -> None:
        """No offset, a day that does not exist, or no date at all is refused by both."""
        document = {"sources": [{"id": "s", "publisher": "p", "published_at": text}]}
        assert not schema_accepts(document)
        assert not library_accepts(document)

    @pytest.mark.parametrize(
        "text", ["2017-02-04 10:30+03:00", "2017-02-04T10:30:00.1234567Z", "20170204T1030Z"]
    )
    def test_other_spellings_are_refused_by_both(self, text: str) -> None:
        """Other ISO 8601 spellings, and a seventh fraction digit the reader would cut, are refused."""
        document = {"sources": [{"id": "s", "publisher": "p", "published_at": text}]}
        assert not library_accepts(document)
        assert not schema_accepts(document)
