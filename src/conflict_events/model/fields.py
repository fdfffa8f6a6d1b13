"""
Field builders: the one way a model class declares a field.

Each builder records what the field holds as a `FieldSpec` (read back with
`conflict_events.model.description.description`) and builds the field's attrs
validator from that same declaration, so what the model checks and what every
format states about the field cannot drift apart.
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
from conflict_events.model.description import SPEC_KEY, FieldKind, FieldSpec, ReferenceKind
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


def _fail(attribute: attrs.Attribute[Any], message: str) -> FieldError:
    return FieldError(attribute.name, message)


def check_identifier(value: object, attribute: attrs.Attribute[Any]) -> None:
    """Refuse anything but an identifier string."""
    if type(value) is not str or _ID_RE.fullmatch(value) is None:
        raise _fail(
            attribute,
            f"{describe(value)} is not an identifier "
            "(1-128 ASCII letters, digits, '_', '.', ':' or '-', not starting with punctuation)",
        )


def _identifier(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_identifier(value, attribute)


def _optional_identifier(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_identifier(value, attribute)


def is_unicode(value: str) -> bool:
    """True unless *value* holds a lone surrogate, which no UTF-8 text can carry."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str or not value:
        raise _fail(attribute, f"{describe(value)} is not a non-empty string")
    if not is_unicode(value):
        raise _fail(attribute, f"{describe(value)} holds a lone surrogate, not Unicode text")
    if not value.strip(INVISIBLE):
        raise _fail(attribute, f"{describe(value)} is only white space")


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _text(instance, attribute, value)


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


def _is_identifier(value: object) -> bool:
    return type(value) is str and _ID_RE.fullmatch(value) is not None


def _is_text(value: object) -> bool:
    return type(value) is str and bool(value.strip(INVISIBLE)) and is_unicode(value)


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


def _optional(spec: FieldSpec, check: Validator) -> Validator:
    """The identifier or text check *check*, letting None through when the spec allows it."""
    if not spec.optional:
        return check
    return _optional_identifier if check is _identifier else _optional_text


def _default(spec: FieldSpec, required: bool) -> dict[str, Any]:
    """The attrs options giving a field its default: none when required."""
    if required:
        return {}
    if spec.many:
        return {"default": (), "converter": as_tuple}
    return {"default": None}


def identifier(doc: str) -> Any:
    """A required identifier of the object itself."""
    spec = FieldSpec(FieldKind.IDENTIFIER, doc, pattern=ID_PATTERN)
    return _field(spec, _identifier)


def reference(kind: ReferenceKind, doc: str, *, required: bool = False) -> Any:
    """An identifier that must resolve to an object of *kind* in the dataset."""
    spec = FieldSpec(
        FieldKind.REFERENCE, doc, optional=not required, reference=kind, pattern=ID_PATTERN
    )
    return _field(spec, _optional(spec, _identifier), **_default(spec, required))


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
    )
    return _list_field(spec, _identifiers)


def text(doc: str, *, required: bool = False) -> Any:
    """A free-text string; optional unless *required*."""
    spec = FieldSpec(FieldKind.TEXT, doc, optional=not required)
    return _field(spec, _optional(spec, _text), **_default(spec, required))


def texts(doc: str, *, min_items: int = 0) -> Any:
    """A list of texts with a visible character (aliases, tags); required when it needs items."""
    return _list_field(FieldSpec(FieldKind.TEXT, doc, many=True, min_items=min_items), _texts)


def country(doc: str = "ISO 3166-1 alpha-3 country code, e.g. SYR.") -> Any:
    """An optional ISO 3166-1 alpha-3 code."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (type(value) is not str or not _COUNTRY_RE.fullmatch(value)):
            raise _fail(attribute, f"{describe(value)} is not an ISO 3166-1 alpha-3 code")

    spec = FieldSpec(FieldKind.COUNTRY, doc, optional=True, pattern=COUNTRY_PATTERN)
    return _field(spec, check, **_default(spec, required=False))


def version(doc: str, *, current: str, pattern: re.Pattern[str]) -> Any:
    """The document format version, matching *pattern* whole; *current* is the default."""
    major = current.partition(".")[0]
    version_re = pattern

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not str or version_re.fullmatch(value) is None:
            raise _fail(
                attribute,
                f"{describe(value)} is not a version of document format {major}, "
                f"such as {current!r}",
            )

    spec = FieldSpec(FieldKind.VERSION, doc, pattern=pattern.pattern, always_written=True)
    return _field(spec, check, default=current)


def choice(
    enum_type: type[E], doc: str, *, default: E | None = None, optional: bool = False
) -> Any:
    """A member of *enum_type*; required unless a default is given or it is *optional*."""
    allowed = ", ".join(repr(member.value) for member in enum_type)

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if type(value) is not enum_type:
            raise _fail(attribute, f"{describe(value)} is not one of {allowed}")

    spec = FieldSpec(FieldKind.CHOICE, doc, optional=optional, choices=enum_type)
    if default is not None or optional:
        return _field(spec, check, default=default)
    return _field(spec, check)


def flag(doc: str, *, default: bool = False) -> Any:
    """A boolean."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not bool:
            raise _fail(attribute, f"{describe(value)} is not true or false")

    return _field(FieldSpec(FieldKind.FLAG, doc), check, default=default)


