"""Relative expressions resolved against a report's date, starting with the seed report's."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events.temporal import (
    RULES,
    UNBOUNDED_START,
    FuzzyDate,
    Span,
    TemporalError,
    explain,
    resolve,
)

REPORT = date(2017, 2, 4)  # "Published February 4th, 2017"
NOVEMBER_2015 = FuzzyDate.month(2015, 11)  # the antecedent of "the same month"

# Every time expression of the seed report (shared/seed/report-2017-02-04.txt),
# with what it resolves to against the publication date and the rules applied.
SEED = [
    ("February 4th, 2017", "2017-02-04", ("written-date",)),
    ("last October", "2016-10", ("month-name",)),
    ("in recent weeks", "[2016-12-24..2017-02-04]~", ("recent",)),
    ("Last November", "2016-11", ("month-name",)),
    ("currently", "2017-02-04", ("today",)),
    ("last June", "2016-06", ("month-name",)),
    ("Today", "2017-02-04", ("today",)),
    ("since early November", "[2016-11-01..2016-11-10]/..", ("since", "part", "month-name")),
    ("in early November", "[2016-11-01..2016-11-10]", ("part", "month-name")),
    ("in June 2014", "2014-06", ("month-year",)),
    ("In mid-December", "[2016-12-11..2016-12-20]", ("part", "month-name")),
    ("in May 2015", "2015-05", ("month-year",)),
    ("in March 2016", "2016-03", ("month-year",)),
    ("Presently", "2017-02-04", ("today",)),
    ("For over two years now", "[..2015-02-03]/..", ("duration",)),
    ("this month", "2017-02", ("calendar-unit",)),
    ("in over a year", "[..2016-02-03]/..", ("duration",)),
    ("for two weeks", "2017-01-21~/..", ("duration",)),
    ("in April 2015", "2015-04", ("month-year",)),
    ("in November 2015", "2015-11", ("month-year",)),
    ("in the same month", "2015-11", ("anaphor",)),
]


class TestSeedReport:
    @pytest.mark.parametrize(("text", "edtf", "rules"), SEED)
    def test_expression(self, text, edtf, rules):
        """Each expression of the seed report resolves as listed, by the listed rules."""
        found = explain(text, REPORT, context=NOVEMBER_2015)
        assert found.value.to_edtf() == edtf
        assert found.rules == rules
        assert found.rule == rules[0]
        assert resolve(text, REPORT, context=NOVEMBER_2015) == found.value

    def test_durations_are_open_spans(self):
        """'For over two years now' started on or before 3 Feb 2015 and was still going on."""
        value = resolve("For over two years now", REPORT)
        assert value == Span(FuzzyDate(UNBOUNDED_START, date(2015, 2, 3)), None)
        assert value.shortest(REPORT).days == 732
        assert value.longest(REPORT) is None

    def test_vague_phrase_is_an_error(self):
        """'soon thereafter' has no rule; the error names the text rather than guessing."""
        with pytest.raises(TemporalError, match="'soon thereafter'"):
            resolve("soon thereafter", REPORT)


class TestRules:
    @pytest.mark.parametrize(
        ("text", "reference", "edtf"),
        [
            ("October", date(2017, 2, 4), "2016-10"),
            ("February", date(2017, 2, 4), "2016-02"),
            ("last February", date(2017, 3, 1), "2017-02"),
            ("this June", date(2017, 2, 4), "2017-06"),
            ("next June", date(2017, 2, 4), "2017-06"),
            ("next January", date(2017, 1, 4), "2018-01"),
            ("Sept. 2016", date(2017, 2, 4), "2016-09"),
            ("May, 2015", date(2017, 2, 4), "2015-05"),
            ("last month", date(2017, 1, 15), "2016-12"),
            ("next year", date(2017, 1, 15), "2018"),
            ("last year", date(2017, 1, 15), "2016"),
            ("this week", date(2017, 2, 4), "[2017-01-30..2017-02-05]"),
            ("last week", date(2017, 2, 4), "[2017-01-23..2017-01-29]"),
            ("yesterday", date(2017, 3, 1), "2017-02-28"),
            ("tomorrow", date(2016, 12, 31), "2017-01-01"),
            ("late February", date(2016, 3, 5), "[2016-02-21..2016-02-29]"),
            ("early 2016", date(2017, 2, 4), "[2016-01-01..2016-04-30]"),
            ("mid-2015", date(2017, 2, 4), "[2015-05-01..2015-08-31]"),
            ("late 2015", date(2017, 2, 4), "[2015-09-01..2015-12-31]"),
            ("the end of last year", date(2017, 2, 4), "[2016-09-01..2016-12-31]"),
            ("the beginning of this month", date(2017, 2, 4), "[2017-02-01..2017-02-10]"),
            ("in 2015", date(2017, 2, 4), "2015"),
            ("the year 2014", date(2017, 2, 4), "2014"),
            ("the 1990s", date(2017, 2, 4), "199X"),
            ("three days ago", date(2017, 2, 4), "2017-02-01"),
            ("two weeks ago", date(2017, 2, 4), "[2017-01-16..2017-01-22]"),
            ("3 months ago", date(2017, 2, 4), "2016-11"),
            ("a year ago", date(2017, 2, 4), "2016"),
            ("the past two weeks", date(2017, 2, 4), "[2017-01-21..2017-02-04]"),
            ("over the past year", date(2017, 2, 4), "[2016-02-04..2017-02-04]"),
            ("recent days", date(2017, 2, 4), "[2017-01-28..2017-02-04]~"),
            ("recent months", date(2017, 2, 4), "[2016-08-04..2017-02-04]~"),
            ("last summer", date(2017, 2, 4), "2016-22"),
            ("last winter", date(2017, 2, 4), "2015-24"),
            ("this winter", date(2017, 2, 4), "2016-24"),
            ("winter", date(2017, 7, 4), "2016-24"),
            ("next spring", date(2017, 2, 4), "2017-21"),
            ("autumn 2015", date(2017, 2, 4), "2015-23"),
            ("4 Feb 2017", date(2017, 5, 1), "2017-02-04"),
            ("25/12/2016", date(2017, 5, 1), "2016-12-25"),
            ("on 3 February", date(2017, 2, 4), "2017-02-03"),
            ("5 February", date(2017, 2, 4), "2016-02-05"),
            ("29 February", date(2017, 2, 4), "2016-02-29"),
            ("2016-11/2017-02-04", date(2017, 2, 4), "2016-11/2017-02-04"),
            ("2016-XX", date(2017, 2, 4), "2016"),
            ("since June 2014", date(2017, 2, 4), "2014-06/.."),
            ("ever since 2014", date(2017, 2, 4), "2014/.."),
            ("from June 2014 to March 2016", date(2017, 2, 4), "2014-06/2016-03"),
            ("between May 2015 and March 2016", date(2017, 2, 4), "2015-05/2016-03"),
            ("before March 2016", date(2017, 2, 4), "[..2016-02-29]"),
            ("after March 2016", date(2017, 2, 4), "[2016-04-01..]"),
            ("by mid-December", date(2017, 2, 4), "[..2016-12-20]"),
            ("no earlier than May 2015", date(2017, 2, 4), "[2015-05-01..]"),
            ("more than six months", date(2017, 2, 4), "[..2016-08-03]/.."),
            ("at least 3 years", date(2017, 2, 4), "[..2014-02-04]/.."),
            ("less than a month", date(2017, 2, 4), "[2017-01-05..2017-02-04]/.."),
            ("up to a week", date(2017, 2, 4), "[2017-01-28..2017-02-04]/.."),
            ("about two years", date(2017, 2, 4), "2015-02-04~/.."),
        ],
    )
    def test_rule(self, text, reference, edtf):
        """Each documented kind of expression resolves to the documented bounds."""
        assert resolve(text, reference).to_edtf() == edtf

    @pytest.mark.parametrize(
        ("text", "context", "edtf"),
        [
            ("the same month", date(2015, 11, 13), "2015-11"),
            ("the same year", FuzzyDate.month(2015, 11), "2015"),
            ("that day", date(2015, 11, 13), "2015-11-13"),
            ("the following month", FuzzyDate.month(2015, 12), "2016-01"),
            ("the previous day", date(2016, 3, 1), "2016-02-29"),
            (
                "the same month",
                FuzzyDate(date(2015, 11, 20), date(2015, 12, 5)),
                "[2015-11-01..2015-12-31]",
            ),
        ],
    )
    def test_anaphora_use_the_context(self, text, context, edtf):
        """Anaphora refer to the context date, covering all of it when it is uncertain."""
        assert resolve(text, REPORT, context=context).to_edtf() == edtf

    def test_anaphor_without_context(self):
        """Without a context date an anaphor is an error, not a guess."""
        with pytest.raises(TemporalError, match="context"):
            resolve("the same month", REPORT)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "soon",
            "recently",
            "12/11/2016",  # day-first or month-first: ambiguous
            "4",
            "early the 3rd",  # early applies to a week, month, season, year or decade
            "since for two weeks",
            "last winter 2015",
            "31 February 2016",
            "from March 2016 to May 2015",
            "the 13th month",
        ],
    )
    def test_unreadable_text_is_an_error_naming_it(self, text):
        """Unrecognised or contradictory text raises TemporalError naming the text."""
        with pytest.raises(TemporalError, match=re.escape(repr(text))) as info:
            resolve(text, REPORT)
        assert info.value.text == text

    def test_out_of_range_is_an_error(self):
        """What would fall before year 0001 is a TemporalError naming the text."""
        with pytest.raises(TemporalError, match="'over 30 years'"):
            resolve("over 30 years", date(30, 1, 1))

    def test_reference_must_be_a_date(self):
        """A datetime reference is refused: the reference is a calendar day."""
        with pytest.raises(TypeError):
            resolve("today", "2017-02-04")  # type: ignore[arg-type]

    def test_every_rule_is_documented(self):
        """docs/temporal.md lists every rule by name."""
        page = (Path(__file__).parents[2] / "docs" / "temporal.md").read_text(encoding="utf-8")
        for rule in RULES:
            assert f"`{rule.name}`" in page, rule.name

    @pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
    def test_every_rule_reads_its_example(self, rule):
        """Each rule's own example is read by that rule."""
        found = explain(rule.example, REPORT, context=NOVEMBER_2015)
        assert found.rule == rule.name


