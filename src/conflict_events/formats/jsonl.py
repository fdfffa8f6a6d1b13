"""
JSON Lines: one record per line, read and written as a stream.

Each line is one JSON object: an actor, location or source tagged by ``type``
(``"actor"``, ``"location"``, ``"source"``) or an event, whose ``type`` is its
event type. An optional first line ``{"type": "dataset", "schema_version": ...,
"extensions": {...}}`` carries what a `Dataset` holds besides its records.

Errors carry the line number in their ``line`` field, beside the path inside
the record, and print as ``line 12: location.latitude`` (``line 12: $`` when
the whole line is at fault). Reading yields one typed record at a time, so memory does not grow with
the file; `check_file` also checks references across lines in one pass,
remembering only the ids seen so far (on disk once there are many of them) and
the references still open, and reports those that never resolve at the end.
"""

from __future__ import annotations

import io
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Final

import attrs

from conflict_events.collector import paused as collector_paused
from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats.documents import dump_json, from_dict, parse_json, to_dict
from conflict_events.formats.read_progress import open_input
from conflict_events.model import SCHEMA_VERSION, Actor, Dataset, Event, Location, Source
from conflict_events.model.events import EventBase
from conflict_events.model.fields import ReferenceKind
from conflict_events.model.locations import ancestor_loop, ancestor_loop_message
from conflict_events.model.record_kinds import RECORD_KINDS, record_kind
from conflict_events.model.references import (
    is_identifier,
    iter_references,
    raw_identifier,
    raw_references,
    resolves,
)

__all__ = [
    "HEADER_TYPE",
    "MAX_LINE_BYTES",
    "PROGRESS_BYTES",
    "RECORD_TYPES",
    "Header",
    "LineTooLongError",
    "Record",
    "check_file",
    "dataset_records",
    "iter_records",
    "numbered_lines",
    "numbered_records",
    "read_dataset",
    "record_from_dict",
    "record_from_line",
    "record_to_dict",
    "split_line",
    "write_dataset",
    "write_records",
]

#: The longest line the readers take in, in bytes: far beyond any one record.
MAX_LINE_BYTES: Final = 16 * 2**20
#: The ``type`` of the optional first line.
HEADER_TYPE: Final = "dataset"
#: The ``type`` tag of each record class that is not an event.
RECORD_TYPES: Final[dict[str, type]] = {
    kind.tag: kind.cls for kind in RECORD_KINDS if kind.collection != "events"
}
_TAGS: Final = {cls: tag for tag, cls in RECORD_TYPES.items()}
_KINDS: Final = {cls: record_kind(cls).reference for cls in RECORD_TYPES.values()}
_LINE_PATH = re.compile(r"line (\d+): (.*)", re.DOTALL)
#: Ids kept in memory before the rest go to a temporary database on disk.
MEMORY_IDS: Final = 20_000

Record = Actor | Location | Source | Event
PathLike = str | os.PathLike[str]


@attrs.frozen
class Header:
    """The optional first line: the document format version and the dataset's extensions."""

    schema_version: str = SCHEMA_VERSION
    extensions: dict[str, object] = attrs.field(factory=dict, hash=False)


def split_line(path: str) -> tuple[int | None, str]:
    """
    ``"line 12: location"`` as ``(12, "location")``; a path without a line as ``(None, ...)``.

    For locations printed as text. An `ErrorDetail` keeps its line in ``.line``
    and its path in ``.path``: read those instead.
    """
    if match := _LINE_PATH.fullmatch(path):
        return int(match[1]), match[2]
    return None, path


def _at(line: int, detail: ErrorDetail) -> ErrorDetail:
    """*detail*, found inside the record on *line*, placed on that line of the file."""
    return attrs.evolve(detail, path=detail.path or "$", line=line)


def record_to_dict(record: Record | Header) -> dict[str, Any]:
    """The plain data of one line: the record's fields with its ``type`` first."""
    if isinstance(record, Header):
        data: dict[str, Any] = {"type": HEADER_TYPE, "schema_version": record.schema_version}
        if record.extensions:
            data["extensions"] = record.extensions
        return data
    tag = _TAGS.get(type(record))
    if tag is None:
        result: dict[str, Any] = to_dict(record)
        return result
    return {"type": tag, **to_dict(record)}


