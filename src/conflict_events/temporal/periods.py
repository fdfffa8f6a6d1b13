"""
Named periods and their parts: months, seasons, quarters, halves, decades, early/mid/late.

The calendar helpers the other rule modules share live here too: a month as a
`FuzzyDate`, the most recent month before the reference, the run of whole
calendar units that covers two days.

Conventions (DESIGN.md): *early* is days 1-10 of a month, *mid* 11-20, *late*
21 to the end; of a year, Jan-Apr, May-Aug, Sep-Dec; of a season, its first,
second and third month; of a decade, years 0-3, 4-6 and 7-9; of a week,
Monday-Wednesday, Tuesday-Thursday and Thursday-Sunday. A bare quarter, season
or month is the most recent one strictly before the reference's own.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from conflict_events.temporal.calendar import Precision, season_bounds, season_of, week_bounds
from conflict_events.temporal.fuzzy import FuzzyDate
from conflict_events.temporal.rulebook import (
    Context,
    Outcome,
    RuleSpec,
    date_of,
    describe,
    plain,
    refuse,
    rule,
)
from conflict_events.temporal.words import SEASON, SEASONS, YEAR

__all__ = [
    "RULES",
    "apply_part",
    "cover",
    "month_after",
    "month_before",
    "month_of",
    "season_of_year",
]

#: The rules of this module, in the order `resolve` tries them.
RULES: list[RuleSpec] = []
_ONE = timedelta(days=1)


def month_of(year: int, month: int) -> FuzzyDate:
    """Some day of *month* of *year*."""
    first = date(year, month, 1)
    return FuzzyDate(first, first + relativedelta(day=31))


def month_before(reference: date, month: int) -> FuzzyDate:
    """The most recent *month* strictly before the reference month."""
    return month_of(reference.year if month < reference.month else reference.year - 1, month)


def month_after(reference: date, month: int) -> FuzzyDate:
    """The first *month* strictly after the reference month."""
    return month_of(reference.year if month > reference.month else reference.year + 1, month)


def cover(unit: str, lo: date, hi: date) -> FuzzyDate:
    """The smallest run of whole *unit*s (day, week, month, year) that covers lo..hi."""
    if unit == "day":
        return FuzzyDate(lo, hi)
    if unit in {"week", "fortnight"}:
        return FuzzyDate(week_bounds(lo)[0], week_bounds(hi)[1])
    if unit == "month":
        return FuzzyDate(lo.replace(day=1), hi + relativedelta(day=31))
    return FuzzyDate(date(lo.year, 1, 1), date(hi.year, 12, 31))


def season_of_year(year: int, code: int, ctx: Context) -> FuzzyDate:
    """Season *code* (21-24) of *year*; winter runs into the next year."""
    bounds = season_bounds(year, code)
    if bounds is None:
        refuse(ctx, "the season ends after year 9999")
    return FuzzyDate(*bounds)


# Where each part starts and ends, per unit: (first, last) offsets.
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_WEEK_PARTS = {"early": (0, 2), "mid": (1, 3), "late": (3, 6)}
_SEASON_PARTS = {"early": 0, "mid": 1, "late": 2}


def apply_part(part: str, value: FuzzyDate, ctx: Context) -> FuzzyDate:
    """Early, mid or late of a week, month, season, year or decade (the module's conventions)."""
    lo = value.earliest
    precision = value.precision
    if precision is Precision.MONTH:
        first, last = _MONTH_PARTS[part]
        start, end = (
            lo.replace(day=first),
            min(lo.replace(day=1) + relativedelta(day=last), value.latest),
        )
    elif precision is Precision.YEAR:
        first, last = _YEAR_PARTS[part]
        start, end = lo.replace(month=first), lo.replace(month=last) + relativedelta(day=31)
    elif precision is Precision.SEASON:
        start = lo + relativedelta(months=_SEASON_PARTS[part])
        end = start + relativedelta(day=31)
    elif precision is Precision.DECADE:
        first, last = _DECADE_PARTS[part]
        decade = lo.year - lo.year % 10
        start, end = date(max(decade + first, 1), 1, 1), date(decade + last, 12, 31)
    elif precision is Precision.WEEK:
        first, last = _WEEK_PARTS[part]
        start, end = lo + timedelta(days=first), lo + timedelta(days=last)
    else:
        refuse(
            ctx,
            f"'{part}' applies to a week, a month, a season, a year or a decade, "
            f"not to {describe(value)}",
        )
    return FuzzyDate(start, end, value.approximate, value.uncertain)


_PARTS = {
    "early": "early", "beginning of": "early", "start of": "early", "the beginning of": "early",
    "mid": "mid", "middle of": "mid", "late": "late", "end of": "late",
}  # fmt: skip


@rule(
    RULES,
    "half",
    r"(?:the )?(?P<nth>first|second|1st|2nd|latter) half of (?P<rest>.+)|h(?P<h>[12]),? (?:of )?(?P<year>\d{4})",  # noqa: E501
    "the first or second half of a year (January-June, July-December) or of a month (days 1-15, 16-end)",  # noqa: E501
    "the first half of 2016",
)
def _half(match: re.Match[str], ctx: Context) -> Outcome:
    rules: tuple[str, ...] = ()
    if match["h"]:
        value = FuzzyDate.year(int(match["year"]))
        second = match["h"] == "2"
    else:
        value, rules = date_of(match["rest"], ctx)
        second = match["nth"] in {"second", "2nd", "latter"}
    lo = value.earliest
    if value.precision is Precision.YEAR:
        start = lo.replace(month=7) if second else lo
        end = value.latest if second else lo.replace(month=6, day=30)
    elif value.precision is Precision.MONTH:
        start = lo.replace(day=16) if second else lo
        end = value.latest if second else lo.replace(day=15)
    else:
        refuse(ctx, f"a half applies to a year or a month, not to {describe(value)}")
    return FuzzyDate(start, end, value.approximate, value.uncertain), rules


_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "last": 4, "final": 4}  # fmt: skip