class TestProperties:
    @given(st.dates(date(2, 1, 1), date(9998, 12, 31)), st.sampled_from(
        ["January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"]))  # fmt: skip
    def test_bare_month_is_the_latest_strictly_before_the_reference_month(self, reference, name):
        """A bare month ends before the reference month starts, and is less than a year back."""
        value = resolve(name, reference)
        assert value.latest < reference.replace(day=1)
        assert (reference.year * 12 + reference.month) - (
            value.earliest.year * 12 + value.earliest.month
        ) <= 12
        assert resolve(f"last {name}", reference) == value

    @given(st.dates(date(2, 1, 1), date(9998, 12, 31)), st.sampled_from(["early", "mid", "late"]))
    def test_parts_of_a_month_tile_it(self, reference, part):
        """Early, mid and late lie within the month and split it at days 10 and 20."""
        month = resolve("this month", reference)
        value = resolve(f"{part} this month", reference)
        assert month.earliest <= value.earliest <= value.latest <= month.latest
        assert value.earliest.day == {"early": 1, "mid": 11, "late": 21}[part]

    @given(
        st.dates(date(100, 1, 1), date(9998, 12, 31)),
        st.integers(1, 30),
        st.sampled_from(["day", "week", "month", "year"]),
    )
    def test_over_a_duration_started_before_it(self, reference, count, unit):
        """'over N units' is a span still open whose every admissible start is more than N units back."""
        value = resolve(f"over {count} {unit}s", reference)
        assert isinstance(value, Span)
        assert value.is_open
        plain = resolve(f"{count} {unit}s", reference)
        assert value.start.latest < plain.start.earliest


