"""The public strategies: what each draws, what its keyword arguments narrow, how rules are kept."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conflict_events import FieldError
from conflict_events import strategies as cs
from conflict_events.model import (
    EVENT_TYPES,
    Attribution,
    ControlChange,
    ControlStatus,
    Dataset,
    Estimate,
    Location,
    Siege,
    StatementStatus,
)
from conflict_events.model.dataset import iter_references
from conflict_events.model.description import ReferenceKind
from conflict_events.model.fields import INVISIBLE, MAX_COUNT
from conflict_events.model.rules import (
    AtLeastOne,
    BothOrNeither,
    Disjoint,
    NotAmong,
    Ordered,
    Required,
    RequiredWhen,
)

_SEARCH = settings(
    max_examples=2000,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)


def test_events_draw_every_event_type() -> None:
    """Over enough draws, events() draws each type of EVENT_TYPES."""
    wanted = set(EVENT_TYPES.values())
    seen: set[type] = set()

    def all_seen(event: object) -> bool:
        # Searches until the events drawn so far have been of every type between them.
        seen.add(type(event))
        return seen >= wanted

    find(cs.events(), all_seen, settings=_SEARCH)
    assert wanted - seen == set()


@given(cs.events(actor_ids=st.just("a1"), location_ids=st.just("l1"), event_ids=st.nothing()))
def test_event_references_come_from_the_given_ids(event: Any) -> None:
    """Actor and location references are drawn from the strategies given; none from nothing."""
    wanted = {ReferenceKind.ACTOR: "a1", ReferenceKind.LOCATION: "l1"}
    for path, kind, ident in iter_references(event):
        assert kind is not ReferenceKind.EVENT, path
        assert wanted.get(kind, ident) == ident, path


@given(cs.events(kinds=st.sampled_from([ControlChange, ControlStatus, Siege])))
def test_events_keep_their_cross_field_rules(event: ControlChange | ControlStatus | Siege) -> None:
    """The holder is no previous holder or contester, no besieger is besieged, a place is named."""
    assert event.location is not None
    if isinstance(event, ControlChange):
        assert event.new_holder not in event.previous_holders
    elif isinstance(event, ControlStatus):
        assert event.holder not in event.contested_by
    else:
        assert not set(event.besiegers) & set(event.besieged)


@given(cs.estimates())
def test_estimates_are_ordered_and_known(estimate: Estimate) -> None:
    """Some figure is known, known figures never decrease, and all lie within the bounds."""
    known = [value for _, value in estimate.figures() if value is not None]
    assert known
    assert known == sorted(known)
    assert all(0 <= value <= MAX_COUNT for value in known)


@given(cs.attributions())
def test_claims_name_their_claimant(attribution: Attribution) -> None:
    """A claim or denial always names who makes it."""
    if attribution.status in {StatementStatus.CLAIMED, StatementStatus.DENIED}:
        assert attribution.claimant is not None


@given(cs.locations())
def test_locations_have_both_coordinates_or_neither_and_no_parent(location: Location) -> None:
    """Latitude and longitude come together; without parent_ids there is no parent."""
    assert (location.latitude is None) == (location.longitude is None)
    assert location.parent is None


@given(cs.datasets(max_events=4))
def test_datasets_are_whole(dataset: Dataset) -> None:
    """A dataset holds an actor and a location, and its texts keep a visible character."""
    assert dataset.actors
    assert dataset.locations
    for actor in dataset.actors:
        assert actor.name.strip(INVISIBLE)


@pytest.mark.parametrize(
    "make",
    [
        lambda: cs.events(actor_ids="a1"),  # type: ignore[arg-type]
        lambda: cs.events(kinds=ControlChange),  # type: ignore[arg-type]
        lambda: cs.actors(ids=["a"]),  # type: ignore[arg-type]
        lambda: cs.locations(parent_ids="p"),  # type: ignore[arg-type]
        lambda: cs.attributions(source_ids=1),  # type: ignore[arg-type]
        lambda: cs.participants(actor_ids="a"),  # type: ignore[arg-type]
        lambda: cs.sources(ids="s"),  # type: ignore[arg-type]
    ],
)
def test_a_value_where_a_strategy_belongs_is_refused(make: Any) -> None:
    """A value given where a strategy is wanted is an InvalidArgument naming st.just."""
    with pytest.raises(InvalidArgument, match=r"st\.just"):
        make()


# -- the repairs, each on values that break its rule -------------------------------


def _fill(name: str) -> int:
    return 7


class _Record:
    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


@pytest.mark.parametrize(
    ("rule", "values"),
    [
        (BothOrNeither("latitude", "longitude"), {"latitude": 1.0, "longitude": None}),
        (BothOrNeither("latitude", "longitude"), {"latitude": None, "longitude": 2.0}),
        (AtLeastOne(("low", "best"), at="best", what="x"), {"low": None, "best": None}),
        (Ordered(("low", "best", "high")), {"low": 9, "best": None, "high": 3}),
        (
            RequiredWhen("claimant", "status", frozenset({StatementStatus.CLAIMED})),
            {"status": StatementStatus.CLAIMED, "claimant": None},
        ),
        (Required("location", what="x"), {"location": None}),
        (
            NotAmong("holder", "contested_by", at="holder", also="x"),
            {"holder": "a", "contested_by": ("a", "b", "a")},
        ),
        (
            Disjoint("besiegers", "besieged", also="x"),
            {"besiegers": ("a",), "besieged": ("a", "b")},
        ),
    ],
)
def test_each_repair_makes_its_rule_hold(rule: Any, values: dict[str, Any]) -> None:
    """RULE_REPAIRS turns values that break a rule into values that keep it."""
    record = _Record(values)
    with pytest.raises(FieldError):
        rule.check(record)
    cs.RULE_REPAIRS[type(rule)](rule, values, _fill)
    rule.check(_Record(values))
