"""
The events' columns a frame reads, checked in bulk as reading checks them (extra ``arrow``).

`conflict_events.formats.parquet_frames` computes frames on a Parquet
directory's columns without building the events, so it checks those columns
itself: each check here refuses what reading the events would refuse, on a
whole column at a time (pyarrow and numpy), or on each distinct value by the
converter's own test. A check that finds a fault raises `Fault`; the frames
then read the directory whole, which says where it is.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final

import attrs
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from conflict_events.collector import paused
from conflict_events.formats._arrow_codecs import _decode_estimate, _tables
from conflict_events.formats._arrow_columns import _strangers as _strangers_of_table
from conflict_events.formats.converter import value_hook
from conflict_events.formats.edtf_columns import text_bytes
from conflict_events.formats.frames import _role_fields
from conflict_events.model import EVENT_TYPES, Classification, Participant
from conflict_events.model.description import FieldSpec, description, rules_of
from conflict_events.model.fields import ID_PATTERN
from conflict_events.model.rules import Disjoint, NotAmong, Required

__all__ = [
    "ESTIMATE",
    "PLAIN",
    "TYPES",
    "WHEN",
    "Fault",
    "KnownIds",
    "all_role_fields",
    "check_columns",
    "identifiers",
    "list_items",
    "reference_codes",
    "require",
    "role_columns",
    "roles_of",
]


@attrs.frozen
class KnownIds:
    """The ids the events' references may name, one string array per kind."""

    locations: Any
    actors: Any
    sources: Any


#: The event types, in the order their rows' type codes count them.
TYPES: Final = tuple(EVENT_TYPES)
#: The columns of the fatalities estimate, and of the date.
ESTIMATE: Final = ("fatalities_low", "fatalities_best", "fatalities_high", "fatalities_qualifier")
WHEN: Final = ("when_edtf", "when_earliest", "when_latest", "when_precision")
#: The columns read as they are (besides the role columns and the nested leaves).
PLAIN: Final = ("type", "id", *WHEN, "location", *ESTIMATE, "classifications")


@functools.cache
def role_columns() -> tuple[str, ...]:
    """Every event type's fields naming actors in a role, but participants, each once."""
    return tuple(name for name, participants in all_role_fields() if not participants)


class Fault(Exception):  # noqa: N818 - a verdict: read the directory whole
    """A checked column holds a value reading would refuse."""


def require(condition: Any) -> None:
    """Raise `Fault` unless the boolean scalar or value *condition* is true."""
    value = condition.as_py() if isinstance(condition, pa.Scalar) else condition
    if value is not True:
        raise Fault


def list_items(lists: Any) -> Any:
    """
    The items of the lists of *lists* in order, as ``pyarrow.compute.list_flatten`` gives them.

    Where the null lists hold no items (as Arrow writes them), that is the slice
    of the values the lists span, taken at once; else each list is gathered.
    """
    offsets = lists.offsets
    if len(lists):
        start, end = offsets[0].as_py(), offsets[-1].as_py()
        if not lists.null_count or pc.sum(pc.list_value_length(lists)).as_py() == end - start:
            return lists.values.slice(start, end - start)
    return pc.list_flatten(lists)


def reference_codes(values: Any, known: Any) -> Any:
    """
    The index among *known* of each id *values* name (``int32``, null where there is none).

    *values* are ids (strings, or a dictionary of them, looked up once per
    entry), or lists of them (the items coded, the lists kept). `Fault` at
    an id not known, as reading refuses a reference that does not resolve.
    """
    if pa.types.is_list(values.type):
        items = reference_codes(values.values, known)
        return pa.ListArray.from_arrays(values.offsets, items, mask=values.is_null())
    if pa.types.is_dictionary(values.type):
        codes = pc.take(pc.index_in(values.dictionary, value_set=known), values.indices)
    else:
        codes = pc.index_in(values, value_set=known)
    # Null where the value is null or not known (a null in a dictionary counts as not known).
    require(codes.null_count == values.null_count)
    return codes


def _each_distinct(values: Any, spec: FieldSpec) -> None:
    """Each distinct value of *values* (nulls aside) passes the converter's test of *spec*."""
    hook = value_hook(spec)
    target = spec.choices or spec.record
    for value in pc.unique(values.drop_null()).to_pylist():
        hook(value, target)


def _no_null(values: Any) -> None:
    """*values* hold no null (nor, for a dictionary, a null entry: the frames refuse one)."""
    require(values.null_count == 0)
    if pa.types.is_dictionary(values.type):
        require(values.dictionary.null_count == 0)