def test_digits_dateutil_cannot_place_are_a_temporal_error() -> None:
    """Long runs of digits that make dateutil's own arithmetic fail still give TemporalError."""
    with pytest.raises(TemporalError, match="no rule"):
        resolve("5" * 46 + "1\x0bm7a.\x090", date(2017, 2, 4))


class TestNeverAWrongDate:
    """Readings that once gave a wrong day: each is now right or refused."""

    @pytest.mark.parametrize(
        ("text", "reference", "expected"),
        [
            ("10/31/74", date(2013, 5, 1), date(1974, 10, 31)),
            ("3/3/60", date(2013, 5, 1), date(1960, 3, 3)),
            ("4 feb 13", date(2013, 1, 1), date(2013, 2, 4)),
            ("4 feb 14", date(2013, 12, 31), date(1914, 2, 4)),
        ],
    )
    def test_two_digit_years_are_the_latest_not_after_the_reference_year(
        self, text, reference, expected
    ):
        """A two-digit year is the latest year ending in those digits not after the reference's."""
        assert resolve(text, reference) == FuzzyDate.on(expected)

    @pytest.mark.parametrize(
        ("text", "edtf"),
        [
            ("July 13-15", "[2016-07-13..2016-07-15]"),
            ("August 27th - 29th", "[2016-08-27..2016-08-29]"),
            ("1-8 september", "[2016-09-01..2016-09-08]"),
        ],
    )
    def test_day_ranges_are_not_one_day(self, text, edtf):
        """A range of days covers all of them, in the year its end last came."""
        assert resolve(text, REPORT).to_edtf() == edtf

    def test_a_weekday_that_disagrees_is_refused(self):
        """18 February 2017 is a Saturday: 'Monday, Feb 18' is refused, naming both."""
        with pytest.raises(TemporalError, match="Saturday"):
            resolve("Monday, Feb 18", date(2017, 3, 1))
        assert resolve("Monday, Feb 18", date(2013, 3, 1)) == FuzzyDate.day(2013, 2, 18)

    @pytest.mark.parametrize("text", ["3 30", "at 1030", "20170204", "3/30", "13-15"])
    def test_text_that_is_not_a_date_is_refused(self, text):
        """Numbers that only a permissive parser reads as a date are refused."""
        with pytest.raises(TemporalError, match=re.escape(repr(text))):
            resolve(text, REPORT)


