"""EDTF reading and writing, checked against the `edtf` package and by round trips."""

from __future__ import annotations

import contextlib
import re
import time
from datetime import date

import edtf
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conflict_events.strategies import edtf_strings, fuzzy_dates, spans
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate, Span, TemporalError
from conflict_events.temporal.edtf import parse, parse_date, parse_interval

WINTER = re.compile(r"(?P<year>\d{4})-24")
# What we read and edtf 5.0.2 refuses (docs/temporal.md, "EDTF other tools read"):
# a zero UTC offset (+00:00, +00), which ISO 8601 allows and edtf.js reads, and
# a qualified range ([a..b]~), our extension.
BEYOND_EDTF_PACKAGE = re.compile(r".*T.*\+00(?::00)?|.*\][~?%].*")


def _day(value: time.struct_time) -> date:
    return date(value.tm_year, value.tm_mon, value.tm_mday)


def _winter(year: int) -> tuple[date, date]:
    """Meteorological winter, December to February: where we part from edtf 5.0.2."""
    return date(year, 12, 1), (FuzzyDate.month(year + 1, 2)).latest


class TestAgainstEdtfPackage:
    @given(edtf_strings(closed_intervals=False, open_intervals=False))
    @example("2016-02-XX")
    @example("201X~")
    @example("2017-02-04T24:00:00")
    def test_date_bounds_equal_lower_and_upper_strict(self, text):
        """Each level 0/1 date has the bounds edtf's lower_strict/upper_strict give."""
        ours = parse_date(text)
        theirs = edtf.parse_edtf(text)
        if winter := WINTER.fullmatch(text):
            # edtf 5.0.2 reads winter (24) as December only; meteorological winter
            # runs December to February (docs/temporal.md, "EDTF").
            assert _day(theirs.lower_strict()) == ours.earliest
            assert (ours.earliest, ours.latest) == _winter(int(winter["year"]))
        else:
            assert (ours.earliest, ours.latest) == (
                _day(theirs.lower_strict()),
                _day(theirs.upper_strict()),
            )

    @given(edtf_strings(dates=False, open_intervals=False))
    def test_closed_interval_bounds_equal_lower_and_upper_strict(self, text):
        """A closed interval spans from edtf's lower_strict to its upper_strict."""
        ours = parse_interval(text)
        theirs = edtf.parse_edtf(text)
        assert ours.earliest == _day(theirs.lower_strict())
        if winter := WINTER.fullmatch(text.split("/")[1]):
            assert ours.latest == _winter(int(winter["year"]))[1]  # December-February, as above
        else:
            assert ours.latest == _day(theirs.upper_strict())

    @given(edtf_strings(dates=False, closed_intervals=False))
    def test_open_and_unknown_ends_are_accepted_by_both(self, text):
        """Both read intervals with open or unknown ends; the known side agrees.

        edtf 5.0.2 invents an unknown side (ten years away) and fails on the
        bounds of an open one, so only the known side is compared.
        """
        ours = parse_interval(text)
        theirs = edtf.parse_edtf(text)
        if text.endswith("/"):
            assert ours.earliest == _day(theirs.lower_strict())
            assert ours.end == FuzzyDate(ours.start.earliest, UNBOUNDED_END)
        elif text.startswith("/"):
            if winter := WINTER.fullmatch(text[1:]):
                assert ours.latest == _winter(int(winter["year"]))[1]  # December-February
            else:
                assert ours.latest == _day(theirs.upper_strict())
            assert ours.start == FuzzyDate(UNBOUNDED_START, ours.latest)
        elif text.endswith("/.."):
            assert ours.is_open
        else:
            assert ours.start.earliest == UNBOUNDED_START

    @given(
        st.one_of(
            st.text(alphabet="0123456789-X/~?%.T:Z+[]", max_size=14),
            st.tuples(
                edtf_strings(), st.integers(0, 30), st.sampled_from("0123456789-X/~?%.T:Z")
            ).map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]),
        )
    )
    @example("2017-24~")
    @example("2017-02-04T12:00:00+00:00")
    @example("0000")
    @example("2017-13")
    @example("")
    def test_what_edtf_rejects_we_reject(self, text):
        """Strings the edtf package refuses are refused here too, with a TemporalError."""
        try:
            edtf.parse_edtf(text)
        except Exception:  # noqa: BLE001 - any failure of the reference is a refusal
            if BEYOND_EDTF_PACKAGE.fullmatch(text):
                with contextlib.suppress(TemporalError):
                    parse(text)
            else:
                with pytest.raises(TemporalError):
                    parse(text)
        else:
            # We may be stricter (years 0001-9999), but never fail another way.
            with contextlib.suppress(TemporalError):
                parse(text)


