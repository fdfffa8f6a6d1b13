"""
The cattrs converters that turn model objects into plain data and back.

Two converters share one configuration: a fast one used first, and a detailed
one used only after the fast one has failed, to collect every error with its
path. The fast one reads each record class with a reader generated from its
description (`conflict_events.formats.record_readers`), which checks every
value inline with the test the model's validator runs and builds the record
without running the validators again. The detailed one lets primitive values
pass through and has each field checked by its validator as it is read, so
both refuse exactly what the model refuses.
"""

from __future__ import annotations

import enum
import functools
import operator
import re
import types
import typing
from collections.abc import Callable
from datetime import datetime
from typing import Any, Final

import attrs
from cattrs import Converter
from cattrs.cols import homogenous_tuple_structure_factory, is_sequence
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, override

from conflict_events.errors import FieldError, describe
from conflict_events.formats.record_readers import MemberHook, Unsupported, record_reader
from conflict_events.formats.schema import TIMESTAMP_PATTERN
from conflict_events.model import EVENT_TYPES, Event, EventBase
from conflict_events.model.description import FieldDescription, FieldKind, FieldSpec, description
from conflict_events.temporal import FuzzyDate, Span, TemporalError

__all__ = [
    "built_positional_reader",
    "built_reader",
    "detailed_converter",
    "fast_converter",
    "value_hook",
]

When = FuzzyDate | Span
_PASSTHROUGH = (str, int, float, bool)
_TIMESTAMP = re.compile(TIMESTAMP_PATTERN.removeprefix("^").removesuffix("$"), re.ASCII)


def _structure_passthrough(value: object, _: object) -> object:
    return value


# FuzzyDate and Span are immutable, and the same dates recur throughout a
# document, so each EDTF text is parsed once and its value shared. A text that
# fails to parse raises every time (exceptions are not cached).
_EDTF_CACHE_SIZE = 16_384


