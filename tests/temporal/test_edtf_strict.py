"""
`to_edtf(strict=True)`: standard EDTF the `edtf` package reads, holding the value.

Each strict form must be accepted by the ``edtf`` package, read back by our own
parser to bounds that contain the value's (strict ⊇ exact), and say ``wider``
exactly when it does not read back equal.
"""

from __future__ import annotations

from datetime import date

import edtf
import pytest
from hypothesis import example, given

from conflict_events.strategies import fuzzy_dates, spans
from conflict_events.temporal import UNBOUNDED_END, FuzzyDate, Span
from conflict_events.temporal.edtf import format_date, format_interval
from conflict_events.temporal.edtf_grammar import StrictEdtf


def _accepted_by_edtf_package(text: str) -> bool:
    try:
        edtf.parse_edtf(text)
    except Exception:  # noqa: BLE001 - any failure of the reference is a refusal
        return False
    return True


def _holds(outer: FuzzyDate, inner: FuzzyDate) -> bool:
    return outer.earliest <= inner.earliest and inner.latest <= outer.latest


def _end_bounds(value: Span) -> tuple[date, date]:
    """The days an end may fall on; an open end may fall on any day from the start on."""
    if value.end is None:
        return value.start.earliest, UNBOUNDED_END
    return value.end.earliest, value.end.latest


def _span_holds(outer: Span, inner: Span) -> bool:
    """Every (start, end) pair of days *inner* admits with start <= end, *outer* admits too."""
    inner_end_lo, inner_end_hi = _end_bounds(inner)
    outer_end_lo, outer_end_hi = _end_bounds(outer)
    if inner.end is None and outer.end is not None:
        return False
    feasible_start_hi = min(inner.start.latest, inner_end_hi)
    feasible_end_lo = max(inner_end_lo, inner.start.earliest)
    return (
        outer.start.earliest <= inner.start.earliest
        and feasible_start_hi <= outer.start.latest
        and outer_end_lo <= feasible_end_lo
        and inner_end_hi <= outer_end_hi
    )


class TestDates:
    @given(fuzzy_dates())
    @example(FuzzyDate.parse("[..]"))
    @example(FuzzyDate.parse("[2016-11-01..]~"))
    @example(FuzzyDate.parse("[2016-11-01..2016-11-10]%"))
    @example(FuzzyDate.parse("201X~"))
    @example(FuzzyDate.year(9999))
    @example(FuzzyDate.parse("[1999-12-01..2000-01-31]?"))
    def test_strict_is_standard_and_holds_the_value(self, value: FuzzyDate):
        """The edtf package reads it; it reads back holding the value, equal unless wider."""
        text, wider = value.to_strict_edtf()
        assert value.to_edtf(strict=True) == format_date(value, strict=True) == text
        assert _accepted_by_edtf_package(text), text
        back = FuzzyDate.parse(text)
        assert _holds(back, value)
        assert (back != value) == wider

    @pytest.mark.parametrize(
        ("text", "strict"),
        [
            ("2017-02-04", StrictEdtf("2017-02-04", wider=False)),
            ("2016-24", StrictEdtf("2016-24", wider=False)),
            ("201X", StrictEdtf("201X", wider=False)),
            ("[2016-11-01..2016-11-10]", StrictEdtf("[2016-11-01..2016-11-10]", wider=False)),
            ("[..2015-02-03]", StrictEdtf("[..2015-02-03]", wider=False)),
            ("[..]", StrictEdtf("[0001-01-01..9999-12-31]", wider=False)),
            ("[2016-11-01..2016-11-10]~", StrictEdtf("2016-11~", wider=True)),
            ("[2016-11-01..2017-01-10]?", StrictEdtf("[2016-11-01..2017-01-10]", wider=True)),
            ("201X~", StrictEdtf("201X", wider=True)),
            ("[2016-11-01..]~", StrictEdtf("[2016-11-01..]", wider=True)),
        ],
    )
    def test_forms(self, text, strict):
        """Standard forms stay; a qualified set becomes a qualified month or year, else unqualified."""
        assert FuzzyDate.parse(text).to_strict_edtf() == strict

    def test_to_edtf_is_unchanged(self):
        """The exact form stays our documented extension."""
        value = FuzzyDate.parse("[2016-11-01..2016-11-10]~")
        assert value.to_edtf() == "[2016-11-01..2016-11-10]~"


class TestSpans:
    @given(spans())
    @example(Span(FuzzyDate.parse("[..2015-02-03]"), None))
    @example(Span.parse("[2016-11-01..2016-11-10]/2017-02-04"))
    @example(Span.parse("2016-24/2017-21"))
    @example(Span.parse("[2010-01-01..2016-12-31]/2015"))
    @example(Span.parse("[..2015-02-03]/[2016-01-01..]"))
    @example(Span(FuzzyDate.year(9999), FuzzyDate.year(9999)))
    @example(Span(FuzzyDate.parse("[..]"), None))  # reads back equal from ../..: not wider
    @example(Span(FuzzyDate.parse("9457-06-02"), FuzzyDate.parse("[9457-06-02..9457-06-03]")))
    def test_strict_is_standard_and_holds_the_span(self, value: Span):
        """The edtf package reads it; it reads back holding every start and end the span admits."""
        text, wider = value.to_strict_edtf()
        assert value.to_edtf(strict=True) == format_interval(value, strict=True) == text
        assert _accepted_by_edtf_package(text), text
        back = Span.parse(text)
        assert _span_holds(back, value), (value.to_edtf(), text)
        assert (back != value) == wider

    @pytest.mark.parametrize(
        ("text", "strict"),
        [
            ("[..2015-02-03]/..", StrictEdtf("../..", wider=True)),
            ("[2016-11-01..2016-11-10]/2017-02-04", StrictEdtf("2016-11/2017-02-04", wider=True)),
            ("2015-05/2016-03", StrictEdtf("2015-05/2016-03", wider=False)),
            ("2016-11/", StrictEdtf("2016-11/", wider=False)),
            ("/2017-02-04", StrictEdtf("/2017-02-04", wider=False)),
            ("2016-11-01~/..", StrictEdtf("2016-11-01~/..", wider=False)),
            ("2016-21/2017-24", StrictEdtf("2016/", wider=True)),
            ("[2016-11-01..2016-12-10]/2017", StrictEdtf("2016/2017", wider=True)),
            ("[..2015-02-03]/2017", StrictEdtf("/2017", wider=True)),
        ],
    )
    def test_forms(self, text, strict):
        """Sets and seasons at an end become the month or year holding them, or an unknown end."""
        assert Span.parse(text).to_strict_edtf() == strict

    def test_to_edtf_is_unchanged(self):
        """The exact interval form stays our documented extension."""
        assert Span.parse("[..2015-02-03]/..").to_edtf() == "[..2015-02-03]/.."

    def test_nothing_known_reads_back(self):
        """``../..``, the strict form of a span with no standard start, is read (start: any day)."""
        value = Span.parse("../..")
        assert value.is_open
        assert value.start == FuzzyDate.parse("[..]")
