"""
The codecs of the Arrow tables: how each field becomes columns and back (extra ``arrow``).

A field's kind gives its codec (`_KIND_CODECS`): the columns it fills with
their types, how a model value is encoded into plain column values, how the
plain values of one row are decoded back into what the JSON converter reads,
and how whole columns are decoded at once (`_Codec.read_columns`). The
tables (`_tables`) lay the codecs of each record class side by side;
`conflict_events.formats.arrow` builds and reads them.
"""

from __future__ import annotations

import collections
import functools
import typing
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any, Final

import attrs

# The extra is checked by conflict_events.formats.arrow, which imports this module.
import pyarrow as pa  # type: ignore[import-untyped]

from conflict_events.errors import ValidationError, describe
from conflict_events.formats.documents import dump_json, parse_json
from conflict_events.formats.edtf_columns import parse_when, when_parts, when_rows
from conflict_events.model import EVENT_TYPES, Actor, Estimate, Location, Source
from conflict_events.model.description import FieldKind, FieldSpec, description
from conflict_events.temporal import FuzzyDate, Span

_ENUM: Final = pa.dictionary(pa.int32(), pa.string())
_JSON: Final = pa.json_()


# -- codecs: one per kind of field --------------------------------------------------------

_EPOCH: Final = date(1970, 1, 1)
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


def _day_text(number: int) -> str:
    """A day number as the date it stands for, or as a number when no date is that day."""
    try:
        return (_EPOCH + timedelta(days=number)).isoformat()
    except OverflowError:
        return f"day {number} from 1970-01-01 (no date from 0001 to 9999)"


def _encode_when(value: FuzzyDate | Span | None) -> tuple[Any, ...]:
    if value is None:
        return (None, None, None, None)
    return when_parts(value)


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
    parsed = parse_when(text)
    if parsed is None:
        return text
    expected = when_parts(parsed)
    for part, value, want in zip(_WHEN_PARTS[1:], values[1:], expected[1:], strict=True):
        if value != want:
            if part == "precision":
                shown, wanted = describe(value), describe(want)
            else:
                shown = "null" if value is None else _day_text(value)
                wanted = _day_text(typing.cast("int", want))
            raise _CellError(
                f"holds {shown}, but the EDTF text {describe(text)} gives {wanted}", part
            )
    return text


class _ColumnFault(Exception):  # noqa: N818 - a verdict: read these rows one by one
    """Whole columns hold a value their codec refuses; the rows are read one by one to say where."""


def _read_when(arrays: list[Any]) -> list[Any]:
    """
    The EDTF texts of whole date columns, each distinct text read once (`when_rows`).

    The derived columns are compared with what each text gives in bulk; any
    disagreement, or a text that is no EDTF, is left to `_decode_when`.
    """
    text, *derived = arrays
    if when_rows(text, derived) is None:
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


def _read_extensions(arrays: list[Any]) -> list[Any]:
    """A column of extensions: a new empty dict for each row when no row has any."""
    (array,) = arrays
    offsets = array.offsets
    if not len(array) or offsets[len(array)].as_py() == offsets[0].as_py():
        return [{} for _ in range(len(array))]
    return [_decode_extensions((value,)) for value in array.to_pylist()]


_EXTENSIONS = _Codec(
    (("", pa.map_(pa.string(), _JSON)),),
    _encode_extensions,
    _decode_extensions,
    _read_extensions,
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

    return _Codec((("", kind),), encode, decode)


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

    return _Codec((("", pa.list_(struct)),), encode, decode)


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
