"""
Fast builders of the Arrow tables of `conflict_events.formats.arrow` (extra ``arrow``).

`arrow.table_of` walks every codec of every record and appends a null to
each column a record's class does not have; on the events table (76
columns, a dozen used per event) most of its time goes there. The builders
here give the same tables (same schema, metadata, values and dictionaries)
faster:

- `records_table` from typed records, as `arrow.table_of` takes them: the
  columns are preallocated with nulls and each record writes only its own;
  nested values (dates, estimates, attributions...) are encoded once per
  distinct value;
- `plain_table` and `plain_event_actors` from the plain JSON data of records
  known to be valid (the synthetic generator's), without building model
  objects: each distinct nested value is structured once by the same
  converter and encoded by the same codec, and a field left out takes the
  encoding of its default. Only for data that structures: it validates
  nothing.

Both are checked against `arrow.table_of` by the tests (``tests/scale``).
"""

from __future__ import annotations

import operator
import typing
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

import attrs
import pyarrow as pa  # type: ignore[import-untyped]

from conflict_events.formats import arrow
from conflict_events.formats.documents import from_dict
from conflict_events.model import EVENT_TYPES, Actor, Location, Participant, Source
from conflict_events.model.description import FieldKind, ReferenceKind, description
from conflict_events.model.references import raw_references

__all__ = [
    "joined_table",
    "plain_columns",
    "plain_event_actor_columns",
    "plain_event_actors",
    "plain_table",
    "records_table",
    "storage_columns",
]

#: Distinct nested values remembered per field before the memory is cleared.
_MEMO_LIMIT: Final = 1 << 16
#: Field kinds whose one column holds the value as it is (or its list, for many).
_AS_IS: Final = frozenset(
    {
        FieldKind.IDENTIFIER,
        FieldKind.REFERENCE,
        FieldKind.TEXT,
        FieldKind.COUNTRY,
        FieldKind.VERSION,
        FieldKind.FLAG,
        FieldKind.COUNT,
        FieldKind.COORDINATE,
    }
)
_TAGGED: Final[dict[str, type]] = {"actors": Actor, "locations": Location, "sources": Source}
_MISSING: Final = object()

# How a step writes a field: the value itself, its list, its enum value, or parts.
_VALUE, _LIST, _ENUM, _PARTS = range(4)
#: (field name, how, first column, number of columns, encoder, encoded default)
_Step = tuple[str, int, int, int, Callable[[Any], tuple[Any, ...]], tuple[Any, ...] | None]


def _memo(encode: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], tuple[Any, ...]]:
    """*encode*, remembering the parts of each hashable value it has seen."""
    cache: dict[Any, tuple[Any, ...]] = {}

    def encoded(value: Any) -> tuple[Any, ...]:
        try:
            return cache[value]
        except KeyError:
            if len(cache) >= _MEMO_LIMIT:
                cache.clear()
            parts = cache[value] = encode(value)
            return parts
        except TypeError:  # unhashable (a dict inside)
            return encode(value)

    return encoded


def _how(kind: FieldKind, *, many: bool) -> int:
    if kind in _AS_IS:
        return _LIST if many else _VALUE
    if kind is FieldKind.CHOICE:
        return _ENUM
    return _PARTS


def _default_parts(cls: type, name: str, codec: Any) -> tuple[Any, ...] | None:
    """The columns of a field left out of plain data: its default, encoded; None if required."""
    field = attrs.fields_dict(cls)[name]
    if field.default is attrs.NOTHING:
        return None
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    if field.converter is not None:
        default = field.converter(default)  # type: ignore[operator]
    parts: tuple[Any, ...] = codec.encode(default)
    return parts


def _plain_encoder(cls: type, name: str, codec: Any) -> Callable[[Any], tuple[Any, ...]]:
    """
    Plain data of one field to its columns: structured by the converter, then encoded.

    Each distinct value is structured once, keyed by its ``repr`` (which tells
    apart every JSON value: ``1``, ``1.0``, ``True`` and ``'1'`` alike).
    """
    kind = typing.get_type_hints(cls)[name]
    cache: dict[str, tuple[Any, ...]] = {}

    def encoded(value: Any) -> tuple[Any, ...]:
        key = repr(value)
        try:
            return cache[key]
        except KeyError:
            if len(cache) >= _MEMO_LIMIT:
                cache.clear()
            parts: tuple[Any, ...] = codec.encode(from_dict(value, kind))
            cache[key] = parts
            return parts

    return encoded


