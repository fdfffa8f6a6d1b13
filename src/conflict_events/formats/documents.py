"""Whole values to and from plain data and JSON text, with every error reported by path."""

from __future__ import annotations

import importlib
import json
import logging
import os
from collections.abc import Iterator
from typing import Any, Final, TypeVar, overload

import attrs
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from conflict_events.collector import paused as collector_paused
from conflict_events.errors import (
    ErrorDetail,
    FieldError,
    InternalError,
    ValidationError,
    describe,
)
from conflict_events.formats.converter import detailed_converter, fast_converter
from conflict_events.formats.json_positions import member_positions
from conflict_events.formats.member_paths import index_path as _index
from conflict_events.formats.member_paths import join as _join
from conflict_events.formats.member_paths import key_path as _key_path
from conflict_events.formats.versions import migrate_with_report
from conflict_events.model import SCHEMA_VERSION, Dataset
from conflict_events.model.dataset import integrity_faults


def _load_orjson() -> Any:
    try:
        return importlib.import_module("orjson")
    except ImportError:  # pragma: no cover - depends on the environment
        return None


# orjson is optional (extra "fast"); with or without it the text is the same.
_orjson: Any = _load_orjson()

__all__ = ["from_dict", "from_json", "to_dict", "to_json"]

T = TypeVar("T")
_logger = logging.getLogger("conflict_events")

#: Set to ``1``, checks of our own code raise `InternalError` instead of logging
#: a warning (the test suite sets it; see docs/errors.md).
STRICT_VARIABLE: Final = "CONFLICT_EVENTS_STRICT"

#: What a leaf of structuring raises for bad data, and nothing else: our hooks and
#: the model's validators raise ValueError (FieldError, TemporalError and
#: ValidationError among them) and TypeError; the model's float conversion raises
#: OverflowError for an integer too large for a float. Anything else is a bug and
#: propagates as itself.
_LEAF_DATA_ERRORS: Final = (ValueError, TypeError, OverflowError)
#: What the fast converter raises for bad data: the leaves above, and cattrs'
#: KeyError for a missing field and ForbiddenExtraKeysError for an unknown one.
FAST_DATA_ERRORS: Final = (*_LEAF_DATA_ERRORS, KeyError, ForbiddenExtraKeysError)
#: What the detailed converter raises for bad data: the same, most of it gathered
#: in cattrs' validation groups (whose leaves `error_details` checks in turn).
_DETAILED_DATA_ERRORS: Final = (*FAST_DATA_ERRORS, BaseValidationError)


#: How the faults of a key, not of its value, begin: they are placed at the key in a text.
_UNKNOWN_FIELD: Final = "unknown field"
_DUPLICATE_KEY: Final = "duplicate key"


def _key_order(key: object) -> tuple[bool, str]:
    """Unknown keys in order: text keys as they sort, then any others by their repr."""
    return (False, key) if type(key) is str else (True, repr(key))


