"""The document type: actors, locations, sources and events that reference one another by id."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, TypeVar

import attrs

from conflict_events._format_names import DOCUMENT_FORMAT_VERSION
from conflict_events.errors import ErrorDetail, ValidationError
from conflict_events.model import fields
from conflict_events.model.actors import Actor, ActorKind
from conflict_events.model.description import ReferenceKind, description
from conflict_events.model.events import Event, EventBase
from conflict_events.model.locations import (
    Location,
    ancestor_loop,
    ancestor_loop_message,
    ancestors,
)
from conflict_events.model.record_kinds import COLLECTIONS
from conflict_events.model.references import (
    is_identifier,
    iter_references,
    raw_identifier,
    raw_references,
    resolves,
)
from conflict_events.model.sources import Source

__all__ = [
    "SCHEMA_VERSION",
    "Dataset",
    "collection_faults",
    "integrity_faults",
    "iter_references",
]

#: Semantic version of the document format, written into every document (stated once,
#: in `conflict_events._format_names`, which the command line's help reads without the model).
SCHEMA_VERSION: Final = DOCUMENT_FORMAT_VERSION
_MAJOR: Final = SCHEMA_VERSION.partition(".")[0]
# A dataset holds a version of the current major format: older documents are
# migrated on load, and a newer major one could be written but never read back.
_VERSION_PATTERN: Final = rf"^{_MAJOR}\.(0|[1-9][0-9]{{0,5}})\.(0|[1-9][0-9]{{0,5}})$"
_VERSION_RE: Final = re.compile(_VERSION_PATTERN, re.ASCII)

#: An event class, for `Dataset.events_of`.
EventT = TypeVar("EventT", bound=EventBase)
#: A record as the integrity checks read it: a typed record or its plain data.
R = TypeVar("R")
#: The quick check of a record's references, by the name it had when it lived here.
_resolves = resolves


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
        indexes, errors = collection_faults({name: getattr(self, name) for name in COLLECTIONS})
        object.__setattr__(self, "_actor_index", indexes[ReferenceKind.ACTOR])
        object.__setattr__(self, "_location_index", indexes[ReferenceKind.LOCATION])
        object.__setattr__(self, "_source_index", indexes[ReferenceKind.SOURCE])
        object.__setattr__(self, "_event_index", indexes[ReferenceKind.EVENT])
        if errors:
            raise ValidationError(errors)

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


def collection_faults(
    collections: Mapping[str, Sequence[Any]],
    known: Mapping[ReferenceKind, Mapping[str, Any]] | None = None,
) -> tuple[dict[ReferenceKind, Mapping[str, Any]], list[ErrorDetail]]:
    """
    The index of each collection of typed records by id, and what a `Dataset` refuses in them.

    The faults are its duplicate ids, references that resolve nowhere and
    locations that are their own ancestors, with paths such as
    ``events[3].location``. A collection left out of *collections* is looked
    up in *known* instead (the events' ids, when only the other tables are
    read as records).
    """
    errors: list[ErrorDetail] = []
    indexes: dict[ReferenceKind, Mapping[str, Any]] = dict(known or {})
    for name, kind in COLLECTIONS.items():
        if name in collections:
            indexes[kind] = _index(name, kind, collections[name], _typed_id, errors)
    walked: set[int] = set()  # nested records found to resolve, alive in *collections*
    for name, records in collections.items():
        for position, item in enumerate(records):
            if resolves(item, indexes, walked):
                continue
            found = iter_references(item, f"{name}[{position}]")
            errors.extend(_unknown(found, indexes))
    locations = collections.get("locations", ())
    places = typing.cast("Mapping[str, Location]", indexes[ReferenceKind.LOCATION])
    errors.extend(_cycles(locations, _typed_id, _typed_parent, places))
    return indexes, errors


def _typed_id(record: Any) -> str:
    ident: str = record.id
    return ident


def _typed_parent(location: Any) -> str | None:
    parent: str | None = location.parent
    return parent


def _raw_parent(location: Any) -> str | None:
    parent = location.get("parent") if type(location) is dict else None
    return parent if is_identifier(parent) else None


def _index(
    name: str,
    kind: ReferenceKind,
    records: Sequence[R],
    ident_of: Callable[[R], str | None],
    errors: list[ErrorDetail],
) -> dict[str, R]:
    """The records of one collection by id, the first of each id; later ones are duplicates."""
    index: dict[str, R] = {}
    for position, record in enumerate(records):
        ident = ident_of(record)
        if ident is None:
            continue
        if ident in index:
            errors.append(
                ErrorDetail(f"{name}[{position}].id", f"duplicate {kind.value} id {ident!r}")
            )
        else:
            index[ident] = record
    return index


def _unknown(
    found: Iterable[tuple[str, ReferenceKind, str]],
    indexes: Mapping[ReferenceKind, Mapping[str, object]],
) -> Iterator[ErrorDetail]:
    """A fault for each reference *found* whose target is in no index."""
    for path, kind, ident in found:
        if ident not in indexes[kind]:
            yield ErrorDetail(path, f"unknown {kind.value} id {ident!r}")


def _cycles(
    locations: Sequence[R],
    ident_of: Callable[[R], str | None],
    parent_of_record: Callable[[R], str | None],
    index: Mapping[str, R],
) -> Iterator[ErrorDetail]:
    """A fault at each location that is its own ancestor, by the parents of *index*."""
    parent_of = {ident: parent_of_record(location) for ident, location in index.items()}
    for position, location in enumerate(locations):
        ident = ident_of(location)
        if ident is not None and (through := ancestor_loop(parent_of, ident)) is not None:
            yield ErrorDetail(
                f"locations[{position}].parent", ancestor_loop_message(ident, through, parent_of)
            )


def integrity_faults(document: object) -> list[ErrorDetail]:
    """
    The duplicate ids, unknown references and parent cycles of a dataset document's plain data.

    The checks a `Dataset` makes on construction, made on data that may not
    structure, so that a loader reports them beside the structural faults in
    one run. A record counts as declared when its ``id`` is an identifier,
    whatever else is wrong with it; its references are read as
    `raw_references` reads them. Members of the wrong shape are passed over:
    they are structural faults, reported by the structuring. A reference is
    unknown only when every id of its kind can be read: one record of that
    kind without an identifier id (or a collection that is not a list) may be
    the record it names, so its references are not reported as unknown.
    """
    if type(document) is not dict:
        return []
    errors: list[ErrorDetail] = []
    collections: dict[str, list[Any]] = {}
    unsure: set[ReferenceKind] = set()
    for name, kind in COLLECTIONS.items():
        items = document.get(name, [])
        collections[name] = items if type(items) is list else []
        if type(items) is not list or any(raw_identifier(item) is None for item in items):
            unsure.add(kind)
    indexes = {
        kind: _index(name, kind, collections[name], raw_identifier, errors)
        for name, kind in COLLECTIONS.items()
    }
    record = description(Dataset)
    for name, items in collections.items():
        cls = record.field(name).spec.record or EventBase
        for position, item in enumerate(items):
            found = raw_references(item, cls, f"{name}[{position}]")
            errors.extend(_unknown((ref for ref in found if ref[1] not in unsure), indexes))
    locations = collections["locations"]
    errors.extend(_cycles(locations, raw_identifier, _raw_parent, indexes[ReferenceKind.LOCATION]))
    return errors
