"""
Arrow tables and Parquet files (extra ``arrow``: ``pip install 'conflict-events[arrow]'``).

A `Dataset` is five tables, their Arrow schemas generated from the model
classes by the same walk as the JSON Schema (`conflict_events.formats.schema`):

- ``actors``, ``locations``, ``sources``: one row per record, one column per field;
- ``events``: one row per event of any type; ``type`` names it, and the
  columns are the union of every event class's fields (null where a type has
  no such field);
- ``event_actors``: one row per actor an event names (``field`` says where:
  ``new_holder``, ``participants.actor``, ``attributions.claimant``...;
  ``role`` is a participant's role), derived from ``events`` for joins and
  ignored when reading back.

Each field becomes columns by its type:

- a date (`FuzzyDate`) or a date-or-span: ``<name>_edtf`` (the EDTF text, which
  is what is read back), ``<name>_earliest`` and ``<name>_latest`` (``date32``;
  an open span ends on 9999-12-31, `UNBOUNDED_END`) and ``<name>_precision``
  (a `Precision` value, or ``interval`` for a span);
- an `Estimate`: ``<name>_low``, ``<name>_best``, ``<name>_high`` (int64) and
  ``<name>_qualifier``;
- a timestamp: ``<name>_utc`` (``timestamp[us, UTC]``; the instant may fall in
  year 0 or 10000, which Arrow holds) and ``<name>_offset`` (a ``duration``;
  the UTC offset the source gave, kept so nothing is lost);
- an enum: a dictionary-encoded string;
- a list of identifiers or texts: ``list<string>``; a list of objects
  (attributions, participants, relations): ``list<struct>``, whose dates and
  estimates are structs of the same parts;
- external ids: ``map<string, string>``;
- ``extensions``: ``map<string, arrow.json>``. Extensions are the user's own
  data with no schema, so they are the one place where values are JSON:
  the keys are a real map column (which records carry key ``k`` is a columnar
  query), each value is one JSON text typed with Arrow's canonical JSON
  extension type (the Parquet ``JSON`` logical type), never one blob per row.

Columns are built from plain values (strings, day and microsecond numbers;
see `storage_type`) and cast, so every table passes
``Table.validate(full=True)``.

Reading checks first, then reads: table names; column names and exact types
and the ``conflict_events`` metadata (`arrow_schema_check`); Arrow's full
validation of the data; and, per row, values no field can hold (bad JSON in
extensions, a map key given twice, derived date columns that differ from
the EDTF text, offsets of a day or more, times outside the years 1 to 9999,
a value in a column the row's event type does not have) — each a
`ValidationError` naming table, row, column and value.

The document's ``schema_version`` and extensions travel in each table's
schema metadata under ``conflict_events``. A Parquet dataset is a directory
with one sub-directory per table, each holding ``part-*.parquet`` files; the
``events`` table may be partitioned (Hive style) by year or by country.
"""

from __future__ import annotations

import functools
import os
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final

try:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]
except ImportError as error:  # pragma: no cover - depends on the environment
    msg = "conflict_events.formats.arrow requires pyarrow: pip install 'conflict-events[arrow]'"
    raise ModuleNotFoundError(msg, name="pyarrow") from error

from conflict_events.collector import paused
from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats._arrow_codecs import (
    _ENUM,
    _EVENT_ACTORS_SCHEMA,
    _as_is,
    _CellError,
    _tables,
    arrow_schema,
    storage_type,
)
from conflict_events.formats._arrow_columns import fast_records, foreign_cells
from conflict_events.formats.arrow_schema_check import (
    METADATA_KEY,
    check_columns,
    check_table_data,
    read_header,
)
from conflict_events.formats.documents import dump_json, from_dict
from conflict_events.model import (
    EVENT_TYPES,
    SCHEMA_VERSION,
    Actor,
    Dataset,
    Event,
    EventBase,
    Location,
    Participant,
    Source,
)
from conflict_events.model.dataset import iter_references
from conflict_events.model.description import ReferenceKind
from conflict_events.temporal.fuzzy import UNBOUNDED_START

__all__ = [
    "METADATA_KEY",
    "PARTITION_KEYS",
    "RECORD_TABLES",
    "ROW_GROUP_ROWS",
    "TABLES",
    "arrow_schema",
    "from_arrow",
    "iter_table",
    "read_parquet",
    "read_table",
    "storage_type",
    "table_of",
    "to_arrow",
    "to_pandas",
    "write_parquet",
]

