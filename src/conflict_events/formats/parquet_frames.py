"""
The frames of a Parquet dataset directory, computed on its columns (extra ``arrow``).

Reading the whole dataset to make a frame would build every event as an
object only to flatten it again. Here the events' columns that the frame
shows are read from the part files as Arrow arrays and the frame is computed
with ``pyarrow.compute``. The small tables (actors, locations, sources) are
read as records, as `read_parquet` reads them; the events' columns are
checked in bulk as reading checks them: ids by pattern and uniqueness, event
types, dates against their EDTF text (`conflict_events.formats.edtf_columns`),
each distinct figure, participant role and classification by the
converter's own test, references against the records read, the values a
row's type has no field for, the fields a type requires, and the rules
between its role fields (no holder among the contesters, no one besieging
and besieged).

At the first fault the directory is read with `read_parquet` instead, so a
fault is reported exactly as reading reports it (by table, row and column).
The columns no frame shows are not read, so not checked: `read_parquet` and
``conflict-events validate`` check a directory whole.
"""

from __future__ import annotations

import concurrent.futures
import functools
import typing
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

# numpy comes with pandas, part of the extra; the extra is checked by conflict_events.formats.arrow.
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from conflict_events.collector import paused
from conflict_events.errors import ErrorDetail, ValidationError
from conflict_events.formats.arrow import (
    _POSITION,
    _ordered,
    _records,
    arrow_schema,
    checked_parts,
    read_parquet,
    read_part,
    whole_table,
)
from conflict_events.formats.documents import FAST_DATA_ERRORS
from conflict_events.formats.edtf_columns import when_rows
from conflict_events.formats.event_column_checks import (
    PLAIN,
    TYPES,
    WHEN,
    Fault,
    KnownIds,
    all_role_fields,
    check_columns,
    require,
    role_columns,
    roles_of,
)
from conflict_events.formats.frames import _Places, _schemas
from conflict_events.model import (
    Actor,
    Location,
    Participant,
    Role,
    Source,
)
from conflict_events.model.dataset import collection_faults
from conflict_events.model.description import ReferenceKind
from conflict_events.model.locations import ancestors
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START

__all__ = ["computed_on_columns", "event_actors_table", "events_table"]

#: Nested columns read in part: the list column and the fields of its items.
_NESTED: Final = {"participants": ("actor", "role"), "attributions": ("source",)}


def events_table(root: Path) -> Any:
    """The table of `conflict_events.formats.frames.events_frame` for a Parquet directory."""
    columns = _checked_columns(root)
    if columns is None:
        return _read_whole(root, "events")
    table, failure = _speculatively(_events, columns)
    if not columns.confirmed():
        return _read_whole(root, "events")
    if failure is not None:
        raise failure
    return table


