"""
Partitioned validation, conversion and timelines on Dask (extra ``dask``).

``pip install 'conflict-events[dask]'``. The unit of work is a *partition*:
one JSON Lines file, or one ``part-*.parquet`` file of one table of a
Parquet dataset directory (see `conflict_events.formats.arrow`). Every
function takes the paths of files or directories, runs one task per
partition (`validate`: per piece of about 50,000 rows of a big Parquet part
file, by its row groups; `validate` and `convert`: per range of about 8 MiB
of a big JSON Lines file, cut at line breaks), and works unchanged on Dask's
local schedulers and on a ``dask.distributed`` cluster (pass its ``Client``
as *client*, or make it the default client).

- `validate`: every record of every partition through the validating
  converter; every error with its file, line (or row) and path; duplicate ids
  and dangling references across partitions found with a distributed join,
  in buckets by id, of the ids each piece declares against those it refers to.
- `convert`: JSON Lines to Parquet and back, partition by partition.
- `timelines`: control changes shuffled by location (a part travels with the
  settlement it belongs to, whose changes it inherits), built into
  `Timelines` per shuffled partition, and a batch of ``controller_at``
  questions answered where the timelines are.
- `match` and `match_all`: `conflict_events.matching`'s, the parts of
  ``workers=N`` (groups of buckets, then of components) one task each, each
  sent the profiles of the events it touches; the same `Matches`, bit for bit.

Layer: scale; imports matching, reasoning, formats, model and temporal.
"""

from __future__ import annotations

import array
import contextlib
import functools
import itertools
import logging
import operator
import os
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import attrs

try:
    import dask
    from dask.delayed import delayed
except ImportError as error:  # pragma: no cover - depends on the environment
    msg = "conflict_events.dask requires dask: pip install 'conflict-events[dask]'"
    raise ModuleNotFoundError(msg, name="dask") from error

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]

from conflict_events import fork_server
from conflict_events.collector import paused as collector_paused
from conflict_events.errors import ErrorDetail, ValidationError
from conflict_events.formats import arrow
from conflict_events.formats._stdio import InputError
from conflict_events.formats.documents import from_json, parse_json, to_json
from conflict_events.formats.jsonl import (
    MAX_LINE_BYTES,
    Header,
    numbered_records,
    record_from_line,
    write_records,
)
from conflict_events.formats.registry import suffix_format
from conflict_events.matching import _parts as matching_parts
from conflict_events.matching import matcher
from conflict_events.matching.matches import Matches
from conflict_events.matching.model import Model
from conflict_events.model import ControlChange, ControlStatus, Dataset, Event, Location
from conflict_events.model.dataset import iter_references
from conflict_events.model.description import ReferenceKind
from conflict_events.model.locations import ancestor_loop, ancestor_loop_message
from conflict_events.model.record_kinds import record_kind
from conflict_events.model.references import resolves
from conflict_events.reasoning.horizon import Fading
from conflict_events.reasoning.timeline import CONTAINER_KINDS, PART_KINDS, Timelines

__all__ = [
    "Partition",
    "convert",
    "local_client",
    "match",
    "match_all",
    "partitions",
    "timelines",
    "validate",
]

PathLike = str | os.PathLike[str]
_MAX_DEPTH: Final = 64
_T = TypeVar("_T")
_S = TypeVar("_S")
_R = TypeVar("_R")


@attrs.frozen
class Partition:
    """One unit of work: a JSON Lines file, or one Parquet file of one table."""

    path: str
    table: str | None = None  # None for JSON Lines

    @property
    def is_parquet(self) -> bool:
        """True for a Parquet part file."""
        return self.table is not None


#: The rows a validation task reads, about: row groups are joined up to it, a bigger one cut.
_TASK_ROWS: Final = 50_000
#: The pieces one row group is cut into at most: each is decoded from the group's start.
_MAX_CUTS: Final = 4
#: The rows pyarrow decodes at a time when a task reads part of a row group.
_BATCH_ROWS: Final = 10_000
#: The bytes of a JSON Lines file a task reads, about: a bigger file is cut at line breaks.
_RANGE_BYTES: Final = 8 * 2**20
#: The bytes read at a time when a JSON Lines file is scanned for its ranges.
_SCAN_BYTES: Final = 2**22


@attrs.frozen
class _Piece:
    """
    Rows *start* to *stop* of a partition: the unit of work of `validate` and `convert`.

    *stop* None is the whole partition; see `_pieces`. Of a JSON Lines file,
    *start* and *stop* are bytes where lines begin, *line* is the number of
    the line at *start*, *first* whether the file's first non-blank line (the
    only place for a header) can be in the range, and *header* the file's
    header, read once for every range (None: the file has none).
    """

    part: Partition
    start: int = 0
    stop: int | None = None
    line: int = 1
    first: bool = True
    header: Header | None = None


def _refuse_unstreamed(path: Path) -> None:
    """Refuse a file whose suffix names a format read whole (a CSV is never JSON Lines)."""
    named = suffix_format(path)
    if named is not None and not named.streams:
        msg = (
            f"{path}: partitions are JSON Lines files or Parquet part files, not "
            f"{named.name} ({named.summary}); read it without workers, or convert it "
            "to JSON Lines first"
        )
        raise InputError(msg)


