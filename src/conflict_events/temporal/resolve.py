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
`relativedelta`; written days are read strictly (`written_dates`), never by a
permissive parser.

This module is the entry point and holds the basic rules; the families live in
modules named after them: `weekdays`, `resolve_ranges`, `periods` (parts of
periods, quarters, halves, seasons, decades) and `offsets` (counted offsets).
`rulebook` is how a rule is written, `words` the vocabulary.

Other languages and calendars (opt in, `languages=` and `calendars=`): a text
in Arabic, French, Russian, Ukrainian, Spanish or Turkish is translated by the
tables of `languages` into the English these rules read; a Hijri date is
converted by `hijri` (the optional extra ``hijri``). English and the Gregorian
calendar alone, the default, take the same path as before.

Limits: at most `MAX_LENGTH` characters of text and `MAX_NESTING` nested
qualifiers (since, between, before/after, early/mid/late); every rule pattern
runs in time linear in the text, so a resolution does too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

import attrs

from conflict_events.temporal import hijri, offsets, periods, resolve_ranges, weekdays
from conflict_events.temporal.calendar import UNBOUNDED_END, UNBOUNDED_START
from conflict_events.temporal.edtf import parse as parse_edtf
from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import FuzzyDate
from conflict_events.temporal.languages import NAMES, MonthMismatchError, translate
from conflict_events.temporal.periods import cover, month_after, month_before, month_of
from conflict_events.temporal.rulebook import (
    MAX_NESTING,
    Context,
    Handler,
    NotThisRule,
    Outcome,
    Rule,
    RuleSpec,
    date_of,
    plain,
    refuse,
    rule,
)
from conflict_events.temporal.span import Span
from conflict_events.temporal.words import MONTH, MONTHS, NUMBER, UNIT, YEAR, number, step
from conflict_events.temporal.written_dates import day_of, read_date

__all__ = [
    "CALENDARS",
    "LANGUAGES",
    "MAX_LENGTH",
    "MAX_NESTING",
    "RULES",
    "Resolution",
    "Rule",
    "explain",
    "resolve",
]

#: The longest text `resolve` reads, in characters; longer text is refused.
MAX_LENGTH = 1000
#: The languages `resolve` reads, by ISO 639-1 code ("en" is the default).
LANGUAGES: tuple[str, ...] = NAMES
#: The calendars `resolve` reads ("gregorian" is the default; "hijri" needs the extra).
CALENDARS: tuple[str, ...] = ("gregorian", "hijri")
_ENGLISH = ("en",)
_GREGORIAN = ("gregorian",)
_UNREAD = "no rule reads this expression"


@attrs.frozen
class Resolution:
    """
    What an expression resolved to, and why: the audit trail of `resolve`.

    *rules* names every rule that applied, outermost first ("since", then
    "part", then "month-name" for "since early November"); a text read in
    another language or calendar starts with it ("language:fr",
    "calendar:hijri"), and *language* and *calendar* say which it was.
    """

    text: str
    reference: date
    value: FuzzyDate | Span
    rules: tuple[str, ...]
    language: str = "en"
    calendar: str = "gregorian"

    @property
    def rule(self) -> str:
        """The outermost rule that applied."""
        return self.rules[0]

    def __str__(self) -> str:
        rules = " > ".join(self.rules)
        return f"{self.text!r} @ {self.reference.isoformat()} -> {self.value.to_edtf()} [{rules}]"


# -- the basic rules: the reference, the anchor, named months and years --------

_FIRST: list[RuleSpec] = []
_MIDDLE: list[RuleSpec] = []
_LAST: list[RuleSpec] = []


@rule(
    _FIRST,
    "today",
    r"today|now|currently|presently|at present|at the moment|this day",
    "the reference day",
    "Today",
)
def _today(_match: re.Match[str], ctx: Context) -> Outcome:
    return plain(FuzzyDate.on(ctx.reference))


@rule(
    _FIRST, "yesterday", r"yesterday|tomorrow", "the day before (after) the reference", "yesterday"
)
def _yesterday(match: re.Match[str], ctx: Context) -> Outcome:
    shift = -1 if match[0] == "yesterday" else 1
    return plain(FuzzyDate.on(ctx.reference + timedelta(days=shift)))


@rule(
    _FIRST,
    "anaphor",
    r"(?:the (?P<which>same|following|next|previous|preceding)|that) (?P<unit>day|week|month|year)|the (?P<unit2>day|week|month|year) (?P<side>before|after)",  # noqa: E501
    "the day, week, month or year of the context date (or the one after or before it)",
    "the same month",
)
def _anaphor(match: re.Match[str], ctx: Context) -> Outcome:
    if ctx.context is None:
        refuse(ctx, "an anaphor needs the context date it refers back to")
    if match["side"]:
        which, unit = ("previous" if match["side"] == "before" else "next"), match["unit2"]
    else:
        which, unit = match["which"] or "same", match["unit"]
    shift = {"same": 0, "following": 1, "next": 1, "previous": -1, "preceding": -1}
    count = step(unit, shift[which])
    return plain(cover(unit, ctx.context.earliest + count, ctx.context.latest + count))


