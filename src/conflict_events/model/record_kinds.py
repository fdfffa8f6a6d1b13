"""
The one table of record kinds: each class with its type tag, collection and reference kind.

Documents, JSON Lines, tables, Arrow and the strategies all name records the
same way; they read these names here rather than keeping maps of their own.
"""

from __future__ import annotations

from typing import Final

import attrs

from conflict_events.model.actors import Actor
from conflict_events.model.description import ReferenceKind
from conflict_events.model.events import EVENT_TYPES
from conflict_events.model.locations import Location
from conflict_events.model.sources import Source

__all__ = ["COLLECTIONS", "RECORD_KINDS", "RecordKind", "record_kind"]


@attrs.frozen
class RecordKind:
    """A record class as a dataset holds it."""

    cls: type
    #: The name of one record: ``actor``, ``location``, ``source`` or the event's ``type``.
    tag: str
    #: The dataset field holding such records: ``actors``, ``locations``, ``sources``, ``events``.
    collection: str
    #: What an identifier pointing at such a record is declared as.
    reference: ReferenceKind


#: Every record class a dataset holds, collections in document order, events by type.
RECORD_KINDS: Final[tuple[RecordKind, ...]] = (
    RecordKind(Actor, "actor", "actors", ReferenceKind.ACTOR),
    RecordKind(Location, "location", "locations", ReferenceKind.LOCATION),
    RecordKind(Source, "source", "sources", ReferenceKind.SOURCE),
    *(RecordKind(cls, tag, "events", ReferenceKind.EVENT) for tag, cls in EVENT_TYPES.items()),
)

#: Each collection of a dataset, in document order, with the reference kind of its records.
COLLECTIONS: Final[dict[str, ReferenceKind]] = {
    kind.collection: kind.reference for kind in RECORD_KINDS
}

_BY_CLASS: Final = {kind.cls: kind for kind in RECORD_KINDS}


def record_kind(cls: type) -> RecordKind:
    """
    The record kind of the record class *cls*.

    Raises:
        KeyError: *cls* is not a class a dataset holds (a nested record such as `Estimate`).
    """
    return _BY_CLASS[cls]
