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

Each record class writes its row through one compiled function (the same
steps, without a loop over them), and the memory of each field's encoder is
shared by every class with that field and kept across batches.
`ReferenceRows` notes records' references and events' ``event_actors`` rows
from one compiled walk per class. All are checked against `arrow.table_of`
and `references.iter_references` by the tests (``tests/scale``).
"""

from __future__ import annotations

import array
import contextlib
import multiprocessing
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Final

import attrs
import pyarrow as pa  # type: ignore[import-untyped]

from conflict_events.formats import _arrow_codecs, arrow
from conflict_events.formats.documents import from_dict, parse_json
from conflict_events.formats.plain_memory import LIMIT, remembered
from conflict_events.model import EVENT_TYPES, Actor, Location, Participant, Source
from conflict_events.model.description import FieldKind, ReferenceKind, description
from conflict_events.model.references import _event_class, _plan

__all__ = [
    "ROW_GROUP_ROWS",
    "ReferenceRows",
    "joined_table",
    "plain_columns",
    "plain_event_actor_columns",
    "plain_event_actors",
    "plain_table",
    "records_table",
    "storage_columns",
]

#: The most rows of one row group in the Parquet files written from these builders, as
#: `arrow.write_parquet` writes them, so that a reader can split a large part file.
ROW_GROUP_ROWS: Final = arrow.ROW_GROUP_ROWS
#: Distinct nested values remembered per field before the memory is cleared.
_MEMO_LIMIT: Final = LIMIT
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


def _plain_encoder(kind: Any, codec: Any) -> Callable[[Any], tuple[Any, ...]]:
    """
    Plain data of a field of type *kind* to its columns: structured by the converter, then encoded.

    Each distinct plain value is structured and encoded once (`remembered`).
    """
    return remembered(lambda value: codec.encode(from_dict(value, kind)), _MEMO_LIMIT)


_STEPS: dict[tuple[str, type, bool], tuple[_Step, ...]] = {}


def _steps(spec: Any, cls: type, *, plain: bool) -> tuple[_Step, ...]:
    """How each field of *cls* fills its columns; built once, so the encoders' memories last."""
    known = _STEPS.get((spec.name, cls, plain))
    if known is not None:
        return known
    fields = {field.name: field for field in description(cls).fields}
    hints = typing.get_type_hints(cls)
    steps = []
    for name, codec, start in spec.plans[cls]:
        field = fields[name]
        how = _how(field.kind, many=field.spec.many)
        encode = _shared_encoder(name, hints[name], codec, plain=plain)
        default = _default_parts(cls, name, codec) if plain else None
        steps.append((name, how, start, len(codec.parts), encode, default))
    _STEPS[spec.name, cls, plain] = result = tuple(steps)
    return result


_ENCODERS: dict[Any, Callable[[Any], tuple[Any, ...]]] = {}


def _shared_encoder(
    name: str, kind: Any, codec: Any, *, plain: bool
) -> Callable[[Any], tuple[Any, ...]]:
    """
    The memoizing encoder of a field, one for every class whose field of that name has that type.

    The event classes share most fields (``when``, ``attributions``...): one
    memory for all of them structures and encodes each distinct value once.
    """
    key = (plain, name, kind, codec.parts)
    try:
        known = _ENCODERS.get(key)
    except TypeError:  # a type that does not hash: not shared
        return _plain_encoder(kind, codec) if plain else _memo(codec.encode)
    if known is None:
        known = _ENCODERS[key] = _plain_encoder(kind, codec) if plain else _memo(codec.encode)
    return known


