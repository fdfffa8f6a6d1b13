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
- a timestamp: ``<name>_utc`` (``timestamp[us, UTC]``) and ``<name>_offset`` (a
  ``duration``; the UTC offset the source gave, kept so nothing is lost);
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

The document's ``schema_version`` and extensions travel in each table's
schema metadata under ``conflict_events``. A Parquet dataset is a directory
with one sub-directory per table, each holding ``part-*.parquet`` files; the
``events`` table may be partitioned (Hive style) by year or by country.
"""

from __future__ import annotations

import enum
import functools
import json
import os
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Final

import attrs

try:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.dataset as pads  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]
except ImportError as error:  # pragma: no cover - depends on the environment
    msg = "conflict_events.formats.arrow requires pyarrow: pip install 'conflict-events[arrow]'"
    raise ModuleNotFoundError(msg, name="pyarrow") from error

from conflict_events.errors import ErrorDetail, ValidationError
from conflict_events.formats.documents import dump_json, from_dict, parse_json
from conflict_events.model import (
    EVENT_TYPES,
    SCHEMA_VERSION,
    Actor,
    Dataset,
    Estimate,
    Event,
    EventBase,
    Location,
    Participant,
    Source,
)
from conflict_events.model.dataset import iter_references
from conflict_events.model.fields import ReferenceKind
from conflict_events.temporal import FuzzyDate, Span
from conflict_events.temporal.fuzzy import UNBOUNDED_START

__all__ = [
    "METADATA_KEY",
    "PARTITION_KEYS",
    "RECORD_TABLES",
    "TABLES",
    "arrow_schema",
    "from_arrow",
    "iter_table",
    "read_parquet",
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
#: The schema metadata key holding the document's version and extensions.
METADATA_KEY: Final = b"conflict_events"
#: The column that keeps the order of events across partitions.
_POSITION: Final = "position"
_SPAN_PRECISION: Final = "interval"
_ENUM: Final = pa.dictionary(pa.int32(), pa.string())
_JSON: Final = pa.json_()


# -- codecs: one per kind of field --------------------------------------------------------


@attrs.frozen
class _Codec:
    """
    How one field becomes Arrow values and back to plain (JSON-shaped) data.

    ``parts`` names the columns (suffixes; ``""`` for a single column) with
    their types; ``encode`` gives one value per part from a model value;
    ``decode`` turns the parts back into what the JSON converter reads.
    """

    parts: tuple[tuple[str, Any], ...]
    encode: Callable[[Any], tuple[Any, ...]]
    decode: Callable[[tuple[Any, ...]], Any]
    #: The type the values are built with, where it differs (the JSON map).
    storage: Any = None
    #: How many of the parts, from the first, ``decode`` reads (the rest are derived).
    read: int | None = None

    def nested_type(self) -> Any:
        """The Arrow type of the field inside a struct: one part as is, several as a struct."""
        if len(self.parts) == 1 and not self.parts[0][0]:
            return self.parts[0][1]
        return pa.struct(list(self.parts))

    def encode_nested(self, value: Any) -> Any:
        """The value inside a struct."""
        values = self.encode(value)
        if len(self.parts) == 1 and not self.parts[0][0]:
            return values[0]
        if all(item is None for item in values):
            return None
        return dict(zip((name for name, _ in self.parts), values, strict=True))

    def decode_nested(self, value: Any) -> Any:
        """Plain data from the value inside a struct."""
        if len(self.parts) == 1 and not self.parts[0][0]:
            return self.decode((value,))
        if value is None:
            return self.decode((None,) * len(self.parts))
        return self.decode(tuple(value[name] for name, _ in self.parts))


def _as_is(values: tuple[Any, ...]) -> Any:
    """The one column's value, as the JSON converter reads it."""
    return values[0]


def _single(kind: Any) -> _Codec:
    return _Codec((("", kind),), lambda value: (value,), _as_is)


def _enum_codec() -> _Codec:
    return _Codec(
        (("", _ENUM),),
        lambda value: (None if value is None else value._value_,),
        _as_is,
    )


@functools.lru_cache(maxsize=16_384)
def _edtf(value: FuzzyDate | Span) -> str:
    return value.to_edtf()


def _encode_when(value: FuzzyDate | Span | None) -> tuple[Any, ...]:
    if value is None:
        return (None, None, None, None)
    if isinstance(value, Span):
        return (_edtf(value), value.earliest, value.latest, _SPAN_PRECISION)
    return (_edtf(value), value.earliest, value.latest, value.precision._value_)


