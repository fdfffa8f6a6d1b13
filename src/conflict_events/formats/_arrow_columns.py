"""
Reading a checked Arrow table column by column (extra ``arrow``).

`fast_records` decodes each field's columns whole (`_arrow_codecs`), builds
each distinct nested value once and reads each row with its class's
`conflict_events.formats.converter.built_positional_reader`; it gives up (None) at the
first fault, and `conflict_events.formats.arrow` then reads the table row
by row to say where the fault is. `foreign_cells` finds the values a row's
event type has no field for, which both readings refuse.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import Any, Final

# The extra is checked by conflict_events.formats.arrow, which imports this module.
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from conflict_events.collector import paused
from conflict_events.errors import ErrorDetail, describe
from conflict_events.formats._arrow_codecs import (
    _CellError,
    _Codec,
    _ColumnFault,
    _layout,
    _Table,
    _tables,
    storage_type,
)
from conflict_events.formats.converter import built_positional_reader, built_reader, value_hook
from conflict_events.formats.documents import FAST_DATA_ERRORS
from conflict_events.formats.record_readers import MISSING
from conflict_events.model import EVENT_TYPES, Estimate
from conflict_events.model.description import FieldKind, FieldSpec, description

__all__ = ["fast_records", "foreign_cells"]


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


def foreign_cells(spec: _Table, data: Any) -> dict[int, list[ErrorDetail]]:
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
    if record is Estimate:
        return _built_estimates(spec, codec, arrays)
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


def _built_estimates(spec: FieldSpec, codec: _Codec, arrays: list[Any]) -> list[Any]:
    """The estimates of whole figure columns, each distinct (low, best, high, qualifier) once."""
    hook = value_hook(spec)
    built: dict[tuple[Any, ...], Any] = {}
    values: list[Any] = []
    for key in zip(*(array.to_pylist() for array in arrays), strict=True):
        if key in built:
            values.append(built[key])
            continue
        plain = codec.decode(key)
        done = built[key] = None if plain is None else hook(plain, Estimate)
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


def fast_records(table: str, data: Any) -> list[Any] | None:
    """
    The records of a checked table read column by column, or None to read it row by row.

    Each field's columns are decoded whole (`_built_column`: each distinct
    date text parsed once and its derived columns compared in bulk, each
    distinct nested record built once), sparse ones only at their valid rows;
    the rows of each class are then read by its `built_positional_reader`,
    which checks their own fields and rules. Any fault sends the whole table to `_rows`, which
    says where it is, so the errors are those of reading row by row.
    """
    spec = _tables()[table]
    if foreign_cells(spec, data):
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
    """
    The records of `fast_records`, class by class; raises (or gives None) where it gives up.

    The rows of each class are read together: its fields' columns, taken at
    its rows, are built whole and each row is read by the class's positional
    reader, a value left out (a null cell) given as `MISSING`.
    """
    plain = _PlainColumns(spec, data)
    if tags is None:
        (cls,) = spec.plans
        return _read_class(spec, cls, plain, None)
    records: list[Any] = [None] * data.num_rows
    read = 0
    for cls in spec.plans:
        rows = pc.indices_nonzero(pc.equal(tags, description(cls).tag))
        if not len(rows):
            continue
        read += len(rows)
        for position, record in zip(
            rows.to_pylist(), _read_class(spec, cls, plain, rows), strict=True
        ):
            records[position] = record
    return records if read == data.num_rows else None  # else a type no class has


class _PlainColumns:
    """A table's columns in their storage types, each combined and cast once on first use."""

    def __init__(self, spec: _Table, data: Any) -> None:
        self.rows = data.num_rows
        self._data = data
        self._types = {field.name: storage_type(field.type) for field in spec.fields}
        self._done: dict[str, Any] = {}

    def column(self, name: str) -> Any:
        """Column *name* as one plain array; None when the table has none."""
        if name not in self._done:
            present = name in self._data.column_names
            self._done[name] = (
                self._data.column(name).combine_chunks().cast(self._types[name])
                if present
                else None
            )
        return self._done[name]


def _read_class(spec: _Table, cls: type, data: _PlainColumns, rows: Any) -> list[Any]:
    """The records of class *cls* at *rows* of *data* (all rows when None)."""
    count = data.rows if rows is None else len(rows)
    specs = {field.name: field.spec for field in description(cls).fields}
    plan = {name: (codec, start) for name, codec, start in spec.plans[cls]}
    columns: list[Any] = []
    for name, field_spec in specs.items():
        codec, start = plan[name]
        arrays: list[Any] = []
        for field in spec.fields[start : start + len(codec.parts)]:
            column = data.column(field.name)
            if column is not None and rows is not None:
                column = pc.take(column, rows)
            arrays.append(None if column is None or column.null_count == count else column)
        if all(array is None for array in arrays):
            columns.append(itertools.repeat(MISSING, count))
            continue
        arrays = [
            pa.nulls(count, storage_type(field.type)) if array is None else array
            for array, field in zip(arrays, spec.fields[start:], strict=False)
        ]
        valid = arrays[0].is_valid()
        for array in arrays[1:]:
            valid = pc.or_(valid, array.is_valid())
        if valid.false_count == 0:
            # A valid cell never reads as None; if one did, the reader would refuse it
            # (a None where the field has another default) or read it as left out.
            columns.append(_built_column(field_spec, codec, arrays))
            continue
        # Only the valid rows: a null cell (of a row without the field) is left out.
        taken = pc.indices_nonzero(valid)
        values = _built_column(field_spec, codec, [pc.take(array, taken) for array in arrays])
        column_values: list[Any] = [MISSING] * count
        for position, value in zip(taken.to_pylist(), values, strict=True):
            column_values[position] = MISSING if value is None else value
        columns.append(column_values)
    read = built_positional_reader(cls)
    return [read(*values) for values in zip(*columns, strict=True)]