def record_from_dict(data: Any) -> Record | Header:
    """
    The record (or header) one line's plain data describes.

    Raises:
        ValidationError: The data is not a record; paths are relative to it.
    """
    if type(data) is not dict:
        raise ValidationError([ErrorDetail("$", f"{describe(data)} is not an object")])
    tag = data.get("type")
    if tag == HEADER_TYPE:
        rest = {key: value for key, value in data.items() if key != "type"}
        dataset = from_dict(rest, Dataset)
        if dataset.actors or dataset.locations or dataset.sources or dataset.events:
            raise ValidationError(
                [ErrorDetail("$", "the header line holds no records; give each its own line")]
            )
        return Header(dataset.schema_version, dataset.extensions)
    cls = RECORD_TYPES.get(tag) if type(tag) is str else None
    if cls is not None:
        record: Record = from_dict(
            {key: value for key, value in data.items() if key != "type"}, cls
        )
        return record
    try:
        event: Record = from_dict(data, Event)
    except ValidationError as error:
        if any(detail.path == "type" for detail in error.errors):
            known = ", ".join(repr(t) for t in (HEADER_TYPE, *RECORD_TYPES))
            raise ValidationError(
                [
                    attrs.evolve(detail, message=f"{detail.message} (or a record type: {known})")
                    if detail.path == "type"
                    else detail
                    for detail in error.errors
                ]
            ) from None
        raise
    return event


def record_from_line(raw: bytes, *, first: bool) -> Record | Header:
    """
    The record one JSON Lines line holds; the ``dataset`` header only as the *first* line.

    Raises:
        ValidationError: The line is not JSON, not a record, or a misplaced header.
    """
    return _placed_record(parse_json(raw), first=first)


def _placed_record(data: Any, *, first: bool) -> Record | Header:
    """The record a line's plain data describes; the header only on the *first* line."""
    record = record_from_dict(data)
    if isinstance(record, Header) and not first:
        raise ValidationError(
            [ErrorDetail("type", "the 'dataset' header may only be the first line")]
        )
    return record


class LineTooLongError(ValidationError):
    """A JSON Lines line longer than the readers take in; reading stops at it."""

    def __init__(self, line: int, limit: int) -> None:
        self.line = line
        self.limit = limit
        super().__init__(
            [
                ErrorDetail(
                    "$",
                    f"the line is longer than the limit of {limit} bytes; reading stops here",
                    line=line,
                )
            ]
        )

    def __reduce__(self) -> tuple[type[LineTooLongError], tuple[int, int]]:  # type: ignore[override]
        return (type(self), (self.line, self.limit))


def numbered_lines(stream: IO[bytes], limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes]]:
    """
    The non-blank lines of *stream*, numbered from 1, none read further than *limit* bytes.

    A longer line ends the reading (a file without line breaks, such as
    ``/dev/zero``, would otherwise be read forever), so memory stays bounded.

    Raises:
        LineTooLongError: A line is longer than *limit* bytes (``line N: $``).
    """
    for number, raw in _lines(stream, limit):
        if raw.strip():
            yield number, raw


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes]]:
    """Every line of *stream*, blank ones too, numbered from 1 (see `numbered_lines`)."""
    number = 0
    while raw := stream.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            raise LineTooLongError(number, limit)
        yield number, raw


def numbered_records(
    path: PathLike,
    on_error: Callable[[ErrorDetail], None] | None,
    *,
    start: int = 0,
    stop: int | None = None,
    line: int = 1,
    first: bool = True,
) -> Iterator[tuple[int, Record | Header]]:
    """
    (line number, record) of every line of a JSON Lines file, the header included.

    Each fault of a bad line goes to *on_error* (its ``line`` is the line's
    number) and the line is skipped; without *on_error* the first bad
    line raises. A line too long to read ends the reading either way.

    With *stop*, only bytes *start* to *stop* are read, a range that begins and
    ends where lines do: *line* is the number of its first line, and *first*
    says whether the file's first non-blank line (the only one that may be the
    header) can be in it, False for a range after that line.

    Raises:
        ValidationError: A bad line, without *on_error* (each fault's ``line``
            is its line in the file). It is raised outside
            the handler that caught the fault, so no converter error rides
            along as its context (``dask.distributed`` could not rebuild one).
        OSError: The file cannot be read.
    """
    failure: ValidationError | None = None
    with open_input(path) if stop is None else Path(path).open("rb") as opened:
        stream: IO[bytes] = opened
        if stop is not None:
            opened.seek(start)
            stream = io.BytesIO(opened.read(stop - start))
        try:
            for number, raw in numbered_lines(stream):
                try:
                    record = record_from_line(raw, first=first)
                except ValidationError as error:
                    details = [_at(number + line - 1, d) for d in error.errors]
                    if on_error is None:
                        failure = ValidationError(details)
                        break
                    for detail in details:
                        on_error(detail)
                    first = False
                    continue
                first = False
                yield number + line - 1, record
        except LineTooLongError as error:
            too_long = LineTooLongError(error.line + line - 1, error.limit)
            if on_error is None:
                failure = too_long
            else:
                for detail in too_long.errors:
                    on_error(detail)
    if failure is not None:
        raise failure