def count(doc: str, *, optional: bool = True, maximum: int = MAX_COUNT) -> Any:
    """A whole number from 0 to *maximum* (`MAX_COUNT` unless a smaller bound is given)."""
    if not 0 < maximum <= MAX_COUNT:
        msg = f"a count's maximum must be from 1 to {MAX_COUNT}, not {maximum}"
        raise ValueError(msg)
    spec = FieldSpec(FieldKind.COUNT, doc, optional=optional, minimum=0, maximum=maximum)
    low, high = 0, maximum

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if type(value) is not int or not low <= value <= high:
            raise _fail(attribute, f"{describe(value)} is not a whole number from {low} to {high}")

    return _field(spec, check, **_default(spec, required=not optional))


def _float_in_range(value: object) -> object:
    """An int as a float; one too large for a float is left for the validator to refuse."""
    if type(value) is int and -(2**1023) < value < 2**1023:
        return float(value)
    return value


def degrees(limit: int, doc: str) -> Any:
    """An optional WGS84 coordinate in decimal degrees, within +-*limit*."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        if type(value) is not float or not math.isfinite(value) or not -limit <= value <= limit:
            raise _fail(attribute, f"{describe(value)} is not a number from -{limit} to {limit}")

    spec = FieldSpec(FieldKind.COORDINATE, doc, optional=True, minimum=-limit, maximum=limit)
    return _field(spec, check, default=None, converter=_float_in_range)


def _instance(kinds: type | tuple[type, ...], what: str, *, optional: bool) -> Validator:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, kinds):
            raise _fail(attribute, f"{describe(value)} is not {what}")

    return check


def when(doc: str, *, required: bool = True) -> Any:
    """A date (`FuzzyDate`) or a span (`Span`), written as EDTF."""
    spec = FieldSpec(FieldKind.WHEN, doc, optional=not required)
    check = _instance((FuzzyDate, Span), "a date or a span", optional=not required)
    return _field(spec, check, **_default(spec, required))


def fuzzy_date(doc: str) -> Any:
    """An optional `FuzzyDate`."""
    spec = FieldSpec(FieldKind.DATE, doc, optional=True)
    return _field(spec, _instance(FuzzyDate, "a date", optional=True), default=None)


def timestamp(doc: str) -> Any:
    """An optional timezone-aware `datetime`."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        if type(value) is not datetime or (offset := value.utcoffset()) is None:
            raise _fail(attribute, f"{describe(value)} is not a date and time with a UTC offset")
        if offset % _MINUTE:
            # ISO 8601 writes offsets as hh:mm; Python would write seconds, and
            # read a fraction of one back as nothing.
            raise _fail(
                attribute, f"{describe(value)} has an offset that is not a whole number of minutes"
            )

    spec = FieldSpec(FieldKind.TIMESTAMP, doc, optional=True)
    return _field(spec, check, default=None)


def nested(kind: type, doc: str, *, optional: bool = True) -> Any:
    """A nested model object of class *kind*."""
    spec = FieldSpec(FieldKind.RECORD, doc, optional=optional, record=kind)
    check = _instance(kind, f"a {kind.__name__}", optional=optional)
    return _field(spec, check, **_default(spec, required=not optional))


def nested_list(kind: type, doc: str) -> Any:
    """A list of nested model objects of class *kind*; `EventBase` for events of any type."""
    is_event = getattr(kind, "event_type", None) == ""

    what = f"{kind.__name__}s"

    def is_one(item: object) -> bool:
        return isinstance(item, kind)

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_sequence(attribute, value, is_one, what)

    spec = FieldSpec(
        FieldKind.EVENT if is_event else FieldKind.RECORD,
        doc,
        many=True,
        record=None if is_event else kind,
    )
    return _field(spec, check, **_default(spec, required=False))


def string_map(doc: str) -> Any:
    """A mapping of short names to strings (external ids); excluded from hashing."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not dict:
            raise _fail(attribute, f"{describe(value)} is not an object of strings")
        for key, item in value.items():
            if not _is_text(key) or not _is_text(item):
                raise FieldError(
                    f"{attribute.name}[{describe(key)}]",
                    f"{describe(item)} is not a text with a visible character",
                )

    return _field(FieldSpec(FieldKind.STRING_MAP, doc), check, factory=dict, hash=False)


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
    # An ASCII text one level down needs no call, unless that level is already too deep.
    shallow = depth < MAX_EXTENSION_DEPTH
    if kind is list:
        for index, item in enumerate(value):
            if shallow and type(item) is str and item.isascii():
                continue
            if fault := _json_fault(item, depth + 1):
                fault[0].append(f"[{index}]")
                return fault
        return None
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or not is_unicode(key):
                return [], f"key {describe(key)} is not a Unicode string"
            if shallow and type(item) is str and item.isascii():
                continue
            if fault := _json_fault(item, depth + 1):
                fault[0].append(f"[{describe(key)}]")
                return fault
        return None
    return [], f"{describe(value)} is not a JSON value"


def extensions() -> Any:
    """The user's own data: any JSON object, kept and written back untouched."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not dict:
            raise _fail(attribute, f"{describe(value)} is not an object")
        if fault := _json_fault(value, 0):
            steps, message = fault
            raise FieldError(attribute.name + "".join(reversed(steps)), message)

    spec = FieldSpec(
        FieldKind.EXTENSIONS,
        "Your own data, as any JSON object; kept and written back untouched.",
    )
    return _field(spec, check, factory=dict, hash=False)
