"""
What ACLED and UCDP GED share: one row per event, actors and places by name, loss reports.

A row becomes an event plus the actors, places and sources it names; these are
de-duplicated by name across rows (the dataset's own name or id kept as an
external id). After a row is read, the row that would be written back from the
typed values is computed, and every column whose text differs (columns with no
model field, dates written another way, codes we cannot derive) is kept in the
event's ``extensions`` under the dataset's key, so a file read and written back
keeps every column. Writing the other way, `loss_report` says precisely what
the table could not hold, field by field.

`Columns` matches header names (a name may appear only once; a column without
a name must hold only blank cells) and names the column in every row fault
(its path, on the row's ``line``: printed ``line 7: fatalities``). `write_rows`
writes only the rows our reader reads back, so a file we write always reads;
an event whose row would not is reported as not written, with why.
"""

from __future__ import annotations

import contextlib
import enum
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, Final

import attrs

from conflict_events.errors import ErrorDetail, FieldError, ValidationError, describe
from conflict_events.formats.csv_cells import escape, record_fault, unescape, write_table
from conflict_events.formats.ids import coordinate_part, name_id, path_id, slug
from conflict_events.model import (
    Actor,
    ActorKind,
    ArmedClash,
    Attack,
    CasualtyClaim,
    ControlChange,
    Dataset,
    Declaration,
    Event,
    HumanitarianAccess,
    Location,
    LocationKind,
    Offensive,
    RemoteViolence,
    Role,
    Siege,
    Source,
    SpatialPrecision,
)
from conflict_events.model.description import ReferenceKind, description
from conflict_events.model.locations import ancestors
from conflict_events.temporal import FuzzyDate, Span, TemporalError

__all__ = [
    "Columns",
    "Lookup",
    "Loss",
    "LossReport",
    "RecordBuilder",
    "at",
    "kept_cells",
    "loss_report",
    "slug",
    "write_rows",
]


@attrs.frozen
class Loss:
    """One thing a table cannot hold: where it is in our data, and what happens to it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@attrs.frozen
class LossReport:
    """What a table format cannot hold of a dataset; empty when the table holds everything."""

    format: str
    losses: tuple[Loss, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.losses)

    def __len__(self) -> int:
        return len(self.losses)

    def __str__(self) -> str:
        if not self.losses:
            return f"{self.format} holds everything"
        head = f"{len(self.losses)} value(s) {self.format} cannot hold:"
        return "\n".join([head, *(f"  {loss}" for loss in self.losses)])


class Lookup:
    """Actors, places and sources by id, from a `Dataset` or a `RecordBuilder` mid-way."""

    def __init__(
        self,
        actors: Iterable[Actor],
        locations: Iterable[Location],
        sources: Iterable[Source],
    ) -> None:
        self.actors = {a.id: a for a in actors}
        self.locations = {loc.id: loc for loc in locations}
        self.sources = {s.id: s for s in sources}

    @classmethod
    def of(cls, dataset: Dataset) -> Lookup:
        """The look-up of a whole dataset."""
        return cls(dataset.actors, dataset.locations, dataset.sources)

    def actor(self, ident: str) -> Actor:
        """The actor with id *ident*."""
        return self.actors[ident]

    def location(self, ident: str) -> Location:
        """The location with id *ident*."""
        return self.locations[ident]

    def source(self, ident: str) -> Source:
        """The source with id *ident*."""
        return self.sources[ident]

    def ancestors(self, ident: str) -> list[Location]:
        """The parents of a location known so far, nearest first."""
        return ancestors(self.locations, ident)

    def actor_kinds(self) -> dict[str, ActorKind]:
        """Each actor's kind by id."""
        return {ident: actor.kind for ident, actor in self.actors.items()}


#: How many lines a notice names for each value the rows gave.
_SHOWN: Final = 3