def partitions(paths: PathLike | Iterable[PathLike]) -> list[Partition]:
    """
    The partitions under *paths*: JSON Lines files, and the part files of Parquet directories.

    A directory with table sub-directories (``events/``, ``actors/``...) is a
    Parquet dataset; any other directory contributes its ``*.jsonl`` files.

    A file named as a format that is read whole (``.csv``, ``.json``) is
    refused rather than read as JSON Lines.

    Raises:
        FileNotFoundError: A path does not exist.
        InputError: A file's name says it is not JSON Lines (a CSV, a JSON document).
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    found: list[Partition] = []
    for item in items:
        path = Path(item)
        if path.is_file():
            if path.suffix == ".parquet":
                found.append(Partition(str(path), _table_of_part(path)))
            else:
                _refuse_unstreamed(path)
                found.append(Partition(str(path)))
        elif path.is_dir():
            tables = [name for name in arrow.RECORD_TABLES if (path / name).is_dir()]
            if tables:
                for table in tables:
                    found.extend(
                        Partition(str(part), table)
                        for part in sorted((path / table).rglob("*.parquet"))
                    )
            else:
                found.extend(Partition(str(part)) for part in sorted(path.glob("*.jsonl")))
        else:
            msg = f"{path}: no such file or directory"
            raise FileNotFoundError(msg)
    return found


def _table_of_part(path: Path) -> str:
    for parent in path.parents:
        if parent.name in arrow.RECORD_TABLES:
            return parent.name
    msg = f"{path}: a Parquet part file must lie in a table directory ({', '.join(arrow.TABLES)})"
    raise ValueError(msg)


# -- reading one partition ------------------------------------------------------------------


def _jsonl_records(piece: _Piece, errors: list[ErrorDetail] | None) -> Iterator[tuple[int, Any]]:
    """(line, record) of a JSON Lines file or range; bad lines go to *errors*, or raise without."""
    path = piece.part.path

    def located(detail: ErrorDetail) -> ErrorDetail:
        return detail.at(file=path, line=detail.line or 0)

    def collect(detail: ErrorDetail) -> None:
        assert errors is not None  # noqa: S101 - only called with errors
        errors.append(located(detail))

    failure: ValidationError | None = None
    try:
        yield from numbered_records(
            path,
            None if errors is None else collect,
            start=piece.start,
            stop=piece.stop,
            line=piece.line,
            first=piece.first,
        )
    except ValidationError as error:
        failure = ValidationError([d.at(file=path, line=d.line or 0) for d in error.errors])
    if failure is not None:
        raise failure  # outside the handler: no context for distributed to rebuild


def _unreadable(part: Partition, error: BaseException) -> ValidationError:
    """The fault of a part file that pyarrow cannot read, as the single-process reader words it."""
    reason = " ".join(str(error).split()) or type(error).__name__
    return ValidationError(
        [ErrorDetail(str(part.table), f"not a readable Parquet file: {reason}", file=part.path)]
    )


def _read_rows(part: Partition, start: int, stop: int | None) -> Any:
    """
    Rows *start* to *stop* of a Parquet part file as a ``pyarrow.Table`` (all of it for None).

    Only the row groups holding those rows are read, and a row group that holds
    some of them only as far as the last one: a range of a big row group is
    decoded from the group's start.
    """
    import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415
    import pyarrow.parquet as pq  # type: ignore[import-untyped]  # noqa: PLC0415

    if stop is None:
        return pq.read_table(part.path)
    chunks = []
    with pq.ParquetFile(part.path) as source:
        offset = 0
        for group in range(source.metadata.num_row_groups):
            first, offset = offset, offset + source.metadata.row_group(group).num_rows
            if offset <= start or first >= stop:
                continue
            if start <= first and offset <= stop:
                chunks.append(source.read_row_group(group))
                continue
            # One group's batches never span two groups (pyarrow cannot cut nested columns so).
            at = first
            for batch in source.iter_batches(batch_size=_BATCH_ROWS, row_groups=[group]):
                low, high = max(start - at, 0), min(stop - at, batch.num_rows)
                if high > low:
                    chunks.append(pa.Table.from_batches([batch.slice(low, high - low)]))
                at += batch.num_rows
                if at >= stop:
                    break
        schema = source.schema_arrow
    return pa.concat_tables(chunks) if chunks else schema.empty_table()


def _parquet_records(piece: _Piece, errors: list[ErrorDetail] | None) -> Iterator[tuple[int, Any]]:
    """(row, record) of some rows of one Parquet part file; rows are numbered from 1 like lines."""
    import pyarrow as pa  # noqa: PLC0415

    part = piece.part
    table = str(part.table)
    try:
        data = _read_rows(part, piece.start, piece.stop)
    except (OSError, pa.ArrowException) as error:
        raise _unreadable(part, error) from None
    if "position" in data.column_names:
        data = data.drop_columns(["position"])

    def fault(row: int, detail: ErrorDetail) -> None:
        path = detail.path.split(".", 1)[1] if "." in detail.path else "$"
        assert errors is not None  # noqa: S101 - only called with errors
        errors.append(ErrorDetail(path, detail.message, file=part.path, line=piece.start + row + 1))

    failure: ValidationError | None = None
    try:
        for row, record in arrow.iter_table(
            table, data, on_error=None if errors is None else fault
        ):
            yield piece.start + row + 1, record
    except ValidationError as error:
        failure = ValidationError([d.at(file=part.path) for d in error.errors])
    if failure is not None and piece.stop is not None:
        # A fault of the whole table: read as one, the file raises it exactly as it always has.
        yield from _parquet_records(_Piece(part), errors)
        return
    if failure is not None:
        raise failure  # outside the handler: see _jsonl_records


def _records(
    part: Partition | _Piece, errors: list[ErrorDetail] | None
) -> Iterator[tuple[int, Any]]:
    """(line or row, record) of a partition, or of the rows of one that a piece names."""
    piece = part if isinstance(part, _Piece) else _Piece(part)
    if piece.part.is_parquet:
        return _parquet_records(piece, errors)
    return _jsonl_records(piece, errors)


# -- validation -----------------------------------------------------------------------------


def _row_ranges(sizes: list[int], task_rows: int) -> list[tuple[int, int]]:
    """
    Row ranges of about *task_rows* rows over row groups of *sizes* rows.

    Consecutive row groups are joined while they hold no more than that; a bigger
    one is cut into equal ranges, at most `_MAX_CUTS` of them, since each range
    of a row group is decoded from the group's first row.
    """
    ranges: list[tuple[int, int]] = []
    start = end = 0
    for size in sizes:
        if end > start and end - start + size > task_rows:
            ranges.append((start, end))
            start = end
        if size > task_rows:
            cuts = min(_MAX_CUTS, -(-size // task_rows))
            bounds = [end + size * cut // cuts for cut in range(cuts + 1)]
            ranges.extend(itertools.pairwise(bounds))
            start = end = end + size
        else:
            end += size
    if end > start:
        ranges.append((start, end))
    return ranges


def _line_starts(path: str, targets: Iterable[int]) -> list[tuple[int, int]] | None:
    """
    Where *path* is cut for byte offsets *targets* (ascending): ``(byte, line)`` of each range.

    Each target moves on to the next start of a line (just after a line break),
    and *line* is the number of the line there, one more than the line breaks
    before it. The first range starts at ``(0, 1)``; targets that come to the
    same start, or to the end of the file, add none. None when a line is
    longer than the readers take in (`MAX_LINE_BYTES`): reading stops at it,
    so the file is read whole.
    """
    step = min(_SCAN_BYTES, MAX_LINE_BYTES)
    wanted = iter(targets)
    pending = next(wanted, None)
    starts = [(0, 1)]
    offset = line_start = 0
    lines = 1  # the number of the line that holds *offset*
    with Path(path).open("rb") as stream:
        while chunk := stream.read(step):
            end = offset + len(chunk)
            head = chunk.find(b"\n")
            if offset + (len(chunk) if head < 0 else head) - line_start > MAX_LINE_BYTES:
                return None
            while pending is not None and head >= 0 and pending - 1 < end:
                at = chunk.find(b"\n", max(pending - 1 - offset, 0))
                if at < 0:
                    break
                cut = offset + at + 1
                if cut > starts[-1][0]:
                    starts.append((cut, lines + chunk.count(b"\n", 0, at + 1)))
                while pending is not None and pending <= cut:
                    pending = next(wanted, None)
            if head >= 0:
                lines += chunk.count(b"\n")
                line_start = offset + chunk.rfind(b"\n") + 1
            offset = end
    if len(starts) > 1 and starts[-1][0] >= offset:
        starts.pop()
    return starts


def _leading(path: str) -> tuple[int, Header | None]:
    """The byte offset of the file's first non-blank line (past the end: none), and its header."""
    offset = 0
    with Path(path).open("rb") as stream:
        while raw := stream.readline(MAX_LINE_BYTES + 1):
            if raw.strip():
                try:
                    record = record_from_line(raw, first=True)
                except ValidationError:  # reported by the task that reads the line
                    return offset, None
                return offset, record if isinstance(record, Header) else None
            offset += len(raw)
    return offset, None


