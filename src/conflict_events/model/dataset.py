"""The document type: actors, locations, sources and events that reference one another by id."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Final, TypeVar

import attrs

from conflict_events.errors import ErrorDetail, ValidationError
from conflict_events.model import fields
from conflict_events.model.actors import Actor, ActorKind
from conflict_events.model.description import FieldKind, ReferenceKind, description
from conflict_events.model.events import Event, EventBase
from conflict_events.model.locations import (
    Location,
    ancestor_loop,
    ancestor_loop_message,
    ancestors,
)
from conflict_events.model.record_kinds import COLLECTIONS
from conflict_events.model.sources import Source

__all__ = ["SCHEMA_VERSION", "Dataset", "iter_references"]

#: Semantic version of the document format, written into every document.
SCHEMA_VERSION: Final = "1.0.0"
_MAJOR: Final = SCHEMA_VERSION.partition(".")[0]
# A dataset holds a version of the current major format: older documents are
# migrated on load, and a newer major one could be written but never read back.
_VERSION_PATTERN: Final = rf"^{_MAJOR}\.(0|[1-9][0-9]{{0,5}})\.(0|[1-9][0-9]{{0,5}})$"
_VERSION_RE: Final = re.compile(_VERSION_PATTERN, re.ASCII)

#: An event class, for `Dataset.events_of`.
EventT = TypeVar("EventT", bound=EventBase)


def iter_references(obj: Any, path: str = "") -> Iterator[tuple[str, ReferenceKind, str]]:
    """Yield (path, kind, id) for every identifier in *obj* that must resolve in a dataset."""
    refs, nested = _plan(type(obj))
    for name, kind in refs:
        value = getattr(obj, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, str):
            yield here, kind, value
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                yield f"{here}[{index}]", kind, item
    for name in nested:
        value = getattr(obj, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, tuple):
            for index, item in enumerate(value):
                yield from iter_references(item, f"{here}[{index}]")
        elif value is not None:
            yield from iter_references(value, here)


_Plan = tuple[tuple[tuple[str, ReferenceKind], ...], tuple[str, ...]]


_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    """
    The reference fields of *cls* with their kind, and its fields holding records that refer.

    Read from the class's description; nested record classes without any
    reference, however deep, are left out so the checks never walk them.
    """
    if (known := _PLANS.get(cls)) is not None:
        return known
    record = description(cls)
    refs = tuple((field.name, field.spec.reference) for field in record.references)
    nested = tuple(
        field.name
        for field in record.nested
        if field.kind is FieldKind.EVENT or _refers(field.spec.record)
    )
    plan = tuple((name, kind) for name, kind in refs if kind is not None), nested
    _PLANS[cls] = plan
    return plan


def _refers(cls: type | None) -> bool:
    """Whether records of *cls* may hold a reference."""
    if cls is None:
        return False
    refs, nested = _plan(cls)
    return bool(refs or nested)


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


@attrs.frozen(kw_only=True, repr=False)
class Dataset:
    """
    A self-contained set of conflict-event records.

    Ids are unique within each collection and every reference resolves; on
    construction all violations are reported at once as a `ValidationError`.
    """

    schema_version: str = fields.version(
        "Version of the document format.", current=SCHEMA_VERSION, pattern=_VERSION_RE
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

    def __repr__(self) -> str:
        """The version and the size of each collection: a document may hold millions of records."""
        sizes = ", ".join(f"{name}={len(getattr(self, name))}" for name in COLLECTIONS)
        return f"Dataset(schema_version={self.schema_version!r}, {sizes})"

    def __attrs_post_init__(self) -> None:
        errors: list[ErrorDetail] = []
        indexes: dict[ReferenceKind, dict[str, Any]] = {}
        for name, kind in COLLECTIONS.items():
            items = getattr(self, name)
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
        for name in COLLECTIONS:
            items = getattr(self, name)
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
        parent_of = {ident: location.parent for ident, location in self._location_index.items()}
        for position, location in enumerate(self.locations):
            if (through := ancestor_loop(parent_of, location.id)) is not None:
                yield ErrorDetail(
                    f"locations[{position}].parent",
                    ancestor_loop_message(location.id, through, parent_of),
                )

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
        """The chain of parents of a location, nearest first; KeyError for an unknown id."""
        return ancestors(self._location_index, location_id)

    def events_of(self, kind: type[EventT]) -> list[EventT]:
        """The events of one class (subclasses included), in dataset order, typed as that class."""
        return [event for event in self.events if isinstance(event, kind)]

    def actor_kinds(self) -> dict[str, ActorKind]:
        """Each actor's kind by id, as `formats.acled_types.acled_types` takes them."""
        return {actor.id: actor.kind for actor in self.actors}

    def merge(self, other: Dataset) -> Dataset:
        """
        This dataset and *other* as one, each id once (see `conflict_events.model.merging`).

        Raises:
            ValidationError: One id names different records in the two; every
                conflict, with both values.
        """
        from conflict_events.model.merging import merge  # noqa: PLC0415 - it builds on Dataset

        return merge(self, other)

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
