"""Uncertain calendar dates: a pair of bounds, never a guessed midpoint."""

from __future__ import annotations

import calendar
import enum
from datetime import date
from typing import Any

import attrs

__all__ = ["UNBOUNDED_END", "UNBOUNDED_START", "FuzzyDate", "Precision"]

#: The earliest bound of a date known only to be "on or before" something.
UNBOUNDED_START = date.min
#: The latest bound of a date known only to be "on or after" something.
UNBOUNDED_END = date.max

#: Meteorological seasons (northern hemisphere) as EDTF codes 21-24, each the
#: pair (first month, last month); winter starts in December of the named year
#: and ends in February of the next.
SEASON_MONTHS: dict[int, tuple[int, int]] = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}


class Precision(enum.Enum):
    """How wide a date's bounds are, named after the calendar unit they span."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    RANGE = "range"


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _season_bounds(year: int, code: int) -> tuple[date, date] | None:
    first, last = SEASON_MONTHS[code]
    end_year = year + 1 if last < first else year
    if end_year > date.max.year:
        return None
    return date(year, first, 1), _last_day(end_year, last)


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
        return cls(date(year, month, 1), _last_day(year, month), **qualifiers)

    @classmethod
    def year(cls, year: int, **qualifiers: bool) -> FuzzyDate:
        """Some day of a calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31), **qualifiers)

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """
        Read an EDTF date (levels 0 and 1, and level 2 ranges ``[a..b]``).

        Raises:
            TemporalError: *text* is not an EDTF date within the years 0001-9999.
        """
        from conflict_events.temporal.edtf import parse_date  # noqa: PLC0415

        return parse_date(text)

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
        lo, hi = self.earliest, self.latest
        if lo == hi:
            return Precision.DAY
        if (hi - lo).days == 6 and lo.weekday() == 0:  # noqa: PLR2004
            return Precision.WEEK
        if lo == UNBOUNDED_START or hi == UNBOUNDED_END:
            return Precision.RANGE
        if lo.day == 1 and hi == _last_day(hi.year, hi.month):
            if (lo.year, lo.month) == (hi.year, hi.month):
                return Precision.MONTH
            if lo.month == 1 and hi.month == 12:  # noqa: PLR2004
                if lo.year == hi.year:
                    return Precision.YEAR
                if lo.year % 10 == 0 and hi.year == lo.year + 9:
                    return Precision.DECADE
                if lo.year % 100 == 0 and hi.year == lo.year + 99:
                    return Precision.CENTURY
            if self.season_code is not None:
                return Precision.SEASON
        return Precision.RANGE

    @property
    def season_code(self) -> int | None:
        """The EDTF season code (21-24) when the bounds are exactly one season."""
        for code in SEASON_MONTHS:
            if _season_bounds(self.earliest.year, code) == (self.earliest, self.latest):
                return code
        return None

    @property
    def is_exact(self) -> bool:
        """True when the date is one known day."""
        return self.earliest == self.latest

    @property
    def days(self) -> int:
        """How many days the bounds admit."""
        return (self.latest - self.earliest).days + 1

    def to_edtf(self) -> str:
        """The EDTF form; `FuzzyDate.parse` reads it back to an equal value."""
        if self._edtf is None:
            from conflict_events.temporal.edtf import format_date  # noqa: PLC0415

            object.__setattr__(self, "_edtf", format_date(self))
        return self._edtf  # type: ignore[return-value]

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
