"""
One JSON Lines file to a Parquet dataset directory, on every core when large (extra ``arrow``).

`convert_file` validates every line as the JSON Lines reader does
(`conflict_events.formats.jsonl.record_from_line`, through
`conflict_events.formats._shared_values.line_record`, which builds each
distinct nested value once) and writes the tables
`conflict_events.formats.arrow.write_parquet` writes for the same dataset.
A file of `SPLIT_BYTES` or more is cut into line-aligned byte ranges, one
per process: each validates its lines and builds the plain Arrow columns
of its records (`arrow_batches.storage_columns`), and notes the ids it
declares, the ids it refers to and the parents of its locations. The
parent joins the columns in file order and casts them once, so the tables
(dictionaries included) are those of one pass, and checks the whole file:
ids unique per kind, every reference resolved, no location its own
ancestor. A smaller file is one range, converted in this process.

Any fault, in a line or across lines, makes the file invalid: the errors
raised are then those of `conflict_events.formats.jsonl.check_file` on the
file, the ones ``validate`` prints, with their line numbers, so they do not
depend on how the file was cut.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Final

import attrs
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from conflict_events.collector import paused
from conflict_events.errors import ValidationError
from conflict_events.formats import arrow, arrow_batches
from conflict_events.formats._shared_values import line_record
from conflict_events.formats.atomic import atomic_directory
from conflict_events.formats.jsonl import Header, check_file, numbered_lines
from conflict_events.model import Location
from conflict_events.model.locations import ancestor_loop
from conflict_events.model.record_kinds import record_kind

__all__ = ["SPLIT_BYTES", "convert_file"]

#: Files of this many bytes or more are converted on several processes.
SPLIT_BYTES: Final = 8 * 2**20
#: Records of one table built into Arrow columns at once.
_BATCH: Final = 50_000


@attrs.define
class _Range:
    """What one byte range of the file holds, or that it is faulty."""

    faulty: bool = False
    header: Header | None = None
    columns: dict[str, list[list[Any]]] = attrs.field(factory=dict)
    counts: dict[str, int] = attrs.field(factory=dict)
    #: (reference kind, id) of each record, in line order.
    declared: list[tuple[str, str]] = attrs.field(factory=list)
    referenced: set[tuple[str, str]] = attrs.field(factory=set)
    parents: dict[str, str] = attrs.field(factory=dict)


def _cuts(path: Path, size: int, parts: int) -> list[tuple[int, int]]:
    """*parts* byte ranges of about equal size, each beginning at the start of a line."""
    starts = [0]
    with path.open("rb") as stream:
        for number in range(1, parts):
            stream.seek(max(size * number // parts, starts[-1]))
            while piece := stream.readline(2**20):  # the rest of the line the cut falls in
                if piece.endswith(b"\n"):
                    break
            position = stream.tell()
            if position >= size:
                break
            if position > starts[-1]:
                starts.append(position)
    ends = [*starts[1:], size]
    return list(zip(starts, ends, strict=True))


def _convert_range(path: str, start: int, end: int, *, first: bool) -> _Range:
    """Validate and build the lines from byte *start* to *end*; *first*: the file's first range."""
    with paused():
        return _read_range(path, start, end, first=first)


def _read_range(path: str, start: int, end: int, *, first: bool) -> _Range:
    with Path(path).open("rb") as stream:
        stream.seek(start)
        data = stream.read(end - start)
    found = _Range()
    buffers: dict[str, list[Any]] = {name: [] for name in arrow.RECORD_TABLES}
    references = arrow_batches.ReferenceRows()
    found.referenced = references.referenced
    try:
        for _, raw in numbered_lines(io.BytesIO(data)):
            try:
                record = line_record(raw, first=first)
            except ValidationError:
                found.faulty = True
                return found
            first = False
            if isinstance(record, Header):
                found.header = record
                continue
            kind = record_kind(type(record))
            found.declared.append((kind.reference.value, record.id))
            name = kind.collection
            references.add(record, actors=name == "events")
            if isinstance(record, Location) and record.parent is not None:
                found.parents[record.id] = record.parent
            rows = buffers[name]
            rows.append(record)
            if len(rows) >= _BATCH:
                _build(found, name, rows, references)
    except ValidationError:  # a line too long to read
        found.faulty = True
        return found
    for name, rows in buffers.items():
        _build(found, name, rows, references)
    return found