#: The tables of a dataset, in the order they are written.
TABLES: Final = ("actors", "locations", "sources", "events", "event_actors")
#: The tables that hold records (``event_actors`` is derived from ``events``).
RECORD_TABLES: Final[dict[str, Any]] = {
    "actors": Actor,
    "locations": Location,
    "sources": Source,
    "events": Event,
}
#: The ways ``write_parquet`` may partition the events table.
PARTITION_KEYS: Final = ("year", "country")
#: The most rows a row group of a written part file holds, so that readers can split a part.
ROW_GROUP_ROWS: Final = 50_000
#: The column that keeps the order of events across partitions.
_POSITION: Final = "position"


def _header_metadata(header: dict[str, Any]) -> dict[bytes, bytes]:
    document: dict[str, Any] = {"schema_version": header["schema_version"]}
    if header.get("extensions"):
        document["extensions"] = header["extensions"]
    return {METADATA_KEY: dump_json(document).encode()}


def _header(dataset: Dataset | None) -> dict[bytes, bytes]:
    if dataset is None:
        return {METADATA_KEY: dump_json({"schema_version": SCHEMA_VERSION}).encode()}
    document: dict[str, Any] = {"schema_version": dataset.schema_version}
    if dataset.extensions:
        document["extensions"] = dataset.extensions
    return {METADATA_KEY: dump_json(document).encode()}


def table_of(table: str, records: Iterable[Any], *, dataset: Dataset | None = None) -> Any:
    """
    One Arrow table of *records*, all of the kind *table* holds.

    Args:
        table: ``actors``, ``locations``, ``sources`` or ``events``
            (``event_actors`` is built from events: pass the events).
        records: The records, in row order.
        dataset: Whose version and extensions go into the schema metadata.
    """
    if table == "event_actors":
        return _event_actors(records, _header(dataset))
    spec = _tables()[table]
    width = len(spec.fields)
    columns: list[list[Any]] = [[] for _ in range(width)]
    filled: dict[type, tuple[int, ...]] = {}
    for record in records:
        cls = type(record)
        plan = spec.plans.get(cls)
        if plan is None:
            msg = f"{cls.__name__} records do not belong in table {table!r}"
            raise TypeError(msg)
        if spec.tag_column:
            columns[0].append(record.event_type)
        for name, codec, start in plan:
            for offset, value in enumerate(codec.encode(getattr(record, name))):
                columns[start + offset].append(value)
        empty = filled.get(cls)
        if empty is None:
            used = {0} if spec.tag_column else set()
            for _, codec, start in plan:
                used.update(range(start, start + len(codec.parts)))
            empty = filled[cls] = tuple(i for i in range(width) if i not in used)
        for index in empty:
            columns[index].append(None)
    arrays = []
    for values, field, storage in zip(columns, spec.fields, spec.storage, strict=True):
        array = pa.array(values, type=storage)
        arrays.append(array if storage == field.type else array.cast(field.type))
    return pa.Table.from_arrays(arrays, schema=spec.schema.with_metadata(_header(dataset)))


def _event_actors(events: Iterable[Any], metadata: dict[bytes, bytes]) -> Any:
    event_ids, actors, fields, roles = _event_actor_lists(events)
    return pa.Table.from_arrays(
        [
            pa.array(event_ids, pa.string()),
            pa.array(actors, pa.string()),
            pa.array(fields, pa.string()).cast(_ENUM),
            pa.array(roles, pa.string()).cast(_ENUM),
        ],
        schema=_EVENT_ACTORS_SCHEMA.with_metadata(metadata),
    )


def _event_actor_lists(
    events: Iterable[Any],
) -> tuple[list[str], list[str], list[str], list[str | None]]:
    """The columns of the ``event_actors`` rows of *events*, as lists of plain values."""
    event_ids: list[str] = []
    actors: list[str] = []
    fields: list[str] = []
    roles: list[str | None] = []
    for event in events:
        participants: tuple[Participant, ...] = event.participants
        for path, kind, ident in iter_references(event):
            if kind is not ReferenceKind.ACTOR:
                continue
            field = _strip_indexes(path)
            role = None
            if field == "participants.actor":
                role = participants[int(path[13 : path.index("]")])].role.value
            event_ids.append(event.id)
            actors.append(ident)
            fields.append(field)
            roles.append(role)
    return event_ids, actors, fields, roles


