"""
How the resolver's rules are written: a rule, what it reads against, and how it says no.

A rule is a name, a pattern the whole (normalised) text must match, and a
handler that turns the match into a value and the names of the inner rules it
used. Each module of rules (`offsets`, `periods`, `resolve_ranges`,
`weekdays`, `resolve`) lists its own in a `RuleSpec` list; `resolve` compiles
them into one table, in the order they are tried. A handler that finds the text
is not its own after all raises `NotThisRule`, and the next rule is tried; one
that finds it unreadable raises `TemporalError`, and nothing else is tried.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import NamedTuple, NoReturn

import attrs

from conflict_events.temporal.calendar import SEASON_MONTHS, Precision
from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import FuzzyDate
from conflict_events.temporal.span import Span
from conflict_events.temporal.words import MONTH_NAMES, SEASON_NAMES

__all__ = [
    "MAX_NESTING",
    "Context",
    "NotThisRule",
    "Rule",
    "RuleSpec",
    "date_of",
    "describe",
    "plain",
    "refuse",
    "rule",
]

#: How many qualifiers (since, between, before/after, early/mid/late, ...) may nest.
MAX_NESTING = 5

Value = FuzzyDate | Span
Outcome = tuple[Value, tuple[str, ...]]


@attrs.frozen
class Rule:
    """One reading rule: its *name*, what it *means*, and an *example* it reads."""

    name: str
    meaning: str
    example: str


class Context(NamedTuple):
    """What a rule reads against: the report's date, the anchor, the whole text, the depth."""

    reference: date
    #: The date an anaphor ("the same month") or an offset ("three days earlier") counts from.
    context: FuzzyDate | None
    #: The text as the caller gave it, for messages.
    text: str
    #: How many qualifiers enclose the text being read.
    depth: int
    #: Reads inner text (the rest of "since ..."): the resolver itself.
    inner: Callable[[str, Context], Outcome]


class NotThisRule(Exception):  # noqa: N818 - a signal, not an error
    """A handler's pattern matched, but the text is not its: try the next rule."""


Handler = Callable[[re.Match[str], Context], Outcome]


class RuleSpec(NamedTuple):
    """A rule as its module writes it: the pattern is compiled by `resolve`."""

    rule: Rule
    pattern: str
    handler: Handler


def rule(
    table: list[RuleSpec], name: str, pattern: str, meaning: str, example: str
) -> Callable[[Handler], Handler]:
    """Add the decorated handler to *table* as the rule *name*."""

    def register(handler: Handler) -> Handler:
        table.append(RuleSpec(Rule(name, meaning, example), pattern, handler))
        return handler

    return register


def plain(value: Value) -> Outcome:
    """A value read by one rule, with no inner rule."""
    return value, ()


def refuse(ctx: Context, reason: str) -> NoReturn:
    """Raise the `TemporalError` that names the caller's text and *reason*."""
    raise TemporalError(ctx.text, reason)


def date_of(text: str, ctx: Context) -> tuple[FuzzyDate, tuple[str, ...]]:
    """The date *text* means inside a qualifier: one level deeper than *ctx*."""
    if ctx.depth >= MAX_NESTING:
        refuse(
            ctx,
            f"qualifiers (since, between, before/after, early/mid/late) nest more than "
            f"{MAX_NESTING} deep",
        )
    value, rules = ctx.inner(text, ctx._replace(depth=ctx.depth + 1))
    if not isinstance(value, FuzzyDate):
        refuse(ctx, f"{text!r} is a span, not a date")
    return value, rules


def describe(value: FuzzyDate) -> str:
    """A date in words for a message ("spring 2016", "March 2016"), never an EDTF code."""
    lo, hi = value.earliest, value.latest
    precision = value.precision
    if precision is Precision.DAY:
        return lo.isoformat()
    if precision is Precision.MONTH:
        return f"{MONTH_NAMES[lo.month]} {lo.year}"
    if precision is Precision.YEAR:
        return f"the year {lo.year}"
    if precision is Precision.SEASON:
        code = next(c for c, (first, _) in SEASON_MONTHS.items() if first == lo.month)
        return f"{SEASON_NAMES[code]} {lo.year}"
    if precision is Precision.DECADE:
        return f"the {lo.year}s"
    return f"the days {lo.isoformat()} to {hi.isoformat()}"
