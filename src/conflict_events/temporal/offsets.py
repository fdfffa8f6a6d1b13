"""
Counted offsets from the reference or an anchor: "two weeks ago", "the past 48 hours".

Each is widened by its unit, as wide as the words are vague:

* **N units ago**: N days ago is that day; N weeks (or a fortnight) ago the
  calendar week (Monday-Sunday) of that day; N months or years ago that
  calendar month or year. N hours ago is the day or two that the moment N hours
  before some time of the reference day falls on.
* **about / around / some / roughly N units ago**: the mark (the reference less
  N units) give or take half a unit (three days for weeks, 15 days for months,
  six months for years; a day either side of the window for days and hours),
  never past the reference; approximate.
* **over / more than N units ago**: any day before the mark (the reference less
  N units); **at least**: on or before it; **nearly / almost / less than /
  under**: after it, up to the reference.
* **the past / last N units**: from the mark to the reference.
* **recent days / weeks / months**: about the last week, six weeks, six months.
* **N units earlier / later** (or before / after): the same windows counted
  from the anchor (the `context` argument) instead of the reference.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from conflict_events.temporal.calendar import UNBOUNDED_START
from conflict_events.temporal.fuzzy import FuzzyDate
from conflict_events.temporal.periods import cover
from conflict_events.temporal.rulebook import Context, Outcome, RuleSpec, plain, refuse, rule
from conflict_events.temporal.words import NUMBER, number, step

__all__ = ["RULES"]

#: The rules of this module, in the order `resolve` tries them.
RULES: list[RuleSpec] = []
_ONE = timedelta(days=1)
_UNITS = r"(?P<unit>hour|day|week|fortnight|month|year|decade)s?"
_HOURS_A_DAY = 24

_RECENT = {
    "days": relativedelta(weeks=1),
    "weeks": relativedelta(weeks=6),
    "months": relativedelta(months=6),
}
# How far "about" widens a window on each side, per unit.
_ABOUT = {
    "hour": relativedelta(days=1),
    "day": relativedelta(days=1),
    "week": relativedelta(days=3),
    "fortnight": relativedelta(days=3),
    "month": relativedelta(days=15),
    "year": relativedelta(months=6),
}
_BOUNDS = {
    "about": "about", "around": "about", "some": "about", "roughly": "about",
    "approximately": "about", "over": "more", "more than": "more", "at least": "least",
    "nearly": "less", "almost": "less", "less than": "less", "under": "less",
}  # fmt: skip


def _hours_back(hours: int) -> tuple[int, int]:
    """The fewest and most whole days back that a moment *hours* before some time of a day is."""
    return hours // _HOURS_A_DAY, -(-hours // _HOURS_A_DAY)


@rule(
    RULES,
    "window",
    rf"(?:over |during |within |in )?the (?:past|last|previous) (?:{NUMBER} )?{_UNITS}",
    "the days from N units before the reference up to the reference (hours: every day they touch)",
    "the past two weeks",
)
def _window(match: re.Match[str], ctx: Context) -> Outcome:
    count = number(match["number"]) if match["number"] else 1
    unit = match["unit"]
    if unit == "hour":
        return plain(
            FuzzyDate(ctx.reference - timedelta(days=_hours_back(count)[1]), ctx.reference)
        )
    return plain(FuzzyDate(ctx.reference - step(unit, count), ctx.reference))


@rule(
    RULES,
    "recent",
    r"(?:the )?recent (?P<unit>days|weeks|months)",
    "approximately the last week (days), six weeks (weeks) or six months (months) up to the reference",  # noqa: E501
    "in recent weeks",
)
def _recent(match: re.Match[str], ctx: Context) -> Outcome:
    start = ctx.reference - _RECENT[match["unit"]]
    return plain(FuzzyDate(start, ctx.reference, approximate=True))


@rule(
    RULES,
    "day-before-yesterday",
    r"the day (?P<which>before yesterday|after tomorrow)",
    "two days before (after) the reference",
    "the day before yesterday",
)
def _two_days(match: re.Match[str], ctx: Context) -> Outcome:
    shift = -2 if match["which"] == "before yesterday" else 2
    return plain(FuzzyDate.on(ctx.reference + timedelta(days=shift)))


def _counted(
    unit: str, count: int, bound: str | None, origin: date, back: bool, ctx: Context
) -> FuzzyDate:
    """The window N units before (or after) *origin*, as *bound* qualifies it."""
    sign = -1 if back else 1
    if unit == "decade":
        refuse(ctx, "'a decade ago' is too vague for a window of days")
    if unit == "hour":
        fewest, most = _hours_back(count)
        ends = sorted(
            (origin + sign * timedelta(days=most), origin + sign * timedelta(days=fewest))
        )
        window = FuzzyDate(ends[0], ends[1])
        mark = window.latest if back else window.earliest
    else:
        mark = origin + sign * step(unit, count)
        window = FuzzyDate.on(mark) if unit == "day" else cover(unit, mark, mark)
    kind = _BOUNDS.get(bound or "")
    if kind is None:
        return window
    if kind == "about":
        around = window if unit in {"hour", "day"} else FuzzyDate.on(mark)
        lo, hi = around.earliest - _ABOUT[unit], around.latest + _ABOUT[unit]
        if back:
            hi = min(hi, origin)
        else:
            lo = max(lo, origin)
        return FuzzyDate(lo, hi, approximate=True)
    if not back:
        refuse(ctx, f"'{bound}' with 'later' or 'after' is not read")
    # Hours: the window is every day the mark may fall on, so it stays inclusive.
    if kind == "more":
        return FuzzyDate(UNBOUNDED_START, window.latest if unit == "hour" else mark - _ONE)
    if kind == "least":
        return FuzzyDate(UNBOUNDED_START, window.latest if unit == "hour" else mark)
    return FuzzyDate(window.earliest if unit == "hour" else mark + _ONE, origin)


_BOUND = r"(?:(?P<bound>about|around|some|roughly|approximately|over|more than|at least|nearly|almost|less than|under) )?"  # noqa: E501


@rule(
    RULES,
    "ago",
    rf"{_BOUND}{NUMBER} {_UNITS} ago",
    "N days ago is that day; weeks ago that calendar week; months or years ago that calendar month or year; 'about' widens it, 'over' is any day before the mark, 'less than' after it",  # noqa: E501
    "two weeks ago",
)
def _ago(match: re.Match[str], ctx: Context) -> Outcome:
    count = number(match["number"])
    return plain(_counted(match["unit"], count, match["bound"], ctx.reference, True, ctx))  # noqa: FBT003


@rule(
    RULES,
    "offset",
    rf"{_BOUND}{NUMBER} {_UNITS} (?P<direction>earlier|later|before|after)(?: that)?",
    "N units earlier or later than the anchor (the context date), each side of it shifted and widened as for 'ago'",  # noqa: E501
    "three days earlier",
)
def _offset(match: re.Match[str], ctx: Context) -> Outcome:
    anchor = ctx.context
    if anchor is None:
        refuse(
            ctx,
            "an offset such as 'three days earlier' needs the anchor date (context) it counts from",
        )
    back = match["direction"] in {"earlier", "before"}
    count = number(match["number"])
    first = _counted(match["unit"], count, match["bound"], anchor.earliest, back, ctx)
    last = _counted(match["unit"], count, match["bound"], anchor.latest, back, ctx)
    return plain(FuzzyDate(first.earliest, last.latest, first.approximate))
