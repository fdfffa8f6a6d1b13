"""
Reading a checked Arrow table column by column (extra ``arrow``).

`fast_records` decodes each field's columns whole (`_arrow_codecs`), builds
each distinct nested value once and reads each row with its class's
`conflict_events.formats.converter.built_reader`; it gives up (None) at the
first fault, and `conflict_events.formats.arrow` then reads the table row
by row to say where the fault is. `foreign_cells` finds the values a row's
event type has no field for, which both readings refuse.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from typing import Any, Final

import attrs

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
from conflict_events.formats.converter import built_reader, value_hook
from conflict_events.formats.documents import FAST_DATA_ERRORS
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


def fast_records(table: str, data: Any) -> list[Any] | None:
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
    """The records of `fast_records`; raises (or gives None) where it gives up."""
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
