"""
Hypothesis strategies for every public type, for tests of code that uses this library.

Requires the hypothesis package (``pip install 'conflict-events[test]'``). Every
strategy is a function; its keyword-only arguments take strategies for the parts
it is built from, so callers can narrow what is drawn. `datasets` draws whole
documents whose references all resolve.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, TypeVar

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - depends on the environment
    msg = (
        "conflict_events.strategies requires the hypothesis package: "
        "pip install 'conflict-events[test]'"
    )
    raise ModuleNotFoundError(msg, name="hypothesis") from error

from conflict_events._temporal_strategies import (
    crisp_intervals,
    edtf_strings,
    fuzzy_dates,
    relation_sets,
    relations,
    spans,
)
from conflict_events.model import (
    EVENT_TYPES,
    AccessAction,
    AccessModality,
    Actor,
    ActorKind,
    ActorRelation,
    ArmedClash,
    Attack,
    Attribution,
    CasualtyClaim,
    ChangeMode,
    ControlChange,
    ControlStatus,
    Dataset,
    Declaration,
    Demonstration,
    DemonstrationForm,
    Destruction,
    DestructionTarget,
    Disaster,
    DisasterKind,
    Estimate,
    EstimateQualifier,
    Event,
    Extent,
    HumanitarianAccess,
    Location,
    LocationKind,
    Offensive,
    OffensiveOutcome,
    Participant,
    RelationKind,
    RemoteMethod,
    RemoteViolence,
    Role,
    Siege,
    SiegeStatus,
    Source,
    SpatialPrecision,
    StatementStatus,
)
from conflict_events.model.fields import INVISIBLE, MAX_COUNT, MAX_JSON_INT
from conflict_events.temporal import FuzzyDate, Span

__all__ = [
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
    "relation_sets",
    "relations",
    "sources",
    "spans",
    "whens",
]

T = TypeVar("T")
S = st.SearchStrategy

_ID_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_ID_REST = _ID_START + "_.:-"


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        msg = f"{name} must be a strategy, not {value!r}; wrap a value in st.just()"
        raise InvalidArgument(msg)


def identifiers() -> S[str]:
    """Identifiers as the model accepts them."""
    return st.builds(
        str.__add__,
        st.sampled_from(_ID_START),
        st.text(alphabet=_ID_REST, max_size=12),
    )


def _texts() -> S[str]:
    return st.text(min_size=1, max_size=24).filter(lambda text: bool(text.strip(INVISIBLE)))


def _optional(strategy: S[T]) -> S[T | None]:
    return st.none() | strategy


def _tuples(strategy: S[T], *, min_size: int = 0, max_size: int = 3) -> S[tuple[T, ...]]:
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


def _json_values() -> S[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(-MAX_JSON_INT, MAX_JSON_INT)
        | st.floats(min_value=-MAX_JSON_INT, max_value=MAX_JSON_INT)
        | st.text(max_size=12)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


def extensions() -> S[dict[str, Any]]:
    """User extension objects: any JSON object within the model's bounds."""
    return st.dictionaries(st.text(max_size=8), _json_values(), max_size=3)


def whens() -> S[FuzzyDate | Span]:
    """What an event's ``when`` holds: a date or a span."""
    return fuzzy_dates() | spans()


def estimates() -> S[Estimate]:
    """Counts with ``low <= best <= high``, some figures unknown."""

    @st.composite
    def draw_estimate(draw: st.DrawFn) -> Estimate:
        figures = sorted(draw(st.lists(st.integers(0, MAX_COUNT), min_size=3, max_size=3)))
        known = draw(st.lists(st.booleans(), min_size=3, max_size=3).filter(any))
        low, best, high = (
            value if keep else None for value, keep in zip(figures, known, strict=True)
        )
        return Estimate(low, best, high, draw(st.sampled_from(EstimateQualifier)))

    return draw_estimate()


