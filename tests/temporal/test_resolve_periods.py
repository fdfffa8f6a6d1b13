"""Parts of periods: early/mid/late, beginnings and ends, halves, quarters, the turn of the year."""

from __future__ import annotations

from datetime import date

import pytest

from conflict_events.temporal import TemporalError, explain

REPORT = date(2017, 2, 4)


@pytest.mark.parametrize(
    ("text", "edtf", "rules"),
    [
        ("the end of the month", "[2017-02-21..2017-02-28]", ("part", "calendar-unit")),
        ("at the end of the month", "[2017-02-21..2017-02-28]", ("part", "calendar-unit")),
        ("the end of the year", "[2017-09-01..2017-12-31]", ("part", "calendar-unit")),
        ("the end of the week", "[2017-02-02..2017-02-05]", ("part", "calendar-unit")),
        ("the beginning of the week", "[2017-01-30..2017-02-01]", ("part", "calendar-unit")),
        ("the beginning of March", "[2016-03-01..2016-03-10]", ("part", "month-name")),
        ("the start of the year", "[2017-01-01..2017-04-30]", ("part", "calendar-unit")),
        ("the middle of the month", "[2017-02-11..2017-02-20]", ("part", "calendar-unit")),
        ("the end of last month", "[2017-01-21..2017-01-31]", ("part", "calendar-unit")),
        ("the first half of 2016", "[2016-01-01..2016-06-30]", ("half", "year")),
        ("the second half of 2016", "[2016-07-01..2016-12-31]", ("half", "year")),
        ("the second half of last year", "[2016-07-01..2016-12-31]", ("half", "calendar-unit")),
        ("the first half of March", "[2016-03-01..2016-03-15]", ("half", "month-name")),
        ("H1 2016", "[2016-01-01..2016-06-30]", ("half",)),
        ("H2 2016", "[2016-07-01..2016-12-31]", ("half",)),
        ("the third quarter", "[2016-07-01..2016-09-30]", ("quarter",)),
        ("the first quarter", "[2016-01-01..2016-03-31]", ("quarter",)),
        ("Q3 2016", "[2016-07-01..2016-09-30]", ("quarter",)),
        (
            "the fourth quarter of last year",
            "[2016-10-01..2016-12-31]",
            ("quarter", "calendar-unit"),
        ),
        ("earlier this year", "[2017-01-01..2017-02-03]", ("earlier-later",)),
        ("earlier this month", "[2017-02-01..2017-02-03]", ("earlier-later",)),
        ("later this month", "[2017-02-05..2017-02-28]", ("earlier-later",)),
        ("late last year", "[2016-09-01..2016-12-31]", ("part", "calendar-unit")),
        ("early 2016", "[2016-01-01..2016-04-30]", ("part", "year")),
        ("the turn of the year", "[2016-12-01..2017-01-31]~", ("turn-of-year",)),
    ],
)
def test_part_of_a_period(text, edtf, rules):
    """Each part of a period resolves to the listed bounds by the listed rules."""
    found = explain(text, REPORT)
    assert found.value.to_edtf() == edtf
    assert found.rules == rules


def test_the_turn_of_the_year_in_december_is_the_coming_one():
    """In December the turn of the year is the one about to come."""
    assert explain("the turn of the year", date(2016, 12, 20)).value.to_edtf() == (
        "[2016-12-01..2017-01-31]~"
    )


@pytest.mark.parametrize(
    ("text", "reference", "fragment"),
    [
        ("the last quarter", REPORT, "give the year"),
        ("earlier this month", date(2017, 2, 1), "first day of its month"),
        ("the first half of spring", REPORT, "not to spring 2016"),
        ("the third quarter of March 2016", REPORT, "not to March 2016"),
        ("early the 3rd", REPORT, "not to 2017-02-03"),
    ],
)
def test_unreadable_parts_are_refused_in_words(text, reference, fragment):
    """Parts that do not apply are refused; the message names the period in words, not EDTF."""
    with pytest.raises(TemporalError, match=fragment) as info:
        explain(text, reference)
    assert "-21" not in str(info.value)