@rule(
    _FIRST,
    "calendar-unit",
    r"(?P<which>this|last|next|previous|the) (?P<unit>week|month|year)",
    "the calendar week (Monday-Sunday), month or year of the reference ('the month' too), or the one before or after",  # noqa: E501
    "this month",
)
def _calendar_unit(match: re.Match[str], ctx: Context) -> Outcome:
    shift = {"this": 0, "the": 0, "last": -1, "previous": -1, "next": 1}[match["which"]]
    day = ctx.reference + step(match["unit"], shift)
    return plain(cover(match["unit"], day, day))


@rule(
    _MIDDLE,
    "month-year",
    rf"{MONTH},? (?:of )?{YEAR}",
    "a named month of a named year",
    "June 2014",
)
def _month_year(match: re.Match[str], _ctx: Context) -> Outcome:
    return plain(month_of(int(match["year"]), MONTHS[match["month"]]))


@rule(
    _MIDDLE,
    "month-name",
    rf"(?:(?P<which>last|this|next|past) )?{MONTH}",
    "a bare month or 'last <month>': its most recent occurrence strictly before the reference month; 'this <month>' in the reference year; 'next <month>' the first after the reference month",  # noqa: E501
    "last October",
)
def _month_name(match: re.Match[str], ctx: Context) -> Outcome:
    month = MONTHS[match["month"]]
    which = match["which"]
    if which == "this":
        return plain(month_of(ctx.reference.year, month))
    if which == "next":
        return plain(month_after(ctx.reference, month))
    return plain(month_before(ctx.reference, month))


@rule(_MIDDLE, "year", rf"(?:the year )?{YEAR}", "a calendar year", "in 2015")
def _year(match: re.Match[str], _ctx: Context) -> Outcome:
    return plain(FuzzyDate.year(int(match["year"])))


# -- durations and qualifiers ---------------------------------------------------

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


@rule(
    _LAST,
    "duration",
    rf"(?:for )?(?:(?P<bound>{'|'.join(_DURATION_BOUNDS)}) )?{NUMBER} {UNIT}(?: now| so far)?",
    "a duration up to the reference: an open span (still going on) whose start is the reference minus the duration; 'over N' starts before that day, 'less than N' after it, a plain or 'about' N on it, approximately",  # noqa: E501
    "For over two years now",
)
def _duration(match: re.Match[str], ctx: Context) -> Outcome:
    ref = ctx.reference
    mark = ref - step(match["unit"], number(match["number"]))
    kind = _DURATION_BOUNDS.get(match["bound"] or "", "about")
    one = timedelta(days=1)
    start = {
        "more": FuzzyDate(UNBOUNDED_START, mark - one),
        "least": FuzzyDate(UNBOUNDED_START, mark),
        "less": FuzzyDate(mark + one, ref),
        "most": FuzzyDate(mark, ref),
        "about": FuzzyDate.on(mark, approximate=True),
    }[kind]
    return plain(Span(start, None))


@rule(
    _LAST,
    "since",
    r"(?:ever )?since (?P<rest>.+)",
    "an open span (still going on at the reference) starting at the date resolved from the rest",
    "since early November",
)
def _since(match: re.Match[str], ctx: Context) -> Outcome:
    start, rules = date_of(match["rest"], ctx)
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
        raise NotThisRule
    at, separator = min(found)
    rest = pair[at + len(separator) :]
    if not rest:
        raise NotThisRule
    return pair[:at], rest


@rule(
    _LAST,
    "between",
    r"(?P<word>between|from) (?P<pair>.+)",
    "a span from the first date to the second; sides of a range of days or months share the month or year only one states ('between 3 and 5 June', 'from March to May 2016')",  # noqa: E501
    "from June 2014 to March 2016",
)
def _between(match: re.Match[str], ctx: Context) -> Outcome:
    head, tail = _split_span(match["word"], match["pair"])
    pair = resolve_ranges.read_pair(head, tail, ctx)
    if pair is not None:
        return Span(*pair), ("range",)
    start, first = date_of(head, ctx)
    end, second = date_of(tail, ctx)
    try:
        return Span(start, end), first + second
    except ValueError as error:
        refuse(ctx, str(error))


