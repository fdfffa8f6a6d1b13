"""
Merging datasets: one record per id, and a conflict whenever one id names two different records.

Imports of the same data (two overlapping exports, a file read again) give the
same ids for the same content (see `conflict_events.formats.ids`), so merging
them is a union by id: a record met again with the same content is kept once.
The same id with different content is never renamed or dropped: every such
conflict is raised at once, as a `ValidationError` naming the record, the field
and both values.

``extensions`` (a dataset's and each record's) are merged key by key, into
nested objects: a key only one side has is kept, the same key with two
different values is a conflict. So an event two ACLED files give alike except
for the cells each kept (``extensions['acled']['columns']``) is one event
holding both sets of cells; the same cell written two ways is a conflict,
since writing the merged event back could give only one of them.

The result's order is deterministic: the first dataset's records in their
order, then each later dataset's new records in theirs.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.model.dataset import Dataset
from conflict_events.model.description import description
from conflict_events.model.record_kinds import COLLECTIONS

__all__ = ["merge"]


def _show(value: object) -> str:
    if isinstance(value, enum.Enum):
        return describe(value.value)
    return describe(value)


def _key(path: str, key: str) -> str:
    return f"{path}[{key!r}]"


def _merge_extensions(
    path: str,
    first: Mapping[str, Any],
    second: Mapping[str, Any],
    where: _Where,
    errors: list[ErrorDetail],
) -> dict[str, Any]:
    """*first* and *second* key by key, into nested objects; a key with two values is an error."""
    merged = dict(first)
    for key, value in second.items():
        if key not in merged:
            merged[key] = value
            continue
        mine = merged[key]
        if mine == value:
            continue
        if isinstance(mine, Mapping) and isinstance(value, Mapping):
            merged[key] = _merge_extensions(_key(path, key), mine, value, where, errors)
        else:
            errors.append(_conflict(_key(path, key), mine, value, where))
    return merged


#: Where each side of a conflict comes from: (the first side, the dataset of the second).
_Where = tuple[str, int]


def _conflict(path: str, first: object, second: object, where: _Where) -> ErrorDetail:
    one, two = where
    return ErrorDetail(
        path,
        f"{_show(first)} in {one} but {_show(second)} in dataset {two + 1}; "
        "merging cannot choose between them",
    )


def _earlier(position: int) -> str:
    """The datasets merged before dataset *position* (0-based), which an extension key came from."""
    return "dataset 1" if position == 1 else f"datasets 1 to {position}"


def _merge_record(
    path: str, first: Any, second: Any, where: tuple[int, int], errors: list[ErrorDetail]
) -> Any:
    """
    The record *first* and *second* both are, or *first* after reporting how they differ.

    *where* holds the dataset *first* came from and the one *second* comes from.
    """
    one, two = where
    if type(first) is not type(second):
        errors.append(
            ErrorDetail(
                path,
                f"{type(first).__name__} in dataset {one + 1} but "
                f"{type(second).__name__} in dataset {two + 1}; one id names one record",
            )
        )
        return first
    found = len(errors)
    extensions: dict[str, Any] | None = None
    for field in description(type(first)).fields:
        mine, theirs = getattr(first, field.name), getattr(second, field.name)
        if mine == theirs:
            continue
        if field.name == "extensions":
            earlier = (_earlier(two), two)
            extensions = _merge_extensions(f"{path}.extensions", mine, theirs, earlier, errors)
        else:
            errors.append(
                _conflict(f"{path}.{field.name}", mine, theirs, (f"dataset {one + 1}", two))
            )
    if extensions is None or len(errors) > found:
        return first
    return attrs.evolve(first, extensions=extensions)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def merge(*datasets: Dataset) -> Dataset:
    """
    One dataset of every record of *datasets*, each id once.

    Records with the same id and the same content become one (their
    ``extensions`` merged key by key); the result holds the first dataset's
    records in order, then each later one's new records. The schema version is
    the highest of the inputs.

    Raises:
        ValidationError: One id names different records (paths ``actors[<id>].kind``,
            ``events[<id>].extensions['acled']['columns']['notes']`` ...), or two
            datasets give one ``extensions`` key different values; every conflict,
            each with both values.
    """
    if not datasets:
        return Dataset()
    if len(datasets) == 1:
        return datasets[0]
    errors: list[ErrorDetail] = []
    collections: dict[str, dict[str, Any]] = {name: {} for name in COLLECTIONS}
    origin: dict[tuple[str, str], int] = {}
    for position, dataset in enumerate(datasets):
        for name, merged in collections.items():
            for record in getattr(dataset, name):
                known = merged.get(record.id)
                if known is None:
                    merged[record.id] = record
                    origin[name, record.id] = position
                elif known != record:
                    path = f"{name}[{record.id}]"
                    pair = (origin[name, record.id], position)
                    merged[record.id] = _merge_record(path, known, record, pair, errors)
    extensions: dict[str, Any] = dict(datasets[0].extensions)
    for position, dataset in enumerate(datasets[1:], 1):
        earlier = (_earlier(position), position)
        extensions = _merge_extensions(
            "extensions", extensions, dataset.extensions, earlier, errors
        )
    if errors:
        raise ValidationError(errors)
    return Dataset(
        schema_version=max((d.schema_version for d in datasets), key=_version),
        extensions=extensions,
        **{name: tuple(merged.values()) for name, merged in collections.items()},
    )