class _Sightings:
    """What the rows said of one field of one record: each value with its row count."""

    __slots__ = ("counts", "last", "lines")

    def __init__(self) -> None:
        self.counts: dict[Any, int] = {}
        self.lines: dict[Any, list[int]] = {}
        self.last: dict[Any, int] = {}

    def add(self, value: Any, line: int | None) -> None:
        """One row's value; the same row saying it twice counts once."""
        if line is not None:
            if self.last.get(value) == line:
                return
            self.last[value] = line
            shown = self.lines.setdefault(value, [])
            if len(shown) <= _SHOWN:
                shown.append(line)
        self.counts[value] = self.counts.get(value, 0) + 1

    def decide(self, order: Callable[[Any], Any]) -> Any:
        """The value most rows gave; a tie goes to the first in *order*, never to row order."""
        return min(self.counts, key=lambda value: (-self.counts[value], order(value)))

    def summary(self, show: Callable[[Any], str], order: Callable[[Any], Any]) -> str:
        """Each value with its row count and first lines, most rows first."""
        parts = []
        for value in sorted(self.counts, key=lambda v: (-self.counts[v], order(v))):
            count = self.counts[value]
            lines = self.lines.get(value, [])
            where = ""
            if lines:
                named = ", ".join(str(n) for n in lines[:_SHOWN])
                more = ", ..." if len(lines) > _SHOWN else ""
                where = f" ({'line' if len(lines) == 1 else 'lines'} {named}{more})"
            parts.append(f"{show(value)} in {count} row{'s' if count != 1 else ''}{where}")
        return ", ".join(parts)


_KIND_ORDER: Final = {kind: position for position, kind in enumerate(ActorKind)}
_PRECISION_ORDER: Final = {p: position for position, p in enumerate(SpatialPrecision)}
#: Each admin level's position in a place's path; a settlement comes after the last.
_LADDER: Final = {
    LocationKind.COUNTRY: 0,
    LocationKind.ADMIN1: 1,
    LocationKind.ADMIN2: 2,
    LocationKind.ADMIN3: 3,
}
_LEAF: Final = len(_LADDER)


def _by_value(value: Any) -> Any:
    return _PRECISION_ORDER.get(value, 0), str(value)


def _most_precise(pair: tuple[float, float]) -> tuple[int, float, float]:
    """Coordinates written with the most decimals first, then the smallest."""
    return -(len(repr(pair[0])) + len(repr(pair[1]))), pair[0], pair[1]


@attrs.frozen
class _Place:
    """Where a place sits: the names of its levels and what follows them in its id."""

    parts: tuple[str, ...]
    extra: tuple[str, ...]


