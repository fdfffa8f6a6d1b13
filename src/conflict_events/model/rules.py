"""
Declarative rules across the fields of one record, each able to check itself.

A record class lists its rules with `checked_by`; the model checks them when
a record is built, the JSON Schema states those a schema can state (the
others are listed as checks only the library makes), and the strategies
draw records that keep them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import attrs

from conflict_events.errors import FieldError

__all__ = [
    "AtLeastOne",
    "BothOrNeither",
    "Disjoint",
    "NotAmong",
    "Ordered",
    "Required",
    "RequiredWhen",
]


@attrs.frozen
class BothOrNeither:
    """Two fields are known together or not at all (latitude and longitude)."""

    first: str
    second: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The two fields."""
        return (self.first, self.second)

    @property
    def statement(self) -> str:
        """The rule in one sentence."""
        return f"{self.first} and {self.second} are given together or not at all"

    _values: Callable[[Any], tuple[Any, Any]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_values", operator.attrgetter(self.first, self.second))

    def check(self, record: Any) -> None:
        """Raise `FieldError` at the missing one when only one is given."""
        first, second = self._values(record)
        if (first is None) != (second is None):
            raise FieldError(self.second if second is None else self.first, self.statement)


@attrs.frozen
class AtLeastOne:
    """At least one of the fields is known (an estimate has a figure)."""

    fields: tuple[str, ...]
    #: The field the error names.
    at: str
    what: str

    @property
    def statement(self) -> str:
        """The rule in one sentence."""
        names = ", ".join(self.fields[:-1]) + f" or {self.fields[-1]}"
        return f"{self.what} needs at least one of {names}"

    _values: Callable[[Any], tuple[Any, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_values", operator.attrgetter(*self.fields))

    def check(self, record: Any) -> None:
        """Raise `FieldError` when every field is None."""
        for value in self._values(record):
            if value is not None:
                return
        raise FieldError(self.at, self.statement)


@attrs.frozen
class Ordered:
    """The known values among the fields never decrease (``low <= best <= high``)."""

    fields: tuple[str, ...]

    @property
    def statement(self) -> str:
        """The rule in one sentence."""
        return " <= ".join(self.fields)

    _values: Callable[[Any], tuple[Any, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_values", operator.attrgetter(*self.fields))

    def check(self, record: Any) -> None:
        """Raise `FieldError` at the first known value below a known one before it."""
        lower_name, lower = "", None
        for name, value in zip(self.fields, self._values(record), strict=False):
            if value is None:
                continue
            if lower is not None and lower > value:
                raise FieldError(
                    name, f"{value} is below {lower_name} {lower} (need {self.statement})"
                )
            lower_name, lower = name, value


@attrs.frozen
class RequiredWhen:
    """A field is known when another holds one of some values (a claim names its claimant)."""

    field: str
    #: The field whose value decides.
    when: str
    values: frozenset[Any]
    #: What the error calls a record whose deciding field holds one of the values.
    what: str = "statement"

    @property
    def fields(self) -> tuple[str, ...]:
        """The deciding field, then the required one."""
        return (self.when, self.field)

    @property
    def statement(self) -> str:
        """The rule in one sentence."""
        shown = " or ".join(sorted(repr(getattr(v, "value", v)) for v in self.values))
        return f"a {self.when} of {shown} needs a {self.field}"

    def check(self, record: Any) -> None:
        """Raise `FieldError` at the required field when it is missing."""
        decider = getattr(record, self.when)
        if decider in self.values and getattr(record, self.field) is None:
            shown = getattr(decider, "value", decider)
            raise FieldError(self.field, f"a {shown!r} {self.what} must name its {self.field}")


@attrs.frozen
class Required:
    """A field that the class declares optional is known in this record class."""

    field: str
    what: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The one field."""
        return (self.field,)

    @property
    def statement(self) -> str:
        """The rule in one sentence."""
        return f"a {self.what} needs a {self.field}"

    def check(self, record: Any) -> None:
        """Raise `FieldError` when the field is None."""
        if getattr(record, self.field) is None:
            raise FieldError(self.field, self.statement)


@attrs.frozen
class NotAmong:
    """A field's value is not one of the values of a list field (the holder is no contester)."""

    field: str
    among: str
    #: The field the error names.
    at: str
    #: How the error describes the value's other place, after its repr.
    also: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The value's field, then the list's."""
        return (self.field, self.among)

    @property
    def statement(self) -> str:
        """The rule in one sentence."""
        return f"{self.field} is not among {self.among}"

    def check(self, record: Any) -> None:
        """Raise `FieldError` when the value is in the list."""
        value = getattr(record, self.field)
        if value in getattr(record, self.among):
            raise FieldError(self.at, f"{value!r} {self.also}")


@attrs.frozen
class Disjoint:
    """Two list fields share no value (no one besieges and is besieged)."""

    first: str
    second: str
    #: How the error describes the first list, after the shared values.
    also: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The two lists."""
        return (self.first, self.second)

    @property
    def statement(self) -> str:
        """The rule in one sentence."""
        return f"{self.first} and {self.second} share no value"

    def check(self, record: Any) -> None:
        """Raise `FieldError` at the second list when they share values."""
        if overlap := set(getattr(record, self.first)) & set(getattr(record, self.second)):
            raise FieldError(self.second, f"{sorted(overlap)} {self.also}")