@functools.lru_cache(maxsize=256)
def _strip_indexes(path: str) -> str:
    out = []
    depth = 0
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out)


def to_arrow(dataset: Dataset) -> dict[str, Any]:
    """
    The dataset as Arrow tables, one per name in `TABLES`.

    Returns:
        ``{"actors": pyarrow.Table, "locations": ..., "sources": ...,
        "events": ..., "event_actors": ...}``; `from_arrow` reads them back
        to an equal `Dataset`.
    """
    return {
        "actors": table_of("actors", dataset.actors, dataset=dataset),
        "locations": table_of("locations", dataset.locations, dataset=dataset),
        "sources": table_of("sources", dataset.sources, dataset=dataset),
        "events": table_of("events", dataset.events, dataset=dataset),
        "event_actors": table_of("event_actors", dataset.events, dataset=dataset),
    }


def to_pandas(dataset: Dataset) -> dict[str, Any]:
    """The dataset as pandas DataFrames, one per table, through `to_arrow`."""
    return {name: table.to_pandas() for name, table in to_arrow(dataset).items()}


# -- reading back ---------------------------------------------------------------------------


def _plain_values(table: Any, name: str) -> list[Any]:
    """A column's values as plain Python data (see `storage_type`); None for a missing column."""
    if table.schema.get_field_index(name) < 0:
        return [None] * table.num_rows
    column = table.column(name)
    plain = storage_type(column.type)
    if plain != column.type:
        column = column.cast(plain)
    values: list[Any] = column.to_pylist()
    return values


def _check_table(
    where: str, table: str, data: Any
) -> tuple[list[ErrorDetail], dict[str, Any] | None]:
    """The faults of *data* as table *table* (schema, Arrow data, metadata) and its header."""
    if not isinstance(data, pa.Table):
        return [ErrorDetail(where, f"{describe(data)} is not a pyarrow.Table")], None
    errors = check_columns(where, arrow_schema(table), data.schema)
    if not errors:
        errors.extend(check_table_data(where, data))
    header = None
    try:
        header = read_header(where, data.schema.metadata)
    except ValidationError as error:
        errors.extend(error.errors)
    return errors, header