_WHEN = _Codec(
    (
        ("edtf", pa.string()),
        ("earliest", pa.date32()),
        ("latest", pa.date32()),
        ("precision", _ENUM),
    ),
    _encode_when,
    _as_is,
    read=1,
)


def _encode_estimate(value: Estimate | None) -> tuple[Any, ...]:
    if value is None:
        return (None, None, None, None)
    return (value.low, value.best, value.high, value.qualifier._value_)


def _decode_estimate(values: tuple[Any, ...]) -> Any:
    low, best, high, qualifier = values
    if low is None and best is None and high is None and qualifier is None:
        return None
    plain = {"low": low, "best": best, "high": high}
    result = {key: item for key, item in plain.items() if item is not None}
    if qualifier is not None:
        result["qualifier"] = qualifier
    return result


_ESTIMATE = _Codec(
    (("low", pa.int64()), ("best", pa.int64()), ("high", pa.int64()), ("qualifier", _ENUM)),
    _encode_estimate,
    _decode_estimate,
)


def _encode_timestamp(value: datetime | None) -> tuple[Any, ...]:
    if value is None:
        return (None, None)
    return (value.astimezone(UTC), value.utcoffset())


def _decode_timestamp(values: tuple[Any, ...]) -> Any:
    utc, offset = values
    if utc is None:
        return None
    if offset is None:
        offset = timedelta(0)
    local = utc.replace(tzinfo=None) + offset
    return local.replace(tzinfo=timezone(offset)).isoformat()


_TIMESTAMP = _Codec(
    (("utc", pa.timestamp("us", tz="UTC")), ("offset", pa.duration("us"))),
    _encode_timestamp,
    _decode_timestamp,
)

_STRINGS = _Codec(
    (("", pa.list_(pa.string())),),
    lambda value: (list(value),),
    lambda values: values[0] or [],
)

_STRING_MAP = _Codec(
    (("", pa.map_(pa.string(), pa.string())),),
    lambda value: (list(value.items()),),
    lambda values: dict(values[0] or ()),
)


def _encode_extensions(value: dict[str, Any]) -> tuple[Any, ...]:
    return ([(key, dump_json(item)) for key, item in value.items()],)


def _decode_extensions(values: tuple[Any, ...]) -> Any:
    return {key: parse_json(text) for key, text in values[0] or ()}


_EXTENSIONS = _Codec(
    (("", pa.map_(pa.string(), _JSON)),),
    _encode_extensions,
    _decode_extensions,
    storage=pa.map_(pa.string(), pa.string()),
)


def _struct_codec(cls: type) -> _Codec:
    layout = _layout(cls)
    kind = pa.struct([(name, codec.nested_type()) for name, codec in layout])

    def encode(value: Any) -> tuple[Any, ...]:
        if value is None:
            return (None,)
        return ({name: codec.encode_nested(getattr(value, name)) for name, codec in layout},)

    def decode(values: tuple[Any, ...]) -> Any:
        (value,) = values
        if value is None:
            return None
        result = {}
        for name, codec in layout:
            item = codec.decode_nested(value[name])
            if item is not None:
                result[name] = item
        return result

    return _Codec((("", kind),), encode, decode)


def _list_codec(cls: type) -> _Codec:
    inner = _struct_codec(cls)
    ((_, struct),) = inner.parts

    def encode(value: Any) -> tuple[Any, ...]:
        return ([inner.encode(item)[0] for item in value],)

    def decode(values: tuple[Any, ...]) -> Any:
        return [inner.decode((item,)) for item in values[0] or ()]

    return _Codec((("", pa.list_(struct)),), encode, decode)


def _codec(hint: Any, metadata: typing.Mapping[str, Any]) -> _Codec:
    """The codec of a field from its annotation, as `json_schema` walks it."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        rest = tuple(arg for arg in args if arg is not type(None))
        if set(rest) == {FuzzyDate, Span}:
            return _WHEN
        if len(rest) == 1:
            return _codec(rest[0], metadata)
        msg = f"no Arrow form for the union {hint!r}"
        raise TypeError(msg)
    if origin is tuple:
        (item,) = {arg for arg in args if arg is not Ellipsis}
        if item is str:
            return _STRINGS
        if attrs.has(item):
            return _list_codec(item)
        msg = f"no Arrow form for a list of {item!r}"
        raise TypeError(msg)
    if origin is dict:
        return _STRING_MAP if args[1] is str else _EXTENSIONS
    simple = {str: pa.string(), bool: pa.bool_(), int: pa.int64(), float: pa.float64()}
    if hint in simple:
        return _single(simple[hint])
    if hint is FuzzyDate:
        return _WHEN
    if hint is Estimate:
        return _ESTIMATE
    if hint is datetime:
        return _TIMESTAMP
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_codec()
    if isinstance(hint, type) and attrs.has(hint):
        return _struct_codec(hint)
    msg = f"no Arrow form for the type {hint!r}"
    raise TypeError(msg)


@functools.cache
def _layout(cls: type) -> tuple[tuple[str, _Codec], ...]:
    """Each init field of *cls* with its codec, in declaration order."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (field.name, _codec(hints[field.name], field.metadata))
        for field in attrs.fields(cls)
        if field.init
    )