@rule(
    _LAST,
    "before-after",
    r"(?P<which>before|after|by|until|no later than|no earlier than) (?P<rest>.+)",
    "before X: a day before X's first day; after X: after its last; by / until / no later than X: on or before its last day; no earlier than X: on or after its first",  # noqa: E501
    "before March 2016",
)
def _before_after(match: re.Match[str], ctx: Context) -> Outcome:
    value, rules = date_of(match["rest"], ctx)
    one = timedelta(days=1)
    which = match["which"]
    try:
        if which == "before":
            return FuzzyDate(UNBOUNDED_START, value.earliest - one), rules
        if which == "after":
            return FuzzyDate(value.latest + one, UNBOUNDED_END), rules
    except (OverflowError, ValueError):
        refuse(ctx, "no day of the supported range satisfies it")
    if which == "no earlier than":
        return FuzzyDate(value.earliest, UNBOUNDED_END), rules
    return FuzzyDate(UNBOUNDED_START, value.latest), rules


_LAST.extend(resolve_ranges.RULES)  # after since, between and before: they read ranges inside


@rule(
    _LAST,
    "edtf",
    r"(?P<edtf>[0-9xtz?~%./\[\]:+-]+)",
    "an EDTF date or interval, read as `FuzzyDate.parse` / `Span.parse` do",
    "2016-11/2017-02-04",
)
def _edtf(match: re.Match[str], _ctx: Context) -> Outcome:
    return plain(parse_edtf(match["edtf"].upper()))


@rule(
    _LAST,
    "written-date",
    # No digit before the first \d, so the two runs cannot trade characters: linear time.
    r"(?P<written>[a-z ,./-]*\d[a-z0-9 ,./-]*)",
    "a written day in one of the styles of `written_dates` ('February 4th, 2017', '4 Feb 2017', 'Monday, 3/3/16'); without a year, its most recent occurrence on or before the reference; a two-digit year is the latest ending so not after the reference year; a stated weekday must agree; a numeric date valid both day-first and month-first is refused",  # noqa: E501
    "February 4th, 2017",
)
def _written(match: re.Match[str], ctx: Context) -> Outcome:
    parts = read_date(match["written"])
    if parts is None:
        refuse(ctx, "no rule reads this expression")
    return plain(FuzzyDate.on(day_of(parts, ctx.reference, ctx.text)))


# -- the table ------------------------------------------------------------------

_ORDER: tuple[list[RuleSpec], ...] = (
    _FIRST,
    weekdays.RULES,
    resolve_ranges.PART_RULES,
    periods.RULES,
    offsets.RULES,
    _MIDDLE,
    _LAST,
)


def _compile(specs: tuple[list[RuleSpec], ...]) -> list[tuple[Rule, re.Pattern[str], Handler]]:
    table = []
    for spec in (spec for group in specs for spec in group):
        pattern = spec.pattern
        table.append((spec.rule, re.compile(pattern), spec.handler))
    return table


_TABLE = _compile(_ORDER)

#: Every rule `resolve` applies, in the order it tries them.
RULES: tuple[Rule, ...] = tuple(rule for rule, _, _ in _TABLE)

# Every leading preposition at once ("in in" too): one pass, not one per preposition.
# "at" only before "the" ("at the end of"): "at 1030" is a time, not a year.
_PREFIXES = re.compile(r"(?:(?:in|on|during|as of|at(?= the (?!moment))) )*")


_DASHES = re.compile(r"[\u2010-\u2015]")
_HYPHENATED = re.compile(r"\b(early|mid|late|to)-")


def _normalise(text: str) -> str:
    text = text.strip().lower()
    if not text.isascii():
        text = _DASHES.sub("-", text.replace("\u2019", "'"))
    if "-" in text:
        text = _HYPHENATED.sub(r"\1 ", text)
    if "  " in text or not text.isprintable():
        text = re.sub(r"\s+", " ", text)
    text = text.strip(" \t\"'.,;:!?()")
    prefixes = _PREFIXES.match(text)
    return text[prefixes.end() :] if prefixes else text


def _resolve(text: str, ctx: Context) -> Outcome:
    normal = _normalise(text)
    for rule_, pattern, handler in _TABLE:
        if match := pattern.fullmatch(normal):
            try:
                value, inner = handler(match, ctx)
            except NotThisRule:
                continue
            except TemporalError as error:
                if rule_.name == "edtf":
                    continue  # EDTF-like text may still be a written date
                raise TemporalError(ctx.text, error.reason) from None
            except (ValueError, OverflowError) as error:
                raise TemporalError(ctx.text, f"out of the supported range ({error})") from None
            return value, (rule_.name, *inner)
    raise TemporalError(ctx.text, _UNREAD)


