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
    list_items,
    reference_codes,
    require,
    role_columns,
    roles_of,
)
from conflict_events.formats.frames import _schemas
from conflict_events.model import (
    Actor,
    Location,
    LocationKind,
    Participant,
    Role,
    Source,
)
from conflict_events.model.dataset import collection_faults
from conflict_events.model.description import ReferenceKind
from conflict_events.model.locations import MAX_ANCESTORS, ancestors
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
    known: KnownIds
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
    with paused():
        try:
            return _read_and_checked(root, files, positions)
        except (Fault, *FAST_DATA_ERRORS):
            return None


def _read_and_checked(
    root: Path, files: dict[str, list[Path]], positions: dict[str, list[bool]]
) -> _Columns | None:
    """The columns of `_checked_columns` (None, or `Fault`, when anything is amiss)."""
    errors: list[ErrorDetail] = []
    part_errors: list[ErrorDetail] = []
    # The events' part files are read on a thread (pyarrow lets go of the interpreter)
    # while the other tables are read as records here. The texts that name a reference
    # or a date are read as dictionaries (`_dictionary_leaves`).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(
            lambda: [
                read_part(root, path, part_errors, _wanted, _dictionary_leaves())
                for path in files.get("events", [])
            ]
        )
        tables = {
            name: whole_table(root, name, files.get(name, []), positions.get(name, []), errors)
            for name in _OTHER_TABLES
        }
        others = None if errors else _Others.read(tables, _EventIds(reading, part_errors))
        parts = reading.result()
    if errors or part_errors or others is None:
        return None
    known = KnownIds(
        pa.array(list(others.places), pa.string()),
        pa.array([actor.id for actor in others.actors], pa.string()),
        pa.array([source.id for source in others.sources], pa.string()),
    )
    data = _events_columns(parts, positions.get("events", []), known)
    if data is None:
        return None
    return _checked(data, others, known)


_OTHER_TABLES: Final = ("actors", "locations", "sources")


class _EventIds(Mapping[str, None]):
    """
    The events' ids as the reference check looks them up: a set made on first use.

    From the part files still being read (*reading*); none when a part has a
    fault (in *errors*: the frames are then not computed on the columns).
    """

    def __init__(
        self, reading: concurrent.futures.Future[list[Any]], errors: list[ErrorDetail]
    ) -> None:
        self._reading = reading
        self._errors = errors
        self._known: set[str] | None = None

    def _set(self) -> set[str]:
        if self._known is None:
            parts = self._reading.result()
            chunks = (
                [] if self._errors else [c for p in parts for c in _chunks(p, "id", pa.string())]
            )
            self._known = set(_joined(chunks, pa.string()).to_pylist())
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
    def read(cls, tables: dict[str, Any], event_ids: Mapping[str, None]) -> _Others | None:
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
        indexes, faults = collection_faults(records, {ReferenceKind.EVENT: event_ids})
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


@functools.cache
def _dictionary_leaves() -> tuple[str, ...]:
    """The Parquet paths of the texts read as dictionaries: dates, qualifiers, classes, ids."""
    paths = [
        *_AS_READ[:-1],
        "classifications.list.element.scheme",
        "classifications.list.element.path.list.element",
    ]
    for name, kind in _references().items():
        column, _, leaf = name.partition(".")
        if leaf:
            paths.append(f"{column}.list.element.{leaf}")
        elif kind is _LIST:
            paths.append(f"{name}.list.element")
        else:
            paths.append(name)
    return tuple(paths)


#: The columns kept as read (their texts dictionaries), besides the references.
_AS_READ: Final = ("when_edtf", "when_precision", "fatalities_qualifier", "classifications")
_LIST: Final = "list"
_ONE: Final = "one"


