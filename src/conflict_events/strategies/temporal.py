"""
Hypothesis strategies for the temporal types, for the library's tests and yours.

Requires the hypothesis package. `conflict_events.strategies` re-exports these
functions; the temporal layer itself never imports this module.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conflict_events.temporal.allen import Relation
from conflict_events.temporal.calendar import (
    SEASON_MONTHS,
    UNBOUNDED_END,
    UNBOUNDED_START,
    last_day,
    season_bounds,
)
from conflict_events.temporal.edtf import parse_date
from conflict_events.temporal.fuzzy import FuzzyDate
from conflict_events.temporal.span import Span

__all__ = [
    "crisp_intervals",
    "edtf_strings",
    "fuzzy_dates",
    "relation_sets",
    "relations",
    "spans",
]

_MIN, _MAX = date(1, 1, 1), date(9999, 12, 31)


def _check_bounds(min_value: date, max_value: date) -> None:
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if type(value) is not date:
            raise InvalidArgument(f"{name}={value!r} must be a datetime.date")
    if min_value > max_value:
        raise InvalidArgument(f"min_value={min_value} is after max_value={max_value}")


@st.composite
def _calendar_unit(draw: st.DrawFn, min_value: date, max_value: date) -> tuple[date, date]:
    """Bounds of one calendar unit (day, week, month, season, year, decade, century)."""
    day = draw(st.dates(min_value, max_value))
    kind = draw(st.sampled_from(["day", "week", "month", "season", "year", "decade", "century"]))
    if kind == "day":
        return day, day
    if kind == "week":
        lo = day - timedelta(days=day.weekday())
        if lo > _MAX - timedelta(days=6):
            return lo, lo
        return lo, lo + timedelta(days=6)
    if kind == "month":
        return day.replace(day=1), last_day(day.year, day.month)
    if kind == "season":
        code = draw(st.sampled_from(sorted(SEASON_MONTHS)))
        return season_bounds(day.year, code) or (day, day)
    if kind == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    width = 10 if kind == "decade" else 100
    first = max(day.year - day.year % width, 1)
    return date(first, 1, 1), date(min(first + width - 1, _MAX.year), 12, 31)


@st.composite
def _bounds(
    draw: st.DrawFn, min_value: date, max_value: date, allow_unbounded: bool
) -> tuple[date, date]:
    shape = draw(
        st.sampled_from(["unit", "unit", "range", "open"] if allow_unbounded else ["unit", "range"])
    )
    if shape == "unit":
        lo, hi = draw(_calendar_unit(min_value, max_value))
        if min_value <= lo and hi <= max_value:
            return lo, hi
        shape = "range"
    a = draw(st.dates(min_value, max_value))
    b = draw(st.dates(min_value, max_value))
    lo, hi = min(a, b), max(a, b)
    if shape == "open":
        return draw(
            st.sampled_from(
                [(UNBOUNDED_START, hi), (lo, UNBOUNDED_END), (UNBOUNDED_START, UNBOUNDED_END)]
            )
        )
    return lo, hi


def fuzzy_dates(
    *,
    min_value: date = _MIN,
    max_value: date = _MAX,
    approximate: st.SearchStrategy[bool] | None = None,
    uncertain: st.SearchStrategy[bool] | None = None,
    allow_unbounded: bool = True,
) -> st.SearchStrategy[FuzzyDate]:
    """
    Draw `FuzzyDate` values whose bounds lie between *min_value* and *max_value*.

    Calendar units (days, weeks, months, seasons, years, decades, centuries) are
    drawn as often as arbitrary ranges, since they are what reports state; with
    *allow_unbounded* a side may be `UNBOUNDED_START` or `UNBOUNDED_END`.

    Args:
        min_value: The earliest bound drawn (an unbounded side aside).
        max_value: The latest bound drawn (an unbounded side aside).
        approximate: Strategy for the approximate qualifier; default booleans.
        uncertain: Strategy for the uncertain qualifier; default booleans.
        allow_unbounded: Whether a side may be open.

    Raises:
        InvalidArgument: The bounds are not dates or are out of order.
    """
    _check_bounds(min_value, max_value)
    approximate = st.booleans() if approximate is None else approximate
    uncertain = st.booleans() if uncertain is None else uncertain
    return st.builds(
        lambda bounds, a, u: FuzzyDate(bounds[0], bounds[1], a, u),
        _bounds(min_value, max_value, allow_unbounded),
        approximate,
        uncertain,
    )


@st.composite
def _spans(
    draw: st.DrawFn,
    starts: st.SearchStrategy[FuzzyDate],
    open_end: st.SearchStrategy[bool],
    max_value: date,
    allow_unbounded: bool,
) -> Span:
    start = draw(starts)
    if draw(open_end):
        return Span(start, None)
    lowest = max(start.earliest, _MIN)
    if lowest > max_value:
        return Span(start, FuzzyDate(start.earliest, UNBOUNDED_END))
    end = draw(fuzzy_dates(min_value=lowest, max_value=max_value, allow_unbounded=allow_unbounded))
    return Span(start, end)


def spans(
    *,
    starts: st.SearchStrategy[FuzzyDate] | None = None,
    open_end: st.SearchStrategy[bool] | None = None,
    max_value: date = _MAX,
    allow_unbounded: bool = True,
) -> st.SearchStrategy[Span]:
    """
    Draw `Span` values: a start, then an end that does not fall before it.

    Args:
        starts: Strategy for the start; default `fuzzy_dates()` up to *max_value*.
        open_end: Strategy deciding whether the span is open (ongoing); default
            booleans.
        max_value: The latest bound an end is drawn with.
        allow_unbounded: Whether bounds may be open (`UNBOUNDED_START`, ...).

    Raises:
        InvalidArgument: *max_value* is not a date.
    """
    _check_bounds(_MIN, max_value)
    if starts is None:
        starts = fuzzy_dates(max_value=max_value, allow_unbounded=allow_unbounded)
    open_end = st.booleans() if open_end is None else open_end
    return _spans(starts, open_end, max_value, allow_unbounded)


def relations() -> st.SearchStrategy[Relation]:
    """Draw one of the 13 Allen relations."""
    return st.sampled_from(Relation)


def relation_sets(*, min_size: int = 1) -> st.SearchStrategy[frozenset[Relation]]:
    """
    Draw a set of Allen relations (a disjunctive constraint), non-empty by default.

    Raises:
        InvalidArgument: *min_size* is not between 0 and 13.
    """
    if not 0 <= min_size <= len(Relation):
        raise InvalidArgument(f"min_size={min_size!r} must be between 0 and {len(Relation)}")
    return st.frozensets(relations(), min_size=min_size)


def crisp_intervals(
    *, min_value: date = _MIN, max_value: date = _MAX
) -> st.SearchStrategy[tuple[date, date]]:
    """
    Draw a known interval: a pair of days, first <= last, both inclusive.

    Raises:
        InvalidArgument: The bounds are not dates or are out of order.
    """
    _check_bounds(min_value, max_value)
    return st.tuples(st.dates(min_value, max_value), st.dates(min_value, max_value)).map(
        lambda pair: (min(pair), max(pair))
    )


_QUALIFIERS = st.sampled_from(["", "", "~", "?", "%"])


@st.composite
def _level1_date(draw: st.DrawFn, min_year: int, max_year: int, qualify: bool) -> str:
    day = draw(st.dates(date(min_year, 1, 1), date(max_year, 12, 31)))
    year = f"{day.year:04d}"
    kind = draw(
        st.sampled_from(
            ["year", "month", "day", "datetime", "season", "unspecified_year", "unspecified_md"]
        )
    )
    qualifier = draw(_QUALIFIERS) if qualify else ""
    if kind == "year":
        return year + qualifier
    if kind == "month":
        return f"{year}-{day.month:02d}{qualifier}"
    if kind == "day":
        return f"{day.isoformat()}{qualifier}"
    if kind == "datetime":
        time = draw(st.times()).replace(microsecond=0).isoformat()
        zone = draw(st.sampled_from(["", "Z", "+05:00", "-03:30", "+14:00", "-12"]))
        return f"{day.isoformat()}T{time}{zone}"
    if kind == "season":
        return f"{year}-{draw(st.sampled_from(sorted(SEASON_MONTHS)))}"
    if kind == "unspecified_year":
        digits = draw(st.integers(1, 2))
        if day.year < 10**digits:
            return year + qualifier
        return year[: 4 - digits] + "X" * digits + qualifier
    form = draw(st.sampled_from([f"{year}-XX", f"{year}-XX-XX", f"{year}-{day.month:02d}-XX"]))
    return form + qualifier


def edtf_strings(
    *,
    min_year: int = 1,
    max_year: int = 9998,
    dates: bool = True,
    closed_intervals: bool = True,
    open_intervals: bool = True,
) -> st.SearchStrategy[str]:
    """
    Draw valid EDTF level 0 and 1 strings within the given years.

    Dates (with qualifiers, unspecified digits, seasons, date and time);
    intervals between two dates; intervals with an open (``..``) or unknown
    (empty) side. Interval ends never carry unspecified digits or a time,
    which EDTF does not allow there below level 2.

    Args:
        min_year: The earliest year drawn.
        max_year: The latest year drawn (at most 9998, so winters fit).
        dates: Whether to draw single dates.
        closed_intervals: Whether to draw ``a/b`` intervals.
        open_intervals: Whether to draw ``a/..``, ``../b``, ``a/`` and ``/b``.

    Raises:
        InvalidArgument: The years are outside 1-9998 or out of order, or no
            kind of string is chosen.
    """
    if not 1 <= min_year <= max_year <= 9998:  # noqa: PLR2004
        raise InvalidArgument(f"need 1 <= min_year ({min_year}) <= max_year ({max_year}) <= 9998")
    plain = _level1_date(min_year, max_year, qualify=True).filter(
        lambda s: "X" not in s and "T" not in s
    )
    choices: list[st.SearchStrategy[str]] = []
    if dates:
        choices.append(_level1_date(min_year, max_year, qualify=True))
    if closed_intervals:
        choices.append(st.tuples(plain, plain).map(_ordered_interval))
    if open_intervals:
        choices.extend(plain.map(form.format) for form in ("{}/..", "../{}", "{}/", "/{}"))
    if not choices:
        raise InvalidArgument("choose at least one of dates, closed_intervals, open_intervals")
    return st.one_of(choices)


def _ordered_interval(pair: tuple[str, str]) -> str:
    """Join two dates into an interval, the one that can start earlier first."""
    first, second = sorted(pair, key=lambda text: parse_date(text).earliest)
    return f"{first}/{second}"
