"""
Living ACLED datasets: bring an imported ACLED dataset up to date with a newer export.

ACLED revises events after publishing them and deletes some; its own R client
updates a saved dataset with ``acled_update`` (acledR). `update` does the same
on typed datasets, keyed by ACLED's ``event_id_cnty`` (an event's id is
``acled:`` and that id, see `conflict_events.formats.ids.slug`):

- an event only in *newer* is added;
- an event in both is replaced by the newer one when its ACLED ``timestamp``
  is larger, and also when the timestamps are equal (or either is missing)
  but the content differs: the newer export wins; an event *newer* gives with
  a smaller timestamp stays as *base* has it;
- an event whose id is in *deletions* is removed (unless its timestamp is
  later than the deletion's ``deleted_timestamp``: it came back after it);
- actors, places and sources: the newer export's version of a record wins;
  a record only the removed or replaced events used is dropped, one still
  used (by an event, a place's parent, an actor's relation) or never used by
  any event is kept.

The timestamp is the reader's kept column ``extensions['acled']['columns']['timestamp']``
(the model has no field for ACLED's revision time).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats.csv_cells import read_table
from conflict_events.formats.ids import slug
from conflict_events.formats.tables import Columns, kept_columns
from conflict_events.model import Dataset, Event
from conflict_events.model.dataset import iter_references
from conflict_events.model.description import ReferenceKind
from conflict_events.model.record_kinds import COLLECTIONS

__all__ = ["Update", "update"]

_SYSTEM: Final = "acled"
_PREFIX: Final = "acled:"
_SHOWN: Final = 5


@attrs.frozen
class Update:
    """The updated dataset, and the ids of the events added, revised and deleted."""

    dataset: Dataset
    added: tuple[str, ...] = ()
    revised: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()

    def __str__(self) -> str:
        """A summary: how many events of each, and the first few ids."""
        head = (
            f"{len(self.added)} added, {len(self.revised)} revised, {len(self.deleted)} deleted: "
            f"{len(self.dataset.events)} events"
        )
        lines = [head]
        for label, ids in (
            ("added", self.added),
            ("revised", self.revised),
            ("deleted", self.deleted),
        ):
            if ids:
                more = f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else ""
                lines.append(f"  {label}: {', '.join(ids[:_SHOWN])}{more}")
        return "\n".join(lines)


def timestamp(event: Event) -> int | None:
    """An imported ACLED event's ``timestamp`` (seconds), None when it has none that is a number."""
    text = kept_columns(event, _SYSTEM).get("timestamp", "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _deletions_file(path: str | os.PathLike[str]) -> dict[str, int | None]:
    header, rows = read_table(path)
    columns = Columns(header)
    if "event_id_cnty" not in columns:
        message = f"the header {describe(header)} has no event_id_cnty column"
        raise ValidationError([ErrorDetail("event_id_cnty", message, line=1)])
    found: dict[str, int | None] = {}
    errors: list[ErrorDetail] = []
    for line, cells in rows:
        try:
            row = columns.row(cells)
        except ValidationError as error:
            errors.extend(attrs.evolve(d, line=line) for d in error.errors)
            continue
        ident = row.get("event_id_cnty", "").strip()
        stamp = row.get("deleted_timestamp", "").strip()
        if not ident:
            errors.append(
                ErrorDetail("event_id_cnty", "is blank; give the deleted event's id", line=line)
            )
        elif stamp and not (stamp.isascii() and stamp.isdigit()):
            message = f"{describe(stamp)} is not a whole number of seconds"
            errors.append(ErrorDetail(columns.label("deleted_timestamp"), message, line=line))
        else:
            found[slug(_PREFIX, ident)] = int(stamp) if stamp else None
    if errors:
        raise ValidationError(errors)
    return found


def _deletions(deletions: Iterable[str] | str | os.PathLike[str] | None) -> dict[str, int | None]:
    """Each deleted event's id with its deletion time (None: any time)."""
    if deletions is None:
        return {}
    if isinstance(deletions, (str, os.PathLike)):
        return _deletions_file(deletions)
    found: dict[str, int | None] = {}
    errors: list[ErrorDetail] = []
    for position, given in enumerate(deletions):
        item: object = given
        if not isinstance(item, str) or not item.strip():
            message = f"{describe(item)} is not an ACLED event id (event_id_cnty)"
            errors.append(ErrorDetail(f"deletions[{position}]", message))
        else:
            found[slug(_PREFIX, item.strip())] = None
    if errors:
        raise ValidationError(errors)
    return found


def _used(
    events: Iterable[Event], records: Mapping[tuple[ReferenceKind, str], Any]
) -> set[tuple[ReferenceKind, str]]:
    """Every record *events* use, and what those records use in turn (parents, relations)."""
    used: set[tuple[ReferenceKind, str]] = set()
    todo: list[Any] = list(events)
    while todo:
        item = todo.pop()
        for _, kind, ident in iter_references(item):
            key = (kind, ident)
            if key not in used and kind is not ReferenceKind.EVENT:
                used.add(key)
                if key in records:
                    todo.append(records[key])
    return used


def _newest(event: Event, candidate: Event | None) -> Event:
    """*candidate* when it revises *event*: a larger timestamp, or an equal or missing one."""
    if candidate is None or candidate == event:
        return event
    old, new = timestamp(event), timestamp(candidate)
    if old is not None and new is not None and new < old:
        return event
    return candidate


def update(
    base: Dataset,
    newer: Dataset,
    deletions: Iterable[str] | str | os.PathLike[str] | None = None,
) -> Update:
    """
    *base* brought up to date with the *newer* ACLED export, and which events changed.

    *deletions* are ``event_id_cnty`` texts, or the path of ACLED's deletions
    CSV (columns ``event_id_cnty,deleted_timestamp``). The result holds
    *base*'s events in order (revised ones in place), then the added ones in
    *newer*'s order. See the module for every rule.

    Raises:
        ValidationError: A deletion is not an id, or the deletions file has no
            ``event_id_cnty`` column, a blank id or a timestamp that is not a number.
        OSError: The deletions file cannot be read.
    """
    gone = _deletions(deletions)
    newer_events = {event.id: event for event in newer.events}

    def deleted(event: Event) -> bool:
        if event.id not in gone:
            return False
        when, stamp = gone[event.id], timestamp(event)
        return when is None or stamp is None or stamp <= when

    events: list[Event] = []
    revised: list[str] = []
    removed: list[str] = []
    for event in base.events:
        current = _newest(event, newer_events.get(event.id))
        if deleted(current):
            removed.append(current.id)
            continue
        if current is not event:
            revised.append(current.id)
        events.append(current)
    known = {event.id for event in base.events}
    added: list[str] = []
    for event in newer.events:
        if event.id in known:
            continue
        if deleted(event):
            removed.append(event.id)
            continue
        events.append(event)
        added.append(event.id)
    return Update(_dataset(base, newer, events), tuple(added), tuple(revised), tuple(removed))


def _dataset(base: Dataset, newer: Dataset, events: list[Event]) -> Dataset:
    """The dataset of *events*, with the records still used (newer's version of each)."""
    records: dict[tuple[ReferenceKind, str], Any] = {}
    order: dict[str, dict[tuple[ReferenceKind, str], None]] = {}
    for dataset in (base, newer):
        for name, kind in COLLECTIONS.items():
            if kind is ReferenceKind.EVENT:
                continue
            keys = order.setdefault(name, {})
            for record in getattr(dataset, name):
                keys[kind, record.id] = None
                records[kind, record.id] = record
    before = _used([*base.events, *newer.events], records)
    after = _used(events, records)
    collections = {
        name: tuple(records[key] for key in keys if key in after or key not in before)
        for name, keys in order.items()
    }
    return Dataset(
        schema_version=newer.schema_version,
        extensions={**base.extensions, **newer.extensions},
        events=tuple(events),
        **collections,
    )
