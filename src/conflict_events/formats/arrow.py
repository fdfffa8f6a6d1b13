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

import collections
import functools
import math
import os
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Final

import attrs

try:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]
except ImportError as error:  # pragma: no cover - depends on the environment
    msg = "conflict_events.formats.arrow requires pyarrow: pip install 'conflict-events[arrow]'"
    raise ModuleNotFoundError(msg, name="pyarrow") from error

from conflict_events.collector import paused
from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats.arrow_schema_check import (
    METADATA_KEY,
    check_columns,
    check_table_data,
    read_header,
)
from conflict_events.formats.converter import built_reader, value_hook
from conflict_events.formats.documents import FAST_DATA_ERRORS, dump_json, from_dict, parse_json
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
from conflict_events.model.description import FieldKind, FieldSpec, ReferenceKind, description
from conflict_events.temporal import FuzzyDate, Span, TemporalError
from conflict_events.temporal.edtf import parse as parse_edtf
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
_SPAN_PRECISION: Final = "interval"
_ENUM: Final = pa.dictionary(pa.int32(), pa.string())
_JSON: Final = pa.json_()


# -- codecs: one per kind of field --------------------------------------------------------

_EPOCH: Final = date(1970, 1, 1)
_EPOCH_ORDINAL: Final = _EPOCH.toordinal()
_NAIVE_EPOCH: Final = datetime(1970, 1, 1)  # noqa: DTZ001 - local times are counted from it
_MICROSECOND: Final = timedelta(microseconds=1)
#: The local times a `datetime` holds, in microseconds from 1970-01-01T00:00.
_FIRST_MICROSECOND: Final = (datetime(1, 1, 1) - _NAIVE_EPOCH) // _MICROSECOND  # noqa: DTZ001
_LAST_MICROSECOND: Final = (
    datetime(9999, 12, 31, 23, 59, 59, 999_999) - _NAIVE_EPOCH  # noqa: DTZ001
) // _MICROSECOND
_DAY_MICROSECONDS: Final = 86_400_000_000


@functools.lru_cache(maxsize=1024)
def storage_type(kind: Any) -> Any:
    """
    The plain Arrow type values of type *kind* are built and read as.

    Enums (dictionaries) and JSON texts are strings, dates day numbers
    (``int32``), times and durations microseconds (``int64``), nested types
    alike. Building plain values and casting them avoids both pyarrow's
    invalid dictionaries for all-null nested columns and Python's date range
    (a UTC time may fall in year 0 or 10000).
    """
    if pa.types.is_dictionary(kind):
        return storage_type(kind.value_type)
    if isinstance(kind, pa.BaseExtensionType):
        return storage_type(kind.storage_type)
    if pa.types.is_date32(kind):
        return pa.int32()
    if pa.types.is_timestamp(kind) or pa.types.is_duration(kind):
        return pa.int64()
    if pa.types.is_map(kind):
        return pa.map_(storage_type(kind.key_type), storage_type(kind.item_type))
    if pa.types.is_list(kind):
        return pa.list_(storage_type(kind.value_type))
    if pa.types.is_struct(kind):
        return pa.struct([field.with_type(storage_type(field.type)) for field in kind])
    return kind


