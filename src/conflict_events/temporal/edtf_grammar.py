"""
The EDTF grammar, written once: productions, the patterns the schema states, reader, writer.

It covers all of EDTF (ISO 8601-2) levels 0 and 1 that fits the years
0001-9999: dates, date and time (the calendar day is kept), qualifiers ``?``
``~`` ``%``, unspecified digits (``201X``, ``20XX``, ``2017-XX``,
``2017-02-XX``, ``2017-XX-XX``), seasons 21-24 and intervals with open (``..``)
or unknown (empty) ends. From level 2 it reads the set notation ``[a..b]`` (one
day between two bounds), which is how a date with arbitrary bounds is written.

The productions below are regular-expression source in the subset ECMA-262 and
Python's `re` share. The calendar productions (`YEAR`, `DAY`, `SEASON`...) state
the calendar's rules in the pattern itself; `DATE`, `INTERVAL` and the anchored
`EDTF_DATE_PATTERN`, `EDTF_INTERVAL_PATTERN`, `EDTF_PATTERN` and
`TIMESTAMP_PATTERN` are composed from them, and the JSON Schema exports those.
The reader `read_date` tokenises with shapes composed from the same time,
qualifier and range productions over plain digits, and checks the calendar
through `conflict_events.temporal.calendar` instead, so that a refusal can say
what is wrong. The tests hold the patterns and the reader to the
same strings.

The reader and the writer speak in `Bounds` (earliest, latest, qualifiers), not
in `FuzzyDate` or `Span`, which sit above this module and use it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final, NamedTuple, Protocol

from conflict_events.temporal.calendar import (
    MIN_YEAR,
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
from conflict_events.temporal.errors import TemporalError

__all__ = [
    "DATE",
    "DAY",
    "EDTF_DATE_PATTERN",
    "EDTF_INTERVAL_PATTERN",
    "EDTF_PATTERN",
    "INTERVAL",
    "LEAP_YEAR",
    "MONTH",
    "PLAIN_DATE",
    "QUALIFIER",
    "RANGE",
    "SEASON",
    "TIME",
    "TIMESTAMP_PATTERN",
    "UNSPECIFIED_YEAR",
    "YEAR",
    "Bounds",
    "Dated",
    "StrictEdtf",
    "anchored",
    "read_date",
    "read_interval",
    "unknown_end",
    "unknown_start",
    "write_date",
    "write_interval",
    "write_strict_date",
    "write_strict_interval",
]


def anchored(core: str) -> str:
    r"""
    Anchor the pattern *core* at both ends of the string.

    ``(?!\n)`` after ``$`` keeps Python's ``re`` (used by the ``jsonschema``
    package), whose ``$`` also matches before a final newline, as strict as
    ECMA-262, where the look-ahead is always true.
    """
    return f"^(?:{core})$(?!\\n)"


def _range(end: str) -> str:
    """The level 2 set notation ``[lo..hi]``, both ends of the production *end*, one side open."""
    return f"\\[(?:(?:{end})\\.\\.(?:{end})?|\\.\\.(?:{end}))\\]"


# -- productions ------------------------------------------------------------------------

#: A year 0001-9999.
YEAR: Final = "(?!0000)[0-9]{4}"
#: Years divisible by 4 and not by 100, or by 400 (0000 is excluded by the users of `YEAR`).
LEAP_YEAR: Final = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
#: A calendar day: the day exists in its month, 29 February only in leap years.
DAY: Final = (
    f"(?:{YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    f"|(?!0000){LEAP_YEAR}-02-29)"
)
#: An ISO 8601 time of day and zone offset, as EDTF level 0 allows them.
TIME: Final = (
    "(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]|24:00:00)"
    "(?:Z|\\+00(?::00)?|[+-](?:(?:0[1-9]|1[0-3])(?::[0-5][0-9])?|14:00|00:(?:0[1-9]|[1-5][0-9])))?"
)
#: Approximate (``~``), uncertain (``?``), both (``%``) or neither.
QUALIFIER: Final = "[~?%]?"
#: A month 01-12.
MONTH: Final = "(?:0[1-9]|1[0-2])"
#: Seasons 21-24; winter 9999 would end in the year 10000.
SEASON: Final = f"(?!9999-24){YEAR}-2[1-4]"
#: One day between two days, months or years of the same kind, either side open (``[..]``: any day).
RANGE: Final = f"(?:{_range(DAY)}|{_range(f'{YEAR}-{MONTH}')}|{_range(YEAR)}|\\[\\.\\.\\])"
#: A decade, century or millennium with unspecified digits, from the year 0001 on.
UNSPECIFIED_YEAR: Final = "(?!000X)[0-9]{3}X|(?!00XX)[0-9]{2}XX|[1-9]XXX"
#: A date inside an interval: no unspecified digits and no time.
PLAIN_DATE: Final = f"(?:(?:{DAY}|{YEAR}-{MONTH}|{YEAR}|{RANGE}){QUALIFIER}|{SEASON})"
#: A date on its own, which may also have unspecified digits or a time of day.
DATE: Final = (
    f"(?:{DAY}T{TIME}"
    f"|(?:{DAY}|{YEAR}-{MONTH}(?:-XX)?|{YEAR}(?:-XX){{0,2}}"
    f"|{UNSPECIFIED_YEAR}"
    f"|{RANGE}){QUALIFIER}|{SEASON})"
)
#: An interval start/end: both ends plain dates, or one of them open (``..``) or unknown (empty).
INTERVAL: Final = (
    f"(?:{PLAIN_DATE}/(?:{PLAIN_DATE}|\\.\\.)?|(?:\\.\\.)?/{PLAIN_DATE}|\\.\\./\\.\\.)"
)

#: An EDTF date as `FuzzyDate.parse` reads it (the calendar is checked too).
EDTF_DATE_PATTERN: Final = anchored(DATE)
#: An EDTF interval as `Span.parse` reads it (apart from the order of its ends).
EDTF_INTERVAL_PATTERN: Final = anchored(INTERVAL)
#: An EDTF date or interval, as an event's ``when`` holds it.
EDTF_PATTERN: Final = anchored(f"{DATE}|{INTERVAL}")
#: An ISO 8601 date and time with a UTC offset, as the library writes timestamps.
TIMESTAMP_PATTERN: Final = anchored(
    f"{DAY}T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{{3}}(?:[0-9]{{3}})?)?)?"
    "(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)

# -- the reader's shapes: the productions over digits, the calendar left to the code ----

# A year as written: four digits, the last ones possibly unspecified.
_YEAR_SHAPE = "[0-9]{4}|[0-9]{3}X|[0-9]{2}XX|[0-9]XXX"
# A month or day as written: two digits or unspecified.
_PART_SHAPE = "[0-9]{2}|XX"
# An end of a range as written: a year, a month or a day.
_END_SHAPE = "[0-9]{4}(?:-[0-9]{2}){0,2}"
_DATE_SHAPE = re.compile(
    f"(?P<year>{_YEAR_SHAPE})(?:-(?P<month>{_PART_SHAPE})(?:-(?P<day>{_PART_SHAPE}))?)?"
    f"(?:T(?P<time>{TIME}))?(?P<q>{QUALIFIER})",
    re.ASCII,
)
_RANGE_SHAPE = re.compile(
    f"\\[(?P<lo>{_END_SHAPE})?\\.\\.(?P<hi>{_END_SHAPE})?\\](?P<q>{QUALIFIER})", re.ASCII
)

_QUALIFIERS = {"": (False, False), "~": (True, False), "?": (False, True), "%": (True, True)}
_DECEMBER = 12


class Bounds(NamedTuple):
    """A date as EDTF states it: the first and last day it admits, and its qualifiers."""

    earliest: date
    latest: date
    approximate: bool = False
    uncertain: bool = False


class Dated(Protocol):
    """What the writer reads of a date (a `Bounds` or a `FuzzyDate`)."""

    @property
    def earliest(self) -> date:
        """The first day the date admits."""
        ...

    @property
    def latest(self) -> date:
        """The last day the date admits."""
        ...

    @property
    def approximate(self) -> bool:
        """EDTF ``~``."""
        ...

    @property
    def uncertain(self) -> bool:
        """EDTF ``?``."""
        ...


def _bounds(value: Dated) -> Bounds:
    return Bounds(value.earliest, value.latest, value.approximate, value.uncertain)


def unknown_end(start: Bounds) -> Bounds:
    """The end of ``start/``: some day on or after the start."""
    return Bounds(start.earliest, UNBOUNDED_END)


def unknown_start(end: Bounds) -> Bounds:
    """The start of ``/end`` and ``../end``: some day on or before the end."""
    return Bounds(UNBOUNDED_START, end.latest)


# -- reading ----------------------------------------------------------------------------


def _day(text: str, whole: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TemporalError(whole, f"{text} is not a calendar day") from None


def _range_end(text: str, whole: str) -> tuple[date, date]:
    """The first and last day of a range's end: a year, a month or a day."""
    year = int(text[:4])
    if year < MIN_YEAR:
        raise TemporalError(whole, "years before 0001 are outside the supported range 0001-9999")
    if len(text) == len("0001"):
        return year_bounds(year)
    if len(text) == len("0001-01"):
        month = int(text[5:])
        if not 1 <= month <= _DECEMBER:
            raise TemporalError(whole, f"{text[5:]} is not a month (01-12)")
        return month_bounds(year, month)
    day = _day(text, whole)
    return day, day


