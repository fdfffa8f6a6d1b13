"""
The reference plan: which fields of each record class name other records, and the walks over them.

The plan is read once per class from its description (`description`); nested
record classes without any reference, however deep, are left out so that the
walks never enter them. The same plan is walked over typed records
(`iter_references`, `resolves`) and over their plain data (`raw_references`),
so a record that cannot be built still has its references checked: what a
loader reports for an invalid record follows the same fields as what the
dataset checks for a valid one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, TypeGuard

from conflict_events.model.description import FieldKind, ReferenceKind, description
from conflict_events.model.events import EVENT_TYPES, EventBase
from conflict_events.model.fields import ID_PATTERN

__all__ = ["is_identifier", "iter_references", "raw_identifier", "raw_references", "resolves"]

_ID_RE: Final = re.compile(ID_PATTERN.removeprefix("^").removesuffix("$"), re.ASCII)

#: The reference fields of a class with their kind, and its fields holding records
#: that refer, each with the class of those records (None: an event, by its type).
_Plan = tuple[tuple[tuple[str, ReferenceKind], ...], tuple[tuple[str, type | None], ...]]

_PLANS: dict[type, _Plan] = {}


def is_identifier(value: object) -> TypeGuard[str]:
    """Whether *value* is an identifier string, as every ``id`` and reference field holds."""
    return type(value) is str and _ID_RE.fullmatch(value) is not None


def _plan(cls: type) -> _Plan:
    """The reference fields of *cls* with their kind, and its fields holding records that refer."""
    if (known := _PLANS.get(cls)) is not None:
        return known
    record = description(cls)
    refs = tuple(
        (field.name, field.spec.reference)
        for field in record.references
        if field.spec.reference is not None
    )
    nested = tuple(
        (field.name, field.spec.record)
        for field in record.nested
        if field.kind is FieldKind.EVENT or _refers(field.spec.record)
    )
    plan = refs, nested
    _PLANS[cls] = plan
    return plan


def _refers(cls: type | None) -> bool:
    """Whether records of *cls* may hold a reference."""
    if cls is None:
        return False
    refs, nested = _plan(cls)
    return bool(refs or nested)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def iter_references(obj: Any, path: str = "") -> Iterator[tuple[str, ReferenceKind, str]]:
    """Yield (path, kind, id) for every identifier in *obj* that must resolve in a dataset."""
    refs, nested = _plan(type(obj))
    for name, kind in refs:
        value = getattr(obj, name)
        here = _join(path, name)
        if isinstance(value, str):
            yield here, kind, value
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                yield f"{here}[{index}]", kind, item
    for name, _ in nested:
        value = getattr(obj, name)
        here = _join(path, name)
        if isinstance(value, tuple):
            for index, item in enumerate(value):
                yield from iter_references(item, f"{here}[{index}]")
        elif value is not None:
            yield from iter_references(value, here)


def resolves(
    obj: Any, indexes: Mapping[ReferenceKind, Mapping[str, Any]], known: set[int] | None = None
) -> bool:
    """
    True when every reference `iter_references` finds in *obj* is in *indexes*.

    The same walk without building paths, by a function generated per class
    from its plan: a dataset runs it first and walks again with paths only
    when something is missing. *known*, when given, holds the ``id`` of
    nested records already found to resolve, which are not walked again:
    records read from columns share their equal nested values. The caller
    keeps those records alive while it uses the set.
    """
    check = _CHECKS.get(type(obj)) or _check_of(type(obj))
    return check(obj, indexes, known)


_Check = Callable[[Any, Mapping[ReferenceKind, Mapping[str, Any]], "set[int] | None"], bool]
_CHECKS: dict[type, _Check] = {}


def _check_of(cls: type) -> _Check:
    """The generated reference check of *cls* (see `resolves`), made once, from its plan."""
    refs, nested = _plan(cls)
    many = {field.name: field.spec.many for field in description(cls).fields}
    namespace: dict[str, Any] = {"_nested": _resolves_nested}
    lines = ["def check(o, indexes, known):"]
    for name, kind in refs:
        kind_name = f"_{name}_kind"
        namespace[kind_name] = kind
        if many[name]:
            lines += [
                f"    v = o.{name}",
                "    if v:",
                f"        index = indexes[{kind_name}]",
                "        for x in v:",
                "            if x not in index:",
                "                return False",
            ]
        else:
            lines += [
                f"    v = o.{name}",
                f"    if v is not None and v not in indexes[{kind_name}]:",
                "        return False",
            ]
    for name, _ in nested:
        if many[name]:
            lines += [
                f"    for x in o.{name}:",
                "        if not _nested(x, indexes, known):",
                "            return False",
            ]
        else:
            lines += [
                f"    v = o.{name}",
                "    if v is not None and not _nested(v, indexes, known):",
                "        return False",
            ]
    lines.append("    return True")
    code = compile("\n".join(lines), f"<conflict_events reference check {cls.__name__}>", "exec")
    exec(code, namespace)  # noqa: S102 - generated above from the class's own description
    check: _Check = namespace["check"]
    _CHECKS[cls] = check
    return check


def _resolves_nested(
    obj: Any, indexes: Mapping[ReferenceKind, Mapping[str, Any]], known: set[int] | None
) -> bool:
    if known is None:
        return resolves(obj, indexes)
    key = id(obj)
    if key in known:
        return True
    if not resolves(obj, indexes, known):
        return False
    known.add(key)
    return True


def raw_identifier(data: object) -> str | None:
    """The ``id`` of a record's plain data when it is an identifier, else None."""
    if type(data) is not dict:
        return None
    ident = data.get("id")
    return ident if is_identifier(ident) else None


def _event_class(data: Mapping[str, Any]) -> type:
    """The event class a record's ``type`` names; `EventBase` (the shared fields) for any other."""
    tag = data.get("type")
    return EVENT_TYPES.get(tag, EventBase) if type(tag) is str else EventBase


def raw_references(
    data: object, cls: type, path: str = ""
) -> Iterator[tuple[str, ReferenceKind, str]]:
    """
    Yield (path, kind, id) for every reference in the plain data of a *cls* record.

    The walk of `iter_references` over data that may not structure: members
    that are missing or of the wrong shape are passed over, and only values
    that are identifiers are yielded (any other value in a reference field is
    a fault of its own, reported where the record is structured). An event's
    class is read from its ``type``; an unknown type has the fields every
    event shares checked.
    """
    if type(data) is not dict:
        return
    if cls is EventBase:
        cls = _event_class(data)
    refs, nested = _plan(cls)
    for name, kind in refs:
        value = data.get(name)
        here = _join(path, name)
        if is_identifier(value):
            yield here, kind, value
        elif type(value) is list:
            for index, item in enumerate(value):
                if is_identifier(item):
                    yield f"{here}[{index}]", kind, item
    for name, record in nested:
        value = data.get(name)
        here = _join(path, name)
        inner = EventBase if record is None else record
        if type(value) is list:
            for index, item in enumerate(value):
                yield from raw_references(item, inner, f"{here}[{index}]")
        elif value is not None:
            yield from raw_references(value, inner, here)