class RecordBuilder:
    """
    Collects actors, places and sources by what rows say of them; ids come from content.

    Ids never depend on row order or on the other rows of the file
    (`conflict_events.formats.ids`): an actor's and a source's from the
    normalised name, a place's from its path of levels and rounded coordinates,
    an event's from the dataset's own id. Each row's values are recorded, and
    `finish` decides each record's values from all of them the same way for
    any order: the value most rows give (ties by a fixed order). Rows that
    disagree with the decision keep their cells through the row loop's
    round-trip columns; disagreeing actor kinds are also reported in `notices`.
    """

    def __init__(self, system: str) -> None:
        self.system = system
        #: The records by id (until `finish`, as first seen).
        self.actors: dict[str, Actor] = {}
        self.locations: dict[str, Location] = {}
        self.sources: dict[str, Source] = {}
        self.lookup = Lookup((), (), ())
        #: What `finish` found worth telling: actors the rows give different kinds.
        self.notices: list[ErrorDetail] = []
        self._seen: dict[str, dict[str, _Sightings]] = {}
        self._places: dict[tuple[object, ...], str] = {}
        #: Each name as a row wrote it, with its id: most rows repeat a name.
        self._names: dict[tuple[str, str], str] = {}
        self._paths: dict[str, _Place] = {}
        self._finished = False

    def _name_id(self, record: str, name: str) -> str:
        key = (record, name)
        ident = self._names.get(key)
        if ident is None:
            ident = self._names[key] = name_id(f"{self.system}-{record}:", name)
        return ident

    def _sightings(self, ident: str, field: str) -> _Sightings:
        fields = self._seen.setdefault(ident, {})
        found = fields.get(field)
        if found is None:
            found = fields[field] = _Sightings()
        return found

    def event_id(self, ident: str) -> str:
        """The id of an event read from a row: *ident* (see `slug`), never renamed."""
        return ident

    def actor(
        self,
        name: str,
        kind: ActorKind | None = None,
        external: str | None = None,
        line: int | None = None,
    ) -> str:
        """
        The id of the actor called *name*, as this row (at *line*) states its kind.

        *kind* is None when the row does not say; `finish` decides the kind.
        """
        ident = self._name_id("actor", name)
        if ident not in self.actors:
            actor = Actor(
                id=ident,
                name=name,
                kind=kind or ActorKind.UNKNOWN,
                external_ids={self.system: external or name},
            )
            self.actors[ident] = self.lookup.actors[ident] = actor
        self._finished = False
        self._sightings(ident, "name").add(name, line)
        self._sightings(ident, "external").add(external or name, line)
        kinds = self._sightings(ident, "kind")
        if kind is not None:
            kinds.add(kind, line)
        return ident

    def _place(self, name: str, kind: LocationKind, parent: str | None) -> _Place:
        """The levels of the place *name* of *kind* inside *parent*."""
        above = self._paths.get(parent) if parent is not None else _Place((), ())
        if above is None:
            return _Place((name,), (f"kind={kind.value}", f"parent={parent}"))
        position = _LADDER.get(kind, _LEAF)
        regular = not above.extra and len(above.parts) <= position
        if regular and (kind in _LADDER or kind is LocationKind.SETTLEMENT):
            padding = ("",) * (position - len(above.parts))
            return _Place((*above.parts, *padding, name), ())
        return _Place((*above.parts, name), (*above.extra, f"kind={kind.value}"))

    def location(
        self,
        name: str,
        kind: LocationKind,
        parent: str | None = None,
        **values: Any,
    ) -> str:
        """
        The id of the place *name* of *kind* inside *parent*, with these values.

        The id is the place's path and its coordinates rounded to
        `ids.COORDINATE_DECIMALS`; ``precision`` and the other values are not
        part of it (`finish` decides them).
        """
        key = (name, kind, parent, tuple(sorted(values.items())))
        ident = self._places.get(key)
        latitude, longitude = values.get("latitude"), values.get("longitude")
        if ident is None:
            place = self._place(name, kind, parent)
            coordinates = coordinate_part(latitude, longitude)
            extra = (*place.extra, coordinates) if coordinates else place.extra
            ident = path_id(f"{self.system}-place:", place.parts, extra=extra)
            built = Location(id=ident, name=name, kind=kind, parent=parent, **values)
            self._places[key] = ident
            if ident not in self.locations:
                self._paths[ident] = _Place(place.parts, extra)
                self.locations[ident] = self.lookup.locations[ident] = built
        self._finished = False
        self._sightings(ident, "name").add(name, None)
        if latitude is not None and longitude is not None:
            self._sightings(ident, "coordinates").add((latitude, longitude), None)
        for field, value in values.items():
            if field not in ("latitude", "longitude") and value is not None:
                self._sightings(ident, field).add(value, None)
        return ident

    def source(self, publisher: str) -> str:
        """The id of the source published by *publisher* (compared normalised)."""
        ident = self._name_id("source", publisher)
        if ident not in self.sources:
            self.sources[ident] = self.lookup.sources[ident] = Source(id=ident, publisher=publisher)
        self._finished = False
        self._sightings(ident, "name").add(publisher, None)
        return ident

    def article(self, publisher: str, published: FuzzyDate | None, title: str | None) -> str:
        """
        The id of one article: its publisher's piece of a day with its headline.

        Its id comes from all three, compared normalised, so the same article
        cited by many rows is one source.
        """
        when = published.to_edtf() if published is not None else ""
        ident = self._name_id("source", f"{when} {publisher} {title or ''}")
        if ident not in self.sources:
            self.sources[ident] = self.lookup.sources[ident] = Source(
                id=ident, publisher=publisher, title=title or None, published=published
            )
        self._finished = False
        self._sightings(ident, "name").add(publisher, None)
        return ident

    def finish(self) -> Lookup:
        """
        Decide each record's values from every row read, the same for any row order.

        An actor's kind is the one its rows state, `ActorKind.UNKNOWN` when none
        does, and the one most rows state when they disagree (a tie: the first
        in `ActorKind` order), with a notice at ``actors[<id>].kind``; a name
        spelled several ways, a place's coordinates (equal to 4 decimals) and
        its other values likewise. Called again, it changes nothing.
        """
        if self._finished:
            return self.lookup
        self.notices = []
        for ident, actor in self.actors.items():
            seen = self._seen[ident]
            kind = ActorKind.UNKNOWN
            kinds = seen.get("kind")
            if kinds is not None and kinds.counts:
                kind = kinds.decide(_KIND_ORDER.__getitem__)
                if len(kinds.counts) > 1:
                    self.notices.append(self._kind_notice(actor, kinds, kind))
            decided = attrs.evolve(
                actor,
                name=seen["name"].decide(str),
                kind=kind,
                external_ids={self.system: seen["external"].decide(str)},
            )
            self.actors[ident] = self.lookup.actors[ident] = decided
        for ident, place in self.locations.items():
            seen = self._seen[ident]
            changes: dict[str, Any] = {"name": seen["name"].decide(str)}
            if "coordinates" in seen:
                changes["latitude"], changes["longitude"] = seen["coordinates"].decide(
                    _most_precise
                )
            for field, values in seen.items():
                if field not in ("name", "coordinates"):
                    changes[field] = values.decide(_by_value)
            decided_place = attrs.evolve(place, **changes)
            self.locations[ident] = self.lookup.locations[ident] = decided_place
        for ident, source in self.sources.items():
            decided_source = attrs.evolve(source, publisher=self._seen[ident]["name"].decide(str))
            self.sources[ident] = self.lookup.sources[ident] = decided_source
        self._finished = True
        return self.lookup

    def _kind_notice(self, actor: Actor, kinds: _Sightings, kind: ActorKind) -> ErrorDetail:
        said = kinds.summary(lambda k: k.value, _KIND_ORDER.__getitem__)
        return ErrorDetail(
            f"actors[{actor.id}].kind",
            f"the rows give {describe(actor.name)} different kinds: {said}; "
            f"{kind.value}, stated by most rows, is kept (a tie goes to the first in "
            "ActorKind order), and each other row keeps its own cell",
        )

    def dataset(self, events: Iterable[Event], extensions: dict[str, object]) -> Dataset:
        """The dataset of everything collected and *events* (`finish`-ed first)."""
        self.finish()
        return Dataset(
            actors=tuple(self.actors.values()),
            locations=tuple(self.locations.values()),
            sources=tuple(self.sources.values()),
            events=tuple(events),
            extensions=extensions,
        )


