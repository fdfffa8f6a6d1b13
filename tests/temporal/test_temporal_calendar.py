"""The calendar at the bottom of the temporal layer, checked against the standard library."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conflict_events import strategies as cs
from conflict_events.temporal import FuzzyDate, fuzzy
from conflict_events.temporal.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    SEASON_MONTHS,
    UNBOUNDED_END,
    UNBOUNDED_START,
    Precision,
    days_in_month,
    is_leap_year,
    last_day,
    month_bounds,
    precision_of,
    season_bounds,
    season_code_of,
    season_of,
    week_bounds,
    year_bounds,
)

YEARS = range(MIN_YEAR, MAX_YEAR + 1)


class TestMonthsAndYears:
    def test_leap_years_are_the_standard_librarys(self):
        """Every year 0001-9999 is leap exactly when calendar.isleap says so."""
        assert [year for year in YEARS if is_leap_year(year)] == [
            year for year in YEARS if stdlib_calendar.isleap(year)
        ]

    def test_month_lengths_are_the_standard_librarys(self):
        """Every month of every year has the length calendar.monthrange gives."""
        for year in YEARS:
            for month in range(1, 13):
                assert days_in_month(year, month) == stdlib_calendar.monthrange(year, month)[1]

    @pytest.mark.parametrize("month", [0, 13, -1])
    def test_a_month_outside_1_to_12_is_refused(self, month):
        """days_in_month raises ValueError rather than count a month that is not one."""
        with pytest.raises(ValueError, match=f"not {month}"):
            days_in_month(2017, month)

    @given(st.dates())
    def test_month_and_year_bounds_hold_the_day(self, day):
        """The month and year of a day run from their first day to their last, the day inside."""
        first, last = month_bounds(day.year, day.month)
        assert first == day.replace(day=1) <= day <= last == last_day(day.year, day.month)
        assert last.month == day.month
        assert last == date.max or (last + timedelta(days=1)).day == 1
        assert year_bounds(day.year) == (date(day.year, 1, 1), date(day.year, 12, 31))


class TestWeeks:
    @given(st.dates(max_value=date(9999, 12, 26)))
    def test_the_iso_week_runs_monday_to_sunday_around_the_day(self, day):
        """week_bounds gives the Monday and Sunday of the ISO week of the day."""
        monday, sunday = week_bounds(day)
        assert monday.isocalendar()[:2] == sunday.isocalendar()[:2] == day.isocalendar()[:2]
        assert (monday.isoweekday(), sunday.isoweekday()) == (1, 7)

    def test_the_last_week_runs_past_9999(self):
        """The ISO week of 9999-12-31 ends in the year 10000, which no date holds."""
        with pytest.raises(OverflowError):
            week_bounds(date(9999, 12, 31))


class TestSeasons:
    def test_every_season_is_three_whole_months(self):
        """Each season of each year starts on a first and ends on a last day, three months on."""
        for year in YEARS:
            for code, (first_month, last_month) in SEASON_MONTHS.items():
                bounds = season_bounds(year, code)
                if bounds is None:
                    assert (year, code) == (9999, 24)
                    continue
                first, last = bounds
                assert (first.month, first.day, last.month) == (first_month, 1, last_month)
                assert last == last_day(last.year, last.month)
                assert last.year == year + (code == 24)

    @given(st.dates(min_value=date(1, 3, 1), max_value=date(9999, 11, 30)))
    @example(date(2017, 2, 4))
    @example(date(2016, 12, 1))
    def test_the_season_of_a_day_holds_it(self, day):
        """season_of names the season whose bounds contain the day, and the bounds name it back."""
        year, code = season_of(day)
        bounds = season_bounds(year, code)
        assert bounds is not None
        assert bounds[0] <= day <= bounds[1]
        assert season_code_of(*bounds) == code

    def test_winter_is_named_by_its_december(self):
        """February 2017 is in winter 2016 (EDTF 2016-24)."""
        assert season_of(date(2017, 2, 4)) == (2016, 24)
        assert season_bounds(2016, 24) == (date(2016, 12, 1), date(2017, 2, 28))

    @given(cs.fuzzy_dates())
    def test_only_season_bounds_have_a_season_code(self, value):
        """season_code_of names a code exactly when the bounds are that season's."""
        code = season_code_of(value.earliest, value.latest)
        if code is not None:
            assert season_bounds(value.earliest.year, code) == (value.earliest, value.latest)


class TestPrecision:
    @pytest.mark.parametrize(
        ("earliest", "latest", "precision"),
        [
            (date(2017, 2, 4), date(2017, 2, 4), Precision.DAY),
            (date(2017, 1, 30), date(2017, 2, 5), Precision.WEEK),
            (date(2017, 1, 31), date(2017, 2, 6), Precision.RANGE),
            (date(2016, 2, 1), date(2016, 2, 29), Precision.MONTH),
            (date(2016, 12, 1), date(2017, 2, 28), Precision.SEASON),
            (date(2017, 1, 1), date(2017, 12, 31), Precision.YEAR),
            (date(2010, 1, 1), date(2019, 12, 31), Precision.DECADE),
            (date(2011, 1, 1), date(2020, 12, 31), Precision.RANGE),
            (date(1900, 1, 1), date(1999, 12, 31), Precision.CENTURY),
            (date(1, 1, 1), date(1, 12, 31), Precision.RANGE),
            (date(2017, 1, 1), UNBOUNDED_END, Precision.RANGE),
            (UNBOUNDED_START, UNBOUNDED_START, Precision.DAY),
        ],
    )
    def test_the_unit_the_bounds_span(self, earliest, latest, precision):
        """precision_of names the calendar unit the bounds span exactly, else RANGE."""
        assert precision_of(earliest, latest) is precision

    @given(cs.fuzzy_dates())
    def test_a_fuzzy_dates_precision_and_season_are_its_bounds(self, value):
        """FuzzyDate.precision and .season_code are the calendar's reading of its bounds."""
        assert value.precision is precision_of(value.earliest, value.latest)
        assert value.season_code == season_code_of(value.earliest, value.latest)

    def test_the_temporal_names_are_the_calendars(self):
        """fuzzy re-exports the calendar's constants and Precision rather than copies."""
        assert fuzzy.Precision is Precision
        assert fuzzy.SEASON_MONTHS is SEASON_MONTHS
        assert fuzzy.UNBOUNDED_START is UNBOUNDED_START == date.min
        assert fuzzy.UNBOUNDED_END is UNBOUNDED_END == date.max
        assert FuzzyDate.month(2016, 2) == FuzzyDate(*month_bounds(2016, 2))