def iter_records(
    path: PathLike, *, on_error: Callable[[ErrorDetail], None] | None = None
) -> Iterator[Record]:
    """
    Yield the typed records of a JSON Lines file one at a time, skipping the header.

    Args:
        path: The file.
        on_error: Called with each fault of a bad line, which is then skipped;
            without it the first bad line raises.

    Raises:
        ValidationError: A line is not a record (without *on_error*); each
            fault carries the line number (printed ``line 12: location``).
        OSError: The file cannot be read.
    """
    for _, record in numbered_records(path, on_error):
        if not isinstance(record, Header):
            yield record


def dataset_records(dataset: Dataset) -> Iterator[Record | Header]:
    """The header, then every actor, location, source and event of *dataset*, in that order."""
    yield Header(dataset.schema_version, dataset.extensions)
    yield from dataset.actors
    yield from dataset.locations
    yield from dataset.sources
    yield from dataset.events


def write_records(records: Iterable[Record | Header], target: PathLike | IO[str]) -> int:
    """
    Write records as JSON Lines, one at a time; return how many lines were written.

    Args:
        records: Records (and at most one `Header`, first) in the order to write.
        target: A path (created or replaced) or an open text stream.
    """
    if not isinstance(target, (str, os.PathLike)):
        return _write(records, target)
    with Path(target).open("w", encoding="utf-8", newline="\n") as stream:
        return _write(records, stream)


