"""
Date precision codes of ACLED (``time_precision``) and UCDP GED (``date_prec``).

Both datasets say how well an event's date is known with a small integer; these
functions turn a row's date columns into a `FuzzyDate` and back, following the
codebooks' wording (docs/temporal.md has the table). A date too vague for a
dataset's codes raises `TemporalError`: what cannot be mapped is reported, not
rounded.
"""

from __future__ import annotations

from datetime import date, timedelta

from conflict_events.temporal.calendar import UNBOUNDED_END, UNBOUNDED_START, days_in_month
from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import FuzzyDate

__all__ = [
    "ACLED_PRECISIONS",
    "ACLED_WEEK_RADIUS",
    "UCDP_PRECISIONS",
    "from_acled",
    "from_ucdp",
    "to_acled",
    "to_ucdp",
]

#: ACLED ``time_precision`` codes and the codebook's meaning.
ACLED_PRECISIONS: dict[int, str] = {
    1: "the source gives the actual date",
    2: "the source gives a week or similar span; the middle of the span is recorded",
    3: "only the month is known; the mid-month date (or first/last day) is recorded",
}
#: UCDP GED ``date_prec`` codes and the codebook's meaning.
UCDP_PRECISIONS: dict[int, str] = {
    1: "exact date known",
    2: "date known only within a 2-6 day range",
    3: "only the week is known",
    4: "known within an 8-30 day range, or only the month is known",
    5: "known only within a range over one month and up to one calendar year",
}

#: Half the width of ACLED's precision 2 window: the recorded day is the middle
#: of "a week or similar span", so the event lies within three days either side.
ACLED_WEEK_RADIUS = timedelta(days=3)


def _is_day(value: object) -> bool:
    return type(value) is date


def from_acled(event_date: date, time_precision: int) -> FuzzyDate:
    """
    The `FuzzyDate` an ACLED row's ``event_date`` and ``time_precision`` describe.

    1 is the day itself; 2 is the week centred on the recorded day (three days
    either side, since ACLED records the middle of the span); 3 is the whole
    calendar month of the recorded day (ACLED records mid-month, or the first
    or last day for "beginning/end of month").

    Raises:
        TemporalError: The code is not 1, 2 or 3, or the date is not a date.
    """
    if not _is_day(event_date):
        raise TemporalError(repr(event_date), "ACLED event_date must be a datetime.date")
    if time_precision == 1:
        return FuzzyDate.on(event_date)
    if time_precision == 2:  # noqa: PLR2004
        try:
            return FuzzyDate(event_date - ACLED_WEEK_RADIUS, event_date + ACLED_WEEK_RADIUS)
        except OverflowError:
            raise TemporalError(event_date.isoformat(), "the week runs outside 0001-9999") from None
    if time_precision == 3:  # noqa: PLR2004
        return FuzzyDate.month(event_date.year, event_date.month)
    raise TemporalError(str(time_precision), "ACLED time_precision must be 1, 2 or 3")


def to_acled(value: FuzzyDate) -> tuple[date, int]:
    """
    The ACLED ``(event_date, time_precision)`` for a date, the most precise code that holds it.

    An exact day is precision 1; bounds at most seven days apart are precision
    2 recorded at their middle; bounds within one calendar month are precision 3,
    recorded on the first day when they lie in days 1-10, the last day when in
    21-end, and the 15th otherwise. Qualifiers have no ACLED equivalent and are
    dropped. ``from_acled(*to_acled(x))`` always contains ``x``.

    Raises:
        TemporalError: The date is less precise than a calendar month; ACLED
            does not record such events.
    """
    lo, hi = value.earliest, value.latest
    if lo == hi:
        return lo, 1
    if value.days <= 7:  # noqa: PLR2004
        return lo + timedelta(days=(hi - lo).days // 2), 2
    if (lo.year, lo.month) == (hi.year, hi.month):
        last = days_in_month(lo.year, lo.month)
        if hi.day <= 10:  # noqa: PLR2004
            return lo.replace(day=1), 3
        if lo.day >= 21:  # noqa: PLR2004
            return lo.replace(day=last), 3
        return lo.replace(day=15), 3
    raise TemporalError(value.to_edtf(), "ACLED records no event less precise than a month")


def from_ucdp(date_start: date, date_end: date, date_prec: int) -> FuzzyDate:
    """
    The `FuzzyDate` of a UCDP GED row: ``date_start`` to ``date_end``, both possible days.

    The codebook defines the two columns as the earliest and latest possible
    date, so they are the bounds; ``date_prec`` only describes their width and
    is checked to be a code, not against the width (releases have rows whose
    width and code disagree, and the bounds are the more specific fact).

    Raises:
        TemporalError: A code outside 1-5, a value that is not a date, or an
            end before the start.
    """
    if not (_is_day(date_start) and _is_day(date_end)):
        raise TemporalError(f"{date_start!r}/{date_end!r}", "UCDP dates must be datetime.date")
    if date_prec not in UCDP_PRECISIONS:
        raise TemporalError(str(date_prec), "UCDP date_prec must be 1, 2, 3, 4 or 5")
    if date_end < date_start:
        raise TemporalError(
            f"{date_start.isoformat()}/{date_end.isoformat()}", "date_end is before date_start"
        )
    return FuzzyDate(date_start, date_end)


def to_ucdp(value: FuzzyDate) -> tuple[date, date, int]:
    """
    The UCDP GED ``(date_start, date_end, date_prec)`` of a date.

    The bounds become the two columns; the code follows their width: 1 for one
    day, 2 for 2-6 days, 3 for seven days (a week), 4 for 8-30 days or one whole
    calendar month, 5 for anything longer within one calendar year (GED files
    each event under one ``year``). Qualifiers are dropped.
    ``from_ucdp(*to_ucdp(x))`` equals ``x`` without its qualifiers.

    Raises:
        TemporalError: The bounds are open or cross the turn of a year while
            longer than a month.
    """
    lo, hi = value.earliest, value.latest
    if lo == UNBOUNDED_START or hi == UNBOUNDED_END:
        raise TemporalError(value.to_edtf(), "UCDP GED needs both bounds")
    days = value.days
    whole_month = (
        lo.day == 1
        and (lo.year, lo.month) == (hi.year, hi.month)
        and hi.day == days_in_month(hi.year, hi.month)
    )
    if days == 1:
        code = 1
    elif days <= 6:  # noqa: PLR2004
        code = 2
    elif days == 7:  # noqa: PLR2004
        code = 3
    elif days <= 30 or whole_month:  # noqa: PLR2004
        code = 4
    elif lo.year == hi.year:
        code = 5
    else:
        raise TemporalError(value.to_edtf(), "UCDP GED dates over a month lie in one calendar year")
    return lo, hi, code
