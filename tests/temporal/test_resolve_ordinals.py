"""Days named by their ordinal: "the first Tuesday of October", "the second of December", "the 3rd"."""

from __future__ import annotations

from datetime import date

import pytest

from conflict_events.temporal import TemporalError, explain, resolve

REPORT = date(2017, 2, 4)


@pytest.mark.parametrize(
    ("text", "reference", "edtf", "rules"),
    [
        ("the first Tuesday of October", REPORT, "2016-10-04", ("nth-weekday", "month-name")),
        ("the last Friday of January", REPORT, "2017-01-27", ("nth-weekday", "month-name")),
        ("the second Monday of March 2016", REPORT, "2016-03-14", ("nth-weekday", "month-year")),
        ("the fifth Monday of February 2016", REPORT, "2016-02-29", ("nth-weekday", "month-year")),
        ("the second of December", REPORT, "2016-12-02", ("ordinal-day",)),
        ("the first of March 2016", REPORT, "2016-03-01", ("ordinal-day",)),
        ("the twenty-first of January", REPORT, "2017-01-21", ("ordinal-day",)),
        ("the 3rd", REPORT, "2017-02-03", ("ordinal-day",)),
        ("the 4th", REPORT, "2017-02-04", ("ordinal-day",)),
        ("the 5th", REPORT, "2017-01-05", ("ordinal-day",)),
        ("the 30th", date(2017, 3, 5), "2017-01-30", ("ordinal-day",)),
        ("Saturday the 4th", REPORT, "2017-02-04", ("ordinal-day",)),
        ("the 3rd of March", REPORT, "2016-03-03", ("ordinal-day",)),
        ("3rd March 2016", REPORT, "2016-03-03", ("written-date",)),
    ],
)
def test_ordinal(text, reference, edtf, rules):
    """Each ordinal resolves to the listed day by the listed rules."""
    found = explain(text, reference)
    assert found.value.to_edtf() == edtf
    assert found.rules == rules


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("the fifth Tuesday of February 2016", "has no fifth Tuesday"),
        ("the first Tuesday of 2016", "needs a month"),
        ("the thirtieth of February", "no day 30 in February"),
        ("Friday the 4th", "is a Saturday"),
    ],
)
def test_ordinals_that_name_no_day_are_refused(text, fragment):
    """A fifth weekday a month lacks, a day a month lacks, a wrong weekday: refused."""
    with pytest.raises(TemporalError, match=fragment):
        resolve(text, REPORT)
