"""
Hypothesis strategies for every public type, for tests of code that uses this library.

Requires the hypothesis package (``pip install 'conflict-events[test]'``). Every
strategy is a function; its keyword-only arguments take strategies for the parts
it is built from, so callers can narrow what is drawn. `datasets` draws whole
documents whose references all resolve.

Every record is drawn from its class's description
(`conflict_events.model.description`): `records` draws any record class, with
one strategy per field kind (`FIELD_STRATEGIES`) and one repair per kind of
cross-field rule (`RULE_REPAIRS`); the functions below only narrow what the
references of each record point at. The temporal strategies live in
`conflict_events.strategies.temporal` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - depends on the environment
    msg = (
        "conflict_events.strategies requires the hypothesis package: "
        "pip install 'conflict-events[test]'"
    )
    raise ModuleNotFoundError(msg, name="hypothesis") from error

from conflict_events.model import (
    EVENT_TYPES,
    Actor,
    ActorRelation,
    Attribution,
    Dataset,
    Estimate,
    Event,
    Location,
    Participant,
    Source,
)
from conflict_events.model.description import ReferenceKind, description
from conflict_events.model.record_kinds import COLLECTIONS, RECORD_KINDS
from conflict_events.model.rules import Required
from conflict_events.strategies.records import (
    FIELD_STRATEGIES,
    RULE_REPAIRS,
    Pool,
    Scope,
    extensions,
    identifiers,
    records,
    scoped_records,
    whens,
)
from conflict_events.strategies.temporal import (
    crisp_intervals,
    edtf_strings,
    fuzzy_dates,
    relation_sets,
    relations,
    spans,
)

__all__ = [
    "FIELD_STRATEGIES",
    "RULE_REPAIRS",
    "actor_relations",
    "actors",
    "attributions",
    "crisp_intervals",
    "datasets",
    "edtf_strings",
    "estimates",
    "events",
    "extensions",
    "fuzzy_dates",
    "identifiers",
    "locations",
    "participants",
    "records",
    "relation_sets",
    "relations",
    "sources",
    "spans",
    "whens",
]

S = st.SearchStrategy


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        msg = f"{name} must be a strategy, not {value!r}; wrap a value in st.just()"
        raise InvalidArgument(msg)


def _references(**given: tuple[ReferenceKind, S[str] | None]) -> dict[ReferenceKind, S[str]]:
    """The reference strategies given by keyword, checked; kinds not given draw any id."""
    found: dict[ReferenceKind, S[str]] = {}
    for name, (kind, strategy) in given.items():
        _check_strategy(name, strategy)
        if strategy is not None:
            found[kind] = strategy
    return found


def estimates() -> S[Estimate]:
    """Counts with ``low <= best <= high``, some figures unknown."""
    strategy: S[Estimate] = records(Estimate)
    return strategy


def attributions(
    *, source_ids: S[str] | None = None, actor_ids: S[str] | None = None
) -> S[Attribution]:
    """Attributions; claims and denials always name a claimant."""
    references = _references(
        source_ids=(ReferenceKind.SOURCE, source_ids), actor_ids=(ReferenceKind.ACTOR, actor_ids)
    )
    strategy: S[Attribution] = records(Attribution, references=references)
    return strategy


def sources(*, ids: S[str] | None = None) -> S[Source]:
    """Sources with optional publication date and time."""
    _check_strategy("ids", ids)
    strategy: S[Source] = records(Source, ids=ids)
    return strategy


def actor_relations(*, actor_ids: S[str] | None = None) -> S[ActorRelation]:
    """Relations to other actors, with optional time."""
    references = _references(actor_ids=(ReferenceKind.ACTOR, actor_ids))
    strategy: S[ActorRelation] = records(ActorRelation, references=references)
    return strategy


def actors(*, ids: S[str] | None = None, actor_ids: S[str] | None = None) -> S[Actor]:
    """Actors; *actor_ids* draws the targets of their relations."""
    _check_strategy("ids", ids)
    references = _references(actor_ids=(ReferenceKind.ACTOR, actor_ids))
    strategy: S[Actor] = records(Actor, ids=ids, references=references)
    return strategy


def locations(*, ids: S[str] | None = None, parent_ids: S[str] | None = None) -> S[Location]:
    """Locations with coordinates in range (or none); *parent_ids* draws parents (else none)."""
    _check_strategy("ids", ids)
    _check_strategy("parent_ids", parent_ids)
    parents = parent_ids if parent_ids is not None else st.nothing()
    strategy: S[Location] = records(Location, ids=ids, references={ReferenceKind.LOCATION: parents})
    return strategy


def participants(*, actor_ids: S[str] | None = None) -> S[Participant]:
    """Actors with roles."""
    references = _references(actor_ids=(ReferenceKind.ACTOR, actor_ids))
    strategy: S[Participant] = records(Participant, references=references)
    return strategy


def events(
    *,
    kinds: S[type] | None = None,
    ids: S[str] | None = None,
    actor_ids: S[str] | None = None,
    location_ids: S[str] | None = None,
    source_ids: S[str] | None = None,
    event_ids: S[str] | None = None,
) -> S[Event]:
    """
    Events of every type (or of those *kinds* draws), valid on their own.

    The ``*_ids`` strategies draw the identifiers events refer to; `datasets`
    passes the ids it has drawn so that every reference resolves.
    """
    _check_strategy("kinds", kinds)
    _check_strategy("ids", ids)
    references = _references(
        actor_ids=(ReferenceKind.ACTOR, actor_ids),
        location_ids=(ReferenceKind.LOCATION, location_ids),
        source_ids=(ReferenceKind.SOURCE, source_ids),
        event_ids=(ReferenceKind.EVENT, event_ids),
    )
    classes = kinds if kinds is not None else st.sampled_from(list(EVENT_TYPES.values()))
    by_class: dict[type, S[Event]] = {}

    @st.composite
    def draw_event(draw: st.DrawFn) -> Event:
        cls = draw(classes)
        if cls not in by_class:
            by_class[cls] = records(cls, ids=ids, references=references)
        event: Event = draw(by_class[cls])
        return event

    return draw_event()


#: The record classes each collection of a dataset holds (all event types for ``events``).
_COLLECTION_CLASSES: Final[Mapping[str, tuple[type, ...]]] = {
    collection: tuple(kind.cls for kind in RECORD_KINDS if kind.collection == collection)
    for collection in COLLECTIONS
}

#: References to their own collection that must point at earlier records: parents form no cycle.
_ACYCLIC: Final = frozenset({ReferenceKind.LOCATION})


def _needed() -> frozenset[ReferenceKind]:
    """
    The kinds some record class cannot be drawn without (a required or non-empty reference).

    A dataset holds at least one record of each, so that every record class can be drawn.
    """
    kinds: set[ReferenceKind] = set()
    for kind in RECORD_KINDS:
        record = description(kind.cls)
        required = {rule.field for rule in record.rules if isinstance(rule, Required)}
        for field in record.references:
            spec = field.spec
            if spec.reference is None:
                continue
            if field.required or spec.min_items or field.name in required:
                kinds.add(spec.reference)
    return frozenset(kinds)


def datasets(
    *, max_actors: int = 5, max_locations: int = 5, max_sources: int = 3, max_events: int = 8
) -> S[Dataset]:
    """
    Whole documents whose events, locations and relations reference only what they contain.

    Each holds at least one actor and one location, so that every event type can be drawn.
    """
    most = {
        "actors": max_actors,
        "locations": max_locations,
        "sources": max_sources,
        "events": max_events,
    }
    needed = _needed()
    pool = Pool()
    scope = Scope.of_pool(pool)
    classes = {
        collection: st.sampled_from(found) for collection, found in _COLLECTION_CLASSES.items()
    }
    # Built once, when first drawn: every record of every dataset is drawn with these.
    by_class: dict[type, S[Any]] = {}

    @st.composite
    def draw_dataset(draw: st.DrawFn) -> Dataset:
        ids: dict[ReferenceKind, list[str]] = {}
        for collection, kind in COLLECTIONS.items():
            least = 1 if kind in needed else 0
            ids[kind] = draw(
                st.lists(
                    identifiers(),
                    unique=True,
                    min_size=least,
                    max_size=max(most[collection], least),
                )
            )
        drawn: dict[str, Any] = {}
        for collection, kind in COLLECTIONS.items():
            items = []
            for position, ident in enumerate(ids[kind]):
                pool.ids = dict(ids)
                if kind in _ACYCLIC:
                    pool.ids[kind] = ids[kind][:position]
                pool.current = ident
                cls = draw(classes[collection])
                if cls not in by_class:
                    by_class[cls] = scoped_records(cls, scope)
                items.append(draw(by_class[cls]))
            drawn[collection] = tuple(items)
        return Dataset(**drawn, extensions=draw(extensions()))

    return draw_dataset()