def check_columns(data: dict[str, Any], codes: Any) -> None:
    """
    Every check of the columns read but the type and date ones; `Fault` at a fault.

    *codes* are the rows' indexes in `TYPES`. The references were looked up
    among the known ids as they were read (`reference_codes`).
    """
    with paused():
        for name, strangers in _strangers().items():
            column = data[name]
            if column.null_count < len(column):
                rows = pc.indices_nonzero(column.is_valid()).to_numpy()
                require(not np.any(strangers[codes[rows]]))
        ids = data["id"]
        require(ids.null_count == 0)
        if len(ids):
            require(identifiers(ids))
            require(len(pc.unique(ids)) == len(ids))
        for name in role_columns():
            _check_references(data[name])
        _check_references(data["participants.actor"])
        _check_participant_roles(data["participants.role"])
        _check_estimates(data)
        _check_classifications(data["classifications"])
        _check_fields_and_rules(data, codes)


def identifiers(texts: Any) -> bool:
    """
    Whether every one of *texts* (a string array without nulls) is an identifier (`ID_PATTERN`).

    Read from the texts' bytes: the first character and every other one in
    their classes (ASCII, so one byte each), the lengths within the bounds.
    """
    if len(texts) == 0:
        return True
    first, rest, longest = _identifier_bytes()
    offsets, raw = text_bytes(texts)
    lengths = np.diff(offsets)
    if lengths.min() < 1 or lengths.max() > longest:
        return False
    return bool(first[raw[offsets[:-1]]].all() and rest[raw[offsets[0] : offsets[-1]]].all())


@functools.cache
def _identifier_bytes() -> tuple[Any, Any, int]:
    """
    Per byte, whether `ID_PATTERN` takes it first, and after the first; the longest identifier.

    Found by asking the pattern itself, which is one class for the first
    character, one for the others and a bound on their count; no byte from
    128 up is taken (the classes are ASCII).
    """
    pattern = re.compile(ID_PATTERN.removeprefix("^").removesuffix("$"), re.ASCII)
    first = np.array([bool(pattern.fullmatch(chr(b))) for b in range(128)] + [False] * 128)
    rest = np.array([bool(pattern.fullmatch("a" + chr(b))) for b in range(128)] + [False] * 128)
    longest = 1
    while pattern.fullmatch("a" * (longest + 1)):
        longest += 1
    return first, rest, longest


@functools.cache
def _strangers() -> dict[str, Any]:
    """Per column read, a mask over the event types: True for those without a field there."""
    spec = _tables()["events"]
    masks: dict[str, Any] = {}
    for index, others in _strangers_of_table("events").items():
        name = spec.fields[index].name
        if name in (*PLAIN, *role_columns()):
            masks[name] = np.isin(np.array(TYPES), others.to_numpy(zero_copy_only=False))
    return masks


def _check_references(column: Any) -> None:
    if pa.types.is_list(column.type):
        # No list holds a null item (the items under the lists: those of a null list too).
        require(column.values.null_count == 0)


def _check_participant_roles(roles: Any) -> None:
    items = list_items(roles)
    spec = description(Participant).field("role").spec
    _each_distinct(items, spec)


def _check_estimates(data: dict[str, Any]) -> None:
    """Each distinct (low, best, high, qualifier) of the fatalities reads as an `Estimate`."""
    figures = pa.table({name: data[name] for name in ESTIMATE})
    distinct = figures.group_by(list(ESTIMATE), use_threads=False).aggregate([])
    spec = description(EVENT_TYPES[TYPES[0]]).field("fatalities").spec
    hook = value_hook(spec)
    for values in zip(*(distinct.column(name).to_pylist() for name in ESTIMATE), strict=True):
        plain = _decode_estimate(values)
        if plain is not None:
            hook(plain, spec.record)


def _check_classifications(column: Any) -> None:
    """Each classification reads as one: a scheme and a path of at least one class."""
    items = list_items(column)
    require(items.null_count == 0)
    fields = {field.name: field.spec for field in description(Classification).fields}
    schemes = items.field("scheme")
    _no_null(schemes)
    _each_distinct(schemes, fields["scheme"])
    paths = items.field("path")
    lengths = pc.fill_null(pc.list_value_length(paths), 0)
    if len(lengths):
        require(pc.min(lengths).as_py() >= fields["path"].min_items)
    classes = list_items(paths)
    _no_null(classes)
    _each_distinct(classes, fields["path"])