def _speculatively(build: Callable[[_Columns], Any], columns: _Columns) -> tuple[Any, Any]:
    """
    *build* of columns whose checks are still running: its table, or what it raised.

    Bad data may make the build fail or warn before its checks say so; what
    it raised counts only once the checks have passed.
    """
    with paused(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return build(columns), None
        except Exception as error:  # noqa: BLE001 - raised again if the data was valid
            return None, error


def event_actors_table(root: Path) -> Any:
    """The table of `conflict_events.formats.frames.event_actors_frame` for a Parquet directory."""
    columns = _checked_columns(root)
    if columns is None or not columns.confirmed():
        return _read_whole(root, "event_actors")
    rows, actors, roles = _role_rows(columns)
    return pa.Table.from_arrays(
        [
            pc.take(columns.data["id"], pa.array(rows)),
            actors,
            roles.dictionary_encode(),
        ],
        schema=_schemas()[1],
    )


def computed_on_columns(root: Path) -> bool:
    """Whether the frames of directory *root* are computed on its columns (else read whole)."""
    columns = _checked_columns(root)
    return columns is not None and columns.confirmed()


def _read_whole(root: Path, frame: str) -> Any:
    """
    The frame (``events`` or ``event_actors``) of the dataset read whole with `read_parquet`.

    What the columns could not give: at a fault, `read_parquet` raises it.
    """
    from conflict_events.formats import frames  # noqa: PLC0415 - frames imports this module lazily

    dataset = read_parquet(root)
    return frames.events_table(dataset) if frame == "events" else frames.event_actors_table(dataset)


# -- reading --------------------------------------------------------------------------------


@attrs.frozen
class _Columns:
    """The checked columns of the events, in order, and the records of the other tables."""

    data: dict[str, Any]
    codes: Any  # per row, the index of its type in TYPES (a numpy array)
    others: _Others
    when: Any  # per row, the start's precision
    checks: concurrent.futures.Future[None]

    def confirmed(self) -> bool:
        """Whether the checks still running found nothing amiss."""
        try:
            self.checks.result()
        except (Fault, *FAST_DATA_ERRORS):
            return False
        return True


def _wanted(schema: Any) -> list[str]:
    names = set(schema.names)
    plain = [name for name in (*PLAIN, *role_columns(), _POSITION) if name in names]
    nested = [
        f"{name}.list.element.{leaf}"
        for name, leaves in _NESTED.items()
        if name in names
        for leaf in leaves
    ]
    return plain + nested


def _checked_columns(root: Path) -> _Columns | None:
    """The columns of the frames, or None when anything is amiss (read whole to say what)."""
    if not root.is_dir():
        return None
    try:
        _, files, positions = checked_parts(root)
    except ValidationError:
        return None
    errors: list[ErrorDetail] = []
    with paused():
        data = _events_columns(root, files.get("events", []), positions.get("events", []))
        if data is None:
            return None
        tables = {
            name: whole_table(root, name, files.get(name, []), positions.get(name, []), errors)
            for name in _OTHER_TABLES
        }
        if errors:
            return None
        others = _Others.read(tables, data["id"])
        if others is None:
            return None
        try:
            return _checked(data, others)
        except (Fault, *FAST_DATA_ERRORS):
            return None


_OTHER_TABLES: Final = ("actors", "locations", "sources")


class _EventIds(Mapping[str, None]):
    """The events' ids as the reference check looks them up: a set made on first use."""

    def __init__(self, ids: Any) -> None:
        self._ids = ids
        self._known: set[str] | None = None

    def _set(self) -> set[str]:
        if self._known is None:
            self._known = set(self._ids.to_pylist())
        return self._known

    def __contains__(self, ident: object) -> bool:
        return ident in self._set()

    def __getitem__(self, ident: str) -> None:
        if ident not in self._set():
            raise KeyError(ident)

    def __iter__(self) -> Iterator[str]:
        return iter(self._set())

    def __len__(self) -> int:
        return len(self._set())


@attrs.frozen
class _Others:
    """The actors, locations and sources, read as records and checked; the frames' place book."""

    actors: tuple[Actor, ...]
    sources: tuple[Source, ...]
    places: dict[str, Location]

    @classmethod
    def read(cls, tables: dict[str, Any], event_ids: Any) -> _Others | None:
        """
        The records of the checked *tables*, or None at a fault.

        As a dataset checks them (`collection_faults`): ids unique in each
        table, every reference resolving (to the events by *event_ids*), no
        location its own ancestor.
        """
        errors: list[ErrorDetail] = []
        records = {
            name: [record for _, record in _records(name, tables[name], _collect(errors))]
            for name in _OTHER_TABLES
        }
        if errors:
            return None
        indexes, faults = collection_faults(records, {ReferenceKind.EVENT: _EventIds(event_ids)})
        if faults:
            return None
        places = typing.cast("dict[str, Location]", indexes[ReferenceKind.LOCATION])
        return cls(tuple(records["actors"]), tuple(records["sources"]), places)

    def location(self, ident: str) -> Location:
        """The location of id *ident*."""
        return self.places[ident]

    def ancestors(self, ident: str) -> list[Location]:
        """The parents of location *ident*, nearest first."""
        return ancestors(self.places, ident)


def _collect(errors: list[ErrorDetail]) -> Callable[[int, ErrorDetail], None]:
    return lambda _, detail: errors.append(detail)


def _events_columns(root: Path, paths: list[Path], positioned: list[bool]) -> dict[str, Any] | None:
    errors: list[ErrorDetail] = []
    parts = []
    for path in paths:
        part = read_part(root, path, errors, _wanted)
        if part is None:
            return None
        parts.append(_normalised(part))
    if not parts:
        return _normalised(pa.table({}))
    joined = pa.table({name: pa.concat_arrays([part[name] for part in parts]) for name in parts[0]})
    ordered = _ordered("events", joined, positioned, errors)
    if errors:
        return None
    return {name: ordered.column(name).combine_chunks() for name in ordered.column_names}


def _normalised(part: Any) -> dict[str, Any]:
    """A part's columns as plain arrays of fixed types (nulls for the columns it has not)."""
    schema = arrow_schema("events")
    count = part.num_rows
    found = set(part.column_names)
    data: dict[str, Any] = {}
    for name in (*PLAIN, *role_columns()):
        kind = schema.field(name).type
        column = part.column(name).combine_chunks() if name in found else pa.nulls(count, kind)
        data[name] = column.cast(pa.string()) if pa.types.is_dictionary(kind) else column
    for name, leaves in _NESTED.items():
        for leaf in leaves:
            data[f"{name}.{leaf}"] = (
                _leaf_list(part.column(name).combine_chunks(), leaf)
                if name in found
                else pa.nulls(count, pa.list_(pa.string()))
            )
    if _POSITION in found:
        data[_POSITION] = part.column(_POSITION).combine_chunks()
    return data


def _leaf_list(lists: Any, leaf: str) -> Any:
    """The *leaf* field of each item of a list of structs, as a list of strings per row."""
    items = lists.values
    if items.null_count:
        raise Fault
    values = items.field(leaf)
    if pa.types.is_dictionary(values.type):
        values = values.cast(pa.string())
    return pa.ListArray.from_arrays(lists.offsets, values, mask=lists.is_null())


# -- the checks the frames wait for ---------------------------------------------------------


def _checked(data: dict[str, Any], others: _Others) -> _Columns:
    """
    The columns with what the frames need of the checks (each row's type, its start's precision).

    The other checks run meanwhile on a thread of their own (pyarrow and numpy
    let go of the interpreter while they work); `_Columns.confirmed` waits
    for them.
    """
    tags = data["type"]
    require(tags.null_count == 0)
    codes = pc.index_in(tags, value_set=pa.array(TYPES))
    require(codes.null_count == 0)
    when = when_rows(data["when_edtf"], [data[name] for name in WHEN[1:]])
    if when is None:
        raise Fault
    known = KnownIds(
        pa.array(list(others.places), pa.string()),
        pa.array([actor.id for actor in others.actors], pa.string()),
        pa.array([source.id for source in others.sources], pa.string()),
    )
    type_codes = codes.to_numpy(zero_copy_only=False)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    checks = pool.submit(check_columns, data, type_codes, known)
    pool.shutdown(wait=False)
    return _Columns(data, type_codes, others, when, checks)


# -- the frames -----------------------------------------------------------------------------


def _role_rows(columns: _Columns, *, with_roles: bool = True) -> tuple[Any, Any, Any]:
    """
    Every (row, actor, role) the events name, as `event_actor_roles` yields them.

    In row order, then in the order of the row's type's fields, then in list
    order; the role is the participant's role or the field's name.
    """
    data, codes = columns.data, columns.codes
    ranks = _ranks()
    found_rows, found_ranks, found_actors, found_roles = [], [], [], []
    for name, participants in all_role_fields():
        column = data["participants.actor" if participants else name]
        if pa.types.is_list(column.type):
            rows = pc.list_parent_indices(column).to_numpy()
            actors = pc.list_flatten(column)
        else:
            rows = pc.indices_nonzero(column.is_valid()).to_numpy()
            actors = pc.take(column, pa.array(rows))
        if not with_roles:
            roles = None
        elif participants:
            roles = pc.fill_null(pc.list_flatten(data["participants.role"]), _default_role())
        else:
            roles = pa.repeat(pa.scalar(name, pa.string()), len(actors))
        found_rows.append(rows.astype(np.int64))
        found_ranks.append(ranks[name][codes[rows]])
        found_actors.append(actors)
        found_roles.append(roles)
    rows = np.concatenate(found_rows)
    rank = np.concatenate(found_ranks)
    # Stable: the items of one field keep their list order.
    order = np.argsort(rows * (int(rank.max(initial=0)) + 1) + rank, kind="stable")
    taken = pa.array(order)
    actors = pa.concat_arrays(found_actors).take(taken)
    roles = pa.concat_arrays(found_roles).take(taken) if with_roles else None
    return rows[order], actors, roles


@functools.cache
def _ranks() -> dict[str, Any]:
    """Per role field, its place among each event type's role fields (by type index)."""
    ranks: dict[str, Any] = {}
    for name, _ in all_role_fields():
        per_type = np.zeros(len(TYPES), np.int64)
        for index, tag in enumerate(TYPES):
            order = [field for field, _ in roles_of(tag)]
            per_type[index] = order.index(name) if name in order else len(order)
        ranks[name] = per_type
    return ranks


@functools.cache
def _default_role() -> str:
    default = typing.cast("Role", attrs.fields_dict(Participant)["role"].default)
    return default.value


#: The longest run of one row's items deduplicated by comparing neighbours (else by sorting).
_SHORT_RUN: Final = 16


def _first_each(rows: Any, values: Any, count: int) -> Any:
    """Per row of *count*, the list of its *values* (grouped by *rows*, in order) each once."""
    rows = np.asarray(rows, np.int64)
    codes = pc.dictionary_encode(values).indices.to_numpy(zero_copy_only=False).astype(np.int64)
    sizes = np.bincount(rows, minlength=count)
    longest = int(sizes.max(initial=0))
    if longest <= _SHORT_RUN:
        # An item is a repeat when one of the few before it in its row is the same.
        repeat = np.zeros(len(rows), bool)
        for back in range(1, longest):
            same = (codes[back:] == codes[:-back]) & (rows[back:] == rows[:-back])
            repeat[back:] |= same
        kept = np.flatnonzero(~repeat)
    else:
        _, first = np.unique(rows * (int(codes.max()) + 1) + codes, return_index=True)
        kept = np.sort(first)
    if len(kept) < len(rows):
        sizes = np.bincount(rows[kept], minlength=count)
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(starts), pc.take(values, pa.array(kept)))