def _choice(given: Sequence[str] | str, known: tuple[str, ...], what: str) -> tuple[str, ...]:
    chosen = (given,) if isinstance(given, str) else tuple(given)
    unknown = [name for name in chosen if name not in known]
    if unknown or not chosen:
        raise ValueError(f"{what} must be some of {', '.join(known)}, not {unknown or 'none'}")
    return chosen


def _read_in(
    text: str, ctx: Context, code: str, calendar: str, *, arabic: bool
) -> Resolution | None:
    """*text* read in one language and calendar; None when it is not written in them."""
    if calendar == "hijri":
        found = hijri.read(_normalise(text), text, arabic=arabic)
        if found is None:
            return None
        day, name, language = found
        rules: tuple[str, ...] = ("calendar:hijri", f"language:{language}", name)
        return Resolution(text, ctx.reference, day, rules, language, calendar)
    if code == "en":
        value, rules = _resolve(text, ctx)
        return Resolution(text, ctx.reference, value, rules)
    try:
        english = translate(_normalise(text), code)
    except MonthMismatchError as error:
        refuse(ctx, str(error))
    if english is None:
        return None
    value, inner = _resolve(english, ctx)
    return Resolution(text, ctx.reference, value, (f"language:{code}", *inner), code, calendar)


def _resolve_in(
    text: str, ctx: Context, chosen: tuple[str, ...], calendars: tuple[str, ...]
) -> Resolution:
    """
    Read *text* in each chosen calendar and language in turn; the first reading wins.

    A refusal that says why (a weekday that disagrees, a day the month lacks)
    ends the search; "no rule reads this expression" lets the next one try.
    """
    for calendar in calendars:
        # A Hijri date is read once, its Arabic names only when Arabic is chosen.
        for code in chosen if calendar == "gregorian" else chosen[:1]:
            try:
                found = _read_in(text, ctx, code, calendar, arabic="ar" in chosen)
            except TemporalError as error:
                if error.reason != _UNREAD:
                    raise
                continue
            if found is not None:
                return found
    raise TemporalError(
        ctx.text,
        f"{_UNREAD} (languages: {', '.join(chosen)}; calendars: {', '.join(calendars)})",
    )


def _context(text: str, reference: date, context: FuzzyDate | date | None) -> Context:
    """What the rules read *text* against, once the arguments are checked."""
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
    return Context(reference, context, text, 0, _resolve)


def explain(
    text: str,
    reference: date,
    *,
    context: FuzzyDate | date | None = None,
    languages: Sequence[str] | str = _ENGLISH,
    calendars: Sequence[str] | str = _GREGORIAN,
) -> Resolution:
    """
    Resolve *text* against the *reference* date and say which rules applied.

    Args:
        text: The expression as the report writes it ("last June", "in mid-December").
        reference: The date the report speaks from, usually its publication date.
        context: The anchor: the date an anaphor such as "the same month" refers
            back to, and an offset such as "three days earlier" counts from.
        languages: The languages *text* may be written in, tried in this order
            (codes of `LANGUAGES`: "en", "ar", "es", "fr", "ru", "tr", "uk").
        calendars: The calendars it may be written in, tried in this order
            ("gregorian", "hijri"; Hijri dates need ``pip install
            'conflict-events[hijri]'``).

    Raises:
        TemporalError: No rule reads *text*, it is longer than `MAX_LENGTH`
            characters or nests more than `MAX_NESTING` qualifiers, or what it
            says falls outside 0001-9999; the message names the text.
        ValueError: A language or calendar that is not read.
        ConflictEventsError: A Hijri date, and the hijri extra is not installed.
    """
    ctx = _context(text, reference, context)
    if languages is _ENGLISH and calendars is _GREGORIAN:  # the default: English as before
        value, rules = _resolve(text, ctx)
        return Resolution(text, reference, value, rules)
    chosen = _choice(languages, LANGUAGES, "languages")
    return _resolve_in(text, ctx, chosen, _choice(calendars, CALENDARS, "calendars"))


def resolve(
    text: str,
    reference: date,
    *,
    context: FuzzyDate | date | None = None,
    languages: Sequence[str] | str = _ENGLISH,
    calendars: Sequence[str] | str = _GREGORIAN,
) -> FuzzyDate | Span:
    """
    The date (or, for a duration or a from/between range, the span) *text* means.

    *reference* is the report's date; *languages* and *calendars* (English and
    Gregorian by default) what it may be written in.

    See `explain` for the arguments and `RULES` for what is read.

    Raises:
        TemporalError: No rule reads *text*; the message names it.
    """
    ctx = _context(text, reference, context)
    if languages is _ENGLISH and calendars is _GREGORIAN:  # the default: no Resolution to build
        return _resolve(text, ctx)[0]
    chosen = _choice(languages, LANGUAGES, "languages")
    return _resolve_in(text, ctx, chosen, _choice(calendars, CALENDARS, "calendars")).value
