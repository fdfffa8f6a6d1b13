"""
Reading JSON Lines records with each distinct nested value built once and shared.

The lines of a large file repeat the same dates, attributions, estimates and
classifications over and over. `line_record` reads a line's record with a
reader generated like the fast converter's (`record_readers.record_reader`,
the same value tests), whose hooks remember what each distinct plain value
built: the values are immutable, so records may share them. The reader
takes the ``type`` key in place, without the copy of the data the
converter makes. Whatever it does not read at once (the header, an unknown
type, any refusal) is read by `conflict_events.formats.jsonl.record_from_line`,
so the records and the errors are those of the JSON Lines reader.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any, Final

from conflict_events.formats.converter import value_hook
from conflict_events.formats.documents import DEFAULT_MAX_BYTES, parse_json
from conflict_events.formats.jsonl import HEADER_TYPE, Header, Record, record_from_line
from conflict_events.formats.plain_memory import remembered
from conflict_events.formats.record_readers import MemberHook, Unsupported, record_reader
from conflict_events.model.description import FieldSpec
from conflict_events.model.record_kinds import RECORD_KINDS

__all__ = ["line_record", "shared_hook"]


def _orjson_loads() -> Callable[[bytes], Any] | None:
    """The parser of orjson, which `parse_json` uses when it is installed; None without it."""
    try:
        module = importlib.import_module("orjson")
    except ImportError:  # pragma: no cover - the extra is missing: parse_json's own parser
        return None
    loads: Callable[[bytes], Any] = module.loads
    return loads


_loads: Final = _orjson_loads()

#: A UTF-8 byte order mark, which `parse_json` drops before parsing.
_BOM: Final = b"\xef\xbb\xbf"

_Hook = Callable[[Any, Any], Any]


@functools.cache
def shared_hook(spec: FieldSpec) -> _Hook:
    """The fast converter's hook of *spec*, each distinct plain value built once (`remembered`)."""
    hook = value_hook(spec)
    if isinstance(hook, MemberHook):  # looked up inline by the reader
        return hook
    target = spec.choices or spec.record  # what the reader passes the hook
    return remembered(lambda value: hook(value, target))


@functools.cache
def _readers() -> dict[str, _Hook]:
    """The shared-value reader of each record ``type`` (an event type or ``actor``...)."""
    readers: dict[str, _Hook] = {}
    for kind in RECORD_KINDS:
        try:
            readers[kind.tag] = record_reader(kind.cls, shared_hook, tag=kind.tag)
        except Unsupported:  # pragma: no cover - every model class has a reader today
            continue
    return readers


def _parsed(raw: bytes) -> Any:
    """A line's JSON as `parse_json` reads it: orjson at once for a line without a BOM."""
    if _loads is None or raw.startswith(_BOM) or len(raw) > DEFAULT_MAX_BYTES:
        return parse_json(raw)
    try:
        return _loads(raw)
    except ValueError:  # parse_json says what is wrong, as the JSON Lines reader does
        return parse_json(raw)


def line_record(raw: bytes, *, first: bool) -> Record | Header:
    """
    The record of one JSON Lines line, as `record_from_line` reads it, faster.

    Raises:
        ValidationError: The line is not JSON, not a record, or a misplaced
            header (the errors of `record_from_line`).
    """
    data = _parsed(raw)
    tag = data.get("type") if type(data) is dict else None
    reader = _readers().get(tag) if type(tag) is str and tag != HEADER_TYPE else None
    if reader is not None:
        try:
            record: Record = reader(data, None)
        except Exception:  # noqa: BLE001 - refused here: the JSON Lines reader says why
            return record_from_line(raw, first=first)
        return record
    return record_from_line(raw, first=first)
