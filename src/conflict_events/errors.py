"""The errors conflict_events raises: one base class, and an error that lists every fault."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from conflict_events.temporal.errors import TemporalError

__all__ = ["ConflictEventsError", "ErrorDetail", "FieldError", "TemporalError", "ValidationError"]

_REPR_LIMIT = 80
_DEPTH_LIMIT = 3
_BIG_INTEGER_BITS = 256


def describe(value: object) -> str:
    """
    A short, printable representation of an offending value for error messages.

    At most 80 characters, whatever the value: long texts and containers are
    cut, nesting is shown three levels deep, and huge integers by their size,
    so that quoting a hostile value costs little and can never overflow.
    """
    text = _bounded_repr(value, _DEPTH_LIMIT)
    if len(text) > _REPR_LIMIT:
        return text[: _REPR_LIMIT - 3] + "..."
    return text


def _bounded_repr(value: object, depth: int) -> str:
    """``repr`` of *value*, reading only as much of it as the limit can show."""
    if isinstance(value, str | bytes):
        return repr(value[:_REPR_LIMIT])
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() > _BIG_INTEGER_BITS:
            digits = int(value.bit_length() * 0.30103) + 1
            return f"an integer of about {digits} digits"
        return repr(value)
    if isinstance(value, list | tuple | dict):
        opening, closing = (
            ("{", "}")
            if isinstance(value, dict)
            else ("(", ")")
            if isinstance(value, tuple)
            else ("[", "]")
        )
        if not value:
            return opening + closing
        if depth <= 0:
            return f"{opening}...{closing}"
        parts: list[str] = []
        used = 0
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in pairs:
            if used > _REPR_LIMIT:
                parts.append("...")
                break
            shown = _bounded_repr(item, depth - 1)
            if isinstance(value, dict):
                shown = f"{_bounded_repr(key, 0)}: {shown}"
            parts.append(shown)
            used += len(shown) + 2
        lone = "," if isinstance(value, tuple) and len(value) == 1 else ""
        return opening + ", ".join(parts) + lone + closing
    try:
        text = repr(value)
    except (RecursionError, ValueError):
        return f"a {type(value).__name__} value"
    return text


class ConflictEventsError(Exception):
    """Base class of every error this library raises on purpose."""


@attrs.frozen
class ErrorDetail:
    """One fault in an input: where it is (``events[3].location.latitude``) and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ValidationError(ConflictEventsError, ValueError):
    """
    Input that does not describe valid conflict-event data.

    ``errors`` lists every fault found, each with its path and a message naming
    the offending value, so that one run reports all of them, not only the first.
    """

    def __init__(self, errors: Iterable[ErrorDetail]) -> None:
        self.errors: list[ErrorDetail] = list(errors)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.errors)
        head = f"{count} validation error{'s' if count != 1 else ''}"
        return "\n".join([head, *(f"  {error}" for error in self.errors)])

    def __reduce__(self) -> tuple[type[ValidationError], tuple[list[ErrorDetail]]]:
        return (type(self), (self.errors,))


class FieldError(ConflictEventsError, ValueError):
    """
    A field given a value it cannot hold, raised when a model object is built.

    ``field`` names the attribute so that loaders can report the full path.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")

    def __reduce__(self) -> tuple[type[FieldError], tuple[str, str]]:
        return (type(self), (self.field, self.message))