def _build(
    found: _Range, name: str, rows: list[Any], references: arrow_batches.ReferenceRows
) -> None:
    if not rows:
        return
    found.columns.setdefault(name, []).append(arrow_batches.storage_columns(name, rows))
    if name == "events":
        found.columns.setdefault("event_actors", []).append(references.actor_columns())
    found.counts[name] = found.counts.get(name, 0) + len(rows)
    rows.clear()


def _whole_file_faults(ranges: list[_Range]) -> bool:
    """Whether the ranges together break a rule: an id twice, an unknown reference, a cycle."""
    declared: set[tuple[str, str]] = set()
    total = 0
    for found in ranges:
        declared.update(found.declared)
        total += len(found.declared)
    if len(declared) != total:
        return True
    if any(not found.referenced <= declared for found in ranges):
        return True
    parent_of: dict[str, str | None] = {}
    for found in ranges:
        parent_of.update(found.parents)
    return any(ancestor_loop(parent_of, ident) is not None for ident in parent_of)


def _in_processes(path: str, cuts: list[tuple[int, int]], workers: int) -> list[_Range]:
    """The ranges after the first on *workers* - 1 processes, the first one here meanwhile."""
    methods = multiprocessing.get_all_start_methods()
    # fork starts at once, without importing anything again; elsewhere the default method.
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=max(1, workers - 1), mp_context=context) as pool:
        futures = [
            pool.submit(_convert_range, path, start, end, first=False) for start, end in cuts[1:]
        ]
        first = _convert_range(path, *cuts[0], first=True)
        return [first, *(future.result() for future in futures)]


def _ranges(path: Path, workers: int | None, split_bytes: int) -> Iterator[_Range]:
    size = path.stat().st_size
    count = workers if workers is not None else os.cpu_count() or 1
    if count < 2 or size < split_bytes:  # noqa: PLR2004 - one process does not split
        yield _convert_range(str(path), 0, size, first=True)
        return
    cuts = _cuts(path, size, count)
    if len(cuts) == 1:
        yield _convert_range(str(path), 0, size, first=True)
        return
    yield from _in_processes(str(path), cuts, min(count, len(cuts)))


def convert_file(
    source: str | os.PathLike[str],
    directory: str | os.PathLike[str],
    *,
    workers: int | None = None,
    split_bytes: int = SPLIT_BYTES,
) -> int:
    """
    Convert the JSON Lines file *source* to the Parquet dataset directory *directory*.

    The directory is built beside *directory* and renamed into place when
    complete (`atomic_directory`: it must be new or empty); it holds what
    `arrow.write_parquet` writes for the file's dataset. A file of
    *split_bytes* or more is converted on *workers* processes (default:
    one per core).

    Returns:
        The number of records (the header aside) written.

    Raises:
        ValidationError: The file is not a valid dataset; the errors are
            those of `check_file` (each with its line).
        OSError: The file cannot be read, or *directory* written.
    """
    path = Path(source)
    ranges = list(_ranges(path, workers, split_bytes))
    if any(found.faulty for found in ranges) or _whole_file_faults(ranges):
        errors = check_file(path)
        if errors:
            raise ValidationError(errors)
        ranges = [_convert_range(str(path), 0, path.stat().st_size, first=True)]  # pragma: no cover
    header = ranges[0].header or Header()
    metadata = arrow._header_metadata(  # noqa: SLF001 - the header arrow.write_parquet writes
        {"schema_version": header.schema_version, "extensions": header.extensions}
    )
    with atomic_directory(directory) as root, paused():
        for table in arrow.TABLES:
            batches = [batch for found in ranges for batch in found.columns.get(table, ())]
            data = arrow_batches.joined_table(table, batches, metadata=metadata)
            (root / table).mkdir()
            pq.write_table(
                data, root / table / "part-0.parquet", row_group_size=arrow_batches.ROW_GROUP_ROWS
            )
    return sum(sum(found.counts.values()) for found in ranges)