def keep_differences(
    event: Event,
    system: str,
    original: Mapping[str, str],
    derived: Mapping[str, str],
) -> Event:
    """
    *event* with the original text of every column the derived row does not reproduce exactly.

    Beside each kept text the block holds what the typed values gave for that
    column then (``derived``), so that a writer can tell a value changed since
    (`kept_cells`).
    """
    kept = {column: text for column, text in original.items() if text != derived.get(column, "")}
    if not kept:
        return event
    then = {column: derived[column] for column in kept if derived.get(column)}
    block = {"columns": kept, "derived": then}
    return attrs.evolve(event, extensions={**event.extensions, system: block})


def kept_columns(event: Event, system: str) -> dict[str, str]:
    """The original column texts an imported event keeps (see `keep_differences`)."""
    block = event.extensions.get(system)
    if isinstance(block, dict):
        columns = block.get("columns")
        if isinstance(columns, dict):
            return {str(k): str(v) for k, v in columns.items()}
    return {}


def kept_cells(event: Event, system: str, derived: Mapping[str, str]) -> dict[str, str]:
    """
    The kept texts to write over *derived*: those whose typed value did not change since import.

    A kept text stands where the typed values still give what they gave when
    the row was read; where they give something else, the value was changed,
    and the derived text is written instead. A block without ``derived`` (from
    an older version) keeps every text.
    """
    kept = kept_columns(event, system)
    block = event.extensions.get(system)
    then = block.get("derived") if isinstance(block, dict) else None
    if not isinstance(then, dict):
        return kept
    return {
        column: text
        for column, text in kept.items()
        if derived.get(column, "") == str(then.get(column, ""))
    }


def two_sides(event: Event) -> tuple[str | None, str | None]:
    """The two actors a one-row table names for *event*: who acts, and who is acted upon."""
    others = [p.actor for p in event.participants if p.role in (Role.PARTICIPANT, Role.TARGET)]
    first = others[0] if others else None
    if isinstance(event, ControlChange):
        return event.new_holder, next(iter(event.previous_holders), None)
    if isinstance(event, ArmedClash):
        return event.side_a[0], next(iter(event.side_b), None)
    if isinstance(event, (Attack, RemoteViolence)):
        return next(iter(event.perpetrator_candidates), None), next(iter(event.targets), first)
    if isinstance(event, Offensive):
        return event.attackers[0], next(iter(event.defenders), None)
    if isinstance(event, Siege):
        return event.besiegers[0], next(iter(event.besieged), None)
    if isinstance(event, Declaration):
        return event.declarant, first
    if isinstance(event, HumanitarianAccess):
        return event.provider, first
    if isinstance(event, CasualtyClaim):
        return event.claimant, next(iter(event.casualties_of), None)
    return next(iter(event.perpetrator_candidates), None), first