@functools.cache
def _references() -> dict[str, str]:
    """Each column read that names a record, by whether it is a list or one value."""
    schema = arrow_schema("events")
    found = {"location": _ONE}
    for name in role_columns():
        found[name] = _LIST if pa.types.is_list(schema.field(name).type) else _ONE
    for name, leaves in _NESTED.items():
        for leaf in leaves:
            if leaf != "role":
                found[f"{name}.{leaf}"] = _LIST
    return found


def _known_of(name: str, known: KnownIds) -> Any:
    """The ids column *name* may name."""
    if name == "location":
        return known.locations
    if name == "attributions.source":
        return known.sources
    return known.actors


def _events_columns(
    parts: list[Any], positioned: list[bool], known: KnownIds
) -> dict[str, Any] | None:
    """
    The events' columns the frames read, each one array over all part files, in order.

    A column naming records holds each one's index among the *known* ids
    (`reference_codes`: `Fault` at one not known). Each column is copied
    once: the chunks of every row group of every part are joined together
    (`_joined`), and taken in order only when the parts keep positions.
    """
    data = {
        name: _joined(
            [_as_kept(chunk, name, known) for part in parts for chunk in _chunks(part, name, kind)],
            kind,
        )
        for name, kind in _read_columns().items()
    }
    if not any(positioned):
        return data
    if all(positioned):
        data[_POSITION] = _joined([c for part in parts for c in part.column(_POSITION).chunks])
    errors: list[ErrorDetail] = []
    ordered = _ordered("events", pa.table(data), positioned, errors)
    if errors:
        return None
    return {name: _joined(ordered.column(name).chunks) for name in ordered.column_names}


def _as_kept(chunk: Any, name: str, known: KnownIds) -> Any:
    """A chunk of column *name* as the frames keep it: references as indexes among known ids."""
    if name not in _references() or chunk.type == _read_columns()[name]:
        return chunk  # not a reference, or the nulls of a column the part has not
    return reference_codes(chunk, _known_of(name, known))


@functools.cache
def _read_columns() -> dict[str, Any]:
    """
    The type of each events' column as the frames keep it.

    The ``type`` column is read as each row's index in `TYPES` (null for a type
    there is not): the frames need no more of it. The columns naming records
    hold indexes among the known ids (``int32``); the date's text and precision, the
    fatalities' qualifier and the classifications' texts are dictionaries, as
    read; the other texts are strings.
    """
    schema = arrow_schema("events")
    kinds: dict[str, Any] = {}
    for name in (*PLAIN, *role_columns()):
        kind = schema.field(name).type
        kinds[name] = pa.string() if pa.types.is_dictionary(kind) else kind
    kinds["type"] = pa.int32()
    text = pa.dictionary(pa.int32(), pa.string())
    for name in _AS_READ[:-1]:
        kinds[name] = text
    kinds["classifications"] = pa.list_(pa.struct([("scheme", text), ("path", pa.list_(text))]))
    for name, leaves in _NESTED.items():
        for leaf in leaves:
            kinds[f"{name}.{leaf}"] = pa.list_(pa.string())
    for name, kind in _references().items():
        kinds[name] = pa.list_(pa.int32()) if kind is _LIST else pa.int32()
    return kinds


def _chunks(part: Any, name: str, kind: Any) -> list[Any]:
    """The chunks of column *name* of a part as read (nulls when the part has not that column)."""
    column, _, leaf = name.partition(".")
    if column not in part.column_names:
        return [pa.nulls(part.num_rows, kind)]
    chunks = part.column(column).chunks
    if leaf:
        return [_leaf_list(chunk, leaf) for chunk in chunks]
    if name == "type":
        return [_type_codes(chunk) for chunk in chunks]
    if name in _references() or name in _AS_READ:
        return list(chunks)  # as read: dictionaries (references coded by `_as_kept`)
    return [chunk if chunk.type == kind else chunk.cast(kind) for chunk in chunks]