def _jsonl_ranges(part: Partition, targets: Iterable[int]) -> list[_Piece]:
    """
    *part*, a JSON Lines file, cut at the first line start from each of *targets* on.

    Every range is told the number of its first line, whether the header may be
    in it, and the header (the first line, read here once), so that its records
    and faults are the whole file's, at the same lines. One piece when the file
    has a line too long to read (whose fault ends the reading) or no cut.
    """
    starts = _line_starts(part.path, targets)
    if starts is None or len(starts) <= 1:
        return [_Piece(part)]
    leading, header = _leading(part.path)
    stops = [start for start, _ in starts[1:]] + [Path(part.path).stat().st_size]
    return [
        _Piece(part, start, stop, line, first=start <= leading, header=header)
        for (start, line), stop in zip(starts, stops, strict=True)
    ]


def _pieces(part: Partition) -> list[_Piece]:
    """
    The pieces *part* is read in: one, or ranges of a big JSON Lines or Parquet part file.

    A part file's row groups (from its footer) are joined or cut into ranges of
    about 50,000 rows, so that a few big files still give every worker several
    tasks. A file whose footer cannot be read is one piece, whose task reports it.
    A JSON Lines file bigger than `_RANGE_BYTES` (8 MiB, about 30,000 lines of
    generated events) is cut into ranges of about that many bytes, each
    starting just after a line break (`_jsonl_ranges`).
    """
    if not part.is_parquet:
        try:
            size = Path(part.path).stat().st_size
        except OSError:  # reported by the task that reads it
            return [_Piece(part)]
        if size <= _RANGE_BYTES:
            return [_Piece(part)]
        return _jsonl_ranges(part, range(_RANGE_BYTES, size, _RANGE_BYTES))
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    try:
        metadata = pq.read_metadata(part.path)
    except (OSError, pa.ArrowException):
        return [_Piece(part)]
    sizes = [metadata.row_group(group).num_rows for group in range(metadata.num_row_groups)]
    ranges = _row_ranges(sizes, _TASK_ROWS)
    if len(ranges) <= 1:
        return [_Piece(part)]
    return [_Piece(part, start, stop) for start, stop in ranges]


@attrs.frozen
class _Sealed(Generic[_T]):
    """
    A task's result as one object.

    ``distributed`` sends a bare list or set between processes item by item:
    100,000 tuples took seconds where the same data in one object takes
    milliseconds.
    """

    value: _T


def _bucket(ident: str, buckets: int) -> int:
    """The join task an id goes to: the same in every process (unlike ``hash``)."""
    return zlib.crc32(ident.encode("utf-8", "surrogatepass")) % buckets


class _Noted(Mapping[str, Any]):
    """
    An index of one kind of record that holds every id, and notes each id asked for.

    `resolves` walks a record's references without building their paths and
    walks a nested record shared by many records once: given these indexes,
    it collects the ids a piece refers to faster than `iter_references`.
    """

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def __contains__(self, ident: object) -> bool:
        self.asked.add(str(ident))
        return True

    def __getitem__(self, ident: str) -> Any:
        raise KeyError(ident)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class _IdLists:
    """
    Ids by kind, each with its line, gathered to be sent as a few flat objects.

    Sent as one string of ids joined by line breaks (ids hold none, see
    `conflict_events.model.fields.ID_PATTERN`) and an array of lines per kind
    (the ids referred to go as such a string alone):
    pickling 400,000 ``(kind, id, line)`` tuples and reading them back took
    0.44 s of CPU, the same ids so 0.06 s.
    """

    def __init__(self) -> None:
        self.ids: dict[str, list[str]] = {}
        self.lines: dict[str, array.array[int]] = {}

    def add(self, kind: str, ident: str, line: int) -> None:
        if (ids := self.ids.get(kind)) is None:
            ids = self.ids[kind] = []
            self.lines[kind] = array.array("q")
        ids.append(ident)
        self.lines[kind].append(line)

    def packed(self) -> dict[str, tuple[str, array.array[int]]]:
        return {kind: ("\n".join(ids), self.lines[kind]) for kind, ids in self.ids.items()}