def _columns(name: str, codec: _Codec) -> list[str]:
    return [f"{name}_{part}" if part else name for part, _ in codec.parts]


# -- tables -------------------------------------------------------------------------------


@attrs.frozen
class _Table:
    """The columns of one table and, per record class, which codec fills which columns."""

    name: str
    fields: tuple[Any, ...]  # pa.Field
    storage: tuple[Any, ...]  # the type each column is built with
    #: per class: (field name, codec, first column index)
    plans: dict[type, tuple[tuple[str, _Codec, int], ...]]
    tag_column: bool

    @property
    def schema(self) -> Any:
        """The Arrow schema."""
        return pa.schema(list(self.fields))


def _make_table(name: str, classes: Sequence[type], *, tagged: bool) -> _Table:
    fields: list[Any] = []
    storage: list[Any] = []
    where: dict[str, tuple[_Codec, int]] = {}
    plans: dict[type, tuple[tuple[str, _Codec, int], ...]] = {}
    if tagged:
        fields.append(pa.field("type", _ENUM, nullable=False))
        storage.append(_ENUM)
    for cls in classes:
        plan = []
        for field_name, codec in _layout(cls):
            if field_name in where:
                known, start = where[field_name]
                if known.parts != codec.parts:
                    msg = f"field {field_name!r} has different Arrow forms in table {name!r}"
                    raise TypeError(msg)
            else:
                start = len(fields)
                where[field_name] = (codec, start)
                for column, (_, kind) in zip(_columns(field_name, codec), codec.parts, strict=True):
                    fields.append(pa.field(column, kind))
                storage.extend(
                    codec.storage if codec.storage is not None else kind for _, kind in codec.parts
                )
            plan.append((field_name, codec, start))
        plans[cls] = tuple(plan)
    return _Table(name, tuple(fields), tuple(storage), plans, tagged)


@functools.cache
def _tables() -> dict[str, _Table]:
    return {
        "actors": _make_table("actors", [Actor], tagged=False),
        "locations": _make_table("locations", [Location], tagged=False),
        "sources": _make_table("sources", [Source], tagged=False),
        "events": _make_table("events", list(EVENT_TYPES.values()), tagged=True),
    }


_EVENT_ACTORS_SCHEMA: Final = pa.schema(
    [
        pa.field("event", pa.string(), nullable=False),
        pa.field("actor", pa.string(), nullable=False),
        pa.field("field", _ENUM, nullable=False),
        pa.field("role", _ENUM),
    ]
)


def arrow_schema(table: str) -> Any:
    """
    The Arrow schema of one of the `TABLES`, generated from the model classes.

    Raises:
        KeyError: *table* is not one of `TABLES`.
    """
    if table == "event_actors":
        return _EVENT_ACTORS_SCHEMA
    return _tables()[table].schema


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
        arrays.append(array if storage is field.type else array.cast(field.type))
    return pa.Table.from_arrays(arrays, schema=spec.schema.with_metadata(_header(dataset)))


def _event_actors(events: Iterable[Any], metadata: dict[bytes, bytes]) -> Any:
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
    return pa.Table.from_arrays(
        [
            pa.array(event_ids, pa.string()),
            pa.array(actors, pa.string()),
            pa.array(fields, _ENUM),
            pa.array(roles, _ENUM),
        ],
        schema=_EVENT_ACTORS_SCHEMA.with_metadata(metadata),
    )


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


def _column_values(table: Any, name: str) -> list[Any]:
    if name not in table.column_names:
        return [None] * table.num_rows
    column = table.column(name)
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    elif isinstance(column.type, pa.ExtensionType):
        column = column.cast(column.type.storage_type)
    elif pa.types.is_map(column.type) and isinstance(column.type.item_type, pa.ExtensionType):
        column = column.cast(pa.map_(column.type.key_type, column.type.item_type.storage_type))
    values: list[Any] = column.to_pylist()
    return values