class _CellError(Exception):
    """
    A value a column holds that no field value can come from.

    ``part`` names the column's part (``earliest``) when the field has
    several; ``inside`` is the place in a nested column (``[].stated``) and
    ``path`` the place in the field's value (``[2].stated``), both filled in
    as the error passes out of nested codecs.
    """

    def __init__(self, message: str, part: str = "", path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.part = part
        self.path = path
        self.inside = ""

    def within(self, arrow_place: str, path: str) -> _CellError:
        """The same fault seen from the enclosing value: *arrow_place* and *path* prefixed."""
        part = f".{self.part}" if self.part else ""
        outer = _CellError(self.message, path=path + self.path)
        outer.inside = arrow_place + part + self.inside
        return outer


@attrs.frozen
class _Codec:
    """
    How one field becomes Arrow values and back to plain (JSON-shaped) data.

    ``parts`` names the columns (suffixes; ``""`` for a single column) with
    their types; ``encode`` gives one plain value (see `storage_type`) per
    part from a model value; ``decode`` turns the plain parts back into what
    the JSON converter reads, raising `_CellError` for values no field holds.
    """

    parts: tuple[tuple[str, Any], ...]
    encode: Callable[[Any], tuple[Any, ...]]
    decode: Callable[[tuple[Any, ...]], Any]
    #: What `decode` gives for each row of whole columns (one plain array per part,
    #: see `storage_type`), in bulk; None: `decode` row by row.
    read: Callable[[list[Any]], list[Any]] | None = None

    def read_columns(self, arrays: list[Any]) -> list[Any]:
        """`decode` of every row of *arrays* (one per part, of equal length)."""
        if self.read is not None:
            return self.read(arrays)
        lists: list[list[Any]] = [array.to_pylist() for array in arrays]
        if self.decode is _as_is:
            return lists[0]
        if len(lists) == 1:
            return [self.decode((value,)) for value in lists[0]]
        return [self.decode(values) for values in zip(*lists, strict=True)]

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


def _day(value: date) -> int:
    return value.toordinal() - _EPOCH_ORDINAL


def _day_text(number: int) -> str:
    """A day number as the date it stands for, or as a number when no date is that day."""
    try:
        return (_EPOCH + timedelta(days=number)).isoformat()
    except OverflowError:
        return f"day {number} from 1970-01-01 (no date from 0001 to 9999)"


@functools.lru_cache(maxsize=16_384)
def _when_parts(value: FuzzyDate | Span) -> tuple[Any, ...]:
    if isinstance(value, Span):
        return (value.to_edtf(), _day(value.earliest), _day(value.latest), _SPAN_PRECISION)
    return (value.to_edtf(), _day(value.earliest), _day(value.latest), value.precision._value_)


def _encode_when(value: FuzzyDate | Span | None) -> tuple[Any, ...]:
    if value is None:
        return (None, None, None, None)
    return _when_parts(value)


@functools.lru_cache(maxsize=16_384)
def _parse_when(text: str) -> FuzzyDate | Span | None:
    try:
        return parse_edtf(text)
    except TemporalError:
        return None


_WHEN_PARTS: Final = ("edtf", "earliest", "latest", "precision")


def _decode_when(values: tuple[Any, ...]) -> Any:
    """
    The EDTF text, which is what is read; the derived parts must say what it says.

    A text that is no EDTF is passed on for the converter to report.
    """
    text = values[0]
    if text is None:
        for part, value in zip(_WHEN_PARTS[1:], values[1:], strict=True):
            if value is not None:
                shown = _day_text(value) if part != "precision" else describe(value)
                raise _CellError(f"holds {shown}, but the EDTF text is null", part)
        return None
    parsed = _parse_when(text)
    if parsed is None:
        return text
    expected = _when_parts(parsed)
    for part, value, want in zip(_WHEN_PARTS[1:], values[1:], expected[1:], strict=True):
        if value != want:
            if part == "precision":
                shown, wanted = describe(value), describe(want)
            else:
                shown = "null" if value is None else _day_text(value)
                wanted = _day_text(want)
            raise _CellError(
                f"holds {shown}, but the EDTF text {describe(text)} gives {wanted}", part
            )
    return text


class _ColumnFault(Exception):  # noqa: N818 - a verdict: read these rows one by one
    """Whole columns hold a value their codec refuses; the rows are read one by one to say where."""


def _read_when(arrays: list[Any]) -> list[Any]:
    """
    The EDTF texts of whole date columns, each distinct text parsed once.

    The derived columns are compared with what each text gives in bulk; any
    disagreement, or a text that is no EDTF, is left to `_decode_when`.
    """
    text, *derived = arrays
    encoded = pc.dictionary_encode(text)
    distinct = encoded.dictionary.to_pylist()
    expected: list[list[Any]] = [[], [], []]
    for value in distinct:
        parsed = _parse_when(value)
        if parsed is None:
            raise _ColumnFault
        for column, part in zip(expected, _when_parts(parsed)[1:], strict=True):
            column.append(part)
    indices = encoded.indices
    for actual, wanted in zip(derived, expected, strict=True):
        if actual.null_count != text.null_count:
            raise _ColumnFault
        given = pc.take(pa.array(wanted, actual.type), indices)
        if pc.all(pc.equal(actual, given)).as_py() is False:
            raise _ColumnFault
        if text.null_count and not pc.all(pc.equal(pc.is_null(actual), pc.is_null(text))).as_py():
            raise _ColumnFault
    values: list[Any] = text.to_pylist()
    return values


_WHEN = _Codec(
    (
        ("edtf", pa.string()),
        ("earliest", pa.date32()),
        ("latest", pa.date32()),
        ("precision", _ENUM),
    ),
    _encode_when,
    _decode_when,
    _read_when,
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
    """Microseconds from 1970 of the UTC instant (of any year: no `datetime` is made) and offset."""
    if value is None:
        return (None, None)
    offset = typing.cast("timedelta", value.utcoffset()) // _MICROSECOND
    local = (value.replace(tzinfo=None) - _NAIVE_EPOCH) // _MICROSECOND
    return (local - offset, offset)


def _decode_timestamp(values: tuple[Any, ...]) -> Any:
    utc, offset = values
    if utc is None and offset is None:
        return None
    if offset is None:
        raise _CellError(f"is null, but the UTC time is {utc} microseconds from 1970", "offset")
    if utc is None:
        raise _CellError(f"holds {offset} microseconds, but the UTC time is null", "offset")
    if not -_DAY_MICROSECONDS < offset < _DAY_MICROSECONDS:
        raise _CellError(
            f"holds {offset} microseconds, which is not a UTC offset (under 24 hours)", "offset"
        )
    local = utc + offset
    if not _FIRST_MICROSECOND <= local <= _LAST_MICROSECOND:
        raise _CellError(
            f"holds {utc} microseconds from 1970, whose local time (offset {offset} "
            "microseconds) is not in the years 1 to 9999",
            "utc",
        )
    moment = _NAIVE_EPOCH + timedelta(microseconds=local)
    return moment.replace(tzinfo=timezone(timedelta(microseconds=offset))).isoformat()


_TIMESTAMP = _Codec(
    (("utc", pa.timestamp("us", tz="UTC")), ("offset", pa.duration("us"))),
    _encode_timestamp,
    _decode_timestamp,
)

_STRINGS = _Codec(
    (("", pa.list_(pa.string())),),
    lambda value: (list(value),),
    lambda values: values[0] or [],
    lambda arrays: [value or [] for value in arrays[0].to_pylist()],
)


def _pairs(values: tuple[Any, ...]) -> dict[str, Any]:
    """A map's entries as a dict; a key given twice would lose a value, so it is refused."""
    entries = values[0] or ()
    result = dict(entries)
    if len(result) != len(entries):
        counts = collections.Counter(key for key, _ in entries)
        key = next(key for key, count in counts.items() if count > 1)
        raise _CellError(f"key {describe(key)} appears {counts[key]} times", path=f"[{key!r}]")
    return result


_STRING_MAP = _Codec(
    (("", pa.map_(pa.string(), pa.string())),),
    lambda value: (list(value.items()),),
    _pairs,
)


def _encode_extensions(value: dict[str, Any]) -> tuple[Any, ...]:
    return ([(key, dump_json(item)) for key, item in value.items()],)


def _decode_extensions(values: tuple[Any, ...]) -> Any:
    result = {}
    for key, text in _pairs(values).items():
        if text is None:
            raise _CellError(
                "is null, not a JSON text (JSON null is the text 'null')", path=f"[{key!r}]"
            )
        try:
            result[key] = parse_json(text)
        except ValidationError as error:
            reason = "; ".join(detail.message for detail in error.errors)
            raise _CellError(f"{describe(text)}: {reason}", path=f"[{key!r}]") from None
    return result


_EXTENSIONS = _Codec(
    (("", pa.map_(pa.string(), _JSON)),),
    _encode_extensions,
    _decode_extensions,
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
            try:
                item = codec.decode_nested(value[name])
            except _CellError as error:
                raise error.within(f".{name}", f".{name}") from None
            if item is not None:
                result[name] = item
        return result

    def read(arrays: list[Any]) -> list[Any]:
        (array,) = arrays
        children = array.flatten()  # parents' nulls included
        columns = []
        for (name, codec), child in zip(layout, children, strict=True):
            parts = [child] if len(codec.parts) == 1 and not codec.parts[0][0] else child.flatten()
            columns.append((name, codec.read_columns(parts)))
        valid = array.is_valid().to_pylist() if array.null_count else None
        rows: list[Any] = []
        for row in range(len(array)):
            if valid is not None and not valid[row]:
                rows.append(None)
                continue
            rows.append(
                {name: item for name, values in columns if (item := values[row]) is not None}
            )
        return rows

    return _Codec((("", kind),), encode, decode, read)


def _list_codec(cls: type) -> _Codec:
    inner = _struct_codec(cls)
    ((_, struct),) = inner.parts

    def encode(value: Any) -> tuple[Any, ...]:
        return ([inner.encode(item)[0] for item in value],)

    def decode(values: tuple[Any, ...]) -> Any:
        result = []
        for index, item in enumerate(values[0] or ()):
            try:
                result.append(inner.decode((item,)))
            except _CellError as error:
                raise error.within("[]", f"[{index}]") from None
        return result

    def read(arrays: list[Any]) -> list[Any]:
        (array,) = arrays
        return _regrouped(inner.read_columns([array.flatten()]), array)

    return _Codec((("", pa.list_(struct)),), encode, decode, read)


def _record_codec(spec: FieldSpec) -> _Codec:
    if spec.record is None:
        msg = "a record field needs its class"
        raise TypeError(msg)
    if spec.many:
        return _list_codec(spec.record)
    if spec.record is Estimate:
        return _ESTIMATE
    return _struct_codec(spec.record)


def _no_column(spec: FieldSpec) -> _Codec:
    msg = f"no Arrow column holds a {spec.kind.value} field: such records have a table"
    raise TypeError(msg)


def _string_codec(spec: FieldSpec) -> _Codec:
    return _STRINGS if spec.many else _single(pa.string())


#: The Arrow columns of a field of each kind.
_KIND_CODECS: Final[dict[FieldKind, Callable[[FieldSpec], _Codec]]] = {
    FieldKind.IDENTIFIER: _string_codec,
    FieldKind.REFERENCE: _string_codec,
    FieldKind.TEXT: _string_codec,
    FieldKind.COUNTRY: _string_codec,
    FieldKind.VERSION: _string_codec,
    FieldKind.CHOICE: lambda _: _enum_codec(),
    FieldKind.FLAG: lambda _: _single(pa.bool_()),
    FieldKind.COUNT: lambda _: _single(pa.int64()),
    FieldKind.COORDINATE: lambda _: _single(pa.float64()),
    FieldKind.DATE: lambda _: _WHEN,
    FieldKind.WHEN: lambda _: _WHEN,
    FieldKind.TIMESTAMP: lambda _: _TIMESTAMP,
    FieldKind.RECORD: _record_codec,
    FieldKind.EVENT: _no_column,
    FieldKind.STRING_MAP: lambda _: _STRING_MAP,
    FieldKind.EXTENSIONS: lambda _: _EXTENSIONS,
}


@functools.cache
def _layout(cls: type) -> tuple[tuple[str, _Codec], ...]:
    """Each field of *cls* with its codec, in declaration order."""
    return tuple(
        (field.name, _KIND_CODECS[field.kind](field.spec)) for field in description(cls).fields
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
        storage.append(pa.string())
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
                storage.extend(storage_type(kind) for _, kind in codec.parts)
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
    fast = _fast_records(table, data)
    if fast is None:
        yield from _rows(table, data, on_error)
    else:
        yield from enumerate(fast)


@functools.cache
def _strangers(table: str) -> dict[int, Any]:
    """Per column of a tagged table (the tag aside), the event types without a field there."""
    spec = _tables()[table]
    users: dict[int, set[str]] = {}
    for cls, plan in spec.plans.items():
        for _, codec, start in plan:
            for index in range(start, start + len(codec.parts)):
                users.setdefault(index, set()).add(description(cls).tag)
    strangers: dict[int, Any] = {}
    for index in range(1, len(spec.fields)):
        if others := sorted(set(EVENT_TYPES) - users.get(index, set())):
            strangers[index] = pa.array(others)
    return strangers


def _foreign_cells(spec: _Table, data: Any) -> dict[int, list[ErrorDetail]]:
    """
    Per row, the columns holding a value that the row's event type has no field for.

    Reading would drop such a value, so each is a fault of its row.
    """
    if not spec.tag_column or not data.num_rows or "type" not in data.column_names:
        return {}  # without a type column, every row is refused for its missing type
    tags = data.column("type").cast(pa.string())
    found: dict[int, list[ErrorDetail]] = {}
    present = set(data.column_names)
    for index, others in _strangers(spec.name).items():
        field = spec.fields[index]
        if field.name not in present:
            continue
        column = data.column(field.name)
        if column.null_count == len(column):
            continue
        mask = pc.and_(pc.is_valid(column), pc.is_in(tags, value_set=others))
        if not pc.any(mask).as_py():
            continue
        plain = column.cast(storage_type(column.type))
        for row in pc.indices_nonzero(mask).to_pylist():
            value, tag = plain[row].as_py(), tags[row].as_py()
            found.setdefault(row, []).append(
                ErrorDetail(
                    f"{spec.name}[{row}]",
                    f"column {field.name!r} holds {describe(value)}, but a {tag!r} event "
                    "has no such field",
                )
            )
    return found


def _cell_detail(where: str, name: str, error: _CellError) -> ErrorDetail:
    column = f"{name}_{error.part}" if error.part else name
    place = f" at {error.inside}" if error.inside else ""
    return ErrorDetail(
        _join(where, name + error.path), f"column {column!r}{place}: {error.message}"
    )


def _field_columns(
    spec: _Table, data: Any
) -> Iterator[tuple[str, FieldSpec, _Codec, list[Any] | None]]:
    """
    Each field of the table once, with its spec and its plain columns (None: all null or missing).

    Raises:
        _ColumnFault: Two classes of the table give the field different specs.
    """
    specs: dict[str, FieldSpec] = {}
    present = set(data.column_names)
    for cls, plan in spec.plans.items():
        fields = {field.name: field.spec for field in description(cls).fields}
        for name, codec, start in plan:
            field_spec = fields[name]
            if name in specs:
                if _signature(specs[name]) != _signature(field_spec):
                    raise _ColumnFault
                continue
            specs[name] = field_spec
            arrays = []
            for field in spec.fields[start : start + len(codec.parts)]:
                if field.name in present:
                    column = data.column(field.name)
                    if column.null_count < len(column):
                        arrays.append(column.combine_chunks().cast(storage_type(field.type)))
                        continue
                arrays.append(None)
            if all(array is None for array in arrays):
                yield name, field_spec, codec, None
                continue
            yield (
                name,
                field_spec,
                codec,
                [
                    pa.nulls(data.num_rows, storage_type(field.type)) if array is None else array
                    for array, field in zip(arrays, spec.fields[start:], strict=False)
                ],
            )


def _signature(spec: FieldSpec) -> tuple[Any, ...]:
    """What decides how a field's columns are built into values."""
    return (spec.kind, spec.record, spec.many, spec.choices)


#: Kinds whose values are built from their plain data by the converter's hook.
_HOOKED: Final = frozenset({FieldKind.DATE, FieldKind.WHEN, FieldKind.TIMESTAMP, FieldKind.RECORD})


def _memo_key(value: Any) -> Any:
    """A built value as part of a memory key: lists as tuples, a float with its sign."""
    if type(value) is list:
        return tuple(value)
    if type(value) is float:
        return (value, math.copysign(1.0, value))
    return value


def _regrouped(items: list[Any], array: Any) -> list[Any]:
    """*items* (of the flattened list column *array*) back in their lists; a null list is empty."""
    lengths = pc.fill_null(pc.list_value_length(array), 0).to_pylist()
    rows: list[Any] = []
    start = 0
    for length in lengths:
        rows.append(items[start : start + length])
        start += length
    return rows


def _built_column(spec: FieldSpec, codec: _Codec, arrays: list[Any]) -> list[Any]:
    """
    The values of one field in whole columns, ready for `built_reader`.

    Dates, times and records are built once per distinct value and shared
    (they are immutable); the rest is plain data, checked by the reader.
    """
    record = spec.record
    if (
        spec.kind is FieldKind.RECORD
        and record is not None
        and (spec.many or record is not Estimate)
    ):
        (array,) = arrays
        if not spec.many:
            return _built_records(record, array)
        items = _built_records(record, array.flatten())
        if any(item is None for item in items):
            raise _ColumnFault
        return _regrouped(items, array)
    plain = codec.read_columns(arrays)
    if spec.kind not in _HOOKED:
        return plain
    hook = value_hook(spec)
    target = spec.choices or record
    built: dict[Any, Any] = {}
    values: list[Any] = []
    for value in plain:
        if value is None:
            values.append(None)
            continue
        key = tuple(value.items()) if type(value) is dict else value
        done = built.get(key)
        if done is None:
            done = built[key] = hook(value, target)
        values.append(done)
    return values


def _built_records(cls: type, array: Any) -> list[Any]:
    """The records of class *cls* in a struct column (None where null), each distinct built once."""
    names: list[str] = []
    columns: list[list[Any]] = []
    fields = {field.name: field.spec for field in description(cls).fields}
    for (name, codec), child in zip(_layout(cls), array.flatten(), strict=True):
        parts = [child] if len(codec.parts) == 1 and not codec.parts[0][0] else child.flatten()
        names.append(name)
        columns.append(_built_column(fields[name], codec, parts))
    read = built_reader(cls)
    valid = array.is_valid().to_pylist() if array.null_count else None
    # Lists and floats need a key of their own; other values are their own key.
    keyed = any(
        field.spec.many or field.kind is FieldKind.COORDINATE for field in description(cls).fields
    )
    built: dict[Any, Any] = {}
    records: list[Any] = []
    for row, values in enumerate(zip(*columns, strict=True)):
        if valid is not None and not valid[row]:
            records.append(None)
            continue
        key: Any = tuple([_memo_key(value) for value in values]) if keyed else values
        try:
            record = built.get(key)
        except TypeError:  # a map or extensions: not shared
            record = key = None
        if record is None:
            record = read(
                {
                    name: value
                    for name, value in zip(names, values, strict=True)
                    if value is not None
                },
                cls,
            )
            if key is not None:
                built[key] = record
        records.append(record)
    return records


def _left_out_safely(spec: _Table, name: str, codec: _Codec, tags: Any, arrays: Any) -> bool:
    """
    Whether leaving *name* out of a row whose columns are null reads as the row reading does.

    Row by row, a null list or map reads as empty; a record whose field has a
    default (an empty list or map) reads the same without it; one whose field
    is required would be refused instead, so such a row is left to `_rows`.
    """
    if codec.decode((None,) * len(codec.parts)) is None:
        return True
    for cls, plan in spec.plans.items():
        if name not in (entry[0] for entry in plan):
            continue
        if attrs.fields_dict(cls)[name].default is not attrs.NOTHING:
            continue
        nulls = pc.is_null(arrays[0]) if arrays is not None else None
        rows = pc.equal(tags, description(cls).tag) if tags is not None else None
        if nulls is None:
            mask = rows
        elif rows is None:
            mask = nulls
        else:
            mask = pc.and_(nulls, rows)
        if mask is None or pc.any(mask).as_py():
            return False
    return True


def _fast_records(table: str, data: Any) -> list[Any] | None:
    """
    The records of a checked table read column by column, or None to read it row by row.

    Each field's columns are decoded whole (`_built_column`: each distinct
    date text parsed once and its derived columns compared in bulk, each
    distinct nested record built once), sparse ones only at their valid rows;
    each row is then read by its class's `built_reader`, which checks its
    own fields and rules. Any fault sends the whole table to `_rows`, which
    says where it is, so the errors are those of reading row by row.
    """
    spec = _tables()[table]
    if _foreign_cells(spec, data):
        return None
    tags = None
    if spec.tag_column:
        if "type" not in data.column_names:
            return None
        tags = data.column("type").combine_chunks().cast(pa.string())
        if tags.null_count:
            return None
    try:
        with paused():
            return _read_by_columns(spec, data, tags)
    except (_CellError, _ColumnFault, *FAST_DATA_ERRORS):
        return None


def _read_by_columns(spec: _Table, data: Any, tags: Any) -> list[Any] | None:
    """The records of `_fast_records`; raises (or gives None) where it gives up."""
    dense: list[tuple[str, list[Any]]] = [] if tags is None else [("type", tags.to_pylist())]
    sparse: list[tuple[str, list[int], list[Any]]] = []
    for name, field_spec, codec, arrays in _field_columns(spec, data):
        if not _left_out_safely(spec, name, codec, tags, arrays):
            return None
        if arrays is None:
            continue
        valid = arrays[0].is_valid()
        for array in arrays[1:]:
            valid = pc.or_(valid, array.is_valid())
        if valid.false_count == 0:
            # A valid cell never reads as None; if one did, the reader would refuse it
            # (a None where the field has another default) or read it as left out.
            dense.append((name, _built_column(field_spec, codec, arrays)))
            continue
        # Only the valid rows: a null cell (of a row without the field) is left out.
        taken = pc.indices_nonzero(valid)
        values = _built_column(field_spec, codec, [pc.take(array, taken) for array in arrays])
        sparse.append((name, taken.to_pylist(), values))
    names = [name for name, _ in dense]
    rows: list[dict[str, Any]] = (
        [
            dict(zip(names, values, strict=True))
            for values in zip(*(v for _, v in dense), strict=True)
        ]
        if dense
        else [{} for _ in range(data.num_rows)]
    )
    for name, positions, values in sparse:
        for position, value in zip(positions, values, strict=True):
            if value is not None:
                rows[position][name] = value
    if tags is None:
        cls = next(iter(spec.plans))
        read = built_reader(cls)
        return [read(row, cls) for row in rows]
    readers = {description(cls).tag: (built_reader(cls), cls) for cls in spec.plans}
    records = []
    for row in rows:
        read, cls = readers[row["type"]]
        records.append(read(row, cls))
    return records


def _rows(
    table: str, data: Any, on_error: Callable[[int, ErrorDetail], None] | None
) -> Iterator[tuple[int, Any]]:
    """The rows of a checked table as records (see `iter_table`)."""
    spec = _tables()[table]
    columns = [_plain_values(data, field.name) for field in spec.fields]
    foreign = _foreign_cells(spec, data)
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
            if data is None:
                records[name] = []
                continue
            fast = _fast_records(name, data)
            records[name] = (
                [record for _, record in _rows(name, data, lambda _, d: errors.append(d))]
                if fast is None
                else fast
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


def _read_part(root: Path, path: Path, errors: list[ErrorDetail]) -> Any:
    where = path.relative_to(root).as_posix()
    try:
        with pq.ParquetFile(path) as part:
            # Group by group: pyarrow reads a nested column of several groups at once
            # into one array only, and refuses when that needs chunks.
            groups = [part.read_row_group(index) for index in range(part.num_row_groups)]
            data = pa.concat_tables(groups) if groups else part.read()
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


def _read_tables(root: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and the checked record tables of a Parquet dataset directory."""
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
    tables: dict[str, Any] = {}
    for table in RECORD_TABLES:
        parts = [_read_part(root, path, errors) for path in files.get(table, ())]
        if errors:
            continue
        if not parts:
            tables[table] = table_of(table, ())
            continue
        data = pa.concat_tables([_conformed(table, part) for part in parts])
        tables[table] = _ordered(table, data, positions[table], errors)
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