def _quarter(year: int, quarter: int) -> FuzzyDate:
    first = date(year, 3 * quarter - 2, 1)
    return FuzzyDate(first, first + relativedelta(months=2, day=31))


@rule(
    RULES,
    "quarter",
    r"(?:the )?(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th|last|final) quarter(?: of (?P<rest>.+))?|q(?P<q>[1-4])(?:,? (?:of )?(?P<year>\d{4}))?",  # noqa: E501
    "a calendar quarter (Q1 = January-March); without a year, the most recent one strictly before the reference's quarter",  # noqa: E501
    "Q3 2016",
)
def _quarter_rule(match: re.Match[str], ctx: Context) -> Outcome:
    quarter = int(match["q"]) if match["q"] else _QUARTERS[match["nth"]]
    if match["rest"]:
        value, rules = date_of(match["rest"], ctx)
        if value.precision is not Precision.YEAR:
            refuse(ctx, f"a quarter applies to a year, not to {describe(value)}")
        return _quarter(value.earliest.year, quarter), rules
    if match["year"]:
        return plain(_quarter(int(match["year"]), quarter))
    if match["nth"] in {"last", "final"}:
        refuse(ctx, "'the last quarter' may be the fourth or the previous one: give the year")
    own = (ctx.reference.month + 2) // 3
    return plain(_quarter(ctx.reference.year - (quarter >= own), quarter))


@rule(
    RULES,
    "earlier-later",
    r"(?P<which>earlier|later) (?:this|in the) (?P<unit>week|month|year)",
    "earlier this week/month/year: from its first day to the day before the reference; later: from the day after to its last",  # noqa: E501
    "earlier this year",
)
def _earlier_later(match: re.Match[str], ctx: Context) -> Outcome:
    unit = match["unit"]
    whole = cover(unit, ctx.reference, ctx.reference)
    if match["which"] == "earlier":
        if whole.earliest == ctx.reference:
            refuse(
                ctx,
                f"the reference {ctx.reference.isoformat()} is the first day of its {unit}",
            )
        return plain(FuzzyDate(whole.earliest, ctx.reference - _ONE))
    if whole.latest == ctx.reference:
        refuse(
            ctx, f"the reference {ctx.reference.isoformat()} is the last day of the {match['unit']}"
        )
    return plain(FuzzyDate(ctx.reference + _ONE, whole.latest))