def _years(text: str, whole: str) -> tuple[int, int]:
    """The first and last year a year with unspecified digits (``201X``) admits."""
    first = int(text.replace("X", "0"))
    last = int(text.replace("X", "9"))
    if first < MIN_YEAR:
        raise TemporalError(whole, "years before 0001 are outside the supported range 0001-9999")
    return first, last


def _simple(match: re.Match[str], text: str) -> Bounds:
    approximate, uncertain = _QUALIFIERS[match["q"]]
    first_year, last_year = _years(match["year"], text)
    month, day = match["month"], match["day"]
    if first_year != last_year:
        if month is not None:
            raise TemporalError(text, "a year with unspecified digits cannot have a month or day")
        return Bounds(date(first_year, 1, 1), date(last_year, 12, 31), approximate, uncertain)
    year = first_year
    if month is None or month == "XX":
        if day not in (None, "XX"):
            raise TemporalError(text, "a day needs a known month")
        return Bounds(*year_bounds(year), approximate, uncertain)
    number = int(month)
    if day is None:
        if 1 <= number <= _DECEMBER:
            return Bounds(*month_bounds(year, number), approximate, uncertain)
        if number in SEASON_MONTHS:
            if match["q"]:
                raise TemporalError(text, "EDTF level 1 does not qualify seasons")
            season = season_bounds(year, number)
            if season is None:
                raise TemporalError(text, "the season ends after year 9999")
            return Bounds(*season)
        raise TemporalError(text, f"{month} is neither a month (01-12) nor a season (21-24)")
    if day == "XX":
        if not 1 <= number <= _DECEMBER:
            raise TemporalError(text, f"{month} is not a month")
        return Bounds(*month_bounds(year, number), approximate, uncertain)
    if match["time"] and match["q"]:
        raise TemporalError(text, "EDTF does not qualify a date and time")
    when = _day(f"{match['year']}-{month}-{day}", text)
    return Bounds(when, when, approximate, uncertain)