def _unpacked(packed: dict[str, tuple[str, Any]]) -> Iterator[tuple[str, list[str], Any]]:
    """``(kind, ids, lines)`` of what `_IdLists.packed` gave."""
    for kind, (text, lines) in packed.items():
        yield kind, text.split("\n") if text else [], lines


def _check(piece: _Piece, buckets: int) -> tuple[_Sealed[Any], ...]:
    """
    Validate one piece: its errors, its parent links, then per join bucket its ids.

    Returns, each `_Sealed`, ``(errors, parents, declared..., referred...)``:
    *buckets* times the ids each record declares with its line, then *buckets*
    times the ids its records refer to, each once and without a line (both
    by kind, as `_IdLists.packed` gives them): most references resolve, so
    only the pieces that hold one that does not are read again, for its lines
    (`_dangling`).
    """
    errors: list[ErrorDetail] = []
    declared = [_IdLists() for _ in range(buckets)]
    noted = {kind: _Noted() for kind in ReferenceKind}
    # The nested records walked, by id: each is kept alive by *records* while its id is
    # held; both are emptied now and then, so that a JSON Lines file is not held whole.
    walked: set[int] = set()
    records: list[Any] = []
    kinds: dict[type, str] = {}
    parents: list[tuple[str, str, int]] = []
    with collector_paused():  # a task makes many small objects and no cycles
        for line, record in _records(piece, errors):
            if isinstance(record, Header):
                continue
            if len(records) >= _TASK_ROWS:
                records.clear()
                walked.clear()
            records.append(record)
            if isinstance(record, Location) and record.parent is not None:
                parents.append((record.id, record.parent, line))
            if (kind := kinds.get(type(record))) is None:
                kind = kinds[type(record)] = record_kind(type(record)).reference.value
            declared[_bucket(record.id, buckets)].add(kind, record.id, line)
            resolves(record, noted, walked)
    referred: list[dict[str, list[str]]] = [{} for _ in range(buckets)]
    for ref_kind, index in noted.items():
        for ident in index.asked:
            referred[_bucket(ident, buckets)].setdefault(ref_kind.value, []).append(ident)
    return tuple(
        _Sealed(value)
        for value in (
            errors,
            parents,
            *(ids.packed() for ids in declared),
            *({kind: "\n".join(ids) for kind, ids in refs.items()} for refs in referred),
        )
    )


_Repeated = dict[tuple[str, str], list[tuple[int, int]]]


def _join(
    declared: list[_Sealed[dict[str, tuple[str, Any]]]],
    referred: list[_Sealed[dict[str, str]]],
) -> _Sealed[tuple[list[tuple[int, str, str]], _Repeated]]:
    """
    One bucket's ids from every piece: the references to none, and the ids declared twice.

    Returns ``(piece, kind, id)`` for each reference to an undeclared id, and for
    each id declared more than once every ``(piece, line)`` that declares it.
    """
    first: dict[str, dict[str, tuple[int, int]]] = {}
    repeated: _Repeated = {}
    for number, packed in enumerate(declared):
        for kind, ids, lines in _unpacked(packed.value):
            known = first.setdefault(kind, {})
            for ident, line in zip(ids, lines, strict=True):
                if (seen := known.get(ident)) is None:
                    known[ident] = (number, line)
                else:
                    repeated.setdefault((kind, ident), [seen]).append((number, line))
    unknown = [
        (number, kind, ident)
        for number, refs in enumerate(referred)
        for kind, text in refs.value.items()
        for ident in text.split("\n")
        if ident not in first.get(kind, ())
    ]
    return _Sealed((unknown, repeated))


def _dangling(
    part: Partition | _Piece, unknown: frozenset[tuple[str, str]]
) -> _Sealed[list[tuple[Any, ...]]]:
    """Where in *part* each reference to an *unknown* (kind, id) is made: file, line, field."""
    path = part.part.path if isinstance(part, _Piece) else part.path
    found = []
    for line, record in _records(part, []):  # its bad records were reported by `_check`
        if isinstance(record, Header):
            continue
        for where, ref_kind, ident in iter_references(record):
            if (ref_kind.value, ident) in unknown:
                found.append((ref_kind.value, ident, path, line, where))
    return _Sealed(found)


def _parent_cycles(links: list[tuple[str, str, str, int]]) -> Iterator[ErrorDetail]:
    """Locations that are their own ancestors, across every piece's ``(id, parent, file, line)``."""
    parent_of: dict[str, str] = {}
    where: dict[str, tuple[str, int]] = {}
    for ident, parent, file, line in sorted(links, key=lambda link: (link[2], link[3])):
        if ident not in parent_of:
            parent_of[ident] = parent
            where[ident] = (file, line)
    for ident, (file, line) in where.items():
        if (through := ancestor_loop(parent_of, ident)) is not None:
            message = ancestor_loop_message(ident, through, parent_of)
            yield ErrorDetail("parent", message, file=file, line=line)


def _compute(client: Any, *collections: Any) -> tuple[Any, ...]:
    if client is not None:
        return tuple(client.compute(list(collections), sync=True))
    return tuple(dask.compute(*collections))  # type: ignore[attr-defined, no-untyped-call]