def _type_codes(tags: Any) -> Any:
    """The index in `TYPES` of each of *tags*, looked up once per value of a dictionary."""
    if pa.types.is_dictionary(tags.type):
        return pc.take(pc.index_in(tags.dictionary, value_set=_type_names()), tags.indices)
    return pc.index_in(tags, value_set=_type_names())


def _joined(chunks: list[Any], kind: Any = None) -> Any:
    """One array of *chunks* (of type *kind* when none), copied only if there are several."""
    if len(chunks) == 1:
        return chunks[0]
    if not chunks:
        return pa.array([], kind)
    return pa.concat_arrays(chunks)


def _leaf_list(lists: Any, leaf: str) -> Any:
    """The *leaf* field of each item of a list of structs, as a list per row (texts as read)."""
    items = lists.values
    if items.null_count:
        raise Fault
    values = items.field(leaf)
    if leaf == "role" and pa.types.is_dictionary(values.type):
        values = values.cast(pa.string())
    return pa.ListArray.from_arrays(lists.offsets, values, mask=lists.is_null())


# -- the checks the frames wait for ---------------------------------------------------------


def _checked(data: dict[str, Any], others: _Others, known: KnownIds) -> _Columns:
    """
    The columns with what the frames need of the checks (each row's type, its start's precision).

    *known* are the ids the references may name, those of *others*.

    The other checks run meanwhile on a thread of their own (pyarrow and numpy
    let go of the interpreter while they work); `_Columns.confirmed` waits
    for them.
    """
    codes = data["type"]  # each row's index in TYPES, null for no type or another
    require(codes.null_count == 0)
    type_codes = codes.to_numpy(zero_copy_only=False)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    checks = pool.submit(check_columns, data, type_codes)
    pool.shutdown(wait=False)
    when = when_rows(data["when_edtf"], [data[name] for name in WHEN[1:]])
    if when is None:
        checks.cancel()
        raise Fault
    return _Columns(data, type_codes, others, when, known, checks)


# -- the frames -----------------------------------------------------------------------------


def _role_rows(columns: _Columns) -> tuple[Any, Any, Any]:
    """
    Every (row, actor, role) the events name, as `event_actor_roles` yields them.

    In row order, then in the order of the row's type's fields, then in list
    order; the role is the participant's role or the field's name.
    """
    data = columns.data
    found_rows, found_codes, found_roles = [], [], []
    for name, participants, rows, codes in _role_items(columns):
        if participants:
            roles = pc.fill_null(list_items(data["participants.role"]), _default_role())
        else:
            roles = pa.repeat(pa.scalar(name, pa.string()), len(rows))
        found_rows.append(rows)
        found_codes.append(codes)
        found_roles.append(roles)
    order = _row_order(found_rows)
    actors = pc.take(columns.known.actors, pa.array(_concatenated(found_codes)[order]))
    roles = (
        pa.concat_arrays(found_roles).take(pa.array(order))
        if found_roles
        else pa.array([], pa.string())
    )
    return _concatenated(found_rows)[order], actors, roles


def _named_actors(columns: _Columns) -> tuple[Any, Any]:
    """
    The row and actor (its index among the known actors) of every actor the events name in a role.

    In the order of `_role_rows`, without building the role or the actor
    strings: `_unique_lists` takes the ids once each row's repeats are gone.
    """
    found = _role_items(columns)
    rows = [item_rows for _, _, item_rows, _ in found]
    order = _row_order(rows)
    return _concatenated(rows)[order], _concatenated([codes for *_, codes in found])[order]


def _role_items(columns: _Columns) -> list[tuple[str, bool, Any, Any]]:
    """
    Per role field that names anyone, in `all_role_fields` order, its items.

    Each as the field's name, whether it is the participants, and per item its
    row and its actor (the index among the known actors).
    """
    require(_fields_in_every_types_order())  # else `_row_order` would not give the types' order
    found = []
    for name, participants in all_role_fields():
        column = columns.data["participants.actor" if participants else name]
        if column.null_count < len(column):
            found.append((name, participants, *_item_codes(column)))
    return found