# -- columns -------------------------------------------------------------------------------

_MAX_LABEL: Final = 64
_MAX_MESSAGE: Final = 200


def _label(name: str, position: int) -> str:
    """How an error path names a column: its name when short and printable, else its number."""
    name = name.strip()
    if name and len(name) <= _MAX_LABEL and name.isprintable():
        return name
    return f"column {position + 1}"


class Columns:
    """
    The columns of a table's header: the key each name is matched by, and its label.

    Keys are the names stripped and case-folded (then *rename*-d); a name may
    appear only once. A column with an empty name (spreadsheets add such columns
    at the end) has no key: it is kept in the header, and its cells must be blank.
    """

    def __init__(self, header: Sequence[str], rename: Mapping[str, str] | None = None) -> None:
        self.header = list(header)
        self.keys: list[str | None] = []
        self.labels: dict[str, str] = {}
        errors: list[ErrorDetail] = []
        first: dict[str, int] = {}
        for position, name in enumerate(self.header):
            key = name.strip().casefold()
            key = (rename or {}).get(key, key)
            if not key:
                self.keys.append(None)
                continue
            if key in first:
                errors.append(
                    ErrorDetail(
                        _label(name, position),
                        f"the column {describe(name)} is there twice "
                        f"(columns {first[key] + 1} and {position + 1}); every name must be unique",
                        line=1,
                        column=position + 1,
                    )
                )
            else:
                first[key] = position
                self.labels[key] = _label(name, position)
            self.keys.append(key)
        if not first and not errors:
            errors.append(ErrorDetail("$", "the header names no column", line=1))
        if errors:
            raise ValidationError(errors)

    def __contains__(self, key: object) -> bool:
        return key in self.labels

    def row(self, cells: Sequence[str]) -> dict[str, str]:
        """
        The unescaped text of each named column of a row.

        Raises:
            ValidationError: A cell under a column without a name, or past the
                last column, is not blank (paths ``column K``).
        """
        row: dict[str, str] = {}
        errors: list[ErrorDetail] = []
        for position, cell in enumerate(cells):
            key = self.keys[position] if position < len(self.keys) else None
            if key is not None:
                row[key] = unescape(cell)
            elif cell.strip():
                where = "a column with no name" if position < len(self.keys) else "no column"
                errors.append(
                    ErrorDetail(
                        f"column {position + 1}",
                        f"{describe(cell)} is under {where}; name the column in the header",
                        column=position + 1,
                    )
                )
        if errors:
            raise ValidationError(errors)
        return row

    def cells(self, row: Mapping[str, str]) -> list[str]:
        """A row's texts in header order, blank under the columns without a name."""
        return ["" if key is None else row.get(key, "") for key in self.keys]

    def label(self, path: str) -> str:
        """An error path with a column key replaced by the header's own name for it."""
        return self.labels.get(path, path)


@contextlib.contextmanager
def at(column: str, fields: Mapping[str, str] | None = None) -> Iterator[None]:
    """
    Report any fault raised inside as a fault of *column* (model and temporal errors too).

    A model field named in *fields* is reported at the column given for it instead.
    """
    try:
        yield
    except ValidationError:
        raise
    except FieldError as error:
        root = re.split(r"[.\[]", error.field, maxsplit=1)[0]
        where = (fields or {}).get(root, column)
        raise ValidationError([ErrorDetail(where, error.message)]) from None
    except TemporalError as error:
        raise ValidationError(
            [ErrorDetail(column, f"{describe(error.text)}: {error.reason}")]
        ) from None


def row_errors(
    line: int,
    error: Exception,
    columns: Columns | None = None,
    fields: Mapping[str, str] | None = None,
) -> list[ErrorDetail]:
    """
    The faults of one row as errors on its line, each at its column.

    A model field named in *fields* is reported at that column; other faults at ``$``.
    """
    label = columns.label if columns is not None else str
    if isinstance(error, ValidationError):
        return [attrs.evolve(d, path=label(d.path), line=line) for d in error.errors]
    if isinstance(error, FieldError):
        root = re.split(r"[.\[]", error.field, maxsplit=1)[0]
        column = (fields or {}).get(root, "$")
        return [ErrorDetail(label(column), f"{error.field}: {error.message}", line=line)]
    if isinstance(error, TemporalError):
        return [ErrorDetail("$", f"{describe(error.text)}: {error.reason}", line=line)]
    message = str(error)
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3] + "..."
    return [ErrorDetail("$", message, line=line)]


