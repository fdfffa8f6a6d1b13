"""
The one description of the model, and the consumers driven by it.

Every field kind has a behaviour in every consumer, every record class is
described, and every cross-field rule is enforced by the model and either
stated in the JSON Schema or listed among the checks a schema cannot state.
"""

from __future__ import annotations

import enum
import inspect
import re
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflict_events
from conflict_events import FieldError, examples, strategies
from conflict_events.formats import _arrow_codecs, converter, schema
from conflict_events.model import (
    EVENT_TYPES,
    Actor,
    Attribution,
    Casualties,
    CasualtyGroup,
    ControlChange,
    ControlStatus,
    Dataset,
    Estimate,
    Location,
    Siege,
    StatementStatus,
    description,
    fields,
    record_kinds,
    rules,
)
from conflict_events.model.description import (
    FieldKind,
    RecordDescription,
    ReferenceKind,
    checked_by,
)
from conflict_events.temporal import FuzzyDate

DOCS = Path(__file__).resolve().parents[1] / "docs"
RULE_CLASSES = tuple(getattr(rules, name) for name in rules.__all__)


def _reachable() -> set[type]:
    """Every record class a dataset can hold, nested ones included."""
    found: set[type] = set()
    pending: list[type] = [Dataset, *(kind.cls for kind in record_kinds.RECORD_KINDS)]
    while pending:
        cls = pending.pop()
        if cls in found:
            continue
        found.add(cls)
        pending.extend(
            field.spec.record
            for field in description.description(cls).fields
            if field.spec.record is not None
        )
    return found


RECORD_CLASSES = sorted(_reachable(), key=lambda cls: cls.__name__)


# -- completeness -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("consumer", "table"),
    [
        ("converter reading", converter._READERS),
        ("converter writing", converter._WRITERS),
        ("JSON Schema", schema._KIND_SCHEMAS),
        ("Arrow", _arrow_codecs._KIND_CODECS),
    ],
)
def test_every_field_kind_has_a_behaviour_in_every_consumer(
    consumer: str, table: dict[FieldKind, Any]
) -> None:
    missing = set(FieldKind) - set(table)
    assert not missing, f"{consumer} has nothing for {sorted(k.value for k in missing)}"


def test_every_rule_kind_is_stated_in_the_schema_or_declared_unstatable() -> None:
    assert set(schema.RULE_SCHEMAS) == set(RULE_CLASSES)


