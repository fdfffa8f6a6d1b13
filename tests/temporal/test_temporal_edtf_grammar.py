"""
The EDTF grammar: its productions state the calendar, and its patterns accept what its reader reads.

The patterns (exported by the JSON Schema) check the calendar in the regular
expression, the reader in code; these tests hold the two to the same strings,
exhaustively for each calendar production and by generated near-EDTF strings for
the whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conflict_events import strategies as cs
from conflict_events.formats import schema
from conflict_events.temporal import FuzzyDate, Span, TemporalError, edtf_grammar
from conflict_events.temporal.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    SEASON_MONTHS,
    is_leap_year,
    season_bounds,
)
from conflict_events.temporal.edtf_grammar import (
    DAY,
    EDTF_DATE_PATTERN,
    EDTF_INTERVAL_PATTERN,
    EDTF_PATTERN,
    LEAP_YEAR,
    MONTH,
    SEASON,
    TIMESTAMP_PATTERN,
    UNSPECIFIED_YEAR,
    YEAR,
    Bounds,
    read_date,
    read_interval,
    write_date,
    write_interval,
)

FOUR_DIGITS = [f"{number:04d}" for number in range(10_000)]
TWO_DIGITS = [f"{number:02d}" for number in range(100)]
#: Years that exercise every leap-year rule, and both ends of the range.
SAMPLE_YEARS = ["0000", "0001", "0004", "0100", "0400", "1900", "2000", "2016", "2017", "9999"]
REVERSED_RANGE = "the range ends before it starts"
_BOUNDED_RANGE = re.compile(r"\[([^\]]*?)\.\.([^\]]*?)\]")


def _collapsed(text: str, end: int) -> str:
    """
    *text* with each bounded range [a..b] made [a..a] (end 1) or [b..b] (end 2).

    A range whose ends are of different precisions (a day and a year) is kept
    as it is: collapsing it would hide the fault the reader must still find.
    """

    def collapse(m: re.Match[str]) -> str:
        if m[1] and m[2] and len(m[1]) == len(m[2]):
            return f"[{m[end]}..{m[end]}]"
        return m[0]

    return _BOUNDED_RANGE.sub(collapse, text)


def _reads_but_for_order(reader, text: str) -> bool:
    """
    Whether *reader* reads *text*, or would but for the order of a range's ends.

    A reader stops at a reversed range before it looks further, so the rest
    of the text is judged with each range collapsed onto either of its ends,
    which no pattern can tell from the original.
    """
    reason = _reason(reader, text)
    if reason != REVERSED_RANGE:
        return reason is None
    return all(_reason(reader, _collapsed(text, end)) is None for end in (1, 2))


def _full(production: str) -> re.Pattern[str]:
    return re.compile(f"(?:{production})")


def _calendar_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _reason(reader: Callable[[str], object], text: str) -> str | None:
    """None when *reader* reads *text*, else the reason it gives."""
    try:
        reader(text)
    except TemporalError as error:
        return error.reason
    return None


class TestCalendarProductions:
    """Each production that states a calendar rule agrees with the calendar, on every input."""

    def test_year(self):
        """YEAR is 0001-9999."""
        year = _full(YEAR)
        assert [text for text in FOUR_DIGITS if year.fullmatch(text)] == [
            f"{number:04d}" for number in range(MIN_YEAR, MAX_YEAR + 1)
        ]

    def test_leap_year(self):
        """LEAP_YEAR is the leap years (0000 among them; YEAR's users exclude it)."""
        leap = _full(LEAP_YEAR)
        assert [text for text in FOUR_DIGITS if leap.fullmatch(text)] == [
            text for text in FOUR_DIGITS if is_leap_year(int(text))
        ]

    def test_month(self):
        """MONTH is 01-12."""
        month = _full(MONTH)
        assert [text for text in TWO_DIGITS if month.fullmatch(text)] == TWO_DIGITS[1:13]

    def test_day_on_29_february(self):
        """DAY holds 29 February of exactly the leap years 0001-9999."""
        day = _full(DAY)
        for year in FOUR_DIGITS:
            for text in (f"{year}-02-28", f"{year}-02-29", f"{year}-02-30"):
                assert bool(day.fullmatch(text)) == _calendar_day(text), text

    def test_day_of_every_month(self):
        """DAY holds exactly the days that exist, for every month-day pair of sample years."""
        day = _full(DAY)
        for year in SAMPLE_YEARS:
            for month in TWO_DIGITS[:14]:
                for number in TWO_DIGITS[:33]:
                    text = f"{year}-{month}-{number}"
                    assert bool(day.fullmatch(text)) == _calendar_day(text), text

    def test_season(self):
        """SEASON is 21-24 of a year 0001-9999 whose season ends by 9999."""
        season = _full(SEASON)
        for year in FOUR_DIGITS:
            for code in (20, 21, 22, 23, 24, 25):
                text = f"{year}-{code}"
                expected = (
                    int(year) >= MIN_YEAR
                    and code in SEASON_MONTHS
                    and season_bounds(int(year), code) is not None
                )
                assert bool(season.fullmatch(text)) == expected, text

    def test_unspecified_year(self):
        """UNSPECIFIED_YEAR is what the reader admits of 201X, 20XX and 2XXX: from 0001 on."""
        unspecified = _full(UNSPECIFIED_YEAR)
        for text in FOUR_DIGITS:
            for digits in (1, 2, 3):
                written = text[: 4 - digits] + "X" * digits
                accepted = _reason(read_date, written) is None
                assert bool(unspecified.fullmatch(written)) == accepted, written


# -- near-EDTF strings ----------------------------------------------------------------------

_FOUR_DIGITS = st.integers(0, 9999).map("{:04d}".format)
_UNSPECIFIED = st.tuples(_FOUR_DIGITS, st.integers(1, 3)).map(
    lambda year_x: year_x[0][: 4 - year_x[1]] + "X" * year_x[1]
)
_YEARS = st.one_of(
    _FOUR_DIGITS,
    _FOUR_DIGITS,
    _FOUR_DIGITS,
    _UNSPECIFIED,
    st.sampled_from(
        ["0000", "0001", "1900", "2000", "9999", "000X", "00XX", "0XXX", "X017", "2O17"]
    ),
)
_TWO_DIGITS = st.integers(0, 99).map("{:02d}".format)
# Months, seasons, other numbers, unspecified, and a few strings that are none of them.
_MONTHS = st.one_of(
    st.integers(1, 12).map("{:02d}".format),
    st.sampled_from(["21", "22", "23", "24"]),
    _TWO_DIGITS,
    st.sampled_from(["XX", "1", "X1", "001"]),
)
_DAYS = st.one_of(
    st.integers(1, 28).map("{:02d}".format),
    st.sampled_from(["29", "30", "31"]),
    _TWO_DIGITS,
    st.sampled_from(["XX", "1", "X1", "001"]),
)
_TIMES = st.sampled_from(
    [
        *("T10:00:00", "T23:59:59", "T24:00:00", "T10:00:00Z", "T10:00:00+14:00"),
        *("T10:00:00-05:30", "T10:00:00+05", "T10:00:00+00:01", "T10:00:00-00:00"),
        *("T10:00:00+14:30", "T24:00:01", "T23:59:60", "T10:00", "T"),
    ]
)
_QUALIFIERS = st.sampled_from(["", "", "", "", "", "~", "?", "%", "~?", "X"])


@st.composite
def _near_dates(draw: st.DrawFn) -> str:
    text = draw(_YEARS)
    parts = draw(st.sampled_from([0, 1, 1, 2, 2, 2, 3]))
    if parts >= 1:
        text += "-" + draw(_MONTHS)
    for _ in range(parts - 1):
        text += "-" + draw(_DAYS)
    if draw(st.integers(0, 3)) == 0:
        text += draw(_TIMES)
    return text + draw(_QUALIFIERS)


@st.composite
def _near_ranges(draw: st.DrawFn) -> str:
    sides = st.one_of(st.just(""), _near_dates(), st.dates().map(date.isoformat))
    separator = draw(st.sampled_from(["..", "..", ".", "...", "/"]))
    return f"[{draw(sides)}{separator}{draw(sides)}]{draw(_QUALIFIERS)}"


def _mutated(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    edits = st.tuples(
        texts,
        st.integers(0, 30),
        st.sampled_from("idr"),
        st.sampled_from("0123456789X-/.~?%[]T:Z+"),
    )

    def apply(edit: tuple[str, int, str, str]) -> str:
        text, at, how, char = edit
        at %= len(text) + 1
        if how == "i":
            return text[:at] + char + text[at:]
        return text[:at] + ("" if how == "d" else char) + text[at + 1 :]

    return edits.map(apply)


_NEAR_DATES = st.one_of(
    _near_dates(),
    _near_ranges(),
    _mutated(cs.edtf_strings(closed_intervals=False, open_intervals=False)),
)
_ENDS = st.one_of(st.sampled_from(["", ".."]), _near_dates(), _near_ranges())
_NEAR_INTERVALS = st.one_of(
    st.tuples(_ENDS, _ENDS).map("/".join),
    _mutated(cs.edtf_strings(dates=False)),
)


class TestPatternsAgreeWithTheReader:
    """A string matches a pattern exactly when the grammar's reader reads it (range order aside)."""

    @settings(max_examples=500)
    @given(_NEAR_DATES)
    @example("0000")
    @example("000X")
    @example("9999-24")
    @example("2017-21~")
    @example("2016-02-29T24:00:00+14:00")
    @example("2017-02-03T10:00:00~")
    @example("[..]")
    @example("[2017-02-02..2017-02-01]")
    @example("2017\n")
    def test_date_pattern(self, text):
        """EDTF_DATE_PATTERN matches what read_date reads, and a reversed range besides."""
        matched = re.search(EDTF_DATE_PATTERN, text) is not None
        assert matched == _reads_but_for_order(read_date, text), (text, _reason(read_date, text))

    @settings(max_examples=500)
    @given(_NEAR_INTERVALS)
    @example("../..")
    @example("/")
    @example("2017/")
    @example("../2017")
    @example("9999-24/..")
    @example("201X/2017")
    @example("2017-02-03T10:00:00/2018")
    @example("[2017-02-02..2017-02-01]/2018")
    @example("[2000-01-01..1999-01-01]/0000")
    @example("[2000-01-01..1999-01-01]/[2000-01-01..0001]")
    def test_interval_pattern(self, text):
        """EDTF_INTERVAL_PATTERN matches what read_interval reads (a reversed range besides)."""
        matched = re.search(EDTF_INTERVAL_PATTERN, text) is not None
        reason = _reason(read_interval, text)
        assert matched == _reads_but_for_order(read_interval, text), (text, reason)

    @settings(max_examples=300)
    @given(st.one_of(_NEAR_DATES, _NEAR_INTERVALS))
    def test_the_when_pattern_is_either(self, text):
        """EDTF_PATTERN matches a date or an interval; Span.parse refuses only the order besides."""
        matched = re.search(EDTF_PATTERN, text) is not None
        date_or_interval = bool(
            re.search(EDTF_DATE_PATTERN, text) or re.search(EDTF_INTERVAL_PATTERN, text)
        )
        assert matched == date_or_interval
        if "/" in text and _reason(read_interval, text) is None:
            start, end = read_interval(text)
            ordered = end is None or end.latest >= start.earliest
            assert (_reason(Span.parse, text) is None) == ordered, text


class TestPatternsAgreeOnEveryShape:
    """Every year-month-day shape over sample years: the date pattern and read_date agree."""

    def test_dates(self):
        """Sample years, every month token, the telling day tokens, with and without extras."""
        months = [None, "XX", *TWO_DIGITS]
        days = [None, "XX", "00", "01", "28", "29", "30", "31", "32"]
        disagree = []
        for year in [*SAMPLE_YEARS, "201X", "20XX", "2XXX", "000X", "00XX", "0XXX"]:
            for month in months:
                for day in days if month is not None else [None]:
                    text = "-".join(part for part in (year, month, day) if part is not None)
                    for extra in ("", "~", "%", "T10:00:00", "T24:00:00Z", "T10:00:00?"):
                        written = text + extra
                        matched = re.search(EDTF_DATE_PATTERN, written) is not None
                        if matched != (_reason(read_date, written) is None):
                            disagree.append(written)
        assert disagree == []

    def test_intervals(self):
        """Every pair of telling ends: the interval pattern and read_interval agree."""
        ends = ["", "..", "2017", "2017-02", "2017-02-04", "2017-21~", "2017-24", "9999-24"]
        ends += ["201X", "2017-XX", "2017-02-04T10:00:00", "[..2017-02-04]", "[..]", "2017-13"]
        ends += ["0000", "2017-02-29", "2016-02-29?", "2017/2018"]
        disagree = [
            f"{head}/{tail}"
            for head in ends
            for tail in ends
            if (re.search(EDTF_INTERVAL_PATTERN, f"{head}/{tail}") is not None)
            != (_reason(read_interval, f"{head}/{tail}") is None)
        ]
        assert disagree == []


class TestWriting:
    @given(cs.fuzzy_dates())
    def test_a_written_date_reads_back_and_matches(self, value: FuzzyDate):
        """write_date's text reads back to the same bounds and matches the date pattern."""
        bounds = Bounds(value.earliest, value.latest, value.approximate, value.uncertain)
        text = write_date(bounds)
        assert read_date(text) == bounds
        assert text == value.to_edtf()
        assert re.search(EDTF_DATE_PATTERN, text)

    @given(cs.spans())
    def test_a_written_interval_reads_back_and_matches(self, value: Span):
        """write_interval's text reads back to the same ends and matches the interval pattern."""

        def bounds(end: FuzzyDate) -> Bounds:
            return Bounds(end.earliest, end.latest, end.approximate, end.uncertain)

        text = write_interval(value.start, value.end)
        end = None if value.end is None else bounds(value.end)
        assert read_interval(text) == (bounds(value.start), end)
        assert text == value.to_edtf()
        assert re.search(EDTF_INTERVAL_PATTERN, text)


def test_the_schema_states_the_grammars_patterns():
    """formats.schema re-exports the grammar's patterns, the same objects, not a copy."""
    assert schema.EDTF_DATE_PATTERN is edtf_grammar.EDTF_DATE_PATTERN
    assert schema.EDTF_INTERVAL_PATTERN is edtf_grammar.EDTF_INTERVAL_PATTERN
    assert schema.EDTF_PATTERN is edtf_grammar.EDTF_PATTERN
    assert schema.TIMESTAMP_PATTERN is TIMESTAMP_PATTERN


def test_timestamps_are_calendar_days_with_a_time_and_an_offset():
    """TIMESTAMP_PATTERN holds a day that exists, a time to the microsecond and a UTC offset."""
    good = ["2016-02-29T10:00Z", "2017-02-04T23:59:59.123456+05:30", "0001-01-01T00:00:00-23:59"]
    bad = ["2017-02-29T10:00Z", "2017-02-04T10:00", "2017-02-04T10:00:00+05", "0000-01-01T00:00Z"]
    assert [text for text in good + bad if re.search(TIMESTAMP_PATTERN, text)] == good