#: Reads rows of cells (with their lines) back into a dataset and the faults of each failed line.
ReadBack = Callable[[list[tuple[int, list[str]]]], tuple[Dataset, dict[int, list[ErrorDetail]]]]


def write_rows(
    name: str,
    system: str,
    dataset: Dataset,
    columns: Columns,
    rows: Sequence[tuple[int, list[str]]],
    skipped: Mapping[int, str],
    read_back: ReadBack,
    target: str | os.PathLike[str] | IO[str],
) -> LossReport:
    """
    Write the rows our reader reads back, and report the rest as not written.

    *rows* pairs the index of each event with its texts in header order. A row
    is written only when `read_table` can hold it and *read_back* reads it; any
    other is left out and its event reported with why, so a written file always
    reads back. The loss report compares *dataset* with what the written rows
    read back as.
    """
    reasons = dict(skipped)
    keep: list[tuple[int, list[str]]] = []
    for index, texts in rows:
        fault = record_fault([escape(text) for text in texts])
        if fault is None:
            keep.append((index, texts))
        else:
            reasons[index] = f"its row cannot be written: {fault}"
    while True:
        lines = [
            (number + 2, [escape(text) for text in texts]) for number, (_, texts) in enumerate(keep)
        ]
        back, failed = read_back(lines)
        if not failed:
            break
        survivors: list[tuple[int, list[str]]] = []
        for (line, _), (index, texts) in zip(lines, keep, strict=True):
            if line in failed:
                reasons[index] = "its row cannot be read back: " + "; ".join(
                    f"{d.path}: {d.message}" for d in failed[line]
                )
            else:
                survivors.append((index, texts))
        keep = survivors
    write_table(columns.header, [texts for _, texts in keep], target)
    return pair_and_report(name, dataset, back, reasons, {}, system)


def header_of(dataset: Dataset, system: str, default: Sequence[str]) -> list[str]:
    """The header an imported dataset keeps under ``extensions[system]``, else *default*."""
    block = dataset.extensions.get(system)
    if isinstance(block, dict) and isinstance(block.get("header"), list):
        return [str(name) for name in block["header"]]
    return list(default)


def writer_columns(
    header: Sequence[str], system: str, rename: Mapping[str, str] | None = None
) -> Columns:
    """
    The `Columns` of a header we are about to write.

    Raises:
        ValidationError: The header (kept in ``extensions``) cannot be read back:
            a name twice, no name at all, or a cell our reader refuses.
    """
    path = f"extensions[{system!r}].header"
    try:
        columns = Columns(header, rename)
    except ValidationError as error:
        raise ValidationError(
            [ErrorDetail(path, f"{d.path}: {d.message}") for d in error.errors]
        ) from None
    fault = record_fault([escape(name) for name in header])
    if fault is not None:
        raise ValidationError([ErrorDetail(path, fault)])
    return columns


# -- loss reports --------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, (FuzzyDate, Span)):
        return value.to_edtf()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _canonical(obj: Any, dataset: Dataset, *, embed: bool, skip: str) -> Any:
    """*obj* as plain data with references replaced by what they point at, ids dropped."""
    if isinstance(obj, tuple):
        return [_canonical(item, dataset, embed=embed, skip=skip) for item in obj]
    if not attrs.has(type(obj)) or isinstance(obj, (FuzzyDate, Span)):
        return _plain(obj)
    out: dict[str, Any] = {}
    record = description(type(obj))
    if record.tag:
        out["type"] = record.tag
    for field in record.fields:
        if field.name == "id":
            continue
        value = getattr(obj, field.name)
        kind = field.spec.reference
        if field.name == "extensions":
            value = {k: v for k, v in value.items() if k != skip}
        if kind is not None:
            value = _resolve(value, kind, dataset, embed=embed, skip=skip)
        else:
            value = _canonical(value, dataset, embed=embed, skip=skip)
        out[field.name] = value
    return out