class TestRoundTrip:
    @given(fuzzy_dates())
    def test_fuzzy_dates(self, value):
        """Every FuzzyDate reads back equal from its EDTF form."""
        assert FuzzyDate.parse(value.to_edtf()) == value

    @given(spans())
    def test_spans(self, value):
        """Every Span reads back equal from its EDTF form."""
        assert Span.parse(value.to_edtf()) == value
        assert parse(value.to_edtf()) == value

    @given(edtf_strings())
    def test_canonical_form_is_stable(self, text):
        """Writing what was read gives a string that reads to the same value."""
        value = parse(text)
        assert parse(value.to_edtf()) == value


class TestForms:
    @pytest.mark.parametrize(
        ("text", "earliest", "latest", "written"),
        [
            ("2017", date(2017, 1, 1), date(2017, 12, 31), "2017"),
            ("2017-02", date(2017, 2, 1), date(2017, 2, 28), "2017-02"),
            ("2017-02-XX", date(2017, 2, 1), date(2017, 2, 28), "2017-02"),
            ("2017-XX", date(2017, 1, 1), date(2017, 12, 31), "2017"),
            ("2017-XX-XX", date(2017, 1, 1), date(2017, 12, 31), "2017"),
            ("201X", date(2010, 1, 1), date(2019, 12, 31), "201X"),
            ("20XX", date(2000, 1, 1), date(2099, 12, 31), "20XX"),
            ("1XXX", date(1000, 1, 1), date(1999, 12, 31), "[1000-01-01..1999-12-31]"),
            ("2016-24", date(2016, 12, 1), date(2017, 2, 28), "2016-24"),
            ("2017-21", date(2017, 3, 1), date(2017, 5, 31), "2017-21"),
            ("2017-02-04T12:00:00+05:00", date(2017, 2, 4), date(2017, 2, 4), "2017-02-04"),
            ("[2016-11-01..2016-11-10]", date(2016, 11, 1), date(2016, 11, 10), None),
            ("[..2016-11-10]", UNBOUNDED_START, date(2016, 11, 10), None),
            ("[2016-11-01..]", date(2016, 11, 1), UNBOUNDED_END, None),
            ("[..]", UNBOUNDED_START, UNBOUNDED_END, None),
            ("2017-01-30/2017-02-05", date(2017, 1, 30), date(2017, 2, 5), None),
        ],
    )
    def test_bounds_and_canonical_form(self, text, earliest, latest, written):
        """Each form has the documented bounds and canonical spelling."""
        value = parse(text)
        assert (value.earliest, value.latest) == (earliest, latest)
        assert value.to_edtf() == (written or text)

    @pytest.mark.parametrize(
        ("text", "approximate", "uncertain"),
        [
            ("2017~", True, False),
            ("2017-02?", False, True),
            ("2017-02-04%", True, True),
            ("201X~", True, False),
        ],
    )
    def test_qualifiers(self, text, approximate, uncertain):
        """~ is approximate, ? uncertain, % both."""
        value = parse_date(text)
        assert (value.approximate, value.uncertain) == (approximate, uncertain)
        assert value.to_edtf() == text

    def test_qualified_season_is_written_as_a_range(self):
        """EDTF does not qualify seasons, so a qualified one is written as its range."""
        value = FuzzyDate(date(2016, 12, 1), date(2017, 2, 28), approximate=True)
        assert value.to_edtf() == "[2016-12-01..2017-02-28]~"

    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("2016-11/..", FuzzyDate.month(2016, 11), None),
            ("2016-11/", FuzzyDate.month(2016, 11), FuzzyDate(date(2016, 11, 1), UNBOUNDED_END)),
            (
                "/2017-02-04",
                FuzzyDate(UNBOUNDED_START, date(2017, 2, 4)),
                FuzzyDate.day(2017, 2, 4),
            ),
            (
                "../2017-02-04",
                FuzzyDate(UNBOUNDED_START, date(2017, 2, 4)),
                FuzzyDate.day(2017, 2, 4),
            ),
        ],
    )
    def test_open_and_unknown_ends(self, text, start, end):
        """Open ends make an ongoing span; unknown ends lie anywhere on their side."""
        assert Span.parse(text) == Span(start, end)

    @pytest.mark.parametrize(
        "text",
        ["2017-24~", "2017-13", "2017-02-30", "0000", "00XX", "201X-02", "2017-XX-05", "/", "../",
         "2018/2017", "2017-02-04T12:00:00~", "2017-02T12:00:00", "[2017-02-02..2017-02-01]", "x"],
    )  # fmt: skip
    def test_rejections_name_the_text(self, text):
        """Invalid or out-of-range text raises TemporalError whose message names it."""
        with pytest.raises(TemporalError, match=re.escape(repr(text))) as info:
            parse(text)
        assert info.value.text == text
        assert info.value.reason

    def test_non_string_is_rejected(self):
        """A non-string is a TemporalError, not an AttributeError."""
        with pytest.raises(TemporalError):
            parse_date(2017)  # type: ignore[arg-type]
        with pytest.raises(TemporalError):
            parse_interval(None)  # type: ignore[arg-type]