def _steps(spec: Any, cls: type, *, plain: bool) -> tuple[_Step, ...]:
    fields = {field.name: field for field in description(cls).fields}
    steps = []
    for name, codec, start in spec.plans[cls]:
        field = fields[name]
        how = _how(field.kind, many=field.spec.many)
        encode = _plain_encoder(cls, name, codec) if plain else _memo(codec.encode)
        default = _default_parts(cls, name, codec) if plain else None
        steps.append((name, how, start, len(codec.parts), encode, default))
    return tuple(steps)


def _storage(spec: Any, columns: list[list[Any] | None], rows: int) -> list[Any]:
    """The filled columns as arrays of their plain storage types (see `arrow.storage_type`)."""
    return [
        pa.array([None] * rows if values is None else values, type=storage)
        for values, storage in zip(columns, spec.storage, strict=True)
    ]


def _finish(spec: Any, columns: list[list[Any] | None], rows: int, metadata: Any) -> Any:
    """The table of the filled columns, built and cast as `arrow.table_of` builds it."""
    return _cast(spec.fields, spec.storage, _storage(spec, columns, rows), spec.schema, metadata)


def _cast(fields: Any, storage: Any, arrays: list[Any], schema: Any, metadata: Any) -> Any:
    cast = [
        array if kind == field.type else array.cast(field.type)
        for array, field, kind in zip(arrays, fields, storage, strict=True)
    ]
    return pa.Table.from_arrays(cast, schema=schema.with_metadata(metadata))


def storage_columns(table: str, records: Sequence[Any]) -> list[Any]:
    """
    The columns `records_table` casts, as plain storage arrays (no dictionaries yet).

    Batches of one table concatenate column by column and cast once
    (`joined_table`), giving the table `arrow.table_of` makes of all their
    records: the dictionaries then hold each value in order of first use.
    """
    if table == "event_actors":
        return [pa.array(values, pa.string()) for values in arrow._event_actor_lists(records)]  # noqa: SLF001
    spec = arrow._tables()[table]  # noqa: SLF001 - the same module's tables
    filler = _fill_records(spec, table, records)
    return _storage(spec, filler.columns, len(records))


def joined_table(table: str, batches: Sequence[list[Any]], *, metadata: Any) -> Any:
    """The table of *batches* of `storage_columns`, in order, with *metadata*."""
    schema = arrow.arrow_schema(table)
    fields = list(schema)
    storage = [arrow.storage_type(field.type) for field in fields]
    if not batches:
        arrays = [pa.array([], type=kind) for kind in storage]
    else:
        arrays = [
            pa.concat_arrays([batch[index] for batch in batches]) for index in range(len(fields))
        ]
    return _cast(fields, storage, arrays, schema, metadata)


class _Filler:
    """Columns of *rows* nulls, each allocated when a record first writes to it."""

    def __init__(self, width: int, rows: int) -> None:
        self.rows = rows
        self.columns: list[list[Any] | None] = [None] * width

    def column(self, index: int) -> list[Any]:
        values = self.columns[index]
        if values is None:
            values = self.columns[index] = [None] * self.rows
        return values


def records_table(table: str, records: Iterable[Any], *, dataset: Any = None) -> Any:
    """
    `arrow.table_of` (the same table), faster: one Arrow table of typed *records*.

    Raises:
        TypeError: A record does not belong in *table*.
    """
    if table == "event_actors":
        return arrow.table_of(table, records, dataset=dataset)
    spec = arrow._tables()[table]  # noqa: SLF001 - the same module's tables
    rows = list(records)
    filler = _fill_records(spec, table, rows)
    return _finish(spec, filler.columns, len(rows), arrow._header(dataset))  # noqa: SLF001


def _fill_records(spec: Any, table: str, rows: Sequence[Any]) -> _Filler:
    """The columns of typed records, each record writing only its own."""
    filler = _Filler(len(spec.fields), len(rows))
    plans: dict[type, Any] = {}
    tags = filler.column(0) if spec.tag_column else None
    for row, record in enumerate(rows):
        cls = type(record)
        plan = plans.get(cls)
        if plan is None:
            if cls not in spec.plans:
                msg = f"{cls.__name__} records do not belong in table {table!r}"
                raise TypeError(msg)
            plan = plans[cls] = _record_plan(filler, _steps(spec, cls, plain=False))
        if tags is not None:
            tags[row] = record.event_type
        getter, direct, lists, enums, single, composite = plan
        values = getter(record)
        for index, column in direct:
            column[row] = values[index]
        for index, column in lists:
            column[row] = list(values[index])
        for index, column in enums:
            value = values[index]
            if value is not None:
                column[row] = value._value_
        for index, column, encode in single:
            value = values[index]
            if value is not None:
                # An empty tuple or dict (no participants, no extensions) is an empty list.
                column[row] = encode(value)[0] if value else []
        for index, columns, encode in composite:
            value = values[index]
            if value is not None:
                for column, part in zip(columns, encode(value), strict=True):
                    column[row] = part
    return filler


