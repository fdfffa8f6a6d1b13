"""
The calendar the temporal types count days in: proleptic Gregorian, years 0001-9999.

Month lengths and leap years, meteorological seasons as EDTF numbers them, ISO
weeks, and which calendar unit a pair of bounds spans. It is the bottom of the
temporal layer (the standard library only): the EDTF grammar, `FuzzyDate` and
the resolver all count days here, so each calendar rule is written once.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "SEASON_MONTHS",
    "UNBOUNDED_END",
    "UNBOUNDED_START",
    "Precision",
    "days_in_month",
    "is_leap_year",
    "last_day",
    "month_bounds",
    "precision_of",
    "season_bounds",
    "season_code_of",
    "season_of",
    "week_bounds",
    "year_bounds",
]

#: The first and last year `datetime.date` holds, and so the temporal types.
MIN_YEAR, MAX_YEAR = date.min.year, date.max.year

#: The earliest bound of a date known only to be "on or before" something.
UNBOUNDED_START = date.min
#: The latest bound of a date known only to be "on or after" something.
UNBOUNDED_END = date.max

#: Meteorological seasons (northern hemisphere) as EDTF codes 21-24, each the
#: pair (first month, last month); winter starts in December of the named year
#: and ends in February of the next.
SEASON_MONTHS: dict[int, tuple[int, int]] = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}

_DECEMBER = 12
_FEBRUARY = 2
# Days of each month in a common year.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


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


def is_leap_year(year: int) -> bool:
    """True for years divisible by 4 and not by 100, or by 400."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """
    How many days *month* (1-12) of *year* has.

    Raises:
        ValueError: *month* is not 1-12.
    """
    if not 1 <= month <= _DECEMBER:
        msg = f"month must be in 1..12, not {month}"
        raise ValueError(msg)
    if month == _FEBRUARY and is_leap_year(year):
        return 29
    return _MONTH_DAYS[month - 1]


def last_day(year: int, month: int) -> date:
    """The last day of *month* of *year*."""
    return date(year, month, days_in_month(year, month))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and last day of *month* of *year*."""
    return date(year, month, 1), last_day(year, month)


def year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of *year*."""
    return date(year, 1, 1), date(year, _DECEMBER, 31)


def week_bounds(day: date) -> tuple[date, date]:
    """
    The Monday and Sunday of the ISO week of *day*.

    Raises:
        OverflowError: The week runs past 9999-12-31.
    """
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def season_bounds(year: int, code: int) -> tuple[date, date] | None:
    """
    The first and last day of season *code* (21-24) of *year*, or None past year 9999.

    Raises:
        KeyError: *code* is not a season code.
    """
    first, last = SEASON_MONTHS[code]
    end_year = year + 1 if last < first else year
    if end_year > MAX_YEAR:
        return None
    return date(year, first, 1), last_day(end_year, last)


def season_of(day: date) -> tuple[int, int]:
    """The (EDTF year, season code) of the season that contains *day*."""
    for code, (first, last) in SEASON_MONTHS.items():
        if first <= last and first <= day.month <= last:
            return day.year, code
    return (day.year if day.month == _DECEMBER else day.year - 1), 24


def season_code_of(earliest: date, latest: date) -> int | None:
    """The season code (21-24) when the bounds are exactly one season, else None."""
    for code in SEASON_MONTHS:
        if season_bounds(earliest.year, code) == (earliest, latest):
            return code
    return None


def precision_of(earliest: date, latest: date) -> Precision:
    """
    The calendar unit the bounds *earliest* to *latest* span exactly, or `Precision.RANGE`.

    A week is an ISO week (Monday to Sunday); a season is meteorological (see
    `SEASON_MONTHS`). A side at `UNBOUNDED_START` or `UNBOUNDED_END` makes a
    range, even for the year 0001, whose first day is `UNBOUNDED_START`.
    """
    lo, hi = earliest, latest
    if lo == hi:
        return Precision.DAY
    if (hi - lo).days == 6 and lo.weekday() == 0:  # noqa: PLR2004
        return Precision.WEEK
    if lo == UNBOUNDED_START or hi == UNBOUNDED_END:
        return Precision.RANGE
    if lo.day == 1 and hi == last_day(hi.year, hi.month):
        if (lo.year, lo.month) == (hi.year, hi.month):
            return Precision.MONTH
        if lo.month == 1 and hi.month == _DECEMBER:
            if lo.year == hi.year:
                return Precision.YEAR
            if lo.year % 10 == 0 and hi.year == lo.year + 9:
                return Precision.DECADE
            if lo.year % 100 == 0 and hi.year == lo.year + 99:
                return Precision.CENTURY
        if season_code_of(lo, hi) is not None:
            return Precision.SEASON
    return Precision.RANGE
