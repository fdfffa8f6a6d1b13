"""EDTF (ISO 8601-2) reading and writing for `FuzzyDate` and `Span`."""

from __future__ import annotations

import calendar
import re
from datetime import date

from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import (
    SEASON_MONTHS,
    UNBOUNDED_END,
    UNBOUNDED_START,
    FuzzyDate,
    Precision,
)

__all__ = ["format_date", "parse_date"]

_QUALIFIER = {"": (False, False), "~": (True, False), "?": (False, True), "%": (True, True)}
_SIMPLE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[~?%]?)", re.ASCII
)
_RANGE = re.compile(r"\[(?P<lo>\d{4}-\d{2}-\d{2})?\.\.(?P<hi>\d{4}-\d{2}-\d{2})?\](?P<q>[~?%]?)", re.ASCII)


def _day(text: str, whole: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TemporalError(whole, f"{text} is not a calendar day") from None


def parse_date(text: str) -> FuzzyDate:
    """Read one EDTF date into a `FuzzyDate`; raise `TemporalError` if it is not one."""
    if not isinstance(text, str):
        raise TemporalError(repr(text), "an EDTF date must be a string")
    if match := _SIMPLE.fullmatch(text):
        approximate, uncertain = _QUALIFIER[match["q"]]
        year = int(match["year"])
        if year == 0:
            raise TemporalError(text, "year 0 is outside the supported range 0001-9999")
        if match["month"] is None:
            return FuzzyDate.year(year, approximate=approximate, uncertain=uncertain)
        month = int(match["month"])
        if match["day"] is None:
            if 1 <= month <= 12:  # noqa: PLR2004
                return FuzzyDate.month(year, month, approximate=approximate, uncertain=uncertain)
            if month in SEASON_MONTHS:
                first, last = SEASON_MONTHS[month]
                end_year = year + 1 if last < first else year
                if end_year > date.max.year:
                    raise TemporalError(text, "season ends after year 9999")
                end = date(end_year, last, calendar.monthrange(end_year, last)[1])
                return FuzzyDate(date(year, first, 1), end, approximate, uncertain)
            raise TemporalError(text, f"{match['month']} is neither a month nor a season")
        day = _day(f"{match['year']}-{match['month']}-{match['day']}", text)
        return FuzzyDate(day, day, approximate, uncertain)
    if match := _RANGE.fullmatch(text):
        approximate, uncertain = _QUALIFIER[match["q"]]
        lo = _day(match["lo"], text) if match["lo"] else UNBOUNDED_START
        hi = _day(match["hi"], text) if match["hi"] else UNBOUNDED_END
        if lo > hi:
            raise TemporalError(text, "the range ends before it starts")
        return FuzzyDate(lo, hi, approximate, uncertain)
    raise TemporalError(text, "not an EDTF date")


def format_date(value: FuzzyDate) -> str:
    """Write a `FuzzyDate` as the shortest EDTF string that reads back equal."""
    lo, hi = value.earliest, value.latest
    precision = value.precision
    if precision is Precision.DAY:
        text = lo.isoformat()
    elif precision is Precision.MONTH:
        text = f"{lo.year:04d}-{lo.month:02d}"
    elif precision is Precision.YEAR:
        text = f"{lo.year:04d}"
    elif precision is Precision.SEASON:
        text = f"{lo.year:04d}-{value.season_code}"
    else:
        start = "" if lo == UNBOUNDED_START else lo.isoformat()
        end = "" if hi == UNBOUNDED_END else hi.isoformat()
        text = f"[{start}..{end}]"
    if value.approximate and value.uncertain:
        return text + "%"
    if value.approximate:
        return text + "~"
    if value.uncertain:
        return text + "?"
    return text