def read_date(text: str) -> Bounds:
    """
    Read one EDTF date into its bounds.

    A date and time keeps its calendar day as written (the zone offset does not
    move it to another day), since the temporal types are day-grained.

    Raises:
        TemporalError: *text* is not an EDTF date within the years 0001-9999.
    """
    if not isinstance(text, str):
        raise TemporalError(repr(text), "an EDTF date must be a string")
    if match := _DATE_SHAPE.fullmatch(text):
        if match["time"] and (match["day"] is None or "X" in text[:10]):
            raise TemporalError(text, "a time needs a complete date")
        return _simple(match, text)
    if match := _RANGE_SHAPE.fullmatch(text):
        approximate, uncertain = _QUALIFIERS[match["q"]]
        first, last = match["lo"], match["hi"]
        if first and last and len(first) != len(last):
            raise TemporalError(text, "the ends of a range must both be days, months or years")
        lo = _range_end(first, text)[0] if first else UNBOUNDED_START
        hi = _range_end(last, text)[1] if last else UNBOUNDED_END
        if lo > hi:
            raise TemporalError(text, "the range ends before it starts")
        return Bounds(lo, hi, approximate, uncertain)
    raise TemporalError(text, "not an EDTF date")


def read_interval(text: str) -> tuple[Bounds, Bounds | None]:
    """
    Read an EDTF interval ``start/end`` into the bounds of its ends; None for an open end.

    ``a/`` (unknown end) ends some day on or after the start (`unknown_end`);
    ``../b`` (open start) and ``/b`` (unknown start) start some day on or before
    the end (`unknown_start`). The order of the ends is left to the caller.

    Raises:
        TemporalError: *text* is not an interval, a side is not an EDTF date, or
            both ends are missing.
    """
    if not isinstance(text, str):
        raise TemporalError(repr(text), "an EDTF interval must be a string")
    if text.count("/") != 1:
        raise TemporalError(text, "not an EDTF interval (start/end)")
    head, tail = text.split("/")
    if head == tail == "..":
        return Bounds(UNBOUNDED_START, UNBOUNDED_END), None
    if head in ("", "..") and tail in ("", ".."):
        raise TemporalError(text, "an interval needs at least one known end")
    if "T" in text:
        raise TemporalError(text, "the ends of an EDTF interval are dates without a time")
    if "X" in text:
        raise TemporalError(text, "unspecified digits in an interval are EDTF level 2")
    try:
        if head in ("", ".."):
            end = read_date(tail)
            return unknown_start(end), end
        start = read_date(head)
        if tail == "..":
            return start, None
        if not tail:
            return start, unknown_end(start)
        return start, read_date(tail)
    except TemporalError as error:
        raise TemporalError(text, error.reason) from None