def _record_plan(filler: _Filler, steps: tuple[_Step, ...]) -> tuple[Any, ...]:
    """One class's steps: a getter of its fields' values, then the steps by how they write."""
    getter: Callable[[Any], Any] = operator.attrgetter(*(step[0] for step in steps))
    direct: list[Any] = []
    lists: list[Any] = []
    enums: list[Any] = []
    single: list[Any] = []
    composite: list[Any] = []
    for index, (_, how, start, width, encode, _) in enumerate(steps):
        if how == _VALUE:
            direct.append((index, filler.column(start)))
        elif how == _LIST:
            lists.append((index, filler.column(start)))
        elif how == _ENUM:
            enums.append((index, filler.column(start)))
        elif width == 1:
            single.append((index, filler.column(start), encode))
        else:
            columns = tuple(filler.column(start + offset) for offset in range(width))
            composite.append((index, columns, encode))
    if len(steps) == 1:  # attrgetter of one name gives the value, not a tuple
        one = getter
        getter = lambda record: (one(record),)  # noqa: E731
    return getter, direct, lists, enums, single, composite


def plain_table(table: str, rows: Sequence[dict[str, Any]], *, metadata: Any) -> Any:
    """
    The Arrow table of valid records given as plain JSON data (``type`` included).

    The same table as `arrow.table_of` of the records the data structures
    to, with *metadata* as its schema metadata; the data is not validated.
    """
    return joined_table(table, [plain_columns(table, rows)], metadata=metadata)


def plain_columns(table: str, rows: Sequence[dict[str, Any]]) -> list[Any]:
    """The columns `plain_table` casts, as plain storage arrays (see `storage_columns`)."""
    if table == "event_actors":
        return plain_event_actor_columns(rows)
    spec = arrow._tables()[table]  # noqa: SLF001 - the same module's tables
    filler = _Filler(len(spec.fields), len(rows))
    single = _TAGGED.get(table)
    plans: dict[Any, tuple[list[Any], list[Any]]] = {}
    tags = filler.column(0) if spec.tag_column else None
    for row, data in enumerate(rows):
        tag = data["type"]
        plan = plans.get(tag)
        if plan is None:
            cls = single if single is not None else EVENT_TYPES[tag]
            plan = plans[tag] = _plain_plan(filler, _steps(spec, cls, plain=True))
        if tags is not None:
            tags[row] = tag
        get = data.get
        direct, composite = plan
        for name, column, default in direct:
            column[row] = get(name, default)
        for name, columns, encode, default in composite:
            value = get(name, _MISSING)
            if value is _MISSING:
                parts = default
            elif value is None:
                continue
            else:
                parts = encode(value)
            if parts is not None:
                for column, part in zip(columns, parts, strict=True):
                    column[row] = part
    return _storage(spec, filler.columns, len(rows))


def _plain_plan(filler: _Filler, steps: tuple[_Step, ...]) -> tuple[list[Any], list[Any]]:
    """The steps of one class as (name, column, default) and (name, columns, encode, default)."""
    direct: list[Any] = []
    composite: list[Any] = []
    for name, how, start, width, encode, default in steps:
        if how == _PARTS:
            columns = tuple(filler.column(start + offset) for offset in range(width))
            composite.append((name, columns, encode, default))
        else:
            direct.append((name, filler.column(start), None if default is None else default[0]))
    return direct, composite


def plain_event_actors(rows: Sequence[dict[str, Any]], *, metadata: Any) -> Any:
    """The ``event_actors`` table of valid events given as plain JSON data."""
    return joined_table("event_actors", [plain_event_actor_columns(rows)], metadata=metadata)


def plain_event_actor_columns(rows: Sequence[dict[str, Any]]) -> list[Any]:
    """The ``event_actors`` columns of valid plain events, as plain storage arrays."""
    events: list[str] = []
    actors: list[str] = []
    fields: list[str] = []
    roles: list[str | None] = []
    plain = arrow._strip_indexes  # noqa: SLF001
    default_role = attrs.fields_dict(Participant)["role"].default
    for data in rows:
        cls = EVENT_TYPES[data["type"]]
        for path, kind, ident in raw_references(data, cls):
            if kind is not ReferenceKind.ACTOR:
                continue
            field = plain(path)
            role = None
            if field == "participants.actor":
                given = data["participants"][int(path[13 : path.index("]")])].get("role")
                role = given if given is not None else getattr(default_role, "_value_", None)
            events.append(data["id"])
            actors.append(ident)
            fields.append(field)
            roles.append(role)
    return [pa.array(values, pa.string()) for values in (events, actors, fields, roles)]