def _write(records: Iterable[Record | Header], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(dump_json(record_to_dict(record)))
        stream.write("\n")
        count += 1
    return count


def write_dataset(dataset: Dataset, target: PathLike | IO[str]) -> int:
    """Write a whole dataset as JSON Lines, header first; return the number of lines."""
    return write_records(dataset_records(dataset), target)


def read_dataset(path: PathLike) -> Dataset:
    """
    Read a whole JSON Lines file into a `Dataset` (checked as a whole, references included).

    Raises:
        ValidationError: Every bad line and every reference that does not
            resolve, with line numbers.
    """
    with collector_paused():
        found = _read_valid(path) if Path(path).is_file() else None
        if found is None:  # a fault somewhere, or a pipe that can be read only once
            records: list[Header | Record] = []
            errors = _scan(path, MEMORY_IDS, None, records)
            if errors:
                raise ValidationError(errors)
            found = _assembled(records)
    header, dataset = found
    return attrs.evolve(dataset, schema_version=header.schema_version, extensions=header.extensions)


def _assembled(records: list[Header | Record]) -> tuple[Header, Dataset]:
    """The header (a default one if the file has none) and the dataset of the other records."""
    header = Header()
    body: list[Record] = []
    for record in records:
        if isinstance(record, Header):
            header = record
        else:
            body.append(record)
    return header, Dataset.of(body)


def _read_valid(path: PathLike) -> tuple[Header, Dataset] | None:
    """
    A regular file's header and dataset, read without the ledger; None at the first fault.

    A valid file's ids and references are checked once, by the `Dataset`
    they build; a file with any fault is read again by `_scan`, which reports
    every fault with its line, so only valid files take this path.
    """
    records: list[Header | Record] = []
    with open_input(path) as stream:
        try:
            for _number, raw in _lines(stream, MAX_LINE_BYTES):
                if raw.strip():
                    records.append(_placed_record(parse_json(raw), first=not records))
        except ValidationError:  # a bad line, or one too long
            return None
    try:
        return _assembled(records)
    except ValidationError:
        return None


class _Ledger:
    """
    Ids seen so far and references still open, in memory up to a limit, then on disk.

    The first `MEMORY_IDS` ids and open references stay in dictionaries; the
    rest go to a temporary SQLite database, so memory stays bounded however
    long the file.
    """

    def __init__(self, limit: int = MEMORY_IDS) -> None:
        self._limit = limit
        #: For each kind, the ids declared so far that are in memory, with their lines.
        self.seen: dict[ReferenceKind, dict[str, int]] = {kind: {} for kind in ReferenceKind}
        self._seen_count = 0
        self._open: dict[tuple[ReferenceKind, str], list[tuple[int, str]]] = {}
        self._open_count = 0
        self._db: sqlite3.Connection | None = None
        self._dir: tempfile.TemporaryDirectory[str] | None = None

    def _database(self) -> sqlite3.Connection:
        if self._db is None:
            self._dir = tempfile.TemporaryDirectory(prefix="conflict-events-")
            self._db = sqlite3.connect(Path(self._dir.name) / "ids.sqlite")
            self._db.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-4096;"
                "CREATE TABLE seen (kind TEXT, id TEXT, line INTEGER, PRIMARY KEY (kind, id))"
                " WITHOUT ROWID;"
                "CREATE TABLE open (kind TEXT, id TEXT, line INTEGER, path TEXT);"
            )
        return self._db

    def _full(self) -> bool:
        return self._seen_count + self._open_count >= self._limit

    def declare(self, kind: ReferenceKind, ident: str, line: int) -> int | None:
        """Note that *ident* is defined on *line*; return the line of an earlier definition."""
        seen = self.seen[kind]
        earlier = seen.get(ident)
        if earlier is not None:
            return earlier
        if self._db is not None:
            row = self._db.execute(
                "SELECT line FROM seen WHERE kind = ? AND id = ?", (kind.value, ident)
            ).fetchone()
            if row is not None:
                return int(row[0])
        if self._full():
            self._database().execute("INSERT INTO seen VALUES (?, ?, ?)", (kind.value, ident, line))
        else:
            seen[ident] = line
            self._seen_count += 1
        return None

    def refer(self, kind: ReferenceKind, ident: str, line: int, path: str) -> None:
        """Note a reference; it stays open until its target is declared."""
        if ident in self.seen[kind]:
            return
        if self._in_db(kind, ident):
            return
        if self._full():
            self._database().execute(
                "INSERT INTO open VALUES (?, ?, ?, ?)", (kind.value, ident, line, path)
            )
        else:
            self._open.setdefault((kind, ident), []).append((line, path))
            self._open_count += 1

    def dangling(self, unsure: Collection[str] = ()) -> list[ErrorDetail]:
        """
        Every reference whose target was never declared, in line order.

        References of the kinds *unsure* names are left out: a record of that
        kind had no id that could be read, and it may be the one they name.
        """
        found: list[tuple[int, str, str, str]] = []
        for (kind, ident), places in self._open.items():
            if ident in self.seen[kind] or self._in_db(kind, ident):
                continue
            found.extend((line, path, kind.value, ident) for line, path in places)
        if self._db is not None:
            rows = self._db.execute(
                "SELECT o.line, o.path, o.kind, o.id FROM open o LEFT JOIN seen s"
                " ON o.kind = s.kind AND o.id = s.id WHERE s.id IS NULL"
            )
            found.extend(
                (line, path, kind, ident)
                for line, path, kind, ident in rows
                if ident not in self.seen[ReferenceKind(kind)]
            )
        found.sort()
        return [
            ErrorDetail(path, f"unknown {kind} id {ident!r}", line=line)
            for line, path, kind, ident in found
            if kind not in unsure
        ]

    def _in_db(self, kind: ReferenceKind, ident: str) -> bool:
        if self._db is None:
            return False
        query = "SELECT 1 FROM seen WHERE kind = ? AND id = ?"
        return self._db.execute(query, (kind.value, ident)).fetchone() is not None

    def close(self) -> None:
        """Drop the database on disk, if one was made."""
        if self._db is not None:
            self._db.close()
        if self._dir is not None:
            self._dir.cleanup()


def _parent_cycles(parents: dict[str, tuple[int, str]]) -> Iterator[ErrorDetail]:
    parent_of = {ident: parent for ident, (_, parent) in parents.items()}
    for ident, (line, _) in parents.items():
        if (through := ancestor_loop(parent_of, ident)) is not None:
            yield ErrorDetail("parent", ancestor_loop_message(ident, through, parent_of), line=line)


#: How many bytes `check_file` reads between two calls of its progress callback.
PROGRESS_BYTES: Final = 2**20


