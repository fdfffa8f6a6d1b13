"""Level 2 ranges with month or year ends, zero UTC offsets, and the year 9999 written as stated."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate, Span, TemporalError


class TestRangesWithMonthOrYearEnds:
    @pytest.mark.parametrize(
        ("text", "earliest", "latest"),
        [
            ("[1760-12..]", date(1760, 12, 1), UNBOUNDED_END),
            ("[..1984]", UNBOUNDED_START, date(1984, 12, 31)),
            ("[1760..]", date(1760, 1, 1), UNBOUNDED_END),
            ("[..1760-02]", UNBOUNDED_START, date(1760, 2, 29)),
            ("[1760-12..1761-02]", date(1760, 12, 1), date(1761, 2, 28)),
            ("[1667..1672]", date(1667, 1, 1), date(1672, 12, 31)),
        ],
    )
    def test_read_from_the_first_day_to_the_last_day_of_their_ends(self, text, earliest, latest):
        """A range's month or year end stands for all its days ("[1760-12..]": December 1760 on)."""
        value = FuzzyDate.parse(text)
        assert (value.earliest, value.latest) == (earliest, latest)
        assert FuzzyDate.parse(value.to_edtf()) == value

    def test_qualified_and_inside_intervals(self):
        """They take qualifiers and stand at an interval's end as day ranges do."""
        assert FuzzyDate.parse("[1760..1761]~").approximate
        assert Span.parse("[1760-12..]/..").start == FuzzyDate.parse("[1760-12-01..]")

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("[1760..1761-02]", "both be days, months or years"),
            ("[1760-13..]", "13 is not a month"),
            ("[0000..]", "years before 0001"),
            ("[1761..1760]", "ends before it starts"),
        ],
    )
    def test_refusals_say_why(self, text, reason):
        """Mixed ends, impossible months, year 0000 and reversed ranges are refused by name."""
        with pytest.raises(TemporalError, match=reason) as raised:
            FuzzyDate.parse(text)
        assert text in str(raised.value)

    @given(st.integers(1, 9999), st.integers(1, 9999))
    def test_year_ends_span_whole_years(self, first, last):
        """[a..b] over years admits 1 January of a to 31 December of b, or is refused reversed."""
        text = f"[{first:04d}..{last:04d}]"
        if first > last:
            with pytest.raises(TemporalError):
                FuzzyDate.parse(text)
        else:
            value = FuzzyDate.parse(text)
            assert (value.earliest, value.latest) == (date(first, 1, 1), date(last, 12, 31))


class TestZeroOffset:
    @pytest.mark.parametrize("offset", ["+00:00", "+00", "Z", "+00:01"])
    def test_a_zero_offset_is_read_like_any_other(self, offset):
        """+00:00 is UTC as ISO 8601 writes it; it was refused while +00:01 was read."""
        assert FuzzyDate.parse(f"2017-02-04T12:00:00{offset}") == FuzzyDate.day(2017, 2, 4)

    def test_minus_zero_stays_refused(self):
        """ISO 8601 writes a zero offset with a plus sign; -00:00 (RFC 3339's 'unknown') is not EDTF."""
        with pytest.raises(TemporalError):
            FuzzyDate.parse("2017-02-04T12:00:00-00:00")


class TestTheYear9999:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (FuzzyDate.year(9999), "9999"),
            (FuzzyDate.month(9999, 12), "9999-12"),
            (FuzzyDate.year(9999, approximate=True), "9999~"),
            (FuzzyDate.day(9999, 12, 31), "9999-12-31"),
            (FuzzyDate.parse("999X"), "999X"),
            (FuzzyDate.parse("99XX"), "99XX"),
            (FuzzyDate.year(1), "0001"),
        ],
    )
    def test_a_stated_unit_at_the_edge_is_written_as_that_unit(self, value, text):
        """The year 9999 is written "9999", not "[9999-01-01..]" (on or after), and reads back."""
        assert value.to_edtf() == text
        assert FuzzyDate.parse(text) == value

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (
                Span(FuzzyDate.day(9999, 12, 31), FuzzyDate.day(9999, 12, 31)),
                "9999-12-31/9999-12-31",
            ),
            (Span(FuzzyDate.month(9999, 12), FuzzyDate.month(9999, 12)), "9999-12/9999-12"),
            (Span(FuzzyDate.year(1), FuzzyDate.year(1)), "0001/0001"),
        ],
    )
    def test_a_stated_end_at_the_edge_is_not_an_unknown_end(self, value, text):
        """An end on 9999-12-31 that is a stated day or month is written, not left empty."""
        assert value.to_edtf() == text
        assert Span.parse(text) == value

    def test_an_open_side_is_still_written_open(self):
        """A range that is not a calendar unit keeps its open side (the model cannot tell more)."""
        assert FuzzyDate.parse("[2015-02-03..]").to_edtf() == "[2015-02-03..]"
        assert FuzzyDate.parse("[2015-02-03..9999-12-31]").to_edtf() == "[2015-02-03..]"
        assert Span.parse("2015-02/").to_edtf() == "2015-02/"