@functools.cache
def _fields_in_every_types_order() -> bool:
    """Whether `all_role_fields` lists the role fields of every event type in that type's order."""
    place = {name: index for index, (name, _) in enumerate(all_role_fields())}
    return all(
        [place[name] for name, _ in roles_of(tag)]
        == sorted(place[name] for name, _ in roles_of(tag))
        for tag in TYPES
    )


def _item_codes(column: Any) -> tuple[Any, Any]:
    """Per item of reference *column* (a list's items, a plain column's values): row and code."""
    if pa.types.is_list(column.type):
        rows = np.asarray(pc.list_parent_indices(column), np.int64)
        return rows, _numbers(list_items(column))
    rows = np.flatnonzero(column.is_valid().to_numpy(zero_copy_only=False))
    return rows, pc.fill_null(column, 0).to_numpy().astype(np.int64)[rows]


def _row_order(item_rows: list[Any]) -> Any:
    """
    The order that puts the items of the fields' *item_rows* in row order.

    A row's items stay field by field in the order given, and a field's in
    their order: the sort is stable, and only the rows are compared.
    """
    return np.argsort(_concatenated(item_rows), kind="stable")


def _concatenated(arrays: list[Any]) -> Any:
    return np.concatenate(arrays) if arrays else np.zeros(0, np.int64)


@functools.cache
def _default_role() -> str:
    default = typing.cast("Role", attrs.fields_dict(Participant)["role"].default)
    return default.value


def _items(column: Any) -> tuple[Any, Any]:
    """The row of each item of *column* (a list's items, a plain column's values) and the items."""
    if pa.types.is_list(column.type):
        return np.asarray(pc.list_parent_indices(column), np.int64), list_items(column)
    rows = pc.indices_nonzero(column.is_valid())
    return rows.to_numpy().astype(np.int64), pc.take(column, rows)


def _numbers(codes: Any) -> Any:
    """The indexes *codes* (an Arrow array) as numpy; `Fault` at a null."""
    if codes.null_count:
        raise Fault  # the checks refuse it too: the frame is not used
    return codes.to_numpy().astype(np.int64)


#: The longest run of one row's items deduplicated by comparing neighbours (else by sorting).
_SHORT_RUN: Final = 16


def _unique_lists(rows: Any, codes: Any, count: int, values: Any) -> Any:
    """
    Per row of *count*, the list of ``values[code]`` of its items (grouped by *rows*), each once.

    The items keep their order, a repeat is dropped; *codes* are numpy indexes into
    the Arrow array *values*, so the strings are taken once, for the items kept.
    """
    rows = np.asarray(rows, np.int64)
    codes = np.asarray(codes, np.int64)
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
    return pa.ListArray.from_arrays(pa.array(starts), pc.take(values, pa.array(codes[kept])))


def _source_lists(columns: _Columns, count: int) -> Any:
    """Per row, the source ids of its attributions, each once."""
    rows, named = _items(columns.data["attributions.source"])
    valid = named.is_valid()
    codes = _numbers(pc.filter(named, valid))
    return _unique_lists(
        rows[valid.to_numpy(zero_copy_only=False)], codes, count, columns.known.sources
    )


def _coded(codes: Any, names: Any) -> Any:
    """
    The dictionary column of ``names[codes]``, its values in the order of their first row.

    As ``dictionary_encode`` of the strings gives it, from the rows' codes
    (numpy or Arrow); *names* must hold each value once.
    """
    encoded = pc.dictionary_encode(pa.array(codes))
    return pa.DictionaryArray.from_arrays(encoded.indices, pc.take(names, encoded.dictionary))


def _in_first_order(column: Any) -> Any:
    """A dictionary *column* with its values in the order of their first row (`_coded`)."""
    if len(pc.unique(column.dictionary)) < len(column.dictionary):  # a value twice: decode
        return column.cast(column.dictionary.type).dictionary_encode()
    return _coded(column.indices, column.dictionary)


