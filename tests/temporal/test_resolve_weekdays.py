"""Weekdays and weekends, placed in the past and as wide as their words are vague."""

from __future__ import annotations

from datetime import date

import pytest

from conflict_events.temporal import TemporalError, explain, resolve

REPORT = date(2017, 2, 4)  # a Saturday
MONDAY = date(2017, 2, 6)
WEDNESDAY = date(2017, 2, 8)
TUESDAY = date(2017, 1, 31)


@pytest.mark.parametrize(
    ("text", "reference", "edtf"),
    [
        ("on Tuesday", REPORT, "2017-01-31"),
        ("Tuesday", TUESDAY, "[2017-01-24..2017-01-31]"),
        ("last Tuesday", REPORT, "[2017-01-24..2017-01-31]"),
        ("last Tuesday", MONDAY, "2017-01-31"),
        ("this Tuesday", REPORT, "2017-01-31"),
        ("next Tuesday", REPORT, "2017-02-07"),
        ("next Tuesday", MONDAY, "[2017-02-07..2017-02-14]"),
        ("Tuesday night", REPORT, "[2017-01-31..2017-02-01]"),
        ("Tuesday morning", REPORT, "2017-01-31"),
        ("on Sat.", REPORT, "[2017-01-28..2017-02-04]"),
        ("on Friday", REPORT, "2017-02-03"),
        ("this weekend", REPORT, "[2017-02-04..2017-02-05]"),
        ("this weekend", MONDAY, "[2017-02-11..2017-02-12]"),
        ("the weekend", REPORT, "[2017-02-04..2017-02-05]"),
        ("over the weekend", WEDNESDAY, "[2017-02-04..2017-02-05]"),
        ("at the weekend", MONDAY, "[2017-02-04..2017-02-05]"),
        ("last weekend", REPORT, "[2017-01-28..2017-01-29]"),
        ("last weekend", WEDNESDAY, "[2017-02-04..2017-02-05]"),
        ("next weekend", REPORT, "[2017-02-11..2017-02-12]"),
        ("next weekend", WEDNESDAY, "[2017-02-11..2017-02-19]"),
    ],
)
def test_weekday(text, reference, edtf):
    """Each weekday expression resolves to the listed bounds."""
    found = explain(text, reference)
    assert found.value.to_edtf() == edtf
    assert found.rule in {"weekday", "weekend"}


def test_that_weekend_needs_the_context():
    """'that weekend' is the weekend of the context date's week, and needs it."""
    assert resolve("that weekend", REPORT, context=date(2016, 11, 16)).to_edtf() == (
        "[2016-11-19..2016-11-20]"
    )
    with pytest.raises(TemporalError, match="context"):
        resolve("that weekend", REPORT)


@pytest.mark.parametrize("text", ["Monday, Feb 18", "Friday the 4th", "Friday, 4 February 2017"])
def test_a_weekday_that_disagrees_is_refused(text):
    """A stated weekday must be the date's own; the message names both."""
    with pytest.raises(TemporalError, match=r"but 201.-02-.. is a "):
        resolve(text, date(2017, 3, 1))