def iter_table(
    table: str,
    data: Any,
    *,
    on_error: Callable[[int, ErrorDetail], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """
    Yield ``(row, record)`` for each row of an Arrow table of kind *table*.

    The table's columns (names and types, see `arrow_schema_check`), its
    Arrow data and its ``conflict_events`` metadata are checked first; then
    each row is read through the same validating converter as JSON, so a
    table holds exactly what a JSON document may hold. A valid table is read
    column by column, one with a fault row by row, to report each fault
    where it is.

    Args:
        table: ``actors``, ``locations``, ``sources`` or ``events``.
        data: A ``pyarrow.Table`` with that table's columns (missing optional
            columns read as empty).
        on_error: Called with the row number and each fault of a bad row,
            which is then skipped; without it the first bad row raises.

    Raises:
        ValidationError: The table's schema or metadata is wrong (always;
            the path is *table*), or a row is not a valid record (without
            *on_error*; paths start with ``<table>[<row>]``).
    """
    errors, _ = _check_table(table, table, data)
    if errors:
        raise ValidationError(errors)
    yield from _records(table, data, on_error)


def _records(
    table: str, data: Any, on_error: Callable[[int, ErrorDetail], None] | None
) -> Iterator[tuple[int, Any]]:
    """``(row, record)`` of a checked table: by columns when it is valid, else by rows (`_rows`)."""
    fast = fast_records(table, data)
    if fast is None:
        yield from _rows(table, data, on_error)
    else:
        yield from enumerate(fast)


def _cell_detail(where: str, name: str, error: _CellError) -> ErrorDetail:
    column = f"{name}_{error.part}" if error.part else name
    place = f" at {error.inside}" if error.inside else ""
    return ErrorDetail(
        _join(where, name + error.path), f"column {column!r}{place}: {error.message}"
    )


def _rows(
    table: str, data: Any, on_error: Callable[[int, ErrorDetail], None] | None
) -> Iterator[tuple[int, Any]]:
    """The rows of a checked table as records (see `iter_table`)."""
    spec = _tables()[table]
    columns = [_plain_values(data, field.name) for field in spec.fields]
    foreign = foreign_cells(spec, data)
    tags = columns[0] if spec.tag_column else None
    single = None if spec.tag_column else next(iter(spec.plans))
    target = RECORD_TABLES[table]
    # Per class: (field, decode or None when the value is read as is, its columns).
    readers: dict[Any, list[tuple[str, Any, list[list[Any]]]]] = {}
    for kind, plan in spec.plans.items():
        readers[kind] = [
            (
                name,
                None if codec.decode is _as_is else codec.decode,
                columns[start : start + len(codec.parts)],
            )
            for name, codec, start in plan
        ]
    cls: type | None
    for row in range(data.num_rows):
        where = f"{table}[{row}]"
        details = list(foreign.get(row, ()))
        plain: dict[str, Any] = {}
        if tags is not None:
            tag = tags[row]
            plain["type"] = tag
            cls = EVENT_TYPES.get(tag) if type(tag) is str else None
        else:
            cls = single
        for name, decode, cols in readers.get(cls, ()):
            try:
                if decode is None:
                    value = cols[0][row]
                elif len(cols) == 1:
                    value = decode((cols[0][row],))
                else:
                    value = decode(tuple([column[row] for column in cols]))
            except _CellError as error:
                details.append(_cell_detail(where, name, error))
                continue
            if value is not None:
                plain[name] = value
        if not details:
            try:
                record = from_dict(plain, target)
            except ValidationError as error:
                details = [
                    ErrorDetail(_join(where, detail.path), detail.message)
                    for detail in error.errors
                ]
        if details:
            if on_error is None:
                raise ValidationError(details)
            for detail in details:
                on_error(row, detail)
            continue
        yield row, record


def _join(prefix: str, path: str) -> str:
    if not path or path == "$":
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def _agreed_header(
    headers: list[tuple[str, dict[str, Any] | None]], errors: list[ErrorDetail]
) -> dict[str, Any]:
    """
    The one header the tables (or files) carry; each that disagrees is a fault.

    Every header must give the same ``schema_version``. Extensions may be left
    out (a part file written from a partition without the dataset's header
    carries none), but all that give some must give the same.
    """
    version: tuple[str, Any] | None = None
    extensions: tuple[str, Any] | None = None
    for where, header in headers:
        if header is None:
            continue
        for key, seen in (("schema_version", version), ("extensions", extensions)):
            value = header[key]
            if key == "extensions" and not value:
                continue
            if seen is None:
                if key == "schema_version":
                    version = (where, value)
                else:
                    extensions = (where, value)
            elif dump_json(value) != dump_json(seen[1]):
                errors.append(
                    ErrorDetail(
                        where,
                        f"metadata {METADATA_KEY.decode()}.{key} {describe(dump_json(value))} "
                        f"differs from that of {seen[0]} ({describe(dump_json(seen[1]))})",
                    )
                )
    if version is None:
        return {}
    return {"schema_version": version[1], "extensions": {} if extensions is None else extensions[1]}


def from_arrow(tables: dict[str, Any]) -> Dataset:
    """
    Read Arrow tables (as `to_arrow` makes them) back into a `Dataset`.

    Each table's columns, Arrow data and metadata are checked first (see
    `iter_table`; the tables must carry the same metadata); then every row is
    validated, and references are checked across the tables as in any
    `Dataset`. A missing table reads as empty; ``event_actors`` is derived:
    its schema is checked, its rows are not read.

    Raises:
        ValidationError: Every fault: a table's with the table as the path
            (``events``), a row's with paths such as ``events[3].location``
            (the row of the table).
    """
    if not isinstance(tables, typing.Mapping):
        raise ValidationError(
            [ErrorDetail("$", f"{describe(tables)} is not a mapping of table names to tables")]
        )
    errors: list[ErrorDetail] = [
        ErrorDetail(str(name), f"unknown table {name!r} (the tables are {', '.join(TABLES)})")
        for name in tables
        if name not in TABLES
    ]
    headers: list[tuple[str, dict[str, Any] | None]] = []
    for name in TABLES:
        if name in tables:
            faults, header = _check_table(name, name, tables[name])
            errors.extend(faults)
            headers.append((name, header))
    header = _agreed_header(headers, errors)
    if errors:
        raise ValidationError(errors)
    return _dataset(header, {name: tables.get(name) for name in RECORD_TABLES})


def _dataset(header: dict[str, Any], tables: dict[str, Any]) -> Dataset:
    """The dataset of checked tables: every bad row reported, references checked."""
    errors: list[ErrorDetail] = []
    records: dict[str, list[Any]] = {}
    with paused():
        for name, data in tables.items():
            records[name] = (
                []
                if data is None
                else [record for _, record in _records(name, data, lambda _, d: errors.append(d))]
            )
        if errors:
            raise ValidationError(errors)
        return from_dict_dataset(header, records)


def from_dict_dataset(header: dict[str, Any], records: dict[str, list[Any]]) -> Dataset:
    """A `Dataset` of typed records with the version and extensions of *header*."""
    shell = from_dict(
        {key: header[key] for key in ("schema_version", "extensions") if key in header}, Dataset
    )
    return Dataset(
        schema_version=shell.schema_version,
        actors=tuple(records.get("actors", ())),
        locations=tuple(records.get("locations", ())),
        sources=tuple(records.get("sources", ())),
        events=tuple(records.get("events", ())),
        extensions=shell.extensions,
    )


# -- Parquet --------------------------------------------------------------------------------


def _country_of(dataset: Dataset) -> Callable[[str | None], str | None]:
    @functools.cache
    def country(location: str | None) -> str | None:
        seen: set[str] = set()
        while location is not None and location not in seen:
            seen.add(location)
            place = dataset.location(location)
            if place.country is not None:
                return place.country
            location = place.parent
        return None

    return country


def _year(event: EventBase) -> int:
    """The year of an event's first possible day (of its last, when open towards the past)."""
    start = event.start
    return (start.latest if start.earliest == UNBOUNDED_START else start.earliest).year


def _partition_column(dataset: Dataset, key: str) -> Any:
    if key == "year":
        return pa.array([_year(event) for event in dataset.events], pa.int32())
    country = _country_of(dataset)
    return pa.array([country(event.location) for event in dataset.events], pa.string())


def write_parquet(
    dataset: Dataset, directory: str | os.PathLike[str], *, partition_by: str | None = None
) -> Path:
    """
    Write the dataset as a Parquet dataset directory: one sub-directory per table.

    Args:
        dataset: What to write.
        directory: Created if missing; the table directories in it are replaced.
        partition_by: ``"year"`` (of each event's earliest day, or latest
            when it has no earliest) or ``"country"``
            (of its location or the nearest ancestor with one) to split the
            events table into Hive-style partitions (``events/year=2016/``);
            the order of events is kept in a ``position`` column.

    Returns:
        The directory.

    Raises:
        ValueError: *partition_by* is not one of `PARTITION_KEYS`.
    """
    if partition_by is not None and partition_by not in PARTITION_KEYS:
        msg = f"partition_by must be one of {PARTITION_KEYS}, not {partition_by!r}"
        raise ValueError(msg)
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    for name, table in to_arrow(dataset).items():
        target = root / name
        _clear(target)
        target.mkdir()
        if name == "events" and partition_by is not None:
            ordered = table.append_column(
                _POSITION, pa.array(range(table.num_rows), pa.int64())
            ).append_column(partition_by, _partition_column(dataset, partition_by))
            # Imported here: pyarrow.dataset imports pandas, which only partitioning needs.
            import pyarrow.dataset as pads  # type: ignore[import-untyped]  # noqa: PLC0415

            pads.write_dataset(
                ordered,
                target,
                format="parquet",
                partitioning=[partition_by],
                partitioning_flavor="hive",
                basename_template="part-{i}.parquet",
                existing_data_behavior="overwrite_or_ignore",
                max_rows_per_group=ROW_GROUP_ROWS,
            )
        else:
            pq.write_table(table, target / "part-0.parquet", row_group_size=ROW_GROUP_ROWS)
    return root


def _clear(target: Path) -> None:
    if not target.exists():
        return
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_dir():
            path.rmdir()
        else:
            path.unlink()
    target.rmdir()


#: What reading foreign bytes as Parquet may raise.
_READ_ERRORS: Final = (pa.ArrowException, OSError, ValueError, TypeError, EOFError, IndexError)
_MESSAGE_LIMIT: Final = 200


def _unreadable(where: str, error: BaseException) -> ErrorDetail:
    reason = " ".join(str(error).split()) or type(error).__name__
    if len(reason) > _MESSAGE_LIMIT:
        reason = reason[: _MESSAGE_LIMIT - 3] + "..."
    return ErrorDetail(where, f"not a readable Parquet file: {reason}")


def _part_files(root: Path, errors: list[ErrorDetail]) -> dict[str, list[Path]]:
    """
    The part files of each table directory under *root*, sorted by path.

    Hidden entries (``.name``) are skipped; any other entry that is not a
    table directory, or a file in one that is not ``*.parquet``, is a fault:
    what it holds would not be read.
    """
    found: dict[str, list[Path]] = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.name not in TABLES or not entry.is_dir():
            errors.append(
                ErrorDetail(
                    entry.name,
                    f"not a table directory of a Parquet dataset ({', '.join(TABLES)})",
                )
            )
            continue
        files = found[entry.name] = []
        for path in sorted(entry.rglob("*")):
            inside = path.relative_to(entry).parts
            if any(part.startswith(".") for part in inside) or path.is_dir():
                continue
            if path.suffix != ".parquet" or not path.is_file():
                errors.append(
                    ErrorDetail(
                        path.relative_to(root).as_posix(),
                        "not a Parquet part file (a table directory holds only *.parquet files)",
                    )
                )
            else:
                files.append(path)
    return found


def _check_part(
    root: Path, table: str, path: Path, errors: list[ErrorDetail]
) -> tuple[bool, dict[str, Any] | None]:
    """Check one part file's footer and schema; whether it has a position column, its header."""
    where = path.relative_to(root).as_posix()
    try:
        schema = pq.read_schema(path)
    except _READ_ERRORS as error:
        errors.append(_unreadable(where, error))
        return False, None
    allowed = (_POSITION,) if table == "events" else ()
    errors.extend(check_columns(where, arrow_schema(table), schema, allowed=allowed))
    positioned = _POSITION in schema.names
    # A position column given twice is reported by check_columns.
    if schema.names.count(_POSITION) == 1 and schema.field(_POSITION).type != pa.int64():
        errors.append(
            ErrorDetail(
                where, f"column {_POSITION!r} is {schema.field(_POSITION).type}, expected int64"
            )
        )
    try:
        return positioned, read_header(where, schema.metadata)
    except ValidationError as error:
        errors.extend(error.errors)
        return positioned, None


def read_part(
    root: Path,
    path: Path,
    errors: list[ErrorDetail],
    columns: Callable[[Any], list[str]] | None = None,
    dictionaries: Iterable[str] = (),
) -> Any:
    """
    One part file's data, checked by Arrow's full validation; None after a fault (in *errors*).

    *columns*, given the file's Arrow schema, names the columns to read (a
    nested field by its path, ``participants.list.element.actor``); all by default.
    The texts at the Parquet paths *dictionaries* names that the file has are
    read as its own dictionary of each row group (each distinct text once).
    """
    where = path.relative_to(root).as_posix()
    try:
        metadata, wanted = None, None
        if dictionaries:
            metadata = pq.read_metadata(path)
            leaves = {metadata.schema.column(n).path for n in range(len(metadata.schema))}
            wanted = [leaf for leaf in dictionaries if leaf in leaves]
        with pq.ParquetFile(path, metadata=metadata, read_dictionary=wanted) as part:
            names = None if columns is None else columns(part.schema_arrow)
            # Group by group: pyarrow reads a nested column of several groups at once
            # into one array only, and refuses when that needs chunks.
            groups = [
                part.read_row_group(index, columns=names) for index in range(part.num_row_groups)
            ]
            data = pa.concat_tables(groups) if groups else part.read(columns=names)
    except _READ_ERRORS as error:
        errors.append(_unreadable(where, error))
        return None
    faults = check_table_data(where, data)
    errors.extend(faults)
    return None if faults else data.replace_schema_metadata(None)


def _conformed(table: str, data: Any) -> Any:
    """
    A checked part with every column of its table, in order (nulls for missing ones).

    Parts may differ in the columns they have and in nullability flags; after
    this they concatenate as they are, without a cast (pyarrow cannot cast
    the JSON extension type).
    """
    fields = list(arrow_schema(table))
    present = set(data.column_names)
    if _POSITION in present:
        fields.append(pa.field(_POSITION, pa.int64()))
    arrays = [
        data.column(field.name) if field.name in present else pa.nulls(data.num_rows, field.type)
        for field in fields
    ]
    return pa.Table.from_arrays(
        arrays, schema=pa.schema([f.with_nullable(nullable=True) for f in fields])
    )


def _ordered(table: str, data: Any, positioned: list[bool], errors: list[ErrorDetail]) -> Any:
    """The events in the order their ``position`` column keeps, which every part must have."""
    if not any(positioned):
        return data
    if not all(positioned):
        errors.append(ErrorDetail(table, f"some part files have a {_POSITION!r} column, some not"))
        return data
    position = data.column(_POSITION)
    if position.null_count or pc.count_distinct(position).as_py() != len(position):
        errors.append(
            ErrorDetail(table, f"column {_POSITION!r} must give each row its own position")
        )
        return data
    return data.sort_by(_POSITION).drop_columns([_POSITION])


def checked_parts(
    root: Path,
) -> tuple[dict[str, Any], dict[str, list[Path]], dict[str, list[bool]]]:
    """
    The header, part files and position flags of a Parquet dataset directory, footers checked.

    Raises:
        ValidationError: An entry or part file is not what a dataset directory holds, or a
            file's columns or metadata are refused (each file's path is the error's path).
    """
    errors: list[ErrorDetail] = []
    files = _part_files(root, errors)
    headers: list[tuple[str, dict[str, Any] | None]] = []
    positions: dict[str, list[bool]] = {}
    for table, paths in files.items():
        for path in paths:
            positioned, header = _check_part(root, table, path, errors)
            positions.setdefault(table, []).append(positioned)
            headers.append((path.relative_to(root).as_posix(), header))
    header = _agreed_header(headers, errors)
    if errors:
        raise ValidationError(errors)
    return header, files, positions


def whole_table(
    root: Path, table: str, paths: list[Path], positioned: list[bool], errors: list[ErrorDetail]
) -> Any:
    """One table of checked part files, in the events' kept order; None after a fault."""
    parts = [read_part(root, path, errors) for path in paths]
    if errors:
        return None
    if not parts:
        return table_of(table, ())
    data = pa.concat_tables([_conformed(table, part) for part in parts])
    return _ordered(table, data, positioned, errors)


def _read_tables(root: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and the checked record tables of a Parquet dataset directory."""
    header, files, positions = checked_parts(root)
    errors: list[ErrorDetail] = []
    tables: dict[str, Any] = {}
    for table in RECORD_TABLES:
        data = whole_table(root, table, files.get(table, []), positions.get(table, []), errors)
        if data is not None:
            tables[table] = data
    if errors:
        raise ValidationError(errors)
    return header, tables


def read_table(directory: str | os.PathLike[str], table: str) -> Any:
    """
    One table of a Parquet dataset directory as a checked ``pyarrow.Table`` (empty when missing).

    Raises:
        ValidationError: As `read_parquet`.
    """
    header, tables = _read_tables(Path(directory))
    data = tables[table]
    return data.replace_schema_metadata(None if not header else _header_metadata(header))


def read_parquet(directory: str | os.PathLike[str]) -> Dataset:
    """
    Read a Parquet dataset directory (as `write_parquet` writes it) into a `Dataset`.

    First every entry and part file is checked: each entry must be a table
    directory and each file in one a readable Parquet file whose columns
    and metadata `iter_table` would accept (all files carrying the same
    metadata); then every row is validated and every reference checked, as
    when loading JSON.

    Raises:
        ValidationError: Every fault: a file's with its path in the
            directory as the path (``events/part-0.parquet``), a row's by
            table and row (``events[12].location``).
        FileNotFoundError: *directory* does not exist.
    """
    root = Path(directory)
    if not root.is_dir():
        msg = f"{root}: no such directory"
        raise FileNotFoundError(msg)
    header, tables = _read_tables(root)
    return _dataset(header, tables)
