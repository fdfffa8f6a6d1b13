"""
Relative and partial time expressions of reports, resolved against the report's date.

``resolve("last June", date(2017, 2, 4))`` is June 2016; ``resolve("for over two
years now", ...)`` is a `Span` that started on or before 3 February 2015 and
was still going on. Every rule is listed in `RULES` (and in docs/temporal.md);
`explain` says which ones applied, for audit. Text no rule reads raises
`TemporalError`: there is no silent guess.

Conventions (DESIGN.md): *early* is days 1-10 of a month, *mid* 11-20, *late*
21 to the end; of a year, the first, middle and last four months. A bare month
or "last <month>" is its most recent occurrence strictly before the reference
month; "this month" is the reference month. Calendar arithmetic is dateutil's
`relativedelta`, written dates are read with `dateutil.parser`.

Limits: at most `MAX_LENGTH` characters of text and `MAX_NESTING` nested
qualifiers (since, between, before/after, early/mid/late); every rule pattern
runs in time linear in the text, so a resolution does too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache

import attrs
from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from conflict_events.temporal.calendar import (
    UNBOUNDED_END,
    UNBOUNDED_START,
    Precision,
    season_bounds,
    season_of,
    week_bounds,
)
from conflict_events.temporal.edtf import parse as parse_edtf
from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import FuzzyDate
from conflict_events.temporal.span import Span

__all__ = ["MAX_LENGTH", "MAX_NESTING", "RULES", "Resolution", "Rule", "explain", "resolve"]

Value = FuzzyDate | Span

#: The longest text `resolve` reads, in characters; longer text is refused.
MAX_LENGTH = 1000
#: How many qualifiers (since, between, before/after, early/mid/late) may nest.
MAX_NESTING = 5


@attrs.frozen
class Resolution:
    """
    What an expression resolved to, and why: the audit trail of `resolve`.

    *rules* names every rule that applied, outermost first ("since", then
    "modifier", then "month-name" for "since early November").
    """

    text: str
    reference: date
    value: FuzzyDate | Span
    rules: tuple[str, ...]

    @property
    def rule(self) -> str:
        """The outermost rule that applied."""
        return self.rules[0]

    def __str__(self) -> str:
        rules = " > ".join(self.rules)
        return f"{self.text!r} @ {self.reference.isoformat()} -> {self.value.to_edtf()} [{rules}]"


@attrs.frozen
class Rule:
    """One reading rule: its *name*, what it *means*, and an *example* it reads."""

    name: str
    meaning: str
    example: str


# -- vocabulary ----------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30, "a couple of": 2,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_SEASON = r"(?P<season>" + "|".join(_SEASONS) + ")"
_NUMBER = r"(?P<number>\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_YEAR = r"(?P<year>\d{4})"


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text]


def _step(unit: str, count: int) -> relativedelta:
    return relativedelta(**{f"{unit}s": count})  # type: ignore[arg-type]


# -- calendar units ------------------------------------------------------------


def _month(year: int, month: int) -> FuzzyDate:
    first = date(year, month, 1)
    return FuzzyDate(first, first + relativedelta(day=31))


def _week_of(day: date) -> FuzzyDate:
    return FuzzyDate(*week_bounds(day))


def _month_before(reference: date, month: int) -> FuzzyDate:
    """The most recent *month* strictly before the reference month."""
    return _month(reference.year if month < reference.month else reference.year - 1, month)


def _month_after(reference: date, month: int) -> FuzzyDate:
    """The first *month* strictly after the reference month."""
    return _month(reference.year if month > reference.month else reference.year + 1, month)


def _season(year: int, code: int, text: str) -> FuzzyDate:
    bounds = season_bounds(year, code)
    if bounds is None:
        raise TemporalError(text, "the season ends after year 9999")
    return FuzzyDate(*bounds)


def _previous_season(reference: date, code: int) -> tuple[int, int]:
    year, current = season_of(reference)
    # Seasons in order within an EDTF year: 21 < 22 < 23 < 24.
    return (year if code < current else year - 1), code


def _apply_part(part: str, value: FuzzyDate, text: str) -> FuzzyDate:
    """Early/mid/late of a month (days 1-10/11-20/21-end) or of a year (thirds)."""
    lo = value.earliest
    if value.precision is Precision.MONTH:
        first = {"early": 1, "mid": 11, "late": 21}[part]
        start = lo.replace(day=first)
        end = lo + relativedelta(day=31) if part == "late" else start + timedelta(days=9)
    elif value.precision is Precision.YEAR:
        first = {"early": 1, "mid": 5, "late": 9}[part]
        start = lo.replace(month=first)
        end = start + relativedelta(months=3, day=31)
    else:
        raise TemporalError(text, f"'{part}' applies to a month or a year, not {value.to_edtf()}")
    return FuzzyDate(start, end, value.approximate, value.uncertain)


_PARTS = {
    "early": "early",
    "beginning of": "early",
    "start of": "early",
    "mid": "mid",
    "middle of": "mid",
    "late": "late",
    "end of": "late",
}


# -- the resolver ----------------------------------------------------------------


@attrs.frozen
class _Context:
    reference: date
    context: FuzzyDate | None
    text: str
    #: How many qualifiers enclose the text being read.
    depth: int = 0


class _NotThisRule(Exception):  # noqa: N818 - a signal, not an error
    """A handler's pattern matched, but the text is not its: try the next rule."""


