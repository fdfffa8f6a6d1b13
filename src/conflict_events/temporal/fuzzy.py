"""Uncertain calendar dates: a pair of bounds, never a guessed midpoint."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from conflict_events.temporal.calendar import (
    SEASON_MONTHS,
    UNBOUNDED_END,
    UNBOUNDED_START,
    Precision,
    last_day,
    month_bounds,
    precision_of,
    season_bounds,
    season_code_of,
    year_bounds,
)
from conflict_events.temporal.edtf_grammar import (
    StrictEdtf,
    read_date,
    write_date,
    write_strict_date,
)

__all__ = ["SEASON_MONTHS", "UNBOUNDED_END", "UNBOUNDED_START", "FuzzyDate", "Precision"]

# Former private names of the calendar helpers, kept while code outside the
# temporal layer still imports them from here; use conflict_events.temporal.calendar.
_last_day = last_day
_season_bounds = season_bounds


def _check_date(_instance: Any, attribute: attrs.Attribute[date], value: object) -> None:
    if type(value) is not date:
        msg = f"{attribute.name} must be a datetime.date, not {value!r}"
        raise TypeError(msg)


@attrs.frozen(cache_hash=True)
class FuzzyDate:
    """
    A calendar date known to lie between two bounds, both inclusive.

    ``earliest == latest`` is an exact day. Qualifiers keep what the source said
    about the date itself: *approximate* ("around", EDTF ``~``) and *uncertain*
    ("possibly", EDTF ``?``). `UNBOUNDED_START` and `UNBOUNDED_END` stand for an
    open side ("on or before 4 February 2015").
    """

    earliest: date = attrs.field(validator=_check_date)
    latest: date = attrs.field(validator=_check_date)
    approximate: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    uncertain: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    # The EDTF text, written once on first use: values are immutable and often reused.
    _edtf: str | None = attrs.field(default=None, init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.earliest > self.latest:
            msg = f"earliest {self.earliest.isoformat()} is after latest {self.latest.isoformat()}"
            raise ValueError(msg)

    # -- construction -----------------------------------------------------

    @classmethod
    def day(cls, year: int, month: int, day: int, **qualifiers: bool) -> FuzzyDate:
        """An exact day."""
        when = date(year, month, day)
        return cls(when, when, **qualifiers)

    @classmethod
    def on(cls, when: date, **qualifiers: bool) -> FuzzyDate:
        """The exact day *when*."""
        return cls(when, when, **qualifiers)

    @classmethod
    def month(cls, year: int, month: int, **qualifiers: bool) -> FuzzyDate:
        """Some day of a calendar month."""
        first, last = month_bounds(year, month)
        return cls(first, last, **qualifiers)

    @classmethod
    def year(cls, year: int, **qualifiers: bool) -> FuzzyDate:
        """Some day of a calendar year."""
        first, last = year_bounds(year)
        return cls(first, last, **qualifiers)

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """
        Read an EDTF date (levels 0 and 1, and level 2 ranges ``[a..b]``).

        Raises:
            TemporalError: *text* is not an EDTF date within the years 0001-9999.
        """
        return cls(*read_date(text))

    # -- description ------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """
        The calendar unit the bounds span exactly, or `Precision.RANGE`.

        Derived from the bounds alone, so two equal values always share it. A
        week is an ISO week (Monday to Sunday); a season is meteorological (see
        `SEASON_MONTHS`). A side at `UNBOUNDED_START` or `UNBOUNDED_END` makes a
        range, even for the year 0001, whose first day is `UNBOUNDED_START`.
        """
        return precision_of(self.earliest, self.latest)

    @property
    def season_code(self) -> int | None:
        """The EDTF season code (21-24) when the bounds are exactly one season."""
        return season_code_of(self.earliest, self.latest)

    @property
    def is_exact(self) -> bool:
        """True when the date is one known day."""
        return self.earliest == self.latest

    @property
    def days(self) -> int:
        """How many days the bounds admit."""
        return (self.latest - self.earliest).days + 1

    def to_edtf(self, *, strict: bool = False) -> str:
        """
        The EDTF form; `FuzzyDate.parse` reads it back to an equal value.

        With *strict*, the tightest standard EDTF date holding the value, which
        the ``edtf`` package and edtf.js read too; `to_strict_edtf` also says
        whether that is wider than the value.
        """
        if strict:
            return self.to_strict_edtf().text
        if self._edtf is None:
            object.__setattr__(self, "_edtf", write_date(self))
        return self._edtf  # type: ignore[return-value]

    def to_strict_edtf(self) -> StrictEdtf:
        """
        The tightest standard EDTF date holding the value, and whether it is wider.

        `to_edtf` writes some values in forms only this library reads (a
        qualified range ``[a..b]~``, ``[..]``); this writes what other tools
        read, ``wider`` True when that admits more days or drops a qualifier.
        """
        return write_strict_date(self)

    def __str__(self) -> str:
        return self.to_edtf()

    # -- ordering where it is certain --------------------------------------

    def contains(self, when: date) -> bool:
        """True when *when* lies within the bounds."""
        return self.earliest <= when <= self.latest

    def definitely_before(self, other: FuzzyDate) -> bool:
        """True when every admissible day of self precedes every day of *other*."""
        return self.latest < other.earliest

    def possibly_before(self, other: FuzzyDate) -> bool:
        """True when some admissible day of self precedes some day of *other*."""
        return self.earliest < other.latest

    def definitely_after(self, other: FuzzyDate) -> bool:
        """True when every admissible day of self follows every day of *other*."""
        return other.definitely_before(self)

    def possibly_after(self, other: FuzzyDate) -> bool:
        """True when some admissible day of self follows some day of *other*."""
        return other.possibly_before(self)

    def overlaps(self, other: FuzzyDate) -> bool:
        """True when the two could be the same day."""
        return self.earliest <= other.latest and other.earliest <= self.latest