def attributions(
    *, source_ids: S[str] | None = None, actor_ids: S[str] | None = None
) -> S[Attribution]:
    """Attributions; claims and denials always name a claimant."""
    _check_strategy("source_ids", source_ids)
    _check_strategy("actor_ids", actor_ids)
    sources_ = source_ids if source_ids is not None else identifiers()
    actors_ = actor_ids if actor_ids is not None else identifiers()

    @st.composite
    def draw_attribution(draw: st.DrawFn) -> Attribution:
        status = draw(st.sampled_from(StatementStatus))
        needs = status in {StatementStatus.CLAIMED, StatementStatus.DENIED}
        claimant = draw(actors_) if needs else draw(_optional(actors_))
        return Attribution(
            source=draw(_optional(sources_)),
            status=status,
            claimant=claimant,
            stated=draw(_optional(fuzzy_dates())),
            notes=draw(_optional(_texts())),
        )

    return draw_attribution()


def sources(*, ids: S[str] | None = None) -> S[Source]:
    """Sources with optional publication date and time."""
    _check_strategy("ids", ids)
    return st.builds(
        Source,
        id=ids if ids is not None else identifiers(),
        publisher=_texts(),
        title=_optional(_texts()),
        url=_optional(_texts()),
        published=_optional(fuzzy_dates()),
        published_at=_optional(
            st.datetimes(
                min_value=datetime(1900, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
                max_value=datetime(2100, 1, 1),  # noqa: DTZ001
                timezones=st.sampled_from(
                    [UTC, timezone(timedelta(hours=3)), timezone(timedelta(hours=-5))]
                ),
            )
        ),
        credit=_optional(_texts()),
        language=_optional(st.sampled_from(["en", "ar", "fr", "ku"])),
        notes=_optional(_texts()),
        extensions=extensions(),
    )


def _string_maps() -> S[dict[str, str]]:
    return st.dictionaries(st.sampled_from(["wikidata", "acled", "ucdp", "geonames"]), _texts())


def actor_relations(*, actor_ids: S[str] | None = None) -> S[ActorRelation]:
    """Relations to other actors, with optional time."""
    _check_strategy("actor_ids", actor_ids)
    ids = actor_ids if actor_ids is not None else identifiers()
    return st.builds(
        ActorRelation,
        kind=st.sampled_from(RelationKind),
        target=ids,
        during=_optional(whens()),
        attributions=_tuples(attributions(actor_ids=ids, source_ids=st.nothing()), max_size=1),
    )


def actors(*, ids: S[str] | None = None, actor_ids: S[str] | None = None) -> S[Actor]:
    """Actors; *actor_ids* draws the targets of their relations."""
    _check_strategy("ids", ids)
    _check_strategy("actor_ids", actor_ids)
    return st.builds(
        Actor,
        id=ids if ids is not None else identifiers(),
        name=_texts(),
        kind=st.sampled_from(ActorKind),
        aliases=_tuples(_texts()),
        country=_optional(st.sampled_from(["SYR", "IRQ", "RUS", "USA", "UKR"])),
        external_ids=_string_maps(),
        relations=_tuples(actor_relations(actor_ids=actor_ids), max_size=2),
        notes=_optional(_texts()),
        extensions=extensions(),
    )


def locations(*, ids: S[str] | None = None, parent_ids: S[str] | None = None) -> S[Location]:
    """Locations with coordinates in range (or none); *parent_ids* draws parents."""
    _check_strategy("ids", ids)
    _check_strategy("parent_ids", parent_ids)

    @st.composite
    def draw_location(draw: st.DrawFn) -> Location:
        has_point = draw(st.booleans())
        return Location(
            id=draw(ids if ids is not None else identifiers()),
            name=draw(_texts()),
            kind=draw(st.sampled_from(LocationKind)),
            aliases=draw(_tuples(_texts())),
            latitude=draw(st.floats(-90, 90)) if has_point else None,
            longitude=draw(st.floats(-180, 180)) if has_point else None,
            precision=draw(_optional(st.sampled_from(SpatialPrecision))),
            country=draw(_optional(st.sampled_from(["SYR", "IRQ", "UKR"]))),
            parent=draw(_optional(parent_ids)) if parent_ids is not None else None,
            external_ids=draw(_string_maps()),
            notes=draw(_optional(_texts())),
            extensions=draw(extensions()),
        )

    return draw_location()


def participants(*, actor_ids: S[str] | None = None) -> S[Participant]:
    """Actors with roles."""
    _check_strategy("actor_ids", actor_ids)
    return st.builds(
        Participant,
        actor=actor_ids if actor_ids is not None else identifiers(),
        role=st.sampled_from(Role),
    )


_EVENT_FIELDS: dict[type, Callable[..., dict[str, S[Any]]]] = {}


def _register(cls: type) -> Callable[[Callable[..., dict[str, S[Any]]]], Any]:
    def decorate(function: Callable[..., dict[str, S[Any]]]) -> Any:
        _EVENT_FIELDS[cls] = function
        return function

    return decorate


@_register(ControlChange)
def _control_change(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del place, event
    return {
        "new_holder": actor,
        "previous_holders": _tuples(actor, max_size=2),
        "extent": st.sampled_from(Extent),
        "mode": st.sampled_from(ChangeMode),
    }


@_register(ControlStatus)
def _control_status(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del place, event
    return {
        "holder": actor,
        "contested_by": _tuples(actor, max_size=2),
        "extent": st.sampled_from(Extent),
    }


@_register(Offensive)
def _offensive(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del event
    return {
        "attackers": _tuples(actor, min_size=1),
        "defenders": _tuples(actor),
        "objectives": _tuples(place),
        "outcome": st.sampled_from(OffensiveOutcome),
    }


@_register(Siege)
def _siege(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del place, event
    return {
        "besiegers": _tuples(actor, min_size=1),
        "besieged": _tuples(actor),
        "civilian_population": _optional(estimates()),
        "status": st.sampled_from(SiegeStatus),
    }


@_register(ArmedClash)
def _armed_clash(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del place, event
    return {"side_a": _tuples(actor, min_size=1), "side_b": _tuples(actor)}


@_register(Attack)
def _attack(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del place, event
    return {
        "targets": _tuples(actor),
        "civilian_targeting": st.booleans(),
        "terror": st.booleans(),
        "weapon": _optional(_texts()),
    }


@_register(RemoteViolence)
def _remote_violence(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del place, event
    return {
        "method": st.sampled_from(RemoteMethod),
        "platform": _optional(_texts()),
        "targets": _tuples(actor),
    }


@_register(Destruction)
def _destruction(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del actor, event
    return {
        "objects": _tuples(place, min_size=1),
        "target": st.sampled_from(DestructionTarget),
        "extent": st.sampled_from(Extent),
        "purpose": _optional(_texts()),
    }


@_register(HumanitarianAccess)
def _humanitarian_access(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del place, event
    return {
        "action": st.sampled_from(AccessAction),
        "provider": _optional(actor),
        "modality": _optional(st.sampled_from(AccessModality)),
        "beneficiaries": _optional(estimates()),
    }


@_register(CasualtyClaim)
def _casualty_claim(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del place, event
    return {
        "claimant": actor,
        "claimed": estimates(),
        "casualties_of": _tuples(actor),
        "killed": st.booleans(),
    }


@_register(Declaration)
def _declaration(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del place, event
    return {"declarant": actor, "subject": _texts()}


@_register(Demonstration)
def _demonstration(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del place, event
    return {
        "demonstrators": _tuples(actor, max_size=2),
        "form": st.sampled_from(DemonstrationForm),
        "responders": _tuples(actor, max_size=2),
        "crowd": _optional(estimates()),
    }


@_register(Disaster)
def _disaster(actor: S[str], place: S[str], event: S[str]) -> dict[str, S[Any]]:
    del actor, place
    return {"disaster": st.sampled_from(DisasterKind), "caused_by": _optional(event)}


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
    for name, value in (
        ("kinds", kinds),
        ("ids", ids),
        ("actor_ids", actor_ids),
        ("location_ids", location_ids),
        ("source_ids", source_ids),
        ("event_ids", event_ids),
    ):
        _check_strategy(name, value)
    actor = actor_ids if actor_ids is not None else identifiers()
    place = location_ids if location_ids is not None else identifiers()
    source = source_ids if source_ids is not None else identifiers()
    event = event_ids if event_ids is not None else identifiers()
    classes = kinds if kinds is not None else st.sampled_from(list(EVENT_TYPES.values()))

    @st.composite
    def draw_event(draw: st.DrawFn) -> Event:
        cls = draw(classes)
        specific = {
            name: draw(value) for name, value in _EVENT_FIELDS[cls](actor, place, event).items()
        }
        if cls is ControlChange:
            specific["previous_holders"] = tuple(
                holder
                for holder in specific["previous_holders"]
                if holder != specific["new_holder"]
            )
        if cls is ControlStatus:
            specific["contested_by"] = tuple(
                side for side in specific["contested_by"] if side != specific["holder"]
            )
        if cls is Siege:
            specific["besieged"] = tuple(
                side for side in specific["besieged"] if side not in specific["besiegers"]
            )
        needs_place = cls in {ControlChange, ControlStatus, Siege}
        return cls(  # type: ignore[no-any-return]
            id=draw(ids if ids is not None else identifiers()),
            when=draw(whens()),
            location=draw(place) if needs_place else draw(_optional(place)),
            other_locations=draw(_tuples(place, max_size=2)),
            participants=draw(_tuples(participants(actor_ids=actor), max_size=2)),
            perpetrator_candidates=draw(_tuples(actor, max_size=2)),
            part_of=draw(_optional(event)),
            attributions=draw(
                _tuples(attributions(source_ids=source, actor_ids=actor), max_size=2)
            ),
            fatalities=draw(_optional(estimates())),
            notes=draw(_optional(_texts())),
            tags=draw(_tuples(_texts(), max_size=2)),
            extensions=draw(extensions()),
            **specific,
        )

    return draw_event()


def datasets(
    *, max_actors: int = 5, max_locations: int = 5, max_sources: int = 3, max_events: int = 8
) -> S[Dataset]:
    """
    Whole documents whose events, locations and relations reference only what they contain.

    Each holds at least one actor and one location, so that every event type can be drawn.
    """

    @st.composite
    def draw_dataset(draw: st.DrawFn) -> Dataset:
        actor_ids = draw(st.lists(identifiers(), unique=True, min_size=1, max_size=max_actors))
        location_ids = draw(
            st.lists(identifiers(), unique=True, min_size=1, max_size=max_locations)
        )
        source_ids = draw(st.lists(identifiers(), unique=True, max_size=max_sources))
        event_ids = draw(st.lists(identifiers(), unique=True, max_size=max_events))
        pick_actor = st.sampled_from(actor_ids)
        pick_place = st.sampled_from(location_ids)
        pick_source = st.sampled_from(source_ids) if source_ids else st.nothing()
        pick_event = st.sampled_from(event_ids) if event_ids else st.nothing()
        actors_ = [draw(actors(ids=st.just(i), actor_ids=pick_actor)) for i in actor_ids]
        locations_ = []
        for position, ident in enumerate(location_ids):
            earlier = st.sampled_from(location_ids[:position]) if position else None
            locations_.append(draw(locations(ids=st.just(ident), parent_ids=earlier)))
        sources_ = [draw(sources(ids=st.just(ident))) for ident in source_ids]
        events_ = [
            draw(
                events(
                    ids=st.just(ident),
                    actor_ids=pick_actor,
                    location_ids=pick_place,
                    source_ids=pick_source,
                    event_ids=pick_event,
                )
            )
            for ident in event_ids
        ]
        return Dataset(
            actors=tuple(actors_),
            locations=tuple(locations_),
            sources=tuple(sources_),
            events=tuple(events_),
            extensions=draw(extensions()),
        )

    return draw_dataset()