class _Checks:
    """The cross-line checks of `check_file`: ids declared, references made, parents, faults."""

    def __init__(self, limit: int) -> None:
        self.errors: list[ErrorDetail] = []
        self.ledger = _Ledger(limit)
        self.parents: dict[str, tuple[int, str]] = {}
        #: The kinds of records met without an id that could be read.
        self.unsure: set[str] = set()

    def note(
        self,
        line: int,
        kind: ReferenceKind,
        ident: str | None,
        parent: str | None,
        references: Iterable[tuple[str, ReferenceKind, str]],
    ) -> None:
        """The record on *line*: its id (None: not an identifier), its parent, its references."""
        if ident is None:
            self.unsure.add(kind.value)
        else:
            earlier = self.ledger.declare(kind, ident, line)
            if earlier is not None:
                self.errors.append(
                    ErrorDetail(
                        "id", f"duplicate {kind.value} id {ident!r} (line {earlier})", line=line
                    )
                )
            if parent is not None:
                self.parents[ident] = (line, parent)
        for where, ref_kind, target in references:
            self.ledger.refer(ref_kind, target, line, where)

    def record(self, line: int, record: Record) -> None:
        """
        A record that was read.

        When every reference of the record names an id already declared (the
        usual order: actors and places before the events that name them), they
        are checked by the same per-class plan as a dataset's, building no path;
        only a record with a reference still open is walked again with paths.
        """
        parent = record.parent if isinstance(record, Location) else None
        kind = _KINDS.get(type(record), ReferenceKind.EVENT)
        if resolves(record, self.ledger.seen):
            self.note(line, kind, record.id, parent, ())
        else:
            self.note(line, kind, record.id, parent, iter_references(record))

    def invalid(self, line: int, data: object) -> None:
        """
        The plain data of a line that is not a record: its id and references still count.

        As in a JSON document (`conflict_events.model.dataset.integrity_faults`),
        the id is declared when it is an identifier and the references are read
        from the data by the same plan as a record's; a header declares nothing.
        A line of unknown ``type`` is read as an event, as `record_from_dict` reads it.
        """
        if type(data) is not dict or data.get("type") == HEADER_TYPE:
            return
        tag = data.get("type")
        cls = RECORD_TYPES.get(tag, EventBase) if type(tag) is str else EventBase
        kind = _KINDS.get(cls, ReferenceKind.EVENT)
        parent = data.get("parent") if cls is Location else None
        self.note(
            line,
            kind,
            raw_identifier(data),
            parent if is_identifier(parent) else None,
            raw_references(data, cls),
        )


def check_file(
    path: PathLike,
    *,
    limit: int = MEMORY_IDS,
    progress: Callable[[int], None] | None = None,
) -> list[ErrorDetail]:
    """
    Every fault of a JSON Lines file in one pass: bad lines, duplicate ids, dangling references.

    References may point forward (to a later line); those still unresolved at
    the end are reported on the line that makes them. A line that is not a
    valid record still declares its id and has its references checked, read
    from its data (see `_Checks.invalid`). Memory holds the ids seen so far up
    to *limit*, then spills to a temporary database on disk; the parent of each
    location is kept in memory to find cycles.

    Args:
        path: The file.
        limit: How many ids and open references to keep in memory.
        progress: Called with the number of bytes read so far, each time
            another `PROGRESS_BYTES` (1 MiB) have been read, and once at the
            end with the bytes of the whole file read.

    Returns:
        The faults in line order (dangling references and cycles last); empty
        when the file is valid.
    """
    with collector_paused():
        return _scan(path, limit, progress, None)


def _scan(
    path: PathLike,
    limit: int,
    progress: Callable[[int], None] | None,
    keep: list[Header | Record] | None,
) -> list[ErrorDetail]:
    """`check_file`, appending each record read (header first) to *keep* when given."""
    checks = _Checks(limit)
    errors = checks.errors
    read = reported = 0
    try:
        # Reading to keep the records (read_dataset) reports through the reading
        # progress bar of the command, as reading any input does; checking has its own.
        with Path(path).open("rb") if keep is None else open_input(path) as stream:
            first = True
            try:
                for number, raw in _lines(stream, MAX_LINE_BYTES):
                    read += len(raw)
                    if progress is not None and read - reported >= PROGRESS_BYTES:
                        progress(read)
                        reported = read
                    if not raw.strip():
                        continue
                    record = _check_line(checks, number, raw, first=first)
                    if keep is not None and record is not None:
                        keep.append(record)
                    first = False
            except LineTooLongError as error:
                errors.extend(error.errors)
        if progress is not None:
            progress(read)
        errors.extend(checks.ledger.dangling(checks.unsure))
        errors.extend(_parent_cycles(checks.parents))
    finally:
        checks.ledger.close()
    return errors


def _check_line(checks: _Checks, number: int, raw: bytes, *, first: bool) -> Header | Record | None:
    """Check the line *number* of a file, noting what it declares and refers to; its record."""
    try:
        data = parse_json(raw)
    except ValidationError as error:
        checks.errors.extend(_at(number, detail) for detail in error.errors)
        return None
    try:
        record = _placed_record(data, first=first)
    except ValidationError as error:
        checks.errors.extend(_at(number, detail) for detail in error.errors)
        checks.invalid(number, data)
        return None
    if not isinstance(record, Header):
        checks.record(number, record)
    return record