#: The fields of the events read besides the role fields, by the column read for each.
_READ_FIELDS: Final = {"when": "when_edtf", "location": "location"}


@functools.cache
def _read_fields() -> dict[str, str]:
    """Every field of the events read, by the column read for it."""
    return {**_READ_FIELDS, **{name: name for name in role_columns()}}


@functools.cache
def _requirements() -> tuple[dict[str, Any], dict[str, Any], tuple[tuple[int, Any], ...]]:
    """
    Per column read, masks over the event types: which need a value, and how few items.

    Also the rules between the fields read, by event type index.
    """
    read = _read_fields()
    needs = {name: np.zeros(len(TYPES), bool) for name in read.values()}
    least = {name: np.zeros(len(TYPES), np.int64) for name in read.values()}
    rules: list[tuple[int, Any]] = []
    for index, tag in enumerate(TYPES):
        cls = EVENT_TYPES[tag]
        for field in description(cls).fields:
            name = read.get(field.name)
            if name is not None:
                needs[name][index] = not field.spec.optional and not field.spec.many
                least[name][index] = field.spec.min_items
        for rule in rules_of(cls):
            if not set(rule.fields) & set(read):
                continue
            if isinstance(rule, Required):
                needs[read[rule.field]][index] = True
            else:
                rules.append((index, rule))
    return needs, least, tuple(rules)


def _check_fields_and_rules(data: dict[str, Any], codes: Any) -> None:
    """What each event type requires of the fields read, and its rules between them."""
    needs, least, rules = _requirements()
    for name, mask in needs.items():
        if mask.any():
            missing = ~data[name].is_valid().to_numpy(zero_copy_only=False)
            require(not np.any(missing & mask[codes]))
    for name, fewest in least.items():
        if fewest.any():
            lengths = pc.fill_null(pc.list_value_length(data[name]), 0).to_numpy()
            require(not np.any(lengths < fewest[codes]))
    for index, rule in rules:
        rows = codes == index
        if rows.any():
            _check_rule(rule, data, rows)


def _check_rule(rule: Any, data: dict[str, Any], rows: Any) -> None:
    """
    A rule between role fields, in the *rows* selected (a numpy mask).

    The role fields hold each actor's index among the known ids, so the same
    actor is the same number; a null is -1, never an actor (and a null item
    is refused by the reference checks).
    """
    read = _read_fields()
    if not set(rule.fields) <= set(read):
        raise Fault  # a rule between a field read and one not read: read it all
    if isinstance(rule, NotAmong):
        value, among = data[read[rule.field]], data[read[rule.among]]
        if pa.types.is_list(value.type) or not pa.types.is_list(among.type):
            raise Fault
        parents, items = _row_items(among, rows)
        values = _numbers(value)
        require(not np.any(values[parents] == items))
    elif isinstance(rule, Disjoint):
        first, second = (_row_items(data[read[name]], rows) for name in rule.fields)
        require(not np.intersect1d(_pairs(*first), _pairs(*second)).size)
    else:
        raise Fault


def _numbers(codes: Any) -> Any:
    """Indexes (an Arrow integer array) as numpy, a null as -1."""
    return pc.fill_null(codes, -1).to_numpy().astype(np.int64)


def _row_items(column: Any, rows: Any) -> tuple[Any, Any]:
    """The row and item of each item of a list column, in the rows selected (numpy)."""
    if not pa.types.is_list(column.type):
        raise Fault
    parents = pc.list_parent_indices(column).to_numpy().astype(np.int64)
    items = _numbers(list_items(column))
    chosen = rows[parents]
    return parents[chosen], items[chosen]


def _pairs(rows: Any, items: Any) -> Any:
    """Each (row, item) as one number (items from -1, indexes among fewer than 2**31 ids)."""
    return (rows << 32) | (items + 1)


@functools.cache
def all_role_fields() -> tuple[tuple[str, bool], ...]:
    """The role fields of all event types, each once: (name, whether it is the participants)."""
    seen: dict[str, bool] = {}
    for tag in TYPES:
        for name, participants in roles_of(tag):
            seen.setdefault(name, participants)
    return tuple(seen.items())


def roles_of(tag: str) -> tuple[tuple[str, bool], ...]:
    """The role fields of event type *tag*, in its field order."""
    cls: type = EVENT_TYPES[tag]
    return _role_fields(cls)
