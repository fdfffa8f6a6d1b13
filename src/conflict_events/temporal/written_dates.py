"""
Written days ("3 March 2016", "March 3, 2016", "3/3/16", "Monday, Feb 18"), read strictly.

Only the styles listed here are read; anything else is left to other rules or
refused, never guessed (a permissive parser reads "3 30" as 30 March):

* day first: ``3 March 2016``, ``3rd of March, 2016``, ``3-Mar-2016``;
* month first: ``March 3, 2016``, ``Mar 3rd 2016``;
* numeric: ``3/3/2016``, ``3.3.16``, ``3-3-2016`` — day-first or month-first,
  whichever is a valid date; one that is valid both ways and differs
  (``12/11/2016``) is refused;
* year first: ``2016-03-03``, ``2016/3/3``;
* each may start with a weekday (``Monday, 18 February 2013``), which must be
  the date's own.

The year may be omitted: then it is the latest such day on or before the
reference. A two-digit year is the latest year ending in those digits that is
not after the reference year ("3/3/60" in a 2013 report is 1960). A range of
days or months reads its two sides with `read_side`, which also takes a day
alone ("15", "the 15th"), a day and a year ("15, 2016") or a month alone.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.words import (
    MONTH,
    MONTH_NAMES,
    MONTHS,
    WEEKDAY,
    WEEKDAY_NAMES,
    WEEKDAYS,
    ordinal,
)

__all__ = [
    "Parts",
    "check_weekday",
    "day_of",
    "latest_on_or_before",
    "read_date",
    "read_side",
    "year_of",
]

_ON = rf"(?:{WEEKDAY},? )?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEARS = r"(?P<year>\d{4}|\d{2})"
_DAY_FIRST = re.compile(rf"{_ON}(?:the )?{_DAY}(?: of)?[ -]{MONTH}(?:,?[ -]{_YEARS})?")
_MONTH_FIRST = re.compile(rf"{_ON}{MONTH}[ -](?:the )?{_DAY}(?:,? {_YEARS})?")
_NUMERIC = re.compile(rf"{_ON}(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep){_YEARS}")
_YEAR_FIRST = re.compile(
    rf"{_ON}(?P<year>\d{{4}})(?P<sep>[/.-])(?P<a>\d{{1,2}})(?P=sep)(?P<b>\d{{1,2}})"
)
_DAY_ONLY = re.compile(rf"{_ON}(?:the )?{_DAY}(?:,? (?P<year>\d{{4}}))?")
_MONTH_ONLY = re.compile(rf"{MONTH}(?:,? (?:of )?(?P<year>\d{{4}}))?")
_LAST_MONTH = 12


class Parts(NamedTuple):
    """What a written date states; None where it is silent."""

    day: int | None
    month: int | None
    year: int | None
    #: Monday is 0.
    weekday: int | None
    #: The year was written with two digits: `year_of` places it.
    short_year: bool


def _parts(match: re.Match[str], day: int | None, month: int | None) -> Parts:
    year = match.groupdict().get("year")
    weekday = match.groupdict().get("weekday")
    return Parts(
        day,
        month,
        None if year is None else int(year),
        None if weekday is None else WEEKDAYS[weekday],
        year is not None and len(year) == 2,  # noqa: PLR2004
    )


def _numeric(match: re.Match[str], text: str, *, year_first: bool) -> Parts | None:
    a, b = int(match["a"]), int(match["b"])
    if year_first:
        return _parts(match, b, a)
    readings = {(day, month) for day, month in ((a, b), (b, a)) if month <= _LAST_MONTH}
    if len(readings) > 1:
        raise TemporalError(text, "a numeric date that reads both day-first and month-first")
    if not readings:
        return None
    ((day, month),) = readings
    return _parts(match, day, month)


def read_date(text: str) -> Parts | None:
    """
    The day, month and year (if any) *text* writes in one of the styles above, or None.

    Raises:
        TemporalError: A numeric date that reads differently day-first and month-first.
    """
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        if match := pattern.fullmatch(text):
            return _parts(match, int(match["day"]), MONTHS[match["month"]])
    if match := _NUMERIC.fullmatch(text):
        return _numeric(match, text, year_first=False)
    if match := _YEAR_FIRST.fullmatch(text):
        return _numeric(match, text, year_first=True)
    return None


def read_side(text: str) -> Parts | None:
    """One side of a range: a written date, a day ("15th"), a day and year, or a month."""
    found = read_date(text)
    if found is not None:
        return found
    if match := _DAY_ONLY.fullmatch(text):
        return _parts(match, ordinal(match["day"]), None)
    if match := _MONTH_ONLY.fullmatch(text):
        return _parts(match, None, MONTHS[match["month"]])
    return None


def year_of(parts: Parts, reference: date, text: str) -> int | None:
    """
    The year *parts* state, a two-digit one placed by the *reference*.

    A two-digit year is the latest year ending in those digits that is not after
    the reference year; when that would be before year 1, the text is refused.
    """
    if parts.year is None or not parts.short_year:
        return parts.year
    year = reference.year - (reference.year - parts.year) % 100
    if year < 1:
        raise TemporalError(
            text, f"no year ending in {parts.year:02d} lies between year 1 and {reference.year}"
        )
    return year


def check_weekday(day: date, parts: Parts, text: str) -> date:
    """*day*, when the weekday the text states (if any) is its own; else refused."""
    if parts.weekday is not None and parts.weekday != day.weekday():
        raise TemporalError(
            text,
            f"it says {WEEKDAY_NAMES[parts.weekday]}, but {day.isoformat()} is a "
            f"{WEEKDAY_NAMES[day.weekday()]}",
        )
    return day


def _check_day(month: int, day: int, text: str) -> None:
    try:
        date(2000, month, day)  # a leap year: every day some year has
    except ValueError:
        raise TemporalError(text, f"there is no day {day} in {MONTH_NAMES[month]}") from None


def latest_on_or_before(reference: date, month: int, day: int, text: str) -> date:
    """
    The latest day with this *month* and *day* on or before *reference*.

    Every month and day recurs within eight years (February 29 skips at most
    one leap year, as in 1900), so eight years back is as far as it looks;
    before year 1 there is nothing to find.
    """
    _check_day(month, day, text)
    for year in range(reference.year, max(reference.year - 9, 0), -1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found <= reference:
            return found
    raise TemporalError(
        text,
        f"the latest {MONTH_NAMES[month]} {day} on or before {reference.isoformat()} would "
        "fall before year 1, and dates before year 1 do not exist",
    )


def day_of(parts: Parts, reference: date, text: str) -> date:
    """
    The day *parts* (with a day and a month) mean in a report of *reference*.

    Without a year, the latest such day on or before the reference; a stated
    weekday must be the day's own.
    """
    if parts.day is None or parts.month is None:
        raise TemporalError(text, "a written date needs a day and a month")
    year = year_of(parts, reference, text)
    if year is None:
        found = latest_on_or_before(reference, parts.month, parts.day, text)
    else:
        _check_day(parts.month, parts.day, text)
        try:
            found = date(year, parts.month, parts.day)
        except ValueError:
            raise TemporalError(
                text, f"there is no day {parts.day} in {MONTH_NAMES[parts.month]} {year}"
            ) from None
    return check_weekday(found, parts, text)
