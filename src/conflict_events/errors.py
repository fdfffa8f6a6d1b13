"""The errors conflict_events raises: one base class, and an error that lists every fault."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from conflict_events.temporal.errors import TemporalError

__all__ = ["ConflictEventsError", "ErrorDetail", "FieldError", "TemporalError", "ValidationError"]

_REPR_LIMIT = 80


def describe(value: object) -> str:
    """A short, printable representation of an offending value for error messages."""
    text = repr(value)
    if len(text) > _REPR_LIMIT:
        return text[: _REPR_LIMIT - 3] + "..."
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
