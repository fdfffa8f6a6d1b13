"""
Field builders: the one way a model class declares a field.

Each builder records what the field holds as a `FieldSpec` (read back with
`conflict_events.model.description.description`) and builds the field's attrs
validator from that same declaration, so what the model checks and what every
format states about the field cannot drift apart. What a field accepts is
written once, as the spec's `ValueTest` (an expression); the validator runs
it, and a reader generating code may write the same expression inline.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Final, TypeVar

import attrs

from conflict_events.errors import FieldError, describe
from conflict_events.model.description import (
    SPEC_KEY,
    FieldKind,
    FieldSpec,
    ReferenceKind,
    ValueTest,
)
from conflict_events.temporal import FuzzyDate, Span

__all__ = [
    "COUNTRY_PATTERN",
    "ID_PATTERN",
    "INVISIBLE",
    "MAX_COUNT",
    "MAX_JSON_INT",
    "VISIBLE_TEXT_PATTERN",
    "ReferenceKind",
]

#: Identifiers: ASCII letters, digits and ``_ . : -``, starting with a letter or digit.
ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}$"
COUNTRY_PATTERN: Final = r"^[A-Z]{3}$"
#: The largest count an estimate may hold (more than the world's population).
MAX_COUNT: Final = 10**10
#: Integers inside extensions stay within what every JSON reader holds exactly.
MAX_JSON_INT: Final = 2**53 - 1
_MINUTE: Final = timedelta(minutes=1)
#: How deep user extensions may nest.
MAX_EXTENSION_DEPTH: Final = 32
#: Characters that show nothing: Unicode white space and the zero-width no-break space.
#: A text made only of these is refused, since no CSV cell or reader keeps it apart from blank.
INVISIBLE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
#: A search pattern (JSON Schema ``pattern``) that a text with a visible character matches.
VISIBLE_TEXT_PATTERN: Final = "[^" + "".join(f"\\u{ord(c):04x}" for c in INVISIBLE) + "]"

_ID_RE = re.compile(ID_PATTERN.replace("^", "").replace("$", ""), re.ASCII)
_COUNTRY_RE = re.compile(COUNTRY_PATTERN.replace("^", "").replace("$", ""), re.ASCII)

E = TypeVar("E", bound=enum.Enum)
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
#: Raises the `FieldError` of a value a field refuses (only called once the test said so).
Fault = Callable[["attrs.Attribute[Any]", Any], None]


def _fail(attribute: attrs.Attribute[Any], message: str) -> FieldError:
    return FieldError(attribute.name, message)


def _remembering(pattern: re.Pattern[str], most: int) -> ValueTest:
    """
    The test of a text matching *pattern* whole, which remembers up to *most* texts it passed.

    Most identifiers a document holds are references to one met before, and
    most country codes recur: a look-up among those passed lately costs a
    fraction of matching the pattern. The set is emptied when full, so that it
    stays small whatever is read.
    """
    passed: set[str] = set()

    def matches(value: str) -> bool:
        if pattern.fullmatch(value) is None:
            return False
        if len(passed) >= most:
            passed.clear()
        passed.add(value)
        return True

    return ValueTest(
        "type({v}) is str and ({v} in {passed} or {matches}({v}))",
        {"passed": passed, "matches": matches},
    )


#: An identifier string.
IDENTIFIER_TEST: Final = _remembering(_ID_RE, 16_384)
_is_identifier = IDENTIFIER_TEST.compiled()


def check_identifier(value: object, attribute: attrs.Attribute[Any]) -> None:
    """Refuse anything but an identifier string."""
    if not _is_identifier(value):
        _not_identifier(attribute, value)


def _not_identifier(attribute: attrs.Attribute[Any], value: object) -> None:
    raise _fail(
        attribute,
        f"{describe(value)} is not an identifier "
        "(1-128 ASCII letters, digits, '_', '.', ':' or '-', not starting with punctuation)",
    )


def is_unicode(value: str) -> bool:
    """True unless *value* holds a lone surrogate, which no UTF-8 text can carry."""
    if value.isascii() or value.isprintable():  # a surrogate is not printable
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# The invisible characters within ASCII are those str.isspace counts, so an
# ASCII text is visible when it is not empty and not all space (no call made).
if {c for c in INVISIBLE if c.isascii()} != {chr(i) for i in range(128) if chr(i).isspace()}:
    msg = "INVISIBLE must hold the ASCII white space str.isspace counts, and no other ASCII"
    raise RuntimeError(msg)

#: A text with a visible character and no lone surrogate. Beyond ASCII, a printable text
#: holds no surrogate, so only the others are encoded to tell.
TEXT_TEST: Final = ValueTest(
    "type({v}) is str and ({v} != '' and not {v}.isspace() if {v}.isascii() else"
    " {v}.strip({invisible}) != '' and ({v}.isprintable() or {is_unicode}({v})))",
    {"invisible": INVISIBLE, "is_unicode": is_unicode},
)
_is_text = TEXT_TEST.compiled()


def _not_text(attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str or not value:
        raise _fail(attribute, f"{describe(value)} is not a non-empty string")
    if not is_unicode(value):
        raise _fail(attribute, f"{describe(value)} holds a lone surrogate, not Unicode text")
    raise _fail(attribute, f"{describe(value)} is only white space")


def _validator(spec: FieldSpec, fault: Fault) -> Validator:
    """
    The validator of a single-valued field: None where the spec allows it, else the spec's test.

    Generated from the test's expression, so the check costs no call beyond
    the validator; *fault* raises the error of a value the test refuses.
    """
    test = spec.test
    if test is None or spec.many:
        msg = "a single-valued field's validator is built from its spec's test"
        raise TypeError(msg)
    lines = ["def check(_, attribute, v):"]
    if spec.optional:
        lines += ["    if v is None:", "        return"]
    lines += [f"    if not ({test.source('v')}):", "        __fault(attribute, v)"]
    namespace: dict[str, Any] = {**test.names, "__fault": fault}
    source = "\n".join(lines)
    exec(compile(source, f"<conflict_events {spec.kind.value} check>", "exec"), namespace)  # noqa: S102 - the model's own test
    check: Validator = namespace["check"]
    return check


def _check_sequence(
    attribute: attrs.Attribute[Any], value: object, item: Callable[[object], bool], what: str
) -> None:
    if type(value) is not tuple:
        raise _fail(attribute, f"{describe(value)} is not a list of {what}")
    for element in value:  # the usual case, most often an empty default: no index kept
        if not item(element):
            break
    else:
        return
    for index, element in enumerate(value):
        if not item(element):
            raise FieldError(
                f"{attribute.name}[{index}]", f"{describe(element)} is not {what[:-1]}"
            )


def _identifiers(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_sequence(attribute, value, _is_identifier, "identifiers")


def _texts(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_sequence(attribute, value, _is_text, "visible texts")


def as_tuple(value: object) -> object:
    """Accept a list where a tuple is stored; anything else is left for the validator to refuse."""
    if type(value) is list:
        return tuple(value)
    return value


def _field(spec: FieldSpec, validator: Validator, **options: Any) -> Any:
    """An attrs field holding *spec* for `description` and checked by *validator*."""
    return attrs.field(validator=validator, metadata={SPEC_KEY: spec}, **options)


def _default(spec: FieldSpec, required: bool) -> dict[str, Any]:
    """The attrs options giving a field its default: none when required."""
    if required:
        return {}
    if spec.many:
        return {"default": (), "converter": as_tuple}
    return {"default": None}


def identifier(doc: str) -> Any:
    """A required identifier of the object itself."""
    spec = FieldSpec(FieldKind.IDENTIFIER, doc, pattern=ID_PATTERN, test=IDENTIFIER_TEST)
    return _field(spec, _validator(spec, _not_identifier))


def reference(kind: ReferenceKind, doc: str, *, required: bool = False) -> Any:
    """An identifier that must resolve to an object of *kind* in the dataset."""
    spec = FieldSpec(
        FieldKind.REFERENCE,
        doc,
        optional=not required,
        reference=kind,
        pattern=ID_PATTERN,
        test=IDENTIFIER_TEST,
    )
    return _field(spec, _validator(spec, _not_identifier), **_default(spec, required))


def _list_field(spec: FieldSpec, items: Validator) -> Any:
    """A list field checked item by item, and for its fewest items when the spec has some."""
    if not spec.min_items:
        return _field(spec, items, **_default(spec, required=False))
    least = spec.min_items

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        items(instance, attribute, value)
        if len(value) < least:
            raise _fail(attribute, f"needs at least {least} item(s), got {describe(value)}")

    return _field(spec, check, converter=as_tuple)


def references(kind: ReferenceKind, doc: str, *, min_items: int = 0) -> Any:
    """A list of identifiers that must each resolve to an object of *kind*."""
    spec = FieldSpec(
        FieldKind.REFERENCE,
        doc,
        many=True,
        min_items=min_items,
        reference=kind,
        pattern=ID_PATTERN,
        test=IDENTIFIER_TEST,
    )
    return _list_field(spec, _identifiers)


def text(doc: str, *, required: bool = False) -> Any:
    """A free-text string; optional unless *required*."""
    spec = FieldSpec(FieldKind.TEXT, doc, optional=not required, test=TEXT_TEST)
    return _field(spec, _validator(spec, _not_text), **_default(spec, required))


def texts(doc: str, *, min_items: int = 0) -> Any:
    """A list of texts with a visible character (aliases, tags); required when it needs items."""
    spec = FieldSpec(FieldKind.TEXT, doc, many=True, min_items=min_items, test=TEXT_TEST)
    return _list_field(spec, _texts)


def country(doc: str = "ISO 3166-1 alpha-3 country code, e.g. SYR.") -> Any:
    """An optional ISO 3166-1 alpha-3 code."""

    def fault(attribute: attrs.Attribute[Any], value: object) -> None:
        raise _fail(attribute, f"{describe(value)} is not an ISO 3166-1 alpha-3 code")

    spec = FieldSpec(
        FieldKind.COUNTRY, doc, optional=True, pattern=COUNTRY_PATTERN, test=_COUNTRY_TEST
    )
    return _field(spec, _validator(spec, fault), **_default(spec, required=False))


_COUNTRY_TEST: Final = _remembering(_COUNTRY_RE, 1_024)


def version(doc: str, *, current: str, pattern: re.Pattern[str]) -> Any:
    """The document format version, matching *pattern* whole; *current* is the default."""
    major = current.partition(".")[0]

    def fault(attribute: attrs.Attribute[Any], value: object) -> None:
        raise _fail(
            attribute,
            f"{describe(value)} is not a version of document format {major}, such as {current!r}",
        )

    test = ValueTest(
        "type({v}) is str and {version_match}({v}) is not None",
        {"version_match": pattern.fullmatch},
    )
    spec = FieldSpec(
        FieldKind.VERSION, doc, pattern=pattern.pattern, always_written=True, test=test
    )
    return _field(spec, _validator(spec, fault), default=current)


def choice(
    enum_type: type[E], doc: str, *, default: E | None = None, optional: bool = False
) -> Any:
    """A member of *enum_type*; required unless a default is given or it is *optional*."""
    allowed = ", ".join(repr(member.value) for member in enum_type)

    def fault(attribute: attrs.Attribute[Any], value: object) -> None:
        raise _fail(attribute, f"{describe(value)} is not one of {allowed}")

    test = ValueTest("type({v}) is {choices}", {"choices": enum_type})
    spec = FieldSpec(FieldKind.CHOICE, doc, optional=optional, choices=enum_type, test=test)
    check = _validator(spec, fault)
    if default is not None or optional:
        return _field(spec, check, default=default)
    return _field(spec, check)


def flag(doc: str, *, default: bool = False) -> Any:
    """A boolean."""
    spec = FieldSpec(FieldKind.FLAG, doc, test=_FLAG_TEST)
    return _field(spec, _validator(spec, _not_flag), default=default)


_FLAG_TEST: Final = ValueTest("type({v}) is bool")


def _not_flag(attribute: attrs.Attribute[Any], value: object) -> None:
    raise _fail(attribute, f"{describe(value)} is not true or false")


def count(doc: str, *, optional: bool = True, maximum: int = MAX_COUNT) -> Any:
    """A whole number from 0 to *maximum* (`MAX_COUNT` unless a smaller bound is given)."""
    if not 0 < maximum <= MAX_COUNT:
        msg = f"a count's maximum must be from 1 to {MAX_COUNT}, not {maximum}"
        raise ValueError(msg)
    low, high = 0, maximum
    test = ValueTest(f"type({{v}}) is int and {low} <= {{v}} <= {high}")
    spec = FieldSpec(FieldKind.COUNT, doc, optional=optional, minimum=low, maximum=high, test=test)

    def fault(attribute: attrs.Attribute[Any], value: object) -> None:
        raise _fail(attribute, f"{describe(value)} is not a whole number from {low} to {high}")

    return _field(spec, _validator(spec, fault), **_default(spec, required=not optional))


def _float_in_range(value: object) -> object:
    """An int as a float; one too large for a float is left for the validator to refuse."""
    if type(value) is int and -(2**1023) < value < 2**1023:
        return float(value)
    return value


def degrees(limit: int, doc: str) -> Any:
    """An optional WGS84 coordinate in decimal degrees, within +-*limit*."""

    def fault(attribute: attrs.Attribute[Any], value: object) -> None:
        raise _fail(attribute, f"{describe(value)} is not a number from -{limit} to {limit}")

    # Within finite bounds, so neither NaN nor an infinity passes.
    test = ValueTest(f"type({{v}}) is float and {-limit} <= {{v}} <= {limit}")
    spec = FieldSpec(
        FieldKind.COORDINATE, doc, optional=True, minimum=-limit, maximum=limit, test=test
    )
    return _field(spec, _validator(spec, fault), default=None, converter=_float_in_range)


def _instance_test(kinds: type | tuple[type, ...]) -> ValueTest:
    return ValueTest("isinstance({v}, {kinds})", {"kinds": kinds})


def _not_instance(what: str) -> Fault:
    def fault(attribute: attrs.Attribute[Any], value: object) -> None:
        raise _fail(attribute, f"{describe(value)} is not {what}")

    return fault


def when(doc: str, *, required: bool = True) -> Any:
    """A date (`FuzzyDate`) or a span (`Span`), written as EDTF."""
    test = _instance_test((FuzzyDate, Span))
    spec = FieldSpec(FieldKind.WHEN, doc, optional=not required, test=test)
    check = _validator(spec, _not_instance("a date or a span"))
    return _field(spec, check, **_default(spec, required))


def fuzzy_date(doc: str) -> Any:
    """An optional `FuzzyDate`."""
    spec = FieldSpec(FieldKind.DATE, doc, optional=True, test=_instance_test(FuzzyDate))
    return _field(spec, _validator(spec, _not_instance("a date")), default=None)


def timestamp(doc: str) -> Any:
    """An optional timezone-aware `datetime`."""
    spec = FieldSpec(FieldKind.TIMESTAMP, doc, optional=True, test=_TIMESTAMP_TEST)
    return _field(spec, _validator(spec, _not_timestamp), default=None)


def _whole_minutes(offset: timedelta | None) -> bool:
    """
    A UTC offset that is known and a whole number of minutes.

    ISO 8601 writes offsets as hh:mm; Python would write seconds, and read a
    fraction of one back as nothing.
    """
    return offset is not None and not offset % _MINUTE


_TIMESTAMP_TEST: Final = ValueTest(
    "type({v}) is {datetime} and {whole_minutes}({v}.utcoffset())",
    {"datetime": datetime, "whole_minutes": _whole_minutes},
)


def _not_timestamp(attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not datetime or value.utcoffset() is None:
        raise _fail(attribute, f"{describe(value)} is not a date and time with a UTC offset")
    raise _fail(attribute, f"{describe(value)} has an offset that is not a whole number of minutes")


def nested(kind: type, doc: str, *, optional: bool = True) -> Any:
    """A nested model object of class *kind*."""
    spec = FieldSpec(
        FieldKind.RECORD, doc, optional=optional, record=kind, test=_instance_test(kind)
    )
    check = _validator(spec, _not_instance(f"a {kind.__name__}"))
    return _field(spec, check, **_default(spec, required=not optional))


def nested_list(kind: type, doc: str) -> Any:
    """A list of nested model objects of class *kind*; `EventBase` for events of any type."""
    is_event = getattr(kind, "event_type", None) == ""

    what = f"{kind.__name__}s"
    test = _instance_test(kind)
    is_one = test.compiled()

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_sequence(attribute, value, is_one, what)

    spec = FieldSpec(
        FieldKind.EVENT if is_event else FieldKind.RECORD,
        doc,
        many=True,
        record=None if is_event else kind,
        test=test,
    )
    return _field(spec, check, **_default(spec, required=False))


def string_map(doc: str) -> Any:
    """A mapping of short names to strings (external ids); excluded from hashing."""
    spec = FieldSpec(FieldKind.STRING_MAP, doc, test=_STRING_MAP_TEST)
    return _field(spec, _validator(spec, _not_string_map), factory=dict, hash=False)


def _texts_only(mapping: dict[Any, Any]) -> bool:
    """Every key and every value of *mapping* is a text with a visible character."""
    return all(_is_text(key) and _is_text(item) for key, item in mapping.items())


_STRING_MAP_TEST: Final = ValueTest(
    "type({v}) is dict and (not {v} or {texts_only}({v}))", {"texts_only": _texts_only}
)


def _not_string_map(attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not dict:
        raise _fail(attribute, f"{describe(value)} is not an object of strings")
    for key, item in value.items():
        if not _is_text(key) or not _is_text(item):
            raise FieldError(
                f"{attribute.name}[{describe(key)}]",
                f"{describe(item)} is not a text with a visible character",
            )


def _json_fault(value: Any, depth: int) -> tuple[list[str], str] | None:
    """
    The first place in *value* that JSON cannot hold exactly, or None.

    The place is the steps down to it, innermost first (``[0]``, ``['key']``),
    built only once a fault is found: a valid value costs no path text.
    """
    if depth > MAX_EXTENSION_DEPTH:
        return [], f"nests deeper than {MAX_EXTENSION_DEPTH} levels"
    kind = type(value)
    if kind is str:
        return None if is_unicode(value) else ([], f"{describe(value)} holds a lone surrogate")
    if value is None or kind is bool:
        return None
    if kind is int:
        if -MAX_JSON_INT <= value <= MAX_JSON_INT:
            return None
        return [], f"{describe(value)} is beyond +-{MAX_JSON_INT}"
    if kind is float:
        if not math.isfinite(value):
            return [], f"{describe(value)} is not finite"
        if abs(value) > MAX_JSON_INT and value.is_integer():
            # JSON parsers turn integers too large for them into such floats.
            return [], f"{describe(value)} is beyond +-{MAX_JSON_INT}; write it as a string"
        return None
    # A plain scalar one level down needs no call, unless that level is already too
    # deep: a Unicode text, true, false, null, a number within +-MAX_JSON_INT (so
    # finite, and a float there is no integer too large for a JSON reader).
    shallow = depth < MAX_EXTENSION_DEPTH
    if kind is list:
        for index, item in enumerate(value):
            if shallow and (
                ((of := type(item)) is str and (item.isascii() or is_unicode(item)))
                or ((of is int or of is float) and -MAX_JSON_INT <= item <= MAX_JSON_INT)
                or item is None
                or of is bool
            ):
                continue
            if fault := _json_fault(item, depth + 1):
                fault[0].append(f"[{index}]")
                return fault
        return None
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or not (key.isascii() or is_unicode(key)):
                return [], f"key {describe(key)} is not a Unicode string"
            if shallow and (
                ((of := type(item)) is str and (item.isascii() or is_unicode(item)))
                or ((of is int or of is float) and -MAX_JSON_INT <= item <= MAX_JSON_INT)
                or item is None
                or of is bool
            ):
                continue
            if fault := _json_fault(item, depth + 1):
                fault[0].append(f"[{describe(key)}]")
                return fault
        return None
    return [], f"{describe(value)} is not a JSON value"


def extensions() -> Any:
    """The user's own data: any JSON object, kept and written back untouched."""
    spec = FieldSpec(
        FieldKind.EXTENSIONS,
        "Your own data, as any JSON object; kept and written back untouched.",
        test=_EXTENSIONS_TEST,
    )
    return _field(spec, _validator(spec, _not_extensions), factory=dict, hash=False)


_EXTENSIONS_TEST: Final = ValueTest(
    "type({v}) is dict and (not {v} or {json_fault}({v}, 0) is None)",
    {"json_fault": _json_fault},
)


def _not_extensions(attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not dict:
        raise _fail(attribute, f"{describe(value)} is not an object")
    fault = _json_fault(value, 0)
    steps, message = fault or ([], f"{describe(value)} is not a JSON object")
    raise FieldError(attribute.name + "".join(reversed(steps)), message)