# -- writing ----------------------------------------------------------------------------


def _qualified(text: str, value: Dated) -> str:
    if value.approximate and value.uncertain:
        return text + "%"
    if value.approximate:
        return text + "~"
    if value.uncertain:
        return text + "?"
    return text


def _stated_unit(lo: date, hi: date) -> Precision:
    """
    The calendar unit the bounds span, reading the sentinels as the days they are.

    `precision_of` counts a side at `UNBOUNDED_START` or `UNBOUNDED_END` as open,
    but those are also the first day of 0001 and the last day of 9999: the year
    9999 is the same value as "on or after 1 January 9999", and the writer
    states it as the year, which other tools read the same way.
    """
    precision = precision_of(lo, hi)
    if precision is not Precision.RANGE or (lo != UNBOUNDED_START and hi != UNBOUNDED_END):
        return precision
    if lo.day != 1 or hi != last_day(hi.year, hi.month):
        return Precision.RANGE
    if (lo.year, lo.month) == (hi.year, hi.month):
        return Precision.MONTH
    if lo.month == 1 and hi.month == _DECEMBER:
        years = (lo.year, hi.year - lo.year)
        if years[1] == 0:
            return Precision.YEAR
        if lo.year % 10 == 0 and years[1] == 9:  # noqa: PLR2004
            return Precision.DECADE
        if lo.year % 100 == 0 and years[1] == 99:  # noqa: PLR2004
            return Precision.CENTURY
    if season_code_of(lo, hi) is not None:
        return Precision.SEASON
    return Precision.RANGE


def write_date(value: Dated, *, unspecified_digits: bool = True) -> str:
    """
    Write a date as the shortest EDTF string that `read_date` reads back to its bounds.

    Calendar units get their level 0/1 form (``2017``, ``2017-02``, ``2017-24``,
    and with *unspecified_digits* ``201X``, ``20XX``); any other bounds use the
    level 2 set notation ``[2016-11-01..2016-11-10]``, with an open side left
    empty. A qualified season is written as a range because EDTF does not
    qualify seasons. A unit that ends on 9999-12-31 or starts on 0001-01-01
    is written as that unit (``9999``, not ``[9999-01-01..]``).
    """
    lo, hi = value.earliest, value.latest
    precision = _stated_unit(lo, hi)
    qualified = value.approximate or value.uncertain
    if precision is Precision.DAY:
        text = lo.isoformat()
    elif precision is Precision.MONTH:
        text = f"{lo.year:04d}-{lo.month:02d}"
    elif precision is Precision.YEAR:
        text = f"{lo.year:04d}"
    elif precision is Precision.SEASON and not qualified:
        text = f"{lo.year:04d}-{season_code_of(lo, hi)}"
    elif precision is Precision.DECADE and unspecified_digits:
        text = f"{lo.year // 10:03d}X"
    elif precision is Precision.CENTURY and unspecified_digits:
        text = f"{lo.year // 100:02d}XX"
    else:
        start = "" if lo == UNBOUNDED_START else lo.isoformat()
        end = "" if hi == UNBOUNDED_END else hi.isoformat()
        text = f"[{start}..{end}]"
    return _qualified(text, value)


def write_interval(start: Dated, end: Dated | None) -> str:
    """
    Write an interval that `read_interval` reads back to the same ends (None: open).

    An open end is written ``..``; an end or start that is known only to lie on
    the right side of the other end is left empty (``2015-02/``,
    ``/2017-02-04``). Decades and centuries are written as ranges, since EDTF
    allows unspecified digits in an interval only at level 2.
    """
    head = write_date(start, unspecified_digits=False)
    if end is None:
        return f"{head}/.."
    # An end that is a stated unit (the year 9999, say) is written as that unit.
    if _bounds(end) == unknown_end(_bounds(start)) and _is_range(end):
        return f"{head}/"
    tail = write_date(end, unspecified_digits=False)
    if _bounds(start) == unknown_start(_bounds(end)) and _is_range(start):
        return f"/{tail}"
    return f"{head}/{tail}"