def _events(columns: _Columns) -> Any:
    data, others = columns.data, columns.others
    count = len(data["id"])
    rows, actors = _named_actors(columns)
    frame = {
        "id": data["id"],
        "type": _coded(columns.codes, _type_names()),
        "earliest": _bound(data["when_earliest"], UNBOUNDED_START),
        "latest": _bound(data["when_latest"], UNBOUNDED_END),
        "precision": _in_first_order(columns.when),
        "location": pc.take(columns.known.locations, data["location"]),
        **_place_columns(data["location"], others),
        "fatalities_low": data["fatalities_low"],
        "fatalities_best": data["fatalities_best"],
        "fatalities_high": data["fatalities_high"],
        "fatalities_qualifier": _in_first_order(data["fatalities_qualifier"]),
        "actors": _unique_lists(rows, actors, count, columns.known.actors),
        "sources": _source_lists(columns, count),
        "classification": _first_classification(data["classifications"]),
    }
    schema = _schemas()[0]
    return pa.Table.from_arrays(
        [_typed(frame[field.name], field) for field in schema], schema=schema
    )


@functools.cache
def _type_names() -> Any:
    return pa.array(TYPES, pa.string())


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


_PLACE_ENUMS: Final = ("country", "admin1", "admin2")


def _place_columns(location: Any, others: _Others) -> dict[str, Any]:
    """
    The place columns of each row, each distinct location resolved once.

    *location* holds each row's index among the locations of ``others.places``;
    each of the place's values is taken from the nearest location up its parents that
    has one (`_nearest`), as `conflict_events.formats.frames` resolves it.
    """
    encoded = pc.dictionary_encode(location)
    book = _PlaceBook.of(others)
    start = _numbers(encoded.dictionary)
    rows = encoded.indices
    columns = {"location_name": pc.take(pc.take(book.names, pa.array(start)), rows)}
    for name in _PLACE_ENUMS:
        values = pc.take(book.values[name], pa.array(book.nearest(start, name)))
        # Each distinct value once, in the order of the locations' first rows.
        codes = pc.dictionary_encode(values)
        columns[name] = pa.DictionaryArray.from_arrays(
            pc.take(codes.indices, rows), codes.dictionary
        )
    coordinates = pa.array(book.nearest(start, "coordinates"))
    for name in ("latitude", "longitude"):
        columns[name] = pc.take(pc.take(book.values[name], coordinates), rows)
    return columns


@attrs.frozen
class _PlaceBook:
    """
    The locations as arrays: per location its parent's index and the values a place column shows.

    Each value array has one more item, a null, at the index that stands for none.
    """

    parents: Any  # numpy: the parent's index, or -1 (also at the last index, none)
    has: dict[str, Any]  # numpy, per column: whether the location itself has a value
    values: dict[str, Any]  # Arrow arrays, per column
    names: Any

    @classmethod
    def of(cls, others: _Others) -> _PlaceBook:
        """The book of the locations of *others*, in their order."""
        places = list(others.places.values())
        index = {place.id: position for position, place in enumerate(places)}
        parents = [-1 if p.parent is None else index.get(p.parent, -1) for p in places]
        admin1 = [p.name if p.kind is LocationKind.ADMIN1 else None for p in places]
        admin2 = [p.name if p.kind is LocationKind.ADMIN2 else None for p in places]
        located = [p.latitude is not None and p.longitude is not None for p in places]
        columns: dict[str, list[Any]] = {
            "country": [p.country for p in places],
            "admin1": admin1,
            "admin2": admin2,
            "latitude": [p.latitude if ok else None for p, ok in zip(places, located, strict=True)],
            "longitude": [
                p.longitude if ok else None for p, ok in zip(places, located, strict=True)
            ],
        }
        has = {
            name: np.array([v is not None for v in values] + [False])
            for name, values in columns.items()
        }
        has["coordinates"] = has.pop("latitude")
        del has["longitude"]
        kinds = {"latitude": pa.float64(), "longitude": pa.float64()}
        return cls(
            np.array([*parents, -1], np.int64),
            has,
            {
                name: pa.array([*values, None], kinds.get(name, pa.string()))
                for name, values in columns.items()
            },
            pa.array([p.name for p in places], pa.string()),
        )

    def nearest(self, start: Any, column: str) -> Any:
        """
        Per location of *start*, the index of the first along it and its parents with a value.

        Else the last index (none). At most `MAX_ANCESTORS` parents are climbed,
        as `conflict_events.model.locations.ancestors` climbs them.
        """
        has = self.has[column]
        none = len(self.parents) - 1
        found = np.where(has[start], start, none)
        current = np.asarray(start, np.int64)
        for _ in range(MAX_ANCESTORS):
            current = self.parents[current]
            missing = (found == none) & (current >= 0)
            if not missing.any():
                break
            found = np.where(missing & has[current], current, found)
        return found