def _events(columns: _Columns) -> Any:
    data, others = columns.data, columns.others
    count = len(data["id"])
    rows, actors, _ = _role_rows(columns, with_roles=False)
    sources = data["attributions.source"]
    source_rows = pc.list_parent_indices(sources).to_numpy()
    named = pc.list_flatten(sources)
    valid = named.is_valid()
    places = _place_columns(data["location"], others)
    classification = _first_classification(data["classifications"])
    frame = {
        "id": data["id"],
        "type": data["type"],
        "earliest": _bound(data["when_earliest"], UNBOUNDED_START),
        "latest": _bound(data["when_latest"], UNBOUNDED_END),
        "precision": columns.when,
        "location": data["location"],
        **places,
        "fatalities_low": data["fatalities_low"],
        "fatalities_best": data["fatalities_best"],
        "fatalities_high": data["fatalities_high"],
        "fatalities_qualifier": data["fatalities_qualifier"],
        "actors": _first_each(rows, actors, count),
        "sources": _first_each(
            pc.filter(pa.array(source_rows), valid).to_numpy(), pc.filter(named, valid), count
        ),
        "classification": classification,
    }
    schema = _schemas()[0]
    return pa.Table.from_arrays(
        [_typed(frame[field.name], field) for field in schema], schema=schema
    )