_MONTH_WORDS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]  # fmt: skip
_WEEKDAY_WORDS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _written(day: date, style: str, year: str) -> str:
    """*day* written in *style* with the year written as *year*."""
    month = _MONTH_WORDS[day.month - 1]
    return {
        "iso": day.isoformat(),
        "day-month": f"{day.day} {month} {year}",
        "short-month": f"{day.day} {month[:3]} {year}",
        "month-day": f"{month} {day.day}, {year}",
        "ordinal": f"{month} {day.day}th {year}",
        "day-first": f"{day.day}/{day.month}/{year}",
        "month-first": f"{day.month}/{day.day}/{year}",
        "dotted": f"{day.day}.{day.month}.{year}",
    }[style]


_STYLES = ["iso", "day-month", "short-month", "month-day", "ordinal", "day-first", "month-first",
           "dotted"]  # fmt: skip


class TestWrittenDates:
    @given(
        st.dates(date(1, 1, 1), date(9999, 12, 31)),
        st.dates(date(1, 1, 1), date(9999, 12, 31)),
        st.sampled_from(_STYLES),
        st.booleans(),
        st.booleans(),
    )
    def test_a_written_date_resolves_to_bounds_that_hold_it_or_is_refused(
        self, day, reference, style, two_digits, weekday
    ):
        """
        Any day, in any supported style, resolves to bounds containing it, or is refused.

        A two-digit year means, as documented, a year of the hundred up to the
        reference year, so the day is moved into that hundred first.
        """
        year = f"{day.year:04d}"
        if two_digits and style != "iso":
            moved = reference.year - (reference.year - day.year) % 100
            try:
                day = day.replace(year=moved)
            except ValueError:  # 29 February of a common year, or before year 1
                return
            year = f"{day.year % 100:02d}"
        text = _written(day, style, year)
        if weekday:
            text = f"{_WEEKDAY_WORDS[day.weekday()]}, {text}"
        try:
            value = resolve(text, reference)
        except TemporalError:
            return
        assert isinstance(value, FuzzyDate)
        assert value.earliest <= day <= value.latest, text

    @given(
        st.dates(date(1, 1, 1), date(9999, 12, 31)),
        st.sampled_from(_STYLES),
        st.integers(1, 6),
    )
    def test_a_wrong_weekday_is_refused(self, day, style, wrong):
        """A weekday that is not the date's own is refused, whatever the style."""
        text = f"{_WEEKDAY_WORDS[(day.weekday() + wrong) % 7]}, {_written(day, style, f'{day.year:04d}')}"
        with pytest.raises(TemporalError):
            resolve(text, REPORT)

    @given(st.dates(date(1, 1, 1), date(9999, 12, 31)), st.sampled_from(_STYLES))
    def test_unambiguous_written_dates_are_read(self, day, style):
        """Every style is read when it is unambiguous: only numeric dates valid both ways are refused."""
        text = _written(day, style, f"{day.year:04d}")
        ambiguous = (
            style in {"day-first", "month-first", "dotted"}
            and day.day <= 12
            and day.day != day.month
        )
        if ambiguous:
            with pytest.raises(TemporalError, match="day-first and month-first"):
                resolve(text, REPORT)
        else:
            assert resolve(text, REPORT) == FuzzyDate.on(day)
