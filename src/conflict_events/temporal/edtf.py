"""
EDTF (ISO 8601-2) reading and writing for `FuzzyDate` and `Span`.

Reads the whole of levels 0 and 1 that fits the years 0001-9999: dates, date
and time (the calendar day is kept), qualifiers ``?`` ``~`` ``%``, unspecified
digits (``201X``, ``20XX``, ``2017-XX``, ``2017-02-XX``, ``2017-XX-XX``),
seasons 21-24 and intervals with open (``..``) or unknown (empty) ends. From
level 2 it reads the set notation ``[a..b]`` (one day between two bounds), which
is how a date with arbitrary bounds is written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import (
    SEASON_MONTHS,
    UNBOUNDED_END,
    UNBOUNDED_START,
    FuzzyDate,
    Precision,
    _season_bounds,
)

if TYPE_CHECKING:
    from conflict_events.temporal.span import Span

__all__ = ["format_date", "format_interval", "parse", "parse_date", "parse_interval"]

_QUALIFIER = {"": (False, False), "~": (True, False), "?": (False, True), "%": (True, True)}
_MIN_YEAR, _MAX_YEAR = date.min.year, date.max.year

# ISO 8601 time of day and zone offset, as EDTF level 0 allows them.
_TIME = (
    r"(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d|24:00:00)"
    r"(?:Z|[+-](?:(?:0[1-9]|1[0-3])(?::[0-5]\d)?|14:00|00:(?:0[1-9]|[1-5]\d)))?"
)
_DATE = re.compile(
    r"(?P<year>\d{4}|\d{3}X|\d{2}XX|\dXXX)"
    r"(?:-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?)?"
    rf"(?:T(?P<time>{_TIME}))?"
    r"(?P<q>[~?%]?)",
    re.ASCII,
)
_RANGE = re.compile(
    r"\[(?P<lo>\d{4}-\d{2}-\d{2})?\.\.(?P<hi>\d{4}-\d{2}-\d{2})?\](?P<q>[~?%]?)", re.ASCII
)


def _day(text: str, whole: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TemporalError(whole, f"{text} is not a calendar day") from None


def _years(text: str, whole: str) -> tuple[int, int]:
    """The first and last year a year with unspecified digits (``201X``) admits."""
    first = int(text.replace("X", "0"))
    last = int(text.replace("X", "9"))
    if first < _MIN_YEAR:
        raise TemporalError(whole, "years before 0001 are outside the supported range 0001-9999")
    return first, last


def _simple(match: re.Match[str], text: str) -> FuzzyDate:
    approximate, uncertain = _QUALIFIER[match["q"]]
    first_year, last_year = _years(match["year"], text)
    month, day = match["month"], match["day"]
    if first_year != last_year:
        if month is not None:
            raise TemporalError(text, "a year with unspecified digits cannot have a month or day")
        return FuzzyDate(date(first_year, 1, 1), date(last_year, 12, 31), approximate, uncertain)
    year = first_year
    if month is None or month == "XX":
        if day not in (None, "XX"):
            raise TemporalError(text, "a day needs a known month")
        return FuzzyDate.year(year, approximate=approximate, uncertain=uncertain)
    number = int(month)
    if day is None:
        if 1 <= number <= 12:  # noqa: PLR2004
            return FuzzyDate.month(year, number, approximate=approximate, uncertain=uncertain)
        if number in SEASON_MONTHS:
            if match["q"]:
                raise TemporalError(text, "EDTF level 1 does not qualify seasons")
            bounds = _season_bounds(year, number)
            if bounds is None:
                raise TemporalError(text, "the season ends after year 9999")
            return FuzzyDate(*bounds)
        raise TemporalError(text, f"{month} is neither a month (01-12) nor a season (21-24)")
    if day == "XX":
        if not 1 <= number <= 12:  # noqa: PLR2004
            raise TemporalError(text, f"{month} is not a month")
        return FuzzyDate.month(year, number, approximate=approximate, uncertain=uncertain)
    if match["time"] and match["q"]:
        raise TemporalError(text, "EDTF does not qualify a date and time")
    when = _day(f"{match['year']}-{month}-{day}", text)
    return FuzzyDate(when, when, approximate, uncertain)


def parse_date(text: str) -> FuzzyDate:
    """
    Read one EDTF date into a `FuzzyDate`.

    A date and time keeps its calendar day as written (the zone offset does not
    move it to another day), since `FuzzyDate` is day-grained.

    Raises:
        TemporalError: *text* is not an EDTF date within the years 0001-9999.
    """
    if not isinstance(text, str):
        raise TemporalError(repr(text), "an EDTF date must be a string")
    if match := _DATE.fullmatch(text):
        if match["time"] and (match["day"] is None or "X" in text[:10]):
            raise TemporalError(text, "a time needs a complete date")
        return _simple(match, text)
    if match := _RANGE.fullmatch(text):
        approximate, uncertain = _QUALIFIER[match["q"]]
        lo = _day(match["lo"], text) if match["lo"] else UNBOUNDED_START
        hi = _day(match["hi"], text) if match["hi"] else UNBOUNDED_END
        if lo > hi:
            raise TemporalError(text, "the range ends before it starts")
        return FuzzyDate(lo, hi, approximate, uncertain)
    raise TemporalError(text, "not an EDTF date")


def _qualified(text: str, value: FuzzyDate) -> str:
    if value.approximate and value.uncertain:
        return text + "%"
    if value.approximate:
        return text + "~"
    if value.uncertain:
        return text + "?"
    return text


def format_date(value: FuzzyDate) -> str:
    """
    Write a `FuzzyDate` as the shortest EDTF string that reads back equal.

    Calendar units get their level 0/1 form (``2017``, ``2017-02``, ``2017-24``,
    ``201X``, ``20XX``); any other bounds use the level 2 set notation
    ``[2016-11-01..2016-11-10]``, with an open side left empty. A qualified
    season is written as a range because EDTF does not qualify seasons.
    """
    return _format(value, unspecified_digits=True)


def _format(value: FuzzyDate, *, unspecified_digits: bool) -> str:
    lo, hi = value.earliest, value.latest
    precision = value.precision
    qualified = value.approximate or value.uncertain
    if precision is Precision.DAY:
        text = lo.isoformat()
    elif precision is Precision.MONTH:
        text = f"{lo.year:04d}-{lo.month:02d}"
    elif precision is Precision.YEAR:
        text = f"{lo.year:04d}"
    elif precision is Precision.SEASON and not qualified:
        text = f"{lo.year:04d}-{value.season_code}"
    elif precision is Precision.DECADE and unspecified_digits:
        text = f"{lo.year // 10:03d}X"
    elif precision is Precision.CENTURY and unspecified_digits:
        text = f"{lo.year // 100:02d}XX"
    else:
        start = "" if lo == UNBOUNDED_START else lo.isoformat()
        end = "" if hi == UNBOUNDED_END else hi.isoformat()
        text = f"[{start}..{end}]"
    return _qualified(text, value)


def _unknown_end(start: FuzzyDate) -> FuzzyDate:
    return FuzzyDate(start.earliest, UNBOUNDED_END)


def _unknown_start(end: FuzzyDate) -> FuzzyDate:
    return FuzzyDate(UNBOUNDED_START, end.latest)


def parse_interval(text: str) -> Span:
    """
    Read an EDTF interval ``start/end`` into a `Span`.

    Ends map onto `Span` as follows (docs/temporal.md explains why):

    * ``a/..`` (open end): ``Span(a, None)``, still going on when last reported;
    * ``a/`` (unknown end): the end is some day on or after the start,
      ``Span(a, FuzzyDate(a.earliest, UNBOUNDED_END))``;
    * ``../b`` (open start) and ``/b`` (unknown start): the start is some day on
      or before the end, ``Span(FuzzyDate(UNBOUNDED_START, b.latest), b)``.

    Raises:
        TemporalError: *text* is not an interval, a side is not an EDTF date,
            both ends are missing, or the end falls before the start.
    """
    from conflict_events.temporal.span import Span  # noqa: PLC0415

    if not isinstance(text, str):
        raise TemporalError(repr(text), "an EDTF interval must be a string")
    if text.count("/") != 1:
        raise TemporalError(text, "not an EDTF interval (start/end)")
    head, tail = text.split("/")
    if head in ("", "..") and tail in ("", ".."):
        raise TemporalError(text, "an interval needs at least one known end")
    if "T" in text:
        raise TemporalError(text, "the ends of an EDTF interval are dates without a time")
    if "X" in text:
        raise TemporalError(text, "unspecified digits in an interval are EDTF level 2")
    try:
        if head in ("", ".."):
            end = parse_date(tail)
            return Span(_unknown_start(end), end)
        start = parse_date(head)
        if tail == "..":
            return Span(start, None)
        if not tail:
            return Span(start, _unknown_end(start))
        return Span(start, parse_date(tail))
    except TemporalError as error:
        raise TemporalError(text, error.reason) from None
    except ValueError as error:
        raise TemporalError(text, str(error)) from None


def format_interval(value: Span) -> str:
    """
    Write a `Span` as an EDTF interval that `parse_interval` reads back equal.

    An open span ends in ``..``; an end or start that is known only to lie on the
    right side of the other end is left empty (``2015-02/``, ``/2017-02-04``).
    Decades and centuries are written as ranges, since EDTF allows unspecified
    digits in an interval only at level 2.
    """
    start, end = value.start, value.end
    head = _format(start, unspecified_digits=False)
    if end is None:
        return f"{head}/.."
    if end == _unknown_end(start):
        return f"{head}/"
    tail = _format(end, unspecified_digits=False)
    if start == _unknown_start(end):
        return f"/{tail}"
    return f"{head}/{tail}"


def parse(text: str) -> FuzzyDate | Span:
    """
    Read an EDTF date or interval, whichever *text* is.

    Raises:
        TemporalError: *text* is neither.
    """
    if not isinstance(text, str):
        raise TemporalError(repr(text), "EDTF must be a string")
    if "/" in text:
        return parse_interval(text)
    return parse_date(text)