def _resolve(value: Any, kind: ReferenceKind, dataset: Dataset, *, embed: bool, skip: str) -> Any:
    if isinstance(value, tuple):
        return [_resolve(v, kind, dataset, embed=embed, skip=skip) for v in value]
    if value is None:
        return None
    if kind is ReferenceKind.ACTOR:
        actor = dataset.actor(value)
        return _canonical(actor, dataset, embed=False, skip=skip) if embed else actor.name
    if kind is ReferenceKind.LOCATION:
        place = dataset.location(value)
        return _canonical(place, dataset, embed=True, skip=skip) if embed else place.name
    if kind is ReferenceKind.SOURCE:
        source = dataset.source(value)
        return _canonical(source, dataset, embed=False, skip=skip) if embed else source.publisher
    return dataset.event(value).id


def _diff(path: str, before: Any, after: Any, out: list[Loss]) -> None:
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in before:
            _diff(f"{path}.{key}", before[key], after.get(key), out)
        return
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (b, a) in enumerate(zip(before, after, strict=True)):
            _diff(f"{path}[{index}]", b, a, out)
        return
    if before in (None, [], {}, False) and after in (None, [], {}, False):
        return
    out.append(Loss(path, f"{_show(before)} comes back as {_show(after)}"))


def _show(value: Any) -> str:
    return describe(value)


def loss_report(
    name: str,
    original: Dataset,
    written: Dataset,
    pairs: Iterable[tuple[int, int | None]],
    skipped: Mapping[int, str],
    system: str,
) -> LossReport:
    """
    Compare *original* with what reading the written table gives back, field by field.

    Args:
        name: The table format's name, for the report.
        original: The dataset that was written.
        written: The dataset read back from the rows written.
        pairs: (index in original.events, index in written.events or None).
        skipped: Why an event of *original* got no row, by its index.
        system: The extensions key the reader keeps columns under, ignored.
    """
    losses: list[Loss] = []
    for index, reason in sorted(skipped.items()):
        losses.append(Loss(f"events[{index}]", f"not written: {reason}"))
    used: set[tuple[str, str]] = set()
    for index, other in pairs:
        event = original.events[index]
        used.update((ref_kind.value, ident) for _, ref_kind, ident in _references(event))
        if other is None:
            continue
        before = _canonical(event, original, embed=True, skip=system)
        after = _canonical(written.events[other], written, embed=True, skip=system)
        _diff(f"events[{index}]", before, after, losses)
    lookup = Lookup.of(original)
    place = ReferenceKind.LOCATION.value
    for used_kind, ident in list(used):
        if used_kind == place and ident in lookup.locations:
            used.update((place, parent.id) for parent in lookup.ancestors(ident))
    collections: tuple[tuple[str, tuple[Actor | Location | Source, ...], ReferenceKind], ...] = (
        ("actors", original.actors, ReferenceKind.ACTOR),
        ("locations", original.locations, ReferenceKind.LOCATION),
        ("sources", original.sources, ReferenceKind.SOURCE),
    )
    for label, items, kind in collections:
        losses.extend(
            Loss(f"{label}[{position}]", "named by no event, so in no row")
            for position, item in enumerate(items)
            if (kind.value, item.id) not in used
        )
    if any(key != system for key in original.extensions):
        losses.append(Loss("extensions", "the dataset's own extensions have no column"))
    return LossReport(name, tuple(losses))


def _references(event: Event) -> Iterable[tuple[str, ReferenceKind, str]]:
    from conflict_events.model.dataset import iter_references  # noqa: PLC0415

    return iter_references(event)


def pair_and_report(
    name: str,
    original: Dataset,
    back: Dataset,
    skipped: Mapping[int, str],
    failed: Mapping[int, list[ErrorDetail]],
    system: str,
) -> LossReport:
    """
    The loss report of writing *original* as rows and reading them back as *back*.

    Rows are numbered from line 2 in event order, skipping the events in
    *skipped*; a row in *failed* could not be read back, and is reported so.
    """
    reasons = dict(skipped)
    pairs: list[tuple[int, int | None]] = []
    line, position = 2, 0
    for index in range(len(original.events)):
        if index in skipped:
            pairs.append((index, None))
            continue
        if line in failed:
            reasons[index] = "its row cannot be read back: " + "; ".join(
                f"{d.path}: {d.message}" for d in failed[line]
            )
            pairs.append((index, None))
        else:
            pairs.append((index, position))
            position += 1
        line += 1
    return loss_report(name, original, back, pairs, reasons, system)