@functools.lru_cache(maxsize=_EDTF_CACHE_SIZE)
def _parse_date(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


@functools.lru_cache(maxsize=_EDTF_CACHE_SIZE)
def _parse_when(text: str) -> FuzzyDate | Span:
    if "/" in text:
        return Span.parse(text)
    return _parse_date(text)


def _structure_fuzzy_date(value: object, _: object) -> FuzzyDate:
    if type(value) is not str:
        raise TemporalError(describe(value), "a date must be an EDTF string such as '2017-02-04'")
    return _parse_date(value)


def _structure_when(value: object, _: object) -> FuzzyDate | Span:
    if type(value) is not str:
        raise TemporalError(
            describe(value), "a date or span must be an EDTF string such as '2017-02' or '2016/..'"
        )
    return _parse_when(value)


def _structure_datetime(value: object, _: object) -> datetime:
    if type(value) is not str:
        msg = f"{describe(value)} is not an ISO 8601 date and time string"
        raise ValueError(msg)
    if _TIMESTAMP.fullmatch(value) is None:
        msg = (
            f"{describe(value)} is not a date and time written as YYYY-MM-DDThh:mm[:ss[.fff[fff]]]"
            " with a UTC offset (Z or +hh:mm), as the schema states"
        )
        raise ValueError(msg)
    # The pattern admits only real dates and times with an offset, all of which this reads.
    return datetime.fromisoformat(value)


def _tuple_hook(kind: Any, converter: Converter) -> Callable[[object, object], tuple[Any, ...]]:
    (item,) = {arg for arg in typing.get_args(kind) if arg is not Ellipsis}
    if item is str:
        return _strings
    inner = homogenous_tuple_structure_factory(kind, converter)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            msg = f"{describe(value)} is not a list"
            raise TypeError(msg)
        result: tuple[Any, ...] = inner(value, kind)
        return result

    return structure


_Hook = Callable[[Any, Any], Any]


def _strings(value: object, _: object) -> tuple[Any, ...]:
    if type(value) is not list and type(value) is not tuple:
        msg = f"{describe(value)} is not a list"
        raise TypeError(msg)
    return tuple(value)


def _passthrough_reader(spec: FieldSpec, _: Converter) -> _Hook:
    return _strings if spec.many else _structure_passthrough


def _hook_for(target: Any, spec: FieldSpec, converter: Converter) -> _Hook:
    """The converter's hook for values of the class *target*, or for a list of them."""
    if target is None:
        msg = f"a {spec.kind.value} field does not name its class"
        raise TypeError(msg)
    if spec.many:
        return converter.get_structure_hook(tuple[target, ...])
    return converter.get_structure_hook(target)


def _choice_reader(spec: FieldSpec, converter: Converter) -> _Hook:
    return _hook_for(spec.choices, spec, converter)


def _record_reader(spec: FieldSpec, converter: Converter) -> _Hook:
    return _hook_for(spec.record, spec, converter)


def _event_reader(spec: FieldSpec, converter: Converter) -> _Hook:
    return _hook_for(Event, spec, converter)


#: How a field of each kind is read from plain data (its model validator checks the value).
_READERS: dict[FieldKind, Callable[[FieldSpec, Converter], _Hook]] = {
    FieldKind.IDENTIFIER: _passthrough_reader,
    FieldKind.REFERENCE: _passthrough_reader,
    FieldKind.TEXT: _passthrough_reader,
    FieldKind.COUNTRY: _passthrough_reader,
    FieldKind.VERSION: _passthrough_reader,
    FieldKind.CHOICE: _choice_reader,
    FieldKind.FLAG: _passthrough_reader,
    FieldKind.COUNT: _passthrough_reader,
    FieldKind.COORDINATE: _passthrough_reader,
    FieldKind.DATE: lambda _, __: _structure_fuzzy_date,
    FieldKind.WHEN: lambda _, __: _structure_when,
    FieldKind.TIMESTAMP: lambda _, __: _structure_datetime,
    FieldKind.RECORD: _record_reader,
    FieldKind.EVENT: _event_reader,
    FieldKind.STRING_MAP: _passthrough_reader,
    FieldKind.EXTENSIONS: _passthrough_reader,
}


def _reader(spec: FieldSpec, converter: Converter) -> _Hook:
    """The hook reading one field: its kind's, letting None through where the field allows it."""
    inner = _READERS[spec.kind](spec, converter)
    if not spec.optional or inner is _structure_passthrough:
        return inner

    def structure(value: object, kind: object) -> Any:
        return None if value is None else inner(value, kind)

    return structure


def _checked(hook: _Hook, attribute: attrs.Attribute[Any]) -> _Hook:
    """
    *hook*, then the field's own model check on what it read (the detailed converter's).

    The model checks each field when the record is built, which never happens
    when another field of the record cannot be read: checked as it is read,
    every faulty field of a record is reported in one run, not only those the
    hooks refuse.
    """
    check: Any = attribute.validator
    convert: Any = attribute.converter  # the default of a list field makes it a tuple

    def structure(value: object, kind: object) -> Any:
        result = hook(value, kind)
        try:
            check(None, attribute, result if convert is None else convert(result))
        except FieldError as error:
            inner = error.field.removeprefix(attribute.name).removeprefix(".")
            if inner:  # an item of the field, such as ``[3]``
                raise FieldError(inner, error.message) from None
            raise ValueError(error.message) from None
        return result

    return structure


def _record_fn(kind: type, converter: Converter, *, forbid_extra_keys: bool) -> _Hook:
    """
    The generated reader of the record class *kind*, each field read as its kind says.

    The detailed converter also checks each field as it reads it (`_checked`).
    """
    attributes = {attribute.name: attribute for attribute in attrs.fields(kind)}
    overrides = {}
    for field in description(kind).fields:
        hook = _reader(field.spec, converter)
        if converter.detailed_validation:
            hook = _checked(hook, attributes[field.name])
        overrides[field.name] = override(struct_hook=hook)
    function: _Hook = make_dict_structure_fn(
        kind,
        converter,
        _cattrs_forbid_extra_keys=forbid_extra_keys,
        _cattrs_detailed_validation=converter.detailed_validation,
        **overrides,  # type: ignore[arg-type]
    )
    return function


def _one_value(spec: FieldSpec, converter: Converter) -> _Hook:
    """The hook of *converter* reading one value of a field (one item of a list)."""
    return _READERS[spec.kind](attrs.evolve(spec, many=False, optional=False), converter)


def _fast_reader(kind: type, converter: Converter) -> _Hook | None:
    """The generated reader of *kind* for the fast converter; None for a class it cannot read."""
    try:
        return record_reader(
            kind, lambda spec: _one_value(spec, converter), tag=description(kind).tag
        )
    except Unsupported:
        return None


def _object_hook(kind: type, converter: Converter) -> Callable[[object, object], Any]:
    name = kind.__name__
    tag = description(kind).tag
    if not converter.detailed_validation:
        reader = _fast_reader(kind, converter)
        if reader is not None:
            return reader
        if tag:
            return _fast_event_hook(kind, converter, tag)
    inner = _record_fn(kind, converter, forbid_extra_keys=True)

    def structure(value: object, _: object) -> Any:
        if type(value) is not dict:
            msg = f"{describe(value)} is not an object (expected a {name})"
            raise TypeError(msg)
        return inner(value, kind)

    def structure_event(value: object, _: object) -> Any:
        if type(value) is not dict:
            msg = f"{describe(value)} is not an object (expected a {name})"
            raise TypeError(msg)
        if "type" in value:
            if value["type"] != tag:
                raise FieldError("type", f"{describe(value['type'])} is not {tag!r}")
            value = {key: item for key, item in value.items() if key != "type"}
        return inner(value, kind)

    return structure_event if tag else structure


def _fast_event_hook(kind: type, converter: Converter, tag: str) -> Callable[[object, object], Any]:
    """
    An event class for the fast converter: the ``type`` key is checked in place.

    The detailed converter copies the object without ``type`` and lets cattrs
    refuse unknown keys; here the keys are checked against the fields plus
    ``type`` and the object is read as it is, without a copy.
    """
    inner = _record_fn(kind, converter, forbid_extra_keys=False)
    allowed = frozenset({field.name for field in description(kind).fields} | {"type"})
    name = kind.__name__

    def structure(value: object, _: object) -> Any:
        if type(value) is not dict:
            msg = f"{describe(value)} is not an object (expected a {name})"
            raise TypeError(msg)
        if "type" in value and value["type"] != tag:
            raise FieldError("type", f"{describe(value['type'])} is not {tag!r}")
        if not allowed.issuperset(value):
            raise ForbiddenExtraKeysError("", kind, set(value) - allowed)
        return inner(value, kind)

    return structure


def _event_hook(converter: Converter) -> Callable[[object, object], EventBase]:
    hooks = {name: converter.get_structure_hook(cls) for name, cls in EVENT_TYPES.items()}
    known = ", ".join(repr(name) for name in EVENT_TYPES)

    def structure(value: object, _: object) -> EventBase:
        if type(value) is not dict:
            msg = f"{describe(value)} is not an object (expected an event)"
            raise TypeError(msg)
        tag = value.get("type")
        if tag is None:
            raise FieldError("type", f"missing; an event's type is one of {known}")
        hook = hooks.get(tag) if type(tag) is str else None
        if hook is None:
            raise FieldError("type", f"{describe(tag)} is not one of {known}")
        return hook(value, EVENT_TYPES[tag])  # type: ignore[no-any-return]

    return structure


def _omit_test(field: FieldDescription) -> str | None:
    """The test that keeps a field in the output; None when it is always written."""
    default = field.default
    if field.required or field.spec.always_written:
        return None
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return "v"  # an empty dict or list is the default: write only when not empty
    if default is None:
        return "v is not None"
    if default == ():
        return "v"
    if isinstance(default, enum.Enum | bool):
        return f"v is not __default_{field.name}"
    return f"v != __default_{field.name}"


def _same(_: FieldSpec, value: str, __: str, ___: Converter, ____: dict[str, Any]) -> str:
    return value


def _written_record(
    spec: FieldSpec, value: str, name: str, converter: Converter, namespace: dict[str, Any]
) -> str:
    hook = converter.get_unstructure_hook(spec.record)
    namespace[f"__hook_{name}"] = hook
    if spec.many:
        return f"[__hook_{name}(x) for x in {value}]"
    return f"__hook_{name}({value})"


def _written_events(
    _: FieldSpec, value: str, __: str, converter: Converter, namespace: dict[str, Any]
) -> str:
    namespace["__events"] = _event_hooks(converter)
    return f"[__events[x.__class__](x) for x in {value}]"


_Writer = Callable[[FieldSpec, str, str, Converter, dict[str, Any]], str]

#: Python source writing a value of each field kind as plain data (given the value's source).
_WRITERS: dict[FieldKind, _Writer] = {
    FieldKind.IDENTIFIER: _same,
    FieldKind.REFERENCE: lambda spec, value, *_: f"list({value})" if spec.many else value,
    FieldKind.TEXT: lambda spec, value, *_: f"list({value})" if spec.many else value,
    FieldKind.COUNTRY: _same,
    FieldKind.VERSION: _same,
    FieldKind.CHOICE: lambda _, value, *__: f"{value}._value_",
    FieldKind.FLAG: _same,
    FieldKind.COUNT: _same,
    FieldKind.COORDINATE: _same,
    FieldKind.DATE: lambda _, value, *__: f"{value}.to_edtf()",
    FieldKind.WHEN: lambda _, value, *__: f"{value}.to_edtf()",
    FieldKind.TIMESTAMP: lambda _, value, *__: f"{value}.isoformat()",
    FieldKind.RECORD: _written_record,
    FieldKind.EVENT: _written_events,
    FieldKind.STRING_MAP: lambda _, value, *__: f"dict({value})",
    FieldKind.EXTENSIONS: lambda _, value, *__: f"dict({value})",
}


def _unstructure_object(kind: type, converter: Converter) -> Callable[[Any], dict[str, Any]]:
    """
    A generated function writing a record as a dict, leaving out fields at their default.

    Each field is written as its kind says (`_WRITERS`); defaults are
    recognised by identity or emptiness rather than by comparing with a fresh
    default value, and the event ``type`` comes first.
    """
    record = description(kind)
    namespace: dict[str, Any] = {}
    required: list[str] = []
    optional: list[str] = []
    if record.tag:
        required.append(f"'type': {record.tag!r}")
    for field in record.fields:
        test = _omit_test(field)
        if test is None:
            value = _WRITERS[field.kind](
                field.spec, f"o.{field.name}", field.name, converter, namespace
            )
            if field.spec.optional:
                value = f"(None if o.{field.name} is None else {value})"
            required.append(f"{field.name!r}: {value}")
            continue
        # Written only when not at its default, so never None when written.
        value = _WRITERS[field.kind](field.spec, "v", field.name, converter, namespace)
        namespace[f"__default_{field.name}"] = field.default
        optional += [
            f"    v = o.{field.name}",
            f"    if {test}:",
            f"        d[{field.name!r}] = {value}",
        ]
    source = "\n".join(
        [
            "def unstructure(o):",
            "    d = {" + ", ".join(required) + "}",
            *optional,
            "    return d",
        ]
    )
    exec(compile(source, f"<conflict_events unstructure {kind.__name__}>", "exec"), namespace)  # noqa: S102 - code generated above from the class's own description
    function: Callable[[Any], dict[str, Any]] = namespace["unstructure"]
    return function


def _edtf_text(value: FuzzyDate | Span) -> str:
    """The EDTF text of a date or span (each value keeps its text once written)."""
    return value.to_edtf()


def _enum_value(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    """A member's value, read straight from the member rather than through the property."""
    del kind
    return operator.attrgetter("_value_")


def _event_hooks(converter: Converter) -> dict[type, Callable[[Any], dict[str, Any]]]:
    """The unstructure hook of every event class, by class."""
    return {cls: converter.get_unstructure_hook(cls) for cls in EVENT_TYPES.values()}


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _is_homogeneous_tuple(kind: Any) -> bool:
    return typing.get_origin(kind) is tuple and is_sequence(kind)


def _is_model_class(kind: Any) -> bool:
    return isinstance(kind, type) and attrs.has(kind) and kind not in (FuzzyDate, Span)


def _is_dict(kind: Any) -> bool:
    return typing.get_origin(kind) is dict


def _configure(converter: Converter) -> Converter:
    for kind in _PASSTHROUGH:
        converter.register_structure_hook(kind, _structure_passthrough)
    converter.register_structure_hook_func(_is_dict, _structure_passthrough)
    converter.register_structure_hook(FuzzyDate, _structure_fuzzy_date)
    converter.register_structure_hook(Span, _structure_when)
    converter.register_structure_hook(When, _structure_when)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook_factory(_is_enum, MemberHook)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook)
    converter.register_structure_hook_factory(_is_model_class, _object_hook)
    converter.register_structure_hook(Event, _event_hook(converter))

    converter.register_unstructure_hook(FuzzyDate, _edtf_text)
    converter.register_unstructure_hook(Span, _edtf_text)
    converter.register_unstructure_hook_func(lambda kind: kind == When, _edtf_text)
    converter.register_unstructure_hook_factory(_is_enum, _enum_value)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_unstructure_hook_func(_is_dict, dict)
    converter.register_unstructure_hook_factory(_is_model_class, _unstructure_object)
    return converter


@functools.cache
def fast_converter() -> Converter:
    """The converter used first: no per-field bookkeeping."""
    return _configure(Converter(detailed_validation=False))


#: Kinds whose values a built reader takes as they are given (see `built_reader`).
_GIVEN_BUILT: Final = frozenset(
    {FieldKind.DATE, FieldKind.WHEN, FieldKind.TIMESTAMP, FieldKind.RECORD, FieldKind.EVENT}
)


def value_hook(spec: FieldSpec) -> _Hook:
    """The fast converter's hook reading one value of a field of *spec* (one item of a list)."""
    return _one_value(spec, fast_converter())


@functools.cache
def built_reader(kind: type) -> _Hook:
    """
    The fast reader of *kind* for plain data whose dates, times and records are already built.

    Reading whole columns builds each distinct nested value once (with
    `value_hook`, or with the built reader of its class) and shares it; the
    record's own fields are checked as the fast reader checks them. What is
    given built is taken as it is, so it must come from those readers: a
    missing value of a required field is still refused, an item None is not.

    Raises:
        Unsupported: The fast converter has no generated reader for *kind*.
    """
    return record_reader(kind, _built_hook, tag=description(kind).tag)


@functools.cache
def built_positional_reader(kind: type) -> _Hook:
    """
    `built_reader` taking each field's value as an argument, in field order.

    A value left out is `conflict_events.formats.record_readers.MISSING`;
    the event type is not passed (the caller reads one class at a time).

    Raises:
        Unsupported: The fast converter has no generated reader for *kind*.
    """
    return record_reader(kind, _built_hook, tag=description(kind).tag, positional=True)


def _built_hook(spec: FieldSpec) -> _Hook:
    """The hook of a built reader: what is given built is taken as it is."""
    return _structure_passthrough if spec.kind in _GIVEN_BUILT else value_hook(spec)


@functools.cache
def detailed_converter() -> Converter:
    """The converter used after a failure, to report every error with its path."""
    return _configure(Converter(detailed_validation=True))


# The union type object is hashable and usable as a hook key on every supported Python.
assert isinstance(When, types.UnionType)  # noqa: S101
