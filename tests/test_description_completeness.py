"""
Every consumer of the model's description covers all of it.

A new field kind, rule kind or record class must be met by a behaviour in each
table keyed by them; these tests name the table that lacks one. The strategies'
part is below; each part is in test functions named after its consumer.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings

from conflict_events import strategies as cs
from conflict_events.model import EVENT_TYPES, Dataset, rules
from conflict_events.model.description import FieldKind, description
from conflict_events.model.record_kinds import RECORD_KINDS

#: How long to look for a record class before saying the strategies never draw it.
_SEARCH = settings(
    max_examples=500,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)


def _rule_classes() -> list[type]:
    """Every rule class model/rules.py declares."""
    return [getattr(rules, name) for name in rules.__all__]


def _reachable() -> set[type]:
    """The record classes of RECORD_KINDS and every record class nested in them, however deep."""
    found: set[type] = set()
    todo = [kind.cls for kind in RECORD_KINDS]
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.add(cls)
        for field in description(cls).fields:
            if field.kind is FieldKind.RECORD and field.spec.record is not None:
                todo.append(field.spec.record)
            elif field.kind is FieldKind.EVENT:
                todo.extend(EVENT_TYPES.values())
    return found


def _records_in(value: object) -> Iterator[object]:
    """*value* and every record nested in it."""
    if isinstance(value, tuple):
        for item in value:
            yield from _records_in(item)
    elif attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            if field.init:
                yield from _records_in(getattr(value, field.name))


_REACHABLE = sorted(_reachable(), key=lambda cls: cls.__name__)


# -- the strategies ---------------------------------------------------------


def test_strategies_draw_every_field_kind() -> None:
    """FIELD_STRATEGIES holds a strategy for each FieldKind."""
    assert set(cs.FIELD_STRATEGIES) == set(FieldKind)


def test_strategies_repair_every_rule_kind() -> None:
    """RULE_REPAIRS holds a repair for each rule class of model/rules.py."""
    assert set(cs.RULE_REPAIRS) == set(_rule_classes())


def test_strategies_know_every_rule_the_model_declares() -> None:
    """Each rule a record class declares is of a kind RULE_REPAIRS repairs."""
    for cls in _reachable():
        for rule in description(cls).rules:
            assert type(rule) in cs.RULE_REPAIRS, (cls, rule)


def test_strategies_bound_every_number() -> None:
    """Each count and coordinate declares its bounds, which the strategies draw within."""
    for cls in _reachable():
        for field in description(cls).fields:
            if field.kind in (FieldKind.COUNT, FieldKind.COORDINATE):
                assert field.spec.minimum is not None, (cls, field.name)
                assert field.spec.maximum is not None, (cls, field.name)
                assert abs(field.spec.minimum) < 2**63, (cls, field.name)
                assert abs(field.spec.maximum) < 2**63, (cls, field.name)
            if field.kind is FieldKind.CHOICE:
                assert isinstance(field.spec.choices, type), (cls, field.name)
                assert issubclass(field.spec.choices, enum.Enum), (cls, field.name)


def test_strategies_draw_every_record_class_in_datasets() -> None:
    """Datasets drawn hold every record class of RECORD_KINDS and every nested record class."""
    wanted = set(_REACHABLE)
    seen: set[type] = set()

    def all_seen(dataset: Dataset) -> bool:
        # Searches until the datasets drawn so far have held every class between them.
        seen.update(type(record) for record in _records_in(dataset))
        return seen >= wanted

    find(cs.datasets(), all_seen, settings=_SEARCH)
    assert wanted - seen == set()


@pytest.mark.parametrize("cls", _REACHABLE, ids=lambda cls: cls.__name__)
def test_strategies_draw_each_record_class_alone(cls: type) -> None:
    """records(cls) draws records of each class, keeping the class's rules."""

    @settings(max_examples=10, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cs.records(cls))
    def check(record: object) -> None:
        assert type(record) is cls
        for rule in description(cls).rules:
            rule.check(record)

    check()