def error_details(exc: BaseException, path: str = "") -> Iterator[ErrorDetail]:
    """
    Every fault inside a structuring exception, with its path from the document root.

    Raises:
        BaseException: A leaf that is not an error of the data (a bug), as itself.
    """
    if isinstance(exc, IterableValidationError):
        items, rest = exc.group_exceptions()
        for inner, item in items:
            yield from error_details(inner, _index(path, item.index))
        for inner in rest:
            yield from error_details(inner, path)
    elif isinstance(exc, ClassValidationError):
        attributes, others = exc.group_exceptions()
        for inner, attribute in attributes:
            where = _join(path, attribute.name)
            if type(inner) is KeyError and inner.args == (attribute.name,):
                # cattrs reading o[name] for a field the object does not have.
                yield ErrorDetail(where, "required field missing")
            else:
                yield from error_details(inner, where)
        for inner in others:
            yield from error_details(inner, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        # Keys of plain data given to from_dict need not be strings (JSON's always are).
        for key in sorted(exc.extra_fields, key=_key_order):
            where = _key_path(path, key) if type(key) is str else _index(path, key)
            yield ErrorDetail(where, f"{_UNKNOWN_FIELD} {describe(key)}")
    elif isinstance(exc, ValidationError):
        for detail in exc.errors:
            yield attrs.evolve(detail, path=_join(path, detail.path))
    elif isinstance(exc, FieldError):
        yield ErrorDetail(_join(path, exc.field), exc.message)
    elif isinstance(exc, _LEAF_DATA_ERRORS):
        yield ErrorDetail(path or "$", str(exc) or type(exc).__name__)
    else:
        raise exc


def _fix_root(details: list[ErrorDetail]) -> list[ErrorDetail]:
    return [d if d.path else attrs.evolve(d, path="$") for d in details]


def to_dict(obj: Any) -> Any:
    """Plain data (dicts, lists, strings, numbers) for any model value, ready for JSON."""
    with collector_paused():
        return fast_converter().unstructure(obj)


@overload
def from_dict(data: Any, cls: type[T], *, upgrade: bool = ...) -> T: ...
@overload
def from_dict(data: Any, cls: Any, *, upgrade: bool = ...) -> Any: ...
def from_dict(data: Any, cls: Any, *, upgrade: bool = True) -> Any:
    """
    Build a *cls* value from plain data; raise `ValidationError` listing every fault.

    The fast converter runs first; only when it fails does the detailed one run
    again to collect each error with its path. A `Dataset` document of an older
    format version is upgraded first (see `migrate`), or refused when *upgrade*
    is false; one of a newer major version is always refused.

    Only the errors bad data raises become a `ValidationError`; any other (a bug
    in a hook or a validator) propagates as itself. When the fast converter
    refuses what the detailed one accepts, that is a bug too: `InternalError` in
    strict mode (`STRICT_VARIABLE`), else a warning logged on the
    ``conflict_events`` logger and the detailed result.
    """
    if cls is Dataset and type(data) is dict:
        data = _current_format(data, upgrade=upgrade)
    try:
        with collector_paused():
            return fast_converter().structure(data, cls)
    except FAST_DATA_ERRORS as error:
        refusal: Exception = error
    try:
        value = detailed_converter().structure(data, cls)
    except _DETAILED_DATA_ERRORS as error:
        details = _fix_root(list(error_details(error)))
        if cls is Dataset:
            details = _with_integrity(details, data)
        raise ValidationError(details) from None
    return _disagreement(refusal, cls, value)


def _with_integrity(details: list[ErrorDetail], document: Any) -> list[ErrorDetail]:
    """
    *details* and every reference and cycle fault of *document*, each once.

    A document whose records do not all structure never reaches the dataset's
    own checks; they are made on its plain data instead (`integrity_faults`),
    so one run reports every fault. Those the dataset already reported (when
    every record structured) are not repeated.
    """
    known = {(detail.path, detail.message) for detail in details}
    return details + [
        fault for fault in integrity_faults(document) if (fault.path, fault.message) not in known
    ]


def _disagreement(refusal: Exception, cls: Any, value: Any) -> Any:
    """*value*, which the detailed converter built after the fast one raised *refusal*: a bug."""
    name = getattr(cls, "__name__", repr(cls))
    message = (
        f"the fast converter refused a {name} that the detailed converter accepts: "
        f"{type(refusal).__name__}: {describe(str(refusal))}"
    )
    if os.environ.get(STRICT_VARIABLE) == "1":
        raise InternalError(message) from refusal
    _logger.warning("%s (a bug in conflict_events; the detailed result is used)", message)
    return value


def _current_format(document: dict[str, Any], *, upgrade: bool) -> dict[str, Any]:
    version = document.get("schema_version", SCHEMA_VERSION)
    if version == SCHEMA_VERSION:
        return document
    result = migrate_with_report(document)
    if result.changed and not upgrade:
        raise ValidationError(
            [
                ErrorDetail(
                    "schema_version",
                    f"document format {version} is older than {SCHEMA_VERSION} "
                    "and upgrading was not allowed",
                )
            ]
        )
    return result.document


def _refuse_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


#: The largest JSON text `from_json` reads unless told otherwise (256 MiB).
DEFAULT_MAX_BYTES: Final = 256 * 2**20
_BOM = "\ufeff"
_BOM_BYTES = _BOM.encode()


class _Pairs(list[tuple[str, Any]]):
    """An object's key/value pairs as parsed, before duplicate keys are checked."""


def _unique_keys(node: Any, path: str, errors: list[ErrorDetail]) -> Any:
    """Turn parsed pairs into dicts, reporting every key given twice in one object."""
    if isinstance(node, _Pairs):
        result: dict[str, Any] = {}
        for key, item in node:
            where = _key_path(path, key)
            if key in result:
                errors.append(ErrorDetail(where, f"{_DUPLICATE_KEY} {describe(key)}"))
            result[key] = _unique_keys(item, where, errors)
        return result
    if isinstance(node, list):
        return [_unique_keys(item, _index(path, index), errors) for index, item in enumerate(node)]
    return node


def parse_json(
    text: str | bytes, *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Any:
    """
    Parse JSON text into plain data; raise `ValidationError` on malformed input.

    A leading UTF-8 byte order mark is accepted. NaN and Infinity, invalid
    UTF-8, lone surrogates and nesting beyond the parser's depth are refused.
    Texts longer than *max_bytes* are refused before parsing. With *strict*, an
    object that names a key twice is refused (by default the last value wins,
    as in most JSON readers).
    """
    if isinstance(text, bytes | bytearray | memoryview):
        text = bytes(text).removeprefix(_BOM_BYTES)
    elif isinstance(text, str):
        text = text.removeprefix(_BOM)
    else:
        raise ValidationError(
            [ErrorDetail("$", f"{describe(text)} is not JSON text (a str or bytes value)")]
        )
    if len(text) > max_bytes:
        raise ValidationError(
            [ErrorDetail("$", f"document of {len(text)} bytes is over the limit of {max_bytes}")]
        )
    if strict:
        errors: list[ErrorDetail] = []
        try:
            value = _unique_keys(_parse_stdlib(text, object_pairs_hook=_Pairs), "", errors)
        except RecursionError:
            raise ValidationError([ErrorDetail("$", "invalid JSON: nested too deeply")]) from None
        if errors:
            raise ValidationError(placed(text, errors))
        return value
    if _orjson is not None:
        try:
            return _orjson.loads(text)
        except _orjson.JSONDecodeError as error:  # a json.JSONDecodeError: lineno, colno
            raise ValidationError([_orjson_fault(text, error)]) from None
    return _parse_stdlib(text)


def placed(text: str | bytes, details: list[ErrorDetail]) -> list[ErrorDetail]:
    """
    *details*, faults of the valid JSON *text*, each at the line and column of its member.

    A fault of a key (an unknown field, a key given twice) is placed at the
    key, any other at the value; one whose member is not in the text (a
    required field missing) at the nearest member above it. A fault that
    already has a line keeps it. Run only on the error path: it scans *text*
    once more (`member_positions`).
    """
    unplaced = [detail.path for detail in details if detail.line is None]
    if not unplaced:
        return details
    if not isinstance(text, str):
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    positions = member_positions(text, unplaced)
    result = []
    for detail in details:
        position = positions.get(detail.path) if detail.line is None else None
        if position is None:
            result.append(detail)
            continue
        of_key = detail.message.startswith((_UNKNOWN_FIELD, _DUPLICATE_KEY))
        line, column = position.key if of_key and position.key else position.value
        result.append(detail.at(line=line, column=column))
    return result


def _orjson_fault(text: str | bytes, error: json.JSONDecodeError) -> ErrorDetail:
    """The fault orjson found; bytes that are not UTF-8 where the standard library places them."""
    if isinstance(text, bytes):
        # orjson checks the encoding first and places any fault at the start.
        try:
            text.decode("utf-8")
        except UnicodeDecodeError as undecodable:
            return _undecodable(undecodable)
    return _syntax_error(error)


def _syntax_error(error: json.JSONDecodeError) -> ErrorDetail:
    """The fault a JSON parser reports, at its line and column (both counted from 1)."""
    return ErrorDetail("$", f"invalid JSON: {error}", line=error.lineno, column=error.colno)


def _undecodable(error: UnicodeDecodeError) -> ErrorDetail:
    """Bytes that are not UTF-8, at the line and column (in characters) where they start."""
    before = error.object[: error.start]
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8", "replace")) + 1
    return ErrorDetail("$", f"invalid JSON: {error}", line=before.count(b"\n") + 1, column=column)


def _parse_stdlib(text: str | bytes, **options: Any) -> Any:
    try:
        value = json.loads(text, parse_constant=_refuse_constant, **options)
    except RecursionError:
        raise ValidationError([ErrorDetail("$", "invalid JSON: nested too deeply")]) from None
    except json.JSONDecodeError as error:
        raise ValidationError([_syntax_error(error)]) from None
    except UnicodeDecodeError as error:
        raise ValidationError([_undecodable(error)]) from None
    except ValueError as error:  # a constant (NaN, Infinity) refused by _refuse_constant
        raise ValidationError([ErrorDetail("$", f"invalid JSON: {error}")]) from None
    return value


def dump_json(data: Any) -> str:
    """
    Compact JSON text for plain data.

    orjson is used when installed; without it the standard library writes the
    same text, except that small floats may be spelled ``1e-05`` for ``0.00001``.
    """
    if _orjson is not None:
        return _orjson.dumps(data).decode()  # type: ignore[no-any-return]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def to_json(obj: Any) -> str:
    """Compact JSON text for any model value."""
    with collector_paused():
        return dump_json(to_dict(obj))


@overload
def from_json(
    text: str | bytes,
    cls: type[T],
    *,
    strict: bool = ...,
    max_bytes: int = ...,
    upgrade: bool = ...,
) -> T: ...
@overload
def from_json(
    text: str | bytes, cls: Any, *, strict: bool = ..., max_bytes: int = ..., upgrade: bool = ...
) -> Any: ...
def from_json(
    text: str | bytes,
    cls: Any,
    *,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    upgrade: bool = True,
) -> Any:
    """
    Build a *cls* value from JSON text; raise `ValidationError` listing every fault.

    *strict* also refuses duplicate keys; *max_bytes* bounds the text read (see
    `parse_json`); *upgrade* as in `from_dict`. Every fault carries the line
    and column of its member in *text* (see `placed`).
    """
    with collector_paused():
        data = parse_json(text, strict=strict, max_bytes=max_bytes)
        try:
            return from_dict(data, cls, upgrade=upgrade)
        except ValidationError as error:
            faults = placed(_without_bom(text), error.errors)
    raise ValidationError(faults)


def _without_bom(text: str | bytes) -> str | bytes:
    """*text* as `parse_json` parsed it: without a leading byte order mark."""
    if isinstance(text, str):
        return text.removeprefix(_BOM)
    return bytes(text).removeprefix(_BOM_BYTES)