def _storage(spec: Any, columns: list[list[Any] | None], rows: int) -> list[Any]:
    """The filled columns as arrays of their plain storage types (see `arrow.storage_type`)."""
    return [
        pa.nulls(rows, type=storage) if values is None else pa.array(values, type=storage)
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
    spec = _arrow_codecs._tables()[table]  # noqa: SLF001 - the tables arrow writes
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
    spec = _arrow_codecs._tables()[table]  # noqa: SLF001 - the tables arrow writes
    rows = list(records)
    filler = _fill_records(spec, table, rows)
    return _finish(spec, filler.columns, len(rows), arrow._header(dataset))  # noqa: SLF001


def _fill_records(spec: Any, table: str, rows: Sequence[Any]) -> _Filler:
    """The columns of typed records, each record writing only its own."""
    filler = _Filler(len(spec.fields), len(rows))
    fills: dict[type, Callable[[Any, int], None]] = {}
    for row, record in enumerate(rows):
        cls = type(record)
        fill = fills.get(cls)
        if fill is None:
            if cls not in spec.plans:
                msg = f"{cls.__name__} records do not belong in table {table!r}"
                raise TypeError(msg)
            fill = fills[cls] = _filler_of(spec, cls, filler, plain=False)
        fill(record, row)
    return filler


#: The source of each class's fill function, compiled once (see `_fill_source`).
_FILL_CODE: dict[tuple[str, type, bool], Any] = {}


def _filler_of(spec: Any, cls: type, filler: _Filler, *, plain: bool) -> Any:
    """``fill(record, row)``: writes one record of *cls* into the columns of *filler*."""
    steps = _steps(spec, cls, plain=plain)
    key = (spec.name, cls, plain)
    code = _FILL_CODE.get(key)
    if code is None:
        source = _fill_source(steps, tagged=spec.tag_column, plain=plain)
        code = _FILL_CODE[key] = compile(source, f"<arrow fill {cls.__name__}>", "exec")
    names: dict[str, Any] = {"_MISSING": _MISSING}
    exec(code, names)  # noqa: S102 - the project's own generated source
    arguments: list[Any] = [filler.column(0)] if spec.tag_column else []
    for _, _, start, width, encode, default in steps:
        arguments.extend(filler.column(start + offset) for offset in range(width))
        arguments.extend((encode, default))
    made: Any = names["make"](*arguments)
    return made


def _fill_source(steps: tuple[_Step, ...], *, tagged: bool, plain: bool) -> str:
    """
    The source of ``make(columns..., encoders and defaults...) -> fill(record, row)``.

    One straight run of statements per field, as `arrow.table_of` encodes it:
    a typed record's value as it is, its list, its enum value or the parts
    its codec encodes; a plain record's the same from its data, a missing
    member taking its default's encoding.
    """
    parameters = ["tags"] if tagged else []
    body = []
    if tagged:
        body.append(
            "    tags[row] = record['type']" if plain else "    tags[row] = record.event_type"
        )
    if plain:
        body.append("    get = record.get")
    for number, (name, how, _, width, _, default) in enumerate(steps):
        columns = [f"c{number}_{offset}" for offset in range(width)]
        parameters.extend([*columns, f"e{number}", f"d{number}"])
        body.extend(_field_source(number, name, how, columns, plain=plain, default=default))
    if not steps:
        body.append("    pass")
    return "\n".join(
        [
            f"def make({', '.join(parameters)}):",
            "  def fill(record, row):",
            *("  " + line for line in body),
            "  return fill",
            "",
        ]
    )


def _field_source(
    number: int,
    name: str,
    how: int,
    columns: list[str],
    *,
    plain: bool,
    default: tuple[Any, ...] | None,
) -> list[str]:
    """The statements that write one field (see `_fill_source`)."""
    encode, given = f"e{number}", f"d{number}"
    if plain and how != _PARTS:
        fallback = f", {given}[0]" if default is not None else ""
        return [f"    {columns[0]}[row] = get({name!r}{fallback})"]
    if plain:
        lines = [f"    v = get({name!r}, _MISSING)", "    if v is _MISSING:"]
        if default is None:
            lines.append("        pass")
        else:
            lines.extend(
                f"        {column}[row] = {given}[{i}]" for i, column in enumerate(columns)
            )
        lines.extend(["    elif v is not None:", f"        p = {encode}(v)"])
        lines.extend(f"        {column}[row] = p[{i}]" for i, column in enumerate(columns))
        return lines
    lines = [f"    v = record.{name}"]
    if how == _VALUE:
        lines.append(f"    {columns[0]}[row] = v")
    elif how == _LIST:
        lines.append(f"    {columns[0]}[row] = list(v)")
    elif how == _ENUM:
        lines.extend(["    if v is not None:", f"        {columns[0]}[row] = v._value_"])
    elif len(columns) == 1:
        # An empty tuple or dict (no participants, no extensions) is an empty list.
        lines.extend(
            ["    if v is not None:", f"        {columns[0]}[row] = {encode}(v)[0] if v else []"]
        )
    else:
        lines.extend(["    if v is not None:", f"        p = {encode}(v)"])
        lines.extend(f"        {column}[row] = p[{i}]" for i, column in enumerate(columns))
    return lines


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
    spec = _arrow_codecs._tables()[table]  # noqa: SLF001 - the tables arrow writes
    filler = _Filler(len(spec.fields), len(rows))
    single = _TAGGED.get(table)
    fills: dict[Any, Callable[[Any, int], None]] = {}
    for row, data in enumerate(rows):
        tag = data["type"]
        fill = fills.get(tag)
        if fill is None:
            cls = single if single is not None else EVENT_TYPES[tag]
            fill = fills[tag] = _filler_of(spec, cls, filler, plain=True)
        fill(data, row)
    return _storage(spec, filler.columns, len(rows))


def plain_event_actors(rows: Sequence[dict[str, Any]], *, metadata: Any) -> Any:
    """The ``event_actors`` table of valid events given as plain JSON data."""
    return joined_table("event_actors", [plain_event_actor_columns(rows)], metadata=metadata)


def plain_event_actor_columns(rows: Sequence[dict[str, Any]]) -> list[Any]:
    """The ``event_actors`` columns of valid plain events, as plain storage arrays."""
    found = ReferenceRows()
    default_role = attrs.fields_dict(Participant)["role"].default
    role = getattr(default_role, "_value_", None)
    for data in rows:
        found.add_plain(data, EVENT_TYPES[data["type"]], default_role=role)
    return found.actor_columns()


#: A compiled reference plan: (name, kind, whether an actor, field) of each reference
#: field, then (name, plan or None for an event, path prefix) of each field holding
#: records that refer.
_Walk = tuple[tuple[tuple[str, str, bool, str], ...], tuple[tuple[str, Any, str], ...]]
_WALKS: dict[tuple[type, str], _Walk] = {}
_ROLE_FIELD: Final = "participants.actor"


def _walk(cls: type, prefix: str = "") -> _Walk:
    """The reference plan of *cls* (`references._plan`), with each field's index-free path."""
    known = _WALKS.get((cls, prefix))
    if known is not None:
        return known
    refs, nested = _plan(cls)
    inner = [(name, f"{prefix}{name}.", record) for name, record in nested]
    walk = (
        tuple(
            (name, kind.value, kind is ReferenceKind.ACTOR, prefix + name) for name, kind in refs
        ),
        tuple(
            (name, None if record is None else _walk(record, below), below)
            for name, below, record in inner
        ),
    )
    _WALKS[cls, prefix] = walk
    return walk


class ReferenceRows:
    """
    The references of records, and the ``event_actors`` rows of events, from one walk each.

    The walk follows `references.iter_references` (typed records) or
    `references.raw_references` (plain data) field for field, in the same
    order, without building the indexed path of each reference: what
    ``event_actors`` keeps of it is its path without indexes
    (`arrow._strip_indexes`), known from the plan. Each class's walk is one
    compiled function (`_walk_source`).
    """

    def __init__(self) -> None:
        #: (reference kind, id) of every reference of the typed records added.
        self.referenced: set[tuple[str, str]] = set()
        self.events: list[str] = []
        self.actors: list[str] = []
        self.fields: list[str] = []
        self.roles: list[str | None] = []

    def add(self, record: Any, *, actors: bool) -> None:
        """Note the references of the typed *record*; with *actors*, its ``event_actors`` rows."""
        _walker(type(record), plain=False)(
            record,
            record.id if actors else None,
            self.referenced.add,
            self.events,
            self.actors,
            self.fields,
            self.roles,
        )

    def add_plain(self, data: dict[str, Any], cls: type, *, default_role: str | None) -> None:
        """
        Note the ``event_actors`` rows of a valid event's plain *data* (not its references).

        A participant without a ``role`` takes *default_role*.
        """
        _walker(cls, plain=True)(
            data, data["id"], default_role, self.events, self.actors, self.fields, self.roles
        )

    def actor_columns(self) -> list[Any]:
        """The ``event_actors`` rows noted so far as plain storage arrays; then forgets them."""
        columns = [
            pa.array(values, pa.string())
            for values in (self.events, self.actors, self.fields, self.roles)
        ]
        self.events, self.actors, self.fields, self.roles = [], [], [], []
        return columns


_WALKERS: dict[tuple[type, str, bool], Any] = {}


def _walker(cls: type, *, plain: bool, prefix: str = "") -> Any:
    """The compiled walk of *cls* records (see `_walk_source`), made once."""
    key = (cls, prefix, plain)
    known = _WALKERS.get(key)
    if known is None:
        names: dict[str, Any] = {"_walker": _walker, "_event_class": _event_class}
        source = _walk_source(_walk(cls, prefix), prefix, plain=plain)
        exec(compile(source, f"<reference walk {cls.__name__}>", "exec"), names)  # noqa: S102
        known = _WALKERS[key] = names["walk"]
    return known


def _walk_source(walk: _Walk, prefix: str, *, plain: bool) -> str:
    """
    The source of ``walk(record, event, ...)``: one record's references, nested ones inlined.

    Typed: ``walk(record, event, add, events, actors, fields, roles)`` adds
    each (kind, id) and, when *event* is not None, appends its actor rows.
    Plain: ``walk(data, event, default_role, events, actors, fields, roles)``
    appends the actor rows only, a participant's role defaulting to
    *default_role*. A nested event (none today) is walked by its own class.
    """
    head = "add" if not plain else "default_role"
    lines = [f"def walk(o0, event, {head}, E, A, F, R):"]
    _walk_lines(lines, walk, 0, "    ", plain=plain)
    lines.append("    return None")
    del prefix
    return "\n".join([*lines, ""])


def _walk_lines(lines: list[str], walk: _Walk, depth: int, pad: str, *, plain: bool) -> None:
    """Append the statements walking the record ``o{depth}`` (see `_walk_source`)."""
    refs, nested = walk
    item = f"o{depth}"
    row = "E.append(event); A.append({value}); F.append({field!r}); R.append({role})"
    if plain:
        lines.append(f"{pad}g{depth} = {item}.get")
    for name, kind, actor, field in refs:
        if plain and not actor:
            continue
        read = f"g{depth}({name!r})" if plain else f"{item}.{name}"
        lines.append(f"{pad}v = {read}")
        if plain:
            role = "None"
            if field == _ROLE_FIELD:
                lines.append(f"{pad}r = g{depth}('role')")
                role = "r if r is not None else default_role"
            lines.append(f"{pad}if type(v) is str:")
            lines.append(f"{pad}    " + row.format(value="v", field=field, role=role))
            lines.append(f"{pad}elif type(v) is list:")
            lines.append(f"{pad}    for x in v:")
            lines.append(f"{pad}        " + row.format(value="x", field=field, role="None"))
            continue
        role = f"{item}.role.value" if field == _ROLE_FIELD else "None"
        lines.append(f"{pad}if isinstance(v, str):")
        lines.append(f"{pad}    add(({kind!r}, v))")
        if actor:
            lines.append(f"{pad}    if event is not None:")
            lines.append(f"{pad}        " + row.format(value="v", field=field, role=role))
        lines.append(f"{pad}elif isinstance(v, tuple):")
        lines.append(f"{pad}    for x in v:")
        lines.append(f"{pad}        add(({kind!r}, x))")
        if actor:
            lines.append(f"{pad}        if event is not None:")
            lines.append(f"{pad}            " + row.format(value="x", field=field, role="None"))
    for name, inner, below in nested:
        inner_item = f"o{depth + 1}"
        if plain:
            lines.append(f"{pad}v = g{depth}({name!r})")
            lines.append(f"{pad}for {inner_item} in (v if type(v) is list else (v,) if v else ()):")
            lines.append(f"{pad}    if type({inner_item}) is not dict:")
            lines.append(f"{pad}        continue")
        else:
            lines.append(f"{pad}v = {item}.{name}")
            lines.append(
                f"{pad}for {inner_item} in "
                f"(v if isinstance(v, tuple) else () if v is None else (v,)):"
            )
        if inner is None:  # an event: walked by the class of its type
            cls = f"_event_class({inner_item})" if plain else f"type({inner_item})"
            head = "default_role" if plain else "add"
            lines.append(
                f"{pad}    _walker({cls}, plain={plain}, prefix={below!r})"
                f"({inner_item}, event, {head}, E, A, F, R)"
            )
        else:
            _walk_lines(lines, inner, depth + 1, pad + "    ", plain=plain)


# -- events given field by field ----------------------------------------------------------

#: Field kinds whose cells are the value's plain text (an EDTF date), not a JSON text.
_TEXT_CELLS: Final = frozenset({FieldKind.DATE, FieldKind.WHEN})
#: The encoded parts of each nested cell seen, per encoder, kept across tables and calls.
_CELL_PARTS: dict[Any, dict[Any, tuple[Any, ...]]] = {}
#: The ``event_actors`` rows (actor, field, role) of each nested cell, per class and field.
_CELL_ACTORS: dict[tuple[type, str], dict[str, tuple[tuple[str, int, Any], ...]]] = {}
# How a group holds its cells: as they are, or as indexes of distinct cells whose parts
# are the cell, its list, or its encoding.
_DIRECT, _KEPT, _LISTED, _ENCODED = range(4)


class _Default:
    """The cell of a field a class leaves out: stands for its default, equal to no other cell."""

    __slots__ = ()


#: The first distinct cell of every indexed column: no value (null), so that a row no
#: event writes, index 0, is null.
_NO_VALUE: Final = _Default()
#: The ``event_actors`` field names by code, as the compiled writers append them.
_FIELD_NAMES: list[str] = []
_FIELD_CODES: dict[str, int] = {}
_INT32: Final = "i"  # the array typecode of a 32-bit integer (checked in EventCells)


def _field_code(name: str) -> int:
    """The code of an ``event_actors`` field name, the same for the life of the process."""
    code = _FIELD_CODES.get(name)
    if code is None:
        code = _FIELD_CODES[name] = len(_FIELD_NAMES)
        _FIELD_NAMES.append(name)
    return code


class _Group:
    """
    The columns of one field of the ``events`` table, as `EventCells` fills them.

    Identifiers (one per event) fill their column with the cells themselves.
    Any other field fills a column of indexes into the distinct cells of the
    table, each turned into its columns' values once (the cell, its list or
    its encoding); its columns are built from the distinct values, cast, and
    taken by index, which gives the columns of the values in row order.
    """

    def __init__(
        self, start: int, width: int, form: int, encode: Any, *, text: bool, rows: int
    ) -> None:
        self.start = start
        self.width = width
        self.form = form
        self.encode = encode
        #: Whether a nested cell is the value's text (a date), not a JSON text.
        self.text = text
        #: One value (or index) per row of the batch, null (index 0) where no event wrote one.
        self.values: Any = (
            [None] * rows if form == _DIRECT else array.array(_INT32, bytes(4 * rows))
        )
        self._empty = self.values[:]
        #: The arrays of the batches of the table so far.
        self.batches: list[Any] = []
        #: Each cell's index in `distinct`, the distinct cells in order of first use, and
        #: the parts of each class's default by its `_Default` cell.
        self.index: dict[Any, int] = {}
        self.distinct: list[Any] = [_NO_VALUE]
        self.defaults: dict[Any, tuple[Any, ...]] = {_NO_VALUE: (None,) * width}
        #: The nested cells of the table not encoded yet (`EventCells.encode_fresh`).
        self.fresh: list[Any] = []
        #: The parts of each nested cell encoded, kept across tables and calls.
        self.known = _CELL_PARTS.setdefault(encode, {}) if form == _ENCODED else {}

    def adder(self) -> Callable[[Any], int]:
        """``add(cell) -> index``: note a cell new to the table (and to encode, if nested)."""
        index, distinct, fresh, known = self.index, self.distinct, self.fresh, self.known
        nested = self.form == _ENCODED

        def add(cell: Any) -> int:
            number = index[cell] = len(distinct)
            distinct.append(cell)
            if nested and type(cell) is not _Default and cell not in known:
                fresh.append(cell)
            return number

        return add

    def encoded(self, cells: list[Any]) -> list[tuple[Any, ...]]:
        """The parts of nested *cells*, by the encoder of `plain_table`."""
        encode, text = self.encode, self.text
        return [encode(cell if text else parse_json(cell)) for cell in cells]

    def learn(self, cells: list[Any], parts: list[tuple[Any, ...]]) -> None:
        """Keep the *parts* of *cells* (`encoded`) for the tables to come."""
        known = self.known
        if len(known) + len(cells) > _MEMO_LIMIT:
            known.clear()
        known.update(zip(cells, parts, strict=True))

    def _parts(self) -> list[tuple[Any, ...]]:
        """The parts of each distinct cell of the table, in order."""
        form, defaults, distinct = self.form, self.defaults, self.distinct
        if form == _KEPT:
            return [defaults[cell] if type(cell) is _Default else (cell,) for cell in distinct]
        if form == _LISTED:
            return [
                defaults[cell] if type(cell) is _Default else (list(cell),) for cell in distinct
            ]
        known = self.known
        missing = [cell for cell in distinct if type(cell) is not _Default and cell not in known]
        if missing:  # left to encode here, or forgotten since
            self.learn(missing, self.encoded(missing))
        return [defaults[cell] if type(cell) is _Default else known[cell] for cell in distinct]

    def end_batch(self, rows: int, storage: Any, *, touched: bool) -> None:
        """Keep the batch's *rows* values as an array; null when no event *touched* them."""
        if self.form != _DIRECT:
            if not touched:
                self.batches.append(pa.nulls(rows, type=pa.int32()))
                return
            indexes = self.values[:rows]  # a copy, which the buffer keeps
            self.batches.append(
                pa.Array.from_buffers(pa.int32(), rows, [None, pa.py_buffer(indexes)])
            )
        elif touched:
            values = self.values
            self.batches.append(pa.array(values[:rows] if rows < len(values) else values, storage))
        else:
            self.batches.append(pa.nulls(rows, type=storage))
            return
        self.values[:] = self._empty

    def arrays(self, spec: Any, rows: int) -> list[Any]:
        """The finished columns of the table, cast to their types."""
        start, width = self.start, self.width
        kinds = [spec.fields[start + offset].type for offset in range(width)]
        storage = spec.storage[start : start + width]
        if self.form == _DIRECT:
            return [_joined(self.batches, kinds[0], storage[0])]
        if len(self.distinct) == 1:  # no value
            return [
                _joined([pa.nulls(rows, type=plain)], kind, plain)
                for kind, plain in zip(kinds, storage, strict=True)
            ]
        indices = pa.concat_arrays(self.batches)
        distinct = self._parts()
        result = []
        for offset, (kind, plain) in enumerate(zip(kinds, storage, strict=True)):
            values = pa.array([parts[offset] for parts in distinct], type=plain)
            # Cast before the take: the distinct values come in order of first use, so the
            # dictionaries are those of the column's values cast in row order.
            result.append(_joined([values], kind, plain).take(indices))
        return result

    def reset(self) -> None:
        """Forget the table's rows and distinct values (not the encodings)."""
        self.batches = []
        self.distinct[:] = [_NO_VALUE]  # in place: the adder holds them
        self.fresh.clear()
        self.index.clear()


def _joined(batches: list[Any], kind: Any, storage: Any) -> Any:
    """The arrays of *batches* (plain *storage* type) as one array of type *kind*."""
    array = pa.concat_arrays(batches) if batches else pa.array([], type=storage)
    return array if kind == storage else array.cast(kind)


def _nested_actor_rows(cls: type, name: str) -> tuple[dict[str, Any], Callable[[str], Any]]:
    """
    The memory of the ``event_actors`` rows of the nested field *name*, and what fills it.

    ``rows(cell)`` walks the plain value alone with the compiled walk of
    *cls* (`_walker`), which reads only the fields there are, so the rows
    are those of that field, in its order.
    """
    walk = _walker(cls, plain=True)
    known = _CELL_ACTORS.setdefault((cls, name), {})
    default_role = attrs.fields_dict(Participant)["role"].default
    role = getattr(default_role, "_value_", None)

    def rows(cell: str) -> tuple[tuple[str, int, Any], ...]:
        if len(known) >= _MEMO_LIMIT:
            known.clear()
        found: list[list[Any]] = [[], [], [], []]
        walk({name: parse_json(cell)}, "", role, *found)
        codes = [_field_code(field) for field in found[2]]
        result = known[cell] = tuple(zip(found[1], codes, found[3], strict=True))
        return result

    return known, rows


def _form(kind: FieldKind, how: int, *, many: bool) -> int:
    """How a group of a field of *kind* holds its cells (`_DIRECT`...)."""
    if kind is FieldKind.IDENTIFIER:
        return _DIRECT
    if how == _PARTS:
        return _ENCODED
    return _LISTED if many else _KEPT


class EventCells:
    """
    The ``events`` and ``event_actors`` tables of valid events handed over field by field.

    A writer that knows the fields of its events (the synthetic generator)
    gives each event to the compiled writer of its type (`writer`) as one
    cell per field of a fixed layout, instead of a JSON line to parse: a
    field held as it is takes its value (a tuple for many), an enum its
    value, a date its EDTF text, any other field the JSON text of its plain
    value; None leaves the field out (its default), as does a field outside
    the layout. Each distinct nested cell is encoded once by the encoder of
    `plain_table`, so the tables are those `plain_table` and
    `plain_event_actors` make of the same events (the tests compare them).
    Rows are turned into arrays every *batch* events (`end_batch`), which
    bounds memory. Only for data that structures: it validates nothing.
    """

    def __init__(self, layouts: dict[str, tuple[str, ...]], *, batch: int) -> None:
        if array.array(_INT32).itemsize != 4:  # noqa: PLR2004 - bytes of an int32
            msg = "no 32-bit integer array type"
            raise TypeError(msg)
        self._spec = _arrow_codecs._tables()["events"]  # noqa: SLF001 - the tables arrow writes
        self._id_start = next(
            index for index, field in enumerate(self._spec.fields) if field.name == "id"
        )
        self._batch = batch
        self._count = [0]
        self._tags: list[Any] = [None] * batch
        self._tag_names = list(layouts)
        self._tag_batches: list[Any] = []
        self._groups: dict[int, _Group] = {}
        #: The groups each type's writer writes, by the type's code.
        self._writes: list[set[int]] = []
        self._actors: list[list[Any]] = [[], [], [], []]
        self._actor_batches: list[list[Any]] = []
        self._rows = 0
        #: Where new nested cells are encoded (`encode_elsewhere`), and the answers awaited.
        self._elsewhere: Callable[[list[tuple[int, list[Any]]]], Callable[[], Any]] | None = None
        self._awaited: list[tuple[list[tuple[int, list[Any]]], Callable[[], Any]]] = []
        self._writers = {
            tag: self._compile(tag, code, layout)
            for code, (tag, layout) in enumerate(layouts.items())
        }

    @property
    def batch(self) -> int:
        """The most events of a batch."""
        return self._batch

    @property
    def rows(self) -> int:
        """The events of the current batch; at `batch` of them, `end_batch` must be called."""
        return self._count[0]

    def writer(self, tag: str) -> Callable[..., None]:
        """``write(cell, ...)``: one event of type *tag*, its cells in the order of its layout."""
        return self._writers[tag]

    def _compile(self, tag: str, code: int, layout: tuple[str, ...]) -> Callable[..., None]:
        """The writer of *tag* events: straight statements per field (`_cells_source`)."""
        cls = EVENT_TYPES[tag]
        steps = _steps(self._spec, cls, plain=True)
        fields = {field.name: field for field in description(cls).fields}
        unknown = sorted(set(layout) - set(fields))
        if unknown or "id" not in layout:
            msg = f"the layout of {tag!r} names no field {unknown} of {cls.__name__}, or no id"
            raise TypeError(msg)
        names: dict[str, Any] = {"count": self._count, "tags": self._tags, "tag": code}
        plan: list[tuple[int, int, str]] = []
        writes: set[int] = set()
        for number, (name, how, start, width, encode, default) in enumerate(steps):
            field = fields[name]
            form = _form(field.kind, how, many=field.spec.many)
            group = self._group(start, width, form, encode, text=field.kind in _TEXT_CELLS)
            cell = layout.index(name) if name in layout else -1
            names[f"v{number}"] = group.values
            if form == _DIRECT:
                plain = None if default is None else default[0]
                names[f"d{number}"] = plain
                how_written = "value" if plain is None else "or default"
            else:
                names[f"m{number}"] = group.index
                names[f"x{number}"] = group.adder()
                names[f"k{number}"] = key = _Default()
                how_written = "indexed"
                if default is not None and any(part is not None for part in default):
                    group.defaults[key] = default
                    how_written = "indexed or default"
            if cell >= 0 or how_written in {"or default", "indexed or default"}:
                writes.add(start)
            plan.append((number, cell, how_written))
        self._writes.append(writes)
        actors = self._actor_steps(cls, layout, names)
        source = _cells_source(len(layout), plan, actors)
        exec(compile(source, f"<event cells {tag}>", "exec"), names)  # noqa: S102
        written: Callable[..., None] = names["write"]
        return written

    def _group(self, start: int, width: int, form: int, encode: Any, *, text: bool) -> _Group:
        """The columns from *start*, shared by every class with that field."""
        group = self._groups.get(start)
        if group is None:
            group = _Group(start, width, form, encode, text=text, rows=self._batch)
            self._groups[start] = group
        elif group.form != form or (form == _ENCODED and group.encode is not encode):
            msg = f"column {self._spec.fields[start].name!r} has two forms"
            raise TypeError(msg)
        return group

    def _actor_steps(
        self, cls: type, layout: tuple[str, ...], names: dict[str, Any]
    ) -> list[tuple[int, str, bool, bool]]:
        """(cell, field, many, nested) of each field giving ``event_actors`` rows, in walk order."""
        refs, nested = _walk(cls)
        many = {field.name: field.spec.many for field in description(cls).fields}
        steps: list[tuple[int, str, bool, bool]] = []
        for name, _, actor, _ in refs:
            if actor and name in layout:
                steps.append((layout.index(name), name, many[name], False))
        for name, _, _ in nested:
            if name in layout:
                names[f"q_{name}"], names[f"r_{name}"] = _nested_actor_rows(cls, name)
                steps.append((layout.index(name), name, True, True))
        names["E"], names["A"], names["F"], names["R"] = self._actors
        return steps

    def end_batch(self, *, send: bool = True) -> None:
        """Turn the rows written so far into Arrow arrays, and start a new batch."""
        rows = self._count[0]
        if not rows:
            return
        codes = self._tags[:rows]
        self._tag_batches.append(pa.array(codes, pa.int32()))
        touched: set[int] = set()
        for code in set(codes):
            touched |= self._writes[code]
        storage = self._spec.storage
        for start, group in self._groups.items():
            group.end_batch(rows, storage[start], touched=start in touched)
        self._actor_batches.append(self._actor_arrays())
        for values in self._actors:
            values.clear()
        self._rows += rows
        self._count[0] = 0
        if send and self._elsewhere is not None:
            self._send()

    def _actor_arrays(self) -> list[Any]:
        """The batch's ``event_actors`` rows as string arrays, ids and fields taken by index."""
        rows, actors, fields, roles = self._actors
        ids = self._groups[self._id_start].batches[-1]
        names = pa.array(_FIELD_NAMES, pa.string())
        return [
            ids.take(pa.array(rows, pa.int32())),
            pa.array(actors, pa.string()),
            names.take(pa.array(fields, pa.int32())),
            pa.array(roles, pa.string()),
        ]

    def _send(self) -> None:
        """Hand the nested cells new since the last batch to be encoded elsewhere."""
        assert self._elsewhere is not None  # noqa: S101 - only called with one
        requests = []
        for start, group in self._groups.items():
            if group.fresh:
                requests.append((start, list(group.fresh)))
                group.fresh.clear()
        if requests:
            self._awaited.append((requests, self._elsewhere(requests)))

    def encode_fresh(self, requests: list[tuple[int, list[Any]]]) -> list[list[tuple[Any, ...]]]:
        """The parts of the nested cells of each (column, cells) of *requests*."""
        return [self._groups[start].encoded(cells) for start, cells in requests]

    def _receive(self) -> None:
        """Keep the encodings done elsewhere (waiting for them)."""
        for requests, answer in self._awaited:
            for (start, cells), parts in zip(requests, answer(), strict=True):
                self._groups[start].learn(cells, parts)
        self._awaited.clear()

    def tables(self, *, metadata: Any) -> tuple[Any, Any]:
        """The ``events`` and ``event_actors`` tables of the events written since the last call."""
        self.end_batch(send=False)
        for group in self._groups.values():  # the last batch's, while the worker ends
            if group.fresh:
                group.learn(group.fresh, group.encoded(group.fresh))
                group.fresh.clear()
        self._receive()
        spec, rows = self._spec, self._rows
        arrays: list[Any] = [None] * len(spec.fields)
        # The type names taken by code, then cast: the dictionary in order of first use.
        names = pa.array(self._tag_names, pa.string())
        codes = (
            pa.concat_arrays(self._tag_batches) if self._tag_batches else pa.array([], pa.int32())
        )
        arrays[0] = _joined([names.take(codes)], spec.fields[0].type, spec.storage[0])
        for group in self._groups.values():
            arrays[group.start : group.start + group.width] = group.arrays(spec, rows)
            group.reset()
        for index, (field, plain) in enumerate(zip(spec.fields, spec.storage, strict=True)):
            if arrays[index] is None:  # a field no class in the layouts has
                arrays[index] = _joined([pa.nulls(rows, type=plain)], field.type, plain)
        events = pa.Table.from_arrays(arrays, schema=spec.schema.with_metadata(metadata))
        actors = joined_table("event_actors", self._actor_batches, metadata=metadata)
        self._tag_batches, self._actor_batches, self._rows = [], [], 0
        return events, actors


def _cells_source(
    cells: int, fields: list[tuple[int, int, str]], actors: list[tuple[int, str, bool, bool]]
) -> str:
    """
    The source of ``write(a0, a1, ...)``, one event's cells (see `EventCells`).

    *fields* gives, for each step of the class, its number (naming its
    column ``v``, default ``d`` or ``k``, memory ``m`` and adder ``x``), the
    cell that holds it (-1: none) and how it is written; *actors*, the cells
    whose ``event_actors`` rows are appended, in the order of the walk.
    """
    body = ["row = count[0]", "count[0] = row + 1", "tags[row] = tag"]
    for number, cell, how in fields:
        body.extend(_cell_lines(number, f"a{cell}" if cell >= 0 else None, how))
    append = "E.append(row); A.append({actor}); F.append({field}); R.append({role})"
    for cell, name, many, nested in actors:
        value = f"a{cell}"
        body.append(f"if {value} is not None:")
        if nested:
            body.extend(
                [
                    f"    t = q_{name}.get({value})",
                    "    if t is None:",
                    f"        t = r_{name}({value})",
                    "    for x, f, r in t:",
                    "        " + append.format(actor="x", field="f", role="r"),
                ]
            )
        elif many:
            body.append(f"    for x in {value}:")
            code = _field_code(name)
            body.append("        " + append.format(actor="x", field=code, role="None"))
        else:
            code = _field_code(name)
            body.append("    " + append.format(actor=value, field=code, role="None"))
    parameters = ", ".join(f"a{index}" for index in range(cells))
    return "\n".join([f"def write({parameters}):", *("    " + line for line in body), ""])


def _cell_lines(number: int, value: str | None, how: str) -> list[str]:
    """The statements writing one field's column from the cell *value* (see `_cells_source`)."""
    column = f"v{number}"
    if how == "value":
        return [f"{column}[row] = {value}"] if value else []
    if how == "or default":
        if value is None:
            return [f"{column}[row] = d{number}"]
        return [f"{column}[row] = d{number} if {value} is None else {value}"]
    if how == "indexed" and value is None:
        return []

    def index(cell: str) -> str:
        # A cell's index is 1 or more (0 is no value, `_NO_VALUE`, never looked up): a
        # miss is None, and only a miss adds the cell.
        return f"{column}[row] = m{number}.get({cell}) or x{number}({cell})"

    if value is None:
        return [index(f"k{number}")]
    if how == "indexed":
        return [f"if {value} is not None:", "    " + index(value)]
    return [f"c = k{number} if {value} is None else {value}", index("c")]


#: The writer whose cells a forked worker encodes (`encoding_elsewhere`), as it was forked.
_FORKED: list[EventCells] = []


def _encode_forked(requests: list[tuple[int, list[Any]]]) -> list[list[tuple[Any, ...]]]:
    """On the forked worker: `EventCells.encode_fresh` of the writer it was forked with."""
    from conflict_events.collector import paused  # noqa: PLC0415

    with paused():
        return _FORKED[0].encode_fresh(requests)


@contextlib.contextmanager
def encoding_elsewhere(cells: EventCells) -> Iterator[None]:
    """
    Encode the new nested cells of *cells* on a forked worker process while this one goes on.

    Encoding each distinct date, estimate or list of attributions is most of
    the work of a first table in a process (the converter structures each);
    the worker, forked with the writers compiled, does it batch by batch.
    Where fork is missing everything stays here.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        yield
        return
    _FORKED[:] = [cells]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            pool.submit(int).result()  # forked now, before any other thread starts
            cells._elsewhere = lambda requests: pool.submit(_encode_forked, requests).result  # noqa: SLF001
            try:
                yield
            finally:
                cells._elsewhere = None  # noqa: SLF001
                cells._awaited.clear()  # noqa: SLF001
    finally:
        _FORKED.clear()