def test_the_rules_no_schema_can_state_are_listed_in_the_docs() -> None:
    text = (DOCS / "formats.md").read_text(encoding="utf-8")
    section = text.split("### What a JSON Schema cannot express", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    unstated = [
        (cls, rule)
        for cls in RECORD_CLASSES
        for rule in description.description(cls).rules
        if schema.RULE_SCHEMAS[type(rule)] is None
    ]
    assert unstated
    for cls, rule in unstated:
        assert any(all(f"`{name}`" in row for name in rule.fields) for row in rows), (
            f"{cls.__name__}: {rule.statement!r} is not listed"
        )


def test_every_class_of_the_model_is_described() -> None:
    for name in conflict_events.model.__all__:
        cls = getattr(conflict_events.model, name)
        if isinstance(cls, type) and attrs.has(cls):
            record = description.description(cls)
            assert [field.name for field in record.fields] == [
                a.name for a in attrs.fields(cls) if a.init
            ]


def test_every_event_type_is_a_record_kind_of_the_events_collection() -> None:
    kinds = {kind.tag: kind for kind in record_kinds.RECORD_KINDS}
    for tag, cls in EVENT_TYPES.items():
        assert kinds[tag].cls is cls
        assert kinds[tag].collection == "events"
        assert kinds[tag].reference is ReferenceKind.EVENT
        assert record_kinds.record_kind(cls) is kinds[tag]
    assert list(record_kinds.COLLECTIONS) == ["actors", "locations", "sources", "events"]
    assert list(record_kinds.COLLECTIONS) == [
        name for name in attrs.fields_dict(Dataset) if name in record_kinds.COLLECTIONS
    ]


def test_a_record_kind_of_a_nested_class_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        record_kinds.record_kind(Estimate)


def test_the_schema_follows_each_spec() -> None:
    """Spot checks that a field's schema says what its spec says."""
    defs = schema.json_schema()["$defs"]
    for cls in RECORD_CLASSES:
        if cls is Dataset:
            continue
        record = description.description(cls)
        props = defs[cls.__name__]["properties"]
        assert set(props) - {"type"} == {field.name for field in record.fields}
        assert set(defs[cls.__name__].get("required", ())) == {
            field.name for field in record.fields if field.required
        }
        for field in record.fields:
            assert props[field.name]["description"] == field.spec.doc
            if field.spec.many and field.spec.min_items:
                assert props[field.name]["minItems"] == field.spec.min_items


# -- the description itself ---------------------------------------------------------------


def test_a_field_without_a_spec_is_refused() -> None:
    @attrs.frozen
    class Loose:
        name: str = attrs.field()

    with pytest.raises(TypeError, match=r"Loose\.name has no field spec"):
        description.description(Loose)


def test_a_class_that_is_not_a_record_is_refused() -> None:
    with pytest.raises(TypeError, match="is not a record class"):
        description.description(int)


def test_checked_by_refuses_a_class_with_its_own_post_init() -> None:
    with pytest.raises(TypeError, match="post-init of its own"):

        @checked_by(rules.Required("name", what="thing"))
        class Both:
            def __attrs_post_init__(self) -> None:
                pass


def test_descriptions_are_built_once() -> None:
    assert description.description(Location) is description.description(Location)


def test_a_description_names_references_and_nested_records() -> None:
    record = description.description(ControlChange)
    assert isinstance(record, RecordDescription)
    assert record.tag == "control_change"
    refs = {field.name: field.spec.reference for field in record.references}
    assert refs["new_holder"] is ReferenceKind.ACTOR
    assert refs["location"] is ReferenceKind.LOCATION
    assert refs["part_of"] is ReferenceKind.EVENT
    assert {field.name for field in record.nested} == {
        "participants",
        "attributions",
        "fatalities",
        "classifications",
        "casualties",
        "assessments",
    }
    assert record.field("fatalities").spec.record is Estimate
    assert record.doc == inspect.getdoc(ControlChange).split("\n\n")[0]


def test_field_kinds_of_the_builders() -> None:
    record = description.description(Location)
    assert record.field("latitude").kind is FieldKind.COORDINATE
    assert (record.field("latitude").spec.minimum, record.field("latitude").spec.maximum) == (
        -90,
        90,
    )
    assert record.field("kind").spec.choices is not None
    assert issubclass(record.field("kind").spec.choices, enum.Enum)
    assert record.field("country").spec.pattern == fields.COUNTRY_PATTERN
    version = description.description(Dataset).field("schema_version").spec
    assert version.kind is FieldKind.VERSION
    assert version.always_written


# -- rules: enforced by the model, stated by the schema -----------------------------------

#: For each class with rules: a valid record, and for each rule, changes that break it,
#: the field the error names and the kind of rule broken.
BROKEN: dict[type, tuple[dict[str, Any], list[tuple[dict[str, Any], str, type]]]] = {
    Location: (
        {"id": "l", "name": "Town", "kind": conflict_events.LocationKind.SETTLEMENT},
        [
            ({"latitude": 1.0}, "longitude", rules.BothOrNeither),
            ({"longitude": 1.0}, "latitude", rules.BothOrNeither),
            ({"part": conflict_events.model.PartKind.PERIPHERY}, "parent", rules.RequiredWhen),
            ({"side": conflict_events.model.CompassPoint.WEST}, "part", rules.RequiredWhen),
        ],
    ),
    conflict_events.model.SpatialRelation: (
        {"target": "l", "kind": conflict_events.model.SpatialRelationKind.ON},
        [({"kind": None}, "kind", rules.AtLeastOne)],
    ),
    Estimate: (
        {"best": 5},
        [
            ({"best": None}, "best", rules.AtLeastOne),
            ({"low": 6}, "best", rules.Ordered),
            ({"high": 4}, "high", rules.Ordered),
        ],
    ),
    Attribution: (
        {"source": "s"},
        [({"status": StatementStatus.CLAIMED}, "claimant", rules.RequiredWhen)],
    ),
    Casualties: (
        {"group": CasualtyGroup.SIDE, "actor": "a", "deaths": Estimate(best=2)},
        [({"actor": None}, "actor", rules.RequiredWhen)],
    ),
    ControlChange: (
        {"id": "e", "when": FuzzyDate.parse("2016"), "location": "l", "new_holder": "a"},
        [
            ({"location": None}, "location", rules.Required),
            ({"previous_holders": ("a",)}, "new_holder", rules.NotAmong),
        ],
    ),
    ControlStatus: (
        {"id": "e", "when": FuzzyDate.parse("2016"), "location": "l", "holder": "a"},
        [
            ({"location": None}, "location", rules.Required),
            ({"contested_by": ("a",)}, "contested_by", rules.NotAmong),
        ],
    ),
    Siege: (
        {
            "id": "e",
            "when": FuzzyDate.parse("2016"),
            "location": "l",
            "besiegers": ("a",),
            "besieged": ("b",),
        },
        [
            ({"location": None}, "location", rules.Required),
            ({"besieged": ("a", "b")}, "besieged", rules.Disjoint),
        ],
    ),
}


def test_every_class_with_rules_has_broken_examples() -> None:
    with_rules = {cls for cls in RECORD_CLASSES if description.description(cls).rules}
    assert with_rules == set(BROKEN)
    for cls, (_, broken) in BROKEN.items():
        declared = {type(rule) for rule in description.description(cls).rules}
        assert {rule for _, _, rule in broken} == declared


@pytest.mark.parametrize("cls", list(BROKEN), ids=lambda cls: cls.__name__)
def test_the_model_enforces_every_rule(cls: type) -> None:
    valid, broken = BROKEN[cls]
    cls(**valid)
    for change, at, _ in broken:
        with pytest.raises(FieldError) as caught:
            cls(**{**valid, **change})
        assert caught.value.field == at


@pytest.mark.parametrize("cls", list(BROKEN), ids=lambda cls: cls.__name__)
def test_the_schema_refuses_what_a_stated_rule_refuses(cls: type) -> None:
    """Each broken record, written as JSON, is refused by the class's schema when its rule is stated."""
    document = schema.json_schema()
    definition = {**document["$defs"][cls.__name__], "$defs": document["$defs"]}
    checker = jsonschema.Draft202012Validator(definition)
    valid, broken = BROKEN[cls]
    assert checker.is_valid(_plain(cls(**valid)))
    for change, _, rule in broken:
        if schema.RULE_SCHEMAS[rule] is None:
            continue
        plain = {**_plain(cls(**valid)), **_plain_values(change)}
        assert not checker.is_valid(plain), (cls.__name__, change)


def _plain(record: Any) -> dict[str, Any]:
    data: dict[str, Any] = conflict_events.to_dict(record)
    return data


def _plain_values(change: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (
            value.value
            if isinstance(value, enum.Enum)
            else list(value)
            if isinstance(value, tuple)
            else value
        )
        for key, value in change.items()
    }


def _holds(rule: Any, record: Any) -> bool:
    try:
        rule.check(record)
    except FieldError:
        return False
    return True


@given(strategies.datasets())
def test_every_drawn_record_keeps_every_rule(dataset: Dataset) -> None:
    stack: list[Any] = [*dataset.actors, *dataset.locations, *dataset.sources, *dataset.events]
    while stack:
        record = stack.pop()
        described = description.description(type(record))
        for rule in described.rules:
            assert _holds(rule, record), (type(record).__name__, rule.statement)
        for field in described.nested:
            value = getattr(record, field.name)
            stack.extend(value if isinstance(value, tuple) else () if value is None else (value,))


@given(
    st.one_of(st.none(), st.integers(0, 100)),
    st.one_of(st.none(), st.integers(0, 100)),
    st.one_of(st.none(), st.integers(0, 100)),
)
def test_an_estimate_is_built_exactly_when_its_known_figures_are_ordered(
    low: int | None, best: int | None, high: int | None
) -> None:
    known = [value for value in (low, best, high) if value is not None]
    try:
        Estimate(low=low, best=best, high=high)
    except FieldError:
        assert not known or known != sorted(known)
    else:
        assert known
        assert known == sorted(known)


@given(
    st.lists(st.sampled_from("abc"), min_size=1, max_size=3),
    st.lists(st.sampled_from("abc"), max_size=3),
)
def test_a_siege_is_built_exactly_when_no_one_besieges_and_is_besieged(
    besiegers: list[str], besieged: list[str]
) -> None:
    try:
        Siege(
            id="s",
            when=FuzzyDate.parse("2016"),
            location="l",
            besiegers=tuple(besiegers),
            besieged=tuple(besieged),
        )
    except FieldError as error:
        assert set(besiegers) & set(besieged)
        assert re.search(r"also listed as besiegers", error.message)
    else:
        assert not set(besiegers) & set(besieged)


def test_rule_statements_read_as_sentences() -> None:
    for cls in RECORD_CLASSES:
        for rule in description.description(cls).rules:
            assert rule.statement
            assert all(name in rule.statement for name in rule.fields)


def test_the_example_round_trips_through_the_described_converter() -> None:
    dataset = examples.dataset()
    assert conflict_events.from_json(conflict_events.to_json(dataset), Dataset) == dataset
    first = dataset.actors[0]
    assert isinstance(first, Actor)