def _is_range(value: Dated) -> bool:
    return _stated_unit(value.earliest, value.latest) is Precision.RANGE


# -- writing what other tools read ------------------------------------------------------


class StrictEdtf(NamedTuple):
    """
    A value written in standard EDTF only, and whether that says less than the value.

    *text* is a form the ``edtf`` package and edtf.js read (docs/temporal.md,
    "EDTF other tools read"). *wider* is False when *text* reads back to the
    same bounds and qualifiers, True when it admits more days or could not carry
    a qualifier.
    """

    text: str
    wider: bool


# The whole supported range, written with both ends: EDTF has no set that is open on both sides.
_EVERY_DAY = f"[{UNBOUNDED_START.isoformat()}..{UNBOUNDED_END.isoformat()}]"


def _month_or_year(value: Dated) -> str | None:
    """The smallest month or year holding the bounds, qualified as *value* is; None if none does."""
    lo, hi = value.earliest, value.latest
    if lo.year != hi.year:
        return None
    if lo.month == hi.month:
        return _qualified(f"{lo.year:04d}-{lo.month:02d}", value)
    return _qualified(f"{lo.year:04d}", value)


def write_strict_date(value: Dated) -> StrictEdtf:
    """
    Write a date as the tightest standard EDTF date holding it.

    Every unqualified value has a standard form of its own bounds (a set
    ``[a..b]`` where no calendar unit fits). Sets and seasons cannot be
    qualified, nor (for edtf.js) years with unspecified digits, so a qualified
    value of that kind becomes the smallest qualified month or year holding it,
    or, where none does, its unqualified form.
    """
    lo, hi = value.earliest, value.latest
    if not (value.approximate or value.uncertain):
        if lo == UNBOUNDED_START and hi == UNBOUNDED_END:
            return StrictEdtf(_EVERY_DAY, wider=False)
        return StrictEdtf(write_date(value), wider=False)
    if _stated_unit(lo, hi) in {Precision.DAY, Precision.MONTH, Precision.YEAR}:
        return StrictEdtf(write_date(value), wider=False)
    container = _month_or_year(value)
    if container is not None:
        return StrictEdtf(container, wider=True)
    return StrictEdtf(write_strict_date(Bounds(lo, hi)).text, wider=True)


def _strict_end(value: Dated) -> tuple[str | None, bool]:
    """An interval end as a day, month or year holding it (None if none does), and if wider."""
    if _stated_unit(value.earliest, value.latest) in {
        Precision.DAY,
        Precision.MONTH,
        Precision.YEAR,
    }:
        return write_date(value, unspecified_digits=False), False
    return _month_or_year(value), True


def write_strict_interval(start: Dated, end: Dated | None) -> StrictEdtf:
    """
    Write an interval in standard EDTF, each end the tightest day, month or year holding it.

    The ends of a standard interval are days, months or years, qualified or
    not: neither a set nor (for edtf.js) a season. An end that no month or year
    holds becomes unknown: ``/b`` for a start (some day on or before the end),
    ``a/`` for an end (some day on or after the start), and ``../..`` when
    neither end has a standard form or the start has none and the end is open.
    A start later than the end's last day is no day the interval can start on,
    so ``/b`` holds every start the interval admits. An end whose unit begins
    before the start's does is written unknown (``a/``), since readers refuse
    an upper bound that begins before the lower one.
    """
    head, head_wider = _strict_end(start)
    if end is None:
        if head is None:  # ``../..`` reads back as a start on any day, still going on
            exact = _bounds(start) == Bounds(UNBOUNDED_START, UNBOUNDED_END)
            return StrictEdtf("../..", wider=not exact)
        return StrictEdtf(f"{head}/..", head_wider)
    tail, tail_wider = _strict_end(end)
    if head is None and tail is None:
        return StrictEdtf("../..", wider=True)
    if head is None:
        exact = _bounds(start) == unknown_start(_bounds(end))
        return StrictEdtf(f"/{tail}", wider=tail_wider or not exact)
    if tail is None:
        exact = _bounds(end) == unknown_end(_bounds(start))
        return StrictEdtf(f"{head}/", wider=head_wider or not exact)
    if read_date(tail).earliest < read_date(head).earliest:
        # The unit holding the end begins before the start does ("2016-06-02/2016-06"):
        # readers such as edtf.js refuse an upper bound that begins before the lower one.
        return StrictEdtf(f"{head}/", wider=True)
    return StrictEdtf(f"{head}/{tail}", wider=head_wider or tail_wider)
