"""
EDTF (ISO 8601-2) reading and writing for `FuzzyDate` and `Span`.

Reads the whole of levels 0 and 1 that fits the years 0001-9999: dates, date
and time (the calendar day is kept), qualifiers ``?`` ``~`` ``%``, unspecified
digits (``201X``, ``20XX``, ``2017-XX``, ``2017-02-XX``, ``2017-XX-XX``),
seasons 21-24 and intervals with open (``..``) or unknown (empty) ends. From
level 2 it reads the set notation ``[a..b]`` (one day between two bounds), which
is how a date with arbitrary bounds is written; its ends may be days, months
or years (``[1760-12..]``, ``[..1984]``).

With ``strict=True`` the writers give the tightest standard EDTF holding the
value instead, for tools that read only the standard (`StrictEdtf`).

These functions are the temporal types' own `parse` and `to_edtf`, under one
roof; the grammar they follow, and the patterns the JSON Schema states, are
`conflict_events.temporal.edtf_grammar`.
"""

from __future__ import annotations

from conflict_events.temporal.edtf_grammar import StrictEdtf
from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import FuzzyDate
from conflict_events.temporal.span import Span

__all__ = [
    "StrictEdtf",
    "format_date",
    "format_interval",
    "parse",
    "parse_date",
    "parse_interval",
]


def parse_date(text: str) -> FuzzyDate:
    """
    Read one EDTF date into a `FuzzyDate`.

    A date and time keeps its calendar day as written (the zone offset does not
    move it to another day), since `FuzzyDate` is day-grained.

    Raises:
        TemporalError: *text* is not an EDTF date within the years 0001-9999.
    """
    return FuzzyDate.parse(text)


def format_date(value: FuzzyDate, *, strict: bool = False) -> str:
    """
    Write a `FuzzyDate` as the shortest EDTF string that reads back equal.

    Calendar units get their level 0/1 form (``2017``, ``2017-02``, ``2017-24``,
    ``201X``, ``20XX``); any other bounds use the level 2 set notation
    ``[2016-11-01..2016-11-10]``, with an open side left empty. A qualified
    season is written as a range because EDTF does not qualify seasons.

    With *strict*, the tightest standard EDTF date holding the value
    (`FuzzyDate.to_strict_edtf`).
    """
    return value.to_edtf(strict=strict)


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
    return Span.parse(text)


def format_interval(value: Span, *, strict: bool = False) -> str:
    """
    Write a `Span` as an EDTF interval that `parse_interval` reads back equal.

    An open span ends in ``..``; an end or start that is known only to lie on the
    right side of the other end is left empty (``2015-02/``, ``/2017-02-04``).
    Decades and centuries are written as ranges, since EDTF allows unspecified
    digits in an interval only at level 2.

    With *strict*, the tightest standard EDTF interval holding the span
    (`Span.to_strict_edtf`).
    """
    return value.to_edtf(strict=strict)


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