Handler = Callable[[re.Match[str], _Context], tuple[Value, tuple[str, ...]]]
_TABLE: list[tuple[Rule, re.Pattern[str], Handler]] = []


def _rule(name: str, pattern: str, meaning: str, example: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _TABLE.append((Rule(name, meaning, example), re.compile(pattern), handler))
        return handler

    return register


def _day(value: date) -> FuzzyDate:
    return FuzzyDate.on(value)


def _plain(value: Value) -> tuple[Value, tuple[str, ...]]:
    return value, ()


def _date_of(text: str, ctx: _Context) -> tuple[FuzzyDate, tuple[str, ...]]:
    """The date *text* means inside a qualifier: one level deeper than *ctx*."""
    if ctx.depth >= MAX_NESTING:
        raise TemporalError(
            ctx.text,
            f"qualifiers (since, between, before/after, early/mid/late) nest more than "
            f"{MAX_NESTING} deep",
        )
    value, rules = _resolve(text, attrs.evolve(ctx, depth=ctx.depth + 1))
    if not isinstance(value, FuzzyDate):
        raise TemporalError(ctx.text, f"{text!r} is a span, not a date")
    return value, rules


@_rule(
    "today",
    r"today|now|currently|presently|at present|at the moment|this day",
    "the reference day",
    "Today",
)
def _today(_match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    return _plain(_day(ctx.reference))


@_rule("yesterday", r"yesterday|tomorrow", "the day before (after) the reference", "yesterday")
def _yesterday(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    shift = -1 if match[0] == "yesterday" else 1
    return _plain(_day(ctx.reference + timedelta(days=shift)))


@_rule(
    "anaphor",
    r"(?:the (?P<which>same|following|next|previous|preceding)|that) (?P<unit>day|week|month|year)",
    "the day, week, month or year of the context date (or the one after or before it)",
    "the same month",
)
def _anaphor(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    if ctx.context is None:
        raise TemporalError(ctx.text, "an anaphor needs the context date it refers back to")
    which, unit = match["which"] or "same", match["unit"]
    shift = {"same": 0, "following": 1, "next": 1, "previous": -1, "preceding": -1}
    step = _step(unit, shift[which])
    lo = ctx.context.earliest + step
    hi = ctx.context.latest + step
    return _plain(_cover(unit, lo, hi))


def _cover(unit: str, lo: date, hi: date) -> FuzzyDate:
    """The smallest run of whole *unit*s that covers lo..hi."""
    if unit == "day":
        return FuzzyDate(lo, hi)
    if unit == "week":
        return FuzzyDate(_week_of(lo).earliest, _week_of(hi).latest)
    if unit == "month":
        return FuzzyDate(lo.replace(day=1), hi + relativedelta(day=31))
    return FuzzyDate(date(lo.year, 1, 1), date(hi.year, 12, 31))


@_rule(
    "calendar-unit",
    r"(?P<which>this|last|next|previous) (?P<unit>week|month|year)",
    "the calendar week (Monday-Sunday), month or year of the reference, or the one before or after",
    "this month",
)
def _calendar_unit(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    shift = {"this": 0, "last": -1, "previous": -1, "next": 1}[match["which"]]
    day = ctx.reference + _step(match["unit"], shift)
    return _plain(_cover(match["unit"], day, day))


@_rule(
    "window",
    rf"(?:over |during |within )?the (?:past|last) (?:{_NUMBER} )?{_UNIT}",
    "the days from N units before the reference up to the reference",
    "the past two weeks",
)
def _window(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    count = _number(match["number"]) if match["number"] else 1
    return _plain(FuzzyDate(ctx.reference - _step(match["unit"], count), ctx.reference))


_RECENT = {
    "days": relativedelta(weeks=1),
    "weeks": relativedelta(weeks=6),
    "months": relativedelta(months=6),
}


@_rule(
    "recent",
    r"(?:the )?recent (?P<unit>days|weeks|months)",
    "approximately the last week (days), six weeks (weeks) or six months (months) up to the reference",  # noqa: E501
    "in recent weeks",
)
def _recent(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    start = ctx.reference - _RECENT[match["unit"]]
    return _plain(FuzzyDate(start, ctx.reference, approximate=True))


@_rule(
    "ago",
    rf"{_NUMBER} {_UNIT} ago",
    "N days ago is that day; weeks ago that day, approximate; months or years ago that calendar month or year",  # noqa: E501
    "two weeks ago",
)
def _ago(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    unit = match["unit"]
    day = ctx.reference - _step(unit, _number(match["number"]))
    if unit == "day":
        return _plain(_day(day))
    if unit == "week":
        return _plain(FuzzyDate.on(day, approximate=True))
    return _plain(_cover(unit, day, day))


@_rule(
    "part",
    r"(?:the )?(?P<part>early|beginning of|start of|mid|middle of|late|end of) (?P<rest>.+)",
    "early = days 1-10, mid = 11-20, late = 21-end of a month; of a year Jan-Apr, May-Aug, Sep-Dec",
    "mid-December",
)
def _part(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    inner, rules = _date_of(match["rest"], ctx)
    return _apply_part(_PARTS[match["part"]], inner, ctx.text), rules


@_rule(
    "month-year",
    rf"{_MONTH},? (?:of )?{_YEAR}",
    "a named month of a named year",
    "June 2014",
)
def _month_year(match: re.Match[str], _ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    return _plain(_month(int(match["year"]), _MONTHS[match["month"]]))


@_rule(
    "month-name",
    rf"(?:(?P<which>last|this|next|past) )?{_MONTH}",
    "a bare month or 'last <month>': its most recent occurrence strictly before the reference month; 'this <month>' in the reference year; 'next <month>' the first after the reference month",  # noqa: E501
    "last October",
)
def _month_name(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    month = _MONTHS[match["month"]]
    which = match["which"]
    if which == "this":
        return _plain(_month(ctx.reference.year, month))
    if which == "next":
        return _plain(_month_after(ctx.reference, month))
    return _plain(_month_before(ctx.reference, month))


@_rule(
    "season",
    rf"(?:(?P<which>last|this|next|past) )?{_SEASON}(?:,? (?:of )?{_YEAR})?",
    "a meteorological season (winter = December to February); bare or 'last': the most recent one before the season of the reference; 'this': the one containing or starting in the reference's year",  # noqa: E501
    "last summer",
)
def _season_rule(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    code = _SEASONS[match["season"]]
    which, year = match["which"], match["year"]
    if year is not None:
        if which is not None:
            raise TemporalError(ctx.text, "a season with a year takes no 'last/this/next'")
        return _plain(_season(int(year), code, ctx.text))
    own_year, own_code = season_of(ctx.reference)
    if which == "this":
        return _plain(_season(own_year if code == own_code else ctx.reference.year, code, ctx.text))
    if which == "next":
        return _plain(_season(own_year if code > own_code else own_year + 1, code, ctx.text))
    return _plain(_season(*_previous_season(ctx.reference, code), ctx.text))


@_rule("year", rf"(?:the year )?{_YEAR}", "a calendar year", "in 2015")
def _year(match: re.Match[str], _ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    return _plain(FuzzyDate.year(int(match["year"])))


@_rule("decade", r"the (?P<decade>\d{3}0)s", "a decade", "the 1990s")
def _decade(match: re.Match[str], _ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    first = int(match["decade"])
    return _plain(FuzzyDate(date(max(first, 1), 1, 1), date(first + 9, 12, 31)))


_DURATION_BOUNDS = {
    "over": "more",
    "more than": "more",
    "longer than": "more",
    "at least": "least",
    "nearly": "less",
    "almost": "less",
    "less than": "less",
    "under": "less",
    "up to": "most",
    "at most": "most",
    "about": "about",
    "around": "about",
    "some": "about",
    "roughly": "about",
    "approximately": "about",
}


@_rule(
    "duration",
    rf"(?:for )?(?:(?P<bound>{'|'.join(_DURATION_BOUNDS)}) )?{_NUMBER} {_UNIT}(?: now| so far)?",
    "a duration up to the reference: an open span (still going on) whose start is the reference minus the duration; 'over N' starts before that day, 'less than N' after it, a plain or 'about' N on it, approximately",  # noqa: E501
    "For over two years now",
)
def _duration(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    ref = ctx.reference
    mark = ref - _step(match["unit"], _number(match["number"]))
    kind = _DURATION_BOUNDS.get(match["bound"] or "", "about")
    one = timedelta(days=1)
    start = {
        "more": FuzzyDate(UNBOUNDED_START, mark - one),
        "least": FuzzyDate(UNBOUNDED_START, mark),
        "less": FuzzyDate(mark + one, ref),
        "most": FuzzyDate(mark, ref),
        "about": FuzzyDate.on(mark, approximate=True),
    }[kind]
    return _plain(Span(start, None))


@_rule(
    "since",
    r"(?:ever )?since (?P<rest>.+)",
    "an open span (still going on at the reference) starting at the date resolved from the rest",
    "since early November",
)
def _since(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    start, rules = _date_of(match["rest"], ctx)
    return Span(start, None), rules


_SPAN_SEPARATORS = {"between": (" and ",), "from": (" to ", " until ", " till ", " through ")}


def _split_span(word: str, pair: str) -> tuple[str, str]:
    """
    Split "X and Y" (after "between") or "X to Y" (after "from") at the first separator.

    A search for the separator rather than a lazy pattern (``.+? and .+``), which
    would try every " and " against the rest of the text: quadratic time.
    """
    found = [
        (at, separator)
        for separator in _SPAN_SEPARATORS[word]
        if (at := pair.find(separator, 1)) != -1
    ]
    if not found:
        raise _NotThisRule
    at, separator = min(found)
    rest = pair[at + len(separator) :]
    if not rest:
        raise _NotThisRule
    return pair[:at], rest


@_rule(
    "between",
    r"(?P<word>between|from) (?P<pair>.+)",
    "a span from the first date to the second",
    "from June 2014 to March 2016",
)
def _between(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    head, tail = _split_span(match["word"], match["pair"])
    start, first = _date_of(head, ctx)
    end, second = _date_of(tail, ctx)
    try:
        return Span(start, end), first + second
    except ValueError as error:
        raise TemporalError(ctx.text, str(error)) from None


@_rule(
    "before-after",
    r"(?P<which>before|after|by|until|no later than|no earlier than) (?P<rest>.+)",
    "before X: a day before X's first day; after X: after its last; by / until / no later than X: on or before its last day; no earlier than X: on or after its first",  # noqa: E501
    "before March 2016",
)
def _before_after(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    value, rules = _date_of(match["rest"], ctx)
    one = timedelta(days=1)
    which = match["which"]
    try:
        if which == "before":
            return FuzzyDate(UNBOUNDED_START, value.earliest - one), rules
        if which == "after":
            return FuzzyDate(value.latest + one, UNBOUNDED_END), rules
    except (OverflowError, ValueError):
        raise TemporalError(ctx.text, "no day of the supported range satisfies it") from None
    if which == "no earlier than":
        return FuzzyDate(value.earliest, UNBOUNDED_END), rules
    return FuzzyDate(UNBOUNDED_START, value.latest), rules


@_rule(
    "edtf",
    r"(?P<edtf>[0-9xtz?~%./\[\]:+-]+)",
    "an EDTF date or interval, read as `FuzzyDate.parse` / `Span.parse` do",
    "2016-11/2017-02-04",
)
def _edtf(match: re.Match[str], _ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    return _plain(parse_edtf(match["edtf"].upper()))


_NUMERIC_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


class _ReferenceYears(date_parser.parserinfo):
    """
    dateutil's reading of words, with two-digit years placed by the reference.

    dateutil puts "17" within 50 years of the machine's clock; here it is the
    year of the hundred from 50 years before the reference year (clamped to
    0001-9999), so a resolution never depends on when it runs.
    """

    def __init__(self, reference_year: int) -> None:
        super().__init__()
        self.first_year = min(max(reference_year - 50, date.min.year), date.max.year - 99)

    def convertyear(self, year: int, century_specified: bool = False) -> int:
        """The year of the window ending in the two digits *year*; other years as written."""
        if year < 100 and not century_specified:  # noqa: PLR2004
            year += self.first_year - self.first_year % 100
            if year < self.first_year:
                year += 100
        return year


@lru_cache(maxsize=128)
def _parser(reference_year: int) -> date_parser.parser:
    return date_parser.parser(_ReferenceYears(reference_year))


def _latest_on_or_before(reference: date, when: datetime, text: str) -> date:
    """
    The latest day with *when*'s month and day on or before *reference*.

    Every month and day recurs within eight years (February 29 skips at most
    one leap year, as in 1900), so eight years back is as far as it looks;
    before year 1 there is nothing to find.
    """
    for year in range(reference.year, max(reference.year - 9, 0), -1):
        try:
            day = date(year, when.month, when.day)
        except ValueError:
            continue
        if day <= reference:
            return day
    raise TemporalError(
        text,
        f"the latest {when:%B} {when.day} on or before {reference.isoformat()} would fall "
        "before year 1, and dates before year 1 do not exist",
    )


@_rule(
    "written-date",
    # No digit before the first \d, so the two runs cannot trade characters: linear time.
    r"(?P<written>[a-z ,./-]*\d[a-z0-9 ,./-]*)",
    "a written day read by dateutil ('February 4th, 2017', '4 Feb 2017'); without a year, its most recent occurrence on or before the reference; numeric dates must not be ambiguous between day-first and month-first",  # noqa: E501
    "February 4th, 2017",
)
def _written(match: re.Match[str], ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    text = match["written"]
    one, two = datetime(2000, 1, 1), datetime(2004, 2, 2)  # noqa: DTZ001 - defaults, never compared
    parser = _parser(ctx.reference.year)
    try:
        first = parser.parse(text, default=one)
        second = parser.parse(text, default=two)
        day_first = parser.parse(text, default=one, dayfirst=True)
    except (ValueError, ArithmeticError, TypeError):
        # dateutil raises these, decimal.InvalidOperation among them, on digits it cannot place.
        raise TemporalError(ctx.text, "no rule reads this expression") from None
    if _NUMERIC_DATE.fullmatch(text) and first != day_first:
        raise TemporalError(ctx.text, "a numeric date that reads both day-first and month-first")
    if first.day != second.day or first.month != second.month:
        raise TemporalError(ctx.text, "a written date needs a day and a month")
    if first.year == second.year:
        return _plain(_day(first.date()))
    return _plain(_day(_latest_on_or_before(ctx.reference, first, ctx.text)))


#: Every rule `resolve` applies, in the order it tries them.
RULES: tuple[Rule, ...] = tuple(rule for rule, _, _ in _TABLE)

# Every leading preposition at once ("in in" too): one pass, not one per preposition.
_PREFIXES = re.compile(r"(?:(?:in|on|during|as of|at(?! least| most| present| the moment)) )*")


def _normalise(text: str) -> str:
    text = text.strip().lower().replace("\u2019", "'")
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"\s+", " ", text)
    text = text.strip(" \t\"'.,;:!?()")
    text = re.sub(r"\b(early|mid|late)-", r"\1 ", text)
    prefixes = _PREFIXES.match(text)
    return text[prefixes.end() :] if prefixes else text


def _resolve(text: str, ctx: _Context) -> tuple[Value, tuple[str, ...]]:
    normal = _normalise(text)
    for rule, pattern, handler in _TABLE:
        if match := pattern.fullmatch(normal):
            try:
                value, inner = handler(match, ctx)
            except _NotThisRule:
                continue
            except TemporalError as error:
                if rule.name == "edtf":
                    continue  # EDTF-like text may still be a written date
                raise TemporalError(ctx.text, error.reason) from None
            except (ValueError, OverflowError) as error:
                raise TemporalError(ctx.text, f"out of the supported range ({error})") from None
            return value, (rule.name, *inner)
    raise TemporalError(ctx.text, "no rule reads this expression")


def explain(text: str, reference: date, *, context: FuzzyDate | date | None = None) -> Resolution:
    """
    Resolve *text* against the *reference* date and say which rules applied.

    Args:
        text: The expression as the report writes it ("last June", "in mid-December").
        reference: The date the report speaks from, usually its publication date.
        context: The date an anaphor such as "the same month" refers back to.

    Raises:
        TemporalError: No rule reads *text*, it is longer than `MAX_LENGTH`
            characters or nests more than `MAX_NESTING` qualifiers, or what it
            says falls outside 0001-9999; the message names the text.
    """
    if not isinstance(text, str):
        raise TemporalError(repr(text), "an expression must be a string")
    if len(text) > MAX_LENGTH:
        raise TemporalError(
            text, f"{len(text)} characters, over the limit of {MAX_LENGTH} for an expression"
        )
    if type(reference) is not date:
        raise TypeError(f"reference must be a datetime.date, not {reference!r}")
    if isinstance(context, date):
        context = FuzzyDate.on(context)
    value, rules = _resolve(text, _Context(reference, context, text))
    return Resolution(text, reference, value, rules)


def resolve(
    text: str, reference: date, *, context: FuzzyDate | date | None = None
) -> FuzzyDate | Span:
    """
    The date (or, for a duration, the span) *text* means in a report of *reference*.

    See `explain` for the arguments and `RULES` for what is read.

    Raises:
        TemporalError: No rule reads *text*; the message names it.
    """
    return explain(text, reference, context=context).value
