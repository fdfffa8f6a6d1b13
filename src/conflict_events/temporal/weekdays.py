"""
Weekdays, weekends and days of a month named by their ordinal.

Conventions (a report speaks of the past):

* **a bare weekday** ("on Tuesday") is the most recent one on or before the
  reference; when the reference is itself that weekday, it may be the same day
  or a week before, and the bounds hold both;
* **last <weekday>** is the most recent one strictly before the reference; when
  that falls in the reference's own week (Monday-Sunday), "last" may also mean
  the one of the week before, and the bounds reach back to it;
* **this <weekday>** is that day of the reference's week; **next** the first one
  after the reference, or the one after it when that falls in the same week;
* **<weekday> night** runs into the next morning: the day and the next;
* **this weekend** is the Saturday and Sunday of the reference's week; **the
  weekend** the most recent one begun by the reference; **last weekend** the
  one of the week before the reference's;
* **the first Tuesday of October** counts in the month ("last" counts back from
  its end); **the 3rd** is the most recent 3rd of a month on or before the
  reference; **the second of December** is a written day ("2 December").
"""

from __future__ import annotations

import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from conflict_events.temporal.calendar import Precision, week_bounds
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
from conflict_events.temporal.words import (
    MONTH,
    MONTHS,
    ORDINAL,
    WEEKDAY,
    WEEKDAY_NAMES,
    WEEKDAYS,
    YEAR,
    group,
    ordinal,
)
from conflict_events.temporal.written_dates import Parts, day_of

__all__ = ["RULES"]

#: The rules of this module, in the order `resolve` tries them.
RULES: list[RuleSpec] = []
_WEEK = timedelta(days=7)
_SATURDAY = 5


@rule(
    RULES,
    "weekday",
    rf"(?:(?P<which>last|this|next|past) )?{WEEKDAY}(?: (?P<time>morning|afternoon|evening|night))?",  # noqa: E501
    "a weekday: bare, the most recent on or before the reference; 'last', the most recent before it (or the one of the week before); 'this', that day of the reference's week; '<day> night' runs into the next day",  # noqa: E501
    "last Tuesday",
)
def _weekday(match: re.Match[str], ctx: Context) -> Outcome:
    wanted = WEEKDAYS[match["weekday"]]
    ref = ctx.reference
    monday = week_bounds(ref)[0]
    which = match["which"]
    if which == "this":
        lo = hi = monday + timedelta(days=wanted)
    elif which == "next":
        lo = ref + timedelta(days=(wanted - ref.weekday() - 1) % 7 + 1)
        hi = lo + _WEEK if lo <= monday + timedelta(days=6) else lo
    else:
        back = (ref.weekday() - wanted) % 7
        if which in {"last", "past"} and back == 0:
            back = 7
        hi = ref - timedelta(days=back)
        lo = hi - _WEEK if back == 0 or (which and hi >= monday) else hi
    if match["time"] == "night":
        hi += timedelta(days=1)
    return plain(FuzzyDate(lo, hi))


@rule(
    RULES,
    "weekend",
    r"(?:over |during )?(?P<which>this|last|next|the|that) weekend",
    "Saturday and Sunday: 'this', of the reference's week; 'the', the most recent begun by the reference; 'last', of the week before; 'next', the coming one (or the one after, from Monday to Friday)",  # noqa: E501
    "last weekend",
)
def _weekend(match: re.Match[str], ctx: Context) -> Outcome:
    ref = ctx.reference
    which = match["which"]
    if which == "that":
        if ctx.context is None:
            refuse(ctx, "'that weekend' needs the context date it refers back to")
        ref = ctx.context.earliest
        which = "this"
    saturday = week_bounds(ref)[0] + timedelta(days=_SATURDAY)
    if (which == "the" and ref.weekday() < _SATURDAY) or which == "last":
        saturday -= _WEEK
    if which == "next":
        last = saturday + _WEEK + timedelta(days=1)
        first = saturday if ref.weekday() < _SATURDAY else saturday + _WEEK
        return plain(FuzzyDate(first, last))
    return plain(FuzzyDate(saturday, saturday + timedelta(days=1)))


_NTH = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
        "4th": 3, "fifth": 4, "5th": 4, "last": -1, "final": -1}  # fmt: skip


@rule(
    RULES,
    "nth-weekday",
    rf"(?:the )?(?P<nth>first|second|third|fourth|fifth|last|final|1st|2nd|3rd|4th|5th) {WEEKDAY} (?:of|in) (?P<rest>.+)",  # noqa: E501
    "the first (second, ..., last) given weekday of a month",
    "the first Tuesday of October",
)
def _nth_weekday(match: re.Match[str], ctx: Context) -> Outcome:
    month, rules = date_of(match["rest"], ctx)
    if month.precision is not Precision.MONTH:
        refuse(ctx, f"a weekday of a month needs a month, not {describe(month)}")
    wanted = WEEKDAYS[match["weekday"]]
    nth = _NTH[match["nth"]]
    if nth < 0:
        last = month.latest
        return FuzzyDate.on(last - timedelta(days=(last.weekday() - wanted) % 7)), rules
    found = month.earliest + timedelta(days=(wanted - month.earliest.weekday()) % 7 + 7 * nth)
    if found > month.latest:
        refuse(ctx, f"{describe(month)} has no {match['nth']} {WEEKDAY_NAMES[wanted]}")
    return FuzzyDate.on(found), rules


@rule(
    RULES,
    "ordinal-day",
    rf"(?:{WEEKDAY},? )?(?:the )?{ORDINAL} of {MONTH}(?:,? {YEAR})?|(?:{group(WEEKDAY, 'on')},? )?the (?P<day>\d{{1,2}}(?:st|nd|rd|th))",  # noqa: E501
    "a day of a month by its ordinal: 'the second of December' as '2 December'; 'the 3rd' alone, the most recent 3rd on or before the reference; a stated weekday must agree",  # noqa: E501
    "the second of December",
)
def _ordinal_day(match: re.Match[str], ctx: Context) -> Outcome:
    named = match["weekday"] or match["on"]
    weekday = None if named is None else WEEKDAYS[named.rstrip(".")]
    if match["ordinal"]:
        year = match["year"]
        parts = Parts(
            ordinal(match["ordinal"]),
            MONTHS[match["month"]],
            None if year is None else int(year),
            weekday,
            short_year=False,
        )
        return plain(FuzzyDate.on(day_of(parts, ctx.reference, ctx.text)))
    day = ordinal(match["day"])
    first = ctx.reference.replace(day=1)
    for back in range(12):  # within a year, some month has any day 1-31
        month = first - relativedelta(months=back)
        try:
            found = month.replace(day=day)
        except ValueError:
            continue
        if found <= ctx.reference:
            parts = Parts(day, found.month, found.year, weekday, short_year=False)
            return plain(FuzzyDate.on(day_of(parts, ctx.reference, ctx.text)))
    return refuse(ctx, f"no month has a day {day}")