def iter_table(
    table: str,
    data: Any,
    *,
    on_error: Callable[[int, ErrorDetail], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """
    Yield ``(row, record)`` for each row of an Arrow table of kind *table*.

    Each row is read through the same validating converter as JSON, so a
    table holds exactly what a JSON document may hold.

    Args:
        table: ``actors``, ``locations``, ``sources`` or ``events``.
        data: A ``pyarrow.Table`` with that table's columns (missing optional
            columns read as empty).
        on_error: Called with the row number and each fault of a bad row,
            which is then skipped; without it the first bad row raises.

    Raises:
        ValidationError: A row is not a valid record (without *on_error*);
            paths start with ``<table>[<row>]``.
    """
    spec = _tables()[table]
    derived: set[int] = set()  # columns decode does not read: never converted
    for plan in spec.plans.values():
        for _, codec, start in plan:
            if codec.read is not None:
                derived.update(range(start + codec.read, start + len(codec.parts)))
    columns = [
        [None] * data.num_rows if index in derived else _column_values(data, field.name)
        for index, field in enumerate(spec.fields)
    ]
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
                columns[start : start + (codec.read or len(codec.parts))],
            )
            for name, codec, start in plan
        ]
    cls: type | None
    for row in range(data.num_rows):
        plain: dict[str, Any] = {}
        if tags is not None:
            tag = tags[row]
            plain["type"] = tag
            cls = EVENT_TYPES.get(tag) if type(tag) is str else None
        else:
            cls = single
        for name, decode, cols in readers.get(cls, ()):
            if decode is None:
                value = cols[0][row]
            elif len(cols) == 1:
                value = decode((cols[0][row],))
            else:
                value = decode(tuple([column[row] for column in cols]))
            if value is not None:
                plain[name] = value
        try:
            record = from_dict(plain, target)
        except ValidationError as error:
            details = [
                ErrorDetail(_join(f"{table}[{row}]", detail.path), detail.message)
                for detail in error.errors
            ]
            if on_error is None:
                raise ValidationError(details) from None
            for detail in details:
                on_error(row, detail)
            continue
        yield row, record


def _join(prefix: str, path: str) -> str:
    if not path or path == "$":
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def _read_header(tables: dict[str, Any]) -> dict[str, Any]:
    for table in tables.values():
        metadata = table.schema.metadata or {}
        if METADATA_KEY in metadata:
            header: dict[str, Any] = json.loads(metadata[METADATA_KEY])
            return header
    return {}


def from_arrow(tables: dict[str, Any]) -> Dataset:
    """
    Read Arrow tables (as `to_arrow` makes them) back into a `Dataset`.

    Every row is validated; references are checked across the tables as in
    any `Dataset`. A missing table reads as empty; ``event_actors`` is
    derived and not read.

    Raises:
        ValidationError: Every fault, with paths such as ``events[3].location``
            (the row of the table).
    """
    errors: list[ErrorDetail] = []
    records: dict[str, list[Any]] = {}
    for name in RECORD_TABLES:
        data = tables.get(name)
        records[name] = (
            []
            if data is None
            else [
                record
                for _, record in iter_table(name, data, on_error=lambda _, d: errors.append(d))
            ]
        )
    header = _read_header(tables)
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
            pads.write_dataset(
                ordered,
                target,
                format="parquet",
                partitioning=[partition_by],
                partitioning_flavor="hive",
                basename_template="part-{i}.parquet",
                existing_data_behavior="overwrite_or_ignore",
            )
        else:
            pq.write_table(table, target / "part-0.parquet")
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


def read_table(directory: str | os.PathLike[str], table: str) -> Any:
    """One table of a Parquet dataset directory as a ``pyarrow.Table`` (empty when missing)."""
    target = Path(directory) / table
    if not target.exists():
        return arrow_schema(table).empty_table()
    # The partition keys are derived (year, country) and not read back.
    parts = pads.dataset(target, format="parquet", partitioning=None)
    data = parts.to_table()
    metadata = pq.read_schema(next(iter(parts.files))).metadata if parts.files else None
    if _POSITION in data.column_names:
        data = data.sort_by(_POSITION)
        data = data.drop_columns([_POSITION])
    return data.replace_schema_metadata(metadata)


def read_parquet(directory: str | os.PathLike[str]) -> Dataset:
    """
    Read a Parquet dataset directory (as `write_parquet` writes it) into a `Dataset`.

    Every row is validated and every reference checked, as when loading JSON.

    Raises:
        ValidationError: Every fault, by table and row.
        FileNotFoundError: *directory* does not exist.
    """
    root = Path(directory)
    if not root.is_dir():
        msg = f"{root}: no such directory"
        raise FileNotFoundError(msg)
    return from_arrow({name: read_table(root, name) for name in RECORD_TABLES})
