"""Seasons (meteorological, winter December to February) and their parts."""

from __future__ import annotations

from datetime import date

import pytest

from conflict_events.temporal import TemporalError, explain, resolve

REPORT = date(2017, 2, 4)  # in winter 2016/17


@pytest.mark.parametrize(
    ("text", "edtf", "rules"),
    [
        ("early spring", "2016-03", ("part", "season")),
        ("late summer", "2016-08", ("part", "season")),
        ("mid-winter", "2016-01", ("part", "season")),
        ("early spring 2016", "2016-03", ("part", "season")),
        ("the summer of 2014", "2014-22", ("season",)),
        ("summer 2014", "2014-22", ("season",)),
        ("last winter", "2015-24", ("season",)),
        ("this winter", "2016-24", ("season",)),
        ("the end of last summer", "2016-08", ("part", "season")),
    ],
)
def test_season(text, edtf, rules):
    """Each season expression resolves to the listed bounds by the listed rules."""
    found = explain(text, REPORT)
    assert found.value.to_edtf() == edtf
    assert found.rules == rules


def test_no_season_code_leaks_into_a_message():
    """A part that does not apply to a season names it in words ('spring 2016'), not '2016-21'."""
    with pytest.raises(TemporalError) as info:
        resolve("the first half of spring", REPORT)
    assert "spring 2016" in str(info.value)
    assert "2016-21" not in str(info.value)
