"""Counted offsets, widened by their unit: "two weeks ago" is a week, not a day."""

from __future__ import annotations

from datetime import date

import pytest

from conflict_events.temporal import TemporalError, explain, resolve

REPORT = date(2017, 2, 4)
ANCHOR = date(2016, 11, 13)  # a Sunday


@pytest.mark.parametrize(
    ("text", "edtf", "rule"),
    [
        ("three days ago", "2017-02-01", "ago"),
        ("a week ago", "[2017-01-23..2017-01-29]", "ago"),
        ("two weeks ago", "[2017-01-16..2017-01-22]", "ago"),
        ("a fortnight ago", "[2017-01-16..2017-01-22]", "ago"),
        ("3 months ago", "2016-11", "ago"),
        ("a year ago", "2016", "ago"),
        ("about a year ago", "[2015-08-04..2016-08-04]~", "ago"),
        ("about two weeks ago", "[2017-01-18..2017-01-24]~", "ago"),
        ("about three days ago", "[2017-01-31..2017-02-02]~", "ago"),
        ("over two years ago", "[..2015-02-03]", "ago"),
        ("at least a month ago", "[..2017-01-04]", "ago"),
        ("less than a year ago", "[2016-02-05..2017-02-04]", "ago"),
        ("48 hours ago", "2017-02-02", "ago"),
        ("36 hours ago", "[2017-02-02..2017-02-03]", "ago"),
        ("the past two weeks", "[2017-01-21..2017-02-04]", "window"),
        ("the last two weeks", "[2017-01-21..2017-02-04]", "window"),
        ("in the last 48 hours", "[2017-02-02..2017-02-04]", "window"),
        ("in the past 36 hours", "[2017-02-02..2017-02-04]", "window"),
        ("the past decade", "[2007-02-04..2017-02-04]", "window"),
        ("in recent days", "[2017-01-28..2017-02-04]~", "recent"),
        ("in recent weeks", "[2016-12-24..2017-02-04]~", "recent"),
        ("in recent months", "[2016-08-04..2017-02-04]~", "recent"),
        ("the day before yesterday", "2017-02-02", "day-before-yesterday"),
        ("the day after tomorrow", "2017-02-06", "day-before-yesterday"),
    ],
)
def test_offset_from_the_reference(text, edtf, rule):
    """Each offset resolves to the listed bounds by the listed rule."""
    found = explain(text, REPORT)
    assert found.value.to_edtf() == edtf
    assert found.rules == (rule,)


@pytest.mark.parametrize(
    ("text", "edtf", "rule"),
    [
        ("three days earlier", "2016-11-10", "offset"),
        ("two days later", "2016-11-15", "offset"),
        ("two weeks later", "[2016-11-21..2016-11-27]", "offset"),
        ("a month before", "2016-10", "offset"),
        ("about a week earlier", "[2016-11-03..2016-11-09]~", "offset"),
        ("the day before", "2016-11-12", "anaphor"),
        ("the day after", "2016-11-14", "anaphor"),
    ],
)
def test_offset_from_the_anchor(text, edtf, rule):
    """'three days earlier' counts from the anchor (the context argument)."""
    found = explain(text, REPORT, context=ANCHOR)
    assert found.value.to_edtf() == edtf
    assert found.rules == (rule,)


def test_an_uncertain_anchor_shifts_both_bounds():
    """Three days before some day of 10-12 November is some day of 7-9 November."""
    anchor = resolve("10-12 November", REPORT)
    assert resolve("three days earlier", REPORT, context=anchor).to_edtf() == (
        "[2016-11-07..2016-11-09]"
    )


def test_an_offset_without_an_anchor_is_refused():
    """Without the anchor date, 'three days earlier' is refused, not counted from the report."""
    with pytest.raises(TemporalError, match="anchor"):
        resolve("three days earlier", REPORT)
