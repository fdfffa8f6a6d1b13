"""The document type: actors, locations, sources and events that reference one another by id."""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any, Final

import attrs

from conflict_events.errors import ErrorDetail, FieldError, ValidationError, describe
from conflict_events.model import fields
from conflict_events.model.actors import Actor, ActorKind
from conflict_events.model.events import Event, EventBase
from conflict_events.model.fields import ReferenceKind
from conflict_events.model.locations import Location
from conflict_events.model.sources import Source

__all__ = ["SCHEMA_VERSION", "Dataset", "iter_references"]

#: Semantic version of the document format, written into every document.
SCHEMA_VERSION: Final = "1.0.0"
_MAJOR: Final = SCHEMA_VERSION.partition(".")[0]
# A dataset holds a version of the current major format: older documents are
# migrated on load, and a newer major one could be written but never read back.
_VERSION_PATTERN: Final = rf"^{_MAJOR}\.(0|[1-9][0-9]{{0,5}})\.(0|[1-9][0-9]{{0,5}})$"


def iter_references(obj: Any, path: str = "") -> Iterator[tuple[str, ReferenceKind, str]]:
    """Yield (path, kind, id) for every identifier in *obj* that must resolve in a dataset."""
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        here = f"{path}.{field.name}" if path else field.name
        kind = field.metadata.get("ref")
        if kind is not None:
            if isinstance(value, str):
                yield here, kind, value
            elif isinstance(value, tuple):
                for index, item in enumerate(value):
                    yield f"{here}[{index}]", kind, item
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if attrs.has(type(item)):
                    yield from iter_references(item, f"{here}[{index}]")
        elif attrs.has(type(value)):
            yield from iter_references(value, here)


#: Types whose values never hold a reference: `iter_references` finds none in them.
_LEAVES: Final = (str, int, float, bool, type(None), date, datetime, enum.Enum)
_Plan = tuple[tuple[tuple[str, ReferenceKind], ...], tuple[str, ...]]
#: For each class met while checking references: its reference fields with their
#: kind, and the other fields whose declared type may hold objects with references.
_PLANS: dict[type, _Plan] = {}


def _may_hold_references(kind: Any, seen: set[type]) -> bool:
    """False when values of the declared type *kind* provably hold no reference."""
    origin = typing.get_origin(kind)
    if origin is dict:  # iter_references does not look inside mappings
        return False
    if origin in (typing.Union, types.UnionType, tuple):
        return any(
            _may_hold_references(arg, seen) for arg in typing.get_args(kind) if arg is not Ellipsis
        )
    if isinstance(kind, type):
        if issubclass(kind, _LEAVES):
            return False
        if attrs.has(kind):
            if kind in seen:
                return False
            refs, nested = _plan(kind, seen)
            return bool(refs or nested)
    return True


def _plan(cls: type, seen: set[type] | None = None) -> _Plan:
    try:
        return _PLANS[cls]
    except KeyError:
        pass
    if not attrs.has(cls):
        _PLANS[cls] = (), ()
        return (), ()
    seen = {*(seen or ()), cls}
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001 - unresolvable annotations: look at every field
        hints = {}
    refs: list[tuple[str, ReferenceKind]] = []
    nested: list[str] = []
    for field in attrs.fields(cls):
        kind = field.metadata.get("ref")
        if kind is not None:
            refs.append((field.name, kind))
        elif field.name not in hints or _may_hold_references(hints[field.name], seen):
            nested.append(field.name)
    plan = (tuple(refs), tuple(nested))
    _PLANS[cls] = plan
    return plan


def _resolves(obj: Any, indexes: dict[ReferenceKind, dict[str, Any]]) -> bool:
    """
    True when every reference `iter_references` finds in *obj* is in *indexes*.

    The same walk as `iter_references` without building paths, skipping fields
    whose declared type holds no references; the constructor runs it first and
    walks again with paths only when something is missing.
    """
    refs, nested = _plan(type(obj))
    for name, kind in refs:
        value = getattr(obj, name)
        if isinstance(value, str):
            if value not in indexes[kind]:
                return False
        elif isinstance(value, tuple):
            index = indexes[kind]
            for item in value:
                if item not in index:
                    return False
    for name in nested:
        value = getattr(obj, name)
        if isinstance(value, tuple):
            for item in value:
                if not _resolves(item, indexes):
                    return False
        elif value is not None and not _resolves(value, indexes):
            return False
    return True