def _typed(column: Any, field: Any) -> Any:
    if pa.types.is_dictionary(field.type):
        if pa.types.is_dictionary(column.type):
            return column
        return column.dictionary_encode()
    return column.cast(field.type)


def _bound(days: Any, open_side: Any) -> Any:
    """The dates of *days*, null where they stand for an open side."""
    dates = days.cast(pa.date32())
    return pc.if_else(pc.equal(dates, pa.scalar(open_side, pa.date32())), None, dates)


_PLACE_COLUMNS: Final = ("location_name", "country", "admin1", "admin2", "latitude", "longitude")
_PLACE_ENUMS: Final = frozenset({"country", "admin1", "admin2"})
_PLACE_TYPES: Final = (
    pa.string(),
    pa.string(),
    pa.string(),
    pa.string(),
    pa.float64(),
    pa.float64(),
)


def _place_columns(location: Any, others: _Others) -> dict[str, Any]:
    """The place columns of each row, each distinct location resolved once."""
    encoded = pc.dictionary_encode(location)
    places = _Places(others)
    resolved = [places(ident) for ident in encoded.dictionary.to_pylist()]
    columns = {}
    for index, (name, kind) in enumerate(zip(_PLACE_COLUMNS, _PLACE_TYPES, strict=True)):
        values = pa.array([place[index] for place in resolved], kind)
        if name in _PLACE_ENUMS:
            # Each distinct value once, in the order of the locations' first rows.
            codes = pc.dictionary_encode(values)
            columns[name] = pa.DictionaryArray.from_arrays(
                pc.take(codes.indices, encoded.indices), codes.dictionary
            )
        else:
            columns[name] = pc.take(values, encoded.indices)
    return columns


def _first_classification(column: Any) -> Any:
    """The first classification of each row as ``scheme:a/b/c``, null where there is none."""
    lengths = pc.fill_null(pc.list_value_length(column), 0).to_numpy()
    has = lengths > 0
    # Each row's first item, in the flattened items: where the row's items start.
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(lengths) else lengths
    first = pc.take(pc.list_flatten(column), pa.array(starts[has]))
    written = pc.binary_join_element_wise(
        first.field("scheme"), pc.binary_join(first.field("path"), "/"), ":"
    )
    positions = np.cumsum(has) - 1
    return pc.take(written, pa.array(positions, mask=~has))