def _first_classification(column: Any) -> Any:
    """
    The first classification of each row as ``scheme:a/b/c``, null where there is none.

    A dictionary column, its values in the order of their first row; each
    distinct classification is written once (`_distinct_classifications`).
    """
    lengths = pc.fill_null(pc.list_value_length(column), 0).to_numpy()
    has = lengths > 0
    # Each row's first item, in the flattened items: where the row's items start.
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(lengths) else lengths
    codes, shown = _distinct_classifications(list_items(column), starts[has])
    written = _written_classifications(shown)
    indices = np.zeros(len(has), np.int32)
    indices[has] = codes
    if len(pc.unique(written)) < len(written):  # two classifications written alike: decode
        return pc.take(written, pa.array(indices, mask=~has)).dictionary_encode()
    return pa.DictionaryArray.from_arrays(indices, written, mask=~has)


def _distinct_classifications(items: Any, first: Any) -> tuple[Any, Any]:
    """
    The index of each of ``items[first]`` among its distinct values, and those values.

    The values in the order they first come; told apart by the dictionary
    indexes of the scheme and of each step of the path, folded into one
    number. When a path is too long for that, or a text is missing, each
    item is its own value.
    """
    scheme, path = items.field("scheme"), items.field("path")
    steps = path.values
    if (
        not (pa.types.is_dictionary(scheme.type) and pa.types.is_dictionary(steps.type))
        or items.null_count
        or scheme.null_count
        or path.null_count
        or steps.null_count
    ):
        return np.arange(len(first)), items.take(pa.array(first, pa.int64()))
    offsets = path.offsets.to_numpy()[first]
    lengths = path.offsets.to_numpy()[first + 1] - offsets
    step_codes = steps.indices.to_numpy().astype(np.int64)
    base = len(steps.dictionary) + 1  # 0 stands for no step
    longest = int(lengths.max(initial=0))
    if (len(scheme.dictionary) + 1) * base ** (longest + 1) >= 2**62:
        return np.arange(len(first)), items.take(pa.array(first, pa.int64()))
    key = scheme.indices.to_numpy().astype(np.int64)[first]
    for step in range(longest):
        present = lengths > step
        at = np.where(present, offsets + step, 0)
        key = key * base + np.where(present, step_codes[at] + 1, 0)
    encoded = pc.dictionary_encode(pa.array(key))
    codes = encoded.indices.to_numpy()
    representative = np.empty(len(encoded.dictionary), np.int64)
    representative[codes] = first  # any item of a value stands for it: all write it alike
    return codes, items.take(pa.array(representative))


def _written_classifications(items: Any) -> Any:
    """Each classification of *items* as ``scheme:a/b/c``."""
    scheme, path = items.field("scheme"), items.field("path")
    return pc.binary_join_element_wise(
        scheme.cast(pa.string()), pc.binary_join(path.cast(pa.list_(pa.string())), "/"), ":"
    )
