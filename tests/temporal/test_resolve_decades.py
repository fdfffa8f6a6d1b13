"""Decades, in digits or words, and their parts."""

from __future__ import annotations

from datetime import date

import pytest

from conflict_events.temporal import TemporalError, explain, resolve

REPORT = date(2017, 2, 4)


@pytest.mark.parametrize(
    ("text", "edtf", "rules"),
    [
        ("the 1990s", "199X", ("decade",)),
        ("1990s", "199X", ("decade",)),
        ("the 90s", "199X", ("decade",)),
        ("the '90s", "199X", ("decade",)),
        ("the nineties", "199X", ("decade",)),
        ("the twenties", "192X", ("decade",)),
        ("the early 1990s", "[1990-01-01..1993-12-31]", ("part", "decade")),
        ("the mid-1990s", "[1994-01-01..1996-12-31]", ("part", "decade")),
        ("the late nineties", "[1997-01-01..1999-12-31]", ("part", "decade")),
        ("last decade", "[2000-01-01..2017-02-04]", ("decade",)),
        ("the last decade", "[2000-01-01..2017-02-04]", ("decade",)),
        ("this decade", "201X", ("decade",)),
    ],
)
def test_decade(text, edtf, rules):
    """Each decade resolves to the listed bounds by the listed rules."""
    found = explain(text, REPORT)
    assert found.value.to_edtf() == edtf
    assert found.rules == rules


def test_a_two_digit_decade_is_the_latest_not_after_the_reference():
    """'the 10s' in 2017 is the 2010s; in 2009 it is the 1910s."""
    assert resolve("the 10s", REPORT).to_edtf() == "201X"
    assert resolve("the 10s", date(2009, 1, 1)).to_edtf() == "191X"


def test_a_decade_before_year_one_is_refused():
    """The nineties before year 90 would be before year 1."""
    with pytest.raises(TemporalError, match="before year 1"):
        resolve("the nineties", date(50, 1, 1))