def _check_version(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    import re  # noqa: PLC0415

    if type(value) is not str or re.fullmatch(_VERSION_PATTERN, value, re.ASCII) is None:
        raise FieldError(
            attribute.name,
            f"{describe(value)} is not a version of document format {_MAJOR}, "
            f"such as {SCHEMA_VERSION!r}",
        )


@attrs.frozen(kw_only=True)
class Dataset:
    """
    A self-contained set of conflict-event records.

    Ids are unique within each collection and every reference resolves; on
    construction all violations are reported at once as a `ValidationError`.
    """

    schema_version: str = attrs.field(
        default=SCHEMA_VERSION,
        validator=_check_version,
        metadata={
            "doc": "Version of the document format.",
            "pattern": _VERSION_PATTERN,
            "always_written": True,
        },
    )
    actors: tuple[Actor, ...] = fields.nested_list(Actor, "Every actor the events name.")
    locations: tuple[Location, ...] = fields.nested_list(
        Location, "Every place the events and other locations name."
    )
    sources: tuple[Source, ...] = fields.nested_list(Source, "Every source cited.")
    events: tuple[Event, ...] = fields.nested_list(EventBase, "The events.")
    extensions: dict[str, object] = fields.extensions()

    _actor_index: dict[str, Actor] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _location_index: dict[str, Location] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _source_index: dict[str, Source] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _event_index: dict[str, Event] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        errors: list[ErrorDetail] = []
        indexes: dict[ReferenceKind, dict[str, Any]] = {}
        for kind, name, items in (
            (ReferenceKind.ACTOR, "actors", self.actors),
            (ReferenceKind.LOCATION, "locations", self.locations),
            (ReferenceKind.SOURCE, "sources", self.sources),
            (ReferenceKind.EVENT, "events", self.events),
        ):
            index: dict[str, Any] = {}
            for position, item in enumerate(items):
                if item.id in index:
                    errors.append(
                        ErrorDetail(
                            f"{name}[{position}].id", f"duplicate {kind.value} id {item.id!r}"
                        )
                    )
                else:
                    index[item.id] = item
            indexes[kind] = index
        object.__setattr__(self, "_actor_index", indexes[ReferenceKind.ACTOR])
        object.__setattr__(self, "_location_index", indexes[ReferenceKind.LOCATION])
        object.__setattr__(self, "_source_index", indexes[ReferenceKind.SOURCE])
        object.__setattr__(self, "_event_index", indexes[ReferenceKind.EVENT])
        for name, items in (
            ("actors", self.actors),
            ("locations", self.locations),
            ("sources", self.sources),
            ("events", self.events),
        ):
            for position, item in enumerate(items):
                if _resolves(item, indexes):
                    continue
                for path, kind, ident in iter_references(item, f"{name}[{position}]"):
                    if ident not in indexes[kind]:
                        errors.append(ErrorDetail(path, f"unknown {kind.value} id {ident!r}"))
        errors.extend(self._parent_cycles())
        if errors:
            raise ValidationError(errors)

    def _parent_cycles(self) -> Iterator[ErrorDetail]:
        for position, location in enumerate(self.locations):
            seen = {location.id}
            parent = location.parent
            while parent is not None and parent in self._location_index:
                if parent in seen:
                    yield ErrorDetail(
                        f"locations[{position}].parent",
                        f"location {location.id!r} is its own ancestor through {parent!r}",
                    )
                    break
                seen.add(parent)
                parent = self._location_index[parent].parent

    # -- look-ups ----------------------------------------------------------

    def actor(self, ident: str) -> Actor:
        """The actor with id *ident*; KeyError when there is none."""
        return self._actor_index[ident]

    def location(self, ident: str) -> Location:
        """The location with id *ident*; KeyError when there is none."""
        return self._location_index[ident]

    def source(self, ident: str) -> Source:
        """The source with id *ident*; KeyError when there is none."""
        return self._source_index[ident]

    def event(self, ident: str) -> Event:
        """The event with id *ident*; KeyError when there is none."""
        return self._event_index[ident]

    def find_locations(self, name: str) -> list[Location]:
        """Locations whose name or any alias equals *name*, ignoring case."""
        wanted = name.casefold()
        return [loc for loc in self.locations if wanted in (n.casefold() for n in loc.names)]

    def find_actors(self, name: str) -> list[Actor]:
        """Actors whose name or any alias equals *name*, ignoring case."""
        wanted = name.casefold()
        return [actor for actor in self.actors if wanted in (n.casefold() for n in actor.names)]

    def ancestors(self, location_id: str) -> list[Location]:
        """The chain of parents of a location, nearest first."""
        chain: list[Location] = []
        parent = self.location(location_id).parent
        while parent is not None:
            chain.append(self.location(parent))
            parent = chain[-1].parent
        return chain

    def events_of(self, kind: type[EventBase]) -> list[Event]:
        """The events of one class, in dataset order."""
        return [event for event in self.events if isinstance(event, kind)]

    def actor_kinds(self) -> dict[str, ActorKind]:
        """Each actor's kind by id, as `EventBase.acled_types` takes them."""
        return {actor.id: actor.kind for actor in self.actors}

    def merged_with(self, other: Dataset) -> Dataset:
        """A new dataset holding both; ids must not clash."""
        return Dataset(
            actors=self.actors + other.actors,
            locations=self.locations + other.locations,
            sources=self.sources + other.sources,
            events=self.events + other.events,
            extensions={**self.extensions, **other.extensions},
        )

    @classmethod
    def of(cls, records: Iterable[Actor | Location | Source | Event]) -> Dataset:
        """A dataset of mixed records, sorted into their collections in order."""
        actors: list[Actor] = []
        locations: list[Location] = []
        sources: list[Source] = []
        events: list[Event] = []
        for record in records:
            if isinstance(record, Actor):
                actors.append(record)
            elif isinstance(record, Location):
                locations.append(record)
            elif isinstance(record, Source):
                sources.append(record)
            else:
                events.append(record)
        return cls(
            actors=tuple(actors),
            locations=tuple(locations),
            sources=tuple(sources),
            events=tuple(events),
        )
