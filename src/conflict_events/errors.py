"""
Every error conflict_events raises on purpose, under one base class, `ConflictEventsError`.

This module is the bottom of the package: it imports nothing else of it, so
every layer (temporal included) raises these classes. Each is also a
`ValueError`, so code that catches `ValueError` keeps working. An
`ErrorDetail` keeps where a fault is (file, line, column, path) as fields
until it is printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "ConflictEventsError",
    "ErrorDetail",
    "FieldError",
    "InconsistentNetworkError",
    "InternalError",
    "TemporalError",
    "ValidationError",
    "describe",
]

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


class InternalError(AssertionError):
    """
    A bug in conflict_events itself, never a fault of the input.

    Raised only in strict mode (``CONFLICT_EVENTS_STRICT=1``, see docs/errors.md),
    where a check of our own code fails. It is deliberately neither a
    `ConflictEventsError` nor a `ValueError`: no handler of bad input may take a
    bug for a fault of the data.
    """


@attrs.frozen
class ErrorDetail:
    """
    One fault in an input: where it is and what is wrong.

    *path* is the JSON-style path inside the value (``events[3].location.latitude``,
    ``$`` for the value itself); *file*, *line* and *column* say where the value
    sits when it came from a file (a JSON Lines or CSV line, a JSON parser's
    position). They stay fields until printed: ``str()`` gives
    ``line 12: location: message``, ``FILE:12: location: message`` with a file,
    ``FILE: location: message`` with a file and no line. The column is data for
    tools and is not printed: every message that has one already names it (the
    JSON parser's own words, a CSV cell's path ``column K``).
    """

    path: str
    message: str
    file: str | None = attrs.field(default=None, kw_only=True)
    line: int | None = attrs.field(default=None, kw_only=True)
    column: int | None = attrs.field(default=None, kw_only=True)

    def at(
        self, *, file: str | None = None, line: int | None = None, column: int | None = None
    ) -> ErrorDetail:
        """This fault placed in a file: each location given replaces the one held."""
        return attrs.evolve(
            self,
            file=self.file if file is None else file,
            line=self.line if line is None else line,
            column=self.column if column is None else column,
        )

    @property
    def where(self) -> str:
        """The printed location: file and line (when known) before the path."""
        if self.file is not None:
            if self.line is not None:
                return f"{self.file}:{self.line}: {self.path}"
            return f"{self.file}: {self.path}"
        if self.line is not None:
            return f"line {self.line}: {self.path}"
        return self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


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


#: How much of a long text a `TemporalError` quotes.
_QUOTED = 60
#: Texts up to this length are quoted whole.
_WHOLE = 200


def _quote(text: str) -> str:
    """*text* quoted as Python would, or its start and its length when it is long."""
    if len(text) <= _WHOLE:
        return repr(text)
    return f"{text[:_QUOTED]!r}... ({len(text)} characters)"


class TemporalError(ConflictEventsError, ValueError):
    """A date, interval or expression that cannot be read; names the text and why."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"{_quote(text)}: {reason}")

    def __reduce__(self) -> tuple[type[TemporalError], tuple[str, str]]:
        return (type(self), (self.text, self.reason))


class InconsistentNetworkError(ConflictEventsError, ValueError):
    """
    A constraint network whose constraints cannot all hold.

    `constraints` (each a `conflict_events.temporal.allen.Constraint`) is a set of
    them that path consistency already finds contradictory and that is minimal:
    drop any one and the rest no longer clash.
    """

    def __init__(self, constraints: tuple[Any, ...]) -> None:
        self.constraints = constraints
        listed = "; ".join(str(constraint) for constraint in constraints)
        super().__init__(f"these constraints cannot all hold: {listed}")

    def __reduce__(self) -> tuple[type[InconsistentNetworkError], tuple[tuple[Any, ...]]]:
        return (type(self), (self.constraints,))
