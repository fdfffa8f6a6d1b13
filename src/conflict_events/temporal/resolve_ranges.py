"""
Ranges of days or months: "13-15 July", "July 13-15", "March-April 2016", "mid- to late December".

The two sides share what only one of them says: "13-15 July" is 13 July to 15
July, "from March to May 2016" is March 2016 to May 2016. A range without a
year lies in the past as a whole (the past-tense convention): its end is the
latest such day on or before the reference (a month: the latest strictly before
the reference month, as for a bare month), and its start the latest such day on
or before the end. A start with no year of its own before an end with one is
the latest on or before that end ("December to February 2017" starts in
December 2016).

A compact range ("13-15 July", "13 to 15 July") is one `FuzzyDate` from the
first day of its start to the last of its end; after "from" or "between"
(see the ``between`` rule) the same two sides make a `Span`.
"""

from __future__ import annotations

import re
from datetime import date

from conflict_events.temporal.fuzzy import FuzzyDate
from conflict_events.temporal.periods import apply_part, month_before, month_of
from conflict_events.temporal.rulebook import (
    Context,
    NotThisRule,
    Outcome,
    RuleSpec,
    date_of,
    describe,
    plain,
    refuse,
    rule,
)
from conflict_events.temporal.written_dates import (
    Parts,
    check_weekday,
    day_of,
    latest_on_or_before,
    read_side,
    year_of,
)

__all__ = ["PART_RULES", "RULES", "read_pair"]

#: The compact range, tried late: after every rule that starts with a word of its own.
RULES: list[RuleSpec] = []
#: The range of parts ("mid- to late"), tried before "part" would read "mid" alone.
PART_RULES: list[RuleSpec] = []
#: What separates the sides of a compact range, tried in this order.
SEPARATORS = (" - ", " to ", " until ", " till ", " through ", "-")


def _side(parts: Parts, year: int, ctx: Context) -> FuzzyDate:
    assert parts.month is not None  # noqa: S101 - filled in by read_pair
    if parts.day is None:
        return month_of(year, parts.month)
    return FuzzyDate.on(
        day_of(parts._replace(year=year, short_year=False), ctx.reference, ctx.text)
    )


def _latest(parts: Parts, before: date, ctx: Context, *, strictly_month: bool) -> FuzzyDate:
    """The latest day (or month) *parts* name on or before *before*."""
    assert parts.month is not None  # noqa: S101 - filled in by read_pair
    if parts.day is None:
        if strictly_month:
            return month_before(before, parts.month)
        return month_of(before.year - (parts.month > before.month), parts.month)
    found = latest_on_or_before(before, parts.month, parts.day, ctx.text)
    return FuzzyDate.on(check_weekday(found, parts, ctx.text))


def read_pair(head: str, tail: str, ctx: Context) -> tuple[FuzzyDate, FuzzyDate] | None:
    """
    The start and end of the range *head* to *tail*, or None when they are not its sides.

    Raises:
        TemporalError: The sides read, but name no such day, disagree with a
            weekday, or end before they start.
    """
    left, right = read_side(head), read_side(tail)
    if left is None or right is None or (left.month is None and right.month is None):
        return None
    if (left.day is None and left.month is None) or (right.day is None and right.month is None):
        return None
    # A side without a month of its own ("13-15 July") is in the other's month and year.
    shared = left.month is None or right.month is None
    left = left._replace(month=left.month or right.month)
    right = right._replace(month=right.month or left.month)
    left_year = year_of(left, ctx.reference, ctx.text)
    right_year = year_of(right, ctx.reference, ctx.text)
    if right_year is None and left_year is not None:
        start = _side(left, left_year, ctx)
        end = _side(right, left_year, ctx)
        if end.latest < start.earliest and not shared:
            end = _side(right, left_year + 1, ctx)
    else:
        if right_year is None:
            end = _latest(right, ctx.reference, ctx, strictly_month=True)
        else:
            end = _side(right, right_year, ctx)
        if left_year is not None:
            start = _side(left, left_year, ctx)
        elif shared:
            start = _side(left, end.earliest.year, ctx)
        else:
            start = _latest(left, end.latest, ctx, strictly_month=False)
    if end.latest < start.earliest:
        refuse(ctx, f"the range ends ({describe(end)}) before it starts ({describe(start)})")
    return start, end


@rule(
    RULES,
    "range",
    r"(?P<pair>.+)",
    "a compact range of days or months ('13-15 July', 'July 13-15', 'March-April 2016'): from the first day of its start to the last of its end; the sides share a month or year only one states",  # noqa: E501
    "13-15 July",
)
def _range(match: re.Match[str], ctx: Context) -> Outcome:
    pair = match["pair"]
    if pair.startswith(("from ", "between ")):
        raise NotThisRule
    for separator in SEPARATORS:
        at = pair.find(separator, 1)
        if at == -1:
            continue
        found = read_pair(pair[:at], pair[at + len(separator) :], ctx)
        if found is not None:
            start, end = found
            return plain(FuzzyDate(start.earliest, end.latest))
    raise NotThisRule


@rule(
    PART_RULES,
    "part-range",
    r"(?:from )?(?P<first>early|mid|late) (?:to|-|or|and|until|through) (?P<last>early|mid|late) (?P<rest>.+)",  # noqa: E501
    "from the start of one part (early/mid/late) to the end of a later one of the same period",
    "mid- to late December",
)
def _part_range(match: re.Match[str], ctx: Context) -> Outcome:
    value, rules = date_of(match["rest"], ctx)
    first = apply_part(match["first"], value, ctx)
    last = apply_part(match["last"], value, ctx)
    if last.latest < first.earliest:
        refuse(ctx, f"'{match['last']}' comes before '{match['first']}'")
    return FuzzyDate(first.earliest, last.latest, value.approximate, value.uncertain), rules