@rule(
    RULES,
    "turn-of-year",
    r"(?:the )?turn of the year",
    "December to January around the most recent New Year (or the coming one in December), approximate",  # noqa: E501
    "the turn of the year",
)
def _turn(_match: re.Match[str], ctx: Context) -> Outcome:
    year = ctx.reference.year + (ctx.reference.month == 12)  # noqa: PLR2004
    return plain(FuzzyDate(date(year - 1, 12, 1), date(year, 1, 31), approximate=True))


@rule(
    RULES,
    "part",
    r"(?:the )?(?P<part>early|beginning of|start of|mid|middle of|late|end of) (?P<rest>.+)",
    "early = days 1-10, mid = 11-20, late = 21-end of a month; of a year Jan-Apr, May-Aug, Sep-Dec; of a season its months; of a decade years 0-3, 4-6, 7-9; of a week Mon-Wed, Tue-Thu, Thu-Sun",  # noqa: E501
    "mid-December",
)
def _part(match: re.Match[str], ctx: Context) -> Outcome:
    inner, rules = date_of(match["rest"], ctx)
    return apply_part(_PARTS[match["part"]], inner, ctx), rules


@rule(
    RULES,
    "season",
    rf"(?:the )?(?:(?P<which>last|this|next|past) )?{SEASON}(?:,? (?:of )?{YEAR})?",
    "a meteorological season (winter = December to February); bare or 'last': the most recent one before the season of the reference; 'this': the one containing or starting in the reference's year",  # noqa: E501
    "last summer",
)
def _season(match: re.Match[str], ctx: Context) -> Outcome:
    code = SEASONS[match["season"]]
    which, year = match["which"], match["year"]
    if year is not None:
        if which is not None:
            refuse(ctx, "a season with a year takes no 'last/this/next'")
        return plain(season_of_year(int(year), code, ctx))
    own_year, own_code = season_of(ctx.reference)
    if which == "this":
        return plain(
            season_of_year(own_year if code == own_code else ctx.reference.year, code, ctx)
        )
    if which == "next":
        return plain(season_of_year(own_year if code > own_code else own_year + 1, code, ctx))
    # Seasons in order within an EDTF year: 21 < 22 < 23 < 24.
    return plain(season_of_year(own_year if code < own_code else own_year - 1, code, ctx))


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip


def _decade(first: int, ctx: Context) -> FuzzyDate:
    if first + 9 < 1:
        refuse(ctx, "the decade lies before year 1")
    return FuzzyDate(date(max(first, 1), 1, 1), date(first + 9, 12, 31))


@rule(
    RULES,
    "decade",
    r"(?:the )?(?:(?P<decade>\d{3}0)s|'?(?P<short>\d)0s|(?P<word>"
    + "|".join(_DECADE_WORDS)
    + r"))|(?P<which>last|this|the last|the previous|the present) decade",
    "a decade; written with two digits or in words (the nineties), the most recent one not after the reference's; last decade: from the start of the previous calendar decade to the reference (it also means the past ten years)",  # noqa: E501
    "the 1990s",
)
def _decade_rule(match: re.Match[str], ctx: Context) -> Outcome:
    own = ctx.reference.year - ctx.reference.year % 10
    if match["decade"]:
        return plain(_decade(int(match["decade"]), ctx))
    if match["which"] in {"this", "the present"}:
        return plain(_decade(own, ctx))
    if match["which"]:
        return plain(FuzzyDate(_decade(own - 10, ctx).earliest, ctx.reference))
    tens = 10 * (int(match["short"]) if match["short"] else _DECADE_WORDS[match["word"]])
    return plain(_decade(own - (own - tens) % 100, ctx))
