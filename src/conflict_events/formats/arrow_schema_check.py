"""
Checks of Arrow input before any row is read: column names and types, and the header metadata.

A table given to `conflict_events.formats.arrow` (in memory or from Parquet)
must have the columns its generated schema names, each of exactly that type
(nested fields included). Missing columns read as empty; an unknown column is
an error, since reading would drop it. Nullability flags and the names Arrow
gives list items and map entries are not compared: nulls are checked row by
row, where a required value is missing. The ``conflict_events`` metadata (the
document's version and extensions) is read as the JSON loader reads a
document's top level: a newer major version is refused, an older one upgraded
or refused, unknown keys refused.
"""

from __future__ import annotations

import collections
from typing import Any, Final

import pyarrow as pa  # type: ignore[import-untyped]

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats.documents import from_dict, parse_json
from conflict_events.model import Dataset

__all__ = ["METADATA_KEY", "check_columns", "check_table_data", "read_header", "type_fault"]

#: The schema metadata key holding the document's version and extensions.
METADATA_KEY: Final = b"conflict_events"
#: The keys the metadata document may hold (a dataset document without records).
_HEADER_KEYS = ("schema_version", "extensions")


def type_fault(expected: Any, actual: Any, where: str = "") -> str | None:
    """
    Where and how *actual* differs from the Arrow type *expected*, or None when it does not.

    *where* is the place inside the column (``[].stated.precision``) for nested types.
    """
    if pa.types.is_struct(expected):
        if not pa.types.is_struct(actual):
            return _differs(expected, actual, where)
        names = [field.name for field in expected]
        given = [field.name for field in actual]
        if names != given:
            return f"{where or 'the column'} has fields {given}, expected {names}"
        for want, have in zip(expected, actual, strict=True):
            fault = type_fault(want.type, have.type, f"{where}.{want.name}")
            if fault is not None:
                return fault
        return None
    if pa.types.is_map(expected):
        if not pa.types.is_map(actual):
            return _differs(expected, actual, where)
        return type_fault(expected.key_type, actual.key_type, f"{where}.key") or type_fault(
            expected.item_type, actual.item_type, f"{where}.value"
        )
    if pa.types.is_list(expected):
        if not pa.types.is_list(actual):
            return _differs(expected, actual, where)
        return type_fault(expected.value_type, actual.value_type, f"{where}[]")
    if expected != actual:
        return _differs(expected, actual, where)
    return None


def _differs(expected: Any, actual: Any, where: str) -> str:
    place = f" at {where}" if where else ""
    return f"is {actual}{place}, expected {expected}"


def check_columns(
    where: str, expected: Any, actual: Any, *, allowed: tuple[str, ...] = ()
) -> list[ErrorDetail]:
    """
    Every fault of the schema *actual* against the schema *expected*, at path *where*.

    Args:
        where: The table or file, the path of each fault.
        expected: The generated schema.
        actual: The schema given.
        allowed: Further columns the caller handles itself (``position``).
    """
    errors: list[ErrorDetail] = []
    counts = collections.Counter(actual.names)
    for name, count in counts.items():
        if count > 1:
            errors.append(ErrorDetail(where, f"column {name!r} appears {count} times"))
    for field in actual:
        if field.name in allowed or counts[field.name] > 1:
            continue
        index = expected.get_field_index(field.name)
        if index < 0:
            errors.append(ErrorDetail(where, f"unknown column {field.name!r}"))
            continue
        fault = type_fault(expected.field(index).type, field.type)
        if fault is not None:
            if fault.startswith("is "):
                errors.append(ErrorDetail(where, f"column {field.name!r} {fault}"))
            else:
                errors.append(ErrorDetail(where, f"column {field.name!r}: {fault}"))
    return errors


def check_table_data(where: str, table: Any) -> list[ErrorDetail]:
    """The fault Arrow's full validation finds in *table* (bad UTF-8, offsets, indices), if any."""
    try:
        table.validate(full=True)
    except (pa.ArrowException, ValueError) as error:
        return [ErrorDetail(where, f"invalid Arrow data: {error}")]
    return []


def read_header(where: str, metadata: Any) -> dict[str, Any] | None:
    """
    The version and extensions in schema *metadata* (None when it has none), validated.

    The result holds ``schema_version`` (upgraded to the current one when a
    migration applies) and ``extensions``, as a `Dataset` document would.

    Raises:
        ValidationError: The metadata is not JSON, not an object, holds other
            keys, or a version or extensions the JSON loader refuses; the path
            is *where*, the message names the key.
    """
    if not metadata or METADATA_KEY not in metadata:
        return None
    try:
        shell = _header_document(metadata[METADATA_KEY])
    except ValidationError as error:
        raise ValidationError(
            [
                ErrorDetail(where, f"metadata {_metadata_path(detail.path)}: {detail.message}")
                for detail in error.errors
            ]
        ) from None
    return {"schema_version": shell.schema_version, "extensions": shell.extensions}


def _header_document(text: bytes) -> Dataset:
    """The dataset (without records) a metadata text describes, as the JSON loader reads it."""
    document = parse_json(text, strict=True)
    if type(document) is not dict:
        raise ValidationError([ErrorDetail("$", f"{describe(document)} is not an object")])
    unknown = sorted(set(document) - set(_HEADER_KEYS))
    if unknown:
        raise ValidationError([ErrorDetail(key, f"unknown field {key!r}") for key in unknown])
    shell: Dataset = from_dict(document, Dataset)
    return shell


def _metadata_path(path: str) -> str:
    name = METADATA_KEY.decode()
    if not path or path == "$":
        return name
    return f"{name}{path}" if path.startswith("[") else f"{name}.{path}"