def validate(paths: PathLike | Iterable[PathLike], client: Any = None) -> list[ErrorDetail]:
    """
    Validate many JSON Lines or Parquet partitions in parallel; return every error.

    Each piece of a partition (a JSON Lines file or about 8 MiB of one, or
    about 50,000 rows of a Parquet part file, see `_pieces`) is checked in its
    own task: records, with
    the line or row of each fault. Then the ids every piece declares are
    joined, in buckets by id (one task each), with the ids every piece refers
    to: references to an id declared nowhere are reported on the line that
    makes them, ids declared twice on each line after the first. No process
    holds all ids; only the locations' parent links (far fewer than events)
    are gathered, to find locations that are their own ancestors.

    Args:
        paths: Files or directories (see `partitions`).
        client: A ``dask.distributed.Client``; None uses the current default
            scheduler.

    Returns:
        Each fault as an `ErrorDetail` with its file and line (the row of a Parquet
        file), sorted by file and line; empty when everything is valid.
    """
    work = [piece for part in partitions(paths) for piece in _pieces(part)]
    if not work:
        return []
    buckets = max(1, len(work) // 2)
    checked = [delayed(_check, nout=2 + 2 * buckets, pure=True)(piece, buckets) for piece in work]
    joins = [
        delayed(_join, pure=True)(
            [item[2 + bucket] for item in checked], [item[2 + buckets + bucket] for item in checked]
        )
        for bucket in range(buckets)
    ]
    faults, links, joined = _compute(
        client, [item[0] for item in checked], [item[1] for item in checked], joins
    )
    result = [fault for found in faults for fault in found.value]
    wanted: dict[int, set[tuple[str, str]]] = {}
    repeated: list[tuple[str, str, list[tuple[str, int]]]] = []
    for unknown, twice in (item.value for item in joined):
        for number, kind, ident in unknown:
            wanted.setdefault(number, set()).add((kind, ident))
        repeated.extend(
            (kind, ident, sorted((work[number].part.path, line) for number, line in places))
            for (kind, ident), places in twice.items()
        )
    rescans = [
        delayed(_dangling, pure=True)(work[n], frozenset(ids)) for n, ids in sorted(wanted.items())
    ]
    located = _compute(client, *rescans) if rescans else ()
    result.extend(
        ErrorDetail(where, f"unknown {kind} id {ident!r}", file=file, line=int(line))
        for rows in located
        for kind, ident, file, line, where in rows.value
    )
    for kind, ident, places in repeated:
        (file, line), *others = places
        result.extend(
            ErrorDetail(
                "id", f"duplicate {kind} id {ident!r} (first at {file}:{line})", file=f, line=n
            )
            for f, n in others
        )
    result.extend(
        _parent_cycles(
            [
                (ident, parent, work[number].part.path, line)
                for number, rows in enumerate(links)
                for ident, parent, line in rows.value
            ]
        )
    )
    return sorted(result, key=lambda e: (e.file or "", e.line or 0, e.path, e.message))


# -- conversion -----------------------------------------------------------------------------


def _to_parquet(part: _Piece, target: str, number: int) -> _Sealed[int | ValidationError]:
    """
    Write one piece of a JSON Lines file as part file *number* of each of its tables.

    Returns the number of records, or the fault that stopped the reading (the
    caller raises the first in the order of the pieces, the one reading the
    file whole would have met first).
    """
    try:
        return _Sealed(_write_parquet(part, target, number))
    except ValidationError as error:
        return _Sealed(error)


def _write_parquet(part: _Piece, target: str, number: int) -> int:
    """
    The records of *part* as part file *number* of each table they go in; how many.

    The tables are built as `conflict_events.formats.jsonl_parquet` builds them
    (`arrow_batches.storage_columns`, cast once), the same as `arrow.table_of`'s,
    with the cyclic collector held off: a task holds a few MiB of records.
    """
    import pyarrow.parquet as pq  # noqa: PLC0415

    from conflict_events.formats import arrow_batches  # noqa: PLC0415 - pyarrow

    header = Header() if part.header is None else part.header
    buffers: dict[str, list[Any]] = {name: [] for name in arrow.RECORD_TABLES}
    with collector_paused():
        for _, record in _records(part, None):
            if isinstance(record, Header):
                header = record
                continue
            buffers[record_kind(type(record)).collection].append(record)
        shell = Dataset(schema_version=header.schema_version, extensions=header.extensions)
        metadata = arrow._header(shell)  # noqa: SLF001 - the metadata table_of gives
        count = 0
        for name, records in buffers.items():
            if not records:
                continue
            columns = {name: arrow_batches.storage_columns(name, records)}
            if name == "events":
                actors = arrow_batches.ReferenceRows()
                for record in records:
                    actors.add(record, actors=True)
                columns["event_actors"] = actors.actor_columns()
            for table, built in columns.items():
                directory = Path(target) / table
                directory.mkdir(parents=True, exist_ok=True)
                data = arrow_batches.joined_table(table, [built], metadata=metadata)
                pq.write_table(data, directory / f"part-{number:05d}.parquet")
            count += len(records)
    return count


def _to_jsonl(part: Partition, target: str, number: int) -> int:
    import pyarrow.parquet as pq  # noqa: PLC0415

    metadata = pq.read_schema(part.path).metadata or {}
    header = Header()
    if arrow.METADATA_KEY in metadata:
        document = parse_json(metadata[arrow.METADATA_KEY])
        header = Header(
            document.get("schema_version", header.schema_version), document.get("extensions", {})
        )
    name = f"{part.table}-{number:05d}.jsonl"
    records = (record for _, record in _records(part, None))
    return write_records([header, *records], Path(target) / name) - 1


def convert(
    paths: PathLike | Iterable[PathLike],
    target: PathLike,
    *,
    to: str = "parquet",
    client: Any = None,
) -> int:
    """
    Convert partitions between JSON Lines and Parquet, one task per partition or range.

    JSON Lines file number *i* becomes ``part-0000i.parquet`` in each table
    directory of *target* (a Parquet dataset directory), or, when a big file
    is cut into ranges (see `_pieces`), range number *i* in the order of the
    files and of their ranges, so the dataset reads back in the same order;
    a Parquet part file becomes one JSON Lines file ``<table>-0000i.jsonl`` in
    *target*, with the header line first. Records are validated on the way;
    references are not (run `validate` on the result). Of several bad ranges
    or files, the fault raised is the first in their order.

    Args:
        paths: Files or directories (see `partitions`).
        target: The output directory (created).
        to: ``"parquet"`` or ``"jsonl"``.
        client: A ``dask.distributed.Client``, or None for the default scheduler.

    Returns:
        The number of records written.

    Raises:
        ValidationError: A record is invalid; paths start with its file and line.
        ValueError: *to* is not a known format.
    """
    if to not in ("parquet", "jsonl"):
        msg = f"cannot convert to {to!r}; give 'parquet' or 'jsonl'"
        raise ValueError(msg)
    Path(target).mkdir(parents=True, exist_ok=True)
    parts = partitions(paths)
    if to == "jsonl":
        tasks = [
            delayed(_to_jsonl)(part, str(target), number)
            for number, part in enumerate(p for p in parts if p.is_parquet)
        ]
        (counts,) = _compute(client, tasks)
        return int(sum(counts))
    pieces = [piece for part in parts if not part.is_parquet for piece in _pieces(part)]
    written = [
        delayed(_to_parquet)(piece, str(target), number) for number, piece in enumerate(pieces)
    ]
    (results,) = _compute(client, written)
    for result in results:
        if isinstance(result.value, ValidationError):
            raise result.value
    return sum(int(result.value) for result in results)


# -- timelines ------------------------------------------------------------------------------


def _dataframes() -> tuple[Any, Any]:
    """
    ``dask.dataframe`` and ``pandas``, which only `timelines` uses.

    They are imported when first needed: validation and conversion tasks do
    without them, and a worker that does not import them starts its first task
    about half a second sooner.
    """
    try:
        import dask.dataframe as dd  # noqa: PLC0415
        import pandas as pd  # noqa: PLC0415
    except ImportError as error:  # pragma: no cover - depends on the environment
        msg = (
            "conflict_events.dask.timelines requires dask[dataframe]: "
            "pip install 'conflict-events[dask]'"
        )
        raise ModuleNotFoundError(msg, name=error.name) from error
    return dd, pd


def _frame(rows: list[tuple[Any, ...]], meta: dict[str, Any]) -> pd.DataFrame:
    _, pd = _dataframes()
    frame = pd.DataFrame(rows, columns=list(meta))
    return frame.astype(meta)


#: The events a control timeline is built from, and their ``type`` tags.
_TIMELINE_EVENTS: Final = (ControlChange, ControlStatus)
_TIMELINE_TAGS: Final = tuple(cls.event_type for cls in _TIMELINE_EVENTS)
_LOCATION_META: Final = {"id": str, "kind": str, "parent": str, "payload": str}
_CHANGE_META: Final = {"location": str, "payload": str}
_ROWS_META: Final = {
    "root": str,
    "role": str,
    "location": str,
    "qid": "int64",
    "at": str,
    "payload": str,
}
_ANSWER_META: Final = {
    "qid": "int64",
    "location": str,
    "at": str,
    "controller": object,
    "certain": bool,
    "candidates": object,
    "answered_by": object,
    "events": object,
    "probabilities": object,
    "last_known": object,
    "evidence_date": object,
}


def _control_rows(part: Partition) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The locations and control changes of one partition, each with its JSON."""
    locations: list[tuple[str, str, str | None, str]] = []
    changes: list[tuple[str, str]] = []
    if part.is_parquet and part.table not in ("locations", "events"):
        records: Iterable[tuple[int, Any]] = ()
    elif part.is_parquet and part.table == "events":
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.compute as pc  # type: ignore[import-untyped]  # noqa: PLC0415
        import pyarrow.parquet as pq  # noqa: PLC0415

        data = pq.read_table(part.path)
        data = data.filter(pc.is_in(data.column("type").cast("string"), pa.array(_TIMELINE_TAGS)))
        records = arrow.iter_table(
            "events", data.drop_columns([c for c in ("position",) if c in data.column_names])
        )
    else:
        records = _records(part, None)
    for _, record in records:
        if isinstance(record, Location):
            payload = to_json(record)
            locations.append((record.id, record.kind.value, record.parent, payload))
        elif isinstance(record, _TIMELINE_EVENTS) and record.location is not None:
            changes.append((record.location, to_json(record)))
    return _frame(locations, _LOCATION_META), _frame(changes, _CHANGE_META)


def _roots(locations: Any, client: Any) -> Any:
    """
    For each location, the settlement (or outermost part) whose changes it inherits.

    A part's container is its parent when the part is of a part kind and the
    parent of a container kind (`PART_KINDS`, `CONTAINER_KINDS`), as
    `Timelines.build` decides; the root is found by joining each location to its
    container's root until nothing changes (pointer jumping, distributed).
    """
    parents = locations[["id", "kind"]].rename(columns={"id": "parent", "kind": "parent_kind"})
    linked = locations[["id", "kind", "parent"]].merge(parents, on="parent", how="left")
    parts = {kind.value for kind in PART_KINDS}
    containers = {kind.value for kind in CONTAINER_KINDS}
    is_part = linked["kind"].isin(parts) & linked["parent_kind"].isin(containers)
    roots = linked[["id"]].assign(root=linked["parent"].where(is_part, linked["id"]))
    for _ in range(_MAX_DEPTH):
        step = roots.merge(
            roots.rename(columns={"id": "root", "root": "next"}), on="root", how="left"
        )
        step["next"] = step["next"].fillna(step["root"])
        (moved,) = _compute(client, (step["next"] != step["root"]).sum())
        roots = (
            step[["id"]].assign(root=step["next"]).persist()
            if client is None
            else client.persist(step[["id"]].assign(root=step["next"]))
        )
        if not moved:
            break
    return roots


def _day(value: Any) -> str:
    """A question's day as ``YYYY-MM-DD``: from a date, a datetime or ISO text."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10]).isoformat()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    _, pd = _dataframes()
    return str(pd.Timestamp(value).date().isoformat())


def _normalise_queries(frame: pd.DataFrame) -> pd.DataFrame:
    _, pd = _dataframes()
    at = [_day(value) for value in frame["at"]]
    return pd.DataFrame(
        {
            "location": frame["location"].astype(str).to_numpy(),
            "at": at,
            "qid": frame["qid"].to_numpy(),
        }
    ).astype({"location": str, "at": str, "qid": "int64"})


def _shuffled_records(rows: pd.DataFrame) -> tuple[list[Location], list[Event]]:
    """The locations and control records of one shuffled partition."""
    locations = [from_json(p, Location) for p in rows.loc[rows["role"] == "location", "payload"]]
    changes = [from_json(p, Event) for p in rows.loc[rows["role"] == "change", "payload"]]
    return locations, changes


def _measure(rows: pd.DataFrame) -> Fading:
    """How evidence fades in one shuffled partition (they add up to the whole's)."""
    locations, changes = _shuffled_records(rows)
    return Timelines.measure(changes, locations=locations)


def _answer(rows: pd.DataFrame, fading: Fading) -> pd.DataFrame:
    """Build the timelines of one shuffled partition and answer its questions."""
    _, pd = _dataframes()
    locations, changes = _shuffled_records(rows)
    built = Timelines.build(changes, locations=locations, fading=fading)
    out = []
    asked = rows[rows["role"] == "query"]
    for qid, location, at in zip(asked["qid"], asked["location"], asked["at"], strict=True):
        answer = built.controller_at(location, date.fromisoformat(at))
        out.append(
            (
                int(qid),
                location,
                at,
                answer.controller,
                answer.certain,
                list(answer.candidates),
                answer.answered_by,
                list(answer.event_ids),
                dict(answer.probabilities),
                answer.last_known,
                None if answer.evidence_date is None else answer.evidence_date.isoformat(),
            )
        )
    return pd.DataFrame(out, columns=list(_ANSWER_META)).astype(
        {"qid": "int64", "location": str, "at": str, "certain": bool}
    )


def timelines(
    paths: PathLike | Iterable[PathLike],
    queries: Any,
    *,
    client: Any = None,
    npartitions: int | None = None,
) -> pd.DataFrame:
    """
    Answer a batch of "who held LOCATION on AT?" questions over partitioned data.

    The locations and control changes of every partition are read in parallel;
    each location gets the root it inherits changes from (its settlement, for a
    part); the changes, the locations and the questions are shuffled by that
    root, and each shuffled partition builds its `Timelines` and answers its
    questions, exactly as `Timelines.build(dataset).controller_at` would.

    Args:
        paths: Files or directories (see `partitions`).
        queries: A pandas or Dask DataFrame with columns ``location`` (an id)
            and ``at`` (a date, or text ``YYYY-MM-DD``).
        client: A ``dask.distributed.Client``, or None for the default scheduler.
        npartitions: How many partitions to shuffle into (default: as many as inputs).

    Returns:
        A pandas DataFrame in the order of *queries*: ``location``, ``at``
        (``YYYY-MM-DD``), ``controller`` (None unless certain), ``certain``,
        ``candidates`` (list of actor ids), ``answered_by``, ``events`` (the
        ids of the changes the answer rests on), ``probabilities`` (actor id,
        or None for unknown, to probability), ``last_known`` and
        ``evidence_date`` (``YYYY-MM-DD``) where the answer is only last known.
    """
    dd, pd = _dataframes()
    parts = partitions(paths)
    extracted = [delayed(_control_rows, nout=2, pure=True)(part) for part in parts]
    locations = dd.from_delayed([item[0] for item in extracted], meta=_LOCATION_META)
    changes = dd.from_delayed([item[1] for item in extracted], meta=_CHANGE_META)
    roots = _roots(locations, client)
    if isinstance(queries, pd.DataFrame):
        asked = dd.from_pandas(
            queries.assign(qid=range(len(queries))), npartitions=max(1, len(parts))
        )
    else:
        asked = queries.assign(qid=1)
        asked["qid"] = asked["qid"].cumsum() - 1
    asked = asked.map_partitions(
        _normalise_queries, meta={"location": str, "at": str, "qid": "int64"}
    )
    by_location = roots.rename(columns={"id": "location"})

    def rooted(frame: Any) -> Any:
        joined = frame.merge(by_location, on="location", how="left")
        joined["root"] = joined["root"].fillna(joined["location"])
        return joined

    change_rows = rooted(changes).assign(role="change", qid=-1, at="")
    location_rows = rooted(locations[["id", "payload"]].rename(columns={"id": "location"})).assign(
        role="location", qid=-1, at=""
    )
    query_rows = rooted(asked).assign(role="query", payload="")
    columns = list(_ROWS_META)
    everything = dd.concat([change_rows[columns], location_rows[columns], query_rows[columns]])
    shuffled = everything.shuffle(on="root", npartitions=npartitions or max(1, len(parts)))
    shuffled = shuffled.persist() if client is None else client.persist(shuffled)
    # Evidence fades by the turnover of the whole data, measured over every partition first.
    measured = _compute(client, *[delayed(_measure)(part) for part in shuffled.to_delayed()])
    fading = functools.reduce(operator.add, measured, Fading())
    answers = shuffled.map_partitions(_answer, fading, meta=_ANSWER_META)
    (result,) = _compute(client, answers)
    ordered = result.sort_values("qid").drop(columns=["qid"]).reset_index(drop=True)
    for column in ("controller", "answered_by", "last_known", "evidence_date"):
        values = ordered[column].astype(object)
        ordered[column] = values.where(values.notna(), None)
    return ordered


# -- matching -------------------------------------------------------------------------------


def _call(run: Callable[[_T, _S], _R], shipped: tuple[_T, _S]) -> _R:
    """*run* on a task and its narrowed state, shipped together (so they land on one worker)."""
    return run(*shipped)


@attrs.frozen
class _OnDask:
    """
    A `conflict_events.matching._parts.Pool` of Dask tasks: each task and its events alone.

    With a client, each narrowed task is scattered to a worker (not put in the graph,
    which goes through the scheduler) and run there; without, Dask's default scheduler
    runs them. Results come back in the order of the tasks.
    """

    client: Any
    workers: int

    def map(
        self, step: matching_parts.Step[_T, _S, _R], tasks: Sequence[_T], state: _S
    ) -> Iterator[_R]:
        if self.client is None:
            calls = [delayed(_call, pure=False)(step.run, step.narrow(t, state)) for t in tasks]
            yield from _compute(None, *calls)
            return
        pending: deque[Any] = deque()
        for start in range(0, len(tasks), self.workers):
            # One batch a worker each (scatter deals them out in turn), while earlier ones run.
            batch = [step.narrow(task, state) for task in tasks[start : start + self.workers]]
            shipped = self.client.scatter(batch, hash=False)
            pending.extend(self.client.submit(_call, step.run, s, pure=False) for s in shipped)
            del batch, shipped  # the tasks hold them: freed when their results are
        while pending:
            yield pending.popleft().result()


def _pool(client: Any) -> _OnDask:
    """The pool of *client*, else of the default client if there is one, else Dask's scheduler."""
    if client is None:
        with contextlib.suppress(ImportError, ValueError):  # no distributed, or no default client
            from distributed import default_client  # noqa: PLC0415

            client = default_client()  # type: ignore[no-untyped-call]
    if client is not None:
        workers = sum(client.nthreads().values())
    else:
        workers = dask.config.get("num_workers", None) or os.cpu_count()
    return _OnDask(client, max(1, int(workers or 1)))


def match(
    left: Dataset,
    right: Dataset,
    *,
    client: Any = None,
    model: Model | None = None,
    min_probability: float = matcher.DEFAULT_MIN_PROBABILITY,
    max_iterations: int = 1000,
    smoothing: float = 1.0,
    matches_per_event: float = 1.0,
    rivals: bool = True,
    refits: int = matcher.REFIT_ROUNDS,
) -> Matches:
    """
    `conflict_events.matching.match` on Dask: the same `Matches`, bit for bit.

    The parts ``match(..., workers=N)`` runs in forked processes run as Dask
    tasks instead, as many as for N the cluster's threads: the candidate
    pairs and patterns of each group of buckets, then the propagation and
    evidence of each group of components (in two halves when they are split
    by the pairs that take part in the propagation). Each task is sent only
    the profiles of the events it touches, numbered anew in order. The
    profiles are built, EM is fitted and the parts are cut in this process.

    Args:
        left: The first dataset.
        right: The second dataset.
        client: A ``dask.distributed.Client``, or None for the default scheduler.
        model: A fitted model to apply as it is; None fits one by EM.
        min_probability: Pairs less probable than this are left out.
        max_iterations: EM's limit.
        smoothing: EM's smoothing.
        matches_per_event: The cap on EM's prior (see `conflict_events.matching.match`).
        rivals: Whether a pair's probability is shared with its events' other candidates.
        refits: At most this many rounds of EM's refit under the one-to-one constraint.

    Returns:
        What `conflict_events.matching.match` returns.

    Raises:
        ConflictEventsError: *min_probability* is not between 0 and 1, or
            *matches_per_event* is not above 0, or *refits* is not a count.
    """
    return matcher.match(
        left,
        right,
        model=model,
        min_probability=min_probability,
        max_iterations=max_iterations,
        smoothing=smoothing,
        matches_per_event=matches_per_event,
        rivals=rivals,
        refits=refits,
        workers=_pool(client),
    )


def match_all(
    datasets: Sequence[Dataset],
    *,
    client: Any = None,
    model: Model | None = None,
    min_probability: float = matcher.DEFAULT_MIN_PROBABILITY,
    max_iterations: int = 1000,
    smoothing: float = 1.0,
    matches_per_event: float = 1.0,
    rivals: bool = True,
    refits: int = matcher.REFIT_ROUNDS,
) -> Matches:
    """
    `conflict_events.matching.match_all` on Dask, as `match`: the same `Matches`, bit for bit.

    Args:
        datasets: The datasets; events of one are never paired.
        client: A ``dask.distributed.Client``, or None for the default scheduler.
        model: A fitted model to apply as it is; None fits one by EM.
        min_probability: Pairs less probable than this are left out.
        max_iterations: EM's limit.
        smoothing: EM's smoothing.
        matches_per_event: The cap on EM's prior (see `conflict_events.matching.match`).
        rivals: Whether a pair's probability is shared with its events' other candidates.
        refits: At most this many rounds of EM's refit under the one-to-one constraint.

    Returns:
        What `conflict_events.matching.match_all` returns.

    Raises:
        ConflictEventsError: *min_probability* is not between 0 and 1, or
            *matches_per_event* is not above 0, or *refits* is not a count.
    """
    return matcher.match_all(
        datasets,
        model=model,
        min_probability=min_probability,
        max_iterations=max_iterations,
        smoothing=smoothing,
        matches_per_event=matches_per_event,
        rivals=rivals,
        refits=refits,
        workers=_pool(client),
    )


#: The only interface the local cluster listens on.
_LOOPBACK: Final = "127.0.0.1"
#: What the HTTP servers of the cluster answer without the dashboard: a health check only.
_QUIET_HTTP: Final = {
    "distributed.scheduler.http.routes": ["distributed.http.health"],
    "distributed.worker.http.routes": ["distributed.http.health"],
}


#: A worker is given its next task only when it has finished one, so that none waits
#: idle while another still holds two: tasks here take seconds, not milliseconds.
_ONE_TASK_EACH: Final = {"distributed.scheduler.worker-saturation": 1.0}


def _start_method() -> dict[str, str]:
    """
    Workers forked from a fork server where there is one, as against spawned.

    A spawned worker starts a new interpreter and imports everything again;
    a fork server is one fresh process that has imported ``distributed``,
    pyarrow and this package once (`conflict_events.fork_server`, started
    here unless it runs already), and forks each worker from itself.
    """
    if fork_server.start():
        return {"distributed.worker.multiprocessing-method": "forkserver"}
    return {}


@contextlib.contextmanager
def local_client(workers: int, *, dashboard: bool = False) -> Iterator[Any]:
    """
    A ``dask.distributed`` client of a `LocalCluster` of *workers* single-threaded processes.

    The parsing and validating work holds Python's GIL, so workers are
    processes, one thread each. The scheduler, the workers and their HTTP
    servers listen on the loopback interface only (127.0.0.1, free ports).
    The dashboard, which has no authentication, runs only with *dashboard*
    (see ``client.dashboard_link``); without it the HTTP servers answer
    nothing but ``/health``. A worker is sent a task only when it is free
    (``worker-saturation`` 1.0), so the last big tasks go to whichever is.
    Workers are forked from a fork server where the system has one
    (`_start_method`), else spawned; either way they import the script that
    runs this as their main module, so a script calls it under
    ``if __name__ == "__main__":``. Used by ``validate --workers`` and
    ``convert --workers``.
    """
    from distributed import Client, LocalCluster  # noqa: PLC0415

    with (
        dask.config.set(_ONE_TASK_EACH),
        dask.config.set(_start_method()),
        dask.config.set({} if dashboard else _QUIET_HTTP),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host=_LOOPBACK,
            dashboard_address=f"{_LOOPBACK}:0",
            scheduler_kwargs={"dashboard": dashboard},
            worker_dashboard_address=None,
            # A task that meets bad data fails with a ValidationError the caller
            # reports; the workers' own log of it would only repeat it.
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster, set_as_default=False) as client,  # type: ignore[no-untyped-call]
    ):
        yield client
