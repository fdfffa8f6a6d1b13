"""Ranges of days and months: the sides share what only one states, and lie in the past."""

from __future__ import annotations

from datetime import date

import pytest

from conflict_events.temporal import FuzzyDate, Span, TemporalError, explain, resolve

REPORT = date(2017, 2, 4)  # a Saturday


@pytest.mark.parametrize(
    ("text", "edtf", "rules"),
    [
        ("13-15 July", "[2016-07-13..2016-07-15]", ("range",)),
        ("July 13-15", "[2016-07-13..2016-07-15]", ("range",)),
        ("13 to 15 July", "[2016-07-13..2016-07-15]", ("range",)),
        ("13th-15th July 2015", "[2015-07-13..2015-07-15]", ("range",)),
        ("July 13-15, 2015", "[2015-07-13..2015-07-15]", ("range",)),
        ("Wednesday 13 - Friday 15 July 2016", "[2016-07-13..2016-07-15]", ("range",)),
        ("August 27th - 29th", "[2016-08-27..2016-08-29]", ("range",)),
        ("1-8 september", "[2016-09-01..2016-09-08]", ("range",)),
        ("30 December - 2 January", "[2016-12-30..2017-01-02]", ("range",)),
        ("March-April 2016", "[2016-03-01..2016-04-30]", ("range",)),
        ("March to April", "[2016-03-01..2016-04-30]", ("range",)),
        ("March to May", "2016-21", ("range",)),  # exactly spring 2016
        ("mid- to late December", "[2016-12-11..2016-12-31]", ("part-range", "month-name")),
        ("mid-to-late December", "[2016-12-11..2016-12-31]", ("part-range", "month-name")),
        ("early to mid 2016", "[2016-01-01..2016-08-31]", ("part-range", "year")),
        ("between 3 and 5 June", "2016-06-03/2016-06-05", ("between", "range")),
        ("from 13 to 15 July", "2016-07-13/2016-07-15", ("between", "range")),
        ("from March to May 2016", "2016-03/2016-05", ("between", "range")),
        ("from December to February 2017", "2016-12/2017-02", ("between", "range")),
        ("from June 2014 to March 2016", "2014-06/2016-03", ("between", "range")),
        ("before 3-5 June", "[..2016-06-02]", ("before-after", "range")),
    ],
)
def test_range(text, edtf, rules):
    """Each range resolves to the listed bounds by the listed rules."""
    found = explain(text, REPORT)
    assert found.value.to_edtf() == edtf
    assert found.rules == rules


def test_compact_ranges_are_dates_and_from_between_ranges_are_spans():
    """'13-15 July' is one date somewhere in the days; 'from 13 to 15 July' lasts from one to the other."""
    assert isinstance(resolve("13-15 July", REPORT), FuzzyDate)
    assert resolve("from 13 to 15 July", REPORT) == Span(
        FuzzyDate.day(2016, 7, 13), FuzzyDate.day(2016, 7, 15)
    )


def test_a_yearless_range_lies_wholly_in_the_past():
    """On 14 July 2017, '13-15 July' has not ended yet this year: it is last year's."""
    assert resolve("13-15 July", date(2017, 7, 14)).to_edtf() == "[2016-07-13..2016-07-15]"
    assert resolve("13-15 July", date(2017, 7, 15)).to_edtf() == "[2017-07-13..2017-07-15]"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("15-13 July", "before it starts"),
        ("30-31 February", "no day 3. in February"),
        ("Monday 13 - Wednesday 15 July 2016", "is a Friday"),
        ("July 15-13", "before it starts"),
        ("13-15", "no rule"),
        ("late to early December", "comes before"),
    ],
)
def test_unreadable_ranges_are_refused(text, fragment):
    """Ranges that end before they start, name no such day, or give no month are refused."""
    with pytest.raises(TemporalError, match=fragment) as info:
        resolve(text, REPORT)
    assert info.value.text == text
